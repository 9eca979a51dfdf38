//! Seal detector evaluation on a labelled set.
//!
//! `cargo run --release --example seal_eval [-- N [SEED]]` generates N pictures (half
//! with a seal) from SEED (default: the held-out seed) with `seal::synth`, runs
//! `seal::detect` on each encoded JPEG single-threaded, and prints precision, recall,
//! errors per kind and the time per page. Tuning used seeds 1 and 3; figures are
//! reported on seed 2.
//!
//! `cargo run --release --example seal_eval -- --dir DIR` reads a labelled folder
//! instead (`DIR/labels.csv`: `file,kind,seal,sub`, as written by
//! `scripts/seal-set/gen.py`) and prints precision and recall per kind and the
//! errors per sub-kind. `SEAL_EVAL_VERBOSE=1` lists every wrong answer, `SEAL_EVAL_ALL=1`
//! every answer (file, kind, sub-kind, label, verdict, page, score, centre). Before
//! `--dir`, and in this order, `--weights FILE` judges with a retrained model instead
//! of the built-in one, `--square-weights FILE` judges squares with a retrained square
//! model (an empty FILE: the square rules alone), `--conv FILE` judges with the convolutional second look in
//! FILE instead of the built-in one (`seal::conv`, `src/seal/conv_weights.txt`; an
//! empty FILE: none) and `--end-min X` sets the
//! score an end of a joined red part must reach, so a retrained verifier is measured
//! without rebuilding.

use evcheck::identify::Format;
use evcheck::rules::{SealLimits, SealShape};
use evcheck::seal;
use seal_synth as synth;
use std::collections::BTreeMap;
use std::time::Duration;

/// CPU time of the whole process (all threads), so that the figures do not depend
/// on other load on the machine.
fn cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Format of a labelled file, from its extension.
fn format_of(name: &str) -> Format {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Format::Pdf,
        "png" => Format::Png,
        "ofd" => Format::Ofd,
        "docx" => Format::Docx,
        "xlsx" => Format::Xlsx,
        "tif" | "tiff" => Format::Tiff,
        _ => Format::Jpeg,
    }
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    tn: usize,
    fneg: usize,
    time: Duration,
}

impl Tally {
    fn add(&mut self, seal: bool, found: bool, dt: Duration) {
        self.time += dt;
        match (seal, found) {
            (true, true) => self.tp += 1,
            (false, false) => self.tn += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fneg += 1,
        }
    }
    fn n(&self) -> usize {
        self.tp + self.fp + self.tn + self.fneg
    }
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fneg).max(1) as f64;
        format!(
            "| {name} | {} | {p:.3} | {r:.3} | {} | {} | {:.1} |",
            self.n(),
            self.fp,
            self.fneg,
            self.time.as_secs_f64() * 1000.0 / self.n().max(1) as f64
        )
    }
}

