//! Content extraction in worker processes, so that no file can take the run down.
//!
//! Some failures cannot be caught inside a process: an allocation failure aborts, a
//! stack overflow aborts, an endless loop never returns. The parsers of PDFs,
//! spreadsheets and images run on untrusted bytes, so the expensive part of a file's
//! check (finding dates, looking for a seal) runs in a pool of worker processes (the
//! same binary, started as `evcheck __worker`). Each request has a time limit; a worker
//! that dies or overruns it is killed and replaced, and the file gets an `unreadable`
//! finding. Workers limit their own address space, so a runaway allocation fails in
//! the worker instead of pushing the machine into swap.
//!
//! Workers read the files themselves: a request names where the content is (a file's
//! path, or an archive member's address from the walk) and the worker opens it, so the
//! main process never holds a file's bytes beyond the header it identified it from.
//! What is read depends on what is asked ([`load`]): a JPEG's first part for its EXIF,
//! a PNG's chunks without the ancillary ones a rule never reads (skipped by length),
//! the whole content otherwise (within [`crate::facts::MAX_CONTENT_BYTES`]).
//!
//! Protocol (over the worker's stdin/stdout): one JSON line [`Request`], followed by
//! exactly `len` bytes of file content when it names no `source`; the answer is one
//! JSON line [`Response`].

use crate::dates::DateFacts;
use crate::identify::Format;
use crate::opens::PNG_MAX_ANCILLARY;
use crate::outcome::ReadOutcome;
use crate::rules::SealLimits;
use crate::seal::SealFacts;
use crate::walk::{self, EntryData, ReadError};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What to extract from one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The format of the content (sent to a worker as its id).
    pub format: Format,
    /// File name (dates in the name count too).
    pub name: String,
    pub dates: bool,
    pub seal: bool,
    pub seal_max_pixels: u64,
    pub seal_max_images: usize,
    pub seal_max_pages: usize,
    /// The seal shapes that count (`[seal] shapes`).
    #[serde(default)]
    pub seal_shapes: Vec<crate::rules::SealShape>,
    /// Open the file as a viewer would (see [`crate::opens`]).
    #[serde(default)]
    pub open: bool,
    /// Read an archive member to its end (its CRC and compressed stream checked) even
    /// where the readers need only its start.
    #[serde(default)]
    pub through: bool,
    /// Bytes of content that follow the header line.
    pub len: u64,
    /// Where the worker reads the content itself (then no bytes follow), and its size.
    #[serde(default)]
    pub source: Option<(EntryData, u64)>,
}

/// What was extracted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Response {
    pub dates: Option<DateFacts>,
    pub seal: Option<SealFacts>,
    /// Whether the file opens, when that was asked.
    #[serde(default)]
    pub opened: Option<ReadOutcome>,
    /// A reader panicked: its message.
    pub panic: Option<String>,
    /// The content could not be read.
    #[serde(default)]
    pub unread: Option<Unread>,
}

/// Why a worker could not read a file (a [`ReadError`] that crosses the pipe).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unread {
    Io(String),
    Changed,
    TooLarge(u64),
    Member(String),
    Inflated(u64),
}

impl From<ReadError> for Unread {
    fn from(e: ReadError) -> Unread {
        match e {
            ReadError::Io(e) => Unread::Io(e.to_string()),
            ReadError::Changed => Unread::Changed,
            ReadError::TooLarge(n) => Unread::TooLarge(n),
            ReadError::Member(why) => Unread::Member(why),
            ReadError::Inflated(n) => Unread::Inflated(n),
        }
    }
}

/// Most bytes of a JPEG read when only its dates are wanted (its application segments,
/// where EXIF sits; the date reader looks at no more than this).
pub const JPEG_DATES_HEAD: u64 = 512 * 1024;

/// Bytes of a text file read for its dates (all the text reader looks at).
const TEXT_HEAD: u64 = crate::dates::extract::MAX_TEXT_BYTES as u64;

