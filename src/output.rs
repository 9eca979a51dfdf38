//! Keeping evcheck's output apart from the submissions, and a night's run alone.
//!
//! - The output folder (`--out`) carries a marker file ([`MARKER_FILE`]); a folder under
//!   ROOT with that marker is evcheck's own and never a unit, whatever it is called.
//! - An output folder that is ROOT itself, a unit's folder, inside a unit's folder, a
//!   file, or deeper than one level under ROOT is refused ([`check_overlap`]).
//! - Report folders get names that no two units share and that never collide with the
//!   summary, cache, lock or marker files ([`report_dirs`]).
//! - A lock file in the output folder ([`Lock`]) keeps a second run out; a lock left by a
//!   process that is gone is taken over.
//! - Reports written back to the units ([`write_back_targets`]) have fixed names and carry
//!   [`REPORT_MARKER`] inside, so the next run never takes them for evidence.

use crate::diag::Lang;
use crate::walk::Submission;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The marker file evcheck writes into its output folder.
pub const MARKER_FILE: &str = ".evcheck-output";
/// The lock file of a run, inside the output folder.
pub const LOCK_FILE: &str = ".evcheck.lock";
/// Errors of the last run per unit (for "new since the last run" / "fixed since").
pub const HISTORY_FILE: &str = ".evcheck-history.json";
/// Where reports of units that are no longer submitted are moved.
pub const RETIRED_DIR: &str = "已移除单位的报告";
/// The overview page of the run.
pub const INDEX_FILE: &str = "index.html";
/// The default file name of the 通报 draft (`evcheck tongbao`).
pub const TONGBAO_FILE: &str = "通报草稿.docx";
/// Text inside every unit report (HTML and JSON) that marks it as evcheck's own.
pub const REPORT_MARKER: &str = "evcheck-unit-report";
/// Name (without extension) of a report written back into a unit's folder.
pub const IN_FOLDER_STEM: &str = "佐证材料检查报告";
/// Suffix of a report written back beside a unit's ZIP (`东双河镇.zip` → `东双河镇-检查报告.html`).
pub const BESIDE_ZIP_SUFFIX: &str = "-检查报告";

/// File and folder names of the output folder that a unit's report folder must not take.
const RESERVED: &[&str] = &[
    "summary.json",
    "summary.csv",
    "summary.xlsx",
    INDEX_FILE,
    crate::cache::FILE_NAME,
    MARKER_FILE,
    LOCK_FILE,
    HISTORY_FILE,
    RETIRED_DIR,
    TONGBAO_FILE,
];

/// Names Windows keeps for devices (also with an extension).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

fn t(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A folder name for a unit's reports: the unit name with characters Windows forbids
/// replaced.
pub fn report_dir_base(unit: &str) -> String {
    let s: String = unit
        .chars()
        .map(|c| {
            if matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim().trim_end_matches(['.', ' ']).to_owned();
    if s.is_empty() || s == "." || s == ".." {
        "_".into()
    } else {
        s
    }
}

fn taken_key(name: &str) -> String {
    name.to_lowercase()
}

fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    WINDOWS_DEVICES.contains(&stem.as_str())
}

/// Report folder names for the units, in order: unique (ignoring case, as Windows and
/// macOS do), never a reserved name of the output folder nor one of `also_reserved`.
pub fn report_dirs<'a>(
    units: impl IntoIterator<Item = &'a str>,
    also_reserved: &[String],
) -> Vec<String> {
    let mut taken: HashSet<String> = RESERVED
        .iter()
        .map(|s| taken_key(s))
        .chain(also_reserved.iter().map(|s| taken_key(s)))
        .collect();
    let mut out = Vec::new();
    for u in units {
        let base = report_dir_base(u);
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&taken_key(&name)) || is_device_name(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        taken.insert(taken_key(&name));
        out.push(name);
    }
    out
}

/// `p` made absolute with `.`/`..` resolved: the longest existing ancestor is
/// canonicalised (symbolic links resolved), the rest is appended as written.
pub fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut lexical = PathBuf::new();
    for c in base.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other.as_os_str()),
        }
    }
    let mut existing = lexical.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            let mut r = c;
            for part in rest.iter().rev() {
                r.push(part);
            }
            return r;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return lexical,
        }
    }
}

