//! `[reading] verify`: how far files are read to prove they are whole. The real
//! `evcheck` binary on a unit holding a JPEG cut short and a ZIP whose member is
//! damaged late in its stream: where the setting asks for it they are opened and found
//! damaged; where it does not, they are not opened, and the unit's report says so
//! (U007, with the count) instead of letting them pass as fine.

mod common;
use common::gen;
use common::run::{evcheck, put, s};

use serde_json::Value;
use std::path::Path;

const UNIT: &str = "区税务局";

/// The built-in scheme with its `verify` set; `content`: whether the period and seal
/// rules stay on (off: the format, naming, size and count rules only).
fn rules(verify: &str, content: bool) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/shihe-2022.toml"),
    )
    .unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = if line.starts_with("verify = ") {
            format!("verify = \"{verify}\"")
        } else if !content && line.starts_with("seal = true") {
            "seal = false".to_owned()
        } else if !content && line.starts_with("default = \"required\"") {
            "default = \"off\"".to_owned()
        } else if !content && line.starts_with("kinds = {") {
            "kinds = {}".to_owned()
        } else if !content && line.starts_with("period = ") {
            "period = \"off\"".to_owned()
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    assert!(
        out.contains(&format!("verify = \"{verify}\"")),
        "no verify line"
    );
    out
}

/// A JPEG cut to half its length.
fn cut_jpeg() -> Vec<u8> {
    let whole = gen::jpeg(&gen::page_image(600, 400, false, 3));
    whole[..whole.len() / 2].to_vec()
}

/// A ZIP with one stored member of 1 MiB whose data has one byte changed at 600 KiB
/// (only its CRC is broken: found by reading it to its end).
fn zip_damaged_late() -> Vec<u8> {
    use std::io::Write;
    let noise = gen::noise(1 << 20, 11);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    w.start_file("现场录像.dat", opts).unwrap();
    w.write_all(&noise).unwrap();
    let mut z = w.finish().unwrap().into_inner();
    let name = u16::from_le_bytes([z[26], z[27]]) as usize;
    let extra = u16::from_le_bytes([z[28], z[29]]) as usize;
    z[30 + name + extra + 600 * 1024] ^= 0x55;
    z
}

/// Checks the unit with `rule_text` and returns the unit report's findings as
/// (code, severity, message).
fn check(rule_text: &str) -> Vec<(String, String, String)> {
    let d = tempfile::tempdir().unwrap();
    lay_out(d.path());
    run(d.path(), rule_text, false)
}

/// The unit: a JPEG cut short, a ZIP with a member damaged late.
fn lay_out(d: &Path) {
    let unit = d.join("in").join(UNIT);
    put(&unit, "01/区税务局-01-现场照片.jpg", &cut_jpeg());
    put(&unit, "02/区税务局-02-现场录像.zip", &zip_damaged_late());
}

