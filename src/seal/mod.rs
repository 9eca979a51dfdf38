//! Official seal (公章) detection.
//!
//! [`detect`] looks at one file's bytes and says whether it shows a seal, of which
//! kind, where, and how sure it is:
//! - pictures (JPEG, PNG, …): decoded at reduced scale ([`raster`]) and searched by
//!   the raster detector ([`detect`](self::detect) module `detect`);
//! - PDF ([`pdf`]): signature fields, page images (JPEG and Flate), and red vector
//!   drawings rasterised coarsely, last page first;
//! - OFD ([`ofd`]): a `Signatures.xml` part means an electronic seal;
//! - DOCX/XLSX ([`office`]): seal pictures pasted into `word/media`/`xl/media`.
//!
//! Every bound (pixels per picture, pictures per file, pages) comes from
//! [`SealLimits`]; what could not be searched, or not in full, is said in
//! [`SealFacts::read`] (decoder panics: crashed).

pub mod conv;
pub mod detect;
pub(crate) mod jpeg_cut;
pub(crate) mod jpeg_dc;
pub mod ofd;
pub mod office;
pub mod pdf;
pub mod raster;
pub mod verify;
pub(crate) mod zoom;

use crate::diag::Lang;
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use crate::rules::{SealLimits, SealShape};
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// How a seal is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SealKind {
    /// Part of a scanned page or photo.
    Scanned,
    /// Drawn as vector graphics in a PDF.
    Vector,
    /// A digital signature (PDF signature field, OFD Signatures.xml).
    Signature,
    /// An image pasted into an editable document.
    Pasted,
}

impl SealKind {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SealKind::Scanned, Lang::Zh) => "扫描/拍摄图像中的印章",
            (SealKind::Vector, Lang::Zh) => "PDF 矢量印章",
            (SealKind::Signature, Lang::Zh) => "电子签章",
            (SealKind::Pasted, Lang::Zh) => "粘贴在可编辑文档中的印章图片",
            (SealKind::Scanned, Lang::En) => "seal in a scanned page or photo",
            (SealKind::Vector, Lang::En) => "vector seal in a PDF",
            (SealKind::Signature, Lang::En) => "electronic signature seal",
            (SealKind::Pasted, Lang::En) => "seal picture pasted into an editable document",
        }
    }
}

/// The finding for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealFacts {
    /// A seal was found. `false` means none was found where the file was searched;
    /// `read` says whether that search was complete.
    pub found: bool,
    /// What kind of seal was found; `None` when none was.
    pub kind: Option<SealKind>,
    /// 1-based page, when the file has pages.
    pub page: Option<u32>,
    /// 0..1. On a seal found: the detector's score of the seal (at least
    /// [`detect::THRESHOLD`]; 1.0 for a signed signature field or an OFD signature).
    /// For a red mark the shape rules score at least [`detect::VERIFY_GATE`], the score
    /// is the verifier's ([`verify`]): a probability whose logit is shifted so that
    /// [`detect::THRESHOLD`] (0.6) is the operating point chosen on the tuning data
    /// (precision 0.995 out of fold); below the gate it is half the rules' score.
    /// On "not found": how sure the absence is, `1 − ½ × s` where `s` is the score of
    /// the most seal-like red mark that was rejected (0 when there was none), times
    /// 0.7 when some page image could not be decoded; a page with a rejected red ring
    /// therefore reads lower than a page with no red at all. 0 when undetermined.
    pub confidence: f32,
    /// How completely the file was searched: "no seal" is said only after a
    /// complete search.
    #[serde(default)]
    pub read: ReadOutcome,
    /// Centre of the seal as fractions (x from the left, y from the top) of the page
    /// or picture it was found on, when known.
    pub position: Option<(f32, f32)>,
    /// Pages (or pictures) searched.
    pub searched: u32,
    /// The 1-based pages searched, in the order searched (PDF: the last page, then
    /// from the first); empty for a picture file and for the pictures of a Word,
    /// Excel or OFD file, which `searched` counts.
    #[serde(default)]
    pub pages_searched: Vec<u32>,
    /// The outline of the seal found in a picture or drawn in a PDF (`None` for an
    /// electronic signature and when none was found).
    #[serde(default)]
    pub shape: Option<SealShape>,
}

