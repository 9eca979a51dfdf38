//! Truthful reading, end to end: a file nobody can open, one that needs a password,
//! one read only in part, pictures the seal search must not skip, and the operating
//! system's corners (FIFOs, a killed run). The real `evcheck` binary on files made
//! here (or committed small fixtures made with qpdf, see `fixtures/read/README.md`).

mod common;
use common::gen;
use common::run::{evcheck, put, s};

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const UNIT: &str = "区税务局";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/read")
            .join(name),
    )
    .unwrap()
}

/// Checks a unit folder holding `files` and returns (exit code, unit report).
fn check(files: &[(&str, Vec<u8>)]) -> (i32, Value) {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join(UNIT);
    for (name, bytes) in files {
        put(&unit, name, bytes);
    }
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    let text = std::fs::read_to_string(out.join(UNIT).join("report.json"))
        .unwrap_or_else(|e| panic!("no report ({e}); stderr: {}", r.stderr));
    (r.code, serde_json::from_str(&text).unwrap())
}

fn findings(r: &Value, file: &str) -> Vec<(String, String, String)> {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str() == Some(file))
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
                d["message_zh"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn codes(r: &Value, file: &str) -> Vec<String> {
    findings(r, file).into_iter().map(|f| f.0).collect()
}

fn file_doc<'a>(r: &'a Value, file: &str) -> &'a Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == file)
        .unwrap_or_else(|| panic!("{file} not in report"))
}

fn case_pdf() -> Vec<u8> {
    gen::pdf(
        &[vec!["延时服务案例".to_owned(), "2022年5月12日".to_owned()]],
        None,
    )
}

#[test]
fn a_pdf_cut_short_cannot_be_opened_and_fails_the_run() {
    let whole = case_pdf();
    let cut30 = whole[..whole.len() * 3 / 10].to_vec();
    let tiny = whole[..40].to_vec();
    // Question 04 asks for neither dates nor a seal: the file is opened all the same.
    let (code, r) = check(&[
        ("区税务局-04-截断.pdf", cut30),
        ("区税务局-04-四十字节.pdf", tiny),
        ("区税务局-04-完整.pdf", whole),
    ]);
    for f in ["区税务局-04-截断.pdf", "区税务局-04-四十字节.pdf"] {
        let got = findings(&r, f);
        assert!(
            got.iter().any(|(c, sev, m)| c == "U003"
                && sev == "error"
                && m.contains("文件已损坏，无法打开")),
            "{f}: {got:#?}"
        );
        assert_eq!(file_doc(&r, f)["read"]["state"], "damaged");
    }
    assert!(
        !codes(&r, "区税务局-04-完整.pdf")
            .iter()
            .any(|c| c.starts_with('U')),
        "{:#?}",
        findings(&r, "区税务局-04-完整.pdf")
    );
    assert_eq!(code, 1, "a file that cannot be opened is an error");
}

#[test]
fn a_pdf_with_a_password_to_open_is_an_error_and_an_owner_password_is_not() {
    let (code, r) = check(&[
        ("区税务局-14-加密.pdf", fixture("user-password.pdf")),
        ("区税务局-04-限制编辑.pdf", fixture("owner-only.pdf")),
    ]);
    let locked = findings(&r, "区税务局-14-加密.pdf");
    assert!(
        locked
            .iter()
            .any(|(c, sev, m)| c == "U005" && sev == "error" && m.contains("文件设有打开密码")),
        "{locked:#?}"
    );
    // Nothing is said about its seal or dates: nobody could look.
    assert!(
        !locked.iter().any(|(c, ..)| c == "T001" || c == "P003"),
        "{locked:#?}"
    );
    let owner = findings(&r, "区税务局-04-限制编辑.pdf");
    assert!(
        owner
            .iter()
            .all(|(c, sev, _)| !c.starts_with('U') && sev != "error"),
        "an owner-only password still opens: {owner:#?}"
    );
    assert_eq!(code, 1);
}

