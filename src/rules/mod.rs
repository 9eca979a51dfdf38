//! Rule files: the assessment scheme as data.
//!
//! A scheme (TOML, documented in `docs/rules.md`) holds the assessment period, the
//! limits, the format policy, the unit roster, the questionnaires of each unit kind and
//! per-code severity overrides. Loading goes raw → validated in one step that collects
//! every error with its line number; unknown keys are rejected.
//!
//! The scheme of 浉河区 2022 (`rules/shihe-2022.toml`) is embedded as the default; the
//! schemes of 湛河区 2022 and 如东县 2021 ship beside it ([`SHIPPED`]).
//!
//! Submodules: [`sheet`] reads spreadsheets defensively, [`roster`] turns a contact
//! sheet (联络人表) into roster units, [`init`] turns a questionnaire spreadsheet into a
//! commented rule file (`evcheck rules init`).

#![warn(missing_docs)]

pub mod defaults;
pub mod haocha;
pub mod init;
pub mod roster;
pub mod sheet;
mod validate;

pub use init::init_from_spreadsheet;
pub use roster::roster_from_spreadsheet;

use crate::dates::{Date, DateRange};
use crate::diag::Severity;
use crate::identify::Format;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// The built-in scheme (浉河区 2022).
pub const DEFAULT_RULES: &str = include_str!("../../rules/shihe-2022.toml");
/// The file name the built-in scheme is known by.
pub const DEFAULT_RULES_NAME: &str = "shihe-2022.toml (内置)";

/// Every scheme shipped under `rules/`: (file name, text).
pub const SHIPPED: &[(&str, &str)] = &[
    ("shihe-2022.toml", DEFAULT_RULES),
    (
        "zhanhe-2022.toml",
        include_str!("../../rules/zhanhe-2022.toml"),
    ),
    (
        "rudong-2021.toml",
        include_str!("../../rules/rudong-2021.toml"),
    ),
    (
        "taiqian-haocha-2022.toml",
        include_str!("../../rules/taiqian-haocha-2022.toml"),
    ),
];

/// What kind of evidence a question asks for (000 附件2 三、佐证材料要求).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// 网页、平台截图类
    Screenshot,
    /// 实景照片类
    Photo,
    /// 真实样本统计数据类
    Statistics,
    /// 案例佐证
    Case,
    /// 清单佐证 / 台账
    List,
    /// 系统工单
    Workorder,
    /// 政策文件 / 制度文件
    Policy,
    /// 其他
    Other,
}

impl EvidenceKind {
    /// Every evidence kind, in rule-file order.
    pub const ALL: [EvidenceKind; 8] = [
        EvidenceKind::Screenshot,
        EvidenceKind::Photo,
        EvidenceKind::Statistics,
        EvidenceKind::Case,
        EvidenceKind::List,
        EvidenceKind::Workorder,
        EvidenceKind::Policy,
        EvidenceKind::Other,
    ];

    /// The rule-file identifier (`screenshot`, `photo`, …).
    pub fn id(self) -> &'static str {
        match self {
            EvidenceKind::Screenshot => "screenshot",
            EvidenceKind::Photo => "photo",
            EvidenceKind::Statistics => "statistics",
            EvidenceKind::Case => "case",
            EvidenceKind::List => "list",
            EvidenceKind::Workorder => "workorder",
            EvidenceKind::Policy => "policy",
            EvidenceKind::Other => "other",
        }
    }

    /// The kind a rule file names (`None` for an unknown name).
    pub fn from_id(s: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL.iter().copied().find(|k| k.id() == s)
    }

    /// The kind's Chinese name, as reports show it.
    pub fn label_zh(self) -> &'static str {
        match self {
            EvidenceKind::Screenshot => "网页、平台截图",
            EvidenceKind::Photo => "实景照片",
            EvidenceKind::Statistics => "统计数据",
            EvidenceKind::Case => "案例",
            EvidenceKind::List => "清单/台账",
            EvidenceKind::Workorder => "系统工单",
            EvidenceKind::Policy => "政策/制度文件",
            EvidenceKind::Other => "其他",
        }
    }
}

/// Whether evidence dates must fall inside the assessment period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodMode {
    /// Dates outside the period are errors; no date found is an info.
    Required,
    /// Dates are shown, never judged.
    Report,
    /// Dates are not looked for.
    Off,
}

impl PeriodMode {
    /// The name a rule file writes (`required`, `report`, `off`).
    pub fn id(self) -> &'static str {
        match self {
            PeriodMode::Required => "required",
            PeriodMode::Report => "report",
            PeriodMode::Off => "off",
        }
    }
}

/// `[reading] verify`: how far files are read to prove they are whole (opened by a
/// reader, archive members inflated to their end), beyond what the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verify {
    /// Where a content rule (a period not `off`, a seal) applies to the file's
    /// question, or its question is unknown; elsewhere the head identifies the file.
    Auto,
    /// Every document and picture is opened, every archive member read to its end.
    Always,
    /// Only what the enabled rules themselves read.
    Head,
}

impl Verify {
    /// Every value, in the order the documentation lists them.
    pub const ALL: [Verify; 3] = [Verify::Auto, Verify::Always, Verify::Head];