impl SealFacts {
    /// Nothing found after searching `searched` pages or pictures; `confidence` is
    /// how sure the absence is.
    pub fn none(searched: u32, confidence: f32) -> SealFacts {
        SealFacts {
            found: false,
            kind: None,
            page: None,
            confidence,
            read: ReadOutcome::Complete,
            position: None,
            searched,
            pages_searched: Vec::new(),
            shape: None,
        }
    }

    /// A seal of `kind`.
    pub fn found(kind: SealKind, page: Option<u32>, confidence: f32) -> SealFacts {
        SealFacts {
            found: true,
            kind: Some(kind),
            page,
            confidence,
            read: ReadOutcome::Complete,
            position: None,
            searched: 0,
            pages_searched: Vec::new(),
            shape: None,
        }
    }

    /// The search could not be made, or not in full (`read` says why).
    pub fn unread(read: ReadOutcome) -> SealFacts {
        SealFacts {
            found: false,
            kind: None,
            page: None,
            confidence: 0.0,
            read,
            position: None,
            searched: 0,
            pages_searched: Vec::new(),
            shape: None,
        }
    }

    /// Whether "no seal" may be said: nothing found after a complete search.
    pub fn absent(&self) -> bool {
        !self.found && self.read.is_complete()
    }

    /// One line for reports.
    pub fn summary(&self, lang: Lang) -> String {
        let pct = (self.confidence * 100.0).round() as u32;
        if !self.found && !self.read.is_complete() {
            let why = self.read.describe(lang);
            return match (lang, self.searched) {
                (Lang::Zh, 0) => format!("无法检测公章：{why}"),
                (Lang::En, 0) => format!("seal detection not possible: {why}"),
                (Lang::Zh, n) => format!("检查了 {n} 页/图，未发现公章，但{why}"),
                (Lang::En, n) => {
                    format!("no seal in the {n} pages/pictures searched, but {why}")
                }
            };
        }
        if !self.found {
            let pages = page_list(
                &self.pages_searched,
                if lang == Lang::Zh { "、" } else { ", " },
            );
            return match (lang, pages.is_empty()) {
                (Lang::Zh, true) => format!(
                    "未检测到公章（检查了 {} 页/图，置信度 {pct}%）",
                    self.searched
                ),
                (Lang::Zh, false) => format!(
                    "未检测到公章（检查了第 {pages} 页，共 {} 页，置信度 {pct}%）",
                    self.pages_searched.len()
                ),
                (Lang::En, true) => format!(
                    "no seal found ({} pages/pictures searched, confidence {pct}%)",
                    self.searched
                ),
                (Lang::En, false) => format!(
                    "no seal found (pages {pages} searched, {} in all, confidence {pct}%)",
                    self.pages_searched.len()
                ),
            };
        }
        let kind = self.kind.map(|k| k.label(lang)).unwrap_or("");
        let mut s = match (lang, self.shape) {
            (Lang::Zh, Some(shape)) => format!("检测到公章：{kind}（{}）", shape.label(lang)),
            (Lang::En, Some(shape)) => format!("seal found: {kind} ({})", shape.label(lang)),
            (Lang::Zh, None) => format!("检测到公章：{kind}"),
            (Lang::En, None) => format!("seal found: {kind}"),
        };
        if let Some(p) = self.page {
            s.push_str(&match lang {
                Lang::Zh => format!("，第 {p} 页"),
                Lang::En => format!(", page {p}"),
            });
        }
        if let Some((x, y)) = self.position {
            s.push_str(&match lang {
                Lang::Zh => format!("，位置 {}", place_zh(x, y)),
                Lang::En => format!(", {}", place_en(x, y)),
            });
        }
        s.push_str(&match lang {
            Lang::Zh => format!("，置信度 {pct}%"),
            Lang::En => format!(", confidence {pct}%"),
        });
        s
    }
}

