//! Generators of real test files (PDF, DOCX, XLSX, JPEG with EXIF, ZIP with GBK
//! names, CEB/RAR headers), made with the libraries that read them back. Shared by the
//! integration tests and the demo/benchmark data generators (`examples/`).
#![allow(dead_code)]

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use std::io::{Cursor, Write};

/// The seeded generator of the seal evaluation set, reused for generated test data.
pub use seal_synth::Rng;

/// `len` bytes that do not compress and match no file format (xorshift from `seed`,
/// made odd so that it is never zero).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `rng.below(n)`: uniform in `0..n` (n > 0).
pub trait Below {
    fn below(&mut self, n: u64) -> u64;
}

impl Below for Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

/// A PDF whose pages hold the given lines of (Chinese) text, in a CID font with the
/// `UniGB-UCS2-H` encoding (as OFD-to-PDF converters write), optionally with a JPEG
/// drawn full-page on the last page.
pub fn pdf(pages: &[Vec<String>], last_page_jpeg: Option<(&[u8], u32, u32)>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => "UniGB-UCS2-H",
        "DescendantFonts" => vec![cid.into()],
    });
    let mut kids = Vec::new();
    for (i, lines) in pages.iter().enumerate() {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("TL", vec![18.into()]),
            Operation::new("Td", vec![60.into(), 780.into()]),
        ];
        for l in lines {
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(utf16be(l), StringFormat::Hexadecimal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font } };
        let last = i + 1 == pages.len();
        if let (true, Some((jpeg, w, h))) = (last, last_page_jpeg) {
            let img = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Image",
                    "Width" => w as i64,
                    "Height" => h as i64,
                    "ColorSpace" => "DeviceRGB",
                    "BitsPerComponent" => 8,
                    "Filter" => "DCTDecode",
                },
                jpeg.to_vec(),
            ));
            resources.set("XObject", dictionary! { "Im1" => img });
            ops.insert(0, Operation::new("q", vec![]));
            ops.insert(
                1,
                Operation::new(
                    "cm",
                    vec![
                        595.into(),
                        0.into(),
                        0.into(),
                        842.into(),
                        0.into(),
                        0.into(),
                    ],
                ),
            );
            ops.insert(2, Operation::new("Do", vec!["Im1".into()]));
            ops.insert(3, Operation::new("Q", vec![]));
        }
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().unwrap_or_default(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("write pdf");
    out
}

/// A DOCX with the given paragraphs and one table (rows of cells).
pub fn docx(paragraphs: &[&str], table: &[Vec<&str>]) -> Vec<u8> {
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", esc(p)));
    }
    if !table.is_empty() {
        body.push_str("<w:tbl>");
        for row in table {
            body.push_str("<w:tr>");
            for c in row {
                body.push_str(&format!(
                    "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                    esc(c)
                ));
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_utf8(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
        ),
        ("word/document.xml", document.into_bytes()),
    ])
}

