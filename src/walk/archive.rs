//! Walking ZIP archives from their central directories: a member becomes an entry that
//! carries its address, not its bytes (only the first bytes of its inflated stream are
//! read, to find ZIPs inside ZIPs by content); a ZIP inside a ZIP is inflated into a
//! bounded buffer while it is walked and dropped after. Every bound (entries, nesting,
//! member size, total size, inflate ratio) is judged on the sizes the directory
//! declares and turns into a [`Seen`] fact (the `archive` check makes it a finding)
//! instead of a failure; whoever later streams a member counts its inflated bytes
//! against the same bound.

use super::names::{self, junk_dir, junk_file, Junk, SafeName};
use super::seen::{self, Seen};
use super::{Entry, EntryData, MemberAddr, Step, Walked};
use crate::rules::ArchiveLimits;
use std::collections::HashSet;
use std::io::{Cursor, Read, Seek, SeekFrom};
use zip::result::ZipError;
use zip::ZipArchive;

/// Below this inflated size a member's ratio is not judged: tiny files compress
/// absurdly well and cannot hurt.
pub const RATIO_FLOOR: u64 = 1024 * 1024;

/// Nesting deeper than this is never walked, whatever the rule file says (recursion).
const HARD_MAX_DEPTH: u32 = 16;

/// State shared by the whole walk of one unit.
pub struct Ctx<'a> {
    pub limits: &'a ArchiveLimits,
    pub out: Walked,
    /// Inflated bytes of all members so far, as declared (bounded by
    /// `limits.max_total`: the work reading them may cost, not memory).
    pub used: u64,
    /// Virtual paths already emitted.
    pub seen: HashSet<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(limits: &'a ArchiveLimits) -> Self {
        Ctx {
            limits,
            out: Walked::default(),
            used: 0,
            seen: HashSet::new(),
        }
    }

    fn max_depth(&self) -> u32 {
        self.limits.max_depth.min(HARD_MAX_DEPTH)
    }
}

/// Where an archive sits in the walk.
pub struct Place<'p> {
    /// Virtual path of the archive (its members are `vpath/…`); empty for a unit given
    /// as a ZIP, whose members are the unit's top-level files.
    pub vpath: &'p str,
    /// The file named in the archive's own findings.
    pub label: &'p str,
    /// 0 for a unit's ZIP, 1 for an evidence archive, 2 for a ZIP inside that, ….
    pub depth: u32,
    /// The ZIP file on disk the walk started from.
    pub origin: &'p Origin,
    /// The steps from that file to this archive (empty for the file itself).
    pub steps: &'p [Step],
}

/// The ZIP file on disk that holds an archive, as the walk saw it.
pub struct Origin {
    pub path: std::path::PathBuf,
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Place<'_> {
    fn is_unit_root(&self) -> bool {
        self.vpath.is_empty()
    }
    fn member_path(&self, rel: &str) -> String {
        if self.is_unit_root() {
            rel.to_owned()
        } else {
            format!("{}/{rel}", self.vpath)
        }
    }
}

/// What opening a ZIP gave.
pub enum Opened<R> {
    Zip(ZipArchive<R>),
    /// A ZIP-based document (OOXML, OFD, ODF): a file, not an archive to walk.
    Document,
    Failed(String),
    TooMany(u64),
}

