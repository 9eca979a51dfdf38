//! Whether a file opens at all, whatever its question asks.
//!
//! A reviewer rejects evidence nobody can open even where no content rule applies, so
//! every document and picture is opened the way a viewer would, as cheaply as that
//! allows (this runs on every file, in the same worker request as the content
//! readers):
//! - PDF: header, cross-reference table and trailer (repaired by scanning for objects
//!   when they are broken, as viewers do), catalogue, page tree and page count, and
//!   encryption: a user password needed to open → [`ReadOutcome::Encrypted`]; an
//!   owner-only password (the file opens with the empty password) is no obstacle;
//! - OOXML and OFD: the ZIP package and its main part (inflated, CRC checked);
//! - OLE2 (doc, xls, ppt, wps, et): the compound-file directory and the main stream;
//! - JPEG and PNG: read to their end, every segment or chunk whole (PNG: CRCs of the
//!   critical chunks), frame and picture data present ([`scan_jpeg`], [`scan_png`]);
//!   pixels are decoded only by the seal search, where it runs;
//! - other pictures: the header, and the picture decoded when its full size is within
//!   the decoding bound.
//!
//! Formats not listed (text, archives, which the walker opens itself; HEIC, which
//! cannot be decoded here) are not opened and count as [`ReadOutcome::Complete`].

use crate::identify::Format;
use crate::outcome::ReadOutcome;
use std::io::{Cursor, Read};

/// Largest main part or stream inflated to prove it is intact (bytes); a larger one
/// is read up to here.
const MAX_MAIN_PART: u64 = 64 << 20;

/// Whether [`check`] opens files of this format (the format table says:
/// [`Format::is_opened`]).
pub fn applies(format: Format) -> bool {
    format.is_opened()
}

/// The format a file named `name` whose content was identified as `format` is opened
/// as: a `.pdf` whose content shows no known signature (no `%PDF-` header, or text) is
/// opened as a PDF, as PDF viewers do; `None` when the file is not opened here.
pub fn open_as(format: Format, name: &str) -> Option<Format> {
    let named_pdf = name.rsplit_once('.').is_some_and(|(_, ext)| {
        Format::Pdf
            .extensions()
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e))
    });
    if named_pdf && matches!(format, Format::Unknown | Format::Text) {
        return Some(Format::Pdf);
    }
    applies(format).then_some(format)
}

/// Opens `data` (a file of `format`) as a viewer would. `max_pixels` bounds picture
/// decoding (the seal search's bound).
pub fn check(data: &[u8], format: Format, max_pixels: u64) -> ReadOutcome {
    match format {
        Format::Pdf => pdf(data),
        Format::Docx => package(data, &["word/document.xml"]),
        Format::Xlsx => package(data, &["xl/workbook.xml", "xl/workbook.bin"]),
        Format::Pptx => package(data, &["ppt/presentation.xml"]),
        Format::Ofd => package(data, &["OFD.xml"]),
        Format::Wps | Format::Et | Format::Dps if data.starts_with(b"PK") => package(data, &[]),
        Format::Doc | Format::Wps => ole(data, &["WordDocument"]),
        Format::Xls | Format::Et => ole(data, &["Workbook", "Book"]),
        Format::Ppt | Format::Dps => ole(data, &["PowerPoint Document"]),
        Format::Ole2 => ole(data, &[]),
        f if f.is_image() && f != Format::Heic => picture(data, f, max_pixels),
        _ => ReadOutcome::Complete,
    }
}

