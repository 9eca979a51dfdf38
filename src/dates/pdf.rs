//! Dates in PDF text.
//!
//! The text of the first [`MAX_PAGES`] pages and the last page is read from each
//! page's own content stream (`Tj`, `TJ`, `'`, `"`; a line break at `ET`/`T*`). Fonts
//! are decoded by lopdf (simple encodings, `Identity-H` with `/ToUnicode`) except the
//! predefined Chinese CMaps lopdf does not decode: `GBK-EUC-H`, `GB-EUC-H`,
//! `GBKp-EUC-H`, `GBK2K-H` (and `-V`) strings are decoded as GBK (gb18030), and
//! `UniGB-UCS2-H`/`UniGB-UTF16-H` as UTF-16BE. `Identity-H` without `/ToUnicode`
//! cannot be decoded and is skipped (lopdf would give Latin garbage). Text drawn by
//! Form XObjects (`Do`) is read too, with the form's own fonts, up to
//! [`MAX_FORM_DEPTH`] levels and [`MAX_FORMS_PER_PAGE`] forms per page; the page and
//! its forms share one budget of operations.
//!
//! A document whose pages hold no text at all is taken for a scan and gets the note
//! "无文字层，无法识别日期"; an encrypted one "加密，无法读取日期". The info
//! dictionary's `CreationDate`/`ModDate` and the XMP packet's `xmp:CreateDate`/
//! `xmp:ModifyDate` are kept as metadata only: they tell when the file was made, not
//! when the evidence happened.

use super::extract::{metadata_date, TextScanner, MAX_PART_BYTES, MAX_TEXT_BYTES};
use super::found::DateFacts;
use crate::diag::Text;
use crate::outcome::ReadOutcome;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object};
use std::collections::BTreeMap;

/// Pages read from the start of a document (the last page is read as well).
pub const MAX_PAGES: usize = 50;
/// Most decompressed content per page.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;
/// Most operations interpreted per page.
const MAX_OPS: usize = 2_000_000;

enum Decoder<'a> {
    Lopdf(Encoding<'a>),
    Gbk,
    Utf16,
    Skip,
}

impl Decoder<'_> {
    fn push(&self, bytes: &[u8], out: &mut String) {
        match self {
            Decoder::Lopdf(e) => {
                let _ = e.write_to_string(bytes, out);
            }
            Decoder::Gbk => {
                out.push_str(&encoding_rs::GBK.decode_without_bom_handling(bytes).0);
            }
            Decoder::Utf16 => {
                out.push_str(&encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0);
            }
            Decoder::Skip => {}
        }
    }
}

fn font_decoder<'a>(doc: &'a Document, font: &'a Dictionary) -> Decoder<'a> {
    let enc_name: Option<&[u8]> = match font.get(b"Encoding") {
        Ok(Object::Name(n)) => Some(n.as_slice()),
        _ => None,
    };
    let has_to_unicode = font.get(b"ToUnicode").is_ok();
    if let Some(n) = enc_name {
        let base = n
            .strip_suffix(b"-H")
            .or_else(|| n.strip_suffix(b"-V"))
            .unwrap_or(n);
        match base {
            b"GBK-EUC" | b"GB-EUC" | b"GBKp-EUC" | b"GBK2K" | b"GBpc-EUC" => return Decoder::Gbk,
            b"UniGB-UCS2" | b"UniGB-UTF16" => return Decoder::Utf16,
            b"Identity" if !has_to_unicode => return Decoder::Skip,
            _ => {}
        }
    }
    match font.get_font_encoding_with_limit(doc, MAX_PART_BYTES) {
        Ok(Encoding::SimpleEncoding(n))
            if !matches!(n, b"WinAnsiEncoding" | b"UniGB-UCS2-H" | b"UniGB-UTF16-H") =>
        {
            Decoder::Skip
        }
        Ok(e) => Decoder::Lopdf(e),
        Err(_) => Decoder::Skip,
    }
}

/// Deepest nesting of Form XObjects followed (a form drawing a form …).
const MAX_FORM_DEPTH: usize = 4;
/// Most Form XObjects whose text is read per page.
const MAX_FORMS_PER_PAGE: usize = 64;

/// The dictionary `obj` is or refers to.
fn dict_of<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// The text decoders of the fonts named in a `/Resources` dictionary.
fn decoders_of<'a>(doc: &'a Document, resources: &'a Dictionary) -> BTreeMap<Vec<u8>, Decoder<'a>> {
    let mut out = BTreeMap::new();
    let Some(fonts) = resources.get(b"Font").ok().and_then(|f| dict_of(doc, f)) else {
        return out;
    };
    for (name, value) in fonts.iter() {
        if let Some(font) = dict_of(doc, value) {
            out.insert(name.clone(), font_decoder(doc, font));
        }
    }
    out
}