/// An XLSX whose first sheet has a header row and one row per date (real date cells
/// in a Chinese date format), with a text column.
pub fn xlsx_dates(header: &[&str], dates: &[(i32, u8, u8)]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    // A fixed creation time keeps the workbook byte-identical between runs.
    let created = ExcelDateTime::from_ymd(2022, 1, 1).expect("date");
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    let date_fmt = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (i, (y, m, d)) in dates.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("GD{:05}", i + 1))
            .expect("cell");
        let dt = ExcelDateTime::from_ymd(*y as u16, *m, *d).expect("date");
        ws.write_datetime_with_format(r, 1, &dt, &date_fmt)
            .expect("date cell");
        ws.write_string(r, 2, "已办结").expect("cell");
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A ZIP of `(name, bytes)` entries with UTF-8 names (flagged as UTF-8 by the writer
/// when non-ASCII).
pub fn zip_utf8(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time (1980-01-01) keeps generated archives byte-identical between runs.
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, data) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A ZIP as Chinese Windows writes it: names in GBK, no UTF-8 flag.
pub fn zip_gbk(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut placeholders = Vec::new();
    let mut ascii_entries = Vec::new();
    for (i, (name, data)) in entries.iter().enumerate() {
        let (gbk, _, bad) = encoding_rs::GBK.encode(name);
        assert!(!bad, "name not encodable in GBK: {name}");
        // An ASCII placeholder of the same byte length, unique per entry.
        let mut ph = format!("{i:04}");
        while ph.len() < gbk.len() {
            ph.push('x');
        }
        assert_eq!(
            ph.len(),
            gbk.len(),
            "name too short for a unique placeholder: {name}"
        );
        placeholders.push((ph.clone().into_bytes(), gbk.into_owned()));
        ascii_entries.push((ph, data.clone()));
    }
    let refs: Vec<(&str, Vec<u8>)> = ascii_entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    let mut bytes = zip_utf8(&refs);
    for (ph, gbk) in placeholders {
        let mut i = 0;
        while i + ph.len() <= bytes.len() {
            if bytes[i..i + ph.len()] == ph[..] {
                bytes[i..i + ph.len()].copy_from_slice(&gbk);
                i += ph.len();
            } else {
                i += 1;
            }
        }
    }
    bytes
}

/// Draws a red official seal (ring, star, arc marks) centred at (cx, cy).
pub fn draw_seal(img: &mut image::RgbImage, cx: f32, cy: f32, r: f32) {
    let (w, h) = img.dimensions();
    let red = image::Rgb([210u8, 30, 35]);
    let x0 = (cx - r - 2.0).max(0.0) as u32;
    let y0 = (cy - r - 2.0).max(0.0) as u32;
    let x1 = ((cx + r + 2.0) as u32).min(w.saturating_sub(1));
    let y1 = ((cy + r + 2.0) as u32).min(h.saturating_sub(1));
    let ring = r * 0.07;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let dx = x as f32 - cx;
            let dy = y as f32 - cy;
            let d = (dx * dx + dy * dy).sqrt();
            let a = dy.atan2(dx);
            let on_ring = d <= r && d >= r - ring;
            // Characters along the arc: short radial strokes in a band inside the ring.
            let band = d < r - ring * 1.8 && d > r * 0.62;
            let glyph = band && (a * 14.0).sin() > 0.55 && !(1.1..2.05).contains(&a);
            // A five-pointed star in the centre.
            let star = {
                let rr = r * 0.28;
                let k = (a + std::f32::consts::FRAC_PI_2)
                    .rem_euclid(2.0 * std::f32::consts::PI / 5.0)
                    - std::f32::consts::PI / 5.0;
                let edge = rr * 0.45 / (0.45 * k.cos().abs() + 0.9 * k.sin().abs()).max(0.2);
                d < edge.min(rr)
            };
            if on_ring || glyph || star {
                img.put_pixel(x, y, red);
            }
        }
    }
}

/// A page-like RGB image: white with rows of black "text" bars; optionally stamped.
pub fn page_image(w: u32, h: u32, seal: bool, seed: u64) -> image::RgbImage {
    let mut rng = Rng::new(seed);
    let mut img = image::RgbImage::from_pixel(w, h, image::Rgb([250, 250, 248]));
    let line_h = (h / 40).max(4);
    let mut y = h / 10;
    while y + line_h < h * 9 / 10 {
        let mut x = w / 10;
        while x < w * 9 / 10 {
            let word = (rng.below(6) as u32 + 2) * line_h / 2;
            for yy in y..(y + line_h * 2 / 3).min(h) {
                for xx in x..(x + word).min(w) {
                    img.put_pixel(xx, yy, image::Rgb([25, 25, 25]));
                }
            }
            x += word + line_h / 2;
        }
        y += line_h * 3 / 2;
    }
    if seal {
        let r = w as f32 * 0.12;
        draw_seal(&mut img, w as f32 * 0.68, h as f32 * 0.78, r);
    }
    img
}

/// Encodes an RGB image as JPEG (quality 85).
pub fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    enc.encode_image(img).expect("jpeg");
    out
}

