//! The `stamp` rule family: a red official seal on a non-editable file where the
//! question asks for one.
//!
//! (Skeleton: filled in by the seal work.)

use super::FileContext;
use crate::diag::{Code, Diagnostic};
use crate::facts::FileFacts;

pub const CODES: &[&Code] = &[];

/// Judges one file of a question that asks for a seal.
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    let _ = (f, ctx);
    Vec::new()
}
