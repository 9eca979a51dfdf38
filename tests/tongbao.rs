//! The draft 通报 (`evcheck report 通报 OUT`): read back from the DOCX, every count
//! equals summary.json and the unit reports; a district without errors gets no
//! problems section; the wording comes from the template.

mod common;
use common::gen;
use common::run::{put, read_json, s};

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case_pdf(text: &str) -> Vec<u8> {
    gen::pdf(&[vec![text.to_owned(), "2022年5月12日".to_owned()]], None)
}

fn evcheck(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn check(root: &Path, out: &Path) {
    let (code, err) = evcheck(&["check", s(root), "--out", s(out), "--quiet"]);
    assert!(code == 0 || code == 1, "{err}");
}

/// The document part of a DOCX.
fn document_xml(docx: &Path) -> String {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).expect("a DOCX is a ZIP");
    for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(z.by_name(part).is_ok(), "{part} present");
    }
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The paragraphs' text (table cells included, one per cell), in order.
fn paragraphs(xml: &str) -> Vec<String> {
    xml.split("<w:p>")
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</w:p>").unwrap_or(p.len())];
            let mut text = String::new();
            for piece in p.split("<w:t").skip(1) {
                let start = piece.find('>').unwrap() + 1;
                let end = piece.find("</w:t>").unwrap();
                text.push_str(&unescape(&piece[start..end]));
            }
            text
        })
        .collect()
}

/// The table rows, each as its cells' text.
fn table_rows(xml: &str) -> Vec<Vec<String>> {
    xml.split("<w:tr>")
        .skip(1)
        .map(|r| {
            let r = &r[..r.find("</w:tr>").unwrap()];
            paragraphs(r)
        })
        .collect()
}

fn district(d: &Path) -> (PathBuf, PathBuf) {
    let root = d.join("共享盘");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区人社局/区人社局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区民政局/区民政局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区民政局/区民政局-02-台账.ceb", &gen::ceb());
    put(&root, "区民政局/区民政局-03-台账.ceb", &gen::ceb());
    put(&root, "区民政局/区民政局_04_照片.pdf", &case_pdf("照片"));
    put(
        &root,
        "东双河镇.zip",
        &gen::zip_utf8(&[("东双河镇-02-台账.ceb", gen::ceb())]),
    );
    let out = d.join("out");
    check(&root, &out);
    (root, out)
}

