//! The per-file fact extractor: one interface ([`FactReader::facts`]) that identifies
//! an entry by its content, then reads what the enabled rules need (dates, seals, the
//! open check) through the cache of earlier runs and, when asked, in worker processes
//! with a time limit. A reader that fails or panics gives a typed read outcome, never
//! a finding: only checks make findings.

use crate::cache::Cache;
use crate::diag::Text;
use crate::facts::{Depth, FileFacts};
use crate::identify::{self, Format, Identified};
use crate::isolate;
use crate::outcome::ReadOutcome;
use crate::panics::in_file;
use crate::rules::{PeriodMode, Question, Rules, Verify};
use crate::walk::{self, Entry, EntryData, ReadError, Seen};
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use crate::facts::MAX_CONTENT_BYTES;

/// Where the content of files (dates, seals) is read.
pub enum Extractor {
    /// In this process: fastest; a reader that aborts takes the run with it.
    InProcess,
    /// In worker processes with a time limit per file (see [`crate::isolate`]).
    Isolated(isolate::Pool),
}

impl Extractor {
    /// Extracts what `req` asks from the content it names (`req.source`): a worker reads
    /// the file itself; only a bounded head or a small file is read in this process.
    fn extract(&self, req: &isolate::Request) -> Result<isolate::Response, isolate::Failure> {
        let Some((source, size)) = &req.source else {
            return Ok(isolate::Response::default());
        };
        match self {
            Extractor::Isolated(pool) if !isolate::reads_here(req, *size) => pool.extract(req, &[]),
            _ => Ok(in_file(|| isolate::load_and_extract(req, source, *size))),
        }
    }
}

/// How file contents are read: where, and with which cache. The one way the per-unit
/// check runner gets a file's facts.
#[derive(Clone, Copy)]
pub struct FactReader<'a> {
    extractor: &'a Extractor,
    cache: Option<&'a Cache>,
}

impl<'a> FactReader<'a> {
    /// Reads with `extractor`, through `cache` when there is one.
    pub fn new(extractor: &'a Extractor, cache: Option<&'a Cache>) -> Self {
        FactReader { extractor, cache }
    }

    /// Identifies an entry and extracts the facts its question's rules need (`q`: its
    /// question number; `question`: that question of the unit's questionnaire). A
    /// reader that panics is contained here: the file's read outcome says it crashed
    /// and the run goes on.
    pub fn facts(
        self,
        e: &Entry,
        q: Option<String>,
        question: Option<&Question>,
        rules: &Rules,
    ) -> FileFacts {
        let outcome = in_file(|| {
            catch_unwind(AssertUnwindSafe(|| {
                extract_facts(e, q.clone(), question, rules, self)
            }))
        });
        match outcome {
            Ok(f) => f,
            Err(payload) => {
                let why = crate::panics::panic_message(payload.as_ref());
                let mut f = unidentified(e, q, "reader crashed");
                f.read = ReadOutcome::Crashed { why };
                f
            }
        }
    }
}

/// The facts of an entry that could not be identified (`basis` says why), for its
/// question `q`; the caller sets how reading it failed.
fn unidentified(e: &Entry, q: Option<String>, basis: &str) -> FileFacts {
    let id = Identified {
        format: Format::Unknown,
        basis: basis.into(),
    };
    let mut f = FileFacts::new(&e.path, &e.name, e.size, e.member_of.clone(), id);
    f.question = q;
    f
}

/// Formats whose content may hold dates.
fn may_hold_dates(f: Format) -> bool {
    matches!(
        f,
        Format::Pdf
            | Format::Docx
            | Format::Doc
            | Format::Wps
            | Format::Xlsx
            | Format::Xls
            | Format::Et
            | Format::Jpeg
            | Format::Tiff
            | Format::Png
            | Format::Heic
            | Format::Webp
            | Format::Text
            | Format::Ofd
    )
}

/// Formats in which a seal can be looked for.
fn may_hold_seal(f: Format) -> bool {
    f.is_image() || matches!(f, Format::Pdf | Format::Ofd | Format::Docx | Format::Xlsx)
}

