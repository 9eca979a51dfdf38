//! Dates found in a file, and where each came from.
//!
//! [`DateFacts`] keeps what the `period` check needs and what the report shows:
//! the dates written in the content ([`FoundDate`], capped at [`MAX_FOUND`]), the
//! record lists of spreadsheets ([`RecordList`]: every dated row, kept compactly),
//! metadata dates (shown, never deciding), the range of the dates that decide and a
//! phrase saying where they came from.

use super::parse::DateKind;
use super::{Date, DateRange};
use crate::diag::{Lang, Text};
use crate::outcome::ReadOutcome;
use serde::{Deserialize, Serialize};

/// Most content dates kept per file (the rest are counted in `DateFacts::dropped`).
pub const MAX_FOUND: usize = 1000;

/// What kind of place a date was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Text of a document (PDF page, Word paragraph or table, text file).
    Text,
    /// A spreadsheet cell that is not part of a record list.
    Cell,
    /// Photo EXIF.
    Exif,
    /// The file name.
    FileName,
}

/// What part a date plays in its document: the reviewer's "when is this from?" is
/// answered by a [`DateRole::Signed`] date first, then by dated title, header or
/// labelled lines, and only then by the dates of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateRole {
    /// A date of the body.
    #[default]
    Plain,
    /// A dated title or header line at the head of the document or in a page
    /// header (`简报 第十期 2022年11月30日`, `2022年1-9月工作总结`).
    Heading,
    /// A date after a label naming the document's date (`成文日期：`, `会议时间：`).
    Labelled,
    /// The 落款: a date making up its line, after the issuing unit at most.
    Signed,
}

impl DateRole {
    /// Whether the date plays no particular part ([`DateRole::Plain`]).
    pub fn is_plain(&self) -> bool {
        *self == DateRole::Plain
    }
}

/// Where a date was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundDate {
    /// First day the written date stands for.
    pub start: Date,
    /// Last day (equal to `start` for a day; the month's end for `2022年3月`).
    pub end: Date,
    /// The text as written.
    pub text: String,
    /// Where: `第3页`, `Sheet1!C12`, `EXIF DateTimeOriginal`, `文件名`, …
    pub location: String,
    /// Whether the text names a day, a month (or run of months) or a whole year.
    pub kind: DateKind,
    /// The kind of place it was found in (text, cell, file name, metadata, …).
    pub source: DateSource,
    /// Written in citation context (`根据…`, `《…》`, `…印发`): the date of a cited
    /// document, not of the evidence.
    pub background: bool,
    /// The part the date plays in its document (see [`DateRole`]).
    #[serde(default, skip_serializing_if = "DateRole::is_plain")]
    pub role: DateRole,
}

impl FoundDate {
    /// The days the written date stands for, `start` to `end`.
    pub fn range(&self) -> DateRange {
        DateRange {
            start: self.start,
            end: self.end,
        }
    }
}

/// One dated row of a record list. Carried between processes as a compact
/// `[row, col, start, end]` array (dates as `YYYYMMDD` numbers): a list can hold
/// thousands of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "RowWire", try_from = "RowWire")]
pub struct RecordRow {
    /// 0-based row.
    pub row: u32,
    /// 0-based column of the row's earliest date.
    pub col: u32,
    /// Earliest date in the row's date columns.
    pub start: Date,
    /// Latest date in the row's date columns (equal to `start` for one date).
    pub end: Date,
}

/// The interchange form of a [`RecordRow`].
#[derive(Serialize, Deserialize)]
struct RowWire(u32, u32, u32, u32);

impl From<RecordRow> for RowWire {
    fn from(r: RecordRow) -> Self {
        RowWire(
            r.row,
            r.col,
            r.start.packed().unwrap_or(0),
            r.end.packed().unwrap_or(0),
        )
    }
}

impl TryFrom<RowWire> for RecordRow {
    type Error = String;
    fn try_from(w: RowWire) -> Result<Self, Self::Error> {
        match (Date::from_packed(w.2), Date::from_packed(w.3)) {
            (Some(start), Some(end)) => Ok(RecordRow {
                row: w.0,
                col: w.1,
                start,
                end,
            }),
            _ => Err(format!("not a record row: {} {}", w.2, w.3)),
        }
    }
}

