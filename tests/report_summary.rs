//! The summary writers (`summary.json`, `summary.csv`, `summary.xlsx`) on summaries
//! built in test code.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use evcheck::checks::{count, format, roster, size};
use evcheck::dates::{Date, DateRange};
use evcheck::diag::{Diagnostic, Lang, RuleFamily, Text};
use evcheck::report::{self, Counts, SchemeInfo, Summary, SummaryRow};
use std::io::Cursor;

fn diag(code: &'static evcheck::diag::Code, file: Option<&str>, zh: &str) -> Diagnostic {
    Diagnostic::new(
        code,
        file,
        Text::new(zh, format!("en: {zh}")),
        Text::new("改正", "fix it"),
    )
}

fn sample() -> Summary {
    let a = vec![
        diag(
            &size::S001,
            Some("=HYPERLINK(\"http://x\",\"y\").pdf"),
            "太大",
        ),
        diag(&size::S002, Some("b.pdf"), "偏大"),
        diag(&format::F001, Some("c.ceb"), "CEB"),
        diag(&count::C002, None, "缺题"),
    ];
    let b = vec![diag(&format::F001, Some("x.ceb"), "CEB, \"引号\"")];
    let rows = vec![
        SummaryRow {
            unit: "东双河镇".into(),
            kind: "township".into(),
            in_roster: true,
            files: 12,
            missing_questions: 3,
            counts: Counts::of(&a),
            report_dir: "东双河镇".into(),
            changes: None,
            haocha: None,
        },
        SummaryRow {
            unit: "+区税务局,\"分局\"".into(),
            kind: "department".into(),
            in_roster: false,
            files: 2,
            missing_questions: 33,
            counts: Counts::of(&b),
            report_dir: "+区税务局,_分局_".into(),
            changes: None,
            haocha: None,
        },
    ];
    let root = vec![
        Diagnostic::new(
            &roster::R001,
            None,
            Text::new(
                "名单中的单位“区商务局”（委托单位）未提交材料",
                "roster unit \"区商务局\" (委托单位) submitted nothing",
            ),
            Text::new("联系该单位提交", "contact the unit"),
        )
        .with_subject("区商务局"),
        Diagnostic::new(
            &roster::R001,
            None,
            Text::new(
                "名单中的单位“@区矿管办”（委托单位）未提交材料",
                "roster unit \"@区矿管办\" (委托单位) submitted nothing",
            ),
            Text::new("联系该单位提交", "contact the unit"),
        )
        .with_subject("@区矿管办"),
        diag(&format::F002, Some("散落文件.txt"), "根目录下的散落文件"),
    ];
    let mut totals = Counts::of(&root);
    for r in &rows {
        totals.merge(&r.counts);
    }
    Summary {
        tool_version: "0.1.0",
        checked_at: "2022-11-01T01:30:00Z".into(),
        scheme: SchemeInfo {
            id: "000".into(),
            name: "2022年考评".into(),
            origin: "built-in".into(),
            period: DateRange {
                start: Date::new(2022, 1, 1).expect("date"),
                end: Date::new(2022, 10, 31).expect("date"),
            },
        },
        rows,
        diagnostics: root,
        totals,
        roster_kinds: [("区商务局".to_owned(), "department".to_owned())]
            .into_iter()
            .collect(),
    }
}

#[test]
fn json_summary_fields() {
    let s = sample();
    let text = report::summary::json(&s, Lang::Zh);
    let v: serde_json::Value = serde_json::from_str(&text).expect("summary.json parses");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["scheme"]["id"], "000");
    assert_eq!(v["totals"]["units"], 2);
    assert_eq!(v["totals"]["units_not_submitted"], 2);
    assert_eq!(v["totals"]["files"], 14);
    assert_eq!(v["totals"]["missing_questions"], 36);
    assert_eq!(v["totals"]["error"], 4);
    assert_eq!(v["totals"]["info"], 3);
    assert_eq!(v["totals"]["by_rule"]["roster"], 2);
    assert_eq!(v["totals"]["by_code"]["F001"], 2);
    let units = v["units"].as_array().expect("units");
    assert_eq!(units.len(), 2);
    assert_eq!(units[0]["unit"], "东双河镇");
    assert_eq!(units[0]["errors"], 2);
    assert_eq!(units[0]["warnings"], 1);
    assert_eq!(units[0]["infos"], 1);
    assert_eq!(units[0]["missing_questions"], 3);
    assert_eq!(units[0]["report_dir"], "东双河镇");
    for f in RuleFamily::ALL {
        assert!(units[1]["by_rule"][f.as_str()].is_u64());
    }
    assert_eq!(v["not_submitted"][0]["unit"], "区商务局");
    assert_eq!(v["not_submitted"][1]["unit"], "@区矿管办");
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(3));
    let codes = v["codes"].as_array().expect("codes");
    let f001 = codes.iter().find(|c| c["code"] == "F001").expect("F001");
    assert_eq!(f001["count"], 2);
    assert_eq!(f001["rule"], "format");
    assert!(f001["title_zh"].is_string());
    assert_eq!(text, report::summary::json(&s, Lang::Zh));
}

