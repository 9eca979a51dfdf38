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
//! [`SealLimits`]; decoder panics become "undetermined".

pub mod detect;
pub mod ofd;
pub mod office;
pub mod pdf;
pub mod raster;
pub mod synth;

use crate::diag::Lang;
use crate::identify::Format;
use crate::rules::SealLimits;
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
    pub found: bool,
    pub kind: Option<SealKind>,
    /// 1-based page, when the file has pages.
    pub page: Option<u32>,
    /// 0..1. On a seal found: the detector's score of the seal (at least
    /// [`detect::THRESHOLD`]; 1.0 for a signed signature field or an OFD signature).
    /// On "not found": how sure the absence is, `1 − ½ × s` where `s` is the score of
    /// the most seal-like red mark that was rejected (0 when there was none), times
    /// 0.7 when some page image could not be decoded; a page with a rejected red ring
    /// therefore reads lower than a page with no red at all. 0 when undetermined.
    pub confidence: f32,
    /// Why detection was not possible, when it was not.
    pub undetermined: Option<String>,
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
            undetermined: None,
            position: None,
            searched,
            pages_searched: Vec::new(),
        }
    }

    /// A seal of `kind`.
    pub fn found(kind: SealKind, page: Option<u32>, confidence: f32) -> SealFacts {
        SealFacts {
            found: true,
            kind: Some(kind),
            page,
            confidence,
            undetermined: None,
            position: None,
            searched: 0,
            pages_searched: Vec::new(),
        }
    }

    /// Detection was not possible.
    pub fn undetermined(why: impl Into<String>) -> SealFacts {
        SealFacts {
            found: false,
            kind: None,
            page: None,
            confidence: 0.0,
            undetermined: Some(why.into()),
            position: None,
            searched: 0,
            pages_searched: Vec::new(),
        }
    }

    /// One line for reports.
    pub fn summary(&self, lang: Lang) -> String {
        if let Some(why) = &self.undetermined {
            return match lang {
                Lang::Zh => format!("无法检测公章：{why}"),
                Lang::En => format!("seal detection not possible: {why}"),
            };
        }
        let pct = (self.confidence * 100.0).round() as u32;
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
        let mut s = match lang {
            Lang::Zh => format!("检测到公章：{kind}"),
            Lang::En => format!("seal found: {kind}"),
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
        Err(_) => SealFacts::undetermined("文件内容损坏，读取时出错 (reader crashed)"),
    }
}

fn detect_inner(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    match format {
        Format::Pdf => pdf::detect(data, limits),
        Format::Ofd => ofd::detect(data, limits),
        Format::Docx | Format::Xlsx => office::detect(data, format, limits),
        f if f.is_image() => detect_picture(data, f, limits),
        _ => SealFacts::undetermined("此格式无法检测公章 (format not searched for seals)"),
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

/// Searches one decoded picture; `None` when no candidate passes.
pub fn search_picture(img: &raster::Rgb) -> Option<detect::Candidate> {
    detect::best_candidate(img).filter(|c| c.confidence >= detect::THRESHOLD)
}

/// Confidence of a "no seal" answer given the best rejected candidate.
fn absence_confidence(best: Option<detect::Candidate>) -> f32 {
    1.0 - best.map(|c| c.confidence).unwrap_or(0.0) * 0.5
}

fn detect_picture(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    if format == Format::Heic {
        return SealFacts::undetermined("HEIC 图片无法解码 (HEIC pictures cannot be decoded)");
    }
    match decode_picture(data, limits.max_pixels) {
        Err(e) => SealFacts::undetermined(format!("图片无法解码 (picture not decodable: {})", e.0)),
        Ok(img) => {
            let best = detect::best_candidate(&img);
            match best.filter(|c| c.confidence >= detect::THRESHOLD) {
                Some(c) => {
                    let mut f = SealFacts::found(SealKind::Scanned, None, c.confidence);
                    f.position = Some((c.cx, c.cy));
                    f.searched = 1;
                    f
                }
                None => SealFacts::none(1, absence_confidence(best)),
            }
        }
    }
}
