//! The raster seal detector: finds a red seal (ring or oval with text and/or a star
//! inside) in a picture already reduced to working size (see [`super::raster`]).
//!
//! Steps: a red-ink mask in a chroma measure ([`red_chroma`]: `r − max(g, b)`, but
//! with only a quarter of the blue above green counted for purple hues, so faint red,
//! purple and orange ink count and black, grey, white and blue do not), measured
//! relative to the paper's own tint; connected parts of the mask after a one-pixel dilation,
//! first of the strong ink, then (when nothing passes) of strong and faint ink; for each part of plausible size a circle fit
//! (algebraic least squares on the outermost pixel of each angle, ignoring angles cut
//! off by the picture's edge), an ellipse when the part is clearly oval; then a radial
//! and angular profile around the fitted outline. A seal has a thin, closed ring (high
//! ink density in a narrow annulus at almost every visible angle), little ink just
//! outside it, some but not much ink inside, spread along the arc (text) or in the
//! centre (star). Black and grey pixels are flagged in the mask ([`DARK`]): an angle
//! whose band is covered by them and shows no red is hidden (black text printed
//! over the seal), neither hit nor miss. Red titles and rules fail the shape, red borders the regular
//! outline, markup circles the inner content, logos, flags and lanterns the inner
//! and ring density, logos with a filled centre the solid-disc test (a seal's star
//! fills its centre but only part of the annulus around it); a star or blob in the
//! centre counts as content only with some arc text around it (a note written
//! through the middle of a markup circle has none).

use super::raster::Rgb;
use super::verify;
use crate::rules::SealShape;

/// Rules' score from which a candidate is judged by the verifier
/// ([`super::verify`]); below it the candidate is no seal.
pub const VERIFY_GATE: f32 = 0.3;

/// Minimum chroma `r − max(g, b)` of a red-ink pixel where parts are sought.
pub const RED_CHROMA: i32 = 24;
/// Lower chroma counted as ink when a candidate is measured (faint ink).
pub const FAINT_CHROMA: i32 = 14;
/// Confidence at or above which a candidate counts as a seal.
pub const THRESHOLD: f32 = 0.6;

const NB: usize = 72;
/// Share (percent) of dark pixels in a band at one angle above which that angle,
/// when it shows no red, is hidden rather than empty.
const OCCLUDED_PCT: u32 = 30;
const NR: usize = 15;
/// Rings of the arc-text band in the glyph measure.
const TR: usize = 4;
/// Share of the arc-text cells in runs of three or more angles (glyph strokes) over
/// which the arc text starts and ends counting.
const GLYPH: (f32, f32) = (0.25, 0.45);
/// Share of the inked ring's angles with arc text over which a partly inked ring
/// starts and ends counting.
const PART_TEXT: (f32, f32) = (0.5, 0.7);
/// Ink density just inside a partly inked ring over which it stops counting as a
/// seal's ring (a logo's thick open arc).
const EDGE: (f32, f32) = (0.55, 0.7);

/// Shorter-to-longer side ratios of a part's box over which each end of the part is
/// also judged as a square (a seal joined to a mark beside it).
const END_RATIO: (f32, f32) = (0.25, 0.9);
/// Score an end of a part, or a circle found inside one, must reach to count (else it
/// is halved). It lives on the verifier's scale and is chosen with the weights: with
/// the blended verifier, on the validation sets of `docs/benchmarks-seal.md` (0.8, 0.9
/// and 0.95 measured; 0.9 made the fewest errors).
const END_MIN: f32 = 0.9;

/// Repeat of one mark around the band inside a round or oval candidate's ring
/// ([`super::conv::band_repeat`]) above which it is no seal, however the verifier judged
/// it: a ring of three to ten stars, dots or petals. Chosen on the training families:
/// no seal there reaches 0.75, while 55 of their 3 493 marks without a seal that the
/// rules judged above 0.6 exceed 0.8.
const BAND_REPEAT_MAX: f32 = 0.8;

/// Share of the band just outside a candidate's outline (1.1 to 1.5 times its size,
/// the pixels inside the picture at its visible angles) covered by dark ground, not
/// ink, above which it is no seal: a seal stands on paper, while the edge of a page
/// photographed on a dark desk can pass for a huge ring with the page's print as its
/// content. Chosen on the validation sets of `docs/benchmarks-seal.md` (section
/// "Rings on a dark ground"): the seals found there reach 0.52 (a seal across the
/// page's edge in a photo), the false seals with such a ground 0.72–0.90; 0.5 and
/// 0.6 turned the same false seals down but let a search go on to a logo in real2.
const OUT_DARK_MAX: f32 = 0.7;

/// [`END_MIN`] unless the evaluation examples set another (bits of an `f32`; 0 = unset).
static END_MIN_OVERRIDE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// For the evaluation examples only: the score an end of a joined part must reach
/// (to choose [`END_MIN`] on tuning data without rebuilding).
#[doc(hidden)]
pub fn set_end_min(v: f32) {
    END_MIN_OVERRIDE.store(v.to_bits(), std::sync::atomic::Ordering::Relaxed);
}

fn end_min() -> f32 {
    match END_MIN_OVERRIDE.load(std::sync::atomic::Ordering::Relaxed) {
        0 => END_MIN,
        b => f32::from_bits(b),
    }
}

/// A seal candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// 0..1.
    pub confidence: f32,
    /// Centre, as a fraction of the picture's width and height.
    pub cx: f32,
    /// Centre's distance from the top, as a fraction of the picture's height.
    pub cy: f32,
    /// Radius (longer semi-axis) as a fraction of the picture's longer side.
    pub r: f32,
    /// Visible fraction of the outline (below 1 when cut by the picture's edge).
    pub visible: f32,
    /// The partial scores (ring coverage, ring density, empty outside, inner ink,
    /// arc text or star, regular outline, thin ring, visible part, no solid disc in
    /// the centre), for tuning.
    pub parts: [f32; 9],
    /// The raw measures behind them (ring coverage, arc-text coverage, glyph-like
    /// share of the arc text, arc text where the ring is inked, ink outside,
    /// outline deviation, ray-like angles, ink just inside the inked ring), for
    /// tuning.
    pub measures: [f32; 8],
    /// The fitted outline: a circle, an ellipse or a square.
    pub shape: SealShape,
    /// The score before the convolutional second look moved it (the same as
    /// `confidence` when no network looked at the candidate).
    pub trees: f32,
}

/// Share (in 1/256) of the blue above green that counts against red when blue lies
/// between green and red (purple ink).
const PURPLE_BLUE: i32 = 64;

/// How far a colour is from the grey axis towards red, with its hue restricted to
/// orange … red … purple: `r − max(g, b)` when green is at least blue (orange, red)
/// or blue exceeds red (blue, violet: negative), but `r − g − ¼ (b − g)` when blue
/// lies between green and red, so that faint purple seal ink (whose blue is almost
/// as high as its red) still counts. Black, grey and white are 0; blue ink is
/// negative.
#[inline]
pub fn red_chroma(r: i32, g: i32, b: i32) -> i32 {
    if b > g && b <= r {
        r - g - (b - g) * PURPLE_BLUE / 256
    } else {
        r - g.max(b)
    }
}

/// Whether a pixel is red ink.
#[inline]
pub fn is_red(r: u8, g: u8, b: u8) -> bool {
    r >= 100 && red_chroma(r as i32, g as i32, b as i32) >= RED_CHROMA
}

/// Per-channel gains that make the picture's light background (its 92nd percentile
/// in each channel) neutral: a page photographed under warm light would otherwise
/// look red all over. Gains are 1.0 ..= 1.5, in 1/256 units.
fn white_balance(img: &Rgb) -> [u32; 3] {
    let mut hist = [[0u32; 256]; 3];
    for p in img.px.chunks_exact(3) {
        for c in 0..3 {
            hist[c][p[c] as usize] += 1;
        }
    }
    let n = (img.px.len() / 3) as u32;
    let want = n - n * 92 / 100;
    let pct = hist.map(|h| {
        let mut acc = 0u32;
        for v in (0..256).rev() {
            acc += h[v];
            if acc >= want {
                return v as u32;
            }
        }
        0
    });
    let top = pct[0].max(pct[1]).max(pct[2]);
    if pct.iter().any(|&p| p < 80) {
        return [256; 3];
    }
    pct.map(|p| (top * 256 / p.max(1)).clamp(256, 384))
}

/// Side, in pixels, of the blocks over which the paper's own tint is estimated.
const TINT_BLOCK: usize = 24;
/// Largest paper tint (in chroma units) taken away: more is ink, not paper.
const MAX_TINT: i32 = 30;

/// Mask flag of a dark (black or grey) pixel that is not red ink: text or lines that
/// may hide part of a seal. The red level is `m & RED_BITS`.
pub const DARK: u8 = 4;
/// The bits of a mask value that hold its red level (0, 1 or 2).
pub const RED_BITS: u8 = 3;
/// Balanced luma below which a pixel that is not red ink counts as [`DARK`].
const DARK_LUMA: i32 = 120;
/// The bits of a mask value that hold how light its red ink is: `(luma − 96) / 10`
/// of the balanced pixel, 0 ..= 15 (solid seal red is 0). Inside a relief 名章 (white
/// characters cut out of a red block) the characters' strokes, blurred into the block
/// at working size, are ink much lighter than the block; only the square rules read
/// it ([`square_inside`]).
const LIGHT_BITS: u8 = 0x78;
/// Shift of [`LIGHT_BITS`].
const LIGHT_SHIFT: u8 = 3;

/// The red-ink mask of a picture: 2 = ink, 1 = faint ink, 0 = none, with the
/// [`DARK`] flag on dark pixels that are not red and the ink's lightness in [`LIGHT_BITS`].
///
/// Chroma is measured after white balance and relative to the paper around it: the
/// median chroma of each block (at most [`MAX_TINT`]) is taken away, so that pinkish
/// or brownish paper in a photo does not turn into one large red part while solid red
/// ink (far above the cap) stays ink.
pub fn red_mask(img: &Rgb) -> Vec<u8> {
    let g = white_balance(img);
    let (w, h) = (img.w, img.h);
    let n = (w * h).min(img.px.len() / 3);
    // Balanced red and chroma of every pixel.
    let mut red = Vec::with_capacity(n);
    let mut chroma = Vec::with_capacity(n);
    let mut luma = Vec::with_capacity(n);
    for p in img.px.chunks_exact(3).take(n) {
        let r = ((p[0] as u32 * g[0]) >> 8).min(255) as i32;
        let gg = ((p[1] as u32 * g[1]) >> 8).min(255) as i32;
        let b = ((p[2] as u32 * g[2]) >> 8).min(255) as i32;
        red.push(r as u8);
        luma.push(((r * 77 + gg * 150 + b * 29) >> 8) as u8);
        chroma.push(red_chroma(r, gg, b).clamp(-128, 127) as i8);
    }
    // Paper tint per block: median of the chroma clamped to 0..=MAX_TINT.
    let (bw, bh) = (w.div_ceil(TINT_BLOCK).max(1), h.div_ceil(TINT_BLOCK).max(1));
    let mut tint = vec![0i32; bw * bh];
    for by in 0..bh {
        for bx in 0..bw {
            let mut hist = [0u32; MAX_TINT as usize + 1];
            let mut count = 0u32;
            for y in by * TINT_BLOCK..((by + 1) * TINT_BLOCK).min(h) {
                for x in bx * TINT_BLOCK..((bx + 1) * TINT_BLOCK).min(w) {
                    if let Some(&c) = chroma.get(y * w + x) {
                        hist[(c as i32).clamp(0, MAX_TINT) as usize] += 1;
                        count += 1;
                    }
                }
            }
            let mut acc = 0u32;
            for (v, &k) in hist.iter().enumerate() {
                acc += k;
                if acc * 2 >= count {
                    tint[by * bw + bx] = v as i32;
                    break;
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            let (x, y) = (i % w.max(1), i / w.max(1));
            let t = tint[(y / TINT_BLOCK).min(bh - 1) * bw + (x / TINT_BLOCK).min(bw - 1)];
            let r = red[i] as i32;
            let c = chroma[i] as i32 - t;
            let dark = if (luma[i] as i32) < DARK_LUMA {
                DARK
            } else {
                0
            };
            let light = (((luma[i] as i32 - 96) / 10).clamp(0, 15) as u8) << LIGHT_SHIFT;
            if r < 90 {
                dark
            } else if c >= RED_CHROMA && r >= 100 {
                2 | light
            } else if c >= FAINT_CHROMA {
                1 | light
            } else {
                dark
            }
        })
        .collect()
}

/// The best seal candidate of a picture, if any part of its red ink looks at all
/// like one; compare `confidence` with [`THRESHOLD`].
pub fn best_candidate(img: &Rgb) -> Option<Candidate> {
    best_candidate_of(img, &SealShape::ALL)
}

/// As [`best_candidate`], among the candidates of the given outline shapes only.
pub fn best_candidate_of(img: &Rgb, shapes: &[SealShape]) -> Option<Candidate> {
    best_candidate_and_mask(img, shapes).0
}

/// As [`best_candidate_of`], with the picture's red mask it searched (empty for a
/// picture too small to search), for a closer look at its small marks.
pub(crate) fn best_candidate_and_mask(
    img: &Rgb,
    shapes: &[SealShape],
) -> (Option<Candidate>, Vec<u8>) {
    let (best, mask, _) = search_picture(img, shapes);
    (best, mask)
}

/// As [`best_candidate_and_mask`], with every candidate judged on the way (see
/// [`search_mask`]).
pub(crate) fn search_picture(
    img: &Rgb,
    shapes: &[SealShape],
) -> (Option<Candidate>, Vec<u8>, Vec<Candidate>) {
    let (w, h) = (img.w, img.h);
    if w < 8 || h < 8 || img.px.len() < w * h * 3 {
        return (None, Vec::new(), Vec::new());
    }
    let mask = red_mask(img);
    let mut seen = Vec::new();
    let best = search_mask(&mask, w, h, shapes, &mut seen);
    (best, mask, seen)
}

/// As [`search_picture`], for a whole picture (not a part cut out of one for a closer
/// look): when nothing passes, a square seal the picture is cut tight round is
/// searched for inside a margin too ([`square_in_margin`]).
pub(crate) fn search_whole(
    img: &Rgb,
    shapes: &[SealShape],
) -> (Option<Candidate>, Vec<u8>, Vec<Candidate>) {
    let (best, mask, seen) = search_picture(img, shapes);
    if best.is_some_and(|c| c.confidence >= THRESHOLD) || !shapes.contains(&SealShape::Square) {
        return (best, mask, seen);
    }
    (square_in_margin(&mask, img.w, img.h).or(best), mask, seen)
}

/// As [`best_candidate_of`], for a whole picture ([`search_whole`]).
pub(crate) fn best_in_whole(img: &Rgb, shapes: &[SealShape]) -> Option<Candidate> {
    search_whole(img, shapes).0
}

/// Borders of a picture (at least two of the four) along which its red ink must run
/// for at least this share of their length to be searched again inside a margin
/// ([`square_in_margin`]).
const EDGE_INK: (usize, f32) = (2, 0.2);
/// Margin put around a picture cut tight round its seal, relative to its longer side
/// (at least [`MARGIN_MIN`] pixels).
const TIGHT_MARGIN: f32 = 0.12;
const MARGIN_MIN: usize = 4;
/// Share of a picture in black or grey print ([`DARK`]) above which it is no picture
/// cut round a seal ([`square_in_margin`]): such a picture shows the seal's ink and
/// its paper, while a logo or a poster on a red ground has dark lines and words
/// (0.037–0.096 of the red-ground logos of the tuning family `gen_tight.py`, none
/// of its seals above 0).
const TIGHT_DARK: f32 = 0.02;

/// A square seal in a picture cut tight round it (a 名章 saved as a picture on its own
/// and pasted into a document, its frame or block running along the picture's
/// borders), searched again as a square inside a margin of paper: the outline is
/// sought between the centre and the picture's edge, where ink is taken for a seal
/// cut off by it (a seal across two pages), so a frame lying on the edge leaves no
/// outline to fit. Only when red ink runs along [`EDGE_INK`] of the borders and the
/// picture holds little black or grey print ([`TIGHT_DARK`]); the candidate's place
/// is given in the picture without the margin; it is returned only when it passes.
fn square_in_margin(mask: &[u8], w: usize, h: usize) -> Option<Candidate> {
    if w < 8 || h < 8 || mask.len() < w * h {
        return None;
    }
    let inked = |i: usize| mask.get(i).is_some_and(|m| m & RED_BITS != 0);
    let along = |n: usize, at: &dyn Fn(usize) -> usize| (0..n).filter(|&k| inked(at(k))).count();
    let borders = [
        along(w, &|x| x) as f32 / w as f32,
        along(w, &|x| (h - 1) * w + x) as f32 / w as f32,
        along(h, &|y| y * w) as f32 / h as f32,
        along(h, &|y| y * w + w - 1) as f32 / h as f32,
    ];
    if borders.iter().filter(|&&b| b >= EDGE_INK.1).count() < EDGE_INK.0 {
        return None;
    }
    let dark = mask.iter().filter(|&&v| v & DARK != 0).count();
    if dark as f32 > TIGHT_DARK * mask.len() as f32 {
        return None;
    }
    let m = ((TIGHT_MARGIN * w.max(h) as f32).ceil() as usize).max(MARGIN_MIN);
    let (pw, ph) = (w + 2 * m, h + 2 * m);
    let mut padded = vec![0u8; pw * ph];
    for (y, row) in mask.chunks_exact(w).enumerate().take(h) {
        let at = (y + m) * pw + m;
        padded[at..at + w].copy_from_slice(row);
    }
    // The picture's ink is the seal's, so all of it is judged as one part (strong ink,
    // then strong and faint ink together): no search for its parts is needed.
    let judged = |level: u8| {
        let pts: Vec<(u32, u32)> = (0..ph)
            .flat_map(|y| (0..pw).map(move |x| (x, y)))
            .filter(|&(x, y)| padded[y * pw + x] & RED_BITS >= level)
            .map(|(x, y)| (x as u32, y as u32))
            .collect();
        if pts.len() < 30 {
            return None;
        }
        let bbox = bounds(&pts, (pw, ph));
        evaluate(&padded, pw, ph, &pts, bbox, true)
            .filter(|c| c.shape == SealShape::Square && c.confidence >= THRESHOLD)
    };
    let c = judged(2).or_else(|| judged(1))?;
    let long = w.max(h) as f32;
    Some(Candidate {
        cx: ((c.cx * pw as f32 - m as f32) / w as f32).clamp(0.0, 1.0),
        cy: ((c.cy * ph as f32 - m as f32) / h as f32).clamp(0.0, 1.0),
        r: c.r * pw.max(ph) as f32 / long,
        ..c
    })
}

/// As [`best_candidate`], on a mask. Parts are first sought in the strong ink; when
/// none of them passes, again in strong and faint ink together, so that a faint seal
/// whose strong pixels are scattered still forms one part.
pub fn best_in_mask(mask: &[u8], w: usize, h: usize) -> Option<Candidate> {
    best_in_mask_of(mask, w, h, &SealShape::ALL)
}

/// As [`best_in_mask`], among the candidates of the given outline shapes only (a
/// red mark of another shape is no seal).
pub fn best_in_mask_of(mask: &[u8], w: usize, h: usize, shapes: &[SealShape]) -> Option<Candidate> {
    search_mask(mask, w, h, shapes, &mut Vec::new())
}

/// As [`best_in_mask_of`]; every candidate of the given shapes judged on the way (a
/// whole part, an end of a joined part, a circle inside one: at most a few hundred
/// per picture) is added to `seen`, for a closer look at those too small to judge
/// at working size ([`super::zoom`]).
pub(crate) fn search_mask(
    mask: &[u8],
    w: usize,
    h: usize,
    shapes: &[SealShape],
    seen: &mut Vec<Candidate>,
) -> Option<Candidate> {
    let strong = best_at_level(mask, w, h, 2, shapes, seen);
    if strong.is_some_and(|c| c.confidence >= THRESHOLD) {
        return strong;
    }
    let faint = best_at_level(mask, w, h, 1, shapes, seen);
    match (strong, faint) {
        (Some(s), Some(f)) if f.confidence > s.confidence => Some(f),
        (Some(s), _) => Some(s),
        (None, f) => f,
    }
}

/// The round or oval candidate of a picture's red mask (`mask`, `w` × `h`, as
/// [`red_mask`] makes it) whose outline lies near the circle at `(cx, cy)` of
/// radius `r` (pixels of the picture): the red ink within [`AT_REACH`] × `r`
/// of the centre, as one part (ink outside, such as a red table's rules running on
/// beyond the seal, left out), fitted and judged as [`best_in_mask_of`] judges a
/// part; strong ink first, then strong and faint ink together. For a closer look at
/// a mark found at a smaller scale, where the free search may fit the outline of
/// other red ink joined to it instead.
pub(crate) fn judge_at(
    mask: &[u8],
    (w, h): (usize, usize),
    (cx, cy, r): (f32, f32, f32),
    shapes: &[SealShape],
) -> Option<Candidate> {
    if w < 8
        || h < 8
        || mask.len() < w * h
        || r.is_nan()
        || r < 7.0
        || !cx.is_finite()
        || !cy.is_finite()
    {
        return None;
    }
    let reach = AT_REACH * r;
    let x0 = (cx - reach).max(0.0) as usize;
    let y0 = (cy - reach).max(0.0) as usize;
    let x1 = ((cx + reach).max(0.0) as usize).min(w - 1);
    let y1 = ((cy + reach).max(0.0) as usize).min(h - 1);
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut best: Option<Candidate> = None;
    let mut pts: Vec<(u32, u32)> = Vec::new();
    for level in [2u8, 1] {
        pts.clear();
        let (mut bx0, mut by0, mut bx1, mut by1) = (x1, y1, x0, y0);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
                if mask[y * w + x] & RED_BITS >= level && dx * dx + dy * dy <= reach * reach {
                    pts.push((x as u32, y as u32));
                    (bx0, by0) = (bx0.min(x), by0.min(y));
                    (bx1, by1) = (bx1.max(x), by1.max(y));
                }
            }
        }
        if pts.len() < 30 {
            continue;
        }
        let c = evaluate(mask, w, h, &pts, (bx0, by0, bx1, by1), false)
            .filter(|c| shapes.contains(&c.shape));
        if let Some(c) = c {
            if best.is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
            if c.confidence >= THRESHOLD {
                break;
            }
        }
    }
    best
}