/// A CSV work-order export of `rows` lines, the last `late` of them after the period.
fn work_orders_csv(rows: usize, late: usize) -> Vec<u8> {
    let mut text = String::from("工单编号,受理日期,状态\n");
    for i in 0..rows {
        let date = if i + late >= rows {
            "2022-12-01"
        } else {
            "2022-03-05"
        };
        text.push_str(&format!("GD{i:08},{date},办结\n"));
    }
    text.into_bytes()
}

#[test]
fn a_csv_over_the_reading_cap_says_what_was_read_and_never_passes_clean() {
    // About 5 MB: past the text cap and the cell cap; the late records are at the end.
    let (_, r) = check(&[("区税务局-01-工单.csv", work_orders_csv(200_000, 10))]);
    let got = findings(&r, "区税务局-01-工单.csv");
    let partial: Vec<_> = got.iter().filter(|(c, ..)| c == "U006").collect();
    assert_eq!(partial.len(), 1, "{got:#?}");
    assert_eq!(partial[0].1, "warning");
    assert!(partial[0].2.contains("只读取了前"), "{}", partial[0].2);
    let dates = &file_doc(&r, "区税务局-01-工单.csv")["dates"];
    assert_eq!(dates["read"]["state"], "partial", "{dates:#}");
    assert!(
        dates["summary"]
            .as_str()
            .unwrap_or_default()
            .contains("只读取了"),
        "{dates:#}"
    );
}

#[test]
fn an_xlsx_over_the_cell_cap_says_how_many_cells_were_read() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "工单编号").unwrap();
    ws.write_string(0, 1, "受理日期").unwrap();
    ws.write_string(0, 2, "状态").unwrap();
    for r in 1..=70_000u32 {
        ws.write_string(r, 0, format!("GD{r:08}")).unwrap();
        ws.write_string(r, 1, "2022-03-05").unwrap();
        ws.write_string(r, 2, "办结").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let (_, r) = check(&[("区税务局-01-台账.xlsx", bytes)]);
    let got = findings(&r, "区税务局-01-台账.xlsx");
    assert!(
        got.iter().any(|(c, sev, m)| c == "U006"
            && sev == "warning"
            && m.contains("前 200 000 个单元格")),
        "{got:#?}"
    );
}

#[test]
fn a_long_pdf_says_which_pages_were_read_for_dates() {
    let pages: Vec<Vec<String>> = (1..=60)
        .map(|i| vec![format!("第{i}页 巡查记录 2022年5月12日")])
        .collect();
    let (_, r) = check(&[("区税务局-01-巡查记录.pdf", gen::pdf(&pages, None))]);
    let got = findings(&r, "区税务局-01-巡查记录.pdf");
    assert!(
        got.iter().any(|(c, sev, m)| c == "U006"
            && sev == "warning"
            && m.contains("前 50 页")
            && m.contains("共 60 页")),
        "{got:#?}"
    );
}

/// A multi-page TIFF: a blank page, then a page bearing a seal.
fn two_page_tiff() -> Vec<u8> {
    use tiff::encoder::{colortype, TiffEncoder};
    let blank = gen::page_image(1240, 1754, false, 3);
    let sealed = gen::page_image(1240, 1754, true, 4);
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut buf).unwrap();
    for img in [&blank, &sealed] {
        enc.write_image::<colortype::RGB8>(img.width(), img.height(), img.as_raw())
            .unwrap();
    }
    buf.into_inner()
}

#[test]
fn every_page_of_a_multi_page_tiff_is_searched_for_a_seal() {
    let (_, r) = check(&[("区税务局-14-盖章统计表.tif", two_page_tiff())]);
    let seal = &file_doc(&r, "区税务局-14-盖章统计表.tif")["seal"];
    assert_eq!(seal["found"], true, "{seal:#}");
    assert_eq!(seal["page"], 2, "{seal:#}");
    assert!(
        !codes(&r, "区税务局-14-盖章统计表.tif").contains(&"T001".to_string()),
        "{:#?}",
        findings(&r, "区税务局-14-盖章统计表.tif")
    );
}

