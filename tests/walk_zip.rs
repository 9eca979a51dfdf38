//! Walking submissions through the library API: real ZIPs made with the zip writer,
//! hostile archives, the real GBK samples, and folders on disk.

mod common;
use common::gen::noise;

use evcheck::checks::walked::{self as walk, Walked};
use evcheck::rules::ArchiveLimits;
use evcheck::walk::{Entry, EntryData, ReadError, Submission};
use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn limits() -> ArchiveLimits {
    ArchiveLimits {
        max_depth: 3,
        max_entries: 10_000,
        max_total: 2048 << 20,
        max_member: 512 << 20,
        max_ratio: 200,
    }
}

fn stored() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// A ZIP of `(name, bytes)` written with `opts`; names ending in `/` are folders.
fn zip_with(files: &[(&str, &[u8])], opts: SimpleFileOptions) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        if name.ends_with('/') {
            w.add_directory(*name, opts).unwrap();
        } else {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(files, deflated())
}

/// Replaces every occurrence of `from` by `to` (same length): used to put names the
/// writer would flag as UTF-8 (or refuse) into both headers.
fn patch(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut i = 0;
    let mut n = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(n >= 2, "patched {n} times");
    bytes
}

fn unit_zip(dir: &Path, name: &str, bytes: &[u8]) -> Submission {
    let path = dir.join(format!("{name}.zip"));
    fs::write(&path, bytes).unwrap();
    Submission {
        unit: name.to_owned(),
        path,
        is_zip: true,
    }
}

fn unit_dir(dir: &Path, name: &str) -> Submission {
    let path = dir.join(name);
    fs::create_dir_all(&path).unwrap();
    Submission {
        unit: name.to_owned(),
        path,
        is_zip: false,
    }
}

fn paths(w: &Walked) -> Vec<&str> {
    w.entries.iter().map(|e| e.path.as_str()).collect()
}

fn codes(w: &Walked) -> Vec<&str> {
    w.diagnostics.iter().map(|d| d.code.id).collect()
}

fn entry<'a>(w: &'a Walked, path: &str) -> &'a Entry {
    w.entries
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("no entry {path} in {:?}", paths(w)))
}

fn bytes(e: &Entry) -> Vec<u8> {
    walk::read_entry(e, u64::MAX).unwrap().to_vec()
}

#[test]
fn gbk_names_without_the_utf8_flag() {
    let t = tempfile::tempdir().unwrap();
    // GBK 审计/中文.txt, written under ASCII placeholders of the same byte length.
    let z = zip_with(&[("AAAA/", b""), ("AAAA/BBBB.txt", b"hello")], stored());
    let z = patch(z, b"AAAA", &[0xC9, 0xF3, 0xBC, 0xC6]);
    let z = patch(z, b"BBBB", &[0xD6, 0xD0, 0xCE, 0xC4]);
    let w = walk::walk_unit(&unit_zip(t.path(), "东双河镇", &z), &limits());
    assert_eq!(paths(&w), ["审计/中文.txt"], "{:?}", w.diagnostics);
    let e = entry(&w, "审计/中文.txt");
    assert_eq!(e.name, "中文.txt");
    assert_eq!(e.dir.as_deref(), Some("审计"));
    assert_eq!(e.member_of, None);
    assert_eq!(bytes(e), b"hello");
    assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
}

/// A real sample file kept beside the repository (`../shared/samples`); `None`, with a
/// note, where the checkout has no such folder beside it.
fn sample(name: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples")
        .join(name);
    if !p.exists() {
        eprintln!("note: sample {name} not found beside the repository; test skipped");
        return None;
    }
    Some(p)
}