/// A spreadsheet column (or columns) mostly holding dates: a list of records (工单,
/// 台账). Each row with a date is one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordList {
    /// The name of the sheet holding the list.
    pub sheet: String,
    /// Column letters (`C`, `F`).
    pub columns: Vec<String>,
    /// The header of the record-date column when it says what the date is
    /// (`受理时间`): the column was chosen by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Dated rows.
    pub count: usize,
    /// From the earliest to the latest date of the dated rows; `None` when no row has
    /// a date.
    pub range: Option<DateRange>,
    /// Every dated row (carried between processes; reports show counts and the rows
    /// outside the period, not all of them).
    pub rows: Vec<RecordRow>,
}

impl RecordList {
    /// `Sheet1!C12` for a row.
    pub fn cell_ref(&self, r: &RecordRow) -> String {
        format!(
            "{}!{}{}",
            self.sheet,
            column_letters(r.col),
            r.row as u64 + 1
        )
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// Most signature-like dates a document may have for the last to be its 落款.
pub const MAX_SIGNED: usize = 3;
/// Most heading dates a document may have for them to decide.
pub const MAX_HEADINGS: usize = 4;

/// Which dates decide a file that has no record list, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deciding {
    /// A photo's capture time (EXIF, XMP).
    Capture,
    /// The document's 落款 (its last signature-like date).
    Signed,
    /// Dated title, header or labelled lines.
    Heading,
    /// Every own date of the content.
    Content,
    /// The dates in the file name.
    FileName,
    /// No date decides.
    Nothing,
}

/// `照片 EXIF DateTimeOriginal` and the like, saying when only a modification time
/// was there.
fn capture_basis(d: &FoundDate) -> Text {
    if d.location == MODIFIED_LOCATION {
        Text::new(
            "照片 EXIF DateTime（修改时间，照片无拍摄时间）",
            "photo EXIF DateTime (a modification time: the photo has no capture time)",
        )
    } else {
        Text::new(
            format!("照片 {}", d.location),
            format!("photo {}", d.location),
        )
    }
}

/// Location of a photo date taken from IFD0 DateTime (a modification time).
pub const MODIFIED_LOCATION: &str = "EXIF DateTime";

/// All dates of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DateFacts {
    /// Dates from the content (text, cells, EXIF, file name), at most [`MAX_FOUND`].
    pub found: Vec<FoundDate>,
    /// Content dates found beyond [`MAX_FOUND`] (not kept).
    pub dropped: usize,
    /// Spreadsheet record lists: when there are any, their rows decide.
    pub records: Vec<RecordList>,
    /// Metadata dates (PDF info, core properties): shown, never decide.
    pub metadata: Vec<FoundDate>,
    /// Earliest..latest of the dates that decide (see [`DateFacts::own`]).
    pub range: Option<DateRange>,
    /// Where the range comes from (`表格 Sheet1 C 列，共 120 条`).
    pub basis: Option<Text>,
    /// How completely the content was read for dates: only after a complete read
    /// may "no date found" be said.
    #[serde(default)]
    pub read: ReadOutcome,
}

