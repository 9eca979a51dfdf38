//! Generated 好差评 ratings exports (评价明细) and 差评 rectification lists, as the
//! provincial 好差评 system and a clerk's spreadsheet lay them out: a merged title row,
//! a header row, one row per case (unrated cases with an empty level). Deterministic:
//! the same spec gives the same rows and the same bytes.
#![allow(dead_code)]

/// What an export holds. Rows are made in this order: `rated - bad` good ratings,
/// `bad` 差评, `cases - rated` unrated cases, then `outside` ratings dated before the
/// period and `dupes` second ratings of earlier cases.
#[derive(Debug, Clone)]
pub struct Spec {
    pub prefix: &'static str,
    pub cases: usize,
    pub rated: usize,
    pub bad: usize,
    pub outside: usize,
    pub dupes: usize,
}

pub const HEADER: [&str; 6] = [
    "序号",
    "事项名称",
    "办件编号",
    "评价时间",
    "评价等级",
    "是否整改",
];

const GOOD: [&str; 3] = ["非常满意", "满意", "基本满意"];
const BAD: [&str; 2] = ["不满意", "非常不满意"];
const ITEMS: [&str; 4] = [
    "户籍迁移登记",
    "城乡居民养老保险参保登记",
    "最低生活保障申请",
    "个体工商户设立登记",
];

/// A row: 事项名称, 办件编号, 评价时间 (y, m, d, hour), 评价等级, 是否整改.
#[derive(Debug, Clone)]
pub struct Row {
    pub item: &'static str,
    pub case: String,
    pub time: (u16, u8, u8, u8),
    pub level: &'static str,
    pub rectified: &'static str,
}

/// The case number of the `i`-th case (0-based).
pub fn case_no(prefix: &str, i: usize) -> String {
    format!("{prefix}2022{:05}", i + 1)
}

pub fn rows(s: &Spec) -> Vec<Row> {
    let mut v = Vec::new();
    for i in 0..s.cases {
        let month = (i % 10) as u8 + 1;
        let day = (i % 27) as u8 + 1;
        let (level, rectified) = if i < s.rated - s.bad {
            (GOOD[i % 3], "")
        } else if i < s.rated {
            (BAD[(i - (s.rated - s.bad)) % 2], "")
        } else {
            ("", "")
        };
        v.push(Row {
            item: ITEMS[i % 4],
            case: case_no(s.prefix, i),
            time: (2022, month, day, 9 + (i % 8) as u8),
            level,
            rectified,
        });
    }
    for j in 0..s.outside {
        v.push(Row {
            item: ITEMS[j % 4],
            case: format!("{}2021{:05}", s.prefix, j + 1),
            time: (2021, 12, 20 + (j % 10) as u8, 10),
            level: GOOD[j % 3],
            rectified: "",
        });
    }
    for k in 0..s.dupes {
        v.push(Row {
            item: ITEMS[k % 4],
            case: case_no(s.prefix, k),
            time: (2022, 11, 1 + (k % 28) as u8, 15),
            level: GOOD[(k + 1) % 3],
            rectified: "",
        });
    }
    v
}

/// The rows as text cells (`2022-03-05 10:00:00` times), title row first.
pub fn text_rows(title: &str, s: &Spec) -> Vec<Vec<String>> {
    let mut out = vec![
        vec![title.to_owned()],
        HEADER.iter().map(|h| h.to_string()).collect(),
    ];
    for (i, r) in rows(s).iter().enumerate() {
        let (y, m, d, h) = r.time;
        out.push(vec![
            (i + 1).to_string(),
            r.item.to_owned(),
            r.case.clone(),
            format!("{y:04}-{m:02}-{d:02} {h:02}:00:00"),
            r.level.to_owned(),
            r.rectified.to_owned(),
        ]);
    }
    out
}

/// The export as an XLSX: a title merged over the columns, the header, real date cells.
pub fn xlsx(title: &str, s: &Spec) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 1, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("评价明细").expect("name");
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, HEADER.len() as u16 - 1, title, &bold)
        .expect("title");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)
            .expect("header");
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (i, r) in rows(s).iter().enumerate() {
        let row = i as u32 + 2;
        ws.write_number(row, 0, (i + 1) as f64).expect("cell");
        ws.write_string(row, 1, r.item).expect("cell");
        ws.write_string(row, 2, &r.case).expect("cell");
        let (y, m, d, h) = r.time;
        let dt = ExcelDateTime::from_ymd(y, m, d)
            .and_then(|x| x.and_hms(h.into(), 0, 0))
            .expect("date");
        ws.write_datetime_with_format(row, 3, &dt, &date_fmt)
            .expect("date cell");
        if !r.level.is_empty() {
            ws.write_string(row, 4, r.level).expect("cell");
        }
        if !r.rectified.is_empty() {
            ws.write_string(row, 5, r.rectified).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// The export as Excel on Chinese Windows saves CSV: GBK, CRLF, the title line first.
pub fn csv_gbk(title: &str, s: &Spec) -> Vec<u8> {
    let mut text = String::new();
    for row in text_rows(title, s) {
        text.push_str(&row.join(","));
        text.push_str("\r\n");
    }
    encoding_rs::GBK.encode(&text).0.into_owned()
}

/// A 差评 rectification list for the 差评 of `s`: each rectified the day after the
/// rating, except the cases in `not_done` (written 否, no date).
pub fn rectification_xlsx(s: &Spec, not_done: &[usize]) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 1, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "差评整改记录").expect("title");
    for (c, h) in [
        "办件编号",
        "差评原因",
        "整改措施",
        "整改时间",
        "是否整改到位",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    let all = rows(s);
    let bad_rows = all.iter().enumerate().take(s.rated).skip(s.rated - s.bad);
    for (r, (i, row)) in (2u32..).zip(bad_rows) {
        ws.write_string(r, 0, &row.case).expect("cell");
        ws.write_string(r, 1, "等待时间较长").expect("cell");
        ws.write_string(r, 2, "电话回访，增设帮办代办岗")
            .expect("cell");
        if not_done.contains(&i) {
            ws.write_string(r, 4, "否").expect("cell");
        } else {
            let (y, m, d, _) = row.time;
            ws.write_string(r, 3, format!("{y}年{m}月{}日", d + 1))
                .expect("cell");
            ws.write_string(r, 4, "是").expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}
