//! File names: `单位-题目序号-佐证关键点.扩展名` (e.g. `东双河镇-04-建筑面积.pdf`).
//!
//! Pure functions, no I/O. (Skeleton: filled in by the naming work.)

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalises and trims a name for comparison (full-width → half-width, …).
pub fn normalize(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_owned()
}

/// What the pipeline needs to judge a name.
#[derive(Debug, Clone)]
pub struct NameContext<'a> {
    /// The submitting unit's name.
    pub unit: &'a str,
    /// Other names of the unit (roster aliases).
    pub aliases: &'a [String],
    /// Question numbers of the unit's questionnaire (`"01"`, …).
    pub questions: &'a [String],
    /// Question number + key point, in characters.
    pub max_chars: usize,
}

/// A name split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedName {
    pub unit: String,
    /// Normalised (`"04"`).
    pub question: Option<String>,
    pub key_point: String,
    /// Lower-case extension without the dot.
    pub extension: Option<String>,
}

/// The question number a folder name gives (`04`, `第4题`, `4-建筑面积`), if it is one
/// of `questions`.
pub fn question_from_dir(dir: &str, questions: &[String]) -> Option<String> {
    let _ = (dir, questions);
    None
}