/// Reads what `req` needs of the content at `source` (`size` bytes as the walk saw):
/// a JPEG's head when only dates are wanted, a PNG's chunks without the ancillary ones
/// no rule reads (and without its pixels when no seal is looked for and the file is not
/// opened), a text file's first [`TEXT_HEAD`] bytes (and one more), otherwise the whole
/// content, at most `max` bytes.
pub fn load(req: &Request, source: &EntryData, size: u64, max: u64) -> Result<Vec<u8>, ReadError> {
    // An archive member is read on to its end (for its CRC) only where `req.through`
    // asks for it; otherwise the readers' bytes are all that is inflated.
    let stream = |f: &mut dyn FnMut(&mut dyn Read) -> std::io::Result<Vec<u8>>| {
        if req.through {
            walk::with_whole_stream(source, f)
        } else {
            walk::with_stream(source, f)
        }
    };
    match req.format {
        // Opening a picture decodes it: the whole file then.
        Format::Jpeg if !req.seal && !req.open => stream(&mut |r| jpeg_head(r, JPEG_DATES_HEAD)),
        Format::Png => stream(&mut |r| png_chunks(r, req.seal || req.open, max)),
        // The text reader decodes no more than its cap; one byte more tells it the text
        // was cut (a partial read it reports). A `.pdf` holding no PDF header is opened
        // as a PDF: whole.
        Format::Text if !req.open => stream(&mut |r| {
            let mut buf = Vec::new();
            r.take(TEXT_HEAD + 1).read_to_end(&mut buf)?;
            Ok(buf)
        }),
        _ => walk::read_data(source, size, max).map(std::sync::Arc::unwrap_or_clone),
    }
}

/// A JPEG's start for its dates: the start-of-image marker and the application and
/// comment segments that follow it (EXIF sits in APP1), read segment by segment up to
/// the first other marker, at most `max` bytes. Nothing of the picture is read.
fn jpeg_head(r: &mut dyn Read, max: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(2).read_to_end(&mut out)?;
    if out != [0xFF, 0xD8] {
        return Ok(out);
    }
    loop {
        let mut marker = Vec::with_capacity(4);
        r.take(4).read_to_end(&mut marker)?;
        let [0xFF, kind, hi, lo] = marker[..] else {
            return Ok(out);
        };
        let application = (0xE0..=0xEF).contains(&kind) || kind == 0xFE;
        let len = u64::from(u16::from_be_bytes([hi, lo]));
        if !application || len < 2 || out.len() as u64 + 2 + len > max {
            return Ok(out);
        }
        out.extend_from_slice(&marker);
        let before = out.len();
        r.take(len - 2).read_to_end(&mut out)?;
        if ((out.len() - before) as u64) < len - 2 {
            return Ok(out);
        }
    }
}

