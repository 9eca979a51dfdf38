//! ZIP-based formats: OOXML (DOCX/XLSX/PPTX), OFD, or a plain ZIP archive.
//!
//! Only the central directory is read (`ZipArchive::new` ignores local headers), plus at
//! most [`CONTENT_TYPES_CAP`] bytes of `[Content_Types].xml`. OOXML is told apart by the
//! content type of its main part, falling back to the well-known main part names
//! (`word/document.xml`, `xl/workbook.xml`, `ppt/presentation.xml`) when that file is
//! unreadable. OFD (GB/T 33190) is a ZIP whose root holds `OFD.xml`, wherever that entry
//! sits in the directory.

use super::{id, Format, Identified};
use std::io::{Read, Seek, SeekFrom};

/// How much of `[Content_Types].xml` is read; real ones are a few KiB.
pub(super) const CONTENT_TYPES_CAP: u64 = 1 << 20;

/// `PK\3\4` (local header), `PK\5\6` (empty archive) or `PK\7\8` (spanned marker).
pub(super) fn has_zip_magic(head: &[u8]) -> bool {
    [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]
        .iter()
        .any(|m| head.starts_with(&m[..]))
}

/// Classifies a file that starts with a ZIP signature.
pub(super) fn classify<R: Read + Seek>(r: &mut R) -> Identified {
    if let Err(e) = r.seek(SeekFrom::Start(0)) {
        return id(Format::Zip, format!("ZIP signature; could not seek: {e}"));
    }
    let mut zip = match zip::ZipArchive::new(&mut *r) {
        Ok(z) => z,
        Err(e) => {
            return id(
                Format::Zip,
                format!("ZIP signature; central directory unreadable: {e}"),
            )
        }
    };
    let ofd_root = zip
        .file_names_raw()
        .find(|n| {
            let n = n.strip_prefix(b"/").unwrap_or(n);
            n.eq_ignore_ascii_case(b"OFD.xml")
        })
        .map(|n| String::from_utf8_lossy(n).into_owned());

    let ct_index = zip
        .file_names_raw()
        .position(|n| n.eq_ignore_ascii_case(b"[Content_Types].xml"));
    if let Some(i) = ct_index {
        let why = match read_capped(&mut zip, i) {
            Ok(xml) => match main_part(&xml) {
                Some((format, part)) => {
                    return id(format, format!("ZIP: [Content_Types].xml main part {part}"))
                }
                None => "no main part in [Content_Types].xml".to_string(),
            },
            Err(e) => format!("[Content_Types].xml unreadable: {e}"),
        };
        if ofd_root.is_none() {
            if let Some(found) = by_part_names(&zip, &why) {
                return found;
            }
        }
    }
    if let Some(name) = ofd_root {
        return id(Format::Ofd, format!("ZIP: {name} at root"));
    }
    let n = zip.len();
    let basis = if n == 0 {
        "ZIP: empty archive".to_string()
    } else {
        format!("ZIP archive, {n} entries, no OOXML/OFD main part")
    };
    id(Format::Zip, basis)
}

/// Reads entry `i` up to the cap, as text.
fn read_capped<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, i: usize) -> Result<String, String> {
    let entry = zip.by_index(i).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    entry
        .take(CONTENT_TYPES_CAP)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The format and part name of the main part declared in `[Content_Types].xml`.
fn main_part(xml: &str) -> Option<(Format, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    // Bounded by the capped input: each event consumes input.
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return None,
            Ok(ev) => ev,
        };
        let (Event::Start(e) | Event::Empty(e)) = ev else {
            continue;
        };
        if e.local_name().as_ref() != "Override" {
            continue;
        }
        let mut part = None;
        let mut ctype = None;
        for a in e.attributes().flatten() {
            match a.key.local_name().as_ref() {
                "PartName" => part = Some(a.value.into_owned()),
                "ContentType" => ctype = Some(a.value.to_ascii_lowercase()),
                _ => {}
            }
        }
        if let (Some(part), Some(ct)) = (part, ctype) {
            if let Some(f) = main_content_type(&ct) {
                return Some((f, part));
            }
        }
    }
}

/// Maps a main-part content type (lower case) to its format.
fn main_content_type(ct: &str) -> Option<Format> {
    let ct = ct.trim();
    // `…document.main+xml`, `…sheet.main+xml`, `…presentation.main+xml`, their template,
    // slideshow and macro-enabled variants, and the binary workbook `…sheet.binary.macroenabled.main`.
    let is_main = ct.ends_with(".main+xml") || ct.ends_with(".main");
    if !is_main {
        return None;
    }
    if ct.contains("wordprocessingml") || ct.contains("ms-word") {
        Some(Format::Docx)
    } else if ct.contains("spreadsheetml") || ct.contains("ms-excel") {
        Some(Format::Xlsx)
    } else if ct.contains("presentationml") || ct.contains("ms-powerpoint") {
        Some(Format::Pptx)
    } else {
        None
    }
}

/// Falls back to the main part's usual name.
fn by_part_names<R: Read + Seek>(zip: &zip::ZipArchive<R>, why: &str) -> Option<Identified> {
    for (name, format) in [
        ("word/document.xml", Format::Docx),
        ("xl/workbook.xml", Format::Xlsx),
        ("xl/workbook.bin", Format::Xlsx),
        ("ppt/presentation.xml", Format::Pptx),
    ] {
        if zip.index_for_name(name).is_some() {
            return Some(id(format, format!("ZIP: part {name} ({why})")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_table() {
        let cases = [
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Some(Format::Docx)),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", Some(Format::Docx)),
            ("application/vnd.ms-word.document.macroEnabled.main+xml", Some(Format::Docx)),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Some(Format::Xlsx)),
            ("application/vnd.ms-excel.sheet.macroEnabled.main+xml", Some(Format::Xlsx)),
            ("application/vnd.ms-excel.sheet.binary.macroEnabled.main", Some(Format::Xlsx)),
            ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Some(Format::Pptx)),
            ("application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml", Some(Format::Pptx)),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml", None),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", None),
            ("application/vnd.openxmlformats-package.relationships+xml", None),
        ];
        for (ct, want) in cases {
            assert_eq!(main_content_type(&ct.to_ascii_lowercase()), want, "{ct}");
        }
    }

    #[test]
    fn main_part_from_xml() {
        let xml = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        assert_eq!(
            main_part(xml),
            Some((Format::Docx, "/word/document.xml".to_string()))
        );
        assert_eq!(main_part("<Types><Override PartName="), None);
        assert_eq!(main_part(""), None);
    }
}
