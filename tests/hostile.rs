//! Hostile and damaged input, end to end: the real `evcheck` binary on a deterministic
//! sweep of mutated real files and on hand-made hostile files (bombs, declared sizes
//! far beyond the bytes held, deep nesting, cycles, odd names, links, unreadable
//! files). Whatever the input, a run must end (exit 0 or 1, never a crash or a hang),
//! leave the input byte for byte as it was, leave no temporary file behind, and give
//! every file either a place in its unit's report or a finding that names it.

mod common;
#[path = "hostile/craft.rs"]
mod craft;
#[path = "hostile/mutate.rs"]
mod mutate;

use common::gen;
use common::run::{codes_for, diags, read_json};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Units of kind 区直部门 in the built-in scheme (questions 14 and 18 need a seal and
/// dates in the period; 01 needs dates).
const UNITS: [&str; 10] = [
    "区发改委",
    "区人社局",
    "区民政局",
    "区交通局",
    "区自然资源局",
    "区教体局",
    "区税务局",
    "区应急管理局",
    "区水利局",
    "区卫健委",
];
const QUESTIONS: [&str; 3] = ["14", "18", "01"];

struct Run {
    code: Option<i32>,
    elapsed: Duration,
    stdout: String,
    stderr: String,
}

/// Runs `evcheck` with stdout/stderr to files, killing it after `limit`.
fn run_bounded(args: &[&str], limit: Duration, scratch: &Path) -> Run {
    let out_path = scratch.join("stdout.txt");
    let err_path = scratch.join("stderr.txt");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start evcheck");
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "evcheck {args:?} did not finish within {limit:?}; stderr: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(
            status.signal().is_none(),
            "evcheck killed by signal {:?}; stderr: {}",
            status.signal(),
            std::fs::read_to_string(&err_path).unwrap_or_default()
        );
    }
    Run {
        code: status.code(),
        elapsed: start.elapsed(),
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

fn put(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every regular file under `dir` (not following links): relative path → (length, CRC).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, u32)> {
    let mut m = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let ft = e.file_type().unwrap();
            let p = e.path();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                match std::fs::read(&p) {
                    Ok(b) => m.insert(rel, (b.len() as u64, craft::crc32(&b))),
                    // Unreadable on purpose (mode 000): compare the length only.
                    Err(_) => m.insert(rel, (e.metadata().unwrap().len(), 0)),
                };
            }
        }
    }
    m
}

fn all_paths(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
            v.push(e.path());
        }
    }
    v
}

fn file_entry<'a>(r: &'a Value, path: &str) -> Option<&'a Value> {
    r["files"]
        .as_array()?
        .iter()
        .find(|f| f["path"].as_str() == Some(path))
}

/// The common promises of any run over hostile input.
fn assert_sound(
    run: &Run,
    root: &Path,
    out: &Path,
    before: &BTreeMap<PathBuf, (u64, u32)>,
    units: &[&str],
) -> BTreeMap<String, Value> {
    assert!(
        matches!(run.code, Some(0) | Some(1)),
        "exit {:?}\nstdout: {}\nstderr: {}",
        run.code,
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "a panic reached the terminal: {}",
        run.stderr
    );
    assert_eq!(&snapshot(root), before, "the input changed");
    let tmp: Vec<PathBuf> = all_paths(out)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(".tmp"))
        })
        .collect();
    assert!(tmp.is_empty(), "temporary files left: {tmp:?}");
    assert!(out.join("summary.json").is_file());
    let mut reports = BTreeMap::new();
    for unit in units {
        let rep = read_json(&out.join(unit).join("report.json"));
        assert!(out.join(unit).join("report.html").is_file(), "{unit}");
        // Every input file of the unit is listed or named by a finding.
        let unit_dir = root.join(unit);
        for rel in before.keys() {
            let Ok(inner) = rel.strip_prefix(unit) else {
                continue;
            };
            let _ = &unit_dir;
            let v = inner.to_string_lossy().replace('\\', "/");
            let listed = file_entry(&rep, &v).is_some();
            let named = diags(&rep).iter().any(|d| {
                // The file itself, or a folder holding it (`__MACOSX/`).
                d["file"]
                    .as_str()
                    .is_some_and(|f| f == v || v.starts_with(&format!("{f}/")))
            });
            assert!(listed || named, "{unit}: {v} is neither listed nor named");
        }
        reports.insert((*unit).to_owned(), rep);
    }
    reports
}

