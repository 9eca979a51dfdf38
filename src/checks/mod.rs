//! Checks: one module per rule family, each holding its codes, its checks and their
//! messages. Per-file checks take a file's facts and its context; per-unit checks
//! (counts, missing questions) take all of a unit's files.

pub mod count;
pub mod format;
pub mod haocha;
pub mod naming;
pub mod period;
pub mod roster;
pub mod size;
pub mod stamp;
pub mod unreadable;

use crate::rules::{Question, Rules};

/// What a per-file check knows besides the file's facts.
#[derive(Debug, Clone, Copy)]
pub struct FileContext<'a> {
    pub rules: &'a Rules,
    /// The submitting unit.
    pub unit: &'a str,
    /// The file's question, when its name (or folder) gives one that exists.
    pub question: Option<&'a Question>,
}

/// Formats a byte count for people: `31.5 MB`.
pub fn human_size(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 1.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}