/// A PNG rebuilt from the chunks a reader needs, read from `r` chunk by chunk: the
/// signature, critical chunks (the pixels only when `pixels`), `tRNS`, and other
/// ancillary chunks up to [`PNG_MAX_ANCILLARY`] bytes except iCCP, zTXt and iTXt. Every
/// other chunk is skipped by its length without being held. At most `max` bytes.
fn png_chunks(r: &mut dyn Read, pixels: bool, max: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(8).read_to_end(&mut out)?;
    loop {
        let mut head = Vec::with_capacity(8);
        r.take(8).read_to_end(&mut head)?;
        let Some((len, kind)) = head
            .get(0..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .zip(head.get(4..8))
        else {
            return Ok(out);
        };
        let len = u32::from_be_bytes(len);
        let critical = kind.first().is_some_and(|c| c.is_ascii_uppercase());
        let keep = match kind {
            b"IDAT" | b"tRNS" => pixels,
            b"iCCP" | b"zTXt" | b"iTXt" => false,
            _ => critical || len <= PNG_MAX_ANCILLARY,
        };
        let rest = u64::from(len) + 4;
        if keep {
            if out.len() as u64 + 8 + rest > max {
                return Err(std::io::Error::other("PNG larger than the content bound"));
            }
            out.extend_from_slice(&head);
            r.take(rest).read_to_end(&mut out)?;
        } else {
            std::io::copy(&mut r.take(rest), &mut std::io::sink())?;
        }
        if kind == b"IEND" {
            return Ok(out);
        }
    }
}

/// Whether a request may run in this process: [`safe_in_process`], and no more content
/// than a bounded head or a small file is read for it (so the main process holds no
/// whole large file); or a picture opened by one streaming pass ([`scans_here`]), or a
/// member only read through ([`nothing_asked`]).
pub fn reads_here(req: &Request, size: u64) -> bool {
    const SMALL: u64 = 4 * 1024 * 1024;
    // Formats read only up to a bound whatever their size (see `load`).
    const BOUNDED: [Format; 3] = [Format::Jpeg, Format::Png, Format::Text];
    scans_here(req)
        || nothing_asked(req)
        || safe_in_process(req) && (size <= SMALL || BOUNDED.contains(&req.format))
}

/// Reads the content a request names and extracts from it here; a read failure is
/// the answer's `unread`.
pub fn load_and_extract(req: &Request, source: &EntryData, size: u64) -> Response {
    if scans_here(req) {
        return scan_and_extract(req, source);
    }
    if nothing_asked(req) {
        // An archive member no reader reads: streamed through once for its CRC.
        return match walk::with_whole_stream(source, |_| Ok(())) {
            Ok(()) => Response::default(),
            Err(e) => Response {
                unread: Some(e.into()),
                ..Response::default()
            },
        };
    }
    match load(req, source, size, crate::facts::MAX_CONTENT_BYTES) {
        Ok(data) => extract_here(req, &data),
        Err(e) => Response {
            unread: Some(e.into()),
            ..Response::default()
        },
    }
}

/// Whether a request asks for nothing but that its content be read through (an
/// archive member whose format no reader reads, checked to its end for damage).
pub fn nothing_asked(req: &Request) -> bool {
    !req.dates && !req.seal && !req.open
}

/// Whether a request is answered by one streaming pass over the content
/// ([`scan_and_extract`]): a JPEG or PNG opened (its structure checked to the end)
/// and perhaps read for dates, with no seal search. The scan holds a bounded window and
/// the head the date reader needs, decodes nothing and allocates nothing from a length
/// the file declares, so it runs in this process like the date readers of
/// [`safe_in_process`].
pub fn scans_here(req: &Request) -> bool {
    req.open && !req.seal && matches!(req.format, Format::Jpeg | Format::Png)
}

/// Opens a JPEG or PNG in one pass from its first byte to its last
/// ([`crate::opens::scan_jpeg`], [`crate::opens::scan_png`]), keeping what the date
/// reader needs, then reads the dates from that.
fn scan_and_extract(req: &Request, source: &EntryData) -> Response {
    let png = req.format == Format::Png;
    let scanned = walk::with_whole_stream(source, |r| {
        if png {
            crate::opens::scan_png(r, crate::facts::MAX_CONTENT_BYTES)
        } else {
            crate::opens::scan_jpeg(r, JPEG_DATES_HEAD)
        }
    });
    match scanned {
        Ok(s) => {
            let only_dates = Request {
                open: false,
                ..req.clone()
            };
            let mut resp = extract_here(&only_dates, &s.head);
            resp.opened = Some(s.outcome);
            resp
        }
        Err(e) => Response {
            unread: Some(e.into()),
            ..Response::default()
        },
    }
}

/// Why extraction gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The reader crashed (panic, abort, out of memory, stack overflow).
    Crashed(String),
    /// It ran past the time limit.
    TimedOut(Duration),
}

/// Runs the extraction itself (in whatever process calls it).
pub fn extract_here(req: &Request, data: &[u8]) -> Response {
    let format = req.format;
    let limits = SealLimits {
        max_pixels: req.seal_max_pixels,
        max_images_per_file: req.seal_max_images,
        max_pages: req.seal_max_pages,
        shapes: req.seal_shapes.clone(),
    };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let dates = req
            .dates
            .then(|| crate::dates::extract(data, format, &req.name));
        let seal = req.seal.then(|| crate::seal::detect(data, format, &limits));
        let opened = req
            .open
            .then(|| crate::opens::open_as(format, &req.name))
            .flatten()
            .map(|as_format| crate::opens::check(data, as_format, req.seal_max_pixels));
        // A picture's pixels are decoded once, by the seal search: a picture it could
        // not decode does not open either.
        let opened = match (opened, &seal) {
            (Some(o), Some(s))
                if format.is_image() && matches!(s.read, ReadOutcome::Damaged { .. }) =>
            {
                Some(o.worst(s.read.clone()))
            }
            (o, _) => o,
        };
        (dates, seal, opened)
    }));
    match r {
        Ok((dates, seal, opened)) => Response {
            dates,
            seal,
            opened,
            ..Response::default()
        },
        Err(payload) => Response {
            panic: Some(panic_message(payload.as_ref())),
            ..Response::default()
        },
    }
}

