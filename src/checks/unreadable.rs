//! The `unreadable` rule family: files that cannot be read or opened (damaged, a
//! password to open), change while they are read, crash a reader, or were read only
//! in part. [`check`] is the one place where typed read outcomes become findings.

#![warn(missing_docs)]

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::facts::{Depth, FileFacts};
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use crate::rules::Verify;

/// A file the reviewers cannot open is no evidence: the guide asks for common formats
/// they can read.
const BASIS: &str = "请勿提供体积较大或政府CEB格式文件，尽量采用PDF、WORD、EXCEL等常用格式";

/// `U001`: file cannot be read.
pub const U001: Code = Code {
    id: "U001",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件无法读取",
    title_en: "file cannot be read",
    basis: BASIS,
};
/// `U002`: file changed while it was checked.
pub const U002: Code = Code {
    id: "U002",
    rule: RuleFamily::Unreadable,
    severity: Severity::Warning,
    title_zh: "文件在检查过程中被修改",
    title_en: "file changed while it was checked",
    basis: BASIS,
};
/// `U003`: file is damaged and cannot be opened.
pub const U003: Code = Code {
    id: "U003",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件已损坏，无法打开",
    title_en: "file is damaged and cannot be opened",
    basis: BASIS,
};

/// `U004`: reading the file took too long.
pub const U004: Code = Code {
    id: "U004",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件读取超时",
    title_en: "reading the file took too long",
    basis: BASIS,
};

/// `U005`: file needs a password to open.
pub const U005: Code = Code {
    id: "U005",
    rule: RuleFamily::Unreadable,
    severity: Severity::Error,
    title_zh: "文件设有打开密码",
    title_en: "file needs a password to open",
    basis: BASIS,
};

/// `U006`: only part of the file was read.
pub const U006: Code = Code {
    id: "U006",
    rule: RuleFamily::Unreadable,
    severity: Severity::Warning,
    title_zh: "文件只读取了一部分",
    title_en: "only part of the file was read",
    basis: BASIS,
};

/// Files identified from their header only, by the rule file's choice.
pub const U007: Code = Code {
    id: "U007",
    rule: RuleFamily::Unreadable,
    severity: Severity::Info,
    title_zh: "部分文件只核对了文件头",
    title_en: "some files were checked from their header only",
    basis: "规则文件 [reading] verify：auto 只打开核对有内容规则（日期、盖章）的题目下的文件，只为读日期的压缩照片只解压到日期所在的开头；head 只读规则本身需要的部分 (rule file [reading] verify: auto opens only files of questions with a content rule, and inflates a compressed photo read only for its dates up to them; head reads only what the rules need)",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&U001, &U002, &U003, &U004, &U005, &U006, &U007];

/// File names a [`head_only`] finding lists before it says how many more.
const HEAD_ONLY_NAMED: usize = 5;

/// The one finding of a unit whose files were not all verified (identified from their
/// head, not opened or read to their end, because `[reading] verify` did not ask for
/// it): how many, a few of their names, and the setting. Nothing when every file was
/// verified: then no file was said to be fine beyond what was read.
pub fn head_only(files: &[FileFacts], verify: Verify) -> Option<Diagnostic> {
    let head: Vec<&str> = files
        .iter()
        .filter(|f| f.depth == Depth::Head)
        .map(|f| f.path.as_str())
        .collect();
    if head.is_empty() {
        return None;
    }
    let n = head.len();
    let named = head[..n.min(HEAD_ONLY_NAMED)].join("、");
    let more_zh = if n > HEAD_ONLY_NAMED { " 等" } else { "" };
    let more_en = if n > HEAD_ONLY_NAMED { ", …" } else { "" };
    let v = verify.id();
    Some(Diagnostic::new(
        &U007,
        None,
        Text::new(
            format!(
                "{n} 个文件只核对了文件头，未打开校验内容（规则文件 [reading] verify = \"{v}\"）：{named}{more_zh}；这些文件是否损坏未检查"
            ),
            format!(
                "{n} files were checked from their header only, not opened to verify their content (rule file [reading] verify = \"{v}\"): {}{more_en}; whether they are damaged was not checked",
                head[..n.min(HEAD_ONLY_NAMED)].join(", ")
            ),
        ),
        Text::new(
            "如需确认每个文件都能打开，在规则文件中写 [reading] verify = \"always\" 后重新检查",
            "to make sure every file opens, set [reading] verify = \"always\" in the rule file and run the check again",
        ),
    ))
}