/// Does the content start like a ZIP?
pub fn has_zip_magic(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Extensions of ZIP-based documents: when such a file fails to open as a ZIP it is
/// left to the format check (a damaged document), not reported as a damaged archive
/// (the table is [`crate::identify::named_as_zip_document`]).
pub fn document_extension(name: &str) -> bool {
    crate::identify::named_as_zip_document(name)
}

/// Opens a ZIP after checking the entry count its end record declares (the crate keeps
/// every entry's metadata in memory, so a huge declared directory is refused first).
pub fn open<R: Read + Seek>(mut r: R, max_entries: usize) -> Opened<R> {
    if let Some(n) = declared_entries(&mut r) {
        if n > max_entries as u64 {
            return Opened::TooMany(n);
        }
    }
    if r.seek(SeekFrom::Start(0)).is_err() {
        return Opened::Failed("seek failed".to_owned());
    }
    let zip = match ZipArchive::new(r) {
        Ok(z) => z,
        Err(e) => return Opened::Failed(e.to_string()),
    };
    if zip.len() > max_entries {
        return Opened::TooMany(zip.len() as u64);
    }
    let doc = [&b"[Content_Types].xml"[..], b"OFD.xml", b"mimetype"]
        .iter()
        .any(|n| zip.index_for_name_raw(n).is_some());
    if doc {
        Opened::Document
    } else {
        Opened::Zip(zip)
    }
}

/// The number of entries the end of central directory record declares (ZIP64 too);
/// `None` when it cannot be read (the ZIP reader then decides).
fn declared_entries<R: Read + Seek>(r: &mut R) -> Option<u64> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    r.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = Vec::new();
    r.by_ref().take(tail_len).read_to_end(&mut tail).ok()?;
    let last = tail.len().checked_sub(22)?;
    let pos = (0..=last)
        .rev()
        .find(|&i| tail.get(i..i + 4) == Some(&b"PK\x05\x06"[..]))?;
    let u16_at = |b: &[u8], i: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes(
            b.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let u64_at = |b: &[u8], i: usize| -> Option<u64> {
        Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
    };
    let count = u16_at(&tail, pos + 10)?;
    if count != 0xFFFF {
        return Some(count);
    }
    // ZIP64: the locator sits just before the record and points at the ZIP64 record.
    let loc = pos.checked_sub(20)?;
    if tail.get(loc..loc + 4) != Some(&b"PK\x06\x07"[..]) {
        return None;
    }
    let off = u64_at(&tail, loc + 8)?;
    r.seek(SeekFrom::Start(off)).ok()?;
    let mut rec = Vec::new();
    r.by_ref().take(56).read_to_end(&mut rec).ok()?;
    if rec.get(0..4) != Some(&b"PK\x06\x06"[..]) {
        return None;
    }
    u64_at(&rec, 32)
}

/// A member's metadata, read without I/O.
struct Meta {
    index: usize,
    name: SafeName,
    is_dir: bool,
    symlink: bool,
    encrypted: bool,
    size: u64,
    csize: u64,
    stored: bool,
    crc32: u32,
}

/// Findings gathered over one archive and reported once.
#[derive(Default)]
struct Tally {
    macosx: bool,
    junk_dirs: HashSet<String>,
    encrypted: Vec<String>,
    unsupported: Vec<String>,
    unsupported_method: String,
    /// What this archive saw first of the unit's total bound (index in the walk's
    /// [`Seen`] list) and how many more members it covers.
    total: Option<(usize, usize)>,
}

/// Why a walk of an archive stopped early.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    Done,
    /// A ZIP nested deeper than allowed: the rest of the archive holding it is skipped.
    TooDeep,
}

/// Walks the members of an open archive.
pub fn walk_zip<R: Read + Seek>(zip: &mut ZipArchive<R>, place: &Place, ctx: &mut Ctx) -> Stop {
    if zip.has_duplicate_names() {
        ctx.out.seen.push(seen::duplicate_raw(place.label));
    }
    let mut metas = Vec::new();
    for i in 0..zip.len() {
        let e = match zip.by_index_data(i) {
            Ok(e) => e,
            Err(err) => {
                ctx.out.seen.push(seen::member_damaged(
                    place.label,
                    &format!("#{i}"),
                    &err.to_string(),
                ));
                continue;
            }
        };
        let utf8 = e.flags().as_u16() & 0x0800 != 0;
        let decoded = names::decode_zip_name(e.name_raw(), utf8);
        metas.push(Meta {
            index: i,
            name: names::sanitize(&decoded),
            is_dir: e.is_dir(),
            symlink: e.is_symlink(),
            encrypted: e.encrypted(),
            size: e.size(),
            csize: e.compressed_size(),
            stored: e.compression() == zip::CompressionMethod::Stored,
            crc32: e.crc32(),
        });
    }
    metas.sort_by(|a, b| a.name.components.cmp(&b.name.components));

    let mut tally = Tally::default();
    let mut stop = Stop::Done;
    for m in &metas {
        if walk_member(zip, m, place, ctx, &mut tally) == Stop::TooDeep {
            stop = Stop::TooDeep;
            break;
        }
    }
    finish(place, ctx, tally);
    stop
}