/// How far from a known centre, relative to the known radius, ink belongs to the
/// mark judged by [`judge_at`]: the ring and a little beyond, for a radius measured
/// at a smaller scale.
const AT_REACH: f32 = 1.2;

/// Candidates kept per search in [`search_mask`]'s list, at most.
const SEEN_MAX: usize = 512;

/// Parts made of mask pixels `>= level`.
fn best_at_level(
    mask: &[u8],
    w: usize,
    h: usize,
    level: u8,
    shapes: &[SealShape],
    seen: &mut Vec<Candidate>,
) -> Option<Candidate> {
    if mask.len() < w * h || w < 8 || h < 8 {
        return None;
    }
    let ink = mask.iter().filter(|&&m| m & RED_BITS >= level).count();
    if ink < 20 {
        return None;
    }
    // One-pixel dilation joins the ring, the arc text and broken strokes.
    let mut dil = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            if mask[y * w + x] & RED_BITS >= level {
                for yy in y.saturating_sub(1)..(y + 2).min(h) {
                    for xx in x.saturating_sub(1)..(x + 2).min(w) {
                        dil[yy * w + xx] = 1;
                    }
                }
            }
        }
    }
    let mut label = vec![0u32; w * h];
    let mut next = 0u32;
    let mut best: Option<Candidate> = None;
    // Whether `best` is an end of a joined part (a square cut from it), which a circle
    // found inside the part may still beat.
    let mut best_is_end = false;
    let mut stack = Vec::new();
    let mut pts: Vec<(u32, u32)> = Vec::new();
    let mut sub: Vec<(u32, u32)> = Vec::new();
    let min_d = 16usize.max(w.max(h) / 40);
    // Parts wide and high enough to hold a seal and more (see `circles_in_part`).
    let mut big: Vec<PartPixels> = Vec::new();
    for start in 0..w * h {
        if dil[start] == 0 || label[start] != 0 {
            continue;
        }
        next += 1;
        if next > 5000 {
            break;
        }
        label[start] = next;
        stack.clear();
        stack.push(start);
        pts.clear();
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            if mask[i] & RED_BITS >= level {
                pts.push((x as u32, y as u32));
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            for yy in y.saturating_sub(1)..(y + 2).min(h) {
                for xx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = yy * w + xx;
                    if dil[j] != 0 && label[j] == 0 {
                        label[j] = next;
                        stack.push(j);
                    }
                }
            }
        }
        if pts.len() < 30 {
            continue;
        }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        if bw.max(bh) < min_d {
            continue;
        }
        let touches = x0 <= 1 || y0 <= 1 || x1 + 2 >= w || y1 + 2 >= h;
        let ratio = bw.min(bh) as f32 / bw.max(bh) as f32;
        let mut keep = |c: Option<Candidate>, is_end: bool| {
            if let Some(c) = c.filter(|c| shapes.contains(&c.shape)) {
                if seen.len() < SEEN_MAX {
                    seen.push(c);
                }
                if best.is_none_or(|b| c.confidence > b.confidence) {
                    best = Some(c);
                    best_is_end = is_end;
                }
            }
        };
        let mut whole_is_seal = false;
        if touches || ratio >= 0.45 {
            let c = evaluate(mask, w, h, &pts, (x0, y0, x1, y1), true);
            // A part whose outline is closer to a square but is no square seal is
            // judged as a circle or an ellipse too: a round seal joined to a stamp
            // beside it can make a boxy outline. (A square seal is not judged again as
            // a round one: where the rules leave squares out, it is no seal.)
            let round = match c {
                Some(sq) if sq.shape == SealShape::Square && sq.confidence < THRESHOLD => {
                    evaluate(mask, w, h, &pts, (x0, y0, x1, y1), false)
                }
                _ => None,
            };
            // A part that is a seal as a whole (an oval seal is elongated too) is not
            // cut into ends: an end of an oval would pass for a round seal.
            whole_is_seal = [c, round]
                .iter()
                .flatten()
                .any(|c| c.confidence >= THRESHOLD);
            keep(c, false);
            keep(round, false);
        }
        // A part that is a seal as a whole is not searched for circles inside it
        // either: the two halves of an oval seal would pass for round seals.
        if !whole_is_seal && bw.min(bh) >= min_d && big.len() < MAX_JOINED {
            big.push((pts.clone(), (x0, y0, x1, y1)));
        }
        // A seal joined to another red mark beside it (a rectangular stamp touching
        // its ring, a red rule through it) makes one elongated part: each end of its
        // longer side, a square as wide as the shorter side, is judged on its own too.
        if !whole_is_seal && (END_RATIO.0..END_RATIO.1).contains(&ratio) {
            let s = bw.min(bh);
            for end in 0..2 {
                let (sx0, sy0) = match (bw >= bh, end) {
                    (true, 0) => (x0, y0),
                    (true, _) => (x1 + 1 - s, y0),
                    (false, 0) => (x0, y0),
                    (false, _) => (x0, y1 + 1 - s),
                };
                let (sx1, sy1) = (sx0 + s - 1, sy0 + s - 1);
                sub.clear();
                sub.extend(pts.iter().copied().filter(|&(x, y)| {
                    (sx0..=sx1).contains(&(x as usize)) && (sy0..=sy1).contains(&(y as usize))
                }));
                if sub.len() >= 30 {
                    // Round and oval outlines only: a square cut from a longer mark is
                    // the cut, not a 名章 (the end of a rectangular stamp is a frame on
                    // three sides and its text on the fourth).
                    let mark = verify::trace_mark();
                    let c = evaluate(mask, w, h, &sub, (sx0, sy0, sx1, sy1), false);
                    verify::trace_end(mark);
                    keep(
                        c.map(|mut c| {
                            if c.confidence < end_min() {
                                c.confidence *= 0.5;
                            }
                            c
                        }),
                        true,
                    );
                }
            }
        }
    }
    // A seal joined to red marks around it, not only at one end (a red table's rules
    // through its ring, a stamp's frame, a stroke across it): when no part passed,
    // or only an end of one (a box cut from the part, which may hold part of the
    // other mark too), the circles that the part's edges vote for are judged on their
    // own, and the best judgement counts.
    if best_is_end || best.is_none_or(|b| b.confidence < THRESHOLD) {
        let mut clean: Vec<u8> = Vec::new();
        for (pts, bbox) in &big {
            for (sub, sb, rules) in circles_in_part(mask, w, h, level, pts, *bbox, min_d) {
                // The circle is judged without the straight rules that run through it
                // (they are no part of a seal), on a copy of the mask.
                let judged: &[u8] = if rules.is_empty() {
                    mask
                } else {
                    if clean.len() != mask.len() {
                        clean = mask.to_vec();
                    }
                    for &(x, y) in &rules {
                        clean[y as usize * w + x as usize] &= DARK;
                    }
                    &clean
                };
                // Circles and ellipses only, of the shapes that count.
                let mark = verify::trace_mark();
                let c = evaluate(judged, w, h, &sub, sb, false);
                verify::trace_end(mark);
                let c = c.map(|mut c| {
                    if c.confidence < end_min() {
                        c.confidence *= 0.5;
                    }
                    c
                });
                if !rules.is_empty() && clean.len() == mask.len() {
                    for &(x, y) in &rules {
                        let i = y as usize * w + x as usize;
                        clean[i] = mask[i];
                    }
                }
                if let Some(c) = c.filter(|c| shapes.contains(&c.shape)) {
                    if seen.len() < SEEN_MAX {
                        seen.push(c);
                    }
                    if best.is_none_or(|b| c.confidence > b.confidence) {
                        best = Some(c);
                    }
                }
            }
        }
    }
    best
}

/// The ink pixels of a part of the mask and their box `(x0, y0, x1, y1)`.
type PartPixels = (Vec<(u32, u32)>, (usize, usize, usize, usize));

/// A circle found inside a joined part: its pixels and box (as [`PartPixels`]) and the
/// pixels of straight rules through and around it, left out when it is judged.
type JoinedCircle = (
    Vec<(u32, u32)>,
    (usize, usize, usize, usize),
    Vec<(u32, u32)>,
);

/// Largest number of parts per picture searched for circles inside them.
const MAX_JOINED: usize = 6;
/// Circles voted for per part.
const JOINED_PEAKS: usize = 3;
/// Votes cast per part at most (edge pixels are thinned out above it).
const VOTE_BUDGET: usize = 150_000;
/// How far (in radii) a part must reach beyond a circle found inside it, on one side
/// at least, for that circle to be judged.
const JOINED_BEYOND: f32 = 0.5;