#[test]
fn every_number_of_the_draft_comes_from_the_run() {
    let d = tempfile::tempdir().unwrap();
    let (_, out) = district(d.path());
    let docx = d.path().join("通报草稿.docx");
    let (code, err) = evcheck(&["report", "通报", s(&out), "--out", s(&docx)]);
    assert_eq!(code, 0, "{err}");
    let xml = document_xml(&docx);
    let paras = paragraphs(&xml);
    let all = paras.join("\n");
    let summary = read_json(&out.join("summary.json"));
    let t = &summary["totals"];
    let units = summary["units"].as_array().unwrap();

    // 一、检查开展情况: the counts.
    assert!(paras.iter().any(|p| p == "一、检查开展情况"), "{all}");
    let overview = format!(
        "本次共检查{}个单位提交的佐证材料{}份",
        t["units"], t["files"]
    );
    assert!(all.contains(&overview), "{overview} in {all}");
    let findings = format!(
        "发现错误{}处、警告{}处、提示{}处",
        t["error"], t["warning"], t["info"]
    );
    assert!(all.contains(&findings), "{findings}");
    let with_errors = units
        .iter()
        .filter(|u| u["errors"].as_u64() > Some(0))
        .count();
    assert!(all.contains(&format!(
        "其中{with_errors}个单位存在错误，{}个单位未发现错误",
        units.len() - with_errors
    )));
    assert!(all.contains(&format!(
        "等{}个单位未提交佐证材料",
        t["units_not_submitted"]
    )));

    // 二、发现的主要问题: per family, the summary's count and the reports' errors.
    assert!(paras.iter().any(|p| p == "二、发现的主要问题"));
    let mut errors_by_rule = std::collections::BTreeMap::<String, usize>::new();
    for u in units {
        let rep = read_json(
            &out.join(u["report_dir"].as_str().unwrap())
                .join("report.json"),
        );
        for dg in rep["diagnostics"].as_array().unwrap() {
            if dg["severity"] == "error" {
                *errors_by_rule
                    .entry(dg["rule"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
        }
    }
    for (rule, label) in [("format", "格式"), ("naming", "命名")] {
        let n = t["by_rule"][rule].as_u64().unwrap();
        assert!(n > 0, "{rule} has findings in this district");
        let line = paras
            .iter()
            .find(|p| p.contains(&format!("{label}方面：发现问题")))
            .unwrap_or_else(|| panic!("{label} line in {all}"));
        assert!(
            line.contains(&format!(
                "{label}方面：发现问题{n}处，其中错误{}处",
                errors_by_rule.get(rule).copied().unwrap_or(0)
            )),
            "{line}"
        );
    }
    // A typical example is quoted from a finding.
    assert!(all.contains("如区民政局“区民政局-02-台账.ceb”："), "{all}");

    // 三、各单位情况: one row per unit, ranked by errors, numbers as in the summary.
    let rows = table_rows(&xml);
    assert_eq!(rows.len(), units.len() + 1);
    assert_eq!(rows[0][1], "单位");
    let mut last = u64::MAX;
    for row in &rows[1..] {
        let u = units.iter().find(|u| u["unit"] == row[1].as_str()).unwrap();
        assert_eq!(row[3], u["files"].to_string());
        assert_eq!(row[4], u["errors"].to_string());
        assert_eq!(row[5], u["warnings"].to_string());
        assert_eq!(row[6], u["missing_questions"].to_string());
        let e = u["errors"].as_u64().unwrap();
        assert!(e <= last, "ranked by errors");
        last = e;
    }
    assert_eq!(rows[1][1], "区民政局");
    let good = paras
        .iter()
        .find(|p| p.contains("表现较好"))
        .expect("表现较好");
    assert!(good.starts_with("区人社局、区税务局等2个单位"), "{good}");

    // 四、整改要求: the fix text of each family with errors, from the template.
    assert!(paras.iter().any(|p| p == "四、整改要求"));
    assert!(all.contains("格式方面：请勿提供政府CEB格式文件"));
    let naming_fix = all.contains("命名方面：上传文件及存档文件均应命名为");
    assert_eq!(
        naming_fix,
        errors_by_rule.get("naming").copied().unwrap_or(0) > 0,
        "a fix text exactly for the families with errors"
    );
}

#[test]
fn a_district_without_errors_gets_no_problems_section() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("共享盘");
    put(&root, "区税务局/区税务局-01-案例.pdf", &case_pdf("案例"));
    put(&root, "区民政局/区民政局-01-案例.pdf", &case_pdf("案例"));
    let out = d.path().join("out");
    check(&root, &out);
    assert_eq!(read_json(&out.join("summary.json"))["totals"]["error"], 0);
    // Default place: inside the output folder.
    let (code, err) = evcheck(&["report", "tongbao", s(&out)]);
    assert_eq!(code, 0, "{err}");
    let paras = paragraphs(&document_xml(&out.join("通报草稿.docx")));
    let all = paras.join("\n");
    assert!(!all.contains("发现的主要问题"), "{all}");
    let headings: Vec<&String> = paras
        .iter()
        .filter(|p| p.chars().nth(1) == Some('、') && p.chars().count() < 12)
        .collect();
    assert_eq!(
        headings,
        vec!["一、检查开展情况", "二、各单位情况", "三、整改要求"]
    );
    assert!(all.contains("本次检查未发现错误"));
    assert!(all.contains("区民政局、区税务局等2个单位提交的佐证材料未发现错误，表现较好"));
    // The draft does not become a unit on the next night.
    check(&root, &out);
    assert_eq!(
        read_json(&out.join("summary.json"))["units"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_wording_comes_from_the_template() {
    let d = tempfile::tempdir().unwrap();
    let (_, out) = district(d.path());
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/templates/tongbao.toml"),
    )
    .unwrap();
    let mine = builtin
        .replace("overview = \"检查开展情况\"", "overview = \"审查基本情况\"")
        .replace("区政务服务绩效考评办公室", "浉河区政务服务和大数据中心");
    let tpl = put(d.path(), "我的模板.toml", mine.as_bytes());
    let docx = d.path().join("x.docx");
    let (code, err) = evcheck(&[
        "report",
        "通报",
        s(&out),
        "--out",
        s(&docx),
        "--template",
        s(&tpl),
    ]);
    assert_eq!(code, 0, "{err}");
    let paras = paragraphs(&document_xml(&docx));
    assert!(paras.iter().any(|p| p == "一、审查基本情况"));
    assert!(paras.iter().any(|p| p == "浉河区政务服务和大数据中心"));
    // A broken template is refused, naming the problem.
    let bad = put(d.path(), "坏模板.toml", b"title = 1\n");
    let (code, err) = evcheck(&["report", "通报", s(&out), "--template", s(&bad)]);
    assert_eq!(code, 2);
    assert!(err.contains("通报模板"), "{err}");
    // No run in that folder.
    let (code, err) = evcheck(&["report", "通报", s(d.path())]);
    assert_eq!(code, 2);
    assert!(err.contains("summary.json"), "{err}");
}