/// Pages as runs in search order: `5, 1–4`.
fn page_list(pages: &[u32], sep: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    out.join(sep)
}

fn third(v: f32) -> usize {
    if v < 1.0 / 3.0 {
        0
    } else if v < 2.0 / 3.0 {
        1
    } else {
        2
    }
}

fn place_zh(x: f32, y: f32) -> String {
    let v = ["上", "中", "下"][third(y)];
    let h = ["左", "中", "右"][third(x)];
    if v == "中" && h == "中" {
        "页面中部".into()
    } else {
        format!("页面{v}{h}")
    }
}

fn place_en(x: f32, y: f32) -> String {
    let v = ["top", "middle", "bottom"][third(y)];
    let h = ["left", "centre", "right"][third(x)];
    format!("{v} {h} of the page")
}

/// Looks for a seal in `data` (a file of format `format`).
pub fn detect(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    match catch_unwind(AssertUnwindSafe(|| detect_inner(data, format, limits))) {
        Ok(f) => f,
        Err(p) => SealFacts::unread(ReadOutcome::Crashed {
            why: crate::panics::panic_message(p.as_ref()),
        }),
    }
}

fn detect_inner(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    match format {
        Format::Pdf => pdf::detect(data, limits),
        Format::Ofd => ofd::detect(data, limits),
        Format::Docx | Format::Xlsx => office::detect(data, format, limits),
        f if f.is_image() => detect_picture(data, f, limits),
        f => SealFacts::unread(ReadOutcome::unsupported(
            format!("{} 文件中的公章", f.display_name()),
            format!("seals in {} files", f.display_name()),
        )),
    }
}

/// Decodes a picture file (any format) for searching.
pub fn decode_picture(data: &[u8], max_pixels: u64) -> Result<raster::Rgb, raster::DecodeError> {
    if data.starts_with(&[0xFF, 0xD8]) {
        raster::decode_jpeg(data, max_pixels)
    } else {
        raster::decode_other(data, max_pixels)
    }
}

/// The part `(x0, y0, x1, y1)` (shares of the picture's sides) of a JPEG at the scale
/// of the closer look: decoded alone, or with `whole`, cut from the whole picture
/// decoded at that scale by `jpeg-decoder` (what the closer look did before). For
/// `examples/seal_cut_bench.rs`.
#[doc(hidden)]
pub fn decode_closer_part(
    data: &[u8],
    (x0, y0, x1, y1): (f32, f32, f32, f32),
    whole: bool,
) -> Option<raster::Rgb> {
    let full;
    let mut closer = if whole {
        full = raster::decode_jpeg_closer(data, u64::MAX).ok()?;
        zoom::Closer::Decoded(&full)
    } else {
        zoom::Closer::jpeg(data, u64::MAX)
    };
    let (w, h) = closer.size()?;
    let px = |v: f32, n: usize| ((v.clamp(0.0, 1.0) * n as f32) as usize).min(n);
    closer.cut(px(x0, w), px(y0, h), px(x1, w), px(y1, h))
}

/// Searches one decoded picture (a whole one: a square seal it is cut tight round is
/// searched inside a margin too); `None` when no candidate passes.
pub fn search_picture(img: &raster::Rgb) -> Option<detect::Candidate> {
    detect::best_in_whole(img, &SealShape::ALL).filter(|c| c.confidence >= detect::THRESHOLD)
}

/// Confidence of a "no seal" answer given the best rejected candidate.
fn absence_confidence(best: Option<detect::Candidate>) -> f32 {
    1.0 - best.map(|c| c.confidence).unwrap_or(0.0) * 0.5
}

