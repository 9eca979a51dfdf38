//! Walking a submission: folders, ZIPs and ZIPs inside ZIPs, without extracting
//! anything to disk and without modifying the input.
//!
//! The walk yields [`Entry`]s with virtual paths from the unit's root (archive members
//! as `a.zip/inner/x.pdf`) and the diagnostics of the walk itself (`archive`, `junk`,
//! `unreadable`).
//!
//! (Skeleton: the walk is filled in by the walking work.)

use crate::diag::{Code, Diagnostic};
use crate::rules::ArchiveLimits;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The walk's codes (`archive`, `junk`, `unreadable`).
pub const CODES: &[&Code] = &[];

/// One unit's submission: a folder or a ZIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The unit's name as the submission names it (folder name, ZIP name without `.zip`).
    pub unit: String,
    pub path: PathBuf,
    pub is_zip: bool,
}

/// Where an entry's bytes are.
#[derive(Debug, Clone)]
pub enum EntryData {
    /// A file on disk, with the size and modification time seen by the walk (to tell
    /// when it changes while it is read).
    Disk {
        path: PathBuf,
        len: u64,
        modified: Option<std::time::SystemTime>,
    },
    /// A member of an archive, inflated in memory (within the archive bounds).
    Memory(Arc<Vec<u8>>),
}

/// One file of a submission.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Virtual path from the unit's root, `/`-separated (`a.zip/inner/x.pdf`).
    pub path: String,
    /// The last component of `path`.
    pub name: String,
    pub size: u64,
    /// The evidence archive this entry is a member of (its virtual path), or `None` for
    /// an evidence file itself (counted per question).
    pub member_of: Option<String>,
    /// The folder holding the entry (last folder component of `path`), if any.
    pub dir: Option<String>,
    pub data: EntryData,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The submissions under ROOT: one per sub-folder or `.zip` file; loose files are
/// reported.
pub fn find_submissions(root: &Path) -> (Vec<Submission>, Vec<Diagnostic>) {
    let _ = root;
    (Vec::new(), Vec::new())
}

/// Walks one unit's submission.
pub fn walk_unit(sub: &Submission, limits: &ArchiveLimits) -> Walked {
    let _ = (sub, limits);
    Walked::default()
}

/// Reads a disk entry's bytes (at most `max` bytes), failing when the file changed
/// since the walk saw it.
pub fn read_entry(entry: &Entry, max: u64) -> Result<Arc<Vec<u8>>, ReadError> {
    match &entry.data {
        EntryData::Memory(b) => Ok(b.clone()),
        EntryData::Disk { path, .. } => {
            let _ = max;
            std::fs::read(path).map(Arc::new).map_err(ReadError::Io)
        }
    }
}

/// Why an entry's bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(std::io::Error),
    #[error("file changed while it was read")]
    Changed,
    #[error("file larger than {0} bytes")]
    TooLarge(u64),
}
