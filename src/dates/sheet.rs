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
//! open; files over [`MAX_XLS_BYTES`] are not opened. calamine lays every sheet out
//! as a dense grid at open (first to last used row × column) and reserves room for
//! the cells a `DIMENSIONS` record declares, which a few bytes can make hundreds of
//! MB or more: the workbook stream is read first ([`xls_stream`]) and its grids
//! measured ([`xls_layout`]); a workbook over [`MAX_XLS_GRID_CELLS`] is not opened,
//! and calamine is given exactly the stream that was measured.

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
/// Most cells calamine may lay out for a `.xls` workbook (dense grids of all sheets,
/// values and formulas, plus the cells the largest `DIMENSIONS` record reserves):
/// about 160 MB. 65,536 rows × 60 columns fit; a sheet with one cell at `A1` and one
/// at `IV65536` (16.7 million) does not.
pub const MAX_XLS_GRID_CELLS: u64 = 4_000_000;
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
    let stream = xls_stream(data)?;
    let cells = xls_layout(&stream.workbook);
    if cells > MAX_XLS_GRID_CELLS {
        return Err(ReadOutcome::unsupported(
            format!(
                "单元格范围过大（约 {} 个单元格，上限 {}）的旧版表格中的日期",
                grouped(usize::try_from(cells).unwrap_or(usize::MAX)),
                grouped(MAX_XLS_GRID_CELLS as usize)
            ),
            format!(
                "the dates of a legacy workbook whose cell ranges are too large (about {} cells; the limit is {})",
                grouped(usize::try_from(cells).unwrap_or(usize::MAX)),
                grouped(MAX_XLS_GRID_CELLS as usize)
            ),
        ));
    }
    let rebuilt = stream.rebuilt()?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(rebuilt)).map_err(unreadable)?;
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

/// The workbook stream of a `.xls` file, as the `cfb` crate reads it.
struct XlsStream {
    /// `Workbook` (BIFF8) or `Book` (BIFF5).
    name: &'static str,
    workbook: Vec<u8>,
}

impl XlsStream {
    /// A compound file holding only this stream, which calamine then opens: it reads
    /// the bytes that were measured, whatever its own compound-file reader would have
    /// made of a damaged file.
    fn rebuilt(self) -> Result<Vec<u8>, ReadOutcome> {
        let build = || -> std::io::Result<Vec<u8>> {
            let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
            let mut s = comp.create_stream(self.name)?;
            std::io::Write::write_all(&mut s, &self.workbook)?;
            drop(s);
            comp.flush()?;
            Ok(comp.into_inner().into_inner())
        };
        build().map_err(unreadable)
    }
}

/// Reads the workbook stream (`Workbook`, or `Book` of older files) of a `.xls`.
fn xls_stream(data: &[u8]) -> Result<XlsStream, ReadOutcome> {
    let damaged = |e: &dyn std::fmt::Display| {
        ReadOutcome::damaged(format!("表格结构损坏，无法打开 (workbook damaged: {e})"))
    };
    let mut comp = cfb::CompoundFile::open(Cursor::new(data)).map_err(|e| damaged(&e))?;
    let names: Vec<String> = comp
        .read_root_storage()
        .map(|e| e.name().to_owned())
        .collect();
    for want in ["Workbook", "Book"] {
        let Some(found) = names.iter().find(|n| n.eq_ignore_ascii_case(want)) else {
            continue;
        };
        let mut s = comp.open_stream(found).map_err(|e| damaged(&e))?;
        let mut workbook = Vec::new();
        (&mut s)
            .take(MAX_XLS_BYTES as u64)
            .read_to_end(&mut workbook)
            .map_err(|e| damaged(&e))?;
        return Ok(XlsStream {
            name: want,
            workbook,
        });
    }
    Err(damaged(&"no Workbook stream"))
}

