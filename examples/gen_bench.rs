//! Generates a deterministic benchmark submission: `UNITS` units × `FILES` files of
//! real formats (PDF with text, XLSX with date cells, DOCX, JPEG with EXIF, PNG, ZIP),
//! with a sprinkling of defects. Used by `scripts/bench.sh`.
//!
//! ```text
//! cargo run --release --example gen_bench -- OUT [UNITS] [FILES_PER_UNIT] [SEED]
//! ```

#[path = "../tests/common/gen.rs"]
mod gen;

use gen::Below;
use std::path::PathBuf;

const UNITS: [&str; 12] = [
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
    "东双河镇",
    "区统计局",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "bench-data".into()));
    let units: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let per_unit: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let mut rng = gen::Rng::new(seed);
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("clear output");
    }
    // A small pool of real files, reused with different names (content generation is
    // not what is measured).
    let stamped = gen::jpeg(&gen::page_image(1240, 1754, true, seed));
    let mut pool = gen::document_pool(&stamped);
    pool.extend(vec![
        (
            "jpg",
            gen::with_exif_date(
                &gen::jpeg(&gen::page_image(2000, 1500, false, seed + 1)),
                "2022:06:01 09:30:00",
            ),
        ),
        ("png", gen::png(&gen::page_image(800, 500, false, seed + 2))),
    ]);
    let zip = gen::zip_utf8(&[("a.pdf", pool[0].1.clone()), ("b.jpg", pool[4].1.clone())]);
    let mut total = 0usize;
    for u in 0..units {
        let unit = UNITS
            .get(u)
            .map(|s| s.to_string())
            .unwrap_or_else(|| format!("区测试单位{u}"));
        let questions = if unit.ends_with('镇') { 40 } else { 35 };
        for i in 0..per_unit {
            let q = 1 + (i % questions);
            let (ext, bytes) = if rng.below(20) == 0 {
                ("zip", &zip)
            } else {
                let (e, b) = &pool[rng.below(pool.len() as u64) as usize];
                (*e, b)
            };
            let name = if rng.below(10) == 0 {
                format!("{unit}_{q}_材料{i}.{ext}")
            } else {
                format!("{unit}-{q:02}-佐证材料{i}.{ext}")
            };
            let p = out.join(&unit).join(format!("{q:02}")).join(name);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, bytes).expect("write");
            total += 1;
        }
    }
    println!(
        "{total} files in {units} units written to {}",
        out.display()
    );
}
