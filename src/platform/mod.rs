//! What differs between operating systems, behind functions that do nothing where
//! nothing is needed, so the callers stay free of `cfg` attributes.
//!
//! Windows (`windows.rs`): the console, the memory cap of worker processes (a Job
//! Object, where Unix workers lower their own address-space limit) and the question
//! "will the window close when evcheck exits?" that decides whether a drag-and-drop
//! start waits for Enter.

#[cfg(windows)]
pub(crate) mod windows;

use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus};

/// Prepares the console; called first thing in `main`, before any worker exists.
pub fn init() {
    #[cfg(windows)]
    windows::init_console();
}

/// Confines a freshly started worker process: on Windows it joins a Job Object that
/// caps its committed memory at `memory_limit` bytes, ends it if evcheck itself ends,
/// and turns an unhandled exception into a plain exit instead of an error dialog.
/// Elsewhere the worker limits itself (see `isolate::worker_main`). Best effort: a
/// worker that cannot be confined still runs, as on Unix when `setrlimit` fails.
pub(crate) fn confine_worker(child: &Child, memory_limit: u64) {
    #[cfg(windows)]
    windows::confine_worker(child, memory_limit);
    #[cfg(not(windows))]
    let _ = (child, memory_limit);
}

/// Whether evcheck's console window closes when evcheck exits: true when Windows
/// opened a console for this process alone (a double click, or a folder dropped on
/// `evcheck.exe`), false when it runs in a console someone else owns (cmd.exe,
/// PowerShell, a script) and on every other system. A caller that prints results and
/// then exits should wait for Enter only when this is true (`dropped::should_pause`).
/// The answer is taken when [`init`] runs, before worker processes (which share the
/// console) exist.
#[cfg_attr(not(windows), allow(dead_code, reason = "used by Windows code only"))]
pub(crate) fn console_closes_on_exit() -> bool {
    #[cfg(windows)]
    return windows::console_closes_on_exit();
    #[cfg(not(windows))]
    false
}

/// The exit code of a worker that ended by itself, `None` when it crashed or was killed.
/// On Unix a crash is a signal (no code). On Windows a crash is an exit code too, an
/// NTSTATUS error such as 0xC0000409 (Rust's abort, out of memory) or 0xC00000FD
/// (stack overflow); those count as crashes so the finding says so, as on Unix (whose
/// exit codes, 0 to 255, are never such a value).
pub(crate) fn exit_code(status: ExitStatus) -> Option<i32> {
    status.code().filter(|&c| !is_ntstatus_error(c))
}

/// Whether the process `pid` of this computer still runs, on Windows (`None`: cannot
/// tell, or not Windows: Unix asks with `kill(pid, 0)` where it needs to, see
/// `output::process_alive`). Asked of the system directly, without starting
/// `tasklist`, whose filters and output vary with the Windows version and language.
#[cfg_attr(not(windows), allow(dead_code, reason = "used by Windows code only"))]
pub(crate) fn process_alive(pid: u32) -> Option<bool> {
    #[cfg(windows)]
    return windows::process_alive(pid);
    #[cfg(not(windows))]
    {
        let _ = pid;
        None
    }
}

/// Whether an exit code is an NTSTATUS error (severity bits 11, 0xC0000000 and up).
fn is_ntstatus_error(code: i32) -> bool {
    code as u32 >= 0xC000_0000
}

/// A path as people write it. On Windows `fs::canonicalize` returns verbatim paths
/// (`\\?\C:\材料`, `\\?\UNC\server\share`), which a clerk should not be shown; this gives
/// `C:\材料` and `\\server\share` back. Nothing is lost: the standard library adds the
/// prefix again itself when a path is too long for Windows. Elsewhere, and for verbatim
/// paths that need the prefix (a name ending in a dot or a space), the path is returned
/// as it is.
pub(crate) fn plain_path(p: &Path) -> PathBuf {
    #[cfg(windows)]
    if let Some(plain) = p.to_str().and_then(strip_verbatim) {
        return PathBuf::from(plain);
    }
    p.to_path_buf()
}

/// `\\?\X:\…` → `X:\…`, `\\?\UNC\server\…` → `\\server\…`; `None` when the text is
/// not such a path or a component would change meaning without the prefix.
#[cfg_attr(not(windows), allow(dead_code, reason = "used by Windows code only"))]
fn strip_verbatim(s: &str) -> Option<String> {
    let rest = s.strip_prefix(r"\\?\")?;
    let plain = if let Some(unc) = rest.strip_prefix(r"UNC\") {
        format!(r"\\{unc}")
    } else {
        let b = rest.as_bytes();
        if !(b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\') {
            return None;
        }
        rest.to_owned()
    };
    let odd = |c: &str| c.ends_with('.') || c.ends_with(' ');
    if rest.split('\\').any(|c| odd(c) && c != "." && c != "..") {
        return None;
    }
    Some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_crash_statuses_are_not_exit_codes() {
        // Rust's abort (fast fail), stack overflow, access violation.
        for crash in [0xC000_0409_u32, 0xC000_00FD, 0xC000_0005] {
            assert!(is_ntstatus_error(crash as i32), "{crash:#x}");
        }
        // Ordinary exit codes, and the code `Child::kill` leaves on Windows (1).
        for code in [0, 1, 2, 101, 255] {
            assert!(!is_ntstatus_error(code), "{code}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_killed_process_has_no_exit_code_and_an_exiting_one_has() {
        let run = |script: &str| {
            std::process::Command::new("sh")
                .args(["-c", script])
                .status()
                .expect("sh runs")
        };
        assert_eq!(exit_code(run("exit 3")), Some(3));
        assert_eq!(exit_code(run("kill -9 $$")), None);
    }

    #[test]
    fn verbatim_prefix_is_dropped_where_it_changes_nothing() {
        let cases = [
            (r"\\?\C:\材料 目录\区税务局", Some(r"C:\材料 目录\区税务局")),
            (r"\\?\Z:\", Some(r"Z:\")),
            (r"\\?\UNC\server\share\材料", Some(r"\\server\share\材料")),
            // Needs the prefix: a trailing dot or space is dropped by normal parsing.
            (r"\\?\C:\材料.\a", None),
            (r"\\?\C:\材料 ", None),
            // Not verbatim, or not a drive path.
            (r"C:\材料", None),
            (r"\\?\Volume{0}\x", None),
            ("/tmp/x", None),
        ];
        for (from, want) in cases {
            assert_eq!(strip_verbatim(from).as_deref(), want, "{from}");
        }
        assert_eq!(plain_path(Path::new("/tmp/x")), PathBuf::from("/tmp/x"));
    }

    #[test]
    fn no_console_of_its_own_outside_windows() {
        if cfg!(not(windows)) {
            assert!(!console_closes_on_exit());
        }
    }
}