/// Evidence files whose content should have been read for a seal or dates (by their
/// name: a `.xlsx` is expected to be a spreadsheet) have their answer, or a finding
/// saying why there is none: unreadable, damaged archive, unknown or empty content.
fn assert_complete(rep: &Value) {
    let readable = ["pdf", "jpg", "png", "ofd", "docx", "xlsx"];
    for f in rep["files"].as_array().unwrap() {
        if !f["member_of"].is_null() {
            continue;
        }
        let path = f["path"].as_str().unwrap();
        let ext = path.rsplit('.').next().unwrap_or("");
        if !readable.contains(&ext) {
            continue;
        }
        let q = f["question"].as_str().unwrap_or("");
        let codes: Vec<String> = f["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        let explained = codes
            .iter()
            .any(|c| c.starts_with('U') || c.starts_with('A') || c == "F005" || c == "F007");
        if q == "14" || q == "18" {
            assert!(
                !f["seal"].is_null() || explained,
                "{path}: no seal answer and no finding saying why: {f:#}"
            );
        }
        if QUESTIONS.contains(&q) {
            assert!(
                !f["dates"].is_null() || explained,
                "{path}: no dates answer and no finding saying why: {f:#}"
            );
        }
    }
}

/// The real files the sweep starts from: (extension, bytes), one per format read.
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let scan = gen::jpeg(&gen::page_image(150, 212, true, 11));
    let pdf = gen::pdf(
        &[
            vec!["办件统计表".into(), "2022年5月12日".into()],
            vec!["盖章页".into()],
        ],
        Some((&scan, 150, 212)),
    );
    let xlsx = craft::fixed_xlsx(&gen::xlsx_dates(
        &["编号", "办结日期", "状态"],
        &[(2022, 3, 5), (2022, 6, 7), (2022, 9, 30)],
    ));
    let docx = craft::fixed_zip_times(gen::docx(
        &["延时服务工作制度", "2022年4月1日"],
        &[vec!["日期", "事项"], vec!["2022年4月2日", "延时服务"]],
    ));
    let photo = gen::with_exif_date(
        &gen::jpeg(&gen::page_image(160, 120, true, 3)),
        "2022:06:01 09:30:00",
    );
    let png = gen::png(&gen::page_image(96, 128, true, 4));
    let zip = craft::fixed_zip_times(gen::zip_utf8(&[
        ("统计/办件统计.pdf", pdf.clone()),
        ("窗口照片.jpg", photo.clone()),
        ("台账.xlsx", xlsx.clone()),
    ]));
    let ofd = craft::fixed_zip_times(gen::zip_utf8(&[
        (
            "OFD.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:CreationDate>2022-05-12</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#.to_vec(),
        ),
        (
            "Doc_0/Document.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#.to_vec(),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer><ofd:TextObject ID=\"2\"><ofd:TextCode X=\"0\" Y=\"0\">2022年7月8日 办件统计</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>".as_bytes().to_vec(),
        ),
        (
            "Doc_0/Signs/Signatures.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>"#.to_vec(),
        ),
        ("Doc_0/Res/image_1.png", png.clone()),
    ]));
    let gbk = craft::fixed_zip_times(gen::zip_gbk(&[
        ("办件统计表.pdf", pdf.clone()),
        ("窗口照片.jpg", photo.clone()),
    ]));
    vec![
        ("pdf", pdf),
        ("xlsx", xlsx),
        ("docx", docx),
        ("jpg", photo),
        ("png", png),
        ("zip", zip),
        ("ofd", ofd),
        ("zip", gbk),
        (
            "csv",
            gen::csv_gbk(&[
                ("GD0001", "2022-03-05"),
                ("GD0002", "2022/6/7"),
                ("GD0003", "2022年9月30日"),
            ]),
        ),
        // Created 2022-03-05, last saved 2022-06-01 (Unix times, UTC).
        ("doc", gen::legacy_doc(1_646_445_600, 1_654_041_600)),
    ]
}