/// Whether a folder is evcheck's output: it holds the marker file, or (written by an
/// older evcheck) a `summary.json` that evcheck wrote.
pub fn is_output_dir(dir: &Path) -> bool {
    if dir.join(MARKER_FILE).is_file() {
        return true;
    }
    head(&dir.join("summary.json"), 4096)
        .map(|h| h.contains("\"schema_version\"") && h.contains("\"name\": \"evcheck\""))
        .unwrap_or(false)
}

/// The first `max` bytes of a file as text (lossy), when it is a regular file.
fn head(p: &Path, max: u64) -> Option<String> {
    let meta = std::fs::symlink_metadata(p).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut buf = Vec::new();
    std::fs::File::open(p)
        .ok()?
        .take(max)
        .read_to_end(&mut buf)
        .ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Whether `name` is one of the names a written-back report can have (in a unit's
/// folder, or beside a ZIP), or a temporary file left while writing one.
pub fn is_write_back_name(name: &str) -> bool {
    let name = temp_target(name).unwrap_or(name);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "html" | "json") && (stem == IN_FOLDER_STEM || stem.ends_with(BESIDE_ZIP_SUFFIX))
}

/// The file a temporary file of [`crate::atomic::write_atomic`] was for
/// (`.NAME.PID.tmp` → `NAME`).
fn temp_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = inner.rsplit_once('.')?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(target)
}

/// Whether a file is a report evcheck wrote back to a unit: its name is one of the
/// fixed names and the marker is inside.
pub fn is_own_report_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    is_write_back_name(&name) && head(path, 64 * 1024).is_some_and(|h| h.contains(REPORT_MARKER))
}

/// Where a unit's report is written back: `(html, json)`.
pub fn write_back_targets(sub: &Submission) -> Option<(PathBuf, PathBuf)> {
    if sub.is_zip {
        let parent = sub.path.parent()?;
        let name = sub.path.file_name()?.to_string_lossy().into_owned();
        let stem = match name.rsplit_once('.') {
            Some((s, e)) if e.eq_ignore_ascii_case("zip") && !s.is_empty() => s.to_owned(),
            _ => name,
        };
        Some((
            parent.join(format!("{stem}{BESIDE_ZIP_SUFFIX}.html")),
            parent.join(format!("{stem}{BESIDE_ZIP_SUFFIX}.json")),
        ))
    } else {
        Some((
            sub.path.join(format!("{IN_FOLDER_STEM}.html")),
            sub.path.join(format!("{IN_FOLDER_STEM}.json")),
        ))
    }
}

/// Whether a written-back report may be (re)written at `p`: nothing is there, or
/// evcheck's own report is. Anything else (a unit's file of that name, a link) is left.
pub fn may_write_back(p: &Path) -> bool {
    match std::fs::symlink_metadata(p) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) => m.is_file() && is_own_report_file(p),
    }
}

