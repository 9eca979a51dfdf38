//! The per-unit check runner: walks a unit's submission, judges each file's name,
//! gets each file's facts from the fact extractor ([`crate::extract`]), runs the
//! per-file checks, then the per-unit ones (counts, 好差评), and builds the unit's
//! report data. It writes nothing.

use crate::checks::{self, naming::NameOutcome, FileContext};
use crate::diag::{Diagnostic, RuleFamily};
use crate::extract::FactReader;
use crate::facts::FileFacts;
use crate::identify::Format;
use crate::naming::{self, NameContext};
use crate::output;
use crate::report::{CheckRun, Counts, QuestionStatus, SchemeInfo, UnitReport};
use crate::rules::{PeriodMode, Question, Rules};
use crate::walk::{self, Entry, EntryData, Submission};

use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Applies the scheme's per-code severity overrides (dropping `allow`ed findings) and
/// its own rule wording (`[basis]`).
pub fn apply_overrides(diags: &mut Vec<Diagnostic>, rules: &Rules) {
    if rules.severity.is_empty() && rules.basis.is_empty() {
        return;
    }
    for d in diags.iter_mut() {
        if let Some(text) = rules.basis.get(d.code.id) {
            d.basis = std::borrow::Cow::Owned(text.clone());
        }
    }
    diags.retain_mut(|d| match rules.severity.get(d.code.id) {
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
    reader: FactReader,
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
    let mut diags = checks::walked::findings(&walked.seen);
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
            let facts = reader.facts(e, q.clone(), question, rules);
            let r = check_file(facts, question, unit, rules, n);
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
    diags.extend(checks::unreadable::head_only(&files, rules.verify));
    let haocha = rules.haocha.as_ref().and_then(|h| {
        let (ratings, found) = crate::panics::in_file(|| {
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
                    manual: q.manual_checks().into_iter().map(|t| t.zh).collect(),
                    manual_en: q.manual_checks().into_iter().map(|t| t.en).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let checks = check_runs(&files, &diags);
    UnitReport {
        tool_version: env!("CARGO_PKG_VERSION"),
        checked_at: output::checked_at_now(),
        scheme: SchemeInfo::of(rules),
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

/// Checks one file's facts (its name already judged in `name`).
fn check_file(
    facts: FileFacts,
    question: Option<&Question>,
    unit: &str,
    rules: &Rules,
    name: &NameOutcome,
) -> (FileFacts, Vec<Diagnostic>) {
    let mut diags: Vec<Diagnostic> = name.diagnostics.clone();
    let ctx = FileContext {
        rules,
        unit,
        question,
    };
    let q_no = facts.question.clone();
    diags.extend(checks::walked::findings(&facts.archive_problems));
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let mk = |code: &'static crate::diag::Code| {
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
            .map(|d| (d.code.id, d.severity, d.basis.as_ref()))
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
