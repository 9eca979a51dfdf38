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
//! (each cut is at most the working size). A seal whose ring a red table's rules or a
//! stamp beside it join to other ink is no small part of its own; the circles the
//! search judged there at working size (too small to pass, see [`near_marks`]) are
//! looked at the same way, before the small marks, at most [`MAX_NEAR`] of them, up
//! to [`NEAR_SIDE`] working pixels across.
//!
//! A JPEG (a photo, or a scanned page inside a PDF) is decoded at reduced scale only.
//! A square 名章 of 17–24 mm on a scanned A4 page is some 25–35 px at working size,
//! where its characters' strokes run together and its inside reads as a solid block.
//! When nothing passed, the page has a small, about square red mark (its box at least
//! [`CLOSER_RATIO`]), and the search at working size fitted that mark as a square,
//! the JPEG is decoded once more at about [`raster::CLOSER_LONG_SIDE`] and such marks
//! are judged there as squares only ([`closer_jpeg`]): a second look at a badge would
//! only be another chance to take it for a seal. The decoding is paid only on pages
//! with such a mark. A 名章 whose frame is a few pixels thin in a phone photo leaves
//! no such mark: its frame fades at working size and its characters are marks of
//! their own, none of them the seal's size. Red marks lying close together whose box
//! is about square are grouped ([`glyph_clusters`]) and looked at closer as one mark;
//! what is found there counts only as an outline around the whole group (one of its
//! characters, or a bold digit in a red circle, is no 名章). When no square holds,
//! the most seal-like circle the search judged and turned down (see [`near_marks`];
//! up to [`NEAR_SIDE`] working pixels across) is judged again where it was in the
//! closer picture: a seal blurred in a phone photo, partly inked, or shown small in a
//! screenshot saved as JPEG, whose arc text the working size runs together, passes
//! there. One circle only ([`JPEG_NEAR`]), and without a search of its cut
//! ([`judged_closer`]): it is paid on every JPEG where nothing passed and such a circle exists.
//! A page's red vector drawing takes the same look ([`closer_circle`]) on the drawing
//! made again four times finer. In a picture, a circle is admitted to these looks by
//! its score or by the verifier's score before the convolutional second look moved it
//! down, on a vector drawing by its score only ([`Admit`]).
//!
//! The other way round, a mark that *passed* at working size is not always a seal: a
//! seal of 40 mm on a scanned or photographed A4 page is some 55 px across there, and
//! a badge's rays, dots or a dater's digits run together in its band like arc text.
//! So a round or oval candidate that passes with a score below [`CONFIRM_BELOW`] is
//! looked at again in the larger picture ([`search_judged`], [`confirm`]): its part, twice its
//! diameter across, is searched on its own at working size, where the seal is some
//! 200 px across; it stands only if a candidate passes there too, where it was (any
//! candidate the free search of the part judged, not only its best: a stamp in the
//! corner of the part may score higher than the seal; or, for a round mark, when
//! other red ink joined to it drew that search to another outline, judged at the
//! place and size it had: see [`detect::judge_at`]). One
//! turned down no longer counts, and the search goes on without its ink. This is the
//! same decoding as for the squares (once per picture), paid on pictures where a mark
//! passed at a modest score. The closer scale is the one that reaches
//! [`raster::CLOSER_LONG_SIDE`] or, when that would exceed the picture budget
//! (`[seal] max_pixels`), the largest within it ([`raster::closer_divisor`]): a page
//! scanned at 250 dpi is looked at half size rather than not at all.

use super::detect::{self, Candidate, RED_BITS};
use super::jpeg_cut;
use super::jpeg_dc::RowMarks;
use super::raster::{self, Rgb, WORK_LONG_SIDE};
use super::SealShape;
use std::borrow::Cow;

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
/// Red parts of a picture grouped into [`glyph_clusters`], at most: a picture full of
/// red specks (a red-tinted photo, a pattern) is not grouped at all (the grouping
/// compares every two parts).
const MAX_PARTS: usize = 1500;
/// Red pixels of a part grouped into [`glyph_clusters`] at least (a speck of one or two
/// pixels is noise, not a character's stroke).
const PART_INK: usize = 3;
/// Largest gap, in working pixels, between two red parts of one [`glyph_clusters`]
/// group: the white between a 名章's characters, or its columns.
const CLUSTER_GAP: usize = 3;
/// Shorter over longer side of a [`glyph_clusters`] group's box at least: a 名章's
/// characters photographed at a slant.
const CLUSTER_RATIO: f32 = 0.7;
/// Share of a [`glyph_clusters`] group's ink in the middle of its box at least: a
/// 名章's characters fill its inside, the pieces of a red frame broken by black text
/// over it lie along its edges.
const CLUSTER_CENTRE: f32 = 0.08;
/// Side of the outline found around a group of [`glyph_clusters`], relative to the
/// group's longer side, at least (the group's box at working size is a pixel or so
/// larger than its ink).
const GROUP_COVER: f32 = 0.9;
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
    /// Red parts it is made of: 1, or more for a group of [`glyph_clusters`], whose
    /// seal is an outline around all of them.
    pub parts: usize,
}

impl Mark {
    /// Width and height of its box.
    fn size(&self) -> (usize, usize) {
        (self.x1 + 1 - self.x0, self.y1 + 1 - self.y0)
    }

    /// The longer side of its box.
    fn long(&self) -> usize {
        let (bw, bh) = self.size();
        bw.max(bh)
    }

    /// Whether its box's shorter side is at least `ratio` of its longer side.
    fn about_square(&self, ratio: f32) -> bool {
        let (bw, bh) = self.size();
        bw.min(bh) as f32 >= ratio * bw.max(bh) as f32
    }

    /// Whether its box and `other`'s overlap.
    fn overlaps(&self, other: &Mark) -> bool {
        self.x0.max(other.x0) <= self.x1.min(other.x1)
            && self.y0.max(other.y0) <= self.y1.min(other.y1)
    }
}

/// The small red marks of a working picture's red mask (`detect::red_mask`), most ink
/// first, at most [`MAX_MARKS`]. Pixels of strong red ink up to two pixels apart
/// belong to one mark (a ring's arc text and its ring join).
pub(crate) fn small_marks(mask: &[u8], w: usize, h: usize) -> Vec<Mark> {
    small_marks_of(&red_parts(mask, w, h))
}

/// [`small_marks`] among the parts of [`red_parts`].
fn small_marks_of(parts: &[Mark]) -> Vec<Mark> {
    let mut marks: Vec<Mark> = parts
        .iter()
        .copied()
        .filter(|m| {
            (MARK_SIDE.0..=MARK_SIDE.1).contains(&m.long())
                && m.about_square(MARK_RATIO)
                && m.ink >= MARK_INK
        })
        .collect();
    marks.sort_by_key(|m| std::cmp::Reverse(m.ink));
    marks.truncate(MAX_MARKS);
    marks
}

/// Every part of a working picture's strong red ink, pixels up to two apart joined,
/// in the order found.
fn red_parts(mask: &[u8], w: usize, h: usize) -> Vec<Mark> {
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
            parts: 1,
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
        marks.push(m);
    }
    marks
}

