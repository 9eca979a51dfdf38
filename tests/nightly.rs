//! The nightly run on a shared drive: reports never mix with submissions, reports go
//! back to the units, a run is complete and alone, and the summary says what changed.
//! Every test runs the real binary on generated files.

mod common;
use common::gen;
use common::run::{evcheck, evcheck_in, put, read_json, s};

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case_pdf(text: &str) -> Vec<u8> {
    gen::pdf(&[vec![text.to_owned(), "2022年5月12日".to_owned()]], None)
}

fn summary_units(out: &Path) -> Vec<String> {
    read_json(&out.join("summary.json"))["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["unit"].as_str().map(str::to_owned))
        .collect()
}

fn unit_row(out: &Path, unit: &str) -> Value {
    read_json(&out.join("summary.json"))["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == unit)
        .cloned()
        .unwrap_or_else(|| panic!("no row for {unit}"))
}

/// Two units: 区税务局 (a folder, one clean file) and 区民政局 (a folder).
fn two_units(root: &Path) {
    put(root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    put(root, "区民政局/区民政局-01-案例.pdf", &case_pdf("案例"));
}

/// A temporary folder holding the shared drive `共享盘` with [`two_units`]: the folder
/// (kept while it lives) and the drive.
fn shared_drive() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("共享盘");
    two_units(&root);
    (d, root)
}

/// One quiet nightly run of `root` into `out`.
fn night(root: &Path, out: &Path) -> common::run::Run {
    evcheck(&["check", s(root), "--out", s(out), "--quiet"])
}

/// Every file under `dir` with a hash of its bytes and its modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    use std::hash::{Hash, Hasher};
    let mut m = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&p).unwrap().hash(&mut h);
                let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
                m.insert(p, (h.finish(), mtime));
            }
        }
    }
    m
}

#[test]
fn an_output_folder_under_root_is_never_a_unit_even_renamed() {
    let (d, root) = shared_drive();
    let out = root.join("检查结果");
    for _ in 0..2 {
        let r = night(&root, &out);
        assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
        assert_eq!(summary_units(&out), vec!["区民政局", "区税务局"]);
    }
    // Renamed, and the next night writes elsewhere: still not a unit.
    std::fs::rename(&out, root.join("上周的结果")).unwrap();
    let elsewhere = d.path().join("今晚");
    let r = night(&root, &elsewhere);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(summary_units(&elsewhere), vec!["区民政局", "区税务局"]);
}

#[test]
fn a_stray_reports_folder_in_root_is_not_a_unit() {
    let (d, root) = shared_drive();
    // `cd ROOT; evcheck check .` leaves `evcheck-reports` inside the root.
    let r = evcheck_in(Some(&root), &["check", ".", "--quiet"]);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert!(root.join("evcheck-reports/summary.json").is_file());
    let out = d.path().join("out");
    let r = night(&root, &out);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert_eq!(summary_units(&out), vec!["区民政局", "区税务局"]);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["totals"]["error"], 0);
}