/// A one-page PDF whose page is a JPEG 2000 picture (`/JPXDecode`).
fn jpx_pdf() -> Vec<u8> {
    // A J2K codestream start (SOC, SIZ markers) followed by filler: no decoder can
    // make a picture of it.
    let mut picture = vec![0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29];
    picture.extend(std::iter::repeat_n(0x5Au8, 4000));
    let content = b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec();
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>".to_vec(),
    ];
    let stream = |dict: String, body: &[u8]| {
        let mut o = dict.into_bytes();
        o.extend_from_slice(b"\nstream\n");
        o.extend_from_slice(body);
        o.extend_from_slice(b"\nendstream");
        o
    };
    objs.push(stream(format!("<< /Length {} >>", content.len()), &content));
    objs.push(stream(
        format!(
            "<< /Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode /Length {} >>",
            picture.len()
        ),
        &picture,
    ));
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_jpeg_2000_scan_is_searched_for_a_seal() {
    let (_, r) = check(&[
        ("区税务局-14-盖章扫描件.pdf", fixture("jpx-seal.pdf")),
        ("区税务局-18-未盖章扫描件.pdf", fixture("jpx-plain.pdf")),
    ]);
    let seal = &file_doc(&r, "区税务局-14-盖章扫描件.pdf")["seal"];
    assert_eq!(seal["found"], true, "{seal:#}");
    assert_eq!(seal["kind"], "scanned", "{seal:#}");
    // The unstamped scan was decoded and searched in full: "no seal" is true there.
    let plain = &file_doc(&r, "区税务局-18-未盖章扫描件.pdf")["seal"];
    assert_eq!(plain["found"], false, "{plain:#}");
    assert_eq!(plain["read"]["state"], "complete", "{plain:#}");
    assert!(codes(&r, "区税务局-18-未盖章扫描件.pdf").contains(&"T001".to_string()));
}

#[test]
fn a_jpeg_2000_scan_that_cannot_be_decoded_is_never_said_to_have_no_seal() {
    let (_, r) = check(&[("区税务局-14-扫描件.pdf", jpx_pdf())]);
    let got = findings(&r, "区税务局-14-扫描件.pdf");
    assert!(!got.iter().any(|(c, ..)| c == "T001"), "{got:#?}");
    assert!(
        got.iter()
            .any(|(c, _, m)| c == "T003" && m.contains("无法检查 JPEG 2000 图像")),
        "{got:#?}"
    );
    let seal = &file_doc(&r, "区税务局-14-扫描件.pdf")["seal"];
    assert_eq!(seal["read"]["state"], "unsupported", "{seal:#}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_zip_is_listed_and_never_opened() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("root");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf());
    let fifo = root.join("区发改委.zip");
    let st = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(st.success());
    let out = d.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", s(&root), "--out", s(&out)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            panic!("the run hung on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.code().is_some());
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let text = summary.to_string();
    assert!(
        text.contains("U001") && text.contains("区发改委.zip"),
        "the FIFO is listed as unreadable: {text}"
    );
}

/// The worker processes of evcheck process `parent` (Linux `/proc`).
#[cfg(target_os = "linux")]
fn workers_of(parent: u32) -> Vec<u32> {
    let mut v = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the `(comm)` field: state, then the parent's pid.
        let Some(rest) = stat.rsplit_once(')').map(|x| x.1) else {
            continue;
        };
        let ppid = rest.split_whitespace().nth(1).and_then(|x| x.parse().ok());
        if ppid == Some(parent) {
            v.push(pid);
        }
    }
    v
}

