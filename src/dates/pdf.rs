//! Dates in PDF text.
//!
//! The text of the first [`MAX_PAGES`] pages and the last page is read from each
//! page's own content stream (`Tj`, `TJ`, `'`, `"`; a line break at `ET`/`T*`). Fonts
//! are decoded by lopdf (simple encodings, `Identity-H` with `/ToUnicode`) except the
//! predefined Chinese CMaps lopdf does not decode: `GBK-EUC-H`, `GB-EUC-H`,
//! `GBKp-EUC-H`, `GBK2K-H` (and `-V`) strings are decoded as GBK (gb18030), and
//! `UniGB-UCS2-H`/`UniGB-UTF16-H` as UTF-16BE. `Identity-H` without `/ToUnicode`
//! cannot be decoded and is skipped (lopdf would give Latin garbage). Text in Form
//! XObjects is not read.
//!
//! A document whose pages hold no text at all is taken for a scan and gets the note
//! "无文字层，无法识别日期"; an encrypted one "加密，无法读取日期". The info
//! dictionary's `CreationDate`/`ModDate` are kept as metadata only.

use super::extract::{metadata_date, TextScanner, MAX_PART_BYTES};
use super::found::DateFacts;
use crate::diag::Text;
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

/// The text of one page (empty when it cannot be read).
fn page_text(doc: &Document, page_id: lopdf::ObjectId) -> String {
    let mut decoders: BTreeMap<Vec<u8>, Decoder> = BTreeMap::new();
    if let Ok(fonts) = doc.get_page_fonts(page_id) {
        for (name, font) in fonts {
            decoders.insert(name, font_decoder(doc, font));
        }
    }
    let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_PAGE_CONTENT) else {
        return String::new();
    };
    let mut out = String::new();
    let mut current: Option<&Decoder> = None;
    for op in Content::decode_iter(&content).take(MAX_OPS) {
        let Ok(op) = op else { break };
        match op.operator.as_str() {
            "Tf" => {
                current = match op.operands.first() {
                    Some(Object::Name(n)) => decoders.get(n.as_slice()),
                    _ => None,
                };
            }
            "Tj" | "'" | "\"" | "TJ" => {
                let Some(dec) = current else { continue };
                if op.operator != "Tj" && op.operator != "TJ" && !out.ends_with('\n') {
                    out.push('\n');
                }
                let operand = if op.operator == "\"" {
                    op.operands.get(2)
                } else {
                    op.operands.first()
                };
                match operand {
                    Some(Object::String(b, _)) => dec.push(b, &mut out),
                    Some(Object::Array(items)) => {
                        for it in items {
                            match it {
                                Object::String(b, _) => dec.push(b, &mut out),
                                Object::Integer(i) if *i < -200 => out.push(' '),
                                Object::Real(r) if *r < -200.0 => out.push(' '),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            "ET" | "T*" if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
        if out.len() > super::extract::MAX_TEXT_BYTES {
            break;
        }
    }
    out
}

/// Dates of a PDF.
pub fn extract(data: &[u8], f: &mut DateFacts) {
    let opts = LoadOptions::with_max_decompressed_size(MAX_PART_BYTES);
    let doc = match Document::load_mem_with_options(data, opts) {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => {
            f.note = Some(Text::new(
                "加密，无法读取日期",
                "encrypted: dates cannot be read",
            ));
            return;
        }
        Err(_) => {
            f.note = Some(Text::new(
                "PDF 已损坏，无法读取日期",
                "damaged PDF: dates cannot be read",
            ));
            return;
        }
    };
    if doc.is_encrypted() {
        f.note = Some(Text::new(
            "加密，无法读取日期",
            "encrypted: dates cannot be read",
        ));
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
    let pages = doc.get_pages();
    let last = pages.keys().next_back().copied();
    let chosen: Vec<(u32, lopdf::ObjectId)> = pages
        .iter()
        .enumerate()
        .filter(|(i, (n, _))| *i < MAX_PAGES || Some(**n) == last)
        .map(|(_, (n, id))| (*n, *id))
        .collect();
    let mut scanner = TextScanner::new(f);
    for (n, id) in chosen {
        if scanner.exhausted() {
            break;
        }
        let text = page_text(&doc, id);
        scanner.scan(&format!("第{n}页"), &text);
    }
    if scanner.chars == 0 {
        scanner.facts.note = Some(Text::new(
            "无文字层，无法识别日期（可能是扫描件），请人工核对",
            "no text layer (perhaps a scan): dates cannot be recognised, check by hand",
        ));
    }
}