/// Circles inside one part of the mask (`pts`, in `bbox`): every edge pixel of the ink
/// in the part's box votes along its normal, both ways, for centres at a distance of
/// `min_d / 2` up to half the box's shorter side; a ring's edges meet at its centre,
/// a straight rule's votes spread evenly. For each of the strongest centres the
/// ring's radius is where the ink per unit of circumference peaks; the part's pixels
/// within that ring (and a margin), the straight rules left out, are returned with
/// their box, to be fitted and judged as any part is: once, or twice when the rules
/// measured near the circle alone differ from those of the whole part.
fn circles_in_part(
    mask: &[u8],
    w: usize,
    h: usize,
    level: u8,
    pts: &[(u32, u32)],
    bbox: (usize, usize, usize, usize),
    min_d: usize,
) -> Vec<JoinedCircle> {
    let (x0, y0, x1, y1) = bbox;
    let mut out = Vec::new();
    if x1 >= w || y1 >= h || x1 < x0 + 4 || y1 < y0 + 4 {
        return out;
    }
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    let rmin = (min_d / 2).max(7);
    let rmax = (bw.min(bh) / 2 + 2).min((0.75 * w.max(h) as f32) as usize);
    if rmax <= rmin {
        return out;
    }
    // A part that is one ring on its own (its outline keeps to one circle and the
    // circle fills its box) was judged whole already: no search.
    let (mut cx, mut cy) = ((x0 + x1) as f32 / 2.0, (y0 + y1) as f32 / 2.0);
    let mut fit = None;
    for _ in 0..3 {
        let ol = outline(pts, cx, cy, w, h);
        let Some((ncx, ncy, nr)) = fit_circle(&ol) else {
            break;
        };
        (cx, cy) = (ncx, ncy);
        let mut dev: Vec<f32> = ol
            .iter()
            .map(|p| (((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt() - nr).abs() / nr)
            .collect();
        dev.sort_by(|a, b| a.total_cmp(b));
        fit = Some((nr, dev.get(dev.len() / 2).copied().unwrap_or(1.0)));
    }
    if let Some((r, dev)) = fit {
        let beyond = [
            cx - r - x0 as f32,
            cy - r - y0 as f32,
            x1 as f32 - (cx + r),
            y1 as f32 - (cy + r),
        ];
        if dev < 0.05 && beyond.iter().all(|&b| b < JOINED_BEYOND * r) {
            return out;
        }
    }
    let on = |x: usize, y: usize| mask[y * w + x] & RED_BITS >= level;
    // Edge pixels and their normals (Sobel on the ink in the box).
    let mut edges: Vec<(f32, f32, f32, f32)> = Vec::new();
    for y in y0 + 1..y1 {
        for x in x0 + 1..x1 {
            let v = |dx: usize, dy: usize| on(x + dx - 1, y + dy - 1) as i32;
            let gx = v(2, 0) + 2 * v(2, 1) + v(2, 2) - v(0, 0) - 2 * v(0, 1) - v(0, 2);
            let gy = v(0, 2) + 2 * v(1, 2) + v(2, 2) - v(0, 0) - 2 * v(1, 0) - v(2, 0);
            let g2 = gx * gx + gy * gy;
            if g2 >= 4 {
                let g = (g2 as f32).sqrt();
                edges.push((x as f32, y as f32, gx as f32 / g, gy as f32 / g));
            }
        }
    }
    let span = rmax - rmin + 1;
    let stride = (edges.len() * 2 * span).div_ceil(VOTE_BUDGET).max(1);
    // Votes in cells of 2 × 2 pixels over the box.
    let (cw, ch) = (bw.div_ceil(2), bh.div_ceil(2));
    let mut acc = vec![0u32; cw * ch];
    for &(x, y, nx, ny) in edges.iter().step_by(stride) {
        for sign in [-1.0f32, 1.0] {
            for t in rmin..=rmax {
                let t = sign * t as f32;
                let (vx, vy) = (x + t * nx - x0 as f32, y + t * ny - y0 as f32);
                if vx < 0.0 || vy < 0.0 {
                    break;
                }
                let (cx, cy) = (vx as usize / 2, vy as usize / 2);
                if cx >= cw || cy >= ch {
                    break;
                }
                acc[cy * cw + cx] += 1;
            }
        }
    }
    // Smoothed over 3 × 3 cells.
    let mut sm = vec![0u32; cw * ch];
    for cy in 1..ch.saturating_sub(1) {
        for cx in 1..cw.saturating_sub(1) {
            let mut s = 0;
            for yy in cy - 1..=cy + 1 {
                for xx in cx - 1..=cx + 1 {
                    s += acc[yy * cw + xx];
                }
            }
            sm[cy * cw + cx] = s;
        }
    }
    // The straight rules of the part (a red table's, an underline, a stamp's frame):
    // runs of ink much longer than they are thick, measured along the angle the rules
    // run at (a turned scan or photo) and across it; measured once, when a circle is
    // first found worth judging.
    let runs = std::cell::OnceCell::new();
    let sup = rmin.max(2);
    for _ in 0..JOINED_PEAKS {
        let Some((i, &v)) = sm.iter().enumerate().max_by_key(|&(_, v)| *v) else {
            break;
        };
        // A ring's edges on both sides at every angle vote about 4π r times at its
        // centre (times 9 cells smoothed); fewer than a quarter of that at the
        // smallest radius is no ring.
        if (v as f32) < 9.0 * std::f32::consts::PI * rmin as f32 / stride as f32 {
            break;
        }
        let (pcx, pcy) = (i % cw, i / cw);
        for yy in pcy.saturating_sub(sup)..(pcy + sup + 1).min(ch) {
            for xx in pcx.saturating_sub(sup)..(pcx + sup + 1).min(cw) {
                sm[yy * cw + xx] = 0;
            }
        }
        let (cx, cy) = (
            x0 as f32 + pcx as f32 * 2.0 + 1.0,
            y0 as f32 + pcy as f32 * 2.0 + 1.0,
        );
        // Ink per unit of circumference at each distance from the centre.
        let mut hist = vec![0u32; rmax + 4];
        for y in y0..=y1 {
            for x in x0..=x1 {
                if on(x, y) {
                    let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                    if let Some(b) = hist.get_mut(d.round() as usize) {
                        *b += 1;
                    }
                }
            }
        }
        let dens = |d: usize| {
            (d.saturating_sub(1)..=(d + 1).min(hist.len() - 1))
                .map(|k| hist[k])
                .sum::<u32>() as f32
                / (std::f32::consts::TAU * d as f32 * 3.0)
        };
        // The ring is the outermost circle about as dense as the densest (a star in the
        // centre is as dense); its outer edge where the density falls off.
        let top = (rmin..=rmax).map(dens).fold(0.0f32, f32::max);
        let Some(ring) = (rmin..=rmax).rev().find(|&d| dens(d) >= 0.6 * top) else {
            continue;
        };
        let mut outer = ring;
        while outer < rmax + 2 && dens(outer + 1) >= 0.3 * dens(ring) {
            outer += 1;
        }
        let disc = outer as f32 + 2.0 + 0.05 * outer as f32;
        // Only a circle with more of the part well outside it on one side (a mark beside
        // it, a line across it, a table around it): a badge or a seal on its own was
        // judged whole already. The part may reach beyond it on every side too: a seal
        // in the middle of a red table does.
        let most = [
            cx - disc - x0 as f32,
            cy - disc - y0 as f32,
            x1 as f32 - (cx + disc),
            y1 as f32 - (cy + disc),
        ]
        .into_iter()
        .fold(f32::MIN, f32::max);
        if most < JOINED_BEYOND * disc {
            continue;
        }
        // Straight strokes: at least 1.3 times the ring's radius long, their runs taken
        // a pixel either side of their line and across gaps of two (a ring's own runs,
        // at its top or side, are at most about 0.9 of it so taken), and thin.
        let long = (RULE_LONG * outer as f32) as u16;
        let thin = ((outer / 10).max(3)) as u16;
        let (angle, part) = runs.get_or_init(|| {
            let angle = rule_angle(pts);
            (angle, rule_runs(pts, bbox, angle))
        });
        // The rules within the reach of the judged profiles (1.5 times the outline).
        let reach = 1.6 * disc;
        let near: Vec<(u32, u32)> = pts
            .iter()
            .copied()
            .filter(|&(x, y)| (x as f32 - cx).powi(2) + (y as f32 - cy).powi(2) <= reach * reach)
            .collect();
        let rules_by = |runs: &RuleRuns| -> Vec<(u32, u32)> {
            near.iter()
                .copied()
                .filter(|&(x, y)| runs.straight((x, y), long, thin))
                .collect()
        };
        let rules = rules_by(part);
        // The rules measured again on the ink within the reach alone: a run is then cut
        // where the reach ends, so ink near the circle whose run is as long as a
        // rule's only with the ink beyond the reach is left in. When that leaves
        // other rules than the whole part's, the circle is judged both ways; on the
        // validation sets each way found seals over a red table that the other
        // missed.
        let local = (!rules.is_empty() && near.len() < pts.len())
            .then(|| rule_runs(&near, bounds(&near, (w, h)), *angle));
        let local_rules = local.as_ref().map(rules_by).filter(|r| *r != rules);
        for (runs, rules) in std::iter::once((part, rules)).chain(local.as_ref().zip(local_rules)) {
            let straight = |x: u32, y: u32| runs.straight((x, y), long, thin);
            let sub: Vec<(u32, u32)> = near
                .iter()
                .copied()
                .filter(|&(x, y)| (x as f32 - cx).powi(2) + (y as f32 - cy).powi(2) <= disc * disc)
                .filter(|&(x, y)| !straight(x, y))
                .collect();
            if sub.len() < 30 {
                continue;
            }
            let sb = bounds(&sub, (w, h));
            // An oval seal reaches beyond the circle its edges vote for (the ring is
            // where its ink per unit of circumference peaks, between its two
            // semi-axes): the ink joined to what lies inside the circle, out to 1.6
            // times it, once the rules are left out, is judged as well when it adds
            // to it.
            let wider = joined_within(&sub, pts, (cx, cy), OVAL_REACH * disc, &straight);
            if wider.len() >= sub.len() + sub.len() / 20 {
                let wb = bounds(&wider, (w, h));
                out.push((wider, wb, rules.clone()));
            }
            out.push((sub, sb, rules));
        }
    }
    out
}

/// How long a straight stroke through a circle found inside a joined part is at
/// least, in the circle's radii, to count as a rule.
const RULE_LONG: f32 = 1.3;
/// How far (in radii of the circle found inside a joined part) the ink joined to it
/// is followed, for an oval seal whose ends lie beyond the circle.
const OVAL_REACH: f32 = 1.6;

/// The box `(x0, y0, x1, y1)` of a non-empty set of pixels of a `w` × `h` picture.
fn bounds(pts: &[(u32, u32)], (w, h): (usize, usize)) -> (usize, usize, usize, usize) {
    pts.iter().fold((w, h, 0, 0), |b, &(x, y)| {
        let (x, y) = (x as usize, y as usize);
        (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
    })
}

/// The pixels of `pts` within `reach` of `centre` that are not `straight` and are
/// joined to `inner` (a subset of them) through such pixels, a gap of one pixel
/// bridged: `inner` and what hangs on it.
fn joined_within(
    inner: &[(u32, u32)],
    pts: &[(u32, u32)],
    (cx, cy): (f32, f32),
    reach: f32,
    straight: &impl Fn(u32, u32) -> bool,
) -> Vec<(u32, u32)> {
    let r = reach.ceil().max(1.0) as i64;
    let side = (2 * r + 1) as usize;
    let (ox, oy) = (cx.round() as i64 - r, cy.round() as i64 - r);
    let cell = |x: u32, y: u32| {
        let (u, v) = (x as i64 - ox, y as i64 - oy);
        (u >= 0 && v >= 0 && (u as usize) < side && (v as usize) < side)
            .then(|| v as usize * side + u as usize)
    };
    // 0: nothing, 1: ink not reached yet, 2: reached.
    let mut grid = vec![0u8; side * side];
    for &(x, y) in pts {
        let d2 = (x as f32 - cx).powi(2) + (y as f32 - cy).powi(2);
        if d2 <= reach * reach && !straight(x, y) {
            if let Some(i) = cell(x, y) {
                grid[i] = 1;
            }
        }
    }
    let mut stack = Vec::new();
    for &(x, y) in inner {
        if let Some(i) = cell(x, y) {
            if grid[i] == 1 {
                grid[i] = 2;
                stack.push(i);
            }
        }
    }
    while let Some(i) = stack.pop() {
        let (u, v) = ((i % side) as i64, (i / side) as i64);
        for dv in -2..=2i64 {
            for du in -2..=2i64 {
                let (nu, nv) = (u + du, v + dv);
                if nu < 0 || nv < 0 || nu >= side as i64 || nv >= side as i64 {
                    continue;
                }
                let j = nv as usize * side + nu as usize;
                if grid[j] == 1 {
                    grid[j] = 2;
                    stack.push(j);
                }
            }
        }
    }
    pts.iter()
        .copied()
        .filter(|&(x, y)| cell(x, y).is_some_and(|i| grid[i] == 2))
        .collect()
}

/// Step, in degrees, of the turns tried for the rules of a joined part.
const TURN_STEP: f32 = 0.5;
/// Largest turn of a page's rules looked for, in degrees.
const TURN_MAX: f32 = 15.0;
/// Points of a part used to find the turn of its rules, at most.
const TURN_POINTS: usize = 6000;

/// The angle (radians) at which the straight rules of a part run, when they are
/// turned from the picture's axes by at least a degree; 0 otherwise. Each turn
/// within ±[`TURN_MAX`]° is scored by how sharply the part's pixels pile up across
/// the rules' two directions (the sum of squared counts per one-pixel line): a
/// table's rules pile up at their own angle, a ring never does.
fn rule_angle(pts: &[(u32, u32)]) -> f32 {
    if pts.len() < 50 {
        return 0.0;
    }
    let stride = pts.len().div_ceil(TURN_POINTS).max(1);
    let (mx, my) = pts.iter().step_by(stride).fold((0.0f32, 0.0f32), |s, p| {
        (s.0 + p.0 as f32, s.1 + p.1 as f32)
    });
    let n = pts.iter().step_by(stride).count().max(1) as f32;
    let (mx, my) = (mx / n, my / n);
    let span = pts
        .iter()
        .step_by(stride)
        .map(|p| (p.0 as f32 - mx).abs() + (p.1 as f32 - my).abs())
        .fold(0.0f32, f32::max) as usize
        + 2;
    let mut hu = vec![0u32; 2 * span + 1];
    let mut hv = vec![0u32; 2 * span + 1];
    let steps = (TURN_MAX / TURN_STEP) as i32;
    let mut best = (0u64, 0.0f32);
    let mut at_zero = 0u64;
    for k in -steps..=steps {
        let t = (k as f32 * TURN_STEP).to_radians();
        let (c, s) = (t.cos(), t.sin());
        hu.iter_mut().for_each(|v| *v = 0);
        hv.iter_mut().for_each(|v| *v = 0);
        for p in pts.iter().step_by(stride) {
            let (dx, dy) = (p.0 as f32 - mx, p.1 as f32 - my);
            let u = (dx * c + dy * s).round() as isize + span as isize;
            let v = (-dx * s + dy * c).round() as isize + span as isize;
            if let Some(b) = hu.get_mut(u.max(0) as usize) {
                *b += 1;
            }
            if let Some(b) = hv.get_mut(v.max(0) as usize) {
                *b += 1;
            }
        }
        let score: u64 = hu
            .iter()
            .chain(hv.iter())
            .map(|&v| v as u64 * v as u64)
            .sum();
        if k == 0 {
            at_zero = score;
        }
        if score > best.0 {
            best = (score, t);
        }
    }
    // Turned only when clearly sharper than unturned (an unturned table's own score
    // falls off within half a degree either way).
    if best.1.abs() >= 1f32.to_radians() && best.0 as f32 >= 1.2 * at_zero as f32 {
        best.1
    } else {
        0.0
    }
}

/// Run lengths of a part's ink along the angle its rules run at and across it, for
/// each pixel of its box (see [`rule_runs`]).
struct RuleRuns {
    /// The box's origin and width.
    x0: usize,
    y0: usize,
    bw: usize,
    /// Along the rules' two directions, taken a cell either side of each line and
    /// across gaps of up to two cells: a rule scanned or photographed a little askew
    /// or broken by the picture's noise still runs on.
    along_h: Vec<u16>,
    along_v: Vec<u16>,
    /// The same two directions cell by cell (gaps of one cell bridged): a rule's
    /// thickness.
    strict_h: Vec<u16>,
    strict_v: Vec<u16>,
}

impl RuleRuns {
    /// Whether the pixel lies on a straight stroke at least `long` long and at most
    /// `thin` thick along either of the two directions.
    fn straight(&self, (x, y): (u32, u32), long: u16, thin: u16) -> bool {
        let (x, y) = (x as usize, y as usize);
        if x < self.x0 || y < self.y0 || x - self.x0 >= self.bw {
            return false;
        }
        let i = (y - self.y0) * self.bw + (x - self.x0);
        let (Some(&ah), Some(&av), Some(&sh), Some(&sv)) = (
            self.along_h.get(i),
            self.along_v.get(i),
            self.strict_h.get(i),
            self.strict_v.get(i),
        ) else {
            return false;
        };
        (ah >= long && sv <= thin) || (av >= long && sh <= thin)
    }
}

/// The run lengths of a part's ink (`pts`, in `bbox`) along the angle `turn` (radians;
/// 0 for rules along the picture's axes) and across it: the part is turned back by
/// `turn` onto a grid, where each line's runs are measured both strictly (a one-cell
/// hole bridged, as turning leaves holes) and with a cell of tolerance either side of
/// the line and gaps of two bridged.
fn rule_runs(
    pts: &[(u32, u32)],
    (x0, y0, x1, y1): (usize, usize, usize, usize),
    turn: f32,
) -> RuleRuns {
    let (bw, bh) = (x1 + 1 - x0, y1 + 1 - y0);
    // Unturned rules are measured on the box itself; turned ones on a square grid
    // that holds the box turned any way.
    let side = ((bw * bw + bh * bh) as f32).sqrt().ceil() as usize + 4;
    let (gw, gh) = if turn == 0.0 { (bw, bh) } else { (side, side) };
    let (c, s) = (turn.cos(), turn.sin());
    let (xc, yc) = ((x0 + x1) as f32 / 2.0, (y0 + y1) as f32 / 2.0);
    let cell = |x: u32, y: u32| {
        let (u, v) = if turn == 0.0 {
            (x as isize - x0 as isize, y as isize - y0 as isize)
        } else {
            let (dx, dy) = (x as f32 - xc, y as f32 - yc);
            (
                (dx * c + dy * s).round() as isize + (side / 2) as isize,
                (-dx * s + dy * c).round() as isize + (side / 2) as isize,
            )
        };
        (u >= 0 && v >= 0 && (u as usize) < gw && (v as usize) < gh)
            .then(|| v as usize * gw + u as usize)
    };
    let mut grid = vec![false; gw * gh];
    for &(x, y) in pts {
        if let Some(i) = cell(x, y) {
            grid[i] = true;
        }
    }
    // Runs of every line of the grid along one direction (rows when `horizontal`):
    // `tolerant` takes a cell as inked when it or a neighbour across the line is, and
    // bridges gaps of two.
    let runs = |tolerant: bool, horizontal: bool| {
        let (lines, len) = if horizontal { (gh, gw) } else { (gw, gh) };
        let at = |l: usize, i: usize| {
            if horizontal {
                l * gw + i
            } else {
                i * gw + l
            }
        };
        let mut out = vec![0u16; gw * gh];
        let mut line = vec![false; len];
        let gap = if tolerant { 2 } else { 1 };
        for l in 0..lines {
            for (i, v) in line.iter_mut().enumerate() {
                *v = grid[at(l, i)]
                    || (tolerant
                        && ((l > 0 && grid[at(l - 1, i)])
                            || (l + 1 < lines && grid[at(l + 1, i)])));
            }
            let mut i = 0;
            while i < len {
                if !line[i] {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut end = i + 1;
                let mut k = i + 1;
                while k < len {
                    if line[k] {
                        end = k + 1;
                        k += 1;
                    } else if k + 1 - end < gap + 1 && k + 1 < len {
                        k += 1;
                    } else {
                        break;
                    }
                }
                let n = (end - start).min(u16::MAX as usize) as u16;
                for j in start..end {
                    out[at(l, j)] = n;
                }
                i = end.max(k);
            }
        }
        out
    };
    let (ah, av, sh, sv) = (
        runs(true, true),
        runs(true, false),
        runs(false, true),
        runs(false, false),
    );
    let mut rr = RuleRuns {
        x0,
        y0,
        bw,
        along_h: vec![0; bw * bh],
        along_v: vec![0; bw * bh],
        strict_h: vec![0; bw * bh],
        strict_v: vec![0; bw * bh],
    };
    for &(x, y) in pts {
        let (xs, ys) = (x as usize, y as usize);
        if !(x0..=x1).contains(&xs) || !(y0..=y1).contains(&ys) {
            continue;
        }
        if let Some(i) = cell(x, y) {
            let j = (ys - y0) * bw + (xs - x0);
            rr.along_h[j] = ah[i];
            rr.along_v[j] = av[i];
            rr.strict_h[j] = sh[i];
            rr.strict_v[j] = sv[i];
        }
    }
    rr
}

/// The mean of a non-empty set of points.
fn mean_point(p: &[(f32, f32)]) -> (f64, f64) {
    let n = p.len().max(1) as f64;
    let (x, y) = p
        .iter()
        .fold((0.0, 0.0), |s, q| (s.0 + q.0 as f64, s.1 + q.1 as f64));
    (x / n, y / n)
}

/// Least-squares circle through points (Kasa): centre and radius.
fn fit_circle(p: &[(f32, f32)]) -> Option<(f32, f32, f32)> {
    if p.len() < 5 {
        return None;
    }
    let n = p.len() as f64;
    let (mx, my) = mean_point(p);
    let (mut suu, mut svv, mut suv, mut suuu, mut svvv, mut suvv, mut svuu) =
        (0.0f64, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for q in p {
        let u = q.0 as f64 - mx;
        let v = q.1 as f64 - my;
        suu += u * u;
        svv += v * v;
        suv += u * v;
        suuu += u * u * u;
        svvv += v * v * v;
        suvv += u * v * v;
        svuu += v * u * u;
    }
    let det = suu * svv - suv * suv;
    if det.abs() < 1e-9 {
        return None;
    }
    let b1 = 0.5 * (suuu + suvv);
    let b2 = 0.5 * (svvv + svuu);
    let uc = (b1 * svv - b2 * suv) / det;
    let vc = (suu * b2 - suv * b1) / det;
    let r2 = uc * uc + vc * vc + (suu + svv) / n;
    if !(r2.is_finite() && r2 > 0.0) {
        return None;
    }
    Some(((uc + mx) as f32, (vc + my) as f32, r2.sqrt() as f32))
}

/// Longer over shorter axis from which an outline is judged as the conic fits it
/// ([`fit_ellipse`]) too: oval seals are 40 × 30 mm (1.33) or longer; a little below
/// that leaves room for the fit's own error.
const OVAL_MIN: f32 = 1.25;

/// An ellipse fitted to an outline: centre, semi-axes (longer first), the longer
/// axis's turn, and the outline's median distance from it (relative).
#[derive(Debug, Clone, Copy)]
struct Ellipse {
    cx: f32,
    cy: f32,
    a: f32,
    b: f32,
    phi: f32,
    dev: f32,
}

/// Share of the middle of an oval (within half its outline) its red ink covers at
/// least to be judged as the conic fits it: more than stray specks.
const OVAL_CENTRE: f32 = 0.02;

impl Ellipse {
    /// Share of the pixels within half the outline that are red ink.
    fn centre_ink(&self, mask: &[u8], w: usize, h: usize) -> f32 {
        let (cs, sn) = (self.phi.cos(), self.phi.sin());
        let reach = self.a * 0.5;
        let x0 = (self.cx - reach).floor().max(0.0) as usize;
        let y0 = (self.cy - reach).floor().max(0.0) as usize;
        let x1 = ((self.cx + reach).ceil().max(0.0) as usize).min(w.saturating_sub(1));
        let y1 = ((self.cy + reach).ceil().max(0.0) as usize).min(h.saturating_sub(1));
        let (mut ink, mut all) = (0u32, 0u32);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let (dx, dy) = (x as f32 - self.cx, y as f32 - self.cy);
                let u = (dx * cs + dy * sn) / self.a;
                let v = (-dx * sn + dy * cs) / self.b;
                if u * u + v * v <= 0.25 {
                    all += 1;
                    ink += mask.get(y * w + x).is_some_and(|m| m & RED_BITS != 0) as u32;
                }
            }
        }
        ink as f32 / all.max(1) as f32
    }

    /// This ellipse with the outline's median distance from it, when it is clearly
    /// oval but not a bar (axes 1.1–2.2 apart).
    fn on(self, ol: &[(f32, f32)]) -> Option<Ellipse> {
        let ratio = self.a / self.b;
        if !(ratio > 1.1 && ratio < 2.2) {
            return None;
        }
        let (cs, sn) = (self.phi.cos(), self.phi.sin());
        let mut d: Vec<f32> = ol
            .iter()
            .map(|p| {
                let (dx, dy) = (p.0 - self.cx, p.1 - self.cy);
                let u = dx * cs + dy * sn;
                let v = -dx * sn + dy * cs;
                (((u / self.a).powi(2) + (v / self.b).powi(2)).sqrt() - 1.0).abs()
            })
            .collect();
        d.sort_by(|a, b| a.total_cmp(b));
        Some(Ellipse {
            dev: d.get(d.len() / 2).copied().unwrap_or(1.0),
            ..self
        })
    }
}

/// Least-squares ellipse through points: the conic `A x² + B xy + C y² + D x + E y = 1`
/// (coordinates taken from the points' mean and scaled to unit spread) fitted by its
/// algebraic distance; `None` when the conic is no ellipse.
fn fit_ellipse(p: &[(f32, f32)]) -> Option<Ellipse> {
    if p.len() < 8 {
        return None;
    }
    let n = p.len() as f64;
    let (mx, my) = mean_point(p);
    let spread = (p
        .iter()
        .map(|q| (q.0 as f64 - mx).powi(2) + (q.1 as f64 - my).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    if !(spread.is_finite() && spread > 1e-3) {
        return None;
    }
    // Normal equations of the five coefficients.
    let mut m = [[0.0f64; 6]; 5];
    for q in p {
        let (x, y) = ((q.0 as f64 - mx) / spread, (q.1 as f64 - my) / spread);
        let row = [x * x, x * y, y * y, x, y];
        for i in 0..5 {
            for j in 0..5 {
                m[i][j] += row[i] * row[j];
            }
            m[i][5] += row[i];
        }
    }
    let [a, b, c, d, e] = solve5(m)?;
    // Centre: where the conic's gradient vanishes.
    let det = 4.0 * a * c - b * b;
    if det <= 1e-9 {
        return None;
    }
    let x0 = (b * e - 2.0 * c * d) / det;
    let y0 = (b * d - 2.0 * a * e) / det;
    // `A u² + B uv + C v² = k` around the centre.
    let k = 1.0 - (a * x0 * x0 + b * x0 * y0 + c * y0 * y0 + d * x0 + e * y0);
    let half = 0.5 * ((a - c).powi(2) + b * b).sqrt();
    let (l1, l2) = ((a + c) / 2.0 - half, (a + c) / 2.0 + half);
    if l1 <= 0.0 || k <= 0.0 {
        return None;
    }
    // The smaller eigenvalue belongs to the longer axis.
    let long = (k / l1).sqrt() * spread;
    let short = (k / l2).sqrt() * spread;
    let theta = 0.5 * b.atan2(a - c) + std::f64::consts::FRAC_PI_2;
    let e = Ellipse {
        cx: (mx + x0 * spread) as f32,
        cy: (my + y0 * spread) as f32,
        a: long as f32,
        b: short as f32,
        phi: theta as f32,
        dev: 1.0,
    };
    [e.cx, e.cy, e.a, e.b, e.phi]
        .iter()
        .all(|v| v.is_finite())
        .then_some(e)
}

/// Solves five linear equations (an augmented 5 × 6 matrix) by elimination with
/// partial pivoting; `None` when singular.
fn solve5(mut m: [[f64; 6]; 5]) -> Option<[f64; 5]> {
    for col in 0..5 {
        let piv = (col..5).max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))?;
        if m[piv][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, piv);
        let pivot = m[col];
        for (row, r) in m.iter_mut().enumerate() {
            if row != col {
                let f = r[col] / pivot[col];
                for (v, p) in r.iter_mut().zip(pivot).skip(col) {
                    *v -= f * p;
                }
            }
        }
    }
    let mut x = [0.0; 5];
    for (i, (v, r)) in x.iter_mut().zip(&m).enumerate() {
        *v = r[5] / r[i];
    }
    Some(x)
}

/// The outermost point of each angle bin around `(cx, cy)`, leaving out points on the
/// picture's edge.
fn outline(pts: &[(u32, u32)], cx: f32, cy: f32, w: usize, h: usize) -> Vec<(f32, f32)> {
    let mut far = [(-1.0f32, 0.0f32, 0.0f32, false); NB];
    for &(x, y) in pts {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let d = dx * dx + dy * dy;
        let b = angle_bin(fast_atan2(dy, dx));
        if d > far[b].0 {
            let edge = x == 0 || y == 0 || x as usize + 1 >= w || y as usize + 1 >= h;
            far[b] = (d, x as f32, y as f32, edge);
        }
    }
    far.iter()
        .filter(|f| f.0 >= 0.0 && !f.3)
        .map(|f| (f.1, f.2))
        .collect()
}

/// The angle of `(x, y)` as `y.atan2(x)` gives it, to within a few units in the last
/// place, at a fraction of the library's cost: the outline and the band measures take it
/// for every pixel they look at. The ratio of the smaller to the larger side (0..=1) is
/// brought below tan(π/8) by atan(z) = π/4 + atan((z − 1)/(z + 1)) and taken by an odd
/// polynomial (Cephes' single-precision coefficients); the octant puts it back. Exact
/// on the axes and the diagonals, where pixel grids put many points on a bin's edge.
#[inline]
fn fast_atan2(y: f32, x: f32) -> f32 {
    use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, PI};
    let (ax, ay) = (x.abs(), y.abs());
    let (lo, hi) = if ay > ax { (ax, ay) } else { (ay, ax) };
    if hi == 0.0 {
        return y.atan2(x);
    }
    let z = lo / hi;
    let a = if z == 1.0 {
        FRAC_PI_4
    } else {
        let (base, t) = if z > 0.414_213_57 {
            (FRAC_PI_4, (z - 1.0) / (z + 1.0))
        } else {
            (0.0, z)
        };
        let t2 = t * t;
        let p = (((8.053_744_5e-2 * t2 - 1.387_768_6e-1) * t2 + 1.997_771_1e-1) * t2
            - 3.333_295e-1)
            * t2
            * t
            + t;
        base + p
    };
    let a = if ay > ax { FRAC_PI_2 - a } else { a };
    let a = if x < 0.0 { PI - a } else { a };
    if y < 0.0 {
        -a
    } else {
        a
    }
}

#[inline]
fn angle_bin(a: f32) -> usize {
    let t = (a + std::f32::consts::PI) / std::f32::consts::TAU;
    ((t * NB as f32) as usize).min(NB - 1)
}

fn ramp(v: f32, lo: f32, hi: f32) -> f32 {
    ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// Judges one part of the mask; `squares`: a square outline may be fitted.
fn evaluate(
    mask: &[u8],
    w: usize,
    h: usize,
    pts: &[(u32, u32)],
    bbox: (usize, usize, usize, usize),
    squares: bool,
) -> Option<Candidate> {
    let (x0, y0, x1, y1) = bbox;
    let (mut cx, mut cy) = ((x0 + x1) as f32 / 2.0, (y0 + y1) as f32 / 2.0);
    let mut r = ((x1 - x0).max(y1 - y0) as f32 + 1.0) / 2.0;
    let mut ol = Vec::new();
    for _ in 0..3 {
        ol = outline(pts, cx, cy, w, h);
        let (ncx, ncy, nr) = fit_circle(&ol)?;
        cx = ncx;
        cy = ncy;
        r = nr;
    }
    // Refit on the outline points near the circle: points of another red mark
    // touching the seal (a stamp beside it) or of the text where the ring is not
    // inked (a partly inked seal) pull a plain fit away from the ring.
    for _ in 0..2 {
        let near: Vec<(f32, f32)> = ol
            .iter()
            .copied()
            .filter(|p| {
                let d = ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt();
                (d - r).abs() <= (0.1 * r).max(1.5)
            })
            .collect();
        if near.len() < 12 || near.len() == ol.len() {
            break;
        }
        let Some((ncx, ncy, nr)) = fit_circle(&near) else {
            break;
        };
        cx = ncx;
        cy = ncy;
        r = nr;
        ol = outline(pts, cx, cy, w, h);
    }
    if r < 7.0 || r > 0.75 * w.max(h) as f32 {
        return None;
    }
    // Regularity of the outline around the fitted circle.
    let mut dev: Vec<f32> = ol
        .iter()
        .map(|p| (((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt() - r).abs() / r)
        .collect();
    dev.sort_by(|a, b| a.total_cmp(b));
    let circ_dev = dev.get(dev.len() / 2).copied().unwrap_or(1.0);
    // Oval: second moments of a complete outline, and the same outline fitted as a
    // conic (see below).
    let (mut a, mut b, mut phi) = (r, r, 0.0f32);
    let mut oval_dev = 1.0f32;
    let mut conic: Option<Ellipse> = None;
    if ol.len() >= NB * 3 / 4 && circ_dev > 0.03 {
        let n = ol.len() as f32;
        let (mx, my) = ol.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        let (mx, my) = (mx / n, my / n);
        let (mut sxx, mut syy, mut sxy) = (0.0f32, 0.0f32, 0.0f32);
        for p in &ol {
            sxx += (p.0 - mx).powi(2);
            syy += (p.1 - my).powi(2);
            sxy += (p.0 - mx) * (p.1 - my);
        }
        sxx /= n;
        syy /= n;
        sxy /= n;
        let tr = sxx + syy;
        let disc = ((sxx - syy).powi(2) / 4.0 + sxy * sxy).sqrt();
        let l1 = tr / 2.0 + disc;
        let l2 = (tr / 2.0 - disc).max(1e-3);
        let moments = Ellipse {
            cx: mx,
            cy: my,
            a: (2.0 * l1).sqrt(),
            b: (2.0 * l2).sqrt(),
            phi: 0.5 * (2.0 * sxy).atan2(sxx - syy),
            dev: 1.0,
        };
        if let Some(e) = moments.on(&ol) {
            oval_dev = e.dev;
            if oval_dev < circ_dev * 0.7 {
                (cx, cy, a, b, phi) = (e.cx, e.cy, e.a, e.b, e.phi);
            }
        }
        // The moments of points taken one per angle from the centre understate an
        // ellipse's elongation (its flat sides get fewer points than a uniform walk
        // along it would give them); the conic through them does not.
        conic = fit_ellipse(&ol)
            .and_then(|e| e.on(&ol))
            .filter(|e| e.dev < circ_dev * 0.7);
    }
    let mut regular = circ_dev.min(oval_dev);
    // Square (a 名章): the smallest box around the complete outline, turned in steps of
    // 3°, when the outline keeps closer to it than to the circle or the ellipse.
    let mut square = false;
    if squares && ol.len() >= NB * 3 / 4 && regular > 0.02 {
        if let Some(s) = fit_square(&ol) {
            if s.dev < regular * 0.7 {
                square = true;
                (cx, cy, a, b, phi) = (s.cx, s.cy, s.hx, s.hy, s.phi);
                regular = s.dev;
            }
        }
    }
    // The verifier learned ovals as the moments fit them; an oval is judged as the
    // conic fits it too, and the better of the two stands.
    let first = judge(mask, w, h, (cx, cy, a, b, phi), regular, square);
    // Only a clearly oval outline (oval seals are 40 × 30 mm or longer; a ring
    // drawn by hand or a logo a little out of round is judged as a circle), with ink
    // in its middle (an oval seal's line of text or number) and arc text or a star
    // with some text (the rules' content score): a loop drawn by hand round a word is
    // oval too, and its thick stroke's inner edge can pass for arc text.
    let second = conic
        .filter(|e| !square && e.a >= OVAL_MIN * e.b)
        .filter(|e| e.centre_ink(mask, w, h) >= OVAL_CENTRE)
        .and_then(|e| {
            judge(
                mask,
                w,
                h,
                (e.cx, e.cy, e.a, e.b, e.phi),
                e.dev.min(circ_dev),
                false,
            )
        })
        .filter(|c| {
            let text = c.parts[4] > 0.0;
            if !text {
                verify::trace_forget_last();
            }
            text
        });
    match (first, second) {
        (Some(f), Some(s)) if s.confidence > f.confidence => Some(s),
        (None, s) => s,
        (f, _) => f,
    }
}

/// Scores one fitted outline (centre, semi-axes and turn; a square's half sides when
/// `square`) whose outline keeps to it within `regular`: the radial and angular
/// profiles, the rules' score and, above the gate, the verifier's.
fn judge(
    mask: &[u8],
    w: usize,
    h: usize,
    (cx, cy, a, b, phi): (f32, f32, f32, f32, f32),
    regular: f32,
    square: bool,
) -> Option<Candidate> {
    let shape = if square {
        SealShape::Square
    } else if a.max(b) > 1.1 * a.min(b) {
        SealShape::Oval
    } else {
        SealShape::Round
    };
    // Distance from the centre relative to the outline: elliptic, or the larger side
    // distance for a square.
    let norm = |u: f32, v: f32| {
        if square {
            u.abs().max(v.abs())
        } else {
            (u * u + v * v).sqrt()
        }
    };
    let (cs, sn) = (phi.cos(), phi.sin());

    // Visible outline angles.
    let mut visible = [false; NB];
    for (k, v) in visible.iter_mut().enumerate() {
        let t = (k as f32 + 0.5) / NB as f32 * std::f32::consts::TAU - std::f32::consts::PI;
        let k = 1.0 / norm(t.cos(), t.sin()).max(1e-3);
        let (u, vv) = (a * t.cos() * k, b * t.sin() * k);
        let x = cx + u * cs - vv * sn;
        let y = cy + u * sn + vv * cs;
        *v = x >= 0.0 && y >= 0.0 && x < w as f32 && y < h as f32;
    }
    let nvis = visible.iter().filter(|v| **v).count();
    if nvis < NB * 3 / 10 {
        return None;
    }

    // Radial and angular profiles.
    let reach = a.max(b) * 1.5;
    let wx0 = (cx - reach).floor().max(0.0) as usize;
    let wy0 = (cy - reach).floor().max(0.0) as usize;
    let wx1 = ((cx + reach).ceil() as usize).min(w - 1);
    let wy1 = ((cy + reach).ceil() as usize).min(h - 1);
    let mut red = [0u32; NR];
    let mut tot = [0u32; NR];
    let mut ring_hit = [0u16; NB];
    let mut text_hit = [false; NB];
    // Pixels of each band and angle, and how many of them are dark (hidden).
    let mut ring_px = [0u16; NB];
    let mut ring_dark = [0u16; NB];
    let mut text_px = [0u16; NB];
    let mut text_dark = [0u16; NB];
    let mut dark_in = 0u32;
    // Ink, and dark ground that is not ink, just outside the outline, per angle.
    let mut out_red = [0u16; NB];
    let mut out_tot = [0u16; NB];
    let mut out_ground = [0u16; NB];
    // The arc-text band in TR rings of NB angles: red and all pixels per cell.
    let mut cell_red = [[0u16; NB]; TR];
    let mut cell_tot = [[0u16; NB]; TR];
    // Between the star and the arc text (a badge's rays cross it), and just inside
    // the ring (solid on a thick logo arc, broken by glyph tops on a seal).
    let mut gap_red = [0u16; NB];
    let mut gap_tot = [0u16; NB];
    let mut edge_red = [0u16; NB];
    let mut edge_tot = [0u16; NB];
    for y in wy0..=wy1 {
        let dy = y as f32 - cy;
        for x in wx0..=wx1 {
            let dx = x as f32 - cx;
            let u = (dx * cs + dy * sn) / a;
            let v = (-dx * sn + dy * cs) / b;
            let rho = norm(u, v);
            let k = (rho * 10.0) as usize;
            if k >= NR {
                continue;
            }
            tot[k] += 1;
            let m = mask[y * w + x];
            // Every band below lies within 0.4..1.5 of the outline: one angle each.
            let bn = if (0.4..1.5).contains(&rho) {
                angle_bin(fast_atan2(v, u))
            } else {
                0
            };
            let band_ring = (0.84..1.1).contains(&rho);
            let band_text = (0.5..0.84).contains(&rho);
            if band_ring || band_text {
                let dark = (m & DARK != 0) as u16;
                if band_ring {
                    ring_px[bn] = ring_px[bn].saturating_add(1);
                    ring_dark[bn] = ring_dark[bn].saturating_add(dark);
                } else {
                    text_px[bn] = text_px[bn].saturating_add(1);
                    text_dark[bn] = text_dark[bn].saturating_add(dark);
                }
            }
            if (0.4..0.5).contains(&rho) || (0.72..0.82).contains(&rho) {
                let ink = (m & RED_BITS != 0) as u16;
                if rho < 0.5 {
                    gap_tot[bn] = gap_tot[bn].saturating_add(1);
                    gap_red[bn] = gap_red[bn].saturating_add(ink);
                } else {
                    edge_tot[bn] = edge_tot[bn].saturating_add(1);
                    edge_red[bn] = edge_red[bn].saturating_add(ink);
                }
            }
            if (1.1..1.5).contains(&rho) {
                out_tot[bn] = out_tot[bn].saturating_add(1);
                // Dark and not red: ground, not ink.
                out_ground[bn] =
                    out_ground[bn].saturating_add((m & (RED_BITS | DARK) == DARK) as u16);
                out_red[bn] = out_red[bn].saturating_add((m & RED_BITS != 0) as u16);
            } else if band_text {
                let t = (((rho - 0.5) / 0.34 * TR as f32) as usize).min(TR - 1);
                cell_tot[t][bn] = cell_tot[t][bn].saturating_add(1);
                cell_red[t][bn] = cell_red[t][bn].saturating_add((m & RED_BITS != 0) as u16);
            }
            if m & RED_BITS != 0 {
                red[k] += 1;
                if band_ring {
                    ring_hit[bn] = ring_hit[bn].saturating_add(1);
                } else if band_text {
                    text_hit[bn] = true;
                }
            } else if m & DARK != 0 && k < 8 {
                dark_in += 1;
            }
        }
    }
    let d = |k: usize| -> f32 {
        if tot[k] == 0 {
            0.0
        } else {
            red[k] as f32 / tot[k] as f32
        }
    };
    // Occlusion-aware coverage: an angle whose band is largely dark (black text
    // over the seal) and shows no red is unknown, neither hit nor miss; at least
    // half of the visible angles must stay known.
    let hidden = |px: u16, dk: u16| px > 0 && dk as u32 * 100 >= px as u32 * OCCLUDED_PCT;
    let coverage = |hit: &dyn Fn(usize) -> bool, px: &[u16; NB], dk: &[u16; NB]| -> f32 {
        let hits = (0..NB).filter(|&k| visible[k] && hit(k)).count();
        let unknown = (0..NB)
            .filter(|&k| visible[k] && !hit(k) && hidden(px[k], dk[k]))
            .count();
        let known = (nvis - unknown).max(nvis / 2).max(1);
        hits as f32 / known as f32
    };
    let ring_cov = coverage(&|k| ring_hit[k] > 0, &ring_px, &ring_dark);
    let text_cov = coverage(&|k| text_hit[k], &text_px, &text_dark);
    let ring_peak = d(8).max(d(9)).max(d(10));
    // Ink outside: the mean over the two thirds of the visible angles with the least,
    // so that another mark touching one side of the seal does not count against it.
    let mut outs: Vec<f32> = (0..NB)
        .filter(|&k| visible[k] && out_tot[k] > 0)
        .map(|k| out_red[k] as f32 / out_tot[k] as f32)
        .collect();
    outs.sort_by(|a, b| a.total_cmp(b));
    let keep = (outs.len() * 2).div_ceil(3).max(1);
    let outside = outs.iter().take(keep).sum::<f32>() / keep as f32;
    // Dark ground (not ink) just outside the outline, as a share of the band's pixels
    // in the picture at the visible angles.
    let (odk, otot) = (0..NB).filter(|&k| visible[k]).fold((0u32, 0u32), |s, k| {
        (s.0 + out_ground[k] as u32, s.1 + out_tot[k] as u32)
    });
    let out_dark = odk as f32 / otot.max(1) as f32;
    // Glyph-like arc text: in each ring of the text band, the share of inked cells
    // that lie in angular runs of at least three cells (strokes across a glyph); a
    // badge's rays or dots leave runs of one or two.
    let (mut on, mut wide) = (0u32, 0u32);
    for t in 0..TR {
        let ink = |k: usize| {
            cell_tot[t][k] > 0 && cell_red[t][k] as u32 * 100 >= cell_tot[t][k] as u32 * 15
        };
        let mut k = 0;
        while k < NB {
            if !ink(k) {
                k += 1;
                continue;
            }
            let s = k;
            while k < NB && ink(k) {
                k += 1;
            }
            let run = (k - s) as u32;
            on += run;
            if run >= 3 {
                wide += run;
            }
        }
    }
    let glyphs = if on == 0 {
        0.0
    } else {
        wide as f32 / on as f32
    };
    // Ray-like angles: ink from between the star and the text band through three of
    // its four rings, as a badge's rays run from the star to the ring. Measured
    // for tuning only: on the tuning set seals reached 0.4 and most badges 0.
    let inked = |r: u16, t: u16| t > 0 && r as u32 * 100 >= t as u32 * 15;
    let rays = (0..NB)
        .filter(|&k| visible[k] && inked(gap_red[k], gap_tot[k]))
        .filter(|&k| (0..3).all(|t| inked(cell_red[t][k], cell_tot[t][k])))
        .count() as f32
        / nvis.max(1) as f32;
    // Ink just inside the ring along its inked angles: solid on a thick arc.
    let (er, et) = (0..NB)
        .filter(|&k| visible[k] && ring_hit[k] > 0)
        .fold((0u32, 0u32), |a, k| {
            (a.0 + edge_red[k] as u32, a.1 + edge_tot[k] as u32)
        });
    let edge = if et == 0 { 0.0 } else { er as f32 / et as f32 };
    // Arc text where the ring is inked, for partly inked seals.
    let ring_bins = (0..NB).filter(|&k| visible[k] && ring_hit[k] > 0).count();
    let text_on_ring = (0..NB)
        .filter(|&k| visible[k] && ring_hit[k] > 0 && text_hit[k])
        .count() as f32
        / ring_bins.max(1) as f32;
    let (ri, ti) = (0..8).fold((0u32, 0u32), |s, k| (s.0 + red[k], s.1 + tot[k]));
    // Inner ink relative to the inner area not hidden by dark pixels (at least half).
    let ti = ti.saturating_sub(dark_in).max(ti / 2);
    let inner = if ti == 0 { 0.0 } else { ri as f32 / ti as f32 };
    let centre = (d(0) + d(1) + d(2)) / 3.0;
    let solid = (4..=9).filter(|&k| d(k) >= 0.7).count();

    // Soft scores, each 0..1.
    // A closed ring, or a partly inked one: at least a third of the outline inked as
    // one regular arc, with glyph-like arc text along most of the inked arc (an
    // open-arc logo has no text under its arc).
    let s_partial = ramp(ring_cov, 0.35, 0.5)
        * ramp(text_on_ring, PART_TEXT.0, PART_TEXT.1)
        * ramp(glyphs, GLYPH.0, GLYPH.1)
        * (1.0 - ramp(edge, EDGE.0, EDGE.1));
    let s_ring = ramp(ring_cov, 0.7, 0.92).max(s_partial);
    let s_peak = ramp(ring_peak, 0.1, 0.25);
    let s_out = 1.0 - ramp(outside, 0.06, 0.16);
    let s_inner = ramp(inner, 0.004, 0.02) * (1.0 - ramp(inner, 0.4, 0.55));
    // A five-pointed star: solid at the very centre, its arms thinning out around it,
    // nothing beyond its tips (a note written across the middle of a markup circle
    // stays as dense further out).
    let s_star = ramp(d(0), 0.35, 0.6) * (1.0 - ramp(d(2) / d(0).max(1e-3), 0.25, 0.5));
    // Arc text must look like glyphs (strokes across several angles), not like a
    // badge's rays or dots; where the ring is only partly inked, the text along the
    // inked part counts.
    let text_eff = text_cov.max(text_on_ring * ring_cov);
    let s_text = ramp(text_eff, 0.16, 0.36)
        * (0.8 + 0.2 * ramp(centre, 0.05, 0.2))
        * ramp(glyphs, GLYPH.0, GLYPH.1);
    // A seal always carries the unit's name on its arc: a star (or a blob in the
    // centre) counts only with at least some arc text around it.
    let s_content =
        s_text.max(0.8 * s_star * ramp(text_eff, 0.05, 0.2) * ramp(glyphs, GLYPH.0, GLYPH.1));
    let s_reg = 1.0 - ramp(regular, 0.05, 0.1);
    let s_thin = 1.0 - ramp(solid as f32, 1.0, 3.0);
    let s_vis = ramp(nvis as f32 / NB as f32, 0.28, 0.38);
    // A star fills its centre but only part of the annulus around it (its arms); a
    // logo's solid disc fills both.
    let s_disc = 1.0 - ramp((d(1) + d(2)) / 2.0, 0.6, 0.85);
    let parts = [
        s_ring, s_peak, s_out, s_inner, s_content, s_reg, s_thin, s_vis, s_disc,
    ];
    let min = parts.iter().copied().fold(1.0f32, f32::min);
    let mean = parts.iter().sum::<f32>() / parts.len() as f32;
    let rules = (0.6 * min + 0.4 * mean).clamp(0.0, 1.0);
    let measures = [
        ring_cov,
        text_cov,
        glyphs,
        text_on_ring,
        outside,
        regular,
        rays,
        edge,
    ];
    // Every candidate the shape rules leave in play is judged by the verifier on its
    // own; below the gate the rules' score stands (halved: no seal).
    let mut confidence = rules;
    // The trees' probability when the network's second look may have moved it.
    let mut trees = None;
    // A square (a personal 名章) is judged on its own: its inside is filled by two to
    // six large glyphs (red ones in a frame, or white ones cut from a red block), not
    // by arc text around a star, and the verifier learned round and oval seals only.
    // The square model reads the verifier's inputs and the square's inside; without
    // one built in, the square rules decide.
    let o = verify::Outline {
        cx,
        cy,
        a,
        b,
        phi,
        square,
    };
    let square_score = square.then(|| {
        let geom = (cx, cy, a, b, phi);
        let plain = square_inside(mask, w, h, geom, false);
        let carved = square_inside(mask, w, h, geom, true);
        let r_plain = square_rules(ring_cov, s_peak, s_out, s_reg, s_vis, &plain, false);
        let r_carved = square_rules(ring_cov, s_peak, s_out, s_reg, s_vis, &carved, true);
        // A square filled with ink may be a relief 名章: judged as one too.
        let relief = plain[0] >= SQ_FILL.2 && a.min(b) >= SQ_RELIEF_MIN;
        let r = if relief {
            r_plain.max(r_carved)
        } else {
            r_plain
        };
        // Its shortest row of glyphs, for the shape of a filing stamp below.
        let shortest = plain[3];
        let model = verify::has_square_model();
        if !model && !verify::tracing() {
            return (r, shortest);
        }
        let mut f = verify::features(mask, w, h, &o, &parts, &measures);
        f.extend_from_slice(&plain);
        f.extend_from_slice(&carved);
        f.extend_from_slice(&[r_plain, r_carved, a.min(b) / a.max(b).max(1e-3), a.min(b)]);
        if verify::tracing() {
            verify::trace(r, &f, &super::conv::grid(mask, w, h, &o), true);
        }
        (verify::square_probability(&f, r).unwrap_or(r), shortest)
    });
    if let Some((sq, shortest)) = square_score {
        // A filing or approval stamp (收文, 存档, 已审核 over its date) is an oblong
        // lying on its long side, its words running along it and its date in a short
        // row under them; a 名章's characters stand in columns, so an oblong one
        // stands upright, and its rows of glyphs are tall ([`lies_on_long_side`],
        // [`SQ_DATE_ROW`]). A 名章 photographed from a slant may lie, but keeps its
        // tall rows.
        confidence = if lies_on_long_side(a, b, phi) && shortest < SQ_DATE_ROW {
            sq * 0.5
        } else {
            sq
        };
    }
    if square_score.is_none() && (rules >= VERIFY_GATE || verify::tracing()) {
        let f = verify::features(mask, w, h, &o, &parts, &measures);
        let mut polar = super::conv::Polar::new(mask, w, h, &o);
        if verify::tracing() {
            verify::trace(rules, &f, polar.get(), false);
        }
        if let Some(p) = verify::probability(&f) {
            confidence = if rules >= VERIFY_GATE {
                trees = Some(p);
                super::conv::second_look(p, &mut polar)
            } else {
                rules * 0.5
            };
        }
        // A ring around a few marks repeated all around it (stars, dots, petals) is a
        // badge however seal-like its ring and star: arc text repeats no glyph so.
        if confidence >= THRESHOLD && super::conv::band_repeat(polar.get()) > BAND_REPEAT_MAX {
            confidence *= 0.5;
        }
    }
    let long = w.max(h) as f32;
    // A ring with mostly dark ground just outside it (a page photographed on a dark
    // desk, its edge taken for a huge ring) does not stand on paper as a seal does.
    if out_dark > OUT_DARK_MAX {
        confidence *= 0.5;
    }
    Some(Candidate {
        confidence,
        cx: cx / w as f32,
        cy: cy / h as f32,
        r: a.max(b) / long,
        visible: nvis as f32 / NB as f32,
        parts,
        measures,
        shape,
        trees: trees.unwrap_or(confidence),
    })
}

/// A square outline no wider across than this share of its length, whose long side
/// lies within this many degrees of the picture's rows, is an oblong lying on its
/// long side ([`lies_on_long_side`]). On the validation sets (gen_e, gen_f and the
/// batches of gen_i.py and gen_j.py) every filing stamp the square model passed lay so
/// (long side 1.18–1.24 times the short, 9–18° off the rows), and no 名章 there did (the
/// oblong ones stood upright, 0.83–0.88 as wide as high); the training families draw
/// oblong 名章 upright too (`gen_t.py --family sq3`).
const SQ_LYING: (f32, f32) = (0.9, 30.0);

/// Shortest row (column) of glyphs inside a square lying on its long side
/// ([`square_inside`], relative to the inside's side, in steps of 1/16) below which
/// it is a filing stamp: its date line under its word. At most 5 of the 16 cells: on
/// the validation sets every filing stamp whose outline lay so measured 4–5 cells
/// (0.25–0.3125); the 名章-like outlines lying so measured 7 and more (one round seal
/// fitted as a square, found by its round outline, 2). A 名章 of two characters in
/// one column, photographed from a slant so that it lay (gen_i's test file 0073),
/// measured 6–7.
const SQ_DATE_ROW: f32 = 0.34;

/// Whether a square outline of half sides `a` (along the turn `phi`) and `b` is an
/// oblong lying on its long side ([`SQ_LYING`]): a filing stamp's shape, not a 名章's.
fn lies_on_long_side(a: f32, b: f32, phi: f32) -> bool {
    if a.min(b) >= SQ_LYING.0 * a.max(b) {
        return false;
    }
    // The long side's direction, in degrees from the rows (0–180).
    let long = (phi.to_degrees() + if a >= b { 0.0 } else { 90.0 }).rem_euclid(180.0);
    long.min(180.0 - long) <= SQ_LYING.1
}

/// Cells per side of the grid a square's inside is sampled on ([`square_inside`]).
const SQ_GRID: usize = 20;
/// Share of a square's inside its red glyphs cover: below the first value there is no
/// text inside (a red frame around black text, a table's rules); above the second
/// the square is filled (a red icon, a solid block, or a relief 名章: judged as one
/// by [`SQ_RELIEF_FILL`] too).
const SQ_FILL: (f32, f32, f32, f32) = (0.06, 0.12, 0.6, 0.75);
/// As [`SQ_FILL`] for the white characters of a relief 名章 inside its block: they
/// spread at working size (blurred strokes are light ink), so they may cover most of
/// it; a red icon's one small sign covers little.
const SQ_RELIEF_FILL: (f32, f32, f32, f32) = (0.15, 0.25, 0.85, 0.95);
/// As [`SQ_QUARTER`] for a relief 名章's white characters: a solid block with a sign
/// in its middle leaves its quarters almost empty.
const SQ_RELIEF_QUARTER: (f32, f32) = (0.15, 0.3);
/// Ink in the emptiest quarter of a square's inside: a 名章's glyphs fill all four
/// quarters (two to four characters); a frame around one mark does not.
const SQ_QUARTER: (f32, f32) = (0.02, 0.05);
/// Longest straight run of ink across a square's inside (rows or columns), relative to
/// the inside's side: a table's rules and a framed grid run from side to side, a
/// glyph's strokes stop short of the other character.
const SQ_LINE: (f32, f32) = (0.8, 0.9);
/// Shortest row (column) of glyphs inside a square, relative to its side: a 名章's one
/// to two rows of large glyphs; an approval stamp's line of small date digits is
/// lower.
const SQ_RUNS: (f32, f32) = (0.18, 0.28);
/// Span of the glyphs across the square's inside, along its shorter direction: a
/// 名章's characters fill the frame from side to side; an approval stamp's line of
/// words (and its date line) leave wide empty margins.
const SQ_EXTENT: (f32, f32) = (0.6, 0.75);
/// Pieces of white glyph strokes ([`square_inside`]) over which a relief block whose
/// white runs straight across its inside starts and ends counting as a 名章 (carved
/// characters whose strokes meet across it) rather than an icon's one sign. Chosen on
/// the tuning families `sq` and `sq2` (800 files): the lowest bounds, which find the
/// most seals per false seal added (26 more seals, 6 more false seals, half of them
/// QR-like squares); from 5 pieces on nothing changes.
const SQ_RELIEF_PIECES: (f32, f32) = (2.0, 4.0);
/// Shortest half side (pixels at working size) of a relief 名章: below it a block's
/// white characters are not resolved (a small stamp's text blurs into light ink).
const SQ_RELIEF_MIN: f32 = 15.0;
/// How much lighter (in steps of [`LIGHT_BITS`]) than a relief block its characters'
/// ink is.
const SQ_RELIEF_STEP: u8 = 3;

/// The inside of a square outline (`0.8` of its half sides around the centre) on a
/// [`SQ_GRID`]² grid: the share of inked cells, the least share in a quarter, the
/// longest run of inked cells along a row or a column (relative to the side), the
/// shortest row (column) of glyphs, the glyphs' span across the inside and the number
/// of separate pieces of them. `relief`:
/// the glyphs are where the block is not (paper, or ink much lighter than the block: [`LIGHT_BITS`]), as in a relief
/// 名章.
fn square_inside(
    mask: &[u8],
    w: usize,
    h: usize,
    (cx, cy, a, b, phi): (f32, f32, f32, f32, f32),
    relief: bool,
) -> [f32; 6] {
    let (cs, sn) = (phi.cos(), phi.sin());
    let at = |i: usize, j: usize, di: f32, dj: f32| {
        let v = -0.8 + 1.6 * (i as f32 + di) / SQ_GRID as f32;
        let u = -0.8 + 1.6 * (j as f32 + dj) / SQ_GRID as f32;
        let (pu, pv) = (u * a, v * b);
        let x = (cx + pu * cs - pv * sn).round();
        let y = (cy + pu * sn + pv * cs).round();
        if x < 0.0 || y < 0.0 || x >= w as f32 || y >= h as f32 {
            None
        } else {
            mask.get(y as usize * w + x as usize).copied()
        }
    };
    let light = |m: u8| (m & LIGHT_BITS) >> LIGHT_SHIFT;
    // A relief block's own lightness: the lightest of the darkest third of its ink
    // samples; a character's stroke is ink at least [`SQ_RELIEF_STEP`] lighter.
    let block = if relief {
        let mut ls: Vec<u8> = (0..SQ_GRID)
            .flat_map(|i| (0..SQ_GRID).map(move |j| (i, j)))
            .filter_map(|(i, j)| at(i, j, 0.5, 0.5))
            .filter(|m| m & RED_BITS != 0)
            .map(light)
            .collect();
        ls.sort_unstable();
        ls.get(ls.len() / 3).copied().unwrap_or(0)
    } else {
        0
    };
    let mut on = [[None::<bool>; SQ_GRID]; SQ_GRID];
    for (i, row) in on.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            // Four samples per cell; inked when two of them are.
            let mut seen = 0;
            let mut inked = 0;
            for (di, dj) in [(0.25, 0.25), (0.25, 0.75), (0.75, 0.25), (0.75, 0.75)] {
                let Some(m) = at(i, j, di, dj) else {
                    continue;
                };
                let ink = m & RED_BITS != 0;
                // Black or grey over a relief block (a line of text printed across
                // it) hides the block: neither block nor character.
                if relief && !ink && m & DARK != 0 {
                    continue;
                }
                seen += 1;
                inked += if relief {
                    !ink || light(m) >= block + SQ_RELIEF_STEP
                } else {
                    ink
                } as u32;
            }
            if seen > 0 {
                *cell = Some(inked * 2 >= seen);
            }
        }
    }
    let half = SQ_GRID / 2;
    let (mut n, mut k) = (0u32, 0u32);
    let mut quarters = [(0u32, 0u32); 4];
    for (i, row) in on.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if let Some(c) = *c {
                n += 1;
                k += c as u32;
                let q = &mut quarters[(i >= half) as usize * 2 + (j >= half) as usize];
                q.0 += 1;
                q.1 += c as u32;
            }
        }
    }
    let fill = if n == 0 { 0.0 } else { k as f32 / n as f32 };
    let quarter = quarters
        .iter()
        .map(|q| {
            if q.0 == 0 {
                0.0
            } else {
                q.1 as f32 / q.0 as f32
            }
        })
        .fold(1.0f32, f32::min);
    // Rows and columns of the inside less two cells along each side (where a frame
    // fitted a little wide would show).
    let inner = 2..SQ_GRID - 2;
    let span = (SQ_GRID - 4) as f32;
    let inked = |i: usize, j: usize| on[i][j] == Some(true);
    // Straight runs of ink as long as [`SQ_LINE`]'s upper bound, along a row or a
    // column of the whole grid: the rules of a stamp (an inner frame, the bar between
    // its words and its date) or of a table, or a glyph's stroke stretched across a
    // 名章's frame. When thin, they are no glyph rows: the longest run, the glyphs'
    // rows and their extent are measured without them, so that a stamp's words and
    // date line show as the short rows they are, while a 名章's characters keep their
    // other strokes.
    let mut rule = [[false; SQ_GRID]; SQ_GRID];
    if !relief {
        let long = (SQ_LINE.1 * span).ceil() as usize;
        for t in 0..SQ_GRID {
            for by_row in [true, false] {
                let cell = |s: usize| if by_row { (t, s) } else { (s, t) };
                let ink = |s: usize| on[cell(s).0][cell(s).1] == Some(true);
                for (s0, s) in ink_runs(0..SQ_GRID, ink) {
                    // Thin (at most three cells): the rows (columns) two cells to
                    // either side are mostly empty along it. A thick bar is glyphs
                    // run together (a bold word of a stamp at working size).
                    let beside = |d: isize| {
                        let u = t as isize + d;
                        if !(0..SQ_GRID as isize).contains(&u) {
                            return 0;
                        }
                        let u = u as usize;
                        (s0..s)
                            .filter(|&v| {
                                let (i, j) = if by_row { (u, v) } else { (v, u) };
                                on[i][j] == Some(true)
                            })
                            .count()
                    };
                    if s - s0 >= long && beside(-2) * 2 < s - s0 && beside(2) * 2 < s - s0 {
                        for (i, j) in (s0..s).map(cell) {
                            rule[i][j] = true;
                        }
                    }
                }
            }
        }
    }
    let inked = |i: usize, j: usize| inked(i, j) && !rule[i][j];
    // A run of inked cells long enough to count against the square is measured again
    // along its pixels: a rule is ink from end to end, while two characters whose
    // strokes line up leave a gap narrower than a cell between them (a regular
    // 2 × 2 名章 read at a scale where a cell is several pixels).
    let long_from = (SQ_LINE.0 * span).floor() as usize;
    let mut line = 0f32;
    for t in inner.clone() {
        for by_row in [true, false] {
            let cell = |s: usize| if by_row { (t, s) } else { (s, t) };
            for (s0, s) in ink_runs(inner.clone(), |s| inked(cell(s).0, cell(s).1)) {
                let n = s - s0;
                let n = if n >= long_from && !relief {
                    let side = if by_row { a } else { b };
                    unbroken(&at, t, s0, n, by_row, 1.6 * side / SQ_GRID as f32)
                } else {
                    n as f32
                };
                line = line.max(n);
            }
        }
    }
    // The glyphs' rows and columns: runs of rows (columns) holding ink in at least two
    // cells; the shortest run of two or more, relative to the side.
    let shortest = |by_row: bool| {
        let mut best = usize::MAX;
        let mut run = 0usize;
        for t in inner.clone().chain(std::iter::once(SQ_GRID)) {
            let n = if t >= SQ_GRID - 2 {
                0
            } else {
                inner
                    .clone()
                    .filter(|&s| if by_row { inked(t, s) } else { inked(s, t) })
                    .count()
            };
            if n >= 2 {
                run += 1;
            } else {
                if run >= 2 {
                    best = best.min(run);
                }
                run = 0;
            }
        }
        best
    };
    let runs = shortest(true).min(shortest(false));
    let runs = if runs == usize::MAX {
        0.0
    } else {
        runs as f32 / span
    };
    // Span of the rows (columns) holding ink in at least two cells, over the whole
    // grid; the shorter of the two.
    let extent = |by_row: bool| {
        let rows: Vec<usize> = (0..SQ_GRID)
            .filter(|&t| {
                (0..SQ_GRID)
                    .filter(|&s| if by_row { inked(t, s) } else { inked(s, t) })
                    .count()
                    >= 2
            })
            .collect();
        match (rows.first(), rows.last()) {
            (Some(f), Some(l)) => (l + 1 - f) as f32 / SQ_GRID as f32,
            _ => 0.0,
        }
    };
    let extent = extent(true).min(extent(false));
    // Separate pieces of the glyphs (4-connected runs of inked cells, two cells or
    // more): a carved 名章's two to six characters break into many, one sign on an
    // icon into one or two.
    let mut seen = [[false; SQ_GRID]; SQ_GRID];
    let mut pieces = 0u32;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for i in 0..SQ_GRID {
        for j in 0..SQ_GRID {
            if seen[i][j] || !inked(i, j) {
                continue;
            }
            seen[i][j] = true;
            stack.clear();
            stack.push((i, j));
            let mut size = 0;
            while let Some((y, x)) = stack.pop() {
                size += 1;
                let next = [
                    (y.wrapping_sub(1), x),
                    (y + 1, x),
                    (y, x.wrapping_sub(1)),
                    (y, x + 1),
                ];
                for (ny, nx) in next {
                    if ny < SQ_GRID && nx < SQ_GRID && !seen[ny][nx] && inked(ny, nx) {
                        seen[ny][nx] = true;
                        stack.push((ny, nx));
                    }
                }
            }
            pieces += (size >= 2) as u32;
        }
    }
    [fill, quarter, line / span, runs, extent, pieces as f32]
}

/// The runs of consecutive positions in `range` where `ink` holds, each as its start
/// and its end (exclusive).
fn ink_runs(range: std::ops::Range<usize>, ink: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut s = range.start;
    while s < range.end {
        let s0 = s;
        while s < range.end && ink(s) {
            s += 1;
        }
        if s > s0 {
            runs.push((s0, s));
        }
        s += 1;
    }
    runs
}

/// Pixels a gap across a run of ink must be clear for, at least, to break it.
const SQ_GAP_PX: f32 = 1.0;
/// Gaps a run of ink across a square may have and still be taken apart by them: a
/// 名章's row (column) holds two characters, one gap between them; a stamp's line of
/// words, three or more characters, runs across as one.
const MAX_GAPS: usize = 1;

/// The longest stretch, in cells, of a run of `n` inked cells from cell `s0` of row
/// (column, when not `by_row`) `t` of [`square_inside`]'s grid over which no gap
/// crosses the run: sampled every half pixel along it (`cell_px`: a cell's side in
/// pixels) at five heights across the cell, a gap is a stretch at least
/// [`SQ_GAP_PX`] long where none of the five is red ink. Samples beyond the picture
/// are no gap. With more than [`MAX_GAPS`] gaps the run counts whole (`n`).
fn unbroken(
    at: &dyn Fn(usize, usize, f32, f32) -> Option<u8>,
    t: usize,
    s0: usize,
    n: usize,
    by_row: bool,
    cell_px: f32,
) -> f32 {
    let steps = (cell_px * 2.0).ceil().clamp(1.0, 64.0) as usize;
    let gap = ((SQ_GAP_PX * 2.0).ceil() as usize).max(1);
    let (mut best, mut run, mut clear, mut gaps) = (0usize, 0usize, 0usize, 0usize);
    for k in 0..n * steps {
        let along = (k as f32 + 0.5) / steps as f32;
        let blank = [0.1f32, 0.3, 0.5, 0.7, 0.9].iter().all(|&across| {
            let m = if by_row {
                at(t, s0, across, along)
            } else {
                at(s0, t, along, across)
            };
            matches!(m, Some(m) if m & RED_BITS == 0)
        });
        if blank {
            clear += 1;
            if clear == gap {
                run = 0;
            }
        } else {
            // A gap shorter than [`SQ_GAP_PX`] is part of the run.
            if clear < gap {
                run += clear;
            } else if best > 0 {
                gaps += 1;
            }
            clear = 0;
            run += 1;
            best = best.max(run);
        }
    }
    if gaps > MAX_GAPS {
        n as f32
    } else {
        best as f32 / steps as f32
    }
}

/// The score of a square outline as a 名章: the shape's own scores (an inked frame, a
/// clear ring of ink, nothing around it, regular, in the picture) and glyphs inside
/// it ([`square_inside`]; `relief`: white glyphs in a red block): some ink but not a
/// filled block, in every quarter, no rule running straight across, no low row of
/// date digits, spanning the inside.
fn square_rules(
    ring_cov: f32,
    s_peak: f32,
    s_out: f32,
    s_reg: f32,
    s_vis: f32,
    inside: &[f32; 6],
    relief: bool,
) -> f32 {
    let [fill, quarter, line, runs, extent, pieces] = *inside;
    let (f, q) = if relief {
        (SQ_RELIEF_FILL, SQ_RELIEF_QUARTER)
    } else {
        (SQ_FILL, SQ_QUARTER)
    };
    let s_frame = ramp(ring_cov, 0.75, 0.92);
    let s_fill = ramp(fill, f.0, f.1) * (1.0 - ramp(fill, f.2, f.3));
    let s_quarter = ramp(quarter, q.0, q.1);
    // A relief block's white strokes run straight across its inside where two
    // characters' strokes meet over a red gap narrower than a cell (carved 白文
    // characters fill their block to its edges): there a straight run counts against
    // the block only when its white breaks into few pieces (an icon's cross or bar).
    let s_line = 1.0 - ramp(line, SQ_LINE.0, SQ_LINE.1);
    let s_line = if relief {
        s_line.max(ramp(pieces, SQ_RELIEF_PIECES.0, SQ_RELIEF_PIECES.1))
    } else {
        s_line
    };
    let s_runs = ramp(runs, SQ_RUNS.0, SQ_RUNS.1);
    let s_extent = ramp(extent, SQ_EXTENT.0, SQ_EXTENT.1);
    let parts = [
        s_frame, s_peak, s_out, s_reg, s_vis, s_fill, s_quarter, s_line, s_runs, s_extent,
    ];
    // Every part must hold (no verifier weighs them): the weakest counts most, so that
    // the score reaches the threshold only when each part is at least about half met.
    let min = parts.iter().copied().fold(1.0f32, f32::min);
    let mean = parts.iter().sum::<f32>() / parts.len() as f32;
    (0.75 * min + 0.25 * mean).clamp(0.0, 1.0)
}

/// A square fitted to an outline.
struct SquareFit {
    cx: f32,
    cy: f32,
    hx: f32,
    hy: f32,
    phi: f32,
    /// Median distance of the outline from the square, relative to its half side.
    dev: f32,
}

/// The smallest box around the outline points over turns of 0–87° in steps of 3°,
/// when it is about square (sides within 0.75–1); `None` otherwise.
fn fit_square(ol: &[(f32, f32)]) -> Option<SquareFit> {
    let n = ol.len() as f32;
    if ol.len() < 8 {
        return None;
    }
    let (mx, my) = ol.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
    let (mx, my) = (mx / n, my / n);
    let extents = |ph: f32| {
        let (c, s) = (ph.cos(), ph.sin());
        ol.iter()
            .fold((f32::MAX, f32::MIN, f32::MAX, f32::MIN), |e, p| {
                let (dx, dy) = (p.0 - mx, p.1 - my);
                let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
                (e.0.min(u), e.1.max(u), e.2.min(v), e.3.max(v))
            })
    };
    let ph = (0..30)
        .map(|k| k as f32 * 3f32.to_radians())
        .min_by(|&p, &q| {
            let (e, f) = (extents(p), extents(q));
            ((e.1 - e.0) * (e.3 - e.2)).total_cmp(&((f.1 - f.0) * (f.3 - f.2)))
        })?;
    let (u0, u1, v0, v1) = extents(ph);
    let (hx, hy) = ((u1 - u0) / 2.0, (v1 - v0) / 2.0);
    if hx.min(hy) < 4.0 || hx.min(hy) < 0.75 * hx.max(hy) {
        return None;
    }
    let (c, s) = (ph.cos(), ph.sin());
    let (uc, vc) = ((u0 + u1) / 2.0, (v0 + v1) / 2.0);
    let (cx, cy) = (mx + uc * c - vc * s, my + uc * s + vc * c);
    let mut d: Vec<f32> = ol
        .iter()
        .map(|p| {
            let (dx, dy) = (p.0 - cx, p.1 - cy);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            ((u / hx).abs().max((v / hy).abs()) - 1.0).abs()
        })
        .collect();
    d.sort_by(|a, b| a.total_cmp(b));
    Some(SquareFit {
        cx,
        cy,
        hx,
        hy,
        phi: ph,
        dev: d.get(d.len() / 2).copied().unwrap_or(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws into a mask: pixels where `f(dx, dy)` holds, around the centre.
    fn mask_with(w: usize, h: usize, f: impl Fn(f32, f32) -> bool) -> Vec<u8> {
        let mut m = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                m[y * w + x] = f(x as f32 - w as f32 / 2.0, y as f32 - h as f32 / 2.0) as u8 * 2;
            }
        }
        m
    }

    #[test]
    fn fast_angle_falls_in_the_library_angle_bin() {
        // Every pixel offset of a 601 × 601 window, and fractional offsets from a
        // fitted centre: the bin must be the one `atan2` gives, on the bins' edges at
        // the axes and diagonals too. Elsewhere a point may fall on the other side of
        // an edge only when its angle lies within a few units in the last place of it
        // (where `atan2`'s own rounding decides).
        let edge = |a: f32| {
            let t = (a + std::f32::consts::PI) / std::f32::consts::TAU * NB as f32;
            (t - t.round()).abs() * std::f32::consts::TAU / NB as f32
        };
        let mut worst = 0.0f32;
        let mut other_bin = 0;
        for j in -300..=300 {
            for i in -300..=300 {
                for (fx, fy) in [(0.0f32, 0.0f32), (0.37, -0.81), (-0.5, 0.5)] {
                    let (x, y) = (i as f32 + fx, j as f32 + fy);
                    let (fast, lib) = (fast_atan2(y, x), y.atan2(x));
                    worst = worst.max((fast - lib).abs());
                    if angle_bin(fast) != angle_bin(lib) {
                        assert!(edge(lib) < 1e-6, "({x}, {y}): {fast} against {lib}");
                        other_bin += 1;
                    }
                }
            }
        }
        assert!(worst < 2e-6, "largest difference {worst}");
        assert!(
            other_bin <= 5,
            "{other_bin} of 1 083 603 offsets binned elsewhere"
        );
        assert_eq!(
            angle_bin(fast_atan2(5.0, 5.0)),
            angle_bin(5.0f32.atan2(5.0))
        );
        assert_eq!(
            angle_bin(fast_atan2(-7.0, 0.0)),
            angle_bin((-7.0f32).atan2(0.0))
        );
        assert_eq!(
            angle_bin(fast_atan2(0.0, -3.0)),
            angle_bin(0.0f32.atan2(-3.0))
        );
    }

    fn ring_with_text(dx: f32, dy: f32) -> bool {
        let r = (dx * dx + dy * dy).sqrt();
        let a = dy.atan2(dx);
        let ring = (27.0..30.0).contains(&r);
        let text = (18.0..24.0).contains(&r) && a < 0.5 && ((a * 12.0).sin() > -0.5);
        let star = r < 6.0;
        ring || text || star
    }

    #[test]
    fn shapes_are_told_apart() {
        type Shape = Box<dyn Fn(f32, f32) -> bool>;
        let cases: Vec<(&str, Shape, bool)> = vec![
            ("ring with text and star", Box::new(ring_with_text), true),
            (
                "empty ring (markup circle)",
                Box::new(|dx: f32, dy: f32| (27.0..30.0).contains(&(dx * dx + dy * dy).sqrt())),
                false,
            ),
            (
                "solid disc (lantern)",
                Box::new(|dx: f32, dy: f32| dx * dx + dy * dy < 900.0),
                false,
            ),
            (
                "square box with text",
                Box::new(|dx: f32, dy: f32| {
                    let m = dx.abs().max(dy.abs());
                    (27.0..30.0).contains(&m) || (m < 15.0 && (dx * 0.7).sin() > 0.3)
                }),
                false,
            ),
            (
                "thick ring logo",
                Box::new(|dx: f32, dy: f32| {
                    let r = (dx * dx + dy * dy).sqrt();
                    (18.0..30.0).contains(&r) || r < 5.0
                }),
                false,
            ),
            (
                "logo: ring around a solid disc",
                Box::new(|dx: f32, dy: f32| {
                    let r = (dx * dx + dy * dy).sqrt();
                    (24.0..30.0).contains(&r) || r < 11.0
                }),
                false,
            ),
            (
                "wide red title",
                Box::new(|dx: f32, dy: f32| dx.abs() < 40.0 && dy.abs() < 5.0),
                false,
            ),
        ];
        for (name, f, want) in cases {
            let m = mask_with(100, 100, f);
            let c = best_in_mask(&m, 100, 100);
            let got = c.is_some_and(|c| c.confidence >= THRESHOLD);
            assert_eq!(got, want, "{name}: {c:?}");
        }
    }

    #[test]
    fn seal_joined_to_a_stamp_beside_it_is_found() {
        // A rectangular stamp's frame touching the ring on the left makes one red part
        // 2.3 times as wide as high; the seal is judged at the part's right end.
        let (w, h) = (200usize, 100usize);
        let m = mask_with(w, h, |dx, dy| {
            let inside = (-60.0..=22.0).contains(&dx) && dy.abs() <= 14.0;
            let frame = inside && (dx <= -57.0 || dx >= 19.0 || dy.abs() >= 11.0);
            frame || ring_with_text(dx - 50.0, dy)
        });
        let c = best_in_mask(&m, w, h).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
        assert!((c.cx - 0.75).abs() < 0.05, "the seal, not the stamp: {c:?}");
    }

    /// A mask of a red table's rules (every 22 px down, every 63 px across, in the
    /// box 10..=200 × 20..=130) and, when `seal`, a seal centred on the table's lower
    /// right corner.
    fn table_mask(seal: bool) -> (Vec<u8>, usize, usize) {
        let (w, h) = (260usize, 180usize);
        let mut m = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32, y as f32);
                let inside = (10.0..=201.0).contains(&fx) && (20.0..=131.0).contains(&fy);
                let rule = inside && ((fy - 20.0) % 22.2 < 1.2 || (fx - 10.0) % 63.6 < 1.2);
                if rule || (seal && ring_with_text(fx - 190.0, fy - 118.0)) {
                    m[y * w + x] = 2;
                }
            }
        }
        (m, w, h)
    }

    #[test]
    fn seal_over_a_red_table_is_judged_apart_from_its_rules() {
        // The ring crosses three rules: ring and table are one red part.
        let (m, w, h) = table_mask(true);
        let c = best_in_mask(&m, w, h).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
        assert!((c.cx * w as f32 - 190.0).abs() < 3.0, "{c:?}");
        assert!((c.cy * h as f32 - 118.0).abs() < 3.0, "{c:?}");
        // The table alone is no seal.
        let (m, w, h) = table_mask(false);
        let c = best_in_mask(&m, w, h);
        assert!(c.is_none_or(|c| c.confidence < THRESHOLD), "{c:?}");
    }

    #[test]
    fn a_seal_over_a_red_table_is_judged_where_it_was() {
        let (m, w, h) = table_mask(true);
        // At its place, from a radius measured a little off at a smaller scale.
        for r in [26.0, 29.0, 32.0] {
            let c = judge_at(&m, (w, h), (191.0, 117.0, r), &SealShape::ALL).expect("judged");
            assert!(c.confidence >= THRESHOLD, "{r}: {c:?}");
            assert!((c.cx * w as f32 - 190.0).abs() < 3.0, "{c:?}");
            assert!((c.cy * h as f32 - 118.0).abs() < 3.0, "{c:?}");
        }
        // The table alone, judged where a seal would be, is none.
        let (m, w, h) = table_mask(false);
        let c = judge_at(&m, (w, h), (190.0, 118.0, 29.0), &SealShape::ALL);
        assert!(c.is_none_or(|c| c.confidence < THRESHOLD), "{c:?}");
        // Nothing to judge: a blank place, a radius too small or not a number, a
        // centre outside the picture, a mask too short for its size.
        let (m, w, h) = table_mask(true);
        assert_eq!(
            judge_at(&m, (w, h), (60.0, 160.0, 15.0), &SealShape::ALL),
            None
        );
        assert_eq!(
            judge_at(&m, (w, h), (190.0, 118.0, 3.0), &SealShape::ALL),
            None
        );
        assert_eq!(
            judge_at(&m, (w, h), (190.0, 118.0, f32::NAN), &SealShape::ALL),
            None
        );
        assert_eq!(
            judge_at(&m, (w, h), (f32::INFINITY, 118.0, 29.0), &SealShape::ALL),
            None
        );
        assert_eq!(
            judge_at(&m, (w, h), (-500.0, 900.0, 29.0), &SealShape::ALL),
            None
        );
        assert_eq!(
            judge_at(&m[..100], (w, h), (190.0, 118.0, 29.0), &SealShape::ALL),
            None
        );
    }

    #[test]
    fn ellipse_is_fitted_through_its_outline() {
        // Outermost points one per angle from the centre of a 40 × 27 ellipse turned
        // by 0.3 rad: the moments of such points make it rounder, the conic does not.
        let (a, b, phi, cx, cy) = (40.0f32, 27.0f32, 0.3f32, 100.0f32, 80.0f32);
        let pts: Vec<(f32, f32)> = (0..NB)
            .map(|k| {
                let t = (k as f32 + 0.5) / NB as f32 * std::f32::consts::TAU;
                let (ct, st) = (t.cos(), t.sin());
                let (u, v) = (
                    ct * phi.cos() + st * phi.sin(),
                    -ct * phi.sin() + st * phi.cos(),
                );
                let r = 1.0 / ((u / a).powi(2) + (v / b).powi(2)).sqrt();
                (cx + r * ct, cy + r * st)
            })
            .collect();
        let e = fit_ellipse(&pts).unwrap().on(&pts).unwrap();
        assert!((e.a - a).abs() < 0.5 && (e.b - b).abs() < 0.5, "{e:?}");
        assert!((e.cx - cx).abs() < 0.5 && (e.cy - cy).abs() < 0.5, "{e:?}");
        assert!(
            (e.phi.rem_euclid(std::f32::consts::PI) - phi).abs() < 0.02,
            "{e:?}"
        );
        assert!(e.dev < 0.01, "{e:?}");
        // A circle is no oval; a straight line is no ellipse.
        let ring: Vec<(f32, f32)> = (0..NB)
            .map(|k| {
                let t = k as f32 / NB as f32 * std::f32::consts::TAU;
                (50.0 + 20.0 * t.cos(), 50.0 + 20.0 * t.sin())
            })
            .collect();
        assert!(fit_ellipse(&ring).and_then(|e| e.on(&ring)).is_none());
        let line: Vec<(f32, f32)> = (0..40).map(|k| (k as f32, 2.0 * k as f32)).collect();
        assert!(fit_ellipse(&line).and_then(|e| e.on(&line)).is_none());
    }

    #[test]
    fn turned_rules_are_found_and_a_ring_has_none() {
        // A grid of rules turned by 6°, and a ring alone.
        let turn = 6f32.to_radians();
        let (c, s) = (turn.cos(), turn.sin());
        let mut grid = Vec::new();
        for k in 0..5 {
            for t in 0..200 {
                let (u, v) = (t as f32, k as f32 * 40.0);
                grid.push((u, v));
                grid.push((v * 1.25, t as f32 * 0.8));
            }
        }
        let pts: Vec<(u32, u32)> = grid
            .iter()
            .map(|&(u, v)| {
                (
                    (20.0 + u * c - v * s + 40.0) as u32,
                    (20.0 + u * s + v * c) as u32,
                )
            })
            .collect();
        assert!(
            (rule_angle(&pts) - turn).abs() < 0.01,
            "{}",
            rule_angle(&pts)
        );
        let ring: Vec<(u32, u32)> = (0..400)
            .map(|k| {
                let t = k as f32 / 400.0 * std::f32::consts::TAU;
                (
                    (100.0 + 60.0 * t.cos()) as u32,
                    (100.0 + 60.0 * t.sin()) as u32,
                )
            })
            .collect();
        assert_eq!(rule_angle(&ring), 0.0);
    }

    #[test]
    fn askew_broken_rules_are_straight_and_a_ring_is_not() {
        // A scanned table's rule: two pixels thick, turned by 1.5°, broken by gaps of
        // two pixels every 30 (the scan's dropouts), with a ring of radius 40 beside it.
        let turn = 1.5f32.to_radians();
        let mut pts: Vec<(u32, u32)> = Vec::new();
        for t in 0..300u32 {
            if t % 30 >= 28 {
                continue;
            }
            for d in 0..2 {
                let x = 10.0 + t as f32 * turn.cos();
                let y = 60.0 + t as f32 * turn.sin() + d as f32;
                pts.push((x.round() as u32, y.round() as u32));
            }
        }
        let rule = pts.len();
        for k in 0..2000 {
            let a = k as f32 / 2000.0 * std::f32::consts::TAU;
            for rr in [38.0f32, 39.0, 40.0] {
                let p = (
                    (160.0 + rr * a.cos()).round() as u32,
                    (140.0 + rr * a.sin()).round() as u32,
                );
                if !pts.contains(&p) {
                    pts.push(p);
                }
            }
        }
        let bbox = bounds(&pts, (400, 400));
        let runs = rule_runs(&pts, bbox, rule_angle(&pts));
        let (long, thin) = ((RULE_LONG * 40.0) as u16, 4);
        let on_rule = pts[..rule]
            .iter()
            .filter(|&&p| runs.straight(p, long, thin))
            .count();
        assert!(on_rule * 10 >= rule * 9, "{on_rule} of {rule}");
        let on_ring: Vec<_> = pts[rule..]
            .iter()
            .filter(|&&p| runs.straight(p, long, thin))
            .collect();
        assert!(on_ring.is_empty(), "{on_ring:?}");
        // A pixel outside the box measured is no rule.
        assert!(!runs.straight((0, 0), long, thin));
    }

    #[test]
    fn an_oval_is_followed_beyond_its_circle() {
        // An oval ring 60 × 36 around (100, 100); the circle found inside it has radius
        // 40. A mark beside it, not joined, and a straight rule are left out.
        let mut pts: Vec<(u32, u32)> = Vec::new();
        for k in 0..1000 {
            let a = k as f32 / 1000.0 * std::f32::consts::TAU;
            let p = (
                (100.0 + 60.0 * a.cos()).round() as u32,
                (100.0 + 36.0 * a.sin()).round() as u32,
            );
            if !pts.contains(&p) {
                pts.push(p);
            }
        }
        let ring = pts.len();
        for y in 95..105 {
            for x in 166..172 {
                pts.push((x, y));
            }
        }
        let mark = pts.len();
        pts.extend((20..180).map(|x| (x, 150)));
        let inner: Vec<(u32, u32)> = pts
            .iter()
            .copied()
            .filter(|&(x, y)| (x as f32 - 100.0).powi(2) + (y as f32 - 100.0).powi(2) <= 1600.0)
            .collect();
        let straight = |_x: u32, y: u32| y == 150;
        let got = joined_within(&inner, &pts, (100.0, 100.0), 1.8 * 40.0, &straight);
        assert_eq!(got.len(), ring, "the whole oval and nothing else");
        assert!(got.iter().all(|p| pts[..ring].contains(p)));
        assert!(pts[ring..mark].iter().all(|p| !got.contains(p)));
        // Nothing reached: no inner pixels, or a reach of nothing.
        assert!(joined_within(&[], &pts, (100.0, 100.0), 72.0, &straight).is_empty());
        assert_eq!(
            joined_within(&inner, &pts, (100.0, 100.0), 0.0, &straight).len(),
            0
        );
    }

    #[test]
    fn ring_alone_is_not_searched_again() {
        // A lone ring (here a seal) keeps to one circle filling its part's box: no
        // circle search inside it.
        let m = mask_with(100, 100, ring_with_text);
        let pts: Vec<(u32, u32)> = (0..100 * 100)
            .filter(|&i| m[i] != 0)
            .map(|i| ((i % 100) as u32, (i / 100) as u32))
            .collect();
        assert!(circles_in_part(&m, 100, 100, 2, &pts, (20, 20, 79, 79), 16).is_empty());
    }

    #[test]
    fn faint_only_seal_is_found_by_the_second_pass() {
        // Every pixel faint (1): no strong ink at all.
        let m: Vec<u8> = mask_with(100, 100, ring_with_text)
            .into_iter()
            .map(|v| v / 2)
            .collect();
        let c = best_in_mask(&m, 100, 100).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
    }

    #[test]
    fn tinted_paper_is_not_ink_but_a_seal_on_it_is() {
        // Pinkish paper (chroma 25, above the ink threshold) with a blue-ish corner
        // so the white balance cannot neutralise it, and a red ring on it.
        let (w, h) = (120usize, 120usize);
        let mut img = Rgb::white(w, h);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 - 60.0, y as f32 - 60.0);
                let rho = (dx * dx + dy * dy).sqrt();
                let p = if (27.0..30.0).contains(&rho) {
                    [200, 40, 50]
                } else if x < 20 && y < 20 {
                    [150, 190, 240]
                } else {
                    [230, 205, 200]
                };
                img.px[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&p);
            }
        }
        let m = red_mask(&img);
        assert_eq!(m[10 * w + 60], 0, "paper away from the ring");
        assert_eq!(m[60 * w + 60], 0, "paper inside the ring");
        assert_eq!(m[60 * w + 60 + 28], 2, "the ring");
    }

    #[test]
    fn cut_seal_at_edge_is_found() {
        let w = 100;
        let m = mask_with(w, 100, |dx, dy| ring_with_text(dx + 35.0, dy));
        let c = best_in_mask(&m, w, 100).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
        assert!(c.visible < 0.95);
    }

    #[test]
    fn ring_on_a_dark_ground_is_no_seal() {
        // The seal of `ring_with_text` (radius 30) in a 140 × 140 mask, with dark
        // ground (not ink) from `from` out at the angles `angles` holds.
        let build = |from: f32, angles: &dyn Fn(f32) -> bool| {
            let mut m = mask_with(140, 140, ring_with_text);
            for y in 0..140 {
                for x in 0..140 {
                    let (dx, dy) = (x as f32 - 70.0, y as f32 - 70.0);
                    if (dx * dx + dy * dy).sqrt() >= from && angles(dy.atan2(dx)) {
                        m[y * 140 + x] = DARK;
                    }
                }
            }
            m
        };
        let on_paper = best_in_mask(&mask_with(140, 140, ring_with_text), 140, 140).unwrap();
        assert!(on_paper.confidence >= THRESHOLD, "{on_paper:?}");
        // Dark all round, from just outside the ring: a desk, not paper.
        let desk = best_in_mask(&build(33.0, &|_| true), 140, 140);
        assert!(desk.is_none_or(|c| c.confidence < THRESHOLD), "{desk:?}");
        // Dark on one side only (a seal at the page's edge in a photo): still a seal.
        let edge = best_in_mask(&build(33.0, &|a: f32| a.abs() < 1.2), 140, 140).unwrap();
        assert!(edge.confidence >= THRESHOLD, "{edge:?}");
    }

    #[test]
    fn black_text_over_the_ring_counts_as_hidden() {
        // A seal whose ring and arc text are hidden at a third of the angles by a
        // band of black text (dark pixels, not red).
        let build = |dark: u8| {
            let mut m = mask_with(100, 100, ring_with_text);
            for y in 0..100 {
                for x in 0..100 {
                    let (dx, dy) = (x as f32 - 50.0, y as f32 - 50.0);
                    let a = dy.atan2(dx);
                    if (-1.6..0.5).contains(&a) && (dx * dx + dy * dy).sqrt() < 32.0 {
                        m[y * 100 + x] = dark;
                    }
                }
            }
            m
        };
        let hidden = best_in_mask(&build(DARK), 100, 100).unwrap();
        assert!(hidden.confidence >= THRESHOLD, "{hidden:?}");
        // The same gap left blank is a broken ring, not a seal.
        let blank = best_in_mask(&build(0), 100, 100);
        assert!(
            blank.is_none_or(|c| c.confidence < hidden.confidence),
            "{blank:?} vs {hidden:?}"
        );
    }

    #[test]
    fn dark_flag_is_set_on_black_only() {
        let mut img = Rgb::white(40, 40);
        for (i, p) in [[20u8, 20, 20], [210, 40, 50], [250, 250, 250]]
            .iter()
            .enumerate()
        {
            img.px[i * 3..i * 3 + 3].copy_from_slice(p);
        }
        let m = red_mask(&img);
        assert_eq!(m[0], DARK, "black text");
        assert_eq!(m[1] & RED_BITS, 2, "red ink");
        assert_eq!(m[1] & DARK, 0, "red ink is not dark");
        assert_eq!(m[2], 0, "paper");
    }

    #[test]
    fn seal_cut_to_a_third_of_its_outline_is_found() {
        // Centre 40 % of the radius outside the picture: about 37 % of the ring
        // stays visible.
        let (w, h) = (100usize, 100usize);
        let m = mask_with(w, h, |dx, dy| ring_with_text(dx, dy - 60.0));
        let c = best_in_mask(&m, w, h).unwrap();
        assert!(c.visible < 0.45, "{c:?}");
        assert!(c.confidence >= THRESHOLD, "{c:?}");
    }

    #[test]
    fn purple_hues_count_blue_and_grey_do_not() {
        // (colour, chroma at least, chroma below)
        let cases: &[([i32; 3], i32, i32)] = &[
            ([224, 181, 218], 30, 50),  // faint purple ink on white paper
            ([190, 40, 150], 100, 200), // purple-red ink
            ([231, 179, 185], 45, 60),  // faint red ink
            ([230, 110, 40], 110, 130), // orange-red ink
            ([40, 60, 200], -500, 0),   // blue ink
            ([150, 60, 200], -500, 0),  // violet (blue above red)
            ([90, 100, 160], -500, 0),  // navy
            ([20, 20, 24], -500, 1),    // black
            ([128, 128, 128], 0, 1),    // grey
            ([240, 240, 250], -500, 0), // bluish white
        ];
        for &([r, g, b], lo, hi) in cases {
            let c = red_chroma(r, g, b);
            assert!(c >= lo && c < hi, "{r},{g},{b}: {c}");
        }
        assert!(!is_red(40, 60, 200));
        assert!(!is_red(150, 60, 200));
        assert!(is_red(224, 181, 218)); // faint purple
    }

    /// A seal drawn as ink over paper: ring, arc text and star in `ink` at opacity
    /// `a`, the ink multiplied into the paper as a stamp's would be.
    fn stamped(paper: [u8; 3], ink: [u8; 3], a: f32) -> Rgb {
        let (w, h) = (160usize, 160usize);
        let mut img = Rgb::white(w, h);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 - 80.0, y as f32 - 80.0);
                let on = ring_with_text(dx * 30.0 / 45.0, dy * 30.0 / 45.0);
                let i = (y * w + x) * 3;
                for c in 0..3 {
                    let p = paper[c] as f32;
                    let k = if on {
                        a * (1.0 - ink[c] as f32 / 255.0)
                    } else {
                        0.0
                    };
                    img.px[i + c] = (p * (1.0 - k)) as u8;
                }
            }
        }
        img
    }

    #[test]
    fn faint_purple_seal_on_grey_paper_is_found() {
        // Greyish paper of a photographed page, purple ink at 30 % density.
        let img = stamped([190, 186, 182], [170, 30, 130], 0.3);
        let c = best_candidate(&img).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
        // The same ring in blue or black ink is no seal at all.
        for ink in [[30, 60, 180], [20, 20, 20], [90, 60, 200]] {
            let img = stamped([190, 186, 182], ink, 1.0);
            let c = best_candidate(&img);
            assert!(c.is_none_or(|c| c.confidence < THRESHOLD), "{ink:?}: {c:?}");
        }
    }

    #[test]
    fn centre_blob_without_arc_text_is_not_a_seal() {
        // A closed ring with a solid blob in the middle (a note written through the
        // centre of a markup circle) but nothing on the arc.
        let blob = |dx: f32, dy: f32| {
            let r = (dx * dx + dy * dy).sqrt();
            (27.0..30.0).contains(&r) || r < 6.0
        };
        let c = best_in_mask(&mask_with(100, 100, blob), 100, 100);
        assert!(c.is_none_or(|c| c.confidence < THRESHOLD), "{c:?}");
        // With arc text it is one.
        let c = best_in_mask(&mask_with(100, 100, ring_with_text), 100, 100).unwrap();
        assert!(c.confidence >= THRESHOLD, "{c:?}");
    }

    #[test]
    fn red_test_is_chroma_based() {
        assert!(is_red(220, 40, 50));
        assert!(is_red(244, 190, 200));
        assert!(is_red(190, 40, 150)); // purple-red
        assert!(is_red(230, 110, 40)); // orange-red
        assert!(!is_red(30, 10, 10)); // near black
        assert!(!is_red(250, 245, 225)); // yellowish paper
        assert!(!is_red(128, 128, 128));
    }

    #[test]
    fn a_picture_cut_tight_round_a_square_seal_is_judged_inside_a_margin() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/seal/tight-plain-seal.png"
        );
        let data = std::fs::read(path).expect("fixture");
        let img = crate::seal::decode_picture(&data, 4_000_000).expect("decodes");
        let mask = red_mask(&img);
        let (w, h) = (img.w, img.h);
        // The frame lies on the picture's borders: no outline to fit as it is.
        assert!(search_mask(&mask, w, h, &SealShape::ALL, &mut Vec::new())
            .is_none_or(|c| c.confidence < THRESHOLD));
        let c = square_in_margin(&mask, w, h).expect("found inside a margin");
        assert_eq!(c.shape, SealShape::Square);
        assert!(
            (c.cx - 0.5).abs() < 0.1 && (c.cy - 0.5).abs() < 0.1,
            "{c:?}"
        );
        // With black print over a few rows of it, it is no picture of a seal alone.
        let mut printed = mask.clone();
        for v in printed.iter_mut().skip(w * (h / 2)).take(w * 3) {
            if *v & RED_BITS == 0 {
                *v |= DARK;
            }
        }
        let dark = printed.iter().filter(|&&v| v & DARK != 0).count();
        assert!(dark as f32 > TIGHT_DARK * printed.len() as f32, "{dark}");
        assert!(square_in_margin(&printed, w, h).is_none());
        // Ink along one border only (a red bar at the top of a page) is not searched,
        // nor a picture too small to search.
        let mut bar = vec![0u8; 100 * 100];
        bar[..100 * 6].fill(2);
        assert!(square_in_margin(&bar, 100, 100).is_none());
        assert!(square_in_margin(&[2; 6], 6, 0).is_none());
        assert!(square_in_margin(&[], 0, 5).is_none());
    }

    #[test]
    fn an_oblong_lying_on_its_long_side_is_told_from_one_standing() {
        let deg = |d: f32| d.to_radians();
        // Wider than high, unturned or turned a little: a filing stamp's shape.
        assert!(lies_on_long_side(20.0, 16.0, 0.0));
        assert!(lies_on_long_side(20.0, 16.0, deg(12.0)));
        // Half sides given the other way round, the long one across the rows.
        assert!(lies_on_long_side(16.0, 20.0, deg(81.0)));
        // Standing upright (a 名章 of two columns), or turned past the bound.
        assert!(!lies_on_long_side(16.0, 20.0, 0.0));
        assert!(!lies_on_long_side(20.0, 16.0, deg(81.0)));
        assert!(!lies_on_long_side(20.0, 16.0, deg(45.0)));
        // About square: no side is the long one.
        assert!(!lies_on_long_side(20.0, 18.5, 0.0));
    }

    #[test]
    fn a_bar_across_a_square_counts_only_when_no_gap_breaks_it() {
        // A thick red bar from side to side inside a square frame, and the same bar
        // with a gap of two pixels in the middle (two characters' strokes that line up):
        // at the cells' scale both run across, along the pixels only the first does.
        let square = |gap: bool| {
            let mut m = vec![0u8; 100 * 100];
            for y in 10..90 {
                for x in 10..90 {
                    let frame = !(13..87).contains(&x) || !(13..87).contains(&y);
                    let bar = (36..50).contains(&y) && !(gap && (50..52).contains(&x));
                    m[y * 100 + x] = if frame || bar { 2 } else { 0 };
                }
            }
            m
        };
        let geom = (50.0, 50.0, 40.0, 40.0, 0.0);
        let whole = square_inside(&square(false), 100, 100, geom, false)[2];
        let broken = square_inside(&square(true), 100, 100, geom, false)[2];
        assert!(whole >= 0.95, "{whole}");
        assert!(broken < SQ_LINE.0, "{broken}");
    }

    #[test]
    fn white_pieces_of_a_relief_block_are_counted() {
        // A red block with four white strokes apart from each other, and the same block
        // with one white cross: four pieces against one.
        let block = |white: &dyn Fn(usize, usize) -> bool| {
            let mut m = vec![0u8; 100 * 100];
            for y in 10..90 {
                for x in 10..90 {
                    m[y * 100 + x] = if white(x, y) { 0 } else { 2 };
                }
            }
            m
        };
        let strokes = block(&|x, y| {
            ((24..30).contains(&y) && (22..78).contains(&x))
                || ((45..51).contains(&y) && ((22..45).contains(&x) || (55..78).contains(&x)))
                || ((66..72).contains(&y) && (30..70).contains(&x))
        });
        let cross = block(&|x, y| (47..53).contains(&x) || (47..53).contains(&y));
        let geom = (50.0, 50.0, 40.0, 40.0, 0.0);
        assert_eq!(square_inside(&strokes, 100, 100, geom, true)[5], 4.0);
        assert_eq!(square_inside(&cross, 100, 100, geom, true)[5], 1.0);
    }
}
