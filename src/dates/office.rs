//! Dates in XML-based documents: Word `.docx` (body paragraphs and table rows, core
//! properties as metadata) and OFD (page text).

use super::extract::{metadata_date, read_member, TextScanner, MAX_PART_BYTES};
use super::found::DateFacts;
use crate::diag::Text;
use crate::outcome::ReadOutcome;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Cursor;

/// Most OFD pages read.
const MAX_OFD_PAGES: usize = 200;

/// The text a predefined entity or character reference stands for.
fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix('x') {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            return char::from_u32(v);
        }
    })
}

fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Dates of a `.docx`.
pub fn docx(data: &[u8], f: &mut DateFacts) {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(data)) else {
        f.read = ReadOutcome::damaged("ZIP 包目录无法读取");
        return;
    };
    if let Some(core) = read_member(&mut zip, "docProps/core.xml", 1024 * 1024) {
        let s = String::from_utf8_lossy(&core);
        for (tag, label) in [
            ("created", "文档属性 创建时间"),
            ("modified", "文档属性 修改时间"),
        ] {
            if let Some(v) = element_text(&s, tag) {
                if let Some(d) = metadata_date(&v, label) {
                    f.metadata.push(d);
                }
            }
        }
    }
    let Some(doc) = read_member(&mut zip, "word/document.xml", MAX_PART_BYTES) else {
        f.read = ReadOutcome::damaged("未找到可读取的正文 (word/document.xml)");
        return;
    };
    let xml = String::from_utf8_lossy(&doc);
    let mut reader = Reader::from_str(&xml);
    let mut scanner = TextScanner::new(f);
    let mut buf = String::new();
    let mut in_t = false;
    let mut table_depth = 0usize;
    let mut tables = 0usize;
    let mut row = 0usize;
    let mut para = 0usize;
    loop {
        if scanner.exhausted() {
            scanner.truncated = true;
            break;
        }
        match reader.read_event() {
            Ok(Event::Start(e)) => match local(e.name().as_ref()) {
                "t" => in_t = true,
                "tbl" => {
                    table_depth += 1;
                    if table_depth == 1 {
                        tables += 1;
                        row = 0;
                    }
                }
                "tr" if table_depth == 1 => row += 1,
                _ => {}
            },
            Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                "tab" => buf.push('\t'),
                "br" | "cr" => buf.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                "t" => in_t = false,
                "p" if table_depth == 0 => {
                    para += 1;
                    scanner.scan(&format!("正文第{para}段"), &buf);
                    buf.clear();
                }
                "p" => buf.push(' '),
                "tc" => buf.push('\t'),
                "tr" if table_depth == 1 => {
                    scanner.scan(&format!("表格{tables}第{row}行"), &buf);
                    buf.clear();
                }
                "tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Text(t)) if in_t => buf.push_str(&t),
            Ok(Event::CData(t)) if in_t => buf.push_str(&t.into_inner()),
            Ok(Event::GeneralRef(r)) if in_t => {
                if let Some(c) = entity(&r.into_inner()) {
                    buf.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => break,
            _ => {}
        }
        if buf.len() > super::extract::MAX_TEXT_BYTES {
            scanner.scan("正文", &buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        scanner.scan("正文", &buf);
    }
    if scanner.truncated {
        scanner.facts.read = text_cap();
    }
}

/// The text of the first element named `tag` (any prefix) in `xml`.
fn element_text(xml: &str, tag: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == tag => inside = true,
            Ok(Event::Text(t)) if inside => out.push_str(&t),
            Ok(Event::End(e)) if inside && local(e.name().as_ref()) == tag => {
                return Some(out);
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Dates of an OFD: `TextCode` of each page's `Content.xml`.
pub fn ofd(data: &[u8], f: &mut DateFacts) {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(data)) else {
        f.read = ReadOutcome::damaged("ZIP 包目录无法读取");
        return;
    };
    let mut pages: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.contains("Pages/Page_") && n.ends_with("/Content.xml"))
        .collect();
    let total = pages.len();
    pages.sort_by_key(|n| {
        let num: String = n
            .rsplit("Page_")
            .next()
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        (num.parse::<u64>().unwrap_or(u64::MAX), n.clone())
    });
    pages.truncate(MAX_OFD_PAGES);
    let mut scanner = TextScanner::new(f);
    for (i, p) in pages.iter().enumerate() {
        if scanner.exhausted() {
            scanner.truncated = true;
            break;
        }
        let Some(bytes) = read_member(&mut zip, p, MAX_PART_BYTES) else {
            continue;
        };
        let xml = String::from_utf8_lossy(&bytes);
        let mut reader = Reader::from_str(&xml);
        let mut text = String::new();
        let mut inside = false;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if local(e.name().as_ref()) == "TextCode" => inside = true,
                Ok(Event::End(e)) if local(e.name().as_ref()) == "TextCode" => {
                    inside = false;
                    text.push('\n');
                }
                Ok(Event::Text(t)) if inside => text.push_str(&t),
                Ok(Event::GeneralRef(r)) if inside => {
                    if let Some(c) = entity(&r.into_inner()) {
                        text.push(c);
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            if text.len() > super::extract::MAX_TEXT_BYTES {
                break;
            }
        }
        scanner.scan(&format!("第{}页", i + 1), &text);
    }
    if scanner.chars == 0 {
        scanner.facts.read = ReadOutcome::unsupported(
            "无文字（可能是扫描件）的 OFD 中的日期，请人工核对",
            "the dates of an OFD without text (perhaps a scan); check by hand",
        );
    } else if scanner.truncated {
        scanner.facts.read = text_cap();
    } else if total > MAX_OFD_PAGES {
        scanner.facts.read = ReadOutcome::partial(
            Text::new(
                format!("前 {MAX_OFD_PAGES} 页"),
                format!("the first {MAX_OFD_PAGES} pages"),
            ),
            Text::new(
                format!("共 {total} 页，其余未读取"),
                format!("{total} pages; the rest was not read"),
            ),
        );
    }
}

/// Partial read: the text ran over [`MAX_TEXT_BYTES`](super::extract::MAX_TEXT_BYTES).
fn text_cap() -> ReadOutcome {
    let mb = super::extract::MAX_TEXT_BYTES >> 20;
    ReadOutcome::partial(
        Text::new(
            format!("前 {mb} MB 文字"),
            format!("the first {mb} MB of text"),
        ),
        Text::new("文字超过读取上限", "the text is over the reading limit"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (n, body) in parts {
            w.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn docx_paragraphs_tables_and_entities() {
        let doc = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>巡查于2022年</w:t></w:r><w:r><w:t>3月5日开展 R&amp;D</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>日期</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2021-12-30</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:instrText>DATE 2019-01-01</w:instrText></w:r></w:p>
</w:body></w:document>"#;
        let core = r#"<cp:coreProperties xmlns:cp="a" xmlns:dcterms="b"><dcterms:created>2023-01-02T00:00:00Z</dcterms:created></cp:coreProperties>"#;
        let data = zip_of(&[("word/document.xml", doc), ("docProps/core.xml", core)]);
        let mut f = DateFacts::default();
        docx(&data, &mut f);
        let got: Vec<(String, String)> = f
            .found
            .iter()
            .map(|d| (d.start.to_string(), d.location.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("2022-03-05".to_string(), "正文第1段".to_string()),
                ("2021-12-30".to_string(), "表格1第2行".to_string())
            ]
        );
        assert_eq!(f.metadata.len(), 1);
        assert_eq!(f.metadata[0].start.to_string(), "2023-01-02");
    }

    #[test]
    fn ofd_pages() {
        let page = r#"<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer><ofd:TextObject><ofd:TextCode X="0">2022</ofd:TextCode><ofd:TextCode>年6月1日</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#;
        let data = zip_of(&[("Doc_0/Pages/Page_0/Content.xml", page)]);
        let mut f = DateFacts::default();
        ofd(&data, &mut f);
        assert_eq!(f.found.len(), 1, "{f:?}");
        assert_eq!(f.found[0].start.to_string(), "2022-06-01");
        assert_eq!(f.found[0].location, "第1页");
    }

    #[test]
    fn damaged_zip_is_a_note() {
        let mut f = DateFacts::default();
        docx(b"PK\x03\x04 not really", &mut f);
        assert!(f.read.is_failure(), "{:?}", f.read);
    }
}
