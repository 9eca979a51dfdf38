//! What the terminal shows after a run: a clerk's findings errors first (every error,
//! repeated findings folded), a line per unit whose numbers add up to the total line,
//! the run-level findings with the names of the files they concern, and advice when
//! the unit name or the way the command was called looks wrong.

use crate::diag::{Lang, Severity};
use crate::pipeline::RunResult;
use crate::report::group::{group, Group};
use crate::report::writers::Report;
use crate::rules::Rules;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// `writeln!` into the text being made (writing to a `String` cannot fail).
macro_rules! outln {
    ($o:expr, $($arg:tt)*) => {{
        let _ = writeln!($o, $($arg)*);
    }};
}

/// `zh` or `en` by language.
fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Warnings beyond this many entries are left to the report; errors are always shown.
const TERMINAL_WARNINGS: usize = 20;
/// File names listed for one folded entry before 「等」.
const NAMES_LISTED: usize = 8;

fn print_group(o: &mut String, g: &Group<'_>, lang: Lang) {
    let d = g.first();
    let label = d.severity.label(lang);
    if !g.is_grouped() {
        let file = d.file.as_deref().unwrap_or("");
        let sep = if file.is_empty() { "" } else { ": " };
        outln!(
            o,
            "[{label}] {} {file}{sep}{}",
            d.code,
            crate::usage::os_text(d.message.get(lang), lang)
        );
        outln!(o, "    → {}", d.fix.get(lang));
        return;
    }
    let title = d.title(lang);
    let n = g.items.len();
    let place = if g.container.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("“{}”中", g.container),
            Lang::En => format!(" in “{}”", g.container),
        }
    };
    match lang {
        Lang::Zh => outln!(o, "[{label}] {} {place}{n} 个文件: {title}", d.code),
        Lang::En => outln!(o, "[{label}] {} {n} files{place}: {title}", d.code),
    }
    let names = g.file_names();
    let mut listed = names
        .iter()
        .take(NAMES_LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join(t(lang, "、", ", "));
    if names.len() > NAMES_LISTED {
        match lang {
            Lang::Zh => listed.push_str(&format!(" 等 {} 个", names.len())),
            Lang::En => listed.push_str(&format!(" and {} more", names.len() - NAMES_LISTED)),
        }
    }
    outln!(o, "    {}{listed}", t(lang, "文件: ", "files: "));
    if g.same_fix() {
        outln!(o, "    → {}", d.fix.get(lang));
    } else {
        outln!(
            o,
            "    → {}{}",
            t(lang, "例如: ", "e.g.: "),
            d.fix.get(lang)
        );
    }
}

/// For each unit of a self-check or a drop: every error, then warnings, repeated
/// findings folded; notes are left to the report.
fn print_unit_findings(o: &mut String, r: &RunResult, out: &Path, lang: Lang) {
    let many = r.units.len() > 1;
    for (unit, row) in r.units.iter().zip(&r.summary.rows) {
        if many {
            outln!(o, "==== {} ====", unit.unit);
        }
        print_one_unit(o, unit, &row.report_dir, out, lang);
    }
}

