//! Dates in spreadsheets (`.xlsx`, `.xls`, WPS `.et`).
//!
//! A cell holds a date when its type is a date (a number with a date format, an ISO
//! date) or when its text *is* a date (`2022年3月5日`, `2022/3/5 10:20`; see
//! [`parse::cell_text`]). A column where at least [`MIN_RECORDS`] cells, and more
//! than half of its non-empty cells, hold dates is a list of records (工单, 台账):
//! each row with a date in such a column is one record, dated by the earliest and
//! latest date of its record columns. Dates elsewhere (a title `2022年3月巡查台账`, a
//! note) are kept as cell dates with their reference (`Sheet1!C12`).
//!
//! Hostile workbooks: calamine aborts the process on a huge `uniqueCount` in
//! `sharedStrings.xml` and on dense ranges, so `.xlsx` is checked with zip first
//! (the count must be plausible for the part's size) and read cell by cell with
//! `worksheet_cells_reader`, never `worksheet_range`. Delimited text tables (`.csv`,
//! `.tsv`) are read field by field the same way ([`delimited`]). At most [`MAX_CELLS`] cells and
//! [`MAX_SHEETS`] sheets are read. `.xls`/`.et` (BIFF) are parsed by calamine at
//! open; files over [`MAX_XLS_BYTES`] are not opened.

use super::extract::MAX_TEXT_BYTES;
use super::found::{column_letters, DateFacts, DateSource, FoundDate, RecordList, RecordRow};
use super::parse::{self, CellText, DateKind};
use super::{Date, DateRange};
use crate::diag::Text;
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use calamine::{DataType, Reader, Xls, Xlsx};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// Most cells read per workbook.
pub const MAX_CELLS: usize = 200_000;
/// Most sheets read per workbook.
pub const MAX_SHEETS: usize = 100;
/// Fewest dated cells that make a column a record list.
pub const MIN_RECORDS: u32 = 3;
/// Largest BIFF workbook opened (calamine parses it whole at open).
pub const MAX_XLS_BYTES: usize = 64 * 1024 * 1024;
/// Largest believable shared-string count.
const MAX_SHARED_STRINGS: u64 = 2_000_000;

/// What one cell holds, as far as dates go.
enum Cell<'a> {
    Date(Date),
    Text(&'a str),
    Other,
}

#[derive(Default)]
struct ColStat {
    dates: u32,
    filled: u32,
    /// The last short text above the column's first date: its header.
    header: Option<String>,
}

/// Header words of columns whose dates never date a record (a person's or a
/// licence's dates).
const NEVER_HEADERS: [&str; 15] = [
    "出生",
    "生日",
    "身份证",
    "证件",
    "有效期",
    "入职",
    "参加工作",
    "到期",
    "发证",
    "签发",
    "年龄",
    "截止",
    "届满",
    "成立",
    "出厂",
];
/// Header words of columns holding the date of each record.
const RECORD_HEADERS: [&str; 26] = [
    "日期", "时间", "受理", "办理", "办结", "申请", "登记", "走访", "培训", "检查", "巡查", "回访",
    "服务", "发生", "接件", "完成", "处理", "签收", "提交", "评价", "来电", "反映", "记录", "活动",
    "会议", "开展",
];
/// Longest cell text taken as a column header (characters).
const MAX_HEADER_CHARS: usize = 20;

/// What a column header says about the column's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderSays {
    /// The date of each record (`受理时间`, `走访日期`).
    Record,
    /// Never a record date (`出生日期`, `证件有效期`).
    Never,
    /// Nothing either way.
    Unknown,
}

fn header_says(h: Option<&str>) -> HeaderSays {
    let Some(h) = h else {
        return HeaderSays::Unknown;
    };
    if NEVER_HEADERS.iter().any(|w| h.contains(w)) {
        HeaderSays::Never
    } else if RECORD_HEADERS.iter().any(|w| h.contains(w)) {
        HeaderSays::Record
    } else {
        HeaderSays::Unknown
    }
}

struct CellDate {
    row: u32,
    col: u32,
    start: Date,
    end: Date,
    kind: DateKind,
    /// The cell's text; `None` for a cell of date type (written out only when the
    /// date is reported as a single cell, not as part of a record list).
    text: Option<String>,
}

