//! The summary across units: `summary.json`, `summary.csv`, `summary.xlsx`.
//!
//! (Skeleton: filled in by the reports work.)

use super::Summary;
use crate::diag::Lang;

pub fn json(s: &Summary, lang: Lang) -> String {
    let _ = lang;
    serde_json::to_string_pretty(s).unwrap_or_default()
}

pub fn csv(s: &Summary, lang: Lang) -> String {
    let _ = (s, lang);
    String::new()
}

/// The summary as an Excel workbook (empty when it could not be made).
pub fn xlsx(s: &Summary, lang: Lang) -> Vec<u8> {
    let _ = (s, lang);
    Vec::new()
}
