//! The summary across units: `summary.json`, `summary.csv`, `summary.xlsx`.
//!
//! One row per unit (files, errors, warnings, notes, missing questions, a count per
//! rule family, the report folder), then the roster units that submitted nothing
//! (flagged 未提交), the totals, and a count per code. Schemes with a `[haocha]` section
//! add a 好差评 sheet ranking the units by their ratings score. The CSV is made for Excel on
//! Chinese Windows (UTF-8 with BOM, CRLF, quoted fields, formula guard); the workbook
//! has the sheets 汇总 (units), 问题统计 (per code) and 其他发现 (findings about the
//! whole run). Everything is deterministic: rows in the run's order, maps sorted, the
//! only time written the summary's own `checked_at` (in the note under the tables; the
//! workbook's creation date is the start of the assessment period).

#![warn(missing_docs)]

use super::json::{all_rules, to_json, DiagDoc, SchemeDoc, ToolDoc, SCHEMA_VERSION};
use super::{Counts, Summary, SummaryRow};
use crate::checks::roster::R001;
use crate::diag::{Code, Diagnostic, Lang, RuleFamily};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `zh` or `en` by language.
fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A roster unit that submitted nothing, from its `R001` finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotSubmitted {
    /// The unit's name in the roster.
    pub unit: String,
    /// The roster's unit kind.
    pub kind: String,
    /// The finding's message, in the report's language.
    pub message: String,
    /// What to do, in the report's language.
    pub fix: String,
}

/// The unit an `R001` finding is about (its subject; the message when it has none).
pub fn missing_unit_name(d: &Diagnostic) -> String {
    d.subject.clone().unwrap_or_else(|| d.message.zh.clone())
}

/// The roster units that submitted nothing, in finding order.
pub fn not_submitted(s: &Summary, lang: Lang) -> Vec<NotSubmitted> {
    s.diagnostics
        .iter()
        .filter(|d| *d.code == R001)
        .map(|d| NotSubmitted {
            kind: s
                .roster_kinds
                .get(&missing_unit_name(d))
                .cloned()
                .unwrap_or_default(),
            unit: missing_unit_name(d),
            message: d.message.get(lang).to_owned(),
            fix: d.fix.get(lang).to_owned(),
        })
        .collect()
}

/// The sum of the unit rows: what the 合计 row and the console's total line show.
pub fn row_totals(s: &Summary) -> Counts {
    let mut c = Counts::default();
    for r in &s.rows {
        c.merge(&r.counts);
    }
    c
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct UnitRowDoc<'a> {
    unit: &'a str,
    kind: &'a str,
    in_roster: bool,
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    missing_questions: usize,
    by_rule: BTreeMap<&'static str, usize>,
    by_code: &'a BTreeMap<&'static Code, usize>,
    report_dir: &'a str,
    /// Errors new and fixed since the last run; null when no earlier run is known.
    changes: Option<ChangesDoc<'a>>,
}

#[derive(Serialize)]
struct ChangesDoc<'a> {
    since: &'a str,
    new_errors: usize,
    fixed_errors: usize,
    new: &'a [String],
    fixed: &'a [String],
}

impl<'a> ChangesDoc<'a> {
    fn new(c: &'a super::Changes) -> Self {
        ChangesDoc {
            since: &c.since,
            new_errors: c.new.len(),
            fixed_errors: c.fixed.len(),
            new: &c.new,
            fixed: &c.fixed,
        }
    }
}

#[derive(Serialize)]
struct TotalsDoc<'a> {
    units: usize,
    units_not_submitted: usize,
    files: usize,
    missing_questions: usize,
    error: usize,
    warning: usize,
    info: usize,
    by_rule: BTreeMap<&'static str, usize>,
    by_code: &'a BTreeMap<&'static Code, usize>,
    /// Sums of the units' changes since the last run (null when none is known).
    new_errors: Option<usize>,
    fixed_errors: Option<usize>,
}

#[derive(Serialize)]
struct CodeDoc {
    code: &'static str,
    rule: RuleFamily,
    title: &'static str,
    title_zh: &'static str,
    title_en: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct SummaryDoc<'a> {
    schema_version: u32,
    tool: ToolDoc,
    checked_at: &'a str,
    lang: Lang,
    scheme: SchemeDoc<'a>,
    totals: TotalsDoc<'a>,
    units: Vec<UnitRowDoc<'a>>,
    not_submitted: Vec<NotSubmitted>,
    diagnostics: Vec<DiagDoc<'a>>,
    codes: Vec<CodeDoc>,
}

