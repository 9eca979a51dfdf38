//! Reading 好差评 evidence: a ratings export (评价明细) and a 差评 rectification list
//! (差评整改记录), from `.xlsx`, `.xls` or a `.csv`/`.tsv` in UTF-8 or GBK.
//!
//! Workbooks are read by [`crate::rules::sheet`] (bounded, never a dense range);
//! delimited text is decoded like any text evidence (UTF-8 with or without BOM, else
//! GBK) and split by [`crate::rules::sheet::read_delimited`]. Columns are found by
//! their header text, as the roster reader does: every sheet is searched in its first
//! [`HEADER_ROWS`] rows for a row naming the case number (`办件编号`, `业务流水号`, …)
//! and either the rating level (`评价等级`, …: a ratings export) or a rectification
//! column (`是否整改`, `整改时间`, …: a rectification list). Title rows above the
//! header (merged cells keep their text in the first cell) are skipped.

use crate::dates::parse::{cell_text, CellText};
use crate::dates::Date;
use crate::diag::Text;
use crate::identify::Format;
use crate::rules::sheet::{read_delimited, read_sheets_bytes, squash, Bounds, Sheet};

/// Header rows are looked for in this many first rows of a sheet.
pub const HEADER_ROWS: usize = 30;
/// Rows read per sheet and cells per file: a county service centre's year of cases
/// fits; a larger export is reported as not fully read (and not scored).
pub const BOUNDS: Bounds = Bounds {
    rows: 100_000,
    cells: 1_500_000,
};

const CASE: [&str; 7] = [
    "办件编号",
    "办件号",
    "办件流水号",
    "业务流水号",
    "流水号",
    "受理编号",
    "申报号",
];
const LEVEL: [&str; 5] = ["评价等级", "评价结果", "满意度", "评价级别", "评价"];
const TIME: [&str; 3] = ["评价时间", "评价日期", "评价时间点"];
const ITEM: [&str; 4] = ["事项名称", "事项", "服务事项", "办理事项"];
const RECTIFIED: [&str; 5] = [
    "是否整改",
    "是否整改到位",
    "整改情况",
    "整改结果",
    "整改状态",
];
const RECTIFIED_ON: [&str; 4] = ["整改时间", "整改日期", "整改完成时间", "整改完成日期"];

/// One row of a ratings export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// Where the row is: `Sheet1!5` (sheet and 1-based row).
    pub at: String,
    pub case: String,
    pub item: String,
    /// The level cell as written; empty when the case was not rated.
    pub level: String,
    pub time: Option<Date>,
    /// The time cell as written.
    pub time_text: String,
    /// `是否整改` in the export itself, when it has the column and the cell says.
    pub rectified: Option<bool>,
    pub rectified_on: Option<Date>,
}

/// One row of a rectification list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectification {
    pub at: String,
    pub case: String,
    /// `Some(true)`: says rectified; `Some(false)`: says not (yet); `None`: no column or
    /// an empty cell (then a date counts as rectified).
    pub done: Option<bool>,
    pub on: Option<Date>,
}

/// What one file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingsFile {
    pub ratings: Vec<Rating>,
    pub rectifications: Vec<Rectification>,
    /// The file holds more than [`BOUNDS`] (or a CSV more than the text cap): the rows
    /// beyond were not read.
    pub truncated: bool,
}

impl RatingsFile {
    pub fn is_empty(&self) -> bool {
        self.ratings.is_empty() && self.rectifications.is_empty()
    }
}

/// Formats a ratings file can be.
pub fn may_hold_ratings(format: Format, name: &str) -> bool {
    match format {
        Format::Xlsx | Format::Xls | Format::Et => true,
        Format::Text => delimiter_of(name).is_some(),
        _ => false,
    }
}

fn delimiter_of(name: &str) -> Option<u8> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(b','),
        "tsv" => Some(b'\t'),
        _ => None,
    }
}

/// Reads the ratings and rectification tables of a file. `Ok` with nothing in it: the
/// file is a readable table of something else. `Err`: why the file could not be read,
/// in Chinese and English.
pub fn read(data: &[u8], format: Format, name: &str) -> Result<RatingsFile, Text> {
    let read = match format {
        Format::Text => {
            let Some(d) = delimiter_of(name) else {
                return Ok(RatingsFile::default());
            };
            let text = crate::dates::extract::decode_text(data);
            let mut b = read_delimited(&text, d, BOUNDS);
            // The text decoder keeps the first MAX_TEXT_BYTES of a file.
            b.truncated |= data.len() > crate::dates::extract::MAX_TEXT_BYTES;
            b
        }
        _ => read_sheets_bytes(data, BOUNDS).map_err(|e| Text::new(e.zh, e.en))?,
    };
    let mut out = RatingsFile::default();
    for s in &read.sheets {
        read_sheet(s, &mut out);
    }
    out.truncated = read.truncated && !out.is_empty();
    Ok(out)
}

