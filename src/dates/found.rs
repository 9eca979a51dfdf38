//! Dates found in a file, and where each came from.
//!
//! (Skeleton: the extraction is filled in by the period work.)

use super::{Date, DateRange};
use crate::diag::Lang;
use serde::{Deserialize, Serialize};

/// Where a date was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundDate {
    /// First day the written date stands for.
    pub start: Date,
    /// Last day (equal to `start` for a day; the month's end for `2022年3月`).
    pub end: Date,
    /// The text as written.
    pub text: String,
    /// Where: `第3页`, `Sheet1!C12`, `EXIF DateTimeOriginal`, `文件名`, …
    pub location: String,
}

/// All dates of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DateFacts {
    /// Dates from the content (text, cells, EXIF, file name): these decide.
    pub found: Vec<FoundDate>,
    /// Metadata dates (PDF info, core properties): shown, never decide.
    pub metadata: Vec<FoundDate>,
    /// Earliest..latest of `found`.
    pub range: Option<DateRange>,
    /// Why dates could not be read, when they could not.
    pub note: Option<String>,
}

impl DateFacts {
    /// One line for reports: the range found and where from.
    pub fn summary(&self, lang: Lang) -> Option<String> {
        let r = self.range?;
        Some(match lang {
            Lang::Zh => format!("{}..{}（{} 处日期）", r.start, r.end, self.found.len()),
            Lang::En => format!("{}..{} ({} dates)", r.start, r.end, self.found.len()),
        })
    }
}
