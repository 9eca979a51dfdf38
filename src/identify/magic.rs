//! Magic numbers of single-stream formats: PDF, CEB, CAJ, images, RAR and 7z.
//!
//! Works on the first bytes of the file only (see [`super::HEAD_LEN`]).

use super::{id, text, Format, Identified, HEAD_LEN};

/// How far into the file a PDF header may start (readers accept leading junk).
const PDF_HEADER_WINDOW: usize = 1024;

/// Identifies `head` (the first bytes of a file) by magic number alone.
pub(super) fn sniff(head: &[u8]) -> Option<Identified> {
    if head.starts_with(b"%PDF-") {
        return Some(pdf(head, 0));
    }
    if head.starts_with(b"Founder CEB") {
        return Some(id(Format::Ceb, "magic \"Founder CEB\""));
    }
    if let Some(m) = caj_magic(head) {
        return Some(id(Format::Caj, format!("magic {m:?} (CNKI CAJ family)")));
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(id(Format::Jpeg, "magic FF D8 FF (JPEG SOI)"));
    }
    if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some(id(Format::Png, "magic \\x89PNG\\r\\n\\x1a\\n"));
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        let v = String::from_utf8_lossy(&head[..6]).into_owned();
        return Some(id(Format::Gif, format!("magic {v}")));
    }
    if let Some(dib) = bmp_header(head) {
        return Some(id(
            Format::Bmp,
            format!("magic BM, DIB header of {dib} bytes"),
        ));
    }
    for (m, what) in [
        (&b"II*\0"[..], "II*\\0 (TIFF, little-endian)"),
        (b"MM\0*", "MM\\0* (TIFF, big-endian)"),
        (b"II+\0", "II+\\0 (BigTIFF, little-endian)"),
        (b"MM\0+", "MM\\0+ (BigTIFF, big-endian)"),
    ] {
        if head.starts_with(m) {
            return Some(id(Format::Tiff, format!("magic {what}")));
        }
    }
    if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        return Some(id(Format::Webp, "magic RIFF....WEBP"));
    }
    if let Some(res) = heif(head) {
        return Some(res);
    }
    if head.starts_with(b"Rar!\x1A\x07\x01\x00") {
        return Some(id(Format::Rar, "magic Rar!\\x1a\\x07\\x01\\x00 (RAR 5)"));
    }
    if head.starts_with(b"Rar!\x1A\x07\x00") {
        return Some(id(Format::Rar, "magic Rar!\\x1a\\x07\\x00 (RAR 1.5-4)"));
    }
    if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return Some(id(Format::SevenZip, "magic 7z\\xbc\\xaf\\x27\\x1c"));
    }
    // Last: a PDF header after leading junk, which readers accept within the first KiB.
    let window = &head[..head.len().min(PDF_HEADER_WINDOW + 6)];
    let at = window
        .windows(6)
        .position(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit())?;
    Some(pdf(head, at))
}

fn pdf(head: &[u8], at: usize) -> Identified {
    let version: String = head[at + 5..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .map(|&b| b as char)
        .collect();
    let basis = if at == 0 {
        format!("magic %PDF-{version}")
    } else {
        format!("magic %PDF-{version} at byte {at}")
    };
    id(Format::Pdf, basis)
}

/// The basis for a file nothing matched: its first bytes in hex.
pub(super) fn unknown_basis(head: &[u8]) -> String {
    let hex: Vec<String> = head.iter().take(8).map(|b| format!("{b:02X}")).collect();
    format!(
        "no known signature, not text (first bytes {})",
        hex.join(" ")
    )
}

/// CNKI signatures: `CAJ`, `HN`, `KDH `, `TEB`. They are short ASCII prefixes, so a text
/// file could begin with them: a file that reads as text is not taken for CAJ.
fn caj_magic(head: &[u8]) -> Option<&'static str> {
    let m = [&b"KDH "[..], b"CAJ", b"TEB", b"HN"]
        .into_iter()
        .find(|m| head.starts_with(m))?;
    if text::sniff(head, head.len() == HEAD_LEN).is_some() {
        return None;
    }
    match m {
        b"KDH " => Some("KDH "),
        b"CAJ" => Some("CAJ"),
        b"TEB" => Some("TEB"),
        _ => Some("HN"),
    }
}

/// `BM` followed by a plausible header: returns the DIB header size.
fn bmp_header(head: &[u8]) -> Option<u32> {
    if head.len() < 26 || !head.starts_with(b"BM") {
        return None;
    }
    let dib = u32::from_le_bytes([head[14], head[15], head[16], head[17]]);
    let offset = u32::from_le_bytes([head[10], head[11], head[12], head[13]]);
    let known = matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124);
    (known && offset >= 14 + dib).then_some(dib)
}