/// A PDF: lopdf's metadata loader reads header, xref and trailer (rebuilding them by
/// scanning for objects when they are broken), the catalogue and the page tree's
/// page count, without parsing every object. Where that loader and viewers differ,
/// the viewers' way is followed:
/// - a missing or malformed `%PDF-` header is no obstacle (viewers carry on), so the
///   file is read again behind a header of its own;
/// - a table rebuilt by scanning needs a `trailer` naming the catalogue (`/Root`), as
///   viewers rebuild it; lopdf would take any catalogue it finds;
/// - a password is needed to open only when the content is encrypted: with the
///   `/Identity` crypt filter for streams and strings (only attachments encrypted),
///   the pages show without one.
fn pdf(data: &[u8]) -> ReadOutcome {
    let meta = match lopdf::Document::load_metadata_mem(data) {
        Ok(m) => m,
        Err(e) => {
            let mut with_header = b"%PDF-1.7\n".to_vec();
            with_header.extend_from_slice(data);
            match lopdf::Document::load_metadata_mem(&with_header) {
                Ok(m) if !header_at_start(data) => m,
                _ => return rebuilt(data, &e),
            }
        }
    };
    if meta.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) && !has_trailer(data) {
        return ReadOutcome::damaged("PDF 交叉引用表损坏，且找不到文件尾 (no trailer)");
    }
    if meta.encrypted {
        // With the empty password given explicitly the loader refuses instead of
        // answering without the catalogue: that refusal is the password to open.
        match lopdf::Document::load_metadata_mem_with_password(data, "") {
            Ok(_) => {}
            Err(lopdf::Error::InvalidPassword) if !identity_crypt(data) => {
                return ReadOutcome::Encrypted
            }
            Err(lopdf::Error::InvalidPassword) => {}
            Err(e) => return ReadOutcome::damaged(format!("PDF 加密信息无法解析: {e}")),
        }
    }
    ReadOutcome::Complete
}

/// A PDF the metadata loader could not read: a feature lopdf lacks (an unusual
/// filter on a cross-reference stream) says nothing about the file, so it counts as
/// opening unless it is encrypted; otherwise the whole file is loaded with its table
/// rebuilt by scanning, and opens when that gives a catalogue with a page tree and
/// the file has a trailer naming it (as viewers rebuild it).
fn rebuilt(data: &[u8], e: &lopdf::Error) -> ReadOutcome {
    let encrypted = data.windows(8).any(|w| w == b"/Encrypt");
    if matches!(e, lopdf::Error::Unimplemented(_)) && !encrypted {
        return ReadOutcome::Complete;
    }
    let opts = lopdf::LoadOptions {
        force_reconstruct: true,
        max_decompressed_size: Some(MAX_MAIN_PART as usize),
        ..lopdf::LoadOptions::default()
    };
    match lopdf::Document::load_mem_with_options(data, opts) {
        Ok(doc)
            if !encrypted && doc.catalog().is_ok_and(|c| c.has(b"Pages")) && has_trailer(data) =>
        {
            ReadOutcome::Complete
        }
        _ => ReadOutcome::damaged(format!("PDF 结构无法解析: {e}")),
    }
}

/// Whether the file starts with a well-formed `%PDF-1.x` header (in its first KiB).
fn header_at_start(data: &[u8]) -> bool {
    let head = &data[..data.len().min(1024)];
    head.windows(6)
        .any(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit())
}

