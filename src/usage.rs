//! Usage errors in the user's language: clap's parse errors (unknown option, missing
//! or invalid value, unknown command) retold in Chinese with what to do, and operating
//! system errors (`No such file or directory (os error 2)`) named in Chinese. English
//! with `--lang en`. The exit status is clap's: 0 for help and version, 2 otherwise.

use crate::diag::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;

/// The language asked for on the command line (`--lang en`, `--lang=en`), Chinese
/// otherwise; read from the raw arguments because parsing may have failed.
pub(crate) fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--lang" {
            if it.next().is_some_and(|v| v == "en") {
                return Lang::En;
            }
        } else if a == "--lang=en" {
            return Lang::En;
        }
    }
    Lang::Zh
}

fn ctx_text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first line of clap's own error, without the `error: ` prefix.
fn clap_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// The subcommand named on the command line (`check`, `rules init`, …), for the help
/// hint.
fn command_of(args: &[OsString]) -> Option<String> {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let at = words
        .iter()
        .position(|a| ["check", "fix", "rules", "codes", "report"].contains(&a.as_str()))?;
    let mut c = words[at].clone();
    if c == "rules" {
        if let Some(sub) = words
            .get(at + 1)
            .filter(|s| ["check", "show", "init"].contains(&s.as_str()))
        {
            c = format!("rules {sub}");
        }
    }
    Some(c)
}

