//! One table of formats: a file named as a ZIP package document (Office's `.docx`,
//! WPS Office's `.wps`/`.et`/`.dps`, `.ofd`) whose content starts like a ZIP but is
//! no readable package is reported as a damaged document, whatever the extension.
//! The real `evcheck` binary on files made here.

mod common;
use common::run::{evcheck, put, read_json, s};

#[test]
fn a_broken_package_is_a_damaged_document_under_every_package_extension() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("root");
    let broken = b"PK\x03\x04 not a readable package";
    let names = [
        "区税务局-01-案例.docx",
        "区税务局-02-案例.wps",
        "区税务局-03-台账.et",
        "区税务局-04-演示.dps",
    ];
    for n in names {
        put(&root, &format!("区税务局/{n}"), broken);
    }
    let out = t.path().join("out");
    let r = evcheck(&["check", s(&root), "--out", s(&out)]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let report = read_json(&out.join("区税务局/report.json"));
    let diags = report["diagnostics"].as_array().unwrap();
    for n in names {
        assert!(
            diags.iter().any(|d| d["code"] == "U003" && d["file"] == n),
            "{n}: no damaged-document finding in {diags:#?}"
        );
        // Left to the document checks, not reported as a damaged archive.
        assert!(
            !diags.iter().any(|d| d["code"] == "A001" && d["file"] == n),
            "{n}"
        );
    }
}

/// The table says which formats are opened as a viewer would; the readers agree: every
/// format the table opens fails on bytes that are no such file, every other one is
/// left alone (counts as read).
#[test]
fn the_readers_open_what_the_table_says() {
    use evcheck::identify::Format;
    use evcheck::opens;
    for f in Format::ALL {
        assert_eq!(opens::applies(f), f.is_opened(), "{f:?}");
        let got = opens::check(b"no such file here", f, 1_000_000);
        assert_eq!(!got.is_complete(), f.is_opened(), "{f:?}: {got:?}");
    }
}
