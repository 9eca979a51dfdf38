//! Checks: one module per rule family, each holding its codes, its checks and their
//! messages. Checks are the only producers of findings. Per-file checks take a file's
//! facts and its context; per-unit checks (counts, missing questions) take all of a
//! unit's files; `archive`, `junk` and part of `unreadable` judge what the walk saw
//! (`walked`).
//!
//! This module also holds the code registry ([`all_codes`], [`find_code`]): it sits
//! above the families, so no lower layer needs to know them.

pub mod archive;
pub mod count;
pub mod format;
pub mod haocha;
pub mod junk;
pub mod naming;
pub mod period;
pub mod roster;
pub mod size;
pub mod stamp;
pub mod unreadable;
pub mod walked;

use crate::diag::Code;
use crate::rules::{Question, Rules};

/// What a per-file check knows besides the file's facts.
#[derive(Debug, Clone, Copy)]
pub struct FileContext<'a> {
    /// The scheme.
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

/// Every code of every rule family.
pub fn all_codes() -> Vec<&'static Code> {
    let mut v: Vec<&'static Code> = Vec::new();
    v.extend(naming::CODES);
    v.extend(format::CODES);
    v.extend(size::CODES);
    v.extend(count::CODES);
    v.extend(period::CODES);
    v.extend(stamp::CODES);
    v.extend(archive::CODES);
    v.extend(junk::CODES);
    v.extend(roster::CODES);
    v.extend(unreadable::CODES);
    v.extend(haocha::CODES);
    v
}

/// Looks a code up by its id.
pub fn find_code(id: &str) -> Option<&'static Code> {
    all_codes().into_iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for c in all_codes() {
            assert!(seen.insert(c.id), "duplicate code {}", c.id);
            assert!(
                c.id.len() == 4,
                "code {} is not a letter and three digits",
                c.id
            );
            assert!(!c.title_zh.is_empty() && !c.title_en.is_empty());
            assert!(!c.basis.is_empty(), "code {} names no rule text", c.id);
        }
    }

    #[test]
    fn a_finding_carries_its_code_without_a_lookup() {
        use crate::diag::{Diagnostic, Lang, Text};
        for c in all_codes() {
            let d = Diagnostic::new(c, None, Text::new("m", "m"), Text::new("f", "f"));
            assert!(
                std::ptr::eq(d.code, c),
                "{} is not its registry entry",
                c.id
            );
            assert_eq!(d.title(Lang::Zh), c.title_zh);
            assert_eq!(d.title(Lang::En), c.title_en);
            assert_eq!(find_code(d.code.id), Some(c));
        }
    }

    #[test]
    fn codes_key_maps_and_serialise_as_their_ids() {
        use std::collections::BTreeMap;
        let mut by: BTreeMap<&'static Code, usize> = BTreeMap::new();
        for c in all_codes().into_iter().rev() {
            *by.entry(c).or_default() += 1;
        }
        let ids: Vec<&str> = by.keys().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "codes are ordered by id");
        assert_eq!(by.len(), all_codes().len());
        let json = serde_json::to_string(&by).unwrap();
        assert!(json.starts_with("{\"A001\":1,"), "{json}");
        assert_eq!(naming::N003.to_string(), "N003");
    }
}
