//! Reading small spreadsheets (questionnaires, rosters) without trusting them.
//!
//! Rule spreadsheets are written by people, but they arrive by e-mail and may be
//! damaged or hostile. calamine aborts the process (no panic to catch) on an `.xlsx`
//! whose `sharedStrings.xml` declares a huge `uniqueCount`, and builds dense cell
//! grids for `.xls` sheets and for `worksheet_range`. So before calamine sees a file:
//!
//! - the file must be at most [`MAX_FILE_BYTES`], and be an xlsx (ZIP) or xls (OLE2)
//!   by content;
//! - xlsx: the ZIP directory is bounded (entries, declared inflated sizes) and the
//!   `uniqueCount`/`count` of the shared strings is checked; cells are then read one by
//!   one with `worksheet_cells_reader`, never as a dense range;
//! - xls: the BIFF records of the workbook stream are scanned first and a sheet whose
//!   cells span more than [`MAX_DENSE_CELLS`] is refused before calamine builds its grid.
//!
//! Only the first [`MAX_ROWS`] rows and [`MAX_COLS`] columns of at most [`MAX_SHEETS`]
//! sheets are kept; cell text is cut at [`MAX_CELL_CHARS`] characters.

#![warn(missing_docs)]

use calamine::{DataRef, Reader, Xls, Xlsx};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

/// Largest spreadsheet accepted (bytes).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Rows kept per sheet.
pub const MAX_ROWS: u32 = 5000;
/// Columns kept per row.
pub const MAX_COLS: u32 = 64;
/// Sheets read per workbook.
pub const MAX_SHEETS: usize = 32;
/// Characters kept per cell.
pub const MAX_CELL_CHARS: usize = 4000;
/// Cells read per workbook at most (all sheets).
pub const MAX_CELLS: usize = 400_000;
/// Shared strings an xlsx may declare.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Entries in an xlsx ZIP.
const MAX_ZIP_ENTRIES: usize = 5000;
/// Sum of declared inflated sizes in an xlsx.
const MAX_INFLATED: u64 = 256 * 1024 * 1024;
/// Largest rows × columns span of an xls sheet (calamine allocates it densely).
pub const MAX_DENSE_CELLS: u64 = 2_000_000;

/// How much of a workbook is kept: rows per sheet and cells per workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Rows read per sheet.
    pub rows: u32,
    /// Cells read per workbook.
    pub cells: usize,
}

/// The bounds of rule spreadsheets (questionnaires, rosters).
pub const RULE_BOUNDS: Bounds = Bounds {
    rows: MAX_ROWS,
    cells: MAX_CELLS,
};

/// Sheets read within [`Bounds`], and whether anything was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounded {
    /// The sheets, in workbook order.
    pub sheets: Vec<Sheet>,
    /// Some rows or cells lay beyond the bounds and were not read.
    pub truncated: bool,
}

/// One sheet: its name and its rows (index 0 = spreadsheet row 1), each row as many
/// cells as its last non-empty one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Its rows, each a list of cell texts.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// Cell text at (row, col), 0-based; empty when absent.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Why a spreadsheet could not be read: a sentence that says what is wrong and what to
/// do, in Chinese (shown by default) and in English (`--lang en`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    /// The Chinese sentence.
    pub zh: String,
    /// The same in English.
    pub en: String,
}

impl SheetError {
    fn new(zh: String, en: String) -> SheetError {
        SheetError { zh, en }
    }

    fn unreadable(e: std::io::Error) -> SheetError {
        SheetError::new(
            format!("无法读取表格文件: {e}"),
            format!("cannot read the spreadsheet file: {e}"),
        )
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh)
    }
}

/// The Chinese sentence, for readers whose errors are Chinese text.
impl From<SheetError> for String {
    fn from(e: SheetError) -> String {
        e.zh
    }
}

/// Reads the sheets of an `.xlsx` or `.xls` file. Errors say what is wrong and what to
/// do (see [`SheetError`]).
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>, SheetError> {
    let mut f = File::open(path).map_err(|e| {
        SheetError::new(
            format!("无法打开表格文件: {e}"),
            format!("cannot open the spreadsheet file: {e}"),
        )
    })?;
    let len = f.metadata().map_err(SheetError::unreadable)?.len();
    read_workbook(&mut f, len, RULE_BOUNDS).map(|b| b.sheets)
}

