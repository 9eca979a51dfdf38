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
//! - pictures: the header, and the picture decoded at reduced scale (JPEG) or, when
//!   its full size is within the decoding bound, in full (other formats).
//!
//! Formats not listed (text, archives, which the walker opens itself; HEIC, which
//! cannot be decoded here) are not opened and count as [`ReadOutcome::Complete`].

use crate::identify::Format;
use crate::outcome::ReadOutcome;
use std::io::{Cursor, Read};

/// Largest main part or stream inflated to prove it is intact (bytes); a larger one
/// is read up to here.
const MAX_MAIN_PART: u64 = 64 << 20;

/// Whether [`check`] opens files of this format.
pub fn applies(format: Format) -> bool {
    matches!(
        format,
        Format::Pdf
            | Format::Docx
            | Format::Xlsx
            | Format::Pptx
            | Format::Ofd
            | Format::Doc
            | Format::Xls
            | Format::Ppt
            | Format::Wps
            | Format::Et
            | Format::Dps
            | Format::Ole2
    ) || (format.is_image() && format != Format::Heic)
}

/// The format a file named `name` whose content was identified as `format` is opened
/// as: a `.pdf` whose content shows no known signature (no `%PDF-` header, or text) is
/// opened as a PDF, as PDF viewers do; `None` when the file is not opened here.
pub fn open_as(format: Format, name: &str) -> Option<Format> {
    let named_pdf = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("pdf"));
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

/// A picture: header, then pixels at reduced scale where that is cheap.
fn picture(data: &[u8], format: Format, max_pixels: u64) -> ReadOutcome {
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
    let pixels = w as u64 * h as u64;
    let decoded = if format == Format::Jpeg && data.starts_with(&[0xFF, 0xD8]) {
        // Decoded at 1/8 scale at most: checks every block without full-size pixels.
        if pixels / 64 > max_pixels {
            return ReadOutcome::Complete;
        }
        crate::seal::raster::decode_jpeg(data, max_pixels.max(pixels / 64))
    } else {
        if pixels > max_pixels.saturating_mul(4) {
            return ReadOutcome::Complete;
        }
        crate::seal::raster::decode_other(data, max_pixels)
    };
    match decoded {
        Ok(_) => ReadOutcome::Complete,
        Err(e) => ReadOutcome::damaged(format!("图片无法解码: {}", e.0)),
    }
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

    #[test]
    fn a_pdf_name_without_a_pdf_header_is_opened_as_pdf() {
        assert_eq!(open_as(Format::Text, "a.PDF"), Some(Format::Pdf));
        assert_eq!(open_as(Format::Unknown, "a.pdf"), Some(Format::Pdf));
        assert_eq!(open_as(Format::Text, "a.txt"), None);
        assert_eq!(open_as(Format::Jpeg, "a.pdf"), Some(Format::Jpeg));
        assert_eq!(open_as(Format::Zip, "a.zip"), None);
    }
}