fn eval_dir(dir: &std::path::Path, limits: &SealLimits) {
    let verbose = std::env::var_os("SEAL_EVAL_VERBOSE").is_some();
    let trace = std::env::var_os("SEAL_EVAL_TRACE").is_some();
    let every = std::env::var_os("SEAL_EVAL_ALL").is_some();
    let labels = match std::fs::read_to_string(dir.join("labels.csv")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", dir.join("labels.csv").display());
            std::process::exit(2);
        }
    };
    let mut all = Tally::default();
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let mut subs: BTreeMap<(String, bool), Tally> = BTreeMap::new();
    for line in labels.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 4 {
            continue;
        }
        let (file, kind, seal, sub) = (f[0], f[1], f[2] == "1", f[3]);
        let Ok(data) = std::fs::read(dir.join(file)) else {
            eprintln!("{file}: not readable");
            continue;
        };
        let t = cpu();
        let facts = seal::detect(&data, format_of(file), limits);
        let dt = cpu().saturating_sub(t);
        all.add(seal, facts.found, dt);
        kinds
            .entry(kind.to_owned())
            .or_default()
            .add(seal, facts.found, dt);
        subs.entry((sub.to_owned(), seal))
            .or_default()
            .add(seal, facts.found, dt);
        if trace && !file.ends_with(".pdf") {
            if let Ok(img) = seal::decode_picture(&data, limits.max_pixels) {
                if let Some(c) = seal::detect::best_candidate(&img) {
                    println!(
                        "trace {file} {kind} {sub} {} {} {:.3} {:?} {:?}",
                        seal as u8, facts.found as u8, c.confidence, c.parts, c.measures
                    );
                }
            }
        }
        if every {
            println!(
                "answer {file} {kind} {sub} {} {} {:?} {:.3} {:?}",
                seal as u8, facts.found as u8, facts.page, facts.confidence, facts.position
            );
        }
        if verbose && seal != facts.found {
            println!(
                "wrong {file} {kind}/{sub} seal={seal}: found={} kind={:?} page={:?} conf={:.2} at={:?}",
                facts.found, facts.kind, facts.page, facts.confidence, facts.position
            );
            if !file.ends_with(".pdf") {
                if let Ok(img) = seal::decode_picture(&data, limits.max_pixels) {
                    if let Some(c) = seal::detect::best_candidate(&img) {
                        println!(
                            "    best {:.2} parts {:.2?} measures {:.2?}",
                            c.confidence, c.parts, c.measures
                        );
                    }
                }
            }
        }
    }
    println!("{}", dir.display());
    println!("| kind | files | precision | recall | false seals | missed | ms per file |");
    println!("|---|---|---|---|---|---|---|");
    for (k, t) in &kinds {
        println!("{}", t.line(k));
    }
    println!("{}", all.line("all"));
    println!();
    println!("errors per sub-kind (with seal: missed; without: false seals)");
    for ((sub, seal), t) in &subs {
        let err = if *seal { t.fneg } else { t.fp };
        println!(
            "  {:<16} {:<8} {err:>3} / {}",
            sub,
            if *seal { "seal" } else { "no seal" },
            t.n()
        );
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    // `--weights FILE` first: judge with a retrained model instead of the built-in one;
    // then `--conv FILE`: the convolutional second look from FILE (an empty file: none).
    type Set = fn(&str) -> bool;
    let flags: [(&str, Set, &str); 3] = [
        (
            "--weights",
            evcheck::seal::verify::use_weights,
            "not a model for this verifier",
        ),
        (
            "--square-weights",
            evcheck::seal::verify::use_square_weights,
            "not a model for the square verifier",
        ),
        (
            "--conv",
            evcheck::seal::conv::use_weights,
            "not a network for this verifier",
        ),
    ];
    for (flag, set, refused) in flags {
        if args.get(1).map(String::as_str) == Some(flag) {
            let text = args
                .get(2)
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            if !set(&text) {
                eprintln!("{flag}: {refused}");
                std::process::exit(2);
            }
            args.drain(1..3);
        }
    }
    // `--end-min X`: the score an end of a joined red part must reach.
    if args.get(1).map(String::as_str) == Some("--end-min") {
        match args.get(2).and_then(|v| v.parse::<f32>().ok()) {
            Some(v) => evcheck::seal::detect::set_end_min(v),
            None => {
                eprintln!("--end-min: a number");
                std::process::exit(2);
            }
        }
        args.drain(1..3);
    }
    if args.get(1).map(String::as_str) == Some("--dir") {
        let limits = SealLimits {
            max_pixels: 4_000_000,
            max_images_per_file: 64,
            max_pages: 50,
            shapes: SealShape::ALL.to_vec(),
        };
        for d in &args[2..] {
            eval_dir(std::path::Path::new(d), &limits);
        }
        return;
    }
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(640);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let verbose = std::env::var_os("SEAL_EVAL_VERBOSE").is_some();
    let limits = SealLimits {
        max_pixels: 4_000_000,
        max_images_per_file: 64,
        max_pages: 50,
        shapes: SealShape::ALL.to_vec(),
    };
    let (mut tp, mut fp, mut tn, mut fneg) = (0usize, 0usize, 0usize, 0usize);
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut t300 = Duration::ZERO;
    let mut n300 = 0u32;
    let mut t_all = Duration::ZERO;
    let (mut t_decode, mut t_search) = (Duration::ZERO, Duration::ZERO);
    for i in 0..n {
        let s = synth::sample(seed, i);
        let t = cpu();
        let f = seal::detect(&s.data, Format::Jpeg, &limits);
        let dt = cpu().saturating_sub(t);
        t_all += dt;
        if s.width == 2480 {
            t300 += dt;
            n300 += 1;
            let t = cpu();
            if let Ok(img) = seal::decode_picture(&s.data, limits.max_pixels) {
                t_decode += cpu().saturating_sub(t);
                let t = cpu();
                let _ = seal::detect::best_candidate(&img);
                t_search += cpu().saturating_sub(t);
            }
        }
        let e = per_kind.entry(s.kind).or_default();
        e.0 += 1;
        match (s.seal, f.found) {
            (true, true) => tp += 1,
            (false, false) => tn += 1,
            (false, true) => {
                fp += 1;
                e.1 += 1;
            }
            (true, false) => {
                fneg += 1;
                e.1 += 1;
            }
        }
        if verbose && s.seal != f.found {
            println!("miss #{i} {} seal={} -> {:?}", s.kind, s.seal, f);
            if let Some(dir) = std::env::var_os("SEAL_EVAL_DUMP") {
                if let Ok(img) = seal::decode_picture(&s.data, limits.max_pixels) {
                    let best = seal::detect::best_candidate(&img);
                    println!("    best candidate {best:?}");
                    let path = std::path::Path::new(&dir).join(format!("miss-{i}-{}.png", s.kind));
                    let _ = image::save_buffer(
                        &path,
                        &img.px,
                        img.w as u32,
                        img.h as u32,
                        image::ExtendedColorType::Rgb8,
                    );
                }
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    println!(
        "seed {seed}: {} positives, {} negatives",
        tp + fneg,
        tn + fp
    );
    println!(
        "precision {precision:.4}  recall {recall:.4}  (tp {tp}, fp {fp}, fn {fneg}, tn {tn})"
    );
    println!(
        "time per 300 dpi A4 page (decode + search, CPU time): {:.2} ms over {n300} pages",
        t300.as_secs_f64() * 1000.0 / n300.max(1) as f64
    );
    println!(
        "  of which decoding {:.2} ms, searching {:.2} ms",
        t_decode.as_secs_f64() * 1000.0 / n300.max(1) as f64,
        t_search.as_secs_f64() * 1000.0 / n300.max(1) as f64
    );
    println!(
        "time per picture, all kinds: {:.2} ms",
        t_all.as_secs_f64() * 1000.0 / n.max(1) as f64
    );
    println!("errors per kind:");
    for (k, (total, err)) in per_kind {
        println!("  {k:<16} {err:>3} / {total}");
    }
}
