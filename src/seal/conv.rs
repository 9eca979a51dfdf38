//! A second look at a candidate's ink: a small convolutional network on its polar
//! picture.
//!
//! The measures of [`super::verify`] summarise the ink around a candidate's outline
//! (profiles, spectra, run lengths); what tells a 公章's arc text from a badge's wheat
//! ears, rays or dots is the shape of the marks themselves. [`grid`] unrolls the ink
//! around the fitted outline into a picture of [`CR`] radii × [`CA`] angles (each cell
//! the mean of four bilinear samples, plus a second channel saying which cells lie in
//! the picture), so that the ring is a row, the arc text a band of glyphs above it and
//! the star a blob at the bottom. A rotation of the seal is a circular shift of this
//! picture; the network pads circularly along the angle and pools over all angles, so
//! it does not care where the text starts.
//!
//! The network moves the tree verifier's log-odds by `WEIGHT × (z − CENTRE)` for
//! candidates whose tree probability lies in its range; the weights file says both.
//! The built-in network (`conv_weights.txt`, fitted by
//! `scripts/seal-set/train_conv.py` on the training families only) removes false seals
//! on every validation and test set. At working size it also turns down small
//! photographed seals whose arc text is a pixel or two high; such a candidate, passed
//! by the trees and turned down by the network only, is looked at again in the larger
//! picture ([`super::zoom`]), where the band can be read. `seal_eval --conv FILE`
//! measures another network (`docs/benchmarks-seal.md`, "A convolutional second
//! look").

use super::verify::{sample, Outline};

/// Angles of the polar picture.
pub const CA: usize = 128;
/// Radii of the polar picture: 8 rows of 0.07 of the outline from the centre to 0.56,
/// then 24 rows of 0.026 to 1.184 ([`radius`]): the arc text, two or three pixels high
/// on a small seal in a photo, must not fall inside one row.
pub const CR: usize = 32;
/// Channels of the polar picture: ink, and whether the cell lies in the picture.
pub const CC: usize = 2;
/// Radius, as a share of the outline, at row position `x` of the polar picture (row
/// `r` spans `x` from `r` to `r + 1`).
fn radius(x: f32) -> f32 {
    if x < 8.0 {
        x * 0.07
    } else {
        0.56 + (x - 8.0) * 0.026
    }
}

/// The polar picture of a candidate: `CC × CR × CA` values in 0..=1, channel-major
/// (`[c][r][t]`); zeros when the mask is too small to sample.
pub(crate) fn grid(mask: &[u8], w: usize, h: usize, o: &Outline) -> Vec<f32> {
    let mut g = vec![0.0f32; CC * CR * CA];
    if w < 2 || h < 2 || mask.len() < w * h {
        return g;
    }
    // Two sample angles per cell, a quarter step either side of its centre.
    let mut dirs = [[(0.0f32, 0.0f32); 2]; CA];
    for (t, d) in dirs.iter_mut().enumerate() {
        for (k, p) in d.iter_mut().enumerate() {
            let a = (t as f32 + 0.25 + 0.5 * k as f32) / CA as f32 * std::f32::consts::TAU;
            *p = (a.cos(), a.sin());
        }
    }
    let (ink, vis) = g.split_at_mut(CR * CA);
    for r in 0..CR {
        let rhos = [radius(r as f32 + 0.25), radius(r as f32 + 0.75)];
        for (t, d) in dirs.iter().enumerate() {
            let (mut s, mut n) = (0.0f32, 0.0f32);
            for &(ct, st) in d {
                for &rho in &rhos {
                    let (x, y) = o.at(rho, ct, st);
                    if let Some(v) = sample(mask, w, h, x, y) {
                        s += v;
                        n += 1.0;
                    }
                }
            }
            if n > 0.0 {
                ink[r * CA + t] = s / n;
                vis[r * CA + t] = n / 4.0;
            }
        }
    }
    g
}

/// Weights of the network, beside this file (`scripts/seal-set/train_conv.py`); a
/// file without a network leaves the second look out.
const WEIGHTS: &str = include_str!("conv_weights.txt");

