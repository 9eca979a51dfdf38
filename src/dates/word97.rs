//! Body text of legacy Word 97–2003 binary documents (`.doc`, and WPS `.wps`, which
//! WPS writes in the same format): the `WordDocument` stream's File Information Block
//! (FIB) locates the piece table (`Clx`) in the `0Table` or `1Table` stream, and the
//! piece table says where each run of characters lies in `WordDocument` (UTF-16LE,
//! or one byte per character when "compressed").
//!
//! The main text (the first `ccpText` characters) comes back apart from the rest
//! (footnotes, page headers and footers, comments, text boxes), so that a page
//! header is not taken for the head of the document. Field codes (`HYPERLINK …`) are
//! dropped, their results kept. Everything is bounds-checked: at most
//! [`MAX_STREAM_BYTES`] of a stream and [`MAX_CHARS`] characters are read, and no
//! buffer is sized from a count the file declares.

use std::io::{Cursor, Read};

/// Most bytes read from the `WordDocument` and table streams.
pub const MAX_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// Most characters of text returned.
pub const MAX_CHARS: usize = 2 * 1024 * 1024;
/// Most pieces followed.
const MAX_PIECES: usize = 100_000;

/// The text of a Word binary document.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WordText {
    /// The main document.
    pub main: String,
    /// Footnotes, headers and footers, comments, endnotes, text boxes.
    pub other: String,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn read_stream(comp: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let s = comp.open_stream(name).ok()?;
    let mut buf = Vec::new();
    s.take(MAX_STREAM_BYTES).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// The text of the Word binary document `data` (an OLE2 file), or `None` when it has
/// no readable `WordDocument` stream or piece table.
pub fn text(data: &[u8]) -> Option<WordText> {
    let mut comp = cfb::CompoundFile::open(Cursor::new(data)).ok()?;
    let word = read_stream(&mut comp, "WordDocument")?;
    // FibBase: wIdent 0xA5EC; flags at 0x0A, bit 9 (fWhichTblStm) picks 1Table;
    // bit 8 (fEncrypted) means the text cannot be read.
    if u16_at(&word, 0)? != 0xA5EC {
        return None;
    }
    let flags = u16_at(&word, 0x0A)?;
    if flags & 0x0100 != 0 {
        return None;
    }
    let table_name = if flags & 0x0200 != 0 {
        "1Table"
    } else {
        "0Table"
    };
    // After FibBase (32 bytes): csw, fibRgW (csw u16), cslw, fibRgLw (cslw u32),
    // cbRgFcLcb, fibRgFcLcb (pairs of u32).
    let csw = usize::from(u16_at(&word, 32)?);
    let lw_at = 32 + 2 + csw * 2;
    let cslw = usize::from(u16_at(&word, lw_at)?);
    let lw = lw_at + 2;
    // fibRgLw: cbMac, 2 reserved, ccpText, ccpFtn, ccpHdd, reserved, ccpAtn, ccpEdn,
    // ccpTxbx, ccpHdrTxbx.
    let ccp_text = u32_at(&word, lw + 3 * 4)? as usize;
    let fc_at = lw + cslw * 4 + 2;
    // fcClx / lcbClx: the 34th pair of FibRgFcLcb97.
    let fc_clx = u32_at(&word, fc_at + 33 * 8)? as usize;
    let lcb_clx = u32_at(&word, fc_at + 33 * 8 + 4)? as usize;
    let table = read_stream(&mut comp, table_name)?;
    let clx = table.get(fc_clx..fc_clx.checked_add(lcb_clx)?)?;
    let plc = piece_table(clx)?;
    let chars = pieces_text(&word, plc)?;
    let (main, other) = if ccp_text <= chars.len() {
        chars.split_at(ccp_text)
    } else {
        (&chars[..], &[][..])
    };
    Some(WordText {
        main: clean(main),
        other: clean(other),
    })
}

/// The `PlcPcd` of a `Clx`: skips `Prc` entries (0x01 + size + bytes), then expects
/// `Pcdt` (0x02 + u32 size + data).
fn piece_table(clx: &[u8]) -> Option<&[u8]> {
    let mut at = 0usize;
    loop {
        match *clx.get(at)? {
            0x01 => {
                let n = usize::from(u16_at(clx, at + 1)?);
                at = at.checked_add(3 + n)?;
            }
            0x02 => {
                let n = u32_at(clx, at + 1)? as usize;
                return clx.get(at + 5..(at + 5).checked_add(n)?);
            }
            _ => return None,
        }
    }
}

/// The characters of every piece, in order.
fn pieces_text(word: &[u8], plc: &[u8]) -> Option<Vec<u16>> {
    // (n + 1) CPs of 4 bytes and n PCDs of 8 bytes: n = (len - 4) / 12.
    let n = plc.len().checked_sub(4)? / 12;
    if n == 0 || n > MAX_PIECES {
        return None;
    }
    let mut out: Vec<u16> = Vec::new();
    for i in 0..n {
        let cp0 = u32_at(plc, i * 4)? as usize;
        let cp1 = u32_at(plc, (i + 1) * 4)? as usize;
        let count = cp1.checked_sub(cp0)?;
        let pcd = (n + 1) * 4 + i * 8;
        let fc = u32_at(plc, pcd + 2)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        if out.len() + count > MAX_CHARS {
            break;
        }
        if compressed {
            let start = fc / 2;
            let bytes = word.get(start..start.checked_add(count)?)?;
            out.extend(bytes.iter().map(|b| cp1252(*b)));
        } else {
            let bytes = word.get(fc..fc.checked_add(count.checked_mul(2)?)?)?;
            out.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    Some(out)
}

/// The few Windows-1252 bytes that differ from Latin-1 do not matter for dates.
fn cp1252(b: u8) -> u16 {
    u16::from(b)
}

/// UTF-16 text with Word's control characters turned into line breaks and field
/// codes dropped (between 0x13 and 0x14; the result up to 0x15 is kept).
fn clean(units: &[u16]) -> String {
    let mut out = String::new();
    let mut in_code = 0usize;
    for c in char::decode_utf16(units.iter().copied()) {
        let c = c.unwrap_or('\u{FFFD}');
        match c {
            '\u{13}' => in_code += 1,
            '\u{14}' => in_code = in_code.saturating_sub(1),
            '\u{15}' => in_code = in_code.saturating_sub(1),
            _ if in_code > 0 => {}
            '\r' | '\u{0B}' | '\u{0C}' | '\u{0E}' => out.push('\n'),
            '\u{07}' => out.push('\t'),
            c if c < ' ' && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_fields() {
        let s: Vec<u16> = "a\rb\u{7}c\u{13} HYPERLINK x \u{14}link\u{15}d"
            .encode_utf16()
            .collect();
        assert_eq!(clean(&s), "a\nb\tclinkd");
    }

    #[test]
    fn not_word_is_none() {
        assert_eq!(text(b"not an OLE file"), None);
        assert_eq!(text(&[]), None);
    }
}
