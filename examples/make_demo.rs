//! Writes the bundled demo submission under `fixtures/demo/`: four units of both kinds,
//! real PDF/XLSX/DOCX/JPEG/PNG/ZIP files, one GBK-named ZIP, and one instance of every
//! defect evcheck reports. Deterministic: running it twice gives the same bytes.
//!
//! ```text
//! cargo run --example make_demo            # writes fixtures/demo
//! cargo run --example make_demo -- OUTDIR
//! ```

#[path = "../tests/common/gen.rs"]
mod gen;

use std::path::{Path, PathBuf};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).expect("create folder");
    }
    std::fs::write(&p, bytes).expect("write file");
}

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("fixtures/demo"));
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("clear old demo");
    }
    let stamped_page = gen::jpeg(&gen::page_image(620, 877, true, 7));
    let plain_page = gen::jpeg(&gen::page_image(620, 877, false, 8));
    let hall_photo = gen::with_exif_date(
        &gen::jpeg(&gen::page_image(800, 600, false, 9)),
        "2022:06:01 09:30:00",
    );
    let late_photo = gen::with_exif_date(
        &gen::jpeg(&gen::page_image(800, 600, false, 10)),
        "2022:11:20 15:00:00",
    );
    let screenshot = gen::png(&gen::page_image(640, 400, false, 11));
    let case_pdf = gen::pdf(
        &[lines(&[
            "区税务局延时服务典型案例",
            "2022年5月12日，办税服务厅为某企业提供延时服务，",
            "当日办结增值税专用发票领用业务。",
            "2022年6月3日回访，企业表示满意。",
        ])],
        None,
    );
    let stat_pdf = gen::pdf(
        &[
            lines(&[
                "区税务局2022年1-10月办件量统计表",
                "统计时间：2022年1月1日至2022年10月31日",
                "受理 12,345 件，办结 12,301 件",
            ]),
            lines(&["（盖章页）", "2022年11月2日"]),
        ],
        Some((&stamped_page, 620, 877)),
    );
    let policy_docx = gen::docx(
        &[
            "关于印发《政务服务窗口工作制度》的通知",
            "根据浉政办〔2020〕15号文件精神，制定本制度。",
            "本制度自2020年7月1日起施行。",
        ],
        &[],
    );
    let orders_2022: Vec<(i32, u8, u8)> = (0..40)
        .map(|i| (2022, 1 + (i % 10) as u8, 1 + (i % 27) as u8))
        .collect();
    let orders_xlsx = gen::xlsx_dates(&["工单编号", "受理日期", "状态"], &orders_2022);
    let orders_2021: Vec<(i32, u8, u8)> = (0..30)
        .map(|i| (2021, 1 + (i % 12) as u8, 1 + (i % 28) as u8))
        .collect();
    let old_orders_xlsx = gen::xlsx_dates(&["工单编号", "受理日期", "状态"], &orders_2021);
    let plain_pdf = gen::pdf(&[lines(&["窗口服务情况说明", "2022年8月8日"])], None);

    // 1. 区税务局: a clean folder submission with per-question sub-folders.
    let u = "区税务局";
    write(&root, &format!("{u}/01/{u}-01-延时服务案例.pdf"), &case_pdf);
    write(&root, &format!("{u}/04/{u}-04-窗口照片.jpg"), &hall_photo);
    write(&root, &format!("{u}/{u}-07-系统工单.xlsx"), &orders_xlsx);
    write(
        &root,
        &format!("{u}/{u}-14-办件量统计（盖章）.pdf"),
        &stat_pdf,
    );
    write(
        &root,
        &format!("{u}/{u}-05-窗口工作制度.docx"),
        &policy_docx,
    );

    // 2. 区人社局: every file-level defect.
    let u = "区人社局";
    write(
        &root,
        &format!("{u}/03/{u}-03-网上办事截图.ceb"),
        &gen::ceb(),
    );
    write(&root, &format!("{u}/{u}-3-平台截图.png"), &screenshot);
    write(
        &root,
        &format!("{u}/{u}-07-工单台账.xlsx"),
        &old_orders_xlsx,
    );
    write(&root, &format!("{u}/{u}-18-办件统计表.xlsx"), &orders_xlsx);
    write(
        &root,
        &format!("{u}/{u}-18-办件统计表扫描件.jpg"),
        &plain_page,
    );
    write(&root, &format!("{u}/{u}-09-材料汇总.rar"), &gen::rar());
    write(
        &root,
        &format!("{u}/{u}-12-大厅照片.jpg"),
        &gen::padded(hall_photo.clone(), 21 * 1024 * 1024),
    );
    write(
        &root,
        &format!("{u}/{u}-16-大厅全景.jpg"),
        &gen::padded(hall_photo.clone(), 31 * 1024 * 1024),
    );
    write(&root, &format!("{u}/{u}-08-宣传照片.jpg"), &late_photo);
    write(&root, &format!("{u}/人社局-02-延时服务案例.pdf"), &case_pdf);
    write(
        &root,
        &format!("{u}/{u}-02-关于进一步优化窗口服务提升群众满意度的典型案例材料汇编.pdf"),
        &case_pdf,
    );
    write(
        &root,
        &format!("{u}/{u}-06-网上办事截图.pdf.pdf"),
        &plain_pdf,
    );
    write(&root, &format!("{u}/{u}-09-窗口照片.pdf"), &hall_photo);
    write(&root, &format!("{u}/{u}-10-工作制度.docx"), b"");
    write(&root, &format!("{u}/Thumbs.db"), b"\xd0\xcf\x11\xe0thumbs");
    for i in 1..=6 {
        write(&root, &format!("{u}/13/{u}-13-案例{i}.pdf"), &case_pdf);
    }

    // 3. 东双河镇.zip: a township's ZIP made on Chinese Windows (GBK names, no UTF-8 flag).
    let inner = gen::zip_gbk(&[
        (
            "东双河镇-10-事项清单.docx",
            gen::docx(
                &["东双河镇便民服务中心事项清单（2022年3月）"],
                &[
                    vec!["序号", "事项", "更新日期"],
                    vec!["1", "低保申请", "2022年3月1日"],
                ],
            ),
        ),
        ("东双河镇-10-办事指南.pdf", plain_pdf.clone()),
        (
            "__MACOSX/._东双河镇-10-办事指南.pdf",
            b"\0\x05\x16\x07".to_vec(),
        ),
    ]);
    let township = gen::zip_gbk(&[
        ("东双河镇-04-便民设施照片.jpg", hall_photo.clone()),
        ("东双河镇-18-办件工单.xlsx", orders_xlsx.clone()),
        ("东双河镇-20-办件数据统计（盖章）.pdf", stat_pdf.clone()),
        ("东双河镇-10-事项清单及指南.zip", inner),
        ("东双河镇—11—网站截图.png", screenshot.clone()),
        ("东双河镇-41-其他材料.pdf", plain_pdf.clone()),
    ]);
    write(&root, "东双河镇.zip", &township);

    // 4. 区民政局.zip: a damaged archive inside a good one.
    let good = gen::zip_utf8(&[("区民政局-01-案例.pdf", case_pdf.clone())]);
    let mut truncated = gen::zip_utf8(&[
        ("区民政局-03-截图.png", screenshot.clone()),
        ("区民政局-03-说明.pdf", plain_pdf.clone()),
    ]);
    truncated.truncate(truncated.len() / 2);
    let _ = good;
    let civil = gen::zip_utf8(&[
        ("区民政局-01-为老服务案例.pdf", case_pdf.clone()),
        ("区民政局-03-平台截图.zip", truncated),
        ("区民政局-04-大厅照片.jpg", hall_photo.clone()),
    ]);
    write(&root, "区民政局.zip", &civil);

    // 5. 区外事办: a unit that is not in the roster.
    write(&root, "区外事办/区外事办-01-工作案例.pdf", &case_pdf);

    println!("demo written to {}", root.display());
}
