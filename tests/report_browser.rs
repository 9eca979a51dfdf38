//! The HTML report as a browser shows it (headless Chromium): the errors-first list
//! comes before the findings and holds only errors, repeated findings of one code in
//! one ZIP are one entry with the count and the file list, and the severity and rule
//! check boxes hide what they should with CSS alone. Skipped, with the reason printed,
//! when no Chromium is installed.
//!
//! The report has no script; the test runs a copy of it with a small probe script
//! appended that clicks the check boxes and writes what is displayed into the page,
//! which `--dump-dom` then prints.

mod common;
use common::gen;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let ok = Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
            ok.then(|| PathBuf::from(name))
        })
}

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
}

/// A unit with two naming errors and six photos in one ZIP named without the unit
/// (six identical naming warnings).
fn make_unit(root: &Path) -> PathBuf {
    let unit = root.join("区民政局");
    let pdf = gen::pdf(&[vec!["2022年5月1日 为老服务".into()]], None);
    put(&unit, "民政局-01-为老服务案例.pdf", &pdf);
    put(&unit, "民政局-02-助餐服务.pdf", &pdf);
    let photo = gen::jpeg(&gen::page_image(64, 48, false, 1));
    let members: Vec<(String, Vec<u8>)> = (1..=6)
        .map(|i| (format!("IMG_000{i}.jpg"), photo.clone()))
        .collect();
    let members: Vec<(&str, Vec<u8>)> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    put(&unit, "区民政局-04-大厅照片.zip", &gen::zip_utf8(&members));
    unit
}

const PROBE: &str = r#"<script>
(function(){
  var shown = function(sel){ return Array.prototype.filter.call(document.querySelectorAll(sel),
      function(e){ return getComputedStyle(e).display !== 'none'; }).length; };
  var r = {};
  var first = document.getElementById('fix-first');
  var findings = document.querySelector('.findings');
  r.first_before_findings = !!(first && findings &&
      (first.compareDocumentPosition(findings) & Node.DOCUMENT_POSITION_FOLLOWING));
  r.first_items = document.querySelectorAll('#fix-first > ol > li').length;
  r.first_non_errors = document.querySelectorAll('#fix-first .badge:not(.error)').length;
  var g = document.querySelector('.findings .d.grouped');
  r.grouped_files = g ? g.querySelectorAll('ul.files li').length : 0;
  r.grouped_text = g ? g.querySelector('.head').textContent : '';
  r.all = shown('.findings .d');
  r.warnings = shown('.findings .d.warning');
  r.errors = shown('.findings .d.error');
  document.getElementById('f-warning').click();
  r.warnings_after_unticking = shown('.findings .d.warning');
  r.errors_after_unticking_warnings = shown('.findings .d.error');
  document.getElementById('f-warning').click();
  document.getElementById('f-naming').click();
  r.naming_after_unticking = shown('.findings .d.r-naming');
  var out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
})();
</script>"#;

#[test]
fn errors_first_grouping_and_filters_in_chromium() {
    let Some(browser) = chromium() else {
        println!("skipped: no chromium installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let unit = make_unit(dir.path());
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["check", "--no-isolation", "--out"])
        .arg(&out)
        .arg("--unit")
        .arg(&unit)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let html = std::fs::read_to_string(out.join("区民政局/report.html")).unwrap();
    assert!(!html.contains("<script"), "the report itself has no script");
    let probe = dir.path().join("probe.html");
    std::fs::write(&probe, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let dom = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", probe.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let start = dom.find("<pre id=\"probe\">").expect("probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    println!("{r}");
    assert_eq!(r["first_before_findings"], true, "先改这些 comes first");
    assert_eq!(r["first_items"], 1, "the two N005 errors are one entry");
    assert_eq!(r["first_non_errors"], 0, "only errors in 先改这些");
    assert_eq!(r["grouped_files"], 6, "six photos, one entry");
    assert!(
        r["grouped_text"].as_str().unwrap().contains("6 个文件"),
        "{r}"
    );
    assert!(r["warnings"].as_u64().unwrap() >= 1);
    assert_eq!(r["warnings_after_unticking"], 0, "warnings hidden");
    assert_eq!(
        r["errors_after_unticking_warnings"], r["errors"],
        "errors stay"
    );
    assert_eq!(r["naming_after_unticking"], 0, "naming findings hidden");
}