fn code_docs(c: &Counts, lang: Lang) -> Vec<CodeDoc> {
    c.by_code
        .iter()
        .map(|(code, n)| CodeDoc {
            code: code.id,
            rule: code.rule,
            title: match lang {
                Lang::Zh => code.title_zh,
                Lang::En => code.title_en,
            },
            title_zh: code.title_zh,
            title_en: code.title_en,
            count: *n,
        })
        .collect()
}

/// The summary as JSON (schema in `docs/report-schema.md`).
pub fn json(s: &Summary, lang: Lang) -> String {
    let missing = not_submitted(s, lang);
    let doc = SummaryDoc {
        schema_version: SCHEMA_VERSION,
        tool: ToolDoc {
            name: "evcheck",
            version: s.tool_version,
        },
        checked_at: &s.checked_at,
        lang,
        scheme: SchemeDoc::new(&s.scheme),
        totals: TotalsDoc {
            units: s.rows.len(),
            units_not_submitted: missing.len(),
            files: s.rows.iter().map(|r| r.files).sum(),
            missing_questions: s.rows.iter().map(|r| r.missing_questions).sum(),
            error: s.totals.error,
            warning: s.totals.warning,
            info: s.totals.info,
            by_rule: all_rules(&s.totals),
            by_code: &s.totals.by_code,
            new_errors: changes_known(s).then(|| change_total(s, |c| c.new.len())),
            fixed_errors: changes_known(s).then(|| change_total(s, |c| c.fixed.len())),
        },
        units: s
            .rows
            .iter()
            .map(|r| UnitRowDoc {
                unit: &r.unit,
                kind: &r.kind,
                in_roster: r.in_roster,
                files: r.files,
                errors: r.counts.error,
                warnings: r.counts.warning,
                infos: r.counts.info,
                missing_questions: r.missing_questions,
                by_rule: all_rules(&r.counts),
                by_code: &r.counts.by_code,
                report_dir: &r.report_dir,
                changes: r.changes.as_ref().map(ChangesDoc::new),
            })
            .collect(),
        not_submitted: missing,
        diagnostics: s
            .diagnostics
            .iter()
            .map(|d| DiagDoc::new(d, lang))
            .collect(),
        codes: code_docs(&s.totals, lang),
    };
    to_json(&doc, "summary")
}

/// Whether any unit's changes since the last run are known.
pub fn changes_known(s: &Summary) -> bool {
    s.rows.iter().any(|r| r.changes.is_some())
}

/// A sum over the units' changes since the last run.
pub fn change_total(s: &Summary, f: impl Fn(&super::Changes) -> usize) -> usize {
    s.rows
        .iter()
        .filter_map(|r| r.changes.as_ref())
        .map(f)
        .sum()
}

// ---------------------------------------------------------------- tables

/// A cell of the tables the CSV and the workbook are made from.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Num(usize),
    /// A link to a file relative to the summary (text, target).
    Link(String, String),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// How a row of the unit table is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Unit,
    NotSubmitted,
    Total,
    /// A line of text under the table (when and how the run was made).
    Note,
}

struct Table {
    header: Vec<String>,
    rows: Vec<(RowKind, Vec<Cell>)>,
}