    /// The name a rule file writes (`auto`, `always`, `head`).
    pub fn id(self) -> &'static str {
        match self {
            Verify::Auto => "auto",
            Verify::Always => "always",
            Verify::Head => "head",
        }
    }

    /// The mode a rule file names (`None` for an unknown word).
    pub fn from_id(s: &str) -> Option<Verify> {
        Verify::ALL.into_iter().find(|v| v.id() == s)
    }

    /// Whether a file of `question` is opened (or, as an archive member, read to its
    /// end) to prove it is whole.
    pub fn verifies(self, question: Option<&Question>) -> bool {
        match self {
            Verify::Always => true,
            Verify::Head => false,
            // A file whose question is unknown may be evidence for any question.
            Verify::Auto => question.is_none_or(|q| q.seal || q.period != PeriodMode::Off),
        }
    }
}

/// The comment above `[reading] verify` in the built-in rule files and the template
/// `rules init` writes (a test checks the built-in files carry it).
pub(crate) const READING_COMMENT: &str = "[reading]\n\
# 文件核对深度：auto = 有内容规则（日期、盖章）的题目下的文件和未归题的文件打开核对、压缩包内文件解压到底\n\
# （只为读拍摄日期、不找印章的压缩照片只解压到日期所在的开头），\n\
# 其余只核对文件头（像 file 命令那样识别格式）；always = 每个文档、图片都打开，压缩包内每个文件都解压到底；\n\
# head = 只读规则本身需要的部分。未打开核对的文件在报告中有一条提示（U007）。\n";

/// A per-code severity override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Override {
    /// Drop the finding.
    Allow,
    /// Make it a warning.
    Warn,
    /// Make it an error.
    Deny,
    /// Make it an info.
    Info,
}

impl Override {
    /// The severity after the override, or `None` when the finding is dropped.
    pub fn apply(self) -> Option<Severity> {
        match self {
            Override::Allow => None,
            Override::Warn => Some(Severity::Warning),
            Override::Deny => Some(Severity::Error),
            Override::Info => Some(Severity::Info),
        }
    }
}

// ---------------------------------------------------------------- raw (as written)

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    scheme: RawScheme,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    archive: RawArchive,
    #[serde(default)]
    formats: RawFormats,
    #[serde(default)]
    period_policy: RawPeriodPolicy,
    #[serde(default)]
    seal: RawSeal,
    #[serde(default)]
    reading: RawReading,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Override>>,
    #[serde(default)]
    basis: BTreeMap<String, Spanned<String>>,
    #[serde(default, rename = "unit_kind")]
    unit_kinds: Vec<RawUnitKind>,
    #[serde(default, rename = "unit")]
    units: Vec<RawUnit>,
    #[serde(default)]
    roster_incomplete: Option<String>,
    #[serde(default)]
    roster_file: Option<Spanned<String>>,
    #[serde(default, rename = "questionnaire")]
    questionnaires: Vec<RawQuestionnaire>,
    #[serde(default)]
    haocha: Option<haocha::RawHaocha>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: String,
    name: String,
    #[serde(default)]
    source: String,
    period_start: Spanned<toml::value::Datetime>,
    period_end: Spanned<toml::value::Datetime>,
}

// A section a file leaves out is its `Default`; a key it leaves out is the value in
// `defaults` (through serde), or `None` for the keys whose line an error must name
// (their validator fills in the default).

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawLimits {
    warn_size_mb: Option<Spanned<f64>>,
    max_size_mb: Option<Spanned<f64>>,
    max_files_per_question: Option<Spanned<usize>>,
    max_name_chars: Option<Spanned<usize>>,
    min_photo_pixels: u64,
}