#[test]
fn sample_tika_gbk() {
    let sub = Submission {
        unit: "tika-gbk".into(),
        path: match sample("tika-gbk.zip") {
            Some(p) => p,
            None => return,
        },
        is_zip: true,
    };
    let w = walk::walk_unit(&sub, &limits());
    let want = "审计压缩包文件检索测试/集团邮件审计系统2021年自动巡检需求文档_V4.0.doc";
    let e = entry(&w, want);
    assert_eq!(e.dir.as_deref(), Some("审计压缩包文件检索测试"));
    assert_eq!(e.member_of, None);
    for e in &w.entries {
        assert!(!e.path.contains('╔'), "mojibake: {}", e.path);
    }
}

#[test]
fn sample_zip2_non_utf8() {
    let sub = Submission {
        unit: "non-utf8".into(),
        path: match sample("zip2-non-utf8.zip") {
            Some(p) => p,
            None => return,
        },
        is_zip: true,
    };
    let w = walk::walk_unit(&sub, &limits());
    assert!(
        w.entries.iter().any(|e| e.path.contains("中文")),
        "{:?} {:?}",
        paths(&w),
        w.diagnostics
    );
}

#[test]
fn zip_in_zip_has_virtual_paths_in_pre_order() {
    let t = tempfile::tempdir().unwrap();
    let inner = zip_of(&[("inner/x.pdf", b"%PDF-1.4 x"), ("y.txt", b"y")]);
    let photos = zip_of(&[
        ("a.jpg", b"jpeg a"),
        ("sub/b.zip", &inner),
        ("sub/c.txt", b"c"),
    ]);
    let sub = unit_dir(t.path(), "东双河镇");
    fs::create_dir_all(sub.path.join("04")).unwrap();
    fs::create_dir_all(sub.path.join("empty")).unwrap();
    fs::write(sub.path.join("04/东双河镇-04-照片.zip"), &photos).unwrap();
    fs::write(sub.path.join("东双河镇-01-制度.pdf"), b"%PDF-1.4").unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
    let z = "04/东双河镇-04-照片.zip";
    assert_eq!(
        paths(&w),
        [
            z.to_owned().as_str(),
            &format!("{z}/a.jpg"),
            &format!("{z}/sub/b.zip"),
            &format!("{z}/sub/b.zip/inner/x.pdf"),
            &format!("{z}/sub/b.zip/y.txt"),
            &format!("{z}/sub/c.txt"),
            "东双河镇-01-制度.pdf",
        ]
    );
    let top = entry(&w, z);
    assert_eq!(top.member_of, None);
    assert_eq!(top.dir.as_deref(), Some("04"));
    assert!(matches!(top.data, EntryData::Disk { .. }));
    let a = entry(&w, &format!("{z}/a.jpg"));
    assert_eq!(a.member_of.as_deref(), Some(z));
    assert_eq!(a.dir, None);
    assert!(matches!(a.data, EntryData::Member(_)));
    let b = entry(&w, &format!("{z}/sub/b.zip"));
    assert_eq!(b.member_of.as_deref(), Some(z));
    assert_eq!(b.dir.as_deref(), Some("sub"));
    let x = entry(&w, &format!("{z}/sub/b.zip/inner/x.pdf"));
    assert_eq!(
        x.member_of.as_deref(),
        Some(format!("{z}/sub/b.zip").as_str())
    );
    assert_eq!(x.dir.as_deref(), Some("inner"));
    assert_eq!(x.name, "x.pdf");
    assert_eq!(bytes(x), b"%PDF-1.4 x");
    assert_eq!(entry(&w, "东双河镇-01-制度.pdf").dir, None);
}

