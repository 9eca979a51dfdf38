//! `report.html`: the per-unit report for people, one self-contained page.
//!
//! (Skeleton: filled in by the reports work.)

use super::UnitReport;
use crate::diag::Lang;

/// The unit report as an HTML page.
pub fn unit(r: &UnitReport, lang: Lang) -> String {
    let _ = (r, lang);
    String::from("<!doctype html><meta charset=utf-8><title>evcheck</title>")
}