/// Reads the sheets of an `.xlsx` or `.xls` file held in memory (an archive member, a
/// file already read), with the same checks as [`read_sheets`], keeping what `bounds`
/// allow and saying whether more was there.
pub fn read_sheets_bytes(data: &[u8], bounds: Bounds) -> Result<Bounded, SheetError> {
    read_workbook(&mut Cursor::new(data), data.len() as u64, bounds)
}

fn read_workbook<R: Read + Seek>(
    f: &mut R,
    len: u64,
    bounds: Bounds,
) -> Result<Bounded, SheetError> {
    if len > MAX_FILE_BYTES {
        let (mb, max) = (len / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024));
        return Err(SheetError::new(
            format!("表格文件过大（{mb} MB，上限 {max} MB），请只保留名单/指标所在的工作表后另存"),
            format!("the spreadsheet file is too large ({mb} MB, at most {max} MB): keep only the sheets with the roster or the questions and save it again"),
        ));
    }
    let mut magic = [0u8; 8];
    let n = read_up_to(f, &mut magic).map_err(SheetError::unreadable)?;
    f.rewind().map_err(SheetError::unreadable)?;
    if n >= 4 && magic[..4] == *b"PK\x03\x04" {
        read_xlsx(f, bounds)
    } else if n == 8 && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        read_xls(f, bounds)
    } else {
        Err(SheetError::new(
            "不是 Excel 表格（.xlsx 或 .xls），请用 Excel 或 WPS 另存为 .xlsx".into(),
            "not an Excel spreadsheet (.xlsx or .xls): save it as .xlsx in Excel or WPS".into(),
        ))
    }
}

/// Name given to a delimited table's only sheet.
pub const CSV_SHEET: &str = "CSV";

/// Reads a delimited text table (`.csv`, `.tsv`) already decoded to text into one
/// sheet, keeping what `bounds` allow (and at most [`MAX_COLS`] columns and
/// [`MAX_CELL_CHARS`] characters a cell, as the workbook readers do). A line that
/// cannot be parsed ends the table where it breaks.
pub fn read_delimited(text: &str, delimiter: u8, bounds: Bounds) -> Bounded {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(bounds.rows);
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    let mut budget = bounds.cells;
    while let Ok(true) = reader.read_record(&mut record) {
        if row >= bounds.rows {
            grid.truncated = true;
            break;
        }
        for (col, field) in (0u32..).zip(record.iter()) {
            if budget == 0 {
                grid.truncated = true;
                break;
            }
            budget -= 1;
            grid.put(row, col, cut(field.to_owned()));
        }
        row += 1;
    }
    let truncated = grid.truncated;
    Bounded {
        sheets: vec![Sheet {
            name: CSV_SHEET.to_owned(),
            rows: grid.into_rows(),
        }],
        truncated,
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A damaged spreadsheet; `e` is the library's text (not translated).
fn damaged(e: impl std::fmt::Display) -> SheetError {
    damaged_both(&e, &e)
}

/// A damaged spreadsheet, with the detail in Chinese and English.
fn damaged_both(zh: &dyn std::fmt::Display, en: &dyn std::fmt::Display) -> SheetError {
    SheetError::new(
        format!("表格文件已损坏或无法解析（{zh}），请用 Excel 或 WPS 打开后另存为 .xlsx 再试"),
        format!("the spreadsheet is damaged or cannot be parsed ({en}): open it in Excel or WPS, save it as .xlsx and try again"),
    )
}

/// Checks the ZIP directory and the shared-string counts of an xlsx.
fn precheck_xlsx<R: Read + Seek>(f: &mut R) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(f).map_err(damaged)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        let n = zip.len();
        return Err(damaged_both(
            &format!("压缩包内有 {n} 个条目"),
            &format!("{n} entries in the package"),
        ));
    }
    let mut total: u64 = 0;
    let mut sst_name = None;
    for i in 0..zip.len() {
        let e = zip.by_index_raw(i).map_err(damaged)?;
        total = total.saturating_add(e.size());
        if let Ok(n) = e.name() {
            if n.eq_ignore_ascii_case("xl/sharedStrings.xml") {
                sst_name = Some(n.into_owned());
            }
        }
    }
    if total > MAX_INFLATED {
        let (mb, max) = (total / (1024 * 1024), MAX_INFLATED / (1024 * 1024));
        return Err(damaged_both(
            &format!("解压后共 {mb} MB，超过 {max} MB"),
            &format!("{mb} MB when unpacked, over {max} MB"),
        ));
    }
    let Some(name) = sst_name else {
        return Ok(());
    };
    let entry = zip.by_name(&name).map_err(damaged)?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry.take(64 * 1024)));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "sst" =>
            {
                for a in e.attributes().flatten() {
                    let key = a.key.local_name();
                    if key.as_ref() == "uniqueCount" || key.as_ref() == "count" {
                        let v = a.value.trim();
                        // A count that does not parse as a small number is refused too.
                        let ok = v.parse::<u64>().is_ok_and(|n| n <= MAX_SHARED_STRINGS);
                        if !ok {
                            return Err(damaged_both(
                                &format!("共享字符串数量异常: {v}"),
                                &format!("implausible shared-string count: {v}"),
                            ));
                        }
                    }
                }
                return Ok(());
            }
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(damaged(e)),
        }
        buf.clear();
    }
}

