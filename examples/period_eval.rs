//! Runs the period rule over a labelled folder and prints, per kind of file, the
//! confusion matrix against the expected verdicts, agreement, out-of-period recall
//! and false alarms.
//!
//! The folder holds `labels.csv` (`name,kind,expected,shape`, expected one of `in`,
//! `out`, `unknown`) and the files under `files/` (see `scripts/period-set/`).
//! Verdicts: no finding = `in`; P001/P002 = `out`; P003/P004 = `unknown` (a reviewer
//! has to look).
//!
//! Run: `cargo run --release --example period_eval -- DIR [DIR…] [-v]`

use evcheck::checks::period::judge;
use evcheck::dates::{extract, DateRange};
use evcheck::diag::Lang;
use evcheck::identify::identify_named;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

const LABELS: [&str; 3] = ["in", "out", "unknown"];

fn idx(l: &str) -> usize {
    LABELS.iter().position(|x| *x == l).unwrap_or(2)
}

#[derive(Default)]
struct Matrix {
    /// [expected][got]
    m: [[usize; 3]; 3],
}

impl Matrix {
    fn total(&self) -> usize {
        self.m.iter().flatten().sum()
    }
    fn agree(&self) -> usize {
        (0..3).map(|i| self.m[i][i]).sum()
    }
    fn print(&self, name: &str) {
        let t = self.total();
        let out_total: usize = self.m[1].iter().sum();
        let not_out = t - out_total;
        let false_alarm = self.m[0][1] + self.m[2][1];
        println!(
            "{name}: n={t} agreement {:.1}% ({}/{t}); out recall {}; false alarms {}",
            pct(self.agree(), t),
            self.agree(),
            if out_total > 0 {
                format!(
                    "{:.1}% ({}/{out_total})",
                    pct(self.m[1][1], out_total),
                    self.m[1][1]
                )
            } else {
                "-".into()
            },
            if not_out > 0 {
                format!(
                    "{:.1}% ({false_alarm}/{not_out})",
                    pct(false_alarm, not_out)
                )
            } else {
                "-".into()
            },
        );
        println!("  expected \\ got |   in |  out | unknown");
        for (i, l) in LABELS.iter().enumerate() {
            println!(
                "  {l:>14} | {:>4} | {:>4} | {:>7}",
                self.m[i][0], self.m[i][1], self.m[i][2]
            );
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    // `--dump NAME`: print what was found in one file and stop.
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        for path in &args[i + 1..] {
            let data = std::fs::read(path).unwrap_or_default();
            let id = identify_named(&mut Cursor::new(&data), data.len() as u64, path);
            let facts = extract(&data, id.format, path);
            println!(
                "{}",
                serde_json::to_string_pretty(&facts).unwrap_or_default()
            );
        }
        return;
    }
    let period = DateRange {
        start: "2022-01-01".parse().unwrap_or_else(|e| panic!("{e}")),
        end: "2022-10-31".parse().unwrap_or_else(|e| panic!("{e}")),
    };
    // `--capture DIR`: photos under DIR/files with the date exiftool gives in
    // DIR/capture.csv (`name,YYYY-MM-DD`, empty when it gives none).
    if let Some(i) = args.iter().position(|a| a == "--capture") {
        capture(&args[i + 1..], verbose);
        return;
    }
    let mut per_kind: BTreeMap<String, Matrix> = BTreeMap::new();
    let mut all = Matrix::default();
    for dir in args.iter().filter(|a| !a.starts_with('-')) {
        let dir = Path::new(dir);
        let labels = std::fs::read_to_string(dir.join("labels.csv"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for line in labels.lines().filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split(',').collect();
            let [name, kind, expected, shape, ..] = cols[..] else {
                continue;
            };
            let path = dir.join("files").join(name);
            let Ok(data) = std::fs::read(&path) else {
                eprintln!("cannot read {}", path.display());
                continue;
            };
            let id = identify_named(&mut Cursor::new(&data), data.len() as u64, name);
            let facts = extract(&data, id.format, name);
            let verdict = judge(&facts, &period, name);
            let got = match verdict.as_ref().map(|d| d.code.id) {
                None => "in",
                Some("P001" | "P002") => "out",
                Some(_) => "unknown",
            };
            let (e, g) = (idx(expected), idx(got));
            per_kind.entry(kind.to_owned()).or_default().m[e][g] += 1;
            all.m[e][g] += 1;
            if verbose && e != g {
                println!(
                    "MISS {name} [{shape}] expected {expected} got {got}: {} | {}",
                    facts.summary(Lang::Zh).unwrap_or_default(),
                    verdict.map(|d| d.message.zh).unwrap_or_default()
                );
            }
        }
    }
    for (k, m) in &per_kind {
        m.print(k);
    }
    all.print("ALL");
}

fn capture(dirs: &[String], verbose: bool) {
    use evcheck::dates::found::DateSource;
    let (mut n, mut same) = (0usize, 0usize);
    for dir in dirs.iter().filter(|a| !a.starts_with('-')) {
        let dir = Path::new(dir);
        let list = std::fs::read_to_string(dir.join("capture.csv")).unwrap_or_default();
        for line in list.lines() {
            let Some((name, want)) = line.rsplit_once(',') else {
                continue;
            };
            let Ok(data) = std::fs::read(dir.join("files").join(name)) else {
                continue;
            };
            let id = identify_named(&mut Cursor::new(&data), data.len() as u64, name);
            let facts = extract(&data, id.format, name);
            let got = facts
                .found
                .iter()
                .find(|d| d.source == DateSource::Exif)
                .map(|d| (d.start.to_string(), d.location.clone()));
            let ok = got.as_ref().map(|g| g.0.as_str()).unwrap_or("") == want;
            n += 1;
            same += usize::from(ok);
            if verbose && !ok {
                println!(
                    "DIFF {name} ({:?}): exiftool {want:?}, evcheck {got:?}",
                    id.format
                );
            }
        }
    }
    println!(
        "capture date equal to exiftool's: {same}/{n} ({:.1}%)",
        pct(same, n)
    );
}
