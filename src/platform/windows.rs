//! Windows-only code: console set-up, error dialogs, and the Job Object that caps the
//! memory of worker processes. Everything here is best effort: when a call fails,
//! evcheck runs on as it would without it.

use std::os::windows::io::AsRawHandle;
use std::process::Child;
use std::sync::OnceLock;
use windows_sys::Win32::Foundation::{
    CloseHandle, GetLastError, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, HANDLE, STILL_ACTIVE,
};
use windows_sys::Win32::System::Console::{GetConsoleProcessList, SetConsoleOutputCP};
use windows_sys::Win32::System::Diagnostics::Debug::{
    SetErrorMode, SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX,
};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    JOB_OBJECT_LIMIT_PROCESS_MEMORY,
};
use windows_sys::Win32::System::Threading::{
    GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
};

/// The UTF-8 code page.
const CP_UTF8: u32 = 65001;

/// Whether this process was alone on its console when [`init_console`] ran.
static CONSOLE_OF_OUR_OWN: OnceLock<bool> = OnceLock::new();

/// Console and error-mode set-up, once at start.
///
/// - Chinese output: Rust's standard library writes UTF-16 (`WriteConsoleW`) whenever
///   stdout or stderr is a console, so Chinese text shows whatever the console's code
///   page is, and redirected output is UTF-8. When the console is evcheck's own (it
///   closes with evcheck), its output code page is also set to UTF-8, for any byte
///   writes; a console shared with cmd.exe is left as the user set it.
/// - No dialog boxes: a batch run must not stop at "There is no disk in the drive" or
///   an error-report window that waits for a click; the failure is reported instead.
///   Worker processes inherit this error mode.
pub(crate) fn init_console() {
    // SAFETY: SetErrorMode only stores a flag word in the process; no pointers.
    unsafe {
        SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    }
    if *CONSOLE_OF_OUR_OWN.get_or_init(alone_on_console) {
        // SAFETY: SetConsoleOutputCP takes a number and touches no memory of ours;
        // failure (no console) is harmless.
        unsafe {
            SetConsoleOutputCP(CP_UTF8);
        }
    }
}

/// See `platform::console_closes_on_exit`.
pub(crate) fn console_closes_on_exit() -> bool {
    *CONSOLE_OF_OUR_OWN.get_or_init(alone_on_console)
}

/// True when this process is the only one attached to its console: Windows created
/// the console for it (Explorer start, drag and drop), so the window disappears when
/// it exits. A shell that started it is attached too, giving a count of 2 or more; no
/// console at all gives 0.
fn alone_on_console() -> bool {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer is valid for `ids.len()` u32 writes, the length we pass;
    // the call writes at most that many and returns the total count.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1
}

/// A Job Object handle, kept open for the life of the process: when evcheck exits,
/// for whatever reason, the system closes it and `KILL_ON_JOB_CLOSE` ends every worker.
struct Job(HANDLE);

// SAFETY: a job handle is a process-wide kernel handle; the calls made with it
// (AssignProcessToJobObject) may come from any thread, and it is never closed while
// the process runs.
unsafe impl Send for Job {}
// SAFETY: as above; the handle is only read after creation.
unsafe impl Sync for Job {}

static WORKER_JOB: OnceLock<Option<Job>> = OnceLock::new();

/// Puts a worker into the workers' Job Object (made on first use with
/// `memory_limit` bytes of committed memory per process). The caller sends the worker
/// no file before this returns, so no untrusted input is read outside the job.
pub(crate) fn confine_worker(child: &Child, memory_limit: u64) {
    let Some(job) = WORKER_JOB.get_or_init(|| make_job(memory_limit)) else {
        return;
    };
    // SAFETY: both handles are valid: the job's is open for the life of the process,
    // the child's is owned by `child`, which outlives this call.
    unsafe {
        AssignProcessToJobObject(job.0, child.as_raw_handle() as HANDLE);
    }
}

fn make_job(memory_limit: u64) -> Option<Job> {
    // SAFETY: null security attributes and a null name are allowed (a default,
    // unnamed job); the returned handle is checked before use.
    let h = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
    if h.is_null() {
        return None;
    }
    let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
        | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
    info.ProcessMemoryLimit = usize::try_from(memory_limit).unwrap_or(usize::MAX);
    // SAFETY: `info` is a properly initialised JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    // alive for the call, and the size passed is its size; the system only reads it.
    let ok = unsafe {
        SetInformationJobObject(
            h,
            JobObjectExtendedLimitInformation,
            (&info as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
            std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
        )
    };
    if ok == 0 {
        // SAFETY: `h` is the job handle created above, closed once, not used after.
        unsafe {
            CloseHandle(h);
        }
        return None;
    }
    Some(Job(h))
}

/// See `platform::process_alive`. A process that exists can be opened for a query (or
/// refuses with "access denied", when another user runs it); a PID no process has is
/// an invalid parameter. A process that exited but is still held open by someone has
/// an exit code other than `STILL_ACTIVE` (259; a process that chose to exit with 259
/// is taken for running, the API's known ambiguity, which only makes a lock wait).
pub(crate) fn process_alive(pid: u32) -> Option<bool> {
    // SAFETY: OpenProcess takes plain values and returns a handle or null; no memory
    // of ours is passed.
    let h = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
    if h.is_null() {
        // SAFETY: GetLastError only reads this thread's last-error value.
        return match unsafe { GetLastError() } {
            ERROR_INVALID_PARAMETER => Some(false),
            ERROR_ACCESS_DENIED => Some(true),
            _ => None,
        };
    }
    let mut code = 0u32;
    // SAFETY: `h` is the valid process handle opened above; `code` is a valid u32
    // the call writes once.
    let ok = unsafe { GetExitCodeProcess(h, &mut code) };
    // SAFETY: `h` is open, closed once here and not used after.
    unsafe {
        CloseHandle(h);
    }
    (ok != 0).then_some(code == STILL_ACTIVE as u32)
}
