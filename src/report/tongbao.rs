//! The draft 通报 (circular) of a run, as a Word document (DOCX).
//!
//! Made from what a run wrote into its output folder (`summary.json` and each unit's
//! `report.json`), in the structure of the district's own 通报 (source document 004):
//! title, number, opening; 一、检查开展情况 (counts); 二、发现的主要问题 (per rule family,
//! with numbers and typical examples quoted from findings; left out when there is no
//! error); 三、各单位情况 (a table ranking the units, the units without errors named as
//! 表现较好); 四、整改要求 (each family's fix text); signature and date. Every number is
//! taken from the run; the section titles and fixed sentences come from a template
//! (`rules/templates/tongbao.toml`, or `--template`), which the office edits like a rule file.
//!
//! The DOCX is plain OOXML (content types, relationships, styles, one document part)
//! written with the `zip` crate, in the fonts and sizes of official documents
//! (方正小标宋简体 title, 黑体 headings, 仿宋_GB2312 body, A4).

use crate::output;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// The built-in template.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../rules/templates/tongbao.toml");

/// The default file name of the draft, inside the output folder (named where the
/// output folder's files are).
pub const DEFAULT_FILE: &str = crate::output::TONGBAO_FILE;

/// Largest `summary.json` / `report.json` read (bytes).
const MAX_JSON: u64 = 64 * 1024 * 1024;

/// Typical examples quoted per rule family.
const EXAMPLES_PER_FAMILY: usize = 2;

/// The template: section titles and fixed sentences (see `rules/templates/tongbao.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The office that signs the 通报 (落款).
    pub office: String,
    /// The title (placeholders allowed).
    pub title: String,
    /// The number line under the title.
    pub number: String,
    /// The opening paragraph.
    pub opening: String,
    /// The four section titles.
    pub sections: Sections,
    /// The fixed sentences, with placeholders for the run's numbers.
    pub sentences: Sentences,
    /// The units table.
    pub table: TableTemplate,
    /// Fix text per rule family (`naming`, …).
    #[serde(default)]
    pub fix: BTreeMap<String, String>,
}

/// The section titles (numbered 一、二、… by the program, in the order they appear).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// 检查开展情况: what was checked, in numbers.
    pub overview: String,
    /// 发现的主要问题: the problems per rule family (left out without errors).
    pub problems: String,
    /// 各单位情况: the units table.
    pub units: String,
    /// 整改要求: what to rectify.
    pub rectify: String,
}

/// The fixed sentences (see `rules/templates/tongbao.toml` for their placeholders).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentences {
    /// The counts of the run.
    pub overview: String,
    /// The roster units that submitted nothing.
    pub not_submitted: String,
    /// Said when every roster unit submitted.
    pub all_submitted: String,
    /// Leads into the problems section.
    pub problems_intro: String,
    /// One rule family's problems, in numbers.
    pub family: String,
    /// A typical example about a file.
    pub example: String,
    /// A typical example about a whole unit.
    pub example_unit: String,
    /// Leads into the units table.
    pub units_intro: String,
    /// Names the units without errors.
    pub good: String,
    /// Said when every unit has errors.
    pub none_good: String,
    /// Leads into the rectification requirements.
    pub rectify_intro: String,
    /// One rule family's requirement.
    pub rectify_family: String,
    /// Said when nothing needs rectifying.
    pub rectify_none: String,
    /// The closing sentence.
    pub closing: String,
    /// The date line.
    pub date: String,
}

/// The units table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableTemplate {
    /// Column titles, in the fixed column order (序号、单位、类型、文件数、错误、警告、缺题).
    pub header: Vec<String>,
}

impl Template {
    /// The template in `path`, or the built-in one.
    pub fn load(path: Option<&Path>) -> Result<Template, String> {
        let (text, name) = match path {
            Some(p) => (
                std::fs::read_to_string(p)
                    .map_err(|e| format!("无法读取通报模板 {}: {e}", p.display()))?,
                p.display().to_string(),
            ),
            None => (DEFAULT_TEMPLATE.to_owned(), "built-in".to_owned()),
        };
        let t: Template = toml::from_str(&text)
            .map_err(|e| format!("通报模板 {name} 有误 (template error): {e}"))?;
        if t.table.header.len() != 7 {
            return Err(format!(
                "通报模板 {name}: [table] header 须有 7 列（序号、单位、类型、文件数、错误、警告、缺题），现有 {} 列",
                t.table.header.len()
            ));
        }
        Ok(t)
    }
}

