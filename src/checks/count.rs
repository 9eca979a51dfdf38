//! The `count` rule family: at most N files per question (a ZIP counts as one), and
//! the questions of the unit's questionnaire that have no file.

#![warn(missing_docs)]

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::facts::FileFacts;
use crate::rules::{Questionnaire, Rules};
use std::collections::BTreeMap;

/// `C001`: too many files for one question.
pub const C001: Code = Code {
    id: "C001",
    rule: RuleFamily::Count,
    severity: Severity::Error,
    title_zh: "单题文件数超过上限",
    title_en: "too many files for one question",
    basis: "每道题最多上传5份文件；如具体问题涉及较多数目文件，可压缩成ZIP格式后上传",
};
/// `C002`: questions without evidence.
pub const C002: Code = Code {
    id: "C002",
    rule: RuleFamily::Count,
    severity: Severity::Info,
    title_zh: "有题目未提供佐证材料",
    title_en: "questions without evidence",
    basis: "按照以上规则命名后需要在填报系统中的资料报送界面将相应文件上传至系统",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&C001, &C002];

/// Per-unit count checks over the unit's evidence files.
pub fn check(
    files: &[FileFacts],
    questionnaire: Option<&Questionnaire>,
    rules: &Rules,
) -> Vec<Diagnostic> {
    let mut by_q: BTreeMap<&str, Vec<&FileFacts>> = BTreeMap::new();
    for f in files.iter().filter(|f| f.is_evidence()) {
        if let Some(q) = f.question.as_deref() {
            by_q.entry(q).or_default().push(f);
        }
    }
    let max = rules.limits.max_files_per_question;
    let mut out = Vec::new();
    for (q, fs) in &by_q {
        if fs.len() > max {
            let names: Vec<&str> = fs.iter().map(|f| f.path.as_str()).collect();
            let list = names.join("、");
            out.push(
                Diagnostic::new(
                    &C001,
                    None,
                    Text::new(
                        format!("第 {q} 题有 {} 份文件，超过每题 {max} 份的上限：{list}", fs.len()),
                        format!("question {q} has {} files, more than the {max} allowed: {}", fs.len(), names.join(", ")),
                    ),
                    Text::new(
                        format!("合并为不超过 {max} 份文件，或把多份文件压缩成一个 ZIP（ZIP 计为 1 份）"),
                        format!("merge them into at most {max} files, or put them in one ZIP (a ZIP counts as one)"),
                    ),
                )
                .with_question(Some(q)),
            );
        }
    }
    if let Some(qn) = questionnaire {
        let missing: Vec<&str> = qn
            .questions
            .iter()
            .map(|q| q.no.as_str())
            .filter(|no| !by_q.contains_key(no))
            .collect();
        if !missing.is_empty() {
            let list = missing.join("、");
            out.push(Diagnostic::new(
                &C002,
                None,
                Text::new(
                    format!("以下 {} 道题没有佐证材料：{list}", missing.len()),
                    format!("{} questions have no evidence: {}", missing.len(), missing.join(", ")),
                ),
                Text::new(
                    "确认这些题目确实无需佐证；需要的请按“单位-题目序号-佐证关键点”命名后补充",
                    "make sure these need no evidence; otherwise add files named 单位-题目序号-佐证关键点",
                ),
            ));
        }
    }
    out
}
