//! The `archive` rule family: how units pack their evidence (a folder or a plain ZIP,
//! within the bounds of `[archive]`). The walk reports what it saw as typed facts
//! ([`Seen`]); [`check`] turns the archive ones into findings.

#![warn(missing_docs)]

use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::walk::Seen;

const ZIP_BASIS: &str = "如具体问题涉及较多数目文件，可压缩成ZIP格式后上传";

const fn archive(id: &'static str, severity: Severity, zh: &'static str, en: &'static str) -> Code {
    Code {
        id,
        rule: RuleFamily::Archive,
        severity,
        title_zh: zh,
        title_en: en,
        basis: ZIP_BASIS,
    }
}

/// `A001`: archive is damaged or truncated.
pub const A001: Code = archive(
    "A001",
    Severity::Error,
    "压缩包损坏或不完整，无法打开",
    "archive is damaged or truncated",
);
/// `A002`: archive is encrypted.
pub const A002: Code = archive(
    "A002",
    Severity::Error,
    "压缩包已加密",
    "archive is encrypted",
);
/// `A003`: archive uses an unsupported compression method.
pub const A003: Code = archive(
    "A003",
    Severity::Error,
    "压缩包使用了不支持的压缩方式",
    "archive uses an unsupported compression method",
);
/// `A004`: a file inside the archive is damaged.
pub const A004: Code = archive(
    "A004",
    Severity::Error,
    "压缩包内文件损坏，无法解压",
    "a file inside the archive is damaged",
);
/// `A005`: a file inside the archive is too large once unpacked.
pub const A005: Code = archive(
    "A005",
    Severity::Error,
    "压缩包内单个文件解压后过大",
    "a file inside the archive is too large once unpacked",
);
/// `A006`: archive unpacks to more than the allowed total.
pub const A006: Code = archive(
    "A006",
    Severity::Error,
    "压缩包解压后总大小超过上限",
    "archive unpacks to more than the allowed total",
);
/// `A007`: a file inside the archive has an abnormal compression ratio.
pub const A007: Code = archive(
    "A007",
    Severity::Error,
    "压缩包内文件压缩比异常（疑似压缩炸弹）",
    "a file inside the archive has an abnormal compression ratio",
);
/// `A008`: archive holds too many entries.
pub const A008: Code = archive(
    "A008",
    Severity::Error,
    "压缩包内文件数量过多",
    "archive holds too many entries",
);
/// `A009`: archives nested too deep.
pub const A009: Code = archive(
    "A009",
    Severity::Error,
    "压缩包嵌套层数过多",
    "archives nested too deep",
);
/// `A010`: a name inside the archive points outside it.
pub const A010: Code = archive(
    "A010",
    Severity::Warning,
    "压缩包内文件名含有越界路径",
    "a name inside the archive points outside it",
);
/// `A011`: duplicate name inside the archive.
pub const A011: Code = archive(
    "A011",
    Severity::Warning,
    "压缩包内有重名文件",
    "duplicate name inside the archive",
);
/// `A012`: a unit's submission is neither a folder nor a ZIP.
pub const A012: Code = archive(
    "A012",
    Severity::Error,
    "单位材料不是文件夹或ZIP压缩包",
    "a unit's submission is neither a folder nor a ZIP",
);
/// `A013`: a loose file at the top level belongs to no unit.
pub const A013: Code = archive(
    "A013",
    Severity::Warning,
    "根目录下有不属于任何单位的文件",
    "a loose file at the top level belongs to no unit",
);
/// `A014`: symbolic link not followed.
pub const A014: Code = archive(
    "A014",
    Severity::Warning,
    "符号链接未跟随",
    "symbolic link not followed",
);
/// The family's codes, in order.
pub const CODES: &[&Code] = &[
    &A001, &A002, &A003, &A004, &A005, &A006, &A007, &A008, &A009, &A010, &A011, &A012, &A013,
    &A014,
];

fn d(
    code: &'static Code,
    file: &str,
    zh: String,
    en: String,
    fix_zh: &str,
    fix_en: &str,
) -> Diagnostic {
    Diagnostic::new(
        code,
        Some(file),
        Text::new(zh, en),
        Text::new(fix_zh, fix_en),
    )
}

const REPACK_ZH: &str =
    "用 Windows 自带的“发送到 → 压缩(zipped)文件夹”或 WinRAR/7-Zip 重新打包为普通 ZIP 后上传";
const REPACK_EN: &str = "pack the files again as a plain ZIP (Windows \"Send to > Compressed folder\", WinRAR or 7-Zip) and upload that";

/// Why an archive cannot be opened, in Chinese, from the reason the ZIP library (in
/// English) or the walk gave; the library's own words follow as detail. A reason that
/// is already in Chinese is used as it stands.
fn unopenable_zh(why: &str) -> String {
    if why.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return why.to_owned();
    }
    let lower = why.to_ascii_lowercase();
    let zh = if lower.contains("could not find eocd") || lower.contains("no cdfh found") {
        "找不到压缩包末尾的文件目录，文件很可能没有下载或复制完整"
    } else if lower.contains("multi-disk") {
        "这是分卷压缩包的一部分，单独一个分卷无法打开"
    } else if lower.starts_with("unsupported zip archive") {
        "压缩包使用了不支持的格式或功能"
    } else if lower.starts_with("invalid zip archive") {
        "压缩包的内部结构不正确"
    } else if lower.starts_with("i/o error") || lower.contains("seek") {
        "读取文件时出错"
    } else {
        "无法识别为 ZIP 压缩包"
    };
    format!("{zh}（压缩库的说明：{why}）")
}