#[test]
fn output_into_a_submission_is_refused() {
    let (_d, root) = shared_drive();
    put(
        &root,
        "东双河镇.zip",
        &gen::zip_utf8(&[("东双河镇-01-案例.pdf", case_pdf("案例"))]),
    );
    let before = snapshot(&root);
    let unit = root.join("区民政局");
    let inside = unit.join("报告");
    let in_zip = root.join("东双河镇.zip").join("报告");
    let deep = root.join("新文件夹").join("报告");
    for (out, what) in [
        (&unit, "区民政局"),
        (&inside, "区民政局"),
        (&root, "提交目录本身"),
        (&in_zip, "不是文件夹"),
        (&deep, "子文件夹"),
    ] {
        let r = night(&root, out);
        assert_eq!(
            r.code,
            2,
            "--out {}: {} {}",
            out.display(),
            r.stdout,
            r.stderr
        );
        assert!(
            r.stderr.contains(what),
            "--out {}: the message says why: {}",
            out.display(),
            r.stderr
        );
    }
    // A clerk's self-check writing into the unit's own folder.
    let r = evcheck(&["check", "--unit", s(&unit), "--out", s(&inside)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        snapshot(&root),
        before,
        "nothing was written into the submissions"
    );
    assert!(!root.join("新文件夹").exists());
}

#[test]
fn report_folders_never_collide() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("共享盘");
    for unit in [
        "区民政局.",
        "区民政局",
        "区民政局_2",
        "summary.json",
        ".evcheck-cache.json",
    ] {
        put(
            &root,
            &format!("{unit}/{unit}-01-案例.pdf"),
            &case_pdf("案例"),
        );
    }
    let out = d.path().join("out");
    let r = night(&root, &out);
    assert!(r.code == 0 || r.code == 1, "{} {}", r.stdout, r.stderr);
    let summary = read_json(&out.join("summary.json"));
    let rows = summary["units"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let mut dirs = std::collections::BTreeSet::new();
    for row in rows {
        let dir = row["report_dir"].as_str().unwrap();
        assert!(dirs.insert(dir.to_lowercase()), "{dir} used twice");
        let rep = read_json(&out.join(dir).join("report.json"));
        assert_eq!(rep["unit"], row["unit"], "report folder {dir}");
    }
    assert!(
        out.join(".evcheck-cache.json").is_file(),
        "the cache is written"
    );
    // The cache works: the second run reuses it.
    let r = evcheck(&["check", s(&root), "--out", s(&out)]);
    assert!(r.stderr.contains("复用"), "{}", r.stderr);
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid and writable for its whole length.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(r, 0);
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(unix)]
#[test]
fn a_lock_of_a_live_run_is_respected_and_one_of_a_dead_run_taken_over() {
    let (d, root) = shared_drive();
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lock = out.join(".evcheck.lock");
    let write_lock = |pid: u32| {
        let body = serde_json::json!({
            "pid": pid,
            "host": host_name(),
            "started": "2026-01-01T00:00:00Z",
        });
        std::fs::write(&lock, body.to_string()).unwrap();
    };
    // A live process holds it.
    let mut live = Command::new("sleep").arg("30").spawn().expect("sleep");
    write_lock(live.id());
    let r = evcheck(&["check", s(&root), "--out", s(&out), "--lock-wait", "1"]);
    let _ = live.kill();
    let _ = live.wait();
    assert_eq!(r.code, 3, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&live.id().to_string()) && r.stderr.contains("正被另一次检查使用"),
        "says who holds it: {}",
        r.stderr
    );
    assert!(!out.join("summary.json").exists(), "nothing written");
    // The same lock, its process gone: taken over.
    let mut dead = Command::new("true").spawn().expect("true");
    let _ = dead.wait();
    write_lock(dead.id());
    let r = night(&root, &out);
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert!(out.join("summary.json").is_file());
    assert!(!lock.exists(), "the lock is released");
}

