//! Generates a deterministic submission shaped like a district's: units whose evidence
//! is mostly ZIPs of 4000×3000 phone photos (with EXIF capture times, some of stamped
//! pages), beside PDFs, spreadsheets, Word files and loose photos. Used by
//! `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example gen_district -- OUT [small|full] [SEED]
//! ```
//!
//! `full` is the shape of the issue's corpus (20 units, about 1,565 files, 108 ZIPs of
//! photos, about 4.6 GiB); `small` (the default) keeps the same mix with 4 units and 16
//! photo ZIPs (about 0.5 GiB), so that a benchmark runs in minutes.

#[path = "../tests/common/gen.rs"]
mod gen;

use gen::Below;
use std::io::Write;
use std::path::{Path, PathBuf};

const UNITS: [&str; 20] = [
    "区发改委",
    "区人社局",
    "区民政局",
    "区交通局",
    "区自然资源局",
    "区教体局",
    "区税务局",
    "区应急管理局",
    "区水利局",
    "区卫健委",
    "区统计局",
    "区市场监管局",
    "区住建局",
    "区医保局",
    "区公安分局",
    "区司法局",
    "区财政局",
    "区农业农村局",
    "区文旅局",
    "区生态环境分局",
];

/// Questions of the built-in scheme (区直部门) that need a seal; photo ZIPs go to them
/// one time in three, so that part of the photos are searched for seals.
const SEAL_QUESTIONS: [u32; 3] = [14, 18, 22];

struct Shape {
    units: usize,
    files_per_unit: usize,
    zips: usize,
    photos_per_zip: usize,
}

/// A phone photo: a page with text (and a seal when asked) under sensor-like noise,
/// so that it compresses like a real 4000×3000 photo (3–5 MB at quality 85).
fn photo(seed: u64, seal: bool) -> Vec<u8> {
    let mut img = gen::page_image(4000, 3000, seal, seed);
    let mut rng = gen::Rng::new(seed ^ 0x9e37_79b9);
    for p in img.pixels_mut() {
        let n = rng.below(48) as i16 - 24;
        for c in p.0.iter_mut() {
            *c = (*c as i16 + n).clamp(0, 255) as u8;
        }
    }
    gen::jpeg(&img)
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "district-data".into()));
    let full = args.next().as_deref() == Some("full");
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let shape = if full {
        Shape {
            units: 20,
            files_per_unit: 78,
            zips: 108,
            photos_per_zip: 10,
        }
    } else {
        Shape {
            units: 4,
            files_per_unit: 60,
            zips: 16,
            photos_per_zip: 8,
        }
    };
    let mut rng = gen::Rng::new(seed);
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("clear output");
    }
    // A pool of distinct photos, reused under other names and capture times (making
    // content is not what is measured).
    let photos: Vec<Vec<u8>> = (0..6).map(|i| photo(seed + i, i % 3 == 0)).collect();
    let stamped = gen::jpeg(&gen::page_image(1240, 1754, true, seed));
    let mut pool = gen::document_pool(&stamped);
    pool.extend(vec![
        (
            "jpg",
            gen::with_exif_date(&photos[1], "2022:06:01 09:30:00"),
        ),
        (
            "png",
            gen::png(&gen::page_image(1280, 800, false, seed + 2)),
        ),
    ]);
    let mut files = 0usize;
    let mut bytes = 0u64;
    let mut zips_left = shape.zips;
    for u in 0..shape.units {
        let unit = UNITS[u % UNITS.len()];
        // This unit's share of the photo ZIPs.
        let zips_here = zips_left.div_ceil(shape.units - u);
        zips_left -= zips_here;
        for z in 0..zips_here {
            let q = if z % 3 == 0 {
                SEAL_QUESTIONS[(u + z) % SEAL_QUESTIONS.len()]
            } else {
                1 + (rng.below(35) as u32)
            };
            let name = format!("{unit}-{q:02}-现场照片{z}.zip");
            let path = out.join(unit).join(format!("{q:02}")).join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
            let mut w = zip::ZipWriter::new(file);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(1))
                .last_modified_time(zip::DateTime::default());
            for p in 0..shape.photos_per_zip {
                let which = rng.below(photos.len() as u64) as usize;
                let month = 1 + rng.below(12);
                let day = 1 + rng.below(28);
                let jpeg = gen::with_exif_date(
                    &photos[which],
                    &format!("2022:{month:02}:{day:02} 10:{:02}:00", p % 60),
                );
                w.start_file(format!("IMG_2022{month:02}{day:02}_{p:04}.jpg"), opts)
                    .expect("zip entry");
                w.write_all(&jpeg).expect("zip write");
            }
            w.finish().expect("zip finish").flush().expect("flush");
            bytes += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            files += 1;
        }
        for i in 0..shape.files_per_unit.saturating_sub(zips_here) {
            let q = 1 + (i % 35);
            let (ext, data) = &pool[rng.below(pool.len() as u64) as usize];
            let name = if rng.below(10) == 0 {
                format!("{unit}_{q}_材料{i}.{ext}")
            } else {
                format!("{unit}-{q:02}-佐证材料{i}.{ext}")
            };
            write(&out.join(unit).join(format!("{q:02}")).join(name), data);
            bytes += data.len() as u64;
            files += 1;
        }
    }
    println!(
        "{files} files ({} photo ZIPs of {} photos) in {} units, {:.2} GiB, written to {}",
        shape.zips,
        shape.photos_per_zip,
        shape.units,
        bytes as f64 / (1u64 << 30) as f64,
        out.display()
    );
}