/// ISO-BMFF `ftyp` box with a HEIF brand. AVIF (same container, AV1 codec) is not HEIC.
fn heif(head: &[u8]) -> Option<Identified> {
    if head.len() < 16 || &head[4..8] != b"ftyp" {
        return None;
    }
    let box_len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let major = &head[8..12];
    let end = box_len.clamp(16, head.len());
    // Compatible brands follow the major brand and the minor version.
    let compat: Vec<&[u8]> = head[16..end].chunks_exact(4).collect();
    let hevc = |b: &[u8]| matches!(b, b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis");
    let brand = String::from_utf8_lossy(major).into_owned();
    if hevc(major) {
        return Some(id(Format::Heic, format!("ftyp brand {brand}")));
    }
    let avif = compat.iter().any(|b| matches!(*b, b"avif" | b"avis"));
    if matches!(major, b"mif1" | b"msf1") && (compat.iter().any(|b| hevc(b)) || !avif) {
        return Some(id(Format::Heic, format!("ftyp brand {brand} (HEIF)")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_table() {
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 8]);
        bmp.extend_from_slice(&54u32.to_le_bytes());
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&[0; 20]);
        let mut junk_pdf = vec![b' '; 700];
        junk_pdf.extend_from_slice(b"%PDF-1.4\n");
        let cases: Vec<(&str, Vec<u8>, Option<Format>)> = vec![
            ("pdf", b"%PDF-1.7\n%\xE2\xE3".to_vec(), Some(Format::Pdf)),
            ("pdf after junk", junk_pdf, Some(Format::Pdf)),
            (
                "text mentioning %PDF-",
                b"see the %PDF- header".to_vec(),
                None,
            ),
            (
                "jpeg mentioning %PDF- stays jpeg",
                b"\xFF\xD8\xFF\xFE\x00\x10 from %PDF-1.4".to_vec(),
                Some(Format::Jpeg),
            ),
            ("ceb", b"Founder CEB\x01\0\0\0".to_vec(), Some(Format::Ceb)),
            ("caj", b"CAJ\0\x01\x02\x03".to_vec(), Some(Format::Caj)),
            ("hn", b"HN\0\0\xC8\0\0\0".to_vec(), Some(Format::Caj)),
            ("kdh", b"KDH \x01\x00\xFF".to_vec(), Some(Format::Caj)),
            ("teb", b"TEB\x00\x11".to_vec(), Some(Format::Caj)),
            ("text starting HN", b"HNLX county notes\n".to_vec(), None),
            (
                "jpeg",
                vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10],
                Some(Format::Jpeg),
            ),
            ("bmp", bmp, Some(Format::Bmp)),
            (
                "bm text",
                b"BM is not a bitmap header at all".to_vec(),
                None,
            ),
            (
                "rar4",
                b"Rar!\x1A\x07\x00\xCF\x90".to_vec(),
                Some(Format::Rar),
            ),
            (
                "rar5",
                b"Rar!\x1A\x07\x01\x00\x33".to_vec(),
                Some(Format::Rar),
            ),
            (
                "7z",
                b"7z\xBC\xAF\x27\x1C\x00\x04".to_vec(),
                Some(Format::SevenZip),
            ),
            ("bigtiff", b"II+\0\x08\0\0\0".to_vec(), Some(Format::Tiff)),
            (
                "heic",
                b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
                Some(Format::Heic),
            ),
            (
                "heif mif1",
                b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic".to_vec(),
                Some(Format::Heic),
            ),
            (
                "avif is not heic",
                b"\0\0\0\x18ftypavif\0\0\0\0mif1avif".to_vec(),
                None,
            ),
            (
                "avif with mif1 major",
                b"\0\0\0\x18ftypmif1\0\0\0\0mif1avif".to_vec(),
                None,
            ),
            ("mp4", b"\0\0\0\x18ftypisom\0\0\0\0isomiso2".to_vec(), None),
            ("short", b"G".to_vec(), None),
        ];
        for (name, bytes, want) in cases {
            let got = sniff(&bytes).map(|i| i.format);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn pdf_header_beyond_window_is_not_pdf() {
        let mut v = vec![b'x'; PDF_HEADER_WINDOW + 1];
        v.extend_from_slice(b"%PDF-1.4");
        assert_eq!(sniff(&v), None);
    }

    #[test]
    fn pdf_basis_names_version() {
        let got = sniff(b"%PDF-1.7\n").map(|i| i.basis);
        assert_eq!(got.as_deref(), Some("magic %PDF-1.7"));
    }
}