/// A usage error as the user reads it (ending in a newline), or `None` for help and
/// version output, which clap prints itself.
pub(crate) fn explain(e: &clap::Error, args: &[OsString], lang: Lang) -> Option<String> {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return None;
    }
    let command = command_of(args);
    let help = match &command {
        Some(c) => format!("evcheck {c} --help"),
        None => "evcheck --help".to_owned(),
    };
    if lang == Lang::En {
        // clap's own English, without its usage block (the hint below replaces it).
        let text = e.render().to_string();
        let mut out = String::new();
        for line in text.lines() {
            if line.starts_with("Usage:") || line.starts_with("For more information") {
                break;
            }
            if !line.trim().is_empty() {
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        out.push_str(&format!("    → run `{help}` to see the options\n"));
        return Some(out);
    }
    let arg = ctx_text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx_text(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggested = ctx_text(e, ContextKind::SuggestedArg)
        .or_else(|| ctx_text(e, ContextKind::SuggestedSubcommand))
        .or_else(|| ctx_text(e, ContextKind::SuggestedValue));
    let valid = ctx_text(e, ContextKind::ValidValue);
    let mut what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的选项“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            let sub = ctx_text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("不认识的命令“{sub}”（可用的命令：check、fix、rules、codes）")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("选项 {arg} 后面缺少值"),
        ErrorKind::InvalidValue => format!("选项 {arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            format!("选项 {arg} 的值“{value}”无效：应为 1 或更大的整数")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必须给出的参数 {arg}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            if command.as_deref() == Some("rules") =>
        {
            "缺少 rules 的子命令：请给出 check（校验规则文件）、show（输出内置规则）或 init（由问卷表格生成规则文件）".to_owned()
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：请给出 check、fix、rules 或 codes".to_owned()
        }
        ErrorKind::TooManyValues => format!("多余的参数“{value}”"),
        ErrorKind::ArgumentConflict => format!("选项 {arg} 不能与其他选项同时使用"),
        ErrorKind::NoEquals => format!("选项 {arg} 的值须用“=”连接"),
        _ => format!("命令行有误（{}）", clap_line(e)),
    };
    if let Some(v) = valid.filter(|v| !v.is_empty() && e.kind() == ErrorKind::InvalidValue) {
        what.push_str(&format!("；可选的值：{v}"));
    }
    let mut out = format!("错误: {what}\n");
    if let Some(s) = suggested {
        out.push_str(&format!("    → 您是否要用“{s}”？\n"));
    }
    out.push_str(&format!("    → 运行 {help} 查看全部选项和用法\n"));
    Some(out)
}

/// An operating system error in the user's language, without `(os error N)`.
pub(crate) fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (zh, en) = match e.kind() {
        K::NotFound => ("找不到该文件或文件夹，请检查路径是否写对", "no such file or folder: check the path"),
        K::PermissionDenied => (
            "没有访问权限：请确认文件未被其他程序占用，且您有读写该位置的权限",
            "permission denied: make sure no other program holds the file and you may use this place",
        ),
        K::AlreadyExists => ("已存在同名文件或文件夹", "a file or folder of that name exists"),
        K::StorageFull => ("磁盘空间不足，请清理后重试", "the disk is full: free some space and retry"),
        K::ReadOnlyFilesystem => ("该位置只读，请换一个可写的位置", "read-only place: choose a writable one"),
        K::NotADirectory => ("路径中有一段不是文件夹", "a part of the path is not a folder"),
        K::IsADirectory => ("这是一个文件夹，不是文件", "this is a folder, not a file"),
        K::InvalidFilename => ("文件名无效或过长", "invalid or too long file name"),
        K::Interrupted | K::TimedOut => ("操作被中断，请重试", "interrupted: retry"),
        _ => {
            return match lang {
                Lang::Zh => format!("系统错误：{e}"),
                Lang::En => e.to_string(),
            }
        }
    };
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// Text holding an operating system's error (`… No such file or directory (os error
/// 2)`) with that error said as [`io_error`] says it; other text is kept.
pub(crate) fn os_text(text: &str, lang: Lang) -> String {
    static OS: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let Some(re) = OS
        .get_or_init(|| regex::Regex::new(r"[A-Za-z][A-Za-z ,'’-]*\(os error (-?\d+)\)").ok())
        .as_ref()
    else {
        return text.to_owned();
    };
    re.replace_all(text, |c: &regex::Captures<'_>| {
        match c.get(1).and_then(|m| m.as_str().parse::<i32>().ok()) {
            Some(n) => io_error(&std::io::Error::from_raw_os_error(n), lang),
            None => c[0].to_owned(),
        }
    })
    .into_owned()
}

/// A TOML parse or type error of a rule file in Chinese (the parser's wording is
/// English): `invalid type: string "abc", expected f64` → 「类型不对：这里应为数字（小数），
/// 写的是字符串 "abc"」. Unrecognised messages are kept, after a Chinese lead-in.
pub(crate) fn toml_message(msg: &str) -> String {
    toml_text(msg, Lang::Zh)
}

/// The same error as [`toml_message`], in English (for `--lang en`): the parser's
/// wording, told the way the Chinese text tells it.
pub(crate) fn toml_message_en(msg: &str) -> String {
    toml_text(msg, Lang::En)
}

fn toml_text(msg: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |z: &'static str, e: &'static str| if zh { z } else { e };
    let msg = msg.trim();
    let what = |expected: &str| -> String {
        let e = expected.trim();
        let text = match e {
            "f64" | "f32" | "a float" => pick("数字（可带小数）", "a number (decimals allowed)"),
            "i64" | "u64" | "u32" | "usize" | "i32" | "u16" | "u8" | "an integer" => {
                pick("整数", "a whole number")
            }
            "a boolean" | "bool" => pick("true 或 false", "true or false"),
            "a string" | "string" | "a borrowed string" => {
                pick("用引号括起的文字", "text in quotes")
            }
            "a sequence" => pick("列表（[ ... ]）", "a list ([ ... ])"),
            _ if e.starts_with("struct ") || e.starts_with("a map") || e.starts_with("map") => {
                pick(
                    "表（[名称] 开头的一节，或 { ... }）",
                    "a table (a section starting with [name], or { ... })",
                )
            }
            _ if e.starts_with("a local date") || e.contains("date") => {
                pick("日期（如 2022-01-01）", "a date (e.g. 2022-01-01)")
            }
            _ if zh => return format!("“{e}”"),
            _ => return format!("\"{e}\""),
        };
        text.to_owned()
    };
    let found = |f: &str| -> String {
        let f = f.trim();
        let kinds = [
            ("string ", "文字", "the text"),
            ("integer ", "整数", "the whole number"),
            ("floating point ", "小数", "the number"),
            ("boolean ", "布尔值", "the value"),
        ];
        for (prefix, z, e) in kinds {
            if let Some(v) = f.strip_prefix(prefix) {
                return format!("{} {v}", pick(z, e));
            }
        }
        match f {
            "sequence" => pick("列表", "a list").to_owned(),
            "map" => pick("表", "a table").to_owned(),
            _ => f.to_owned(),
        }
    };
    let listed = |expected: &str| {
        expected
            .trim_start_matches("one of ")
            .replace("`, `", pick("、", ", "))
            .replace('`', "")
    };
    for (prefix, z, e) in [
        ("invalid type: ", "类型不对", "wrong type"),
        ("invalid value: ", "值不对", "wrong value"),
    ] {
        if let Some((f, x)) = msg
            .strip_prefix(prefix)
            .and_then(|r| r.split_once(", expected "))
        {
            return match zh {
                true => format!("{z}：这里应为{}，写的是{}", what(x), found(f)),
                false => format!("{e}: {} is needed here, found {}", what(x), found(f)),
            };
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = listed(expected);
        return match (zh, expected.is_empty()) {
            (true, true) => format!("不认识的键 {field}，请检查拼写"),
            (true, false) => format!("不认识的键 {field}，请检查拼写；这里可用的键：{expected}"),
            (false, true) => format!("unknown key {field}: check the spelling"),
            (false, false) => {
                format!("unknown key {field}: check the spelling; keys allowed here: {expected}")
            }
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return match zh {
            true => format!("缺少必填的键 {rest}"),
            false => format!("the required key {rest} is missing"),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (v, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return match zh {
            true => format!("不认识的取值 {v}；可用的取值：{}", listed(expected)),
            false => format!("unknown value {v}; allowed values: {}", listed(expected)),
        };
    }
    let lead = if msg.starts_with("duplicate key") {
        pick(
            "键重复：同一节中不能写两次",
            "duplicate key: a key may be written only once in a section",
        )
    } else if msg.starts_with("invalid")
        || msg.starts_with("expected")
        || msg.starts_with("unexpected")
    {
        pick(
            "TOML 写法有误，请检查该行的引号、括号和等号",
            "TOML syntax error: check the quotes, brackets and equals signs on this line",
        )
    } else {
        pick("规则文件有误", "error in the rule file")
    };
    match zh {
        true => format!("{lead}（{msg}）"),
        false => format!("{lead} ({msg})"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn toml_errors_in_english_too() {
        assert_eq!(
            toml_message_en("invalid type: string \"abc\", expected f64"),
            "wrong type: a number (decimals allowed) is needed here, found the text \"abc\""
        );
        assert_eq!(
            toml_message_en("unknown field `id`, expected one of `scheme`, `limits`"),
            "unknown key `id`: check the spelling; keys allowed here: scheme, limits"
        );
        assert_eq!(
            toml_message_en("missing field `name`"),
            "the required key `name` is missing"
        );
    }

    #[test]
    fn toml_errors_in_chinese() {
        assert_eq!(
            toml_message("invalid type: string \"abc\", expected f64"),
            "类型不对：这里应为数字（可带小数），写的是文字 \"abc\""
        );
        assert_eq!(
            toml_message("unknown field `id`, expected one of `scheme`, `limits`"),
            "不认识的键 `id`，请检查拼写；这里可用的键：scheme、limits"
        );
        assert_eq!(toml_message("missing field `name`"), "缺少必填的键 `name`");
        assert!(!toml_message("invalid type: integer `3`, expected a string").contains("expected"));
    }

    use super::*;

    #[test]
    fn os_errors_inside_text() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let raw = std::io::Error::from_raw_os_error(2);
        let text = format!("无法打开表格文件: {raw}");
        assert!(text.contains("os error 2"), "{text} {e}");
        assert_eq!(
            os_text(&text, Lang::Zh),
            "无法打开表格文件: 找不到该文件或文件夹，请检查路径是否写对"
        );
        assert_eq!(os_text("没有系统错误", Lang::Zh), "没有系统错误");
    }

    #[test]
    fn language_from_raw_arguments() {
        let a = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&a(&["check", "--lang", "en", "x"])), Lang::En);
        assert_eq!(lang_of(&a(&["check", "--lang=en"])), Lang::En);
        assert_eq!(lang_of(&a(&["check", "--lang", "zh"])), Lang::Zh);
        assert_eq!(lang_of(&a(&["check", "--qiuet"])), Lang::Zh);
    }

    #[test]
    fn os_errors_in_chinese() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            io_error(&e, Lang::Zh),
            "找不到该文件或文件夹，请检查路径是否写对"
        );
        assert!(!io_error(&e, Lang::Zh).contains("os error"));
    }
}