fn print_one_unit(
    o: &mut String,
    unit: &crate::report::UnitReport,
    dir: &str,
    out: &Path,
    lang: Lang,
) {
    let groups = group(
        unit.diagnostics
            .iter()
            .filter(|d| d.severity <= Severity::Warning),
    );
    let (errors, warnings): (Vec<_>, Vec<_>) =
        groups.iter().partition(|g| g.severity() == Severity::Error);
    if groups.is_empty() {
        let infos = unit.counts.info;
        match lang {
            Lang::Zh => outln!(o, "未发现错误或警告（另有 {infos} 条提示，见报告）。"),
            Lang::En => outln!(o, "No errors or warnings ({infos} notes in the report)."),
        }
    }
    if !errors.is_empty() {
        outln!(
            o,
            "{}",
            t(
                lang,
                "先改这些（错误，不改会被退回）:",
                "Fix these first (errors; the submission is rejected otherwise):"
            )
        );
        for g in &errors {
            print_group(o, g, lang);
        }
    }
    if !warnings.is_empty() {
        outln!(
            o,
            "{}",
            t(lang, "再核对这些（警告）:", "Then check these (warnings):")
        );
        for g in warnings.iter().take(TERMINAL_WARNINGS) {
            print_group(o, g, lang);
        }
        if warnings.len() > TERMINAL_WARNINGS {
            let rest: usize = warnings
                .iter()
                .skip(TERMINAL_WARNINGS)
                .map(|g| g.items.len())
                .sum();
            match lang {
                Lang::Zh => outln!(o, "……另有 {rest} 条警告，见报告"),
                Lang::En => outln!(o, "… {rest} more warnings in the report"),
            }
        }
    }
    let html = out.join(dir).join("report.html");
    match lang {
        Lang::Zh => outln!(o, "详细报告（可用浏览器打开）: {}", html.display()),
        Lang::En => outln!(o, "full report (open in a browser): {}", html.display()),
    }
}

/// The per-unit lines, the run-level findings and the total line. The total line adds
/// up the unit lines; findings about the run (units that submitted nothing, loose
/// files under the root) are counted on a line of their own.
fn print_summary(o: &mut String, r: &RunResult, out: &Path, lang: Lang, quiet: bool, detail: bool) {
    let zh = lang == Lang::Zh;
    if !quiet {
        if detail {
            print_unit_findings(o, r, out, lang);
        }
        for (i, row) in r.summary.rows.iter().enumerate() {
            let roster = if row.in_roster {
                ""
            } else {
                t(lang, "（不在名单中）", " (not in roster)")
            };
            // One dropped file: the questions without files are not its concern.
            let one_file = r.units.get(i).is_some_and(|u| {
                let p = Path::new(&u.source);
                p.is_file()
                    && !p
                        .extension()
                        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"))
            });
            if one_file {
                match lang {
                    Lang::Zh => outln!(
                        o,
                        "{}{}: 检查了 1 个文件，错误 {}，警告 {}，提示 {}",
                        row.unit,
                        roster,
                        row.counts.error,
                        row.counts.warning,
                        row.counts.info
                    ),
                    Lang::En => outln!(
                        o,
                        "{}{}: 1 file checked, {} errors, {} warnings, {} infos",
                        row.unit,
                        roster,
                        row.counts.error,
                        row.counts.warning,
                        row.counts.info
                    ),
                }
                continue;
            }
            if zh {
                outln!(
                    o,
                    "{}{}: {} 个文件，错误 {}，警告 {}，提示 {}，缺题 {}",
                    row.unit,
                    roster,
                    row.files,
                    row.counts.error,
                    row.counts.warning,
                    row.counts.info,
                    row.missing_questions
                );
            } else {
                outln!(
                    o,
                    "{}{}: {} files, {} errors, {} warnings, {} infos, {} questions without evidence",
                    row.unit, roster, row.files, row.counts.error, row.counts.warning, row.counts.info, row.missing_questions
                );
            }
        }
        let mut run_level: Vec<_> = r
            .summary
            .diagnostics
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
            .collect();
        run_level.sort_by_key(|d| d.severity);
        for d in run_level {
            match &d.file {
                Some(f) => outln!(
                    o,
                    "{} {}: {}: {}",
                    d.severity.label(lang),
                    d.code,
                    f,
                    crate::usage::os_text(d.message.get(lang), lang)
                ),
                None => outln!(
                    o,
                    "{} {}: {}",
                    d.severity.label(lang),
                    d.code,
                    crate::usage::os_text(d.message.get(lang), lang)
                ),
            }
            outln!(o, "    → {}", d.fix.get(lang));
        }
        let missing = r
            .summary
            .diagnostics
            .iter()
            .filter(|d| *d.code == crate::checks::roster::R001)
            .count();
        if missing > 0 {
            if zh {
                outln!(o, "名单中有 {missing} 个单位未提交（详见汇总表）");
            } else {
                outln!(
                    o,
                    "{missing} roster units submitted nothing (see the summary)"
                );
            }
        }
    }
    let sum = crate::report::summary::row_totals(&r.summary);
    let run = crate::report::Counts::of(&r.summary.diagnostics);
    let run_n = run.error + run.warning + run.info;
    let extra = match (lang, run_n) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("；另有 {n} 条整体发现（未提交的单位等）"),
        (Lang::En, n) => {
            format!("; {n} more findings about the run (units that submitted nothing, …)")
        }
    };
    if zh {
        outln!(
            o,
            "共 {} 个单位：错误 {}，警告 {}，提示 {}{extra}。报告已写入 {}",
            r.summary.rows.len(),
            sum.error,
            sum.warning,
            sum.info,
            out.display()
        );
    } else {
        outln!(
            o,
            "{} units: {} errors, {} warnings, {} infos{extra}. Reports written to {}",
            r.summary.rows.len(),
            sum.error,
            sum.warning,
            sum.info,
            out.display()
        );
    }
}