/// One 3 × 3 convolution: `w[o][i][ky][kx]`, `b[o]`.
#[derive(Debug)]
struct Conv {
    cin: usize,
    cout: usize,
    w: Vec<f32>,
    b: Vec<f32>,
}

/// The network: three convolutions (a 2 × 2 max pool after the first two), the mean
/// and maximum of each channel's rows over all angles, a dense layer with ReLU and one
/// output (log-odds).
#[derive(Debug)]
pub(crate) struct Net {
    convs: Vec<Conv>,
    hid: usize,
    d0: Vec<f32>,
    e0: Vec<f32>,
    d1: Vec<f32>,
    e1: f32,
    /// The log-odds the training script computed for [`check_picture`].
    check: Option<f32>,
    /// How the network's log-odds `z` move the tree verifier's: by `weight × (z −
    /// centre)` (`blend WEIGHT CENTRE`, chosen on validation sets).
    weight: f32,
    centre: f32,
    /// Tree probabilities outside `lo..=hi` stand without a second look (`range LO
    /// HI`).
    lo: f32,
    hi: f32,
}

/// Reads a weights file; `None` when it is empty, not a network for this picture, or
/// its `check` value is not what this code computes for [`check_picture`].
fn parse(text: &str) -> Option<Net> {
    let mut head: Option<Vec<usize>> = None;
    let mut tensors: std::collections::HashMap<String, (Vec<usize>, Vec<f32>)> =
        std::collections::HashMap::new();
    let mut check = None;
    let (mut blend, mut range) = (None, (0.0f32, 1.0f32));
    for line in text.lines() {
        let mut w = line.split_whitespace();
        let Some(name) = w.next() else { continue };
        if name.starts_with('#') {
            continue;
        }
        let rest: Vec<&str> = w.collect();
        match name {
            "conv" => head = rest.iter().map(|x| x.parse().ok()).collect(),
            "check" => check = rest.first().and_then(|x| x.parse().ok()),
            "blend" | "range" => {
                let v: Vec<f32> = rest.iter().map(|x| x.parse().ok()).collect::<Option<_>>()?;
                let (a, b) = match v[..] {
                    [a, b] if a.is_finite() && b.is_finite() => (a, b),
                    _ => return None,
                };
                if name == "blend" {
                    blend = Some((a, b));
                } else {
                    range = (a, b);
                }
            }
            _ => {
                let nd = match name.as_bytes().first() {
                    Some(b'w') => 4,
                    Some(b'd') => 2,
                    _ => 1,
                };
                let dims: Vec<usize> = rest
                    .iter()
                    .take(nd)
                    .map(|x| x.parse().ok())
                    .collect::<Option<_>>()?;
                let vals: Vec<f32> = rest
                    .iter()
                    .skip(nd)
                    .map(|x| x.parse().ok())
                    .collect::<Option<_>>()?;
                if dims.len() != nd || dims.iter().product::<usize>() != vals.len() {
                    return None;
                }
                tensors.insert(name.to_string(), (dims, vals));
            }
        }
    }
    let head = head?;
    // conv CC CR CA C1 C2 C3 HID
    if head.len() != 7 || head[..3] != [CC, CR, CA] {
        return None;
    }
    let (chans, hid) = (&head[3..6], head[6]);
    let mut convs = Vec::new();
    let mut cin = CC;
    for (i, &cout) in chans.iter().enumerate() {
        let (wd, w) = tensors.remove(&format!("w{i}"))?;
        let (bd, b) = tensors.remove(&format!("b{i}"))?;
        if wd != [cout, cin, 3, 3] || bd != [cout] {
            return None;
        }
        convs.push(Conv { cin, cout, w, b });
        cin = cout;
    }
    let nin = 2 * cin * (CR / 4);
    let (d0d, d0) = tensors.remove("d0")?;
    let (e0d, e0) = tensors.remove("e0")?;
    let (d1d, d1) = tensors.remove("d1")?;
    let (e1d, e1) = tensors.remove("e1")?;
    if d0d != [nin, hid] || e0d != [hid] || d1d != [hid, 1] || e1d != [1] {
        return None;
    }
    let (weight, centre) = blend?;
    let net = Net {
        convs,
        hid,
        d0,
        e0,
        d1,
        e1: e1[0],
        check,
        weight,
        centre,
        lo: range.0,
        hi: range.1,
    };
    // A network whose check value this code does not reproduce was not computed the
    // way it was trained: refused.
    match (net.check, net.logit(&check_picture())) {
        (Some(want), Some(got)) if (got - want).abs() > 1e-3 * want.abs().max(1.0) => None,
        (Some(_), None) => None,
        _ => Some(net),
    }
}

