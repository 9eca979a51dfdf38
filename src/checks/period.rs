//! The `period` rule family: evidence dated outside the assessment period.
//!
//! (Skeleton: filled in by the period work.)

use super::FileContext;
use crate::diag::{Code, Diagnostic};
use crate::facts::FileFacts;

pub const CODES: &[&Code] = &[];

/// Judges the dates found in one file.
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    let _ = (f, ctx);
    Vec::new()
}
