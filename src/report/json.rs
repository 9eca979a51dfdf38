//! `report.json`: the per-unit report for programs (schema in `docs/report-schema.md`).
//!
//! (Skeleton: filled in by the reports work.)

use super::UnitReport;
use crate::diag::Lang;

/// The unit report as JSON.
pub fn unit(r: &UnitReport, lang: Lang) -> String {
    let _ = lang;
    serde_json::to_string_pretty(r).unwrap_or_default()
}
