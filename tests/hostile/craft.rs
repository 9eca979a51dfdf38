//! Hand-made hostile files: declared sizes and counts far beyond the bytes held,
//! bombs, deep nesting, cycles. Each is a valid-looking file of its format (right
//! signatures, checksums and offsets) so that readers get past the first checks.

use super::gen;
use std::io::{Cursor, Read, Write};

/// CRC-32 (IEEE), as PNG chunks and ZIP entries use it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *t = c;
    }
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc = table[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// Rewrites every member of a ZIP through `edit(name, bytes)`, keeping names and order.
pub fn rezip(zip_bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).expect("zip");
    let mut entries = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        entries.push((name.clone(), edit(&name, data)));
    }
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    gen::zip_utf8(&refs)
}

/// An XLSX whose sharedStrings part declares `uniqueCount="20000000000"`.
pub fn xlsx_huge_shared_strings() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "办件日期").unwrap();
    ws.write_string(1, 0, "2022年3月5日").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    rezip(&bytes, |name, data| {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let re = regex::Regex::new(r#"uniqueCount="\d+""#).unwrap();
            let re2 = regex::Regex::new(r#" count="\d+""#).unwrap();
            assert!(re.is_match(&text), "{text}");
            let t = re.replace(&text, r#"uniqueCount="20000000000""#);
            re2.replace(&t, r#" count="20000000000""#)
                .into_owned()
                .into_bytes()
        } else {
            data
        }
    })
}

/// An XLSX whose sheet holds A1 and XFD1048576 (dimension `A1:XFD1048576`).
pub fn xlsx_corner_cells() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2022年3月5日").unwrap();
    ws.write_string(1_048_575, 16_383, "2022年4月6日").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    // rust_xlsxwriter writes the dimension itself; make sure it is the full sheet.
    let z = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    drop(z);
    rezip(&bytes, |name, data| {
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).unwrap();
            assert!(
                text.contains(r#"<dimension ref="A1:XFD1048576"/>"#),
                "{text}"
            );
            text.into_bytes()
        } else {
            data
        }
    })
}