fn detect_picture(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    if format == Format::Heic {
        return SealFacts::unread(ReadOutcome::unsupported("HEIC 图片", "HEIC pictures"));
    }
    if format == Format::Tiff {
        return detect_tiff(data, limits);
    }
    // A JPEG is decoded at reduced scale; any other picture at full size first, kept
    // for a closer look at its small red marks (see [`zoom`]).
    let decoded = if data.starts_with(&[0xFF, 0xD8]) {
        raster::decode_jpeg_marked(data, limits.max_pixels).map(|(img, marks)| (img, None, marks))
    } else {
        raster::decode_other_full(data, limits.max_pixels).map(|full| {
            let f = full.w.max(full.h) / raster::WORK_LONG_SIDE;
            if f >= 2 {
                (full.shrink(f), Some(full), None)
            } else {
                (full, None, None)
            }
        })
    };
    match decoded {
        Err(e) => SealFacts::unread(ReadOutcome::damaged(format!("图片无法解码: {}", e.0))),
        Ok((img, full, marks)) => {
            let mut closer = match full.as_ref() {
                Some(full) => zoom::Closer::Decoded(full),
                None => zoom::Closer::jpeg(data, limits.max_pixels).with_row_marks(marks),
            };
            let judged = zoom::search_judged(&img, &limits.shapes, &mut closer);
            let best = judged.best;
            let found = judged
                .found
                .or_else(|| match full.as_ref() {
                    Some(_) => {
                        zoom::search(
                            &img,
                            &judged.mask,
                            &judged.seen,
                            &mut closer,
                            &limits.shapes,
                        )
                        .0
                    }
                    None => zoom::closer_jpeg(
                        &img,
                        &judged.mask,
                        &judged.seen,
                        &mut closer,
                        &limits.shapes,
                    ),
                })
                .filter(|c| limits.shapes.contains(&c.shape));
            match found {
                Some(c) => {
                    let mut f = SealFacts::found(SealKind::Scanned, None, c.confidence);
                    f.position = Some((c.cx, c.cy));
                    f.shape = Some(c.shape);
                    f.searched = 1;
                    f
                }
                None => SealFacts::none(1, absence_confidence(best)),
            }
        }
    }
}

/// A TIFF: every page (a scanner's multi-page TIFF holds a whole document), up to
/// `max_pages`, each decoded within `max_pixels` and searched; the first find stops.
fn detect_tiff(data: &[u8], limits: &SealLimits) -> SealFacts {
    let mut pages = tiff_pages(data, limits);
    let mut best: Option<detect::Candidate> = None;
    let mut searched = 0u32;
    let mut undecodable = 0u32;
    for (no, page) in (1u32..).zip(pages.decoded.drain(..)) {
        let Some(img) = page else {
            undecodable += 1;
            continue;
        };
        searched += 1;
        let c = detect::best_in_whole(&img, &limits.shapes);
        if let Some(c) = c.filter(|c| c.confidence >= detect::THRESHOLD) {
            let mut f = SealFacts::found(SealKind::Scanned, Some(no), c.confidence);
            f.position = Some((c.cx, c.cy));
            f.shape = Some(c.shape);
            f.searched = searched;
            return f;
        }
        if let Some(c) = c {
            if best.is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
        }
    }
    if searched == 0 {
        return SealFacts::unread(match pages.error {
            Some(e) => ReadOutcome::damaged(e),
            None => {
                ReadOutcome::unsupported("此种编码的 TIFF 图像", "TIFF pictures of this encoding")
            }
        });
    }
    let mut f = SealFacts::none(searched, absence_confidence(best));
    f.read = if undecodable > 0 || pages.error.is_some() {
        ReadOutcome::partial(
            crate::diag::Text::new(
                format!("{searched} 页能解码的页面"),
                format!("the {searched} pages that could be decoded"),
            ),
            crate::diag::Text::new(
                format!("{} 页无法解码", undecodable.max(1)),
                format!("{} pages could not be decoded", undecodable.max(1)),
            ),
        )
    } else if pages.more {
        ReadOutcome::partial(
            crate::diag::Text::new(
                format!("前 {searched} 页"),
                format!("the first {searched} pages"),
            ),
            crate::diag::Text::new(
                format!("检查上限 {} 页", limits.max_pages),
                format!("the search stops at {} pages", limits.max_pages),
            ),
        )
    } else {
        ReadOutcome::Complete
    };
    f
}

