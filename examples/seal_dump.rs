//! Dumps the verifier's inputs for every seal candidate judged, for training
//! `src/seal/verify_weights.txt` (`scripts/seal-set/train_verifier.py`).
//!
//! `cargo run --release --example seal_dump -- synth SEED N > out.csv` runs the N
//! pictures of `seal::synth` SEED; `... -- dir DIR > out.csv` the labelled folder
//! DIR (`labels.csv` of `scripts/seal-set/gen.py`). Each line: `source,file,seal,
//! kind,sub,rules,end,f0,f1,…` (one per candidate, in the order judged; `end` is 1
//! for an end of a joined red part or a circle found inside one). Train on tuning data only (synth seeds 1 and 3,
//! the gen.py `tune` family and the training families of scripts/seal-set/README.md).
//!
//! Square outlines are judged by their own model: they are dumped only with
//! `SEAL_DUMP_SQUARES=1` (and then only they, with the square model's inputs and the
//! square rules' score as `rules`), for `train_verifier.py --square`. The square rules
//! decide where the search goes after a square, unless `--square-weights FILE` (after
//! `--weights`, if both) gives a square model to search with.
//!
//! With `SEAL_DUMP_GRID=1` each line ends with one more field: `g` and the candidate's
//! polar picture (`seal::conv`, one byte per cell in hexadecimal), for
//! `scripts/seal-set/train_conv.py`.
//!
//! The rules alone decide where the search stops (as a build with an empty weights
//! file would), so every candidate they leave in play is dumped; `--weights FILE`
//! first judges with that model instead. The convolutional second look is left out
//! either way: its training dumps are made without it.

use evcheck::identify::Format;
use evcheck::rules::{SealLimits, SealShape};
use evcheck::seal::{self, verify};
use seal_synth as synth;
use std::sync::atomic::Ordering;

fn format_of(name: &str) -> Format {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Format::Pdf,
        "png" => Format::Png,
        "tif" | "tiff" => Format::Tiff,
        _ => Format::Jpeg,
    }
}

fn run(source: &str, file: &str, seal: bool, kind: &str, sub: &str, data: &[u8], f: Format) {
    let limits = SealLimits {
        max_pixels: 4_000_000,
        max_images_per_file: 64,
        max_pages: 50,
        shapes: SealShape::ALL.to_vec(),
    };
    if let Ok(mut t) = verify::TRACE.lock() {
        *t = Some(Vec::new());
    }
    verify::TRACING.store(true, Ordering::Relaxed);
    let _ = seal::detect(data, f, &limits);
    verify::TRACING.store(false, Ordering::Relaxed);
    let got = verify::TRACE.lock().ok().and_then(|mut t| t.take());
    let grids = std::env::var_os("SEAL_DUMP_GRID").is_some();
    let squares = std::env::var_os("SEAL_DUMP_SQUARES").is_some();
    for (rules, feats, end, grid, square) in got.unwrap_or_default() {
        if square != squares {
            continue;
        }
        let fs: Vec<String> = feats.iter().map(|x| format!("{x:.4}")).collect();
        let mut line = format!(
            "{source},{file},{},{kind},{sub},{rules:.4},{},{}",
            seal as u8,
            end as u8,
            fs.join(",")
        );
        if grids {
            // The polar picture, one byte per cell in hexadecimal, as the last field.
            line.push_str(",g");
            for b in &grid {
                line.push_str(&format!("{b:02x}"));
            }
        }
        println!("{line}");
    }
}

/// The text of the file named after `flag` when `flag` is the first argument (taken
/// out of `args`); empty otherwise or when it cannot be read.
fn file_option(args: &mut Vec<String>, flag: &str) -> String {
    if args.get(1).map(String::as_str) != Some(flag) {
        return String::new();
    }
    let text = args
        .get(2)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    args.drain(1..args.len().min(3));
    text
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let weights = file_option(&mut args, "--weights");
    // Squares are dumped as the square rules judge them, or with `--square-weights FILE`
    // as that square model judges them (the search then goes where the detector with
    // that model goes).
    let square_weights = file_option(&mut args, "--square-weights");
    if !verify::use_square_weights(&square_weights) {
        eprintln!("--square-weights: not a model for the square verifier");
        std::process::exit(2);
    }
    if !verify::use_weights(&weights) {
        eprintln!("--weights: not a model for this verifier");
        std::process::exit(2);
    }
    seal::conv::use_weights("");
    match args.get(1).map(String::as_str) {
        Some("synth") => {
            let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
            let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(640);
            for i in 0..n {
                let s = synth::sample(seed, i);
                let name = format!("s{seed}-{i}");
                run(
                    "synth",
                    &name,
                    s.seal,
                    s.kind,
                    s.kind,
                    &s.data,
                    Format::Jpeg,
                );
            }
        }
        Some("dir") => {
            for d in &args[2..] {
                let dir = std::path::Path::new(d);
                let Ok(labels) = std::fs::read_to_string(dir.join("labels.csv")) else {
                    eprintln!("{d}: no labels.csv");
                    continue;
                };
                for line in labels.lines().skip(1) {
                    let f: Vec<&str> = line.split(',').collect();
                    if f.len() < 4 {
                        continue;
                    }
                    let Ok(data) = std::fs::read(dir.join(f[0])) else {
                        continue;
                    };
                    run(d, f[0], f[2] == "1", f[1], f[3], &data, format_of(f[0]));
                }
            }
        }
        _ => eprintln!("usage: seal_dump synth SEED N | dir DIR…"),
    }
}