/// Collects one sheet's dated cells, then splits records from other dates.
struct SheetScan {
    name: String,
    cols: HashMap<u32, ColStat>,
    dates: Vec<CellDate>,
}

impl SheetScan {
    fn new(name: &str) -> Self {
        SheetScan {
            name: name.to_owned(),
            cols: HashMap::new(),
            dates: Vec::new(),
        }
    }

    fn cell(
        &mut self,
        row: u32,
        col: u32,
        c: Cell,
        facts: &mut DateFacts,
        text_budget: &mut usize,
    ) {
        let stat = self.cols.entry(col).or_default();
        match c {
            Cell::Date(d) => {
                stat.filled += 1;
                stat.dates += 1;
                self.dates.push(CellDate {
                    row,
                    col,
                    start: d,
                    end: d,
                    kind: DateKind::Day,
                    text: None,
                });
            }
            Cell::Text(t) => {
                if t.trim().is_empty() {
                    return;
                }
                stat.filled += 1;
                let remember_header =
                    stat.dates == 0 && t.trim().chars().count() <= MAX_HEADER_CHARS;
                // Long text is searched only while the text budget lasts; a cell
                // short enough to *be* a date always is.
                if *text_budget == 0 && t.len() > 96 {
                    return;
                }
                match parse::cell_text(t) {
                    CellText::Is(d) => {
                        stat.dates += 1;
                        self.dates.push(CellDate {
                            row,
                            col,
                            start: d.start,
                            end: d.end,
                            kind: d.kind,
                            text: Some(d.text),
                        });
                    }
                    CellText::Mentions(found) => {
                        if remember_header && found.is_empty() {
                            stat.header = Some(t.trim().to_owned());
                        }
                        if *text_budget == 0 {
                            return;
                        }
                        *text_budget = text_budget.saturating_sub(t.len().max(1));
                        if found.is_empty() {
                            return;
                        }
                        let loc =
                            format!("{}!{}{}", self.name, column_letters(col), row as u64 + 1);
                        for d in found {
                            facts.push(FoundDate {
                                start: d.start,
                                end: d.end,
                                text: d.text,
                                location: loc.clone(),
                                kind: d.kind,
                                source: DateSource::Cell,
                                background: d.background,
                                role: Default::default(),
                            });
                        }
                    }
                }
            }
            Cell::Other => stat.filled += 1,
        }
    }

    fn finish(self, facts: &mut DateFacts) {
        let says = |c: &u32| header_says(self.cols.get(c).and_then(|s| s.header.as_deref()));
        // Columns of mostly dates; a header naming the record date admits a short list.
        let mut candidates: Vec<u32> = self
            .cols
            .iter()
            .filter(|(c, s)| {
                let min = if says(c) == HeaderSays::Record {
                    1
                } else {
                    MIN_RECORDS
                };
                s.dates >= min && s.dates * 2 > s.filled
            })
            .map(|(c, _)| *c)
            .filter(|c| says(c) != HeaderSays::Never)
            .collect();
        candidates.sort_unstable();
        // When some date column says it holds the record date, only such columns do.
        let by_header = candidates.iter().any(|c| says(c) == HeaderSays::Record);
        let record_cols: Vec<u32> = candidates
            .into_iter()
            .filter(|c| !by_header || says(c) == HeaderSays::Record)
            .collect();
        let header = record_cols
            .iter()
            .filter(|_| by_header)
            .find_map(|c| self.cols.get(c).and_then(|s| s.header.clone()));
        let mut rows: BTreeMap<u32, RecordRow> = BTreeMap::new();
        for d in self.dates {
            // Birth dates, licence validity and the like never decide, in or out of a
            // list; they are not kept.
            if says(&d.col) == HeaderSays::Never {
                continue;
            }
            if record_cols.contains(&d.col) {
                let e = rows.entry(d.row).or_insert(RecordRow {
                    row: d.row,
                    col: d.col,
                    start: d.start,
                    end: d.end,
                });
                if d.start < e.start {
                    e.start = d.start;
                    e.col = d.col;
                }
                e.end = e.end.max(d.end);
            } else {
                facts.push(FoundDate {
                    start: d.start,
                    end: d.end,
                    text: d.text.unwrap_or_else(|| d.start.to_string()),
                    location: format!(
                        "{}!{}{}",
                        self.name,
                        column_letters(d.col),
                        d.row as u64 + 1
                    ),
                    kind: d.kind,
                    source: DateSource::Cell,
                    background: false,
                    role: Default::default(),
                });
            }
        }
        if rows.is_empty() {
            return;
        }
        let rows: Vec<RecordRow> = rows.into_values().collect();
        let range = rows.iter().fold(None::<DateRange>, |acc, r| {
            Some(match acc {
                None => DateRange {
                    start: r.start,
                    end: r.end,
                },
                Some(a) => DateRange {
                    start: a.start.min(r.start),
                    end: a.end.max(r.end),
                },
            })
        });
        facts.records.push(RecordList {
            sheet: self.name,
            columns: record_cols.into_iter().map(column_letters).collect(),
            header,
            count: rows.len(),
            range,
            rows,
        });
    }
}