/// The pages of a TIFF, decoded for searching.
struct TiffPages {
    /// One entry per page read: the picture, or `None` when it could not be decoded.
    decoded: Vec<Option<raster::Rgb>>,
    /// Pages were left unread at `max_pages`.
    more: bool,
    /// The page directory broke here (later pages unreachable).
    error: Option<String>,
}

fn tiff_pages(data: &[u8], limits: &SealLimits) -> TiffPages {
    let mut out = TiffPages {
        decoded: Vec::new(),
        more: false,
        error: None,
    };
    let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut lim = tiff::decoder::Limits::default();
        let bytes = limits.max_pixels.saturating_mul(4 * 8);
        lim.decoding_buffer_size = usize::try_from(bytes).unwrap_or(usize::MAX);
        lim.intermediate_buffer_size = lim.decoding_buffer_size;
        let mut dec = match tiff::decoder::Decoder::new(std::io::Cursor::new(data)) {
            Ok(d) => d.with_limits(lim),
            Err(e) => {
                out.error = Some(format!("TIFF 无法解析: {e}"));
                return;
            }
        };
        loop {
            if out.decoded.len() >= limits.max_pages.max(1) {
                out.more = dec.more_images();
                return;
            }
            let mut page = tiff_page(&mut dec, limits.max_pixels);
            if page.is_none() && out.decoded.is_empty() {
                // Sample layouts this loop does not convert: the general decoder.
                page = decode_picture(data, limits.max_pixels).ok();
            }
            out.decoded.push(page);
            if !dec.more_images() {
                return;
            }
            if let Err(e) = dec.next_image() {
                out.error = Some(format!("TIFF 页目录损坏: {e}"));
                return;
            }
        }
    }));
    if let Err(p) = r {
        out.error = Some(format!(
            "TIFF 解码出错: {}",
            crate::panics::panic_message(p.as_ref())
        ));
    }
    out
}

/// Decodes the decoder's current page (8-bit grey, grey+alpha, RGB, RGBA, CMYK).
fn tiff_page<R: std::io::Read + std::io::Seek>(
    dec: &mut tiff::decoder::Decoder<R>,
    max_pixels: u64,
) -> Option<raster::Rgb> {
    use tiff::ColorType as C;
    let (w, h) = dec.dimensions().ok()?;
    let (w, h) = (w as usize, h as usize);
    if w == 0 || h == 0 || (w as u64).saturating_mul(h as u64) > max_pixels.saturating_mul(4) {
        return None;
    }
    let ct = dec.colortype().ok()?;
    let tiff::decoder::DecodingResult::U8(raw) = dec.read_image().ok()? else {
        return None;
    };
    let n = w * h;
    let mut px = Vec::with_capacity(n.min(raw.len()).saturating_mul(3));
    match ct {
        C::Gray(8) => raw
            .iter()
            .take(n)
            .for_each(|&l| px.extend_from_slice(&[l, l, l])),
        C::GrayA(8) => raw
            .chunks_exact(2)
            .take(n)
            .for_each(|c| px.extend_from_slice(&[c[0], c[0], c[0]])),
        C::RGB(8) => px.extend_from_slice(&raw[..(n * 3).min(raw.len())]),
        C::RGBA(8) => raw
            .chunks_exact(4)
            .take(n)
            .for_each(|c| px.extend_from_slice(&c[..3])),
        C::CMYK(8) => raw.chunks_exact(4).take(n).for_each(|c| {
            let k = 255 - c[3] as u32;
            let f = |v: u8| ((255 - v as u32) * k / 255) as u8;
            px.extend_from_slice(&[f(c[0]), f(c[1]), f(c[2])]);
        }),
        _ => return None,
    }
    if px.len() != n * 3 {
        return None;
    }
    Some(raster::Rgb { w, h, px }.normalise(raster::WORK_LONG_SIDE))
}
