//! End-to-end tests: the real `evcheck` binary on real generated files.

mod common;
use common::gen;
use common::run::{codes_for, diags, evcheck, put, read_json, s};

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn unit_report(out: &Path, unit: &str) -> Value {
    read_json(&out.join(unit).join("report.json"))
}

/// The text at `key` of each object in the array `list` (objects without it are left
/// out).
fn strs<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x[key].as_str())
        .collect()
}

/// Diagnostics matching rule, severity and (part of) file path.
fn find(r: &Value, rule: &str, severity: &str, file: Option<&str>) -> Vec<Value> {
    diags(r)
        .into_iter()
        .filter(|d| d["rule"] == rule && d["severity"] == severity)
        .filter(|d| match file {
            None => true,
            Some(f) => d["file"].as_str().is_some_and(|x| x.contains(f)),
        })
        .collect()
}

fn case_pdf(text: &str) -> Vec<u8> {
    gen::pdf(&[vec![text.to_owned(), "2022年5月12日".to_owned()]], None)
}

fn photo() -> Vec<u8> {
    gen::with_exif_date(
        &gen::jpeg(&gen::page_image(800, 600, false, 1)),
        "2022:06:01 09:30:00",
    )
}

#[test]
fn clean_unit_has_no_errors_and_exit_zero() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(
        &unit,
        "区税务局-01-延时服务案例.pdf",
        &case_pdf("延时服务案例"),
    );
    put(&unit, "区税务局-04-窗口照片.jpg", &photo());
    put(
        &unit,
        "01/区税务局-01-案例补充说明.pdf",
        &case_pdf("补充说明"),
    );
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    let rep = unit_report(&out, "区税务局");
    let errors: Vec<Value> = diags(&rep)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    assert_eq!(r.code, 0, "stdout: {} stderr: {}", r.stdout, r.stderr);
    // Every file was checked and identified by content.
    let files = rep["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(files.iter().any(|f| f["format"] == "pdf"));
    assert!(files.iter().any(|f| f["format"] == "jpeg"));
    // Questions without files are listed once, as info.
    let missing = find(&rep, "count", "info", None);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["code"], "C002");
}

#[test]
fn format_defects_are_found_by_content() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区人社局");
    put(&unit, "区人社局-03-网上办事截图.ceb", &gen::ceb());
    put(&unit, "区人社局-09-材料汇总.rar", &gen::rar());
    put(&unit, "区人社局-08-窗口照片.pdf", &photo());
    put(&unit, "区人社局-10-工作制度.docx", b"");
    put(
        &unit,
        "区人社局-11-其他.pdf",
        &[0x13u8, 0x99, 0x00, 0xff, 0x42, 0x07, 0x00, 0x01].repeat(100),
    );
    put(&unit, "区人社局-12-伪装.pdf", &gen::ceb());
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", "区人社局", s(&unit), "--out", s(&out)]);
    assert_eq!(r.code, 1);
    let rep = unit_report(&out, "区人社局");
    assert!(codes_for(&rep, "区人社局-03-网上办事截图.ceb").contains(&"F001".into()));
    assert!(
        codes_for(&rep, "区人社局-12-伪装.pdf").contains(&"F001".into()),
        "CEB is found by content whatever its extension"
    );
    assert!(codes_for(&rep, "区人社局-09-材料汇总.rar").contains(&"F002".into()));
    assert!(codes_for(&rep, "区人社局-08-窗口照片.pdf").contains(&"F006".into()));
    assert!(codes_for(&rep, "区人社局-10-工作制度.docx").contains(&"F007".into()));
    assert!(codes_for(&rep, "区人社局-11-其他.pdf").contains(&"F005".into()));
    let f001 = find(&rep, "format", "error", Some(".ceb"));
    assert!(f001[0]["fix"].as_str().unwrap().contains("PDF"));
    assert_eq!(f001[0]["question"], "03");
}