fn cell_text(v: &DataRef<'_>) -> String {
    let s = match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => date_text(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    };
    cut(s)
}

fn data_text(v: &calamine::Data) -> String {
    use calamine::Data;
    let s = match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => date_text(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    };
    cut(s)
}

/// A cell of date type as `2022-03-05` (`2022-03-05 10:20:00` with a time of day); a
/// duration, a bare time or a serial outside 1901–9999 as its number.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
    if !d.is_datetime() || !(1901..=9999).contains(&y) {
        return float_text(d.as_f64());
    }
    if (h, min, sec) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{sec:02}")
    }
}

/// `3.0` → `"3"`, `0.5` → `"0.5"`.
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn cut(s: String) -> String {
    if s.chars().count() > MAX_CELL_CHARS {
        s.chars().take(MAX_CELL_CHARS).collect()
    } else {
        s
    }
}

/// Collects cells into rows, keeping the bounds.
struct Grid {
    cells: BTreeMap<u32, BTreeMap<u32, String>>,
    max_rows: u32,
    /// A non-empty cell lay beyond the bounds.
    truncated: bool,
}

impl Grid {
    fn new(max_rows: u32) -> Grid {
        Grid {
            cells: BTreeMap::new(),
            max_rows,
            truncated: false,
        }
    }

    fn put(&mut self, row: u32, col: u32, text: String) {
        if text.trim().is_empty() {
            return;
        }
        if row < self.max_rows && col < MAX_COLS {
            self.cells.entry(row).or_default().insert(col, text);
        } else {
            self.truncated = true;
        }
    }

    fn into_rows(mut self) -> Vec<Vec<String>> {
        let Some(last) = self.cells.keys().next_back().copied() else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for r in 0..=last {
            let mut row = Vec::new();
            if let Some(cols) = self.cells.remove(&r) {
                for (c, text) in cols {
                    while (row.len() as u32) < c {
                        row.push(String::new());
                    }
                    row.push(text);
                }
            }
            rows.push(row);
        }
        rows
    }
}

fn read_xlsx<R: Read + Seek>(f: &mut R, bounds: Bounds) -> Result<Bounded, SheetError> {
    precheck_xlsx(f)?;
    f.rewind().map_err(damaged)?;
    let mut wb: Xlsx<_> = Xlsx::new(BufReader::new(f)).map_err(damaged)?;
    let all = wb.sheet_names();
    let mut truncated = all.len() > MAX_SHEETS;
    let names: Vec<String> = all.into_iter().take(MAX_SHEETS).collect();
    let mut out = Vec::new();
    let mut budget = bounds.cells;
    for name in names {
        let mut grid = Grid::new(bounds.rows);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(damaged)?;
        loop {
            match reader.next_cell() {
                Ok(Some(_)) if budget == 0 => {
                    grid.truncated = true;
                    break;
                }
                Ok(Some(c)) => {
                    budget -= 1;
                    let (r, col) = c.get_position();
                    grid.put(r, col, cell_text(c.get_value()));
                }
                Ok(None) => break,
                Err(e) => return Err(damaged(e)),
            }
        }
        truncated |= grid.truncated;
        out.push(Sheet {
            name,
            rows: grid.into_rows(),
        });
    }
    Ok(Bounded {
        sheets: out,
        truncated,
    })
}

