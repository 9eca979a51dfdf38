//! `index.html`: the office's overview of a run.

use super::{Summary, UnitReport};
use crate::diag::Lang;

/// The overview page.
pub fn page(s: &Summary, units: &[UnitReport], lang: Lang) -> String {
    let _ = (s, units, lang);
    String::from("<!DOCTYPE html>")
}
