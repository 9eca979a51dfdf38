//! Official seal (公章) detection.
//!
//! (Skeleton: the detection is filled in by the seal work.)

use crate::diag::Lang;
use crate::identify::Format;
use crate::rules::SealLimits;
use serde::{Deserialize, Serialize};

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

/// The finding for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealFacts {
    pub found: bool,
    pub kind: Option<SealKind>,
    /// 1-based page, when the file has pages.
    pub page: Option<u32>,
    /// 0..1.
    pub confidence: f32,
    /// Why detection was not possible, when it was not.
    pub undetermined: Option<String>,
}

impl SealFacts {
    /// One line for reports.
    pub fn summary(&self, lang: Lang) -> String {
        match (lang, self.found) {
            (Lang::Zh, true) => "检测到公章".into(),
            (Lang::Zh, false) => "未检测到公章".into(),
            (Lang::En, true) => "seal found".into(),
            (Lang::En, false) => "no seal found".into(),
        }
    }
}

/// Looks for a seal in `data` (a file of format `format`).
pub fn detect(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    let _ = (data, format, limits);
    SealFacts {
        found: false,
        kind: None,
        page: None,
        confidence: 0.0,
        undetermined: Some("not implemented".into()),
    }
}
