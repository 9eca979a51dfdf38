//! The report writer: places each unit's report (JSON, HTML) in its folder of the
//! output folder and, when asked, beside the unit's own material; makes the summary
//! rows and writes the run's summaries (JSON, CSV, XLSX, the overview page), the
//! history the next run compares with, and retires reports of units gone. Every file
//! is written atomically.

use crate::diag::{Diagnostic, Severity};
use crate::output;
use crate::report::writers::{
    Overview, Report, RunView, SummaryCsv, SummaryJson, SummaryXlsx, UnitHtml, UnitJson,
};
use crate::report::{self, Counts, SchemeInfo, Summary, SummaryRow, UnitReport};
use crate::rules::Rules;
use crate::walk::Submission;
use std::path::{Path, PathBuf};

/// Where and how a run's reports are written.
pub struct WriteOptions<'a> {
    pub lang: crate::diag::Lang,
    /// The output folder; `None` writes nothing there.
    pub out: Option<&'a Path>,
    /// Also write each unit's report where the unit sees it (see [`crate::output`]).
    pub write_back: bool,
    /// Names the report folders must not take (see [`output::check_overlap`]).
    pub reserved_dirs: &'a [String],
}

/// Writes the reports of `units` (checked from `subs`, in the same order) and the
/// run's summary. `whole`: the run covered every submission under a root (history
/// starts afresh and reports of units no longer there are retired). Returns the
/// summary and the files that could not be written (path, reason).
pub fn write_run(
    units: &[UnitReport],
    subs: &[Submission],
    root_diags: Vec<Diagnostic>,
    rules: &Rules,
    opts: &WriteOptions,
    whole: bool,
    checked_at: String,
) -> (Summary, Vec<(PathBuf, String)>) {
    let history = opts.out.and_then(output::History::load);
    let dirs = output::report_dirs(units.iter().map(|u| u.unit.as_str()), opts.reserved_dirs);
    let mut write_errors = Vec::new();
    let mut rows = Vec::new();
    let mut new_history = match (&history, whole) {
        (Some(h), false) => h.clone(),
        _ => output::History::default(),
    };
    new_history.checked_at = checked_at.clone();
    for ((u, dir), sub) in units.iter().zip(dirs).zip(subs) {
        let keys = error_keys(u);
        let changes = history.as_ref().map(|h| {
            let before = h
                .units
                .get(&u.unit)
                .map(|x| x.errors.as_slice())
                .unwrap_or(&[]);
            let (new, fixed) = output::diff(before, &keys);
            report::Changes {
                since: h.checked_at.clone(),
                new,
                fixed,
            }
        });
        new_history.units.insert(
            u.unit.clone(),
            output::UnitHistory {
                report_dir: dir.clone(),
                errors: keys,
            },
        );
        let json = UnitJson.render(u, opts.lang);
        let html = UnitHtml.render(u, opts.lang);
        if let Some(out) = opts.out {
            let d = out.join(&dir);
            for (name, made) in [(UnitJson::FILE, &json), (UnitHtml::FILE, &html)] {
                let p = d.join(name);
                match made {
                    Ok(bytes) => {
                        if let Err(e) = report::write_atomic(&p, bytes) {
                            write_errors.push((p, e.to_string()));
                        }
                    }
                    Err(why) => write_errors.push((p, format!("could not be generated: {why}"))),
                }
            }
        }
        if opts.write_back {
            if let Some((h, j)) = output::write_back_targets(sub) {
                for (p, made) in [(h, &html), (j, &json)] {
                    if let Ok(bytes) = made {
                        write_back_one(&p, bytes, &mut write_errors);
                    }
                }
            }
        }
        let qn = rules.questionnaire(&u.kind);
        rows.push(SummaryRow {
            unit: u.unit.clone(),
            kind: u.kind.clone(),
            in_roster: u.in_roster,
            files: u.files.iter().filter(|f| f.is_evidence()).count(),
            missing_questions: qn
                .map(|q| q.questions.len())
                .unwrap_or(0)
                .saturating_sub(u.questions.iter().filter(|q| !q.files.is_empty()).count()),
            counts: u.counts.clone(),
            report_dir: dir,
            changes,
            haocha: u.haocha.clone(),
        });
    }
    let mut totals = Counts::of(&root_diags);
    for r in &rows {
        totals.merge(&r.counts);
    }
    let summary = Summary {
        tool_version: env!("CARGO_PKG_VERSION"),
        checked_at,
        scheme: SchemeInfo::of(rules),
        rows,
        diagnostics: root_diags,
        totals,
        roster_kinds: rules
            .units
            .iter()
            .map(|u| (u.name.clone(), u.kind.clone()))
            .collect(),
    };
    if let Some(out) = opts.out {
        let lang = opts.lang;
        let run = RunView {
            summary: &summary,
            units,
            rules,
        };
        let files: [(&str, Result<Vec<u8>, String>); 4] = [
            (SummaryJson::FILE, SummaryJson.render(&summary, lang)),
            (SummaryCsv::FILE, SummaryCsv.render(&summary, lang)),
            (SummaryXlsx::FILE, SummaryXlsx.render(&summary, lang)),
            (Overview::FILE, Overview.render(run, lang)),
        ];
        for (name, made) in files {
            let bytes = match made {
                Ok(b) if !b.is_empty() => b,
                Ok(_) => {
                    write_errors.push((out.join(name), "could not be generated".into()));
                    continue;
                }
                Err(why) => {
                    write_errors.push((out.join(name), format!("could not be generated: {why}")));
                    continue;
                }
            };
            let p = out.join(name);
            if let Err(e) = report::write_atomic(&p, &bytes) {
                write_errors.push((p, e.to_string()));
            }
        }
        if whole {
            let current = summary.rows.iter().map(|r| r.report_dir.clone()).collect();
            for (p, r) in output::retire_stale(out, &current, history.as_ref()) {
                if let Err(e) = r {
                    write_errors.push((p, e.to_string()));
                }
            }
        }
        if let Err(e) = new_history.save(out) {
            write_errors.push((out.join(output::HISTORY_FILE), e.to_string()));
        }
    }
    (summary, write_errors)
}

/// The keys of a unit's errors (see [`output::error_key`]).
fn error_keys(u: &UnitReport) -> Vec<String> {
    u.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(output::error_key)
        .collect()
}

/// Writes `bytes` to `p` unless something that is not evcheck's report is there.
fn write_back_one(p: &Path, bytes: &[u8], write_errors: &mut Vec<(PathBuf, String)>) {
    if !output::may_write_back(p) {
        write_errors.push((
            p.to_path_buf(),
            "已有同名文件且不是 evcheck 的报告，未覆盖；请改名该文件 (a file of this name that is not an evcheck report is there: left as it is)".into(),
        ));
        return;
    }
    if let Err(e) = crate::atomic::write_atomic(p, bytes) {
        write_errors.push((p.to_path_buf(), e.to_string()));
    }
}