/// The run as the terminal shows it: a report like the files, written to standard
/// output (see [`Report`]).
pub(crate) struct ConsoleSummary;

/// What the terminal summary is made from.
pub(crate) struct ConsoleRun<'a> {
    /// The run.
    pub result: &'a RunResult,
    /// The output folder the reports went to.
    pub out: &'a Path,
    /// Only the total line.
    pub quiet: bool,
    /// Every unit's findings first (a self-check or a drop).
    pub detail: bool,
}

impl Report for ConsoleSummary {
    type Input<'a> = ConsoleRun<'a>;
    const FILE: &'static str = "-";
    fn render(&self, run: ConsoleRun<'_>, lang: Lang) -> Result<Vec<u8>, String> {
        let mut o = String::new();
        print_summary(&mut o, run.result, run.out, lang, run.quiet, run.detail);
        Ok(o.into_bytes())
    }
}

/// Prints the terminal summary of a run (a closed stdout is ignored).
pub(crate) fn show_summary(r: &RunResult, out: &Path, lang: Lang, quiet: bool, detail: bool) {
    let run = ConsoleRun {
        result: r,
        out,
        quiet,
        detail,
    };
    if let Ok(text) = ConsoleSummary.render(run, lang) {
        let _ = std::io::stdout().write_all(&text);
    }
}

/// The progress bar of a run: the files of every submission are counted first (a
/// cheap listing: folders and ZIP directories, nothing inflated), so the bar starts
/// with the true total; it names the unit being checked and the time left.
pub(crate) fn progress_bar(subs: &[crate::walk::Submission]) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let total: u64 = subs.iter().map(count_files).sum();
    let pb = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "[{elapsed_precise}] {bar:30} {pos}/{len} 个文件 · 还需约 {eta} · 正在检查 {msg}",
    ) {
        pb.set_style(style);
    }
    pb
}

/// Whether a path (`/`-separated) is junk the walk leaves out (`__MACOSX/…`,
/// `Thumbs.db`).
fn junk_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Some((last, dirs)) = parts.split_last() else {
        return false;
    };
    dirs.iter()
        .any(|d| crate::walk::names::junk_dir(d).is_some())
        || crate::walk::names::junk_file(last).is_some()
        || (path.ends_with('/') && crate::walk::names::junk_dir(last).is_some())
}