/// Whether the name says the file is an OOXML or OFD document (a ZIP package with a
/// main part), WPS Office's `.wps`/`.et`/`.dps` included: they are OLE2 files or OOXML
/// packages, and a file whose content is a ZIP is the second kind.
fn named_as_package(name: &str) -> bool {
    identify::named_as_zip_package(name)
}

/// Identifies the format; for images also reads the pixel size from the header.
fn identify_and_measure<R: Read + Seek>(
    r: &mut R,
    len: u64,
    name: &str,
) -> (Identified, Option<(u32, u32)>) {
    let id = identify::identify_named(r, len, name);
    let dims = if id.format == Format::Png {
        // From IHDR: the image crate's PNG reader would read (and hold) every ancillary
        // chunk before the pixels, an iCCP profile of any declared length included.
        png_dimensions(r)
    } else if id.format == Format::Jpeg {
        // From the frame header: the image crate's JPEG reader holds the whole file.
        r.seek(std::io::SeekFrom::Start(0))
            .ok()
            .and_then(|_| crate::opens::jpeg_dimensions(r))
    } else if id.format.is_image() && r.seek(std::io::SeekFrom::Start(0)).is_ok() {
        image::ImageReader::new(BufReader::new(r))
            .with_guessed_format()
            .ok()
            .and_then(|reader| reader.into_dimensions().ok())
    } else {
        None
    };
    (id, dims)
}