/// One convolution with ReLU over `x` (`cin × h × w`): zeros beyond the first and last
/// radius, circular along the angle.
fn conv(c: &Conv, x: &[f32], h: usize, w: usize) -> Vec<f32> {
    // Each row padded by one angle on either side, taken from the other end.
    let wp = w + 2;
    let mut pad = vec![0.0f32; c.cin * h * wp];
    for (row, out) in x.chunks_exact(w).zip(pad.chunks_exact_mut(wp)) {
        out[1..=w].copy_from_slice(row);
        out[0] = row[w - 1];
        out[w + 1] = row[0];
    }
    let mut y = vec![0.0f32; c.cout * h * w];
    for (o, plane) in y.chunks_exact_mut(h * w).enumerate() {
        for row in plane.chunks_exact_mut(w) {
            row.fill(c.b[o]);
        }
        for i in 0..c.cin {
            let k = &c.w[(o * c.cin + i) * 9..(o * c.cin + i + 1) * 9];
            let src = &pad[i * h * wp..(i + 1) * h * wp];
            for (r, row) in plane.chunks_exact_mut(w).enumerate() {
                for ky in 0..3 {
                    let Some(rr) = (r + ky).checked_sub(1).filter(|&rr| rr < h) else {
                        continue;
                    };
                    let line = &src[rr * wp..(rr + 1) * wp];
                    for kx in 0..3 {
                        let wt = k[ky * 3 + kx];
                        for (v, s) in row.iter_mut().zip(&line[kx..kx + w]) {
                            *v += wt * s;
                        }
                    }
                }
            }
        }
        for v in plane.iter_mut() {
            *v = v.max(0.0);
        }
    }
    y
}

/// 2 × 2 max pool of `x` (`c × h × w`, `h` and `w` even).
fn pool(x: &[f32], c: usize, h: usize, w: usize) -> Vec<f32> {
    let (h2, w2) = (h / 2, w / 2);
    let mut y = vec![0.0f32; c * h2 * w2];
    for ch in 0..c {
        for r in 0..h2 {
            for t in 0..w2 {
                let at = |rr: usize, tt: usize| x[(ch * h + rr) * w + tt];
                y[(ch * h2 + r) * w2 + t] = at(2 * r, 2 * t)
                    .max(at(2 * r, 2 * t + 1))
                    .max(at(2 * r + 1, 2 * t))
                    .max(at(2 * r + 1, 2 * t + 1));
            }
        }
    }
    y
}

impl Net {
    /// The log-odds that the candidate whose polar picture is `g` ([`grid`]) is a seal.
    pub(crate) fn logit(&self, g: &[f32]) -> Option<f32> {
        if g.len() != CC * CR * CA {
            return None;
        }
        let (mut h, mut w) = (CR, CA);
        let mut x = g.to_vec();
        let n = self.convs.len();
        for (i, c) in self.convs.iter().enumerate() {
            x = conv(c, &x, h, w);
            if i + 1 < n {
                x = pool(&x, c.cout, h, w);
                h /= 2;
                w /= 2;
            }
        }
        let c = self.convs.last()?.cout;
        // Per channel and row: the mean over all angles, then (after every mean) the
        // maximum.
        let mut pooled = vec![0.0f32; 2 * c * h];
        for (k, row) in x.chunks_exact(w).enumerate() {
            pooled[k] = row.iter().sum::<f32>() / w as f32;
            pooled[c * h + k] = row.iter().fold(f32::MIN, |a, &b| a.max(b));
        }
        let mut z = self.e1;
        for j in 0..self.hid {
            let mut s = self.e0[j];
            for (i, p) in pooled.iter().enumerate() {
                s += p * self.d0[i * self.hid + j];
            }
            z += s.max(0.0) * self.d1[j];
        }
        z.is_finite().then_some(z)
    }
}