/// Writes `per_seed` mutants of every seed (and the seed itself) into one unit per
/// seed; returns the units used. Only every `stride`-th mutant is kept.
fn write_sweep(root: &Path, per_seed: usize, stride: usize) -> Vec<&'static str> {
    let mut units = Vec::new();
    for (si, (ext, data)) in seeds().into_iter().enumerate() {
        let unit = UNITS[si];
        units.push(unit);
        put(root, &format!("{unit}/{unit}-01-原件.{ext}"), &data);
        for k in (0..per_seed).step_by(stride) {
            let kind = mutate::Kind::ALL[k % 4];
            let mut rng = gen::Rng::new(((si as u64) << 32) ^ k as u64 ^ 0x5EED);
            let bytes = mutate::mutate(&data, kind, &mut rng);
            let q = QUESTIONS[k % 3];
            // Files spread over sub-folders so that a question holds a few each.
            let dir = k / 12;
            put(
                root,
                &format!("{unit}/批次{dir}/{unit}-{q}-{}{k:03}.{ext}", kind.tag()),
                &bytes,
            );
        }
    }
    units
}

#[test]
fn mutation_sweep_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write_sweep(a.path(), 12, 1);
    write_sweep(b.path(), 12, 1);
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
}

#[test]
fn mutation_sweep_never_crashes_hangs_or_touches_the_input() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("材料");
    let units = write_sweep(&root, 48, 1);
    let before = snapshot(&root);
    assert!(before.len() >= 390, "{} files", before.len());
    let out = d.path().join("out");
    let run = run_bounded(
        &[
            "check",
            s(&root),
            "--out",
            s(&out),
            "--jobs",
            "2",
            "--quiet",
            "--file-timeout",
            "20",
        ],
        Duration::from_secs(240),
        d.path(),
    );
    eprintln!("sweep of {} files: {:?}", before.len(), run.elapsed);
    let reports = assert_sound(&run, &root, &out, &before, &units);
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for (unit, rep) in &reports {
        assert_complete(rep);
        // The undamaged seed is read: its dates are found.
        let seed = rep["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"].as_str().unwrap().contains("原件"))
            .unwrap_or_else(|| panic!("{unit}: seed missing"));
        let format = seed["format"].as_str().unwrap();
        if format == "doc" {
            // A legacy document shows only its property dates.
            assert_eq!(
                seed["dates"]["metadata"].as_array().map(Vec::len),
                Some(2),
                "{unit}: {seed:#}"
            );
        } else {
            assert!(
                !seed["dates"]["range"].is_null() || ["zip", "png"].contains(&format),
                "{unit}: {seed:#}"
            );
        }
        for d in diags(rep) {
            *codes
                .entry(d["code"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    eprintln!("findings by code: {codes:?}");
    if std::env::var_os("EVCHECK_KEEP_HOSTILE").is_some() {
        eprintln!("kept in {}", d.keep().display());
    }
}

#[test]
fn mutation_sweep_in_process() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("材料");
    let units = write_sweep(&root, 48, 4);
    let before = snapshot(&root);
    let out = d.path().join("out");
    let run = run_bounded(
        &[
            "check",
            s(&root),
            "--out",
            s(&out),
            "--jobs",
            "2",
            "--quiet",
            "--no-isolation",
        ],
        Duration::from_secs(240),
        d.path(),
    );
    eprintln!(
        "in-process sweep of {} files: {:?}",
        before.len(),
        run.elapsed
    );
    let reports = assert_sound(&run, &root, &out, &before, &units);
    for rep in reports.values() {
        assert_complete(rep);
    }
}

/// Replaces every occurrence of `from` by `to` (same length).
fn patch(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    bytes
}

#[test]
fn documents_with_a_broken_package_are_reported_damaged() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("材料");
    let unit = "区税务局";
    let xlsx = craft::fixed_xlsx(&gen::xlsx_dates(&["编号", "日期"], &[(2022, 3, 5)]));
    let docx = gen::docx(&["2022年4月1日"], &[]);
    let seeds = seeds();
    let ofd = seeds.iter().find(|(e, _)| *e == "ofd").unwrap().1.clone();
    let cases: Vec<(String, Vec<u8>)> = vec![
        // Directory unreadable.
        (
            format!("{unit}-14-台账.xlsx"),
            xlsx[..xlsx.len() / 2].to_vec(),
        ),
        // The part that makes it a document is gone.
        (
            format!("{unit}-18-制度.docx"),
            patch(docx.clone(), b"[Content_Types]", b"[Content_Typez]"),
        ),
        (
            format!("{unit}-14-统计.ofd"),
            patch(ofd, b"OFD.xml", b"OFX.xml"),
        ),
        // The same inside an archive.
        (
            format!("{unit}-01-材料.zip"),
            gen::zip_utf8(&[("台账.xlsx", xlsx[..xlsx.len() / 2].to_vec())]),
        ),
        // Still fine.
        (format!("{unit}-01-台账.xlsx"), xlsx.clone()),
    ];
    for (name, bytes) in &cases {
        put(&root, &format!("{unit}/{name}"), bytes);
    }
    let before = snapshot(&root);
    let out = d.path().join("out");
    let run = run_bounded(
        &["check", "--unit", s(&root.join(unit)), "--out", s(&out)],
        Duration::from_secs(60),
        d.path(),
    );
    let reports = assert_sound(&run, &root, &out, &before, &[unit]);
    let rep = &reports[unit];
    for (name, want) in [
        (format!("{unit}-14-台账.xlsx"), true),
        (format!("{unit}-18-制度.docx"), true),
        (format!("{unit}-14-统计.ofd"), true),
        (format!("{unit}-01-材料.zip/台账.xlsx"), true),
        (format!("{unit}-01-台账.xlsx"), false),
    ] {
        let codes = codes_for(rep, &name);
        assert_eq!(
            codes.contains(&"U003".to_owned()),
            want,
            "{name}: {codes:?}"
        );
    }
    assert_complete(rep);
}