/// Whether the file names a usable catalogue the way a viewer rebuilding a broken
/// table finds it: a `/Root n g R` (trailer or cross-reference stream dictionary)
/// whose object, where it stands uncompressed in the file, is a dictionary naming a
/// page tree (`/Pages n g R`). A catalogue inside an object stream cannot be seen here and is trusted.
fn has_trailer(data: &[u8]) -> bool {
    use regex::bytes::Regex;
    static RE: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
    let Some(root) = RE
        .get_or_init(|| Regex::new(r"/Root\s*(\d{1,10})\s+(\d{1,5})\s+R").ok())
        .as_ref()
    else {
        return true;
    };
    let Ok(pages_ref) = Regex::new(r"/Pages\s*\d+\s+\d+\s+R") else {
        return true;
    };
    for c in root.captures_iter(data).take(64) {
        let (Some(whole), Some(n), Some(g)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        // In a `trailer` dictionary, or in a cross-reference stream's dictionary.
        let before = &data[whole.start().saturating_sub(4096)..whole.start()];
        let after = &data[whole.end()..data.len().min(whole.end() + 1024)];
        let in_trailer = before
            .windows(7)
            .rposition(|w| w == b"trailer")
            .is_some_and(|i| {
                let rest = &before[i + 7..];
                let dict = rest.trim_ascii_start();
                dict.starts_with(b"<<") && !dict[2..].windows(2).any(|w| w == b">>")
            });
        let near = &before[before.len().saturating_sub(1024)..];
        let in_xref_stream = [near, after]
            .iter()
            .any(|b| b.windows(5).any(|w| w == b"/XRef"));
        if !in_trailer && !in_xref_stream {
            continue;
        }
        let n = String::from_utf8_lossy(n.as_bytes());
        let g = String::from_utf8_lossy(g.as_bytes());
        let Ok(obj) = Regex::new(&format!(
            r"(?:^|[^0-9]){n}\s+{g}\s+obj\s*(?:%[^\r\n]*[\r\n]\s*)*(<<)?"
        )) else {
            continue;
        };
        let mut seen = false;
        for m in obj.captures_iter(data).take(16) {
            seen = true;
            let (Some(whole), Some(_)) = (m.get(0), m.get(1)) else {
                continue;
            };
            let body = &data[whole.end()..data.len().min(whole.end() + 8192)];
            let end = body
                .windows(6)
                .position(|w| w == b"endobj")
                .unwrap_or(body.len());
            // The catalogue's `/Pages n g R` (a page-tree node says `/Type /Pages`).
            if pages_ref.is_match(&body[..end]) {
                return true;
            }
        }
        // Not written out: inside an object stream (trusted), or missing.
        if !seen && data.windows(6).any(|w| w == b"ObjStm") {
            return true;
        }
    }
    false
}

/// Whether the encryption dictionary leaves streams and strings unencrypted (crypt
/// filters `/StmF` and `/StrF` both `/Identity`).
fn identity_crypt(data: &[u8]) -> bool {
    static RE: std::sync::OnceLock<Option<(regex::bytes::Regex, regex::bytes::Regex)>> =
        std::sync::OnceLock::new();
    let Some((stm, str_)) = RE
        .get_or_init(|| {
            Some((
                regex::bytes::Regex::new(r"/StmF\s*/(\w+)").ok()?,
                regex::bytes::Regex::new(r"/StrF\s*/(\w+)").ok()?,
            ))
        })
        .as_ref()
    else {
        return false;
    };
    let identity = |re: &regex::bytes::Regex| {
        let names: Vec<&[u8]> = re
            .captures_iter(data)
            .filter_map(|c| c.get(1).map(|m| m.as_bytes()))
            .collect();
        !names.is_empty() && names.iter().all(|n| *n == b"Identity")
    };
    identity(stm) && identity(str_)
}

/// Reads a ZIP entry to its end (at most [`MAX_MAIN_PART`] bytes): inflating it checks
/// the compressed data and the CRC.
fn inflate<R: Read>(entry: R) -> std::io::Result<()> {
    let mut sink = [0u8; 64 * 1024];
    let mut r = entry.take(MAX_MAIN_PART);
    loop {
        match r.read(&mut sink)? {
            0 => return Ok(()),
            _ => continue,
        }
    }
}

/// A ZIP package (OOXML, OFD): its directory, and the first of `mains` present.
fn package(data: &[u8], mains: &[&str]) -> ReadOutcome {
    let mut zip = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(z) => z,
        Err(e) => return ReadOutcome::damaged(format!("ZIP 包目录无法读取: {e}")),
    };
    let index = mains.iter().find_map(|m| {
        zip.file_names_raw().position(|n| {
            let n = n.strip_prefix(b"/").unwrap_or(n);
            n.eq_ignore_ascii_case(m.as_bytes())
        })
    });
    let Some(i) = index else {
        // The main part was found by its content type (identify); nothing more to prove.
        return ReadOutcome::Complete;
    };
    let entry = match zip.by_index(i) {
        Ok(e) => e,
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            return ReadOutcome::Encrypted
        }
        Err(e) => return ReadOutcome::damaged(format!("主要部件无法读取: {e}")),
    };
    let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
    match inflate(entry) {
        Ok(()) => ReadOutcome::Complete,
        Err(e) => ReadOutcome::damaged(format!("{name} 已损坏: {e}")),
    }
}

/// An OLE2 compound file: its directory, and the first of `mains` present read to its
/// end (a broken sector chain fails there).
fn ole(data: &[u8], mains: &[&str]) -> ReadOutcome {
    let mut comp = match cfb::CompoundFile::open(Cursor::new(data)) {
        Ok(c) => c,
        Err(e) => return ReadOutcome::damaged(format!("OLE2 目录无法读取: {e}")),
    };
    let Some(name) = mains
        .iter()
        .map(|m| format!("/{m}"))
        .find(|p| comp.is_stream(p))
    else {
        return ReadOutcome::Complete;
    };
    match comp.open_stream(&name) {
        Ok(s) => match inflate(s) {
            Ok(()) => ReadOutcome::Complete,
            Err(e) => ReadOutcome::damaged(format!("{name} 流已损坏: {e}")),
        },
        Err(e) => ReadOutcome::damaged(format!("{name} 流无法打开: {e}")),
    }
}