/// Checks that the output folder and the submissions do not overlap. Returns the names
/// the report folders must not take (a folder of OUT on the way to a submission).
pub fn check_overlap(
    out: &Path,
    root: Option<&Path>,
    subs: &[Submission],
    lang: Lang,
) -> Result<Vec<String>, String> {
    let out_abs = absolute(out);
    let shown = out.display().to_string();
    // An existing part of the path that is not a folder.
    let mut p = out_abs.as_path();
    loop {
        if let Ok(m) = std::fs::metadata(p) {
            if !m.is_dir() {
                return Err(t(
                    lang,
                    format!("输出目录 {shown} 不是文件夹（{} 是一个文件）；请用 --out 指定一个文件夹", p.display()),
                    format!("the output folder {shown} is not a folder ({} is a file); give --out a folder", p.display()),
                ));
            }
            break;
        }
        match p.parent() {
            Some(q) => p = q,
            None => break,
        }
    }
    let mut reserved = Vec::new();
    let mut note_ancestor = |inner: &Path| {
        if let Ok(rel) = inner.strip_prefix(&out_abs) {
            if let Some(Component::Normal(first)) = rel.components().next() {
                reserved.push(first.to_string_lossy().into_owned());
            }
        }
    };
    if let Some(root) = root {
        let root_abs = absolute(root);
        if out_abs == root_abs {
            return Err(t(
                lang,
                format!("输出目录 {shown} 就是提交目录本身，报告会写进各单位的材料中；请在提交目录下另建一个文件夹（如 检查结果）或放到其他位置"),
                format!("the output folder {shown} is the submissions folder itself: reports would go into the units' folders; use a folder of its own (e.g. ROOT/检查结果) or another place"),
            ));
        }
        if let Ok(rel) = out_abs.strip_prefix(&root_abs) {
            if rel.components().count() > 1 {
                return Err(t(
                    lang,
                    format!("输出目录 {shown} 位于提交目录的子文件夹中，会被当作单位的材料；请用提交目录下的一级文件夹（如 检查结果）或其他位置"),
                    format!("the output folder {shown} is inside a sub-folder of the submissions folder and would be taken for a unit's files; use a folder directly under it (e.g. 检查结果) or another place"),
                ));
            }
        }
        if root_abs.starts_with(&out_abs) {
            note_ancestor(&root_abs);
        }
    }
    for s in subs {
        let sub_abs = absolute(&s.path);
        if out_abs == sub_abs && is_empty_dir(&s.path) {
            // An empty folder made for the reports: not a unit.
            continue;
        }
        if out_abs == sub_abs || out_abs.starts_with(&sub_abs) {
            return Err(t(
                lang,
                format!("输出目录 {shown} 位于单位“{}”的提交材料中（{}），报告不能写进提交材料；请用 --out 指定其他文件夹", s.unit, s.path.display()),
                format!("the output folder {shown} is inside the submission of unit \"{}\" ({}); reports must not go into a submission: give --out another folder", s.unit, s.path.display()),
            ));
        }
        if sub_abs.starts_with(&out_abs) {
            note_ancestor(&sub_abs);
        }
    }
    Ok(reserved)
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut rd| rd.next().is_none())
}

/// Writes the marker file into the output folder (creating the folder).
pub fn mark_output_dir(out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let p = out.join(MARKER_FILE);
    if p.is_file() {
        return Ok(());
    }
    crate::atomic::write_atomic(
        &p,
        "evcheck output folder: reports, summary, cache. evcheck never checks this folder as a unit.\n\
         evcheck 的输出文件夹（报告、汇总、缓存），检查时不会被当作单位。\n"
            .as_bytes(),
    )
}

/// Why a run may not start.
#[derive(Debug)]
pub enum Refused {
    /// The output folder overlaps the submissions or cannot be made (exit 2).
    Usage(String),
    /// Another run holds the output folder's lock (exit 3).
    Locked(String),
}

/// What a run says when ROOT holds no unit's submission.
pub fn no_submissions_message(root: &Path, lang: Lang) -> String {
    t(
        lang,
        format!("未找到任何单位的提交材料：{} 下没有单位的文件夹或 ZIP。请检查路径是否正确、共享盘是否已连接", root.display()),
        format!("no unit's submission found: {} holds no unit folder or ZIP. Check the path and that the share is mounted", root.display()),
    )
}

/// Gets the output folder ready for a run: checks it does not overlap the submissions,
/// marks it and takes its lock (waiting up to `wait`). Returns the lock (held until
/// dropped) and the names report folders must not take.
pub fn prepare(
    out: &Path,
    root: Option<&Path>,
    subs: &[Submission],
    wait: Duration,
    lang: Lang,
) -> Result<(Lock, Vec<String>), Refused> {
    let reserved = check_overlap(out, root, subs, lang).map_err(Refused::Usage)?;
    let shown = out.display();
    mark_output_dir(out).map_err(|e| {
        Refused::Usage(t(
            lang,
            format!("无法创建输出目录 {shown}: {e}"),
            format!("cannot create the output folder {shown}: {e}"),
        ))
    })?;
    let lock = Lock::acquire(out, wait).map_err(|e| match e {
        LockError::Held(h) => Refused::Locked(t(
            lang,
            format!("输出目录 {shown} 正被另一次检查使用：{}。请等它结束后再运行；若该进程已不存在，锁会被自动接管（锁文件 {LOCK_FILE}）", h.describe(lang)),
            format!("the output folder {shown} is in use by another run: {}. Run again when it has finished; a lock of a process that is gone is taken over (lock file {LOCK_FILE})", h.describe(lang)),
        )),
        LockError::Io(e) => Refused::Usage(t(
            lang,
            format!("无法在输出目录 {shown} 中建立锁文件: {e}"),
            format!("cannot lock the output folder {shown}: {e}"),
        )),
    })?;
    Ok((lock, reserved))
}