/// The records of a BIFF stream as calamine reads them: type and data, each record's
/// `CONTINUE` records skipped; `None` at the end or at a record that runs past it
/// (where calamine stops with an error).
fn biff_records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        if s.len() < 4 {
            return None;
        }
        let typ = u16_at(s, 0);
        let len = usize::from(u16_at(s, 2));
        if s.len() < len + 4 {
            return None;
        }
        let (rec, rest) = s.split_at(len + 4);
        s = rest;
        while s.len() > 4 && u16_at(s, 0) == 0x003C {
            let l = usize::from(u16_at(s, 2));
            if s.len() < l + 4 {
                // calamine fails the whole record here.
                s = &[];
                return None;
            }
            s = &s[l + 4..];
        }
        Some((typ, &rec[4..]))
    })
}

/// Bounding box of cell positions (rows, columns), empty at first.
#[derive(Clone, Copy)]
struct Grid {
    rows: (u32, u32),
    cols: (u32, u32),
}

impl Grid {
    const EMPTY: Grid = Grid {
        rows: (u32::MAX, 0),
        cols: (u32::MAX, 0),
    };

    fn add(&mut self, row: u32, col: u32) {
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(col), self.cols.1.max(col));
    }

    /// Cells of the dense grid calamine builds over these positions.
    fn cells(&self) -> u64 {
        if self.rows.0 > self.rows.1 {
            return 0;
        }
        u64::from(self.rows.1 - self.rows.0 + 1) * u64::from(self.cols.1 - self.cols.0 + 1)
    }
}