/// First row of the polar picture searched for the ring ([`band_repeat`]): radius 0.82
/// of the outline.
const RING_ROW_MIN: usize = 18;
/// First row of the band where a 公章 has its arc text ([`band_repeat`]): radius 0.59.
const BAND_ROW_MIN: usize = 9;
/// Longest shift, in angle cells, at which [`band_repeat`] looks for a repeat: a third of
/// a turn, so that a mark repeated only twice (an oval's two halves) is no repeat.
const REPEAT_SHIFT_MAX: usize = CA / 3;
/// Shortest shift at which [`band_repeat`] counts a repeat: a ring of at most ten marks
/// (a tenth of a turn). Arc text repeats at the pitch of its glyphs, which in a clean
/// drawing look alike at the polar picture's scale (a vector seal's eleven glyphs
/// repeat at 7 cells): a finer repeat says nothing.
const REPEAT_SHIFT_MIN: usize = 12;

/// Variance of the band's ink about each row's mean below which [`band_repeat`] finds
/// nothing to repeat: an even band (an inner ring, a blur), whose only variation is
/// the pixel grid's (which repeats every quarter turn).
const BAND_VARIANCE_MIN: f32 = 0.005;

/// How closely the band inside the ring repeats one mark around the circle, from the
/// polar picture `g` of [`grid`]: the largest correlation of the band with itself
/// turned by more than one mark's width (beyond the first dip of the correlation) and
/// at most [`REPEAT_SHIFT_MAX`] cells, each radius row taken about its mean so that an
/// inner ring or an even band counts for nothing. A ring of three to ten stars, dots or
/// petals comes close to 1. 0 when the band's ink hardly varies, when the
/// correlation never dips within a third of a turn, or when the best repeat is finer
/// than [`REPEAT_SHIFT_MIN`].
pub(crate) fn band_repeat(g: &[f32]) -> f32 {
    if g.len() < CC * CR * CA {
        return 0.0;
    }
    let (ink, vis) = g.split_at(CR * CA);
    let row_mean = |r: usize| ink[r * CA..(r + 1) * CA].iter().sum::<f32>() / CA as f32;
    let mut ring = RING_ROW_MIN;
    for r in RING_ROW_MIN..CR {
        if row_mean(r) > row_mean(ring) {
            ring = r;
        }
    }
    // The band ends two rows inside the ring, and before any row still half as dark as
    // the ring (a thick ring's inner edge).
    let lo = BAND_ROW_MIN;
    let mut hi = ring.saturating_sub(2).max(lo + 1);
    while hi > lo + 3 && row_mean(hi) > 0.5 * row_mean(ring) {
        hi -= 1;
    }
    let mut band = vec![0.0f32; (hi - lo) * CA];
    for (r, row) in (lo..hi).zip(band.chunks_exact_mut(CA)) {
        for (t, v) in row.iter_mut().enumerate() {
            let i = r * CA + t;
            *v = if vis[i] > 0.5 { ink[i] } else { 0.0 };
        }
        let mean = row.iter().sum::<f32>() / CA as f32;
        row.iter_mut().for_each(|v| *v -= mean);
    }
    let energy: f32 = band.iter().map(|v| v * v).sum::<f32>();
    if energy < BAND_VARIANCE_MIN * band.len() as f32 {
        return 0.0;
    }
    // The band's correlation with itself turned by 0..=REPEAT_SHIFT_MAX cells.
    let corr: Vec<f32> = (0..=REPEAT_SHIFT_MAX)
        .map(|k| {
            band.chunks_exact(CA)
                .map(|row| {
                    (0..CA)
                        .map(|t| row[t] * row[(t + CA - k) % CA])
                        .sum::<f32>()
                })
                .sum::<f32>()
                / energy
        })
        .collect();
    // Walk down to the first dip (about one mark's width), then take the best repeat.
    let mut k = 1;
    while k < REPEAT_SHIFT_MAX && corr[k + 1] < corr[k] {
        k += 1;
    }
    if k >= REPEAT_SHIFT_MAX {
        return 0.0;
    }
    let (mut at, mut best) = (k, corr[k]);
    for (s, &c) in corr.iter().enumerate().skip(k + 1) {
        if c > best {
            (at, best) = (s, c);
        }
    }
    if at < REPEAT_SHIFT_MIN {
        return 0.0;
    }
    best.max(0.0)
}