/// Whether a request may run in this process even when workers are in use. Only date
/// reading (no seal search, which decodes pixels) of formats whose readers are bounded
/// by the bytes at hand, never recurse and never allocate from a length the file
/// declares, the same guarantees the archive walker already relies on in-process:
/// - JPEG: EXIF from the first part of the file only (a bounded slice);
/// - PNG: EXIF from the `eXIf` chunk (chunks are walked, not decoded);
/// - DOCX and OFD: ZIP members inflated under the same caps as archive members, then
///   scanned as flat XML events;
/// - text and CSV: decoded from a capped prefix, split by a linear CSV reader.
///
/// Everything else (PDF, spreadsheets, other picture containers, picture decoding for
/// seals) goes to a worker: those parsers can recurse without bound or abort on a
/// hostile file.
///
/// Opening a file ([`crate::opens`]) stays in process only for DOCX and OFD (their
/// package and main part are inflated under a cap, as archive members are); pictures
/// are decoded and PDFs parsed in a worker.
pub fn safe_in_process(req: &Request) -> bool {
    const FLAT: [Format; 5] = [
        Format::Jpeg,
        Format::Png,
        Format::Docx,
        Format::Ofd,
        Format::Text,
    ];
    const FLAT_OPEN: [Format; 2] = [Format::Docx, Format::Ofd];
    (req.dates || req.open)
        && !req.seal
        && FLAT.contains(&req.format)
        && (!req.open || FLAT_OPEN.contains(&req.format))
}

pub use crate::panics::panic_message;

/// Address-space limit of a worker process.
pub const WORKER_MEMORY_LIMIT: u64 = 4 * 1024 * 1024 * 1024;

/// The worker's main loop (`evcheck __worker`): answers requests until stdin closes.
pub fn worker_main() -> i32 {
    limit_memory(WORKER_MEMORY_LIMIT);
    watch_parent();
    std::panic::set_hook(Box::new(|_| {}));
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut output = stdout.lock();
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return 0,
            Ok(_) => {}
        }
        let Ok(req) = serde_json::from_str::<Request>(line.trim_end()) else {
            return 2;
        };
        let mut data = Vec::new();
        if (&mut input).take(req.len).read_to_end(&mut data).is_err()
            || data.len() as u64 != req.len
        {
            return 2;
        }
        inject_fault(&req.name);
        let resp = match &req.source {
            Some((source, size)) => load_and_extract(&req, source, *size),
            None => extract_here(&req, &data),
        };
        drop(data);
        let text = serde_json::to_string(&resp).unwrap_or_else(|_| "{}".into());
        if writeln!(output, "{text}")
            .and_then(|_| output.flush())
            .is_err()
        {
            return 0;
        }
    }
}

/// Test seam: `EVCHECK_WORKER_FAULT=abort:NAME` or `hang:NAME` makes a worker abort or
/// hang on the file named NAME, so the tests can prove the run survives both. Compiled
/// only with the `test-hooks` feature (which the tests turn on); has no effect unless
/// that variable is set.
#[cfg(feature = "test-hooks")]
fn inject_fault(name: &str) {
    let Ok(spec) = std::env::var("EVCHECK_WORKER_FAULT") else {
        return;
    };
    for one in spec.split(';') {
        match one.split_once(':') {
            Some(("abort", n)) if n == name => std::process::abort(),
            Some(("hang", n)) if n == name => loop {
                std::thread::sleep(Duration::from_secs(3600));
            },
            _ => {}
        }
    }
}

