//! The `naming` rule family: `单位-题目序号-佐证关键点`.
//!
//! (Skeleton: filled in by the naming work.)

use crate::diag::{Code, Diagnostic};
use crate::naming::NameContext;

/// The naming codes.
pub const CODES: &[&Code] = &[];

/// The outcome of checking one name.
#[derive(Debug, Clone, Default)]
pub struct NameOutcome {
    /// The question number the name gives (normalised), when it gives one.
    pub question: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the name of the file at `path` (virtual path); members of an evidence
/// archive (`in_archive`) get warnings instead of errors.
pub fn check(path: &str, name: &str, in_archive: bool, ctx: &NameContext) -> NameOutcome {
    let _ = (path, name, in_archive, ctx);
    NameOutcome::default()
}
