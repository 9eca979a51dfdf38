//! Diagnostics: what a check found, in a form every report is made from.
//!
//! A [`Diagnostic`] carries a stable code (`N003`), the rule family it belongs to,
//! a severity, the file (a virtual path from the unit's root, archive members as
//! `a.zip/inner/x.pdf`), the question it concerns, and the message and fix in both
//! languages. The report chooses the language when it is written.
//!
//! Every code is declared once as a [`Code`] constant in the module of its rule
//! family (`checks::naming`, `checks::format`, …) and listed in the registry above the
//! families (`checks::all_codes`), so the documentation and the uniqueness test see all
//! of them. This module is a ground-floor data type: it imports nothing of the crate.

#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How bad a finding is. Ordered: errors sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 错误: the submission will be rejected.
    Error,
    /// 警告: likely a problem, or a problem a reviewer may forgive.
    Warning,
    /// 提示: information, or something to check by hand.
    Info,
}

impl Severity {
    /// The label shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }

    /// All severities, worst first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The JSON/CSV name (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        self.label(Lang::En)
    }
}

/// The rule family a diagnostic belongs to (the `rule` field of the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleFamily {
    /// 命名: file names (unit, question number, key point).
    Naming,
    /// 格式: file formats.
    Format,
    /// 大小: file sizes.
    Size,
    /// 数量: files per question, questions without evidence.
    Count,
    /// 考评周期: dates inside the assessment period.
    Period,
    /// 盖章: seals where a question asks for one.
    Stamp,
    /// 压缩包: how evidence is packed.
    Archive,
    /// 无关文件: files that are not evidence.
    Junk,
    /// 无法读取: files that cannot be read.
    Unreadable,
    /// 单位名单: units of the roster.
    Roster,
    /// 好差评: ratings (好差评) exports and claims.
    Haocha,
}

impl RuleFamily {
    /// All families, in report order.
    pub const ALL: [RuleFamily; 11] = [
        RuleFamily::Naming,
        RuleFamily::Format,
        RuleFamily::Size,
        RuleFamily::Count,
        RuleFamily::Period,
        RuleFamily::Stamp,
        RuleFamily::Archive,
        RuleFamily::Junk,
        RuleFamily::Unreadable,
        RuleFamily::Roster,
        RuleFamily::Haocha,
    ];

    /// The JSON name (`naming`, `format`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleFamily::Naming => "naming",
            RuleFamily::Format => "format",
            RuleFamily::Size => "size",
            RuleFamily::Count => "count",
            RuleFamily::Period => "period",
            RuleFamily::Stamp => "stamp",
            RuleFamily::Archive => "archive",
            RuleFamily::Junk => "junk",
            RuleFamily::Unreadable => "unreadable",
            RuleFamily::Roster => "roster",
            RuleFamily::Haocha => "haocha",
        }
    }

    /// The Chinese name shown in reports.
    pub fn label(self, lang: Lang) -> &'static str {
        if lang == Lang::En {
            return self.as_str();
        }
        match self {
            RuleFamily::Naming => "命名",
            RuleFamily::Format => "格式",
            RuleFamily::Size => "大小",
            RuleFamily::Count => "数量",
            RuleFamily::Period => "考评周期",
            RuleFamily::Stamp => "盖章",
            RuleFamily::Archive => "压缩包",
            RuleFamily::Junk => "无关文件",
            RuleFamily::Unreadable => "无法读取",
            RuleFamily::Roster => "单位名单",
            RuleFamily::Haocha => "好差评",
        }
    }
}

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its Chinese and English wording.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A diagnostic code: declared once, as a constant, in its rule family's module.
///
/// A code is identified by its [`id`](Code::id): two codes are equal, ordered and
/// hashed as their ids are (the ids are unique, `checks::all_codes` is tested for it),
/// it is shown (`Display`) and serialised as its id, so maps keyed by codes read as
/// maps keyed by ids.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// Stable identifier, e.g. `N003`.
    pub id: &'static str,
    /// The rule family the code belongs to.
    pub rule: RuleFamily,
    /// Severity unless the scheme overrides it.
    pub severity: Severity,
    /// One-line title, Chinese.
    pub title_zh: &'static str,
    /// One-line title, English.
    pub title_en: &'static str,
    /// The sentence of the source document this code implements (Chinese original).
    pub basis: &'static str,
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.id == other.id
    }
}

impl Eq for Code {}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The code: its declaration (id such as `N003`, title, rule family, rule text), so
    /// that nothing looks the id up again. Serialised as its id.
    pub code: &'static Code,
    /// The rule family (the code's).
    pub rule: RuleFamily,
    /// How bad it is: the code's severity, or the scheme's override.
    pub severity: Severity,
    /// Virtual path from the unit's root (`a.zip/inner/x.pdf`); `None` for unit-level findings.
    pub file: Option<String>,
    /// Question number (`"04"`) the finding concerns, when known.
    pub question: Option<String>,
    /// What is wrong.
    pub message: Text,
    /// What to do about it.
    pub fix: Text,
    /// The rule text it comes from (Chinese original): the code's built-in text, or the
    /// scheme's own wording (`[basis]` in the rule file).
    pub basis: Cow<'static, str>,
    /// The unit a finding about the whole run concerns (a roster unit that submitted
    /// nothing), when it is not the unit whose report holds it.
    pub subject: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `code` with its default severity.
    pub fn new(code: &'static Code, file: Option<&str>, message: Text, fix: Text) -> Self {
        Diagnostic {
            code,
            rule: code.rule,
            severity: code.severity,
            file: file.map(str::to_owned),
            question: None,
            message,
            fix,
            basis: Cow::Borrowed(code.basis),
            subject: None,
        }
    }

    /// Sets the unit a run-level finding concerns.
    pub fn with_subject(mut self, unit: &str) -> Self {
        self.subject = Some(unit.to_owned());
        self
    }

    /// Sets the question the finding concerns.
    pub fn with_question(mut self, question: Option<&str>) -> Self {
        self.question = question.map(str::to_owned);
        self
    }

    /// The code's title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.code.title_zh,
            Lang::En => self.code.title_en,
        }
    }

    /// Overrides the severity (e.g. naming inside archives is a warning).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}
