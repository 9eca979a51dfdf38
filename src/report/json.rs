//! `report.json`: the per-unit report for programs (schema in `docs/report-schema.md`).
//!
//! The document is built from view structs that borrow the [`UnitReport`], so its shape
//! is fixed here (and versioned by [`SCHEMA_VERSION`]) rather than following the
//! internal data model. Texts are given in the chosen language (`message`, `fix`,
//! `title`) and in both (`message_zh`, `message_en`, …). Maps are sorted and the only
//! time written is the report's own `checked_at`, so the same report gives the same bytes.

use super::{Counts, UnitReport};
use crate::dates::{DateFacts, DateRange, FoundDate};
use crate::diag::{Code, Diagnostic, Lang, RuleFamily};
use crate::facts::{Depth, FileFacts};
use crate::outcome::ReadOutcome;
use crate::rules::PeriodMode;
use crate::seal::SealFacts;
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the `report.json` / `summary.json` layout. Raised when a field is
/// removed or changes meaning; adding a field keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The unit report as JSON.
pub fn unit(r: &UnitReport, lang: Lang) -> String {
    let doc = UnitDoc::new(r, lang);
    to_json(&doc, "report")
}

/// Pretty JSON of `v`, or a small valid document naming the failure.
pub(crate) fn to_json<T: Serialize>(v: &T, kind: &str) -> String {
    match serde_json::to_string_pretty(v) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => {
            let fallback = serde_json::json!({
                "schema_version": SCHEMA_VERSION,
                "kind": kind,
                "error": format!("the {kind} could not be serialised: {e}"),
            });
            let mut s = fallback.to_string();
            s.push('\n');
            s
        }
    }
}

/// The JSON name of a period mode (`required`, `report`, `off`).
pub(crate) fn period_mode_id(m: PeriodMode) -> &'static str {
    match m {
        PeriodMode::Required => "required",
        PeriodMode::Report => "report",
        PeriodMode::Off => "off",
    }
}

/// Every rule family with its count (zeros included); keys sort by name.
pub(crate) fn all_rules(c: &Counts) -> BTreeMap<&'static str, usize> {
    RuleFamily::ALL
        .iter()
        .map(|r| (r.as_str(), c.rule(*r)))
        .collect()
}

#[derive(Serialize)]
pub(crate) struct ToolDoc {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub(crate) struct SchemeDoc<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub origin: &'a str,
    pub period: DateRange,
}

impl<'a> SchemeDoc<'a> {
    pub fn new(s: &'a super::SchemeInfo) -> Self {
        SchemeDoc {
            id: &s.id,
            name: &s.name,
            origin: &s.origin,
            period: s.period,
        }
    }
}

/// One finding.
#[derive(Serialize)]
pub(crate) struct DiagDoc<'a> {
    pub code: &'a str,
    /// Title of the code in the chosen language.
    pub title: &'static str,
    pub rule: RuleFamily,
    pub severity: crate::diag::Severity,
    pub file: Option<&'a str>,
    pub question: Option<&'a str>,
    pub message: &'a str,
    pub fix: &'a str,
    pub message_zh: &'a str,
    pub message_en: &'a str,
    pub fix_zh: &'a str,
    pub fix_en: &'a str,
    pub basis: &'a str,
}

impl<'a> DiagDoc<'a> {
    pub fn new(d: &'a Diagnostic, lang: Lang) -> Self {
        let title = d.title(lang);
        DiagDoc {
            code: d.code.id,
            title,
            rule: d.rule,
            severity: d.severity,
            file: d.file.as_deref(),
            question: d.question.as_deref(),
            message: d.message.get(lang),
            fix: d.fix.get(lang),
            message_zh: &d.message.zh,
            message_en: &d.message.en,
            fix_zh: &d.fix.zh,
            fix_en: &d.fix.en,
            basis: &d.basis,
        }
    }
}

#[derive(Serialize)]
struct CountsDoc {
    error: usize,
    warning: usize,
    info: usize,
    /// Every file checked (evidence files and archive members).
    files: usize,
    /// Evidence files (not archive members).
    evidence_files: usize,
    by_rule: BTreeMap<&'static str, usize>,
    by_code: BTreeMap<&'static Code, usize>,
}

#[derive(Serialize)]
struct QuestionDoc<'a> {
    no: &'a str,
    title: &'a str,
    placeholder: bool,
    files: &'a [String],
    seal_required: bool,
    period: &'static str,
    source: &'a str,
    manual: Vec<&'a str>,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct CheckDoc {
    rule: RuleFamily,
    files: usize,
    findings: usize,
    passed: bool,
}

