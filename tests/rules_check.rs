//! `evcheck rules check` on every shipped scheme and on broken rule files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn evcheck(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_evcheck"))
        .args(args)
        .output()
        .expect("run evcheck")
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn every_shipped_scheme_passes_rules_check() {
    let mut n = 0;
    for entry in std::fs::read_dir(rules_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        n += 1;
        let out = evcheck(&["rules".as_ref(), "check".as_ref(), path.as_os_str()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}{}",
            path.display(),
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("规则文件有效"), "{stdout}");
    }
    assert!(n >= 3, "expected the three shipped schemes, found {n}");
}

#[test]
fn shipped_schemes_report_their_questionnaires() {
    let cases = [
        ("shihe-2022.toml", &["区直部门 35 题", "乡镇街道 40 题"][..]),
        ("zhanhe-2022.toml", &["区直部门 19 题", "乡街道 40 题"][..]),
        ("rudong-2021.toml", &["镇区街道 12 题"][..]),
    ];
    for (file, wants) in cases {
        let path = rules_dir().join(file);
        let out = evcheck(&["rules".as_ref(), "check".as_ref(), path.as_os_str()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        for w in wants {
            assert!(stdout.contains(w), "{file}: {stdout}");
        }
    }
}

#[test]
fn broken_rule_files_exit_2_and_name_the_line() {
    let good = std::fs::read_to_string(rules_dir().join("rudong-2021.toml")).unwrap();
    let line_of = |needle: &str| {
        good.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle} not in rudong-2021.toml"))
    };
    let cases = [
        ("period_end = 2021-12-31", "period_end = 2020-12-31", "早于"),
        ("reject = ", "reject = [\"ceb\", \"arj\"]", "arj"),
        ("no = \"102\"", "no = \"101\"", "重复"),
        ("kind = \"镇区街道\"", "kind = \"乡镇\"", "乡镇"),
        (
            "max_files_per_question",
            "max_files_per_question = \"五\"",
            "",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (needle, replacement, message) in cases {
        let line = line_of(needle);
        let text: Vec<&str> = good
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == line { replacement } else { l })
            .collect();
        let path = dir.path().join("broken.toml");
        std::fs::write(&path, text.join("\n")).unwrap();
        let out = evcheck(&["rules".as_ref(), "check".as_ref(), path.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{replacement}: {stderr}");
        assert!(
            stderr.contains(&format!("第 {line} 行")),
            "{replacement}: expected line {line}: {stderr}"
        );
        assert!(stderr.contains(message), "{replacement}: {stderr}");
    }
}

#[test]
fn an_override_of_a_code_that_does_not_exist_is_reported() {
    let good = std::fs::read_to_string(rules_dir().join("rudong-2021.toml")).unwrap();
    let text = format!("{good}\n[severity]\nS001 = \"allow\"\nX123 = \"warn\"\n");
    let line = text.lines().position(|l| l.starts_with("X123")).unwrap() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("override.toml");
    std::fs::write(&path, text).unwrap();
    let out = evcheck(&["rules".as_ref(), "check".as_ref(), path.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("第 {line} 行")) && stderr.contains("X123"),
        "{stderr}"
    );
}