#[test]
fn size_limits_warn_at_20_and_fail_at_30_mb() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(
        &unit,
        "区税务局-12-大厅照片.jpg",
        &gen::padded(photo(), 21 * 1024 * 1024),
    );
    put(
        &unit,
        "区税务局-16-大厅全景.jpg",
        &gen::padded(photo(), 31 * 1024 * 1024),
    );
    put(
        &unit,
        "区税务局-04-窗口照片.jpg",
        &gen::padded(photo(), 20 * 1024 * 1024),
    );
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    assert_eq!(r.code, 1);
    let rep = unit_report(&out, "区税务局");
    assert_eq!(codes_for(&rep, "区税务局-12-大厅照片.jpg"), vec!["S002"]);
    assert_eq!(codes_for(&rep, "区税务局-16-大厅全景.jpg"), vec!["S001"]);
    assert!(
        codes_for(&rep, "区税务局-04-窗口照片.jpg").is_empty(),
        "exactly 20 MB is within the advice"
    );
}

#[test]
fn more_than_five_files_for_a_question_is_an_error_and_a_zip_counts_as_one() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    for i in 1..=6 {
        put(
            &unit,
            &format!("13/区税务局-13-案例{i}.pdf"),
            &case_pdf("案例"),
        );
    }
    let members: Vec<(String, Vec<u8>)> = (1..=9)
        .map(|i| (format!("区税务局-17-案例{i}.pdf"), case_pdf("案例")))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    put(&unit, "区税务局-17-案例汇编.zip", &gen::zip_utf8(&refs));
    for i in 1..=4 {
        put(
            &unit,
            &format!("区税务局-17-案例{i}.pdf"),
            &case_pdf("案例"),
        );
    }
    let out = d.path().join("out");
    evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    let rep = unit_report(&out, "区税务局");
    let c = find(&rep, "count", "error", None);
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0]["code"], "C001");
    assert_eq!(c[0]["question"], "13");
    assert!(c[0]["message"].as_str().unwrap().contains("6"));
    // The ZIP's members are checked but not counted.
    let files = rep["files"].as_array().unwrap();
    assert!(files
        .iter()
        .any(|f| f["path"] == "区税务局-17-案例汇编.zip/区税务局-17-案例9.pdf"));
}

#[test]
fn gbk_named_zip_shows_chinese_names_and_a_damaged_archive_does_not_stop_the_others() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("in");
    let mut truncated = gen::zip_utf8(&[
        ("区民政局-03-说明.pdf", case_pdf("说明")),
        (
            "区民政局-03-截图.png",
            gen::png(&gen::page_image(300, 200, false, 3)),
        ),
    ]);
    truncated.truncate(truncated.len() / 2);
    put(
        &root,
        "东双河镇.zip",
        &gen::zip_gbk(&[
            ("东双河镇-04-建筑面积.pdf", case_pdf("建筑面积")),
            (
                "东双河镇-18-办件工单.xlsx",
                gen::xlsx_dates(&["编号", "日期", "状态"], &[(2022, 3, 5)]),
            ),
        ]),
    );
    put(&root, "区民政局/区民政局-03-平台截图.zip", &truncated);
    put(&root, "区民政局/区民政局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    let out = d.path().join("out");
    let r = evcheck(&["check", s(&root), "--out", s(&out), "--quiet"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let town = unit_report(&out, "东双河镇");
    let paths = strs(&town["files"], "path");
    assert!(paths.contains(&"东双河镇-04-建筑面积.pdf"), "{paths:?}");
    assert!(paths.contains(&"东双河镇-18-办件工单.xlsx"), "{paths:?}");
    assert!(
        find(&town, "naming", "error", None).is_empty(),
        "{:#?}",
        diags(&town)
    );
    let civil = unit_report(&out, "区民政局");
    assert!(
        !find(&civil, "archive", "error", Some("区民政局-03-平台截图.zip")).is_empty(),
        "{:#?}",
        diags(&civil)
    );
    let civil_files = strs(&civil["files"], "path");
    assert!(civil_files.contains(&"区民政局-01-案例.pdf"));
    let tax = unit_report(&out, "区税务局");
    assert_eq!(tax["files"].as_array().unwrap().len(), 1);
    // The summary has a row per unit and names roster units that submitted nothing.
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["units"].as_array().unwrap().len(), 3);
    let missing = strs(&summary["not_submitted"], "unit");
    assert!(
        missing.contains(&"区发改委"),
        "missing roster units are named: {missing:?}"
    );
    assert!(!missing.contains(&"区税务局") && !missing.contains(&"区民政局"));
    assert!(out.join("summary.csv").exists() && out.join("summary.xlsx").exists());
}

#[test]
fn junk_files_are_warned_about_and_not_counted() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(&unit, "Thumbs.db", b"junk");
    put(&unit, "desktop.ini", b"[.ShellClassInfo]");
    put(&unit, "~$区税务局-01-案例.docx", b"lock");
    put(&unit, "区税务局-01-案例.pdf", &case_pdf("案例"));
    let out = d.path().join("out");
    evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    let rep = unit_report(&out, "区税务局");
    assert_eq!(
        find(&rep, "junk", "warning", None).len(),
        3,
        "{:#?}",
        diags(&rep)
    );
    assert_eq!(rep["files"].as_array().unwrap().len(), 1);
}