fn has_code(rep: &Value, code: &str, file_part: &str) -> bool {
    diags(rep)
        .iter()
        .any(|d| d["code"] == code && d["file"].as_str().is_some_and(|f| f.contains(file_part)))
}

#[test]
fn hostile_files_cost_their_own_finding_and_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("材料");
    let tax = "区税务局";
    let hr = "区人社局";
    let empty = "区民政局";
    let junk = "区交通局";
    let case = gen::pdf(&[vec!["案例".into(), "2022年5月12日".into()]], None);
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            format!("{tax}/{tax}-14-共享字符串.xlsx"),
            craft::xlsx_huge_shared_strings(),
        ),
        (
            format!("{tax}/{tax}-18-满表.xlsx"),
            craft::xlsx_corner_cells(),
        ),
        (
            format!("{tax}/{tax}-14-巨图.png"),
            craft::png_declaring(100_000, 100_000),
        ),
        (
            format!("{tax}/{tax}-18-巨图.jpg"),
            craft::jpeg_declaring_max(),
        ),
        (
            format!("{tax}/{tax}-14-深层数组.pdf"),
            craft::pdf_deep_arrays(10_000),
        ),
        (
            format!("{tax}/{tax}-18-页面树循环.pdf"),
            craft::pdf_page_tree_cycle(),
        ),
        (format!("{tax}/{tax}-01-a:b*c?\"<>|.pdf"), case.clone()),
        (
            format!("{tax}/{tax}-01-{}a.pdf", "案".repeat(78)),
            case.clone(),
        ),
        (format!("{tax}/{tax}-01-无权限.pdf"), case.clone()),
        (
            format!("{hr}/{hr}-01-压缩炸弹.zip"),
            craft::zip_bomb("统计.pdf", 32, zip::CompressionMethod::Deflated),
        ),
        (
            format!("{hr}/{hr}-14-压缩炸弹2.zip"),
            craft::zip_bomb("统计.pdf", 200, zip::CompressionMethod::Zstd),
        ),
        (
            format!("{hr}/{hr}-14-十层嵌套.zip"),
            craft::zip_nested("统计.pdf", case.clone(), 10),
        ),
        (
            format!("{hr}/{hr}-18-两万个文件.zip"),
            craft::zip_many(20_000),
        ),
        (
            format!("{hr}/{hr}-01-四十亿.zip"),
            craft::zip_declaring_4g_entries(),
        ),
        (
            format!("{junk}/Thumbs.db"),
            vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0],
        ),
        (
            format!("{junk}/.DS_Store"),
            b"\x00\x00\x00\x01Bud1".to_vec(),
        ),
        (
            format!("{junk}/__MACOSX/._x.pdf"),
            b"\x00\x05\x16\x07".to_vec(),
        ),
        (format!("{junk}/~$制度.docx"), b"junk".to_vec()),
    ];
    let long = format!("{tax}-01-{}a.pdf", "案".repeat(78));
    assert_eq!(long.len(), 255);
    for (rel, bytes) in &files {
        put(&root, rel, bytes);
    }
    std::fs::create_dir_all(root.join(empty)).unwrap();
    let outside = d.path().join("机密.pdf");
    std::fs::write(&outside, &case).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, root.join(tax).join(format!("{tax}-01-链接.pdf")))
            .unwrap();
    }
    // Taken while every file is readable, compared after access is given back.
    let before = snapshot(&root);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = root.join(tax).join(format!("{tax}-01-无权限.pdf"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    // In worker processes, then with the readers in the main process.
    let out = d.path().join("out");
    let out_in_process = d.path().join("out-in-process");
    let mut runs = Vec::new();
    for (o, extra) in [(&out, None), (&out_in_process, Some("--no-isolation"))] {
        let mut args = vec!["check", s(&root), "--out", s(o), "--jobs", "2", "--quiet"];
        args.extend(extra);
        let run = run_bounded(&args, Duration::from_secs(180), d.path());
        eprintln!("hostile files {extra:?}: {:?}", run.elapsed);
        runs.push(run);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = root.join(tax).join(format!("{tax}-01-无权限.pdf"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let units = [tax, hr, empty, junk];
    let in_process = assert_sound(&runs[1], &root, &out_in_process, &before, &units);
    let reports = assert_sound(&runs[0], &root, &out, &before, &units);
    let run = &runs[0];
    for (unit, rep) in &in_process {
        assert_eq!(rep["diagnostics"], reports[unit]["diagnostics"], "{unit}");
    }
    assert_eq!(run.code, Some(1));
    for rep in reports.values() {
        assert_complete(rep);
    }
    let t = &reports[tax];
    // Declared sizes far beyond the content: an answer or a finding, never an abort.
    for name in [
        "共享字符串.xlsx",
        "满表.xlsx",
        "巨图.png",
        "巨图.jpg",
        "深层数组.pdf",
        "页面树循环.pdf",
    ] {
        let f = t["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert!(
            !f["seal"].is_null()
                || f["codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c.as_str().unwrap().starts_with('U')),
            "{name}: {f:#}"
        );
        eprintln!(
            "{name}: codes {} seal {} dates {}",
            f["codes"], f["seal"]["summary"], f["dates"]["summary"]
        );
    }
    assert!(has_code(t, "N013", "a:b*c"), "{:#?}", diags(t));
    assert!(file_entry(t, &long).is_some());
    assert!(has_code(t, "A014", "链接.pdf"), "{:#?}", diags(t));
    assert!(
        !t.to_string().contains("机密"),
        "nothing outside the submission is read"
    );
    // Mode 000 does not stop root.
    if unsafe { libc::geteuid() } != 0 {
        assert!(has_code(t, "U001", "无权限.pdf"), "{:#?}", diags(t));
    }
    let h = &reports[hr];
    assert!(
        has_code(h, "A007", "压缩炸弹.zip") || has_code(h, "A005", "压缩炸弹.zip"),
        "{:#?}",
        diags(h)
    );
    assert!(
        has_code(h, "A007", "压缩炸弹2.zip") || has_code(h, "A005", "压缩炸弹2.zip"),
        "{:#?}",
        diags(h)
    );
    assert!(has_code(h, "A009", "十层嵌套.zip"), "{:#?}", diags(h));
    assert!(has_code(h, "A008", "两万个文件.zip"), "{:#?}", diags(h));
    assert!(
        has_code(h, "A008", "四十亿.zip") || has_code(h, "A001", "四十亿.zip"),
        "{:#?}",
        diags(h)
    );
    let e = &reports[empty];
    assert!(e["files"].as_array().unwrap().is_empty());
    assert!(!e["questions_without_files"].as_array().unwrap().is_empty());
    let j = &reports[junk];
    assert!(j["files"].as_array().unwrap().is_empty(), "{j:#}");
    for (code, part) in [("J001", "Thumbs.db"), ("J002", "__MACOSX"), ("J003", "~$")] {
        assert!(has_code(j, code, part), "{code}: {:#?}", diags(j));
    }
}