/// A ZIP holding one member of `mb` MiB of zeros, deflated as hard as deflate goes
/// (about 1000:1).
pub fn zip_bomb(member: &str, mb: usize, method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let level = if method == zip::CompressionMethod::Deflated {
        9
    } else {
        19
    };
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(Some(level));
    w.start_file(member, opts).unwrap();
    let z = vec![0u8; 1 << 20];
    for _ in 0..mb {
        w.write_all(&z).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `inner` wrapped in `depth` ZIPs, each holding the next as `levelN.zip`.
pub fn zip_nested(inner_name: &str, inner: Vec<u8>, depth: usize) -> Vec<u8> {
    let mut name = inner_name.to_owned();
    let mut bytes = inner;
    for level in (1..=depth).rev() {
        bytes = gen::zip_utf8(&[(name.as_str(), bytes)]);
        name = format!("level{level}.zip");
    }
    bytes
}

/// A ZIP with `n` tiny stored entries.
pub fn zip_many(n: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..n {
        w.start_file(format!("d{}/f{i}.txt", i % 50), opts).unwrap();
        w.write_all(b"x").unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A small ZIP whose end records (ZIP64) declare 4 000 000 000 entries.
pub fn zip_declaring_4g_entries() -> Vec<u8> {
    let base = gen::zip_utf8(&[("a.pdf", gen::pdf(&[vec!["2022年3月5日".into()]], None))]);
    let eocd = base.len() - 22;
    assert_eq!(&base[eocd..eocd + 4], b"PK\x05\x06");
    let cd_size = u32::from_le_bytes(base[eocd + 12..eocd + 16].try_into().unwrap()) as u64;
    let cd_off = u32::from_le_bytes(base[eocd + 16..eocd + 20].try_into().unwrap()) as u64;
    let mut out = base[..eocd].to_vec();
    let z64_at = out.len() as u64;
    // ZIP64 end of central directory record.
    out.extend_from_slice(b"PK\x06\x06");
    out.extend_from_slice(&44u64.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&4_000_000_000u64.to_le_bytes());
    out.extend_from_slice(&4_000_000_000u64.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_off.to_le_bytes());
    // Locator.
    out.extend_from_slice(b"PK\x06\x07");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&z64_at.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    // Classic end record pointing at ZIP64.
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0xFFFFu16.to_le_bytes());
    out.extend_from_slice(&0xFFFFu16.to_le_bytes());
    out.extend_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    out.extend_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A PDF from object bodies (object `i + 1` is `objects[i]`, object 1 the catalog),
/// with a correct cross-reference table.
pub fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(content: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    v.extend_from_slice(content);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A PDF holding arrays nested `depth` deep, in an object and in the page content.
pub fn pdf_deep_arrays(depth: usize) -> Vec<u8> {
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    let mut content = b"BT /F1 12 Tf 60 780 Td (2022-03-05) Tj ".to_vec();
    content.extend_from_slice(&deep);
    content.extend_from_slice(b" TJ ET");
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> /XObject << /Im1 5 0 R >> >> >>".to_vec(),
        stream(&content),
        deep.clone(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

/// A PDF whose page tree loops: a `Pages` node is its own grandchild, and the page's
/// `Parent` chain (walked for inherited resources) never reaches a root.
pub fn pdf_page_tree_cycle() -> Vec<u8> {
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 3 /Parent 5 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 5 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream(b"BT /F1 12 Tf 60 780 Td (2022-03-05) Tj ET"),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>".to_vec(),
    ])
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

/// A PNG declaring `w`×`h` RGB pixels, with some zero rows of image data.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // zlib header, then non-final stored blocks of zeros (a truncated but valid start).
    let mut idat = vec![0x78, 0x01];
    for _ in 0..4 {
        idat.push(0);
        idat.extend_from_slice(&0xFFFFu16.to_le_bytes());
        idat.extend_from_slice(&0u16.to_le_bytes());
        idat.extend(std::iter::repeat_n(0u8, 0xFFFF));
    }
    png_chunk(&mut out, b"IDAT", &idat);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A real JPEG whose frame header declares 65535×65535 pixels.
pub fn jpeg_declaring_max() -> Vec<u8> {
    let mut j = gen::jpeg(&gen::page_image(64, 64, true, 7));
    let sof = j
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline JPEG");
    // FFC0, length (2), precision (1), height (2), width (2).
    j[sof + 5..sof + 7].copy_from_slice(&0xFFFFu16.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&0xFFFFu16.to_be_bytes());
    j
}

/// Sets every entry's modification time (local and central headers) to 2022-05-01
/// 08:00, so that generated ZIPs are the same bytes on every run.
pub fn fixed_zip_times(mut z: Vec<u8>) -> Vec<u8> {
    const TIME: u16 = 8 << 11;
    const DATE: u16 = ((2022 - 1980) << 9) | (5 << 5) | 1;
    let u16_at = |z: &[u8], i: usize| u16::from_le_bytes([z[i], z[i + 1]]) as usize;
    let u32_at = |z: &[u8], i: usize| u32::from_le_bytes(z[i..i + 4].try_into().unwrap()) as usize;
    let eocd = z.len() - 22;
    assert_eq!(&z[eocd..eocd + 4], b"PK\x05\x06", "no comment expected");
    let entries = u16_at(&z, eocd + 10);
    let mut cd = u32_at(&z, eocd + 16);
    for _ in 0..entries {
        assert_eq!(&z[cd..cd + 4], b"PK\x01\x02");
        z[cd + 12..cd + 14].copy_from_slice(&TIME.to_le_bytes());
        z[cd + 14..cd + 16].copy_from_slice(&DATE.to_le_bytes());
        let local = u32_at(&z, cd + 42);
        assert_eq!(&z[local..local + 4], b"PK\x03\x04");
        z[local + 10..local + 12].copy_from_slice(&TIME.to_le_bytes());
        z[local + 12..local + 14].copy_from_slice(&DATE.to_le_bytes());
        cd += 46 + u16_at(&z, cd + 28) + u16_at(&z, cd + 30) + u16_at(&z, cd + 32);
    }
    z
}

/// An XLSX made by `gen::xlsx_dates`, with its creation time and ZIP times fixed.
pub fn fixed_xlsx(xlsx: &[u8]) -> Vec<u8> {
    let re = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap();
    fixed_zip_times(rezip(xlsx, |name, data| {
        if name == "docProps/core.xml" {
            let t = String::from_utf8(data).unwrap();
            re.replace_all(&t, "2022-05-01T08:00:00Z")
                .into_owned()
                .into_bytes()
        } else {
            data
        }
    }))
}
