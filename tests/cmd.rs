//! Command-line cases as files: every `tests/cmd/*.toml` runs the real binary in a
//! fresh folder holding a copy of the demo submissions (`demo/`) and compares what it
//! prints and its exit status with the case.
//!
//! A case has `args`, optional `stdin`, optional `files` (path → text, written before
//! the run), the expected `status`, and `stdout` / `stderr`, compared line by line:
//! `[..]` in an expected line matches any text, a line `...` matches any number of
//! lines, and the run's folder is written `[ROOT]`. `exists` / `absent` list paths that
//! must or must not be there afterwards. A case without `stdout` (or `stderr`) does not
//! look at it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    #[serde(default)]
    stdin: String,
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    status: i32,
    stdout: Option<String>,
    stderr: Option<String>,
    #[serde(default)]
    exists: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Whether `line` matches the expected line `want` (`[..]` matches any text).
fn line_matches(want: &str, line: &str) -> bool {
    let parts: Vec<&str> = want.split("[..]").collect();
    if parts.len() == 1 {
        return want == line;
    }
    let mut rest = line;
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(p);
        } else {
            match rest.find(p) {
                Some(at) => rest = &rest[at + p.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Whether the lines `got` match the expected lines `want` (`...` skips lines).
fn lines_match(want: &[&str], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((&"...", rest)) => (0..=got.len()).any(|skip| lines_match(rest, &got[skip..])),
        Some((w, rest)) => got
            .split_first()
            .is_some_and(|(g, grest)| line_matches(w, g) && lines_match(rest, grest)),
    }
}

fn check_stream(
    case: &Path,
    name: &str,
    want: Option<&String>,
    got: &str,
    root: &Path,
) -> Option<String> {
    let want = want?;
    let got = got.replace(&root.display().to_string(), "[ROOT]");
    let want_lines: Vec<&str> = want.lines().collect();
    let got_lines: Vec<&str> = got.lines().collect();
    (!lines_match(&want_lines, &got_lines)).then(|| {
        format!(
            "{}: {name} differs\n--- expected\n{want}\n--- got\n{got}\n",
            case.display()
        )
    })
}

fn run_case(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo"),
        &root.join("demo"),
    );
    for (name, body) in &case.files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(&case.args)
        .current_dir(&root)
        .env("EVCHECK_NO_PAUSE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(case.stdin.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.status) {
        problems.push(format!(
            "{}: exit status {:?}, expected {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
            path.display(),
            out.status.code(),
            case.status
        ));
    }
    problems.extend(check_stream(
        path,
        "stdout",
        case.stdout.as_ref(),
        &stdout,
        &root,
    ));
    problems.extend(check_stream(
        path,
        "stderr",
        case.stderr.as_ref(),
        &stderr,
        &root,
    ));
    for p in &case.exists {
        if !root.join(p).exists() {
            problems.push(format!("{}: {p} should exist", path.display()));
        }
    }
    for p in &case.absent {
        if root.join(p).exists() {
            problems.push(format!("{}: {p} should not exist", path.display()));
        }
    }
    problems
}

#[test]
fn cli_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the cases are there");
    let problems: Vec<String> = cases.iter().flat_map(|c| run_case(c)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn matcher() {
    assert!(line_matches("a [..] c", "a b c"));
    assert!(line_matches("[..]c", "abc"));
    assert!(!line_matches("a[..]d", "abc"));
    assert!(lines_match(&["a", "...", "d"], &["a", "b", "c", "d"]));
    assert!(lines_match(&["a", "...", "d"], &["a", "d"]));
    assert!(!lines_match(&["a", "d"], &["a", "b", "d"]));
}