impl Default for RawLimits {
    fn default() -> Self {
        RawLimits {
            warn_size_mb: None,
            max_size_mb: None,
            max_files_per_question: None,
            max_name_chars: None,
            min_photo_pixels: defaults::MIN_PHOTO_PIXELS,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawArchive {
    max_depth: u32,
    max_entries: usize,
    max_total_mb: Option<Spanned<u64>>,
    max_member_mb: Option<Spanned<u64>>,
    max_ratio: u64,
}

impl Default for RawArchive {
    fn default() -> Self {
        RawArchive {
            max_depth: defaults::ARCHIVE_MAX_DEPTH,
            max_entries: defaults::ARCHIVE_MAX_ENTRIES,
            max_total_mb: None,
            max_member_mb: None,
            max_ratio: defaults::ARCHIVE_MAX_RATIO,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFormats {
    #[serde(default)]
    accept: Vec<Spanned<String>>,
    #[serde(default)]
    warn: Vec<Spanned<String>>,
    #[serde(default)]
    reject: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPeriodPolicy {
    default: Option<PeriodMode>,
    #[serde(default)]
    kinds: BTreeMap<String, Spanned<PeriodMode>>,
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawSeal {
    max_pixels: u64,
    max_images_per_file: usize,
    max_pages: usize,
    shapes: Option<Spanned<Vec<Spanned<String>>>>,
}

impl Default for RawSeal {
    fn default() -> Self {
        RawSeal {
            max_pixels: defaults::SEAL_MAX_PIXELS,
            max_images_per_file: defaults::SEAL_MAX_IMAGES_PER_FILE,
            max_pages: defaults::SEAL_MAX_PAGES,
            shapes: None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReading {
    verify: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnitKind {
    id: String,
    #[serde(default)]
    name_suffixes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    group: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestionnaire {
    kind: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default, rename = "question")]
    questions: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    no: Spanned<String>,
    title: String,
    #[serde(default)]
    evidence: Vec<EvidenceKind>,
    #[serde(default)]
    seal: bool,
    period: Option<PeriodMode>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    placeholder: bool,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    reminders: Vec<String>,
    #[serde(default)]
    reminders_en: Vec<String>,
    #[serde(default)]
    url: bool,
    #[serde(default)]
    category: String,
    #[serde(default)]
    scoring: String,
}

// ---------------------------------------------------------------- validated

/// Size and count limits.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Limits {
    /// Above this a file draws a warning (bytes).
    pub warn_size: u64,
    /// Above this a file is an error (bytes).
    pub max_size: u64,
    /// Files per question at most.
    pub max_files_per_question: usize,
    /// Question number + key point, in characters.
    pub max_name_chars: usize,
    /// A photo with fewer pixels than this is too small to read.
    pub min_photo_pixels: u64,
}

/// Bounds for walking archives.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArchiveLimits {
    /// How deep ZIPs may nest (1 = a ZIP inside the submission, no ZIP inside it).
    pub max_depth: u32,
    /// Entries per archive.
    pub max_entries: usize,
    /// Total inflated bytes of archive members held for one unit (all its ZIPs together).
    pub max_total: u64,
    /// Inflated bytes of one member.
    pub max_member: u64,
    /// Inflated size / compressed size.
    pub max_ratio: u64,
}

/// Which formats are accepted, warned about or rejected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FormatPolicy {
    /// Formats accepted.
    pub accept: Vec<Format>,
    /// Formats accepted with a warning.
    pub warn: Vec<Format>,
    /// Formats rejected.
    pub reject: Vec<Format>,
}

/// Verdict on a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatVerdict {
    /// Accepted.
    Accept,
    /// Accepted with a warning.
    Warn,
    /// Rejected.
    Reject,
}

impl FormatPolicy {
    /// Accept, warn or reject `f`; formats the policy does not name draw a warning.
    pub fn verdict(&self, f: Format) -> FormatVerdict {
        if self.reject.contains(&f) {
            FormatVerdict::Reject
        } else if self.accept.contains(&f) {
            FormatVerdict::Accept
        } else {
            FormatVerdict::Warn
        }
    }
}

/// Bounds for seal detection.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SealLimits {
    /// Pixels decoded per image at most (after reduced-scale decoding).
    pub max_pixels: u64,
    /// Pictures searched per file at most.
    pub max_images_per_file: usize,
    /// Pages searched per document at most (last page first).
    pub max_pages: usize,
    /// The seal outlines that count (`[seal] shapes`); a red mark of another shape is
    /// no seal.
    pub shapes: Vec<SealShape>,
}

/// The outline of a seal (`[seal] shapes`): a unit's 公章 is round; 财务专用章 and
/// 合同专用章 are often oval, personal 名章 square.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SealShape {
    /// A circle.
    Round,
    /// An ellipse (longer side 1.1–2.2 times the shorter).
    Oval,
    /// A square.
    Square,
}

impl SealShape {
    /// Every shape, in the order reports list them.
    pub const ALL: [SealShape; 3] = [SealShape::Round, SealShape::Oval, SealShape::Square];

    /// The id written in a rule file.
    pub fn id(self) -> &'static str {
        match self {
            SealShape::Round => "round",
            SealShape::Oval => "oval",
            SealShape::Square => "square",
        }
    }

    /// The shape of a rule-file id.
    pub fn from_id(id: &str) -> Option<SealShape> {
        SealShape::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The shape's name for people.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        match (self, lang) {
            (SealShape::Round, crate::diag::Lang::Zh) => "圆形",
            (SealShape::Oval, crate::diag::Lang::Zh) => "椭圆形",
            (SealShape::Square, crate::diag::Lang::Zh) => "方形",
            (SealShape::Round, crate::diag::Lang::En) => "round",
            (SealShape::Oval, crate::diag::Lang::En) => "oval",
            (SealShape::Square, crate::diag::Lang::En) => "square",
        }
    }

    /// The names of `shapes` for people, joined.
    pub fn list(shapes: &[SealShape], lang: crate::diag::Lang) -> String {
        let sep = if lang == crate::diag::Lang::Zh {
            "、"
        } else {
            ", "
        };
        shapes
            .iter()
            .map(|s| s.label(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// A kind of unit, each with its own questionnaire.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitKind {
    /// The kind's id, named by units and questionnaires.
    pub id: String,
    /// A unit not in the roster whose name ends with one of these is of this kind.
    pub name_suffixes: Vec<String>,
}

/// A unit of the roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unit {
    /// The unit's name.
    pub name: String,
    /// Its unit kind (a [`UnitKind`] id).
    pub kind: String,
    /// Its group in the roster (may be empty).
    pub group: String,
    /// Other names the unit goes by.
    pub aliases: Vec<String>,
}

/// One question of a questionnaire.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Question {
    /// Two digits or more, as written in file names (`"04"`).
    pub no: String,
    /// The question's title.
    pub title: String,
    /// The kinds of evidence it asks for.
    pub evidence: Vec<EvidenceKind>,
    /// Whether its evidence needs a seal.
    pub seal: bool,
    /// Whether its evidence must lie in the assessment period.
    pub period: PeriodMode,
    /// The source wording.
    pub source: String,
    /// Title is a placeholder (the source document does not list the question).
    pub placeholder: bool,
    /// Points the question is worth, when the scheme says.
    pub score: Option<f64>,
    /// Manual checks shown in the report.
    pub reminders: Vec<String>,
    /// The same in English (`--lang en`), one for one with `reminders`; a reminder
    /// without one (an empty text, or none given) is shown in Chinese there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reminders_en: Vec<String>,
    /// The rule asks for a web address (网址链接) with the evidence.
    pub url: bool,
    /// The indicator group the question belongs to (一级指标 / 评估项目 / 类目).
    pub category: String,
    /// How the question is scored (扣分/加分情况), as written in the source.
    pub scoring: String,
}

impl Question {
    /// The rule text to quote in a report (`依据：…`), when the scheme gives one.
    pub fn basis(&self) -> Option<String> {
        let s = self.source.trim();
        (!s.is_empty()).then(|| format!("依据：{s}"))
    }
}

/// The questionnaire of one unit kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Questionnaire {
    /// The unit kind it is for.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Its questions, in order.
    pub questions: Vec<Question>,
}

impl Questionnaire {
    /// The question numbered `no` (normalised, `"04"`).
    pub fn question(&self, no: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.no == no)
    }
}

/// A validated scheme.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rules {
    /// The scheme's id (`[scheme] id`).
    pub id: String,
    /// The scheme's full name.
    pub name: String,
    /// The documents it comes from.
    pub source: String,
    /// Where the scheme was read from (a path, or the built-in name).
    pub origin: String,
    /// The assessment period.
    pub period: DateRange,
    /// Size and count limits.
    pub limits: Limits,
    /// Bounds for walking archives.
    pub archive: ArchiveLimits,
    /// Accepted, warned and rejected formats.
    pub formats: FormatPolicy,
    /// `[period_policy] default`: the mode of a question that names none and whose
    /// evidence kinds have none.
    pub period_default: PeriodMode,
    /// Bounds of the seal search.
    pub seal: SealLimits,
    /// `[reading] verify`: how far files are read to prove they are whole.
    pub verify: Verify,
    /// Per-code severity overrides (`[severity]`).
    pub severity: BTreeMap<String, Override>,
    /// Per-code rule text quoted in reports instead of the built-in one (the scheme's
    /// own wording of a rule).
    pub basis: BTreeMap<String, String>,
    /// The unit kinds.
    pub unit_kinds: Vec<UnitKind>,
    /// The roster (from the file and its `roster_file`).
    pub units: Vec<Unit>,
    /// Set when the roster is known to be incomplete (text says what is missing).
    pub roster_incomplete: Option<String>,
    /// One questionnaire per unit kind.
    pub questionnaires: Vec<Questionnaire>,
    /// How 好差评 (ratings) evidence is scored (`[haocha]`), when the scheme says.
    pub haocha: Option<haocha::HaochaRules>,
}

/// An error in a rule file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, in Chinese (the language rule files are written in).
    pub message: String,
    /// The same in English, where the message has an English text: shown with
    /// `--lang en`. Without one the Chinese is shown there, with a note.
    pub message_en: Option<String>,
}