fn finish(place: &Place, ctx: &mut Ctx, tally: Tally) {
    let diags = &mut ctx.out.seen;
    if tally.macosx {
        diags.push(seen::junk_found(
            &place.member_path("__MACOSX"),
            Junk::MacOsx,
        ));
    }
    if let Some(first) = tally.encrypted.first() {
        diags.push(seen::encrypted(place.label, tally.encrypted.len(), first));
    }
    if let Some(first) = tally.unsupported.first() {
        diags.push(seen::unsupported(
            place.label,
            tally.unsupported.len(),
            first,
            &tally.unsupported_method,
        ));
    }
    if let Some((i, more)) = tally.total {
        if more > 0 {
            if let Some(Seen::TotalExceeded { more: m, .. }) = diags.get_mut(i) {
                *m = more;
            }
        }
    }
}

/// Which bound a member hit.
enum Bound {
    Member,
    Ratio,
    Total,
}

fn walk_member<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    m: &Meta,
    place: &Place,
    ctx: &mut Ctx,
    tally: &mut Tally,
) -> Stop {
    let comps = &m.name.components;
    let Some(last) = comps.last() else {
        if m.name.traversal {
            let d = seen::traversal(place.label, "");
            ctx.out.seen.push(d);
        }
        return Stop::Done;
    };
    let rel = m.name.joined();
    let shown = place.member_path(&rel);

    // Junk folders: the whole subtree, one finding per folder (per archive for __MACOSX).
    let dir_count = if m.is_dir {
        comps.len()
    } else {
        comps.len() - 1
    };
    for (k, c) in comps.iter().take(dir_count).enumerate() {
        match junk_dir(c) {
            Some(Junk::MacOsx) => {
                tally.macosx = true;
                return Stop::Done;
            }
            Some(kind) => {
                let dir = place.member_path(&comps[..=k].join("/"));
                if tally.junk_dirs.insert(dir.clone()) {
                    ctx.out.seen.push(seen::junk_found(&dir, kind));
                }
                return Stop::Done;
            }
            None => {}
        }
    }
    if m.is_dir {
        return Stop::Done;
    }
    if let Some(kind) = junk_file(last) {
        ctx.out.seen.push(seen::junk_found(&shown, kind));
        return Stop::Done;
    }
    if m.name.traversal {
        ctx.out.seen.push(seen::traversal(place.label, &shown));
    }
    if m.symlink {
        ctx.out.seen.push(seen::symlink(&shown));
        return Stop::Done;
    }
    if m.encrypted {
        tally.encrypted.push(shown);
        return Stop::Done;
    }
    if ctx.seen.contains(&shown) {
        ctx.out.seen.push(seen::duplicate(place.label, &shown));
        return Stop::Done;
    }

    // Bounds, first as declared (no inflating), then as actually read.
    let l = ctx.limits;
    let remaining = l.max_total.saturating_sub(ctx.used);
    let ratio_cap = m.csize.saturating_mul(l.max_ratio).max(RATIO_FLOOR);
    let declared = if m.size > l.max_member {
        Some(Bound::Member)
    } else if m.size > ratio_cap {
        Some(Bound::Ratio)
    } else if m.size > remaining {
        Some(Bound::Total)
    } else {
        None
    };
    if let Some(b) = declared {
        report_bound(b, &shown, place, ctx, tally);
        return Stop::Done;
    }
    let cap = l.max_member.min(ratio_cap).min(remaining);
    // The first bytes of the inflated stream only: enough to tell a ZIP inside a ZIP,
    // and to learn early that a member cannot be inflated at all.
    let head = match read_member(zip, m.index, 3) {
        Ok(v) => v,
        Err(fail) => {
            member_failed(fail, shown, place, ctx, tally);
            return Stop::Done;
        }
    };
    // Declared bytes count against the total: a member that inflates beyond its
    // declared size fails its bound when it is streamed.
    let bound = cap.min(m.size);
    ctx.used += m.size;
    let mut steps = place.steps.to_vec();
    steps.push(Step {
        index: m.index,
        cap: bound,
    });
    ctx.seen.insert(shown.clone());
    ctx.out.entries.push(Entry {
        path: shown.clone(),
        name: last.clone(),
        size: m.size,
        member_of: (!place.is_unit_root()).then(|| place.vpath.to_owned()),
        dir: (comps.len() >= 2).then(|| comps[comps.len() - 2].clone()),
        data: EntryData::Member(Box::new(MemberAddr {
            zip: place.origin.path.clone(),
            zip_len: place.origin.len,
            zip_modified: place.origin.modified,
            steps: steps.clone(),
            crc32: m.crc32,
            size: m.size,
            compressed: m.csize,
            stored: m.stored,
            archive: place.label.to_owned(),
        })),
    });

    if !has_zip_magic(&head) {
        return Stop::Done;
    }
    // A ZIP inside: inflated into a bounded buffer for as long as it is walked.
    let data = match read_member(zip, m.index, bound) {
        Ok(v) => v,
        Err(fail) => {
            member_failed(fail, shown, place, ctx, tally);
            return Stop::Done;
        }
    };
    if data.len() as u64 > bound {
        ctx.out.seen.push(seen::member_damaged(
            place.label,
            &shown,
            "解压后超过目录声明的大小 (inflates beyond its declared size)",
        ));
        return Stop::Done;
    }
    match open(Cursor::new(&data[..]), l.max_entries) {
        Opened::Document => Stop::Done,
        Opened::Failed(why) => {
            if !document_extension(last) {
                ctx.out.seen.push(seen::unopenable(&shown, &why));
            }
            Stop::Done
        }
        Opened::TooMany(n) => {
            ctx.out
                .seen
                .push(seen::too_many_entries(&shown, n, l.max_entries));
            Stop::Done
        }
        Opened::Zip(mut inner) => {
            let depth = place.depth + 1;
            if depth > ctx.max_depth() {
                let d = seen::too_deep(&shown, ctx.max_depth());
                ctx.out.seen.push(d);
                return Stop::TooDeep;
            }
            let inner_place = Place {
                vpath: &shown,
                label: &shown,
                depth,
                origin: place.origin,
                steps: &steps,
            };
            // A too-deep ZIP further down stops only the archive holding it.
            let _ = walk_zip(&mut inner, &inner_place, ctx);
            Stop::Done
        }
    }
}