/// How many entries the walk of `sub` yields, counted without checking anything:
/// the files of a folder, ZIPs counted with their members (from the central
/// directory), ZIPs inside ZIPs up to three levels deep when they are small enough to
/// open (64 MiB).
pub(crate) fn count_files(sub: &crate::walk::Submission) -> u64 {
    fn in_zip<R: std::io::Read + std::io::Seek>(mut z: zip::ZipArchive<R>, depth: usize) -> u64 {
        const NESTED_MAX: u64 = 64 * 1024 * 1024;
        let mut n = 0;
        for i in 0..z.len().min(100_000) {
            let Ok(f) = z.by_index_raw(i) else { continue };
            if f.is_dir() {
                continue;
            }
            let name = String::from_utf8_lossy(f.name_raw()).into_owned();
            if junk_path(&name) {
                continue;
            }
            n += 1;
            let nested = f.name_raw().to_ascii_lowercase().ends_with(b".zip")
                && f.size() <= NESTED_MAX
                && depth < 3;
            drop(f);
            if nested {
                let mut buf = Vec::new();
                let read = z.by_index(i).ok().map(|f| {
                    std::io::Read::read_to_end(&mut std::io::Read::take(f, NESTED_MAX), &mut buf)
                });
                if matches!(read, Some(Ok(_))) {
                    if let Ok(inner) = zip::ZipArchive::new(std::io::Cursor::new(buf)) {
                        n += in_zip(inner, depth + 1);
                    }
                }
            }
        }
        n
    }
    fn zip_file(p: &Path) -> u64 {
        std::fs::File::open(p)
            .ok()
            .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok())
            .map(|z| in_zip(z, 1))
            .unwrap_or(0)
    }
    fn walk(dir: &Path, depth: usize, budget: &mut u64) -> u64 {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut n = 0;
        for item in rd.flatten() {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            let Ok(ft) = item.file_type() else { continue };
            let path = item.path();
            let name = item.file_name().to_string_lossy().into_owned();
            let junk = if ft.is_dir() {
                crate::walk::names::junk_dir(&name).is_some()
            } else {
                crate::walk::names::junk_file(&name).is_some()
            };
            if junk {
                continue;
            }
            if ft.is_dir() && depth < 64 {
                n += walk(&path, depth + 1, budget);
            } else if ft.is_file() {
                n += 1;
                if path
                    .extension()
                    .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"))
                {
                    n += zip_file(&path);
                }
            }
        }
        n
    }
    if sub.is_zip {
        std::fs::File::open(&sub.path)
            .ok()
            .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok())
            .map(|z| in_zip(z, 0))
            .unwrap_or(0)
    } else if sub.path.is_file() {
        1 + if sub
            .path
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"))
        {
            zip_file(&sub.path)
        } else {
            0
        }
    } else {
        walk(&sub.path, 0, &mut 1_000_000)
    }
}

/// Roster units a name not in the roster probably means (`税务局` → `区税务局`): names
/// that contain it or are contained in it (two characters or more), or differ from
/// it by one character. At most three.
pub(crate) fn similar_units(rules: &Rules, name: &str) -> Vec<String> {
    if rules.find_unit(name).is_some() {
        return Vec::new();
    }
    let key = crate::naming::normalize(name);
    if key.chars().count() < 2 {
        return Vec::new();
    }
    let mut found: Vec<String> = Vec::new();
    for u in &rules.units {
        let names = std::iter::once(&u.name).chain(u.aliases.iter());
        let hit = names.map(|n| crate::naming::normalize(n)).any(|n| {
            n.contains(&key) || (key.contains(&n) && n.chars().count() >= 2) || one_edit(&n, &key)
        });
        if hit && !found.contains(&u.name) {
            found.push(u.name.clone());
        }
    }
    found.truncate(3);
    found
}