/// A picture. JPEG and PNG are read to their end and their structure checked
/// ([`scan_jpeg`], [`scan_png`]); their pixels are decoded only where a rule needs them
/// (the seal search, whose decoding failure also counts as the file's). Other formats:
/// the header, then the pixels when their full size is within four times `max_pixels`.
fn picture(data: &[u8], format: Format, max_pixels: u64) -> ReadOutcome {
    let scanned = match format {
        Format::Jpeg if data.starts_with(&[0xFF, 0xD8]) => scan_jpeg(&mut &data[..], 0),
        Format::Png if data.starts_with(b"\x89PNG") => scan_png(&mut &data[..], 0),
        _ => return decoded_picture(data, max_pixels),
    };
    match scanned {
        Ok(s) => s.outcome,
        Err(e) => ReadOutcome::damaged(format!("图片无法读取: {e}")),
    }
}

/// A picture of another format: header, then pixels when that is cheap.
fn decoded_picture(data: &[u8], max_pixels: u64) -> ReadOutcome {
    let dims = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    let Some((w, h)) = dims else {
        return ReadOutcome::damaged("图片文件头无法解析 (picture header unreadable)");
    };
    if w == 0 || h == 0 {
        return ReadOutcome::damaged("图片尺寸为 0 (picture of zero size)");
    }
    if w as u64 * h as u64 > max_pixels.saturating_mul(4) {
        return ReadOutcome::Complete;
    }
    match crate::seal::decode_picture(data, max_pixels) {
        Ok(_) => ReadOutcome::Complete,
        Err(e) => ReadOutcome::damaged(format!("图片无法解码: {}", e.0)),
    }
}

/// A picture read in one pass from its first byte to its last: the bytes a date reader
/// needs (kept within a bound) and whether the file is whole.
pub struct Scanned {
    /// A JPEG's start-of-image marker and the application segments that follow it; a
    /// PNG's signature and its chunks without pixels and without iCCP, zTXt and iTXt.
    pub head: Vec<u8>,
    /// Whether the file is structurally whole (see [`scan_jpeg`], [`scan_png`]).
    pub outcome: ReadOutcome,
}

/// Largest ancillary PNG chunk passed on to the readers (iCCP, zTXt and iTXt never are:
/// no rule reads them).
pub const PNG_MAX_ANCILLARY: u32 = 64 * 1024;

/// Size of the window a picture is scanned through.
const SCAN_BUFFER: usize = 64 * 1024;

/// A byte stream read through a fixed window, for scanning a file of any length with
/// bounded memory.
struct Window<'a> {
    r: &'a mut dyn Read,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
}