#[test]
fn csv_for_excel() {
    let s = sample();
    let c = report::summary::csv(&s, Lang::Zh);
    assert!(c.starts_with('\u{FEFF}'), "BOM");
    assert!(c.ends_with("\r\n"));
    assert!(!c.replace("\r\n", "").contains('\n'), "bare LF line end");
    let lines: Vec<&str> = c.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    let header = lines[0];
    assert!(header.starts_with("单位,单位类型,状态,在名单中,文件数,错误,警告,提示,缺少题目数,命名,格式,大小,数量,考评周期,盖章,压缩包,无关文件,无法读取,单位名单,好差评,报告文件夹,备注"));
    assert_eq!(
        lines[1],
        "东双河镇,township,已提交,是,12,2,1,1,3,0,1,2,1,0,0,0,0,0,0,0,东双河镇,"
    );
    // Quotes doubled, commas quoted, formula guarded.
    assert!(lines[2].starts_with("\"'+区税务局,\"\"分局\"\"\",department,已提交,否,2,"));
    assert!(lines[2].ends_with(",\"'+区税务局,_分局_\","));
    assert!(lines[3].starts_with("区商务局,department,未提交,是,"));
    assert!(lines[4].starts_with("'@区矿管办,,未提交,是,"));
    // The 合计 row adds up the unit rows (the run's own findings are listed apart).
    assert!(
        lines[5].starts_with("合计,,2 个已提交,,14,3,1,1,36,"),
        "{}",
        lines[5]
    );
    assert_eq!(lines[6], "");
    assert_eq!(lines[7], "代码,规则,问题,数量");
    assert!(lines
        .iter()
        .any(|l| l.starts_with("F001,格式,") && l.ends_with(",2")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("R001,单位名单,") && l.ends_with(",2")));
    // The other findings about the run come last.
    assert!(lines
        .iter()
        .any(|l| l.starts_with(",F002,") && l.contains("散落文件.txt")));
    assert_eq!(c, report::summary::csv(&s, Lang::Zh));
    let en = report::summary::csv(&s, Lang::En);
    assert!(en.trim_start_matches('\u{FEFF}').starts_with("unit,kind,status,in roster,files,errors,warnings,infos,missing questions,naming,format,size,count,period,stamp,archive,junk,unreadable,roster,haocha,report folder,note\r\n"));
    assert!(en.contains(",not submitted,"));
}

