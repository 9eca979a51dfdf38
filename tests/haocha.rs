//! End-to-end tests of the 好差评 rule family: the real `evcheck` binary with the
//! scheme `rules/taiqian-haocha-2022.toml` on ratings exports generated here (XLSX,
//! GBK CSV), on the committed LibreOffice-made XLS and on the demo under
//! `fixtures/haocha`. Every expected score is worked out by hand from 第十五条 in the
//! comment beside it.

mod common;
use common::gen;
#[path = "common/ratings.rs"]
mod ratings;

use ratings::Spec;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const RULES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/taiqian-haocha-2022.toml"
);
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/haocha");

fn evcheck(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(args)
        .output()
        .expect("run evcheck");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn put(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs a check of `root` with the 台前 scheme; returns the output folder.
fn check(root: &Path, extra: &[&str]) -> (tempfile::TempDir, i32) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "check",
        root.to_str().unwrap(),
        "--rules",
        RULES,
        "--out",
        out.path().to_str().unwrap(),
        "-q",
        "--no-cache",
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = evcheck(&args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    (out, code)
}

fn report(out: &Path, unit: &str) -> Value {
    let p = out.join(unit).join("report.json");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap()
}

fn codes(r: &Value) -> Vec<String> {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "haocha")
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn message(r: &Value, code: &str) -> String {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .map(|d| format!("{} | {}", d["message"], d["basis"]))
        .unwrap_or_else(|| panic!("no {code} in {:#}", r["diagnostics"]))
}

fn spec(cases: usize, rated: usize, bad: usize) -> Spec {
    Spec {
        prefix: "T",
        cases,
        rated,
        bad,
        outside: 0,
        dupes: 0,
    }
}

/// One unit per case, all XLSX with a merged title row; each 差评 rectified unless
/// listed in `not_done`.
#[test]
fn xlsx_exports_score_at_the_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let units: [(&str, Spec, &[usize]); 6] = [
        // 19/20 = 95 % exactly, no 差评 → 满分 100.
        ("九五镇", spec(20, 19, 0), &[]),
        // 20/20, one 差评 rectified → 100 − 30 = 70.
        ("一差镇", spec(20, 20, 1), &[]),
        // 20/20, two 差评 rectified → 100 − 2 × 30 = 40.
        ("两差镇", spec(20, 20, 2), &[]),
        // 20/20, two 差评, the last (row index 19) marked 否 → 不得分, 0.
        ("未改镇", spec(20, 20, 2), &[19]),
        // 7/10 = 70 % exactly: not “70%以下”, not 95 % → the text gives no score.
        ("七成镇", spec(10, 7, 0), &[]),
        // 13/20 = 65 % → 70%以下，不得分.
        ("六五镇", spec(20, 13, 0), &[]),
    ];
    for (unit, s, not_done) in &units {
        put(
            dir.path(),
            &format!("{unit}/{unit}-01-好差评评价明细.xlsx"),
            &ratings::xlsx(&format!("{unit}好差评评价明细"), s),
        );
        if s.bad > 0 {
            put(
                dir.path(),
                &format!("{unit}/{unit}-01-差评整改记录.xlsx"),
                &ratings::rectification_xlsx(s, not_done),
            );
        }
    }
    let (out, _) = check(dir.path(), &[]);
    let score = |u: &str| report(out.path(), u)["haocha"]["score"].as_f64();

    assert_eq!(score("九五镇"), Some(100.0));
    let r = report(out.path(), "九五镇");
    assert_eq!(r["haocha"]["rate"].as_f64(), Some(95.0));
    assert!(message(&r, "H001").contains("95%及以上"));

    assert_eq!(score("一差镇"), Some(70.0));
    let r = report(out.path(), "一差镇");
    assert!(
        message(&r, "H001").contains("共扣 30 分"),
        "{}",
        message(&r, "H001")
    );
    assert!(message(&r, "H001").contains("每获得一个“差评”工单，扣该项工作30%分数"));
    assert_eq!(
        codes(&r),
        ["H001", "H006"],
        "rectified, timeliness left to a person"
    );

    assert_eq!(score("两差镇"), Some(40.0));
    assert!(message(&report(out.path(), "两差镇"), "H001").contains("共扣 60 分"));

    assert_eq!(score("未改镇"), Some(0.0));
    let r = report(out.path(), "未改镇");
    let h002 = message(&r, "H002");
    assert!(
        h002.contains("T202200020") && h002.contains("未整改"),
        "{h002}"
    );
    assert!(
        h002.contains("没有及时整改到位的，该项工作不得分"),
        "{h002}"
    );
    assert_eq!(r["haocha"]["bad"][1]["rectified"], "no");

    assert_eq!(score("七成镇"), None);
    let r = report(out.path(), "七成镇");
    assert_eq!(r["haocha"]["cap"].as_f64(), Some(100.0));
    assert!(codes(&r).contains(&"H011".to_owned()));
    assert!(
        !codes(&r).contains(&"H005".to_owned()),
        "70 % is not below 70 %"
    );

    assert_eq!(score("六五镇"), Some(0.0));
    assert!(message(&report(out.path(), "六五镇"), "H005").contains("13/20 = 65%"));
}

/// A GBK CSV as Excel on Chinese Windows saves it, with a title line, a 2021 rating
/// and a second rating of one case, and no rectification list for its 差评.
#[test]
fn gbk_csv_export_counts_outside_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let s = Spec {
        prefix: "GB",
        cases: 40,
        rated: 40,
        bad: 1,
        outside: 2,
        dupes: 1,
    };
    put(
        dir.path(),
        "某某局/某某局-01-好差评评价明细.csv",
        &ratings::csv_gbk("某某局好差评评价明细", &s),
    );
    let (out, code) = check(dir.path(), &[]);
    assert_eq!(code, 1, "a 差评 without a rectification record is an error");
    let r = report(out.path(), "某某局");
    let h = &r["haocha"];
    // The two 2021 ratings and the repeated case are left out: 40 cases, 40 rated.
    assert_eq!(h["cases"], 40);
    assert_eq!(h["rated"], 40);
    assert_eq!(h["outside_period"], 2);
    assert_eq!(h["duplicates"], 1);
    // One 差评, no record of rectification → 不得分.
    assert_eq!(h["score"].as_f64(), Some(0.0));
    assert_eq!(h["bad"][0]["rectified"], "no_record");
    let c = codes(&r);
    for want in ["H002", "H003", "H004", "H001"] {
        assert!(c.contains(&want.to_owned()), "{want} in {c:?}");
    }
    assert!(
        message(&r, "H003").contains("CSV!"),
        "{}",
        message(&r, "H003")
    );
    assert!(message(&r, "H004").contains("GB202200001"));
    let levels: u64 = h["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_u64().unwrap())
        .sum();
    assert_eq!(levels, 40);
}

/// The committed XLS (the generator's XLSX converted by LibreOffice Calc to Excel 97):
/// 20/30 = 66.67 % → 不得分; its two 差评 have no rectification record.
#[test]
fn libreoffice_xls_export() {
    let dir = tempfile::tempdir().unwrap();
    let xls = std::fs::read(Path::new(DEMO).join("示范乡/示范乡-01-好差评评价明细.xls")).unwrap();
    assert!(
        xls.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
        "an OLE2 workbook"
    );
    put(dir.path(), "示范乡/示范乡-01-好差评评价明细.xls", &xls);
    let (out, _) = check(dir.path(), &["--lang", "en"]);
    let r = report(out.path(), "示范乡");
    let h = &r["haocha"];
    assert_eq!(
        (h["cases"].as_u64(), h["rated"].as_u64()),
        (Some(30), Some(20))
    );
    assert_eq!(h["score"].as_f64(), Some(0.0));
    // Rating times are date cells in the XLS: read as dates, all inside 2022.
    assert_eq!(h["bad"][0]["time"], "2022-09-19");
    assert_eq!(h["outside_period"], 0);
    let c = codes(&r);
    assert_eq!(c.iter().filter(|x| *x == "H002").count(), 2, "{c:?}");
    assert!(message(&r, "H005").contains("below 70%"));
}

/// The demo: the work summary claims 「好评率100%」 and 「零差评」 while the export has
/// one 差评; the summary workbook ranks the three units.
#[test]
fn demo_claims_and_ranking_sheet() {
    let (out, _) = check(Path::new(DEMO), &[]);
    let town = report(out.path(), "示范镇");
    assert_eq!(town["haocha"]["score"].as_f64(), Some(70.0));
    let claims: Vec<String> = town["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "H008")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    // One finding for the document, naming both claims that disagree.
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert!(
        claims[0].contains("好评率100%") && claims[0].contains("97.44%"),
        "{claims:?}"
    );
    assert!(claims[0].contains("零差评") && claims[0].contains("差评 1 件"));
    // 评价覆盖率97.5% agrees with 39/40 and is not flagged.
    assert!(!claims[0].contains("97.5%"));

    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(out.path().join("summary.xlsx")).unwrap();
    assert!(wb.sheet_names().contains(&"好差评".to_owned()));
    let range = wb.worksheet_range("好差评").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..4], ["名次", "单位", "单位类型", "得分"]);
    let ranked: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("1", "示范中心", "100"),
            ("2", "示范镇", "70"),
            ("3", "示范乡", "0")
        ]
    );
}