/// What one page's text is read with: its fonts, the `/XObject` dictionaries its
/// content may draw (nearest first), and the budgets shared by the page and the
/// forms it draws.
struct PageReader<'a> {
    doc: &'a Document,
    out: String,
    ops: usize,
    forms: usize,
}

impl<'a> PageReader<'a> {
    /// Appends the text drawn by `content` (a page's or a form's content stream).
    fn read(
        &mut self,
        content: &[u8],
        decoders: &BTreeMap<Vec<u8>, Decoder<'a>>,
        xobjects: &[&'a Dictionary],
        depth: usize,
    ) {
        let mut current: Option<&Decoder> = None;
        for op in Content::decode_iter(content) {
            if self.ops >= MAX_OPS || self.out.len() > super::extract::MAX_TEXT_BYTES {
                return;
            }
            self.ops += 1;
            let Ok(op) = op else { return };
            match op.operator.as_str() {
                "Tf" => {
                    current = match op.operands.first() {
                        Some(Object::Name(n)) => decoders.get(n.as_slice()),
                        _ => None,
                    };
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    let Some(dec) = current else { continue };
                    if op.operator != "Tj" && op.operator != "TJ" && !self.out.ends_with('\n') {
                        self.out.push('\n');
                    }
                    let operand = if op.operator == "\"" {
                        op.operands.get(2)
                    } else {
                        op.operands.first()
                    };
                    match operand {
                        Some(Object::String(b, _)) => dec.push(b, &mut self.out),
                        Some(Object::Array(items)) => {
                            for it in items {
                                match it {
                                    Object::String(b, _) => dec.push(b, &mut self.out),
                                    Object::Integer(i) if *i < -200 => self.out.push(' '),
                                    Object::Real(r) if *r < -200.0 => self.out.push(' '),
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
                "ET" | "T*" if !self.out.ends_with('\n') => self.out.push('\n'),
                "Do" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        self.form(n, decoders, xobjects, depth);
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads the text of the Form XObject named `name`, when it is one. A form
    /// without `/Resources` uses the fonts and XObjects of the content drawing it.
    fn form(
        &mut self,
        name: &[u8],
        decoders: &BTreeMap<Vec<u8>, Decoder<'a>>,
        xobjects: &[&'a Dictionary],
        depth: usize,
    ) {
        if depth >= MAX_FORM_DEPTH || self.forms >= MAX_FORMS_PER_PAGE {
            return;
        }
        let doc = self.doc;
        let Some(stream) = xobjects.iter().find_map(|x| match x.get(name) {
            Ok(Object::Reference(id)) => doc.get_object(*id).ok()?.as_stream().ok(),
            _ => None,
        }) else {
            return;
        };
        if !matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") {
            return;
        }
        self.forms += 1;
        let Ok(content) = stream.get_plain_content_with_limit(MAX_PAGE_CONTENT) else {
            return;
        };
        match stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dict_of(doc, r))
        {
            Some(res) => {
                let own = decoders_of(doc, res);
                let inner: Vec<&Dictionary> = res
                    .get(b"XObject")
                    .ok()
                    .and_then(|x| dict_of(doc, x))
                    .into_iter()
                    .collect();
                self.read(&content, &own, &inner, depth + 1);
            }
            None => self.read(&content, decoders, xobjects, depth + 1),
        }
    }
}

/// The text of one page, including text in the Form XObjects it draws (empty when it
/// cannot be read).
fn page_text(doc: &Document, page_id: lopdf::ObjectId) -> String {
    let mut decoders: BTreeMap<Vec<u8>, Decoder> = BTreeMap::new();
    if let Ok(fonts) = doc.get_page_fonts(page_id) {
        for (name, font) in fonts {
            decoders.insert(name, font_decoder(doc, font));
        }
    }
    let mut xobjects: Vec<&Dictionary> = Vec::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
        let all = direct
            .into_iter()
            .chain(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        xobjects
            .extend(all.filter_map(|res| res.get(b"XObject").ok().and_then(|x| dict_of(doc, x))));
    }
    let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_PAGE_CONTENT) else {
        return String::new();
    };
    let mut reader = PageReader {
        doc,
        out: String::new(),
        ops: 0,
        forms: 0,
    };
    reader.read(&content, &decoders, &xobjects, 0);
    reader.out
}

/// Largest XMP packet read.
const MAX_XMP_BYTES: usize = 1024 * 1024;

/// The value of `key` in an XMP packet, written as an element
/// (`<xmp:CreateDate>2022-03-05T10:00:00+08:00</xmp:CreateDate>`) or as an attribute
/// (`xmp:CreateDate="2022-03-05T10:00:00+08:00"`).
fn xmp_value<'x>(xml: &'x str, key: &str) -> Option<&'x str> {
    let mut from = 0;
    while let Some(pos) = xml.get(from..)?.find(key) {
        let at = from + pos;
        from = at + key.len();
        let before = xml.get(..at)?.chars().next_back();
        let rest = xml.get(from..)?;
        if before == Some('<') {
            let body = rest.strip_prefix('>')?;
            let end = body.find('<')?;
            return Some(body[..end].trim());
        }
        let rest = rest.trim_start();
        if let Some(v) = rest.strip_prefix('=') {
            let v = v.trim_start();
            let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let v = &v[1..];
            let end = v.find(quote)?;
            return Some(v[..end].trim());
        }
    }
    None
}

/// The XMP packet's creation and modification dates, as metadata (shown, never
/// deciding).
fn xmp_dates(doc: &Document, f: &mut DateFacts) {
    let Some(stream) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| m.as_reference().ok())
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
    else {
        return;
    };
    let Ok(bytes) = stream.get_plain_content_with_limit(MAX_XMP_BYTES) else {
        return;
    };
    let xml = String::from_utf8_lossy(&bytes);
    for (key, label) in [
        ("xmp:CreateDate", "XMP 创建时间"),
        ("xmp:ModifyDate", "XMP 修改时间"),
    ] {
        if let Some(d) = xmp_value(&xml, key).and_then(|v| metadata_date(v, label)) {
            f.metadata.push(d);
        }
    }
}

/// Dates of a PDF.
pub fn extract(data: &[u8], f: &mut DateFacts) {
    let opts = LoadOptions::with_max_decompressed_size(MAX_PART_BYTES);
    let doc = match Document::load_mem_with_options(data, opts) {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => {
            f.read = ReadOutcome::Encrypted;
            return;
        }
        Err(e) => {
            f.read = ReadOutcome::damaged(format!("PDF 结构无法解析: {e}"));
            return;
        }
    };
    // Encrypted and not decrypted with the empty password: a password to open.
    if doc.is_encrypted() && !doc.was_encrypted() {
        f.read = ReadOutcome::Encrypted;
        return;
    }
    if let Ok(Object::Reference(id)) = doc.trailer.get(b"Info") {
        if let Ok(info) = doc.get_dictionary(*id) {
            for (key, label) in [
                (&b"CreationDate"[..], "PDF 创建时间"),
                (&b"ModDate"[..], "PDF 修改时间"),
            ] {
                if let Ok(Object::String(s, _)) = info.get(key) {
                    if let Some(d) = metadata_date(&String::from_utf8_lossy(s), label) {
                        f.metadata.push(d);
                    }
                }
            }
        }
    }
    xmp_dates(&doc, f);
    let pages = doc.get_pages();
    let last = pages.keys().next_back().copied();
    let chosen: Vec<(u32, lopdf::ObjectId)> = pages
        .iter()
        .enumerate()
        .filter(|(i, (n, _))| *i < MAX_PAGES || Some(**n) == last)
        .map(|(_, (n, id))| (*n, *id))
        .collect();
    let total = pages.len();
    let mut scanner = TextScanner::new(f);
    let mut read = 0usize;
    for (n, id) in chosen {
        if scanner.exhausted() {
            scanner.truncated = true;
            break;
        }
        let text = page_text(&doc, id);
        scanner.scan(&format!("第{n}页"), &text);
        read += 1;
    }
    if scanner.chars == 0 {
        scanner.facts.read = ReadOutcome::unsupported(
            "无文字层（可能是扫描件）的日期，请人工核对",
            "dates of pages without a text layer (perhaps a scan); check by hand",
        );
    } else if scanner.truncated {
        scanner.facts.read = ReadOutcome::partial(
            Text::new(
                format!("前 {read} 页中的前 {} MB 文字", MAX_TEXT_BYTES >> 20),
                format!(
                    "the first {} MB of text of {read} pages",
                    MAX_TEXT_BYTES >> 20
                ),
            ),
            Text::new(
                format!("共 {total} 页，文字超过读取上限"),
                format!("{total} pages; the text is over the reading limit"),
            ),
        );
    } else if read < total {
        scanner.facts.read = ReadOutcome::partial(
            Text::new(
                format!("前 {MAX_PAGES} 页和最后一页的日期"),
                format!("the dates of the first {MAX_PAGES} pages and the last page"),
            ),
            Text::new(
                format!("共 {total} 页，其余 {} 页未读取", total - read),
                format!("{total} pages; the other {} were not read", total - read),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Operation;
    use lopdf::{dictionary, Stream, StringFormat};

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
    }

    fn show(font: &str, text: &str) -> Vec<Operation> {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![font.into(), 10.into()]),
            Operation::new(
                "Tj",
                vec![Object::String(utf16be(text), StringFormat::Hexadecimal)],
            ),
            Operation::new("ET", vec![]),
        ]
    }

    fn bytes(ops: Vec<Operation>) -> Vec<u8> {
        Content { operations: ops }.encode().unwrap()
    }

    /// A one-page PDF whose page draws form `Fm1` (text in its own font `F9`); the
    /// form draws `Fm2` (which draws itself: a cycle). `xmp` becomes the catalog's
    /// `/Metadata` stream.
    fn pdf_with_form(page_text: &str, form_text: &str, xmp: Option<&str>) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun",
            "Encoding" => "UniGB-UCS2-H",
        });
        let looped = doc.new_object_id();
        let mut ops = show("F9", form_text);
        ops.push(Operation::new("Do", vec!["Fm2".into()]));
        let form = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
                "Resources" => dictionary! {
                    "Font" => dictionary! { "F9" => font },
                    "XObject" => dictionary! { "Fm2" => looped },
                },
            },
            bytes(ops),
        ));
        doc.objects.insert(
            looped,
            Object::Stream(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                    "Resources" => dictionary! { "XObject" => dictionary! { "Fm2" => looped } },
                },
                bytes(vec![Operation::new("Do", vec!["Fm2".into()])]),
            )),
        );
        let mut page_ops = show("F1", page_text);
        page_ops.push(Operation::new("Do", vec!["Fm1".into()]));
        let content = doc.add_object(Stream::new(dictionary! {}, bytes(page_ops)));
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Fm1" => form },
            },
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
        if let Some(x) = xmp {
            let m = doc.add_object(Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                x.as_bytes().to_vec(),
            ));
            catalog.set("Metadata", m);
        }
        let root = doc.add_object(catalog);
        doc.trailer.set("Root", root);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn text_in_form_xobjects_is_read_and_cycles_end() {
        let data = pdf_with_form("办件统计表", "盖章日期：2022年9月30日", None);
        let mut f = DateFacts::default();
        extract(&data, &mut f);
        assert!(f.read.is_complete(), "{:?}", f.read);
        let found: Vec<String> = f
            .found
            .iter()
            .map(|d| format!("{} {}", d.start, d.location))
            .collect();
        assert_eq!(found, vec!["2022-09-30 第1页".to_string()]);
    }

    #[test]
    fn xmp_dates_are_metadata_only() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description
            xmp:ModifyDate="2023-01-05T09:00:00+08:00">
            <xmp:CreateDate>2021-12-20T10:00:00+08:00</xmp:CreateDate>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let data = pdf_with_form("2022年3月5日 窗口受理", "无", Some(xmp));
        let mut f = DateFacts::default();
        extract(&data, &mut f);
        let meta: Vec<String> = f
            .metadata
            .iter()
            .map(|d| format!("{} {}", d.start, d.location))
            .collect();
        assert_eq!(
            meta,
            vec![
                "2021-12-20 XMP 创建时间".to_string(),
                "2023-01-05 XMP 修改时间".to_string()
            ]
        );
        assert_eq!(f.found.len(), 1, "metadata never joins the text dates");
        assert_eq!(f.found[0].start.to_string(), "2022-03-05");
    }

    #[test]
    fn xmp_values_in_both_forms() {
        for (xml, want) in [
            (
                "<xmp:CreateDate>2022-03-05</xmp:CreateDate>",
                Some("2022-03-05"),
            ),
            ("<d xmp:CreateDate = '2022-03-06T1'/>", Some("2022-03-06T1")),
            (
                "<d xmp:CreateDateX=\"1\" xmp:CreateDate=\"2022\"/>",
                Some("2022"),
            ),
            ("<d xmp:CreateDate/>", None),
            ("xmp:CreateDate=\"unterminated", None),
            ("", None),
        ] {
            assert_eq!(xmp_value(xml, "xmp:CreateDate"), want, "{xml}");
        }
    }
}
