//! A closer look at small red marks of a picture that was searched at reduced scale.
//!
//! A screenshot of a document viewer often shows a whole page in a few hundred pixels:
//! its seal is 50–90 px across, which the search's working size (longer side about
//! [`WORK_LONG_SIDE`]) brings down to some 20 px, too few for a ring and arc text to be
//! told apart. When the search finds nothing in such a picture and the full-size
//! picture is at hand anyway (formats other than JPEG are decoded at full size first),
//! each small, roughly square red mark of the working picture is cut out of the
//! full-size picture with a margin and searched on its own. At most [`MAX_MARKS`]
//! marks are looked at, the ones with the most ink first, so the cost stays bounded
//! (each cut is at most the working size).
//!
//! A JPEG (a photo, or a scanned page inside a PDF) is decoded at reduced scale only.
//! A square 名章 of 17–24 mm on a scanned A4 page is some 25–35 px at working size,
//! where its characters' strokes run together and its inside reads as a solid block.
//! When nothing passed, the page has a small, about square red mark (its box at least
//! [`CLOSER_RATIO`]), and the search at working size fitted that mark as a square,
//! the JPEG is decoded once more at about [`raster::CLOSER_LONG_SIDE`] and such marks
//! are judged there as squares only ([`closer_jpeg`]): round and oval marks of their
//! usual sizes are judged well at working size, and a second look at a badge would
//! only be another chance to take it for a seal. The decoding is paid only on pages
//! with such a mark.

use super::detect::{self, Candidate, RED_BITS};
use super::raster::{self, Rgb, WORK_LONG_SIDE};
use super::SealShape;

/// Marks looked at closer per picture, at most.
pub(crate) const MAX_MARKS: usize = 8;
/// Longer side, in working pixels, of a mark looked at closer: from a speck that
/// could still be a seal to the size the search judges well by itself.
const MARK_SIDE: (usize, usize) = (6, 40);
/// Shorter over longer side of a mark's box at least (a seal is round or square; a
/// red rule or a line of red text is not).
const MARK_RATIO: f32 = 0.6;
/// Red pixels a mark has at least.
const MARK_INK: usize = 12;
/// Side of the cut around a mark, relative to the mark's longer side.
const MARGIN: f32 = 2.2;
/// Shorter over longer side of a mark's box at least for a closer look at a JPEG
/// ([`closer_jpeg`]): a square 名章 at any turn, not a rectangular stamp.
const CLOSER_RATIO: f32 = 0.8;

/// A small red mark: its box in working pixels (inclusive) and its red pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    pub ink: usize,
}

