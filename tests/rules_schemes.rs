//! Small submissions run through each shipped scheme find that scheme's own defects.
//!
//! The end-to-end tests need the walker and the naming and stamp checks; until those
//! are in place they are ignored. The scheme facts they rely on are checked now.

use evcheck::rules::Rules;
use std::path::{Path, PathBuf};
use std::process::Command;

fn scheme(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(file)
}

fn load(file: &str) -> Rules {
    Rules::load(&scheme(file)).unwrap_or_else(|e| panic!("{e}"))
}

/// A one-page PDF made with lopdf.
fn write_pdf(path: &Path) {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
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
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.save(path).unwrap();
}

/// An editable statistics table made with rust_xlsxwriter (no seal can be on it).
fn write_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "免申即享办件数").unwrap();
    ws.write_number(1, 0, 12.0).unwrap();
    wb.save(path).unwrap();
}

/// Runs `evcheck check` on one unit's folder; returns every diagnostic of the
/// report(s) as JSON values.
fn check_unit(unit_dir: &Path, unit: &str, rules: &str) -> Vec<serde_json::Value> {
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .arg("check")
        .arg(unit_dir)
        .arg(format!("--unit={unit}"))
        .arg("--rules")
        .arg(scheme(rules))
        .arg("--out")
        .arg(out_dir.path())
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut diags = Vec::new();
    for entry in walk(out_dir.path()) {
        if entry.file_name().and_then(|n| n.to_str()) == Some("report.json") {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
            if let Some(a) = v["diagnostics"].as_array() {
                diags.extend(a.iter().cloned());
            }
        }
    }
    diags
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A file name and the function that writes it.
type Maker<'a> = (&'a str, fn(&Path));

fn unit_folder(unit: &str, files: &[Maker<'_>]) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join(unit);
    std::fs::create_dir(&dir).unwrap();
    for (name, make) in files {
        make(&dir.join(name));
    }
    root
}

fn about<'a>(
    diags: &'a [serde_json::Value],
    rule: &str,
    file_part: &str,
) -> Vec<&'a serde_json::Value> {
    diags
        .iter()
        .filter(|d| d["rule"] == rule && d["file"].as_str().is_some_and(|f| f.contains(file_part)))
        .collect()
}

// ------------------------------------------------------------ scheme facts (run now)

#[test]
fn zhanhe_item_07_needs_a_seal_and_the_township_list_ends_at_40() {
    let r = load("zhanhe-2022.toml");
    let dept = r.questionnaire("区直部门").unwrap();
    let q = dept.question("07").unwrap();
    assert!(q.seal && q.source.contains("（加盖公章）"));
    assert!(q
        .basis()
        .unwrap()
        .starts_with("依据：提供本单位“免申即享”宣传报道"));
    let town = r.questionnaire(&r.kind_of("曹镇乡").unwrap().id).unwrap();
    assert!(town.question("40").is_some() && town.question("41").is_none());
}

#[test]
fn rudong_question_103_exists_only_in_rudong() {
    let rudong = load("rudong-2021.toml");
    let kind = &rudong.kind_of("掘港街道").unwrap().id;
    assert!(rudong
        .questionnaire(kind)
        .unwrap()
        .question("103")
        .is_some());
    let shihe = Rules::builtin().unwrap();
    let kind = &shihe.kind_of("掘港街道").unwrap().id;
    assert!(shihe.questionnaire(kind).unwrap().question("103").is_none());
}

// ------------------------------------------------------------ end to end

#[test]
fn zhanhe_sealed_item_as_an_editable_spreadsheet_is_a_stamp_error() {
    let root = unit_folder(
        "区税务局",
        &[
            ("区税务局-07-免申即享宣传.xlsx", write_xlsx),
            ("区税务局-04-免申即享政策.pdf", write_pdf),
        ],
    );
    let diags = check_unit(
        &root.path().join("区税务局"),
        "区税务局",
        "zhanhe-2022.toml",
    );
    let stamp = about(&diags, "stamp", "-07-");
    assert!(
        stamp
            .iter()
            .any(|d| d["severity"] == "error" && d["question"] == "07"),
        "{diags:#?}"
    );
    // The finding quotes 湛河's own wording ([basis] in its rule file), not 浉河's guide.
    assert!(
        stamp
            .iter()
            .all(|d| d["basis"] == "附件1 评估要点：提供……（加盖公章）电子版"),
        "{stamp:#?}"
    );
    // Item 04 (政策文件) asks for no seal.
    assert!(about(&diags, "stamp", "-04-").is_empty(), "{diags:#?}");
}

#[test]
fn zhanhe_township_question_41_does_not_exist() {
    let root = unit_folder(
        "曹镇乡",
        &[
            ("曹镇乡-41-创新举措.pdf", write_pdf),
            ("曹镇乡-40-创新举措.pdf", write_pdf),
        ],
    );
    let diags = check_unit(&root.path().join("曹镇乡"), "曹镇乡", "zhanhe-2022.toml");
    let bad = about(&diags, "naming", "-41-");
    assert!(
        bad.iter()
            .any(|d| d["code"].as_str().is_some_and(|c| c.starts_with('N'))),
        "{diags:#?}"
    );
    assert!(about(&diags, "naming", "-40-").is_empty(), "{diags:#?}");
}

#[test]
fn rudong_question_number_is_fine_under_rudong_and_wrong_under_shihe() {
    let root = unit_folder("掘港街道", &[("掘港街道-103-全科窗口.pdf", write_pdf)]);
    let dir = root.path().join("掘港街道");
    let under_rudong = check_unit(&dir, "掘港街道", "rudong-2021.toml");
    assert!(
        about(&under_rudong, "naming", "-103-").is_empty(),
        "{under_rudong:#?}"
    );
    let under_shihe = check_unit(&dir, "掘港街道", "shihe-2022.toml");
    assert!(
        !about(&under_shihe, "naming", "-103-").is_empty(),
        "{under_shihe:#?}"
    );
}