/// Without the `test-hooks` feature (every build for users) there is no fault to
/// inject.
#[cfg(not(feature = "test-hooks"))]
fn inject_fault(_name: &str) {}

/// Ends the worker as soon as the process that started it is gone (killed with
/// SIGKILL or SIGTERM, or crashed): a worker busy on a file would not see its input
/// close. The parent is watched, rather than asking the kernel for a signal on its
/// death, because that signal follows the thread that started the worker, not the
/// process.
#[cfg(unix)]
fn watch_parent() {
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        if std::os::unix::process::parent_id() != parent {
            std::process::exit(3);
        }
    });
}

/// Elsewhere the worker ends when its input closes.
#[cfg(not(unix))]
fn watch_parent() {}

#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let lim = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass by pointer for the duration of the
    // call only; `lim` lives on this stack frame until it returns. Lowering our own
    // limit cannot affect memory safety; failure is ignored (the limit is a safeguard).
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<Option<String>>,
}

impl Worker {
    fn spawn() -> std::io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .arg("__worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        crate::platform::confine_worker(&child, WORKER_MEMORY_LIMIT);
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("worker pipes unavailable"));
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return;
                    }
                    Ok(_) => {
                        if tx.send(Some(line)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            answers: rx,
        })
    }

    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Bytes of file content that workers hold at once, all of them together, for the
/// requests that read a whole file (a PDF, a picture searched for a seal, a
/// spreadsheet): a request waits until its share is free, so that the memory these
/// reads take is bounded by this, not by [`crate::facts::MAX_CONTENT_BYTES`] times
/// the number of workers. A file larger than the budget takes all of it (it is then
/// read alone). What a parser builds from the bytes comes on top, bounded per file by
/// the readers' own limits.
pub const SHARED_READ_BUDGET: u64 = 128 * 1024 * 1024;

/// Bytes of content that requests may hold at once (see [`SHARED_READ_BUDGET`]).
struct Budget {
    total: u64,
    left: Mutex<u64>,
    freed: Condvar,
}