/// A candidate's polar picture ([`grid`]), made when first asked for: the second look
/// and the band's repeat ([`band_repeat`]) read the same one.
pub(crate) struct Polar<'a> {
    mask: &'a [u8],
    w: usize,
    h: usize,
    o: &'a Outline,
    grid: Option<Vec<f32>>,
}

impl<'a> Polar<'a> {
    /// The polar picture of outline `o` in the `w`×`h` mask, not made yet.
    pub(crate) fn new(mask: &'a [u8], w: usize, h: usize, o: &'a Outline) -> Self {
        Polar {
            mask,
            w,
            h,
            o,
            grid: None,
        }
    }

    /// The picture, made on the first call.
    pub(crate) fn get(&mut self) -> &[f32] {
        self.grid
            .get_or_insert_with(|| grid(self.mask, self.w, self.h, self.o))
    }
}

/// The tree verifier's probability `p` for the candidate whose polar picture is
/// `polar`, moved by the network's second look when a network is built in and `p` lies
/// in its range.
pub(crate) fn second_look(p: f32, polar: &mut Polar) -> f32 {
    let Some(net) = net() else { return p };
    if !(net.lo..=net.hi).contains(&p) {
        return p;
    }
    let Some(z) = net.logit(polar.get()) else {
        return p;
    };
    let q = p.clamp(1e-6, 1.0 - 1e-6);
    let zt = (q / (1.0 - q)).ln() + net.weight * (z - net.centre);
    1.0 / (1.0 + (-zt).exp())
}

static NET: std::sync::OnceLock<Option<Net>> = std::sync::OnceLock::new();

/// The built-in network, or the one given to [`use_weights`]; `None` when there is
/// none.
pub(crate) fn net() -> Option<&'static Net> {
    NET.get_or_init(|| parse(WEIGHTS)).as_ref()
}

/// For the evaluation and dump examples only: use the network in `text` (an empty
/// text: none) instead of the built-in one. Must be called before the first
/// judgement; false when `text` is not a network for this picture or one is in use.
#[doc(hidden)]
pub fn use_weights(text: &str) -> bool {
    super::verify::set_weights(&NET, text, parse)
}