fn find(row: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|h| {
        row.iter().position(|c| {
            let c = squash(c);
            // `评价等级*`, `评价时间（系统）`: a marker or a note after the name.
            c == *h
                || c.strip_prefix(h)
                    .is_some_and(|rest| rest.starts_with(['*', '（', '(', '＊']))
        })
    })
}

struct Columns {
    header: usize,
    case: usize,
    level: Option<usize>,
    time: Option<usize>,
    item: Option<usize>,
    rectified: Option<usize>,
    rectified_on: Option<usize>,
}

/// The header of a ratings table or a rectification list: one row, or two rows of a
/// grouped header (`评价信息` merged over `评价等级`/`评价时间`; a merged cell keeps its
/// text in its first row only), read as one: a cell of the lower row, else the upper.
fn columns(sheet: &Sheet) -> Option<Columns> {
    let header = |row: &[String], end: usize| -> Option<Columns> {
        let case = find(row, &CASE)?;
        let c = Columns {
            header: end,
            case,
            level: find(row, &LEVEL),
            time: find(row, &TIME),
            item: find(row, &ITEM),
            rectified: find(row, &RECTIFIED),
            rectified_on: find(row, &RECTIFIED_ON),
        };
        (c.level.is_some() || c.rectified.is_some() || c.rectified_on.is_some()).then_some(c)
    };
    let combine = |upper: &[String], lower: &[String]| -> Vec<String> {
        (0..upper.len().max(lower.len()))
            .map(|i| {
                let l = lower.get(i).map(String::as_str).unwrap_or("");
                let u = upper.get(i).map(String::as_str).unwrap_or("");
                if l.trim().is_empty() { u } else { l }.to_owned()
            })
            .collect()
    };
    let rows = &sheet.rows;
    let candidates = |i: usize| {
        let one = header(&rows[i], i);
        let two = rows
            .get(i + 1)
            .and_then(|next| header(&combine(&rows[i], next), i + 1));
        [one, two]
    };
    // A ratings header (with a level) anywhere in the first rows wins: the upper row
    // of a grouped header alone may look like a rectification list (办件编号 … 整改情况).
    let n = rows.len().min(HEADER_ROWS);
    (0..n)
        .flat_map(candidates)
        .flatten()
        .find(|c| c.level.is_some())
        .or_else(|| (0..n).flat_map(candidates).flatten().next())
}

/// A date cell (`2022-03-05`, `2022/3/5 10:20`, `2022年3月5日`).
pub fn date_of(cell: &str) -> Option<Date> {
    match cell_text(cell) {
        CellText::Is(d) => Some(d.start),
        CellText::Mentions(_) => None,
    }
}

/// What a 是否整改 cell says.
pub fn yes_no(cell: &str) -> Option<bool> {
    let c = squash(cell);
    if c.is_empty() {
        return None;
    }
    const NO: [&str; 9] = [
        "否",
        "未整改",
        "未完成",
        "整改中",
        "未整改到位",
        "×",
        "✗",
        "N",
        "未到位",
    ];
    const YES: [&str; 10] = [
        "是",
        "已整改",
        "已完成",
        "完成",
        "整改到位",
        "已整改到位",
        "已办结",
        "√",
        "✓",
        "Y",
    ];
    if NO.iter().any(|w| c.eq_ignore_ascii_case(w)) {
        Some(false)
    } else if YES.iter().any(|w| c.eq_ignore_ascii_case(w)) {
        Some(true)
    } else {
        None
    }
}

