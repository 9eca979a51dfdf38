//! The `format` rule family: formats are judged by content, against the scheme's
//! format policy; an extension that does not fit the content is reported.

#![warn(missing_docs)]

use super::FileContext;
use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::facts::FileFacts;
use crate::identify::Format;
use crate::rules::{EvidenceKind, FormatVerdict};

const BASIS: &str = "请勿提供体积较大或政府CEB格式文件，尽量采用PDF、WORD、EXCEL等常用格式；如具体问题涉及较多数目文件，可压缩成ZIP格式后上传";

/// `F001`: CEB file.
pub const F001: Code = Code {
    id: "F001",
    rule: RuleFamily::Format,
    severity: Severity::Error,
    title_zh: "CEB 格式文件",
    title_en: "CEB file",
    basis: BASIS,
};
/// `F002`: archive format not accepted (RAR/7z).
pub const F002: Code = Code {
    id: "F002",
    rule: RuleFamily::Format,
    severity: Severity::Error,
    title_zh: "不接受的压缩格式（RAR/7z）",
    title_en: "archive format not accepted (RAR/7z)",
    basis: BASIS,
};
/// `F003`: format rejected by the scheme.
pub const F003: Code = Code {
    id: "F003",
    rule: RuleFamily::Format,
    severity: Severity::Error,
    title_zh: "方案不接受的格式",
    title_en: "format rejected by the scheme",
    basis: BASIS,
};
/// `F004`: uncommon format.
pub const F004: Code = Code {
    id: "F004",
    rule: RuleFamily::Format,
    severity: Severity::Warning,
    title_zh: "非常用格式",
    title_en: "uncommon format",
    basis: BASIS,
};
/// `F005`: unknown format.
pub const F005: Code = Code {
    id: "F005",
    rule: RuleFamily::Format,
    severity: Severity::Warning,
    title_zh: "无法识别的格式",
    title_en: "unknown format",
    basis: BASIS,
};
/// `F006`: extension does not match content.
pub const F006: Code = Code {
    id: "F006",
    rule: RuleFamily::Format,
    severity: Severity::Warning,
    title_zh: "扩展名与文件内容不符",
    title_en: "extension does not match content",
    basis: BASIS,
};
/// `F007`: empty file.
pub const F007: Code = Code {
    id: "F007",
    rule: RuleFamily::Format,
    severity: Severity::Error,
    title_zh: "空文件",
    title_en: "empty file",
    basis: BASIS,
};
/// `F008`: encrypted file.
pub const F008: Code = Code {
    id: "F008",
    rule: RuleFamily::Format,
    severity: Severity::Error,
    title_zh: "加密的文件",
    title_en: "encrypted file",
    basis: BASIS,
};

/// `F009`: photo resolution too low to read.
pub const F009: Code = Code {
    id: "F009",
    rule: RuleFamily::Format,
    severity: Severity::Warning,
    title_zh: "照片像素过低，可能看不清",
    title_en: "photo resolution too low to read",
    basis: "要求照片拍摄清晰，能够充分显示题目内涵",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[
    &F001, &F002, &F003, &F004, &F005, &F006, &F007, &F008, &F009,
];

/// The extension of a file name, lower case, without the dot.
pub fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() || ext.chars().count() > 8 {
        return None;
    }
    Some(ext.to_lowercase())
}

