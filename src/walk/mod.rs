//! Walking a submission: folders, ZIPs and ZIPs inside ZIPs, without extracting
//! anything to disk and without modifying the input.
//!
//! The walk yields [`Entry`]s with virtual paths from the unit's root (archive members
//! as `a.zip/inner/x.pdf`) and the diagnostics of the walk itself (`archive`, `junk`,
//! `unreadable`).
//!
//! Folders are transparent (their names only give an entry's `dir`); ZIPs are found by
//! their content, not their extension, and walked in memory within the bounds of
//! [`ArchiveLimits`] (see the `archive` submodule); ZIP-based documents (OOXML, OFD)
//! are files, not archives. Junk (`__MACOSX/`, `Thumbs.db`, `~$` lock files, …) is
//! reported and never becomes an entry. Symbolic links are followed only to regular
//! files inside the unit's own folder.

mod archive;
mod codes;
mod names;

pub use codes::*;
pub use names::{decode_zip_name, Junk};

use crate::checks::unreadable;
use crate::diag::Diagnostic;
use crate::rules::ArchiveLimits;
use archive::{Ctx, Opened, Place};
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Folder nesting deeper than this inside a unit is not walked (bounds recursion).
const MAX_DIR_DEPTH: usize = 64;

/// Extensions of archive formats that cannot stand for a unit (only folders and ZIPs can).
const OTHER_ARCHIVES: &[&str] = &[
    "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "cab", "arj", "lzh", "iso", "zipx",
];

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_lowercase())
}

/// The submissions under ROOT: one per sub-folder or `.zip` file; loose files are
/// reported.
pub fn find_submissions(root: &Path) -> (Vec<Submission>, Vec<Diagnostic>) {
    let mut subs = Vec::new();
    let mut diags = Vec::new();
    let rd = match fs::read_dir(root) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(unreadable::cannot_read(
                &root.display().to_string(),
                &e.to_string(),
            ));
            return (subs, diags);
        }
    };
    for item in rd {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                diags.push(unreadable::cannot_read(
                    &root.display().to_string(),
                    &e.to_string(),
                ));
                continue;
            }
        };
        let name = names::os_name(&item.file_name());
        let path = item.path();
        let ft = match item.file_type() {
            Ok(t) => t,
            Err(e) => {
                diags.push(unreadable::cannot_read(&name, &e.to_string()));
                continue;
            }
        };
        if ft.is_symlink() {
            diags.push(codes::symlink(&name));
        } else if ft.is_dir() {
            match names::junk_dir(&name) {
                Some(kind) => diags.push(codes::junk_found(&name, kind)),
                None => subs.push(Submission {
                    unit: name,
                    path,
                    is_zip: false,
                }),
            }
        } else if !ft.is_file() {
            // A FIFO, socket or device (even one named `x.zip`): opening it could
            // block forever, so it is listed and never opened.
            diags.push(unreadable::cannot_read(
                &name,
                "不是普通文件（设备、管道、套接字），未打开 (not a regular file: not opened)",
            ));
        } else if let Some(kind) = names::junk_file(&name) {
            diags.push(codes::junk_found(&name, kind));
        } else {
            match extension(&name).as_deref() {
                Some("zip") => subs.push(Submission {
                    unit: name[..name.len() - 4].to_owned(),
                    path,
                    is_zip: true,
                }),
                Some(e) if OTHER_ARCHIVES.contains(&e) => {
                    diags.push(codes::not_folder_or_zip(&name))
                }
                _ => diags.push(codes::loose_file(&name)),
            }
        }
    }
    subs.sort_by(|a, b| a.unit.cmp(&b.unit).then(a.is_zip.cmp(&b.is_zip)));
    diags.sort_by(|a, b| a.file.cmp(&b.file));
    (subs, diags)
}

/// Walks one unit's submission.
pub fn walk_unit(sub: &Submission, limits: &ArchiveLimits) -> Walked {
    let mut ctx = Ctx::new(limits);
    if sub.is_zip {
        walk_unit_zip(sub, &mut ctx);
    } else {
        let root = fs::canonicalize(&sub.path).unwrap_or_else(|_| sub.path.clone());
        let mut rel = Vec::new();
        walk_dir(&mut ctx, &sub.path, &root, &mut rel, &sub.unit);
    }
    ctx.out
}

fn walk_unit_zip(sub: &Submission, ctx: &mut Ctx) {
    let label = sub
        .path
        .file_name()
        .map(names::os_name)
        .unwrap_or_else(|| format!("{}.zip", sub.unit));
    let file = match File::open(&sub.path) {
        Ok(f) => f,
        Err(e) => {
            ctx.out
                .diagnostics
                .push(unreadable::cannot_read(&label, &e.to_string()));
            return;
        }
    };
    match archive::open(BufReader::new(file), ctx.limits.max_entries) {
        Opened::Zip(mut zip) => {
            let place = Place {
                vpath: "",
                label: &label,
                depth: 0,
            };
            archive::walk_zip(&mut zip, &place, ctx);
        }
        Opened::Document => ctx.out.diagnostics.push(codes::unopenable(
            &label,
            "这是一个文档文件，不是压缩包 (a document, not an archive)",
        )),
        Opened::Failed(why) => ctx.out.diagnostics.push(codes::unopenable(&label, &why)),
        Opened::TooMany(n) => {
            ctx.out
                .diagnostics
                .push(codes::too_many_entries(&label, n, ctx.limits.max_entries))
        }
    }
}

