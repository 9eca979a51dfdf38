//! The `unreadable` rule family: files that cannot be read, change while they are
//! read, or crash a reader.

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};

/// A file the reviewers cannot open is no evidence: the guide asks for common formats
/// they can read.
const BASIS: &str = "请勿提供体积较大或政府CEB格式文件，尽量采用PDF、WORD、EXCEL等常用格式";

pub const U001: Code = Code {
    id: "U001",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件无法读取",
    title_en: "file cannot be read",
    basis: BASIS,
};
pub const U002: Code = Code {
    id: "U002",
    rule: RuleFamily::Unreadable,
    severity: Severity::Warning,
    title_zh: "文件在检查过程中被修改",
    title_en: "file changed while it was checked",
    basis: BASIS,
};
pub const U003: Code = Code {
    id: "U003",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件已损坏，读取时出错",
    title_en: "file is damaged: reading it failed",
    basis: BASIS,
};

pub const U004: Code = Code {
    id: "U004",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件读取超时",
    title_en: "reading the file took too long",
    basis: BASIS,
};

pub const CODES: &[&Code] = &[&U001, &U002, &U003, &U004];

/// A file that could not be read (`why` is the system's reason).
pub fn cannot_read(path: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        &U001,
        Some(path),
        Text::new(
            format!("无法读取文件：{why}"),
            format!("cannot read the file: {why}"),
        ),
        Text::new(
            "检查文件权限，或重新复制该文件后再检查",
            "check the file's permissions, or copy it again and re-run",
        ),
    )
}

/// A file that changed while it was read: its findings would be about a file that no
/// longer exists, so none are given.
pub fn changed(path: &str) -> Diagnostic {
    Diagnostic::new(
        &U002,
        Some(path),
        Text::new(
            "文件在检查过程中被修改，本次未检查其内容",
            "the file changed while it was checked; its content was not judged",
        ),
        Text::new(
            "等文件复制或保存完成后重新检查",
            "re-run once the file has been fully copied or saved",
        ),
    )
}

/// A file whose reader failed or crashed.
pub fn damaged(path: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        &U003,
        Some(path),
        Text::new(format!("文件内容损坏或结构异常，无法完整读取：{why}"), format!("the file is damaged and cannot be fully read: {why}")),
        Text::new("用原软件打开确认能否正常显示，重新导出（如另存为 PDF）后上传", "open it in the program that made it, export it again (e.g. as PDF) and upload the new copy"),
    )
}

/// A file whose content could not be read within the time limit.
pub fn timed_out(path: &str, secs: u64) -> Diagnostic {
    Diagnostic::new(
        &U004,
        Some(path),
        Text::new(
            format!("读取文件内容超过 {secs} 秒仍未完成，文件可能损坏或结构异常，未检查其日期和盖章"),
            format!("reading the file's content took more than {secs} s; it may be damaged; its dates and seal were not checked"),
        ),
        Text::new("用原软件打开确认能否正常显示，重新导出（如另存为 PDF）后上传", "open it in the program that made it, export it again (e.g. as PDF) and upload the new copy"),
    )
}
