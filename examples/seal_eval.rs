//! Seal detector evaluation on the generated, labelled set.
//!
//! `cargo run --release --example seal_eval [-- N [SEED]]` generates N pictures (half
//! with a seal) from SEED (default: the held-out seed), runs `seal::detect` on each
//! encoded JPEG single-threaded, and prints precision, recall, errors per kind and
//! the time per page. Tuning used seeds 1 and 3; figures are reported on seed 2.

use evcheck::identify::Format;
use evcheck::rules::SealLimits;
use evcheck::seal::{self, synth};
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(640);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let verbose = std::env::var_os("SEAL_EVAL_VERBOSE").is_some();
    let limits = SealLimits {
        max_pixels: 4_000_000,
        max_images_per_file: 64,
        max_pages: 50,
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