/// Claims in a plain-text summary, and a scheme without `[haocha]` reads no ratings.
#[test]
fn text_claims_and_schemes_without_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let s = spec(20, 20, 0);
    put(
        dir.path(),
        "甲镇/甲镇-01-评价明细.xlsx",
        &ratings::xlsx("甲镇评价明细", &s),
    );
    put(
        dir.path(),
        "甲镇/甲镇-01-工作总结.txt",
        &encoding_rs::GBK.encode("全年参评率 98%，好评率100%。").0,
    );
    put(
        dir.path(),
        "甲镇/甲镇-01-情况说明.docx",
        &gen::docx(&["好评率100%"], &[vec!["参评率", "100%"]]),
    );
    let (out, _) = check(dir.path(), &[]);
    let r = report(out.path(), "甲镇");
    assert_eq!(r["haocha"]["score"].as_f64(), Some(100.0));
    // 参评率 98% against 20/20 = 100 % is flagged; 好评率100% is true.
    let h008: Vec<&Value> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "H008")
        .collect();
    assert_eq!(h008.len(), 1, "{h008:#?}");
    assert!(h008[0]["file"].as_str().unwrap().ends_with(".txt"));

    // The built-in scheme has no [haocha]: no ratings object, no haocha finding.
    let out2 = tempfile::tempdir().unwrap();
    let (code, _, err) = evcheck(&[
        "check",
        dir.path().to_str().unwrap(),
        "--out",
        out2.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let r = report(out2.path(), "甲镇");
    assert!(r.get("haocha").is_none());
    assert!(codes(&r).is_empty());
}

/// A unit of the scheme that gave no ratings export is told to give one.
#[test]
fn missing_export_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    put(
        dir.path(),
        "乙镇/乙镇-01-工作总结.docx",
        &gen::docx(&["好差评工作总结"], &[]),
    );
    let (out, _) = check(dir.path(), &[]);
    let r = report(out.path(), "乙镇");
    assert_eq!(codes(&r), ["H009"]);
    assert!(r.get("haocha").is_none());
}