#[derive(Serialize)]
struct DimensionsDoc {
    width: u32,
    height: u32,
}

#[derive(Serialize)]
struct DatesDoc<'a> {
    summary: Option<String>,
    range: Option<DateRange>,
    found: &'a [FoundDate],
    metadata: &'a [FoundDate],
    /// How completely the content was read, when not completely (what was read).
    note: Option<String>,
    /// The typed read outcome (`{"state": "complete"}`, `{"state": "partial", …}`, …).
    read: &'a ReadOutcome,
}

impl<'a> DatesDoc<'a> {
    fn new(d: &'a DateFacts, lang: Lang) -> Self {
        DatesDoc {
            summary: d.summary(lang),
            range: d.range,
            found: &d.found,
            metadata: &d.metadata,
            note: (!d.read.is_complete()).then(|| d.read.describe(lang)),
            read: &d.read,
        }
    }
}

#[derive(Serialize)]
struct SealDoc<'a> {
    found: bool,
    kind: Option<crate::seal::SealKind>,
    page: Option<u32>,
    confidence: f64,
    /// Why the search was not made, or not in full, when it was not.
    undetermined: Option<String>,
    /// The typed read outcome of the search.
    read: &'a ReadOutcome,
    searched: u32,
    pages_searched: &'a [u32],
    /// The outline of the seal found (`round`, `oval`, `square`), when known.
    shape: Option<crate::rules::SealShape>,
    summary: String,
}

impl<'a> SealDoc<'a> {
    fn new(s: &'a SealFacts, lang: Lang) -> Self {
        let c = f64::from(s.confidence);
        // Rounded so that the text does not carry float noise; NaN becomes 0.
        let confidence = if c.is_finite() {
            (c.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
        } else {
            0.0
        };
        SealDoc {
            found: s.found,
            kind: s.kind,
            page: s.page,
            confidence,
            undetermined: (!s.read.is_complete()).then(|| s.read.describe(lang)),
            read: &s.read,
            searched: s.searched,
            pages_searched: &s.pages_searched,
            shape: s.shape,
            summary: s.summary(lang),
        }
    }
}

#[derive(Serialize)]
struct FileDoc<'a> {
    path: &'a str,
    name: &'a str,
    size: u64,
    member_of: Option<&'a str>,
    question: Option<&'a str>,
    format: &'static str,
    format_name: &'static str,
    format_basis: &'a str,
    dimensions: Option<DimensionsDoc>,
    dates: Option<DatesDoc<'a>>,
    seal: Option<SealDoc<'a>>,
    /// Whether the file opens (see `opens`): the typed read outcome.
    read: &'a ReadOutcome,
    /// How far the file was read to prove it is whole (absent when verified).
    #[serde(skip_serializing_if = "Depth::is_verified")]
    depth: Depth,
    /// Codes of the findings about this file, in report order.
    codes: Vec<&'a str>,
}

impl<'a> FileDoc<'a> {
    fn new(f: &'a FileFacts, by_file: &FindingsByFile<'a>, lang: Lang) -> Self {
        FileDoc {
            path: &f.path,
            name: &f.name,
            size: f.size,
            member_of: f.member_of.as_deref(),
            question: f.question.as_deref(),
            format: f.format.id(),
            format_name: f.format.display_name(),
            format_basis: &f.format_basis,
            dimensions: f
                .dimensions
                .map(|(width, height)| DimensionsDoc { width, height }),
            dates: f.dates.as_ref().map(|d| DatesDoc::new(d, lang)),
            seal: f.seal.as_ref().map(|s| SealDoc::new(s, lang)),
            read: &f.read,
            depth: f.depth,
            codes: by_file
                .get(f.path.as_str())
                .map(|ds| ds.iter().map(|d| d.code.id).collect())
                .unwrap_or_default(),
        }
    }
}

/// Findings by the file they are about, each list in report order.
pub(crate) type FindingsByFile<'a> = BTreeMap<&'a str, Vec<&'a Diagnostic>>;

/// Indexes findings by file, so that per-file lookups do not scan every finding.
pub(crate) fn findings_by_file(diags: &[Diagnostic]) -> FindingsByFile<'_> {
    let mut m: FindingsByFile<'_> = BTreeMap::new();
    for d in diags {
        if let Some(f) = d.file.as_deref() {
            m.entry(f).or_default().push(d);
        }
    }
    m
}

