//! The `naming` rule family: `单位-题目序号-佐证关键点`.
//!
//! Turns the [`Issue`]s that [`crate::naming::analyze_with_hint`] finds into
//! diagnostics, one per code, each with the corrected name when it can be derived.
//! Structure, unit, question number, length, extension and character problems are
//! errors; cosmetic ones (spaces, dash look-alikes, `4` for `04`, doubled extensions)
//! are warnings. Members of an evidence archive get warnings only: the rule asks that
//! archived files be named too, but reviewers judge the archive by its own name.

#![warn(missing_docs)]

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::naming::{analyze_with_hint, question_from_dir, Issue, NameAnalysis, NameContext};

/// The rule sentence every naming code implements (000 附件2 三、4).
pub const BASIS: &str = "上传文件及存档文件均应命名为“XX单位/乡镇（街道）-题目序号-佐证关键点”（其中题目序号加佐证关键点应该在20字以内）。以“东双河镇”为例，文件应命名为“东双河镇-04-建筑面积”。";

const fn code(id: &'static str, severity: Severity, zh: &'static str, en: &'static str) -> Code {
    Code {
        id,
        rule: RuleFamily::Naming,
        severity,
        title_zh: zh,
        title_en: en,
        basis: BASIS,
    }
}

/// `N001`: file name does not follow 单位-题目序号-佐证关键点.
pub const N001: Code = code(
    "N001",
    Severity::Error,
    "文件名不符合“单位-题目序号-佐证关键点”格式",
    "file name does not follow 单位-题目序号-佐证关键点",
);
/// `N002`: file name lacks the unit.
pub const N002: Code = code(
    "N002",
    Severity::Error,
    "文件名缺少单位名称",
    "file name lacks the unit",
);
/// `N003`: parts of the file name in the wrong order.
pub const N003: Code = code(
    "N003",
    Severity::Error,
    "文件名各部分顺序颠倒",
    "parts of the file name in the wrong order",
);
/// `N004`: unit in the file name is not the submitting unit.
pub const N004: Code = code(
    "N004",
    Severity::Error,
    "文件名中的单位不是报送单位",
    "unit in the file name is not the submitting unit",
);
/// `N005`: unit name in the file name incomplete or altered.
pub const N005: Code = code(
    "N005",
    Severity::Error,
    "文件名中的单位名称不完整或不规范",
    "unit name in the file name incomplete or altered",
);
/// `N006`: file name lacks the question number.
pub const N006: Code = code(
    "N006",
    Severity::Error,
    "文件名缺少题目序号",
    "file name lacks the question number",
);
/// `N007`: question number not in the unit's questionnaire.
pub const N007: Code = code(
    "N007",
    Severity::Error,
    "题目序号不在本单位问卷中",
    "question number not in the unit's questionnaire",
);
/// `N008`: question number not written as two digits.
pub const N008: Code = code(
    "N008",
    Severity::Warning,
    "题目序号写法不规范",
    "question number not written as two digits",
);
/// `N009`: file name lacks the key point.
pub const N009: Code = code(
    "N009",
    Severity::Error,
    "文件名缺少佐证关键点",
    "file name lacks the key point",
);
/// `N010`: question number + key point too long.
pub const N010: Code = code(
    "N010",
    Severity::Error,
    "题目序号加佐证关键点超过字数上限",
    "question number + key point too long",
);
/// `N011`: separator is not a single '-'.
pub const N011: Code = code(
    "N011",
    Severity::Warning,
    "分隔符不规范",
    "separator is not a single '-'",
);
/// `N012`: parts of the file name not separated by '-'.
pub const N012: Code = code(
    "N012",
    Severity::Error,
    "文件名各部分之间缺少分隔符“-”",
    "parts of the file name not separated by '-'",
);
/// `N013`: file name holds characters Windows forbids.
pub const N013: Code = code(
    "N013",
    Severity::Error,
    "文件名含有Windows不允许的字符",
    "file name holds characters Windows forbids",
);
/// `N014`: file name holds invisible control characters.
pub const N014: Code = code(
    "N014",
    Severity::Error,
    "文件名含有不可见的控制字符",
    "file name holds invisible control characters",
);
/// `N015`: extra spaces or dots in the file name.
pub const N015: Code = code(
    "N015",
    Severity::Warning,
    "文件名含有多余的空格或句点",
    "extra spaces or dots in the file name",
);
/// `N016`: doubled extension.
pub const N016: Code = code(
    "N016",
    Severity::Warning,
    "文件名有重复的扩展名",
    "doubled extension",
);
/// `N017`: file name has no extension.
pub const N017: Code = code(
    "N017",
    Severity::Error,
    "文件名缺少扩展名",
    "file name has no extension",
);