fn unopenable(file: &str, why: &str) -> Diagnostic {
    d(
        &A001,
        file,
        format!(
            "压缩包损坏或不完整（可能未下载或复制完），无法打开：{}",
            unopenable_zh(why)
        ),
        format!("the archive is damaged or truncated (perhaps not fully copied) and cannot be opened: {why}"),
        "重新复制或下载该压缩包；仍无法打开时用原始文件重新打包",
        "copy or download the archive again; if it still fails, pack the original files again",
    )
}

fn encrypted(file: &str, count: usize, first: &str) -> Diagnostic {
    d(
        &A002,
        file,
        format!("压缩包设置了密码，其中 {count} 个文件无法检查（如“{first}”）"),
        format!("the archive is password-protected: {count} file(s) cannot be checked (e.g. \"{first}\")"),
        "去掉密码后重新打包上传，核验人员无法打开加密文件",
        "pack the files again without a password; reviewers cannot open encrypted files",
    )
}

fn unsupported(file: &str, count: usize, first: &str, method: &str) -> Diagnostic {
    d(
        &A003,
        file,
        format!("压缩包内 {count} 个文件（如“{first}”）使用了不支持的压缩方式（{method}），无法解压"),
        format!("{count} file(s) inside the archive (e.g. \"{first}\") use an unsupported compression method ({method})"),
        REPACK_ZH,
        REPACK_EN,
    )
}

fn member_damaged(file: &str, member: &str, why: &str) -> Diagnostic {
    d(
        &A004,
        file,
        format!("压缩包内“{member}”已损坏，无法解压：{why}"),
        format!("\"{member}\" inside the archive is damaged and cannot be unpacked: {why}"),
        "用原始文件重新打包后上传",
        "pack the original files again and upload the new archive",
    )
}

fn mb(n: u64) -> String {
    format!("{} MB", n / (1024 * 1024))
}

fn member_too_large(file: &str, member: &str, max: u64) -> Diagnostic {
    d(
        &A005,
        file,
        format!("压缩包内“{member}”解压后超过 {}，未检查", mb(max)),
        format!(
            "\"{member}\" inside the archive unpacks to more than {}; it was not checked",
            mb(max)
        ),
        "压缩或拆分该文件后重新打包；过大的文件请在文件备份时提交",
        "compress or split the file and pack again; submit very large files with the backup",
    )
}

fn total_exceeded(file: &str, member: &str, max: u64) -> Diagnostic {
    d(
        &A006,
        file,
        format!("压缩包解压后总大小超过 {}（本单位所有压缩包合计），从“{member}”起的文件未检查", mb(max)),
        format!("the archives unpack to more than {} in total (all of this unit's archives); files from \"{member}\" on were not checked", mb(max)),
        "减少压缩包内的文件或拆分为多个压缩包；过大的文件请在文件备份时提交",
        "put fewer files in the archive or split it; submit very large files with the backup",
    )
}

fn ratio_exceeded(file: &str, member: &str, max: u64) -> Diagnostic {
    d(
        &A007,
        file,
        format!("压缩包内“{member}”的压缩比超过 {max} 倍，疑似压缩炸弹，未解压"),
        format!("\"{member}\" inside the archive expands more than {max} times: likely a zip bomb; it was not unpacked"),
        "确认压缩包来源可靠，用原始文件重新打包后上传",
        "make sure the archive comes from a trusted source and pack the original files again",
    )
}

fn too_many_entries(file: &str, count: u64, max: usize) -> Diagnostic {
    d(
        &A008,
        file,
        format!("压缩包内有 {count} 个条目，超过上限 {max}，未检查"),
        format!("the archive holds {count} entries, more than {max}; it was not checked"),
        "每道题最多上传5份文件：请归并整理后重新打包",
        "at most 5 files per question: merge the files and pack them again",
    )
}

fn too_deep(file: &str, max: u32) -> Diagnostic {
    d(
        &A009,
        file,
        format!("压缩包嵌套超过 {max} 层，更深的内容未检查"),
        format!(
            "archives are nested more than {max} levels deep; the deeper content was not checked"
        ),
        "不要把压缩包再放进压缩包：解开后直接打包为一个 ZIP",
        "do not put archives inside archives: unpack them and pack everything as one ZIP",
    )
}

fn traversal(file: &str, shown: &str) -> Diagnostic {
    d(
        &A010,
        file,
        format!("压缩包内文件名含有“..”、绝对路径或盘符，已按“{shown}”处理"),
        format!("a name inside the archive contains \"..\", an absolute path or a drive letter; shown as \"{shown}\""),
        REPACK_ZH,
        REPACK_EN,
    )
}

