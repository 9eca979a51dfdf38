//! The `[haocha]` section of a rule file: how a unit's 好差评 (ratings) evidence is
//! scored (台前县政务服务“好差评”考核细则(试行), 第七条 and 第十五条).
//!
//! Every number is written with the sentence it comes from:
//!
//! ```toml
//! [haocha]
//! full_rate = { value = 95, source = "评价数量占办件总量百分比达95%及以上的，得满分" }
//! ```
//!
//! Validation rejects unknown keys, a number whose `source` does not contain it (as
//! written: `95`, `30`, …), rates outside 0–100, a zero rate above the full rate,
//! duplicate level names and a scheme without a 差评 level; every error names its line.

#![warn(missing_docs)]

use super::{at_both, RuleError};
use serde::Deserialize;
use toml::Spanned;

/// A number of the scoring text, with its source sentence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNumber {
    value: f64,
    #[serde(default)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevel {
    name: String,
    points: f64,
    #[serde(default)]
    bad: bool,
    #[serde(default)]
    source: String,
}

/// `[haocha]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHaocha {
    #[serde(default)]
    source: String,
    question: Option<Spanned<String>>,
    full_marks: Spanned<RawNumber>,
    full_rate: Spanned<RawNumber>,
    zero_rate: Spanned<RawNumber>,
    bad_deduction: Spanned<RawNumber>,
    unrectified_score: Spanned<RawNumber>,
    rectify_days: Option<Spanned<RawNumber>>,
    #[serde(default)]
    bad_source: Option<Spanned<String>>,
    #[serde(default, rename = "level")]
    levels: Vec<Spanned<RawLevel>>,
}

/// A number of the scheme and the words it is quoted from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quoted {
    /// The number.
    pub value: f64,
    /// The words of the scheme it is taken from.
    pub source: String,
}

/// One rating level (第七条: 非常满意 10 分 … 非常不满意 0 分).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Level {
    /// The level's name (`非常满意`).
    pub name: String,
    /// Points a rating of this level gives.
    pub points: f64,
    /// A 差评 (第十七条: “不满意”或“非常不满意”), quoted in `bad_source`.
    pub bad: bool,
    /// The words of the scheme that give the level its points.
    pub source: String,
}

/// The validated `[haocha]` section.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HaochaRules {
    /// The document the section comes from.
    pub source: String,
    /// Only files of this question are read as ratings evidence; `None`: any file.
    pub question: Option<String>,
    /// The item's full score (百分制: 100).
    pub full_marks: Quoted,
    /// Rating rate (percent) at or above which the item can score full marks.
    pub full_rate: Quoted,
    /// Rating rate (percent) below which the item scores nothing.
    pub zero_rate: Quoted,
    /// Percent of the full score taken off per 差评.
    pub bad_deduction: Quoted,
    /// The score when a 差评 was not rectified in time.
    pub unrectified_score: Quoted,
    /// Days after the rating within which a 差评 must be rectified; `None` when the
    /// scheme sets no limit (the 台前 text says only “及时”).
    pub rectify_days: Option<Quoted>,
    /// The rating levels, best first.
    pub levels: Vec<Level>,
    /// The sentence that says which levels are 差评.
    pub bad_source: String,
}

impl HaochaRules {
    /// The level a cell names (exact, after removing white space).
    pub fn level(&self, cell: &str) -> Option<&Level> {
        let key: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        self.levels.iter().find(|l| l.name == key)
    }
}