/// Fills `{name}` placeholders.
fn fill(text: &str, vars: &[(&str, String)]) -> String {
    let mut s = text.to_owned();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// Chinese numerals 一 … 九十九 (for 一、 and （一）).
fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".into(),
        1..=9 => D[n].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Title(String),
    Center(String),
    Heading(String),
    Para(String),
    Right(String),
    Table(Vec<Vec<String>>),
}

/// A unit as the draft uses it.
struct UnitRow {
    unit: String,
    kind: String,
    files: u64,
    errors: u64,
    warnings: u64,
    missing: u64,
    by_rule: BTreeMap<String, u64>,
    /// Findings of its report: (rule, severity, file, message).
    findings: Vec<(String, String, Option<String>, String)>,
}

fn read_json(p: &Path) -> Result<Value, String> {
    let meta = std::fs::metadata(p).map_err(|e| format!("无法读取 {}: {e}", p.display()))?;
    if meta.len() > MAX_JSON {
        return Err(format!(
            "{} 过大（超过 {} MB）",
            p.display(),
            MAX_JSON >> 20
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| format!("无法读取 {}: {e}", p.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{} 不是有效的 JSON: {e}", p.display()))
}

fn num(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// A report folder name from summary.json, when it is one plain name (never a path).
fn safe_dir(d: &str) -> Option<&str> {
    let p = Path::new(d);
    let mut c = p.components();
    match (c.next(), c.next()) {
        (Some(std::path::Component::Normal(_)), None) => Some(d),
        _ => None,
    }
}

/// Longest finding quoted as an example (characters); longer ones end in `……`.
const MAX_QUOTE_CHARS: usize = 80;

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push_str("……");
        t
    }
}

fn trim_end_punct(s: &str) -> &str {
    s.trim_end_matches(['。', '.', '；', ';', '，', ','])
}

/// Makes the blocks of the draft from the output folder of a run.
fn blocks(out: &Path, t: &Template) -> Result<Vec<Block>, String> {
    let summary = read_json(&out.join("summary.json"))?;
    if summary["tool"]["name"] != "evcheck" {
        return Err(format!(
            "{} 不是 evcheck 写的汇总 (not an evcheck summary)",
            out.join("summary.json").display()
        ));
    }
    let totals = &summary["totals"];
    let mut units: Vec<UnitRow> = Vec::new();
    for u in summary["units"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let mut findings = Vec::new();
        if let Some(dir) = u["report_dir"].as_str().and_then(safe_dir) {
            if let Ok(rep) = read_json(&out.join(dir).join("report.json")) {
                for d in rep["diagnostics"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    findings.push((
                        text(&d["rule"]),
                        text(&d["severity"]),
                        d["file"].as_str().map(str::to_owned),
                        text(&d["message_zh"]),
                    ));
                }
            }
        }
        units.push(UnitRow {
            unit: text(&u["unit"]),
            kind: text(&u["kind"]),
            files: num(&u["files"]),
            errors: num(&u["errors"]),
            warnings: num(&u["warnings"]),
            missing: num(&u["missing_questions"]),
            by_rule: u["by_rule"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), num(v))).collect())
                .unwrap_or_default(),
            findings,
        });
    }
    let missing: Vec<String> = summary["not_submitted"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .map(|m| text(&m["unit"]))
        .collect();
    let in_roster = summary["units"]
        .as_array()
        .map(|a| a.iter().filter(|u| u["in_roster"] == true).count())
        .unwrap_or(0)
        + missing.len();
    let scheme = text(&summary["scheme"]["name"]);
    let date = output::checked_at_display(&text(&summary["checked_at"]), crate::diag::Lang::Zh)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let errors = num(&totals["error"]);
    let with_errors = units.iter().filter(|u| u.errors > 0).count();
    let clean: Vec<&str> = units
        .iter()
        .filter(|u| u.errors == 0)
        .map(|u| u.unit.as_str())
        .collect();
    let base: Vec<(&str, String)> = vec![
        ("scheme", scheme.clone()),
        ("office", t.office.clone()),
        ("date", date),
        ("period_start", text(&summary["scheme"]["period"]["start"])),
        ("period_end", text(&summary["scheme"]["period"]["end"])),
        ("units", num(&totals["units"]).to_string()),
        ("roster", in_roster.to_string()),
        (
            "not_submitted",
            num(&totals["units_not_submitted"]).to_string(),
        ),
        ("files", num(&totals["files"]).to_string()),
        ("errors", errors.to_string()),
        ("warnings", num(&totals["warning"]).to_string()),
        ("infos", num(&totals["info"]).to_string()),
        ("units_with_errors", with_errors.to_string()),
        ("clean_units", clean.len().to_string()),
    ];
    let f = |s: &str, more: &[(&str, String)]| {
        let mut v = base.clone();
        v.extend(more.iter().cloned());
        fill(s, &v)
    };

    let mut b = vec![
        Block::Title(f(&t.title, &[])),
        Block::Center(f(&t.number, &[])),
        Block::Para(f(&t.opening, &[])),
    ];
    let mut section = 0;
    let mut heading = |title: &str| {
        section += 1;
        Block::Heading(format!("{}、{}", numeral(section), title))
    };

    // 一、检查开展情况
    b.push(heading(&t.sections.overview));
    b.push(Block::Para(f(&t.sentences.overview, &[])));
    if missing.is_empty() {
        b.push(Block::Para(f(&t.sentences.all_submitted, &[])));
    } else {
        b.push(Block::Para(f(
            &t.sentences.not_submitted,
            &[
                ("list", missing.join("、")),
                ("count", missing.len().to_string()),
            ],
        )));
    }

    // Families with findings (the roster family is the not-submitted units above).
    let families: Vec<crate::diag::RuleFamily> = crate::diag::RuleFamily::ALL
        .iter()
        .copied()
        .filter(|r| *r != crate::diag::RuleFamily::Roster)
        .filter(|r| num(&totals["by_rule"][r.as_str()]) > 0)
        .collect();
    let family_errors = |r: &str| -> usize {
        units
            .iter()
            .flat_map(|u| &u.findings)
            .filter(|(rule, sev, _, _)| rule == r && sev == "error")
            .count()
    };

    // 二、发现的主要问题 (only when there are errors)
    if errors > 0 {
        b.push(heading(&t.sections.problems));
        b.push(Block::Para(f(&t.sentences.problems_intro, &[])));
        let serious = |r: &str| {
            units
                .iter()
                .flat_map(|u| &u.findings)
                .any(|(rule, sev, _, _)| rule == r && (sev == "error" || sev == "warning"))
        };
        for (i, r) in families.iter().filter(|r| serious(r.as_str())).enumerate() {
            let key = r.as_str();
            let in_family = units
                .iter()
                .filter(|u| u.by_rule.get(key).copied().unwrap_or(0) > 0)
                .count();
            let mut line = format!(
                "（{}）{}",
                numeral(i + 1),
                f(
                    &t.sentences.family,
                    &[
                        ("family", r.label(crate::diag::Lang::Zh).to_owned()),
                        ("count", num(&totals["by_rule"][key]).to_string()),
                        ("family_errors", family_errors(key).to_string()),
                        ("units_in_family", in_family.to_string()),
                    ],
                )
            );
            let mut quoted = 0;
            for u in &units {
                if quoted >= EXAMPLES_PER_FAMILY {
                    break;
                }
                let first = u
                    .findings
                    .iter()
                    .find(|(rule, sev, _, _)| rule == key && sev == "error")
                    .or_else(|| {
                        u.findings
                            .iter()
                            .find(|(rule, sev, _, _)| rule == key && sev == "warning")
                    });
                if let Some((_, _, file, message)) = first {
                    let message = shorten(trim_end_punct(message), MAX_QUOTE_CHARS);
                    line.push_str(&match file {
                        Some(file) => f(
                            &t.sentences.example,
                            &[
                                ("unit", u.unit.clone()),
                                ("file", file.clone()),
                                ("message", message),
                            ],
                        ),
                        None => f(
                            &t.sentences.example_unit,
                            &[("unit", u.unit.clone()), ("message", message)],
                        ),
                    });
                    quoted += 1;
                }
            }
            b.push(Block::Para(line));
        }
    }

    // 三、各单位情况
    b.push(heading(&t.sections.units));
    b.push(Block::Para(f(&t.sentences.units_intro, &[])));
    let mut ranked: Vec<&UnitRow> = units.iter().collect();
    ranked.sort_by(|a, b| {
        b.errors
            .cmp(&a.errors)
            .then(b.warnings.cmp(&a.warnings))
            .then(a.unit.cmp(&b.unit))
    });
    let mut rows = vec![t.table.header.clone()];
    for (i, u) in ranked.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            u.unit.clone(),
            u.kind.clone(),
            u.files.to_string(),
            u.errors.to_string(),
            u.warnings.to_string(),
            u.missing.to_string(),
        ]);
    }
    b.push(Block::Table(rows));
    if clean.is_empty() {
        b.push(Block::Para(f(&t.sentences.none_good, &[])));
    } else {
        b.push(Block::Para(f(
            &t.sentences.good,
            &[
                ("list", clean.join("、")),
                ("count", clean.len().to_string()),
            ],
        )));
    }

    // 四、整改要求
    b.push(heading(&t.sections.rectify));
    if errors > 0 {
        b.push(Block::Para(f(&t.sentences.rectify_intro, &[])));
        let mut n = 0;
        for r in &families {
            if family_errors(r.as_str()) == 0 {
                continue;
            }
            let Some(fix) = t.fix.get(r.as_str()) else {
                continue;
            };
            n += 1;
            b.push(Block::Para(format!(
                "（{}）{}",
                numeral(n),
                f(
                    &t.sentences.rectify_family,
                    &[
                        ("family", r.label(crate::diag::Lang::Zh).to_owned()),
                        ("fix", fix.clone()),
                    ],
                )
            )));
        }
        b.push(Block::Para(f(&t.sentences.closing, &[])));
    } else {
        b.push(Block::Para(f(&t.sentences.rectify_none, &[])));
    }
    b.push(Block::Right(f("{office}", &[])));
    b.push(Block::Right(f(&t.sentences.date, &[])));
    Ok(b)
}

