//! The run: submissions → walk → per-file facts and checks (in parallel) → per-unit
//! checks → reports → summary.

use crate::cache::Cache;
use crate::checks::{self, naming::NameOutcome, FileContext};
use crate::diag::{Diagnostic, Lang, RuleFamily, Text};
use crate::facts::FileFacts;
use crate::identify::{self, Format, Identified};
use crate::isolate;
use crate::naming::{self, NameContext};
use crate::outcome::ReadOutcome;
use crate::output;
use crate::report::{
    self, CheckRun, Counts, QuestionStatus, SchemeInfo, Summary, SummaryRow, UnitReport,
};
use crate::rules::{PeriodMode, Question, Rules};
use crate::walk::{self, Entry, EntryData, ReadError, Submission};

use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest file whose content is read for dates or seals (bytes). Larger files are
/// judged by name, format and size only.
pub const MAX_CONTENT_BYTES: u64 = 256 * 1024 * 1024;

/// Options of a run that are not rules.
#[derive(Clone)]
pub struct RunOptions {
    pub lang: Lang,
    /// Where the reports go; `None` writes nothing.
    pub out: Option<PathBuf>,
    pub progress: Option<ProgressBar>,
    /// Where file contents are read.
    pub extractor: Arc<Extractor>,
    /// Content findings of earlier runs (see [`crate::cache`]).
    pub cache: Option<Arc<Cache>>,
    /// Also write each unit's report where the unit sees it (see [`crate::output`]).
    pub write_back: bool,
    /// Names the report folders must not take (see [`output::check_overlap`]).
    pub reserved_dirs: Vec<String>,
}

/// How file contents are read: where, and with which cache.
#[derive(Clone, Copy)]
struct Content<'a> {
    extractor: &'a Extractor,
    cache: Option<&'a Cache>,
}

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

/// What a run produced.
#[derive(Debug)]
pub struct RunResult {
    pub units: Vec<UnitReport>,
    pub summary: Summary,
    /// Reports that could not be written (path, reason).
    pub write_errors: Vec<(PathBuf, String)>,
    /// No submission was found under the root (nothing was written).
    pub nothing_found: bool,
}

impl RunResult {
    /// Whether any error-severity finding was made.
    pub fn has_errors(&self) -> bool {
        self.summary.totals.error > 0
    }
}

fn scheme_info(rules: &Rules) -> SchemeInfo {
    SchemeInfo {
        id: rules.id.clone(),
        name: rules.name.clone(),
        origin: rules.origin.clone(),
        period: rules.period,
    }
}

/// The submissions under `root` and the findings about the root itself, without
/// evcheck's own output: a folder carrying the output marker (or the `--out` folder),
/// and reports written back beside ZIP submissions.
pub fn submissions(root: &Path, out: Option<&Path>) -> (Vec<Submission>, Vec<Diagnostic>) {
    let (mut subs, mut root_diags) = walk::find_submissions(root);
    let out = out.and_then(|o| std::fs::canonicalize(o).ok());
    subs.retain(|s| {
        if s.is_zip {
            return true;
        }
        let same_as_out = out.as_ref().is_some_and(|o| {
            std::fs::canonicalize(&s.path)
                .map(|p| &p == o)
                .unwrap_or(false)
        });
        !same_as_out && !output::is_output_dir(&s.path)
    });
    // Reports written back beside ZIP submissions (and temporary files of them).
    root_diags.retain(|d| {
        !d.file.as_deref().is_some_and(|f| {
            !f.contains('/')
                && output::is_write_back_name(f)
                && (f.starts_with('.') || output::is_own_report_file(&root.join(f)))
        })
    });
    (subs, root_diags)
}

