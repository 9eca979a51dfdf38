//! Decoding cost of the seal search's picture path against libjpeg-turbo at the same
//! scale: decodes every JPEG given (files, or every `.jpg` in the folders given) with
//! the reduced-scale decoder the seal search uses, one after the other on one thread,
//! and prints the time per picture. Compare with
//! `time (for f in …; do djpeg -scale 1/8 -dct fast -outfile /dev/null "$f"; done)`.
//!
//! ```text
//! cargo run --release --example bench_decode -- DIR_OR_FILE… [ROUNDS]
//! ```

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut rounds = 1usize;
    for a in std::env::args().skip(1) {
        let p = PathBuf::from(&a);
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&p)
                .expect("read folder")
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
                .collect();
            v.sort();
            files.extend(v);
        } else if p.is_file() {
            files.push(p);
        } else if let Ok(n) = a.parse() {
            rounds = n;
        }
    }
    let data: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("read"))
        .collect();
    // The built-in rules' `seal.max_pixels`.
    let max_pixels = 4_000_000;
    let mut best = f64::MAX;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        let mut ok = 0;
        for d in &data {
            if evcheck::seal::raster::decode_jpeg(d, max_pixels).is_ok() {
                ok += 1;
            }
        }
        let s = t.elapsed().as_secs_f64();
        best = best.min(s);
        eprintln!("{} pictures ({ok} decoded) in {s:.3} s", data.len());
    }
    println!(
        "{} pictures: best {:.3} s, {:.1} ms a picture",
        data.len(),
        best,
        1000.0 * best / data.len().max(1) as f64
    );
}