/// Judges the format of one file.
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let p = Some(f.path.as_str());
    let shown = f.format.display_name();
    match f.format {
        Format::Empty => out.push(Diagnostic::new(
            &F007,
            p,
            Text::new(
                "文件为空（0 字节），审核人员无法查看",
                "the file is empty (0 bytes)",
            ),
            Text::new(
                "重新导出或复制该文件后再上传",
                "export or copy the file again and upload the new copy",
            ),
        )),
        Format::Ceb => out.push(Diagnostic::new(
            &F001,
            p,
            Text::new(
                "文件内容为 CEB 格式，考评系统不接受，审核人员无法打开",
                "the content is CEB, which the reviewers cannot open",
            ),
            Text::new(
                "请用方正 Apabi Reader 打开后另存或打印为 PDF 再上传",
                "open it in Apabi Reader and save or print it as PDF",
            ),
        )),
        Format::EncryptedOffice => out.push(Diagnostic::new(
            &F008,
            p,
            Text::new(
                "文件设置了打开密码，审核人员无法打开",
                "the file is password-protected; reviewers cannot open it",
            ),
            Text::new(
                "取消文件密码后重新保存，或另存为 PDF",
                "remove the password and save again, or save as PDF",
            ),
        )),
        _ => {}
    }
    if !out.is_empty() {
        return out;
    }
    match ctx.rules.formats.verdict(f.format) {
        FormatVerdict::Accept => {}
        FormatVerdict::Reject if matches!(f.format, Format::Rar | Format::SevenZip) => {
            out.push(Diagnostic::new(
                &F002,
                p,
                Text::new(
                    format!("文件内容为 {shown} 压缩包，只接受 ZIP 格式"),
                    format!("the content is a {shown} archive; only ZIP is accepted"),
                ),
                Text::new(
                    "解压后用 ZIP 格式重新压缩（右键“发送到—压缩(zipped)文件夹”）",
                    "extract it and compress again as ZIP",
                ),
            ))
        }
        FormatVerdict::Reject => out.push(Diagnostic::new(
            &F003,
            p,
            Text::new(
                format!("文件内容为 {shown}，本方案不接受此格式"),
                format!("the content is {shown}, which this scheme does not accept"),
            ),
            Text::new(
                "请转换为 PDF、Word、Excel 或 JPG 后上传",
                "convert it to PDF, Word, Excel or JPEG",
            ),
        )),
        FormatVerdict::Warn if f.format == Format::Unknown => out.push(Diagnostic::new(
            &F005,
            p,
            Text::new(
                "无法识别文件格式，审核人员可能无法打开",
                "the format is not recognised; reviewers may not be able to open it",
            ),
            Text::new(
                "请转换为 PDF、Word、Excel 或 JPG 后上传",
                "convert it to PDF, Word, Excel or JPEG",
            ),
        )),
        FormatVerdict::Warn => out.push(Diagnostic::new(
            &F004,
            p,
            Text::new(
                format!("文件内容为 {shown}，不是常用格式"),
                format!("the content is {shown}, not a common format"),
            ),
            Text::new(
                "建议转换为 PDF、Word、Excel 或 JPG",
                "consider converting it to PDF, Word, Excel or JPEG",
            ),
        )),
    }
    if let (Some((w, h)), Some(q)) = (f.dimensions, ctx.question) {
        let min = ctx.rules.limits.min_photo_pixels;
        if q.evidence.contains(&EvidenceKind::Photo) && (w as u64) * (h as u64) < min {
            out.push(Diagnostic::new(
                &F009,
                p,
                Text::new(
                    format!("照片只有 {w}×{h} 像素，低于 {min} 像素，审核人员可能看不清"),
                    format!("the photo is only {w}×{h} pixels (under {min}); reviewers may not be able to read it"),
                ),
                Text::new("使用原始照片（不要用聊天软件压缩过的图片），或重新拍摄清晰的照片", "use the original photo (not one compressed by a chat app), or take a clearer one"),
            ));
        }
    }
    if let Some(ext) = extension(&f.name) {
        let fits = f.format.extensions().iter().any(|e| *e == ext);
        let known_ext = Format::ALL
            .iter()
            .any(|g| g.extensions().contains(&ext.as_str()));
        if !fits && known_ext && !matches!(f.format, Format::Unknown | Format::Empty | Format::Ole2)
        {
            let want = f.format.extensions().first().copied().unwrap_or("");
            out.push(Diagnostic::new(
                &F006,
                p,
                Text::new(
                    format!("扩展名为 .{ext}，但文件内容是 {shown}"),
                    format!("the extension is .{ext} but the content is {shown}"),
                ),
                Text::new(
                    format!("用原软件打开后另存为正确格式，或把扩展名改为 .{want}"),
                    format!(
                        "save it again in the right format, or change the extension to .{want}"
                    ),
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(extension("a-04-b.PDF").as_deref(), Some("pdf"));
        assert_eq!(extension("noext"), None);
        assert_eq!(extension(".hidden"), None);
    }
}