/// The naming codes.
pub const CODES: &[&Code] = &[
    &N001, &N002, &N003, &N004, &N005, &N006, &N007, &N008, &N009, &N010, &N011, &N012, &N013,
    &N014, &N015, &N016, &N017,
];

/// The outcome of checking one name.
#[derive(Debug, Clone, Default)]
pub struct NameOutcome {
    /// The question number the name gives (normalised), when it gives one.
    pub question: Option<String>,
    /// The `naming` findings about the name.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the name of the file at `path` (virtual path); members of an evidence
/// archive (`in_archive`) get warnings instead of errors.
pub fn check(path: &str, name: &str, in_archive: bool, ctx: &NameContext) -> NameOutcome {
    let hint = folder_question(path, ctx);
    let a = analyze_with_hint(name, ctx, hint.as_deref());
    let question = a.valid_question(ctx);
    let mut diagnostics = Vec::with_capacity(a.issues.len());
    for issue in &a.issues {
        let (code, message, fix) = describe(issue, name, &a, ctx);
        let fix = with_suggestion(fix, a.suggested.as_deref());
        let mut d =
            Diagnostic::new(code, Some(path), message, fix).with_question(question.as_deref());
        if in_archive && d.severity == Severity::Error {
            d = d.with_severity(Severity::Warning);
        }
        if !diagnostics.iter().any(|x: &Diagnostic| x.code == d.code) {
            diagnostics.push(d);
        }
    }
    NameOutcome {
        question,
        diagnostics,
    }
}

/// The question the file's folder (or, for an archive member, the archive) gives,
/// used only to complete a suggested name.
fn folder_question(path: &str, ctx: &NameContext) -> Option<String> {
    let mut parts = path.rsplit('/');
    parts.next()?;
    let parent = parts.next()?;
    question_from_dir(parent, ctx.questions)
        .filter(|q| ctx.has_question(q))
        .or_else(|| analyze_with_hint(parent, ctx, None).valid_question(ctx))
}

/// Appends "建议改名为 …" to a fix.
fn with_suggestion(fix: Text, suggested: Option<&str>) -> Text {
    match suggested {
        Some(s) => Text::new(
            format!("{}；建议改名为“{s}”", fix.zh),
            format!("{}; suggested name: “{s}”", fix.en),
        ),
        None => fix,
    }
}

/// An example name for this unit: `东双河镇-04-建筑面积.pdf`.
fn example(ctx: &NameContext) -> String {
    let unit = if ctx.unit.trim().is_empty() {
        "东双河镇"
    } else {
        ctx.unit.trim()
    };
    let q = if ctx.has_question("04") {
        "04".to_owned()
    } else {
        ctx.questions
            .first()
            .cloned()
            .unwrap_or_else(|| "04".into())
    };
    format!("{unit}-{q}-佐证关键点.pdf")
}

fn char_list(cs: &[char]) -> String {
    cs.iter()
        .map(|c| {
            if c.is_control() {
                format!("U+{:04X}", *c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn describe(
    issue: &Issue,
    name: &str,
    a: &NameAnalysis,
    ctx: &NameContext,
) -> (&'static Code, Text, Text) {
    let unit = ctx.unit.trim();
    let ex = example(ctx);
    let range = match ctx.question_range() {
        r if r.is_empty() => "01 起的两位数字 / two-digit numbers from 01".to_owned(),
        r => r,
    };
    let shown: String = name.chars().take(120).collect();
    let rule_fix = Text::new(
        format!("请按“单位-题目序号-佐证关键点.扩展名”命名，例如“{ex}”"),
        format!(
            "name it 单位-题目序号-佐证关键点.扩展名 (unit-question-key point.ext), e.g. “{ex}”"
        ),
    );
    match issue {
        Issue::Empty => (
            &N001,
            Text::new(
                "文件名除扩展名、空格或句点外没有内容",
                "the file name has nothing but an extension, spaces or dots",
            ),
            rule_fix,
        ),
        Issue::Unrecognised => (
            &N001,
            Text::new(
                format!("文件名“{shown}”不符合“单位-题目序号-佐证关键点”格式，无法识别单位和题目序号"),
                format!("“{shown}” does not follow 单位-题目序号-佐证关键点: no unit or question number can be told apart"),
            ),
            rule_fix,
        ),
        Issue::UnitMissing => (
            &N002,
            Text::new(
                format!("文件名缺少单位名称，应以“{unit}”开头"),
                format!("the name lacks the unit: it must start with “{unit}”"),
            ),
            Text::new(
                format!("在文件名开头加上单位名称“{unit}-”"),
                format!("put “{unit}-” at the start of the name"),
            ),
        ),
        Issue::OrderSwapped => (
            &N003,
            Text::new(
                "文件名各部分顺序不对，应为“单位-题目序号-佐证关键点”",
                "the parts are in the wrong order: it must be unit-question number-key point",
            ),
            Text::new(
                "按“单位-题目序号-佐证关键点”的顺序重新命名",
                "rename it in the order unit-question number-key point",
            ),
        ),
        Issue::UnitWrong { found } => (
            &N004,
            Text::new(
                format!("文件名中的单位“{found}”不是报送单位“{unit}”"),
                format!("the unit in the name, “{found}”, is not the submitting unit “{unit}”"),
            ),
            Text::new(
                format!("如是本单位材料，单位部分应写“{unit}”；如是其他单位的材料，请从本单位报送材料中移出"),
                format!("if it is this unit's evidence write “{unit}” as the unit; if it belongs to another unit, take it out of this submission"),
            ),
        ),
        Issue::UnitInexact { found } => (
            &N005,
            Text::new(
                format!("文件名中的单位“{found}”不是完整规范的单位名称“{unit}”"),
                format!("the unit in the name, “{found}”, is not the full unit name “{unit}”"),
            ),
            Text::new(
                format!("单位部分请写全称“{unit}”"),
                format!("write the unit's full name “{unit}”"),
            ),
        ),
        Issue::QuestionMissing => (
            &N006,
            Text::new(
                "文件名缺少题目序号",
                "the name lacks the question number",
            ),
            Text::new(
                format!("在单位名称后写上两位题目序号（本单位问卷为 {range}），例如“{ex}”"),
                format!("add the two-digit question number after the unit (this questionnaire: {range}), e.g. “{ex}”"),
            ),
        ),
        Issue::QuestionUnknown { found, number } => (
            &N007,
            Text::new(
                format!("题目序号“{found}”（{number}）不在本单位问卷中，本单位问卷的题目序号为 {range}"),
                format!("question number “{found}” ({number}) is not in this unit's questionnaire, whose questions are {range}"),
            ),
            Text::new(
                format!("核对该材料对应的题目，改为 {range} 中正确的题目序号"),
                format!("check which question the evidence is for and use its number ({range})"),
            ),
        ),
        Issue::QuestionStyle { found, number } => (
            &N008,
            Text::new(
                format!("题目序号写作“{found}”，应写两位数字“{number}”"),
                format!("question number written “{found}”; it must be the two digits “{number}”"),
            ),
            Text::new(
                format!("题目序号改为“{number}”"),
                format!("write the question number as “{number}”"),
            ),
        ),
        Issue::KeyPointEmpty => (
            &N009,
            Text::new(
                "文件名缺少佐证关键点，看不出材料内容",
                "the name lacks the key point: it does not say what the evidence is",
            ),
            Text::new(
                format!("在题目序号后写上佐证关键点（如“建筑面积”），例如“{ex}”"),
                format!("add the key point after the question number (e.g. 建筑面积), e.g. “{ex}”"),
            ),
        ),
        Issue::TooLong { chars, max } => (
            &N010,
            Text::new(
                format!(
                    "题目序号加佐证关键点“{}{}”共 {chars} 个字，超过 {max} 字的上限",
                    a.parsed.question.as_deref().unwrap_or(""),
                    a.parsed.key_point
                ),
                format!("question number + key point have {chars} characters, over the limit of {max}"),
            ),
            Text::new(
                format!("精简佐证关键点，使题目序号加佐证关键点不超过 {max} 字"),
                format!("shorten the key point so that question number + key point are at most {max} characters"),
            ),
        ),
        Issue::Separators { found } => {
            let f = found.join("”“");
            (
                &N011,
                Text::new(
                    format!("各部分之间用了“{f}”分隔，应使用一个半角短横线“-”"),
                    format!("the parts are separated by “{f}”; use one ASCII hyphen '-'"),
                ),
                Text::new(
                    "把分隔符统一改为半角短横线“-”，前后不留空格",
                    "replace the separators with a single '-' without spaces",
                ),
            )
        }
        Issue::SeparatorsMissing => (
            &N012,
            Text::new(
                "单位、题目序号、佐证关键点之间没有用“-”分开",
                "unit, question number and key point are not separated by '-'",
            ),
            Text::new(
                "在单位、题目序号、佐证关键点之间加上“-”",
                "put '-' between unit, question number and key point",
            ),
        ),
        Issue::ForbiddenChars { found } => {
            let f = char_list(found);
            (
                &N013,
                Text::new(
                    format!("文件名含有Windows不允许的字符：{f}"),
                    format!("the name holds characters Windows forbids: {f}"),
                ),
                Text::new(
                    "删除这些字符或改用全角字符（如“：”“？”）",
                    "remove them or use full-width characters (：？)",
                ),
            )
        }
        Issue::InvisibleChars { count } => (
            &N014,
            Text::new(
                format!("文件名含有 {count} 个不可见的控制字符（如从右到左标记、零宽空格），显示的名称与实际名称不同"),
                format!("the name holds {count} invisible control characters (right-to-left marks, zero-width spaces): what is shown is not the real name"),
            ),
            Text::new(
                "重新输入文件名，不要从网页或聊天软件中复制",
                "retype the name instead of pasting it from a web page or chat",
            ),
        ),
        Issue::Spaces => (
            &N015,
            Text::new(
                "文件名开头、结尾或各部分之间有多余的空格（或结尾有句点）",
                "extra spaces at the start, the end or around the parts of the name (or dots at its end)",
            ),
            Text::new(
                "删除多余的空格和句点",
                "remove the extra spaces and dots",
            ),
        ),
        Issue::DoubledExtension { inner } => {
            let ext = a.parsed.extension.as_deref().unwrap_or("");
            (
                &N016,
                Text::new(
                    format!("文件名有两个扩展名（“.{inner}.{ext}”）"),
                    format!("the name has two extensions (“.{inner}.{ext}”)"),
                ),
                Text::new(
                    format!("删除多余的“.{inner}”，只保留与文件内容相符的扩展名"),
                    format!("remove the extra “.{inner}” and keep only the extension that matches the content"),
                ),
            )
        }
        Issue::ExtensionMissing => (
            &N017,
            Text::new(
                "文件名没有扩展名，审核人员无法直接打开",
                "the name has no extension: reviewers cannot open it directly",
            ),
            Text::new(
                "加上与文件内容相符的扩展名（如 .pdf、.docx、.xlsx、.jpg、.zip）",
                "add the extension that matches the content (.pdf, .docx, .xlsx, .jpg, .zip)",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::analyze;

    fn numbers(n: u32) -> Vec<String> {
        (1..=n).map(|i| format!("{i:02}")).collect()
    }

    /// The test units: township (40 questions) and departments (35).
    struct Units {
        q40: Vec<String>,
        q35: Vec<String>,
        rs_aliases: Vec<String>,
        none: Vec<String>,
    }

    impl Units {
        fn new() -> Self {
            Units {
                q40: numbers(40),
                q35: numbers(35),
                rs_aliases: vec![
                    "区人社局（区企业养老保险中心）".into(),
                    "区企业养老保险中心".into(),
                ],
                none: Vec::new(),
            }
        }

        fn ctx<'a>(&'a self, unit: &'a str) -> NameContext<'a> {
            let township = unit.ends_with('镇') || unit.ends_with("街道");
            NameContext {
                unit,
                aliases: if unit == "区人社局" {
                    &self.rs_aliases
                } else {
                    &self.none
                },
                questions: if township { &self.q40 } else { &self.q35 },
                max_chars: 20,
            }
        }
    }

    const T: &str = "东双河镇";
    const D: &str = "区税务局";
    const R: &str = "区人社局";
    const P: &str = "市公安局浉河分局";

    /// (unit, name, expected codes, question, suggested name)
    type Row = (
        &'static str,
        &'static str,
        &'static [&'static str],
        Option<&'static str>,
        Option<&'static str>,
    );

    const OK: &[&str] = &[];
    const DS: &str = "东双河镇-04-建筑面积.pdf";

    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        // Valid names.
        (T, "东双河镇-04-建筑面积.pdf", OK, Some("04"), None),
        (T, "东双河镇-04-2022年3月巡查记录.pdf", OK, Some("04"), None),
        (T, "东双河镇-40-2022年1-10月办件量统计.xlsx", OK, Some("40"), None),
        (T, "东双河镇-01-好差评统计表（盖章）.pdf", OK, Some("01"), None),
        (T, "东双河镇-04-建筑面积.PDF", OK, Some("04"), None),
        (D, "区税务局-05-办件量统计.xlsx", OK, Some("05"), None),
        (D, "区税务局-35-一网通办办件量.docx", OK, Some("35"), None),
        (D, "区税务局-05-12月办件量.docx", OK, Some("05"), None),
        (D, "区税务局-12-大厅照片.jpg", OK, Some("12"), None),
        (D, "区税务局-07-工单截图.zip", OK, Some("07"), None),
        (R, "区人社局-12-好差评统计表（盖章）.pdf", OK, Some("12"), None),
        (R, "区人社局（区企业养老保险中心）-12-好差评统计表（盖章）.pdf", OK, Some("12"), None),
        (R, "区人社局(区企业养老保险中心)-12-好差评统计表.pdf", OK, Some("12"), None),
        (R, "区企业养老保险中心-03-办件量统计.xlsx", OK, Some("03"), None),
        (P, "市公安局浉河分局-21-户籍办理清单.xlsx", OK, Some("21"), None),
        // Separators.
        (T, "东双河镇—4—建筑面积.pdf", &["N011", "N008"], Some("04"), Some(DS)),
        (T, "东双河镇－04－建筑面积.pdf", &["N011"], Some("04"), Some(DS)),
        (T, "东双河镇_04_建筑面积.pdf", &["N011"], Some("04"), Some(DS)),
        (T, "东双河镇——04——建筑面积.pdf", &["N011"], Some("04"), Some(DS)),
        (T, "东双河镇 - 04 - 建筑面积.pdf", &["N015"], Some("04"), Some(DS)),
        (T, "东双河镇 — 04 — 建筑面积.pdf", &["N011"], Some("04"), Some(DS)),
        (T, "东双河镇 04 建筑面积.pdf", &["N011"], Some("04"), Some(DS)),
        (T, "东双河镇-04-.pdf", &["N011", "N009"], Some("04"), None),
        (T, "东双河镇04建筑面积.pdf", &["N012"], Some("04"), Some(DS)),
        (T, "东双河镇-04建筑面积.pdf", &["N012"], Some("04"), Some(DS)),
        (T, "东双河镇04-建筑面积.pdf", &["N012"], Some("04"), Some(DS)),
        (D, "区税务局05 12月办件量.docx", &["N012"], Some("05"), Some("区税务局-05-12月办件量.docx")),
        // Question numbers.
        (T, "东双河镇-０４-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-4-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-004-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-第4题-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-第04题-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-第四题-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (T, "东双河镇-Q4-建筑面积.pdf", &["N008"], Some("04"), Some(DS)),
        (D, "区税务局-第05题-办件量统计.jpg", &["N008"], Some("05"), Some("区税务局-05-办件量统计.jpg")),
        (D, "区税务局-5-办件量统计.XLSX", &["N008"], Some("05"), Some("区税务局-05-办件量统计.XLSX")),
        (T, "东双河镇-41-建筑面积.pdf", &["N007"], None, None),
        (T, "东双河镇-00-建筑面积.pdf", &["N007"], None, None),
        (D, "区税务局-36-办件量统计.xlsx", &["N007"], None, None),
        (T, "东双河镇-建筑面积.pdf", &["N006"], None, None),
        (D, "区税务局-2022-办件量.pdf", &["N006"], None, None),
        // Order and unit.
        (T, "04-东双河镇-建筑面积.pdf", &["N003"], Some("04"), Some(DS)),
        (T, "东双河镇-建筑面积-04.pdf", &["N003"], Some("04"), Some(DS)),
        (T, "04-建筑面积.pdf", &["N002"], Some("04"), Some(DS)),
        (T, "04建筑面积.pdf", &["N002", "N012"], Some("04"), Some(DS)),
        (T, "第4题建筑面积.pdf", &["N002", "N012", "N008"], Some("04"), Some(DS)),
        (T, "东双河-04-建筑面积.pdf", &["N005"], Some("04"), Some(DS)),
        (T, "浉河区东双河镇-04-建筑面积.pdf", &["N005"], Some("04"), Some(DS)),
        (T, "区税务局-04-建筑面积.pdf", &["N004"], Some("04"), Some(DS)),
        (D, "税务局-05-办件量统计.xlsx", &["N005"], Some("05"), Some("区税务局-05-办件量统计.xlsx")),
        (R, "人社局-12-好差评统计表.pdf", &["N005"], Some("12"), Some("区人社局-12-好差评统计表.pdf")),
        (R, "区人社局-区企业养老保险中心-12-好差评统计表.pdf", &["N005"], Some("12"),
            Some("区人社局（区企业养老保险中心）-12-好差评统计表.pdf")),
        (P, "公安浉河分局-21-户籍办理清单.xlsx", &["N005"], Some("21"), Some("市公安局浉河分局-21-户籍办理清单.xlsx")),
        (T, "建筑面积.pdf", &["N001"], None, None),
        (T, "IMG_20220315_101010.jpg", &["N001"], None, None),
        (T, "IMG_001.jpg", &["N001"], None, None),
        (T, "1-2.jpg", &["N001"], None, None),
        (T, "04.pdf", &["N001"], None, None),
        (T, "东双河镇-04.pdf", &["N009"], Some("04"), None),
        // Characters, spaces, extensions.
        (T, " 东双河镇-04-建筑面积.pdf ", &["N015"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积 .pdf", &["N015"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积.pdf.", &["N015"], Some("04"), Some(DS)),
        (T, "东双河 镇-04-建筑面积.pdf", &["N015"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积?.pdf", &["N013"], Some("04"), Some("东双河镇-04-建筑面积？.pdf")),
        (T, "东双河镇-04-建筑面积:2022.pdf", &["N013"], Some("04"), Some("东双河镇-04-建筑面积：2022.pdf")),
        (T, "东双河镇-04-建筑\u{0}面积.pdf", &["N013"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积\u{200B}.pdf", &["N014"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑\u{202E}fdp.exe", &["N014"], Some("04"), Some("东双河镇-04-建筑fdp.exe")),
        (T, "东双河镇-04-建筑面积.pdf.pdf", &["N016"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积.docx.pdf", &["N016"], Some("04"), Some(DS)),
        (T, "东双河镇-04-建筑面积", &["N017"], Some("04"), None),
        (T, "东双河镇-04-2022.10巡查记录", &["N017"], Some("04"), None),
        (T, ".pdf", &["N001"], None, None),
        (T, "", &["N001"], None, None),
        // Length: 04 + 18 = 20 passes, 04 + 19 = 21 does not.
        (T, "东双河镇-04-一二三四五六七八九十一二三四五六七八.pdf", OK, Some("04"), None),
        (T, "东双河镇-04-一二三四五六七八九十一二三四五六七八九.pdf", &["N010"], Some("04"), None),
        (T, "东双河镇-4-一二三四五六七八九十一二三四五六七八.pdf", &["N008"], Some("04"),
            Some("东双河镇-04-一二三四五六七八九十一二三四五六七八.pdf")),
        // Several defects at once.
        (T, "04—东双河—建筑面积.docx.pdf", &["N016", "N003", "N005"], Some("04"), Some(DS)),
        (T, "区税务局_41_建筑面积", &["N017", "N011", "N007", "N004"], None, None),
    ];

    fn codes(o: &NameOutcome) -> Vec<&'static str> {
        o.diagnostics.iter().map(|d| d.code.id).collect()
    }

    #[test]
    fn table_of_names() {
        let units = Units::new();
        let mut failures = Vec::new();
        for &(unit, name, want, question, suggested) in ROWS {
            let ctx = units.ctx(unit);
            let o = check(&format!("{unit}/{name}"), name, false, &ctx);
            let a = analyze(name, &ctx);
            let mut got = codes(&o);
            let mut want = want.to_vec();
            got.sort_unstable();
            want.sort_unstable();
            if got != want
                || o.question.as_deref() != question
                || a.suggested.as_deref() != suggested
            {
                failures.push(format!(
                    "{name:?}: codes {got:?} (want {want:?}), question {:?} (want {question:?}), suggested {:?} (want {suggested:?})",
                    o.question, a.suggested
                ));
            }
            // The suggestion is in every fix, and is itself a clean name.
            if let Some(s) = suggested {
                assert!(
                    o.diagnostics
                        .iter()
                        .all(|d| d.fix.zh.contains(s) && d.fix.en.contains(s)),
                    "{name:?}"
                );
                assert!(
                    check("x", s, false, &ctx).diagnostics.is_empty(),
                    "suggestion {s:?} is not clean"
                );
            }
            for d in &o.diagnostics {
                assert_eq!(d.file.as_deref(), Some(format!("{unit}/{name}").as_str()));
                assert_eq!(d.question.as_deref(), question);
                assert_eq!(d.rule, RuleFamily::Naming);
                assert!(!d.message.zh.is_empty() && !d.message.en.is_empty());
                assert!(!d.fix.zh.is_empty() && !d.fix.en.is_empty());
                assert_eq!(d.basis, BASIS);
            }
        }
        assert!(ROWS.len() >= 40);
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn every_code_is_listed_and_exercised() {
        let ids: Vec<&str> = CODES.iter().map(|c| c.id).collect();
        for (i, c) in CODES.iter().enumerate() {
            assert_eq!(c.id, format!("N{:03}", i + 1));
            assert_eq!(c.rule, RuleFamily::Naming);
            assert_eq!(c.basis, BASIS);
        }
        for &(_, _, want, _, _) in ROWS {
            for w in want {
                assert!(ids.contains(w), "{w} not in CODES");
            }
        }
        for id in ids {
            assert!(
                ROWS.iter().any(|r| r.2.contains(&id)),
                "{id} is not exercised by the table"
            );
        }
    }

    #[test]
    fn every_separator_look_alike_is_recognised() {
        let units = Units::new();
        let ctx = units.ctx(T);
        for sep in [
            "－", "—", "–", "―", "‐", "‑", "‒", "−", "﹣", "_", "＿", "——", "--", "-_",
        ] {
            let name = format!("东双河镇{sep}04{sep}建筑面积.pdf");
            let o = check(&name, &name, false, &ctx);
            assert_eq!(codes(&o), ["N011"], "{sep:?}");
            assert_eq!(o.question.as_deref(), Some("04"));
            assert_eq!(
                analyze(&name, &ctx).suggested.as_deref(),
                Some(DS),
                "{sep:?}"
            );
            assert_eq!(o.diagnostics[0].severity, Severity::Warning);
            assert!(o.diagnostics[0].message.zh.contains(sep.trim()), "{sep:?}");
        }
        // A separator look-alike inside the key point is part of the key point.
        let o = check("x", "东双河镇-04-1—10月办件量.pdf", false, &ctx);
        assert!(o.diagnostics.is_empty(), "{:?}", codes(&o));
    }

    #[test]
    fn full_width_digits_and_brackets() {
        let units = Units::new();
        let ctx = units.ctx(T);
        for (q, want) in [
            ("０４", "04"),
            ("４", "04"),
            ("４０", "40"),
            ("第１２题", "12"),
        ] {
            let name = format!("东双河镇-{q}-建筑面积.pdf");
            let o = check("x", &name, false, &ctx);
            assert_eq!(codes(&o), ["N008"], "{q}");
            assert_eq!(o.question.as_deref(), Some(want));
            assert!(o.diagnostics[0].message.zh.contains(q));
            assert_eq!(
                analyze(&name, &ctx).suggested,
                Some(format!("东双河镇-{want}-建筑面积.pdf"))
            );
        }
        // Full-width letters in the unit compare equal after NFKC.
        let ctx = units.ctx(R);
        let o = check(
            "x",
            "区人社局（区企业养老保险中心）-０１-台账.pdf",
            false,
            &ctx,
        );
        assert_eq!(codes(&o), ["N008"]);
    }

    #[test]
    fn length_limit_counts_characters_not_bytes() {
        let units = Units::new();
        let ctx = units.ctx(T);
        for (key_chars, ok) in [(18usize, true), (19, false)] {
            let key: String = "好".repeat(key_chars);
            let name = format!("东双河镇-04-{key}.pdf");
            let a = analyze(&name, &ctx);
            assert_eq!(a.chars, 2 + key_chars);
            let o = check("x", &name, false, &ctx);
            assert_eq!(o.diagnostics.is_empty(), ok, "{name}");
            if !ok {
                let d = &o.diagnostics[0];
                assert_eq!(d.code.id, "N010");
                assert_eq!(d.severity, Severity::Error);
                assert!(d.message.zh.contains("21 个字") && d.message.zh.contains("20 字"));
                assert!(d.message.en.contains("21") && d.message.en.contains("20"));
                assert_eq!(o.question.as_deref(), Some("04"));
            }
        }
        // A written `4` counts as the two characters of `04`.
        let name = format!("东双河镇-4-{}.pdf", "好".repeat(19));
        let o = check("x", &name, false, &ctx);
        assert!(codes(&o).contains(&"N010"));
        // The limit comes from the context.
        let short = NameContext {
            max_chars: 5,
            ..units.ctx(T)
        };
        assert_eq!(
            codes(&check("x", "东双河镇-04-建筑面积.pdf", false, &short)),
            ["N010"]
        );
    }

    #[test]
    fn archive_members_get_warnings_only() {
        let units = Units::new();
        let ctx = units.ctx(T);
        for &(unit, name, want, question, _) in ROWS {
            if unit != T || want.is_empty() {
                continue;
            }
            let path = format!("东双河镇-04-建筑面积.zip/{name}");
            let outside = check(name, name, false, &ctx);
            let inside = check(&path, name, true, &ctx);
            assert_eq!(codes(&inside), codes(&outside), "{name}");
            assert_eq!(inside.question.as_deref(), question);
            assert!(inside
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Warning));
            assert!(inside
                .diagnostics
                .iter()
                .all(|d| d.file.as_deref() == Some(path.as_str())));
        }
        let o = check("x", "区税务局-04-建筑面积.pdf", false, &ctx);
        assert_eq!(o.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn folder_or_archive_question_completes_the_suggestion() {
        let units = Units::new();
        let ctx = units.ctx(T);
        for path in [
            "04/建筑面积.pdf",
            "第4题/建筑面积.pdf",
            "04-建筑面积/建筑面积.pdf",
            "东双河镇-04-建筑面积.zip/建筑面积.pdf",
        ] {
            let o = check(path, "建筑面积.pdf", path.contains(".zip"), &ctx);
            assert_eq!(codes(&o), ["N001"], "{path}");
            assert_eq!(o.question, None, "the name itself gives no question");
            assert!(
                o.diagnostics[0].fix.zh.contains(DS),
                "{path}: {}",
                o.diagnostics[0].fix.zh
            );
        }
        // The folder's number must exist.
        let o = check("41/建筑面积.pdf", "建筑面积.pdf", false, &ctx);
        assert!(!o.diagnostics[0].fix.zh.contains("建议改名"));
        // And a number in the name wins over the folder.
        let o = check(
            "04/东双河镇-05-建筑面积.pdf",
            "东双河镇-05-建筑面积.pdf",
            false,
            &ctx,
        );
        assert_eq!(o.question.as_deref(), Some("05"));
    }

    #[test]
    fn messages_say_what_and_how() {
        let units = Units::new();
        let ctx = units.ctx(T);
        let o = check("x", "东双河镇-41-建筑面积.pdf", false, &ctx);
        let d = &o.diagnostics[0];
        assert!(d.message.zh.contains("41") && d.message.zh.contains("01–40"));
        assert!(d.message.en.contains("01–40"));
        let ctx = units.ctx(D);
        let o = check("x", "区税务局-36-办件量.pdf", false, &ctx);
        assert!(o.diagnostics[0].message.zh.contains("01–35"));
        let o = check("x", "区民政局-05-办件量.pdf", false, &ctx);
        let d = &o.diagnostics[0];
        assert_eq!(d.code.id, "N004");
        assert!(d.message.zh.contains("区民政局") && d.message.zh.contains("区税务局"));
        assert!(d.fix.zh.contains("区税务局-05-办件量.pdf"));
        let o = check("x", "区税务局-05-办件量.pdf.pdf", false, &ctx);
        assert!(o.diagnostics[0].message.zh.contains(".pdf.pdf"));
    }

    #[test]
    fn check_never_panics_on_odd_input() {
        let units = Units::new();
        let long = "东".repeat(100_000);
        let long_sep = "-".repeat(50_000);
        let many_parts = "a-".repeat(10_000);
        let odd: Vec<String> = vec![
            String::new(),
            ".".into(),
            "..".into(),
            "...".into(),
            "..........pdf".into(),
            " ".into(),
            "\u{3000}".into(),
            "-".into(),
            "--.pdf".into(),
            "—".into(),
            "\0".into(),
            "\0\0\0.pdf".into(),
            "东双河镇-04-\0.pdf".into(),
            "😀".into(),
            "😀-😀-😀.😀".into(),
            "东双河镇-😀-建筑面积.pdf".into(),
            "\u{200F}\u{202E}\u{2067}".into(),
            "\u{202E}fdp.exe".into(),
            "\u{FEFF}东双河镇-04-建筑面积.pdf".into(),
            "第".into(),
            "第题".into(),
            "第十".into(),
            "东双河镇-第-建筑面积.pdf".into(),
            "东双河镇-第十十十题-建筑面积.pdf".into(),
            "东双河镇-第九十九题-x.pdf".into(),
            "Q".into(),
            "ｑ".into(),
            "东双河镇-999-x.pdf".into(),
            "东双河镇-99999999999999999999-x.pdf".into(),
            "东双河镇-４２９４９６７２９６-x.pdf".into(),
            "题".into(),
            "0".into(),
            "00.00".into(),
            "é́́́́́́".into(),
            "ﷺ".into(),
            "\u{10FFFF}".into(),
            "a.b.c.d.e.f.g.h".into(),
            ".pdf.pdf.pdf.pdf.pdf.pdf".into(),
            "<>:\"/\\|?*".into(),
            "CON.pdf".into(),
            long.clone(),
            format!("{long}.pdf"),
            format!("东双河镇-04-{long}.pdf"),
            long_sep,
            many_parts,
            "区人社局（".into(),
            "（".into(),
        ];
        for unit in [T, D, R, P, "", " ", "😀", "-"] {
            for questions in [units.q40.clone(), Vec::new()] {
                let ctx = NameContext {
                    unit,
                    aliases: &units.rs_aliases,
                    questions: &questions,
                    max_chars: 20,
                };
                for name in &odd {
                    let o = check(name, name, false, &ctx);
                    if let Some(q) = &o.question {
                        assert!(ctx.has_question(q));
                    }
                    let _ = check("a/b/c", name, true, &ctx);
                    let _ = question_from_dir(name, &questions);
                }
            }
        }
        // Huge names stay fast (linear work).
        let ctx = units.ctx(T);
        let start = std::time::Instant::now();
        let _ = check("x", &format!("东双河镇-04-{long}.pdf"), false, &ctx);
        let _ = check("x", &"东-".repeat(50_000), false, &ctx);
        let _ = check("x", &"04-".repeat(50_000), false, &ctx);
        eprintln!("huge names: {:?}", start.elapsed());
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn question_from_dir_reads_folder_names() {
        let q40 = numbers(40);
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>)] = &[
            ("04", Some("04")),
            ("4", Some("04")),
            ("０４", Some("04")),
            ("第4题", Some("04")),
            ("第04题", Some("04")),
            ("第四题", Some("04")),
            ("04-建筑面积", Some("04")),
            ("4_建筑面积", Some("04")),
            ("第04题 建筑面积", Some("04")),
            ("04建筑面积", Some("04")),
            ("东双河镇-04-建筑面积", Some("04")),
            ("40", Some("40")),
            ("41", None),
            ("00", None),
            ("2022年材料", None),
            ("12月办件量", None),
            ("佐证材料", None),
            ("", None),
            ("第4批", None),
        ];
        for &(dir, want) in cases {
            assert_eq!(question_from_dir(dir, &q40).as_deref(), want, "{dir:?}");
        }
        // Without a questionnaire every number is accepted.
        assert_eq!(question_from_dir("41", &[]).as_deref(), Some("41"));
    }
}