#[test]
fn unit_zip_members_are_top_level_and_evidence_zips_inside_are_walked() {
    let t = tempfile::tempdir().unwrap();
    let photos = zip_of(&[("p1.jpg", b"1")]);
    let unit = zip_of(&[
        ("04/东双河镇-04-照片.zip", &photos),
        ("东双河镇-01-制度.pdf", b"%PDF"),
    ]);
    let w = walk::walk_unit(&unit_zip(t.path(), "东双河镇", &unit), &limits());
    assert_eq!(
        paths(&w),
        [
            "04/东双河镇-04-照片.zip",
            "04/东双河镇-04-照片.zip/p1.jpg",
            "东双河镇-01-制度.pdf"
        ]
    );
    assert_eq!(w.entries[0].member_of, None);
    assert_eq!(w.entries[0].dir.as_deref(), Some("04"));
    assert_eq!(
        w.entries[1].member_of.as_deref(),
        Some("04/东双河镇-04-照片.zip")
    );
    assert_eq!(w.entries[2].member_of, None);
}

#[test]
fn ooxml_inside_and_outside_archives_is_a_file() {
    let t = tempfile::tempdir().unwrap();
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let ofd = zip_of(&[("OFD.xml", b"<ofd:OFD/>"), ("Doc_0/Document.xml", b"<x/>")]);
    let sub = unit_dir(t.path(), "区商务局");
    fs::write(sub.path.join("a.docx"), &docx).unwrap();
    fs::write(
        sub.path.join("b.zip"),
        zip_of(&[("c.docx", &docx), ("d.ofd", &ofd)]),
    )
    .unwrap();
    // A damaged document is the format check's business, not an archive finding.
    fs::write(sub.path.join("e.xlsx"), &docx[..docx.len() / 2]).unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(
        paths(&w),
        ["a.docx", "b.zip", "b.zip/c.docx", "b.zip/d.ofd", "e.xlsx"]
    );
    assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
}

#[test]
fn junk_is_reported_once_and_never_an_entry() {
    let t = tempfile::tempdir().unwrap();
    let z = zip_of(&[
        ("__MACOSX/._a.pdf", b"x"),
        ("__MACOSX/sub/._b.pdf", b"x"),
        ("a.pdf", b"%PDF"),
        ("sub/Thumbs.db", b"x"),
        ("sub/~$报告.docx", b"x"),
        ("sub/b.pdf", b"%PDF"),
    ]);
    let sub = unit_dir(t.path(), "区发改委");
    fs::write(sub.path.join("材料.zip"), &z).unwrap();
    fs::write(sub.path.join("desktop.ini"), b"[x]").unwrap();
    fs::write(sub.path.join(".DS_Store"), b"x").unwrap();
    fs::create_dir_all(sub.path.join("__MACOSX/deep")).unwrap();
    fs::write(sub.path.join("__MACOSX/deep/._x"), b"x").unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(
        paths(&w),
        ["材料.zip", "材料.zip/a.pdf", "材料.zip/sub/b.pdf"]
    );
    let mut junk: Vec<(&str, &str)> = w
        .diagnostics
        .iter()
        .map(|d| (d.code.id, d.file.as_deref().unwrap()))
        .collect();
    junk.sort();
    assert_eq!(
        junk,
        [
            ("J001", ".DS_Store"),
            ("J001", "desktop.ini"),
            ("J001", "材料.zip/sub/Thumbs.db"),
            ("J002", "__MACOSX"),
            ("J002", "材料.zip/__MACOSX"),
            ("J003", "材料.zip/sub/~$报告.docx"),
        ]
    );
    assert!(w
        .diagnostics
        .iter()
        .all(|d| d.message.zh.contains("删除后重新打包")));
}

#[test]
fn encrypted_archive_is_an_error_and_others_are_walked() {
    use zip::unstable::write::FileOptionsExt;
    let t = tempfile::tempdir().unwrap();
    let enc = deflated().with_deprecated_encryption(b"secret").unwrap();
    let locked = zip_with(&[("a.pdf", b"%PDF secret"), ("b.pdf", b"%PDF")], enc);
    let sub = unit_dir(t.path(), "区商务局");
    fs::write(sub.path.join("1-locked.zip"), &locked).unwrap();
    fs::write(sub.path.join("2-open.zip"), zip_of(&[("c.pdf", b"%PDF")])).unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(
        paths(&w),
        ["1-locked.zip", "2-open.zip", "2-open.zip/c.pdf"]
    );
    assert_eq!(codes(&w), ["A002"]);
    assert_eq!(w.diagnostics[0].file.as_deref(), Some("1-locked.zip"));
    assert!(w.diagnostics[0].message.zh.contains("2 个文件"));
}

