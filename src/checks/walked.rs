//! A walk with its findings: what the walk saw ([`Seen`]) turned into `archive`,
//! `junk` and `unreadable` findings. The walk itself makes none.

#![warn(missing_docs)]

use super::{archive, junk, unreadable};
use crate::diag::Diagnostic;
use crate::rules::ArchiveLimits;
use crate::walk::{self, Entry, Seen, Submission};
use std::path::Path;

pub use crate::walk::read_entry;

/// A unit's entries and the findings of its walk.
#[derive(Debug, Default)]
pub struct Walked {
    /// The unit's files (see [`walk::Walked`]).
    pub entries: Vec<Entry>,
    /// The `archive`, `junk` and `unreadable` findings of the walk.
    pub diagnostics: Vec<Diagnostic>,
}

/// The finding made of one thing the walk saw: each [`Seen`] belongs to exactly one
/// of the `unreadable`, `junk` and `archive` families.
pub fn finding(seen: &Seen) -> Option<Diagnostic> {
    match seen {
        Seen::Unreadable { file, why } => Some(unreadable::cannot_read(file, why)),
        _ => junk::check(seen).or_else(|| archive::check(seen)),
    }
}

/// The findings made of what a walk saw, in the order it saw them.
pub fn findings(seen: &[Seen]) -> Vec<Diagnostic> {
    seen.iter().filter_map(finding).collect()
}

/// Walks one unit's submission ([`walk::walk_unit`]) and judges what it saw.
pub fn walk_unit(sub: &Submission, limits: &ArchiveLimits) -> Walked {
    let w = walk::walk_unit(sub, limits);
    Walked {
        entries: w.entries,
        diagnostics: findings(&w.seen),
    }
}

/// The submissions under ROOT ([`walk::find_submissions`]) and the findings about
/// what else lies there.
pub fn find_submissions(root: &Path) -> (Vec<Submission>, Vec<Diagnostic>) {
    let (subs, seen) = walk::find_submissions(root);
    (subs, findings(&seen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::Junk;

    #[test]
    fn everything_the_walk_sees_becomes_one_finding_of_its_family() {
        let s = |x: &str| x.to_owned();
        let cases = [
            (
                Seen::Unreadable {
                    file: s("a"),
                    why: s("w"),
                },
                "U001",
            ),
            (
                Seen::Junk {
                    file: s("a"),
                    kind: Junk::Lock,
                },
                "J003",
            ),
            (
                Seen::Junk {
                    file: s("a"),
                    kind: Junk::System,
                },
                "J001",
            ),
            (
                Seen::Junk {
                    file: s("a"),
                    kind: Junk::MacOsx,
                },
                "J002",
            ),
            (
                Seen::Unopenable {
                    archive: s("a"),
                    why: s("w"),
                },
                "A001",
            ),
            (
                Seen::Encrypted {
                    archive: s("a"),
                    count: 2,
                    first: s("f"),
                },
                "A002",
            ),
            (
                Seen::Unsupported {
                    archive: s("a"),
                    count: 1,
                    first: s("f"),
                    method: s("m"),
                },
                "A003",
            ),
            (
                Seen::MemberDamaged {
                    archive: s("a"),
                    member: s("m"),
                    why: s("w"),
                },
                "A004",
            ),
            (
                Seen::MemberTooLarge {
                    archive: s("a"),
                    member: s("m"),
                    max: 1,
                },
                "A005",
            ),
            (
                Seen::TotalExceeded {
                    archive: s("a"),
                    member: s("m"),
                    max: 1,
                    more: 3,
                },
                "A006",
            ),
            (
                Seen::RatioExceeded {
                    archive: s("a"),
                    member: s("m"),
                    max: 1,
                },
                "A007",
            ),
            (
                Seen::TooManyEntries {
                    archive: s("a"),
                    count: 9,
                    max: 1,
                },
                "A008",
            ),
            (
                Seen::TooDeep {
                    archive: s("a"),
                    max: 1,
                },
                "A009",
            ),
            (
                Seen::Traversal {
                    archive: s("a"),
                    shown: s("x"),
                },
                "A010",
            ),
            (
                Seen::Duplicate {
                    archive: s("a"),
                    shown: s("x"),
                },
                "A011",
            ),
            (Seen::DuplicateRaw { archive: s("a") }, "A011"),
            (Seen::NotFolderOrZip { file: s("a") }, "A012"),
            (Seen::LooseFile { file: s("a") }, "A013"),
            (Seen::Symlink { file: s("a") }, "A014"),
        ];
        for (seen, code) in cases {
            let d = finding(&seen).unwrap_or_else(|| panic!("no finding for {seen:?}"));
            assert_eq!(d.code.id, code, "{seen:?}");
            assert_eq!(d.file.as_deref(), Some(seen.file()), "{seen:?}");
        }
        let more = finding(&Seen::TotalExceeded {
            archive: s("a"),
            member: s("m"),
            max: 1 << 20,
            more: 3,
        })
        .unwrap();
        assert!(more.message.zh.contains("另有 3 个"), "{}", more.message.zh);
    }
}