#[cfg(target_os = "linux")]
fn workers_end_with_their_parent(signal: &str) {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join(UNIT);
    put(&unit, "区税务局-14-办件统计.pdf", &case_pdf());
    let out = d.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", "--unit", s(&unit), "--out", s(&out)])
        .args(["--file-timeout", "600"])
        .env("EVCHECK_WORKER_FAULT", "hang:区税务局-14-办件统计.pdf")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let parent = child.id();
    let start = Instant::now();
    let mut workers = Vec::new();
    while workers.is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
        workers = workers_of(parent);
    }
    assert!(!workers.is_empty(), "no worker started");
    // Let the worker take the hanging file.
    std::thread::sleep(Duration::from_millis(500));
    let st = Command::new("kill")
        .args([signal, &parent.to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    child.wait().unwrap();
    let gone = Instant::now();
    while workers
        .iter()
        .any(|w| Path::new(&format!("/proc/{w}/stat")).exists() && !zombie(*w))
    {
        assert!(
            gone.elapsed() < Duration::from_secs(5),
            "workers {workers:?} outlived evcheck ({signal})"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(target_os = "linux")]
fn zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|x| x.1.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

#[cfg(target_os = "linux")]
#[test]
fn workers_end_when_evcheck_is_killed() {
    workers_end_with_their_parent("-KILL");
}

#[cfg(target_os = "linux")]
#[test]
fn workers_end_when_evcheck_is_terminated() {
    workers_end_with_their_parent("-TERM");
}

#[cfg(target_os = "linux")]
#[test]
fn temporary_reports_of_a_killed_run_are_removed_by_the_next() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join(UNIT);
    put(&unit, "区税务局-01-案例.pdf", &case_pdf());
    let out = d.path().join("out");
    // What a run killed while writing leaves: a temporary report of a gone process.
    let stale = put(
        &out,
        &format!("{UNIT}/.report.json.4294967295.tmp"),
        b"{\"half",
    );
    let stale_summary = put(&out, ".summary.json.4294967295.tmp", b"half");
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    assert!(out.join(UNIT).join("report.json").exists(), "{}", r.stderr);
    assert!(
        !stale.exists(),
        "the unit's stale temporary report is removed"
    );
    assert!(
        !stale_summary.exists(),
        "the stale temporary summary is removed"
    );
}

/// A ZIP of the given members (name, bytes, stored?) written with the zip writer.
fn zip_members(members: &[(&str, &[u8], bool)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, stored) in members {
        let method = if *stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Where the data of the first member of a ZIP starts (after its local header).
fn first_member_data(zip: &[u8]) -> usize {
    let name = u16::from_le_bytes([zip[26], zip[27]]) as usize;
    let extra = u16::from_le_bytes([zip[28], zip[29]]) as usize;
    30 + name + extra
}

#[test]
fn a_zip_member_damaged_late_in_its_stream_is_found_though_no_rule_reads_it() {
    // Bytes no reader reads beyond their start (no known format), 1 MiB, stored: one
    // byte changed at 600 KiB breaks only the CRC.
    let noise = gen::noise(1 << 20, 7);
    let mut stored = zip_members(&[("现场录像.dat", &noise, true), ("完好.dat", &noise, true)]);
    let at = first_member_data(&stored) + 600 * 1024;
    stored[at] ^= 0x55;
    // Text that deflates well (2 MB): its compressed stream damaged near the end.
    let text: Vec<u8> = (0..40_000)
        .flat_map(|i| format!("第{i}行 巡查记录 正常\n").into_bytes())
        .collect();
    let mut deflated = zip_members(&[("巡查记录.log", &text, false)]);
    let start = first_member_data(&deflated);
    let end = deflated
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .unwrap();
    let at = start + (end - start) * 9 / 10;
    deflated[at] ^= 0xFF;
    deflated[at + 1] ^= 0xFF;
    let (_, r) = check(&[
        ("01/区税务局-01-现场录像.zip", stored),
        ("02/区税务局-02-巡查记录.zip", deflated),
    ]);
    let damaged: Vec<String> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "A004")
        .map(|d| d["message_zh"].as_str().unwrap_or_default().to_owned())
        .collect();
    for member in ["现场录像.dat", "巡查记录.log"] {
        assert!(
            damaged.iter().any(|m| m.contains(member)),
            "{member} damaged late is reported: {damaged:?}"
        );
    }
    assert!(
        !damaged.iter().any(|m| m.contains("完好.dat")),
        "the intact member is not: {damaged:?}"
    );
}
