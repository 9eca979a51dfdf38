//! Entry points for the fuzz targets in `fuzz/` (compiled only with the `fuzzing`
//! feature, never into the program): thin wrappers that hand untrusted bytes to the
//! crate's readers the way the pipeline does, so those readers can stay private to
//! the crate. Every function here must return, whatever the bytes hold: a panic, an
//! abort, a hang or a memory blow-up inside one is a finding (see `docs/fuzzing.md`).
//!
//! The readers get the scheme's own bounds ([`Rules::builtin`]), with two exceptions
//! that only make each input cheaper, never a bound looser: the seal search decodes
//! pictures within a smaller pixel budget ([`FUZZ_SEAL_PIXELS`]), and a ZIP member is
//! read back up to [`MEMBER_READ`] bytes. The code paths are the same; only the sizes
//! at which a picture is "too large" or a member "over the bound" are smaller.

use crate::dates;
use crate::identify::{self, Format};
use crate::naming::{self, NameContext};
use crate::rules::{ArchiveLimits, Rules, SealLimits};
use crate::walk::{self, Submission};
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The built-in scheme, loaded once (its limits and questionnaires).
fn rules() -> Option<&'static Rules> {
    static RULES: OnceLock<Option<Rules>> = OnceLock::new();
    RULES.get_or_init(|| Rules::builtin().ok()).as_ref()
}

/// Puts Rust's default panic hook back, once per process. libFuzzer's Rust glue installs
/// a hook that aborts on every panic, caught or not; the crate contains some panics on
/// purpose (`catch_unwind` around a picture decoder known to panic on some input), and
/// those are not findings. A panic that reaches a target still aborts the run:
/// libfuzzer-sys checks for it after each input. Every target calls this first.
pub fn default_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| drop(std::panic::take_hook()));
}

/// Format sniffing: the format `identify` gives `data` named `name`, by its id.
pub fn identify(data: &[u8], name: &str) -> &'static str {
    identify::identify_named(&mut Cursor::new(data), data.len() as u64, name)
        .format
        .id()
}

/// Bytes of each member read back after a walk (the pipeline reads a member's head
/// to identify it, then at most its content bound). Smaller than the pipeline's
/// bound so that a member inflates at most this much per read: a bomb member costs
/// the same code path, not 1 MB of inflating twice per input.
pub const MEMBER_READ: u64 = 64 * 1024;

/// The ZIP walker: `data` as a unit's ZIP (its members are the unit's files), then as
/// a single evidence ZIP given on its own, each walked within the scheme's archive
/// limits; every entry found is identified and its first bytes read back, as the
/// pipeline does. The bytes go to a scratch file (the walker reads ZIPs from disk),
/// one per process, overwritten on each call and removed when the process exits.
/// Returns how many entries the walks gave.
pub fn walk_zip(data: &[u8]) -> usize {
    let Some(limits) = rules().map(|r| &r.archive) else {
        return 0;
    };
    let Some(path) = scratch_file(data) else {
        return 0;
    };
    let mut found = walk_and_read(
        &Submission {
            unit: "单位".to_owned(),
            path: path.clone(),
            is_zip: true,
        },
        limits,
    );
    found += walk_and_read(
        &Submission {
            unit: "单位".to_owned(),
            path,
            is_zip: false,
        },
        limits,
    );
    found
}

fn walk_and_read(sub: &Submission, limits: &ArchiveLimits) -> usize {
    // The walk, and the findings made of what it saw (their messages quote names).
    let walked = crate::checks::walked::walk_unit(sub, limits);
    for e in &walked.entries {
        if let Ok(head) = walk::read_prefix(&e.data, MEMBER_READ) {
            identify(&head, &e.name);
        }
        // A member larger than the bound is refused before anything is inflated.
        let _ = walk::read_entry(e, MEMBER_READ);
    }
    walked.entries.len()
}