fn cell(r: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match r.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

#[test]
fn xlsx_opens_and_holds_the_rows() {
    let s = sample();
    let bytes = report::summary::xlsx(&s, Lang::Zh);
    assert!(!bytes.is_empty());
    assert_eq!(bytes, report::summary::xlsx(&s, Lang::Zh), "deterministic");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    assert_eq!(wb.sheet_names(), vec!["汇总", "问题统计", "其他发现"]);
    let units = wb.worksheet_range("汇总").expect("汇总");
    assert_eq!(cell(&units, 0, 0), "单位");
    assert_eq!(cell(&units, 0, 9), "命名");
    assert_eq!(cell(&units, 0, 18), "单位名单");
    assert_eq!(cell(&units, 1, 0), "东双河镇");
    assert_eq!(cell(&units, 1, 4), "12");
    assert_eq!(cell(&units, 1, 5), "2");
    // Text cells are stored as text: no guard needed, none added.
    assert_eq!(cell(&units, 2, 0), "+区税务局,\"分局\"");
    assert_eq!(cell(&units, 3, 0), "区商务局");
    assert_eq!(cell(&units, 3, 2), "未提交");
    assert_eq!(cell(&units, 4, 0), "@区矿管办");
    // An empty row, then the totals.
    assert_eq!(cell(&units, 5, 0), "");
    assert_eq!(cell(&units, 6, 0), "合计");
    assert_eq!(cell(&units, 6, 5), "3");
    // Every count column of the 合计 row is the sum of the rows above it.
    for col in 4..19 {
        let sum: f64 = (1..5)
            .map(|r| cell(&units, r, col).parse::<f64>().unwrap_or(0.0))
            .sum();
        assert_eq!(cell(&units, 6, col), format!("{sum}"), "column {col}");
    }
    // The non-submitting unit shows its kind; the report folder is a link.
    assert_eq!(cell(&units, 3, 1), "department");
    let codes = wb.worksheet_range("问题统计").expect("问题统计");
    assert_eq!(cell(&codes, 0, 0), "代码");
    let f001 = (1..codes.height())
        .find(|r| cell(&codes, *r, 0) == "F001")
        .expect("F001 row");
    assert_eq!(cell(&codes, f001, 3), "2");
    assert!(!cell(&codes, f001, 2).is_empty(), "title");
    let other = wb.worksheet_range("其他发现").expect("其他发现");
    // Every finding about the run: the units that submitted nothing, then the rest.
    assert_eq!(cell(&other, 0, 0), "单位");
    assert_eq!(cell(&other, 1, 0), "区商务局");
    assert_eq!(cell(&other, 1, 1), "R001");
    let f002 = (1..other.height())
        .find(|r| cell(&other, *r, 1) == "F002")
        .expect("F002 row");
    assert_eq!(cell(&other, f002, 3), "散落文件.txt");

    let en = report::summary::xlsx(&s, Lang::En);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(en)).expect("opens");
    assert_eq!(wb.sheet_names(), vec!["Units", "Codes", "Other findings"]);
    let units = wb.worksheet_range("Units").expect("Units");
    assert_eq!(cell(&units, 3, 2), "not submitted");
}

#[test]
fn empty_summary_still_writes() {
    let mut s = sample();
    s.rows.clear();
    s.diagnostics.clear();
    s.totals = Counts::default();
    let c = report::summary::csv(&s, Lang::Zh);
    assert!(c.contains("合计,,0 个已提交,,0,0,0,0,0,"));
    let bytes = report::summary::xlsx(&s, Lang::Zh);
    let wb: Result<Xlsx<_>, _> = open_workbook_from_rs(Cursor::new(bytes));
    assert!(wb.is_ok());
    let v: serde_json::Value =
        serde_json::from_str(&report::summary::json(&s, Lang::Zh)).expect("parses");
    assert_eq!(v["units"], serde_json::json!([]));
}

#[test]
fn every_summary_field_is_documented() {
    fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    out.insert(k.clone());
                    keys(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
            _ => {}
        }
    }
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-schema.md"),
    )
    .expect("docs/report-schema.md");
    let v: serde_json::Value =
        serde_json::from_str(&report::summary::json(&sample(), Lang::Zh)).expect("parses");
    let mut ks = std::collections::BTreeSet::new();
    keys(&v, &mut ks);
    for k in &ks {
        let data = RuleFamily::ALL.iter().any(|r| r.as_str() == k)
            || (k.len() == 4 && k.chars().skip(1).all(|c| c.is_ascii_digit()));
        if !data {
            assert!(
                doc.contains(&format!("`{k}`")),
                "summary.json field `{k}` is not documented"
            );
        }
    }
}

/// The text of one part of the workbook package.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut f = zip.by_name(name).expect("part");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8");
    s
}

#[test]
fn xlsx_prints_landscape_one_page_wide_with_repeated_titles() {
    let bytes = report::summary::xlsx(&sample(), Lang::Zh);
    let sheet = xlsx_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("orientation=\"landscape\""), "landscape");
    assert!(
        sheet.contains("fitToWidth=\"1\"") || !sheet.contains("fitToWidth="),
        "one page wide"
    );
    assert!(
        sheet.contains("fitToHeight=\"0\""),
        "as many pages down as needed"
    );
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to page on"
    );
    assert!(sheet.contains("paperSize=\"9\""), "A4");
    let book = xlsx_part(&bytes, "xl/workbook.xml");
    assert!(
        book.contains("_xlnm.Print_Titles") && book.contains("$A:$A") && book.contains("$1:$1"),
        "header row and unit column repeat on every page: {book}"
    );
    // 报告文件夹 is a link to the unit's report.
    let rels = xlsx_part(&bytes, "xl/worksheets/_rels/sheet1.xml.rels");
    assert!(rels.contains("东双河镇/report.html"), "{rels}");
    assert!(sheet.contains("<hyperlink "), "hyperlink cells");
}