/// BIFF record types that carry (row, col) as their first two u16.
const CELL_RECORDS: [u16; 9] = [
    0x00FD, // LABELSST
    0x0203, // NUMBER
    0x027E, // RK
    0x0204, // LABEL
    0x0201, // BLANK
    0x00BE, // MULBLANK
    0x00BD, // MULRK
    0x0006, // FORMULA
    0x0205, // BOOLERR
];

/// The largest rows × columns span of any sheet's cell records in a BIFF stream.
fn biff_max_span(stream: &[u8]) -> u64 {
    let mut pos = 0usize;
    let mut worst = 0u64;
    let mut bounds: Option<(u16, u16, u16, u16)> = None;
    let span = |b: Option<(u16, u16, u16, u16)>| {
        b.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    };
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        let data = &stream[pos + 4..(pos + 4 + len).min(stream.len())];
        if typ == 0x0809 || typ == 0x000A {
            // BOF / EOF: a new substream begins.
            worst = worst.max(span(bounds));
            bounds = None;
        } else if CELL_RECORDS.contains(&typ) && data.len() >= 4 {
            let r = u16::from_le_bytes([data[0], data[1]]);
            let c = u16::from_le_bytes([data[2], data[3]]);
            // MULBLANK/MULRK end with the last column.
            let c_last = if (typ == 0x00BE || typ == 0x00BD) && data.len() >= 6 {
                let n = data.len();
                u16::from_le_bytes([data[n - 2], data[n - 1]]).max(c)
            } else {
                c
            };
            bounds = Some(match bounds {
                None => (r, r, c, c_last),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c_last)),
            });
        }
        pos += 4 + len;
    }
    worst.max(span(bounds))
}

fn read_xls<R: Read + Seek>(f: &mut R, bounds: Bounds) -> Result<Bounded, SheetError> {
    {
        let mut cf = cfb::CompoundFile::open(&mut *f).map_err(damaged)?;
        let stream_path = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
            .into_iter()
            .find(|p| cf.is_stream(p))
            .ok_or_else(|| damaged_both(&"没有 Workbook 数据流", &"no Workbook stream"))?;
        let stream = cf.open_stream(stream_path).map_err(damaged)?;
        let mut bytes = Vec::new();
        stream
            .take(MAX_FILE_BYTES * 2)
            .read_to_end(&mut bytes)
            .map_err(damaged)?;
        let span = biff_max_span(&bytes);
        if span > MAX_DENSE_CELLS {
            return Err(damaged_both(
                &format!("工作表的单元格范围过大（{span} 个单元格），请删除无关的行列后另存"),
                &format!("a sheet's cell range is too large ({span} cells): delete the unrelated rows and columns and save it again"),
            ));
        }
    }
    f.rewind().map_err(damaged)?;
    let mut wb: Xls<_> = Xls::new(BufReader::new(f)).map_err(damaged)?;
    let all = wb.sheet_names();
    let mut truncated = all.len() > MAX_SHEETS;
    let names: Vec<String> = all.into_iter().take(MAX_SHEETS).collect();
    let mut out = Vec::new();
    let mut budget = bounds.cells;
    for name in names {
        let range = wb.worksheet_range(&name).map_err(damaged)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new(bounds.rows);
        for (r, c, v) in range.used_cells() {
            if budget == 0 {
                grid.truncated = true;
                break;
            }
            budget -= 1;
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            grid.put(r0.saturating_add(r), c0.saturating_add(c), data_text(v));
        }
        truncated |= grid.truncated;
        out.push(Sheet {
            name,
            rows: grid.into_rows(),
        });
    }
    Ok(Bounded {
        sheets: out,
        truncated,
    })
}

