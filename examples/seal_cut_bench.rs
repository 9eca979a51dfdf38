//! Cost of a closer look's decoding on scanned pages of the generated set.
//!
//! `cargo run --release --example seal_cut_bench [-- N [SEED [DIR]]]` renders N scanned
//! A4 pages at 300 dpi (`seal_synth`), and times, single-threaded (CPU time of the
//! calling thread), for three parts of each page (a square of 0.3 × the page's width
//! near the top, the middle and the bottom, the size of the cut a 42 mm seal gets):
//! the part decoded alone (`seal::decode_closer_part`), and the whole page decoded at
//! the same scale by `jpeg-decoder` with the part cut from it (the closer look's
//! decoding before parts). With DIR, it also writes the pages (`page-NNN.jpg`) and the
//! parts in pixels of the scaled picture (`parts.txt`: file, scale, x, y, w, h), for
//! `scripts/bench-cut.sh` to time libjpeg-turbo's `djpeg -scale -crop` on the same
//! parts.

use evcheck::seal;
use seal_synth as synth;
use std::io::Write;
use std::time::Duration;

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

const PARTS: [(f32, f32); 3] = [(0.5, 0.15), (0.7, 0.5), (0.3, 0.85)];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(12);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let dir = args.get(3).map(std::path::PathBuf::from);
    let mut rng = synth::Rng::new(seed * 1000 + 300);
    let pages: Vec<Vec<u8>> = (0..n)
        .map(|_| {
            let img = synth::render("scan300", &mut rng);
            let q = rng.int(40, 95) as u8;
            synth::encode_jpeg(&img, q)
        })
        .collect();
    let mut list = Vec::new();
    let (mut t_part, mut t_whole) = ([Duration::ZERO; 3], Duration::ZERO);
    let mut differ = 0usize;
    for (i, p) in pages.iter().enumerate() {
        for (k, &(cx, cy)) in PARTS.iter().enumerate() {
            let side = 0.15;
            let rect = (cx - side, cy - side * 0.707, cx + side, cy + side * 0.707);
            let t = thread_cpu();
            let part = seal::decode_closer_part(p, rect, false);
            t_part[k] += thread_cpu().saturating_sub(t);
            let t = thread_cpu();
            let whole = seal::decode_closer_part(p, rect, true);
            t_whole += thread_cpu().saturating_sub(t);
            match (&part, &whole) {
                (Some(a), Some(b)) if a.w == b.w && a.h == b.h => {
                    let far = a.px.iter().zip(&b.px).filter(|(x, y)| x.abs_diff(**y) > 8);
                    differ += far.count();
                }
                _ => {
                    eprintln!(
                        "page {i} part {k}: decoded {} / {}",
                        part.is_some(),
                        whole.is_some()
                    );
                }
            }
            if let Some(a) = &part {
                list.push((i, rect, a.w, a.h));
            }
        }
    }
    let pn = pages.len().max(1) as f64;
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!(
        "{n} scanned pages at 300 dpi, {:.0} KB each; a part of 0.3 × 0.21 of the page, at the closer look's scale",
        bytes as f64 / 1024.0 / pn
    );
    for (k, &(cx, cy)) in PARTS.iter().enumerate() {
        println!(
            "  part decoded alone, centred at ({cx}, {cy}): {:.2} ms",
            t_part[k].as_secs_f64() * 1000.0 / pn
        );
    }
    println!(
        "  whole page decoded by jpeg-decoder, part cut from it: {:.2} ms",
        t_whole.as_secs_f64() * 1000.0 / (3.0 * pn)
    );
    println!("  samples differing by more than 8 between the two: {differ}");
    if let Some(dir) = dir {
        if let Err(e) = write_for_djpeg(&dir, &pages, &list) {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    }
}

type Listed = (usize, (f32, f32, f32, f32), usize, usize);

/// Writes the pages and the parts (in pixels of the picture at the closer scale).
fn write_for_djpeg(
    dir: &std::path::Path,
    pages: &[Vec<u8>],
    list: &[Listed],
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (i, p) in pages.iter().enumerate() {
        std::fs::write(dir.join(format!("page-{i:03}.jpg")), p)?;
    }
    // The closer scale of each page: its width over its picture's width at that scale
    // (the whole page decoded once as one part), and that picture's size.
    let mut scaled = Vec::with_capacity(pages.len());
    for p in pages {
        let page_w = image::ImageReader::new(std::io::Cursor::new(p))
            .with_guessed_format()?
            .into_dimensions()
            .map_or(0, |(w, _)| w as usize);
        scaled.push(
            seal::decode_closer_part(p, (0.0, 0.0, 1.0, 1.0), false)
                .map(|whole| ((page_w / whole.w.max(1)).max(1), whole.w, whole.h)),
        );
    }
    let mut out = std::fs::File::create(dir.join("parts.txt"))?;
    for &(i, rect, w, h) in list {
        let Some((scale, sw, sh)) = scaled[i] else {
            continue;
        };
        let x = (rect.0.clamp(0.0, 1.0) * sw as f32) as usize;
        let y = (rect.1.clamp(0.0, 1.0) * sh as f32) as usize;
        writeln!(out, "page-{i:03}.jpg {scale} {x} {y} {w} {h}")?;
    }
    Ok(())
}