/// `rules check` validates the section and names the line of a misquoted number.
#[test]
fn rules_check_names_the_line() {
    let text = std::fs::read_to_string(RULES).unwrap();
    let (code, stdout, _) = evcheck(&["rules", "check", RULES]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("好差评计分") && stdout.contains("每个差评扣 30%"),
        "{stdout}"
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("bad_deduction"))
        .unwrap()
        + 1;
    let bad = text.replace(
        "bad_deduction = { value = 30,",
        "bad_deduction = { value = 20,",
    );
    let dir = tempfile::tempdir().unwrap();
    let p = put(dir.path(), "r.toml", bad.as_bytes());
    let (code, _, stderr) = evcheck(&["rules", "check", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("第 {line} 行")), "{stderr}");
    assert!(stderr.contains("bad_deduction = 20"), "{stderr}");
}

/// An export made independently with openpyxl (`fixtures/haocha-independent/make_fixture.py`)
/// in another layout: notes sheet first, title and export-time lines, a two-row grouped
/// header, 业务流水号/评价结果 headers, text and datetime times, 未评价 written out, a
/// closing 合计 row. Its expected figures were counted by that script, not by evcheck.
#[test]
fn independently_made_export_matches_its_own_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/haocha-independent");
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("expected.json")).unwrap())
            .unwrap();
    let (out, _) = check(&root, &[]);
    let r = report(out.path(), want["unit"].as_str().unwrap());
    let h = &r["haocha"];
    for k in ["cases", "rated", "outside_period", "duplicates"] {
        assert_eq!(h[k], want[k], "{k}");
    }
    for k in ["rate", "score", "average_points"] {
        let (got, exp) = (h[k].as_f64().unwrap(), want[k].as_f64().unwrap());
        assert!((got - exp).abs() < 1e-9, "{k}: {got} vs {exp}");
    }
    for l in h["levels"].as_array().unwrap() {
        assert_eq!(
            l["count"],
            want["levels"][l["name"].as_str().unwrap()],
            "{l}"
        );
    }
    assert_eq!(
        h["bad"].as_array().unwrap().len() as u64,
        want["bad"].as_u64().unwrap()
    );
    assert_eq!(
        h["unknown_levels"], 0,
        "未评价 and 非常 满意 are understood"
    );
    // The script dates one rectification before its rating: flagged, still rectified.
    assert!(message(&r, "H013").contains("LS0031"));
    assert!(!codes(&r).contains(&"H002".to_owned()));
}

