//! Writing a file so that it is complete or absent: write a temporary file in the
//! same folder, flush it to disk, then rename it over the target. Temporary files
//! that a killed run left behind (`.NAME.PID.tmp` of a process that is gone) are
//! removed by the next write into the same folder.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Writes `path` atomically with `write`, which streams into the temporary file (a
/// copy of a large file never sits in memory).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    remove_stale(dir, &file_name);
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        write(&mut f)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes `.{file_name}.PID.tmp` files in `dir` whose process is gone.
fn remove_stale(dir: &Path, file_name: &str) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{file_name}.");
    for item in rd.flatten() {
        let name = item.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !alive(pid, &item) {
            let _ = std::fs::remove_file(item.path());
        }
    }
}

/// Whether process `pid` may still be writing `item`: on Linux, whether it runs;
/// elsewhere, whether the file changed within the last day.
fn alive(pid: u32, item: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    item.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 24 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sub/r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(d.path().join("sub")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn leftovers_of_a_dead_run_are_removed() {
        let d = tempfile::tempdir().unwrap();
        // A pid no process has (above the kernel's maximum) and our own.
        let dead = d.path().join(".report.json.4294967295.tmp");
        let other = d.path().join(".summary.json.4294967295.tmp");
        std::fs::write(&dead, b"half").unwrap();
        std::fs::write(&other, b"half").unwrap();
        write_atomic(&d.path().join("report.json"), b"whole").unwrap();
        assert!(!dead.exists(), "a dead run's temporary report is removed");
        assert!(other.exists(), "only the file being written is cleaned");
    }
}
