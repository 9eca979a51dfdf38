//! Finding the dates a file belongs to, by format.
//!
//! | format | where dates are looked for | metadata (shown only) |
//! |---|---|---|
//! | PDF | text of the first [`pdf::MAX_PAGES`] pages and the last page, with the Form XObjects they draw | info dictionary `CreationDate`/`ModDate`, XMP `CreateDate`/`ModifyDate` |
//! | DOCX | `word/document.xml`: paragraphs and table rows | `docProps/core.xml` created/modified |
//! | OFD | page `Content.xml` `TextCode` | — |
//! | XLSX/XLS/ET | cells of date type and text cells holding a date | — |
//! | DOC/WPS (legacy) | — | summary properties created / last saved |
//! | JPEG/PNG/TIFF/HEIC/WebP | EXIF DateTimeOriginal, else DateTimeDigitized, else DateTime | — |
//! | CSV/TSV | fields as spreadsheet cells (record lists as in XLSX) | — |
//! | text | the text (UTF-8, else GBK) | — |
//! | any | the file name | — |
//!
//! Legacy `.doc`/WPS files show their summary-property dates (created, last saved) as
//! metadata. They, and encrypted or scanned files, get a note saying dates could not
//! be read from the text, so the check can ask for a look by hand rather than guess.
//!
//! Everything read here is untrusted: text scanned is capped at [`MAX_TEXT_BYTES`],
//! spreadsheet cells at [`sheet::MAX_CELLS`], decompression per stream or part at
//! [`MAX_PART_BYTES`]; nothing is presized from a length the file declares.

use super::found::{DateFacts, DateRole, DateSource, FoundDate};
use super::parse::{self, DateKind};
use super::Date;
use crate::diag::Text;
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use std::io::Read;

use super::{legacy, office, pdf, photo, sheet, word97};

/// Most text scanned for dates per file (bytes of UTF-8).
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// Most bytes one compressed part (ZIP member, PDF stream) may inflate to.
pub const MAX_PART_BYTES: usize = 64 * 1024 * 1024;
/// Bytes of a JPEG read for EXIF (APP1 sits at the start; 64 KiB each).
const JPEG_HEAD: usize = 512 * 1024;

/// The dates written in `data` (a file of `format` named `name`).
pub fn extract(data: &[u8], format: Format, name: &str) -> DateFacts {
    let mut f = DateFacts::default();
    let what = match format {
        Format::Pdf => {
            pdf::extract(data, &mut f);
            Text::new("PDF 正文", "PDF text")
        }
        Format::Docx => {
            office::docx(data, &mut f);
            Text::new("Word 正文及表格", "Word text and tables")
        }
        Format::Ofd => {
            office::ofd(data, &mut f);
            Text::new("OFD 正文", "OFD text")
        }
        Format::Xlsx | Format::Xls | Format::Et => {
            sheet::extract(data, format, &mut f);
            Text::new("表格单元格", "spreadsheet cells")
        }
        Format::Doc | Format::Wps => {
            let props = legacy::summary_dates(data, &mut f);
            match word97::text(data) {
                Some(t) if !t.main.trim().is_empty() || !t.other.trim().is_empty() => {
                    let mut scanner = TextScanner::new(&mut f);
                    scanner.scan("正文", &t.main);
                    scanner.scan("页眉页脚、脚注、文本框", &t.other);
                }
                _ => {
                    // The body could not be read: its dates are "unsupported" (a
                    // reviewer looks); property dates never decide.
                    f.read = if props {
                        ReadOutcome::unsupported(
                            "旧版 Word/WPS 文档正文中的日期（只读取了文档属性），请人工核对",
                            "the dates in the body of a legacy Word/WPS document (only its properties were read); check them by hand",
                        )
                    } else {
                        ReadOutcome::unsupported(
                            "旧版 Word/WPS 文档正文中的日期，请人工核对",
                            "the dates in the body of a legacy Word/WPS document; check them by hand",
                        )
                    };
                }
            }
            Text::new("正文", "text")
        }
        Format::EncryptedOffice => {
            f.read = ReadOutcome::Encrypted;
            Text::new("正文", "text")
        }
        Format::Jpeg | Format::Png | Format::Tiff | Format::Heic | Format::Webp => {
            exif_dates(data, format, &mut f);
            Text::new("照片 EXIF", "photo EXIF")
        }
        Format::Text => {
            let text = decode_text(data);
            let cut = data.len() > MAX_TEXT_BYTES;
            let what = match delimiter_of(name) {
                Some(d) => {
                    sheet::delimited(&text, d, &mut f);
                    Text::new("表格单元格", "spreadsheet cells")
                }
                None => {
                    let mut scanner = TextScanner::new(&mut f);
                    scanner.scan("正文", &text);
                    Text::new("文本", "text")
                }
            };
            if cut && f.read.is_complete() {
                f.read = ReadOutcome::partial(
                    Text::new(
                        format!("前 {} MB 文字", MAX_TEXT_BYTES >> 20),
                        format!("the first {} MB of text", MAX_TEXT_BYTES >> 20),
                    ),
                    Text::new(
                        format!("文件共 {} 字节，超过读取上限", sheet::grouped(data.len())),
                        format!("the file has {} bytes, over the reading limit", data.len()),
                    ),
                );
            }
            what
        }
        _ => Text::new("正文", "text"),
    };
    name_dates(name, &mut f);
    f.finish(&what);
    f
}