/// The small red marks of a working picture's red mask (`detect::red_mask`), most ink
/// first, at most [`MAX_MARKS`]. Pixels of strong red ink up to two pixels apart
/// belong to one mark (a ring's arc text and its ring join).
pub(crate) fn small_marks(mask: &[u8], w: usize, h: usize) -> Vec<Mark> {
    let mut marks = Vec::new();
    if mask.len() < w.saturating_mul(h) {
        return marks;
    }
    let strong = |i: usize| mask[i] & RED_BITS >= 2;
    let mut seen = vec![false; w * h];
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || !strong(start) {
            continue;
        }
        seen[start] = true;
        stack.clear();
        stack.push(start);
        let mut m = Mark {
            x0: w,
            y0: h,
            x1: 0,
            y1: 0,
            ink: 0,
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            m.ink += 1;
            (m.x0, m.y0) = (m.x0.min(x), m.y0.min(y));
            (m.x1, m.y1) = (m.x1.max(x), m.y1.max(y));
            for yy in y.saturating_sub(2)..(y + 3).min(h) {
                for xx in x.saturating_sub(2)..(x + 3).min(w) {
                    let j = yy * w + xx;
                    if !seen[j] && strong(j) {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        let (bw, bh) = (m.x1 + 1 - m.x0, m.y1 + 1 - m.y0);
        let (short, long) = (bw.min(bh), bw.max(bh));
        if (MARK_SIDE.0..=MARK_SIDE.1).contains(&long)
            && short as f32 >= MARK_RATIO * long as f32
            && m.ink >= MARK_INK
        {
            marks.push(m);
        }
    }
    marks.sort_by_key(|m| std::cmp::Reverse(m.ink));
    marks.truncate(MAX_MARKS);
    marks
}

/// Searches the small red marks of `work` (the working picture, `full` shrunk by a
/// whole factor) again in `full`; the first candidate that passes, its position and
/// size relative to the whole picture, and the number of marks looked at.
pub(crate) fn search(work: &Rgb, mask: &[u8], full: &Rgb) -> (Option<Candidate>, usize) {
    search_marks_of(
        work,
        &small_marks(mask, work.w, work.h),
        full,
        &SealShape::ALL,
    )
}

/// A closer look at the small red marks of a JPEG searched at working size (`work`,
/// whose red mask the search made is `mask`): when it has some, the JPEG (`data`) is decoded again at about
/// [`raster::CLOSER_LONG_SIDE`] and they are searched there. `None` when there are no
/// such marks, the picture is not a JPEG, it cannot be decoded again, or no mark holds
/// a seal.
pub(crate) fn closer_jpeg(
    work: &Rgb,
    mask: &[u8],
    data: &[u8],
    max_pixels: u64,
    shapes: &[SealShape],
) -> Option<Candidate> {
    if !data.starts_with(&[0xFF, 0xD8]) || !shapes.contains(&SealShape::Square) {
        return None;
    }
    // Only marks the search at working size already fitted as a square (whose inside
    // it could not read at that size): the decoding costs as much as the search.
    let marks: Vec<Mark> = small_marks(mask, work.w, work.h)
        .into_iter()
        .filter(|m| {
            let (bw, bh) = (m.x1 + 1 - m.x0, m.y1 + 1 - m.y0);
            bw.min(bh) as f32 >= CLOSER_RATIO * bw.max(bh) as f32
        })
        .filter(|m| {
            cut_around(m, (1.0, 1.0), 16.0, work).is_some_and(|(x0, y0, x1, y1)| {
                detect::best_candidate_of(&crop(work, x0, y0, x1, y1), &[SealShape::Square])
                    .is_some()
            })
        })
        .collect();
    if marks.is_empty() {
        return None;
    }
    let full = raster::decode_jpeg_closer(data, max_pixels).ok()?;
    search_marks_of(work, &marks, &full, &[SealShape::Square]).0
}

/// Searches `marks` of `work` again in `full` (as [`search`]), among candidates of
/// the given outline shapes only.
fn search_marks_of(
    work: &Rgb,
    marks: &[Mark],
    full: &Rgb,
    shapes: &[SealShape],
) -> (Option<Candidate>, usize) {
    if work.w == 0 || work.h == 0 || full.w < work.w * 2 || full.h < work.h * 2 {
        return (None, 0);
    }
    let (sx, sy) = (full.w as f32 / work.w as f32, full.h as f32 / work.h as f32);
    let mut looked = 0;
    let mut cuts: Vec<(usize, usize, usize, usize)> = Vec::new();
    for m in marks {
        let cx = (m.x0 + m.x1 + 1) as f32 / 2.0 * sx;
        let cy = (m.y0 + m.y1 + 1) as f32 / 2.0 * sy;
        // A mark inside a cut already searched was seen there.
        if cuts.iter().any(|c| {
            (c.0 as f32..c.2 as f32).contains(&cx) && (c.1 as f32..c.3 as f32).contains(&cy)
        }) {
            continue;
        }
        let Some((x0, y0, x1, y1)) = cut_around(m, (sx, sy), 32.0, full) else {
            continue;
        };
        cuts.push((x0, y0, x1, y1));
        looked += 1;
        let cut = crop(full, x0, y0, x1, y1).normalise(WORK_LONG_SIDE);
        if let Some(c) =
            detect::best_candidate_of(&cut, shapes).filter(|c| c.confidence >= detect::THRESHOLD)
        {
            let (cw, ch) = ((x1 - x0) as f32, (y1 - y0) as f32);
            let found = Candidate {
                cx: (x0 as f32 + c.cx * cw) / full.w as f32,
                cy: (y0 as f32 + c.cy * ch) / full.h as f32,
                r: c.r * cw.max(ch) / full.w.max(full.h) as f32,
                ..c
            };
            return (Some(found), looked);
        }
    }
    (None, looked)
}

/// The part `x0..x1` × `y0..y1` of a picture (bounds within it).
/// The cut of `img` around mark `m` of the working picture, whose pixels are `scale`
/// pixels of `img`: [`MARGIN`] times the mark's longer side and at least `min_side`,
/// inside the picture; `None` when less than 9 pixels of it are left either way.
fn cut_around(
    m: &Mark,
    (sx, sy): (f32, f32),
    min_side: f32,
    img: &Rgb,
) -> Option<(usize, usize, usize, usize)> {
    let cx = (m.x0 + m.x1 + 1) as f32 / 2.0 * sx;
    let cy = (m.y0 + m.y1 + 1) as f32 / 2.0 * sy;
    let side = ((m.x1 + 1 - m.x0).max(m.y1 + 1 - m.y0) as f32 * sx.max(sy) * MARGIN).max(min_side);
    let x0 = (cx - side / 2.0).max(0.0) as usize;
    let y0 = (cy - side / 2.0).max(0.0) as usize;
    let x1 = ((cx + side / 2.0) as usize).min(img.w);
    let y1 = ((cy + side / 2.0) as usize).min(img.h);
    (x1 > x0 + 8 && y1 > y0 + 8).then_some((x0, y0, x1, y1))
}

fn crop(img: &Rgb, x0: usize, y0: usize, x1: usize, y1: usize) -> Rgb {
    let (w, h) = (x1 - x0, y1 - y0);
    let mut px = Vec::with_capacity(w * h * 3);
    for y in y0..y1 {
        let row = (y * img.w + x0) * 3;
        px.extend_from_slice(&img.px[row..row + w * 3]);
    }
    Rgb { w, h, px }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(img: &mut Rgb, cx: f32, cy: f32, r: f32, t: f32) {
        for y in 0..img.h {
            for x in 0..img.w {
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                if (d - r).abs() <= t / 2.0 {
                    let i = (y * img.w + x) * 3;
                    img.px[i..i + 3].copy_from_slice(&[210, 30, 40]);
                }
            }
        }
    }

    #[test]
    fn small_round_marks_are_kept_and_lines_are_not() {
        let mut img = Rgb::white(200, 120);
        ring(&mut img, 50.0, 50.0, 9.0, 2.0);
        // A red rule: long and thin.
        for x in 100..190 {
            for y in 100..103 {
                let i = (y * 200 + x) * 3;
                img.px[i..i + 3].copy_from_slice(&[210, 30, 40]);
            }
        }
        let mask = detect::red_mask(&img);
        let marks = small_marks(&mask, img.w, img.h);
        assert_eq!(marks.len(), 1, "{marks:?}");
        assert!(marks[0].x0 >= 40 && marks[0].x1 <= 60);
    }

    #[test]
    fn pictures_not_reduced_are_not_looked_at_again() {
        let img = Rgb::white(300, 200);
        assert_eq!(
            search(&img, &detect::red_mask(&img), &img.clone()),
            (None, 0)
        );
    }

    #[test]
    fn crop_keeps_the_pixels() {
        let mut img = Rgb::white(10, 10);
        img.px[(3 * 10 + 4) * 3] = 7;
        let c = crop(&img, 4, 3, 6, 5);
        assert_eq!((c.w, c.h, c.px[0]), (2, 2, 7));
    }
}