#[test]
fn wrong_names_get_a_suggested_name() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("东双河镇");
    put(&unit, "东双河镇—4—建筑面积.pdf", &case_pdf("建筑面积"));
    put(&unit, "东双河镇-41-其他材料.pdf", &case_pdf("其他"));
    put(&unit, "区税务局-05-制度.pdf", &case_pdf("制度"));
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    assert_eq!(r.code, 1);
    let rep = unit_report(&out, "东双河镇");
    let dash = diags(&rep)
        .into_iter()
        .find(|d| d["file"] == "东双河镇—4—建筑面积.pdf" && d["rule"] == "naming")
        .expect("naming finding");
    assert!(
        dash["fix"]
            .as_str()
            .unwrap()
            .contains("东双河镇-04-建筑面积.pdf"),
        "{dash:#?}"
    );
    assert_eq!(dash["question"], "04");
    assert!(!find(&rep, "naming", "error", Some("东双河镇-41-其他材料.pdf")).is_empty());
    assert!(!find(&rep, "naming", "error", Some("区税务局-05-制度.pdf")).is_empty());
}

#[test]
fn unit_outside_the_roster_is_flagged_and_checked_by_name_suffix() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("in");
    put(&root, "平桥镇/平桥镇-38-村综窗照片.jpg", &photo());
    let out = d.path().join("out");
    evcheck(&["check", s(&root), "--out", s(&out)]);
    let rep = unit_report(&out, "平桥镇");
    assert_eq!(
        rep["kind"], "乡镇街道",
        "a 镇 is checked against the township questionnaire (40 questions)"
    );
    let r = find(&rep, "roster", "warning", None);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["code"], "R002");
    assert!(
        find(&rep, "naming", "error", None).is_empty(),
        "question 38 exists for townships: {:#?}",
        diags(&rep)
    );
}

#[test]
fn unit_zip_self_check_takes_the_unit_from_the_zip_name() {
    let d = tempfile::tempdir().unwrap();
    let z = put(
        d.path(),
        "东双河镇.zip",
        &gen::zip_gbk(&[("东双河镇-04-建筑面积.pdf", case_pdf("建筑面积"))]),
    );
    let out = d.path().join("out");
    let r = evcheck(&["check", "--unit", s(&z), "--out", s(&out)]);
    let rep = unit_report(&out, "东双河镇");
    assert_eq!(rep["unit"], "东双河镇");
    assert_eq!(
        rep["files"].as_array().map(|f| f.len()),
        Some(1),
        "{}",
        r.stderr
    );
    assert!(
        find(&rep, "naming", "error", None).is_empty(),
        "{:#?} {}",
        diags(&rep),
        r.stderr
    );
}

/// The built-in rule file with text where a number belongs, written to `dir/bad.toml`;
/// returns its path and the line of the error.
fn broken_rules(dir: &Path) -> (PathBuf, usize) {
    let builtin = evcheck(&["rules", "show"]).stdout;
    let broken = builtin.replacen(
        "max_files_per_question = 5",
        "max_files_per_question = \"five\"",
        1,
    );
    let line = broken.lines().position(|l| l.contains("\"five\"")).unwrap() + 1;
    (put(dir, "bad.toml", broken.as_bytes()), line)
}