fn excel_date(dt: &calamine::ExcelDateTime) -> Option<Date> {
    if !dt.is_datetime() {
        return None;
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    // Serial 0 and small serials are times of day, not dates.
    if !(1901..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i32, m, d)
}

fn iso_date(s: &str) -> Option<Date> {
    s.get(0..10)?.parse().ok()
}

/// What a workbook cell (`.xlsx` cells reader or `.xls` range alike) holds as far
/// as dates go; `None` for an empty cell.
fn classify<V: DataType>(v: &V) -> Option<Cell<'_>> {
    if v.is_empty() {
        return None;
    }
    let date = v
        .get_datetime()
        .map(|dt| excel_date(&dt))
        .or_else(|| v.get_datetime_iso().map(iso_date));
    Some(match (date, v.get_string()) {
        (Some(Some(d)), _) => Cell::Date(d),
        (Some(None), _) => Cell::Other,
        (None, Some(s)) => Cell::Text(s),
        (None, None) => Cell::Other,
    })
}

/// Dates of a spreadsheet.
pub fn extract(data: &[u8], format: Format, f: &mut DateFacts) {
    let is_zip = data.starts_with(b"PK\x03\x04");
    let _ = format;
    // calamine panics on some damaged workbooks (found by fuzzing: an XLS whose sector
    // chain points past the end of the file panics in its compound-file reader). That
    // is a damaged file, not a crash of evcheck: it is said so, and nothing half-read
    // is kept.
    let before = f.clone();
    let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::panics::in_file(|| if is_zip { xlsx(data, f) } else { xls(data, f) })
    }));
    f.read = match ok {
        Ok(Err(why)) => why,
        Ok(Ok(budget)) => budget.outcome(),
        Err(payload) => {
            *f = before;
            ReadOutcome::damaged(format!(
                "表格结构损坏，无法打开 (workbook damaged: {})",
                crate::panics::panic_message(payload.as_ref())
            ))
        }
    };
}

