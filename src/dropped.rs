//! Starting without a command: what happens when a clerk drops files onto
//! `evcheck.exe` (Windows runs it with the dropped paths as its only arguments) or
//! double-clicks it (no arguments at all).
//!
//! - one unit folder or unit ZIP: that unit is checked (`check --unit`);
//! - a folder holding several units' folders or ZIPs: all of them are checked;
//! - several folders or ZIPs: each is checked as a unit, in one run;
//! - one evidence file (a PDF, or a ZIP named like `区民政局-03-平台截图.zip`): that
//!   file alone is checked, for the unit its name or its folders give;
//! - nothing: how to use the program is shown.
//!
//! Reports go to `evcheck-reports` beside the unit's folder (never inside the
//! submission). When to wait for Enter before the window closes, see [`should_pause`].

use crate::rules::Rules;
use crate::walk::Submission;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The arguments, when they are only paths of existing files or folders (a drop),
/// or none at all (a double-click); `None` for a normal command line.
pub(crate) fn dropped_paths(args: &[OsString]) -> Option<Vec<PathBuf>> {
    const COMMANDS: [&str; 8] = [
        "check", "fix", "rules", "codes", "report", "help", "__worker", "version",
    ];
    let mut paths = Vec::new();
    for a in args {
        let text = a.to_string_lossy();
        if text.starts_with('-') || COMMANDS.contains(&text.as_ref()) {
            return None;
        }
        let p = PathBuf::from(a);
        if !p.exists() {
            return None;
        }
        paths.push(p);
    }
    Some(paths)
}

/// Whether to wait for Enter before exiting, so that a window opened for this run does
/// not close before the clerk has read it.
///
/// The rule: on Windows, wait exactly when this process is the only one attached to its
/// console — the console was made for it by a double-click or a drop; a run from
/// `cmd` or PowerShell shares the shell's console and never waits. Elsewhere, wait when
/// the arguments were only dropped paths (`dropped`) and both standard input and
/// standard output are terminals; never when input or output is redirected (scripts,
/// tests, scheduled runs). `EVCHECK_NO_PAUSE=1` never waits.
pub(crate) fn should_pause(dropped: bool) -> bool {
    if std::env::var_os("EVCHECK_NO_PAUSE").is_some_and(|v| v == "1") {
        return false;
    }
    if !std::io::stdin().is_terminal() {
        return false;
    }
    #[cfg(windows)]
    {
        let _ = dropped;
        own_console()
    }
    #[cfg(not(windows))]
    {
        dropped && std::io::stdout().is_terminal()
    }
}

#[cfg(windows)]
fn own_console() -> bool {
    crate::platform::console_closes_on_exit()
}

/// Waits for Enter (after saying so).
pub(crate) fn pause(lang: crate::diag::Lang) {
    use std::io::Write;
    let text = match lang {
        crate::diag::Lang::Zh => "按回车键关闭窗口",
        crate::diag::Lang::En => "press Enter to close",
    };
    let _ = writeln!(std::io::stdout(), "{text}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// What a program started without arguments shows.
pub(crate) fn how_to_use() -> &'static str {
    "evcheck 佐证材料合规检查\n\
     使用方法：把本单位的材料文件夹或 ZIP 压缩包拖到 evcheck.exe 图标上，检查结果会显示在窗口中，\n\
     报告写在材料旁边的 evcheck-reports 文件夹里（用浏览器打开 report.html）。\n\
     也可以拖入多个单位的文件夹，或单个文件。\n\
     在命令行中: evcheck check --unit 单位名 材料文件夹   （evcheck --help 查看全部用法）\n\
     \n\
     Usage: drop a unit's folder or ZIP onto evcheck.exe; or run `evcheck check --unit NAME FOLDER`\n\
     (`evcheck --help` for everything).\n"
}

/// The name of a file or folder without a `.zip` ending.
fn stem(p: &Path) -> String {
    crate::naming::unit_name_from_path(p)
}

fn is_zip_name(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"))
}

/// Whether a file name reads `单位-题号-…` (an evidence file, not a unit's ZIP).
fn evidence_name(name: &str) -> bool {
    let mut parts = name.split(['-', '—', '－', '_']);
    let _unit = parts.next();
    parts
        .next()
        .is_some_and(|q| crate::rules::normalize_question_no(q.trim()).is_some())
}

/// The nearest folder above `file` (itself excluded) named after a roster unit.
fn unit_folder(file: &Path, rules: &Rules) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|a| {
            a.file_name()
                .is_some_and(|n| rules.find_unit(&n.to_string_lossy()).is_some())
        })
        .map(Path::to_path_buf)
}

/// The submission a dropped path stands for, and the folder the reports go beside.
pub(crate) fn submission_for(p: &Path, rules: &Rules) -> (Submission, PathBuf) {
    let beside = |q: &Path| -> PathBuf {
        std::fs::canonicalize(q)
            .ok()
            .and_then(|c| c.parent().map(crate::platform::plain_path))
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if p.is_dir() || (is_zip_name(p) && !evidence_name(&name)) {
        let sub = Submission {
            unit: stem(p),
            path: p.to_path_buf(),
            is_zip: !p.is_dir(),
        };
        return (sub, beside(p));
    }
    // One evidence file: its unit from the name (`区民政局-03-….pdf`) when the roster
    // knows it, else from the unit folder above it.
    let folder = unit_folder(p, rules);
    let from_name = name
        .split(['-', '—', '－', '_'])
        .next()
        .and_then(|u| rules.find_unit(u.trim()))
        .map(|u| u.name.clone());
    let unit = from_name
        .or_else(|| folder.as_deref().map(stem))
        .unwrap_or_else(|| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map(stem)
                .unwrap_or_default()
        });
    let out_beside = folder.as_deref().map(beside).unwrap_or_else(|| beside(p));
    let sub = Submission {
        unit,
        path: p.to_path_buf(),
        is_zip: false,
    };
    (sub, out_beside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_names() {
        assert!(evidence_name("区民政局-03-平台截图.zip"));
        assert!(evidence_name("东双河镇—4—建筑面积.pdf"));
        assert!(!evidence_name("区民政局.zip"));
        assert!(!evidence_name("区民政局-材料.zip"));
    }

    #[test]
    fn only_existing_paths_are_a_drop() {
        let d = tempfile::tempdir().unwrap();
        let a = OsString::from(d.path());
        assert_eq!(dropped_paths(&[]), Some(vec![]));
        assert_eq!(
            dropped_paths(std::slice::from_ref(&a)).map(|v| v.len()),
            Some(1)
        );
        assert_eq!(
            dropped_paths(&[a.clone(), a.clone()]).map(|v| v.len()),
            Some(2)
        );
        assert_eq!(dropped_paths(&["check".into(), a.clone()]), None);
        assert_eq!(dropped_paths(&["--quiet".into()]), None);
        assert_eq!(dropped_paths(&[d.path().join("nope").into()]), None);
    }
}