#[test]
fn bad_rule_file_exits_2_and_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let (f, line) = broken_rules(d.path());
    let r = evcheck(&["rules", "check", s(&f)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(&format!("第 {line} 行")), "{}", r.stderr);
    let unit = d.path().join("区税务局");
    put(&unit, "区税务局-01-案例.pdf", &case_pdf("案例"));
    let r = evcheck(&[
        "check",
        "--rules",
        s(&f),
        "--unit",
        s(&unit),
        "--out",
        s(&d.path().join("o")),
    ]);
    assert_eq!(r.code, 2);
    let ok = evcheck(&["rules", "check", "rules/shihe-2022.toml"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(evcheck(&["check"]).code, 2);
    assert_eq!(evcheck(&["check", "/no/such/folder/anywhere"]).code, 2);
    assert_eq!(evcheck(&["frobnicate"]).code, 2);
}

#[test]
fn reports_are_complete_html_is_escaped_english_works_and_inputs_are_untouched() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(
        &unit,
        "区税务局-01-<script>alert(1)<script>.pdf",
        &case_pdf("案例"),
    );
    put(&unit, "区税务局-03-截图.ceb", &gen::ceb());
    let before: Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> = std::fs::read_dir(&unit)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let m = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), m)
        })
        .collect();
    let out = d.path().join("out");
    let r = evcheck(&[
        "check",
        "--unit",
        s(&unit),
        "--out",
        s(&out),
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 1);
    for (p, bytes, m) in before {
        assert_eq!(
            std::fs::read(&p).unwrap(),
            bytes,
            "input changed: {}",
            p.display()
        );
        assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), m);
    }
    let html = std::fs::read_to_string(out.join("区税务局/report.html")).unwrap();
    assert!(
        !html.contains("<script>alert(1)"),
        "file names must be escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
    let rep = unit_report(&out, "区税务局");
    let ceb = find(&rep, "format", "error", Some(".ceb"));
    assert!(ceb[0]["message"].as_str().unwrap().contains("CEB"));
    assert!(
        ceb[0]["message"].as_str().unwrap().is_ascii(),
        "English report: {}",
        ceb[0]["message"]
    );
    let leftovers: Vec<String> = walk_names(&out)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk_names(p: &Path) -> Vec<String> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                v.extend(walk_names(&path));
            } else {
                v.push(path.to_string_lossy().into_owned());
            }
        }
    }
    v
}

#[test]
fn demo_data_runs_and_finds_every_kind_of_defect() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let r = evcheck(&["check", "fixtures/demo", "--out", s(&out)]);
    assert_eq!(r.code, 1, "the demo has errors: {}", r.stderr);
    assert!(r.stdout.contains("区人社局"), "{}", r.stdout);
    let summary = read_json(&out.join("summary.json"));
    for rule in [
        "naming", "format", "size", "count", "archive", "junk", "roster", "period", "stamp",
    ] {
        let n = summary["totals"]["by_rule"][rule].as_u64().unwrap_or(0);
        assert!(
            n > 0,
            "no {rule} finding in the demo: {}",
            summary["totals"]
        );
    }
    // Every file-level code the demo is meant to show.
    for code in [
        "F001", "F002", "F006", "F007", "S001", "S002", "C001", "C002", "A001", "J001", "J002",
        "N005", "N007", "N008", "N010", "N011", "N016", "R001", "R002",
    ] {
        let n = summary["totals"]["by_code"][code].as_u64().unwrap_or(0);
        assert!(n > 0, "no {code} in the demo: {}", summary["totals"]);
    }
    for unit in ["区税务局", "区人社局", "东双河镇", "区民政局", "区外事办"] {
        assert!(out.join(unit).join("report.html").exists(), "{unit}");
    }
}

#[test]
fn a_reader_that_aborts_or_hangs_costs_one_file_not_the_run() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(&unit, "区税务局-14-办件统计.pdf", &case_pdf("统计"));
    put(&unit, "区税务局-18-办件统计.pdf", &case_pdf("统计"));
    put(&unit, "区税务局-01-案例.pdf", &case_pdf("案例"));
    let out = d.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args([
            "check",
            "--unit",
            s(&unit),
            "--out",
            s(&out),
            "--file-timeout",
            "2",
            "--jobs",
            "2",
        ])
        .env(
            "EVCHECK_WORKER_FAULT",
            "abort:区税务局-14-办件统计.pdf;hang:区税务局-18-办件统计.pdf",
        )
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rep = unit_report(&out, "区税务局");
    assert!(
        codes_for(&rep, "区税务局-14-办件统计.pdf").contains(&"U003".to_string()),
        "{:#?}",
        diags(&rep)
    );
    assert!(
        codes_for(&rep, "区税务局-18-办件统计.pdf").contains(&"U004".to_string()),
        "{:#?}",
        diags(&rep)
    );
    assert!(!codes_for(&rep, "区税务局-01-案例.pdf")
        .iter()
        .any(|c| c.starts_with('U')));
    assert_eq!(rep["files"].as_array().unwrap().len(), 3);
}