/// `200000` → `200 000`, as the reports write large counts.
pub(crate) fn grouped(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn unreadable(e: impl std::fmt::Display) -> ReadOutcome {
    ReadOutcome::damaged(format!("表格无法打开: {e}"))
}

/// The `uniqueCount` of the shared-string table, when it is not believable.
fn implausible_shared_strings(data: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(data)) else {
        return false;
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .collect();
    for n in names {
        let Ok(entry) = zip.by_name(&n) else { continue };
        let declared = entry.size();
        let mut head = Vec::new();
        if entry.take(64 * 1024).read_to_end(&mut head).is_err() {
            return true;
        }
        let Some(count) = attr_number(&head, b"uniqueCount") else {
            continue;
        };
        // Every string takes at least `<si><t/></si>` (12 bytes).
        if count > MAX_SHARED_STRINGS || count > declared / 12 + 16 {
            return true;
        }
    }
    false
}

/// The number in `name="123"` (or `'123'`) in `xml`; `u64::MAX` when it overflows.
fn attr_number(xml: &[u8], name: &[u8]) -> Option<u64> {
    let pos = xml.windows(name.len()).position(|w| w == name)?;
    let rest = &xml[pos + name.len()..];
    let rest = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == b'=')
        .copied();
    let mut digits = rest
        .skip_while(|b| *b == b'"' || *b == b'\'')
        .take_while(u8::is_ascii_digit);
    let mut v: u64 = 0;
    let mut any = false;
    for d in digits.by_ref() {
        any = true;
        v = v.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    any.then_some(v)
}

/// The budgets one file's sheets share: cells read (at most [`MAX_CELLS`], empty ones
/// included, so that a sheet of millions of blank styled cells still ends) and text
/// searched for dates.
struct Budget {
    cells: usize,
    text: usize,
    /// A cell or sheet was left unread at a cap.
    capped: bool,
}

impl Budget {
    fn new() -> Self {
        Budget {
            cells: 0,
            text: MAX_TEXT_BYTES,
            capped: false,
        }
    }

    /// Complete, or partial when a cap left cells or sheets unread.
    fn outcome(&self) -> ReadOutcome {
        if !self.capped {
            return ReadOutcome::Complete;
        }
        ReadOutcome::partial(
            Text::new(
                format!("前 {} 个单元格", grouped(self.cells)),
                format!("the first {} cells", grouped(self.cells)),
            ),
            Text::new(
                format!(
                    "表格超过读取上限（{} 个单元格、{MAX_SHEETS} 个工作表），其余未读取",
                    grouped(MAX_CELLS)
                ),
                format!(
                    "the workbook is over the reading limit ({} cells, {MAX_SHEETS} sheets); the rest was not read",
                    grouped(MAX_CELLS)
                ),
            ),
        )
    }

    fn exhausted(&self) -> bool {
        self.cells >= MAX_CELLS
    }

    /// Reads the sheet `name`: `feed` hands each cell (`None` when empty) to the
    /// visitor it is given and stops when the visitor returns `false` (cells used up).
    fn sheet(
        &mut self,
        name: &str,
        f: &mut DateFacts,
        feed: impl FnOnce(&mut dyn FnMut(u32, u32, Option<Cell>) -> bool),
    ) {
        let mut scan = SheetScan::new(name);
        feed(&mut |row, col, cell| {
            if self.cells >= MAX_CELLS {
                self.capped = true;
                return false;
            }
            self.cells += 1;
            if let Some(c) = cell {
                scan.cell(row, col, c, f, &mut self.text);
            }
            true
        });
        scan.finish(f);
    }
}

fn xlsx(data: &[u8], f: &mut DateFacts) -> Result<Budget, ReadOutcome> {
    if implausible_shared_strings(data) {
        return Err(ReadOutcome::unsupported(
            "结构异常（共享字符串数量不合理）的表格中的日期",
            "the dates of a malformed spreadsheet (implausible shared-string count)",
        ));
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(data)).map_err(unreadable)?;
    let all = wb.sheet_names();
    let mut budget = Budget::new();
    budget.capped = all.len() > MAX_SHEETS;
    let names: Vec<String> = all.into_iter().take(MAX_SHEETS).collect();
    let count = names.len();
    for (i, name) in names.into_iter().enumerate() {
        if budget.exhausted() {
            budget.capped |= i < count;
            break;
        }
        let Ok(mut reader) = wb.worksheet_cells_reader(&name) else {
            continue;
        };
        budget.sheet(&name, f, |visit| {
            // A cell that cannot be read ends the sheet where it breaks.
            while let Ok(Some(cell)) = reader.next_cell() {
                let (row, col) = cell.get_position();
                if !visit(row, col, classify(cell.get_value())) {
                    break;
                }
            }
        });
    }
    Ok(budget)
}

fn xls(data: &[u8], f: &mut DateFacts) -> Result<Budget, ReadOutcome> {
    if data.len() > MAX_XLS_BYTES {
        return Err(ReadOutcome::unsupported(
            format!("超过 {} MB 的旧版表格中的日期", MAX_XLS_BYTES >> 20),
            format!(
                "the dates of a legacy workbook over {} MB",
                MAX_XLS_BYTES >> 20
            ),
        ));
    }
    let mut wb: Xls<_> = Xls::new(Cursor::new(data)).map_err(unreadable)?;
    let all = wb.sheet_names();
    let mut budget = Budget::new();
    budget.capped = all.len() > MAX_SHEETS;
    let names: Vec<String> = all.into_iter().take(MAX_SHEETS).collect();
    let count = names.len();
    for (i, name) in names.into_iter().enumerate() {
        if budget.exhausted() {
            budget.capped |= i < count;
            break;
        }
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        budget.sheet(&name, f, |visit| {
            for (r, c, v) in range.used_cells() {
                let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
                let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
                if !visit(row, col, classify(v)) {
                    break;
                }
            }
        });
    }
    Ok(budget)
}

/// Name given to a delimited file's only sheet in locations (`CSV!C12`).
pub const CSV_SHEET: &str = "CSV";

/// Dates of a delimited text table (`.csv`, `.tsv`; system exports of work orders are
/// often this): each field is a cell, so a column of dates is a record list just as
/// in a workbook. `text` is already decoded and capped (see `decode_text`).
pub fn delimited(text: &str, delimiter: u8, f: &mut DateFacts) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut budget = Budget::new();
    budget.sheet(CSV_SHEET, f, |visit| {
        let mut record = csv::StringRecord::new();
        let mut row: u32 = 0;
        // A line that cannot be read ends the table where it breaks.
        while let Ok(true) = reader.read_record(&mut record) {
            for (col, field) in (0u32..).zip(record.iter()) {
                if !visit(row, col, Some(Cell::Text(field))) {
                    return;
                }
            }
            row = row.saturating_add(1);
        }
    });
    f.read = budget.outcome();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_calamine_panics_on_is_damaged_not_a_crash() {
        // Minimised fuzz finding: a 512-byte OLE2 header whose sector chain points past
        // the end (calamine 0.38: "slice index starts at 512 but ends at 0").
        let data = include_bytes!("../../fixtures/fuzz/xls-sector-chain-past-end.xls");
        for format in [Format::Xls, Format::Et] {
            let mut f = DateFacts::default();
            extract(data, format, &mut f);
            assert!(
                matches!(&f.read, ReadOutcome::Damaged { why } if why.contains("表格结构损坏")),
                "{:?}",
                f.read
            );
            assert!(f.found.is_empty() && f.records.is_empty());
        }
    }

    #[test]
    fn both_cell_types_classify_alike() {
        use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType};
        let day = ExcelDateTime::new(44625.0, ExcelDateTimeType::DateTime, false); // 2022-03-05
        let time_only = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        let show = |c: Option<Cell>| match c {
            None => "empty".to_string(),
            Some(Cell::Date(d)) => d.to_string(),
            Some(Cell::Text(t)) => format!("text {t}"),
            Some(Cell::Other) => "other".into(),
        };
        let owned = [
            (Data::DateTime(day), "2022-03-05"),
            (Data::DateTime(time_only), "other"),
            (
                Data::DateTimeIso("2022-06-07T08:00:00".into()),
                "2022-06-07",
            ),
            (Data::DateTimeIso("junk".into()), "other"),
            (Data::String("2022年3月5日".into()), "text 2022年3月5日"),
            (Data::Float(3.5), "other"),
            (Data::Empty, "empty"),
        ];
        for (v, want) in &owned {
            assert_eq!(show(classify(v)), *want, "{v:?}");
        }
        let shared = "已办结".to_string();
        for (v, want) in [
            (DataRef::DateTime(day), "2022-03-05"),
            (DataRef::SharedString(&shared), "text 已办结"),
            (DataRef::String("x".into()), "text x"),
            (DataRef::Int(7), "other"),
            (DataRef::Empty, "empty"),
        ] {
            assert_eq!(show(classify(&v)), want, "{v:?}");
        }
    }

    #[test]
    fn attr_numbers() {
        assert_eq!(
            attr_number(br#"<sst count="5" uniqueCount="3">"#, b"uniqueCount"),
            Some(3)
        );
        assert_eq!(
            attr_number(b"<sst uniqueCount = '12'>", b"uniqueCount"),
            Some(12)
        );
        assert_eq!(
            attr_number(
                br#"<sst uniqueCount="99999999999999999999999">"#,
                b"uniqueCount"
            ),
            Some(u64::MAX)
        );
        assert_eq!(attr_number(b"<sst>", b"uniqueCount"), None);
    }

    fn csv_days(text: &str, delimiter: u8) -> DateFacts {
        let mut f = DateFacts::default();
        delimited(text, delimiter, &mut f);
        f
    }

    #[test]
    fn csv_work_order_export_is_a_record_list() {
        let mut text = String::from("工单编号,受理时间,办结时间,状态\r\n");
        for i in 1..=12 {
            let (m, d) = if i == 7 { (12, 28) } else { (3 + i % 6, i) };
            let year = if i == 7 { 2021 } else { 2022 };
            text.push_str(&format!(
                "GD{i:04},{year}/{m}/{d} 09:30,\"{year}年{m}月{d}日\",已办结\r\n"
            ));
        }
        text.push_str("备注,\"数据导出于2022年11月1日，共12条\",,\r\n");
        let f = csv_days(&text, b',');
        assert_eq!(f.records.len(), 1, "{f:?}");
        let list = &f.records[0];
        assert_eq!(list.sheet, CSV_SHEET);
        assert_eq!(list.columns, ["B", "C"]);
        assert_eq!(list.count, 12);
        let first = list.rows.iter().min_by_key(|r| r.start).unwrap();
        assert_eq!(list.cell_ref(first), "CSV!B8");
        assert_eq!(first.start.to_string(), "2021-12-28");
        // The note under the table is a date of its own, with its cell.
        assert!(
            f.found
                .iter()
                .any(|d| d.location == "CSV!B14" && d.start.to_string() == "2022-11-01"),
            "{f:?}"
        );
    }

    #[test]
    fn header_rules() {
        for (h, want) in [
            ("受理时间", HeaderSays::Record),
            ("办结日期", HeaderSays::Record),
            ("走访日期", HeaderSays::Record),
            ("培训时间", HeaderSays::Record),
            ("日期", HeaderSays::Record),
            ("出生日期", HeaderSays::Never),
            ("申请人出生日期", HeaderSays::Never),
            ("证件有效期", HeaderSays::Never),
            ("身份证号", HeaderSays::Never),
            ("入职日期", HeaderSays::Never),
            ("参加工作时间", HeaderSays::Never),
            ("姓名", HeaderSays::Unknown),
        ] {
            assert_eq!(header_says(Some(h)), want, "{h}");
        }
        assert_eq!(header_says(None), HeaderSays::Unknown);
    }

    #[test]
    fn record_column_by_header_and_birth_dates_never_decide() {
        let f = csv_days(
            "姓名,出生日期,受理时间,证件有效期\n甲,1980-01-02,2022-03-05,2030-01-01\n乙,1990-02-03,2021-12-30,2031-01-01\n",
            b',',
        );
        assert_eq!(f.records.len(), 1, "{f:?}");
        assert_eq!(f.records[0].columns, ["C"]);
        assert_eq!(f.records[0].header.as_deref(), Some("受理时间"));
        assert!(f.found.is_empty(), "{f:?}");
        // A roster whose only dates are birth dates has no record date at all.
        let f = csv_days(
            "姓名,出生日期,入职日期\n甲,1980-01-02,2010-03-05\n乙,1990-02-03,2012-03-05\n丙,1991-02-03,2013-03-05\n",
            b',',
        );
        assert!(f.records.is_empty() && f.found.is_empty(), "{f:?}");
    }

    #[test]
    fn tsv_and_ragged_or_broken_rows() {
        let f = csv_days(
            "序号\t日期\n1\t2022-03-05\n2\t2022-03-06\textra\n3\t2022-03-07\n",
            b'\t',
        );
        assert_eq!(f.records.first().map(|l| l.count), Some(3), "{f:?}");
        // An unterminated quote swallows the rest: no panic, what came before stays.
        let f = csv_days(
            "a,2022-01-05\nb,2022-01-06\nc,2022-01-07\n\"d,2022-01-08\n",
            b',',
        );
        assert_eq!(f.records.first().map(|l| l.count), Some(3), "{f:?}");
        let f = csv_days("", b',');
        assert!(f.records.is_empty() && f.found.is_empty());
    }
}