fn read_sheet(sheet: &Sheet, out: &mut RatingsFile) {
    let Some(cols) = columns(sheet) else {
        return;
    };
    for (i, row) in sheet.rows.iter().enumerate().skip(cols.header + 1) {
        let cell = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim())
                .unwrap_or("")
                .to_owned()
        };
        let case = squash(&cell(Some(cols.case)));
        let at = format!("{}!{}", sheet.name, i + 1);
        if let Some(level_col) = cols.level {
            let mut level = squash(&cell(Some(level_col)));
            // What exports write for a case nobody rated.
            if ["未评价", "未评", "暂未评价", "无", "-", "—", "/", "／"].contains(&level.as_str())
            {
                level.clear();
            }
            if case.is_empty() && level.is_empty() {
                continue;
            }
            // A closing note (`合计`, `共 120 条`) is not a case.
            if level.is_empty() && is_note(&case) {
                continue;
            }
            let time_text = cell(cols.time);
            let on_text = cell(cols.rectified_on);
            out.ratings.push(Rating {
                at,
                case,
                item: cell(cols.item),
                level,
                time: date_of(&time_text),
                time_text,
                rectified: yes_no(&cell(cols.rectified)),
                rectified_on: date_of(&on_text),
            });
        } else {
            if case.is_empty() || is_note(&case) {
                continue;
            }
            out.rectifications.push(Rectification {
                at,
                case,
                done: yes_no(&cell(cols.rectified)),
                on: date_of(&cell(cols.rectified_on)),
            });
        }
    }
}

fn is_note(case: &str) -> bool {
    [
        "合计", "总计", "共", "注", "备注", "说明", "填表", "制表", "导出",
    ]
    .iter()
    .any(|w| case.starts_with(w))
}

/// Ratings files read per unit at most; text documents searched for claims at most.
pub const MAX_FILES: usize = 40;
/// Largest file read as a ratings table or a claim document (bytes).
pub const MAX_FILE_BYTES: u64 = crate::rules::sheet::MAX_FILE_BYTES;
/// Text kept per claim document (bytes).
const MAX_DOC_TEXT: usize = 2 * 1024 * 1024;

/// A unit's files as the ratings check needs them.
#[derive(Debug, Default)]
pub struct UnitFiles {
    /// Tables (path, what was read or why not).
    pub tables: Vec<(String, Result<RatingsFile, Text>)>,
    /// Text documents (path, text) searched for claimed figures.
    pub documents: Vec<(String, String)>,
}

/// Reads the unit's ratings tables and claim documents: files (evidence files and
/// archive members) whose question is `question` (any question when `None`); tables
/// are spreadsheets and `.csv`/`.tsv`, documents are Word (`.docx`) and plain text.
pub fn read_unit(
    entries: &[crate::walk::Entry],
    facts: &[crate::facts::FileFacts],
    question: Option<&str>,
) -> UnitFiles {
    let mut out = UnitFiles::default();
    for (e, f) in entries.iter().zip(facts) {
        if question.is_some_and(|q| f.question.as_deref() != Some(q)) {
            continue;
        }
        let table = may_hold_ratings(f.format, &f.name);
        let doc = f.format == Format::Docx || (f.format == Format::Text && !table);
        if !table && !doc {
            continue;
        }
        if (table && out.tables.len() >= MAX_FILES) || (doc && out.documents.len() >= MAX_FILES) {
            continue;
        }
        let bytes = match crate::walk::read_entry(e, MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(why) => {
                if table {
                    out.tables.push((
                        f.path.clone(),
                        Err(Text::new(
                            format!("无法读取文件（{why}）"),
                            format!("the file could not be read ({why})"),
                        )),
                    ));
                }
                continue;
            }
        };
        if table {
            // A reader that panics costs this file, not the unit's other tables.
            let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read(&bytes, f.format, &f.name)
            }))
            .unwrap_or_else(|_| {
                Err(Text::new(
                    "表格读取时出错（文件可能已损坏）",
                    "reading the table failed (the file may be damaged)",
                ))
            });
            out.tables.push((f.path.clone(), got));
        } else if let Some(text) = document_text(&bytes, f.format) {
            out.documents.push((f.path.clone(), text));
        }
    }
    out
}