fn sheet(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// `指标体系.xlsx` in `dir`: the `rules init` header row, then `rows`.
fn questionnaire(dir: &Path, rows: &[Vec<&str>]) -> PathBuf {
    let mut all = vec![vec!["序号", "指标", "佐证要求", "是否盖章", "是否限期内"]];
    all.extend(rows.iter().cloned());
    put(dir, "指标体系.xlsx", &sheet(&all))
}

#[test]
fn rules_init_makes_a_valid_scheme_from_a_questionnaire_spreadsheet() {
    let d = tempfile::tempdir().unwrap();
    let x = questionnaire(
        d.path(),
        &[
            vec!["1", "窗口设置", "提供窗口实景照片", "否", "是"],
            vec!["2", "办件统计", "提供办件量统计表（加盖公章）", "是", "是"],
            vec!["3", "制度建设", "提供相关制度文件", "否", "否"],
        ],
    );
    let out = d.path().join("新方案.toml");
    let r = evcheck(&["rules", "init", "--from", s(&x), "--out", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let check = evcheck(&["rules", "check", s(&out)]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains("3 题"), "{}", check.stdout);
    // A unit checked under the new scheme: question 02 needs a seal, 04 does not exist.
    let unit = d.path().join("区税务局");
    put(
        &unit,
        "区税务局-02-办件统计.xlsx",
        &gen::xlsx_dates(&["编号", "日期", "状态"], &[(2022, 3, 5)]),
    );
    put(&unit, "区税务局-04-其他.pdf", &case_pdf("其他"));
    let o = d.path().join("o");
    evcheck(&[
        "check",
        "--rules",
        s(&out),
        "--unit",
        s(&unit),
        "--out",
        s(&o),
    ]);
    let rep = unit_report(&o, "区税务局");
    assert!(
        !find(&rep, "naming", "error", Some("-04-")).is_empty(),
        "{:#?}",
        diags(&rep)
    );
    // Never overwrites an existing file.
    assert_eq!(
        evcheck(&["rules", "init", "--from", s(&x), "--out", s(&out)]).code,
        2
    );
}

#[test]
fn roster_spreadsheet_adds_units() {
    let d = tempfile::tempdir().unwrap();
    let x = put(
        d.path(),
        "联络人表.xlsx",
        &sheet(&[
            vec!["单位名称", "分管领导姓名", "手机号"],
            vec!["平桥镇", "张三", "13800000000"],
            vec!["五里店街道", "李四", "13900000000"],
        ]),
    );
    let root = d.path().join("in");
    put(&root, "平桥镇/平桥镇-38-村综窗照片.jpg", &photo());
    let out = d.path().join("out");
    let r = evcheck(&["check", s(&root), "--roster", s(&x), "--out", s(&out)]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let rep = unit_report(&out, "平桥镇");
    assert_eq!(rep["in_roster"], true);
    assert!(find(&rep, "roster", "warning", None).is_empty());
    let summary = read_json(&out.join("summary.json"));
    let missing = strs(&summary["not_submitted"], "unit");
    assert!(missing.contains(&"五里店街道"), "{missing:?}");
    let bad = evcheck(&[
        "check",
        s(&root),
        "--roster",
        "/no/such/roster.xlsx",
        "--out",
        s(&out),
    ]);
    assert_eq!(bad.code, 2);
}

#[test]
fn unchanged_files_are_not_read_again_on_the_next_run() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    let f = put(&unit, "区税务局-01-案例.pdf", &case_pdf("案例"));
    let out = d.path().join("out");
    let first = evcheck(&["check", "--unit", s(&unit), "--out", s(&out)]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(out.join(".evcheck-cache.json").exists());
    // A reader that would crash on this file is never started: the file did not change.
    let again = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_evcheck"))
            .args(["check", "--unit", s(&unit), "--out", s(out)])
            .env("EVCHECK_WORKER_FAULT", "abort:区税务局-01-案例.pdf")
            .output()
            .unwrap()
    };
    let second = again(&out);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(codes_for(&unit_report(&out, "区税务局"), "区税务局-01-案例.pdf").is_empty());
    // Once the file changes it is read again (and here the reader crashes).
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&f, case_pdf("改过的案例")).unwrap();
    let third = again(&out);
    assert_eq!(third.status.code(), Some(1));
    assert!(
        codes_for(&unit_report(&out, "区税务局"), "区税务局-01-案例.pdf")
            .contains(&"U003".to_string())
    );
    // --no-cache reads everything.
    let fresh = d.path().join("fresh");
    let r = evcheck(&[
        "check",
        "--unit",
        s(&unit),
        "--out",
        s(&fresh),
        "--no-cache",
    ]);
    assert_eq!(r.code, 0);
    assert!(!fresh.join(".evcheck-cache.json").exists());
}

#[test]
fn a_folder_dropped_on_the_program_is_self_checked_with_reports_beside_it() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("东双河镇");
    put(&unit, "东双河镇-41-其他材料.pdf", &case_pdf("其他"));
    let r = evcheck(&[s(&unit)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("N007"),
        "the finding is printed: {}",
        r.stdout
    );
    let rep = unit_report(&d.path().join("evcheck-reports"), "东双河镇");
    assert_eq!(rep["unit"], "东双河镇");
    // A subcommand name is never taken for a path, even when such a folder exists.
    std::fs::create_dir_all(d.path().join("codes")).unwrap();
    let codes = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .arg("codes")
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&codes.stdout).contains("F001"));
}