/// A PNG's width and height from its IHDR chunk (the first chunk, bytes 16..24).
fn png_dimensions<R: Read + Seek>(r: &mut R) -> Option<(u32, u32)> {
    r.seek(std::io::SeekFrom::Start(0)).ok()?;
    let mut head = [0u8; 24];
    r.read_exact(&mut head).ok()?;
    if &head[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(head[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(head[20..24].try_into().ok()?);
    Some((w, h))
}

/// The signature of an OLE2 compound file (legacy Office, WPS, encrypted OOXML).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Bytes of an archive member's inflated stream its format is identified from.
const MEMBER_HEAD: u64 = 64 * 1024;

/// Bytes read for a picture's size when it is not within [`MEMBER_HEAD`] (a JPEG whose
/// EXIF holds a large thumbnail).
const MEMBER_PICTURE_HEAD: u64 = 1024 * 1024;

/// Identifies an entry from its content. A disk file is read where it lies (its
/// header, and what the format's own structure points at); an archive member from the
/// first [`MEMBER_HEAD`] bytes of its inflated stream (more for a picture whose size
/// comes later), and inflated whole (into a
/// bounded [`walk::Spool`]) only when it is an OLE2 file or a ZIP package, whose
/// directory sits anywhere in it.
fn identify_entry(e: &Entry) -> Result<(Identified, Option<(u32, u32)>), ReadError> {
    match &e.data {
        EntryData::Disk { path, len, .. } => {
            let f = std::fs::File::open(path).map_err(ReadError::Io)?;
            Ok(identify_and_measure(&mut BufReader::new(f), *len, &e.name))
        }
        EntryData::Member(_) => {
            let head = walk::read_prefix(&e.data, MEMBER_HEAD)?;
            let whole = (head.len() as u64) < MEMBER_HEAD;
            let structured = head.starts_with(&OLE_MAGIC) || walk::has_zip_magic(&head);
            if structured && !whole {
                drop(head);
                let mut spool = walk::Spool::of(e, MAX_CONTENT_BYTES)?;
                Ok(identify_and_measure(&mut spool, e.size, &e.name))
            } else {
                let len = if whole { head.len() as u64 } else { e.size };
                let (id, dims) = identify_and_measure(&mut Cursor::new(head), len, &e.name);
                if dims.is_some() || whole || !id.format.is_image() {
                    return Ok((id, dims));
                }
                let longer = walk::read_prefix(&e.data, MEMBER_PICTURE_HEAD)?;
                Ok(identify_and_measure(&mut Cursor::new(longer), len, &e.name))
            }
        }
    }
}

/// Whether `[reading] verify = "auto"` leaves an entry read to its head although a
/// content rule reads it: a compressed archive member read by the date reader alone,
/// which needs only its start (a JPEG's application segments, where EXIF sits).
/// Proving such a member whole means inflating all of it for its CRC: for a ZIP of
/// phone photos that is nearly all the work of a period-only check, for bytes no rule
/// looks at (docs/benchmarks.md). Such a member is reported as read to its head (U007),
/// never as whole. A stored member is still read to its end (that costs a read and a
/// CRC), and so is one a seal search decodes.
fn auto_stops_at_dates(data: &EntryData, format: Format, dates: bool, seal: bool) -> bool {
    let compressed = matches!(data, EntryData::Member(a) if !a.stored);
    compressed && format == Format::Jpeg && dates && !seal
}

fn extract_facts(
    e: &Entry,
    q: Option<String>,
    question: Option<&Question>,
    rules: &Rules,
    reader: FactReader,
) -> FileFacts {
    let FactReader { extractor, cache } = reader;
    let (id, dimensions) = match identify_entry(e) {
        Ok(found) => found,
        Err(err) => {
            let mut f = unidentified(e, q, "unreadable");
            unread_outcome(e, err.into(), &mut f);
            return f;
        }
    };
    let mut facts = FileFacts::new(&e.path, &e.name, e.size, e.member_of.clone(), id);
    facts.question = q;
    facts.dimensions = dimensions;
    if facts.format == Format::Zip && named_as_package(&e.name) {
        // An OOXML/OFD document whose package is broken (directory unreadable, main part
        // missing or damaged) is identified as a plain ZIP, so no document reader sees
        // it and nothing else would say it is damaged.
        facts.read = ReadOutcome::damaged(format!(
            "文档的 ZIP 包结构损坏 (document package damaged: {})",
            facts.format_basis
        ));
    }
    let want_dates =
        question.is_some_and(|q| q.period != PeriodMode::Off) && may_hold_dates(facts.format);
    let want_seal = question.is_some_and(|q| q.seal) && may_hold_seal(facts.format);
    // A document or picture is opened, and an archive member no reader reads is read
    // through once (cached like a reader's answer) so that damage late in its stream
    // is found, where `[reading] verify` asks for it; elsewhere the file is known from
    // its head only, and says so (the `unreadable` check makes that a finding).
    let verify = rules.verify.verifies(question)
        && !(rules.verify == Verify::Auto
            && auto_stops_at_dates(&e.data, facts.format, want_dates, want_seal));
    let openable =
        facts.read.is_complete() && crate::opens::open_as(facts.format, &e.name).is_some();
    let want_open = verify && openable;
    let asked = want_dates || want_seal || want_open;
    let is_member = matches!(e.data, EntryData::Member(_));
    let read_through = verify && !asked && is_member;
    if !verify && (openable || is_member) {
        facts.depth = Depth::Head;
    }
    let mut date_facts = None;
    if asked || read_through {
        let req = isolate::Request {
            format: facts.format,
            name: e.name.clone(),
            dates: want_dates,
            seal: want_seal,
            seal_max_pixels: rules.seal.max_pixels,
            seal_max_images: rules.seal.max_images_per_file,
            seal_max_pages: rules.seal.max_pages,
            seal_shapes: rules.seal.shapes.clone(),
            open: want_open,
            through: verify,
            len: 0,
            source: Some((e.data.clone(), e.size)),
        };
        // The key needs no reading: a file's path, size and time; a member's ZIP file
        // and what its central directory says.
        let key = cache.and_then(|_| match &e.data {
            EntryData::Disk {
                path,
                len,
                modified,
            } => Cache::key_disk(path, *len, *modified, &req),
            EntryData::Member(addr) => Cache::key_member(addr, &req),
        });
        let cached = key.as_deref().and_then(|k| cache.and_then(|c| c.get(k)));
        let read = match cached {
            Some(resp) => Ok(resp),
            None => {
                let r = extractor.extract(&req);
                if let (Ok(resp), Some(k), Some(c)) = (&r, key, cache) {
                    c.put(k, resp);
                }
                r
            }
        };
        match read {
            Ok(resp) => {
                if let Some(why) = resp.panic {
                    facts.read = ReadOutcome::Crashed { why };
                }
                if let Some(opened) = resp.opened {
                    facts.read = std::mem::take(&mut facts.read).worst(opened);
                }
                if let Some(u) = resp.unread {
                    unread_outcome(e, u, &mut facts);
                }
                date_facts = resp.dates;
                facts.seal = resp.seal;
            }
            Err(isolate::Failure::Crashed(why)) => {
                facts.read = ReadOutcome::Crashed { why };
            }
            Err(isolate::Failure::TimedOut(limit)) => {
                facts.read = ReadOutcome::TimedOut {
                    secs: limit.as_secs(),
                };
            }
        }
    }
    if !asked && question.is_some_and(|q| q.period != PeriodMode::Off) {
        // Content that holds no dates (an archive, whose members are judged one by one; a
        // rejected format): only a date in the name (`…-2022年3月巡查`) can count.
        let from_name = crate::dates::extract(&[], Format::Unknown, &e.name);
        if !from_name.found.is_empty() {
            date_facts = Some(from_name);
        }
    }
    facts.dates = date_facts;
    facts
}

/// What content that could not be read means: the file's read outcome (a file over
/// the size read for dates and seals is judged by name, format and size, and says
/// so), or, for a member whose archive data is broken, a fact about the archive (the
/// `archive` check makes it a finding).
fn unread_outcome(e: &Entry, why: isolate::Unread, f: &mut FileFacts) {
    use isolate::Unread;
    let archive = match &e.data {
        EntryData::Member(addr) => addr.archive.as_str(),
        EntryData::Disk { .. } => e.path.as_str(),
    };
    match why {
        Unread::TooLarge(_) => {
            let mb = MAX_CONTENT_BYTES >> 20;
            f.read = std::mem::take(&mut f.read).worst(ReadOutcome::partial(
                Text::new("文件名、格式和大小", "the name, format and size"),
                Text::new(
                    format!("文件超过 {mb} MB，内容未读取"),
                    format!("the file is over {mb} MB; its content was not read"),
                ),
            ));
        }
        Unread::Changed => f.read = ReadOutcome::Changed,
        Unread::Io(why) => f.read = ReadOutcome::Refused { why },
        Unread::Member(why) => f.archive_problems.push(Seen::MemberDamaged {
            archive: archive.to_owned(),
            member: e.path.clone(),
            why,
        }),
        Unread::Inflated(_) => f.archive_problems.push(Seen::MemberDamaged {
            archive: archive.to_owned(),
            member: e.path.clone(),
            why: "解压后超过目录声明的大小或解压上限 (inflates beyond its declared size or bound)"
                .to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_dimensions_come_from_ihdr_alone() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&4000u32.to_be_bytes());
        png.extend_from_slice(&3000u32.to_be_bytes());
        // Whatever follows (here a chunk declaring 4 GiB) is never read.
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
        png.extend_from_slice(b"iCCP");
        let (id, dims) = identify_and_measure(&mut Cursor::new(&png), png.len() as u64, "a.png");
        assert_eq!(id.format, Format::Png);
        assert_eq!(dims, Some((4000, 3000)));
        assert_eq!(png_dimensions(&mut Cursor::new(&png[..20])), None);
        let mut other = png.clone();
        other[12..16].copy_from_slice(b"IDAT");
        assert_eq!(png_dimensions(&mut Cursor::new(&other)), None);
    }

    #[test]
    fn names_of_zip_packaged_documents() {
        for (name, want) in [
            ("区税务局-14-台账.xlsx", true),
            ("a.DOCX", true),
            ("b.pptx", true),
            ("c.ofd", true),
            ("d.xlsm", true),
            ("e.zip", false),
            // WPS Office also writes OOXML packages under its own extensions: one
            // whose content is a ZIP is such a package (walk/archive.rs agrees).
            ("f.wps", true),
            ("g.et", true),
            ("g2.DPS", true),
            ("h.pdf", false),
            ("xlsx", false),
        ] {
            assert_eq!(named_as_package(name), want, "{name}");
        }
    }
}
