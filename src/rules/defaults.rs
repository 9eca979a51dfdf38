//! The values a rule file may leave out, in one place: the section validators fill
//! them in, and `rules init` writes them into the template it makes. The built-in
//! scheme (`rules/shihe-2022.toml`) writes the same values out (a test checks that
//! the three agree).

#![warn(missing_docs)]

use crate::identify::Format;
use crate::rules::{PeriodMode, SealShape, Verify};

/// `[limits] warn_size_mb`: 建议上传单个文件不超过20M.
pub const WARN_SIZE_MB: f64 = 20.0;
/// `[limits] max_size_mb`: 每个文件不超过30M.
pub const MAX_SIZE_MB: f64 = 30.0;
/// `[limits] max_files_per_question`: 每道题最多上传5份文件.
pub const MAX_FILES_PER_QUESTION: usize = 5;
/// `[limits] max_name_chars`: 题目序号加佐证关键点应该在20字以内.
pub const MAX_NAME_CHARS: usize = 20;
/// `[limits] min_photo_pixels`: a photo with fewer pixels is too small to read.
pub const MIN_PHOTO_PIXELS: u64 = 300_000;

/// `[archive] max_depth`.
pub const ARCHIVE_MAX_DEPTH: u32 = 3;
/// `[archive] max_entries`.
pub const ARCHIVE_MAX_ENTRIES: usize = 10_000;
/// `[archive] max_total_mb`.
pub const ARCHIVE_MAX_TOTAL_MB: u64 = 2048;
/// `[archive] max_member_mb`.
pub const ARCHIVE_MAX_MEMBER_MB: u64 = 512;
/// `[archive] max_ratio`.
pub const ARCHIVE_MAX_RATIO: u64 = 200;

/// `[seal] max_pixels`.
pub const SEAL_MAX_PIXELS: u64 = 4_000_000;
/// `[seal] max_images_per_file`.
pub const SEAL_MAX_IMAGES_PER_FILE: usize = 64;
/// `[seal] max_pages`.
pub const SEAL_MAX_PAGES: usize = 50;
/// `[seal] shapes`: every outline counts (round 公章, oval 财务/合同专用章, square
/// personal 名章); a rule file that asks for the unit's round 公章 only narrows it.
pub const SEAL_SHAPES: &[SealShape] = &SealShape::ALL;

/// `[reading] verify`: files are opened (members read to their end) where a content
/// rule reads them anyway, or their question is unknown.
pub const VERIFY: Verify = Verify::Auto;

/// `[formats] accept` when a rule file lists neither `accept` nor `reject`: 尽量采用
/// PDF、WORD、EXCEL等常用格式 … 可压缩成ZIP格式后上传.
pub const ACCEPT: &[Format] = &[
    Format::Pdf,
    Format::Doc,
    Format::Docx,
    Format::Xls,
    Format::Xlsx,
    Format::Wps,
    Format::Et,
    Format::Ofd,
    Format::Jpeg,
    Format::Png,
    Format::Zip,
];
/// `[formats] reject` when a rule file lists neither: 请勿提供…政府CEB格式文件.
pub const REJECT: &[Format] = &[Format::Ceb, Format::Rar, Format::SevenZip];