#[test]
fn truncated_and_corrupt_archives_among_good_ones() {
    let t = tempfile::tempdir().unwrap();
    let good = zip_of(&[("a.pdf", b"%PDF a"), ("b.pdf", b"%PDF b")]);
    let sub = unit_dir(t.path(), "区矿管办");
    fs::write(sub.path.join("1.zip"), &good).unwrap();
    fs::write(sub.path.join("2-truncated.zip"), &good[..good.len() - 30]).unwrap();
    // Damaged deflate data behind an intact directory.
    let big = zip_of(&[("x.txt", "数据".repeat(5000).as_bytes())]);
    let mut bad = big.clone();
    for b in &mut bad[40..90] {
        *b ^= 0x5A;
    }
    fs::write(sub.path.join("3-corrupt.zip"), &bad).unwrap();
    fs::write(sub.path.join("4.zip"), &good).unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(
        paths(&w),
        [
            "1.zip",
            "1.zip/a.pdf",
            "1.zip/b.pdf",
            "2-truncated.zip",
            "3-corrupt.zip",
            "4.zip",
            "4.zip/a.pdf",
            "4.zip/b.pdf"
        ]
    );
    let found: Vec<(&str, Option<&str>)> = w
        .diagnostics
        .iter()
        .map(|d| (d.code.id, d.file.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("A001", Some("2-truncated.zip")),
            ("A004", Some("3-corrupt.zip"))
        ]
    );
    // A unit given as a broken ZIP.
    let w = walk::walk_unit(
        &unit_zip(t.path(), "坏", &good[..good.len() - 30]),
        &limits(),
    );
    assert!(w.entries.is_empty());
    assert_eq!(codes(&w), ["A001"]);
    assert_eq!(w.diagnostics[0].file.as_deref(), Some("坏.zip"));
}

#[test]
fn unsupported_compression_method() {
    let t = tempfile::tempdir().unwrap();
    let z = zip_with(&[("a.txt", b"aaaa"), ("b.txt", b"bbbb")], stored());
    // Compression method 0 -> 6 (implode) in the local (offset 8) and central (10) headers.
    let mut z = z;
    let mut i = 0;
    while i + 4 <= z.len() {
        match &z[i..i + 4] {
            b"PK\x03\x04" => z[i + 8] = 6,
            b"PK\x01\x02" => z[i + 10] = 6,
            _ => {}
        }
        i += 1;
    }
    let w = walk::walk_unit(&unit_zip(t.path(), "u", &z), &limits());
    assert!(w.entries.is_empty(), "{:?}", paths(&w));
    assert_eq!(codes(&w), ["A003"]);
    assert!(w.diagnostics[0].message.zh.contains("2 个文件"));
}

#[test]
fn bomb_by_ratio_is_not_inflated() {
    let t = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 8 << 20];
    let z = zip_of(&[("bomb.bin", &zeros), ("ok.txt", b"fine")]);
    let w = walk::walk_unit(&unit_zip(t.path(), "u", &z), &limits());
    assert_eq!(paths(&w), ["ok.txt"]);
    assert_eq!(codes(&w), ["A007"]);
    assert!(w.diagnostics[0].message.zh.contains("bomb.bin"));
    // The same ratio is fine for a small file.
    let z = zip_of(&[("small.bin", &zeros[..100_000])]);
    let w = walk::walk_unit(&unit_zip(t.path(), "v", &z), &limits());
    assert_eq!(paths(&w), ["small.bin"]);
}