// ---------------------------------------------------------------- time

/// The time of the check as UTC text `YYYY-MM-DDTHH:MM:SSZ`. `SOURCE_DATE_EPOCH`
/// (seconds) replaces the clock, for reproducible reports.
pub fn checked_at_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
                .unwrap_or(0)
        });
    utc_text(secs)
}

/// Days since 1970-01-01 → (year, month, day) (see [`crate::calendar`]). `days` is a
/// second count divided by 86 400, far from where the arithmetic overflows, so the
/// fallback is never taken.
fn civil(days: i64) -> (i64, u32, u32) {
    crate::calendar::civil_from_days(days).unwrap_or((1970, 1, 1))
}

fn utc_text(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn parse_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[19] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let days = crate::calendar::days_from_civil(y, mo as u32, d as u32);
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

/// A `checked_at` time as people read it: Beijing time (UTC+8), where the assessments
/// are run (`2026年11月26日 21:05（北京时间）`); the text as is when it is not one.
pub fn checked_at_display(text: &str, lang: Lang) -> String {
    let Some(secs) = parse_utc(text) else {
        return text.to_owned();
    };
    let local = secs + 8 * 3600;
    let (y, m, d) = civil(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    match lang {
        Lang::Zh => format!(
            "{y}年{m}月{d}日 {:02}:{:02}（北京时间）",
            s / 3600,
            s / 60 % 60
        ),
        Lang::En => format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02} (Beijing time, UTC+8)",
            s / 3600,
            s / 60 % 60
        ),
    }
}

// ---------------------------------------------------------------- lock

/// Who holds the lock of an output folder.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// When the run started (`YYYY-MM-DDTHH:MM:SSZ`).
    pub started: String,
}

impl Holder {
    /// The holder in words.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "计算机 {} 上的进程 {}（开始于 {}）",
                self.host,
                self.pid,
                checked_at_display(&self.started, lang)
            ),
            Lang::En => format!(
                "process {} on {} (started {})",
                self.pid,
                self.host,
                checked_at_display(&self.started, lang)
            ),
        }
    }
}

/// A lock held by another host is taken over only when it is older than this (its
/// process cannot be asked whether it still runs).
pub const FOREIGN_LOCK_MAX_AGE: Duration = Duration::from_secs(12 * 3600);

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it.
    Held(Holder),
    Io(std::io::Error),
}

/// The lock of an output folder; removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// This computer's name.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: `buf` is a valid, writable buffer of the length passed; gethostname
        // writes at most that many bytes and nothing else.
        let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if r == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let s = String::from_utf8_lossy(&buf[..end]).into_owned();
            if !s.is_empty() {
                return s;
            }
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "localhost".into())
}

/// Whether a process of this computer is still running (`None`: cannot tell).
pub fn process_alive(pid: u32) -> Option<bool> {
    #[cfg(unix)]
    {
        let Ok(p) = libc::pid_t::try_from(pid) else {
            return Some(false);
        };
        if p <= 0 {
            return Some(false);
        }
        // SAFETY: kill with signal 0 sends nothing; it only reports whether the process
        // exists (and may be signalled). No memory is passed.
        let r = unsafe { libc::kill(p, 0) };
        if r == 0 {
            return Some(true);
        }
        let errno = std::io::Error::last_os_error().raw_os_error();
        Some(errno == Some(libc::EPERM))
    }
    #[cfg(windows)]
    {
        // `tasklist` lists the process when it runs; its output names the PID in quotes.
        let out = std::process::Command::new("tasklist")
            .args(["/FI", &format!("PID eq {pid}"), "/NH", "/FO", "CSV"])
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Some(text.contains(&format!("\"{pid}\"")))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = pid;
        None
    }
}

