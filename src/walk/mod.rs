//! Walking a submission: folders, ZIPs and ZIPs inside ZIPs, without extracting
//! anything to disk and without modifying the input.
//!
//! The walk yields [`Entry`]s with virtual paths from the unit's root (archive members
//! as `a.zip/inner/x.pdf`) and typed facts about what it saw on the way ([`Seen`]:
//! a damaged archive, junk, a file it could not read). It makes no findings: the
//! `archive`, `junk` and `unreadable` checks do (`checks::walked`).
//!
//! Folders are transparent (their names only give an entry's `dir`); ZIPs are found by
//! their content, not their extension, and walked from their central directories within
//! the bounds of [`ArchiveLimits`] (see the `archive` submodule). An archive member is
//! never held by the walk: its entry carries its address ([`MemberAddr`]), and whoever
//! needs its bytes streams them from the ZIP on disk ([`with_member`], [`read_prefix`],
//! [`read_entry`]), counting inflated bytes against the member's bound as they come.
//! ZIP-based documents (OOXML, OFD)
//! are files, not archives. Junk (`__MACOSX/`, `Thumbs.db`, `~$` lock files, …) is
//! reported and never becomes an entry. Symbolic links are followed only to regular
//! files inside the unit's own folder.

mod archive;
pub(crate) mod names;
mod seen;

pub use archive::has_zip_magic;
pub use names::{decode_zip_name, Junk};
pub use seen::Seen;

use crate::rules::ArchiveLimits;
use archive::{Ctx, Opened, Place};
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use zip::result::ZipError;
use zip::ZipArchive;

/// One unit's submission: a folder or a ZIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The unit's name as the submission names it (folder name, ZIP name without `.zip`).
    pub unit: String,
    /// Where the submission is on disk: the unit's folder or its ZIP file.
    pub path: PathBuf,
    /// `path` is a ZIP file (walked as an archive), not a folder.
    pub is_zip: bool,
}

/// Where an entry's bytes are (never the bytes themselves).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum EntryData {
    /// A file on disk, with the size and modification time seen by the walk (to tell
    /// when it changes while it is read).
    Disk {
        /// The file's path on disk.
        path: PathBuf,
        /// Its length in bytes when walked; a read that finds another length fails
        /// with [`ReadError::Changed`].
        len: u64,
        /// Its modification time when walked (`None` where the system gives none).
        modified: Option<SystemTime>,
    },
    /// A member of an archive: where it is, and what the central directory says of it.
    Member(Box<MemberAddr>),
}

/// One archive on the way to a member: the member's index in that archive's central
/// directory and the most bytes it may inflate to (its bound from the walk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The member's 0-based index in the archive's central directory.
    pub index: usize,
    /// The most bytes the member may inflate to; inflating more is
    /// [`ReadError::Inflated`].
    pub cap: u64,
}

/// The address of an archive member: the ZIP file on disk (with the size and
/// modification time the walk saw), then one [`Step`] per archive from the outermost
/// (ZIPs inside ZIPs) down to the member itself, and the member's CRC-32 and sizes
/// from its central directory. Enough to find it again and to tell whether it changed
/// without inflating anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAddr {
    /// The outermost ZIP file, on disk.
    pub zip: PathBuf,
    /// Its length in bytes when walked (another length now is [`ReadError::Changed`]).
    pub zip_len: u64,
    /// Its modification time when walked (another time now is [`ReadError::Changed`]).
    pub zip_modified: Option<SystemTime>,
    /// One step per archive, outermost first; the last is the member itself. Never
    /// empty for an address the walk made.
    pub steps: Vec<Step>,
    /// The member's CRC-32 from its central directory (checked again before reading).
    pub crc32: u32,
    /// The member's uncompressed size in bytes as its central directory declares it (a
    /// claim: reads count the bytes actually inflated).
    pub size: u64,
    /// The member's compressed size in bytes as its central directory declares it.
    pub compressed: u64,
    /// Stored without compression (reading it to its end costs a read and a CRC, not
    /// an inflate).
    #[serde(default)]
    pub stored: bool,
    /// The archive named in findings about this member (its virtual path, or the unit's
    /// ZIP file name).
    pub archive: String,
}