#[test]
fn a_lying_declared_size_is_caught_while_reading() {
    let t = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 4 << 20];
    let z = zip_of(&[("lie.bin", &zeros)]);
    // Declare 1 byte instead of 4 MiB (local offset 22, central offset 24).
    let mut z = z;
    let mut i = 0;
    while i + 4 <= z.len() {
        let at = match &z[i..i + 4] {
            b"PK\x03\x04" => Some(i + 22),
            b"PK\x01\x02" => Some(i + 24),
            _ => None,
        };
        if let Some(at) = at {
            z[at..at + 4].copy_from_slice(&1u32.to_le_bytes());
        }
        i += 1;
    }
    let w = walk::walk_unit(&unit_zip(t.path(), "u", &z), &limits());
    assert!(w.entries.is_empty(), "{:?}", paths(&w));
    assert_eq!(w.diagnostics.len(), 1, "{:?}", w.diagnostics);
    assert!(["A004", "A007"].contains(&w.diagnostics[0].code.id));
}

#[test]
fn bomb_by_total_and_by_member_size() {
    let t = tempfile::tempdir().unwrap();
    let a = noise(1 << 20, 1);
    let b = noise(1 << 20, 2);
    let c = noise(1 << 20, 3);
    let d = noise(1 << 20, 4);
    let small = b"small".to_vec();
    let z = zip_of(&[
        ("a.bin", &a),
        ("b.bin", &b),
        ("c.bin", &c),
        ("d.bin", &d),
        ("e.txt", &small),
    ]);
    let lim = ArchiveLimits {
        max_total: (2 << 20) + 100,
        ..limits()
    };
    let w = walk::walk_unit(&unit_zip(t.path(), "u", &z), &lim);
    // The walk goes on: a small member after the bound still fits.
    assert_eq!(paths(&w), ["a.bin", "b.bin", "e.txt"]);
    assert_eq!(codes(&w), ["A006"]);
    assert!(w.diagnostics[0].message.zh.contains("c.bin"));
    assert!(w.diagnostics[0].message.zh.contains("另有 1 个"));
    let held: u64 = w.entries.iter().map(|e| e.size).sum();
    assert!(held <= lim.max_total);

    let lim = ArchiveLimits {
        max_member: 1 << 19,
        ..limits()
    };
    let w = walk::walk_unit(&unit_zip(t.path(), "v", &z), &lim);
    assert_eq!(paths(&w), ["e.txt"]);
    assert_eq!(codes(&w), ["A005", "A005", "A005", "A005"]);
}

#[test]
fn nesting_deeper_than_allowed_is_not_walked() {
    let t = tempfile::tempdir().unwrap();
    let d = zip_of(&[("d.txt", b"d")]);
    let c = zip_of(&[("c.zip", &d), ("c.txt", b"c")]);
    let b = zip_of(&[("b.zip", &c), ("b.txt", b"b")]);
    let a = zip_of(&[("a.txt", b"a"), ("b.zip", &b)]);
    let sub = unit_dir(t.path(), "u");
    fs::write(sub.path.join("a.zip"), &a).unwrap();
    let lim = ArchiveLimits {
        max_depth: 2,
        ..limits()
    };
    let w = walk::walk_unit(&sub, &lim);
    assert_eq!(
        paths(&w),
        [
            "a.zip",
            "a.zip/a.txt",
            "a.zip/b.zip",
            "a.zip/b.zip/b.txt",
            "a.zip/b.zip/b.zip",
        ]
    );
    assert_eq!(codes(&w), ["A009"]);
    assert_eq!(w.diagnostics[0].file.as_deref(), Some("a.zip/b.zip/b.zip"));

    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(w.entries.len(), 7, "{:?}", paths(&w));
    assert_eq!(codes(&w), ["A009"]);
    assert_eq!(
        w.diagnostics[0].file.as_deref(),
        Some("a.zip/b.zip/b.zip/c.zip")
    );
    let lim = ArchiveLimits {
        max_depth: 4,
        ..limits()
    };
    let w = walk::walk_unit(&sub, &lim);
    assert_eq!(w.entries.len(), 8, "{:?}", paths(&w));
    assert!(w.diagnostics.is_empty());
}