fn read_holder(p: &Path) -> Option<Holder> {
    let text = head(p, 4096)?;
    serde_json::from_str(&text).ok()
}

fn is_stale(p: &Path, holder: Option<&Holder>) -> bool {
    let age = std::fs::metadata(p)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .unwrap_or_default();
    match holder {
        // Half-written or damaged: stale once its writer had ample time.
        None => age > Duration::from_secs(60),
        Some(h) if h.host == host_name() => match process_alive(h.pid) {
            Some(alive) => !alive,
            None => age > FOREIGN_LOCK_MAX_AGE,
        },
        Some(_) => age > FOREIGN_LOCK_MAX_AGE,
    }
}

impl Lock {
    /// Takes the lock of `out` (which must exist), waiting up to `wait` for another run
    /// to finish. A lock whose process is gone is taken over.
    pub fn acquire(out: &Path, wait: Duration) -> Result<Lock, LockError> {
        let path = out.join(LOCK_FILE);
        let me = Holder {
            pid: std::process::id(),
            host: host_name(),
            started: checked_at_now(),
        };
        let body = serde_json::to_vec(&me).map_err(|e| LockError::Io(e.into()))?;
        let deadline = std::time::Instant::now() + wait;
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    use std::io::Write;
                    let lock = Lock { path: path.clone() };
                    f.write_all(&body).map_err(LockError::Io)?;
                    let _ = f.sync_all();
                    return Ok(lock);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = read_holder(&path);
                    if is_stale(&path, holder.as_ref()) {
                        // Move it aside first, so that of two runs taking it over only
                        // one removes it.
                        let aside = out.join(format!("{LOCK_FILE}.{}.stale", std::process::id()));
                        match std::fs::rename(&path, &aside) {
                            Ok(()) => {
                                let _ = std::fs::remove_file(&aside);
                            }
                            // Another run took it over first: try again.
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(LockError::Io(e)),
                        }
                        continue;
                    }
                    if std::time::Instant::now() >= deadline {
                        return Err(LockError::Held(holder.unwrap_or(Holder {
                            pid: 0,
                            host: "?".into(),
                            started: "?".into(),
                        })));
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => return Err(LockError::Io(e)),
            }
        }
    }
}

// ---------------------------------------------------------------- history

/// One error as the comparison with the last run sees it: its code and the file (or,
/// for unit-level findings, the subject or question) it is about.
pub type ErrorKey = String;

/// The errors of one unit in one run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UnitHistory {
    pub report_dir: String,
    pub errors: Vec<ErrorKey>,
}

/// What the last run found, per unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct History {
    pub checked_at: String,
    pub units: std::collections::BTreeMap<String, UnitHistory>,
}