/// `[period_policy] default`, also what `rules init` writes: 填报的相关案例佐证、清单佐证、
/// 系统工单所属时间应在评价时间范围内。若无特殊说明，一般均为评价期内。
pub const PERIOD_DEFAULT: PeriodMode = PeriodMode::Required;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{FormatPolicy, Rules, DEFAULT_RULES};
    use toml::Value;

    /// The defaults as a rule file writes them, per section and key.
    fn written() -> Vec<(&'static str, &'static str, Value)> {
        let ids = |fs: &[Format]| {
            Value::Array(fs.iter().map(|f| Value::from(f.id())).collect::<Vec<_>>())
        };
        // Numbers compare as numbers (`same`): 20 and 20.0 are one value.
        let numbers: [(&'static str, &'static str, f64); 13] = [
            ("limits", "warn_size_mb", WARN_SIZE_MB),
            ("limits", "max_size_mb", MAX_SIZE_MB),
            (
                "limits",
                "max_files_per_question",
                MAX_FILES_PER_QUESTION as f64,
            ),
            ("limits", "max_name_chars", MAX_NAME_CHARS as f64),
            ("limits", "min_photo_pixels", MIN_PHOTO_PIXELS as f64),
            ("archive", "max_depth", f64::from(ARCHIVE_MAX_DEPTH)),
            ("archive", "max_entries", ARCHIVE_MAX_ENTRIES as f64),
            ("archive", "max_total_mb", ARCHIVE_MAX_TOTAL_MB as f64),
            ("archive", "max_member_mb", ARCHIVE_MAX_MEMBER_MB as f64),
            ("archive", "max_ratio", ARCHIVE_MAX_RATIO as f64),
            ("seal", "max_pixels", SEAL_MAX_PIXELS as f64),
            (
                "seal",
                "max_images_per_file",
                SEAL_MAX_IMAGES_PER_FILE as f64,
            ),
            ("seal", "max_pages", SEAL_MAX_PAGES as f64),
        ];
        let mut v: Vec<_> = numbers
            .into_iter()
            .map(|(section, key, n)| (section, key, Value::from(n)))
            .collect();
        v.extend([
            ("reading", "verify", Value::from(VERIFY.id())),
            ("formats", "accept", ids(ACCEPT)),
            ("formats", "reject", ids(REJECT)),
            ("period_policy", "default", Value::from(PERIOD_DEFAULT.id())),
            (
                "seal",
                "shapes",
                Value::Array(SEAL_SHAPES.iter().map(|s| Value::from(s.id())).collect()),
            ),
        ]);
        v
    }

    /// A number written as `20` or `20.0` is the same value.
    fn same(a: &Value, b: &Value) -> bool {
        match (
            a.as_float().or(a.as_integer().map(|i| i as f64)),
            b.as_float().or(b.as_integer().map(|i| i as f64)),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        }
    }

    /// Every key of `text` that has a default holds the default. `all`: every default
    /// must be written.
    fn agrees(what: &str, text: &str, all: bool) {
        let v: Value = toml::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        for (section, key, want) in written() {
            match v.get(section).and_then(|s| s.get(key)) {
                Some(got) => assert!(
                    same(got, &want),
                    "{what}: [{section}] {key} = {got}, the code's default is {want}"
                ),
                None => assert!(!all, "{what}: [{section}] {key} is not written"),
            }
        }
    }

    #[test]
    fn the_builtin_scheme_writes_the_code_defaults() {
        agrees("shihe-2022.toml", DEFAULT_RULES, true);
    }

    #[test]
    fn rules_init_writes_the_code_defaults() {
        let sheet = crate::rules::sheet::Sheet {
            name: "区直部门".into(),
            rows: vec![
                vec!["序号".into(), "指标".into(), "佐证要求".into()],
                vec!["1".into(), "免申即享".into(), "宣传报道".into()],
            ],
        };
        let text = crate::rules::init::init_from_sheets(&[sheet], "指标.xlsx", "指标", 2024)
            .unwrap_or_else(|e| panic!("{e}"));
        agrees("rules init", &text, false);
        for key in [
            "warn_size_mb",
            "max_size_mb",
            "accept",
            "reject",
            "default",
            "shapes",
        ] {
            assert!(
                text.contains(&format!("\n{key} = ")),
                "rules init writes no {key}"
            );
        }
    }

    #[test]
    fn a_file_that_leaves_sections_out_gets_what_the_builtin_scheme_writes() {
        let builtin = Rules::builtin().unwrap();
        let bare = "[scheme]\nid = \"x\"\nname = \"y\"\nperiod_start = 2022-01-01\n\
                    period_end = 2022-10-31\n[[unit_kind]]\nid = \"k\"\n\
                    [[questionnaire]]\nkind = \"k\"\n";
        let r = Rules::parse(bare, "bare").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.limits, builtin.limits);
        assert_eq!(r.archive, builtin.archive);
        assert_eq!(r.seal, builtin.seal);
        assert_eq!(r.verify, builtin.verify);
        assert_eq!(r.verify, VERIFY);
        // The built-in scheme lists the warned formats too; every format gets the same
        // verdict either way.
        let verdicts = |p: &FormatPolicy| {
            Format::ALL
                .iter()
                .map(|f| p.verdict(*f))
                .collect::<Vec<_>>()
        };
        assert_eq!(verdicts(&r.formats), verdicts(&builtin.formats));
        assert_eq!(r.period_default, PERIOD_DEFAULT);
        assert_eq!(r.period_default, builtin.period_default);
    }

    #[test]
    fn the_rule_format_documentation_names_the_code_defaults() {
        let doc = include_str!("../../docs/rules.md");
        for (_, key, want) in written() {
            if key == "default" {
                continue; // a quoted word, checked below
            }
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{key}` |")))
                .unwrap_or_else(|| panic!("docs/rules.md has no row for {key}"));
            let cell = row.split('|').nth(3).unwrap_or("").trim();
            let shown = match &want {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                v => v.to_string(),
            };
            let shown = shown.trim_end_matches(".0");
            assert_eq!(cell, shown, "docs/rules.md: {key}");
        }
        let row = doc
            .lines()
            .find(|l| l.starts_with("| `default` |"))
            .unwrap_or_else(|| panic!("docs/rules.md has no row for [period_policy] default"));
        assert_eq!(
            row.split('|').nth(3).unwrap_or("").trim(),
            format!("`\"{}\"`", PERIOD_DEFAULT.id()),
            "docs/rules.md: [period_policy] default"
        );
    }
}
