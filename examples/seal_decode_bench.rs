//! Decode-time benchmark for scanned pages of the generated set.
//!
//! `cargo run --release --example seal_decode_bench [-- N [SEED]]` generates scanned
//! A4 pages at 150, 200 and 300 dpi, then times `seal::decode_picture` and the search
//! on each, single-threaded: wall time, CPU time of the calling thread and CPU time
//! of the whole process (which also counts any decoder worker thread).

use evcheck::seal::{self, detect};
use seal_synth as synth;
use std::time::{Duration, Instant};

fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(id, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration, n: usize) -> f64 {
    d.as_secs_f64() * 1000.0 / n.max(1) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let rounds = 5;
    for (dpi, kind) in [(150, "scan150"), (200, "scan200"), (300, "scan300")] {
        let mut rng = synth::Rng::new(seed * 1000 + dpi);
        let pages: Vec<Vec<u8>> = (0..n)
            .map(|_| {
                let img = synth::render(kind, &mut rng);
                let q = rng.int(40, 95) as u8;
                synth::encode_jpeg(&img, q)
            })
            .collect();
        let bytes: usize = pages.iter().map(Vec::len).sum();
        let (mut wall, mut thread, mut process, mut search) = (
            Duration::ZERO,
            Duration::ZERO,
            Duration::ZERO,
            Duration::ZERO,
        );
        let mut dims = (0, 0);
        for _ in 0..rounds {
            for p in &pages {
                let (w0, t0, p0) = (
                    Instant::now(),
                    clock(libc::CLOCK_THREAD_CPUTIME_ID),
                    clock(libc::CLOCK_PROCESS_CPUTIME_ID),
                );
                let img = seal::decode_picture(p, 4_000_000);
                wall += w0.elapsed();
                thread += clock(libc::CLOCK_THREAD_CPUTIME_ID).saturating_sub(t0);
                process += clock(libc::CLOCK_PROCESS_CPUTIME_ID).saturating_sub(p0);
                if let Ok(img) = img {
                    dims = (img.w, img.h);
                    let s0 = clock(libc::CLOCK_THREAD_CPUTIME_ID);
                    let _ = detect::best_candidate(&img);
                    search += clock(libc::CLOCK_THREAD_CPUTIME_ID).saturating_sub(s0);
                }
            }
        }
        let k = n * rounds;
        println!(
            "{dpi} dpi: {n} pages, {:.0} KB each, searched at {}x{}: decode wall {:.2} ms, \
             thread CPU {:.2} ms, process CPU {:.2} ms; search {:.2} ms",
            bytes as f64 / 1024.0 / n.max(1) as f64,
            dims.0,
            dims.1,
            ms(wall, k),
            ms(thread, k),
            ms(process, k),
            ms(search, k)
        );
    }
}