#[test]
fn a_lock_held_on_another_computer_is_respected() {
    let (d, root) = shared_drive();
    let out = d.path().join("out");
    put(
        &out,
        ".evcheck.lock",
        br#"{"pid":4242,"host":"KAOPING-PC","started":"2026-01-01T00:00:00Z"}"#,
    );
    let r = evcheck(&[
        "check",
        s(&root),
        "--out",
        s(&out),
        "--lock-wait",
        "0",
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 3, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("KAOPING-PC") && r.stderr.contains("4242"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_empty_root_is_not_a_clean_night() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("共享盘");
    std::fs::create_dir_all(&root).unwrap();
    let out = d.path().join("out");
    let r = evcheck(&["check", s(&root), "--out", s(&out)]);
    assert_eq!(r.code, 2, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("未找到任何单位的提交材料"),
        "{}",
        r.stderr
    );
    // Only loose files and evcheck's own output: still no unit.
    put(&root, "说明.txt", b"x");
    let own = root.join("检查结果");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    let r = night(&root, &own);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::remove_dir_all(root.join("区税务局")).unwrap();
    let r = night(&root, &own);
    assert_eq!(r.code, 2, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("未找到任何单位的提交材料"),
        "{}",
        r.stderr
    );
    // The last night's reports are kept when nothing was found.
    assert!(own.join("区税务局/report.json").is_file());
}

#[test]
fn reports_of_removed_units_are_moved_aside() {
    let (d, root) = shared_drive();
    let out = d.path().join("out");
    let r = night(&root, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("区民政局/report.html").is_file());
    std::fs::remove_dir_all(root.join("区民政局")).unwrap();
    let r = night(&root, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(summary_units(&out), vec!["区税务局"]);
    assert!(
        !out.join("区民政局").exists(),
        "no report of a unit that is gone"
    );
    assert!(out.join("已移除单位的报告/区民政局/report.json").is_file());
    // The roster's units that submitted nothing are listed, 区民政局 among them.
    let summary = read_json(&out.join("summary.json"));
    assert!(summary["not_submitted"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["unit"] == "区民政局"));
}

#[test]
fn write_back_twice_leaves_every_evidence_file_as_it_was() {
    let (d, root) = shared_drive();
    put(&root, "区民政局/区民政局-02-台账.ceb", &gen::ceb());
    put(
        &root,
        "东双河镇.zip",
        &gen::zip_utf8(&[("东双河镇-01-案例.pdf", case_pdf("案例"))]),
    );
    let before = snapshot(&root);
    let out = d.path().join("out");
    let mut summaries = Vec::new();
    for night in 0..2 {
        let r = evcheck(&[
            "check",
            s(&root),
            "--out",
            s(&out),
            "--write-back",
            "--quiet",
        ]);
        assert_eq!(r.code, 1, "night {night}: {} {}", r.stdout, r.stderr);
        let mut now = snapshot(&root);
        now.retain(|p, _| before.contains_key(p));
        assert_eq!(now, before, "night {night}: evidence untouched");
        let mut v = read_json(&out.join("summary.json"));
        v["checked_at"] = Value::Null;
        for u in v["units"].as_array_mut().unwrap() {
            u["changes"] = Value::Null;
        }
        v["totals"]["new_errors"] = Value::Null;
        v["totals"]["fixed_errors"] = Value::Null;
        summaries.push(v);
    }
    assert_eq!(
        summaries[0], summaries[1],
        "the reports written back changed nothing"
    );
    assert!(
        !summaries[1]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"].as_str().is_some_and(|f| f.contains("检查报告"))),
        "a report beside a ZIP is not a loose file"
    );
    // Where the units see them.
    let in_folder = root.join("区民政局/佐证材料检查报告.html");
    let beside_zip = root.join("东双河镇-检查报告.html");
    for p in [
        &in_folder,
        &root.join("区民政局/佐证材料检查报告.json"),
        &beside_zip,
        &root.join("东双河镇-检查报告.json"),
    ] {
        assert!(p.is_file(), "{} written back", p.display());
    }
    let rep = read_json(&root.join("区民政局/佐证材料检查报告.json"));
    assert_eq!(rep["unit"], "区民政局");
    let files: Vec<&str> = rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(files, vec!["区民政局-01-案例.pdf", "区民政局-02-台账.ceb"]);
    let html = std::fs::read_to_string(&beside_zip).unwrap();
    assert!(html.contains("东双河镇") && html.contains("检查时间"));
    // The ZIP is withdrawn: its report beside it goes too; the unit's own files stay.
    std::fs::remove_file(root.join("东双河镇.zip")).unwrap();
    let r = evcheck(&[
        "check",
        s(&root),
        "--out",
        s(&out),
        "--write-back",
        "--quiet",
    ]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(!beside_zip.exists() && !root.join("东双河镇-检查报告.json").exists());
    assert!(in_folder.is_file());
    // No temporary file is left in a unit's folder.
    let left: Vec<_> = std::fs::read_dir(root.join("区民政局"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn write_back_never_overwrites_a_units_own_file() {
    let (d, root) = shared_drive();
    // The unit's own file under the report's name: evidence, not evcheck's report.
    let own = put(
        &root,
        "区税务局/佐证材料检查报告.html",
        b"<html>unit's own page</html>",
    );
    let out = d.path().join("out");
    let r = evcheck(&["check", s(&root), "--out", s(&out), "--write-back"]);
    assert_eq!(r.code, 2, "{} {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("未覆盖"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&own).unwrap(),
        b"<html>unit's own page</html>"
    );
    let rep = read_json(&out.join("区税务局/report.json"));
    assert!(rep["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "佐证材料检查报告.html"));
    // The other unit got its report.
    assert!(root.join("区民政局/佐证材料检查报告.html").is_file());
}

#[test]
fn the_summary_says_which_errors_are_new_and_which_were_fixed() {
    let (d, root) = shared_drive();
    let ceb = put(&root, "区民政局/区民政局-02-台账.ceb", &gen::ceb());
    let out = d.path().join("out");
    let r = night(&root, &out);
    assert_eq!(r.code, 1);
    let first = read_json(&out.join("summary.json"));
    assert!(
        first["units"][0]["changes"].is_null(),
        "first run: nothing to compare"
    );
    assert!(first["totals"]["new_errors"].is_null());
    // The unit fixes its file; another unit adds a bad one.
    std::fs::remove_file(&ceb).unwrap();
    put(&root, "区民政局/区民政局-02-台账.pdf", &case_pdf("台账"));
    put(&root, "区税务局/区税务局-03-台账.ceb", &gen::ceb());
    let r = night(&root, &out);
    assert_eq!(r.code, 1);
    let mz = unit_row(&out, "区民政局");
    assert_eq!(mz["changes"]["fixed_errors"], 1, "{mz:#}");
    assert_eq!(mz["changes"]["new_errors"], 0);
    assert!(mz["changes"]["fixed"][0]
        .as_str()
        .unwrap()
        .contains("区民政局-02-台账.ceb"));
    let sw = unit_row(&out, "区税务局");
    assert_eq!(sw["changes"]["new_errors"], 1, "{sw:#}");
    assert_eq!(sw["changes"]["fixed_errors"], 0);
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["totals"]["new_errors"], 1);
    assert_eq!(summary["totals"]["fixed_errors"], 1);
    // The workbook carries the same, on the first sheet.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    let sheet = wb.worksheet_range("汇总").unwrap();
    let header: Vec<String> = (0..sheet.width())
        .map(|c| sheet.get((0, c)).map(|v| v.to_string()).unwrap_or_default())
        .collect();
    let new_col = header
        .iter()
        .position(|h| h == "较上次新增错误")
        .expect("column");
    let fixed_col = header
        .iter()
        .position(|h| h == "较上次已改正错误")
        .expect("column");
    let row = (1..sheet.height())
        .find(|r| sheet.get((*r, 0)).map(|v| v.to_string()) == Some("区民政局".into()))
        .unwrap();
    assert_eq!(sheet.get((row, new_col)).unwrap().to_string(), "0");
    assert_eq!(sheet.get((row, fixed_col)).unwrap().to_string(), "1");
}

#[test]
fn every_report_says_when_with_which_scheme_and_version() {
    let (d, root) = shared_drive();
    let out = d.path().join("out");
    let r = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", s(&root), "--out", s(&out), "--quiet"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let version = env!("CARGO_PKG_VERSION");
    let summary = read_json(&out.join("summary.json"));
    assert_eq!(summary["checked_at"], "2023-11-14T22:13:20Z");
    assert_eq!(summary["tool"]["version"], version);
    assert!(summary["scheme"]["id"].is_string());
    let rep = read_json(&out.join("区税务局/report.json"));
    assert_eq!(rep["checked_at"], "2023-11-14T22:13:20Z");
    assert_eq!(rep["generator"], "evcheck-unit-report");
    let html = std::fs::read_to_string(out.join("区税务局/report.html")).unwrap();
    let scheme = summary["scheme"]["name"].as_str().unwrap();
    for want in ["2023年11月15日 06:13", scheme, version] {
        assert!(html.contains(want), "report.html names {want}");
    }
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(csv.contains("2023年11月15日 06:13") && csv.contains(scheme));
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    let sheet = wb.worksheet_range("汇总").unwrap();
    let found = sheet
        .rows()
        .flatten()
        .any(|c| c.to_string().contains("2023年11月15日 06:13") && c.to_string().contains(version));
    assert!(found, "the workbook names the time and version");
}
