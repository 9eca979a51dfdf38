//! What the walk saw that a rule may judge: typed facts, without wording or codes.
//! The walk makes no findings; the `archive`, `junk` and `unreadable` checks turn
//! each [`Seen`] into one (see `checks::walked`).

use super::names::Junk;

/// One thing the walk saw about an archive or a file that it did not make an entry of
/// (or made one of with a caveat). `archive` is the archive named in the finding (its
/// virtual path, or the unit's ZIP file name); `member`/`shown` the member's virtual path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// An archive that cannot be opened (`why`: the ZIP reader's reason).
    Unopenable { archive: String, why: String },
    /// Members that need a password (`count` of them, `first` named).
    Encrypted {
        archive: String,
        count: usize,
        first: String,
    },
    /// Members packed with a compression method that cannot be inflated.
    Unsupported {
        archive: String,
        count: usize,
        first: String,
        method: String,
    },
    /// A member whose data cannot be inflated.
    MemberDamaged {
        archive: String,
        member: String,
        why: String,
    },
    /// A member declared larger than `max` bytes once inflated.
    MemberTooLarge {
        archive: String,
        member: String,
        max: u64,
    },
    /// The unit's archives together inflate beyond `max` bytes from `member` on
    /// (`more`: how many further members of this archive were left out too).
    TotalExceeded {
        archive: String,
        member: String,
        max: u64,
        more: usize,
    },
    /// A member that would expand more than `max` times.
    RatioExceeded {
        archive: String,
        member: String,
        max: u64,
    },
    /// An archive declaring `count` entries, more than `max`.
    TooManyEntries {
        archive: String,
        count: u64,
        max: usize,
    },
    /// Archives nested deeper than `max`.
    TooDeep { archive: String, max: u32 },
    /// A member name with `..`, an absolute path or a drive letter (shown as `shown`).
    Traversal { archive: String, shown: String },
    /// A member name met twice (only the first was walked).
    Duplicate { archive: String, shown: String },
    /// The archive's directory lists the same raw name twice.
    DuplicateRaw { archive: String },
    /// A unit submitted as an archive of another kind (RAR, 7z, …).
    NotFolderOrZip { file: String },
    /// A file at the top level that belongs to no unit.
    LooseFile { file: String },
    /// A symbolic link that was not followed.
    Symlink { file: String },
    /// Junk (a system file, a lock file, a `__MACOSX` folder): never an entry.
    Junk { file: String, kind: Junk },
    /// A file or folder that could not be read (`why`: the system's reason).
    Unreadable { file: String, why: String },
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