/// How a number is written in its source: `95`, `0.5`.
fn written(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Whether `source` writes the number `w` (`百分制` for a full score of 100, `不得分`
/// for a score of 0).
fn quotes(source: &str, w: &str, full_marks: bool) -> bool {
    source.contains(w)
        || (full_marks && w == "100" && source.contains("百分制"))
        || (w == "0" && source.contains("不得分"))
}

fn number(
    src: &str,
    key: &str,
    n: &Spanned<RawNumber>,
    errors: &mut Vec<RuleError>,
    percent: bool,
) -> Quoted {
    let r = n.get_ref();
    let source = r.source.trim().to_owned();
    let w = written(r.value);
    if !r.value.is_finite() || r.value < 0.0 || (percent && r.value > 100.0) {
        let range = if percent { "0–100" } else { "≥ 0" };
        errors.push(at_both(
            src,
            n.span(),
            format!("[haocha] {key} 的 value 必须在 {range} 之间"),
            format!("[haocha] {key}: value must be within {range}"),
        ));
    } else if source.is_empty() {
        errors.push(at_both(
            src,
            n.span(),
            format!("[haocha] {key} 缺少 source：请引用细则中写出该数字的原文"),
            format!(
                "[haocha] {key} has no source: quote the text of the rules that states this number"
            ),
        ));
    } else if !quotes(&source, &w, key == "full_marks") {
        errors.push(at_both(
            src,
            n.span(),
            format!(
                "[haocha] {key} = {w}，但 source 原文中没有这个数字：请核对数字或引用写出它的原文"
            ), format!("[haocha] {key} = {w}, but the quoted source does not contain this number: check the number or quote the text that states it"),
        ));
    }
    Quoted {
        value: r.value,
        source,
    }
}

/// Validates `[haocha]`; errors go to `errors` (with lines), the section is returned
/// either way so that further checks can run.
pub(crate) fn validate(src: &str, raw: &RawHaocha, errors: &mut Vec<RuleError>) -> HaochaRules {
    let full_marks = number(src, "full_marks", &raw.full_marks, errors, false);
    let full_rate = number(src, "full_rate", &raw.full_rate, errors, true);
    let zero_rate = number(src, "zero_rate", &raw.zero_rate, errors, true);
    let bad_deduction = number(src, "bad_deduction", &raw.bad_deduction, errors, true);
    let unrectified_score = number(
        src,
        "unrectified_score",
        &raw.unrectified_score,
        errors,
        false,
    );
    if zero_rate.value > full_rate.value {
        errors.push(at_both(
            src,
            raw.zero_rate.span(),
            "[haocha] zero_rate 不能高于 full_rate".into(),
            "[haocha] zero_rate must not be higher than full_rate".into(),
        ));
    }
    if full_marks.value <= 0.0 {
        errors.push(at_both(
            src,
            raw.full_marks.span(),
            "[haocha] full_marks 必须大于 0".into(),
            "[haocha] full_marks must be greater than 0".into(),
        ));
    }
    if unrectified_score.value > full_marks.value {
        errors.push(at_both(
            src,
            raw.unrectified_score.span(),
            "[haocha] unrectified_score 不能高于 full_marks".into(),
            "[haocha] unrectified_score must not be higher than full_marks".into(),
        ));
    }
    let rectify_days = raw.rectify_days.as_ref().map(|d| {
        let q = number(src, "rectify_days", d, errors, false);
        if q.value.fract() != 0.0 {
            errors.push(at_both(
                src,
                d.span(),
                "[haocha] rectify_days 必须是整数天".into(),
                "[haocha] rectify_days must be a whole number of days".into(),
            ));
        }
        q
    });
    let question = raw.question.as_ref().and_then(|q| {
        let n = super::normalize_question_no(q.get_ref());
        if n.is_none() {
            errors.push(at_both(
                src,
                q.span(),
                format!("[haocha] question \"{}\" 不是正整数", q.get_ref()),
                format!(
                    "[haocha] question \"{}\" is not a positive whole number",
                    q.get_ref()
                ),
            ));
        }
        n
    });
    let mut levels: Vec<Level> = Vec::new();
    for l in &raw.levels {
        let r = l.get_ref();
        let name: String = r.name.chars().filter(|c| !c.is_whitespace()).collect();
        let source = r.source.trim().to_owned();
        if name.is_empty() {
            errors.push(at_both(
                src,
                l.span(),
                "[[haocha.level]] name 不能为空".into(),
                "[[haocha.level]] name must not be empty".into(),
            ));
        } else if levels.iter().any(|x| x.name == name) {
            errors.push(at_both(
                src,
                l.span(),
                format!("[[haocha.level]] 等级 \"{name}\" 重复"),
                format!("[[haocha.level]] level \"{name}\" is given twice"),
            ));
        }
        if !r.points.is_finite() || r.points < 0.0 {
            errors.push(at_both(
                src,
                l.span(),
                format!("[[haocha.level]] \"{name}\" 的 points 必须 ≥ 0"),
                format!("[[haocha.level]] \"{name}\": points must be ≥ 0"),
            ));
        }
        let w = format!("{}分", written(r.points));
        if source.is_empty() || !source.contains(&name) {
            errors.push(at_both(
                src,
                l.span(),
                format!("[[haocha.level]] \"{name}\" 的 source 须引用写出该等级的原文"), format!("[[haocha.level]] \"{name}\": source must quote the text of the rules that states this level"),
            ));
        } else if !source.contains(&w) {
            errors.push(at_both(
                src,
                l.span(),
                format!("[[haocha.level]] \"{name}\" = {w}，但 source 原文中没有“{w}”"), format!("[[haocha.level]] \"{name}\" = {w}, but the quoted source does not contain \"{w}\""),
            ));
        }
        levels.push(Level {
            name,
            points: r.points,
            bad: r.bad,
            source,
        });
    }
    if levels.is_empty() {
        errors.push(at_both(
            src,
            raw.full_marks.span(),
            "[haocha] 至少需要一个 [[haocha.level]] 评价等级".into(),
            "[haocha] at least one [[haocha.level]] rating level is needed".into(),
        ));
    } else if !levels.iter().any(|l| l.bad) {
        errors.push(at_both(
            src,
            raw.levels[0].span(),
            "[haocha] 没有标为 bad = true 的差评等级".into(),
            "[haocha] no rating level is marked bad = true".into(),
        ));
    }
    let bad_source = raw
        .bad_source
        .as_ref()
        .map(|s| s.get_ref().trim().to_owned())
        .unwrap_or_default();
    for l in levels.iter().filter(|l| l.bad) {
        if !bad_source.contains(&l.name) {
            let span = raw
                .bad_source
                .as_ref()
                .map(|s| s.span())
                .unwrap_or_else(|| raw.full_marks.span());
            errors.push(at_both(
                src,
                span,
                format!("[haocha] bad_source 须引用把“{}”算作差评的原文", l.name), format!("[haocha] bad_source must quote the text of the rules that counts \"{}\" as a bad rating", l.name),
            ));
        }
    }
    HaochaRules {
        source: raw.source.trim().to_owned(),
        question,
        full_marks,
        full_rate,
        zero_rate,
        bad_deduction,
        unrectified_score,
        rectify_days,
        levels,
        bad_source,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{Rules, SHIPPED};

    fn taiqian() -> &'static str {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == "taiqian-haocha-2022.toml")
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("taiqian scheme not shipped"))
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no line starting with {needle}"))
    }

    #[test]
    fn shipped_section_quotes_every_number() {
        let h = Rules::parse(taiqian(), "t").unwrap().haocha.unwrap();
        assert_eq!(h.full_marks.value, 100.0);
        assert_eq!(h.full_rate.value, 95.0);
        assert_eq!(h.zero_rate.value, 70.0);
        assert_eq!(h.bad_deduction.value, 30.0);
        assert_eq!(h.unrectified_score.value, 0.0);
        assert!(h.rectify_days.is_none(), "细则未规定整改天数");
        assert_eq!(h.question.as_deref(), Some("01"));
        let levels: Vec<(&str, f64, bool)> = h
            .levels
            .iter()
            .map(|l| (l.name.as_str(), l.points, l.bad))
            .collect();
        assert_eq!(
            levels,
            [
                ("非常满意", 10.0, false),
                ("满意", 8.0, false),
                ("基本满意", 6.0, false),
                ("不满意", 3.0, true),
                ("非常不满意", 0.0, true)
            ]
        );
        for q in [&h.full_rate, &h.zero_rate, &h.bad_deduction] {
            assert!(q.source.contains(&format!("{}%", q.value)), "{q:?}");
        }
        assert_eq!(h.level(" 满 意 ").map(|l| l.points), Some(8.0));
        assert!(h.level("好评").is_none());
    }

    /// Each broken section names the line of the key at fault.
    #[test]
    fn bad_sections_name_their_line() {
        let text = taiqian();
        let cases: [(&str, &str, &str, &str); 7] = [
            (
                "number not in its source",
                "full_rate = ",
                "full_rate = { value = 90, source = \"评价数量占办件总量百分比达95%及以上的，得满分\" }",
                "没有这个数字",
            ),
            (
                "no source",
                "bad_deduction = ",
                "bad_deduction = { value = 30 }",
                "缺少 source",
            ),
            (
                "rate above 100",
                "zero_rate = ",
                "zero_rate = { value = 170, source = \"170\" }",
                "0–100",
            ),
            (
                "zero rate above full rate",
                "zero_rate = ",
                "zero_rate = { value = 96, source = \"96%以下\" }",
                "不能高于 full_rate",
            ),
            (
                "unknown key",
                "question = ",
                "questoin = \"01\"",
                "questoin",
            ),
            (
                "bad question number",
                "question = ",
                "question = \"一\"",
                "不是正整数",
            ),
            (
                "bad level not quoted as 差评",
                "bad_source = ",
                "bad_source = \"第十七条 工作人员收到“不满意”评价时\"",
                "非常不满意",
            ),
        ];
        for (what, start, replacement, needle) in cases {
            let line = line_of(text, start);
            let src: String = text
                .lines()
                .enumerate()
                .map(|(i, l)| if i + 1 == line { replacement } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            let e = Rules::parse(&src, "t.toml").expect_err(what);
            assert_eq!(e.errors[0].line, Some(line), "{what}: {e}");
            assert!(e.errors[0].message.contains(needle), "{what}: {e}");
            // `--lang en` has an English text, Chinese only inside the quoted values.
            let en = e.errors[0].message_in(crate::diag::Lang::En);
            let en = en.unwrap_or_else(|| panic!("{what}: no English text: {e}"));
            let unquoted: String = en.split('"').step_by(2).collect();
            assert!(
                !unquoted
                    .chars()
                    .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                        || ('\u{ff00}'..='\u{ffef}').contains(&c)),
                "{what}: {en}"
            );
        }
    }

    #[test]
    fn level_points_must_be_quoted_and_unique() {
        let text = taiqian();
        let src = text.replacen("points = 8\n", "points = 9\n", 1);
        let e = Rules::parse(&src, "t").unwrap_err();
        assert!(e.errors[0].message.contains("9分"), "{e}");
        let src = text.replacen("name = \"满意\"", "name = \"非常满意\"", 1);
        let e = Rules::parse(&src, "t").unwrap_err();
        assert!(e.errors.iter().any(|x| x.message.contains("重复")), "{e}");
        let line = e
            .errors
            .iter()
            .find(|x| x.message.contains("重复"))
            .and_then(|x| x.line)
            .unwrap();
        assert!(
            text.lines()
                .nth(line - 1)
                .is_some_and(|l| l.contains("name") || l.contains("haocha.level")),
            "{line}"
        );
        // No 差评 level at all.
        let src = text.replace("bad = true\n", "");
        let e = Rules::parse(&src, "t").unwrap_err();
        assert!(
            e.errors.iter().any(|x| x.message.contains("差评等级")),
            "{e}"
        );
    }

    #[test]
    fn schemes_without_the_section_have_none() {
        assert!(Rules::builtin().unwrap().haocha.is_none());
    }
}