/// What a read outcome is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aspect {
    /// Opening the file at all.
    File,
    /// Reading it for dates.
    Dates,
    /// Searching it for a seal.
    Seal,
}

/// The findings of the `unreadable` family for one file: the one place where read
/// outcomes (opening the file, reading its dates, searching it for a seal) become
/// findings. A failure to read (damaged, password, time-out, crash, refused,
/// changed) gives one finding for the file, the worst; otherwise each partial read
/// gives a warning saying what was read. Unsupported content is left to the rule
/// that could not be judged (`P003`, `T003`), which says so.
pub fn check(f: &FileFacts) -> Vec<Diagnostic> {
    let path = f.path.as_str();
    let mut outcomes: Vec<(Aspect, &ReadOutcome)> = vec![(Aspect::File, &f.read)];
    if let Some(d) = &f.dates {
        outcomes.push((Aspect::Dates, &d.read));
    }
    if let Some(s) = &f.seal {
        outcomes.push((Aspect::Seal, &s.read));
    }
    let worst = outcomes
        .iter()
        .filter(|(_, o)| o.is_failure())
        .max_by_key(|(a, o)| (o.rank(), *a == Aspect::File));
    if let Some((_, o)) = worst {
        return failure(f, o).into_iter().collect();
    }
    outcomes
        .into_iter()
        .filter_map(|(a, o)| match o {
            ReadOutcome::Partial { read, why } => Some(partial(path, a, read, why)),
            _ => None,
        })
        .collect()
}

fn failure(f: &FileFacts, o: &ReadOutcome) -> Option<Diagnostic> {
    let path = f.path.as_str();
    Some(match o {
        ReadOutcome::Damaged { why } | ReadOutcome::Crashed { why } => damaged(path, why),
        // The format check already says an Office file is encrypted (F008).
        ReadOutcome::Encrypted if f.format == Format::EncryptedOffice => return None,
        ReadOutcome::Encrypted => Diagnostic::new(
            &U005,
            Some(path),
            Text::new(
                "文件设有打开密码，审核人员无法打开",
                "the file needs a password to open; reviewers cannot open it",
            ),
            Text::new(
                "取消打开密码后重新保存（或另存为 PDF），再上传",
                "remove the password to open, save again (or save as PDF) and upload that copy",
            ),
        ),
        ReadOutcome::TimedOut { secs } => timed_out(path, *secs),
        ReadOutcome::Refused { why } => cannot_read(path, why),
        ReadOutcome::Changed => changed(path),
        ReadOutcome::Complete | ReadOutcome::Partial { .. } | ReadOutcome::Unsupported { .. } => {
            return None
        }
    })
}

fn partial(path: &str, aspect: Aspect, read: &Text, why: &Text) -> Diagnostic {
    let (what_zh, what_en) = match aspect {
        Aspect::File => (
            "内容（日期、公章）均未检查",
            "its content (dates, seal) was not checked",
        ),
        Aspect::Dates => (
            "其余部分的日期未检查",
            "the dates of the rest were not checked",
        ),
        Aspect::Seal => (
            "其余部分未检查是否盖章",
            "the rest was not searched for a seal",
        ),
    };
    let read_zh = match aspect {
        Aspect::Seal => format!("公章检查只覆盖了{}", read.zh),
        Aspect::Dates => format!("日期只读取了{}", read.zh),
        Aspect::File => format!("只检查了{}", read.zh),
    };
    let read_en = match aspect {
        Aspect::Seal => format!("the seal search covered only {}", read.en),
        Aspect::Dates => format!("only {} was read for dates", read.en),
        Aspect::File => format!("only {} was checked", read.en),
    };
    Diagnostic::new(
        &U006,
        Some(path),
        Text::new(
            format!("{read_zh}（{}），{what_zh}", why.zh),
            format!("{read_en} ({}); {what_en}", why.en),
        ),
        Text::new(
            "请人工核对未读取的部分；如可能，把材料拆分为较小的文件后重新提交",
            "check the unread part by hand; if possible, split the material into smaller files and resubmit",
        ),
    )
}

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
        Text::new(format!("文件已损坏，无法打开：{why}"), format!("the file is damaged and cannot be opened: {why}")),
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
