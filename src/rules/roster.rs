//! The unit roster from a spreadsheet (000 附件4 联络人表: column `单位名称`).
//!
//! The office keeps its list of units in a contact sheet. Every sheet is searched for
//! a header row (within its first rows) holding `单位名称` (or `单位`, `参评单位`,
//! `单位全称`); the names below it become roster units. Optional columns: `单位类型`
//! (a unit-kind id of the scheme), `分组`/`单位类别` (e.g. 进驻单位) and `别名`
//! (several separated by 、 or ；). Without a kind column, a unit's kind comes from the
//! kind whose `name_suffixes` its name ends with (longest suffix wins), else the first
//! kind of the scheme.

use super::sheet::{read_sheets, squash, Sheet};
use super::{RuleError, RuleErrors, Unit, UnitKind};
use std::collections::HashSet;
use std::path::Path;

/// Header texts naming the unit-name column, best first.
const NAME_HEADERS: [&str; 5] = ["单位名称", "参评单位", "单位全称", "单位", "名称"];
const KIND_HEADERS: [&str; 3] = ["单位类型", "类型", "单位类别"];
const GROUP_HEADERS: [&str; 3] = ["分组", "类别", "单位分组"];
const ALIAS_HEADERS: [&str; 2] = ["别名", "简称"];
/// Header rows are looked for in this many first rows.
const HEADER_ROWS: usize = 30;
/// Units read at most.
pub const MAX_UNITS: usize = 5000;
/// A cell longer than this is a note, not a unit name.
const MAX_NAME_CHARS: usize = 40;

struct Columns {
    header_row: usize,
    name: usize,
    kind: Option<usize>,
    group: Option<usize>,
    alias: Option<usize>,
}

fn find_col(row: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|h| row.iter().position(|c| squash(c) == *h))
}

fn find_columns(sheet: &Sheet) -> Option<Columns> {
    for (i, row) in sheet.rows.iter().take(HEADER_ROWS).enumerate() {
        if let Some(name) = find_col(row, &NAME_HEADERS) {
            return Some(Columns {
                header_row: i,
                name,
                kind: find_col(row, &KIND_HEADERS),
                group: find_col(row, &GROUP_HEADERS),
                alias: find_col(row, &ALIAS_HEADERS),
            });
        }
    }
    None
}

/// The kind of a unit called `name`: the kind with the longest matching name suffix,
/// else the first kind.
pub fn kind_by_suffix<'a>(name: &str, kinds: &'a [UnitKind]) -> Option<&'a UnitKind> {
    kinds
        .iter()
        .filter_map(|k| {
            k.name_suffixes
                .iter()
                .filter(|s| !s.is_empty() && name.ends_with(s.as_str()))
                .map(|s| s.chars().count())
                .max()
                .map(|n| (n, k))
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, k)| k)
        .or_else(|| kinds.first())
}

fn is_note(name: &str) -> bool {
    name.chars().count() > MAX_NAME_CHARS
        || ["合计", "总计", "填表", "说明", "注：", "注:", "备注"]
            .iter()
            .any(|w| name.starts_with(w))
}

