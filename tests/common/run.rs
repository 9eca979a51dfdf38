//! Running the real `evcheck` binary and laying out input files, for the
//! integration tests.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `evcheck ARGS` in `dir` (the test's own working folder when `None`).
pub fn evcheck_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evcheck"));
    c.args(args);
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let out = c.output().expect("run evcheck");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `evcheck ARGS`.
pub fn evcheck(args: &[&str]) -> Run {
    evcheck_in(None, args)
}

/// Writes `bytes` to `root/rel`, making its folders.
pub fn put(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Reads and parses a JSON file, naming it when that fails.
pub fn read_json(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", p.display()))
}

/// A report's findings (none when it has no `diagnostics`).
pub fn diags(r: &Value) -> Vec<Value> {
    r["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// The codes of a report's findings about the file at `file` (its path in the report).
pub fn codes_for(r: &Value, file: &str) -> Vec<String> {
    diags(r)
        .into_iter()
        .filter(|d| d["file"].as_str() == Some(file))
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}