/// An eight-digit day in a camera or chat-app file name, maybe followed by a time
/// (`IMG_20220315_103045`, `微信图片_20220315103045`, `VID20221105`).
static NAME_DAY_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})(\d{2})(\d{2})(?:[_-]?\d{4,9})?(?:[^0-9]|$)")
        .unwrap_or_else(|e| panic!("name date pattern does not compile: {e}"))
});

/// Dates in the file name (its key point, `…-2022年3月巡查`); the extension is ignored.
fn name_dates(name: &str, f: &mut DateFacts) {
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    let mut found = parse::find_dates(stem);
    if !found.iter().any(|d| d.kind != DateKind::Year) {
        // Camera and chat-app names: IMG_20220315_103045, 微信图片_20220315103045.
        if let Some(d) = NAME_DAY_RE
            .captures(stem)
            .and_then(|c| Some((c.get(0)?, c.get(1)?, c.get(2)?, c.get(3)?)))
            .and_then(|(m, y, mo, d)| {
                let date = Date::new(
                    y.as_str().parse().ok()?,
                    mo.as_str().parse().ok()?,
                    d.as_str().parse().ok()?,
                )?;
                Some(parse::TextDate {
                    start: date,
                    end: date,
                    kind: DateKind::Day,
                    text: m
                        .as_str()
                        .trim_matches(|c: char| !c.is_ascii_digit())
                        .to_owned(),
                    background: false,
                    line: 0,
                    signed: false,
                    labelled: false,
                    short_line: true,
                    yearless: false,
                })
            })
        {
            found.push(d);
        }
    }
    for d in found {
        f.push(FoundDate {
            start: d.start,
            end: d.end,
            text: d.text,
            location: "文件名".into(),
            kind: d.kind,
            source: DateSource::FileName,
            background: d.background,
            role: Default::default(),
        });
    }
}

/// The field delimiter of a delimited table named `name` (`.csv`: comma, `.tsv`: tab).
fn delimiter_of(name: &str) -> Option<u8> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(b','),
        "tsv" => Some(b'\t'),
        _ => None,
    }
}

/// UTF-8 (with or without BOM), UTF-16 with BOM, else GBK.
pub(crate) fn decode_text(data: &[u8]) -> String {
    let data = &data[..data.len().min(MAX_TEXT_BYTES)];
    if let Some(rest) = data.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if data.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode(data).0.into_owned();
    }
    if data.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode(data).0.into_owned();
    }
    match std::str::from_utf8(data) {
        Ok(s) => s.to_owned(),
        // A cut at the cap may split the last character: still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > data.len() => {
            String::from_utf8_lossy(&data[..e.valid_up_to()]).into_owned()
        }
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling(data)
            .0
            .into_owned(),
    }
}

/// Lines at the head of a document where a dated line is its title or header.
pub const HEAD_LINES: u32 = 4;

/// Scans text segments for dates, charging every segment against [`MAX_TEXT_BYTES`].
/// Segments are the document in order: the scanner counts lines (a dated short line
/// among the first [`HEAD_LINES`] is a heading) and carries the document's year to
/// year-less dates (`3月10日`).
pub(crate) struct TextScanner<'a> {
    pub facts: &'a mut DateFacts,
    budget: usize,
    /// Text was cut at the budget.
    pub truncated: bool,
    /// Characters of text seen (not white space).
    pub chars: usize,
    /// Non-empty lines seen so far.
    lines: u32,
    /// The last year written so far (for year-less dates).
    year: Option<i32>,
}

impl<'a> TextScanner<'a> {
    pub fn new(facts: &'a mut DateFacts) -> Self {
        TextScanner {
            facts,
            budget: MAX_TEXT_BYTES,
            truncated: false,
            chars: 0,
            lines: 0,
            year: None,
        }
    }

    pub fn exhausted(&self) -> bool {
        self.budget == 0
    }

    /// Scans `text` found at `location` (`第3页`).
    pub fn scan(&mut self, location: &str, text: &str) {
        self.scan_as(location, text, false);
    }

    /// Scans a page header (`页眉`): its short dated lines are headings wherever
    /// they are.
    pub fn scan_header(&mut self, location: &str, text: &str) {
        self.scan_as(location, text, true);
    }