/// One file of a submission.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Virtual path from the unit's root, `/`-separated (`a.zip/inner/x.pdf`).
    pub path: String,
    /// The last component of `path`.
    pub name: String,
    /// Size in bytes: the file's length on disk, or a member's uncompressed size as
    /// its archive declares it.
    pub size: u64,
    /// The evidence archive this entry is a member of (its virtual path), or `None` for
    /// an evidence file itself (counted per question).
    pub member_of: Option<String>,
    /// The folder holding the entry (last folder component of `path`), if any.
    pub dir: Option<String>,
    /// Where the entry's bytes are (read them with [`read_entry`] or [`read_prefix`]).
    pub data: EntryData,
}

/// What a walk found: the entries, and what it saw on the way.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every file found, in walk order (a folder's children and an archive's members
    /// sorted by name).
    pub entries: Vec<Entry>,
    /// What the walk saw besides the entries (archives it could not open, junk, bombs,
    /// …), for the checks to judge; the walk itself makes no findings.
    pub seen: Vec<Seen>,
}

/// Folder nesting deeper than this inside a unit is not walked (bounds recursion).
const MAX_DIR_DEPTH: usize = 64;

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_lowercase())
}

/// The submissions under ROOT: one per sub-folder or `.zip` file; loose files are
/// reported.
pub fn find_submissions(root: &Path) -> (Vec<Submission>, Vec<Seen>) {
    let mut subs = Vec::new();
    let mut diags = Vec::new();
    let rd = match fs::read_dir(root) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(seen::cannot_read(
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
                diags.push(seen::cannot_read(
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
                diags.push(seen::cannot_read(&name, &e.to_string()));
                continue;
            }
        };
        if ft.is_symlink() {
            diags.push(seen::symlink(&name));
        } else if ft.is_dir() {
            match names::junk_dir(&name) {
                Some(kind) => diags.push(seen::junk_found(&name, kind)),
                None => subs.push(Submission {
                    unit: name,
                    path,
                    is_zip: false,
                }),
            }
        } else if !ft.is_file() {
            // A FIFO, socket or device (even one named `x.zip`): opening it could
            // block forever, so it is listed and never opened.
            diags.push(seen::cannot_read(
                &name,
                "不是普通文件（设备、管道、套接字），未打开 (not a regular file: not opened)",
            ));
        } else if let Some(kind) = names::junk_file(&name) {
            diags.push(seen::junk_found(&name, kind));
        } else {
            match extension(&name).as_deref() {
                Some("zip") => subs.push(Submission {
                    unit: name[..name.len() - 4].to_owned(),
                    path,
                    is_zip: true,
                }),
                Some(_) if crate::identify::named_as_other_archive(&name) => {
                    diags.push(seen::not_folder_or_zip(&name))
                }
                _ => diags.push(seen::loose_file(&name)),
            }
        }
    }
    subs.sort_by(|a, b| a.unit.cmp(&b.unit).then(a.is_zip.cmp(&b.is_zip)));
    diags.sort_by(|a, b| a.file().cmp(b.file()));
    (subs, diags)
}

/// Walks one unit's submission.
pub fn walk_unit(sub: &Submission, limits: &ArchiveLimits) -> Walked {
    let mut ctx = Ctx::new(limits);
    if sub.is_zip {
        walk_unit_zip(sub, &mut ctx);
    } else if sub.path.is_file() {
        walk_one_file(sub, &mut ctx);
    } else {
        let root = fs::canonicalize(&sub.path).unwrap_or_else(|_| sub.path.clone());
        let mut rel = Vec::new();
        walk_dir(&mut ctx, &sub.path, &root, &mut rel, &sub.unit);
    }
    ctx.out
}

/// A single evidence file given as the submission (a file dropped onto the program):
/// the file itself, its folder's name giving its question.
fn walk_one_file(sub: &Submission, ctx: &mut Ctx) {
    let name = sub.path.file_name().map(names::os_name).unwrap_or_default();
    let meta = match fs::metadata(&sub.path) {
        Ok(m) => m,
        Err(e) => {
            ctx.out.seen.push(seen::cannot_read(&name, &e.to_string()));
            return;
        }
    };
    let dir = sub
        .path
        .parent()
        .and_then(Path::file_name)
        .map(names::os_name);
    ctx.out.entries.push(Entry {
        path: name.clone(),
        name: name.clone(),
        size: meta.len(),
        member_of: None,
        dir,
        data: EntryData::Disk {
            path: sub.path.clone(),
            len: meta.len(),
            modified: meta.modified().ok(),
        },
    });
    ctx.seen.insert(name.clone());
    let origin = archive::Origin {
        path: sub.path.clone(),
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    walk_disk_archive(ctx, &origin, &name, &name);
}

fn walk_unit_zip(sub: &Submission, ctx: &mut Ctx) {
    let label = sub
        .path
        .file_name()
        .map(names::os_name)
        .unwrap_or_else(|| format!("{}.zip", sub.unit));
    let opened = File::open(&sub.path).and_then(|f| f.metadata().map(|m| (f, m)));
    let (file, meta) = match opened {
        Ok(f) => f,
        Err(e) => {
            ctx.out.seen.push(seen::cannot_read(&label, &e.to_string()));
            return;
        }
    };
    let origin = archive::Origin {
        path: sub.path.clone(),
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    match archive::open(BufReader::new(file), ctx.limits.max_entries) {
        Opened::Zip(mut zip) => {
            let place = Place {
                vpath: "",
                label: &label,
                depth: 0,
                origin: &origin,
                steps: &[],
            };
            archive::walk_zip(&mut zip, &place, ctx);
        }
        Opened::Document => ctx.out.seen.push(seen::unopenable(
            &label,
            "这是一个文档文件，不是压缩包 (a document, not an archive)",
        )),
        Opened::Failed(why) => ctx.out.seen.push(seen::unopenable(&label, &why)),
        Opened::TooMany(n) => {
            ctx.out
                .seen
                .push(seen::too_many_entries(&label, n, ctx.limits.max_entries))
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
            ctx.out.seen.push(seen::cannot_read(&here, &e.to_string()));
            return;
        }
    };
    let mut items = Vec::new();
    for item in rd {
        match item {
            Ok(i) => items.push((names::os_name(&i.file_name()), i)),
            Err(e) => ctx.out.seen.push(seen::cannot_read(&here, &e.to_string())),
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
                ctx.out.seen.push(seen::cannot_read(&vpath, &e.to_string()));
                continue;
            }
        };
        let ft = meta.file_type();
        if ft.is_dir() {
            if let Some(kind) = names::junk_dir(&name) {
                ctx.out.seen.push(seen::junk_found(&vpath, kind));
            } else if rel.len() >= MAX_DIR_DEPTH {
                ctx.out.seen.push(seen::cannot_read(
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
            ctx.out.seen.push(seen::junk_found(&vpath, kind));
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
                    ctx.out.seen.push(seen::symlink(&vpath));
                    continue;
                }
            }
        } else {
            (path, meta)
        };
        if !meta.is_file() {
            ctx.out.seen.push(seen::cannot_read(
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
        let origin = archive::Origin {
            path: path.clone(),
            len: meta.len(),
            modified: meta.modified().ok(),
        };
        walk_disk_archive(ctx, &origin, &vpath, &name);
    }
}

/// Walks an evidence file on disk when its content is a ZIP (not a ZIP-based document).
fn walk_disk_archive(ctx: &mut Ctx, origin: &archive::Origin, vpath: &str, name: &str) {
    let path = origin.path.as_path();
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
                ctx.out.seen.push(seen::too_deep(vpath, 0));
                return;
            }
            let place = Place {
                vpath,
                label: vpath,
                depth: 1,
                origin,
                steps: &[],
            };
            archive::walk_zip(&mut zip, &place, ctx);
        }
        Opened::Document => {}
        Opened::Failed(why) => {
            if !archive::document_extension(name) {
                ctx.out.seen.push(seen::unopenable(vpath, &why));
            }
        }
        Opened::TooMany(n) => ctx
            .out
            .seen
            .push(seen::too_many_entries(vpath, n, max_entries)),
    }
}

/// Reads an entry's bytes (at most `max` bytes), failing when a disk file changed
/// since the walk saw it (size or modification time, checked before and after). An
/// archive member is inflated from its ZIP on disk.
pub fn read_entry(entry: &Entry, max: u64) -> Result<Arc<Vec<u8>>, ReadError> {
    read_data(&entry.data, entry.size, max)
}

/// Most bytes set aside up front for a member read whole, from its declared size
/// (a photo is a few MB; growing the buffer by doubling copies it several times).
const MEMBER_PRESIZE: u64 = 32 * 1024 * 1024;

/// [`read_entry`] of the content at `data`, `size` bytes long as the walk saw it.
pub fn read_data(data: &EntryData, size: u64, max: u64) -> Result<Arc<Vec<u8>>, ReadError> {
    if size > max {
        return Err(ReadError::TooLarge(max));
    }
    // A disk file's length is known (and checked below); a member's declared size is
    // trusted for allocating only up to `MEMBER_PRESIZE` (a declared size is a claim:
    // past that the buffer grows with what is actually inflated).
    let known = match data {
        EntryData::Disk { len, .. } => usize::try_from(*len).unwrap_or(0),
        EntryData::Member(addr) => usize::try_from(addr.size.min(MEMBER_PRESIZE)).unwrap_or(0),
    };
    let buf = with_stream(data, |r| {
        let mut buf = Vec::with_capacity(known.saturating_add(1));
        r.take(max.saturating_add(1)).read_to_end(&mut buf)?;
        Ok(buf)
    })?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    if matches!(data, EntryData::Disk { len, .. } if buf.len() as u64 != *len) {
        return Err(ReadError::Changed);
    }
    Ok(Arc::new(buf))
}

/// The first `n` bytes of an entry (fewer when it is shorter), read without touching
/// the rest: a disk file's head, or the start of a member's inflated stream.
pub fn read_prefix(data: &EntryData, n: u64) -> Result<Vec<u8>, ReadError> {
    with_stream(data, |r| {
        let mut buf = Vec::new();
        r.take(n).read_to_end(&mut buf)?;
        Ok(buf)
    })
}

/// Streams an entry's content to `f`: a disk file (failing when it is not, before or
/// after, the file the walk saw) or an archive member ([`with_member`]).
pub fn with_stream<T>(
    data: &EntryData,
    f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<T, ReadError> {
    match data {
        EntryData::Member(addr) => with_member(addr, f),
        EntryData::Disk {
            path,
            len,
            modified,
        } => {
            let file = File::open(path).map_err(ReadError::Io)?;
            let same = |f: &File| -> Result<bool, ReadError> {
                let m = f.metadata().map_err(ReadError::Io)?;
                Ok(m.len() == *len && m.modified().ok() == *modified)
            };
            if !same(&file)? {
                return Err(ReadError::Changed);
            }
            let mut r = BufReader::new(&file);
            let out = f(&mut r).map_err(ReadError::Io)?;
            if !same(&file)? {
                return Err(ReadError::Changed);
            }
            Ok(out)
        }
    }
}

/// [`with_stream`], and then, for an archive member, the rest of its inflated stream
/// read through (passed over, not held) when `f` stopped early, so that the ZIP reader
/// checks the member to its end: a CRC mismatch or a cut compressed stream anywhere in
/// the member is [`ReadError::Member`] (a damaged member), even when the reader needed
/// only its start. Stored members pass at the speed of a copy; deflated ones at the
/// speed of inflating.
pub fn with_whole_stream<T>(
    data: &EntryData,
    f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<T, ReadError> {
    match data {
        EntryData::Member(addr) => with_member(addr, |r| {
            let out = f(r)?;
            std::io::copy(r, &mut std::io::sink())?;
            Ok(out)
        }),
        EntryData::Disk { .. } => with_stream(data, f),
    }
}

/// Streams one archive member to `f`: opens the ZIP on disk (failing when it changed
/// since the walk), inflates the archives on the way (a ZIP inside a ZIP, each within
/// its bound) and hands over the member's inflated stream. More inflated bytes than
/// the member's bound is [`ReadError::Inflated`]: bomb limits count bytes as they
/// stream, whatever the directory declared.
pub fn with_member<T>(
    addr: &MemberAddr,
    f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<T, ReadError> {
    let file = File::open(&addr.zip).map_err(ReadError::Io)?;
    let m = file.metadata().map_err(ReadError::Io)?;
    if m.len() != addr.zip_len || m.modified().ok() != addr.zip_modified {
        return Err(ReadError::Changed);
    }
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|_| ReadError::Changed)?;
    member_in(&mut zip, &addr.steps, addr.crc32, f)
}

fn member_in<R: Read + Seek, T>(
    zip: &mut ZipArchive<R>,
    steps: &[Step],
    crc32: u32,
    f: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
) -> Result<T, ReadError> {
    let Some((first, rest)) = steps.split_first() else {
        return Err(ReadError::Changed);
    };
    let member = zip.by_index(first.index).map_err(|e| match e {
        ZipError::FileNotFound => ReadError::Changed,
        e => ReadError::Member(e.to_string()),
    })?;
    if rest.is_empty() && member.crc32() != crc32 {
        return Err(ReadError::Changed);
    }
    let mut capped = Capped {
        inner: member,
        left: first.cap,
        over: false,
    };
    if rest.is_empty() {
        let r = f(&mut capped);
        if capped.over {
            return Err(ReadError::Inflated(first.cap));
        }
        return r.map_err(|e| ReadError::Member(e.to_string()));
    }
    // A ZIP inside this one: held while its member is read (within its bound), then
    // dropped.
    let mut bytes = Vec::new();
    let read = capped.read_to_end(&mut bytes);
    if capped.over {
        return Err(ReadError::Inflated(first.cap));
    }
    read.map_err(|e| ReadError::Member(e.to_string()))?;
    drop(capped);
    let mut inner = ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::Changed)?;
    member_in(&mut inner, rest, crc32, f)
}

/// A reader that fails once more than `left` bytes come out of it.
struct Capped<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.over {
            return Err(std::io::Error::other("member inflates beyond its bound"));
        }
        // One byte more than allowed tells "exactly at the bound" from "beyond it".
        let want = buf
            .len()
            .min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("member inflates beyond its bound"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// An entry's whole content for a reader that needs to seek (a ZIP package's central
/// directory, an OLE2 sector table): in memory up to [`SPOOL_IN_MEMORY`] bytes, in a
/// temporary file beyond that, removed when the spool is dropped.
pub(crate) enum Spool {
    Memory(Cursor<Vec<u8>>),
    File(File, PathBuf),
}

/// Largest content a [`Spool`] keeps in memory.
pub const SPOOL_IN_MEMORY: u64 = 8 * 1024 * 1024;

impl Spool {
    /// Spools an entry (at most `max` bytes; a disk file is read where it lies).
    pub fn of(entry: &Entry, max: u64) -> Result<Spool, ReadError> {
        if entry.size > max {
            return Err(ReadError::TooLarge(max));
        }
        match &entry.data {
            EntryData::Member(addr) if entry.size > SPOOL_IN_MEMORY => {
                let path = spool_path();
                let mut file = fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .map_err(ReadError::Io)?;
                // Where the system allows it, the name goes at once: the open handle
                // keeps the bytes, and nothing is left behind if the run is killed.
                #[cfg(unix)]
                let path = match fs::remove_file(&path) {
                    Ok(()) => PathBuf::new(),
                    Err(_) => path,
                };
                let spool = Spool::File(file.try_clone().map_err(ReadError::Io)?, path);
                let copied = with_member(addr, |r| std::io::copy(&mut r.take(max + 1), &mut file))?;
                if copied > max {
                    return Err(ReadError::TooLarge(max));
                }
                Ok(spool)
            }
            EntryData::Member(_) => {
                read_entry(entry, max).map(|b| Spool::Memory(Cursor::new(Arc::unwrap_or_clone(b))))
            }
            EntryData::Disk { path, .. } => {
                let file = File::open(path).map_err(ReadError::Io)?;
                Ok(Spool::File(file, PathBuf::new()))
            }
        }
    }
}

fn spool_path() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("evcheck-{}-{n}.member", std::process::id()))
}

impl Read for Spool {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Spool::Memory(c) => c.read(buf),
            Spool::File(f, _) => f.read(buf),
        }
    }
}

impl Seek for Spool {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Spool::Memory(c) => c.seek(pos),
            Spool::File(f, _) => f.seek(pos),
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Spool::File(_, path) = self {
            if !path.as_os_str().is_empty() {
                let _ = fs::remove_file(path);
            }
        }
    }
}

/// Why an entry's bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file (or the ZIP holding the member) could not be opened or read.
    #[error("{0}")]
    Io(std::io::Error),
    /// The file or its ZIP is no longer what the walk saw (other length, time, CRC or
    /// central directory): nothing read is used.
    #[error("file changed while it was read")]
    Changed,
    /// The content is larger than the bound the caller gave (in bytes).
    #[error("file larger than {0} bytes")]
    TooLarge(u64),
    /// The archive member could not be inflated (damaged, encrypted, unknown method).
    #[error("{0}")]
    Member(String),
    /// The member inflated to more bytes than its bound.
    #[error("member inflates to more than {0} bytes")]
    Inflated(u64),
}