fn unit_header(lang: Lang, changes: bool) -> Vec<String> {
    let mut h: Vec<String> = [
        t(lang, "单位", "unit"),
        t(lang, "单位类型", "kind"),
        t(lang, "状态", "status"),
        t(lang, "在名单中", "in roster"),
        t(lang, "文件数", "files"),
        t(lang, "错误", "errors"),
        t(lang, "警告", "warnings"),
        t(lang, "提示", "infos"),
        t(lang, "缺少题目数", "missing questions"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    if changes {
        h.push(t(lang, "较上次新增错误", "new errors since last run").to_owned());
        h.push(t(lang, "较上次已改正错误", "errors fixed since last run").to_owned());
    }
    h.extend(RuleFamily::ALL.iter().map(|r| r.label(lang).to_owned()));
    h.push(t(lang, "报告文件夹", "report folder").to_owned());
    h.push(t(lang, "备注", "note").to_owned());
    h
}

fn yes_no(b: bool, lang: Lang) -> Cell {
    match (b, lang) {
        (true, Lang::Zh) => "是".into(),
        (false, Lang::Zh) => "否".into(),
        (true, Lang::En) => "yes".into(),
        (false, Lang::En) => "no".into(),
    }
}

fn unit_row(r: &SummaryRow, lang: Lang, changes: bool) -> Vec<Cell> {
    let mut v: Vec<Cell> = vec![
        r.unit.as_str().into(),
        r.kind.as_str().into(),
        t(lang, "已提交", "submitted").into(),
        yes_no(r.in_roster, lang),
        Cell::Num(r.files),
        Cell::Num(r.counts.error),
        Cell::Num(r.counts.warning),
        Cell::Num(r.counts.info),
        Cell::Num(r.missing_questions),
    ];
    if changes {
        match &r.changes {
            Some(c) => {
                v.push(Cell::Num(c.new.len()));
                v.push(Cell::Num(c.fixed.len()));
            }
            None => v.extend([Cell::Empty, Cell::Empty]),
        }
    }
    v.extend(RuleFamily::ALL.iter().map(|f| Cell::Num(r.counts.rule(*f))));
    v.push(Cell::Link(
        r.report_dir.clone(),
        format!("{}/report.html", r.report_dir),
    ));
    v.push(Cell::Empty);
    v
}

fn unit_table(s: &Summary, lang: Lang) -> Table {
    let changes = changes_known(s);
    let extra = if changes { 2 } else { 0 };
    let header = unit_header(lang, changes);
    let mut rows: Vec<(RowKind, Vec<Cell>)> = s
        .rows
        .iter()
        .map(|r| (RowKind::Unit, unit_row(r, lang, changes)))
        .collect();
    for m in not_submitted(s, lang) {
        let mut v: Vec<Cell> = vec![
            m.unit.into(),
            if m.kind.is_empty() {
                Cell::Empty
            } else {
                m.kind.into()
            },
            t(lang, "未提交", "not submitted").into(),
            yes_no(true, lang),
        ];
        // The finding itself is on the 其他发现 sheet; the note stays short so that the
        // sheet prints one page wide at a readable size.
        v.extend(std::iter::repeat_n(
            Cell::Empty,
            5 + extra + RuleFamily::ALL.len() + 2,
        ));
        rows.push((RowKind::NotSubmitted, v));
    }
    let sum = row_totals(s);
    let mut total: Vec<Cell> = vec![
        t(lang, "合计", "total").into(),
        Cell::Empty,
        Cell::Text(match lang {
            Lang::Zh => format!("{} 个已提交", s.rows.len()),
            Lang::En => format!("{} submitted", s.rows.len()),
        }),
        Cell::Empty,
        Cell::Num(s.rows.iter().map(|r| r.files).sum()),
        Cell::Num(sum.error),
        Cell::Num(sum.warning),
        Cell::Num(sum.info),
        Cell::Num(s.rows.iter().map(|r| r.missing_questions).sum()),
    ];
    if changes {
        total.push(Cell::Num(change_total(s, |c| c.new.len())));
        total.push(Cell::Num(change_total(s, |c| c.fixed.len())));
    }
    // The 合计 row adds up the rows above it; findings about the whole run (units that
    // submitted nothing, …) are on the 其他发现 sheet.
    total.extend(RuleFamily::ALL.iter().map(|f| Cell::Num(sum.rule(*f))));
    total.push(Cell::Empty);
    total.push(Cell::Empty);
    rows.push((RowKind::Total, total));
    rows.push((RowKind::Note, vec![run_note(s, lang).into()]));
    Table { header, rows }
}

/// When, against which scheme and by which evcheck version the run was made.
fn run_note(s: &Summary, lang: Lang) -> String {
    super::html::run_line(&s.checked_at, &s.scheme, s.tool_version, lang)
}

fn code_table(s: &Summary, lang: Lang) -> Table {
    let header = [
        t(lang, "代码", "code"),
        t(lang, "规则", "rule"),
        t(lang, "问题", "title"),
        t(lang, "数量", "count"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = code_docs(&s.totals, lang)
        .into_iter()
        .map(|c| {
            (
                RowKind::Unit,
                vec![
                    c.code.into(),
                    c.rule.label(lang).into(),
                    c.title.into(),
                    Cell::Num(c.count),
                ],
            )
        })
        .collect();
    Table { header, rows }
}

fn other_table(s: &Summary, lang: Lang) -> Table {
    let header = [
        t(lang, "单位", "unit"),
        t(lang, "代码", "code"),
        t(lang, "级别", "severity"),
        t(lang, "文件", "file"),
        t(lang, "问题", "what is wrong"),
        t(lang, "怎么改", "what to do"),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let rows = s
        .diagnostics
        .iter()
        .map(|d| {
            (
                RowKind::Unit,
                vec![
                    d.subject.as_deref().map(Cell::from).unwrap_or(Cell::Empty),
                    d.code.id.into(),
                    d.severity.label(lang).into(),
                    d.file.as_deref().map(Cell::from).unwrap_or(Cell::Empty),
                    d.message.get(lang).into(),
                    d.fix.get(lang).into(),
                ],
            )
        })
        .collect();
    Table { header, rows }
}

/// The 好差评 sheet: units with a ratings export ranked by score (highest first; units
/// whose score the text does not decide follow, by their cap), each with the figures
/// the score comes from and how it was computed. `None` when no unit has one.
fn haocha_table(s: &Summary, lang: Lang) -> Option<Table> {
    let mut rows: Vec<(&SummaryRow, &crate::checks::haocha::UnitRatings)> = s
        .rows
        .iter()
        .filter_map(|r| r.haocha.as_ref().map(|h| (r, h)))
        .collect();
    let first = rows.first()?.1;
    let key = |h: &crate::checks::haocha::UnitRatings| {
        (
            h.score.is_none(),
            -(h.score.or(h.cap).unwrap_or(-1.0) * 100.0).round() as i64,
        )
    };
    rows.sort_by(|a, b| {
        key(a.1)
            .cmp(&key(b.1))
            .then_with(|| a.0.unit.cmp(&b.0.unit))
    });
    let mut header: Vec<String> = [
        t(lang, "名次", "rank"),
        t(lang, "单位", "unit"),
        t(lang, "单位类型", "kind"),
        t(lang, "得分", "score"),
        t(lang, "办件数", "cases"),
        t(lang, "已评价", "rated"),
        t(lang, "评价率", "rating rate"),
        t(lang, "平均分值", "mean level points"),
    ]
    .iter()
    .map(|x| (*x).to_owned())
    .collect();
    let level_col = header.len();
    header.extend(first.levels.iter().map(|l| l.name.clone()));
    header.extend(
        [
            t(lang, "差评", "poor"),
            t(lang, "差评未及时整改", "poor not rectified in time"),
            t(lang, "考核期外", "outside period"),
            t(lang, "重复评价", "duplicates"),
            t(lang, "计算过程", "how it was computed"),
        ]
        .iter()
        .map(|x| (*x).to_owned()),
    );
    let mut rank = 0usize;
    let mut last: Option<i64> = None;
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(i, (r, h))| {
            let score_cell = match (h.score, h.cap) {
                // Whole scores as numbers (Excel sorts and sums them), others as written.
                (Some(v), _) if v >= 0.0 && v.fract() == 0.0 && v < 1e9 => Cell::Num(v as usize),
                (Some(v), _) => Cell::Text(crate::checks::haocha::num(v)),
                (None, Some(c)) => Cell::Text(match lang {
                    Lang::Zh => format!("待人工评分（≤{}）", crate::checks::haocha::num(c)),
                    Lang::En => format!("by hand (≤{})", crate::checks::haocha::num(c)),
                }),
                (None, None) => Cell::Empty,
            };
            let this = h.score.map(|v| (v * 100.0).round() as i64);
            if this.is_none() {
                rank = 0;
            } else if this != last {
                rank = i + 1;
                last = this;
            }
            let mut v: Vec<Cell> = vec![
                if rank > 0 {
                    Cell::Num(rank)
                } else {
                    Cell::Empty
                },
                r.unit.as_str().into(),
                r.kind.as_str().into(),
                score_cell,
                Cell::Num(h.cases),
                Cell::Num(h.rated),
                h.rate
                    .map(|x| Cell::Text(format!("{}%", crate::checks::haocha::num(x))))
                    .unwrap_or(Cell::Empty),
                h.average_points
                    .map(|x| Cell::Text(crate::checks::haocha::num(x)))
                    .unwrap_or(Cell::Empty),
            ];
            for name in &header[level_col..level_col + first.levels.len()] {
                v.push(Cell::Num(
                    h.levels
                        .iter()
                        .find(|l| &l.name == name)
                        .map(|l| l.count)
                        .unwrap_or(0),
                ));
            }
            v.push(Cell::Num(h.bad.len()));
            v.push(Cell::Num(
                h.bad.iter().filter(|b| b.rectified.fails()).count(),
            ));
            v.push(Cell::Num(h.outside_period));
            v.push(Cell::Num(h.duplicates));
            let steps: Vec<&str> = h.steps.iter().map(|x| x.text.get(lang)).collect();
            v.push(Cell::Text(steps.join(match lang {
                Lang::Zh => "；",
                Lang::En => "; ",
            })));
            (RowKind::Unit, v)
        })
        .collect();
    Some(Table {
        header,
        rows: table_rows,
    })
}

// ---------------------------------------------------------------- CSV

/// One CSV field: formula guard, then quoting when needed.
pub fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv_line(out: &mut String, cells: impl IntoIterator<Item = Cell>) {
    let mut first = true;
    for c in cells {
        if !first {
            out.push(',');
        }
        first = false;
        match c {
            Cell::Text(s) => out.push_str(&csv_field(&s)),
            Cell::Num(n) => {
                let _ = write!(out, "{n}");
            }
            Cell::Link(text, _) => out.push_str(&csv_field(&text)),
            Cell::Empty => {}
        }
    }
    out.push_str("\r\n");
}

fn csv_table(out: &mut String, table: Table) {
    csv_line(out, table.header.into_iter().map(Cell::Text));
    for (kind, row) in table.rows {
        // The note goes at the end of the file (see [`csv`]).
        if kind != RowKind::Note {
            csv_line(out, row);
        }
    }
}

/// The summary as CSV for Excel: UTF-8 with BOM, CRLF line ends. The unit table
/// (with the 未提交 rows and the 合计 row) comes first; after an empty line, the
/// count per code; after another, the other findings about the run, if any.
pub fn csv(s: &Summary, lang: Lang) -> String {
    let mut out = String::from("\u{FEFF}");
    csv_table(&mut out, unit_table(s, lang));
    out.push_str("\r\n");
    csv_table(&mut out, code_table(s, lang));
    if !s.diagnostics.is_empty() {
        out.push_str("\r\n");
        csv_table(&mut out, other_table(s, lang));
    }
    out.push_str("\r\n");
    csv_line(&mut out, [Cell::Text(run_note(s, lang))]);
    out
}

// ---------------------------------------------------------------- XLSX

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_000;

fn cell_text(s: &str) -> String {
    if s.chars().count() > MAX_CELL_CHARS {
        let mut t: String = s.chars().take(MAX_CELL_CHARS).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

/// Column width (Excel character units) fitting the header and cells, CJK counted
/// double, between 6 and 60.
fn width_of(table: &Table, col: usize) -> f64 {
    let w = |s: &str| -> usize { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let mut max = table.header.get(col).map(|h| w(h)).unwrap_or(0);
    for (kind, row) in &table.rows {
        if *kind == RowKind::Note {
            continue;
        }
        let n = match row.get(col) {
            Some(Cell::Text(s)) | Some(Cell::Link(s, _)) => w(s),
            Some(Cell::Num(n)) => n.to_string().len(),
            _ => 0,
        };
        max = max.max(n);
    }
    (max as f64 + 2.0).clamp(6.0, 60.0)
}

struct Formats {
    link: Format,
    header: Format,
    total: Format,
    missing: Format,
    plain: Format,
}

fn write_sheet(
    ws: &mut Worksheet,
    name: &str,
    table: &Table,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, h) in table.header.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, cell_text(h), &f.header)?;
        ws.set_column_width(col, width_of(table, c))?;
    }
    let mut row: u32 = 0;
    let mut last_data: u32 = 0;
    for (kind, cells) in &table.rows {
        row += 1;
        if matches!(kind, RowKind::Total | RowKind::Note) {
            // An empty row keeps the total out of the filter range and out of sorts.
            row += 1;
        } else {
            last_data = row;
        }
        let fmt = match kind {
            RowKind::Unit | RowKind::Note => &f.plain,
            RowKind::NotSubmitted => &f.missing,
            RowKind::Total => &f.total,
        };
        for (c, cell) in cells.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => {
                    ws.write_string_with_format(row, col, cell_text(s), fmt)?;
                }
                Cell::Num(n) => {
                    ws.write_number_with_format(row, col, *n as f64, fmt)?;
                }
                Cell::Link(text, target) => {
                    let url = rust_xlsxwriter::Url::new(format!("file:///{target}"))
                        .set_text(cell_text(text));
                    ws.write_url_with_format(row, col, url, &f.link)?;
                }
                Cell::Empty => {
                    if !matches!(kind, RowKind::Unit | RowKind::Note) {
                        ws.write_blank(row, col, fmt)?;
                    }
                }
            }
        }
    }
    ws.set_freeze_panes(1, 1)?;
    let last_col = u16::try_from(table.header.len().saturating_sub(1)).unwrap_or(0);
    ws.autofilter(0, 0, last_data, last_col)?;
    // Printing: A4 landscape, one page wide, the header row and the first column
    // (the unit) on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_repeat_columns(0, 0)?;
    ws.set_print_gridlines(true);
    Ok(())
}

fn build_xlsx(s: &Summary, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let p = s.scheme.period.start;
    let created = ExcelDateTime::from_ymd(u16::try_from(p.year).unwrap_or(2000), p.month, p.day)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    let props = DocProperties::new()
        .set_title(t(lang, "佐证材料检查汇总", "Evidence check summary"))
        .set_subject(cell_text(&s.scheme.name))
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let f = Formats {
        link: Format::new()
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(rust_xlsxwriter::FormatBorder::Thin),
        total: Format::new()
            .set_bold()
            .set_border_top(rust_xlsxwriter::FormatBorder::Thin),
        missing: Format::new().set_background_color(Color::RGB(0xFCE4D6)),
        plain: Format::new(),
    };
    write_sheet(
        wb.add_worksheet(),
        t(lang, "汇总", "Units"),
        &unit_table(s, lang),
        &f,
    )?;
    write_sheet(
        wb.add_worksheet(),
        t(lang, "问题统计", "Codes"),
        &code_table(s, lang),
        &f,
    )?;
    write_sheet(
        wb.add_worksheet(),
        t(lang, "其他发现", "Other findings"),
        &other_table(s, lang),
        &f,
    )?;
    if let Some(table) = haocha_table(s, lang) {
        write_sheet(wb.add_worksheet(), t(lang, "好差评", "Ratings"), &table, &f)?;
    }
    wb.save_to_buffer()
}

/// The summary as an Excel workbook (empty when it could not be made: [`try_xlsx`]
/// says why).
pub fn xlsx(s: &Summary, lang: Lang) -> Vec<u8> {
    try_xlsx(s, lang).unwrap_or_default()
}

/// [`xlsx`], saying why the workbook could not be made (the writer's error, or the
/// text of a panic inside it) instead of giving no bytes.
pub fn try_xlsx(s: &Summary, lang: Lang) -> Result<Vec<u8>, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build_xlsx(s, lang))) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(e.to_string()),
        Err(p) => Err(crate::panics::panic_message(p.as_ref())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Text;

    #[test]
    fn csv_fields() {
        let cases = [
            ("plain", "plain"),
            ("东双河镇", "东双河镇"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("=1+2", "'=1+2"),
            ("+86", "'+86"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            (
                "=HYPERLINK(\"x\",\"y\")",
                "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
            ),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_field(input), want, "field {input:?}");
        }
    }

    #[test]
    fn missing_unit_names() {
        let d = Diagnostic::new(
            &R001,
            None,
            Text::new("名单中的单位“A“B”C”未提交", "x"),
            Text::new("x", "x"),
        );
        assert_eq!(missing_unit_name(&d.clone().with_subject("A“B”C")), "A“B”C");
        assert_eq!(missing_unit_name(&d), "名单中的单位“A“B”C”未提交");
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "字".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS + 1);
        assert_eq!(cell_text("短"), "短");
    }
}