/// Removes all white space (including full-width) from a header cell.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn xlsx_with(rows: &[&[&str]], sheet: &str) -> tempfile::NamedTempFile {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        let f = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        wb.save(f.path()).unwrap();
        f
    }

    #[test]
    fn reads_xlsx_cells_in_place() {
        let f = xlsx_with(&[&["单位名称", "备注"], &["区发改委"], &["", "x"]], "表1");
        let s = read_sheets(f.path()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "表1");
        assert_eq!(s[0].cell(0, 0), "单位名称");
        assert_eq!(s[0].cell(1, 0), "区发改委");
        assert_eq!(s[0].cell(2, 1), "x");
        assert_eq!(s[0].cell(2, 0), "");
        assert_eq!(s[0].cell(99, 9), "");
    }

    #[test]
    fn not_a_spreadsheet_is_refused() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"%PDF-1.4 not a sheet").unwrap();
        let e = read_sheets(f.path()).unwrap_err();
        assert!(e.zh.contains("不是 Excel 表格"), "{e}");
        assert!(e.en.contains("not an Excel spreadsheet"), "{}", e.en);
    }

    #[test]
    fn delimited_tables_keep_their_bounds_and_say_so() {
        let text = "a,b,c\n1,2,3\n4,5,6\n";
        let all = read_delimited(text, b',', RULE_BOUNDS);
        assert!(!all.truncated);
        assert_eq!(all.sheets[0].cell(2, 2), "6");
        let rows = read_delimited(
            text,
            b',',
            Bounds {
                rows: 2,
                cells: 100,
            },
        );
        assert!(rows.truncated);
        assert_eq!(rows.sheets[0].rows.len(), 2);
        let cells = read_delimited(
            text,
            b',',
            Bounds {
                rows: 100,
                cells: 7,
            },
        );
        assert!(cells.truncated);
        assert_eq!(cells.sheets[0].cell(2, 0), "4");
        assert_eq!(cells.sheets[0].cell(2, 1), "");
    }

    #[test]
    fn workbook_from_bytes_with_bounds_and_date_cells() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        for r in 0..10u32 {
            ws.write_string(r, 0, format!("r{r}")).unwrap();
        }
        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 3, 5)
            .and_then(|d| d.and_hms(10, 20, 0))
            .unwrap();
        ws.write_datetime_with_format(0, 1, &dt, &fmt).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let b = read_sheets_bytes(&bytes, RULE_BOUNDS).unwrap();
        assert!(!b.truncated);
        assert_eq!(b.sheets[0].cell(0, 1), "2022-03-05 10:20:00");
        let b = read_sheets_bytes(
            &bytes,
            Bounds {
                rows: 5,
                cells: 100,
            },
        )
        .unwrap();
        assert!(b.truncated);
        assert_eq!(b.sheets[0].rows.len(), 5);
    }

    #[test]
    fn float_text_drops_integral_fraction() {
        assert_eq!(float_text(3.0), "3");
        assert_eq!(float_text(0.5), "0.5");
        assert_eq!(float_text(f64::NAN), "NaN");
    }

    #[test]
    fn biff_span_sees_far_cells() {
        // BOF, a NUMBER at (0,0), a BLANK at (65535, 255), EOF.
        let mut s = Vec::new();
        let rec = |s: &mut Vec<u8>, typ: u16, data: &[u8]| {
            s.extend_from_slice(&typ.to_le_bytes());
            s.extend_from_slice(&(data.len() as u16).to_le_bytes());
            s.extend_from_slice(data);
        };
        rec(&mut s, 0x0809, &[0; 16]);
        rec(&mut s, 0x0203, &[0u8; 14]);
        let mut far = vec![0xFF, 0xFF, 0xFF, 0x00];
        far.extend_from_slice(&[0, 0]);
        rec(&mut s, 0x0201, &far);
        rec(&mut s, 0x000A, &[]);
        assert_eq!(biff_max_span(&s), 65536 * 256);
        assert!(biff_max_span(&s) > MAX_DENSE_CELLS);
        assert_eq!(biff_max_span(&s[..3]), 0);
    }
}