/// Encodes an RGB image as PNG.
pub fn png(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

/// Inserts an EXIF APP1 segment with DateTimeOriginal (`"2022:03:05 10:20:30"`) right
/// after the JPEG's SOI marker.
pub fn with_exif_date(jpeg: &[u8], datetime: &str) -> Vec<u8> {
    assert_eq!(datetime.len(), 19);
    let mut tiff: Vec<u8> = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: one entry, ExifIFDPointer → offset 26.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x8769u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes()); // LONG
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes()); // next IFD
                                                 // Exif IFD at 26: one entry, DateTimeOriginal (ASCII, 20) → offset 44.
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x9003u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes()); // ASCII
    tiff.extend_from_slice(&20u32.to_le_bytes());
    tiff.extend_from_slice(&44u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(datetime.as_bytes());
    tiff.push(0);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + app1.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The first bytes of a 方正 CEB file followed by filler.
pub fn ceb() -> Vec<u8> {
    let mut v = b"Founder CEB\x00".to_vec();
    v.extend(std::iter::repeat_n(0x5Au8, 2048));
    v
}

/// A RAR 5 signature followed by filler.
pub fn rar() -> Vec<u8> {
    let mut v = b"Rar!\x1A\x07\x01\x00".to_vec();
    v.extend(std::iter::repeat_n(0x11u8, 512));
    v
}

/// Pads `data` with zero bytes up to `len` (for size-limit tests: readers ignore
/// trailing bytes after a PDF's `%%EOF` or a JPEG's EOI).
pub fn padded(mut data: Vec<u8>, len: usize) -> Vec<u8> {
    if data.len() < len {
        data.resize(len, 0);
    }
    data
}

/// A legacy Word `.doc` as far as evcheck reads one: an OLE compound file with a
/// `WordDocument` stream and summary properties whose creation and last-save times
/// are the Unix times `created` and `saved` (written as FILETIME values).
pub fn legacy_doc(created: i64, saved: i64) -> Vec<u8> {
    let filetime = |unix: i64| ((unix + 11_644_473_600) as u64) * 10_000_000;
    // Section: size, count, (id, offset) pairs, then VT_FILETIME (0x40) values.
    let props = [(0x0Cu32, filetime(created)), (0x0Du32, filetime(saved))];
    let table = 8 + 8 * props.len();
    let mut section = Vec::new();
    section.extend_from_slice(&((table + 12 * props.len()) as u32).to_le_bytes());
    section.extend_from_slice(&(props.len() as u32).to_le_bytes());
    for (i, (id, _)) in props.iter().enumerate() {
        section.extend_from_slice(&id.to_le_bytes());
        section.extend_from_slice(&((table + 12 * i) as u32).to_le_bytes());
    }
    for (_, ticks) in props {
        section.extend_from_slice(&0x40u32.to_le_bytes());
        section.extend_from_slice(&ticks.to_le_bytes());
    }
    // Stream header: byte order, version, system, CLSID, one set (FMTID_SummaryInformation
    // F29F85E0-4FF9-1068-AB91-08002B27B3D9) at offset 48.
    let mut stream = vec![0xFE, 0xFF, 0, 0, 0x05, 0x01, 0x02, 0x00];
    stream.extend_from_slice(&[0; 16]);
    stream.extend_from_slice(&1u32.to_le_bytes());
    stream.extend_from_slice(&[
        0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3,
        0xD9,
    ]);
    stream.extend_from_slice(&48u32.to_le_bytes());
    stream.extend_from_slice(&section);
    let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    comp.create_stream("WordDocument")
        .expect("stream")
        .write_all(&[0u8; 512])
        .expect("write");
    comp.create_stream("\u{5}SummaryInformation")
        .expect("stream")
        .write_all(&stream)
        .expect("write");
    comp.flush().expect("flush");
    comp.into_inner().into_inner()
}

/// A work-order list as Excel on Chinese Windows saves it as CSV: GBK, CRLF.
pub fn csv_gbk(rows: &[(&str, &str)]) -> Vec<u8> {
    let mut text = String::from("工单编号,受理日期,状态\r\n");
    for (id, date) in rows {
        text.push_str(&format!("{id},{date},已办结\r\n"));
    }
    encoding_rs::GBK.encode(&text).0.into_owned()
}

/// Four ordinary documents of a submission (a case PDF, a stamped statistics PDF, a
/// 500-row work-order list, a Word rule text), for the benchmark corpora; `stamped` is
/// the JPEG page image of the statistics PDF.
pub fn document_pool(stamped: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "pdf",
            pdf(
                &vec![
                    vec![
                        "工作案例".to_string(),
                        "2022年3月5日办结".into(),
                        "2022年4月1日回访".into()
                    ];
                    3
                ],
                None,
            ),
        ),
        (
            "pdf",
            pdf(
                &[vec!["办件量统计".into(), "2022年1月至10月".into()]],
                Some((stamped, 1240, 1754)),
            ),
        ),
        (
            "xlsx",
            xlsx_dates(
                &["工单编号", "受理日期", "状态"],
                &(0..500)
                    .map(|i| (2022, 1 + (i % 10) as u8, 1 + (i % 28) as u8))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "docx",
            docx(
                &["关于窗口服务的工作制度", "2022年6月1日起施行"],
                &[vec!["序号", "日期"], vec!["1", "2022年5月5日"]],
            ),
        ),
    ]
}