/// Checks the unit laid out in `d` with `rule_text` (through the cache of earlier runs
/// in `d` when `cached`).
fn run(d: &Path, rule_text: &str, cached: bool) -> Vec<(String, String, String)> {
    let unit = d.join("in").join(UNIT);
    let rules = d.join("rules.toml");
    std::fs::write(&rules, rule_text).unwrap();
    let out = d.join("out");
    let mut args = vec![
        "check",
        "--unit",
        s(&unit),
        "--rules",
        s(&rules),
        "--out",
        s(&out),
    ];
    if !cached {
        args.push("--no-cache");
    }
    let r = evcheck(&args);
    let text = std::fs::read_to_string(out.join(UNIT).join("report.json"))
        .unwrap_or_else(|e| panic!("no report ({e}); stderr: {}", r.stderr));
    let v: Value = serde_json::from_str(&text).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
                d["message_zh"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn has(got: &[(String, String, String)], code: &str) -> bool {
    got.iter().any(|(c, ..)| c == code)
}

fn assert_found(got: &[(String, String, String)], what: &str) {
    assert!(has(got, "U003"), "{what}: the cut JPEG is damaged: {got:?}");
    assert!(
        got.iter()
            .any(|(c, _, m)| c == "A004" && m.contains("现场录像.dat")),
        "{what}: the damaged member is found: {got:?}"
    );
    assert!(
        !has(got, "U007"),
        "{what}: every file was verified: {got:?}"
    );
}

fn assert_head_only(got: &[(String, String, String)], verify: &str) {
    assert!(
        !has(got, "U003") && !has(got, "A004"),
        "verify = {verify}: the files are not opened: {got:?}"
    );
    let u007: Vec<_> = got.iter().filter(|(c, ..)| c == "U007").collect();
    assert_eq!(u007.len(), 1, "one finding per unit: {got:?}");
    let (_, severity, message) = u007[0];
    assert_eq!(severity, "info");
    assert!(
        message.starts_with("2 个文件只核对了文件头"),
        "the count: {message}"
    );
    assert!(
        message.contains(&format!("verify = \"{verify}\"")),
        "{message}"
    );
    assert!(
        message.contains("现场照片.jpg") && message.contains("现场录像.dat"),
        "the names: {message}"
    );
}

#[test]
fn always_opens_every_file_whatever_the_rules() {
    assert_found(&check(&rules("always", false)), "always, content rules off");
    assert_found(&check(&rules("always", true)), "always, built-in rules");
}

#[test]
fn auto_opens_the_files_a_content_rule_reads() {
    assert_found(&check(&rules("auto", true)), "auto, period on");
}

#[test]
fn auto_without_a_content_rule_reads_the_head_and_says_so() {
    assert_head_only(&check(&rules("auto", false)), "auto");
}

#[test]
fn head_reads_only_what_the_rules_need_and_says_so() {
    assert_head_only(&check(&rules("head", false)), "head");
}

#[test]
fn rules_check_rejects_an_unknown_verify_with_its_line() {
    let text = rules("sometimes", true);
    let line = text
        .lines()
        .position(|l| l.starts_with("verify = "))
        .unwrap()
        + 1;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("rules.toml");
    std::fs::write(&path, &text).unwrap();
    let r = evcheck(&["rules", "check", s(&path)]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("sometimes"), "{all}");
    assert!(all.contains(&format!("{line}")), "line {line}: {all}");
    assert!(all.contains("auto, always, head"), "{all}");
}

#[test]
fn changing_verify_reads_again_though_the_files_did_not_change() {
    let d = tempfile::tempdir().unwrap();
    lay_out(d.path());
    assert_head_only(&run(d.path(), &rules("auto", false), true), "auto");
    assert_found(
        &run(d.path(), &rules("always", false), true),
        "always after auto",
    );
    assert_head_only(&run(d.path(), &rules("head", false), true), "head");
    assert_found(
        &run(d.path(), &rules("always", false), true),
        "always, cached",
    );
}

/// A ZIP of two photos dated by EXIF (2022-03-05), stored or deflated, whose first
/// member's data has two bytes changed near its end, far past the EXIF head the date
/// reader reads (only reading the member to its end finds it).
fn photo_zip_damaged_late(stored: bool) -> Vec<u8> {
    use std::io::Write;
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(zip::DateTime::default());
    for (name, seed) in [("巡查照片一.jpg", 5), ("巡查照片二.jpg", 6)] {
        // Sensor-like noise: a photo that deflate cannot shrink much.
        let mut x: u64 = seed;
        let img = image::RgbImage::from_fn(640, 480, |_, _| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            image::Rgb([(x >> 8) as u8, (x >> 16) as u8, (x >> 24) as u8])
        });
        let photo = gen::with_exif_date(&gen::jpeg(&img), "2022:03:05 10:20:30");
        w.start_file(name, opts).unwrap();
        w.write_all(&photo).unwrap();
    }
    let mut z = w.finish().unwrap().into_inner();
    let name = u16::from_le_bytes([z[26], z[27]]) as usize;
    let extra = u16::from_le_bytes([z[28], z[29]]) as usize;
    let start = 30 + name + extra;
    let csize = u32::from_le_bytes([z[18], z[19], z[20], z[21]]) as usize;
    assert!(csize > 64 * 1024, "the member is longer than its head");
    let at = start + csize * 9 / 10;
    z[at] ^= 0xFF;
    z[at + 1] ^= 0x55;
    z
}

/// Checks a unit holding `zip` under question `question` with `rule_text`; returns the
/// unit's findings and its report's file entries.
fn check_zip(
    rule_text: &str,
    question: &str,
    zip: &[u8],
) -> (Vec<(String, String, String)>, Value) {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("in").join(UNIT);
    put(
        &unit,
        &format!("{question}/{UNIT}-{question}-巡查照片.zip"),
        zip,
    );
    let got = run(d.path(), rule_text, false);
    let text =
        std::fs::read_to_string(d.path().join("out").join(UNIT).join("report.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    (got, v["files"].clone())
}

fn member<'a>(files: &'a Value, name: &str) -> &'a Value {
    files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {files}"))
}

fn damaged_member(got: &[(String, String, String)]) -> bool {
    got.iter()
        .any(|(c, _, m)| c == "A004" && m.contains("巡查照片一.jpg"))
}

#[test]
fn auto_reads_a_deflated_photo_member_only_for_its_dates_and_says_so() {
    // Question 01: the period rule reads the photos, no seal search.
    let (got, files) = check_zip(&rules("auto", true), "01", &photo_zip_damaged_late(false));
    assert!(!damaged_member(&got), "not inflated to its end: {got:?}");
    let u007: Vec<_> = got.iter().filter(|(c, ..)| c == "U007").collect();
    assert_eq!(u007.len(), 1, "said so, once: {got:?}");
    let (_, severity, message) = u007[0];
    assert_eq!(severity, "info");
    assert!(
        message.starts_with("2 个文件只核对了文件头") && message.contains("巡查照片一.jpg"),
        "{message}"
    );
    for name in ["巡查照片一.jpg", "巡查照片二.jpg"] {
        let f = member(&files, name);
        assert_eq!(f["depth"], "head", "{f}");
        assert_eq!(
            f["dates"]["range"]["start"], "2022-03-05",
            "the dates were read from its head: {f}"
        );
        assert_eq!(f["read"]["state"], "complete", "{f}");
    }
}

#[test]
fn auto_reads_a_stored_photo_member_to_its_end() {
    let (got, files) = check_zip(&rules("auto", true), "01", &photo_zip_damaged_late(true));
    assert!(
        damaged_member(&got),
        "a stored member costs a read: {got:?}"
    );
    assert!(!has(&got, "U007"), "{got:?}");
    assert!(member(&files, "巡查照片二.jpg").get("depth").is_none());
}

#[test]
fn auto_reads_a_photo_member_searched_for_a_seal_to_its_end() {
    // Question 14 asks for a seal: the member is decoded whole.
    let (got, _) = check_zip(&rules("auto", true), "14", &photo_zip_damaged_late(false));
    assert!(damaged_member(&got), "{got:?}");
    assert!(!has(&got, "U007"), "{got:?}");
}

#[test]
fn always_reads_a_deflated_photo_member_to_its_end() {
    let (got, files) = check_zip(&rules("always", true), "01", &photo_zip_damaged_late(false));
    assert!(damaged_member(&got), "{got:?}");
    assert!(!has(&got, "U007"), "{got:?}");
    assert!(member(&files, "巡查照片二.jpg").get("depth").is_none());
}

#[test]
fn head_never_inflates_a_member_to_its_end() {
    let (got, files) = check_zip(&rules("head", true), "01", &photo_zip_damaged_late(true));
    assert!(!damaged_member(&got), "{got:?}");
    assert!(has(&got, "U007"), "{got:?}");
    assert_eq!(member(&files, "巡查照片一.jpg")["depth"], "head");
}
