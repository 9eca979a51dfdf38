//! Seals in PDF files: signature fields, page images and red vector drawings.
//!
//! Order: a signed signature field (`/FT /Sig` with a value) anywhere is an electronic
//! seal. Otherwise pages are searched last page first, then from the first, up to
//! `max_pages`: each image reachable from the page's resources (recursing Form
//! XObjects and annotation appearances, with a depth limit and a visited set) is
//! decoded at reduced scale (DCT: JPEG; Flate and other lopdf filters: raw samples
//! averaged down while read; JPX: JPEG 2000 at reduced resolution) and searched; then the page's red paths and red text
//! are rasterised coarsely and searched by the same detector; a round mark that passes
//! there below 0.99, or, when none passes, small marks fitted as squares and the most
//! seal-like circle turned down, are judged again on the page's red drawing rasterised
//! four times finer (as pictures are looked at closer, see [`super::zoom`]). The first find stops
//! the search. A password to open, a damaged file, pages past `max_pages` and
//! pictures that cannot be decoded are said in [`SealFacts::read`].

use super::detect::{self, Candidate};
use super::jpeg_dc::RowMarks;
use super::raster::{self, Rgb, WORK_LONG_SIDE};
use super::{absence_confidence, SealFacts, SealKind};
use crate::diag::Text;
use crate::outcome::ReadOutcome;
use crate::rules::SealLimits;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use std::collections::HashSet;

/// Largest decompressed content stream read (bytes).
const MAX_CONTENT: usize = 32 << 20;
/// Operators interpreted per page at most.
const MAX_OPS: usize = 2_000_000;
/// Form XObject nesting followed at most.
const MAX_DEPTH: usize = 8;
/// Work one page's red-ink raster may cost: pixels written plus polygon edges tested,
/// summed over the page's fills and strokes. A page of seals, red text and red table
/// lines uses a small part of it; without it a drawing of a few hundred bytes (thick
/// strokes, huge glyphs) took minutes (found by fuzzing the seal reader). Past it the
/// rest of the page's drawing is left out and the search says so.
const MAX_RASTER_WORK: u64 = 30_000_000;