/// Walks a folder in pre-order, children sorted by name; `rel` holds the folder's
/// components from the unit's root.
fn walk_dir(ctx: &mut Ctx, dir: &Path, root: &Path, rel: &mut Vec<String>, unit: &str) {
    let here = if rel.is_empty() {
        unit.to_owned()
    } else {
        rel.join("/")
    };
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            ctx.out
                .diagnostics
                .push(unreadable::cannot_read(&here, &e.to_string()));
            return;
        }
    };
    let mut items = Vec::new();
    for item in rd {
        match item {
            Ok(i) => items.push((names::os_name(&i.file_name()), i)),
            Err(e) => ctx
                .out
                .diagnostics
                .push(unreadable::cannot_read(&here, &e.to_string())),
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, item) in items {
        let vpath = if rel.is_empty() {
            name.clone()
        } else {
            format!("{here}/{name}")
        };
        let path = item.path();
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                ctx.out
                    .diagnostics
                    .push(unreadable::cannot_read(&vpath, &e.to_string()));
                continue;
            }
        };
        let ft = meta.file_type();
        if ft.is_dir() {
            if let Some(kind) = names::junk_dir(&name) {
                ctx.out.diagnostics.push(codes::junk_found(&vpath, kind));
            } else if rel.len() >= MAX_DIR_DEPTH {
                ctx.out.diagnostics.push(unreadable::cannot_read(
                    &vpath,
                    &format!("文件夹层级超过 {MAX_DIR_DEPTH} 层 (folders nested too deep)"),
                ));
            } else {
                rel.push(name);
                walk_dir(ctx, &path, root, rel, unit);
                rel.pop();
            }
            continue;
        }
        if let Some(kind) = names::junk_file(&name) {
            ctx.out.diagnostics.push(codes::junk_found(&vpath, kind));
            continue;
        }
        let (path, meta) = if ft.is_symlink() {
            // Followed only to a regular file inside the unit's own folder.
            let target = fs::canonicalize(&path)
                .ok()
                .filter(|t| t.starts_with(root))
                .and_then(|t| fs::metadata(&t).ok().map(|m| (t, m)))
                .filter(|(_, m)| m.is_file());
            match target {
                Some(t) => t,
                None => {
                    ctx.out.diagnostics.push(codes::symlink(&vpath));
                    continue;
                }
            }
        } else {
            (path, meta)
        };
        if !meta.is_file() {
            ctx.out.diagnostics.push(unreadable::cannot_read(
                &vpath,
                "不是普通文件（设备、管道等） (not a regular file)",
            ));
            continue;
        }
        let entry = Entry {
            path: vpath.clone(),
            name: name.clone(),
            size: meta.len(),
            member_of: None,
            dir: rel.last().cloned(),
            data: EntryData::Disk {
                path: path.clone(),
                len: meta.len(),
                modified: meta.modified().ok(),
            },
        };
        ctx.seen.insert(vpath.clone());
        ctx.out.entries.push(entry);
        walk_disk_archive(ctx, &path, &vpath, &name);
    }
}

/// Walks an evidence file on disk when its content is a ZIP (not a ZIP-based document).
fn walk_disk_archive(ctx: &mut Ctx, path: &Path, vpath: &str, name: &str) {
    // An unreadable file is reported when its content is read, not here.
    let Ok(mut file) = File::open(path) else {
        return;
    };
    let mut head = Vec::new();
    if (&mut file).take(4).read_to_end(&mut head).is_err() || !archive::has_zip_magic(&head) {
        return;
    }
    let max_entries = ctx.limits.max_entries;
    match archive::open(BufReader::new(file), max_entries) {
        Opened::Zip(mut zip) => {
            if ctx.limits.max_depth == 0 {
                ctx.out.diagnostics.push(codes::too_deep(vpath, 0));
                return;
            }
            let place = Place {
                vpath,
                label: vpath,
                depth: 1,
            };
            archive::walk_zip(&mut zip, &place, ctx);
        }
        Opened::Document => {}
        Opened::Failed(why) => {
            if !archive::document_extension(name) {
                ctx.out.diagnostics.push(codes::unopenable(vpath, &why));
            }
        }
        Opened::TooMany(n) => {
            ctx.out
                .diagnostics
                .push(codes::too_many_entries(vpath, n, max_entries))
        }
    }
}

/// Reads an entry's bytes (at most `max` bytes), failing when a disk file changed
/// since the walk saw it (size or modification time, checked before and after).
pub fn read_entry(entry: &Entry, max: u64) -> Result<Arc<Vec<u8>>, ReadError> {
    match &entry.data {
        EntryData::Memory(b) => {
            if b.len() as u64 > max {
                Err(ReadError::TooLarge(max))
            } else {
                Ok(b.clone())
            }
        }
        EntryData::Disk {
            path,
            len,
            modified,
        } => {
            if *len > max {
                return Err(ReadError::TooLarge(max));
            }
            let file = File::open(path).map_err(ReadError::Io)?;
            let same = |f: &File| -> Result<bool, ReadError> {
                let m = f.metadata().map_err(ReadError::Io)?;
                Ok(m.len() == *len && m.modified().ok() == *modified)
            };
            if !same(&file)? {
                return Err(ReadError::Changed);
            }
            let mut buf = Vec::new();
            (&file)
                .take(max.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(ReadError::Io)?;
            if buf.len() as u64 != *len || !same(&file)? {
                return Err(ReadError::Changed);
            }
            Ok(Arc::new(buf))
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