impl DateFacts {
    /// Adds a content date (kept while under [`MAX_FOUND`], counted otherwise).
    pub fn push(&mut self, d: FoundDate) {
        if self.found.len() < MAX_FOUND {
            self.found.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// Dates of the content that count as the evidence's own: not years, not written
    /// in citation context. File-name dates are included.
    pub fn own(&self) -> impl Iterator<Item = &FoundDate> {
        self.found
            .iter()
            .filter(|d| d.kind != DateKind::Year && !d.background)
    }

    /// Number of record rows over all lists.
    pub fn record_count(&self) -> usize {
        self.records.iter().map(|r| r.rows.len()).sum()
    }

    /// The dates that decide when the evidence is from, and why (see [`Deciding`]);
    /// empty when none does. Record lists are not included (their rows decide).
    pub fn deciding(&self) -> (Vec<&FoundDate>, Deciding) {
        let content: Vec<&FoundDate> = self
            .own()
            .filter(|d| d.source != DateSource::FileName)
            .collect();
        if let Some(x) = content.iter().find(|d| d.source == DateSource::Exif) {
            return (vec![*x], Deciding::Capture);
        }
        let text = |r: DateRole| {
            content
                .iter()
                .copied()
                .filter(move |d| d.role == r && d.source == DateSource::Text)
        };
        let head: Vec<&FoundDate> = content
            .iter()
            .copied()
            .filter(|d| matches!(d.role, DateRole::Heading | DateRole::Labelled))
            .collect();
        let heads_decide = (1..=MAX_HEADINGS).contains(&head.len());
        // A period the document says it reports on (`2022年1-10月办件量统计表`,
        // `统计时间：…至…`) is its own date even when it is signed after the period.
        let reports_period = head.iter().any(|d| d.start != d.end)
            || head
                .windows(2)
                .any(|w| w[0].start != w[1].start && w[0].location == w[1].location);
        if heads_decide && reports_period {
            return (head, Deciding::Heading);
        }
        // A 落款 is one or two lines at the end; many dates alone on their lines are
        // the cells of a table, not a signature.
        let signed: Vec<&FoundDate> = text(DateRole::Signed).collect();
        if (1..=MAX_SIGNED).contains(&signed.len()) {
            if let Some(last) = signed.last() {
                return (vec![*last], Deciding::Signed);
            }
        }
        if heads_decide {
            return (head, Deciding::Heading);
        }
        if !content.is_empty() {
            return (content, Deciding::Content);
        }
        let names: Vec<&FoundDate> = self
            .own()
            .filter(|d| d.source == DateSource::FileName)
            .collect();
        if names.is_empty() {
            (names, Deciding::Nothing)
        } else {
            (names, Deciding::FileName)
        }
    }

    /// Dates of the content that do not decide: cited (background) dates, and, when a
    /// 落款 or a heading decides, the other dates of the body.
    pub fn ignored(&self) -> Vec<&FoundDate> {
        if self.record_count() > 0 {
            return self
                .found
                .iter()
                .filter(|d| d.kind != DateKind::Year && d.source != DateSource::FileName)
                .collect();
        }
        let (chosen, _) = self.deciding();
        self.found
            .iter()
            .filter(|d| d.kind != DateKind::Year && d.source != DateSource::FileName)
            .filter(|d| !chosen.iter().any(|c| std::ptr::eq(*c, *d)))
            .collect()
    }

    /// Sets `range` and `basis` from what was found: the records when there are any,
    /// else the evidence's own dates (see [`DateFacts::deciding`]). Call once
    /// extraction is complete.
    pub fn finish(&mut self, what: &Text) {
        let mut range: Option<DateRange> = None;
        let mut widen = |r: DateRange| {
            range = Some(match range {
                None => r,
                Some(x) => DateRange {
                    start: x.start.min(r.start),
                    end: x.end.max(r.end),
                },
            })
        };
        if self.record_count() > 0 {
            for l in &self.records {
                for r in &l.rows {
                    widen(DateRange {
                        start: r.start,
                        end: r.end,
                    });
                }
            }
            let parts: Vec<(String, String)> = self
                .records
                .iter()
                .filter(|l| !l.rows.is_empty())
                .map(|l| {
                    let (hz, he) = match &l.header {
                        Some(h) => (format!("（{h}）"), format!(" ({h})")),
                        None => (String::new(), String::new()),
                    };
                    (
                        format!("{} {} 列{hz}", l.sheet, l.columns.join("、")),
                        format!("{} column {}{he}", l.sheet, l.columns.join(", ")),
                    )
                })
                .collect();
            let n = self.record_count();
            self.basis = Some(Text::new(
                format!(
                    "表格 {}，共 {n} 条",
                    parts
                        .iter()
                        .map(|p| p.0.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                format!(
                    "spreadsheet {}, {n} records",
                    parts
                        .iter()
                        .map(|p| p.1.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        } else {
            let (chosen, why) = self.deciding();
            let basis = match why {
                Deciding::Capture => chosen.first().map(|d| capture_basis(d)),
                Deciding::Signed => chosen.first().map(|d| {
                    Text::new(
                        format!("落款 {}（{}）", d.text, d.location),
                        format!("signature date {} ({})", d.text, d.location),
                    )
                }),
                Deciding::Heading => {
                    let t: Vec<&str> = chosen.iter().map(|d| d.text.as_str()).collect();
                    if chosen.iter().all(|d| d.role == DateRole::Labelled) {
                        Some(Text::new(
                            format!("标注的日期 {}", t.join("、")),
                            format!("stated date {}", t.join(", ")),
                        ))
                    } else {
                        Some(Text::new(
                            format!("标题/版头日期 {}", t.join("、")),
                            format!("title or header date {}", t.join(", ")),
                        ))
                    }
                }
                Deciding::Content => {
                    let n = chosen.len() + self.dropped;
                    Some(Text::new(
                        format!("{}，{n} 处日期", what.zh),
                        format!("{}, {n} dates", what.en),
                    ))
                }
                Deciding::FileName => Some(Text::new("文件名", "file name")),
                Deciding::Nothing => None,
            };
            for d in &chosen {
                widen(d.range());
            }
            if !chosen.is_empty() {
                self.basis = basis;
            }
        }
        self.range = range;
    }

    /// One line for reports: the range found and where from, or why none was found.
    pub fn summary(&self, lang: Lang) -> Option<String> {
        let Some(r) = self.range else {
            if !self.read.is_complete() {
                return Some(self.read.describe(lang));
            }
            let cited = self.found.iter().any(|d| d.background);
            return Some(match (lang, cited) {
                (Lang::Zh, false) => "未找到日期".into(),
                (Lang::Zh, true) => "仅找到引用文件的日期".into(),
                (Lang::En, false) => "no date found".into(),
                (Lang::En, true) => "only dates of cited documents found".into(),
            });
        };
        let span = if r.start == r.end {
            r.start.to_string()
        } else {
            format!("{}..{}", r.start, r.end)
        };
        let basis = self.basis.as_ref().map(|b| b.get(lang)).unwrap_or("");
        let ignored = self.ignored();
        let shown: Vec<String> = ignored
            .iter()
            .take(3)
            .map(|d| match (lang, d.background) {
                (Lang::Zh, true) => format!("「{}」（引用/背景）", d.text),
                (Lang::Zh, false) => format!("「{}」", d.text),
                (Lang::En, true) => format!("\"{}\" (cited/background)", d.text),
                (Lang::En, false) => format!("\"{}\"", d.text),
            })
            .collect();
        let n = ignored.len();
        let tail = match (lang, n) {
            (_, 0) => String::new(),
            (Lang::Zh, _) => format!("；未计入的日期 {n} 处：{}", shown.join("、")),
            (Lang::En, _) => format!("; {n} dates not deciding: {}", shown.join(", ")),
        };
        let mut s = match lang {
            Lang::Zh => format!("{span}（{basis}）{tail}"),
            Lang::En => format!("{span} ({basis}){tail}"),
        };
        if !self.read.is_complete() {
            s.push_str(match lang {
                Lang::Zh => "；",
                Lang::En => "; ",
            });
            s.push_str(&self.read.describe(lang));
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn record_rows_travel_as_compact_arrays() {
        let r = RecordRow {
            row: 11,
            col: 2,
            start: d("2022-03-05"),
            end: d("2022-04-01"),
        };
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(text, "[11,2,20220305,20220401]");
        assert_eq!(serde_json::from_str::<RecordRow>(&text).unwrap(), r);
        assert!(serde_json::from_str::<RecordRow>("[1,2,20220230,20220301]").is_err());
        assert!(serde_json::from_str::<RecordRow>("[1,2,3]").is_err());
    }

    #[test]
    fn columns() {
        for (c, s) in [
            (0, "A"),
            (2, "C"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(c), s);
        }
    }

    #[test]
    fn summary_of_records() {
        let mut f = DateFacts::default();
        f.records.push(RecordList {
            sheet: "Sheet1".into(),
            columns: vec!["C".into()],
            header: None,
            count: 2,
            range: None,
            rows: vec![
                RecordRow {
                    row: 3,
                    col: 2,
                    start: d("2022-01-04"),
                    end: d("2022-01-04"),
                },
                RecordRow {
                    row: 4,
                    col: 2,
                    start: d("2022-10-28"),
                    end: d("2022-10-28"),
                },
            ],
        });
        f.finish(&Text::new("正文", "text"));
        assert_eq!(
            f.summary(Lang::Zh).as_deref(),
            Some("2022-01-04..2022-10-28（表格 Sheet1 C 列，共 2 条）")
        );
        assert_eq!(f.records[0].cell_ref(&f.records[0].rows[0]), "Sheet1!C4");
    }

    #[test]
    fn summary_without_dates() {
        let f = DateFacts::default();
        assert_eq!(f.summary(Lang::Zh).as_deref(), Some("未找到日期"));
        let f = DateFacts {
            read: ReadOutcome::unsupported("无文字层的页面", "pages without a text layer"),
            ..Default::default()
        };
        assert_eq!(
            f.summary(Lang::Zh).as_deref(),
            Some("无法检查无文字层的页面")
        );
    }
}
