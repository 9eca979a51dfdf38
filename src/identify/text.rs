//! Plain text (and text-based look-alikes such as HTML or RTF "documents").
//!
//! A file is text when its first bytes decode as UTF-8 (with or without BOM), UTF-16 with
//! a BOM, or GB18030/GBK, contain no control characters other than tab, line feed,
//! carriage return and form feed, and no NUL. Text that is really an HTML page, an RTF
//! document or an Excel 2003 XML sheet (systems often export these as `.doc`/`.xls`) is
//! still [`super::Format::Text`]; the basis says which.

/// Returns the basis if `head` looks like text. `truncated` says `head` stops before the
/// end of the file, so a multi-byte character cut at the end is allowed.
pub(super) fn sniff(head: &[u8], truncated: bool) -> Option<String> {
    let (encoding, decoded) = decode(head, truncated)?;
    if decoded.chars().any(is_bad_control) {
        return None;
    }
    let kind = text_kind(&decoded);
    Some(match kind {
        Some(k) => format!("text ({encoding}), {k}"),
        None => format!("text ({encoding})"),
    })
}

fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

fn decode(head: &[u8], truncated: bool) -> Option<(&'static str, String)> {
    if let Some(rest) = head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, truncated).map(|s| ("UTF-8 with BOM", s));
    }
    if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, truncated, u16::from_le_bytes).map(|s| ("UTF-16LE with BOM", s));
    }
    if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, truncated, u16::from_be_bytes).map(|s| ("UTF-16BE with BOM", s));
    }
    if let Some(s) = utf8(head, truncated) {
        let enc = if head.is_ascii() { "ASCII" } else { "UTF-8" };
        return Some((enc, s));
    }
    gb18030(head, truncated).map(|s| ("GB18030/GBK", s))
}

fn utf8(bytes: &[u8], truncated: bool) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        // An incomplete sequence at the very end of a truncated head is fine.
        Err(e) if truncated && e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()])
                .ok()
                .map(str::to_owned)
        }
        Err(_) => None,
    }
}

fn utf16(bytes: &[u8], truncated: bool, word: fn([u8; 2]) -> u16) -> Option<String> {
    let usable = if truncated {
        bytes.len() & !1
    } else {
        bytes.len()
    };
    if usable % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes[..usable]
        .chunks_exact(2)
        .map(|c| word([c[0], c[1]]))
        .collect();
    let mut out = String::with_capacity(units.len());
    let mut decoded = char::decode_utf16(units.iter().copied()).peekable();
    while let Some(c) = decoded.next() {
        match c {
            Ok(c) => out.push(c),
            // A surrogate cut at the end of a truncated head.
            Err(_) if truncated && decoded.peek().is_none() => break,
            Err(_) => return None,
        }
    }
    Some(out)
}

fn gb18030(bytes: &[u8], truncated: bool) -> Option<String> {
    // A GB18030 character is at most 4 bytes: when truncated, try dropping up to 3.
    let cuts = if truncated { 0..4 } else { 0..1 };
    for cut in cuts {
        let Some(end) = bytes.len().checked_sub(cut) else {
            break;
        };
        if let Some(s) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes[..end])
        {
            return Some(s.into_owned());
        }
    }
    None
}

/// Names text formats that people mistake for Office documents.
fn text_kind(s: &str) -> Option<&'static str> {
    let start: String = s
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with("{\\rtf") {
        return Some("RTF document");
    }
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Some("HTML page");
    }
    if start.starts_with("<?xml") {
        if s.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Some("Excel 2003 XML spreadsheet");
        }
        if s.contains("http://schemas.microsoft.com/office/word/2003/wordml") {
            return Some("Word 2003 XML document");
        }
        return Some("XML");
    }
    if start.starts_with("mime-version:") {
        return Some("MIME/MHT web archive");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_table() {
        let (gbk, _, _) = encoding_rs::GBK.encode("东双河镇-04-建筑面积，统计表\r\n2022年3月5日\n");
        let mut utf16le = vec![0xFF, 0xFE];
        for u in "单位,数量\r\n".encode_utf16() {
            utf16le.extend_from_slice(&u.to_le_bytes());
        }
        let cases: Vec<(&str, Vec<u8>, bool, Option<&str>)> = vec![
            ("ascii", b"a,b,c\n1,2,3\n".to_vec(), false, Some("ASCII")),
            ("utf8", "单位,日期\n区发改委,2022-01-01\n".as_bytes().to_vec(), false, Some("UTF-8")),
            (
                "utf8 bom",
                [&[0xEF, 0xBB, 0xBF][..], "表".as_bytes()].concat(),
                false,
                Some("UTF-8 with BOM"),
            ),
            ("gbk", gbk.into_owned(), false, Some("GB18030/GBK")),
            ("utf16le", utf16le, false, Some("UTF-16LE with BOM")),
            ("nul", b"abc\0def".to_vec(), false, None),
            ("escape", b"abc\x1b[0m".to_vec(), false, None),
            ("binary", vec![0x00, 0x01, 0x02, 0xFE, 0x80, 0x81], false, None),
            // "单" is E5 8D 95: cut after two bytes.
            ("utf8 cut, truncated", b"ab\xE5\x8D".to_vec(), true, Some("UTF-8")),
            ("lead byte cut, complete", b"ab\xE5".to_vec(), false, None),
            ("rtf", b"{\\rtf1\\ansi hello}".to_vec(), false, Some("RTF document")),
            ("html", b"<html><body>x</body></html>".to_vec(), false, Some("HTML page")),
            (
                "xml sheet",
                b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
                    .to_vec(),
                false,
                Some("Excel 2003 XML spreadsheet"),
            ),
        ];
        for (name, bytes, truncated, want) in cases {
            let got = sniff(&bytes, truncated);
            match want {
                None => assert_eq!(got, None, "{name}"),
                Some(w) => {
                    let g = got.unwrap_or_else(|| panic!("{name}: not text"));
                    assert!(g.contains(w), "{name}: {g}");
                }
            }
        }
    }
}
