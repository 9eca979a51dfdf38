//! What the walk saw that a rule may judge: typed facts, without wording or codes.
//! The walk makes no findings; the `archive`, `junk` and `unreadable` checks turn
//! each [`Seen`] into one (see `checks::walked`).

#![warn(missing_docs)]

use super::names::Junk;

/// One thing the walk saw about an archive or a file that it did not make an entry of
/// (or made one of with a caveat). `archive` is the archive named in the finding (its
/// virtual path, or the unit's ZIP file name); `member`/`shown` the member's virtual path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// An archive that cannot be opened (`why`: the ZIP reader's reason).
    Unopenable {
        /// The archive named in the finding.
        archive: String,
        /// The reason the reader or the system gave.
        why: String,
    },
    /// Members that need a password (`count` of them, `first` named).
    Encrypted {
        /// The archive named in the finding.
        archive: String,
        /// How many.
        count: usize,
        /// The first of them (a virtual path).
        first: String,
    },
    /// Members packed with a compression method that cannot be inflated.
    Unsupported {
        /// The archive named in the finding.
        archive: String,
        /// How many.
        count: usize,
        /// The first of them (a virtual path).
        first: String,
        /// The compression method's name.
        method: String,
    },
    /// A member whose data cannot be inflated.
    MemberDamaged {
        /// The archive named in the finding.
        archive: String,
        /// The member's virtual path.
        member: String,
        /// The reason the reader or the system gave.
        why: String,
    },
    /// A member declared larger than `max` bytes once inflated.
    MemberTooLarge {
        /// The archive named in the finding.
        archive: String,
        /// The member's virtual path.
        member: String,
        /// The bound that was exceeded.
        max: u64,
    },
    /// The unit's archives together inflate beyond `max` bytes from `member` on
    /// (`more`: how many further members of this archive were left out too).
    TotalExceeded {
        /// The archive named in the finding.
        archive: String,
        /// The member's virtual path.
        member: String,
        /// The bound that was exceeded.
        max: u64,
        /// How many more members of this archive the bound left out.
        more: usize,
    },
    /// A member that would expand more than `max` times.
    RatioExceeded {
        /// The archive named in the finding.
        archive: String,
        /// The member's virtual path.
        member: String,
        /// The bound that was exceeded.
        max: u64,
    },
    /// An archive declaring `count` entries, more than `max`.
    TooManyEntries {
        /// The archive named in the finding.
        archive: String,
        /// How many.
        count: u64,
        /// The bound that was exceeded.
        max: usize,
    },
    /// Archives nested deeper than `max`.
    TooDeep {
        /// The archive named in the finding.
        archive: String,
        /// The bound that was exceeded.
        max: u32,
    },
    /// A member name with `..`, an absolute path or a drive letter (shown as `shown`).
    Traversal {
        /// The archive named in the finding.
        archive: String,
        /// The member's name as shown (made safe).
        shown: String,
    },
    /// A member name met twice (only the first was walked).
    Duplicate {
        /// The archive named in the finding.
        archive: String,
        /// The member's name as shown (made safe).
        shown: String,
    },
    /// The archive's directory lists the same raw name twice.
    DuplicateRaw {
        /// The archive named in the finding.
        archive: String,
    },
    /// A unit submitted as an archive of another kind (RAR, 7z, …).
    NotFolderOrZip {
        /// The file's virtual path.
        file: String,
    },
    /// A file at the top level that belongs to no unit.
    LooseFile {
        /// The file's virtual path.
        file: String,
    },
    /// A symbolic link that was not followed.
    Symlink {
        /// The file's virtual path.
        file: String,
    },
    /// Junk (a system file, a lock file, a `__MACOSX` folder): never an entry.
    Junk {
        /// The file's virtual path.
        file: String,
        /// Which kind of junk.
        kind: Junk,
    },
    /// A file or folder that could not be read (`why`: the system's reason).
    Unreadable {
        /// The file's virtual path.
        file: String,
        /// The reason the reader or the system gave.
        why: String,
    },
}

