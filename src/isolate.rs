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
//! Protocol (over the worker's stdin/stdout): one JSON line [`Request`] followed by
//! exactly `len` bytes of file content; the answer is one JSON line [`Response`].

use crate::dates::DateFacts;
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use crate::rules::SealLimits;
use crate::seal::SealFacts;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

/// What to extract from one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// `Format::id()` of the content.
    pub format: String,
    /// File name (dates in the name count too).
    pub name: String,
    pub dates: bool,
    pub seal: bool,
    pub seal_max_pixels: u64,
    pub seal_max_images: usize,
    pub seal_max_pages: usize,
    /// Open the file as a viewer would (see [`crate::opens`]).
    #[serde(default)]
    pub open: bool,
    /// Bytes of content that follow the header line.
    pub len: u64,
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
    let format = Format::from_id(&req.format).unwrap_or(Format::Unknown);
    let limits = SealLimits {
        max_pixels: req.seal_max_pixels,
        max_images_per_file: req.seal_max_images,
        max_pages: req.seal_max_pages,
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
        (dates, seal, opened)
    }));
    match r {
        Ok((dates, seal, opened)) => Response {
            dates,
            seal,
            opened,
            panic: None,
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
        && FLAT.iter().any(|f| f.id() == req.format)
        && (!req.open || FLAT_OPEN.iter().any(|f| f.id() == req.format))
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "reader crashed".into())
}

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
        let resp = extract_here(&req, &data);
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
/// hang on the file named NAME, so the tests can prove the run survives both. Has no
/// effect unless that variable is set.
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

/// A pool of worker processes.
pub struct Pool {
    idle: Mutex<Vec<Worker>>,
    timeout: Duration,
}

impl Pool {
    /// A pool whose requests time out after `timeout`. Checks that a worker can be
    /// started; `None` when it cannot (extraction then runs in-process).
    pub fn new(timeout: Duration) -> Option<Pool> {
        let w = Worker::spawn().ok()?;
        Some(Pool {
            idle: Mutex::new(vec![w]),
            timeout,
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
                let why = match status.and_then(|s| s.code()) {
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
            format: format.into(),
            name: "x".into(),
            dates,
            seal,
            seal_max_pixels: 1,
            seal_max_images: 1,
            seal_max_pages: 1,
            open: false,
            len: 0,
        }
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