#[test]
fn too_many_entries() {
    let t = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..20).map(|i| format!("f{i}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let z = zip_of(&files);
    let sub = unit_dir(t.path(), "u");
    fs::write(sub.path.join("many.zip"), &z).unwrap();
    fs::write(sub.path.join("ok.zip"), zip_of(&files[..5])).unwrap();
    let lim = ArchiveLimits {
        max_entries: 10,
        ..limits()
    };
    let w = walk::walk_unit(&sub, &lim);
    assert_eq!(w.entries.len(), 2 + 5, "{:?}", paths(&w));
    assert_eq!(codes(&w), ["A008"]);
    assert_eq!(w.diagnostics[0].file.as_deref(), Some("many.zip"));
}

#[test]
fn traversal_and_duplicate_names_are_made_safe() {
    let t = tempfile::tempdir().unwrap();
    let z = zip_with(
        &[
            ("AA/evil.txt", b"1"),
            ("BBBBBBBB.txt", b"2"),
            ("/abs.txt", b"3"),
            ("dir/x.txt", b"4"),
            ("dir\\x.txt", b"5"),
        ],
        stored(),
    );
    let z = patch(z, b"AA/evil", b"../evil");
    let z = patch(z, b"BBBBBBBB", b"C:\\Win\\a");
    let w = walk::walk_unit(&unit_zip(t.path(), "u", &z), &limits());
    let mut p = paths(&w);
    p.sort();
    assert_eq!(p, ["Win/a.txt", "abs.txt", "dir/x.txt", "evil.txt"]);
    let mut c = codes(&w);
    c.sort();
    assert_eq!(c, ["A010", "A010", "A010", "A011"]);
    for e in &w.entries {
        assert!(!e.path.contains(".."));
        assert!(!e.path.starts_with('/'));
        assert!(!e.path.contains('\\'));
    }
}

#[test]
fn find_submissions_sorts_units_and_reports_the_rest() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    fs::create_dir_all(r.join("区商务局")).unwrap();
    fs::create_dir_all(r.join("东双河镇/04")).unwrap();
    fs::create_dir_all(r.join("__MACOSX")).unwrap();
    fs::write(r.join("区发改委.zip"), zip_of(&[("a.pdf", b"%PDF")])).unwrap();
    fs::write(r.join("区矿管办.ZIP"), zip_of(&[("a.pdf", b"%PDF")])).unwrap();
    fs::write(r.join("区财政局.rar"), b"Rar!\x1a\x07\x00").unwrap();
    fs::write(r.join("说明.docx"), b"x").unwrap();
    fs::write(r.join("Thumbs.db"), b"x").unwrap();
    let (subs, diags) = walk::find_submissions(r);
    let got: Vec<(&str, bool)> = subs.iter().map(|s| (s.unit.as_str(), s.is_zip)).collect();
    let mut want = vec![
        ("东双河镇", false),
        ("区发改委", true),
        ("区商务局", false),
        ("区矿管办", true),
    ];
    want.sort();
    assert_eq!(got, want);
    assert!(subs
        .iter()
        .find(|s| s.unit == "区发改委")
        .unwrap()
        .path
        .ends_with("区发改委.zip"));
    let mut d: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.code.id, d.file.as_deref().unwrap()))
        .collect();
    d.sort();
    assert_eq!(
        d,
        [
            ("A012", "区财政局.rar"),
            ("A013", "说明.docx"),
            ("J001", "Thumbs.db"),
            ("J002", "__MACOSX"),
        ]
    );
    for diag in &diags {
        assert!(!diag.message.zh.is_empty() && !diag.fix.zh.is_empty());
    }
    let (subs, diags) = walk::find_submissions(&r.join("missing"));
    assert!(subs.is_empty());
    assert_eq!(diags[0].code.id, "U001");
}