/// Groups of red parts lying close together (gaps of at most [`CLUSTER_GAP`] working
/// pixels), two parts or more, whose box is about square ([`CLUSTER_RATIO`]) and of a
/// small mark's size: the characters of a 名章 whose thin frame the working scale
/// blurred away (its glyphs, or a column of two, are parts of their own, and a cut
/// around one of them would not hold the seal), with some of its ink in its middle
/// ([`CLUSTER_CENTRE`]). Most ink first, at most [`MAX_MARKS`]. `parts` are the
/// [`red_parts`] of `mask` (`w` wide).
fn glyph_clusters(parts: &[Mark], mask: &[u8], w: usize) -> Vec<Mark> {
    let parts: Vec<Mark> = parts
        .iter()
        .copied()
        .filter(|m| m.ink >= PART_INK && m.long() <= MARK_SIDE.1)
        .collect();
    if parts.len() > MAX_PARTS {
        return Vec::new();
    }
    // Single-linkage grouping: each part joins the group of every part near it.
    let mut group: Vec<usize> = (0..parts.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    let gap = |a: &Mark, b: &Mark| {
        let gx = a.x0.max(b.x0).saturating_sub(a.x1.min(b.x1) + 1);
        let gy = a.y0.max(b.y0).saturating_sub(a.y1.min(b.y1) + 1);
        gx.max(gy)
    };
    for i in 0..parts.len() {
        for j in i + 1..parts.len() {
            if gap(&parts[i], &parts[j]) <= CLUSTER_GAP {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut merged: Vec<Mark> = Vec::new();
    let mut slot = vec![usize::MAX; parts.len()];
    for (i, p) in parts.iter().enumerate() {
        let r = root(&mut group, i);
        if slot[r] == usize::MAX {
            slot[r] = merged.len();
            merged.push(*p);
        } else {
            let m = &mut merged[slot[r]];
            (m.x0, m.y0) = (m.x0.min(p.x0), m.y0.min(p.y0));
            (m.x1, m.y1) = (m.x1.max(p.x1), m.y1.max(p.y1));
            m.ink += p.ink;
            m.parts += p.parts;
        }
    }
    let mut clusters: Vec<Mark> = merged
        .into_iter()
        .filter(|m| {
            m.parts >= 2
                && (MARK_SIDE.0..=MARK_SIDE.1).contains(&m.long())
                && m.about_square(CLUSTER_RATIO)
                && m.ink >= MARK_INK
                && centre_ink(mask, w, m) as f32 >= CLUSTER_CENTRE * m.ink as f32
        })
        .collect();
    clusters.sort_by_key(|m| std::cmp::Reverse(m.ink));
    clusters.truncate(MAX_MARKS);
    clusters
}

/// Strong red pixels of `mask` (`w` wide) in the middle of mark `m`'s box: its middle
/// three fifths either way.
fn centre_ink(mask: &[u8], w: usize, m: &Mark) -> usize {
    let (bw, bh) = m.size();
    let (x0, x1) = (m.x0 + bw / 5, m.x1 + 1 - bw / 5);
    let (y0, y1) = (m.y0 + bh / 5, m.y1 + 1 - bh / 5);
    (y0..y1)
        .map(|y| {
            (x0..x1)
                .filter(|&x| mask.get(y * w + x).is_some_and(|&v| v & RED_BITS >= 2))
                .count()
        })
        .sum()
}

/// Searches the small red marks of `work` (the working picture of a picture decoded
/// at full size, which `closer` holds) again in the full-size picture, after the
/// circles judged near them ([`near_marks`], at most [`MAX_NEAR`]); the first
/// candidate that passes, its position and size relative to the whole picture, and
/// the number of marks looked at.
pub(crate) fn search(
    work: &Rgb,
    mask: &[u8],
    seen: &[Candidate],
    closer: &mut Closer,
    shapes: &[SealShape],
) -> (Option<Candidate>, usize) {
    let small = small_marks(mask, work.w, work.h);
    let near = near_marks(
        seen,
        work.w,
        work.h,
        &small,
        MAX_NEAR,
        Admit::BeforeSecondLook,
    );
    let (found, looked) = search_near(work, &near, closer, shapes);
    if found.is_some() {
        return (found, looked);
    }
    let (found, n) = search_marks_of(work, &small, closer, shapes);
    (found, looked + n)
}

/// The circles `near` ([`near_marks`]) looked at again in `closer`, as round and oval
/// marks only, each where it was (a seal found elsewhere in its cut, such as a piece
/// of a stamp beside it, does not count): the first that holds a seal, and the number
/// looked at.
fn search_near(
    work: &Rgb,
    near: &[Candidate],
    closer: &mut Closer,
    shapes: &[SealShape],
) -> (Option<Candidate>, usize) {
    let round = round_shapes(shapes);
    let mut looked = 0;
    for c in near {
        match look_near(c, work, closer, &round) {
            Some(Some(found)) => return (Some(found), looked + 1),
            Some(None) => looked += 1,
            None => {}
        }
    }
    (None, looked)
}

/// A candidate `c` of the working picture `work` (one of [`near_marks`]) looked at
/// again in `full`: the cut around it (as around a small mark) is searched, and a
/// seal found there counts when the cut holds it whole; the working fit of a seal
/// over a red table may lie off its centre, so a mark cut by the cut's edge is cut
/// again around itself, once, and searched there. When none holds, a round `c` is
/// judged where it was ([`judged_where_it_was`]), unless the first cut's search
/// judged that outline already. `None` when the cut is too small to tell.
fn look_near(
    c: &Candidate,
    work: &Rgb,
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Option<Candidate>> {
    let (fw, fh) = closer.size()?;
    if !twice_as_large(work, (fw, fh)) {
        return None;
    }
    let (sx, sy) = (fw as f32 / work.w as f32, fh as f32 / work.h as f32);
    let long = work.w.max(work.h) as f32;
    // The circle looked at, in pixels of the closer picture.
    let (mut cx, mut cy, mut r) = in_closer(c, work, (fw, fh));
    let mut first: Option<FirstCut> = None;
    // Whether the first cut's search judged the candidate's own outline.
    let mut judged_there = false;
    for again in [false, true] {
        let Some((x0, y0, x1, y1)) = cut_round((cx, cy, r), (fw, fh)) else {
            break;
        };
        let Some(cut) = closer.cut(x0, y0, x1, y1) else {
            break;
        };
        let cut = cut.normalise(WORK_LONG_SIDE);
        let (cw, ch) = ((x1 - x0) as f32, (y1 - y0) as f32);
        let clong = cut.w.max(cut.h) as f32;
        let (best, mask) = detect::best_candidate_and_mask(&cut, shapes);
        let size = (cut.w, cut.h);
        if let Some(n) = best {
            let (ncx, ncy, nr) = (n.cx * cut.w as f32, n.cy * cut.h as f32, n.r * clong);
            let inside = ncx - nr >= -1.0
                && ncy - nr >= -1.0
                && ncx + nr <= cut.w as f32 + 1.0
                && ncy + nr <= cut.h as f32 + 1.0;
            let k = cw.max(ch) / clong;
            let (fcx, fcy, fr) = (x0 as f32 + ncx * k, y0 as f32 + ncy * k, nr * k);
            if inside && n.confidence >= detect::THRESHOLD {
                let found = Candidate {
                    cx: fcx / fw as f32,
                    cy: fcy / fh as f32,
                    r: fr / fw.max(fh) as f32,
                    ..n
                };
                return Some(Some(found));
            }
            if first.is_none() {
                let k = clong / cw.max(ch);
                let at = ((cx - x0 as f32) * k, (cy - y0 as f32) * k, r * k);
                judged_there = same_outline(&n, size, at);
                first = Some((mask, size, (x0, y0, x1, y1)));
            }
            if !inside && !again && n.confidence >= NEAR_MIN && fr.is_finite() && fr >= 4.0 {
                (cx, cy, r) = (fcx, fcy, fr);
                continue;
            }
        } else if first.is_none() {
            first = Some((mask, size, (x0, y0, x1, y1)));
        }
        break;
    }
    // Judged where it was, in the first cut, unless its search judged that outline.
    let (mask, size, (x0, y0, x1, y1)) = first?;
    if judged_there || c.shape != SealShape::Round {
        return Some(None);
    }
    let (cw, ch) = ((x1 - x0) as f32, (y1 - y0) as f32);
    let k = size.0.max(size.1) as f32 / cw.max(ch);
    let at = (
        (c.cx * fw as f32 - x0 as f32) * k,
        (c.cy * fh as f32 - y0 as f32) * k,
        c.r * long * sx.max(sy) * k,
    );
    let found = judged_where_it_was(&mask, size, at, shapes);
    Some(found.map(|n| in_whole(n, (x0, y0, x1, y1), (fw, fh))))
}

/// The round and oval shapes among `shapes` (a circle looked at again is judged as one
/// of them only).
fn round_shapes(shapes: &[SealShape]) -> Vec<SealShape> {
    [SealShape::Round, SealShape::Oval]
        .into_iter()
        .filter(|s| shapes.contains(s))
        .collect()
}

/// Centre and radius of candidate `c` of the working picture `work` in pixels of a
/// closer picture of size `(fw, fh)`.
fn in_closer(c: &Candidate, work: &Rgb, (fw, fh): (usize, usize)) -> (f32, f32, f32) {
    let (sx, sy) = (fw as f32 / work.w as f32, fh as f32 / work.h as f32);
    let long = work.w.max(work.h) as f32;
    (
        c.cx * work.w as f32 * sx,
        c.cy * work.h as f32 * sy,
        c.r * long * sx.max(sy),
    )
}

/// The cut of a picture of size `(fw, fh)` around the circle `(cx, cy, r)`: [`MARGIN`]
/// times its diameter across and at least 32 px, inside the picture; `None` when less
/// than 9 px of it are left either way.
fn cut_round(
    (cx, cy, r): (f32, f32, f32),
    (fw, fh): (usize, usize),
) -> Option<(usize, usize, usize, usize)> {
    let side = (2.0 * r * MARGIN).max(32.0);
    let x0 = (cx - side / 2.0).max(0.0) as usize;
    let y0 = (cy - side / 2.0).max(0.0) as usize;
    let x1 = ((cx + side / 2.0).max(0.0) as usize).min(fw);
    let y1 = ((cy + side / 2.0).max(0.0) as usize).min(fh);
    (x1 >= x0 + 9 && y1 >= y0 + 9).then_some((x0, y0, x1, y1))
}

/// The red mask of the first cut [`look_near`] searched, the cut's size (after
/// [`Rgb::normalise`]) and its box in the whole picture.
type FirstCut = (Vec<u8>, (usize, usize), (usize, usize, usize, usize));

/// Candidate `n` of the cut `x0..x1` × `y0..y1` of a picture of `fw` × `fh` pixels,
/// its centre and radius relative to the whole picture.
fn in_whole(
    n: Candidate,
    (x0, y0, x1, y1): (usize, usize, usize, usize),
    (fw, fh): (usize, usize),
) -> Candidate {
    let (cw, ch) = ((x1 - x0) as f32, (y1 - y0) as f32);
    Candidate {
        cx: (x0 as f32 + n.cx * cw) / fw as f32,
        cy: (y0 as f32 + n.cy * ch) / fh as f32,
        r: n.r * cw.max(ch) / fw.max(fh) as f32,
        ..n
    }
}

/// Candidates of the working picture turned down at a score of at least this (in a
/// picture, or whose verifier's score before the convolutional second look was: see
/// [`Admit`]), and small enough for a closer look, are looked at closer too
/// ([`near_marks`]).
const NEAR_MIN: f32 = 0.1;
/// Such candidates looked at closer per picture, at most.
const MAX_NEAR: usize = 4;
/// As [`MAX_NEAR`] in a JPEG, whose closer look decodes its part again: the most
/// seal-like circle only (on the validation and training sets every seal such a look
/// found was the first; a third look found a red scrawl).
const JPEG_NEAR: usize = 1;
/// Largest diameter, in working pixels, of such a candidate. A small mark is at most
/// [`MARK_SIDE`]`.1` across; a circle the search judged may be larger: a partly inked
/// or blurred seal of 44–64 px in a JPEG whose arc text the working size blurs (chosen
/// on the validation sets: at 40 such seals were missed, at 80 one more badge was
/// taken and no seal found).
const NEAR_SIDE: usize = 64;

/// Which score admits a circle turned down to a closer look ([`near_marks`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Admit {
    /// Its score, or the verifier's before the convolutional second look moved it
    /// down: in a picture, blur, JPEG blocks and the working scale run a seal's arc
    /// text together, and the second look alone may push a seal far below the
    /// threshold (on the validation sets three seals so pushed below [`NEAR_MIN`] were
    /// found closer, and no false seal was added).
    BeforeSecondLook,
    /// Its score only: a page's vector drawing is drawn sharp, and there the circles
    /// admitted by the verifier's score took two badges in page headers for seals and
    /// found one seal (validation sets and 100 further gen_i files).
    Score,
}

impl Admit {
    fn score(self, c: &Candidate) -> f32 {
        match self {
            Admit::BeforeSecondLook => c.confidence.max(c.trees),
            Admit::Score => c.confidence,
        }
    }
}

/// Small marks that are not parts of their own: a seal of a screenshot whose ring a
/// red table's rules or a stamp beside it join to other ink makes no small part
/// ([`small_marks`]), but the search at working size judged a circle there (too
/// small to pass), or a seal whose arc text the working size blurred judged a
/// circle that fell short. Such round and oval candidates (see [`NEAR_MIN`]) from the
/// smallest size [`small_marks`] takes up to [`NEAR_SIDE`] across, best first, that
/// no mark of `marks` about as large holds, one per place, at most `max`; they are
/// looked at again as round and oval
/// marks only (a square's closer look is the small marks', and square red patterns
/// beside a red table or a stamp in a screenshot are icons and codes more often than
/// 名章 on the training sets).
pub(crate) fn near_marks(
    seen: &[Candidate],
    w: usize,
    h: usize,
    marks: &[Mark],
    max: usize,
    admit: Admit,
) -> Vec<Candidate> {
    let mut order: Vec<&Candidate> = seen
        .iter()
        .filter(|c| admit.score(c) >= NEAR_MIN && c.confidence < detect::THRESHOLD)
        .filter(|c| c.shape != SealShape::Square)
        .collect();
    // By score first: a circle admitted by its verifier's score alone comes after every
    // circle admitted before, so that no look taken before is displaced.
    order.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.trees.total_cmp(&a.trees))
    });
    let long = w.max(h) as f32;
    let mut near: Vec<Mark> = Vec::new();
    let mut picked: Vec<Candidate> = Vec::new();
    for c in order {
        let (cx, cy, r) = (c.cx * w as f32, c.cy * h as f32, c.r * long);
        let side = (2.0 * r).round() as usize;
        if !(MARK_SIDE.0..=NEAR_SIDE).contains(&side) || !cx.is_finite() || !cy.is_finite() {
            continue;
        }
        // A mark around the same centre and about as large is looked at already (a
        // smaller one, such as a seal's star standing apart from its ring, is not
        // cut wide enough to hold the ring). A circle picked before that is much
        // larger is not: its cut shows this one at a smaller scale, and the circle
        // judged there is the larger one (a seal's ring with red ink beside it).
        let holds = |m: &Mark| {
            (m.x0 as f32..=m.x1 as f32 + 1.0).contains(&cx)
                && (m.y0 as f32..=m.y1 as f32 + 1.0).contains(&cy)
                && m.long() as f32 >= 1.6 * r
        };
        let as_large = |m: &Mark| holds(m) && (m.long() as f32) <= 2.5 * r;
        if marks.iter().any(holds) || near.iter().any(as_large) {
            continue;
        }
        let x0 = (cx - r).max(0.0) as usize;
        let y0 = (cy - r).max(0.0) as usize;
        let x1 = ((cx + r).max(0.0) as usize).min(w.saturating_sub(1));
        let y1 = ((cy + r).max(0.0) as usize).min(h.saturating_sub(1));
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        near.push(Mark {
            x0,
            y0,
            x1,
            y1,
            ink: 0,
            parts: 1,
        });
        picked.push(*c);
        if picked.len() >= max {
            break;
        }
    }
    picked
}

/// A closer look at a JPEG searched at working size (`work`, whose red mask the search
/// made is `mask` and whose judged candidates are `seen`) where nothing passed: its
/// small square marks ([`square_marks`]), then the most seal-like circle turned down
/// ([`near_marks`], at most [`JPEG_NEAR`]), in the JPEG of `closer` decoded again at
/// about [`raster::CLOSER_LONG_SIDE`] (only the parts needed). `None` when there are no
/// such marks, the picture is not a JPEG, it cannot be decoded again, or no mark holds
/// a seal.
pub(crate) fn closer_jpeg(
    work: &Rgb,
    mask: &[u8],
    seen: &[Candidate],
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Candidate> {
    if !closer.is_jpeg() {
        return None;
    }
    if shapes.contains(&SealShape::Square) {
        if let Some(c) = closer_squares(work, &square_marks(work, mask), closer) {
            return Some(c);
        }
    }
    let near = near_circles(seen, work.w, work.h, Admit::BeforeSecondLook);
    closer_circle(work, &near, closer, shapes)
}

/// The circles the search of a `w`×`h` picture turned down that [`closer_circle`]
/// looks at: the most seal-like one ([`near_marks`], at most [`JPEG_NEAR`]).
pub(crate) fn near_circles(seen: &[Candidate], w: usize, h: usize, admit: Admit) -> Vec<Candidate> {
    near_marks(seen, w, h, &[], JPEG_NEAR, admit)
}

/// The circles `near` ([`near_circles`] of `work`) judged again where they were in the
/// closer picture `closer` ([`judged_closer`]): the first candidate there that passes.
/// Used for a JPEG ([`closer_jpeg`]) and for a page's red vector drawing drawn again
/// finer.
pub(crate) fn closer_circle(
    work: &Rgb,
    near: &[Candidate],
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Candidate> {
    near.iter()
        .find_map(|c| judged_closer(c, work, closer, shapes))
}

/// Round or oval candidate `c` of the working picture `work` judged again where it
/// was ([`detect::judge_at`]), in its cut of `closer` (as [`look_near`] cuts it): the
/// candidate there when it passes. The cut is not searched: on the validation sets the
/// outline judged where it was found every seal the search of the cut found, at a
/// sixth of the cost (a search of a cut full of red ink costs 30 ms on average, some
/// cuts 250 ms).
fn judged_closer(
    c: &Candidate,
    work: &Rgb,
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Candidate> {
    let (fw, fh) = closer.size()?;
    if !twice_as_large(work, (fw, fh)) {
        return None;
    }
    let (cx, cy, r) = in_closer(c, work, (fw, fh));
    let (x0, y0, x1, y1) = cut_round((cx, cy, r), (fw, fh))?;
    let cut = closer.cut(x0, y0, x1, y1)?.normalise(WORK_LONG_SIDE);
    let k = cut.w.max(cut.h) as f32 / (x1 - x0).max(y1 - y0) as f32;
    let at = ((cx - x0 as f32) * k, (cy - y0 as f32) * k, r * k);
    let mask = detect::red_mask(&cut);
    let round = round_shapes(shapes);
    detect::judge_at(&mask, (cut.w, cut.h), at, &round)
        .filter(|n| n.confidence >= detect::THRESHOLD)
        .map(|n| in_whole(n, (x0, y0, x1, y1), (fw, fh)))
}

/// The marks [`closer_squares`] looks at (the closer picture costs as much as the
/// search): those of [`small_marks`] that are about square and that the search at
/// working size already fitted as a square (whose inside it could not read at that
/// size), then groups of [`glyph_clusters`] that overlap none of them; at most
/// [`MAX_MARKS`].
pub(crate) fn square_marks(work: &Rgb, mask: &[u8]) -> Vec<Mark> {
    let parts = red_parts(mask, work.w, work.h);
    let mut marks = fitted_square_marks(work, small_marks_of(&parts));
    for c in glyph_clusters(&parts, mask, work.w) {
        if marks.len() < MAX_MARKS && !marks.iter().any(|m| m.overlaps(&c)) {
            marks.push(c);
        }
    }
    marks
}

/// The marks of `small` ([`small_marks`]) about square that the search at working size
/// fits as a square.
fn fitted_square_marks(work: &Rgb, small: Vec<Mark>) -> Vec<Mark> {
    small
        .into_iter()
        .filter(|m| m.about_square(CLOSER_RATIO))
        .filter(|m| {
            cut_around(m, (1.0, 1.0), 16.0, (work.w, work.h)).is_some_and(|(x0, y0, x1, y1)| {
                detect::best_candidate_of(&crop(work, x0, y0, x1, y1), &[SealShape::Square])
                    .is_some()
            })
        })
        .collect()
}

/// Searches `marks` of `work` (see [`square_marks`]) again in `closer`, as squares
/// only; the first that passes. `None` when there are none or none passes.
pub(crate) fn closer_squares(work: &Rgb, marks: &[Mark], closer: &mut Closer) -> Option<Candidate> {
    if marks.is_empty() {
        return None;
    }
    search_marks_of(work, marks, closer, &[SealShape::Square]).0
}

/// The picture a closer look cuts from: one at hand already (a PNG decoded at full
/// size), a JPEG at about [`raster::CLOSER_LONG_SIDE`] whose parts are decoded when
/// needed ([`jpeg_cut`]), or none.
pub(crate) enum Closer<'a> {
    None,
    Decoded(&'a Rgb),
    Jpeg(Box<JpegCloser<'a>>),
}

/// A JPEG looked at closer: its parts decoded one by one where [`jpeg_cut`] takes
/// it, else the whole picture decoded again once by `jpeg-decoder`.
pub(crate) struct JpegCloser<'a> {
    /// Fetches the JPEG's bytes the first time they are needed (a picture in a PDF
    /// may have to be taken out of a byte filter first).
    fetch: Option<JpegBytes<'a>>,
    data: Option<Cow<'a, [u8]>>,
    max_pixels: u64,
    /// The JPEG's header, its size at the closer scale and the DCT divisor, when
    /// parts can be decoded (`Some(None)`: they cannot).
    parts: Option<Option<(jpeg_cut::Header, usize, usize, usize)>>,
    /// The whole picture decoded again (`Some(None)`: it could not be).
    whole: Option<Option<Rgb>>,
    /// Where each row of MCUs starts, from the decoding at working size.
    marks: Option<RowMarks>,
}

/// Fetches a JPEG's bytes for [`Closer::Jpeg`].
pub(crate) type JpegBytes<'a> = Box<dyn FnOnce() -> Option<Cow<'a, [u8]>> + 'a>;

impl<'a> Closer<'a> {
    /// A JPEG's bytes (anything else gives [`Closer::None`]).
    pub(crate) fn jpeg(data: &'a [u8], max_pixels: u64) -> Closer<'a> {
        if data.starts_with(&[0xFF, 0xD8]) {
            Closer::jpeg_later(Box::new(move || Some(Cow::Borrowed(data))), max_pixels)
        } else {
            Closer::None
        }
    }

    /// A JPEG whose bytes `bytes` fetches when a closer look needs them.
    pub(crate) fn jpeg_later(bytes: JpegBytes<'a>, max_pixels: u64) -> Closer<'a> {
        Closer::Jpeg(Box::new(JpegCloser {
            fetch: Some(bytes),
            data: None,
            max_pixels,
            parts: None,
            whole: None,
            marks: None,
        }))
    }

    /// The same closer picture, with where each row of MCUs of the JPEG starts (from
    /// its decoding at working size): its parts are then decoded from their own first
    /// row on.
    pub(crate) fn with_row_marks(mut self, marks: Option<RowMarks>) -> Closer<'a> {
        if let Closer::Jpeg(j) = &mut self {
            j.marks = marks;
        }
        self
    }

    fn is_jpeg(&self) -> bool {
        matches!(self, Closer::Jpeg(_))
    }

    /// Size of the closer picture; `None` when there is none (or a JPEG cannot be
    /// decoded again).
    pub(crate) fn size(&mut self) -> Option<(usize, usize)> {
        match self {
            Closer::None => None,
            Closer::Decoded(img) => Some((img.w, img.h)),
            Closer::Jpeg(j) => match j.parts() {
                Some((w, h, _)) => Some((w, h)),
                None => j.whole().map(|img| (img.w, img.h)),
            },
        }
    }

    /// The part `x0..x1` × `y0..y1` of the closer picture (within [`Closer::size`]).
    pub(crate) fn cut(&mut self, x0: usize, y0: usize, x1: usize, y1: usize) -> Option<Rgb> {
        match self {
            Closer::None => None,
            Closer::Decoded(img) => (x0 < x1 && y0 < y1 && x1 <= img.w && y1 <= img.h)
                .then(|| crop(img, x0, y0, x1, y1)),
            Closer::Jpeg(j) => {
                if let Some((w, h, s)) = j.parts() {
                    if x0 >= x1 || y0 >= y1 || x1 > w || y1 > h {
                        return None;
                    }
                    let hd = j.parts.as_ref().and_then(Option::as_ref).map(|p| &p.0);
                    let part = j.data.as_deref().zip(hd).and_then(|(d, hd)| {
                        jpeg_cut::decode_cut(d, hd, s, (x0, y0, x1, y1), j.marks.as_ref())
                    });
                    if part.is_some() {
                        return part;
                    }
                    // Its data broke off before the part: `jpeg-decoder` judges it.
                    j.parts = Some(None);
                }
                let img = j.whole()?;
                (x1 <= img.w && y1 <= img.h && x0 < x1 && y0 < y1)
                    .then(|| crop(img, x0, y0, x1, y1))
            }
        }
    }
}

impl JpegCloser<'_> {
    fn data(&mut self) -> Option<&[u8]> {
        if self.data.is_none() {
            self.data = self.fetch.take().and_then(|f| f());
        }
        self.data.as_deref()
    }

    /// Size and divisor of the closer scale when [`jpeg_cut`] takes the JPEG and the
    /// picture at that scale is within the pixel budget.
    fn parts(&mut self) -> Option<(usize, usize, usize)> {
        if self.parts.is_none() {
            let max_pixels = self.max_pixels;
            let got = self.data().and_then(jpeg_cut::header).and_then(|hd| {
                let (w, h, s) = jpeg_cut::scaled_size(&hd, |w, h| {
                    raster::closer_divisor(w, h, max_pixels).unwrap_or(0)
                })?;
                Some((hd, w, h, s))
            });
            self.parts = Some(got);
        }
        self.parts
            .as_ref()
            .and_then(Option::as_ref)
            .map(|&(_, w, h, s)| (w, h, s))
    }

    /// The whole picture decoded again by `jpeg-decoder` (once).
    fn whole(&mut self) -> Option<&Rgb> {
        if self.whole.is_none() {
            let max_pixels = self.max_pixels;
            let img = self
                .data()
                .and_then(|d| raster::decode_jpeg_closer(d, max_pixels).ok());
            self.whole = Some(img);
        }
        self.whole.as_ref().and_then(Option::as_ref)
    }
}

/// What a search of a working picture with closer looks found.
pub(crate) struct Judged {
    /// The first candidate that passed and held at a closer look.
    pub found: Option<Candidate>,
    /// The most seal-like candidate of the working picture: when nothing is found,
    /// the one turned down (at working size, or at a closer look after it passed
    /// there).
    pub best: Option<Candidate>,
    /// The red mask of the working picture (for the closer look at small marks).
    pub mask: Vec<u8>,
    /// Every candidate the first search of the working picture judged (for the
    /// closer look at small marks joined to other red ink, see [`near_marks`]).
    pub seen: Vec<Candidate>,
}

/// Searches `work`: a round or oval candidate that passes with a score below
/// [`CONFIRM_BELOW`] is looked at again in `closer` ([`confirm`]); squares are not
/// (on the training and validation sets a second look turned down more square seals
/// than square look-alikes); one that does not hold there is turned
/// down, its ink is taken out of the mask and the search goes on (at most
/// [`CONFIRM_ROUNDS`] times), so that a badge beside a seal does not hide the seal.
/// When nothing passes, candidates that only the convolutional second look turned
/// down are looked at in `closer` too ([`overruled_closer`]). `work` is a whole
/// picture: a square seal it is cut tight round is searched inside a margin too
/// ([`detect::search_whole`]).
pub(crate) fn search_judged(work: &Rgb, shapes: &[SealShape], closer: &mut Closer) -> Judged {
    let (first, mask, seen) = detect::search_whole(work, shapes);
    judge_searched(work, shapes, closer, (first, mask, seen))
}

/// As [`search_judged`], for a picture already searched: `searched` is what
/// [`detect::search_picture`] gave for `work` (its best candidate, red mask and every
/// candidate judged), so that a caller holding them does not search again.
pub(crate) fn judge_searched(
    work: &Rgb,
    shapes: &[SealShape],
    closer: &mut Closer,
    (first, mask, seen): (Option<Candidate>, Vec<u8>, Vec<Candidate>),
) -> Judged {
    let mut judged = Judged {
        found: None,
        best: first,
        mask,
        seen,
    };
    let mut cand = first;
    let mut searched: Option<Vec<u8>> = None;
    for round in 0..=CONFIRM_ROUNDS {
        let Some(c) = cand.filter(|c| c.confidence >= detect::THRESHOLD) else {
            break;
        };
        let held = if c.confidence >= CONFIRM_BELOW || c.shape == SealShape::Square {
            None
        } else {
            confirm(&c, work, closer, shapes)
        };
        if held != Some(None) {
            judged.found = Some(c);
            return judged;
        }
        if round == CONFIRM_ROUNDS {
            break;
        }
        // Take the candidate's ink out and search again.
        let m = searched.get_or_insert_with(|| judged.mask.clone());
        blank_disc(m, work.w, work.h, &c);
        cand = detect::best_in_mask_of(m, work.w, work.h, shapes);
    }
    judged.found = overruled_closer(&judged.seen, work, closer, shapes);
    judged
}

/// A round or oval candidate that the trees passed and the convolutional second look
/// turned down at working size, looked at again in `closer` ([`confirm`]): the first,
/// most seal-like by the trees, that passes there (its score that of the closer
/// look), at most [`OVERRULED_LOOKS`] of them. At working size a seal of 40 mm on a
/// photographed page is some 100 px across and its arc text a pixel or two high, so
/// the network sees a ring with an empty band, as on a badge; in the closer picture
/// the same network reads the band. Without a closer picture its verdict stands.
fn overruled_closer(
    seen: &[Candidate],
    work: &Rgb,
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Candidate> {
    let mut order: Vec<&Candidate> = seen
        .iter()
        .filter(|c| c.trees >= detect::THRESHOLD && c.confidence < detect::THRESHOLD)
        .filter(|c| c.shape != SealShape::Square)
        .collect();
    order.sort_by(|a, b| b.trees.total_cmp(&a.trees));
    let long = work.w.max(work.h) as f32;
    let mut looked: Vec<&Candidate> = Vec::new();
    for c in order {
        if looked.len() >= OVERRULED_LOOKS {
            break;
        }
        // The same mark fitted twice (a joined part and its end) is looked at once.
        let at = (c.cx * work.w as f32, c.cy * work.h as f32, c.r * long);
        if looked.iter().any(|l| same_outline(l, (work.w, work.h), at)) {
            continue;
        }
        looked.push(c);
        if let Some(Some(score)) = confirm(c, work, closer, shapes) {
            return Some(Candidate {
                confidence: score,
                ..*c
            });
        }
    }
    None
}

/// Candidates turned down by the convolutional second look only, looked at closer per
/// picture, at most ([`overruled_closer`]).
const OVERRULED_LOOKS: usize = 2;

/// Working score under which a candidate that passed is looked at again
/// ([`search_judged`]). Chosen on the validation sets: every false seal there scored
/// below 0.99, and a true seal scoring higher is not worth a second decoding.
pub(crate) const CONFIRM_BELOW: f32 = 0.99;
/// Candidates turned down at a closer look per picture, at most, before the search
/// gives up on it.
const CONFIRM_ROUNDS: usize = 2;
/// Side of the cut of a closer look at a candidate, relative to its diameter.
const CONFIRM_SIDE: f32 = 2.0;
/// How far, as a share of the cut's side, the seal found in the cut may lie from the
/// candidate's centre and still be the same mark.
const CONFIRM_NEAR: f32 = 0.2;

/// Whether candidate `c` of the working picture `work` holds when its part of `full`
/// (the same picture at a larger scale) is searched on its own at working size, where
/// its arc text, rays or dots are several pixels wide: `Some(Some(score))` when a
/// candidate that passes lies where it was (any the search of the part judged; the
/// highest score of those), `Some(None)` when none does, `None` when `full` is not at
/// least twice the working scale or the cut is too small to tell.
pub(crate) fn confirm(
    c: &Candidate,
    work: &Rgb,
    closer: &mut Closer,
    shapes: &[SealShape],
) -> Option<Option<f32>> {
    let (fw, fh) = closer.size()?;
    if !twice_as_large(work, (fw, fh)) {
        return None;
    }
    let long = fw.max(fh) as f32;
    let (cx, cy) = (c.cx * fw as f32, c.cy * fh as f32);
    let side = 2.0 * c.r * long * CONFIRM_SIDE;
    let x0 = (cx - side / 2.0).max(0.0) as usize;
    let y0 = (cy - side / 2.0).max(0.0) as usize;
    let x1 = ((cx + side / 2.0).max(0.0) as usize).min(fw);
    let y1 = ((cy + side / 2.0).max(0.0) as usize).min(fh);
    // The candidate must be larger in the cut than at working size, or the second
    // look would see nothing new.
    let work_side = side * work.w.max(work.h) as f32 / long;
    if x1 < x0 + 32 || y1 < y0 + 32 || ((x1 - x0).max(y1 - y0) as f32) < 1.8 * work_side {
        return None;
    }
    let cut = closer.cut(x0, y0, x1, y1)?.normalise(WORK_LONG_SIDE);
    let (cw, ch) = ((x1 - x0) as f32, (y1 - y0) as f32);
    let near = CONFIRM_NEAR * cw.max(ch);
    let holds = |n: &Candidate| {
        n.confidence >= detect::THRESHOLD
            && (x0 as f32 + n.cx * cw - cx).abs() <= near
            && (y0 as f32 + n.cy * ch - cy).abs() <= near
    };
    let (best, mask, seen) = detect::search_picture(&cut, shapes);
    let size = (cut.w, cut.h);
    let held = best
        .iter()
        .chain(seen.iter())
        .filter(|n| holds(n))
        .map(|n| n.confidence)
        .reduce(f32::max);
    if held.is_some() {
        return Some(held);
    }
    // Another red mark joined to it (a red table's rules, a stamp) may have drawn the
    // free search to another outline: a round candidate is judged where it was, too,
    // unless the outline the search judged was that one (see [`judged_where_it_was`]).
    let k = cut.w.max(cut.h) as f32 / cw.max(ch);
    let at = ((cx - x0 as f32) * k, (cy - y0 as f32) * k, c.r * long * k);
    if c.shape != SealShape::Round || best.is_some_and(|n| same_outline(&n, size, at)) {
        return Some(None);
    }
    Some(
        judged_where_it_was(&mask, size, at, shapes)
            .filter(holds)
            .map(|n| n.confidence),
    )
}

/// A round candidate judged at `at` in a picture of size `size` whose red mask the
/// search made is `mask` ([`detect::judge_at`]), when it passes there as a round
/// outline. Round only: a loop drawn by hand round a word, judged
/// on its own, passes for an oval seal too often (on the project's own generator),
/// and the seals a red table or a stamp joins to other ink are round ones mostly.
fn judged_where_it_was(
    mask: &[u8],
    size: (usize, usize),
    at: (f32, f32, f32),
    shapes: &[SealShape],
) -> Option<Candidate> {
    detect::judge_at(mask, size, at, shapes)
        .filter(|n| n.shape == SealShape::Round && n.confidence >= detect::THRESHOLD)
}

/// Whether candidate `n` of a picture of size `(w, h)` has about the outline
/// `(cx, cy, r)` (pixels of that picture): its centre within [`SAME_OUTLINE`]`.0` × `r` of it and its radius
/// within [`SAME_OUTLINE`]`.1` × `r`.
fn same_outline(n: &Candidate, (w, h): (usize, usize), (cx, cy, r): (f32, f32, f32)) -> bool {
    let long = w.max(h) as f32;
    let (ncx, ncy, nr) = (n.cx * w as f32, n.cy * h as f32, n.r * long);
    ((ncx - cx).powi(2) + (ncy - cy).powi(2)).sqrt() <= SAME_OUTLINE.0 * r
        && (nr - r).abs() <= SAME_OUTLINE.1 * r
}

/// See [`same_outline`]: a circle fitted at a scale four times smaller is off by a
/// working pixel or so, which is a tenth of a seal's radius there.
const SAME_OUTLINE: (f32, f32) = (0.25, 0.15);

/// Whether a closer picture of size `(fw, fh)` is at least twice the scale of `work`
/// (a pixel short for the rounding of two DCT scales of an odd size: a page of
/// 2066 px is 517 px at 1/4 and 1033 px at 1/2).
fn twice_as_large(work: &Rgb, (fw, fh): (usize, usize)) -> bool {
    work.w > 0 && work.h > 0 && fw + 1 >= work.w * 2 && fh + 1 >= work.h * 2
}

/// Clears the mask within 1.2 × the radius of candidate `c` (a working-picture mask).
fn blank_disc(mask: &mut [u8], w: usize, h: usize, c: &Candidate) {
    let long = w.max(h) as f32;
    let (cx, cy, r) = (c.cx * w as f32, c.cy * h as f32, 1.2 * c.r * long + 1.0);
    let y0 = (cy - r).max(0.0) as usize;
    let y1 = ((cy + r).max(0.0) as usize + 1).min(h);
    let x0 = (cx - r).max(0.0) as usize;
    let x1 = ((cx + r).max(0.0) as usize + 1).min(w);
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            if dx * dx + dy * dy <= r * r {
                if let Some(m) = mask.get_mut(y * w + x) {
                    *m = 0;
                }
            }
        }
    }
}

/// Searches `marks` of `work` again in `full` (as [`search`]), among candidates of
/// the given outline shapes only.
fn search_marks_of(
    work: &Rgb,
    marks: &[Mark],
    closer: &mut Closer,
    shapes: &[SealShape],
) -> (Option<Candidate>, usize) {
    let Some((fw, fh)) = closer.size() else {
        return (None, 0);
    };
    if !twice_as_large(work, (fw, fh)) {
        return (None, 0);
    }
    let (sx, sy) = (fw as f32 / work.w as f32, fh as f32 / work.h as f32);
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
        let Some((x0, y0, x1, y1)) = cut_around(m, (sx, sy), 32.0, (fw, fh)) else {
            continue;
        };
        cuts.push((x0, y0, x1, y1));
        looked += 1;
        let Some(cut) = closer.cut(x0, y0, x1, y1) else {
            continue;
        };
        let cut = cut.normalise(WORK_LONG_SIDE);
        // A group's seal is an outline around all of its parts, not one of them.
        let group = (m.long() as f32 * sx.max(sy)) / (x1 - x0).max(y1 - y0) as f32;
        if let Some(c) = detect::best_candidate_of(&cut, shapes)
            .filter(|c| c.confidence >= detect::THRESHOLD)
            .filter(|c| m.parts < 2 || 2.0 * c.r >= GROUP_COVER * group)
        {
            return (Some(in_whole(c, (x0, y0, x1, y1), (fw, fh))), looked);
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
    (w, h): (usize, usize),
) -> Option<(usize, usize, usize, usize)> {
    let cx = (m.x0 + m.x1 + 1) as f32 / 2.0 * sx;
    let cy = (m.y0 + m.y1 + 1) as f32 / 2.0 * sy;
    let side = (m.long() as f32 * sx.max(sy) * MARGIN).max(min_side);
    let x0 = (cx - side / 2.0).max(0.0) as usize;
    let y0 = (cy - side / 2.0).max(0.0) as usize;
    let x1 = ((cx + side / 2.0) as usize).min(w);
    let y1 = ((cy + side / 2.0) as usize).min(h);
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

    #[test]
    fn two_scales_of_an_odd_size_are_twice_as_large() {
        let work = Rgb {
            w: 517,
            h: 731,
            px: vec![255; 517 * 731 * 3],
        };
        // 2066×2923 at 1/4 and at 1/2.
        assert!(twice_as_large(&work, (1033, 1462)));
        assert!(twice_as_large(&work, (1034, 1462)));
        assert!(!twice_as_large(&work, (1031, 1462)));
        assert!(!twice_as_large(&work, (1033, 1400)));
        let empty = Rgb {
            w: 0,
            h: 0,
            px: Vec::new(),
        };
        assert!(!twice_as_large(&empty, (1, 1)));
    }

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
        block(&mut img, (100, 100, 190, 103));
        let mask = detect::red_mask(&img);
        let marks = small_marks(&mask, img.w, img.h);
        assert_eq!(marks.len(), 1, "{marks:?}");
        assert!(marks[0].x0 >= 40 && marks[0].x1 <= 60);
    }

    /// Paints the box `x0..x1` × `y0..y1` of `img` seal red.
    fn block(img: &mut Rgb, (x0, y0, x1, y1): (usize, usize, usize, usize)) {
        for y in y0..y1 {
            for x in x0..x1 {
                let i = (y * img.w + x) * 3;
                img.px[i..i + 3].copy_from_slice(&[210, 30, 40]);
            }
        }
    }

    #[test]
    fn characters_close_together_are_one_cluster_and_a_line_of_text_is_not() {
        let mut img = Rgb::white(300, 120);
        // Two columns of two characters each, 3 px apart: no part of its own is the
        // seal's size, each column is too long to be a small mark.
        for (x0, y0) in [(20, 20), (20, 33), (33, 20), (33, 33)] {
            block(&mut img, (x0, y0, x0 + 10, y0 + 10));
        }
        // A line of red characters: as close together, but long.
        for k in 0..8 {
            block(&mut img, (80 + 13 * k, 80, 90 + 13 * k, 90));
        }
        // A character on its own.
        block(&mut img, (200, 20, 210, 30));
        // A red frame in four pieces (black text over its corners): a group, but its
        // middle is empty.
        block(&mut img, (245, 20, 266, 22));
        block(&mut img, (245, 49, 266, 51));
        block(&mut img, (240, 25, 242, 46));
        block(&mut img, (269, 25, 271, 46));
        let mask = detect::red_mask(&img);
        let parts = red_parts(&mask, img.w, img.h);
        assert_eq!(parts.len(), 4 + 8 + 1 + 4);
        let clusters = glyph_clusters(&parts, &mask, img.w);
        assert_eq!(clusters.len(), 1, "{clusters:?}");
        let c = clusters[0];
        assert_eq!((c.x0, c.y0, c.x1, c.y1), (20, 20, 42, 42));
        assert_eq!(c.ink, 400);
    }

    #[test]
    fn a_picture_full_of_red_specks_is_not_grouped() {
        // The four characters of the test above, among more specks of three pixels
        // each than are grouped at most: no group, rather than a cost that grows with
        // the square of the specks.
        let mut img = Rgb::white(400, 400);
        for (x0, y0) in [(20, 20), (20, 33), (33, 20), (33, 33)] {
            block(&mut img, (x0, y0, x0 + 10, y0 + 10));
        }
        let mask = detect::red_mask(&img);
        let few = glyph_clusters(&red_parts(&mask, img.w, img.h), &mask, img.w);
        assert_eq!(few.len(), 1);
        for y in (60..400).step_by(5) {
            for x in (0..400).step_by(6) {
                block(&mut img, (x, y, x + 3, y + 1));
            }
        }
        let mask = detect::red_mask(&img);
        let parts = red_parts(&mask, img.w, img.h);
        assert!(parts.len() > MAX_PARTS + 4);
        assert!(glyph_clusters(&parts, &mask, img.w).is_empty());
    }

    #[test]
    fn pictures_not_reduced_are_not_looked_at_again() {
        let img = Rgb::white(300, 200);
        let same = img.clone();
        let mut closer = Closer::Decoded(&same);
        assert_eq!(
            search(
                &img,
                &detect::red_mask(&img),
                &[],
                &mut closer,
                &SealShape::ALL
            ),
            (None, 0)
        );
    }

    fn candidate(cx: f32, cy: f32, r: f32, confidence: f32) -> Candidate {
        Candidate {
            confidence,
            cx,
            cy,
            r,
            visible: 1.0,
            parts: [1.0; 9],
            measures: [0.0; 8],
            shape: SealShape::Round,
            trees: confidence,
        }
    }

    #[test]
    fn circles_turned_down_at_working_size_are_looked_at_again() {
        // A 400 × 300 working picture: a circle of 9 px radius at (100, 150) turned
        // down at 0.3, the same circle judged again at 0.25, one too weak (0.05), one
        // that passed (no closer look needed), one too large (80 px across) and one
        // too small.
        let seen = [
            candidate(0.25, 0.5, 9.0 / 400.0, 0.3),
            candidate(0.2525, 0.5, 9.5 / 400.0, 0.25),
            candidate(0.75, 0.5, 9.0 / 400.0, 0.05),
            candidate(0.5, 0.2, 9.0 / 400.0, 0.7),
            candidate(0.5, 0.8, 40.0 / 400.0, 0.4),
            candidate(0.9, 0.2, 2.0 / 400.0, 0.4),
        ];
        let near = near_marks(&seen, 400, 300, &[], MAX_NEAR, Admit::BeforeSecondLook);
        assert_eq!(near, vec![seen[0]]);
        // A circle 60 px across (a blurred or partly inked seal in a JPEG) is taken,
        // and a much larger circle picked first around the same centre does not
        // hide a smaller one; one about as large does.
        let wide = [
            candidate(0.25, 0.5, 30.0 / 400.0, 0.4),
            candidate(0.25, 0.5, 10.0 / 400.0, 0.3),
            candidate(0.2525, 0.5, 9.0 / 400.0, 0.2),
        ];
        assert_eq!(
            near_marks(&wide, 400, 300, &[], MAX_NEAR, Admit::BeforeSecondLook),
            vec![wide[0], wide[1]]
        );
        // The most seal-like only in a JPEG.
        assert_eq!(
            near_marks(&wide, 400, 300, &[], JPEG_NEAR, Admit::BeforeSecondLook),
            vec![wide[0]]
        );
        // A small mark about as large around its centre is looked at already; a
        // smaller one (a seal's star apart from its ring) is not enough.
        let same = Mark {
            x0: 92,
            y0: 142,
            x1: 108,
            y1: 158,
            ink: 40,
            parts: 1,
        };
        assert!(near_marks(&seen, 400, 300, &[same], MAX_NEAR, Admit::BeforeSecondLook).is_empty());
        let star = Mark {
            x0: 97,
            y0: 147,
            x1: 103,
            y1: 153,
            ink: 20,
            parts: 1,
        };
        assert_eq!(
            near_marks(&seen, 400, 300, &[star], MAX_NEAR, Admit::BeforeSecondLook),
            near
        );
        // At most MAX_NEAR, best first.
        let many: Vec<Candidate> = (0..10)
            .map(|i| {
                candidate(
                    0.05 + 0.09 * i as f32,
                    0.5,
                    8.0 / 400.0,
                    0.2 + 0.02 * i as f32,
                )
            })
            .collect();
        let near = near_marks(&many, 400, 300, &[], MAX_NEAR, Admit::BeforeSecondLook);
        assert_eq!(near.len(), MAX_NEAR);
        assert_eq!(near[0], many[9]);
        assert_eq!(near[MAX_NEAR - 1], many[10 - MAX_NEAR]);
        // A circle the convolutional second look alone pushed down to 0.03 counts by
        // the verifier's score before it (0.35), after one at 0.2.
        let pushed = Candidate {
            trees: 0.35,
            ..candidate(0.75, 0.5, 9.0 / 400.0, 0.03)
        };
        let other = candidate(0.25, 0.5, 9.0 / 400.0, 0.2);
        assert_eq!(
            near_marks(
                &[pushed, other],
                400,
                300,
                &[],
                MAX_NEAR,
                Admit::BeforeSecondLook
            ),
            vec![other, pushed]
        );
        // On a vector drawing its score alone counts.
        assert_eq!(
            near_marks(&[other, pushed], 400, 300, &[], MAX_NEAR, Admit::Score),
            vec![other]
        );
        let weak = Candidate {
            trees: 0.05,
            ..candidate(0.75, 0.5, 9.0 / 400.0, 0.03)
        };
        assert!(near_marks(&[weak], 400, 300, &[], MAX_NEAR, Admit::BeforeSecondLook).is_empty());
    }

    #[test]
    fn no_closer_look_without_a_larger_picture() {
        let work = Rgb::white(400, 300);
        let c = candidate(0.5, 0.5, 0.05, 0.7);
        let look = |full: &Rgb| confirm(&c, &work, &mut Closer::Decoded(full), &SealShape::ALL);
        // The same scale, or less than twice it: nothing new to see.
        assert_eq!(look(&work.clone()), None);
        assert_eq!(look(&Rgb::white(700, 520)), None);
        // Four times larger and blank where the candidate was: it does not hold.
        assert_eq!(look(&Rgb::white(1600, 1200)), Some(None));
    }

    #[test]
    fn a_closer_look_cuts_around_the_candidate_even_at_the_edge() {
        let work = Rgb::white(400, 300);
        // A candidate centred on the corner, and one outside the picture (a damaged
        // fit): cut within the picture, or not looked at, never a panic.
        let full = Rgb::white(1600, 1200);
        for c in [
            candidate(0.0, 0.0, 0.1, 0.7),
            candidate(1.0, 1.0, 0.1, 0.7),
            candidate(-3.0, 7.0, 0.1, 0.7),
            candidate(0.5, 0.5, 0.0, 0.7),
        ] {
            assert!(
                confirm(&c, &work, &mut Closer::Decoded(&full), &SealShape::ALL)
                    .flatten()
                    .is_none()
            );
        }
    }

    #[test]
    fn a_jpeg_is_cut_without_decoding_it_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let data = std::fs::read(dir.join("seal/ray-badge-photo.jpg")).unwrap();
        let mut closer = Closer::jpeg(&data, u64::MAX);
        let (w, h) = closer.size().unwrap();
        assert!(w.max(h) >= raster::CLOSER_LONG_SIDE);
        let part = closer.cut(w / 4, h / 3, w / 2, h / 2).unwrap();
        assert_eq!((part.w, part.h), (w / 2 - w / 4, h / 2 - h / 3));
        assert!(jpeg_of(&closer).whole.is_none(), "decoded whole");
        // Beyond the picture: nothing, and no whole decoding either.
        assert!(closer.cut(w / 2, h / 2, w + 1, h).is_none());
        assert!(closer.cut(w / 2, h / 2, w / 2, h).is_none());
        let j = jpeg_of(&closer);
        assert!(j.whole.is_none() && j.parts.as_ref().is_some_and(Option::is_some));
        // A progressive JPEG is decoded whole, once, and cut from.
        let data = std::fs::read(dir.join("jpeg/cjpeg-progressive.jpg")).unwrap();
        let mut closer = Closer::jpeg(&data, u64::MAX);
        let (w, h) = closer.size().unwrap();
        let part = closer.cut(0, 0, w / 2, h / 2).unwrap();
        assert_eq!((part.w, part.h), (w / 2, h / 2));
        assert!(jpeg_of(&closer).whole.as_ref().is_some_and(Option::is_some));
    }

    fn jpeg_of<'c, 'a>(closer: &'c Closer<'a>) -> &'c JpegCloser<'a> {
        match closer {
            Closer::Jpeg(j) => j,
            _ => panic!("not a JPEG closer"),
        }
    }

    #[test]
    fn blanking_a_candidate_clears_its_disc_only() {
        let (w, h) = (100, 80);
        let mut mask = vec![RED_BITS; w * h];
        // r is a share of the longer side: 0.1 × 100 = 10 px, cleared to 1.2 × + 1.
        blank_disc(&mut mask, w, h, &candidate(0.5, 0.5, 0.1, 0.9));
        assert_eq!(mask[40 * w + 50], 0);
        assert_eq!(mask[40 * w + 62], 0);
        assert_eq!(mask[40 * w + 65], RED_BITS);
        assert_eq!(mask[5 * w + 5], RED_BITS);
        // At the edge and beyond it: no panic, the part inside is cleared.
        blank_disc(&mut mask, w, h, &candidate(1.0, 1.0, 0.1, 0.9));
        assert_eq!(mask[(h - 1) * w + w - 1], 0);
        blank_disc(&mut mask, w, h, &candidate(-5.0, 9.0, 0.3, 0.9));
    }

    /// A JPEG of `fixtures/seal/`: its bytes and its working picture.
    fn photo_fixture(name: &str) -> (Vec<u8>, Rgb) {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/seal")
            .join(name);
        let data = std::fs::read(&p).expect("fixture");
        let work = raster::decode_jpeg(&data, 50_000_000).expect("decodes");
        (data, work)
    }

    #[test]
    fn a_badge_turned_down_closer_is_the_best_rejected_mark() {
        // A phone photo of a page with a badge of rays and no arc text: it passes at
        // working size, not at the closer look; the search reports nothing found
        // and keeps the badge as the most seal-like mark turned down.
        let (data, work) = photo_fixture("ray-badge-photo.jpg");
        let shapes = SealShape::ALL;
        let (first, _) = detect::best_candidate_and_mask(&work, &shapes);
        let first = first.expect("a candidate");
        assert!(first.confidence >= detect::THRESHOLD && first.confidence < CONFIRM_BELOW);
        let judged = search_judged(&work, &shapes, &mut Closer::jpeg(&data, 50_000_000));
        assert!(judged.found.is_none());
        assert_eq!(judged.best.map(|b| b.confidence), Some(first.confidence));
        // With a picture budget below its size (2.7 million pixels), it is looked at
        // closer at half size (673×1000), the largest scale within the budget, and
        // still turned down there.
        let mut closer = Closer::jpeg(&data, 2_000_000);
        assert_eq!(closer.size(), Some((673, 1000)));
        let judged = search_judged(&work, &shapes, &mut closer);
        assert!(judged.found.is_none());
        // With no larger picture at hand, the working verdict stands.
        let judged = search_judged(&work, &shapes, &mut Closer::None);
        assert_eq!(judged.found.map(|b| b.confidence), Some(first.confidence));
    }

    #[test]
    fn a_seal_the_network_alone_turned_down_is_looked_at_closer() {
        // A phone photo whose seal (thick ring, thin inner ring, arc text two or
        // three pixels high, red handwriting across) reads at working size as a
        // badge: the trees pass it, the network turns it down. In the closer picture
        // it passes; with none at hand the network's verdict stands.
        let (data, work) = photo_fixture("seal-beside-approved-photo.jpg");
        let shapes = SealShape::ALL;
        let (_, _, seen) = detect::search_picture(&work, &shapes);
        assert!(seen
            .iter()
            .any(|c| c.trees >= detect::THRESHOLD && c.confidence < detect::THRESHOLD));
        let judged = search_judged(&work, &shapes, &mut Closer::None);
        assert!(judged.found.is_none());
        let judged = search_judged(&work, &shapes, &mut Closer::jpeg(&data, 50_000_000));
        let found = judged.found.expect("found at the closer look");
        assert!(found.confidence >= detect::THRESHOLD, "{found:?}");
        assert!(found.trees >= detect::THRESHOLD, "{found:?}");
        // The seal lies right of the page's middle, low on it (not the stamp above).
        assert!(found.cx > 0.6 && found.cy > 0.7, "{found:?}");
    }

    #[test]
    fn crop_keeps_the_pixels() {
        let mut img = Rgb::white(10, 10);
        img.px[(3 * 10 + 4) * 3] = 7;
        let c = crop(&img, 4, 3, 6, 5);
        assert_eq!((c.w, c.h, c.px[0]), (2, 2, 7));
    }
}