// ---------------------------------------------------------------- OOXML

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const BODY_FONT: &str = "仿宋_GB2312";
const HEAD_FONT: &str = "黑体";
const TITLE_FONT: &str = "方正小标宋简体";

fn run(text: &str, font: &str, half_points: u32, bold: bool) -> String {
    format!(
        "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\"/>{}<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        if bold { "<w:b/>" } else { "" },
        xml(text)
    )
}

fn paragraph(text: &str, jc: &str, indent: bool, font: &str, size: u32, bold: bool) -> String {
    format!(
        "<w:p><w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/>{}<w:jc w:val=\"{jc}\"/></w:pPr>{}</w:p>",
        if indent {
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"
        } else {
            ""
        },
        run(text, font, size, bold)
    )
}

fn table(rows: &[Vec<String>]) -> String {
    let mut s = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders></w:tblPr><w:tblGrid>",
    );
    let widths = [700, 2600, 1500, 900, 800, 800, 1300];
    for w in widths {
        let _ = write!(s, "<w:gridCol w:w=\"{w}\"/>");
    }
    s.push_str("</w:tblGrid>");
    for (i, row) in rows.iter().enumerate() {
        s.push_str("<w:tr>");
        if i == 0 {
            s.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (c, cell) in row.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(1000);
            let _ = write!(
                s,
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:jc w:val=\"{}\"/></w:pPr>{}</w:p></w:tc>",
                if c == 1 { "left" } else { "center" },
                run(cell, if i == 0 { HEAD_FONT } else { BODY_FONT }, 24, false)
            );
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    for b in blocks {
        body.push_str(&match b {
            Block::Title(s) => paragraph(s, "center", false, TITLE_FONT, 44, false),
            Block::Center(s) => paragraph(s, "center", false, BODY_FONT, 32, false),
            Block::Heading(s) => paragraph(s, "left", true, HEAD_FONT, 32, false),
            Block::Para(s) => paragraph(s, "both", true, BODY_FONT, 32, false),
            Block::Right(s) => paragraph(s, "right", false, BODY_FONT, 32, false),
            Block::Table(rows) => table(rows),
        });
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>\n"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>\n";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>\n";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>\n";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/>\
<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
</w:styles>\n";

fn package(document: &str) -> std::io::Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document),
    ] {
        w.start_file(name, opts).map_err(std::io::Error::other)?;
        w.write_all(body.as_bytes())?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// The draft 通报 of the run whose output folder is `out`, as DOCX bytes.
pub fn draft(out: &Path, t: &Template) -> Result<Vec<u8>, String> {
    let b = blocks(out, t)?;
    package(&document_xml(&b)).map_err(|e| format!("无法生成 DOCX: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut() {
        assert_eq!(shorten("一二三", 3), "一二三");
        assert_eq!(shorten("一二三四", 3), "一二三……");
    }

    #[test]
    fn numerals() {
        let got: Vec<String> = [1, 4, 10, 11, 20, 35].iter().map(|n| numeral(*n)).collect();
        assert_eq!(got, ["一", "四", "十", "十一", "二十", "三十五"]);
    }

    #[test]
    fn the_built_in_template_loads_and_fills() {
        let t = Template::load(None).expect("built-in template");
        assert!(t.fix.contains_key("naming"));
        assert_eq!(
            fill("共{units}个，{units}", &[("units", "3".into())]),
            "共3个，3"
        );
    }

    #[test]
    fn report_dirs_from_the_summary_stay_inside() {
        assert_eq!(safe_dir("区民政局"), Some("区民政局"));
        assert_eq!(safe_dir("../x"), None);
        assert_eq!(safe_dir("/etc"), None);
        assert_eq!(safe_dir("a/b"), None);
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            xml("a<b>&\"c\"\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;\u{FFFD}"
        );
    }
}
