//! The `size` rule family: 20 MB advised, 30 MB hard (limits from the scheme).

#![warn(missing_docs)]

use super::{human_size, FileContext};
use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::facts::FileFacts;

/// `S001`: file over the upload limit.
pub const S001: Code = Code {
    id: "S001",
    rule: RuleFamily::Size,
    severity: Severity::Error,
    title_zh: "文件超过上传上限",
    title_en: "file over the upload limit",
    basis: "每个文件不超过30M",
};

/// `S002`: file over the advised size.
pub const S002: Code = Code {
    id: "S002",
    rule: RuleFamily::Size,
    severity: Severity::Warning,
    title_zh: "文件超过建议大小",
    title_en: "file over the advised size",
    basis: "建议上传单个文件不超过20M，超过此大小的文件可按照上述要求命名后，在文件备份时提交",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&S001, &S002];

/// Judges an evidence file by its own size (a ZIP by the ZIP's size).
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    if !f.is_evidence() {
        return Vec::new();
    }
    let l = &ctx.rules.limits;
    let size = human_size(f.size);
    if f.size > l.max_size {
        let max = human_size(l.max_size);
        vec![Diagnostic::new(
            &S001,
            Some(&f.path),
            Text::new(
                format!("文件大小 {size}，超过 {max} 的上传上限，无法上传"),
                format!("file is {size}, over the {max} upload limit: it cannot be uploaded"),
            ),
            Text::new(
                "压缩图片或拆分文件，使每个文件不超过上限；也可将大文件按命名规则命名后在文件备份时提交",
                "compress images or split the file below the limit, or name it by the rule and submit it with the backup",
            ),
        )]
    } else if f.size > l.warn_size {
        let warn = human_size(l.warn_size);
        vec![Diagnostic::new(
            &S002,
            Some(&f.path),
            Text::new(
                format!("文件大小 {size}，超过建议的 {warn}"),
                format!("file is {size}, over the advised {warn}"),
            ),
            Text::new(
                "建议压缩或拆分；超过此大小的文件可按命名规则命名后，在文件备份时提交",
                "compress or split it; a file this large can be named by the rule and submitted with the backup",
            ),
        )]
    } else {
        Vec::new()
    }
}