fn member_failed(fail: ReadFail, shown: String, place: &Place, ctx: &mut Ctx, tally: &mut Tally) {
    match fail {
        ReadFail::Encrypted => tally.encrypted.push(shown),
        ReadFail::Unsupported(method) => {
            tally.unsupported.push(shown);
            tally.unsupported_method = method;
        }
        ReadFail::Damaged(why) => {
            ctx.out
                .seen
                .push(seen::member_damaged(place.label, &shown, &why));
        }
    }
}

fn report_bound(b: Bound, shown: &str, place: &Place, ctx: &mut Ctx, tally: &mut Tally) {
    let l = ctx.limits;
    let d = match b {
        Bound::Member => seen::member_too_large(place.label, shown, l.max_member),
        Bound::Ratio => seen::ratio_exceeded(place.label, shown, l.max_ratio),
        Bound::Total => {
            if let Some((_, more)) = tally.total.as_mut() {
                *more += 1;
                return;
            }
            tally.total = Some((ctx.out.seen.len(), 0));
            seen::total_exceeded(place.label, shown, l.max_total)
        }
    };
    ctx.out.seen.push(d);
}

enum ReadFail {
    Encrypted,
    Unsupported(String),
    Damaged(String),
}

/// Inflates one member into memory, reading at most `cap + 1` bytes (more than `cap`
/// means "too large"). The buffer grows with what is read, never from a declared size.
fn read_member<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    cap: u64,
) -> Result<Vec<u8>, ReadFail> {
    let method = zip
        .by_index_data(index)
        .map(|e| e.compression().to_string())
        .unwrap_or_default();
    let file = match zip.by_index(index) {
        Ok(f) => f,
        Err(ZipError::UnsupportedArchive(m)) if m == ZipError::PASSWORD_REQUIRED => {
            return Err(ReadFail::Encrypted)
        }
        Err(ZipError::UnsupportedArchive(_)) | Err(ZipError::CompressionMethodNotSupported(_)) => {
            return Err(ReadFail::Unsupported(method))
        }
        Err(e) => return Err(ReadFail::Damaged(e.to_string())),
    };
    let mut buf = Vec::new();
    match file.take(cap.saturating_add(1)).read_to_end(&mut buf) {
        Ok(_) => Ok(buf),
        // The decompressor is made on the first read: an unknown method shows here.
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Err(ReadFail::Unsupported(method)),
        Err(e) => Err(ReadFail::Damaged(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn small_zip(n: usize) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..n {
            w.start_file(
                format!("f{i}.txt"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            w.write_all(b"x").unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn eocd(z: &[u8]) -> usize {
        (0..z.len() - 3)
            .rev()
            .find(|&i| &z[i..i + 4] == b"PK\x05\x06")
            .unwrap()
    }

    #[test]
    fn reads_the_declared_entry_count() {
        let z = small_zip(3);
        assert_eq!(declared_entries(&mut Cursor::new(&z[..])), Some(3));
        assert_eq!(declared_entries(&mut Cursor::new(&z[..10])), None);
        // A ZIP64 marker without its locator: unknown, the reader decides.
        let mut p = z.clone();
        let e = eocd(&p);
        p[e + 10..e + 12].copy_from_slice(&[0xFF, 0xFF]);
        assert_eq!(declared_entries(&mut Cursor::new(&p[..])), None);
    }

    #[test]
    fn a_huge_declared_directory_is_refused_before_parsing() {
        let mut z = small_zip(3);
        let e = eocd(&z);
        for at in [e + 8, e + 10] {
            z[at..at + 2].copy_from_slice(&60_000u16.to_le_bytes());
        }
        assert!(matches!(
            open(Cursor::new(&z[..]), 100),
            Opened::TooMany(60_000)
        ));
        assert!(matches!(
            open(Cursor::new(&small_zip(3)[..]), 100),
            Opened::Zip(_)
        ));
        assert!(matches!(
            open(Cursor::new(&small_zip(3)[..]), 2),
            Opened::TooMany(3)
        ));
        assert!(matches!(
            open(Cursor::new(&b"PK\x03\x04 junk"[..]), 100),
            Opened::Failed(_)
        ));
    }

    #[test]
    fn magic_and_document_extensions() {
        let cases: &[(&[u8], bool)] = &[
            (b"PK\x03\x04rest", true),
            (b"PK\x05\x06", true),
            (b"PK\x07\x08", false),
            (b"%PDF", false),
            (b"PK", false),
        ];
        for (head, want) in cases {
            assert_eq!(has_zip_magic(head), *want, "{head:?}");
        }
        for (name, want) in [
            ("a.DOCX", true),
            ("b.ofd", true),
            ("c.zip", false),
            ("docx", false),
        ] {
            assert_eq!(document_extension(name), want, "{name}");
        }
    }
}
