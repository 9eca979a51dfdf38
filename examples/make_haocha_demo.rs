//! Writes the 好差评 demo under `fixtures/haocha/` for the scheme
//! `rules/taiqian-haocha-2022.toml`: three units, each with a ratings export for
//! question 01 (XLSX with a merged title row, GBK CSV, XLS), one rectification list and
//! one work summary whose claimed figures disagree with its export. Deterministic:
//! running it twice gives the same bytes.
//!
//! ```text
//! cargo run --example make_haocha_demo            # writes fixtures/haocha
//! cargo run --example make_haocha_demo -- OUTDIR
//! ```
//!
//! The `.xls` of 示范乡 is the XLSX this program writes as `示范乡-01-好差评评价明细.xlsx`
//! into OUTDIR/.xls-source, converted by LibreOffice and committed:
//! `soffice --headless --convert-to xls --outdir fixtures/haocha/示范乡 fixtures/haocha/.xls-source/*.xlsx`
//! (the source is removed after conversion).

#[path = "../tests/common/gen.rs"]
mod gen;
#[path = "../tests/common/ratings.rs"]
mod ratings;

use ratings::Spec;
use std::path::{Path, PathBuf};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).expect("create folder");
    }
    std::fs::write(&p, bytes).expect("write file");
}

/// 示范镇: 40 cases, 39 rated, one 差评 (rectified), one rating from 2021, one case
/// rated twice. By hand: 39/40 = 97.5 % ≥ 95 % → 100; one 差评 → −30 → 70.
pub const TOWN: Spec = Spec {
    prefix: "SFZ",
    cases: 40,
    rated: 39,
    bad: 1,
    outside: 1,
    dupes: 1,
};
/// 示范中心: 20 cases, 19 rated (exactly 95 %), no 差评 → 100.
pub const CENTRE: Spec = Spec {
    prefix: "SFZX",
    cases: 20,
    rated: 19,
    bad: 0,
    outside: 0,
    dupes: 0,
};
/// 示范乡: 30 cases, 20 rated (66.67 % < 70 %), two 差评 → 0.
pub const VILLAGE: Spec = Spec {
    prefix: "SFX",
    cases: 30,
    rated: 20,
    bad: 2,
    outside: 0,
    dupes: 0,
};

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("fixtures/haocha"));
    for unit in ["示范镇", "示范中心"] {
        let d = root.join(unit);
        if d.exists() {
            std::fs::remove_dir_all(&d).expect("clear old demo");
        }
    }
    write(
        &root,
        "示范镇/示范镇-01-好差评评价明细.xlsx",
        &ratings::xlsx("示范镇政务服务“好差评”评价明细（2022年度）", &TOWN),
    );
    write(
        &root,
        "示范镇/示范镇-01-差评整改记录.xlsx",
        &ratings::rectification_xlsx(&TOWN, &[]),
    );
    write(
        &root,
        "示范镇/示范镇-01-好差评工作总结.docx",
        &gen::docx(
            &[
                "示范镇2022年度政务服务“好差评”工作总结",
                "今年以来，我镇便民服务中心全面推行“一事一评”，窗口工作人员每次办理事项后主动提示群众评价。",
                "全年评价覆盖率97.5%，好评率100%，实现零差评。",
            ],
            &[],
        ),
    );
    write(
        &root,
        "示范中心/示范中心-01-好差评评价明细.csv",
        &ratings::csv_gbk("示范中心政务服务“好差评”评价明细", &CENTRE),
    );
    write(
        &root,
        ".xls-source/示范乡-01-好差评评价明细.xlsx",
        &ratings::xlsx("示范乡政务服务“好差评”评价明细", &VILLAGE),
    );
    println!("wrote {}", root.display());
}
