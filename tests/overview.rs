//! The office's overview page (`OUT/index.html`): every unit linked, the numbers equal
//! summary.json, and — in headless Chromium when it is installed — sorting, filtering
//! and printing on A4 landscape work.

mod common;
use common::gen;
use common::run::{put, read_json, s};

use std::path::{Path, PathBuf};
use std::process::Command;

fn case_pdf(text: &str) -> Vec<u8> {
    gen::pdf(&[vec![text.to_owned(), "2022年5月12日".to_owned()]], None)
}

/// A district: 区税务局 clean, 区民政局 with two errors, 东双河镇 (a ZIP) with one,
/// a unit with characters that need escaping in a link; the rest of the roster missing.
fn district(d: &Path) -> (PathBuf, PathBuf) {
    let root = d.join("共享盘");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区民政局/区民政局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区民政局/区民政局-02-台账.ceb", &gen::ceb());
    put(&root, "区民政局/区民政局-03-台账.ceb", &gen::ceb());
    put(
        &root,
        "东双河镇.zip",
        &gen::zip_utf8(&[("东双河镇-02-台账.ceb", gen::ceb())]),
    );
    put(
        &root,
        "测试 #1%单位/测试 #1%单位-01-案例.pdf",
        &case_pdf("案例"),
    );
    let out = d.join("out");
    let r = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", s(&root), "--out", s(&out), "--quiet"])
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    (root, out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn card(html: &str, key: &str) -> u64 {
    let at = html
        .find(&format!("data-k=\"{key}\""))
        .unwrap_or_else(|| panic!("card {key}"));
    let rest = &html[at..];
    let n = rest.split("<span class=\"n\">").nth(1).unwrap();
    n[..n.find('<').unwrap()].parse().unwrap()
}

#[test]
fn the_overview_links_every_unit_and_its_numbers_equal_the_summary() {
    let d = tempfile::tempdir().unwrap();
    let (_, out) = district(d.path());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let summary = read_json(&out.join("summary.json"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "self-contained"
    );
    let totals = &summary["totals"];
    assert_eq!(card(&html, "units"), totals["units"].as_u64().unwrap());
    assert_eq!(
        card(&html, "not_submitted"),
        totals["units_not_submitted"].as_u64().unwrap()
    );
    assert_eq!(card(&html, "files"), totals["files"].as_u64().unwrap());
    assert_eq!(card(&html, "errors"), totals["error"].as_u64().unwrap());
    assert_eq!(card(&html, "warnings"), totals["warning"].as_u64().unwrap());
    // Every unit links to its own report, which exists.
    for u in summary["units"].as_array().unwrap() {
        let dir = u["report_dir"].as_str().unwrap();
        let row_at = html
            .find(&format!("data-unit=\"{}\"", u["unit"].as_str().unwrap()))
            .unwrap_or_else(|| panic!("row of {}", u["unit"]));
        let row = &html[row_at..];
        let href = row.split("href=\"").nth(1).unwrap();
        let href = &href[..href.find('"').unwrap()];
        let target = out.join(percent_decode(href));
        assert_eq!(target, out.join(dir).join("report.html"));
        assert!(target.is_file(), "{} exists", target.display());
        let rep = read_json(&out.join(dir).join("report.json"));
        assert_eq!(rep["unit"], u["unit"]);
    }
    // The roster's missing units have rows too.
    for m in summary["not_submitted"].as_array().unwrap() {
        assert!(html.contains(&format!(
            "data-status=\"missing\" data-unit=\"{}\"",
            m["unit"].as_str().unwrap()
        )));
    }
    // The chart of findings by rule family draws the summary's numbers.
    let chart = html.split("id=\"chart-rules\"").nth(1).unwrap();
    let chart = &chart[..chart.find("</figure>").unwrap()];
    let format_n = totals["by_rule"]["format"].as_u64().unwrap();
    assert!(format_n > 0);
    assert!(
        chart.contains(&format!("<title>格式: {format_n}</title>")),
        "{chart}"
    );
    let units_chart = html.split("id=\"chart-units\"").nth(1).unwrap();
    assert!(units_chart.contains("<title>区民政局: 2</title>"));
}

#[test]
fn the_overview_shows_what_changed_since_the_last_run() {
    let d = tempfile::tempdir().unwrap();
    let (root, out) = district(d.path());
    let first = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !first.contains("data-k=\"new_errors\""),
        "nothing to compare on the first run"
    );
    std::fs::remove_file(root.join("区民政局/区民政局-03-台账.ceb")).unwrap();
    let r = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", s(&root), "--out", s(&out), "--quiet"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(card(&html, "new_errors"), 0);
    assert_eq!(card(&html, "fixed_errors"), 1);
    assert!(html.contains("区民政局：新增错误 0 个，已改正 1 个"));
}

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
        if let Ok(o) = Command::new("which").arg(name).output() {
            let p = String::from_utf8_lossy(&o.stdout).trim().to_owned();
            if o.status.success() && !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

fn headless(bin: &Path, profile: &Path, args: &[String]) -> std::process::Output {
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

/// The units of the visible rows of a dumped DOM, in order.
fn visible_units(dom: &str) -> Vec<String> {
    let body = dom.split("<tbody>").nth(1).unwrap();
    let body = &body[..body.find("</tbody>").unwrap()];
    body.split("<tr ")
        .skip(1)
        .filter(|r| {
            let head = &r[..r.find('>').unwrap()];
            !head.contains("hidden")
        })
        .map(|r| {
            let u = r.split("data-unit=\"").nth(1).unwrap();
            u[..u.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn in_chromium_sorting_filtering_and_printing_work() {
    let Some(bin) = chromium() else {
        println!(
            "skipped: no chromium on this machine (the page itself is checked by the other tests)"
        );
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let (_, out) = district(d.path());
    let index = std::fs::canonicalize(out.join("index.html")).unwrap();
    let url = |frag: &str| format!("file://{}#{frag}", index.display());
    let profile = d.path().join("profile");
    let dump = |frag: &str| {
        let o = headless(&bin, &profile, &["--dump-dom".into(), url(frag)]);
        let dom = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            dom.contains("<tbody>"),
            "chromium dumped no page: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        dom
    };
    let summary = read_json(&out.join("summary.json"));
    // Units with errors, most errors first.
    let dom = dump("sort=errors&dir=desc&status=error");
    assert_eq!(visible_units(&dom), vec!["区民政局", "东双河镇"]);
    assert!(dom.contains("<span id=\"shown\">2</span>"));
    // No errors, by name.
    let dom = dump("sort=unit&dir=asc&status=clean");
    let mut clean: Vec<String> = summary["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["errors"] == 0)
        .map(|u| u["unit"].as_str().unwrap().to_owned())
        .collect();
    let got = visible_units(&dom);
    assert_eq!(got.len(), clean.len());
    clean.sort();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, clean);
    // Not submitted: the roster's missing units only.
    let dom = dump("status=missing");
    assert_eq!(
        visible_units(&dom).len(),
        summary["not_submitted"].as_array().unwrap().len()
    );
    // A kind filter.
    let dom = dump("kind=%E4%B9%A1%E9%95%87%E8%A1%97%E9%81%93&status=error");
    assert_eq!(visible_units(&dom), vec!["东双河镇"]);
    // Sorting by files ascending puts the ZIP unit (1 file) before 区民政局 (3).
    let dom = dump("sort=files&dir=asc&status=error");
    assert_eq!(visible_units(&dom), vec!["东双河镇", "区民政局"]);

    // Printed: A4 landscape.
    let pdf = d.path().join("index.pdf");
    let o = headless(
        &bin,
        &profile,
        &[format!("--print-to-pdf={}", pdf.display()), url("")],
    );
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages = doc.get_pages();
    let first = pages.values().next().unwrap();
    let page = doc.get_dictionary(*first).unwrap();
    let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let num = |o: &lopdf::Object| {
        o.as_float()
            .or_else(|_| o.as_i64().map(|i| i as f32))
            .unwrap()
    };
    let (w, h) = (num(&mb[2]) - num(&mb[0]), num(&mb[3]) - num(&mb[1]));
    assert!(
        (w - 842.0).abs() < 3.0 && (h - 595.0).abs() < 3.0,
        "A4 landscape, got {w} x {h}"
    );
}