    fn scan_as(&mut self, location: &str, text: &str, header: bool) {
        if self.budget == 0 {
            self.truncated |= !text.is_empty();
            return;
        }
        let mut cut = text.len().min(self.budget);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut < text.len() {
            self.truncated = true;
        }
        let text = &text[..cut];
        self.budget = self.budget.saturating_sub(cut.max(1));
        self.chars += text.chars().filter(|c| !c.is_whitespace()).count();
        let s = parse::normalize(text);
        let (found, year) = parse::find_dates_in(&s, self.year);
        // The document's year for year-less dates is the first one written.
        self.year = self.year.or(year);
        let first_line = self.lines;
        for d in found {
            let line = first_line.saturating_add(d.line);
            let role = if d.labelled {
                DateRole::Labelled
            } else if (header || line < HEAD_LINES) && d.short_line {
                DateRole::Heading
            } else if d.signed {
                DateRole::Signed
            } else {
                DateRole::Plain
            };
            self.facts.push(FoundDate {
                start: d.start,
                end: d.end,
                text: d.text,
                location: location.to_owned(),
                kind: d.kind,
                source: DateSource::Text,
                background: d.background,
                role,
            });
        }
        if !header {
            let n = s.split('\n').filter(|l| !l.trim().is_empty()).count();
            self.lines = self
                .lines
                .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
}

/// A metadata date (`D:20220305…`, `2022-03-05T…`): shown, never deciding.
pub(crate) fn metadata_date(raw: &str, location: &str) -> Option<FoundDate> {
    let s = raw.trim().trim_start_matches("D:");
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).take(8).collect();
    if digits.len() < 8 {
        return None;
    }
    let y: i32 = digits.get(0..4)?.parse().ok()?;
    let m: u8 = digits.get(4..6)?.parse().ok()?;
    let d: u8 = digits.get(6..8)?.parse().ok()?;
    let date = Date::new(y, m, d)?;
    Some(FoundDate {
        start: date,
        end: date,
        text: raw.chars().take(40).collect(),
        location: location.to_owned(),
        kind: DateKind::Day,
        source: DateSource::Text,
        background: false,
        role: Default::default(),
    })
}

/// Photo capture time (see [`photo`] for the order of tags), noting the tag it came
/// from.
fn exif_dates(data: &[u8], format: Format, f: &mut DateFacts) {
    let jpeg = format == Format::Jpeg;
    let data = if jpeg {
        &data[..data.len().min(JPEG_HEAD)]
    } else {
        data
    };
    // No capture date in the picture is a complete read that found nothing; the file
    // name may still give one.
    if let Some(c) = photo::capture_date(data, jpeg) {
        f.push(FoundDate {
            start: c.date,
            end: c.date,
            text: c.text,
            location: c.location.to_owned(),
            kind: DateKind::Day,
            source: DateSource::Exif,
            background: false,
            role: Default::default(),
        });
    }
}

/// Reads a ZIP member into memory, at most `cap` bytes (`None` when larger or unreadable).
pub(crate) fn read_member<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    cap: usize,
) -> Option<Vec<u8>> {
    let entry = zip.by_name(name).ok()?;
    let mut buf = Vec::new();
    entry.take(cap as u64 + 1).read_to_end(&mut buf).ok()?;
    (buf.len() <= cap).then_some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_only() {
        let f = extract(&[], Format::Unknown, "某单位-04-2022年3月巡查.pdf");
        assert_eq!(f.found.len(), 1);
        assert_eq!(f.found[0].source, DateSource::FileName);
        assert_eq!(
            f.summary(crate::diag::Lang::Zh).as_deref(),
            Some("2022-03-01..2022-03-31（文件名）")
        );
    }

    #[test]
    fn text_file_gbk_and_utf8() {
        let (gbk, _, _) = encoding_rs::GBK.encode("巡查时间：2022年3月5日");
        let f = extract(&gbk, Format::Text, "a.txt");
        assert_eq!(f.found.len(), 1, "{f:?}");
        let f = extract("于2021年12月1日开展".as_bytes(), Format::Text, "a.txt");
        assert_eq!(
            f.range.map(|r| r.start.to_string()).as_deref(),
            Some("2021-12-01")
        );
    }

    #[test]
    fn text_budget_is_charged() {
        let mut f = DateFacts::default();
        let mut s = TextScanner::new(&mut f);
        let big = "2022年3月5日 ".repeat(MAX_TEXT_BYTES / 10);
        s.scan("x", &big);
        assert!(s.truncated);
        assert!(s.exhausted());
        s.scan("y", "2022年4月1日");
        assert!(f.found.iter().all(|d| d.location == "x"));
        assert!(f.dropped > 0);
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(
            metadata_date("D:20220305101010+08'00'", "PDF 创建时间").map(|d| d.start.to_string()),
            Some("2022-03-05".into())
        );
        assert!(metadata_date("D:2022", "x").is_none());
        assert!(metadata_date("D:20221345", "x").is_none());
    }

    #[test]
    fn garbage_never_panics() {
        let junk: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for fmt in [
            Format::Pdf,
            Format::Docx,
            Format::Ofd,
            Format::Xlsx,
            Format::Xls,
            Format::Et,
            Format::Jpeg,
            Format::Png,
            Format::Tiff,
            Format::Text,
            Format::Doc,
        ] {
            let _ = extract(&junk, fmt, "x");
            let _ = extract(&junk[..10], fmt, "x");
            let _ = extract(&[], fmt, "x");
        }
    }
}
