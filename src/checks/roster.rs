//! The `roster` rule family: units of the roster that submitted nothing, and
//! submissions whose unit is not in the roster.

#![warn(missing_docs)]

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::rules::Rules;

/// `R001`: roster unit submitted nothing.
pub const R001: Code = Code {
    id: "R001",
    rule: RuleFamily::Roster,
    severity: Severity::Info,
    title_zh: "名单中的单位未提交",
    title_en: "roster unit submitted nothing",
    basis: "参与1-10月绩效窗口单位政务服务能力绩效考评的部门",
};
/// `R002`: submission from a unit not in the roster.
pub const R002: Code = Code {
    id: "R002",
    rule: RuleFamily::Roster,
    severity: Severity::Warning,
    title_zh: "提交单位不在名单中",
    title_en: "submission from a unit not in the roster",
    basis: "参与1-10月绩效窗口单位政务服务能力绩效考评的部门",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&R001, &R002];

/// A submission whose unit is not in the roster.
pub fn not_in_roster(unit: &str, rules: &Rules) -> Option<Diagnostic> {
    if rules.find_unit(unit).is_some() {
        return None;
    }
    let kind = rules.kind_of(unit).map(|k| k.id.as_str()).unwrap_or("");
    Some(Diagnostic::new(
        &R002,
        None,
        Text::new(
            format!("单位“{unit}”不在方案“{}”的名单中，按“{kind}”问卷检查", rules.name),
            format!("unit \"{unit}\" is not in the roster of \"{}\"; checked against the \"{kind}\" questionnaire", rules.name),
        ),
        Text::new(
            "核对文件夹或压缩包名称是否为单位全称；如名单缺少该单位，请在规则文件中补充",
            "check that the folder or ZIP carries the unit's full name; if the roster lacks the unit, add it to the rule file",
        ),
    ))
}

/// Roster units among `submitted` (names as submitted) that are missing.
pub fn missing_units(submitted: &[String], rules: &Rules) -> Vec<Diagnostic> {
    rules
        .units
        .iter()
        .filter(|u| {
            !submitted
                .iter()
                .any(|s| rules.find_unit(s).is_some_and(|found| found.name == u.name))
        })
        .map(|u| {
            Diagnostic::new(
                &R001,
                None,
                Text::new(
                    format!("名单中的单位“{}”（{}）未提交材料", u.name, u.group),
                    format!("roster unit \"{}\" ({}) submitted nothing", u.name, u.group),
                ),
                Text::new(
                    "联系该单位提交，或确认其文件夹名称为单位全称",
                    "contact the unit, or check that its folder carries its full name",
                ),
            )
            .with_subject(&u.name)
        })
        .collect()
}