#[test]
fn an_output_folder_inside_root_is_not_taken_for_a_unit() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("共享盘");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    let out = root.join("报告");
    for _ in 0..2 {
        let r = evcheck(&["check", s(&root), "--out", s(&out), "--quiet"]);
        assert_eq!(r.code, 0, "{}", r.stdout);
    }
    let summary = read_json(&out.join("summary.json"));
    let units = strs(&summary["units"], "unit");
    assert_eq!(units, vec!["区税务局"]);
}

#[test]
fn fix_makes_a_corrected_copy_and_never_touches_the_submission() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("东双河镇");
    put(&unit, "东双河镇—4—建筑面积.pdf", &case_pdf("建筑面积"));
    put(
        &unit,
        "东双河镇-18-办件工单.xlsx",
        &gen::xlsx_dates(&["编号", "日期", "状态"], &[(2022, 3, 5)]),
    );
    put(&unit, "Thumbs.db", b"junk");
    put(
        &unit,
        "东双河镇-10-事项清单.zip",
        &gen::zip_gbk(&[
            ("东双河镇-10-清单.pdf", case_pdf("清单")),
            ("__MACOSX/._东双河镇-10-清单.pdf", b"x".to_vec()),
        ]),
    );
    let snapshot = |p: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walk_names(p)
            .into_iter()
            .map(|f| {
                let b = std::fs::read(&f).unwrap();
                (f, b)
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(&unit);
    let to = d.path().join("副本");
    let r = evcheck(&["fix", s(&unit), "--to", s(&to)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(&unit), before, "the submission is unchanged");
    assert!(to.join("东双河镇-04-建筑面积.pdf").exists());
    assert!(!to.join("Thumbs.db").exists());
    let list = std::fs::read_to_string(d.path().join("副本-evcheck-改名清单.csv")).unwrap();
    assert!(
        list.starts_with('\u{FEFF}')
            && list.contains("东双河镇—4—建筑面积.pdf,东双河镇-04-建筑面积.pdf,改名"),
        "{list}"
    );
    // The repacked ZIP has UTF-8 names and no junk.
    let z = zip::ZipArchive::new(std::fs::File::open(to.join("东双河镇-10-事项清单.zip")).unwrap())
        .unwrap();
    let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(names, vec!["东双河镇-10-清单.pdf".to_string()]);
    // The copy checks clean of naming and junk findings.
    let out = d.path().join("out");
    evcheck(&["check", "--unit", "东双河镇", s(&to), "--out", s(&out)]);
    let rep = unit_report(&out, "东双河镇");
    assert!(
        find(&rep, "naming", "warning", None).is_empty()
            && find(&rep, "naming", "error", None).is_empty(),
        "{:#?}",
        diags(&rep)
    );
    assert!(find(&rep, "junk", "warning", None).is_empty());
    // Never overwrites, never writes inside the submission.
    assert_eq!(evcheck(&["fix", s(&unit), "--to", s(&to)]).code, 2);
    assert_eq!(
        evcheck(&["fix", s(&unit), "--to", s(&unit.join("副本"))]).code,
        2
    );
    assert_eq!(snapshot(&unit), before);
}

/// The command `fix` advises checks the copy as the same unit: no 「不在名单中」, no
/// unit-name errors, the same findings as the original submission.
#[test]
fn fix_advice_checks_the_copy_as_the_same_unit() {
    let d = tempfile::tempdir().unwrap();
    let zip = d.path().join("区民政局.zip");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/区民政局.zip"),
        &zip,
    )
    .unwrap();
    let fixed = evcheck(&["fix", s(&zip)]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let line = fixed
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("请核对后再检查副本: evcheck "))
        .expect("advice line");
    let mut args: Vec<&str> = line.split(' ').collect();
    let out_copy = d.path().join("out-copy");
    args.extend(["--out", s(&out_copy), "--no-isolation"]);
    let copy = evcheck(&args);
    let out_orig = d.path().join("out-orig");
    let orig = evcheck(&[
        "check",
        "--unit",
        s(&zip),
        "--out",
        s(&out_orig),
        "--no-isolation",
    ]);
    assert_eq!(copy.code, orig.code, "{}", copy.stdout);
    let r = unit_report(&out_copy, "区民政局");
    assert_eq!(r["unit"], "区民政局");
    assert!(find(&r, "roster", "warning", None).is_empty(), "no R002");
    assert!(find(&r, "naming", "error", None).is_empty(), "no N005");
    let o = unit_report(&out_orig, "区民政局");
    assert!(r["counts"]["error"].is_u64());
    assert_eq!(r["counts"]["error"], o["counts"]["error"]);
}

/// A clerk who runs `evcheck check --unit 区税务局 .` from inside the unit's folder (no
/// `--out`) gets the reports beside that folder: nothing is written into the
/// submission and the run is not refused.
#[test]
fn self_check_from_inside_the_unit_folder_writes_reports_beside_it() {
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("区税务局");
    put(&unit, "区税务局-04-建筑面积.pdf", &case_pdf("建筑面积"));
    let before = walk_names(&unit);
    let out = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", "--quiet", "--unit", "区税务局", "."])
        .current_dir(&unit)
        .output()
        .expect("run evcheck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?} {stderr}",
        out.status
    );
    assert_eq!(walk_names(&unit), before, "nothing written into the unit");
    let rep = unit_report(&d.path().join("evcheck-reports"), "区税务局");
    assert_eq!(rep["unit"], "区税务局");
}

/// Whether `s` holds a Chinese character (CJK ideographs and punctuation, full-width
/// forms).
fn has_chinese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// The demo under `--lang en`: the manual checks each question lists (from the
/// evidence kinds the rule file gives) are English in the JSON and HTML reports; the
/// Chinese run lists the Chinese texts.
#[test]
fn english_reports_give_the_manual_checks_in_english() {
    let d = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let (en, zh) = (d.path().join("en"), d.path().join("zh"));
    let r = evcheck(&["check", s(&demo), "--out", s(&en), "--lang", "en"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let r = evcheck(&["check", s(&demo), "--out", s(&zh)]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let mut listed = 0;
    for unit in ["区税务局", "区人社局", "区外事办", "区民政局", "东双河镇"] {
        let (e, z) = (unit_report(&en, unit), unit_report(&zh, unit));
        let (eq, zq) = (
            e["questions"].as_array().unwrap(),
            z["questions"].as_array().unwrap(),
        );
        assert_eq!(eq.len(), zq.len(), "{unit}");
        for (a, b) in eq.iter().zip(zq) {
            let (am, bm) = (
                a["manual"].as_array().unwrap(),
                b["manual"].as_array().unwrap(),
            );
            assert_eq!(am.len(), bm.len(), "{unit} {}", a["no"]);
            for (x, y) in am.iter().zip(bm) {
                let (x, y) = (x.as_str().unwrap(), y.as_str().unwrap());
                assert!(!has_chinese(x), "{unit} {}: {x}", a["no"]);
                assert!(has_chinese(y), "{unit} {}: {y}", b["no"]);
                listed += 1;
            }
        }
        let html = std::fs::read_to_string(en.join(unit).join("report.html")).unwrap();
        assert!(!html.contains("截图须将网址"), "{unit}");
    }
    assert!(listed > 0, "the demo lists no manual check");
}

/// `rules init --lang en`: the sheet's errors are English (Chinese only for the column
/// names and cell values that must be written as they are, quoted).
#[test]
fn rules_init_errors_are_english_under_lang_en() {
    let d = tempfile::tempdir().unwrap();
    let x = questionnaire(
        d.path(),
        &[
            vec!["1", "窗口设置", "提供窗口实景照片", "也许", "是"],
            vec!["1", "办件统计", "提供办件量统计表", "否", "是"],
        ],
    );
    let r = evcheck(&["rules", "init", "--from", s(&x), "--lang", "en"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not understood"), "{}", r.stderr);
    assert!(
        r.stderr.contains("question number 01 is also on row"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("only in the rule file's language"),
        "{}",
        r.stderr
    );
    for line in r.stderr.lines() {
        // Drop the file's name (Chinese here) and the quoted values and column names.
        let line = line.replace(s(&x), "");
        let unquoted: String = line.split('"').step_by(2).collect();
        let unquoted = ["是否盖章", "是 (yes)", "否 (no)"]
            .iter()
            .fold(unquoted, |t, w| t.replace(w, ""));
        assert!(!has_chinese(&unquoted), "{line}");
    }
    // The Chinese default is unchanged.
    let r = evcheck(&["rules", "init", "--from", s(&x)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("无法识别，请填“是”或“否”"),
        "{}",
        r.stderr
    );
}

/// Every string at a key `name` or `kind` in a TOML document (the scheme's name, unit
/// kinds, rating levels: the rule file's own words, quoted in any language).
fn names_and_kinds(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                match x {
                    toml::Value::String(text) if k == "name" || k == "kind" => {
                        out.push(text.clone())
                    }
                    _ => names_and_kinds(x, out),
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| names_and_kinds(x, out)),
        _ => {}
    }
}

/// `rules check --lang en` says everything in English (apart from the rule file's own
/// names); without `--lang` it is Chinese as before.
#[test]
fn rules_check_speaks_english_under_lang_en() {
    for file in ["rules/taiqian-haocha-2022.toml", "rules/shihe-2022.toml"] {
        let r = evcheck(&["rules", "check", file, "--lang", "en"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.starts_with("the rule file is valid: "),
            "{}",
            r.stdout
        );
        let doc =
            toml::Value::Table(toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap());
        let mut words = Vec::new();
        names_and_kinds(&doc, &mut words);
        // Longest first, so that a level named 满意 does not cut 非常满意 in two.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let rest = words.iter().fold(r.stdout.clone(), |t, w| t.replace(w, ""));
        assert!(!has_chinese(&rest), "{}", r.stdout);

        let zh = evcheck(&["rules", "check", file]);
        assert_eq!(zh.code, 0, "{}", zh.stderr);
        assert!(zh.stdout.starts_with("规则文件有效: "), "{}", zh.stdout);
    }
    let r = evcheck(&[
        "rules",
        "check",
        "rules/taiqian-haocha-2022.toml",
        "--lang",
        "en",
    ]);
    assert!(
        r.stdout
            .contains("ratings score: full marks 100, full marks at a rating rate of 95% or more, no marks below 70%, 30% off for each poor rating"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("不满意 3 point(s) (poor)"),
        "{}",
        r.stdout
    );
}

/// A rule file with errors: `rules check --lang en` names them in English, with their
/// lines, and exits 2 as in Chinese.
#[test]
fn rules_check_errors_are_english_under_lang_en() {
    let d = tempfile::tempdir().unwrap();
    let (f, line) = broken_rules(d.path());
    let r = evcheck(&["rules", "check", "--lang", "en", s(&f)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("has 1 error(s):") && r.stderr.contains(&format!(": line {line}: ")),
        "{}",
        r.stderr
    );
    assert!(!has_chinese(&r.stderr), "{}", r.stderr);
    let missing = evcheck(&[
        "rules",
        "check",
        "--lang",
        "en",
        s(&d.path().join("none.toml")),
    ]);
    assert_eq!(missing.code, 2);
    assert!(!has_chinese(&missing.stderr), "{}", missing.stderr);
    let zh = evcheck(&["rules", "check", s(&f)]);
    assert!(
        zh.stderr.contains(&format!("第 {line} 行")),
        "{}",
        zh.stderr
    );
}