/// How many cells calamine lays out when it opens the workbook stream `wb`: the dense
/// value and formula grids of every sheet (all are built at open), plus the largest
/// room a sheet reserves for its cells (what its `DIMENSIONS` records declare, or
/// twice the cells it holds). Over-counts rather than under-counts: every cell record
/// calamine keeps is counted, and a sheet is measured from where calamine starts
/// reading it (its `BOUNDSHEET` offset) to where calamine stops.
fn xls_layout(wb: &[u8]) -> u64 {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    // The globals: where each sheet starts.
    let mut starts = Vec::new();
    for (typ, d) in biff_records(wb) {
        match typ {
            0x0085 => starts.extend(u32_at(d, 0)),
            0x000A => break,
            _ => {}
        }
    }
    let mut grids = 0u64;
    let mut reserve = 0u64;
    for start in starts {
        let Some(sheet) = wb.get(start as usize..) else {
            continue;
        };
        let (mut values, mut formulas) = (Grid::EMPTY, Grid::EMPTY);
        let (mut held, mut room) = (0u64, 0u64);
        // Where a formula's text value (a `STRING` record) goes: the last formula.
        let mut formula_at = (0u32, 0u32);
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (typ, d) in biff_records(sheet) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |d: &[u8]| Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => {
                    // calamine: rows = last - first + 1, columns likewise, each in u32
                    // arithmetic, and reserves rows × columns more cells.
                    let (rf, rl, mut cf, cl) = match d.len() {
                        10 => (
                            u32::from(u16_at(d, 0).unwrap_or(0)),
                            u32::from(u16_at(d, 2).unwrap_or(0)),
                            u32::from(u16_at(d, 4).unwrap_or(0)),
                            u32::from(u16_at(d, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0),
                            u32_at(d, 4).unwrap_or(0),
                            u32::from(u16_at(d, 8).unwrap_or(0)),
                            u32::from(u16_at(d, 10).unwrap_or(0)),
                        ),
                        _ => break,
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = end_r.wrapping_sub(rf).wrapping_add(1);
                    let cols = end_c.wrapping_sub(cf).wrapping_add(1);
                    let want = held.saturating_add(u64::from(rows) * u64::from(cols));
                    room = room.max(want);
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    if let Some((r, c)) = at(d) {
                        values.add(r, c);
                        held += 1;
                    }
                }
                0x00BD if d.len() >= 6 => {
                    if let Some((r, c)) = at(d) {
                        let n = (d.len() as u32 - 6) / 6;
                        values.add(r, c);
                        values.add(r, c + n.saturating_sub(1));
                        held += u64::from(n);
                    }
                }
                0x0006 => {
                    if let Some((r, c)) = at(d) {
                        values.add(r, c);
                        formulas.add(r, c);
                        formula_at = (r, c);
                        held += 1;
                    }
                }
                0x0207 => {
                    values.add(formula_at.0, formula_at.1);
                    held += 1;
                }
                _ => {}
            }
        }
        grids = grids
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        reserve = reserve.max(room.max(held.saturating_mul(2)));
    }
    grids.saturating_add(reserve)
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

    /// A BIFF8 `.xls` of one sheet holding the given records (cells, dimensions)
    /// between its BOF and EOF, in a compound file.
    fn xls_of(sheet_records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        fn rec(out: &mut Vec<u8>, typ: u16, d: &[u8]) {
            out.extend(typ.to_le_bytes());
            out.extend((d.len() as u16).to_le_bytes());
            out.extend(d);
        }
        let bof =
            |kind: u16| [&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat();
        let mut globals = Vec::new();
        rec(&mut globals, 0x0809, &bof(0x0005));
        let name = b"S1";
        // BOUNDSHEET: offset (patched below), visible worksheet, name.
        let boundsheet = [&[0u8; 4][..], &[0, 0, name.len() as u8, 0], name].concat();
        let at = globals.len() + 4;
        rec(&mut globals, 0x0085, &boundsheet);
        rec(&mut globals, 0x000A, &[]);
        let start = globals.len() as u32;
        globals[at..at + 4].copy_from_slice(&start.to_le_bytes());
        rec(&mut globals, 0x0809, &bof(0x0010));
        for (t, d) in sheet_records {
            rec(&mut globals, *t, d);
        }
        rec(&mut globals, 0x000A, &[]);
        let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        let mut s = comp.create_stream("Workbook").unwrap();
        std::io::Write::write_all(&mut s, &globals).unwrap();
        drop(s);
        comp.flush().unwrap();
        comp.into_inner().into_inner()
    }

    /// A NUMBER record: `value` at (`row`, `col`).
    fn number(row: u16, col: u16, value: f64) -> (u16, Vec<u8>) {
        let d = [
            &row.to_le_bytes()[..],
            &col.to_le_bytes(),
            &[0, 0],
            &value.to_le_bytes(),
        ]
        .concat();
        (0x0203, d)
    }

    #[test]
    fn a_small_xls_is_read_and_measured() {
        let data = xls_of(&[number(0, 0, 44625.0), number(9, 9, 1.0)]);
        let stream = xls_stream(&data).unwrap();
        // A 10 × 10 grid, and room for twice the two cells.
        assert_eq!(xls_layout(&stream.workbook), 100 + 4);
        let mut f = DateFacts::default();
        extract(&data, Format::Xls, &mut f);
        assert_eq!(f.read, ReadOutcome::Complete);
    }

    #[test]
    fn an_xls_whose_cells_span_a_huge_grid_is_not_laid_out() {
        // Found while fuzzing the reader: two cells far apart made calamine build a
        // dense grid of 65,536 × 65,536 cells (137 GB) when it opened the workbook, an
        // abort of the reading process; 256 columns would still have been 0.5 GB.
        let far = xls_of(&[number(0, 0, 1.0), number(65535, 65535, 2.0)]);
        // A DIMENSIONS record of 4 billion rows: calamine reserved room for them all.
        let dims = [
            &0u32.to_le_bytes()[..],
            &u32::MAX.to_le_bytes(),
            &[0, 0, 1, 0, 0, 0],
        ]
        .concat();
        let declared = xls_of(&[(0x0200, dims), number(0, 0, 1.0)]);
        // A row with one cell in column A and one in IV: 256 columns × 65,536 rows.
        let wide = xls_of(&[number(0, 0, 1.0), number(65535, 255, 2.0)]);
        for data in [far, declared, wide] {
            let mut f = DateFacts::default();
            extract(&data, Format::Xls, &mut f);
            assert!(
                matches!(&f.read, ReadOutcome::Unsupported { what } if what.zh.contains("单元格范围过大")),
                "{:?}",
                f.read
            );
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