/// The text of a Word document (`word/document.xml`, paragraphs on their own lines)
/// or of a plain-text file, capped at [`MAX_DOC_TEXT`].
pub fn document_text(data: &[u8], format: Format) -> Option<String> {
    if format == Format::Text {
        let mut t = crate::dates::extract::decode_text(data);
        if t.len() > MAX_DOC_TEXT {
            let mut end = MAX_DOC_TEXT;
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            t.truncate(end);
        }
        return Some(t);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).ok()?;
    let part = zip.by_name("word/document.xml").ok()?;
    let mut xml = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(part, 16 * MAX_DOC_TEXT as u64),
        &mut xml,
    )
    .ok()?;
    let xml = String::from_utf8_lossy(&xml);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_t = false;
    loop {
        use quick_xml::events::Event;
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_t = true,
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "p" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_t => text.push_str(&t),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if text.len() > MAX_DOC_TEXT {
            break;
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Damaged copies of the demo exports (cut short, bytes overwritten) come back as
    /// a table or an error, never a panic.
    #[test]
    fn damaged_exports_do_not_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/haocha");
        let files = [
            ("示范镇/示范镇-01-好差评评价明细.xlsx", Format::Xlsx),
            ("示范乡/示范乡-01-好差评评价明细.xls", Format::Xls),
            ("示范中心/示范中心-01-好差评评价明细.csv", Format::Text),
        ];
        for (rel, format) in files {
            let data = std::fs::read(dir.join(rel)).unwrap();
            let good = read(&data, format, rel).unwrap();
            assert!(!good.ratings.is_empty(), "{rel}");
            let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
            for k in 0..60 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut bad = data.clone();
                if k % 3 == 0 {
                    bad.truncate((seed as usize) % data.len());
                } else {
                    for j in 0..8 {
                        let at = (seed as usize).wrapping_add(j * 977) % bad.len();
                        bad[at] = (seed >> (j * 8)) as u8;
                    }
                }
                let r = std::panic::catch_unwind(|| read(&bad, format, rel));
                assert!(r.is_ok(), "{rel}: mutation {k} panicked");
            }
        }
    }

    #[test]
    fn csv_export_with_title_row_and_gbk() {
        let text = "某某镇政务服务好差评评价明细（2022年）,,,,\n序号,事项名称,办件编号,评价时间,评价等级,是否整改\n1,户籍迁移,BJ001,2022-03-05 10:20:00,非常满意,\n2,低保申请,BJ002,2022/4/1,不满意,是\n3,低保申请,BJ003,,,\n合计,,,,,\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let f = read(&gbk, Format::Text, "明细.csv").unwrap();
        assert_eq!(f.ratings.len(), 3, "{f:?}");
        assert_eq!(f.ratings[0].at, "CSV!3");
        assert_eq!(
            f.ratings[0].time.map(|d| d.to_string()).as_deref(),
            Some("2022-03-05")
        );
        assert_eq!(f.ratings[1].level, "不满意");
        assert_eq!(f.ratings[1].rectified, Some(true));
        assert_eq!(f.ratings[2].level, "");
        assert!(f.rectifications.is_empty());
    }

    #[test]
    fn rectification_list_and_other_tables() {
        let text = "差评整改记录\n办件编号,差评时间,整改时间,是否整改到位\nBJ002,2022-04-01,2022年4月3日,已整改\n";
        let f = read(text.as_bytes(), Format::Text, "整改.csv").unwrap();
        assert!(f.ratings.is_empty());
        assert_eq!(f.rectifications.len(), 1);
        assert_eq!(f.rectifications[0].done, Some(true));
        assert_eq!(
            f.rectifications[0].on.map(|d| d.to_string()).as_deref(),
            Some("2022-04-03")
        );
        let f = read("姓名,电话\n张三,1\n".as_bytes(), Format::Text, "x.csv").unwrap();
        assert!(f.is_empty());
        let f = read(b"a,b", Format::Text, "x.txt").unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn two_row_grouped_header() {
        let text = "好差评评价数据\n序号,业务流水号,评价信息,,,整改情况\n,,评价渠道,评价结果,评价时间,\n1,L1,窗口,满意,2022年3月5日 10:20,\n2,L2,网上,未评价,,\n3,L3,网上,不满意,2022/6/1,整改中\n";
        let f = read(text.as_bytes(), Format::Text, "x.csv").unwrap();
        assert_eq!(f.ratings.len(), 3, "{f:?}");
        assert_eq!(f.ratings[0].at, "CSV!4");
        assert_eq!(f.ratings[0].level, "满意");
        assert_eq!(
            f.ratings[0].time.map(|d| d.to_string()).as_deref(),
            Some("2022-03-05")
        );
        assert_eq!(f.ratings[1].level, "", "未评价 is an unrated case");
        assert_eq!(f.ratings[2].rectified, Some(false));
    }

    #[test]
    fn header_with_marker_and_yes_no_words() {
        let row = vec!["办件编号*".to_string(), "评价等级（五级）".into()];
        assert_eq!(find(&row, &CASE), Some(0));
        assert_eq!(find(&row, &LEVEL), Some(1));
        assert_eq!(yes_no("已整改"), Some(true));
        assert_eq!(yes_no(" 否 "), Some(false));
        assert_eq!(yes_no("整改中"), Some(false));
        assert_eq!(yes_no("待定"), None);
        assert_eq!(yes_no(""), None);
    }
}
