//! Memory stays bounded whatever the archives hold: the real `evcheck` binary on a unit
//! whose evidence is a ~1 GB ZIP of photos (stored, so it is written quickly) under a
//! question that reads every photo's dates, and a smaller ZIP of photos under a question
//! that searches every photo for a seal (in workers). The peak resident memory of every
//! process of the run (the main process and its workers, read with `getrusage` of this
//! test's children once the run is over) must stay under the bound, whatever the ZIPs'
//! size. A second case gives four workers several large files that are read whole
//! (pictures searched for a seal) and bounds the memory of the whole run, all its
//! processes together, sampled while it runs. Both tests bound the largest process
//! seen by `getrusage` of this test's children: another test's children can only raise
//! that figure, never hide an excess.

mod common;

use common::gen;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The bound on any one process's peak resident memory.
const BOUND_MIB: i64 = 256;

/// Photos in the large ZIP and the size each is padded to (bytes after a JPEG's EOI
/// are ignored by every reader): 200 × 5 MiB ≈ 1 GiB.
const PHOTOS: usize = 200;
const PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// Photos in the ZIP searched for seals, and their padded size.
const SEAL_PHOTOS: usize = 16;
const SEAL_PHOTO_BYTES: usize = 2 * 1024 * 1024;

fn write_zip(path: &Path, photos: usize, bytes: usize) {
    let photo = gen::padded(
        gen::with_exif_date(
            &gen::jpeg(&gen::page_image(800, 600, true, 7)),
            "2022:06:01 09:30:00",
        ),
        bytes,
    );
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut w = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for i in 0..photos {
        w.start_file(format!("现场照片{i:03}.jpg"), opts).unwrap();
        w.write_all(&photo).unwrap();
    }
    w.finish().unwrap().flush().unwrap();
}

#[cfg(unix)]
fn children_peak_mib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we pass by pointer and reads
    // nothing else; the struct lives on this frame for the whole call.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    assert_eq!(r, 0, "getrusage failed");
    // Linux reports ru_maxrss in KiB.
    u.ru_maxrss / 1024
}

#[cfg(unix)]
#[test]
fn a_unit_with_a_1gb_zip_of_photos_stays_under_the_memory_bound() {
    let t = tempfile::tempdir().unwrap();
    let unit = t.path().join("in").join("区税务局");
    std::fs::create_dir_all(unit.join("01")).unwrap();
    std::fs::create_dir_all(unit.join("14")).unwrap();
    let zip = unit.join("01").join("区税务局-01-现场照片.zip");
    let started = std::time::Instant::now();
    write_zip(&zip, PHOTOS, PHOTO_BYTES);
    write_zip(
        &unit.join("14").join("区税务局-14-盖章照片.zip"),
        SEAL_PHOTOS,
        SEAL_PHOTO_BYTES,
    );
    eprintln!("ZIP written in {:?}", started.elapsed());
    let len = std::fs::metadata(&zip).unwrap().len();
    assert!(len > 1_000_000_000, "the ZIP is {len} bytes");
    let before = children_peak_mib();
    let out = t.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .arg("check")
        .arg(t.path().join("in"))
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "2", "--quiet", "--no-cache"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("start evcheck");
    eprintln!("checked in {:?}", started.elapsed());
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    let peak = children_peak_mib();
    assert!(peak >= before);
    eprintln!("ZIP of {len} bytes: peak resident memory {peak} MiB");
    // The photos were read (dates, and seals where asked), not skipped.
    let report = std::fs::read_to_string(out.join("区税务局").join("report.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let files = v["files"].as_array().unwrap();
    let photos: Vec<_> = files
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(".jpg")))
        .collect();
    assert_eq!(photos.len(), PHOTOS + SEAL_PHOTOS);
    for f in photos {
        let p = f["path"].as_str().unwrap_or_default();
        assert!(!f["dates"].is_null(), "dates of {p} read");
        assert_eq!(
            !f["seal"].is_null(),
            p.contains("-14-"),
            "seal of {p} searched where asked"
        );
    }
    assert!(
        peak <= BOUND_MIB,
        "peak resident memory {peak} MiB over the {BOUND_MIB} MiB bound"
    );
}

/// Large files read whole at once by several workers: each a photo padded to this
/// size, searched for a seal. Together they are far over the bound; the workers may
/// hold no more than the shared read budget of them at once.
const LARGE_FILES: usize = 5;
const LARGE_FILE_BYTES: usize = 100 * 1024 * 1024;

/// Resident memory (KiB) of `pid` and all its descendants, from /proc.
#[cfg(target_os = "linux")]
fn tree_rss_kib(pid: u32) -> i64 {
    let mut parent_of = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for d in dir.flatten() {
            let Some(p) = d.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(d.path().join("stat")) else {
                continue;
            };
            // The parent is the second field after the command name in parentheses.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u32>().ok());
            if let Some(pp) = ppid {
                parent_of.push((p, pp));
            }
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parent_of
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    tree.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/status")).ok())
        .filter_map(|st| {
            st.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<i64>().ok())
        })
        .sum()
}

#[cfg(target_os = "linux")]
#[test]
fn four_workers_reading_large_files_whole_stay_under_the_bound_together() {
    let t = tempfile::tempdir().unwrap();
    let unit = t.path().join("in").join("区税务局");
    // Question 14 needs a seal: every picture there is read whole and decoded.
    let dir = unit.join("14");
    std::fs::create_dir_all(&dir).unwrap();
    let photo = gen::padded(
        gen::jpeg(&gen::page_image(800, 600, true, 3)),
        LARGE_FILE_BYTES,
    );
    for i in 0..LARGE_FILES {
        std::fs::write(dir.join(format!("区税务局-14-盖章材料{i}.jpg")), &photo).unwrap();
    }
    drop(photo);
    let out = t.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .arg("check")
        .arg(t.path().join("in"))
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "4", "--quiet", "--no-cache"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start evcheck");
    let mut peak_total = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        peak_total = peak_total.max(tree_rss_kib(child.id()) / 1024);
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    let peak_one = children_peak_mib();
    eprintln!(
        "{LARGE_FILES} files of {LARGE_FILE_BYTES} bytes, --jobs 4: all processes together \
         at most {peak_total} MiB (sampled), largest process {peak_one} MiB"
    );
    // Every file was read and searched.
    let report = std::fs::read_to_string(out.join("区税务局").join("report.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), LARGE_FILES);
    for f in files {
        assert!(!f["seal"].is_null(), "seal of {} searched", f["path"]);
    }
    assert!(
        peak_total <= BOUND_MIB,
        "all processes together reached {peak_total} MiB, over the {BOUND_MIB} MiB bound"
    );
    assert!(peak_one <= BOUND_MIB, "one process reached {peak_one} MiB");
}