/// Checks every submission under `root` (one sub-folder or ZIP per unit). When there
/// is none, nothing is written and [`RunResult::nothing_found`] is set.
pub fn check_root(root: &Path, rules: &Rules, opts: &RunOptions) -> RunResult {
    let (subs, mut root_diags) = submissions(root, opts.out.as_deref());
    if subs.is_empty() {
        return RunResult {
            units: Vec::new(),
            summary: Summary {
                tool_version: env!("CARGO_PKG_VERSION"),
                checked_at: output::checked_at_now(),
                scheme: scheme_info(rules),
                rows: Vec::new(),
                diagnostics: root_diags,
                totals: Counts::default(),
                roster_kinds: Default::default(),
            },
            write_errors: Vec::new(),
            nothing_found: true,
        };
    }
    let submitted: Vec<String> = subs.iter().map(|s| s.unit.clone()).collect();
    root_diags.extend(checks::roster::missing_units(&submitted, rules));
    let zips: Vec<PathBuf> = subs
        .iter()
        .filter(|s| s.is_zip)
        .map(|s| s.path.clone())
        .collect();
    let mut result = run(subs, root_diags, rules, opts, true);
    if opts.write_back {
        for (p, e) in remove_orphan_write_backs(root, &zips) {
            result.write_errors.push((p, e.to_string()));
        }
    }
    result
}

/// Removes the reports written back beside ZIP submissions that are gone (only files
/// with the fixed name and evcheck's marker inside). Returns the ones that could not be
/// removed.
fn remove_orphan_write_backs(root: &Path, zips: &[PathBuf]) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    let Ok(rd) = std::fs::read_dir(root) else {
        return failed;
    };
    let current: Vec<(PathBuf, PathBuf)> = zips
        .iter()
        .filter_map(|z| {
            output::write_back_targets(&Submission {
                unit: String::new(),
                path: z.clone(),
                is_zip: true,
            })
        })
        .collect();
    for item in rd.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !output::is_write_back_name(&name) {
            continue;
        }
        let in_use = current.iter().any(|(h, j)| *h == path || *j == path);
        if !in_use && output::is_own_report_file(&path) {
            if let Err(e) = std::fs::remove_file(&path) {
                failed.push((path, e));
            }
        }
    }
    failed
}

/// Checks the given units' submissions (dropped folders), with no roster findings
/// about units that are not among them.
pub fn check_many(subs: Vec<Submission>, rules: &Rules, opts: &RunOptions) -> RunResult {
    run(subs, Vec::new(), rules, opts, false)
}

/// Checks one unit's submission (the clerk's self-check).
pub fn check_one(sub: Submission, rules: &Rules, opts: &RunOptions) -> RunResult {
    run(vec![sub], Vec::new(), rules, opts, false)
}

/// The keys of a unit's errors (see [`output::error_key`]).
fn error_keys(u: &UnitReport) -> Vec<String> {
    u.diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
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
    if let Err(e) = report::write_atomic(p, bytes) {
        write_errors.push((p.to_path_buf(), e.to_string()));
    }
}