/// Writes `data` to this process's scratch file and gives its path. The name ends in
/// `.zip`: the walker finds ZIPs by content, the name only labels findings.
fn scratch_file(data: &[u8]) -> Option<PathBuf> {
    let dir = SCRATCH
        .get_or_init(|| {
            let d = std::env::temp_dir().join(format!("evcheck-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&d).ok()?;
            remove_scratch_at_exit();
            Some(d)
        })
        .as_ref()?;
    let path = dir.join("单位.zip");
    std::fs::write(&path, data).ok()?;
    Some(path)
}

/// This process's scratch folder (see [`walk_zip`]).
static SCRATCH: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Removes the scratch folder when the process exits normally (libFuzzer ends a run
/// with `exit`); a crash or timeout leaves it, which `scripts/fuzz.sh` sweeps.
fn remove_scratch_at_exit() {
    extern "C" fn remove() {
        if let Some(Some(d)) = SCRATCH.get() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
    // SAFETY: `atexit` only stores the pointer to `remove`, a function with the C ABI
    // and no arguments that lives as long as the program; it is called once at exit,
    // on the exiting thread, and touches only a `OnceLock` and the file system, which
    // are sound to use there. A failed registration only leaves the folder behind.
    #[cfg(unix)]
    unsafe {
        libc::atexit(remove);
    }
}

/// The PDF date reader: the dates in the text and metadata of the PDF `data`.
pub fn pdf_dates(data: &[u8]) -> usize {
    dates::extract(data, Format::Pdf, "材料.pdf").found.len()
}

/// Pixels a picture may have after reduced-scale decoding in the seal search when
/// fuzzing (the scheme allows 4,000,000): a 400 × 400 picture is searched as in the
/// program, a larger one takes the "too large to decode" path. The search at full
/// size took about a tenth of a second per scanned page even on inputs of 16 KB (JPEG
/// 2000 decoding and the search itself), which kept the target at 25 inputs a second.
pub const FUZZ_SEAL_PIXELS: u64 = 160_000;

/// The seal limits of the built-in scheme, with the picture budget of fuzzing.
fn seal_limits() -> Option<SealLimits> {
    rules().map(|r| SealLimits {
        max_pixels: r.seal.max_pixels.min(FUZZ_SEAL_PIXELS),
        ..r.seal.clone()
    })
}

/// The PDF seal reader: signatures, stamp annotations, red vector drawings and
/// pictures of seals in the PDF `data`. Returns whether a seal was found.
pub fn pdf_seal(data: &[u8]) -> bool {
    let Some(limits) = seal_limits() else {
        return false;
    };
    !crate::seal::detect(data, Format::Pdf, &limits).absent()
}

/// The spreadsheet reader: the dates in the cells of the workbook `data`, read as
/// the format `identify` gives it (XLSX, XLS, ET); bytes that identify as no
/// spreadsheet are read as XLSX when they start like a ZIP and as XLS otherwise
/// (more than the pipeline, which passes only identified spreadsheets).
pub fn sheet_dates(data: &[u8]) -> usize {
    let id = identify::identify(&mut Cursor::new(data), data.len() as u64).format;
    let format = if id.is_spreadsheet() && id != Format::Text {
        id
    } else if walk::has_zip_magic(data) {
        Format::Xlsx
    } else {
        Format::Xls
    };
    dates::extract(data, format, "表格.xlsx").found.len()
}

/// EXIF/XMP dates of a photo: read as the format `identify` gives `data` when it is a
/// picture (JPEG, PNG, TIFF, HEIC, WebP), as JPEG otherwise.
pub fn photo_dates(data: &[u8]) -> usize {
    let id = identify::identify(&mut Cursor::new(data), data.len() as u64).format;
    let format = match id {
        Format::Jpeg | Format::Png | Format::Tiff | Format::Heic | Format::Webp => id,
        _ => Format::Jpeg,
    };
    dates::extract(data, format, "照片.jpg").found.len()
}

/// Text dates of word-processing documents (`dates::extract`): DOCX and OFD (ZIP
/// packages of XML), legacy Word 97 `.doc` and WPS `.wps` (compound files, piece
/// table), read as the format `identify` gives `data`; bytes identified as none of
/// these are read as DOCX or OFD when they start like a ZIP and as `.doc` or `.wps`
/// otherwise, the last byte choosing (more than the pipeline does).
pub fn document_dates(data: &[u8]) -> usize {
    let id = identify::identify(&mut Cursor::new(data), data.len() as u64).format;
    let odd = data.last().is_some_and(|b| b & 1 == 1);
    let format = match id {
        Format::Docx | Format::Ofd | Format::Doc | Format::Wps => id,
        _ => match (walk::has_zip_magic(data), odd) {
            (true, false) => Format::Docx,
            (true, true) => Format::Ofd,
            (false, false) => Format::Doc,
            (false, true) => Format::Wps,
        },
    };
    dates::extract(data, format, "材料.docx").found.len()
}

/// Opening a file as a viewer would (`opens::check`, which runs on every file): as
/// the format `identify` gives `data` when it is one that is opened, otherwise as the
/// one of the opened formats of the format table (`Format::is_opened`) its last byte picks. Pictures are decoded within
/// [`FUZZ_SEAL_PIXELS`]. Returns whether the file opened completely.
pub fn open_file(data: &[u8]) -> bool {
    let id = identify::identify(&mut Cursor::new(data), data.len() as u64).format;
    let format = if crate::opens::applies(id) {
        id
    } else {
        let opened: Vec<Format> = Format::ALL.into_iter().filter(|f| f.is_opened()).collect();
        let pick = usize::from(data.last().copied().unwrap_or(0)) % opened.len().max(1);
        opened.get(pick).copied().unwrap_or(Format::Pdf)
    };
    crate::opens::check(data, format, FUZZ_SEAL_PIXELS).is_complete()
}

/// The file-name parser (单位-题目序号-佐证关键点): `text` as the name of a file in
/// a unit folder of the built-in roster, and as a member of an archive in a question
/// folder; also the question a folder named `text` stands for.
pub fn file_name(text: &str) -> usize {
    let Some(rules) = rules() else {
        return 0;
    };
    let unit = "区税务局";
    let roster = rules.find_unit(unit);
    let kind = rules
        .kind_of(unit)
        .map(|k| k.id.clone())
        .unwrap_or_default();
    let questions: Vec<String> = rules
        .questionnaire(&kind)
        .map(|q| q.questions.iter().map(|x| x.no.clone()).collect())
        .unwrap_or_default();
    let aliases = roster.map(|u| u.aliases.clone()).unwrap_or_default();
    let ctx = NameContext {
        unit,
        aliases: &aliases,
        questions: &questions,
        max_chars: rules.limits.max_name_chars,
    };
    let a = naming::analyze(text, &ctx);
    let _ = a.valid_question(&ctx);
    let _ = naming::question_from_dir(text, &questions);
    let top = crate::checks::naming::check(text, text, false, &ctx);
    let nested = crate::checks::naming::check(&format!("01/a.zip/{text}"), text, true, &ctx);
    top.diagnostics.len() + nested.diagnostics.len()
}

/// The 1/8-scale DC-only JPEG decoder (`seal::jpeg_dc`) alone, as if 1/8 were the scale
/// wanted, within the fuzzing picture budget: whether it gave a picture. A picture whose
/// buffer does not match its size is a finding.
pub fn jpeg_eighth(data: &[u8]) -> bool {
    match crate::seal::jpeg_dc::decode_eighth(data, FUZZ_SEAL_PIXELS, |_, _| true) {
        Some((p, _)) => {
            assert_eq!(p.px.len(), p.w * p.h * 3, "picture size");
            true
        }
        None => false,
    }
}
