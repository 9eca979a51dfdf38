//! Date extraction and the period verdict on real files: XLSX written by
//! rust_xlsxwriter, DOCX built with zip, JPEGs encoded by `image` with an EXIF
//! segment, PDFs built with lopdf (Type0/Identity-H + ToUnicode, UniGB-UCS2-H,
//! GBK-EUC-H, no text layer) and PDFs produced by LibreOffice (committed under
//! `fixtures/period/`).

use evcheck::checks::period::judge;
use evcheck::dates::found::DateSource;
use evcheck::dates::{extract, DateFacts, DateRange};
use evcheck::diag::{Lang, Severity};
use evcheck::identify::Format;
use evcheck::outcome::ReadOutcome;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use std::io::{Cursor, Read, Write};

fn period() -> DateRange {
    DateRange {
        start: "2022-01-01".parse().unwrap(),
        end: "2022-10-31".parse().unwrap(),
    }
}

fn verdict(d: &DateFacts) -> Option<(&'static str, Severity, String)> {
    judge(d, &period(), "f").map(|x| (x.code.id, x.severity, x.message.zh))
}

fn days(d: &DateFacts) -> Vec<String> {
    d.found.iter().map(|x| x.start.to_string()).collect()
}

// ---------- XLSX ----------

fn xlsx_work_orders(out_of_period: &[(u32, u16, u8, u8)]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let mut wb = Workbook::new();
    let cn = XFormat::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let ws = wb.add_worksheet().set_name("工单").unwrap();
    ws.write_string(0, 0, "工单号").unwrap();
    ws.write_string(0, 1, "事项").unwrap();
    ws.write_string(0, 2, "受理日期").unwrap();
    ws.write_string(0, 3, "备注").unwrap();
    let mut row = 1u32;
    for m in 1..=10u8 {
        let day = if m == 1 { 4 } else { 15 };
        let day = if m == 10 { 28 } else { day };
        ws.write_string(row, 0, format!("GD2022{m:02}{day:02}001"))
            .unwrap();
        ws.write_string(row, 1, "路灯维修").unwrap();
        let dt = ExcelDateTime::from_ymd(2022, m, day).unwrap();
        ws.write_datetime_with_format(row, 2, &dt, &cn).unwrap();
        row += 1;
    }
    for (i, (_, y, m, d)) in out_of_period.iter().enumerate() {
        ws.write_string(row, 0, format!("X{i}")).unwrap();
        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        ws.write_datetime_with_format(row, 2, &dt, &cn).unwrap();
        row += 1;
    }
    // A remark citing an old document: not a record column, never decides.
    ws.write_string(1, 3, "依据2020年5月1日印发的办法").unwrap();
    // A second sheet with dates typed as text.
    let ws2 = wb.add_worksheet().set_name("台账").unwrap();
    ws2.write_string(0, 0, "日期").unwrap();
    for (i, t) in ["2022/3/5", "2022年4月1日", "2022-05-06 10:20", "2022.6.7"]
        .iter()
        .enumerate()
    {
        ws2.write_string(i as u32 + 1, 0, *t).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_records_in_period() {
    let data = xlsx_work_orders(&[]);
    let d = extract(&data, Format::Xlsx, "单位-05-工单台账.xlsx");
    assert_eq!(d.records.len(), 2, "{:?}", d.records);
    assert_eq!(d.records[0].sheet, "工单");
    assert_eq!(d.records[0].columns, ["C"]);
    assert_eq!(d.records[0].count, 10);
    assert_eq!(d.records[1].count, 4);
    assert_eq!(
        d.summary(Lang::Zh).as_deref(),
        Some("2022-01-04..2022-10-28（表格 工单 C 列（受理日期）；台账 A 列（日期），共 14 条）；未计入的日期 1 处：「2020年5月1日」（引用/背景）")
    );
    // The remark's cited date is kept, but records decide.
    assert!(d
        .found
        .iter()
        .any(|x| x.location == "工单!D2" && x.background));
    assert_eq!(verdict(&d), None);
}

#[test]
fn xlsx_records_outside_are_named() {
    let data = xlsx_work_orders(&[(0, 2021, 12, 30), (0, 2022, 11, 2), (0, 2021, 6, 1)]);
    let d = extract(&data, Format::Xlsx, "a.xlsx");
    let (code, sev, msg) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P001", Severity::Error));
    assert!(msg.contains("共 17 条记录中有 3 条"), "{msg}");
    assert!(msg.contains("工单!C12（2021-12-30）"), "{msg}");
    assert!(msg.contains("工单!C13（2022-11-02）"), "{msg}");
}

/// Rewrites one member of a ZIP.
fn patch_zip(data: &[u8], name: &str, f: impl Fn(&str) -> String) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(data)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let n = e.name().unwrap().into_owned();
        let mut body = Vec::new();
        e.read_to_end(&mut body).unwrap();
        if n == name {
            body = f(&String::from_utf8(body).unwrap()).into_bytes();
        }
        w.start_file(n, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn xlsx_hostile_shared_string_count_is_refused() {
    let data = xlsx_work_orders(&[]);
    let bad = patch_zip(&data, "xl/sharedStrings.xml", |s| {
        let i = s.find("uniqueCount=\"").unwrap() + 13;
        let j = i + s[i..].find('"').unwrap();
        format!("{}20000000000{}", &s[..i], &s[j..])
    });
    let d = extract(&bad, Format::Xlsx, "a.xlsx");
    assert!(
        matches!(&d.read, ReadOutcome::Unsupported { what } if what.zh.contains("共享字符串")),
        "{d:?}"
    );
    let (code, ..) = verdict(&d).unwrap();
    assert_eq!(code, "P003");
}

#[test]
fn xlsx_sparse_huge_sheet_does_not_allocate_dense() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "2022年3月5日").unwrap();
    ws.write_string(1_048_575, 16_383, "2022年4月5日").unwrap();
    let data = wb.save_to_buffer().unwrap();
    let d = extract(&data, Format::Xlsx, "a.xlsx");
    assert_eq!(days(&d), ["2022-03-05", "2022-04-05"]);
    assert_eq!(d.found[1].location, "Sheet1!XFD1048576");
    assert_eq!(d.found[0].source, DateSource::Cell);
}

// ---------- DOCX ----------

fn docx(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>2019-06-01T08:00:00Z</dcterms:created></cp:coreProperties>"#;
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (n, b) in [
        ("[Content_Types].xml", types),
        ("word/document.xml", doc.as_str()),
        ("docProps/core.xml", core),
    ] {
        w.start_file(n, o).unwrap();
        w.write_all(b.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn p(t: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>")
}

fn table(rows: &[[&str; 3]]) -> String {
    let mut s = String::from("<w:tbl>");
    for r in rows {
        s.push_str("<w:tr>");
        for c in r {
            s.push_str(&format!("<w:tc>{}</w:tc>", p(c)));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

#[test]
fn docx_dates_in_a_table() {
    let body = format!(
        "{}{}{}",
        p("根据《某市2020年工作方案》（2020年3月1日印发），开展以下工作："),
        table(&[
            ["序号", "日期", "内容"],
            ["1", "2022年3月5日", "窗口巡查"],
            ["2", "2022-06-18", "群众回访"],
        ]),
        p("填报日期：二〇二二年十月二十八日")
    );
    let d = extract(&docx(&body), Format::Docx, "a.docx");
    let own: Vec<(String, String)> = d
        .own()
        .map(|x| (x.start.to_string(), x.location.clone()))
        .collect();
    assert_eq!(
        own,
        [
            ("2022-03-05".into(), "表格1第2行".into()),
            ("2022-06-18".into(), "表格1第3行".into()),
            ("2022-10-28".into(), "正文第2段".into()),
        ]
    );
    assert_eq!(d.metadata.len(), 1, "core properties are metadata");
    assert_eq!(verdict(&d), None);
    assert_eq!(
        d.summary(Lang::Zh).as_deref(),
        Some("2022-03-05..2022-10-28（标题/版头日期 2022年3月5日、2022-06-18、二〇二二年十月二十八日）；未计入的日期 1 处：「2020年3月1日」（引用/背景）")
    );
}

#[test]
fn docx_all_outside_fails_but_citations_alone_do_not() {
    let body = table(&[["序号", "日期", "内容"], ["1", "2021年11月5日", "巡查"]]);
    let d = extract(&docx(&body), Format::Docx, "a.docx");
    let (code, sev, msg) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P001", Severity::Error));
    assert!(msg.contains("表格1第2行「2021年11月5日」"), "{msg}");

    let body = p("根据2020年5月1日印发的《实施办法》制定本制度。");
    let d = extract(&docx(&body), Format::Docx, "a.docx");
    let (code, sev, _) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P003", Severity::Info));
}

// ---------- JPEG + EXIF ----------

/// An APP1 Exif segment holding `tag` (DateTimeOriginal 0x9003 in the Exif IFD,
/// DateTime 0x0132 in IFD0) = `value`.
fn exif_app1(tag: u16, value: &str) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let mut val = value.as_bytes().to_vec();
    val.push(0);
    let entry = |t: u16, typ: u16, count: u32, off: u32| {
        let mut e = Vec::new();
        e.extend(t.to_le_bytes());
        e.extend(typ.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(off.to_le_bytes());
        e
    };
    if tag == 0x0132 {
        // IFD0 at 8: 1 entry (2 + 12 + 4 = 18 bytes), value at 26.
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(entry(0x0132, 2, val.len() as u32, 26));
        tiff.extend(0u32.to_le_bytes());
        tiff.extend(&val);
    } else {
        // IFD0 at 8 with the Exif pointer -> Exif IFD at 26, value at 44.
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(entry(0x8769, 4, 1, 26));
        tiff.extend(0u32.to_le_bytes());
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(entry(tag, 2, val.len() as u32, 44));
        tiff.extend(0u32.to_le_bytes());
        tiff.extend(&val);
    }
    let mut seg = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    seg.extend(len.to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(tiff);
    seg
}

fn jpeg_with_exif(app1: Option<Vec<u8>>) -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8 * 8, y as u8 * 10, 128]));
    let mut buf = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Jpeg)
        .unwrap();
    match app1 {
        Some(seg) => {
            let mut out = buf[..2].to_vec();
            out.extend(seg);
            out.extend(&buf[2..]);
            out
        }
        None => buf,
    }
}

#[test]
fn jpeg_exif_capture_time() {
    let data = jpeg_with_exif(Some(exif_app1(0x9003, "2022:03:05 10:11:12")));
    let d = extract(&data, Format::Jpeg, "IMG_0001.jpg");
    assert_eq!(days(&d), ["2022-03-05"]);
    assert_eq!(d.found[0].location, "EXIF DateTimeOriginal");
    assert_eq!(
        d.summary(Lang::Zh).as_deref(),
        Some("2022-03-05（照片 EXIF DateTimeOriginal）")
    );
    assert_eq!(verdict(&d), None);

    let data = jpeg_with_exif(Some(exif_app1(0x9003, "2022:11:20 09:00:00")));
    let d = extract(&data, Format::Jpeg, "IMG_0002.jpg");
    let (code, sev, _) = verdict(&d).unwrap();
    // Evidence outside the period is an error, photos included (若无特殊说明，一般均为评价期内).
    assert_eq!((code, sev), ("P002", Severity::Error));

    let data = jpeg_with_exif(Some(exif_app1(0x0132, "2021:12:31 23:59:59")));
    let d = extract(&data, Format::Jpeg, "IMG_0003.jpg");
    assert_eq!(d.found[0].location, "EXIF DateTime");
    assert_eq!(verdict(&d).unwrap().0, "P002");

    let data = jpeg_with_exif(None);
    let d = extract(&data, Format::Jpeg, "IMG_0004.jpg");
    assert!(d.found.is_empty());
    assert_eq!(verdict(&d).unwrap().0, "P003");
    // The file name still counts when the photo has no EXIF.
    let d = extract(&data, Format::Jpeg, "单位-06-2022年5月现场.jpg");
    assert_eq!(verdict(&d), None);
    assert_eq!(
        d.summary(Lang::Zh).as_deref(),
        Some("2022-05-01..2022-05-31（文件名）")
    );
}

// ---------- PDF built with lopdf ----------

/// One page showing `strings` with font `/F1` = `font`.
fn pdf_with_font(font: lopdf::Dictionary, strings: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(font);
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![72.into(), 700.into()]),
    ];
    for s in strings {
        ops.push(Operation::new(
            "Tj",
            vec![Object::String(s.clone(), StringFormat::Hexadecimal)],
        ));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! {
        "CreationDate" => Object::string_literal("D:20191201120000+08'00'"),
    });
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn cid_font(encoding: &str, to_unicode: Option<Object>) -> lopdf::Dictionary {
    let mut d = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "SimSun",
        "Encoding" => encoding,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType0",
            "BaseFont" => "SimSun",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"),
                "Supplement" => 2,
            },
        })],
    };
    if let Some(t) = to_unicode {
        d.set("ToUnicode", t);
    }
    d
}