/// Looks for a seal in a PDF.
pub fn detect(data: &[u8], limits: &SealLimits) -> SealFacts {
    let opts = LoadOptions {
        max_decompressed_size: Some(MAX_CONTENT),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(data, opts) {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => return SealFacts::unread(ReadOutcome::Encrypted),
        Err(e) => return SealFacts::unread(ReadOutcome::damaged(format!("PDF 结构无法解析: {e}"))),
    };
    // Encrypted and not decrypted with the empty password: a password to open (an
    // owner-only password decrypts and is searched as usual).
    if doc.is_encrypted() && !doc.was_encrypted() {
        return SealFacts::unread(ReadOutcome::Encrypted);
    }
    let pages = doc.get_pages();
    if let Some(page) = signature(&doc, &pages) {
        let mut f = SealFacts::found(SealKind::Signature, page, 1.0);
        f.searched = 1;
        return f;
    }
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let mut order: Vec<u32> = numbers.last().copied().into_iter().collect();
    order.extend(
        numbers
            .iter()
            .copied()
            .take(numbers.len().saturating_sub(1)),
    );
    order.truncate(limits.max_pages.max(1));
    let total = numbers.len();
    let mut images_left = limits.max_images_per_file;
    // Pictures searched already, in the whole file: a picture drawn on every page (a
    // letterhead, or one large picture a small file draws on fifty pages) is decoded
    // and searched once.
    let mut seen_images: HashSet<ObjectId> = HashSet::new();
    let mut best: Option<Candidate> = None;
    let mut undecodable = 0u32;
    let mut jpx = 0u32;
    let mut skipped = 0u32;
    let mut cut = 0u32;
    let mut searched = 0u32;
    let mut pages_searched = Vec::new();
    for no in order {
        let Some(&page_id) = pages.get(&no) else {
            continue;
        };
        searched += 1;
        pages_searched.push(no);
        let Ok(page) = doc.get_dictionary(page_id) else {
            continue;
        };
        let mut walker = Walker::new(
            &doc,
            limits,
            (&mut images_left, &mut seen_images),
            PageRaster::new(page_box(&doc, page)),
        );
        walker.page(page_id, page);
        undecodable += walker.undecodable;
        jpx += walker.jpx;
        skipped += walker.skipped;
        cut += u32::from(walker.raster.cut);
        if let Some((kind, c)) = walker.found {
            let mut f = SealFacts::found(kind, Some(no), c.confidence);
            f.position = Some((c.cx, c.cy));
            f.shape = Some(c.shape);
            f.searched = searched;
            f.pages_searched = pages_searched;
            return f;
        }
        let (mut vector, seen) = walker.raster.search(&limits.shapes);
        if !walker.raster.cut && walker.raster.ink >= 30 {
            vector = vector_closer(
                &doc,
                (page_id, page),
                limits,
                &walker.raster,
                (vector, seen),
            );
        }
        if let Some(c) = vector.filter(|c| c.confidence >= detect::THRESHOLD) {
            let mut f = SealFacts::found(SealKind::Vector, Some(no), c.confidence);
            f.position = Some((c.cx, c.cy));
            f.shape = Some(c.shape);
            f.searched = searched;
            f.pages_searched = pages_searched;
            return f;
        }
        for c in [walker.best, vector].into_iter().flatten() {
            if best.is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
        }
    }
    if searched == 0 {
        return SealFacts::unread(ReadOutcome::damaged("PDF 没有可读取的页面"));
    }
    let mut f = SealFacts::none(searched, absence_confidence(best));
    f.pages_searched = pages_searched;
    if undecodable > 0 {
        f.confidence *= 0.7;
    }
    f.read = if jpx > 0 {
        ReadOutcome::unsupported("JPEG 2000 图像", "JPEG 2000 images")
    } else if undecodable > 0 {
        ReadOutcome::partial(
            Text::new("能解码的图片", "the pictures that could be decoded"),
            Text::new(
                format!("{undecodable} 张图片无法解码"),
                format!("{undecodable} pictures could not be decoded"),
            ),
        )
    } else if (searched as usize) < total {
        ReadOutcome::partial(
            Text::new(
                format!("最后一页和前 {} 页", searched.saturating_sub(1)),
                format!("the last page and the first {}", searched.saturating_sub(1)),
            ),
            Text::new(
                format!("共 {total} 页，检查上限 {} 页", limits.max_pages),
                format!("{total} pages; the search stops at {}", limits.max_pages),
            ),
        )
    } else if skipped > 0 {
        ReadOutcome::partial(
            Text::new(
                format!("前 {} 张图片", limits.max_images_per_file),
                format!("the first {} pictures", limits.max_images_per_file),
            ),
            Text::new(
                format!("另有 {skipped} 张图片超过检查上限"),
                format!("{skipped} more pictures are over the search limit"),
            ),
        )
    } else if cut > 0 {
        ReadOutcome::partial(
            Text::new(
                "页面红色矢量图形的前一部分",
                "the first part of the red vector drawing",
            ),
            Text::new(
                format!("{cut} 页的红色矢量图形超过绘制上限"),
                format!("the red vector drawing of {cut} pages is over the drawing limit"),
            ),
        )
    } else {
        ReadOutcome::Complete
    };
    f
}

/// The vector search's closer looks, on the page's red drawing rasterised again at
/// [`raster::CLOSER_LONG_SIDE`] (as for pictures, see [`super::zoom`]): a round or
/// oval candidate `best` that passed below the score that needs no second look must
/// pass there too; when none passed, the small marks the working search fitted as
/// squares are searched there as squares (a 名章 of 15–20 mm is some 20–30 px at the
/// working scale of an A4 page, too few to read its strokes), then the most seal-like
/// circle the working search turned down is judged again where it was
/// ([`super::zoom::closer_circle`]: a seal under a stamp or a signature block's text,
/// whose arc text the working scale runs together with theirs). The page is drawn
/// again only in those cases. Returns the candidate that stands: the one found, or
/// `best` (below the threshold when turned down closer). `seen` is every candidate the
/// working search judged.
fn vector_closer(
    doc: &Document,
    (page_id, page): (ObjectId, &Dictionary),
    limits: &SealLimits,
    drawn: &PageRaster,
    (best, seen): (Option<Candidate>, Vec<Candidate>),
) -> Option<Candidate> {
    use crate::rules::SealShape;
    let passed = best.filter(|c| c.confidence >= detect::THRESHOLD);
    if passed
        .is_some_and(|c| c.confidence >= super::zoom::CONFIRM_BELOW || c.shape == SealShape::Square)
    {
        return best;
    }
    let squares = passed.is_none() && limits.shapes.contains(&SealShape::Square);
    let near = if passed.is_none() {
        super::zoom::near_circles(&seen, drawn.w, drawn.h, super::zoom::Admit::Score)
    } else {
        Vec::new()
    };
    if passed.is_none() && !squares && near.is_empty() {
        return best;
    }
    let work = drawn.picture();
    // The drawing's mask is what the picture's red mask would be (ink 2, else 0).
    let marks = if squares {
        super::zoom::square_marks(&work, &drawn.mask)
    } else {
        Vec::new()
    };
    if passed.is_none() && marks.is_empty() && near.is_empty() {
        return best;
    }
    let Some(full) = closer_raster(doc, page_id, page, limits)
        .filter(|r| !r.cut)
        .map(|r| r.picture())
    else {
        return best;
    };
    let mut closer = super::zoom::Closer::Decoded(&full);
    if passed.is_none() {
        return super::zoom::closer_squares(&work, &marks, &mut closer)
            .or_else(|| super::zoom::closer_circle(&work, &near, &mut closer, &limits.shapes))
            .or(best);
    }
    // The picture's search is the drawing's, already made: same mask, same candidates.
    let searched = (best, drawn.mask.clone(), seen);
    let judged = super::zoom::judge_searched(&work, &limits.shapes, &mut closer, searched);
    judged.found.or_else(|| {
        // Turned down closer: kept as the most seal-like mark, below the threshold.
        judged.best.map(|mut c| {
            c.confidence = c.confidence.min(detect::THRESHOLD - 0.01);
            c
        })
    })
}

/// The red drawing of a page (its content and annotation appearances, pictures left
/// out) rasterised again at [`raster::CLOSER_LONG_SIDE`].
fn closer_raster(
    doc: &Document,
    page_id: ObjectId,
    page: &Dictionary,
    limits: &SealLimits,
) -> Option<PageRaster> {
    let mut no_images = 0usize;
    let mut seen_images = HashSet::new();
    let mut walker = Walker::new(
        doc,
        limits,
        (&mut no_images, &mut seen_images),
        PageRaster::with_long_side(page_box(doc, page), raster::CLOSER_LONG_SIDE),
    );
    walker.page(page_id, page);
    (walker.found.is_none()).then_some(walker.raster)
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Glyphs drawn per text-showing operator, at most.
const MAX_RUN_GLYPHS: usize = 200;

/// Lays out the glyphs of a text-showing operator's operands: calls `glyph` with the
/// text-space offset of each glyph along the line and returns the offset after the
/// last. Glyph widths are not read from the font: each glyph is taken to be two
/// bytes (CJK fonts) and to advance 0.9 of the font size. A number in a `TJ` array
/// moves the position back by that many thousandths of the font size (kerning, or a
/// glyph printed twice over itself to make it look bold).
fn text_run(operands: &[Object], font_size: f32, mut glyph: impl FnMut(f32)) -> f32 {
    let adv = font_size * 0.9;
    let mut x = 0.0f32;
    let mut drawn = 0usize;
    let mut string = |s: &[u8], x: &mut f32| {
        for _ in 0..s.len().div_ceil(2) {
            if drawn >= MAX_RUN_GLYPHS {
                return;
            }
            glyph(*x);
            drawn += 1;
            *x += adv;
        }
    };
    for operand in operands {
        match operand {
            Object::String(s, _) => string(s, &mut x),
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(s, _) => string(s, &mut x),
                        other => {
                            if let Some(n) = num(other) {
                                x -= n / 1000.0 * font_size;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    x
}

/// A glyph of text of size `s` as two bars across its whole advance and a stroke
/// through them (text is not solid ink), in text space. The bars span the advance so
/// that arc text drawn glyph by glyph reads as a band of text, as it does on paper,
/// and not as a ring of separate marks.
fn glyph_bars(s: f32) -> Vec<Vec<(f32, f32)>> {
    vec![
        vec![
            (0.0, 0.1 * s),
            (0.9 * s, 0.1 * s),
            (0.9 * s, 0.25 * s),
            (0.0, 0.25 * s),
        ],
        vec![
            (0.0, 0.5 * s),
            (0.9 * s, 0.5 * s),
            (0.9 * s, 0.65 * s),
            (0.0, 0.65 * s),
        ],
        vec![
            (0.4 * s, 0.1 * s),
            (0.5 * s, 0.1 * s),
            (0.5 * s, 0.8 * s),
            (0.4 * s, 0.8 * s),
        ],
    ]
}

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn num(o: &Object) -> Option<f32> {
    o.as_float().ok().filter(|v| v.is_finite())
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().filter_map(num).collect()
}

fn matrix_of(o: Option<&Object>) -> Matrix {
    match o.and_then(|o| o.as_array().ok()) {
        Some(a) if a.len() == 6 => {
            let v = nums(a);
            if v.len() == 6 {
                [v[0], v[1], v[2], v[3], v[4], v[5]]
            } else {
                IDENTITY
            }
        }
        _ => IDENTITY,
    }
}

fn rect_of(doc: &Document, o: Option<&Object>) -> Option<[f32; 4]> {
    let o = o?;
    let o = doc.dereference(o).ok()?.1;
    let v = nums(o.as_array().ok()?);
    if v.len() != 4 {
        return None;
    }
    Some([
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ])
}

/// The page's MediaBox (inherited), default A4.
fn page_box(doc: &Document, page: &Dictionary) -> [f32; 4] {
    let mut d = Some(page);
    for _ in 0..32 {
        let Some(dict) = d else { break };
        if let Some(r) = rect_of(doc, dict.get(b"MediaBox").ok()) {
            if r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 {
                return r;
            }
        }
        d = dict
            .get(b"Parent")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|id| doc.get_dictionary(id).ok());
    }
    [0.0, 0.0, 595.0, 842.0]
}

/// The page's resource dictionaries, nearest first.
fn resources_of(doc: &Document, page_id: ObjectId) -> Vec<Dictionary> {
    match doc.get_page_resources(page_id) {
        Ok((own, ids)) => {
            let mut v: Vec<Dictionary> = own.cloned().into_iter().collect();
            v.extend(
                ids.iter()
                    .filter_map(|id| doc.get_dictionary(*id).ok().cloned()),
            );
            v
        }
        Err(_) => Vec::new(),
    }
}

/// The page number of a signed signature field, `Some(None)` if its page is unknown.
fn signature(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> Option<Option<u32>> {
    let page_of = |field: &Dictionary| -> Option<u32> {
        let p = field.get(b"P").ok()?.as_reference().ok()?;
        pages.iter().find(|(_, id)| **id == p).map(|(n, _)| *n)
    };
    // AcroForm fields.
    if let Ok(cat) = doc.catalog() {
        if let Some(form) = cat
            .get(b"AcroForm")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        {
            if let Ok(fields) = form.get(b"Fields").and_then(|o| doc.dereference(o)) {
                let mut stack: Vec<(&Object, bool, usize)> = Vec::new();
                if let Ok(a) = fields.1.as_array() {
                    stack.extend(a.iter().map(|o| (o, false, 0)));
                }
                let mut seen = HashSet::new();
                let mut steps = 0;
                while let Some((o, parent_sig, depth)) = stack.pop() {
                    steps += 1;
                    if steps > 10_000 || depth > 32 {
                        break;
                    }
                    if let Ok(id) = o.as_reference() {
                        if !seen.insert(id) {
                            continue;
                        }
                    }
                    let Some(d) = doc.dereference(o).ok().and_then(|(_, o)| o.as_dict().ok())
                    else {
                        continue;
                    };
                    let is_sig = match d.get(b"FT").ok().and_then(|f| f.as_name().ok()) {
                        Some(n) => n == b"Sig",
                        None => parent_sig,
                    };
                    let signed = d
                        .get(b"V")
                        .ok()
                        .and_then(|v| doc.dereference(v).ok())
                        .and_then(|(_, v)| v.as_dict().ok())
                        .is_some_and(|v| v.has(b"ByteRange") || v.has(b"Contents"));
                    if is_sig && signed {
                        if let Some(p) = page_of(d) {
                            return Some(Some(p));
                        }
                        // The widget may be a kid, or found through page annotations.
                        for (no, id) in pages {
                            if let Ok(annots) = doc.get_page_annotations(*id) {
                                if annots.iter().any(|a| {
                                    std::ptr::eq(*a, d) || (a.get(b"Parent").ok() == Some(o))
                                }) {
                                    return Some(Some(*no));
                                }
                            }
                        }
                        return Some(None);
                    }
                    if let Ok(kids) = d.get(b"Kids").and_then(|k| doc.dereference(k)) {
                        if let Ok(a) = kids.1.as_array() {
                            stack.extend(a.iter().map(|k| (k, is_sig, depth + 1)));
                        }
                    }
                }
            }
        }
    }
    // Widgets on pages without a form dictionary.
    for (no, id) in pages {
        if let Ok(annots) = doc.get_page_annotations(*id) {
            for a in annots {
                let sig =
                    a.get(b"FT").ok().and_then(|f| f.as_name().ok()) == Some(b"Sig".as_slice());
                let signed = a
                    .get(b"V")
                    .ok()
                    .and_then(|v| doc.dereference(v).ok())
                    .and_then(|(_, v)| v.as_dict().ok())
                    .is_some_and(|v| v.has(b"ByteRange"));
                if sig && signed {
                    return Some(Some(*no));
                }
            }
        }
    }
    None
}

/// Red-ink raster of one page's vector drawing.
struct PageRaster {
    w: usize,
    h: usize,
    /// Page space → raster.
    to_px: Matrix,
    mask: Vec<u8>,
    ink: usize,
    /// Work spent so far (see [`MAX_RASTER_WORK`]).
    work: u64,
    /// Set when the work limit left part of the drawing out.
    cut: bool,
}

impl PageRaster {
    fn new(b: [f32; 4]) -> PageRaster {
        PageRaster::with_long_side(b, WORK_LONG_SIDE)
    }

    /// A raster of the page box `b` whose longer side is `long` pixels.
    fn with_long_side(b: [f32; 4], long: usize) -> PageRaster {
        let (pw, ph) = ((b[2] - b[0]).max(1.0), (b[3] - b[1]).max(1.0));
        let s = long as f32 / pw.max(ph);
        let (w, h) = (((pw * s) as usize).max(8), ((ph * s) as usize).max(8));
        PageRaster {
            w,
            h,
            to_px: [s, 0.0, 0.0, -s, -b[0] * s, b[3] * s],
            mask: vec![0; w * h],
            ink: 0,
            work: 0,
            cut: false,
        }
    }

    /// Takes `n` units of work from the page's budget; `false` (and the drawing cut)
    /// when the budget cannot pay for them.
    fn spend(&mut self, n: u64) -> bool {
        if self.cut {
            return false;
        }
        self.work = self.work.saturating_add(n);
        if self.work > MAX_RASTER_WORK {
            self.cut = true;
        }
        !self.cut
    }

    fn set(&mut self, x: i64, y: i64) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            let i = y as usize * self.w + x as usize;
            if self.mask[i] == 0 {
                self.ink += 1;
            }
            self.mask[i] = 2;
        }
    }

    fn unset(&mut self, x: i64, y: i64) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            let i = y as usize * self.w + x as usize;
            if self.mask[i] != 0 {
                self.ink = self.ink.saturating_sub(1);
            }
            self.mask[i] = 0;
        }
    }

    /// Fills polygons (page space through `m`), non-zero or even-odd, with red ink.
    fn fill(&mut self, paths: &[Vec<(f32, f32)>], m: &Matrix, even_odd: bool) {
        self.paint(paths, m, even_odd, true);
    }

    /// Paints polygons (as [`Self::fill`]) with red ink when `red`, else clears the
    /// red under them.
    fn paint(&mut self, paths: &[Vec<(f32, f32)>], m: &Matrix, even_odd: bool, red: bool) {
        let t = mul(m, &self.to_px);
        let polys: Vec<Vec<(f32, f32)>> = paths
            .iter()
            .map(|p| p.iter().map(|q| apply(&t, q.0, q.1)).collect())
            .collect();
        let (mut y0, mut y1) = (f32::MAX, f32::MIN);
        for p in &polys {
            for q in p {
                y0 = y0.min(q.1);
                y1 = y1.max(q.1);
            }
        }
        if !(y0.is_finite() && y1.is_finite()) {
            return;
        }
        let ya = (y0.floor().max(0.0)) as usize;
        let yb = (y1.ceil().min(self.h as f32 - 1.0)).max(0.0) as usize;
        let edges: usize = polys.iter().map(Vec::len).sum();
        if !self.spend(((yb.saturating_sub(ya) + 1) as u64).saturating_mul(edges as u64)) {
            return;
        }
        let mut xs: Vec<(f32, i32)> = Vec::new();
        for y in ya..=yb {
            let sy = y as f32 + 0.5;
            xs.clear();
            for p in &polys {
                let n = p.len();
                for i in 0..n {
                    let (a, b) = (p[i], p[(i + 1) % n]);
                    if (a.1 <= sy) != (b.1 <= sy) {
                        let x = a.0 + (sy - a.1) * (b.0 - a.0) / (b.1 - a.1);
                        xs.push((x, if b.1 > a.1 { 1 } else { -1 }));
                    }
                }
            }
            xs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut wind = 0i32;
            for k in 0..xs.len() {
                wind = if even_odd { wind ^ 1 } else { wind + xs[k].1 };
                if wind != 0 && k + 1 < xs.len() {
                    let xa = xs[k].0.max(0.0).round() as i64;
                    let xb = xs[k + 1].0.min(self.w as f32).round() as i64;
                    if !self.spend(xb.saturating_sub(xa).max(0) as u64) {
                        return;
                    }
                    for x in xa..xb {
                        if red {
                            self.set(x, y as i64);
                        } else {
                            self.unset(x, y as i64);
                        }
                    }
                }
            }
        }
    }

    /// Strokes polylines with a line width in user space.
    fn stroke(&mut self, paths: &[Vec<(f32, f32)>], m: &Matrix, lw: f32) {
        let t = mul(m, &self.to_px);
        let scale = (t[0] * t[3] - t[1] * t[2]).abs().sqrt();
        let half = (lw * scale / 2.0).max(0.5);
        // The brush: every pixel within `half` of a point on the line (a square of
        // `side`² tested per point).
        let r = half.ceil() as i64;
        let side = (r as u64).saturating_mul(2).saturating_add(1);
        for p in paths {
            for s in p.windows(2) {
                let (a, b) = (apply(&t, s[0].0, s[0].1), apply(&t, s[1].0, s[1].1));
                let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
                if !len.is_finite() || len > 4.0 * self.w.max(self.h) as f32 {
                    continue;
                }
                let n = (len * 2.0).ceil().max(1.0) as usize;
                if !self.spend((n as u64 + 1).saturating_mul(side.saturating_mul(side))) {
                    return;
                }
                for i in 0..=n {
                    let f = i as f32 / n as f32;
                    let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                    for dy in -r..=r {
                        for dx in -r..=r {
                            if ((dx * dx + dy * dy) as f32) <= half * half + 0.25 {
                                self.set(
                                    (x as i64).saturating_add(dx),
                                    (y as i64).saturating_add(dy),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// The best candidate of the drawing, and every candidate judged on the way.
    fn search(&self, shapes: &[crate::rules::SealShape]) -> (Option<Candidate>, Vec<Candidate>) {
        let mut seen = Vec::new();
        if self.ink < 30 {
            return (None, seen);
        }
        let best = detect::search_mask(&self.mask, self.w, self.h, shapes, &mut seen);
        (best, seen)
    }

    /// The red drawing as a picture (seal red on white), for the closer looks of
    /// [`super::zoom`], which judge pictures.
    fn picture(&self) -> Rgb {
        let mut px = Vec::with_capacity(self.w * self.h * 3);
        for &m in &self.mask {
            px.extend_from_slice(if m != 0 { &INK_RGB } else { &[255, 255, 255] });
        }
        Rgb {
            w: self.w,
            h: self.h,
            px,
        }
    }
}

/// The colour a red vector drawing is painted in for the closer looks.
const INK_RGB: [u8; 3] = [200, 20, 20];

/// Whether a vector colour (components 0..1) is seal ink: the same measure as for
/// pictures ([`detect::is_red`]), so that purple-red and pale pink seals count here
/// as they do in a scan.
fn is_red_rgb(r: f32, g: f32, b: f32) -> bool {
    let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    detect::is_red(q(r), q(g), q(b))
}

/// A colour from operands: gray, RGB or CMYK by count.
fn red_of(v: &[f32]) -> bool {
    match v.len() {
        3 => is_red_rgb(v[0], v[1], v[2]),
        4 => {
            let (c, m, y, k) = (v[0], v[1], v[2], v[3]);
            is_red_rgb(
                (1.0 - c) * (1.0 - k),
                (1.0 - m) * (1.0 - k),
                (1.0 - y) * (1.0 - k),
            )
        }
        _ => false,
    }
}

/// Whether a fill colour (gray, RGB or CMYK components, 0..1) is as light as paper:
/// paint of it over a red seal hides the seal where it lies (the white characters of
/// a carved 名章 drawn over its red block).
fn paper_of(v: &[f32]) -> bool {
    let light = |x: f32| x >= PAPER_MIN;
    match v.len() {
        1 => light(v[0]),
        3 => v.iter().all(|&x| light(x)),
        4 => {
            let (c, m, y, k) = (v[0], v[1], v[2], v[3]);
            [c, m, y].iter().all(|&x| light((1.0 - x) * (1.0 - k)))
        }
        _ => false,
    }
}

/// Each component (RGB) a fill colour has at least to count as paper.
const PAPER_MIN: f32 = 0.9;

/// A colour space of one colourant (`Separation`, or `DeviceN` of one), a spot colour
/// such as a seal's red ink, whose tint transform is an exponential function (type 2,
/// what writers give a spot colour): tint `t` is `c0 + tⁿ (c1 − c0)` in its alternate
/// space (gray, RGB or CMYK components, device, calibrated or ICC: see
/// [`color_space`]). Other tint transforms are not evaluated: such a colour counts as no red.
#[derive(Clone, Debug, PartialEq)]
struct Tint {
    c0: Vec<f32>,
    c1: Vec<f32>,
    n: f32,
}

impl Tint {
    /// The colour of tint `t` (clamped to 0..1) in the alternate space.
    fn colour(&self, t: f32) -> Vec<f32> {
        let k = t.clamp(0.0, 1.0).powf(self.n);
        self.c0
            .iter()
            .zip(&self.c1)
            .map(|(a, b)| (a + k * (b - a)).clamp(0.0, 1.0))
            .collect()
    }
}

/// The components of a colour operator's operands `c` in the current colour space: a
/// spot colour's tint evaluated in its alternate space, anything else as it is.
fn in_space(spot: Option<&Tint>, c: Vec<f32>) -> Vec<f32> {
    match (spot, c.as_slice()) {
        (Some(t), &[tint]) => t.colour(tint),
        _ => c,
    }
}

/// The colour space named `name` in resources `res` when it is a [`Tint`] space.
fn tint_space(doc: &Document, res: &[Dictionary], name: &[u8]) -> Option<Tint> {
    let (_, cs) = lookup(doc, res, b"ColorSpace", name)?;
    let a = cs.as_array().ok()?;
    let family = a.first()?.as_name().ok()?;
    let colourant_ok = match family {
        b"Separation" => a.get(1)?.as_name().ok()? != b"None",
        b"DeviceN" => doc.dereference(a.get(1)?).ok()?.1.as_array().ok()?.len() == 1,
        _ => false,
    };
    if !colourant_ok {
        return None;
    }
    // The alternate space's components, as for an image (an Indexed one is no
    // alternate).
    let (alt_n, palette) = color_space(doc, a.get(2));
    if alt_n == 0 || palette.is_some() {
        return None;
    }
    let f = doc.dereference(a.get(3)?).ok()?.1;
    let fd = match f {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    if fd.get(b"FunctionType").ok()?.as_i64().ok()? != 2 {
        return None;
    }
    let comps = |key: &[u8], default: f32| -> Option<Vec<f32>> {
        match fd.get(key) {
            Ok(o) => {
                let v = nums(doc.dereference(o).ok()?.1.as_array().ok()?);
                Some(v)
            }
            Err(_) => Some(vec![default]),
        }
    };
    let (c0, c1) = (comps(b"C0", 0.0)?, comps(b"C1", 1.0)?);
    let n = fd.get(b"N").ok().and_then(num)?;
    if c0.len() != alt_n || c1.len() != alt_n || !n.is_finite() || n < 0.0 {
        return None;
    }
    Some(Tint { c0, c1, n })
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    fill_red: bool,
    /// The fill colour is as light as paper (see [`paper_of`]).
    fill_paper: bool,
    stroke_red: bool,
    lw: f32,
    /// Text rendering mode (`Tr`): 0 fill, 1 stroke, 2 both, 3 invisible (an OCR
    /// layer over a scanned page), 4–7 the same and added to the clipping path.
    text_mode: u8,
    /// Font size (`Tf`) and leading (`TL`, `TD`): text state, part of the graphics
    /// state (saved by `q`, inherited by a form).
    font_size: f32,
    leading: f32,
    /// The fill and stroke colour spaces when they are spot colours ([`Tint`]).
    fill_tint: Option<std::rc::Rc<Tint>>,
    stroke_tint: Option<std::rc::Rc<Tint>>,
}

impl GState {
    /// The state a page's content or an annotation's appearance starts from, with
    /// `ctm` mapping its space to the page's: black fill and stroke, filled text.
    fn initial(ctm: Matrix) -> GState {
        GState {
            ctm,
            fill_red: false,
            fill_paper: false,
            stroke_red: false,
            lw: 1.0,
            text_mode: 0,
            font_size: 12.0,
            leading: 0.0,
            fill_tint: None,
            stroke_tint: None,
        }
    }

    /// Whether text drawn now shows in red: filled in a red fill colour or stroked in
    /// a red stroke colour, as its rendering mode says. Invisible text (modes 3 and 7)
    /// never shows.
    fn text_red(&self) -> bool {
        match self.text_mode {
            0 | 4 => self.fill_red,
            1 | 5 => self.stroke_red,
            2 | 6 => self.fill_red || self.stroke_red,
            _ => false,
        }
    }
}

struct Walker<'a> {
    doc: &'a Document,
    limits: &'a SealLimits,
    images_left: &'a mut usize,
    /// Pictures searched already (in any page of the file).
    seen_images: &'a mut HashSet<ObjectId>,
    found: Option<(SealKind, Candidate)>,
    best: Option<Candidate>,
    undecodable: u32,
    /// JPEG 2000 pictures that could not be decoded.
    jpx: u32,
    /// Pictures left unsearched at the per-file cap.
    skipped: u32,
    raster: PageRaster,
}

fn lookup<'d>(
    doc: &'d Document,
    res: &'d [Dictionary],
    cat: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'d Object)> {
    for r in res {
        let Ok(sub) = r.get(cat).and_then(|o| doc.dereference(o)) else {
            continue;
        };
        let Ok(d) = sub.1.as_dict() else { continue };
        if let Ok(o) = d.get(name) {
            let id = o.as_reference().ok();
            if let Ok((_, obj)) = doc.dereference(o) {
                return Some((id, obj));
            }
        }
    }
    None
}

impl<'a> Walker<'a> {
    /// A walker of one page drawing into `raster`; `images` are the pictures left to
    /// search in the file and those searched already.
    fn new(
        doc: &'a Document,
        limits: &'a SealLimits,
        (images_left, seen_images): (&'a mut usize, &'a mut HashSet<ObjectId>),
        raster: PageRaster,
    ) -> Walker<'a> {
        Walker {
            doc,
            limits,
            images_left,
            seen_images,
            found: None,
            best: None,
            undecodable: 0,
            jpx: 0,
            skipped: 0,
            raster,
        }
    }

    /// Walks page `page_id` (dictionary `page`): its content, then its annotations'
    /// appearances. A content stream that cannot be read leaves the raster empty.
    fn page(&mut self, page_id: ObjectId, page: &Dictionary) {
        let doc = self.doc;
        let content = doc
            .get_page_content_with_limit(page_id, MAX_CONTENT)
            .unwrap_or_default();
        let mut stack = Vec::new();
        self.run(
            &content,
            resources_of(doc, page_id),
            GState::initial(IDENTITY),
            0,
            &mut stack,
        );
        self.annotations(page);
    }

    /// Interprets a content stream from graphics state `gs` (a page's initial state,
    /// or the state in force where a form is drawn): red paths and text into the
    /// raster, images and forms followed.
    fn run(
        &mut self,
        content: &[u8],
        res: Vec<Dictionary>,
        mut gs: GState,
        depth: usize,
        visiting: &mut Vec<ObjectId>,
    ) {
        let mut saved: Vec<GState> = Vec::new();
        let mut paths: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut cur: Vec<(f32, f32)> = Vec::new();
        let mut points = 0usize;
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        for (n, op) in lopdf::content::Content::decode_iter(content).enumerate() {
            if n >= MAX_OPS || self.found.is_some() {
                break;
            }
            let Ok(op) = op else { break };
            let o = &op.operands;
            let v = || nums(o);
            match op.operator.as_str() {
                "q" if saved.len() < 64 => saved.push(gs.clone()),
                "Q" => {
                    if let Some(g) = saved.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    let a = v();
                    if a.len() == 6 {
                        gs.ctm = mul(&[a[0], a[1], a[2], a[3], a[4], a[5]], &gs.ctm);
                    }
                }
                "w" => gs.lw = v().first().copied().unwrap_or(1.0),
                "Tr" => {
                    gs.text_mode = v()
                        .first()
                        .filter(|m| (0.0..=7.0).contains(*m))
                        .map_or(0, |&m| m as u8);
                }
                "rg" | "k" => {
                    let c = v();
                    gs.fill_red = red_of(&c);
                    gs.fill_paper = paper_of(&c);
                    gs.fill_tint = None;
                }
                "sc" | "scn" => {
                    let spot = gs.fill_tint.clone();
                    let c = in_space(spot.as_deref(), v());
                    gs.fill_red = red_of(&c);
                    // One device component may be an index or a pattern's tint, not
                    // gray.
                    gs.fill_paper = (spot.is_some() || c.len() != 1) && paper_of(&c);
                }
                "RG" | "K" => {
                    gs.stroke_red = red_of(&v());
                    gs.stroke_tint = None;
                }
                "SC" | "SCN" => gs.stroke_red = red_of(&in_space(gs.stroke_tint.as_deref(), v())),
                // A new colour space starts from its initial colour: black in the
                // device spaces, the full tint of a spot colour, no ink for a pattern
                // not yet chosen.
                "cs" => {
                    gs.fill_tint = self.spot_space(&res, o);
                    let c = gs.fill_tint.as_ref().map(|t| t.colour(1.0));
                    gs.fill_red = c.as_ref().is_some_and(|c| red_of(c));
                    gs.fill_paper = c.as_ref().is_some_and(|c| paper_of(c));
                }
                "CS" => {
                    gs.stroke_tint = self.spot_space(&res, o);
                    let c = gs.stroke_tint.as_ref().map(|t| t.colour(1.0));
                    gs.stroke_red = c.as_ref().is_some_and(|c| red_of(c));
                }
                "g" => {
                    gs.fill_red = false;
                    gs.fill_paper = paper_of(&v());
                    gs.fill_tint = None;
                }
                "G" => {
                    gs.stroke_red = false;
                    gs.stroke_tint = None;
                }
                "m" => {
                    let a = v();
                    if a.len() == 2 {
                        if cur.len() > 1 {
                            paths.push(std::mem::take(&mut cur));
                        }
                        cur.clear();
                        cur.push((a[0], a[1]));
                    }
                }
                "l" => {
                    let a = v();
                    if a.len() == 2 {
                        cur.push((a[0], a[1]));
                        points += 1;
                    }
                }
                "c" | "v" | "y" => {
                    let a = v();
                    let p0 = cur.last().copied().unwrap_or((0.0, 0.0));
                    let (p1, p2, p3) = match (op.operator.as_str(), a.len()) {
                        ("c", 6) => ((a[0], a[1]), (a[2], a[3]), (a[4], a[5])),
                        ("v", 4) => (p0, (a[0], a[1]), (a[2], a[3])),
                        ("y", 4) => ((a[0], a[1]), (a[2], a[3]), (a[2], a[3])),
                        _ => continue,
                    };
                    for i in 1..=8 {
                        let t = i as f32 / 8.0;
                        let u = 1.0 - t;
                        let x = u * u * u * p0.0
                            + 3.0 * u * u * t * p1.0
                            + 3.0 * u * t * t * p2.0
                            + t * t * t * p3.0;
                        let y = u * u * u * p0.1
                            + 3.0 * u * u * t * p1.1
                            + 3.0 * u * t * t * p2.1
                            + t * t * t * p3.1;
                        cur.push((x, y));
                    }
                    points += 8;
                }
                "re" => {
                    let a = v();
                    if a.len() == 4 {
                        if cur.len() > 1 {
                            paths.push(std::mem::take(&mut cur));
                        }
                        cur.clear();
                        let (x, y, w, h) = (a[0], a[1], a[2], a[3]);
                        paths.push(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]);
                        points += 5;
                    }
                }
                "h" => {
                    if let Some(&f) = cur.first() {
                        cur.push(f);
                    }
                }
                "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" | "n" => {
                    if cur.len() > 1 {
                        paths.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    let name = op.operator.as_str();
                    let fill = !matches!(name, "S" | "s" | "n");
                    let stroke = matches!(name, "S" | "s" | "B" | "B*" | "b" | "b*");
                    if fill && gs.fill_red && points < 400_000 {
                        self.raster.fill(&paths, &gs.ctm, name.ends_with('*'));
                    }
                    // Paper-white paint hides the red drawn before it.
                    if fill && gs.fill_paper && points < 400_000 {
                        self.raster
                            .paint(&paths, &gs.ctm, name.ends_with('*'), false);
                    }
                    if stroke && gs.stroke_red && points < 400_000 {
                        self.raster.stroke(&paths, &gs.ctm, gs.lw);
                    }
                    paths.clear();
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let Some(s) = o.get(1).and_then(num) {
                        gs.font_size = s;
                    }
                }
                "TL" => gs.leading = v().first().copied().unwrap_or(0.0),
                "Td" | "TD" => {
                    let a = v();
                    if a.len() == 2 {
                        if op.operator == "TD" {
                            gs.leading = -a[1];
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, a[0], a[1]], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    let a = v();
                    if a.len() == 6 {
                        tlm = [a[0], a[1], a[2], a[3], a[4], a[5]];
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    // `'` and `"` move to the next line first.
                    if op.operator == "'" || op.operator == "\"" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    // The glyph's shape and the text-to-page matrix, once per operator.
                    let red = gs
                        .text_red()
                        .then(|| (glyph_bars(gs.font_size), mul(&tm, &gs.ctm)));
                    let x = text_run(o, gs.font_size, |x| {
                        if let Some((bars, to_page)) = &red {
                            let m = mul(&[1.0, 0.0, 0.0, 1.0, x, 0.0], to_page);
                            self.raster.fill(bars, &m, false);
                        }
                    });
                    tm = mul(&[1.0, 0.0, 0.0, 1.0, x, 0.0], &tm);
                }
                "Do" => {
                    if let Some(name) = o.first().and_then(|x| x.as_name().ok()) {
                        self.xobject(&res, name, &gs, depth, visiting);
                    }
                }
                _ => {}
            }
        }
    }

    /// The spot colour space ([`Tint`]) named by a `cs` or `CS` operator's operands, if
    /// it is one.
    fn spot_space(&self, res: &[Dictionary], operands: &[Object]) -> Option<std::rc::Rc<Tint>> {
        let name = operands.first()?.as_name().ok()?;
        tint_space(self.doc, res, name).map(std::rc::Rc::new)
    }

    fn xobject(
        &mut self,
        res: &[Dictionary],
        name: &[u8],
        gs: &GState,
        depth: usize,
        visiting: &mut Vec<ObjectId>,
    ) {
        let doc = self.doc;
        let Some((id, obj)) = lookup(doc, res, b"XObject", name) else {
            return;
        };
        let Ok(stream) = obj.as_stream() else { return };
        let sub = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok());
        match sub {
            Some(b"Image") => {
                // A stencil mask (`/ImageMask true`) is painted in the fill colour: one
                // painted in a colour that is not red cannot show a red seal.
                if is_image_mask(&stream.dict) && !gs.fill_red {
                    return;
                }
                if let Some(id) = id {
                    if !self.seen_images.insert(id) {
                        return;
                    }
                }
                self.image(stream);
            }
            Some(b"Form") => {
                if depth >= MAX_DEPTH {
                    return;
                }
                if let Some(id) = id {
                    if visiting.contains(&id) {
                        return;
                    }
                    visiting.push(id);
                }
                self.form(stream, gs, res, depth, visiting);
                if id.is_some() {
                    visiting.pop();
                }
            }
            _ => {}
        }
    }

    /// A form XObject drawn in graphics state `gs`: its content starts from that state
    /// (colours, line width, text state), its matrix put before the CTM.
    fn form(
        &mut self,
        stream: &lopdf::Stream,
        gs: &GState,
        outer: &[Dictionary],
        depth: usize,
        visiting: &mut Vec<ObjectId>,
    ) {
        let mut inner = gs.clone();
        inner.ctm = mul(&matrix_of(stream.dict.get(b"Matrix").ok()), &gs.ctm);
        let mut res: Vec<Dictionary> = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| self.doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok().cloned())
            .into_iter()
            .collect();
        res.extend(outer.iter().cloned());
        let Ok(content) = stream.get_plain_content_with_limit(MAX_CONTENT) else {
            return;
        };
        self.run(&content, res, inner, depth + 1, visiting);
    }

    /// Annotation appearances (stamps, signature widgets' pictures).
    fn annotations(&mut self, page: &Dictionary) {
        let doc = self.doc;
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
        else {
            return;
        };
        for a in annots.iter().take(200) {
            if self.found.is_some() {
                return;
            }
            let Some(ad) = doc.dereference(a).ok().and_then(|(_, a)| a.as_dict().ok()) else {
                continue;
            };
            let Some(n) = ad
                .get(b"AP")
                .ok()
                .and_then(|ap| doc.dereference(ap).ok())
                .and_then(|(_, ap)| ap.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
                .and_then(|n| doc.dereference(n).ok())
                .and_then(|(_, n)| n.as_stream().ok())
            else {
                continue;
            };
            let rect = rect_of(doc, ad.get(b"Rect").ok()).unwrap_or([0.0, 0.0, 1.0, 1.0]);
            let bbox = rect_of(doc, n.dict.get(b"BBox").ok()).unwrap_or(rect);
            let sx = (rect[2] - rect[0]) / (bbox[2] - bbox[0]).max(1e-3);
            let sy = (rect[3] - rect[1]) / (bbox[3] - bbox[1]).max(1e-3);
            let ctm = [
                sx,
                0.0,
                0.0,
                sy,
                rect[0] - bbox[0] * sx,
                rect[1] - bbox[1] * sy,
            ];
            let mut visiting = Vec::new();
            // An appearance is drawn from the initial graphics state.
            self.form(n, &GState::initial(ctm), &[], 0, &mut visiting);
        }
    }

    fn image(&mut self, stream: &lopdf::Stream) {
        if *self.images_left == 0 {
            self.skipped += 1;
            return;
        }
        *self.images_left -= 1;
        let jpx = stream
            .filters()
            .is_ok_and(|fs| fs.iter().any(|f| *f == b"JPXDecode"));
        let decoded = if jpx {
            // JPEG 2000: decoded at reduced resolution; one that cannot be decoded
            // leaves the search incomplete ("无法检查 JPEG 2000 图像").
            let bytes = codec_bytes(stream, b"JPXDecode");
            match bytes.and_then(|b| raster::decode_jpx(&b, self.limits.max_pixels)) {
                Ok(img) => Ok(Some((img, None))),
                Err(_) => {
                    self.jpx += 1;
                    return;
                }
            }
        } else {
            decode_image(self.doc, stream, self.limits.max_pixels)
        };
        match decoded {
            Ok(Some((img, marks))) => {
                let mut closer = if can_look_closer(stream) {
                    super::zoom::Closer::jpeg_later(
                        Box::new(move || codec_bytes(stream, b"DCTDecode").ok()),
                        self.limits.max_pixels,
                    )
                    .with_row_marks(marks)
                } else {
                    super::zoom::Closer::None
                };
                let judged = super::zoom::search_judged(&img, &self.limits.shapes, &mut closer);
                let best = judged.best;
                if let Some(c) = judged.found {
                    self.found = Some((SealKind::Scanned, c));
                } else if let Some(c) = super::zoom::closer_jpeg(
                    &img,
                    &judged.mask,
                    &judged.seen,
                    &mut closer,
                    &self.limits.shapes,
                ) {
                    self.found = Some((SealKind::Scanned, c));
                } else if let Some(c) = best {
                    if self.best.is_none_or(|b| c.confidence > b.confidence) {
                        self.best = Some(c);
                    }
                }
            }
            Ok(None) => {}
            Err(_) => self.undecodable += 1,
        }
    }
}

/// Whether a picture (a scanned page) can be looked at closer (see
/// [`super::zoom`]): a JPEG, decoded again from its bytes only when a closer look
/// needs it. Pictures with a soft mask or drawn as a stencil are not looked at
/// again: their colours under the transparent parts mean nothing without the mask.
fn can_look_closer(stream: &lopdf::Stream) -> bool {
    let d = &stream.dict;
    !is_image_mask(d)
        && d.get(b"SMask").is_err()
        && stream
            .filters()
            .is_ok_and(|fs| fs.last().is_some_and(|f| *f == b"DCTDecode"))
}

fn dict_num(d: &Dictionary, k: &[u8]) -> Option<i64> {
    d.get(k).ok().and_then(|o| o.as_i64().ok())
}

/// Filters that turn bytes into bytes, which a writer may put before a picture codec
/// (reportlab writes `[/ASCII85Decode /DCTDecode]`).
const BYTE_FILTERS: [&[u8]; 5] = [
    b"ASCII85Decode",
    b"ASCIIHexDecode",
    b"FlateDecode",
    b"LZWDecode",
    b"RunLengthDecode",
];

/// Most bytes the filters before a picture codec may produce: a larger encoded
/// picture is not searched (and counted as one that could not be decoded).
const MAX_CODEC_BYTES: usize = 64 << 20;

/// The encoded picture of an image stream whose last filter is `codec`, with the
/// byte filters before it undone (bounded by [`MAX_CODEC_BYTES`]).
fn codec_bytes<'a>(
    s: &'a lopdf::Stream,
    codec: &[u8],
) -> Result<std::borrow::Cow<'a, [u8]>, raster::DecodeError> {
    let filters = s
        .filters()
        .map_err(|e| raster::DecodeError(e.to_string()))?;
    let Some((last, before)) = filters.split_last() else {
        return Err(raster::DecodeError("image without a filter".into()));
    };
    if *last != codec || before.iter().any(|f| !BYTE_FILTERS.contains(f)) {
        return Err(raster::DecodeError("image codec not supported".into()));
    }
    if before.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(&s.content));
    }
    // The same stream with the codec taken off its filter list (and off its
    // parameters, when they are listed per filter), decoded by lopdf.
    let mut dict = s.dict.clone();
    dict.set(
        "Filter",
        Object::Array(before.iter().map(|f| Object::Name(f.to_vec())).collect()),
    );
    if let Ok(Object::Array(params)) = s.dict.get(b"DecodeParms") {
        dict.set(
            "DecodeParms",
            Object::Array(params.iter().take(before.len()).cloned().collect()),
        );
    }
    let outer = lopdf::Stream::new(dict, s.content.clone());
    outer
        .get_plain_content_with_limit(MAX_CODEC_BYTES)
        .map(std::borrow::Cow::Owned)
        .map_err(|e| raster::DecodeError(e.to_string()))
}

/// Decodes a PDF image XObject at working size, with where each row of MCUs starts
/// when it is a JPEG the 1/8-scale decoder read (see [`raster::decode_jpeg_marked`]);
/// `Ok(None)` when it cannot hold a seal (1-bit, too small).
fn decode_image(
    doc: &Document,
    s: &lopdf::Stream,
    max_pixels: u64,
) -> Result<Option<(Rgb, Option<RowMarks>)>, raster::DecodeError> {
    let d = &s.dict;
    let (w, h) = (
        dict_num(d, b"Width").unwrap_or(0),
        dict_num(d, b"Height").unwrap_or(0),
    );
    if w < 16 || h < 16 || w > 100_000 || h > 100_000 {
        return Ok(None);
    }
    let (w, h) = (w as usize, h as usize);
    let filters: Vec<Vec<u8>> = s
        .filters()
        .map(|f| f.iter().map(|x| x.to_vec()).collect())
        .unwrap_or_default();
    let mask = is_image_mask(d);
    let mut marks = None;
    let mut img = if !mask && filters.last().is_some_and(|f| f == b"DCTDecode") {
        let (img, m) = raster::decode_jpeg_marked(&codec_bytes(s, b"DCTDecode")?, max_pixels)?;
        marks = m;
        img
    } else if filters.iter().any(|f| {
        f == b"JPXDecode" || f == b"JBIG2Decode" || f == b"CCITTFaxDecode" || f == b"DCTDecode"
    }) {
        if !mask
            && filters
                .iter()
                .any(|f| f == b"JBIG2Decode" || f == b"CCITTFaxDecode")
        {
            return Ok(None); // bilevel
        }
        return Err(raster::DecodeError("image codec not supported".into()));
    } else {
        let (bpc, (comps, palette)) = if mask {
            (1, (1, Some(mask_palette(d))))
        } else {
            (
                dict_num(d, b"BitsPerComponent").unwrap_or(8),
                color_space(doc, d.get(b"ColorSpace").ok()),
            )
        };
        if comps == 0 {
            return Ok(None);
        }
        if bpc == 1 && palette.is_none() {
            return Ok(None); // bilevel
        }
        if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
            return Err(raster::DecodeError("bits per component not valid".into()));
        }
        if (w * h) as u64 > max_pixels.saturating_mul(4) {
            return Err(raster::DecodeError("image too large".into()));
        }
        // Rows start on a byte; the limit holds each filter's output, and before a
        // PNG predictor is undone every row carries one more byte (its filter type).
        let row = (w * comps * bpc as usize).div_ceil(8);
        let raw = s
            .get_plain_content_with_limit((row + 1) * h + 16)
            .map_err(|e| raster::DecodeError(e.to_string()))?;
        if raw.len() < row * h {
            return Err(raster::DecodeError("image data truncated".into()));
        }
        let samples = eight_bit_samples(&raw, w * comps, h, bpc as usize, palette.is_some());
        shrink_raw(&samples, w, h, comps, palette.as_deref())
    };
    // Soft mask: composite on white when it matches the picture's size.
    if let Some(sm) = d
        .get(b"SMask")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())
    {
        let (mw, mh) = (
            dict_num(&sm.dict, b"Width").unwrap_or(0),
            dict_num(&sm.dict, b"Height").unwrap_or(0),
        );
        if mw as usize == w
            && mh as usize == h
            && dict_num(&sm.dict, b"BitsPerComponent") == Some(8)
        {
            // `/Decode [1 0]` inverts the mask (LibreOffice writes its pictures'
            // transparency so).
            let inverted = decode_inverted(&sm.dict);
            if let Ok(mut raw) = sm.get_plain_content_with_limit((w + 1) * h + 16) {
                if inverted {
                    raw.iter_mut().for_each(|v| *v = 255 - *v);
                }
                if raw.len() >= w * h {
                    let alpha = shrink_raw(&raw, w, h, 1, None);
                    if alpha.w == img.w && alpha.h == img.h {
                        for (p, a) in img.px.chunks_exact_mut(3).zip(alpha.px.chunks_exact(3)) {
                            let a = a[0] as u32;
                            for c in p.iter_mut() {
                                *c = ((*c as u32 * a + 255 * (255 - a)) / 255) as u8;
                            }
                        }
                    }
                }
            }
        }
    }
    img = img.normalise(WORK_LONG_SIDE);
    Ok(Some((img, marks)))
}

/// Whether an image XObject is a stencil mask (`/ImageMask true`).
fn is_image_mask(d: &Dictionary) -> bool {
    d.get(b"ImageMask")
        .ok()
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false)
}

/// Whether a one-component image's `/Decode` array is `[1 0]`, turning its samples
/// round.
fn decode_inverted(d: &Dictionary) -> bool {
    d.get(b"Decode")
        .ok()
        .and_then(|o| o.as_array().ok())
        .map(|a| nums(a))
        .is_some_and(|v| v.len() == 2 && v[0] > v[1])
}

/// The two colours of a stencil mask painted red, by sample value: 0 paints and 1
/// leaves the paper, unless `/Decode [1 0]` turns that round. The walker only looks
/// at a mask painted in a red fill colour, so one seal red stands for it.
fn mask_palette(d: &Dictionary) -> Vec<u8> {
    const INK: [u8; 3] = [210, 30, 40];
    const PAPER: [u8; 3] = [255, 255, 255];
    if decode_inverted(d) {
        [PAPER, INK].concat()
    } else {
        [INK, PAPER].concat()
    }
}

/// Samples of `h` rows of `n` samples at `bpc` bits (1, 2, 4, 8 or 16; each row
/// starting on a byte) as 8-bit values: 16-bit ones keep their high byte, narrower
/// ones are scaled to 0–255, or kept as they are when they index a palette.
fn eight_bit_samples(
    raw: &[u8],
    n: usize,
    h: usize,
    bpc: usize,
    indexed: bool,
) -> std::borrow::Cow<'_, [u8]> {
    match bpc {
        8 => std::borrow::Cow::Borrowed(raw),
        16 => {
            let row = n * 2;
            let mut out = Vec::with_capacity(n * h);
            for r in raw.chunks_exact(row).take(h) {
                out.extend(r.iter().step_by(2));
            }
            std::borrow::Cow::Owned(out)
        }
        _ => {
            let row = (n * bpc).div_ceil(8);
            let max = (1u16 << bpc) - 1;
            let mut out = Vec::with_capacity(n * h);
            for r in raw.chunks_exact(row).take(h) {
                for i in 0..n {
                    let bit = i * bpc;
                    let v = (r[bit / 8] >> (8 - bpc - bit % 8)) as u16 & max;
                    out.push(if indexed {
                        v as u8
                    } else {
                        (v * 255 / max) as u8
                    });
                }
            }
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Components of an image colour space, with the RGB palette of an Indexed one.
fn color_space(doc: &Document, cs: Option<&Object>) -> (usize, Option<Vec<u8>>) {
    let Some(cs) = cs.and_then(|o| doc.dereference(o).ok()).map(|x| x.1) else {
        return (0, None);
    };
    if let Ok(n) = cs.as_name() {
        return match n {
            b"DeviceRGB" | b"CalRGB" => (3, None),
            b"DeviceGray" | b"CalGray" => (1, None),
            b"DeviceCMYK" => (4, None),
            _ => (0, None),
        };
    }
    let Ok(a) = cs.as_array() else {
        return (0, None);
    };
    match a.first().and_then(|x| x.as_name().ok()) {
        Some(b"ICCBased") => {
            let n = a
                .get(1)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_stream().ok())
                .and_then(|s| dict_num(&s.dict, b"N"))
                .unwrap_or(0);
            (
                if matches!(n, 1 | 3 | 4) {
                    n as usize
                } else {
                    0
                },
                None,
            )
        }
        Some(b"CalRGB") => (3, None),
        Some(b"CalGray") => (1, None),
        Some(b"Indexed") => {
            let (base, _) = color_space(doc, a.get(1));
            if base != 3 {
                return (0, None);
            }
            let lut = a
                .get(3)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| match o {
                    Object::String(s, _) => Some(s.clone()),
                    Object::Stream(s) => s.get_plain_content_with_limit(768).ok(),
                    _ => None,
                });
            match lut {
                Some(l) => (1, Some(l)),
                None => (0, None),
            }
        }
        _ => (0, None),
    }
}

/// Averages raw 8-bit samples down to working size while converting to RGB.
fn shrink_raw(raw: &[u8], w: usize, h: usize, comps: usize, palette: Option<&[u8]>) -> Rgb {
    let f = (w.max(h) / WORK_LONG_SIDE).max(1);
    let (ow, oh) = ((w / f).max(1), (h / f).max(1));
    let mut px = Vec::with_capacity(ow * oh * 3);
    let rgb = |i: usize| -> [u32; 3] {
        let s = &raw[i * comps..i * comps + comps];
        match (comps, palette) {
            (1, Some(p)) => {
                let k = s[0] as usize * 3;
                if k + 2 < p.len() {
                    [p[k] as u32, p[k + 1] as u32, p[k + 2] as u32]
                } else {
                    [0, 0, 0]
                }
            }
            (1, None) => [s[0] as u32; 3],
            (3, _) => [s[0] as u32, s[1] as u32, s[2] as u32],
            _ => {
                let k = 255 - s[3] as u32;
                [
                    (255 - s[0] as u32) * k / 255,
                    (255 - s[1] as u32) * k / 255,
                    (255 - s[2] as u32) * k / 255,
                ]
            }
        }
    };
    for oy in 0..oh {
        for ox in 0..ow {
            let mut acc = [0u32; 3];
            for y in oy * f..(oy * f + f).min(h) {
                for x in ox * f..(ox * f + f).min(w) {
                    let c = rgb(y * w + x);
                    acc[0] += c[0];
                    acc[1] += c[1];
                    acc[2] += c[2];
                }
            }
            let n = (f * f) as u32;
            px.extend(acc.iter().map(|a| (a / n) as u8));
        }
    }
    Rgb { w: ow, h: oh, px }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph_offsets(operands: &[Object], size: f32) -> (Vec<f32>, f32) {
        let mut at = Vec::new();
        let end = text_run(operands, size, |x| at.push(x));
        (at, end)
    }

    #[test]
    fn numbers_in_a_text_array_move_the_glyphs() {
        let s = |b: &[u8]| Object::String(b.to_vec(), lopdf::StringFormat::Hexadecimal);
        // Two CJK glyphs at font size 10: each advances 9.
        let (at, end) = glyph_offsets(&[s(&[0, 0x14, 0, 0x15])], 10.0);
        assert_eq!((at, end), (vec![0.0, 9.0], 18.0));
        // A glyph printed twice over itself to look bold: the number takes the second
        // copy back by 0.978 of the font size, 0.78 short of where the first began.
        let (at, end) = glyph_offsets(
            &[Object::Array(vec![
                s(&[0, 0x14]),
                Object::Real(978.0),
                s(&[0, 0x14]),
            ])],
            10.0,
        );
        assert_eq!(at.len(), 2);
        assert!((at[1] - -0.78).abs() < 1e-4, "{at:?}");
        assert!((end - 8.22).abs() < 1e-4, "{end}");
        // A negative number (more space) moves them apart; integers count too.
        let (at, _) = glyph_offsets(
            &[Object::Array(vec![
                s(&[0, 1]),
                Object::Integer(-500),
                s(&[0, 2]),
            ])],
            10.0,
        );
        assert_eq!(at, vec![0.0, 14.0]);
        // However long the run, at most MAX_RUN_GLYPHS glyphs are drawn.
        let (at, _) = glyph_offsets(&[s(&vec![0u8; 2 * MAX_RUN_GLYPHS + 10])], 1.0);
        assert_eq!(at.len(), MAX_RUN_GLYPHS);
    }

    #[test]
    fn samples_of_every_bit_depth_become_eight_bit() {
        // 2-bit grey, rows of three samples padded to a byte: 0, 1, 2 / 3, 0, 3.
        let raw = [0b0001_1000, 0b1100_1100];
        assert_eq!(
            &*eight_bit_samples(&raw, 3, 2, 2, false),
            &[0, 85, 170, 255, 0, 255]
        );
        // The same as palette indices stay indices.
        assert_eq!(
            &*eight_bit_samples(&raw, 3, 2, 2, true),
            &[0, 1, 2, 3, 0, 3]
        );
        // 4 bits, one odd sample per row.
        assert_eq!(
            &*eight_bit_samples(&[0xF0, 0x80], 1, 2, 4, false),
            &[255, 136]
        );
        // 16 bits keep their high byte.
        assert_eq!(
            &*eight_bit_samples(&[0x12, 0x34, 0xAB, 0xCD], 2, 1, 16, false),
            &[0x12, 0xAB]
        );
        // A short buffer yields the rows it holds, never more.
        assert_eq!(eight_bit_samples(&[0xFF], 3, 2, 2, false).len(), 3);
    }

    #[test]
    fn thick_red_strokes_stop_at_the_drawing_limit() {
        // Found by fuzzing: 532 bytes, one page of 1,000 red lines 200 pt wide. Each
        // line drew a disc of about 110 px across at every half pixel along it: more than
        // a minute for the seal search before the drawing limit, now a partial answer.
        let data = include_bytes!("../../fixtures/fuzz/pdf-thick-red-strokes.pdf");
        let limits = SealLimits {
            max_pixels: 4_000_000,
            max_images_per_file: 64,
            max_pages: 50,
            shapes: crate::rules::SealShape::ALL.to_vec(),
        };
        let start = std::time::Instant::now();
        let f = detect(data, &limits);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
        assert!(
            matches!(&f.read, ReadOutcome::Partial { why, .. } if why.zh.contains("绘制上限")),
            "{:?}",
            f.read
        );
    }

    #[test]
    fn paper_white_paint_hides_the_red_under_it() {
        // A red block 100 pt square, then a white bar across its middle (the white
        // stroke of a carved 名章's character): the bar's pixels are no red ink.
        let mut r = PageRaster::with_long_side([0.0, 0.0, 200.0, 200.0], 200);
        let block = vec![vec![
            (50.0, 50.0),
            (150.0, 50.0),
            (150.0, 150.0),
            (50.0, 150.0),
        ]];
        r.fill(&block, &IDENTITY, false);
        assert_eq!(r.ink, 100 * 100);
        let bar = vec![vec![
            (60.0, 95.0),
            (140.0, 95.0),
            (140.0, 105.0),
            (60.0, 105.0),
        ]];
        r.paint(&bar, &IDENTITY, false, false);
        assert_eq!(r.ink, 100 * 100 - 80 * 10);
        // In picture rows (y down): page y 100 is row 100; the bar is cleared, the block
        // around it is not.
        assert_eq!(r.mask[100 * 200 + 100], 0);
        assert_eq!(r.mask[70 * 200 + 100], 2);
        // Paper: white and near white in gray, RGB and CMYK; not red, pink or gray.
        assert!(
            paper_of(&[1.0]) && paper_of(&[0.95, 0.97, 1.0]) && paper_of(&[0.0, 0.0, 0.0, 0.0])
        );
        assert!(
            !paper_of(&[0.5]) && !paper_of(&[0.95, 0.6, 0.7]) && !paper_of(&[0.0, 0.9, 0.85, 0.0])
        );
        assert!(!paper_of(&[0.0, 0.0, 0.0, 0.2]) && !paper_of(&[]));
    }

    /// The red ink a one-page PDF's drawing puts on a 200 px raster of its 200 pt page:
    /// `content` is the page's content, `form` that of form XObject `/Fm`.
    fn red_ink(content: &str, form: &str) -> usize {
        red_ink_in(content, form, "")
    }

    /// As [`red_ink`], with `spaces` the entries of the page's `/ColorSpace`
    /// resources.
    fn red_ink_in(content: &str, form: &str, spaces: &str) -> usize {
        let stream = |c: &str, dict: &str| {
            format!("<< {dict} /Length {} >>\nstream\n{c}\nendstream", c.len()).into_bytes()
        };
        let data = pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources \
                 << /XObject << /Fm 5 0 R >> /ColorSpace << {spaces} >> >> /Contents 4 0 R >>"
            )
            .into_bytes(),
            stream(content, ""),
            stream(form, "/Type /XObject /Subtype /Form /BBox [0 0 200 200]"),
        ]);
        let doc = Document::load_mem(&data).expect("test PDF");
        let limits = SealLimits {
            max_pixels: 4_000_000,
            max_images_per_file: 0,
            max_pages: 1,
            shapes: crate::rules::SealShape::ALL.to_vec(),
        };
        let (mut left, mut seen) = (0usize, HashSet::new());
        let page_id = doc.page_iter().next().expect("a page");
        let page = doc.get_dictionary(page_id).expect("page");
        let mut walker = Walker::new(
            &doc,
            &limits,
            (&mut left, &mut seen),
            PageRaster::with_long_side(page_box(&doc, page), 200),
        );
        walker.page(page_id, page);
        walker.raster.ink
    }

    #[test]
    fn drawing_follows_the_graphics_state() {
        let square = "50 50 100 100 re f";
        assert_eq!(red_ink(&format!("1 0 0 rg {square}"), ""), 100 * 100);
        // A new colour space starts from its initial colour (black).
        assert_eq!(red_ink(&format!("1 0 0 rg /DeviceRGB cs {square}"), ""), 0);
        assert_eq!(
            red_ink(&format!("/DeviceRGB cs 1 0 0 sc {square}"), ""),
            100 * 100
        );
        // A form without colours of its own draws in the colour set where it is drawn.
        assert_eq!(red_ink("q 1 0 0 rg /Fm Do Q", square), 100 * 100);
        assert_eq!(red_ink("q 0 g /Fm Do Q", square), 0);
        // ... and its text in the text mode and size in force there: 10 glyphs of 10 pt
        // filled, or none shown when invisible.
        let text = "BT 20 100 Td (abcdefghij) Tj ET";
        let filled = red_ink("q 1 0 0 rg /F1 10 Tf /Fm Do Q", text);
        assert!(filled > 0);
        assert_eq!(red_ink("q 1 0 0 rg 3 Tr /F1 10 Tf /Fm Do Q", text), 0);
        // The font size is restored by `Q` with the rest of the state.
        let sized = |c: &str| red_ink(&format!("1 0 0 rg /F1 10 Tf {c} {text}"), "");
        assert_eq!(sized("q /F1 30 Tf Q"), sized(""));
        assert!(sized("/F1 30 Tf") > sized(""));
    }

    #[test]
    fn spot_colours_are_drawn_in_their_alternate_colour() {
        // A spot red (its full tint red in RGB or CMYK), a spot black, and a spot
        // colour whose tint transform is not an exponential function.
        let spaces = "/Red [/Separation /Seal#20Red /DeviceRGB \
                      << /FunctionType 2 /Domain [0 1] /C0 [1 1 1] /C1 [0.8 0.1 0.1] /N 1 >>] \
                      /RedK [/DeviceN [/Red] /DeviceCMYK \
                      << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 1 1 0] /N 1 >>] \
                      /Black [/Separation /Black /DeviceGray \
                      << /FunctionType 2 /Domain [0 1] /C0 [1] /C1 [0] /N 1 >>] \
                      /Calc [/Separation /Red /DeviceRGB \
                      << /FunctionType 4 /Domain [0 1] /Range [0 1 0 1 0 1] >>]";
        let square = "50 50 100 100 re f";
        let ink = |c: &str| red_ink_in(&format!("{c} {square}"), "", spaces);
        let full = 100 * 100;
        assert_eq!(ink("/Red cs 1 sc"), full);
        assert_eq!(ink("/Red cs 1 scn"), full);
        assert_eq!(ink("/RedK cs 0.9 scn"), full);
        // The initial colour of a spot colour is its full tint.
        assert_eq!(ink("/Red cs"), full);
        // A faint tint is no red ink; nor is spot black, an unread tint transform, or
        // a device colour set after the spot colour.
        assert_eq!(ink("/Red cs 0.05 sc"), 0);
        assert_eq!(ink("/Black cs 1 sc"), 0);
        assert_eq!(ink("/Calc cs 1 sc"), 0);
        assert_eq!(ink("/Red cs 1 sc 0 0 0 rg"), 0);
        // Strokes too.
        let stroke = |c: &str| red_ink_in(&format!("{c} 10 w 50 50 100 100 re S"), "", spaces);
        assert!(stroke("/Red CS 1 SC") > 0);
        assert_eq!(stroke("/Black CS 1 SC"), 0);
        // Paper-white tint paints over red drawn before it.
        assert_eq!(ink(&format!("1 0 0 rg {square} /Red cs 0 sc")), 0);
    }

    /// A PDF of the given objects (numbered from 1; the first is the catalogue).
    fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend(o);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn a_picture_drawn_on_every_page_is_searched_once() {
        // One 20 × 20 picture drawn on five pages. Each page used to decode and search
        // it again, each time counted against the file's picture limit: a small file
        // could make the search decode one large picture fifty times.
        let pages = 5;
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!(
                "<< /Type /Pages /Kids [{}] /Count {pages} >>",
                (0..pages)
                    .map(|i| format!("{} 0 R", i + 3))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .into_bytes(),
        ];
        let image = pages + 3;
        for _ in 0..pages {
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] \
                     /Resources << /XObject << /Im {image} 0 R >> >> /Contents {} 0 R >>",
                    image + 1
                )
                .into_bytes(),
            );
        }
        let mut picture = b"<< /Type /XObject /Subtype /Image /Width 20 /Height 20 \
            /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 400 >>\nstream\n"
            .to_vec();
        picture.extend([255u8; 400]);
        picture.extend(b"\nendstream");
        objects.push(picture);
        let content = b"q 100 0 0 100 50 50 cm /Im Do Q";
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objects.push(stream);
        let limits = SealLimits {
            max_pixels: 4_000_000,
            max_images_per_file: 2,
            max_pages: 50,
            shapes: crate::rules::SealShape::ALL.to_vec(),
        };
        let f = detect(&pdf_of(&objects), &limits);
        assert_eq!(f.searched, pages as u32);
        assert_eq!(f.read, ReadOutcome::Complete);
    }

    #[test]
    fn an_endless_line_width_is_cut_not_a_crash() {
        let mut r = PageRaster::new([0.0, 0.0, 612.0, 792.0]);
        let line = vec![vec![(0.0, 0.0), (612.0, 792.0)]];
        r.stroke(&line, &IDENTITY, f32::INFINITY);
        r.stroke(&line, &IDENTITY, 1e30);
        assert!(r.cut && r.ink == 0);
        // Far outside the page, a point must not overflow the pixel arithmetic.
        let mut r = PageRaster::new([0.0, 0.0, 612.0, 792.0]);
        r.stroke(&[vec![(1e30, 1e30), (1e30, 1e30 + 1.0)]], &IDENTITY, 2.0);
        assert_eq!(r.ink, 0);
        // An ordinary red line is drawn and leaves the budget nearly whole.
        r.stroke(&line, &IDENTITY, 2.0);
        assert!(r.ink > 100 && !r.cut && r.work < MAX_RASTER_WORK / 100);
    }
}
