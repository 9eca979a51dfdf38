//! Reports: one per unit (`report.json`, `report.html`) and one across units
//! (`summary.json`, `summary.csv`, `summary.xlsx`), all made from the same data.
//!
//! Every report is written to a temporary file beside its target and renamed, so a
//! report is complete or absent.

#![warn(missing_docs)]

pub(crate) mod group;
pub mod html;
pub mod json;
pub mod overview;
pub mod summary;
pub mod tongbao;
pub mod write;
pub mod writers;

use crate::dates::DateRange;
use crate::diag::{Code, Diagnostic, RuleFamily, Severity};
use crate::facts::FileFacts;
use serde::Serialize;
use std::collections::BTreeMap;

/// Atomic writing lives on the ground floor (the cache and the output folders use it too).
pub use crate::atomic::{write_atomic, write_atomic_with};

/// The scheme a report was made against.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeInfo {
    /// The scheme's id (`[scheme] id`).
    pub id: String,
    /// The scheme's name (`[scheme] name`).
    pub name: String,
    /// Where the rules came from (path or built-in).
    pub origin: String,
    /// The assessment period.
    pub period: DateRange,
}

impl SchemeInfo {
    /// What reports say of `rules`.
    pub fn of(rules: &crate::rules::Rules) -> SchemeInfo {
        SchemeInfo {
            id: rules.id.clone(),
            name: rules.name.clone(),
            origin: rules.origin.clone(),
            period: rules.period,
        }
    }
}

/// Counts by severity and by rule family; they add up across units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Findings of severity error.
    pub error: usize,
    /// Findings of severity warning.
    pub warning: usize,
    /// Findings of severity info.
    pub info: usize,
    /// Per rule family (`naming`, …), all severities.
    pub by_rule: BTreeMap<&'static str, usize>,
    /// Per code (`N003`, …; ordered, and serialised, by id).
    pub by_code: BTreeMap<&'static Code, usize>,
}

impl Counts {
    /// The counts of `diags`.
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            c.add(d);
        }
        c
    }

    /// Counts one more finding.
    pub fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
        *self.by_rule.entry(d.rule.as_str()).or_default() += 1;
        *self.by_code.entry(d.code).or_default() += 1;
    }

    /// Adds another unit's counts.
    pub fn merge(&mut self, o: &Counts) {
        self.error += o.error;
        self.warning += o.warning;
        self.info += o.info;
        for (k, v) in &o.by_rule {
            *self.by_rule.entry(k).or_default() += v;
        }
        for (k, v) in &o.by_code {
            *self.by_code.entry(k).or_default() += v;
        }
    }

    /// Count for one rule family.
    pub fn rule(&self, r: RuleFamily) -> usize {
        self.by_rule.get(r.as_str()).copied().unwrap_or(0)
    }
}

/// One question of the unit's questionnaire, as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionStatus {
    /// Question number (`"04"`).
    pub no: String,
    /// Question title, as the scheme writes it.
    pub title: String,
    /// Title is a placeholder in the scheme.
    pub placeholder: bool,
    /// Evidence files (virtual paths) given for it.
    pub files: Vec<String>,
    /// Whether its evidence needs a seal.
    pub seal_required: bool,
    /// Whether its evidence must lie in the assessment period.
    pub period: crate::rules::PeriodMode,
    /// The scheme's wording of what this question asks for (quoted as 依据).
    pub source: String,
    /// Checks a person still has to do (screenshots show URL and platform name, …).
    pub manual: Vec<String>,
    /// The same checks in English, one for one with `manual`; a check without an
    /// English text here is shown in Chinese under `--lang en`.
    pub manual_en: Vec<String>,
}

impl QuestionStatus {
    /// The manual checks in `lang` (each in Chinese where it has no English text).
    pub fn manual_in(&self, lang: crate::diag::Lang) -> Vec<&str> {
        self.manual
            .iter()
            .enumerate()
            .map(|(i, zh)| match lang {
                crate::diag::Lang::Zh => zh.as_str(),
                crate::diag::Lang::En => self.manual_en.get(i).unwrap_or(zh).as_str(),
            })
            .collect()
    }
}

/// A check that ran, and whether it found anything (`what was checked and passed`).
#[derive(Debug, Clone, Serialize)]
pub struct CheckRun {
    /// The rule family.
    pub rule: RuleFamily,
    /// Files it looked at.
    pub files: usize,
    /// Findings of any severity.
    pub findings: usize,
}

/// One unit's report.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    /// The evcheck version that made it.
    pub tool_version: &'static str,
    /// When the check ran (`YYYY-MM-DDTHH:MM:SSZ`, UTC).
    pub checked_at: String,
    /// The scheme it was checked against.
    pub scheme: SchemeInfo,
    /// The unit's name.
    pub unit: String,
    /// Unit kind (questionnaire) used.
    pub kind: String,
    /// Whether the unit is in the roster.
    pub in_roster: bool,
    /// The submission as given (folder or ZIP path).
    pub source: String,
    /// Every file checked, evidence files and archive members.
    pub files: Vec<FileFacts>,
    /// Sorted: by question, then severity, then file.
    pub diagnostics: Vec<Diagnostic>,
    /// The unit's questionnaire, question by question.
    pub questions: Vec<QuestionStatus>,
    /// The checks that ran.
    pub checks: Vec<CheckRun>,
    /// Findings counted.
    pub counts: Counts,
    /// 好差评 figures and score, when the scheme has a `[haocha]` section and the unit
    /// gave a ratings export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub haocha: Option<crate::checks::haocha::UnitRatings>,
}

/// One row of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    /// The unit's name.
    pub unit: String,
    /// Unit kind (questionnaire) used.
    pub kind: String,
    /// Whether the unit is in the roster.
    pub in_roster: bool,
    /// Evidence files (not counting archive members).
    pub files: usize,
    /// Questions of the questionnaire with no file.
    pub missing_questions: usize,
    /// Findings counted.
    pub counts: Counts,
    /// Folder of this unit's report, relative to the output folder.
    pub report_dir: String,
    /// Errors new and fixed since the last run (`None`: no earlier run is known).
    pub changes: Option<Changes>,
    /// 好差评 figures and score (see [`UnitReport::haocha`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub haocha: Option<crate::checks::haocha::UnitRatings>,
}

/// What changed in a unit's errors since the last run into the same output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// When the last run was (`YYYY-MM-DDTHH:MM:SSZ`).
    pub since: String,
    /// Errors found now and not then (`CODE file`).
    pub new: Vec<String>,
    /// Errors found then and not now.
    pub fixed: Vec<String>,
}

/// The report across units.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The evcheck version that made it.
    pub tool_version: &'static str,
    /// When the check ran (`YYYY-MM-DDTHH:MM:SSZ`, UTC).
    pub checked_at: String,
    /// The scheme it was checked against.
    pub scheme: SchemeInfo,
    /// One row per unit.
    pub rows: Vec<SummaryRow>,
    /// Roster findings: units that submitted nothing (`roster` info) and loose items
    /// under the root.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings counted over all units.
    pub totals: Counts,
    /// The unit kind of every roster unit (name → kind), so that units that submitted
    /// nothing show theirs too.
    pub roster_kinds: BTreeMap<String, String>,
}
