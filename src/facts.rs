//! Per-file facts: everything the checks need to know about one file, computed once.
//!
//! Extraction reads only what the enabled checks need: the format is always
//! identified (header bytes and container directory); dates are looked for only when
//! the file's question has the period rule on; seals only when it asks for a seal.
//! Documents and pictures are opened (`opens`) and archive members read to their end
//! as far as the rule file's `[reading] verify` asks ([`Depth`] says which were not): how
//! that went, and how completely dates and seals were read, travel as typed
//! [`ReadOutcome`]s that only the `unreadable` checks turn into findings.

#![warn(missing_docs)]

use crate::dates::DateFacts;
use crate::identify::{Format, Identified};
use crate::outcome::ReadOutcome;
use crate::seal::SealFacts;
use crate::walk::Seen;
use serde::Serialize;

/// Largest file whose content is read for dates or seals (bytes). Larger files are
/// judged by name, format and size only.
pub const MAX_CONTENT_BYTES: u64 = 256 * 1024 * 1024;

/// How far a file was read to prove it is whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Depth {
    /// Opened by its reader, or (an archive member) read to its end, as
    /// `[reading] verify = "always"` does; or a format with nothing more to open.
    #[default]
    Verified,
    /// Identified from its head only: `[reading] verify` did not ask for more, so
    /// nothing is known about the rest of it.
    Head,
}

impl Depth {
    /// Whether the file was read far enough to prove it is whole.
    pub fn is_verified(&self) -> bool {
        *self == Depth::Verified
    }
}

/// What is known about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileFacts {
    /// Virtual path from the unit's root.
    pub path: String,
    /// The last component of `path`.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// The evidence archive this file is a member of, if any.
    pub member_of: Option<String>,
    /// The question the file belongs to (from its name, else its folder).
    pub question: Option<String>,
    /// The format, identified by content.
    pub format: Format,
    /// Why the format was chosen.
    pub format_basis: String,
    /// Pixel size, for images.
    pub dimensions: Option<(u32, u32)>,
    /// The dates found, when the file's question has the period rule on.
    pub dates: Option<DateFacts>,
    /// The seal evidence found, when the file's question asks for a seal.
    pub seal: Option<SealFacts>,
    /// Whether the file could be opened and read (apart from what `dates.read` and
    /// `seal.read` say about those searches).
    pub read: ReadOutcome,
    /// How far the file was read to prove it is whole (left out of the report when it
    /// was verified).
    #[serde(skip_serializing_if = "Depth::is_verified")]
    pub depth: Depth,
    /// What was seen about another file while reading this one (an archive member
    /// whose compressed data is broken: a fact about the archive, which the `archive`
    /// check makes a finding).
    #[serde(skip)]
    pub archive_problems: Vec<Seen>,
}

impl FileFacts {
    /// A file with nothing but its identity known.
    pub fn new(
        path: &str,
        name: &str,
        size: u64,
        member_of: Option<String>,
        id: Identified,
    ) -> Self {
        FileFacts {
            path: path.to_owned(),
            name: name.to_owned(),
            size,
            member_of,
            question: None,
            format: id.format,
            format_basis: id.basis,
            dimensions: None,
            dates: None,
            seal: None,
            read: ReadOutcome::Complete,
            depth: Depth::Verified,
            archive_problems: Vec::new(),
        }
    }

    /// Whether this file is itself an evidence file (not a member of an evidence archive).
    pub fn is_evidence(&self) -> bool {
        self.member_of.is_none()
    }
}
