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
use crate::report::{
    self, CheckRun, Counts, QuestionStatus, SchemeInfo, Summary, SummaryRow, UnitReport,
};
use crate::rules::{PeriodMode, Question, Rules};
use crate::walk::{self, Entry, EntryData, ReadError, Submission};
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufReader, Cursor};
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
    fn extract(
        &self,
        req: &isolate::Request,
        data: &[u8],
    ) -> Result<isolate::Response, isolate::Failure> {
        match self {
            Extractor::Isolated(pool) if !isolate::safe_in_process(req) => pool.extract(req, data),
            _ => Ok(in_file(|| isolate::extract_here(req, data))),
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

/// Checks every submission under `root` (one sub-folder or ZIP per unit).
pub fn check_root(root: &Path, rules: &Rules, opts: &RunOptions) -> RunResult {
    let (mut subs, mut root_diags) = walk::find_submissions(root);
    // The output folder may sit inside ROOT (a nightly run writing beside the
    // submissions): it is evcheck's own, not a unit's.
    if let Some(out) = opts
        .out
        .as_deref()
        .and_then(|o| std::fs::canonicalize(o).ok())
    {
        subs.retain(|s| {
            std::fs::canonicalize(&s.path)
                .map(|p| p != out)
                .unwrap_or(true)
        });
    }
    let submitted: Vec<String> = subs.iter().map(|s| s.unit.clone()).collect();
    root_diags.extend(checks::roster::missing_units(&submitted, rules));
    run(subs, root_diags, rules, opts)
}

/// Checks one unit's submission (the clerk's self-check).
pub fn check_one(sub: Submission, rules: &Rules, opts: &RunOptions) -> RunResult {
    run(vec![sub], Vec::new(), rules, opts)
}

fn run(
    subs: Vec<Submission>,
    mut root_diags: Vec<Diagnostic>,
    rules: &Rules,
    opts: &RunOptions,
) -> RunResult {
    apply_overrides(&mut root_diags, rules);
    let units: Vec<UnitReport> = subs
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
    let mut write_errors = Vec::new();
    let mut rows = Vec::new();
    let mut dirs: HashMap<String, usize> = HashMap::new();
    for u in &units {
        let mut dir = report_dir_name(&u.unit);
        let n = dirs.entry(dir.clone()).or_default();
        *n += 1;
        if *n > 1 {
            dir = format!("{dir}_{n}");
        }
        if let Some(out) = &opts.out {
            let d = out.join(&dir);
            let json = report::json::unit(u, opts.lang);
            let html = report::html::unit(u, opts.lang);
            for (name, bytes) in [
                ("report.json", json.into_bytes()),
                ("report.html", html.into_bytes()),
            ] {
                let p = d.join(name);
                if let Err(e) = report::write_atomic(&p, &bytes) {
                    write_errors.push((p, e.to_string()));
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
        });
    }
    let mut totals = Counts::of(&root_diags);
    for r in &rows {
        totals.merge(&r.counts);
    }
    let summary = Summary {
        tool_version: env!("CARGO_PKG_VERSION"),
        scheme: scheme_info(rules),
        rows,
        diagnostics: root_diags,
        totals,
    };
    if let Some(out) = &opts.out {
        let files: [(&str, Vec<u8>); 3] = [
            (
                "summary.json",
                report::summary::json(&summary, opts.lang).into_bytes(),
            ),
            (
                "summary.csv",
                report::summary::csv(&summary, opts.lang).into_bytes(),
            ),
            ("summary.xlsx", report::summary::xlsx(&summary, opts.lang)),
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
    }
    RunResult {
        units,
        summary,
        write_errors,
    }
}

/// A folder name for a unit's reports: the unit name with characters Windows forbids
/// replaced.
pub fn report_dir_name(unit: &str) -> String {
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
    let s = s.trim().trim_end_matches('.').to_owned();
    if s.is_empty() || s == "." || s == ".." {
        "_".into()
    } else {
        s
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

    let walked = walk::walk_unit(sub, &rules.archive);
    if let Some(pb) = progress {
        pb.inc_length(walked.entries.len() as u64);
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
    }
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
fn identify_and_measure<R: std::io::Read + std::io::Seek>(
    r: &mut R,
    len: u64,
    name: &str,
) -> (Identified, Option<(u32, u32)>) {
    let id = identify::identify_named(r, len, name);
    let dims = if id.format.is_image() && r.seek(std::io::SeekFrom::Start(0)).is_ok() {
        image::ImageReader::new(BufReader::new(r))
            .with_guessed_format()
            .ok()
            .and_then(|reader| reader.into_dimensions().ok())
    } else {
        None
    };
    (id, dims)
}

fn extract_facts(
    e: &Entry,
    q: Option<String>,
    question: Option<&Question>,
    rules: &Rules,
    content: Content,
) -> FileFacts {
    let Content { extractor, cache } = content;
    let (id, dimensions) = match &e.data {
        EntryData::Memory(b) => {
            identify_and_measure(&mut Cursor::new(b.as_slice()), b.len() as u64, &e.name)
        }
        EntryData::Disk { path, len, .. } => match std::fs::File::open(path) {
            Ok(f) => identify_and_measure(&mut BufReader::new(f), *len, &e.name),
            Err(err) => {
                let mut f = FileFacts::new(
                    &e.path,
                    &e.name,
                    e.size,
                    e.member_of.clone(),
                    unknown("unreadable"),
                );
                f.question = q;
                f.read = ReadOutcome::Refused {
                    why: err.to_string(),
                };
                return f;
            }
        },
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
    let mut date_facts = None;
    if want_dates || want_seal || want_open {
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
        };
        let disk_key = match (e.data.clone(), cache) {
            (
                EntryData::Disk {
                    path,
                    len,
                    modified,
                },
                Some(_),
            ) => Cache::key_disk(&path, len, modified, &req),
            _ => None,
        };
        let cached = disk_key
            .as_deref()
            .and_then(|k| cache.and_then(|c| c.get(k)));
        let read = match cached {
            Some(resp) => Ok(Ok(resp)),
            None => walk::read_entry(e, MAX_CONTENT_BYTES).map(|bytes| {
                let key = disk_key
                    .clone()
                    .or_else(|| cache.map(|_| Cache::key_bytes(&bytes, &req)));
                if let Some(hit) = key.as_deref().and_then(|k| cache.and_then(|c| c.get(k))) {
                    return Ok(hit);
                }
                let r = extractor.extract(&req, &bytes);
                if let (Ok(resp), Some(k), Some(c)) = (&r, key, cache) {
                    c.put(k, resp);
                }
                r
            }),
        };
        match read {
            Ok(Ok(resp)) => {
                if let Some(why) = resp.panic {
                    facts.read = ReadOutcome::Crashed { why };
                }
                if let Some(opened) = resp.opened {
                    facts.read = std::mem::take(&mut facts.read).worst(opened);
                }
                date_facts = resp.dates;
                facts.seal = resp.seal;
            }
            Ok(Err(isolate::Failure::Crashed(why))) => {
                facts.read = ReadOutcome::Crashed { why };
            }
            Ok(Err(isolate::Failure::TimedOut(limit))) => {
                facts.read = ReadOutcome::TimedOut {
                    secs: limit.as_secs(),
                };
            }
            Err(ReadError::Changed) => facts.read = ReadOutcome::Changed,
            Err(ReadError::TooLarge(_)) => {
                // Judged by name, format and size only: a cap that is reached is said.
                let mb = MAX_CONTENT_BYTES >> 20;
                facts.read = ReadOutcome::partial(
                    Text::new("文件名、格式和大小", "the name, format and size"),
                    Text::new(
                        format!("文件超过 {mb} MB，内容未读取"),
                        format!("the file is over {mb} MB; its content was not read"),
                    ),
                );
            }
            Err(ReadError::Io(err)) => {
                facts.read = ReadOutcome::Refused {
                    why: err.to_string(),
                }
            }
        }
    } else if question.is_some_and(|q| q.period != PeriodMode::Off) {
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