impl<'a> Window<'a> {
    fn new(r: &'a mut dyn Read) -> Window<'a> {
        Window {
            r,
            buf: vec![0; SCAN_BUFFER],
            pos: 0,
            end: 0,
        }
    }

    /// Whether bytes are available (reads more when the window is empty).
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.pos < self.end {
            return Ok(true);
        }
        loop {
            match self.r.read(&mut self.buf) {
                Ok(n) => {
                    self.pos = 0;
                    self.end = n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn byte(&mut self) -> std::io::Result<Option<u8>> {
        if !self.fill()? {
            return Ok(None);
        }
        self.pos += 1;
        Ok(Some(self.buf[self.pos - 1]))
    }

    /// Passes over up to `n` bytes, handing each piece to `each`; returns how many
    /// there were (fewer than `n` at the end of the stream).
    fn pass(&mut self, n: u64, mut each: impl FnMut(&[u8])) -> std::io::Result<u64> {
        let mut left = n;
        while left > 0 && self.fill()? {
            let k = (self.end - self.pos).min(usize::try_from(left).unwrap_or(usize::MAX));
            each(&self.buf[self.pos..self.pos + k]);
            self.pos += k;
            left -= k as u64;
        }
        Ok(n - left)
    }

    /// Passes over a JPEG's entropy-coded data up to the next marker that is not a
    /// stuffed zero or a restart marker; returns the data bytes passed and that
    /// marker (`None` at the end of the stream).
    fn entropy(&mut self) -> std::io::Result<(u64, Option<u8>)> {
        let mut n = 0u64;
        loop {
            if !self.fill()? {
                return Ok((n, None));
            }
            let window = &self.buf[self.pos..self.end];
            let Some(i) = memchr::memchr(0xFF, window) else {
                n += window.len() as u64;
                self.pos = self.end;
                continue;
            };
            n += i as u64;
            self.pos += i + 1;
            // Fill bytes (0xFF 0xFF …) may precede a marker.
            let next = loop {
                match self.byte()? {
                    Some(0xFF) => continue,
                    other => break other,
                }
            };
            match next {
                None => return Ok((n, None)),
                Some(0x00) | Some(0xD0..=0xD7) => n += 2,
                Some(m) => return Ok((n, Some(m))),
            }
        }
    }
}

/// Why a truncated picture cannot be opened.
fn truncated(what: &str) -> ReadOutcome {
    ReadOutcome::damaged(format!("图片文件被截断 ({what} truncated)"))
}

/// Reads a JPEG from `r` to its end-of-image marker, keeping its start for the date
/// reader (the start-of-image marker and the application and comment segments that
/// follow it, at most `keep` bytes in all, as [`crate::isolate`] reads it for dates).
///
/// What a complete outcome proves: the file starts with a start-of-image marker; every
/// marker segment is whole (its declared length is there); a frame header gives a
/// width and height above zero and 1–4 components; at least one scan follows it with
/// entropy-coded data; the file ends with an end-of-image marker (bytes after it are
/// ignored, as viewers do). That is what a viewer needs to open the picture. It does
/// not prove that every Huffman code in the scan decodes: a viewer shows such a
/// picture with damaged blocks, and the seal search, which decodes the pixels, says
/// so where it runs ([`crate::isolate::extract_here`]). Bytes between segments that
/// are no marker are passed over, as libjpeg does with a warning.
pub fn scan_jpeg(r: &mut dyn Read, keep: u64) -> std::io::Result<Scanned> {
    let mut w = Window::new(r);
    let mut head = Vec::new();
    let (Some(a), Some(b)) = (w.byte()?, w.byte()?) else {
        return Ok(Scanned {
            head,
            outcome: ReadOutcome::damaged("JPEG 文件头不完整 (JPEG header missing)"),
        });
    };
    head.extend_from_slice(&[a, b]);
    if [a, b] != [0xFF, 0xD8] {
        return Ok(Scanned {
            head,
            outcome: ReadOutcome::damaged("不是 JPEG 文件头 (no JPEG start-of-image marker)"),
        });
    }
    // Still in the application segments after the start of image (kept for dates).
    let mut heading = true;
    let mut frame = false;
    let mut scan_bytes = 0u64;
    let mut pending: Option<u8> = None;
    let outcome = loop {
        let kind = match pending.take() {
            Some(k) => k,
            None => {
                // The next marker: 0xFF (after any bytes that are none), fill bytes.
                let mut seen = false;
                let mut kind = None;
                while let Some(c) = w.byte()? {
                    if c == 0xFF {
                        seen = true;
                    } else if seen {
                        kind = Some(c);
                        break;
                    }
                }
                match kind {
                    Some(k) => k,
                    None => break truncated("JPEG"),
                }
            }
        };
        match kind {
            0xD9 if !frame => {
                break ReadOutcome::damaged("JPEG 缺少图像帧头 (no frame header)");
            }
            0xD9 if scan_bytes == 0 => {
                break ReadOutcome::damaged("JPEG 没有图像数据 (no scan data)");
            }
            0xD9 => break ReadOutcome::Complete,
            0xD8 => break ReadOutcome::damaged("JPEG 结构错误: 重复的文件头 (two SOI markers)"),
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let (Some(hi), Some(lo)) = (w.byte()?, w.byte()?) else {
            break truncated("JPEG");
        };
        let len = u16::from_be_bytes([hi, lo]);
        if len < 2 {
            break ReadOutcome::damaged(format!(
                "JPEG 标记段长度错误 (marker 0x{kind:02X} of length {len})"
            ));
        }
        let body = u64::from(len) - 2;
        let application = (0xE0..=0xEF).contains(&kind) || kind == 0xFE;
        heading = heading && application && head.len() as u64 + 4 + body <= keep;
        let sof = matches!(kind, 0xC0..=0xCF) && !matches!(kind, 0xC4 | 0xC8 | 0xCC);
        let mut seg = Vec::new();
        if heading {
            head.extend_from_slice(&[0xFF, kind, hi, lo]);
        }
        let got = w.pass(body, |piece| {
            if heading {
                head.extend_from_slice(piece);
            } else if sof && seg.len() < 8 {
                seg.extend_from_slice(&piece[..piece.len().min(8 - seg.len())]);
            }
        })?;
        if got < body {
            break truncated("JPEG");
        }
        if sof {
            // P, Y (2), X (2), Nf.
            let (h, wd, nf) = match seg[..] {
                [_, y0, y1, x0, x1, nf, ..] => (
                    u16::from_be_bytes([y0, y1]),
                    u16::from_be_bytes([x0, x1]),
                    nf,
                ),
                _ => break ReadOutcome::damaged("JPEG 帧头不完整 (short frame header)"),
            };
            if h == 0 || wd == 0 {
                break ReadOutcome::damaged("图片尺寸为 0 (picture of zero size)");
            }
            if !(1..=4).contains(&nf) {
                break ReadOutcome::damaged(format!("JPEG 帧头错误: {nf} 个颜色分量 (components)"));
            }
            frame = true;
        }
        if kind == 0xDA {
            if !frame {
                break ReadOutcome::damaged("JPEG 扫描段前没有帧头 (scan before frame header)");
            }
            let (n, next) = w.entropy()?;
            scan_bytes += n;
            match next {
                Some(m) => pending = Some(m),
                None => break truncated("JPEG"),
            }
        }
    };
    Ok(Scanned { head, outcome })
}

/// A JPEG's width and height from its frame header, read marker by marker from the
/// start of `r` (segments before it passed over by their length, never held); `None`
/// when the stream is no JPEG or ends, or a scan or the end comes, before a frame
/// header. The `image` crate's JPEG reader would read the whole file into memory for
/// its size.
pub fn jpeg_dimensions(r: &mut dyn Read) -> Option<(u32, u32)> {
    let mut w = Window::new(r);
    if (w.byte().ok()??, w.byte().ok()??) != (0xFF, 0xD8) {
        return None;
    }
    loop {
        let mut kind = w.byte().ok()??;
        if kind != 0xFF {
            return None;
        }
        while kind == 0xFF {
            kind = w.byte().ok()??;
        }
        match kind {
            0x01 | 0xD0..=0xD7 => continue,
            0xD8..=0xDA => return None,
            _ => {}
        }
        let len = u16::from_be_bytes([w.byte().ok()??, w.byte().ok()??]);
        let body = u64::from(len.checked_sub(2)?);
        let sof = matches!(kind, 0xC0..=0xCF) && !matches!(kind, 0xC4 | 0xC8 | 0xCC);
        let mut seg = Vec::new();
        let got = w
            .pass(body, |piece| {
                if sof && seg.len() < 5 {
                    seg.extend_from_slice(&piece[..piece.len().min(5 - seg.len())]);
                }
            })
            .ok()?;
        if got < body {
            return None;
        }
        if sof {
            let [_, y0, y1, x0, x1] = seg[..] else {
                return None;
            };
            let h = u16::from_be_bytes([y0, y1]);
            let wd = u16::from_be_bytes([x0, x1]);
            return Some((u32::from(wd), u32::from(h)));
        }
    }
}

/// Reads a PNG from `r` to its IEND chunk, checking every chunk's CRC, and keeps for
/// the date reader the chunks [`crate::isolate`] reads dates from (the signature and
/// critical chunks without IDAT, ancillary chunks up to [`PNG_MAX_ANCILLARY`] except iCCP, zTXt and
/// iTXt; more than `keep` bytes of them is an error; none when `keep` is 0; the rest is passed over, never
/// held).
///
/// What a complete outcome proves: the signature; IHDR first, with a width and height
/// above zero; every chunk whole, and every critical chunk (IHDR, PLTE, IDAT, IEND)
/// with the CRC its bytes were written with, so the compressed pixels are the bytes
/// the encoder wrote; at least one IDAT; IEND at the end. A CRC error in an ancillary
/// chunk is passed over, as viewers do (libpng drops such a chunk with a warning).
/// The pixels are not inflated: what the CRCs prove about them is that they are not
/// damaged since they were written.
pub fn scan_png(r: &mut dyn Read, keep: u64) -> std::io::Result<Scanned> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut w = Window::new(r);
    let mut head = Vec::new();
    w.pass(8, |p| head.extend_from_slice(p))?;
    if head != SIG {
        return Ok(Scanned {
            head,
            outcome: ReadOutcome::damaged("不是 PNG 文件头 (no PNG signature)"),
        });
    }
    let mut first = true;
    let mut idat = false;
    let outcome = loop {
        let mut hdr = Vec::with_capacity(8);
        w.pass(8, |p| hdr.extend_from_slice(p))?;
        let [l0, l1, l2, l3, t0, t1, t2, t3] = hdr[..] else {
            break truncated("PNG");
        };
        let len = u32::from_be_bytes([l0, l1, l2, l3]);
        let kind = [t0, t1, t2, t3];
        if len > i32::MAX as u32 || !kind.iter().all(u8::is_ascii_alphabetic) {
            break ReadOutcome::damaged("PNG 数据块头错误 (bad chunk header)");
        }
        let critical = t0.is_ascii_uppercase();
        if first && (&kind != b"IHDR" || len != 13) {
            break ReadOutcome::damaged("PNG 缺少 IHDR 文件头 (IHDR not first)");
        }
        let keep_this = keep > 0
            && match &kind {
                b"IDAT" | b"iCCP" | b"zTXt" | b"iTXt" => false,
                _ => critical || len <= PNG_MAX_ANCILLARY,
            };
        if keep_this && head.len() as u64 + 12 + u64::from(len) > keep {
            return Err(std::io::Error::other("PNG larger than the content bound"));
        }
        if keep_this {
            head.extend_from_slice(&hdr);
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&kind);
        let mut ihdr = Vec::new();
        let got = w.pass(u64::from(len), |piece| {
            crc.update(piece);
            if keep_this {
                head.extend_from_slice(piece);
            }
            if first {
                ihdr.extend_from_slice(piece);
            }
        })?;
        let mut stored = Vec::with_capacity(4);
        w.pass(4, |p| stored.extend_from_slice(p))?;
        if got < u64::from(len) || stored.len() < 4 {
            break truncated("PNG");
        }
        if keep_this {
            head.extend_from_slice(&stored);
        }
        if critical && stored[..] != crc.finalize().to_be_bytes() {
            let name = String::from_utf8_lossy(&kind).into_owned();
            break ReadOutcome::damaged(format!("PNG 数据块 {name} 校验失败 (CRC mismatch)"));
        }
        if first {
            let dims = (ihdr.get(0..4), ihdr.get(4..8));
            if let (Some(wd), Some(ht)) = dims {
                if wd == [0; 4] || ht == [0; 4] {
                    break ReadOutcome::damaged("图片尺寸为 0 (picture of zero size)");
                }
            }
            first = false;
        }
        match &kind {
            b"IDAT" => idat = true,
            b"IEND" if !idat => break ReadOutcome::damaged("PNG 没有图像数据 (no IDAT)"),
            b"IEND" => break ReadOutcome::Complete,
            _ => {}
        }
    };
    Ok(Scanned { head, outcome })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF written by hand, with a correct xref table.
    fn tiny_pdf() -> Vec<u8> {
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        out
    }

    #[test]
    fn pdf_opens_is_repaired_or_damaged() {
        let pdf = tiny_pdf();
        assert_eq!(check(&pdf, Format::Pdf, 1000), ReadOutcome::Complete);
        // A wrong startxref is repaired by scanning, as viewers do.
        let s = String::from_utf8(pdf.clone()).unwrap();
        let i = s.rfind("startxref\n").unwrap() + 10;
        let broken = format!("{}9{}", &s[..i], &s[i..]);
        assert_eq!(
            check(broken.as_bytes(), Format::Pdf, 1000),
            ReadOutcome::Complete
        );
        // 40 bytes, or the header alone: nothing to open.
        assert!(check(&pdf[..40], Format::Pdf, 1000).is_failure());
        assert!(check(b"%PDF-1.7\n", Format::Pdf, 1000).is_failure());
    }

    #[test]
    fn broken_packages_and_pictures_are_damaged() {
        assert!(check(b"PK\x03\x04garbage", Format::Docx, 1000).is_failure());
        assert!(check(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1junk", Format::Doc, 1000).is_failure());
        assert!(check(b"\x89PNG\r\n\x1a\nxx", Format::Png, 1000).is_failure());
        let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(check(&png, Format::Png, 1_000_000), ReadOutcome::Complete);
        let cut = &png[..png.len() / 2];
        assert!(check(cut, Format::Png, 1_000_000).is_failure());
        assert_eq!(check(b"plain", Format::Text, 1), ReadOutcome::Complete);
    }

    fn small_jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let mut jpeg = Vec::new();
        img.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        jpeg
    }

    #[test]
    fn a_jpeg_opens_only_when_whole_to_its_end_marker() {
        let jpeg = small_jpeg();
        assert_eq!(check(&jpeg, Format::Jpeg, 1000), ReadOutcome::Complete);
        // Bytes after the end marker are ignored, as viewers do.
        let padded = [&jpeg[..], &[0u8; 5000]].concat();
        assert_eq!(check(&padded, Format::Jpeg, 1000), ReadOutcome::Complete);
        // Cut anywhere (in a segment, in the scan data, before the end marker).
        for cut in [3, 30, jpeg.len() / 2, jpeg.len() - 2, jpeg.len() - 1] {
            assert!(
                check(&jpeg[..cut], Format::Jpeg, 1000).is_failure(),
                "cut at {cut}"
            );
        }
        // No scan: the frame header and the end marker alone.
        let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let no_scan = [&jpeg[..sos], &[0xFF, 0xD9][..]].concat();
        assert!(check(&no_scan, Format::Jpeg, 1000).is_failure());
        // A frame header of width 0.
        let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let mut zero = jpeg.clone();
        zero[sof + 7] = 0;
        zero[sof + 8] = 0;
        assert!(check(&zero, Format::Jpeg, 1000).is_failure());
    }

    #[test]
    fn a_jpeg_scan_keeps_its_application_segments_for_dates() {
        let jpeg = small_jpeg();
        let app1 = [&[0xFF, 0xE1, 0, 8][..], b"Exif\0\0"].concat();
        let with_exif = [&jpeg[..2], &app1, &jpeg[2..]].concat();
        let s = scan_jpeg(&mut &with_exif[..], 1 << 20).unwrap();
        assert_eq!(s.outcome, ReadOutcome::Complete);
        assert!(s.head.starts_with(&[&[0xFF, 0xD8][..], &app1].concat()));
        assert!(
            s.head.len() < with_exif.len() / 2,
            "the picture is not kept"
        );
    }

    #[test]
    fn a_jpeg_size_comes_from_its_frame_header() {
        let jpeg = small_jpeg();
        assert_eq!(jpeg_dimensions(&mut &jpeg[..]), Some((64, 48)));
        let app1 = [&[0xFF, 0xE1, 0, 8][..], b"Exif\0\0"].concat();
        let with_exif = [&jpeg[..2], &app1, &jpeg[2..]].concat();
        assert_eq!(jpeg_dimensions(&mut &with_exif[..]), Some((64, 48)));
        assert_eq!(jpeg_dimensions(&mut &jpeg[..20]), None);
        assert_eq!(jpeg_dimensions(&mut &b"%PDF-1.4"[..]), None);
    }

    #[test]
    fn a_png_opens_only_with_its_critical_chunks_intact() {
        let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(check(&png, Format::Png, 1), ReadOutcome::Complete);
        // One bit flipped in the pixel data: the IDAT CRC no longer matches.
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let mut flipped = png.clone();
        flipped[idat + 10] ^= 1;
        assert!(check(&flipped, Format::Png, 1).is_failure());
        // The IEND chunk missing.
        assert!(check(&png[..png.len() - 12], Format::Png, 1).is_failure());
        // A damaged ancillary chunk is dropped by viewers, not fatal.
        let text = [
            &13u32.to_be_bytes()[..],
            b"tEXt",
            b"Comment\0hello",
            &[0; 4],
        ]
        .concat();
        let with_text = [&png[..33], &text, &png[33..]].concat();
        assert_eq!(check(&with_text, Format::Png, 1), ReadOutcome::Complete);
        // Dates are read from what the scan keeps: the text chunk, not the pixels.
        let s = scan_png(&mut &with_text[..], 1 << 20).unwrap();
        assert!(s.head.windows(4).any(|w| w == b"tEXt"));
        assert!(!s.head.windows(4).any(|w| w == b"IDAT"));
    }

    #[test]
    fn a_pdf_name_without_a_pdf_header_is_opened_as_pdf() {
        assert_eq!(open_as(Format::Text, "a.PDF"), Some(Format::Pdf));
        assert_eq!(open_as(Format::Unknown, "a.pdf"), Some(Format::Pdf));
        assert_eq!(open_as(Format::Text, "a.txt"), None);
        assert_eq!(open_as(Format::Jpeg, "a.pdf"), Some(Format::Jpeg));
        assert_eq!(open_as(Format::Zip, "a.zip"), None);
    }
}