const PDF_TEXT: [&str; 3] = [
    "根据2020年5月12日印发的《方案》开展工作",
    "2022 年 3 月 5 日 开展窗口巡查",
    "2022年6月18日回访",
];

fn check_pdf_dates(d: &DateFacts) {
    let own: Vec<String> = d.own().map(|x| x.start.to_string()).collect();
    assert_eq!(own, ["2022-03-05", "2022-06-18"], "{d:?}");
    assert!(d
        .found
        .iter()
        .any(|x| x.background && x.start.to_string() == "2020-05-12"));
    assert_eq!(d.found[1].location, "第1页");
    assert_eq!(d.metadata.len(), 1);
    assert_eq!(verdict(d), None);
}

#[test]
fn pdf_identity_h_with_to_unicode() {
    // CIDs are the UTF-16 code units themselves; the ToUnicode CMap says so.
    let cmap = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".to_vec();
    let strings: Vec<Vec<u8>> = PDF_TEXT.iter().map(|s| utf16be(s)).collect();
    // The ToUnicode stream must be an indirect object: build the font in the doc.
    let data = {
        let mut doc = Document::with_version("1.5");
        let tu = doc.add_object(Stream::new(dictionary! {}, cmap));
        let font = cid_font("Identity-H", Some(tu.into()));
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(font);
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
        ];
        for s in &strings {
            ops.push(Operation::new(
                "TJ",
                vec![Object::Array(vec![Object::String(
                    s.clone(),
                    StringFormat::Hexadecimal,
                )])],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }.encode().unwrap();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let info =
            doc.add_object(dictionary! { "ModDate" => Object::string_literal("D:20230101") });
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    let d = extract(&data, Format::Pdf, "a.pdf");
    check_pdf_dates(&d);
}

#[test]
fn pdf_unigb_ucs2_without_to_unicode() {
    let strings: Vec<Vec<u8>> = PDF_TEXT.iter().map(|s| utf16be(s)).collect();
    let data = pdf_with_font(cid_font("UniGB-UCS2-H", None), &strings);
    check_pdf_dates(&extract(&data, Format::Pdf, "a.pdf"));
}

#[test]
fn pdf_gbk_euc_without_to_unicode() {
    let strings: Vec<Vec<u8>> = PDF_TEXT
        .iter()
        .map(|s| encoding_rs::GBK.encode(s).0.into_owned())
        .collect();
    let data = pdf_with_font(cid_font("GBK-EUC-H", None), &strings);
    check_pdf_dates(&extract(&data, Format::Pdf, "a.pdf"));
}

#[test]
fn pdf_without_text_layer_says_so() {
    let data = pdf_with_font(cid_font("UniGB-UCS2-H", None), &[]);
    let d = extract(&data, Format::Pdf, "扫描件.pdf");
    assert!(d.found.is_empty());
    assert!(
        matches!(&d.read, ReadOutcome::Unsupported { what } if what.zh.contains("无文字层")),
        "{d:?}"
    );
    let (code, sev, msg) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P003", Severity::Info));
    assert!(msg.contains("无文字层"));
    assert!(d.summary(Lang::Zh).unwrap().contains("无文字层"));
}

#[test]
fn pdf_damaged_is_a_note() {
    let data = pdf_with_font(cid_font("UniGB-UCS2-H", None), &[utf16be("2022年3月5日")]);
    let cut = &data[..data.len() / 3];
    let d = extract(cut, Format::Pdf, "a.pdf");
    // Either the date was still read, or nothing was read, the outcome says why and
    // the verdict asks for a look by hand (never "no date found").
    if d.found.is_empty() {
        assert!(d.read.is_failure(), "{d:?}");
        let (code, _, msg) = verdict(&d).expect("a verdict");
        assert_eq!(code, "P003");
        assert!(msg.contains("损坏"), "{msg}");
    } else {
        assert_eq!(days(&d), ["2022-03-05"]);
        assert_eq!(verdict(&d), None);
    }
}

// ---------- PDF produced by LibreOffice ----------

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/period/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn libreoffice_pdf_in_period() {
    let d = extract(&fixture("case-in-period.pdf"), Format::Pdf, "案例.pdf");
    let own: Vec<String> = d.own().map(|x| x.start.to_string()).collect();
    assert_eq!(own, ["2022-03-05", "2022-06-18", "2022-10-28"], "{d:?}");
    assert!(d
        .found
        .iter()
        .any(|x| x.background && x.start.to_string() == "2020-05-12"));
    assert!(!d.metadata.is_empty(), "LibreOffice writes a CreationDate");
    assert_eq!(verdict(&d), None);
    assert_eq!(
        d.summary(Lang::Zh).as_deref(),
        Some("2022-10-28（标注的日期 2022年10月28日）；未计入的日期 3 处：「2020年5月12日」（引用/背景）、「2022年3月5日」、「2022年6月18日」")
    );
}

#[test]
fn libreoffice_pdf_out_of_period() {
    let d = extract(&fixture("list-out-of-period.pdf"), Format::Pdf, "工单.pdf");
    let own: Vec<String> = d.own().map(|x| x.start.to_string()).collect();
    assert_eq!(
        own,
        [
            "2021-11-03",
            "2021-11-05",
            "2021-12-20",
            "2021-12-22",
            "2021-12-30"
        ],
        "{d:?}"
    );
    let (code, sev, msg) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P001", Severity::Error));
    // The date the document states for itself decides; the work orders it lists
    // are counted as not deciding.
    assert!(msg.contains("佐证标注的日期"), "{msg}");
    assert!(msg.contains("第1页「二〇二一年十二月三十日」"), "{msg}");
    assert!(msg.contains("另有 4 处"), "{msg}");
}

// ---------- real OFD sample (beside the clone) ----------

#[test]
fn ofd_sample_text_is_read() {
    let path = format!(
        "{}/../shared/samples/ofdrw-helloworld.ofd",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(data) = std::fs::read(&path) else {
        eprintln!("sample not present, skipped");
        return;
    };
    let d = extract(&data, Format::Ofd, "hello.ofd");
    // The page has text but no date: no note, nothing found, info when required.
    assert!(d.read.is_complete(), "{d:?}");
    assert!(d.found.is_empty());
    assert_eq!(verdict(&d).map(|x| x.0), Some("P003"));
}

// ---------- real WPS-made .doc sample (beside the clone) ----------

#[test]
fn legacy_doc_sample_shows_property_dates_only() {
    let path = format!(
        "{}/../shared/samples/tika-wps-made.doc",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(data) = std::fs::read(&path) else {
        eprintln!("sample not present, skipped");
        return;
    };
    let d = extract(&data, Format::Doc, "台账.doc");
    let meta: Vec<String> = d
        .metadata
        .iter()
        .map(|x| format!("{} {}", x.start, x.location))
        .collect();
    assert_eq!(
        meta,
        [
            "2021-08-18 文档属性 创建时间",
            "2021-08-18 文档属性 最后保存时间"
        ],
        "{d:?}"
    );
    // Property dates never decide: the body is unread, so a reviewer is asked to look.
    assert!(d.found.is_empty());
    let note = d.read.describe(Lang::Zh);
    assert!(
        matches!(d.read, ReadOutcome::Unsupported { .. }) && note.contains("人工核对"),
        "{note}"
    );
    assert_eq!(verdict(&d).map(|x| x.0), Some("P003"));
}

// ---------- CSV work-order export (GBK, as Excel on Chinese Windows saves it) ----------

#[test]
fn gbk_csv_export_records_outside_are_named() {
    let mut text = String::from("工单编号,受理日期,状态\r\n");
    for i in 1..=20u32 {
        let date = match i {
            2 => "2021-12-30".to_string(),
            9 => "2022-11-02".to_string(),
            _ => format!("2022-{:02}-{:02}", 1 + i % 10, 1 + i % 27),
        };
        text.push_str(&format!("GD{i:05},{date},已办结\r\n"));
    }
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let d = extract(&gbk, Format::Text, "区税务局-14-工单台账.csv");
    assert_eq!(d.records.len(), 1, "{d:?}");
    assert_eq!(d.records[0].count, 20);
    let (code, sev, msg) = verdict(&d).unwrap();
    assert_eq!((code, sev), ("P001", Severity::Error));
    assert!(msg.contains("CSV!B3") && msg.contains("CSV!B10"), "{msg}");
    assert!(msg.contains("2 of 20") || msg.contains("20 条"), "{msg}");
    assert_eq!(
        d.summary(Lang::Zh)
            .as_deref()
            .map(|s| s.starts_with("2021-12-30..2022-11-02")),
        Some(true),
        "{:?}",
        d.summary(Lang::Zh)
    );
    // The same bytes named .txt are plain text: dates, not records.
    let t = extract(&gbk, Format::Text, "说明.txt");
    assert!(t.records.is_empty());
    assert_eq!(t.found.len(), 20);
}

// ---------- one file per evidence shape, made by real writers (fixtures/period/shapes) ----------

/// The verdict on a committed shape fixture: `in` (no finding), `out` (P001/P002) or
/// `unknown` (P003/P004), with the facts for messages.
fn shape(name: &str) -> (&'static str, DateFacts, String) {
    let data = fixture(&format!("shapes/{name}"));
    let id = evcheck::identify::identify_named(&mut Cursor::new(&data), data.len() as u64, name);
    let d = extract(&data, id.format, name);
    let v = verdict(&d);
    let word = match v.as_ref().map(|x| x.0) {
        None => "in",
        Some("P001" | "P002") => "out",
        Some(_) => "unknown",
    };
    let msg = v.map(|x| x.2).unwrap_or_default();
    (word, d, msg)
}

#[test]
fn shape_notice_signed_in_period_despite_cited_dates() {
    let (v, d, _) = shape("notice-signed-in.docx");
    assert_eq!(v, "in", "{d:?}");
    assert!(d.summary(Lang::Zh).unwrap().contains("落款"), "{d:?}");
}

#[test]
fn shape_notice_signed_2021_with_2022_plans_is_out() {
    let (v, d, msg) = shape("notice-signed-2021-out.pdf");
    assert_eq!(v, "out", "{d:?}");
    assert!(msg.contains("落款日期"), "{msg}");
    assert!(msg.contains("二○二一年十月三日"), "{msg}");
}

#[test]
fn shape_summary_signed_in() {
    let (v, d, _) = shape("summary-signed-in.pdf");
    assert_eq!(v, "in", "{d:?}");
}

#[test]
fn shape_legacy_doc_bulletin_header_is_read() {
    let (v, d, _) = shape("bulletin-header-in.doc");
    assert_eq!(v, "in", "{d:?}");
    assert!(d.read.is_complete(), "{d:?}");
    assert!(
        d.summary(Lang::Zh).unwrap().contains("标题/版头日期"),
        "{d:?}"
    );
}

#[test]
fn shape_period_titles() {
    let (v, d, _) = shape("period-title-in.pdf");
    assert_eq!(v, "in", "{d:?}");
    let (v, d, msg) = shape("period-title-1-12-out.doc");
    assert_eq!(v, "out", "{d:?}");
    assert!(msg.contains("2022-11-01..2022-12-31 在周期外"), "{msg}");
}

#[test]
fn shape_yearless_day_takes_the_documents_year() {
    let (v, d, _) = shape("yearless-in.pdf");
    assert_eq!(v, "in", "{d:?}");
    assert!(days(&d).contains(&"2022-07-27".to_string()), "{d:?}");
}

#[test]
fn shape_roster_of_birth_dates_is_unknown() {
    let (v, d, _) = shape("roster-birth-only.xlsx");
    assert_eq!(v, "unknown", "{d:?}");
    assert!(d.records.is_empty(), "{d:?}");
}

#[test]
fn shape_lists_decide_by_the_record_date_column() {
    let (v, d, msg) = shape("work-orders-out.xlsx");
    assert_eq!(v, "out", "{d:?}");
    assert_eq!(d.records[0].columns, ["D", "E"], "{d:?}");
    assert!(msg.contains("条不在考评周期"), "{msg}");
    let (v, d, _) = shape("training-out.csv");
    assert_eq!(v, "out", "{d:?}");
    assert_eq!(d.records[0].header.as_deref(), Some("培训日期"), "{d:?}");
}

#[test]
fn shape_photos_in_exiftools_order() {
    let (v, d, _) = shape("photo-dto-and-modify-in.jpg");
    assert_eq!(v, "in", "{d:?}");
    assert_eq!(d.found[0].location, "EXIF DateTimeOriginal");
    let (v, d, _) = shape("photo-xmp-only-out.jpg");
    assert_eq!(v, "out", "{d:?}");
    assert_eq!(d.found[0].location, "XMP exif:DateTimeOriginal");
    assert_eq!(days(&d), ["2021-12-20"]);
}
