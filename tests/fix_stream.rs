//! `evcheck fix` streams files into the copy: copying a 256 MiB file keeps the
//! process far below that size (the whole-file read it replaced held all of it).
//! Its own test binary, so the only child process measured is this one.

#[cfg(unix)]
#[test]
fn fix_copies_a_large_file_without_holding_it() {
    const SIZE: u64 = 256 * 1024 * 1024;
    let d = tempfile::tempdir().unwrap();
    let unit = d.path().join("东双河镇");
    std::fs::create_dir_all(&unit).unwrap();
    let big = unit.join("东双河镇—4—大厅全景视频.pdf");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(SIZE).unwrap();
    drop(f);
    let to = d.path().join("副本");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(["fix"])
        .arg(&unit)
        .arg("--to")
        .arg(&to)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = to.join("东双河镇-04-大厅全景视频.pdf");
    assert_eq!(
        std::fs::metadata(&copy).unwrap().len(),
        SIZE,
        "renamed, whole"
    );
    // SAFETY: `usage` is a plain C struct that getrusage fills in; a zeroed value is a
    // valid starting point and the pointer is to a live local.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_CHILDREN with a valid pointer to a rusage struct.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    // ru_maxrss is in KiB on Linux.
    let peak = usage.ru_maxrss as u64 * 1024;
    println!("peak resident memory of fix: {} MiB", peak / (1024 * 1024));
    assert!(
        peak < SIZE / 2,
        "fix held {} MiB while copying a {} MiB file",
        peak / (1024 * 1024),
        SIZE / (1024 * 1024)
    );
}