fn run(
    subs: Vec<Submission>,
    mut root_diags: Vec<Diagnostic>,
    rules: &Rules,
    opts: &RunOptions,
    whole: bool,
) -> RunResult {
    apply_overrides(&mut root_diags, rules);
    let checked_at = output::checked_at_now();
    let mut units: Vec<UnitReport> = subs
        .par_iter()
        .map(|s| {
            check_submission(
                s,
                rules,
                opts.progress.as_ref(),
                &opts.extractor,
                opts.cache.as_deref(),
            )
        })
        .collect();
    for u in &mut units {
        u.checked_at = checked_at.clone();
    }
    let history = opts.out.as_deref().and_then(output::History::load);
    let dirs = output::report_dirs(units.iter().map(|u| u.unit.as_str()), &opts.reserved_dirs);
    let mut write_errors = Vec::new();
    let mut rows = Vec::new();
    let mut new_history = match (&history, whole) {
        (Some(h), false) => h.clone(),
        _ => output::History::default(),
    };
    new_history.checked_at = checked_at.clone();
    for ((u, dir), sub) in units.iter().zip(dirs).zip(&subs) {
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
        let json = report::json::unit(u, opts.lang);
        let html = report::html::unit(u, opts.lang);
        if let Some(out) = &opts.out {
            let d = out.join(&dir);
            for (name, bytes) in [
                ("report.json", json.as_bytes()),
                ("report.html", html.as_bytes()),
            ] {
                let p = d.join(name);
                if let Err(e) = report::write_atomic(&p, bytes) {
                    write_errors.push((p, e.to_string()));
                }
            }
        }
        if opts.write_back {
            if let Some((h, j)) = output::write_back_targets(sub) {
                write_back_one(&h, html.as_bytes(), &mut write_errors);
                write_back_one(&j, json.as_bytes(), &mut write_errors);
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
        scheme: scheme_info(rules),
        rows,
        diagnostics: root_diags,
        totals,
        roster_kinds: rules
            .units
            .iter()
            .map(|u| (u.name.clone(), u.kind.clone()))
            .collect(),
    };
    if let Some(out) = &opts.out {
        let files: [(&str, Vec<u8>); 4] = [
            (
                "summary.json",
                report::summary::json(&summary, opts.lang).into_bytes(),
            ),
            (
                "summary.csv",
                report::summary::csv(&summary, opts.lang).into_bytes(),
            ),
            ("summary.xlsx", report::summary::xlsx(&summary, opts.lang)),
            (
                output::INDEX_FILE,
                report::overview::page(&summary, &units, rules, opts.lang).into_bytes(),
            ),
        ];
        for (name, bytes) in files {
            if bytes.is_empty() {
                write_errors.push((out.join(name), "could not be generated".into()));
                continue;
            }
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
    RunResult {
        units,
        summary,
        write_errors,
        nothing_found: false,
    }
}

/// Applies the scheme's per-code severity overrides (dropping `allow`ed findings) and
/// its own rule wording (`[basis]`).
pub fn apply_overrides(diags: &mut Vec<Diagnostic>, rules: &Rules) {
    if rules.severity.is_empty() && rules.basis.is_empty() {
        return;
    }
    for d in diags.iter_mut() {
        if let Some(text) = rules.basis.get(d.code) {
            d.basis = std::borrow::Cow::Owned(text.clone());
        }
    }
    diags.retain_mut(|d| match rules.severity.get(d.code) {
        None => true,
        Some(o) => match o.apply() {
            None => false,
            Some(s) => {
                d.severity = s;
                true
            }
        },
    });
}

/// What judging a unit's file names needs: its name as the roster writes it, its
/// aliases, and the question numbers of its questionnaire.
pub struct UnitNaming {
    pub unit: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub questions: Vec<String>,
    pub max_chars: usize,
}

impl UnitNaming {
    pub fn new(rules: &Rules, unit: &str) -> UnitNaming {
        let roster_unit = rules.find_unit(unit);
        let kind = rules
            .kind_of(unit)
            .map(|k| k.id.clone())
            .unwrap_or_default();
        let questions = rules
            .questionnaire(&kind)
            .map(|q| q.questions.iter().map(|x| x.no.clone()).collect())
            .unwrap_or_default();
        UnitNaming {
            unit: roster_unit
                .map(|u| u.name.clone())
                .unwrap_or_else(|| unit.to_owned()),
            kind,
            aliases: roster_unit.map(|u| u.aliases.clone()).unwrap_or_default(),
            questions,
            max_chars: rules.limits.max_name_chars,
        }
    }

    pub fn context(&self) -> NameContext<'_> {
        NameContext {
            unit: &self.unit,
            aliases: &self.aliases,
            questions: &self.questions,
            max_chars: self.max_chars,
        }
    }
}

/// Checks one unit's submission and builds its report.
pub fn check_submission(
    sub: &Submission,
    rules: &Rules,
    progress: Option<&ProgressBar>,
    extractor: &Extractor,
    cache: Option<&Cache>,
) -> UnitReport {
    let unit = sub.unit.as_str();
    let roster_unit = rules.find_unit(unit);
    let naming_data = UnitNaming::new(rules, unit);
    let kind = naming_data.kind.clone();
    let questionnaire = rules.questionnaire(&kind);
    let question_nos = &naming_data.questions;
    let name_ctx = naming_data.context();

    if let Some(pb) = progress {
        pb.set_message(unit.to_owned());
    }
    let walked = walk::walk_unit(sub, &rules.archive);
    let mut walked = walked;
    if !sub.is_zip {
        // Reports evcheck wrote back into the unit's folder are not evidence.
        walked.entries.retain(|e| !is_written_back(e));
    }
    let mut diags = walked.diagnostics;
    if let Some(d) = checks::roster::not_in_roster(unit, rules) {
        diags.push(d);
    }

    // Names first (cheap): they give each file its question; archive members inherit
    // their archive's question unless their own name gives one.
    let names: Vec<NameOutcome> = walked
        .entries
        .iter()
        .map(|e| checks::naming::check(&e.path, &e.name, e.member_of.is_some(), &name_ctx))
        .collect();
    let mut question_of: HashMap<&str, Option<String>> = HashMap::new();
    for (e, n) in walked.entries.iter().zip(&names) {
        let q = n
            .question
            .clone()
            .or_else(|| {
                e.member_of
                    .as_deref()
                    .and_then(|a| question_of.get(a).cloned().flatten())
            })
            .or_else(|| {
                e.dir
                    .as_deref()
                    .and_then(|d| naming::question_from_dir(d, question_nos))
            });
        question_of.insert(e.path.as_str(), q);
    }

    let results: Vec<(FileFacts, Vec<Diagnostic>)> = walked
        .entries
        .par_iter()
        .zip(names.par_iter())
        .map(|(e, n)| {
            let q = question_of.get(e.path.as_str()).cloned().flatten();
            let question = q
                .as_deref()
                .and_then(|no| questionnaire.and_then(|qn| qn.question(no)));
            let r = check_entry(
                e,
                q.clone(),
                question,
                unit,
                rules,
                n,
                Content { extractor, cache },
            );
            if let Some(pb) = progress {
                // The length was counted before the run; it only grows when the count
                // missed files (ZIPs inside ZIPs), so the bar never moves backwards.
                if pb.length().is_some_and(|l| pb.position() >= l) {
                    pb.set_length(pb.position() + 1);
                }
                pb.inc(1);
            }
            r
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for (f, d) in results {
        diags.extend(d);
        files.push(f);
    }
    diags.extend(checks::count::check(&files, questionnaire, rules));
    let haocha = rules.haocha.as_ref().and_then(|h| {
        let (ratings, found) = in_file(|| {
            catch_unwind(AssertUnwindSafe(|| {
                haocha_unit(h, rules, &walked.entries, &files, question_nos)
            }))
        })
        .unwrap_or_else(|_| (None, vec![checks::haocha::crashed(h.question.as_deref())]));
        diags.extend(found);
        ratings
    });
    apply_overrides(&mut diags, rules);
    diags.sort_by(|a, b| {
        (
            a.question.is_none(),
            &a.question,
            a.severity,
            &a.file,
            a.code,
        )
            .cmp(&(
                b.question.is_none(),
                &b.question,
                b.severity,
                &b.file,
                b.code,
            ))
    });

    let questions = questionnaire
        .map(|qn| {
            qn.questions
                .iter()
                .map(|q| QuestionStatus {
                    no: q.no.clone(),
                    title: q.title.clone(),
                    placeholder: q.placeholder,
                    files: files
                        .iter()
                        .filter(|f| f.is_evidence() && f.question.as_deref() == Some(q.no.as_str()))
                        .map(|f| f.path.clone())
                        .collect(),
                    seal_required: q.seal,
                    period: q.period,
                    source: q.source.clone(),
                    manual: manual_checks(q),
                })
                .collect()
        })
        .unwrap_or_default();
    let checks = check_runs(&files, &diags);
    UnitReport {
        tool_version: env!("CARGO_PKG_VERSION"),
        checked_at: output::checked_at_now(),
        scheme: scheme_info(rules),
        unit: unit.to_owned(),
        kind,
        in_roster: roster_unit.is_some(),
        source: sub.path.display().to_string(),
        counts: Counts::of(&diags),
        files,
        diagnostics: diags,
        questions,
        checks,
        haocha,
    }
}

/// Whether an entry is a report evcheck wrote back into the unit's folder (or a
/// temporary file left while writing one).
fn is_written_back(e: &Entry) -> bool {
    if e.member_of.is_some() || e.path != e.name || !output::is_write_back_name(&e.name) {
        return false;
    }
    match &e.data {
        EntryData::Disk { path, .. } => e.name.starts_with('.') || output::is_own_report_file(path),
        EntryData::Member(_) => false,
    }
}

/// The `haocha` rule family for one unit: its ratings tables and claim documents read
/// (see [`crate::ratings`]), then checked and scored.
fn haocha_unit(
    h: &crate::rules::haocha::HaochaRules,
    rules: &Rules,
    entries: &[Entry],
    files: &[FileFacts],
    question_nos: &[String],
) -> (Option<checks::haocha::UnitRatings>, Vec<Diagnostic>) {
    let q = h.question.as_deref();
    let read = crate::ratings::read_unit(entries, files, q);
    let tables: Vec<checks::haocha::ReadFile> = read
        .tables
        .iter()
        .map(|(p, c)| checks::haocha::ReadFile {
            path: p,
            content: c.clone(),
        })
        .collect();
    // A ratings export is expected when the scheme's question is in this unit's
    // questionnaire (or the scheme names no question).
    let expect = q.is_none_or(|q| question_nos.iter().any(|n| n == q));
    let (ratings, mut diags) = checks::haocha::check(h, &rules.period, &tables, q, expect);
    if let Some(r) = &ratings {
        diags.extend(checks::haocha::claims(
            r,
            &read.documents,
            q,
            &h.full_rate.source,
        ));
    }
    (ratings, diags)
}

fn check_runs(files: &[FileFacts], diags: &[Diagnostic]) -> Vec<CheckRun> {
    let n = |r: RuleFamily| diags.iter().filter(|d| d.rule == r).count();
    let evidence = files.iter().filter(|f| f.is_evidence()).count();
    [
        (RuleFamily::Naming, files.len()),
        (RuleFamily::Format, files.len()),
        (RuleFamily::Size, evidence),
        (RuleFamily::Count, evidence),
        (
            RuleFamily::Period,
            files.iter().filter(|f| f.dates.is_some()).count(),
        ),
        (
            RuleFamily::Stamp,
            files.iter().filter(|f| f.seal.is_some()).count(),
        ),
        (
            RuleFamily::Archive,
            files.iter().filter(|f| f.format == Format::Zip).count(),
        ),
    ]
    .into_iter()
    .map(|(rule, files)| CheckRun {
        rule,
        files,
        findings: n(rule),
    })
    .collect()
}

/// The manual checks a question's evidence kinds call for (000 附件2 三).
fn manual_checks(q: &Question) -> Vec<String> {
    use crate::rules::EvidenceKind as K;
    let mut v = q.reminders.clone();
    for k in &q.evidence {
        let s = match k {
            K::Screenshot => "截图须将网址和平台名称一并截取，并用标记工具突出重点内容；截图须归集并附网址链接，制作成单个佐证文件",
            K::Photo => "照片须拍摄清晰，能充分显示题目内涵；须圈选表达重点或加文字说明，归集制作成单个佐证文件",
            K::Statistics => "统计数据须完整、展示清晰，并提供经参评单位盖章确认的不可编辑版本",
            K::Case | K::List | K::Workorder => "案例、清单、系统工单的所属时间须在考评周期内",
            K::Policy | K::Other => continue,
        };
        if !v.iter().any(|x| x == s) {
            v.push(s.to_owned());
        }
    }
    v
}

/// Identifies, extracts facts from and checks one entry. A reader that panics is
/// contained here: the file gets a `damaged` finding and the run goes on.
fn check_entry(
    e: &Entry,
    q: Option<String>,
    question: Option<&Question>,
    unit: &str,
    rules: &Rules,
    name: &NameOutcome,
    content: Content,
) -> (FileFacts, Vec<Diagnostic>) {
    let mut diags: Vec<Diagnostic> = name.diagnostics.clone();
    let outcome = in_file(|| {
        catch_unwind(AssertUnwindSafe(|| {
            extract_facts(e, q.clone(), question, rules, content)
        }))
    });
    let facts = match outcome {
        Ok(f) => f,
        Err(payload) => {
            let why = isolate::panic_message(payload.as_ref());
            let mut f = FileFacts::new(
                &e.path,
                &e.name,
                e.size,
                e.member_of.clone(),
                unknown("reader crashed"),
            );
            f.question = q;
            f.read = ReadOutcome::Crashed { why };
            f
        }
    };
    let ctx = FileContext {
        rules,
        unit,
        question,
    };
    let q_no = facts.question.clone();
    diags.extend(facts.problems.iter().cloned());
    diags.extend(checks::unreadable::check(&facts));
    diags.extend(checks::format::check(&facts, &ctx));
    diags.extend(checks::size::check(&facts, &ctx));
    if question.is_some_and(|q| q.period != PeriodMode::Off) {
        diags.extend(checks::period::check(&facts, &ctx));
    }
    if question.is_some_and(|q| q.seal) {
        diags.extend(checks::stamp::check(&facts, &ctx));
    }
    for d in &mut diags {
        if d.question.is_none() && d.file.is_some() {
            d.question = q_no.clone();
        }
    }
    (facts, diags)
}

fn unknown(basis: &str) -> Identified {
    Identified {
        format: Format::Unknown,
        basis: basis.into(),
    }
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
/// main part). `.wps`/`.et`/`.dps` are left out: WPS Office also writes them as OLE2.
fn named_as_package(name: &str) -> bool {
    let Some((_, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    !matches!(ext.as_str(), "wps" | "et" | "dps")
        && [Format::Docx, Format::Xlsx, Format::Pptx, Format::Ofd]
            .iter()
            .any(|f| f.extensions().contains(&ext.as_str()))
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

fn extract_facts(
    e: &Entry,
    q: Option<String>,
    question: Option<&Question>,
    rules: &Rules,
    content: Content,
) -> FileFacts {
    let Content { extractor, cache } = content;
    let (id, dimensions) = match identify_entry(e) {
        Ok(found) => found,
        Err(err) => {
            let mut f = FileFacts::new(
                &e.path,
                &e.name,
                e.size,
                e.member_of.clone(),
                unknown("unreadable"),
            );
            f.question = q;
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
    // Every document and picture is opened, whatever its question.
    let want_open =
        facts.read.is_complete() && crate::opens::open_as(facts.format, &e.name).is_some();
    let asked = want_dates || want_seal || want_open;
    // An archive member no reader reads is still read through once (cached like a
    // reader's answer), so that damage late in its stream is found.
    let read_through = !asked && matches!(e.data, EntryData::Member(_));
    let mut date_facts = None;
    if asked || read_through {
        let req = isolate::Request {
            format: facts.format.id().to_owned(),
            name: e.name.clone(),
            dates: want_dates,
            seal: want_seal,
            seal_max_pixels: rules.seal.max_pixels,
            seal_max_images: rules.seal.max_images_per_file,
            seal_max_pages: rules.seal.max_pages,
            open: want_open,
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
/// so), or, for a member whose archive data is broken, the archive's finding.
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
        Unread::Member(why) => f
            .problems
            .push(walk::member_damaged(archive, &e.path, &why)),
        Unread::Inflated(_) => f.problems.push(walk::member_damaged(
            archive,
            &e.path,
            "解压后超过目录声明的大小或解压上限 (inflates beyond its declared size or bound)",
        )),
    }
}

thread_local! {
    static IN_FILE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that keeps quiet about panics contained while a file is read
/// (they become findings) and reports any other panic as usual.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_FILE.with(|f| f.get()) {
            default(info);
        }
    }));
}

/// Runs `f` marked as reading a file (see [`install_panic_hook`]).
fn in_file<T>(f: impl FnOnce() -> T) -> T {
    let was = IN_FILE.with(|c| c.replace(true));
    let r = f();
    IN_FILE.with(|c| c.set(was));
    r
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
            ("f.wps", false),
            ("g.et", false),
            ("h.pdf", false),
            ("xlsx", false),
        ] {
            assert_eq!(named_as_package(name), want, "{name}");
        }
    }

    #[test]
    fn overrides_change_severity_wording_or_drop() {
        use crate::diag::{Severity, Text};
        let mut rules = crate::rules::Rules::builtin().unwrap();
        rules
            .severity
            .insert("S001".into(), crate::rules::Override::Allow);
        rules
            .severity
            .insert("C001".into(), crate::rules::Override::Warn);
        rules
            .basis
            .insert("C001".into(), "本方案：每题不超过5个文件".into());
        let mk = |code: &crate::diag::Code| {
            Diagnostic::new(code, Some("f"), Text::new("m", "m"), Text::new("f", "f"))
        };
        let mut diags = vec![
            mk(&crate::checks::size::S001),
            mk(&crate::checks::count::C001),
            mk(&crate::checks::count::C002),
        ];
        apply_overrides(&mut diags, &rules);
        let got: Vec<(&str, Severity, &str)> = diags
            .iter()
            .map(|d| (d.code, d.severity, d.basis.as_ref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("C001", Severity::Warning, "本方案：每题不超过5个文件"),
                (
                    "C002",
                    crate::checks::count::C002.severity,
                    crate::checks::count::C002.basis
                ),
            ]
        );
    }
}