#[test]
fn read_entry_detects_a_change_and_bounds_the_size() {
    let t = tempfile::tempdir().unwrap();
    let sub = unit_dir(t.path(), "u");
    let f = sub.path.join("a.pdf");
    fs::write(&f, b"%PDF-1.4 original").unwrap();
    fs::write(sub.path.join("b.pdf"), b"%PDF-1.4 bbbbbbbbbbbb").unwrap();
    let w = walk::walk_unit(&sub, &limits());
    let a = entry(&w, "a.pdf");
    assert_eq!(
        &*walk::read_entry(a, 1 << 20).unwrap(),
        b"%PDF-1.4 original"
    );
    assert!(matches!(
        walk::read_entry(entry(&w, "b.pdf"), 5),
        Err(ReadError::TooLarge(5))
    ));
    fs::OpenOptions::new()
        .append(true)
        .open(&f)
        .unwrap()
        .write_all(b" appended")
        .unwrap();
    assert!(matches!(
        walk::read_entry(a, 1 << 20),
        Err(ReadError::Changed)
    ));
    // Same size, other time.
    fs::write(&f, b"%PDF-1.4 original").unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    fs::File::options()
        .write(true)
        .open(&f)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert!(matches!(
        walk::read_entry(a, 1 << 20),
        Err(ReadError::Changed)
    ));
    fs::remove_file(&f).unwrap();
    assert!(matches!(
        walk::read_entry(a, 1 << 20),
        Err(ReadError::Io(_))
    ));
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_out_of_the_unit() {
    let t = tempfile::tempdir().unwrap();
    let outside = t.path().join("secret.txt");
    fs::write(&outside, b"secret").unwrap();
    let sub = unit_dir(t.path(), "u");
    fs::write(sub.path.join("real.pdf"), b"%PDF").unwrap();
    std::os::unix::fs::symlink(&outside, sub.path.join("out.txt")).unwrap();
    std::os::unix::fs::symlink(sub.path.join("real.pdf"), sub.path.join("in.pdf")).unwrap();
    std::os::unix::fs::symlink(t.path(), sub.path.join("loop")).unwrap();
    let w = walk::walk_unit(&sub, &limits());
    assert_eq!(paths(&w), ["in.pdf", "real.pdf"]);
    let mut d: Vec<(&str, &str)> = w
        .diagnostics
        .iter()
        .map(|d| (d.code.id, d.file.as_deref().unwrap()))
        .collect();
    d.sort();
    assert_eq!(d, [("A014", "loop"), ("A014", "out.txt")]);
    assert_eq!(bytes(entry(&w, "in.pdf")), b"%PDF");
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let sub = unit_dir(t.path(), "u");
    let locked = sub.path.join("locked");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join("a.pdf"), b"%PDF").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(&locked).is_ok(); // e.g. running as root
    let w = walk::walk_unit(&sub, &limits());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if !readable_anyway {
        assert_eq!(codes(&w), ["U001"]);
        assert_eq!(w.diagnostics[0].file.as_deref(), Some("locked"));
        assert!(w.entries.is_empty());
    }
}

#[test]
fn hostile_bytes_never_panic() {
    let t = tempfile::tempdir().unwrap();
    let good = zip_of(&[("a/b.txt", b"hello"), ("c.zip", &zip_of(&[("d", b"d")]))]);
    // Flip each byte in turn of a small nested archive.
    for i in 0..good.len() {
        let mut z = good.clone();
        z[i] ^= 0xFF;
        let _ = walk::walk_unit(&unit_zip(t.path(), "u", &z), &limits());
    }
    // Truncate at every length.
    for n in 0..good.len() {
        let _ = walk::walk_unit(&unit_zip(t.path(), "u", &good[..n]), &limits());
    }
}