/// A fixed picture whose log-odds the training script writes beside the weights
/// (`check`), so that a test sees that this code computes what was trained.
fn check_picture() -> Vec<f32> {
    let mut g = vec![0.0f32; CC * CR * CA];
    for r in 0..CR {
        for t in 0..CA {
            g[r * CA + t] = ((r * 7 + t * 3) % 11) as f32 / 10.0;
            g[CR * CA + r * CA + t] = if t < 100 { 1.0 } else { 0.5 };
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The polar picture of a ring of radius 80 (ink 76–84 px) around `(cx, cy)` in a
    /// 200 × 200 mask, with the outline fitted to it.
    fn ring_grid(cx: f32, cy: f32) -> Vec<f32> {
        let (w, h) = (200usize, 200usize);
        let mut m = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                let r = (dx * dx + dy * dy).sqrt();
                if (76.0..=84.0).contains(&r) {
                    m[y * w + x] = 2;
                }
            }
        }
        grid(&m, w, h, &outline(cx, cy))
    }

    fn outline(cx: f32, cy: f32) -> Outline {
        Outline {
            cx,
            cy,
            a: 80.0,
            b: 80.0,
            phi: 0.0,
            square: false,
        }
    }

    /// The polar picture of the ring of [`ring_grid`] around (100, 100) with the pixels
    /// where `mark(dx, dy)` holds inked as well.
    fn ring_with(mark: impl Fn(f32, f32) -> bool) -> Vec<f32> {
        let (w, h) = (200usize, 200usize);
        let mut m = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = (x as f32 - 100.0, y as f32 - 100.0);
                let r = (dx * dx + dy * dy).sqrt();
                if (76.0..=84.0).contains(&r) || mark(dx, dy) {
                    m[y * w + x] = 2;
                }
            }
        }
        grid(&m, w, h, &outline(100.0, 100.0))
    }

    /// Whether `(dx, dy)` lies in the band at angle `a` (radians) and radius 50–66
    /// within `half` radians of it.
    fn in_cell(dx: f32, dy: f32, a: f32, half: f32) -> bool {
        let r = (dx * dx + dy * dy).sqrt();
        let d = (dy.atan2(dx) - a).rem_euclid(std::f32::consts::TAU);
        (50.0..=66.0).contains(&r) && (d <= half || d >= std::f32::consts::TAU - half)
    }

    #[test]
    fn a_ring_of_a_few_stars_repeats_and_arc_text_does_not() {
        use std::f32::consts::TAU;
        // Five discs spread around inside the ring: one mark, repeated.
        let stars = ring_with(|dx, dy| {
            (0..5).any(|k| {
                let a = k as f32 * TAU / 5.0 + 0.3;
                let (x, y) = (58.0 * a.cos(), 58.0 * a.sin());
                (dx - x).powi(2) + (dy - y).powi(2) <= 64.0
            })
        });
        assert!(band_repeat(&stars) > 0.9, "{}", band_repeat(&stars));
        // Eight "glyphs" over two thirds of the turn, each a different set of strokes
        // (bars across the band at some of five radii, and a bar along it or not).
        let glyphs = ring_with(|dx, dy| {
            let r = (dx * dx + dy * dy).sqrt();
            (0..8).any(|k| {
                let a = 2.4 + k as f32 * 0.52;
                let bits = (k * 7 + 3) % 32;
                let row = ((r - 50.0) / 3.3) as i32;
                let across =
                    (0..5).any(|j| bits & (1 << j) != 0 && row == j) && in_cell(dx, dy, a, 0.2);
                let along = k % 3 != 1 && in_cell(dx, dy, a + 0.05 * (k % 2) as f32, 0.04);
                across || along
            })
        });
        assert!(band_repeat(&glyphs) < 0.5, "{}", band_repeat(&glyphs));
        // Glyphs that look alike, close together (a clean drawing of arc text at the
        // picture's scale): they repeat at their pitch, finer than a ring of marks.
        let alike = ring_with(|dx, dy| (0..16).any(|k| in_cell(dx, dy, 2.4 + k as f32 * 0.3, 0.1)));
        assert_eq!(band_repeat(&alike), 0.0);
        // Nothing inside the ring, or an even band (an inner ring): no repeat.
        assert_eq!(band_repeat(&ring_grid(100.0, 100.0)), 0.0);
        let inner = ring_with(|dx, dy| (56.0..=60.0).contains(&(dx * dx + dy * dy).sqrt()));
        assert_eq!(band_repeat(&inner), 0.0);
        assert_eq!(band_repeat(&[]), 0.0);
    }

    #[test]
    fn a_ring_is_a_band_of_rows_of_the_polar_picture() {
        let g = ring_grid(100.0, 100.0);
        let row = |r: usize| &g[r * CA..(r + 1) * CA];
        // The ring (0.95–1.05 of the outline) is rows 23 to 26; inside it nothing.
        for t in 0..CA {
            assert!(row(24)[t] > 0.9 && row(25)[t] > 0.9, "{t}");
            assert_eq!(row(10)[t], 0.0);
            assert_eq!(row(20)[t], 0.0);
        }
        // Every cell up to 1.184 of the outline lies in the picture.
        assert!(g[CR * CA..].iter().all(|&v| v == 1.0));
    }

    #[test]
    fn cells_beyond_the_picture_are_marked() {
        // A ring whose centre lies 40 pixels from the left edge: the angles towards
        // that edge leave the picture beyond half the outline.
        let g = ring_grid(40.0, 100.0);
        let vis = &g[CR * CA..];
        let left = CA / 2; // angle π points left
        assert_eq!(vis[(CR - 1) * CA + left], 0.0);
        assert_eq!(g[(CR - 1) * CA + left], 0.0);
        assert_eq!(vis[5 * CA + left], 1.0);
        assert_eq!(vis[(CR - 1) * CA], 1.0);
    }

    #[test]
    fn a_tiny_mask_gives_an_empty_picture() {
        let g = grid(&[2], 1, 1, &outline(0.0, 0.0));
        assert_eq!(g.len(), CC * CR * CA);
        assert!(g.iter().all(|&v| v == 0.0));
    }

    /// A network with small fixed weights (no training) for the arithmetic tests.
    fn tiny() -> String {
        let mut s = format!("conv {CC} {CR} {CA} 2 3 2 4\nblend 1 0\n");
        let mut k = 0usize;
        let mut vals = |n: usize| -> String {
            (0..n)
                .map(|_| {
                    k += 1;
                    format!("{}", ((k * 37) % 19) as f32 / 19.0 - 0.45)
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut cin = CC;
        for (i, c) in [2usize, 3, 2].iter().enumerate() {
            s += &format!("w{i} {c} {cin} 3 3 {}\n", vals(c * cin * 9));
            s += &format!("b{i} {c} {}\n", vals(*c));
            cin = *c;
        }
        let nin = 2 * cin * (CR / 4);
        s += &format!("d0 {nin} 4 {}\ne0 4 {}\n", vals(nin * 4), vals(4));
        s += &format!("d1 4 1 {}\ne1 1 0.1\n", vals(4));
        s
    }

    #[test]
    fn a_rotated_seal_reads_the_same() {
        // Turning the candidate by four angle steps (the pools' stride) shifts every
        // layer's picture by whole cells: the pooled rows, and so the answer, stay.
        let net = parse(&tiny()).expect("the tiny network parses");
        let g = check_picture();
        let mut turned = g.clone();
        for c in 0..CC {
            for r in 0..CR {
                let row = &g[(c * CR + r) * CA..(c * CR + r + 1) * CA];
                for t in 0..CA {
                    turned[(c * CR + r) * CA + (t + 4) % CA] = row[t];
                }
            }
        }
        let (a, b) = (net.logit(&g), net.logit(&turned));
        assert!(a.is_some());
        let (a, b) = (a.unwrap_or(0.0), b.unwrap_or(f32::NAN));
        assert!((a - b).abs() < 1e-4, "{a} {b}");
        // A picture of the wrong size is not judged.
        assert_eq!(net.logit(&g[1..]), None);
    }

    #[test]
    fn weights_of_another_shape_are_refused() {
        let good = tiny();
        assert!(parse(&good).is_some());
        // Another picture size, a tensor of the wrong length, no blend line.
        let shape = format!("conv {CC} {CR} {CA}");
        assert!(good.contains(&shape));
        assert!(parse(&good.replace(&shape, &format!("conv {CC} {CR} 64"))).is_none());
        assert!(parse(&good.replace(&shape, &format!("conv {CC} 24 {CA}"))).is_none());
        assert!(parse(&good.replace("e1 1 0.1", "e1 1 0.1 0.2")).is_none());
        assert!(parse(&good.replace("blend 1 0\n", "")).is_none());
        assert!(parse(&good.replace("blend 1 0", "blend 1 x")).is_none());
        assert!(parse("").is_none());
        // The check value of the fixed picture must be what this code computes.
        let z = parse(&good).and_then(|n| n.logit(&check_picture()));
        let z = z.unwrap_or(f32::NAN);
        assert!(parse(&format!("{good}check {z}\n")).is_some());
        assert!(parse(&format!("{good}check {}\n", z + 0.5)).is_none());
    }

    #[test]
    fn the_built_in_network_computes_what_was_trained() {
        // The training script writes the log-odds its own arithmetic gives for a
        // fixed picture; this code must give the same.
        let net = parse(WEIGHTS).expect("a network is built in");
        let want = net
            .check
            .expect("the measured network carries a check value");
        let got = net.logit(&check_picture()).unwrap_or(f32::NAN);
        assert!(
            (got - want).abs() < 1e-3 * want.abs().max(1.0),
            "{got} {want}"
        );
        assert_eq!(
            (net.weight, net.centre, net.lo, net.hi),
            (0.5, 1.0, 0.2, 1.0)
        );
    }
}
