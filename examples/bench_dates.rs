//! Measures date extraction per file: generates N files of each kind (PDF, XLSX,
//! DOCX, JPEG) deterministically in a temporary folder, then times
//! `evcheck::dates::extract` on each.
//!
//! Run: `cargo run --release --example bench_dates [N]` (default N = 40).

use evcheck::dates::extract;
use evcheck::identify::Format;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

/// A PDF of `pages` pages, 40 lines each, UniGB-UCS2-H font.
fn pdf(seed: usize, pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "UniGB-UCS2-H",
    });
    let mut kids = Vec::new();
    for pg in 0..pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
        ];
        for line in 0..40 {
            let m = (seed + pg + line) % 12 + 1;
            let d = (seed * 7 + line) % 28 + 1;
            let text = format!("{line}. 2022年{m}月{d}日 窗口受理群众办件，编号 GD{seed:04}{line:03}，当日办结，群众满意。");
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(utf16be(&text), StringFormat::Hexadecimal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }.encode().unwrap_or_default();
        let mut stream = Stream::new(dictionary! {}, content);
        let _ = stream.compress();
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

/// A work-order list of `rows` rows with date cells and text dates.
fn xlsx(seed: usize, rows: u32) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let mut wb = Workbook::new();
    let cn = XFormat::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let ws = wb.add_worksheet();
    for (c, h) in ["工单号", "事项", "受理日期", "办结日期", "备注"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    for r in 1..=rows {
        let m = ((seed as u32 + r) % 10 + 1) as u8;
        let d = ((seed as u32 * 3 + r) % 28 + 1) as u8;
        ws.write_string(r, 0, format!("GD{seed:04}{r:05}"))
            .expect("write");
        ws.write_string(r, 1, "路灯维修及群众诉求办理")
            .expect("write");
        let dt = ExcelDateTime::from_ymd(2022, m, d).expect("date");
        ws.write_datetime_with_format(r, 2, &dt, &cn)
            .expect("write");
        ws.write_string(r, 3, format!("2022/{m}/{d}"))
            .expect("write");
        ws.write_string(r, 4, "已回访，群众满意").expect("write");
    }
    wb.save_to_buffer().expect("save xlsx")
}

/// A Word document with `paras` paragraphs and a table of `rows` rows.
fn docx(seed: usize, paras: usize, rows: usize) -> Vec<u8> {
    let mut body = String::new();
    for i in 0..paras {
        let m = (seed + i) % 10 + 1;
        body.push_str(&format!(
            "<w:p><w:r><w:t>{i}、2022年{m}月开展第{i}次窗口服务检查，根据2020年5月12日印发的《方案》整改。</w:t></w:r></w:p>"
        ));
    }
    body.push_str("<w:tbl>");
    for r in 0..rows {
        let m = (seed + r) % 10 + 1;
        let d = r % 28 + 1;
        body.push_str(&format!(
            "<w:tr><w:tc><w:p><w:r><w:t>{r}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2022-{m:02}-{d:02}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>回访群众</w:t></w:r></w:p></w:tc></w:tr>"
        ));
    }
    body.push_str("</w:tbl>");
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("word/document.xml", o).expect("zip");
    w.write_all(doc.as_bytes()).expect("zip");
    w.finish().expect("zip").into_inner()
}

/// A 1024x768 JPEG with an EXIF DateTimeOriginal.
fn jpeg(seed: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(1024, 768, |x, y| {
        image::Rgb([
            (x as usize + seed) as u8,
            (y as usize * 3) as u8,
            ((x ^ y) & 0xff) as u8,
        ])
    });
    let mut buf = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Jpeg)
        .expect("jpeg");
    let value = format!("2022:{:02}:{:02} 10:11:12\0", seed % 12 + 1, seed % 28 + 1);
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8769u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x9003u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend((value.len() as u32).to_le_bytes());
    tiff.extend(44u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(value.as_bytes());
    let mut out = buf[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&buf[2..]);
    out
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).expect("write file");
    p
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().expect("temp dir");
    type Kind = (&'static str, Format, Box<dyn Fn(usize) -> Vec<u8>>);
    let kinds: Vec<Kind> = vec![
        ("PDF 10 pages", Format::Pdf, Box::new(|i| pdf(i, 10))),
        ("PDF 60 pages", Format::Pdf, Box::new(|i| pdf(i, 60))),
        ("XLSX 2000 rows", Format::Xlsx, Box::new(|i| xlsx(i, 2000))),
        (
            "DOCX 200 para + 200 rows",
            Format::Docx,
            Box::new(|i| docx(i, 200, 200)),
        ),
        ("JPEG 1024x768 EXIF", Format::Jpeg, Box::new(jpeg)),
    ];
    println!("N = {n} files per kind, one thread\n");
    println!(
        "{:<26} {:>10} {:>12} {:>12} {:>10}",
        "kind", "avg size", "ms/file", "files/s", "MB/s"
    );
    for (label, fmt, make) in &kinds {
        let paths: Vec<PathBuf> = (0..n)
            .map(|i| write(dir.path(), &format!("{label}-{i}"), &make(i)))
            .collect();
        let mut total = Duration::ZERO;
        let mut bytes = 0usize;
        let mut found = 0usize;
        for p in &paths {
            let data = std::fs::read(p).expect("read");
            bytes += data.len();
            let t = Instant::now();
            let f = extract(&data, *fmt, "单位-05-窗口服务.pdf");
            total += t.elapsed();
            found += f.found.len() + f.record_count();
            std::hint::black_box(&f);
        }
        let secs = total.as_secs_f64().max(1e-9);
        println!(
            "{:<26} {:>8.0}KB {:>12.2} {:>12.1} {:>10.1}   ({} dates/records per file)",
            label,
            bytes as f64 / n as f64 / 1024.0,
            secs * 1000.0 / n as f64,
            n as f64 / secs,
            bytes as f64 / 1_048_576.0 / secs,
            found / n.max(1)
        );
    }
}