impl History {
    /// The history of `out`; `None` when there is none (first run) or it is unreadable.
    pub fn load(out: &Path) -> Option<History> {
        let p = out.join(HISTORY_FILE);
        let meta = std::fs::metadata(&p).ok()?;
        if meta.len() > 64 * 1024 * 1024 {
            return None;
        }
        let bytes = std::fs::read(&p).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn save(&self, out: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::atomic::write_atomic(&out.join(HISTORY_FILE), &bytes)
    }
}

/// The key of an error finding.
pub fn error_key(d: &crate::diag::Diagnostic) -> ErrorKey {
    let what = d
        .file
        .as_deref()
        .or(d.subject.as_deref())
        .or(d.question.as_deref())
        .unwrap_or("");
    format!("{} {what}", d.code)
}

/// Errors in `now` and not in `before` (new), and in `before` and not in `now` (fixed),
/// counted as multisets.
pub fn diff(before: &[ErrorKey], now: &[ErrorKey]) -> (Vec<ErrorKey>, Vec<ErrorKey>) {
    let mut left: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in before {
        *left.entry(k.as_str()).or_default() += 1;
    }
    let mut new = Vec::new();
    for k in now {
        match left.get_mut(k.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(k.clone()),
        }
    }
    let mut fixed = Vec::new();
    let mut left_now: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in now {
        *left_now.entry(k.as_str()).or_default() += 1;
    }
    for k in before {
        match left_now.get_mut(k.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => fixed.push(k.clone()),
        }
    }
    (new, fixed)
}

// ---------------------------------------------------------------- stale reports

/// Moves the report folders of units that are no longer submitted into
/// [`RETIRED_DIR`]. Only folders evcheck made are touched: one a previous run named
/// in its history, or one holding a `report.json` with the report marker. Returns the
/// folders moved.
pub fn retire_stale(
    out: &Path,
    current: &HashSet<String>,
    previous: Option<&History>,
) -> Vec<(PathBuf, std::io::Result<()>)> {
    let mut done = Vec::new();
    let Ok(rd) = std::fs::read_dir(out) else {
        return done;
    };
    let known: HashSet<&str> = previous
        .map(|h| h.units.values().map(|u| u.report_dir.as_str()).collect())
        .unwrap_or_default();
    for item in rd.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if RESERVED.contains(&name.as_str()) || current.contains(&name) {
            continue;
        }
        let path = item.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir {
            continue;
        }
        let ours = known.contains(name.as_str())
            || head(&path.join("report.json"), 4096).is_some_and(|h| h.contains(REPORT_MARKER));
        if !ours {
            continue;
        }
        let to = out.join(RETIRED_DIR).join(&name);
        let r = (|| {
            std::fs::create_dir_all(out.join(RETIRED_DIR))?;
            if to.exists() {
                std::fs::remove_dir_all(&to)?;
            }
            std::fs::rename(&path, &to)
        })();
        done.push((path, r));
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dirs_never_collide() {
        let dirs = report_dirs(
            [
                "区民政局.",
                "区民政局",
                "区民政局_2",
                "summary.json",
                "CON",
                "a/b",
                "A/B",
            ],
            &["共享盘".to_owned()],
        );
        assert_eq!(
            dirs,
            vec![
                "区民政局",
                "区民政局_2",
                "区民政局_2_2",
                "summary.json_2",
                "CON_2",
                "a_b",
                "A_B_2"
            ]
        );
        assert_eq!(
            report_dirs(["共享盘"], &["共享盘".to_owned()]),
            vec!["共享盘_2"]
        );
    }

    #[test]
    fn times_round_trip() {
        assert_eq!(utc_text(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_text(1_700_000_000), "2023-11-14T22:13:20Z");
        for s in [0, 1_700_000_000, 951_782_400, 4_102_444_799] {
            assert_eq!(parse_utc(&utc_text(s)), Some(s));
        }
        assert_eq!(
            checked_at_display("2023-11-14T22:13:20Z", Lang::Zh),
            "2023年11月15日 06:13（北京时间）"
        );
    }

    #[test]
    fn write_back_names() {
        assert!(is_write_back_name("佐证材料检查报告.html"));
        assert!(is_write_back_name("东双河镇-检查报告.json"));
        assert!(is_write_back_name(".佐证材料检查报告.html.1234.tmp"));
        assert!(!is_write_back_name("东双河镇-04-检查报告.pdf"));
        assert!(!is_write_back_name(".佐证材料检查报告.html.x.tmp"));
    }

    #[test]
    fn diff_counts_multisets() {
        let k = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (new, fixed) = diff(&k(&["a", "a", "b"]), &k(&["a", "c"]));
        assert_eq!(new, k(&["c"]));
        assert_eq!(fixed, k(&["a", "b"]));
    }

    #[test]
    fn dead_process_lock_is_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let h = Holder {
            pid: u32::MAX - 7,
            host: host_name(),
            started: checked_at_now(),
        };
        std::fs::write(d.path().join(LOCK_FILE), serde_json::to_vec(&h).unwrap()).unwrap();
        let lock = Lock::acquire(d.path(), Duration::ZERO).expect("taken over");
        assert!(matches!(
            Lock::acquire(d.path(), Duration::ZERO),
            Err(LockError::Held(x)) if x.pid == std::process::id()
        ));
        drop(lock);
        assert!(!d.path().join(LOCK_FILE).exists());
    }
}