/// A share of a [`Budget`], given back when dropped.
struct Share<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn new(total: u64) -> Budget {
        Budget {
            total,
            left: Mutex::new(total),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` (at most the whole budget) are free and takes them.
    fn take(&self, bytes: u64) -> Share<'_> {
        let bytes = bytes.min(self.total);
        let mut left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        while *left < bytes {
            left = self.freed.wait(left).unwrap_or_else(|e| e.into_inner());
        }
        *left -= bytes;
        Share {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        let mut left = self.budget.left.lock().unwrap_or_else(|e| e.into_inner());
        *left += self.bytes;
        drop(left);
        self.budget.freed.notify_all();
    }
}

/// Bytes of content a worker holds for `req` ([`load`]): a head for a JPEG read for
/// dates only, a text file's head, a PNG's chunks (its pixels when they are asked
/// for), otherwise the whole content.
fn held_for(req: &Request) -> u64 {
    let size = req.source.as_ref().map_or(req.len, |(_, size)| *size);
    match req.format {
        Format::Jpeg if !req.seal && !req.open => size.min(JPEG_DATES_HEAD),
        Format::Text if !req.open => size.min(TEXT_HEAD + 1),
        _ => size,
    }
}

/// A pool of worker processes.
pub struct Pool {
    idle: Mutex<Vec<Worker>>,
    timeout: Duration,
    budget: Budget,
}

impl Pool {
    /// A pool whose requests time out after `timeout`. Checks that a worker can be
    /// started; `None` when it cannot (extraction then runs in-process).
    pub fn new(timeout: Duration) -> Option<Pool> {
        let w = Worker::spawn().ok()?;
        Some(Pool {
            idle: Mutex::new(vec![w]),
            timeout,
            budget: Budget::new(SHARED_READ_BUDGET),
        })
    }

    fn take(&self) -> std::io::Result<Worker> {
        let w = self.idle.lock().ok().and_then(|mut v| v.pop());
        match w {
            Some(w) => Ok(w),
            None => Worker::spawn(),
        }
    }

    fn give_back(&self, w: Worker) {
        match self.idle.lock() {
            Ok(mut v) => v.push(w),
            Err(_) => w.kill(),
        }
    }

    /// Extracts in a worker; on a crash or time-out the worker is replaced.
    pub fn extract(&self, req: &Request, data: &[u8]) -> Result<Response, Failure> {
        // Held until the answer is in: the worker has dropped the content by then.
        let _share = self.budget.take(held_for(req).max(data.len() as u64));
        let mut w = self
            .take()
            .map_err(|e| Failure::Crashed(format!("cannot start worker: {e}")))?;
        let mut req = req.clone();
        req.len = data.len() as u64;
        let header = serde_json::to_string(&req).unwrap_or_default();
        let sent = writeln!(w.stdin, "{header}")
            .and_then(|_| w.stdin.write_all(data))
            .and_then(|_| w.stdin.flush());
        if sent.is_err() {
            w.kill();
            return Err(Failure::Crashed("worker exited".into()));
        }
        match w.answers.recv_timeout(self.timeout) {
            Ok(Some(line)) => match serde_json::from_str::<Response>(line.trim_end()) {
                Ok(resp) => {
                    self.give_back(w);
                    Ok(resp)
                }
                Err(e) => {
                    w.kill();
                    Err(Failure::Crashed(format!("bad worker answer: {e}")))
                }
            },
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                let status = w.child.wait().ok();
                let why = match status.and_then(crate::platform::exit_code) {
                    Some(c) => format!("reader exited with status {c}"),
                    None => "reader was killed (out of memory or crashed)".into(),
                };
                Err(Failure::Crashed(why))
            }
            Err(RecvTimeoutError::Timeout) => {
                w.kill();
                Err(Failure::TimedOut(self.timeout))
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut v) = self.idle.lock() {
            for w in v.drain(..) {
                w.kill();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(format: &str, dates: bool, seal: bool) -> Request {
        Request {
            format: Format::from_id(format).unwrap(),
            name: "x".into(),
            dates,
            seal,
            seal_max_pixels: 1,
            seal_max_images: 1,
            seal_max_pages: 1,
            seal_shapes: Vec::new(),
            open: false,
            through: false,
            len: 0,
            source: None,
        }
    }

    /// A PNG chunk: length, type, data, a CRC (not checked by the readers).
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0; 4]);
        c
    }

    #[test]
    fn png_ancillary_chunks_are_skipped_by_length_without_being_held() {
        const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
        let ihdr = chunk(b"IHDR", &[0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0, 0, 0]);
        let exif = chunk(b"eXIf", b"MM\0*");
        let idat = chunk(b"IDAT", &[1, 2, 3]);
        let iend = chunk(b"IEND", &[]);
        // A 256 MiB iCCP chunk, streamed (never in memory here either).
        let big: u32 = 256 * 1024 * 1024;
        let mut iccp_head = big.to_be_bytes().to_vec();
        iccp_head.extend_from_slice(b"iCCP");
        let before = [SIG, &ihdr, &iccp_head].concat();
        let after = [&exif[..], &idat, &chunk(b"zTXt", b"x"), &iend].concat();
        let stream = || {
            std::io::Cursor::new(before.clone())
                .chain(std::io::repeat(0).take(u64::from(big) + 4))
                .chain(std::io::Cursor::new(after.clone()))
        };
        let with_pixels = png_chunks(&mut stream(), true, 1 << 20).unwrap();
        assert_eq!(with_pixels, [SIG, &ihdr, &exif, &idat, &iend].concat());
        let dates_only = png_chunks(&mut stream(), false, 1 << 20).unwrap();
        assert_eq!(dates_only, [SIG, &ihdr, &exif, &iend].concat());
        // Kept chunks still count against the bound.
        assert!(png_chunks(&mut stream(), true, 40).is_err());
        // A truncated file ends where its bytes end (the readers judge what is there).
        let truncated = [SIG, &ihdr[..10]].concat();
        let cut = png_chunks(&mut std::io::Cursor::new(&truncated), true, 1 << 20).unwrap();
        assert_eq!(cut, truncated);
    }

    #[test]
    fn a_jpeg_is_read_for_dates_up_to_its_application_segments() {
        let app1 = [&[0xFF, 0xE1, 0, 6][..], b"Exif"].concat();
        let com = [0xFF, 0xFE, 0, 3, b'x'];
        let dqt = [0xFF, 0xDB, 0, 4, 1, 2];
        let jpeg = [&[0xFF, 0xD8][..], &app1, &com, &dqt, &[0xAA; 1000]].concat();
        let head = jpeg_head(&mut std::io::Cursor::new(&jpeg), 1 << 20).unwrap();
        assert_eq!(head, [&[0xFF, 0xD8][..], &app1, &com].concat());
        // The bound holds; a segment that does not fit is left out.
        let head = jpeg_head(&mut std::io::Cursor::new(&jpeg), 12).unwrap();
        assert_eq!(head, [&[0xFF, 0xD8][..], &app1].concat());
        // Not a JPEG, or cut short: what was read.
        assert_eq!(jpeg_head(&mut &b"%PDF"[..], 100).unwrap(), b"%P");
        let cut = &jpeg[..8];
        assert_eq!(
            jpeg_head(&mut &cut[..], 100).unwrap(),
            [&[0xFF, 0xD8][..], &app1[..4], b"Ex"].concat()
        );
    }

    #[test]
    fn reading_here_needs_a_bounded_read() {
        let jpeg = req("jpeg", true, false);
        assert!(reads_here(&jpeg, 200 * 1024 * 1024), "a JPEG's head only");
        let docx = req("docx", true, false);
        assert!(reads_here(&docx, 1024 * 1024));
        assert!(
            !reads_here(&docx, 64 * 1024 * 1024),
            "a large DOCX goes to a worker"
        );
        assert!(!reads_here(&req("pdf", true, false), 10));
        assert!(
            reads_here(&req("text", true, false), 1 << 30),
            "a text's head only"
        );
    }

    #[test]
    fn the_read_budget_is_shared_and_given_back() {
        let b = std::sync::Arc::new(Budget::new(100));
        let a = b.take(60);
        // A request larger than the whole budget takes all of it once it is free.
        let waiter = {
            let b = b.clone();
            std::thread::spawn(move || {
                let s = b.take(1000);
                s.bytes
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!waiter.is_finished(), "waits while 60 of 100 are held");
        let c = b.take(40);
        drop(a);
        drop(c);
        assert_eq!(waiter.join().unwrap(), 100);
        assert_eq!(*b.left.lock().unwrap(), 100);
        let mut pdf = req("pdf", true, false);
        pdf.source = Some((
            EntryData::Disk {
                path: "x.pdf".into(),
                len: 5000,
                modified: None,
            },
            5000,
        ));
        assert_eq!(held_for(&pdf), 5000);
        let mut jpeg = pdf.clone();
        jpeg.format = Format::Jpeg;
        assert_eq!(held_for(&jpeg), 5000.min(JPEG_DATES_HEAD));
        jpeg.seal = true;
        assert_eq!(held_for(&jpeg), 5000);
    }

    #[test]
    fn only_flat_date_reading_stays_in_process() {
        for (format, dates, seal, here) in [
            ("jpeg", true, false, true),
            ("png", true, false, true),
            ("docx", true, false, true),
            ("ofd", true, false, true),
            ("text", true, false, true),
            // Seal search decodes pixels or parses signatures: always in a worker.
            ("jpeg", true, true, false),
            ("ofd", false, true, false),
            ("docx", true, true, false),
            // Parsers that can recurse or abort.
            ("pdf", true, false, false),
            ("xlsx", true, false, false),
            ("xls", true, false, false),
            ("et", true, false, false),
            ("heic", true, false, false),
            ("tiff", true, false, false),
            ("unknown", true, false, false),
        ] {
            assert_eq!(
                safe_in_process(&req(format, dates, seal)),
                here,
                "{format} dates={dates} seal={seal}"
            );
        }
        // Opening: package formats in process; pictures and PDFs in a worker.
        for (format, here) in [
            ("docx", true),
            ("ofd", true),
            ("jpeg", false),
            ("pdf", false),
        ] {
            let mut r = req(format, false, false);
            r.open = true;
            assert_eq!(safe_in_process(&r), here, "open {format}");
        }
    }
}