/// Reads roster units from an `.xlsx`/`.xls` contact sheet. `kinds` are the scheme's
/// unit kinds (at least one). Errors name the file, and the row when it is known.
pub fn roster_from_spreadsheet(path: &Path, kinds: &[UnitKind]) -> Result<Vec<Unit>, RuleErrors> {
    let origin = path.display().to_string();
    let fail = |line: Option<usize>, message: String, en: String| RuleErrors {
        origin: origin.clone(),
        errors: vec![RuleError {
            line,
            message,
            message_en: Some(en),
        }],
    };
    if kinds.is_empty() {
        return Err(fail(
            None,
            "规则中没有定义单位类型 ([[unit_kind]])，无法归类名单中的单位".into(),
            "the rules define no unit kind ([[unit_kind]]), so the roster's units cannot be sorted into kinds".into(),
        ));
    }
    let sheets = read_sheets(path).map_err(|m| fail(None, m.zh, m.en))?;
    let mut units = Vec::new();
    let mut seen = HashSet::new();
    let mut found_header = false;
    for sheet in &sheets {
        let Some(cols) = find_columns(sheet) else {
            continue;
        };
        found_header = true;
        for row in sheet.rows.iter().skip(cols.header_row + 1) {
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|s| s.trim());
            let name = crate::naming::normalize(cell(Some(cols.name)).unwrap_or(""));
            if name.is_empty() || is_note(&name) || !seen.insert(name.clone()) {
                continue;
            }
            let kind_cell = cell(cols.kind).map(squash).unwrap_or_default();
            let kind = kinds
                .iter()
                .find(|k| !kind_cell.is_empty() && squash(&k.id) == kind_cell)
                .or_else(|| kind_by_suffix(&name, kinds))
                .map(|k| k.id.clone())
                .unwrap_or_default();
            let aliases = cell(cols.alias)
                .map(|a| {
                    a.split(['、', '；', ';', '，', ','])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            units.push(Unit {
                name,
                kind,
                group: cell(cols.group).unwrap_or("").to_owned(),
                aliases,
            });
            if units.len() >= MAX_UNITS {
                return Ok(units);
            }
        }
    }
    if !found_header {
        return Err(fail(
            None,
            "表格中没有“单位名称”列：请在表头（前 30 行内）写明“单位名称”，每行一个单位".into(),
            "the spreadsheet has no 单位名称 (unit name) column: write 单位名称 in the header (within the first 30 rows), one unit per row".into(),
        ));
    }
    if units.is_empty() {
        return Err(fail(
            None,
            "“单位名称”列下没有单位：请在表头下方每行填写一个单位名称".into(),
            "no units under the 单位名称 (unit name) column: write one unit name per row below the header".into(),
        ));
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn kinds() -> Vec<UnitKind> {
        vec![
            UnitKind {
                id: "区直部门".into(),
                name_suffixes: vec![],
            },
            UnitKind {
                id: "乡镇街道".into(),
                name_suffixes: vec!["镇".into(), "乡".into(), "街道".into(), "办事处".into()],
            },
        ]
    }

    fn xlsx(rows: &[&[&str]]) -> tempfile::NamedTempFile {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        let f = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        wb.save(f.path()).unwrap();
        f
    }

    #[test]
    fn contact_sheet_gives_units_with_kinds() {
        // The layout of 000 附件4: a title row, then the header.
        let f = xlsx(&[
            &["浉河区1-10月份政务服务绩效考评联络人表"],
            &["单位名称", "分管领导姓名", "手机号", "联络员", "手机号", "电子邮箱", "备注"],
            &["区发改委", "张三", "13800000000"],
            &["东双河镇", "李四"],
            &["老城街道"],
            &["区发改委"],
            &[""],
            &["请各乡镇（街道）、区直单位于11月8日前报送分管领导和联络员信息，便于数据填报账号设置和相关信息推送"],
        ]);
        let units = roster_from_spreadsheet(f.path(), &kinds()).unwrap();
        let got: Vec<(&str, &str)> = units
            .iter()
            .map(|u| (u.name.as_str(), u.kind.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("区发改委", "区直部门"),
                ("东双河镇", "乡镇街道"),
                ("老城街道", "乡镇街道")
            ]
        );
    }

    #[test]
    fn kind_group_and_alias_columns_are_used() {
        let f = xlsx(&[
            &["单位名称", "单位类型", "分组", "别名"],
            &[
                "区人社局",
                "区直部门",
                "进驻单位",
                "区企业养老保险中心、区人社局（区企业养老保险中心）",
            ],
            &["某某中心", "乡镇街道", "", ""],
        ]);
        let units = roster_from_spreadsheet(f.path(), &kinds()).unwrap();
        assert_eq!(units[0].group, "进驻单位");
        assert_eq!(units[0].aliases.len(), 2);
        assert_eq!(units[1].kind, "乡镇街道");
    }

    #[test]
    fn missing_header_and_empty_list_are_errors() {
        let f = xlsx(&[&["姓名", "电话"], &["张三", "1"]]);
        let e = roster_from_spreadsheet(f.path(), &kinds()).unwrap_err();
        assert!(e.errors[0].message.contains("单位名称"), "{e}");
        let f = xlsx(&[&["单位名称"]]);
        let e = roster_from_spreadsheet(f.path(), &kinds()).unwrap_err();
        assert!(e.errors[0].message.contains("没有单位"), "{e}");
        assert!(roster_from_spreadsheet(f.path(), &[]).is_err());
    }

    #[test]
    fn suffix_longest_wins() {
        let mut ks = kinds();
        ks.push(UnitKind {
            id: "开发区".into(),
            name_suffixes: vec!["开发区办事处".into()],
        });
        assert_eq!(
            kind_by_suffix("某某开发区办事处", &ks).unwrap().id,
            "开发区"
        );
        assert_eq!(kind_by_suffix("东双河镇", &ks).unwrap().id, "乡镇街道");
        assert_eq!(kind_by_suffix("区税务局", &ks).unwrap().id, "区直部门");
    }

    /// A 1–2 KB xlsx whose shared strings declare 20 000 000 000 entries makes calamine
    /// abort the process when opened directly; it must come back as an error.
    #[test]
    fn hostile_unique_count_does_not_abort() {
        let f = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
        {
            let mut z = zip::ZipWriter::new(std::fs::File::create(f.path()).unwrap());
            let o = zip::write::SimpleFileOptions::default();
            let parts: [(&str, &str); 5] = [
                (
                    "[Content_Types].xml",
                    r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
                ),
                (
                    "_rels/.rels",
                    r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
                ),
                (
                    "xl/workbook.xml",
                    r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
                ),
                (
                    "xl/sharedStrings.xml",
                    r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="20000000000" uniqueCount="20000000000"><si><t>单位名称</t></si></sst>"#,
                ),
            ];
            for (name, body) in parts {
                z.start_file(name, o).unwrap();
                z.write_all(body.as_bytes()).unwrap();
            }
            z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
            z.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#).unwrap();
            z.finish().unwrap();
        }
        let e = roster_from_spreadsheet(f.path(), &kinds()).unwrap_err();
        assert!(e.errors[0].message.contains("共享字符串数量异常"), "{e}");
    }

    #[test]
    fn missing_file_is_an_error() {
        let e = roster_from_spreadsheet(Path::new("no-such-roster.xlsx"), &kinds()).unwrap_err();
        assert!(e.errors[0].message.contains("无法打开"), "{e}");
    }
}