/// Whether `a` and `b` differ by one inserted, deleted or replaced character.
fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || short.len() < 2 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if i == short.len() {
        return short.len() != long.len();
    }
    if short.len() == long.len() {
        short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

/// The advice printed when `--unit NAME` is not in the roster but looks like a unit
/// that is: 「您是否要检查 区税务局？」 with the command to run.
pub(crate) fn unit_advice(name: &str, similar: &[String], path: &Path, lang: Lang) -> String {
    let quoted = shell_quote(&path.display().to_string());
    match lang {
        Lang::Zh => {
            let which = similar.join(" 或 ");
            let first = similar.first().map(String::as_str).unwrap_or(name);
            format!(
                "单位名“{name}”不在名单中。您是否要检查 {which}？\n    → 请改用: evcheck check --unit {} {quoted}",
                shell_quote(first)
            )
        }
        Lang::En => {
            let which = similar.join(" or ");
            let first = similar.first().map(String::as_str).unwrap_or(name);
            format!(
                "The unit name “{name}” is not in the roster. Did you mean {which}?\n    → run: evcheck check --unit {} {quoted}",
                shell_quote(first)
            )
        }
    }
}

/// A path or name as the user would type it in a command line (quoted when it holds
/// a space).
pub(crate) fn shell_quote(s: &str) -> String {
    if s.contains([' ', '\t', '&', '(', ')', '\'']) {
        format!("\"{s}\"")
    } else {
        s.to_owned()
    }
}

/// Whether ROOT looks like one unit's own folder rather than a folder of units: none
/// of its sub-folders or ZIPs is a roster unit, and either ROOT's own name is one or
/// every sub-folder is named like a question (`01`, `第4题`). Returns ROOT's name as the
/// unit to use.
pub(crate) fn looks_like_one_unit(root: &Path, rules: &Rules) -> Option<String> {
    let rd = std::fs::read_dir(root).ok()?;
    let mut subs = Vec::new();
    for item in rd.flatten().take(10_000) {
        let name = item.file_name().to_string_lossy().into_owned();
        let is_dir = item.file_type().map(|t| t.is_dir()).unwrap_or(false);
        let is_zip = name.to_lowercase().ends_with(".zip");
        if is_dir || is_zip {
            let stem = if is_zip {
                name.get(..name.len() - 4).unwrap_or(&name).to_owned()
            } else {
                name
            };
            subs.push(stem);
        }
    }
    if subs.is_empty() || subs.iter().any(|s| rules.find_unit(s).is_some()) {
        return None;
    }
    let own = crate::naming::unit_name_from_path(root);
    let own_is_unit = rules.find_unit(&own).is_some();
    let all_questions = subs
        .iter()
        .all(|s| crate::naming::question_from_dir(s, &[]).is_some() && !s.contains('-'));
    (own_is_unit || all_questions).then_some(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count made before the run is the number of entries the walk yields, for
    /// every demo submission (folders, ZIPs, ZIPs inside ZIPs, a broken inner ZIP).
    #[test]
    fn counted_before_the_run_as_walked() {
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
        let rules = Rules::builtin().unwrap();
        let (subs, _) = crate::walk::find_submissions(&demo);
        assert_eq!(subs.len(), 5);
        for sub in &subs {
            let walked = crate::walk::walk_unit(sub, &rules.archive);
            assert_eq!(
                count_files(sub),
                walked.entries.len() as u64,
                "{}",
                sub.unit
            );
        }
    }

    #[test]
    fn junk_is_not_counted() {
        let d = tempfile::tempdir().unwrap();
        for f in ["a.pdf", "Thumbs.db", "__MACOSX/._a.pdf", "01/b.pdf"] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let sub = crate::walk::Submission {
            unit: "u".into(),
            path: d.path().to_path_buf(),
            is_zip: false,
        };
        let rules = Rules::builtin().unwrap();
        let walked = crate::walk::walk_unit(&sub, &rules.archive);
        assert_eq!(count_files(&sub), 2);
        assert_eq!(walked.entries.len(), 2);
        assert!(junk_path("__MACOSX/._a.pdf") && junk_path("x/Thumbs.db") && !junk_path("a/b.pdf"));
    }

    #[test]
    fn edits() {
        assert!(one_edit("区税务局", "区税物局"));
        assert!(one_edit("区税务局", "税务局"));
        assert!(one_edit("区税务局", "区税务局x"));
        assert!(!one_edit("区税务局", "区民政局"));
        assert!(!one_edit("ab", "cd"));
    }

    #[test]
    fn similar_roster_units() {
        let rules = Rules::builtin().unwrap();
        assert_eq!(similar_units(&rules, "税务局"), vec!["区税务局".to_owned()]);
        assert!(similar_units(&rules, "区税务局").is_empty());
        assert!(similar_units(&rules, "局").is_empty());
    }
}