fn duplicate(file: &str, shown: &str) -> Diagnostic {
    d(
        &A011,
        file,
        format!("压缩包内有多个名为“{shown}”的文件，只检查了第一个"),
        format!("the archive holds several files named \"{shown}\"; only the first was checked"),
        "重命名或删除重复的文件后重新打包",
        "rename or remove the duplicates and pack again",
    )
}

fn duplicate_raw(file: &str) -> Diagnostic {
    d(
        &A011,
        file,
        "压缩包目录中有完全同名的条目，同名的只检查了一个".to_owned(),
        "the archive's directory lists the same name more than once; only one of them was checked"
            .to_owned(),
        "重命名或删除重复的文件后重新打包",
        "rename or remove the duplicates and pack again",
    )
}

fn not_folder_or_zip(file: &str) -> Diagnostic {
    d(
        &A012,
        file,
        "单位材料须为文件夹或 ZIP 压缩包，RAR、7z 等格式未检查".to_owned(),
        "a unit's submission must be a folder or a ZIP; RAR, 7z and other archives were not checked".to_owned(),
        "解压后重新打包为 ZIP 格式上传",
        "unpack it and pack it again as a ZIP",
    )
}

fn loose_file(file: &str) -> Diagnostic {
    d(
        &A013,
        file,
        "根目录下的文件不属于任何单位的文件夹或压缩包，未检查".to_owned(),
        "a file at the top level is in no unit's folder or ZIP; it was not checked".to_owned(),
        "把该文件放入所属单位的文件夹或压缩包中",
        "move the file into its unit's folder or ZIP",
    )
}

fn symlink(file: &str) -> Diagnostic {
    d(
        &A014,
        file,
        "这是一个指向其他位置的快捷链接（符号链接），未跟随检查".to_owned(),
        "this is a symbolic link to somewhere else; it was not followed".to_owned(),
        "把实际文件复制到此处，替换该链接",
        "copy the real file here in place of the link",
    )
}

/// The `archive` finding of what the walk saw, if it is about packing.
pub fn check(seen: &Seen) -> Option<Diagnostic> {
    Some(match seen {
        Seen::Unopenable { archive, why } => unopenable(archive, why),
        Seen::Encrypted {
            archive,
            count,
            first,
        } => encrypted(archive, *count, first),
        Seen::Unsupported {
            archive,
            count,
            first,
            method,
        } => unsupported(archive, *count, first, method),
        Seen::MemberDamaged {
            archive,
            member,
            why,
        } => member_damaged(archive, member, why),
        Seen::MemberTooLarge {
            archive,
            member,
            max,
        } => member_too_large(archive, member, *max),
        Seen::TotalExceeded {
            archive,
            member,
            max,
            more,
        } => {
            let mut d = total_exceeded(archive, member, *max);
            if *more > 0 {
                d.message
                    .zh
                    .push_str(&format!("（另有 {more} 个文件同样未检查）"));
                d.message
                    .en
                    .push_str(&format!(" ({more} more files not checked)"));
            }
            d
        }
        Seen::RatioExceeded {
            archive,
            member,
            max,
        } => ratio_exceeded(archive, member, *max),
        Seen::TooManyEntries {
            archive,
            count,
            max,
        } => too_many_entries(archive, *count, *max),
        Seen::TooDeep { archive, max } => too_deep(archive, *max),
        Seen::Traversal { archive, shown } => traversal(archive, shown),
        Seen::Duplicate { archive, shown } => duplicate(archive, shown),
        Seen::DuplicateRaw { archive } => duplicate_raw(archive),
        Seen::NotFolderOrZip { file } => not_folder_or_zip(file),
        Seen::LooseFile { file } => loose_file(file),
        Seen::Symlink { file } => symlink(file),
        Seen::Junk { .. } | Seen::Unreadable { .. } => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unopenable_archive_is_explained_in_chinese_with_the_library_text_as_detail() {
        let why = "invalid Zip archive: Could not find EOCD";
        let d = unopenable("a.zip", why);
        assert!(
            d.message.zh.contains("找不到压缩包末尾的文件目录"),
            "{}",
            d.message.zh
        );
        assert!(d.message.zh.contains(&format!("（压缩库的说明：{why}）")));
        assert!(d.message.en.ends_with(why), "{}", d.message.en);
        for (why, zh) in [
            (
                "unsupported Zip archive: Multi-disk ZIP files are not supported",
                "分卷",
            ),
            (
                "invalid Zip archive: Invalid local file header",
                "内部结构不正确",
            ),
            ("i/o error: failed to fill whole buffer", "读取文件时出错"),
            ("seek failed", "读取文件时出错"),
        ] {
            assert!(unopenable("a.zip", why).message.zh.contains(zh), "{why}");
        }
        // A reason the walk already gives in Chinese stays as it is.
        let own = "这是一个文档文件，不是压缩包 (a document, not an archive)";
        assert!(unopenable("a.zip", own)
            .message
            .zh
            .ends_with(&format!("：{own}")));
    }
}
