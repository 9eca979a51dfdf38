//! The `stamp` rule family: a red official seal on a non-editable file where the
//! question asks for one.
//!
//! - `T001` (error): a seal is required and none was found in the file.
//! - `T002` (error): a seal is required and the file is editable (Word, Excel, WPS,
//!   CSV/text), whether or not a seal picture was pasted into it.
//! - `T003` (info): the file could not be searched (HEIC, JPEG 2000 or another
//!   content evcheck cannot decode), with the reason. A file that could not be read at
//!   all (damaged, password) or was searched only in part gets its `unreadable`
//!   finding instead, and no `T001`: "no seal" is said only after a complete search.
//!
//! Archives themselves get no finding: their members are checked one by one.

use super::FileContext;
use crate::diag::{Code, Diagnostic, Lang, RuleFamily, Severity, Text};
use crate::facts::FileFacts;
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use crate::rules::SealShape;

const BASIS: &str = "在填报上传前，请务必提供经参评部门（单位）盖章确认的不可编辑版本。";

/// `T001`: a seal is required and none was found in the file.
pub const T001: Code = Code {
    id: "T001",
    rule: RuleFamily::Stamp,
    severity: Severity::Error,
    title_zh: "未检测到公章",
    title_en: "no official seal found",
    basis: BASIS,
};
/// `T002`: a seal is required and the file is in an editable format.
pub const T002: Code = Code {
    id: "T002",
    rule: RuleFamily::Stamp,
    severity: Severity::Error,
    title_zh: "需盖章的材料为可编辑格式",
    title_en: "material that needs a seal is in an editable format",
    basis: BASIS,
};
/// `T003`: the file could not be searched for a seal (with the reason).
pub const T003: Code = Code {
    id: "T003",
    rule: RuleFamily::Stamp,
    severity: Severity::Info,
    title_zh: "无法检测公章",
    title_en: "seal could not be checked",
    basis: BASIS,
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&T001, &T002, &T003];

fn fix_pdf() -> Text {
    Text::new(
        "请提供盖章后的 PDF 或扫描件：加盖本单位公章后扫描或拍照，或使用电子签章后导出 PDF。",
        "Provide the stamped PDF or a scan: stamp with the unit's official seal and scan or photograph it, or sign with an electronic seal and export to PDF.",
    )
}

/// Judges one file of a question that asks for a seal.
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    if matches!(
        f.format,
        Format::Zip | Format::Rar | Format::SevenZip | Format::Empty
    ) {
        return Vec::new();
    }
    let file = Some(f.path.as_str());
    if f.format.is_editable() {
        let pasted = f.seal.as_ref().is_some_and(|s| s.found);
        let name = f.format.display_name();
        let message = if pasted {
            Text::new(
                format!("本题要求盖章确认的不可编辑版本，此文件为可编辑的 {name} 文件；文件中虽有印章图片，但仍可被修改。"),
                format!("This question requires a stamped, non-editable version; this is an editable {name} file. It contains a seal picture but can still be changed."),
            )
        } else {
            Text::new(
                format!("本题要求盖章确认的不可编辑版本，此文件为可编辑的 {name} 文件，且未盖章。"),
                format!("This question requires a stamped, non-editable version; this is an editable {name} file without a seal."),
            )
        };
        return vec![Diagnostic::new(&T002, file, message, fix_pdf())];
    }
    match &f.seal {
        Some(s) if s.found => Vec::new(),
        // Not searched (a failure to read: the `unreadable` finding says it), or
        // searched in part (the `unreadable` warning says what was searched): no
        // seal may be said to be missing.
        Some(s) if s.read.is_failure() || f.read.is_failure() => Vec::new(),
        Some(s) if matches!(s.read, ReadOutcome::Partial { .. }) => Vec::new(),
        Some(s) if !s.read.is_complete() => vec![Diagnostic::new(
            &T003,
            file,
            Text::new(s.summary(Lang::Zh), s.summary(Lang::En)),
            Text::new(
                "请人工确认此文件已加盖公章；如文件已加密，请提供未加密的盖章版本。",
                "Check by hand that the file bears the official seal; if it is encrypted, provide an unencrypted stamped version.",
            ),
        )],
        Some(s) => {
            // Which outlines counted (`[seal] shapes`): a seal of another shape on the
            // file was not taken for the required one.
            let shapes = &ctx.rules.seal.shapes;
            vec![Diagnostic::new(
                &T001,
                file,
                Text::new(
                    format!(
                        "本题要求加盖公章，{}；按规则查找的印章形状：{}。",
                        s.summary(Lang::Zh),
                        SealShape::list(shapes, Lang::Zh)
                    ),
                    format!(
                        "This question requires the official seal; {}; seal shapes searched for, as the rules say: {}.",
                        s.summary(Lang::En),
                        SealShape::list(shapes, Lang::En)
                    ),
                ),
                fix_pdf(),
            )]
        }
        None => vec![Diagnostic::new(
            &T003,
            file,
            Text::new(
                format!("未能检查此文件是否盖章（{} 文件无法检测或文件过大）。", f.format.display_name()),
                format!("Whether this file is stamped was not checked ({} file cannot be searched, or is too large).", f.format.display_name()),
            ),
            Text::new(
                "请人工确认已加盖公章，并尽量提供 PDF 或图片格式。",
                "Check by hand that it bears the official seal, and prefer PDF or picture formats.",
            ),
        )],
    }
}