/// The verdict in one word: `errors`, `warnings` or `clean`.
pub(crate) fn verdict(c: &Counts) -> &'static str {
    if c.error > 0 {
        "errors"
    } else if c.warning > 0 {
        "warnings"
    } else {
        "clean"
    }
}

#[derive(Serialize)]
struct UnitDoc<'a> {
    schema_version: u32,
    /// Marks the file as evcheck's report (see [`crate::output::REPORT_MARKER`]).
    generator: &'static str,
    tool: ToolDoc,
    checked_at: &'a str,
    lang: Lang,
    scheme: SchemeDoc<'a>,
    unit: &'a str,
    kind: &'a str,
    in_roster: bool,
    source: &'a str,
    verdict: &'static str,
    counts: CountsDoc,
    diagnostics: Vec<DiagDoc<'a>>,
    questions: Vec<QuestionDoc<'a>>,
    questions_without_files: Vec<&'a str>,
    checks: Vec<CheckDoc>,
    files: Vec<FileDoc<'a>>,
    /// 好差评 figures and score (`[haocha]` schemes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    haocha: Option<&'a crate::checks::haocha::UnitRatings>,
}

impl<'a> UnitDoc<'a> {
    fn new(r: &'a UnitReport, lang: Lang) -> Self {
        let by_file = findings_by_file(&r.diagnostics);
        let sev_count = |no: &str, s: crate::diag::Severity| {
            r.diagnostics
                .iter()
                .filter(|d| d.question.as_deref() == Some(no) && d.severity == s)
                .count()
        };
        UnitDoc {
            schema_version: SCHEMA_VERSION,
            generator: crate::output::REPORT_MARKER,
            tool: ToolDoc {
                name: "evcheck",
                version: r.tool_version,
            },
            checked_at: &r.checked_at,
            lang,
            scheme: SchemeDoc::new(&r.scheme),
            unit: &r.unit,
            kind: &r.kind,
            in_roster: r.in_roster,
            source: &r.source,
            verdict: verdict(&r.counts),
            counts: CountsDoc {
                error: r.counts.error,
                warning: r.counts.warning,
                info: r.counts.info,
                files: r.files.len(),
                evidence_files: r.files.iter().filter(|f| f.is_evidence()).count(),
                by_rule: all_rules(&r.counts),
                by_code: r.counts.by_code.clone(),
            },
            diagnostics: r
                .diagnostics
                .iter()
                .map(|d| DiagDoc::new(d, lang))
                .collect(),
            questions: r
                .questions
                .iter()
                .map(|q| QuestionDoc {
                    no: &q.no,
                    title: &q.title,
                    placeholder: q.placeholder,
                    files: &q.files,
                    seal_required: q.seal_required,
                    period: period_mode_id(q.period),
                    source: &q.source,
                    manual: q.manual_in(lang),
                    errors: sev_count(&q.no, crate::diag::Severity::Error),
                    warnings: sev_count(&q.no, crate::diag::Severity::Warning),
                    infos: sev_count(&q.no, crate::diag::Severity::Info),
                })
                .collect(),
            questions_without_files: r
                .questions
                .iter()
                .filter(|q| q.files.is_empty())
                .map(|q| q.no.as_str())
                .collect(),
            checks: r
                .checks
                .iter()
                .map(|c| CheckDoc {
                    rule: c.rule,
                    files: c.files,
                    findings: c.findings,
                    passed: c.findings == 0,
                })
                .collect(),
            files: r
                .files
                .iter()
                .map(|f| FileDoc::new(f, &by_file, lang))
                .collect(),
            haocha: r.haocha.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_modes_have_ids() {
        for (m, id) in [
            (PeriodMode::Required, "required"),
            (PeriodMode::Report, "report"),
            (PeriodMode::Off, "off"),
        ] {
            assert_eq!(period_mode_id(m), id);
        }
    }

    #[test]
    fn fallback_is_valid_json() {
        // A map with non-string keys cannot be serialised by serde_json.
        let mut m: BTreeMap<(u8, u8), u8> = BTreeMap::new();
        m.insert((1, 2), 3);
        let s = to_json(&m, "report");
        let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()));
    }

    #[test]
    fn verdict_words() {
        let mut c = Counts::default();
        assert_eq!(verdict(&c), "clean");
        c.warning = 1;
        assert_eq!(verdict(&c), "warnings");
        c.error = 1;
        assert_eq!(verdict(&c), "errors");
    }
}