/// The export and the rectification list inside the question's ZIP (members take the
/// ZIP's question) are read like loose files.
#[test]
fn exports_inside_a_zip_of_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let s = spec(20, 20, 1);
    let zip = gen::zip_utf8(&[
        ("评价明细.xlsx", ratings::xlsx("丙镇评价明细", &s)),
        ("整改记录.xlsx", ratings::rectification_xlsx(&s, &[])),
    ]);
    put(dir.path(), "丙镇/丙镇-01-好差评材料.zip", &zip);
    let (out, _) = check(dir.path(), &[]);
    let r = report(out.path(), "丙镇");
    // 20/20, one rectified 差评 → 70.
    assert_eq!(r["haocha"]["score"].as_f64(), Some(70.0));
    let mut files: Vec<&str> = r["haocha"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    files.sort_unstable_by_key(|f| std::cmp::Reverse(f.contains("评价明细")));
    assert_eq!(
        files,
        [
            "丙镇-01-好差评材料.zip/评价明细.xlsx",
            "丙镇-01-好差评材料.zip/整改记录.xlsx"
        ]
    );
}

/// A ratings export that cannot be read (its workbook part is not XML): H010 says why
/// in the report's language, English under `--lang en` (the reader's reason too), and
/// Chinese by default.
#[test]
fn unreadable_export_is_explained_in_the_report_language() {
    use std::io::{Read, Write};
    let good = ratings::xlsx("甲镇评价明细", &spec(5, 5, 0));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            data = b"<workbook><sheets><sheet name=".to_vec();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&data).unwrap();
    }
    let broken = w.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "甲镇/甲镇-01-评价明细.xlsx", &broken);

    let (out, _) = check(dir.path(), &["--lang", "en"]);
    let r = report(out.path(), "甲镇");
    // The message only (the basis quotes the scheme, in Chinese).
    let text = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "H010")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no H010 in {:#}", r["diagnostics"]));
    assert!(
        text.starts_with(
            "the table cannot be read and was not counted: the spreadsheet is damaged"
        ),
        "{text}"
    );
    let chinese = |s: &str| {
        s.chars().any(|c| {
            ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    };
    assert!(!chinese(&text), "{text}");

    let (out, _) = check(dir.path(), &[]);
    let r = report(out.path(), "甲镇");
    let m = message(&r, "H010");
    assert!(
        m.contains("表格无法读取，未计入好差评统计：表格文件已损坏或无法解析"),
        "{m}"
    );
}
