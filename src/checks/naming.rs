//! The `naming` rule family: `单位-题目序号-佐证关键点`.
//!
//! Turns the [`Issue`]s that [`crate::naming::analyze_with_hint`] finds into
//! diagnostics, one per code, each with the corrected name when it can be derived.
//! Structure, unit, question number, length, extension and character problems are
//! errors; cosmetic ones (spaces, dash look-alikes, `4` for `04`, doubled extensions)
//! are warnings. Members of an evidence archive get warnings only: the rule asks that
//! archived files be named too, but reviewers judge the archive by its own name.

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

pub const N001: Code = code(
    "N001",
    Severity::Error,
    "文件名不符合“单位-题目序号-佐证关键点”格式",
    "file name does not follow 单位-题目序号-佐证关键点",
);
pub const N002: Code = code(
    "N002",
    Severity::Error,
    "文件名缺少单位名称",
    "file name lacks the unit",
);
pub const N003: Code = code(
    "N003",
    Severity::Error,
    "文件名各部分顺序颠倒",
    "parts of the file name in the wrong order",
);
pub const N004: Code = code(
    "N004",
    Severity::Error,
    "文件名中的单位不是报送单位",
    "unit in the file name is not the submitting unit",
);
pub const N005: Code = code(
    "N005",
    Severity::Error,
    "文件名中的单位名称不完整或不规范",
    "unit name in the file name incomplete or altered",
);
pub const N006: Code = code(
    "N006",
    Severity::Error,
    "文件名缺少题目序号",
    "file name lacks the question number",
);
pub const N007: Code = code(
    "N007",
    Severity::Error,
    "题目序号不在本单位问卷中",
    "question number not in the unit's questionnaire",
);
pub const N008: Code = code(
    "N008",
    Severity::Warning,
    "题目序号写法不规范",
    "question number not written as two digits",
);
pub const N009: Code = code(
    "N009",
    Severity::Error,
    "文件名缺少佐证关键点",
    "file name lacks the key point",
);
pub const N010: Code = code(
    "N010",
    Severity::Error,
    "题目序号加佐证关键点超过字数上限",
    "question number + key point too long",
);
pub const N011: Code = code(
    "N011",
    Severity::Warning,
    "分隔符不规范",
    "separator is not a single '-'",
);
pub const N012: Code = code(
    "N012",
    Severity::Error,
    "文件名各部分之间缺少分隔符“-”",
    "parts of the file name not separated by '-'",
);
pub const N013: Code = code(
    "N013",
    Severity::Error,
    "文件名含有Windows不允许的字符",
    "file name holds characters Windows forbids",
);
pub const N014: Code = code(
    "N014",
    Severity::Error,
    "文件名含有不可见的控制字符",
    "file name holds invisible control characters",
);
pub const N015: Code = code(
    "N015",
    Severity::Warning,
    "文件名含有多余的空格或句点",
    "extra spaces or dots in the file name",
);
pub const N016: Code = code(
    "N016",
    Severity::Warning,
    "文件名有重复的扩展名",
    "doubled extension",
);
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
    let range = ctx.question_range();
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