impl Seen {
    /// The file (virtual path) the finding made of this will name.
    pub fn file(&self) -> &str {
        match self {
            Seen::Unopenable { archive, .. }
            | Seen::Encrypted { archive, .. }
            | Seen::Unsupported { archive, .. }
            | Seen::MemberDamaged { archive, .. }
            | Seen::MemberTooLarge { archive, .. }
            | Seen::TotalExceeded { archive, .. }
            | Seen::RatioExceeded { archive, .. }
            | Seen::TooManyEntries { archive, .. }
            | Seen::TooDeep { archive, .. }
            | Seen::Traversal { archive, .. }
            | Seen::Duplicate { archive, .. }
            | Seen::DuplicateRaw { archive } => archive,
            Seen::NotFolderOrZip { file }
            | Seen::LooseFile { file }
            | Seen::Symlink { file }
            | Seen::Junk { file, .. }
            | Seen::Unreadable { file, .. } => file,
        }
    }
}

// Short constructors, so that the walker reads as it did when it made findings.

pub(crate) fn unopenable(archive: &str, why: &str) -> Seen {
    Seen::Unopenable {
        archive: archive.to_owned(),
        why: why.to_owned(),
    }
}

pub(crate) fn encrypted(archive: &str, count: usize, first: &str) -> Seen {
    Seen::Encrypted {
        archive: archive.to_owned(),
        count,
        first: first.to_owned(),
    }
}

pub(crate) fn unsupported(archive: &str, count: usize, first: &str, method: &str) -> Seen {
    Seen::Unsupported {
        archive: archive.to_owned(),
        count,
        first: first.to_owned(),
        method: method.to_owned(),
    }
}

pub(crate) fn member_damaged(archive: &str, member: &str, why: &str) -> Seen {
    Seen::MemberDamaged {
        archive: archive.to_owned(),
        member: member.to_owned(),
        why: why.to_owned(),
    }
}

pub(crate) fn member_too_large(archive: &str, member: &str, max: u64) -> Seen {
    Seen::MemberTooLarge {
        archive: archive.to_owned(),
        member: member.to_owned(),
        max,
    }
}

pub(crate) fn total_exceeded(archive: &str, member: &str, max: u64) -> Seen {
    Seen::TotalExceeded {
        archive: archive.to_owned(),
        member: member.to_owned(),
        max,
        more: 0,
    }
}

pub(crate) fn ratio_exceeded(archive: &str, member: &str, max: u64) -> Seen {
    Seen::RatioExceeded {
        archive: archive.to_owned(),
        member: member.to_owned(),
        max,
    }
}

pub(crate) fn too_many_entries(archive: &str, count: u64, max: usize) -> Seen {
    Seen::TooManyEntries {
        archive: archive.to_owned(),
        count,
        max,
    }
}

pub(crate) fn too_deep(archive: &str, max: u32) -> Seen {
    Seen::TooDeep {
        archive: archive.to_owned(),
        max,
    }
}

pub(crate) fn traversal(archive: &str, shown: &str) -> Seen {
    Seen::Traversal {
        archive: archive.to_owned(),
        shown: shown.to_owned(),
    }
}

pub(crate) fn duplicate(archive: &str, shown: &str) -> Seen {
    Seen::Duplicate {
        archive: archive.to_owned(),
        shown: shown.to_owned(),
    }
}

pub(crate) fn duplicate_raw(archive: &str) -> Seen {
    Seen::DuplicateRaw {
        archive: archive.to_owned(),
    }
}

pub(crate) fn not_folder_or_zip(file: &str) -> Seen {
    Seen::NotFolderOrZip {
        file: file.to_owned(),
    }
}

pub(crate) fn loose_file(file: &str) -> Seen {
    Seen::LooseFile {
        file: file.to_owned(),
    }
}

pub(crate) fn symlink(file: &str) -> Seen {
    Seen::Symlink {
        file: file.to_owned(),
    }
}

pub(crate) fn junk_found(file: &str, kind: Junk) -> Seen {
    Seen::Junk {
        file: file.to_owned(),
        kind,
    }
}

pub(crate) fn cannot_read(file: &str, why: &str) -> Seen {
    Seen::Unreadable {
        file: file.to_owned(),
        why: why.to_owned(),
    }
}