impl RuleError {
    /// The message in `lang`, or `None` when it has no text in `lang` (English only:
    /// every message has its Chinese text).
    pub fn message_in(&self, lang: crate::diag::Lang) -> Option<&str> {
        match lang {
            crate::diag::Lang::Zh => Some(&self.message),
            crate::diag::Lang::En => self.message_en.as_deref(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "第 {l} 行: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// All errors of a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors {
    /// The rule file (its path, or how it was given).
    pub origin: String,
    /// Its errors, in file order.
    pub errors: Vec<RuleError>,
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "规则文件 {} 有 {} 处错误:",
            self.origin,
            self.errors.len()
        )?;
        for e in &self.errors {
            writeln!(f, "  {}: {e}", self.origin)?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

const MB: f64 = 1024.0 * 1024.0;

/// An error at `span` of `src`, in Chinese only.
fn at(src: &str, span: std::ops::Range<usize>, message: String) -> RuleError {
    RuleError {
        line: Some(line_of(src, span.start)),
        message,
        message_en: None,
    }
}

/// An error at `span` of `src`, in Chinese and English.
fn at_both(src: &str, span: std::ops::Range<usize>, zh: String, en: String) -> RuleError {
    RuleError {
        message_en: Some(en),
        ..at(src, span, zh)
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Normalises a question number: `4`, `04`, `004` → `"04"` (at least two digits).
pub fn normalize_question_no(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.trim_start_matches('0').parse().unwrap_or(0);
    if n == 0 {
        return None;
    }
    Some(format!("{n:02}"))
}

impl Question {
    /// The checks a reviewer makes by hand for this question: its own reminders, then
    /// what its evidence kinds call for (000 附件2 三). Guide text, shown in reports, in
    /// Chinese and English; a reminder the rule file gives no English for has its
    /// Chinese text in `en` too.
    pub fn manual_checks(&self) -> Vec<crate::diag::Text> {
        use crate::diag::Text;
        use EvidenceKind as K;
        let mut v: Vec<Text> = self
            .reminders
            .iter()
            .enumerate()
            .map(|(i, zh)| {
                let en = self.reminders_en.get(i).filter(|e| !e.trim().is_empty());
                Text::new(zh.clone(), en.unwrap_or(zh).clone())
            })
            .collect();
        for k in &self.evidence {
            let (zh, en) = match k {
                K::Screenshot => ("截图须将网址和平台名称一并截取，并用标记工具突出重点内容；截图须归集并附网址链接，制作成单个佐证文件", "Screenshots must show the web address and the platform's name, with the key content marked; collect them, add the links and make them one evidence file"),
                K::Photo => ("照片须拍摄清晰，能充分显示题目内涵；须圈选表达重点或加文字说明，归集制作成单个佐证文件", "Photos must be sharp and show what the question asks for; circle the key points or add captions, and make them one evidence file"),
                K::Statistics => ("统计数据须完整、展示清晰，并提供经参评单位盖章确认的不可编辑版本", "Statistics must be complete and clearly presented, in a non-editable version stamped by the assessed unit"),
                K::Case | K::List | K::Workorder => ("案例、清单、系统工单的所属时间须在考评周期内", "Cases, lists and system work orders must date from within the assessment period"),
                K::Policy | K::Other => continue,
            };
            if !v.iter().any(|x| x.zh == zh) {
                v.push(Text::new(zh, en));
            }
        }
        v
    }
}

/// Tells whether a diagnostic code exists. The registry of codes sits above the rules
/// (`checks::find_code`): `crate::scheme` passes it in, so that the rules import
/// nothing above them.
pub type KnownCode<'a> = &'a dyn Fn(&str) -> bool;

impl Rules {
    // `builtin`, `load`, `parse` and `parse_at` live in `crate::scheme`: they check the
    // codes a rule file names against the registry, which sits above the rules.

    /// Reads and validates a rule file (see [`Rules::parse_with`]).
    pub fn load_with(path: &Path, known: KnownCode) -> Result<Rules, RuleErrors> {
        let origin = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|e| RuleErrors {
            origin: origin.clone(),
            errors: vec![RuleError {
                line: None,
                message: format!(
                    "无法读取规则文件: {}",
                    crate::usage::io_error(&e, crate::diag::Lang::Zh)
                ),
                message_en: Some(format!(
                    "cannot read the rule file: {}",
                    crate::usage::io_error(&e, crate::diag::Lang::En)
                )),
            }],
        })?;
        Rules::parse_with(&src, &origin, path.parent(), known)
    }

    /// Parses and validates rule-file text; `origin` names it in messages, and a
    /// relative `roster_file` is resolved against `base` (the rule file's folder), or
    /// the current directory. `known` tells which diagnostic codes exist: a per-code
    /// table naming any other code is an error at its line.
    pub fn parse_with(
        src: &str,
        origin: &str,
        base: Option<&Path>,
        known: KnownCode,
    ) -> Result<Rules, RuleErrors> {
        let fail = |errors| RuleErrors {
            origin: origin.to_owned(),
            errors,
        };
        let raw: RawRules = toml::from_str(src).map_err(|e| {
            let line = e.span().map(|s| line_of(src, s.start));
            fail(vec![RuleError {
                line,
                message: crate::usage::toml_message(e.message()),
                message_en: Some(crate::usage::toml_message_en(e.message())),
            }])
        })?;
        let mut errors = Vec::new();
        let period = validate::scheme(src, &raw.scheme, &mut errors);
        let limits = validate::limits(src, &raw.limits, &mut errors);
        let archive = validate::archive(src, &raw.archive, &mut errors);
        let format_policy = validate::formats(src, &raw.formats, &mut errors);
        let (period_default, by_kind) =
            validate::period_policy(src, &raw.period_policy, &mut errors);
        let seal = validate::seal(src, &raw.seal, &mut errors);
        let verify = validate::reading(src, &raw.reading, &mut errors);
        let (severity, basis) =
            validate::per_code(src, &raw.severity, &raw.basis, known, &mut errors);
        let unit_kinds = validate::unit_kinds(&raw.unit_kinds);
        let kind_ids: HashSet<&str> = unit_kinds.iter().map(|k| k.id.as_str()).collect();
        let (mut units, mut seen_units) = validate::units(src, &raw.units, &kind_ids, &mut errors);
        let roster_from_file = validate::roster_file(
            src,
            &raw.roster_file,
            base,
            &unit_kinds,
            &mut units,
            &mut seen_units,
            &mut errors,
        );
        let questionnaires = validate::questionnaires(
            src,
            &raw.questionnaires,
            &unit_kinds,
            &kind_ids,
            (period_default, &by_kind),
            &mut errors,
        );
        let haocha = raw
            .haocha
            .as_ref()
            .map(|h| haocha::validate(src, h, &mut errors));

        match period {
            Some(period) if errors.is_empty() => Ok(Rules {
                id: raw.scheme.id,
                name: raw.scheme.name,
                source: raw.scheme.source,
                origin: origin.to_owned(),
                period,
                limits,
                archive,
                formats: format_policy,
                period_default,
                seal,
                verify,
                severity,
                basis,
                unit_kinds,
                units,
                roster_incomplete: raw.roster_incomplete.filter(|_| !roster_from_file),
                questionnaires,
                haocha,
            }),
            _ => {
                errors.sort_by_key(|e| e.line.unwrap_or(0));
                Err(fail(errors))
            }
        }
    }

    /// Adds roster units (e.g. from [`roster_from_spreadsheet`], or the `--roster`
    /// option): a unit whose name (or alias) is already in the roster is skipped, a unit
    /// whose kind the scheme does not define takes the first kind. Returns how many
    /// were added. Once units are added the roster is no longer marked incomplete.
    pub fn add_roster(&mut self, units: Vec<Unit>) -> usize {
        let mut added = 0;
        for mut u in units {
            if u.name.trim().is_empty() || self.find_unit(&u.name).is_some() {
                continue;
            }
            if !self.unit_kinds.iter().any(|k| k.id == u.kind) {
                match self.unit_kinds.first() {
                    Some(k) => u.kind = k.id.clone(),
                    None => continue,
                }
            }
            self.units.push(u);
            added += 1;
        }
        if added > 0 {
            self.roster_incomplete = None;
        }
        added
    }

    /// Reads a roster spreadsheet and adds its units ([`Rules::add_roster`]).
    pub fn add_roster_file(&mut self, path: &Path) -> Result<usize, RuleErrors> {
        let units = roster_from_spreadsheet(path, &self.unit_kinds)?;
        Ok(self.add_roster(units))
    }

    /// The roster entry for a submission name (exact name or alias, after NFKC).
    pub fn find_unit(&self, name: &str) -> Option<&Unit> {
        let key = crate::naming::normalize(name);
        self.units.iter().find(|u| {
            crate::naming::normalize(&u.name) == key
                || u.aliases.iter().any(|a| crate::naming::normalize(a) == key)
        })
    }

    /// The unit kind of `name`: from the roster, else by name suffix, else the first kind
    /// (a validated scheme has at least one).
    pub fn kind_of(&self, name: &str) -> Option<&UnitKind> {
        let from_roster = self.find_unit(name).map(|u| u.kind.as_str());
        let kind_id = from_roster.or_else(|| {
            self.unit_kinds
                .iter()
                .find(|k| k.name_suffixes.iter().any(|s| name.ends_with(s.as_str())))
                .map(|k| k.id.as_str())
        });
        kind_id
            .and_then(|id| self.unit_kinds.iter().find(|k| k.id == id))
            .or_else(|| self.unit_kinds.first())
    }

    /// The questionnaire of a unit kind.
    pub fn questionnaire(&self, kind: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(name: &str) -> Rules {
        let (_, text) = SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} not shipped"));
        Rules::parse(text, name).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_shipped_scheme_parses_and_quotes_its_source() {
        for (name, _) in SHIPPED {
            let r = shipped(name);
            assert!(!r.questionnaires.is_empty(), "{name}");
            for q in &r.questionnaires {
                for x in &q.questions {
                    assert!(!x.title.is_empty(), "{name} {} {}", q.kind, x.no);
                    let basis = x
                        .basis()
                        .unwrap_or_else(|| panic!("{name} {} no source", x.no));
                    assert!(basis.starts_with("依据："));
                }
            }
        }
        let mut b = Rules::builtin().unwrap();
        b.origin = "shihe-2022.toml".into();
        assert_eq!(b, shipped("shihe-2022.toml"));
    }

    #[test]
    fn shihe_roster_and_questionnaires() {
        let r = shipped("shihe-2022.toml");
        let group = |g: &str| r.units.iter().filter(|u| u.group == g).count();
        assert_eq!(group("进驻单位"), 24);
        assert_eq!(group("委托单位"), 9);
        assert!(r.roster_incomplete.is_some());
        assert_eq!(r.questionnaire("区直部门").unwrap().questions.len(), 35);
        assert_eq!(r.questionnaire("乡镇街道").unwrap().questions.len(), 40);
        assert_eq!(r.kind_of("东双河镇").unwrap().id, "乡镇街道");
        assert_eq!(r.kind_of("区企业养老保险中心").unwrap().id, "区直部门");
        // 真实样本统计数据类…请务必提供经参评部门（单位）盖章确认的不可编辑版本
        for q in &r.questionnaires {
            for x in &q.questions {
                assert_eq!(
                    x.seal,
                    x.evidence.contains(&EvidenceKind::Statistics),
                    "{} {}",
                    q.kind,
                    x.no
                );
                if x.evidence.contains(&EvidenceKind::Screenshot) {
                    assert!(x.url && x.source.contains("网址"), "{} {}", q.kind, x.no);
                }
            }
        }
        assert_eq!(r.limits.max_files_per_question, 5);
        assert_eq!(r.limits.max_size, 30 * 1024 * 1024);
        assert_eq!(r.period.end.to_string(), "2022-10-31");
    }

    /// 附件1 of 湛河 says “加盖公章” six times, each on one evidence item.
    #[test]
    fn zhanhe_seals_exactly_where_the_text_says_so() {
        let r = shipped("zhanhe-2022.toml");
        let dept = r.questionnaire("区直部门").unwrap();
        assert_eq!(dept.questions.len(), 19);
        let sealed: Vec<&str> = dept
            .questions
            .iter()
            .filter(|q| q.seal)
            .map(|q| q.no.as_str())
            .collect();
        assert_eq!(sealed, ["07", "09", "10", "12", "13", "19"]);
        for q in &dept.questions {
            assert_eq!(q.seal, q.source.contains("加盖公章"), "{}", q.no);
            assert_eq!(q.url, q.source.contains("网址"), "{}", q.no);
        }
        let town = r.questionnaire("乡街道").unwrap();
        assert_eq!(town.questions.len(), 40);
        assert!(town.questions.iter().all(|q| !q.seal));
        let total: f64 = town.questions.iter().filter_map(|q| q.score).sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
        assert_eq!(town.question("40").unwrap().score, Some(5.0));
        assert!(town.question("41").is_none());
        assert!(!town.question("20").unwrap().scoring.is_empty());
        assert_eq!(r.kind_of("曹镇乡").unwrap().id, "乡街道");
        assert_eq!(r.kind_of("某某街道").unwrap().id, "乡街道");
    }

    #[test]
    fn rudong_numbering_is_section_times_100_plus_item() {
        let r = shipped("rudong-2021.toml");
        let q = r.questionnaire("镇区街道").unwrap();
        let nos: Vec<&str> = q.questions.iter().map(|q| q.no.as_str()).collect();
        assert_eq!(
            nos,
            ["101", "102", "103", "104", "105", "106", "107", "201", "202", "203", "204", "205"]
        );
        let total: f64 = q.questions.iter().filter_map(|q| q.score).sum();
        assert!((total - 1.5).abs() < 1e-9, "{total}");
        assert_eq!(q.question("103").unwrap().title, "全科政务服务");
        assert_eq!(normalize_question_no("0103").as_deref(), Some("103"));
        // 103 exists in 如东 but in neither questionnaire of 浉河.
        let shihe = shipped("shihe-2022.toml");
        assert!(shihe
            .questionnaires
            .iter()
            .all(|x| x.question("103").is_none()));
    }

    const GOOD: &str = r#"[scheme]
id = "t"
name = "t"
period_start = 2022-01-01
period_end = 2022-10-31
[formats]
accept = ["pdf"]
[severity]
S001 = "warn"
[[unit_kind]]
id = "a"
[[unit]]
name = "u"
kind = "a"
[[questionnaire]]
kind = "a"
[[questionnaire.question]]
no = "1"
title = "x"
[[questionnaire.question]]
no = "2"
title = "y"
"#;

    fn with_line(line: usize, text: &str) -> String {
        GOOD.lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == line { text } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn bad_files_name_their_line() {
        let good = Rules::parse(GOOD, "t").unwrap();
        assert_eq!(good.severity.get("S001"), Some(&Override::Warn));
        let cases: [(&str, usize, &str, &str); 10] = [
            ("unknown key", 7, "acept = [\"pdf\"]", "acept"),
            ("wrong type", 7, "accept = \"pdf\"", ""),
            (
                "unknown format",
                7,
                "accept = [\"pdf\", \"docz\"]",
                "未知格式 \"docz\"",
            ),
            (
                "unknown unit kind",
                14,
                "kind = \"b\"",
                "未在 [[unit_kind]] 中定义",
            ),
            ("duplicate question", 21, "no = \"01\"", "题目序号 01 重复"),
            ("bad question number", 21, "no = \"2a\"", "不是正整数"),
            ("unknown severity code", 9, "Z999 = \"warn\"", "Z999"),
            ("unknown severity", 9, "S001 = \"loud\"", ""),
            (
                "period end before start",
                5,
                "period_end = 2021-10-31",
                "早于",
            ),
            ("date as text", 4, "period_start = \"2022\"", ""),
        ];
        for (what, line, text, needle) in cases {
            let src = with_line(line, text);
            let e = Rules::parse(&src, "t.toml").expect_err(what);
            assert_eq!(e.errors[0].line, Some(line), "{what}: {e}");
            assert!(e.errors[0].message.contains(needle), "{what}: {e}");
            assert!(e.to_string().contains(&format!("第 {line} 行")), "{what}");
        }
    }

    /// Limits that would overflow a byte count, or make no sense, are errors on their
    /// own line, never a panic or a silent wrap to 0.
    #[test]
    fn limits_out_of_range_name_their_line() {
        let cases = [
            (
                "[archive]\nmax_total_mb = 18446744073709551615",
                "max_total_mb",
            ),
            ("[archive]\nmax_member_mb = 0", "max_member_mb"),
            ("[limits]\nmax_size_mb = 1e300", "max_size_mb"),
            (
                "[limits]\nwarn_size_mb = 40.0\nmax_size_mb = 30.0",
                "warn_size_mb",
            ),
            (
                "[limits]\nmax_files_per_question = 0",
                "max_files_per_question",
            ),
        ];
        for (table, needle) in cases {
            let src = GOOD.replace("[severity]", &format!("{table}\n[severity]"));
            let e = Rules::parse(&src, "t.toml").expect_err(table);
            assert_eq!(e.errors[0].line, Some(9), "{table}: {e}");
            assert!(e.errors[0].message.contains(needle), "{table}: {e}");
        }
        let big = GOOD.replace("[severity]", "[archive]\nmax_total_mb = 4096\n[severity]");
        let r = Rules::parse(&big, "t").unwrap();
        assert_eq!(r.archive.max_total, 4096 * 1024 * 1024);
    }

    #[test]
    fn seal_shapes_are_checked_and_kept_in_report_order() {
        let with = |t: &str| GOOD.replace("[severity]", &format!("[seal]\n{t}\n[severity]"));
        let r = Rules::parse(
            &with("shapes = [\"square\", \"round\", \"oval\", \"round\"]"),
            "t",
        )
        .unwrap();
        assert_eq!(r.seal.shapes, SealShape::ALL.to_vec());
        assert_eq!(
            Rules::parse(GOOD, "t").unwrap().seal.shapes,
            SealShape::ALL.to_vec()
        );
        assert_eq!(
            Rules::parse(&with("shapes = [\"round\"]"), "t")
                .unwrap()
                .seal
                .shapes,
            vec![SealShape::Round]
        );
        for (text, needle) in [
            ("shapes = [\"round\", \"triangle\"]", "triangle"),
            ("shapes = []", "至少"),
        ] {
            let e = Rules::parse(&with(text), "t.toml").expect_err(text);
            assert_eq!(e.errors[0].line, Some(9), "{text}: {e}");
            assert!(e.errors[0].message.contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn basis_table_quotes_the_schemes_own_wording() {
        let src = GOOD.replace(
            "[severity]\nS001 = \"warn\"",
            "[severity]\nS001 = \"warn\"\n[basis]\nT001 = \"  提供……（加盖公章）电子版  \"",
        );
        let r = Rules::parse(&src, "t").unwrap();
        assert_eq!(
            r.basis.get("T001").map(String::as_str),
            Some("提供……（加盖公章）电子版")
        );
        for (line, needle) in [("Z999 = \"x\"", "Z999"), ("T001 = \"  \"", "依据为空")] {
            let bad = GOOD.replace(
                "[severity]\nS001 = \"warn\"",
                &format!("[severity]\nS001 = \"warn\"\n[basis]\n{line}"),
            );
            let e = Rules::parse(&bad, "t").unwrap_err();
            assert_eq!(e.errors[0].line, Some(11), "{e}");
            assert!(e.errors[0].message.contains(needle), "{e}");
        }
    }

    #[test]
    fn questionnaire_for_an_undefined_kind_and_a_kind_without_one() {
        let src = GOOD.replace(
            "[[questionnaire]]\nkind = \"a\"",
            "[[questionnaire]]\nkind = \"b\"",
        );
        let e = Rules::parse(&src, "t").unwrap_err();
        assert_eq!(e.errors.len(), 2, "{e}");
        assert!(e.errors.iter().any(|x| x.line == Some(16)));
        assert!(e
            .errors
            .iter()
            .any(|x| x.line.is_none() && x.message.contains("没有问卷")));
    }

    fn roster_xlsx(dir: &Path, rows: &[&str]) -> std::path::PathBuf {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "单位名称").unwrap();
        for (i, name) in rows.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *name).unwrap();
        }
        let p = dir.join("联络人表.xlsx");
        wb.save(&p).unwrap();
        p
    }

    #[test]
    fn roster_file_is_read_relative_to_the_rule_file() {
        let dir = tempfile::tempdir().unwrap();
        roster_xlsx(dir.path(), &["u", "新单位", "东双河镇"]);
        let rule = dir.path().join("r.toml");
        std::fs::write(
            &rule,
            format!("roster_file = \"联络人表.xlsx\"\nroster_incomplete = \"x\"\n{GOOD}"),
        )
        .unwrap();
        let r = Rules::load(&rule).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = r.units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["u", "新单位", "东双河镇"]);
        assert_eq!(r.find_unit("东双河镇").unwrap().kind, "a");
        assert!(r.roster_incomplete.is_none());
        // A missing roster file is an error on the roster_file line.
        std::fs::write(&rule, format!("roster_file = \"无.xlsx\"\n{GOOD}")).unwrap();
        let e = Rules::load(&rule).unwrap_err();
        assert_eq!(e.errors[0].line, Some(1), "{e}");
        assert!(e.errors[0].message.contains("无.xlsx"));
    }

    #[test]
    fn add_roster_skips_known_units_and_clears_incomplete() {
        let mut r = Rules::builtin().unwrap();
        let before = r.units.len();
        let dir = tempfile::tempdir().unwrap();
        let p = roster_xlsx(
            dir.path(),
            &[
                "区发改委",
                "董家河镇",
                "谭家河乡",
                "区人社局（区企业养老保险中心）",
            ],
        );
        let added = r.add_roster_file(&p).unwrap();
        assert_eq!(added, 2);
        assert_eq!(r.units.len(), before + 2);
        assert_eq!(r.find_unit("谭家河乡").unwrap().kind, "乡镇街道");
        assert!(r.roster_incomplete.is_none());
        let odd = Unit {
            name: "某中心".into(),
            kind: "不存在".into(),
            group: String::new(),
            aliases: vec![],
        };
        assert_eq!(r.add_roster(vec![odd]), 1);
        assert_eq!(r.find_unit("某中心").unwrap().kind, "区直部门");
    }
}
