//! `evcheck rules init --from 指标体系.xlsx`: a questionnaire spreadsheet becomes a
//! commented rule file.
//!
//! Every office keeps its 指标体系 in Excel. A sheet with a header row holding
//! `序号` and `指标` (plus, optionally, `佐证要求`, `是否盖章`, `是否限期内`, `分值`,
//! `类别` and `单位类型`) is turned into TOML that `Rules::parse` accepts as it is:
//! the scheme's name and period are filled with values marked `TO CHECK` for the
//! office to correct. One questionnaire per unit kind: the kinds come from a
//! `单位类型` column, else from the sheet names when several sheets hold questions
//! (e.g. 区直部门 / 乡镇), else a single kind `参评单位`.
//!
//! Evidence kinds are guessed from the words of `佐证要求` (截图/网址 → screenshot,
//! 照片/实景 → photo, 统计/数据 → statistics, 清单/台账 → list, 工单 → workorder,
//! 案例/经验做法 → case, 制度/政策/文件 → policy); the office reviews them.

use super::sheet::{read_sheets, squash, Sheet};
use super::{defaults, normalize_question_no, EvidenceKind, RuleError, RuleErrors};
use crate::identify::Format;
use std::fmt::Write as _;
use std::path::Path;

const NO_HEADERS: [&str; 4] = ["序号", "题号", "题目序号", "编号"];
const TITLE_HEADERS: [&str; 7] = [
    "指标",
    "指标名称",
    "三级指标",
    "题目",
    "考核指标",
    "评估标准",
    "考核内容",
];
const EVIDENCE_HEADERS: [&str; 5] = ["佐证要求", "佐证材料要求", "佐证材料", "评估要点", "佐证"];
const SEAL_HEADERS: [&str; 3] = ["是否盖章", "盖章", "需盖章"];
const PERIOD_HEADERS: [&str; 4] = ["是否限期内", "限期内", "是否在考评周期内", "是否在评价期内"];
const KIND_HEADERS: [&str; 2] = ["单位类型", "适用单位"];
const SCORE_HEADERS: [&str; 3] = ["分值", "分数", "满分"];
const CATEGORY_HEADERS: [&str; 5] = ["类别", "一级指标", "评估项目", "类目", "二级指标"];
/// Header rows are looked for in this many first rows.
const HEADER_ROWS: usize = 30;

/// Keywords of `佐证要求` and the evidence kind each suggests.
const EVIDENCE_WORDS: [(&str, EvidenceKind); 17] = [
    ("截图", EvidenceKind::Screenshot),
    ("网址", EvidenceKind::Screenshot),
    ("网页", EvidenceKind::Screenshot),
    ("照片", EvidenceKind::Photo),
    ("实景", EvidenceKind::Photo),
    ("图片", EvidenceKind::Photo),
    ("统计", EvidenceKind::Statistics),
    ("数据", EvidenceKind::Statistics),
    ("清单", EvidenceKind::List),
    ("台账", EvidenceKind::List),
    ("名单", EvidenceKind::List),
    ("工单", EvidenceKind::Workorder),
    ("案例", EvidenceKind::Case),
    ("经验做法", EvidenceKind::Case),
    ("制度", EvidenceKind::Policy),
    ("政策", EvidenceKind::Policy),
    ("文件", EvidenceKind::Policy),
];

/// The evidence kinds the words of a requirement suggest, in [`EvidenceKind::ALL`]
/// order; `other` when none.
pub fn guess_evidence(text: &str) -> Vec<EvidenceKind> {
    let found: Vec<EvidenceKind> = EvidenceKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            EVIDENCE_WORDS
                .iter()
                .any(|(w, kind)| kind == k && text.contains(w))
        })
        .collect();
    if found.is_empty() {
        vec![EvidenceKind::Other]
    } else {
        found
    }
}

/// 是 / 否 in the many ways offices write it; `None` for an empty cell, `Err` (the
/// cell's text) for anything else.
pub fn yes_no(cell: &str) -> Result<Option<bool>, String> {
    let s = squash(cell).to_lowercase();
    const YES: [&str; 13] = [
        "是",
        "√",
        "✓",
        "✔",
        "y",
        "yes",
        "1",
        "true",
        "需要",
        "要",
        "需",
        "盖章",
        "限期内",
    ];
    const NO: [&str; 11] = [
        "否",
        "×",
        "✗",
        "✘",
        "n",
        "no",
        "0",
        "false",
        "不需要",
        "无",
        "不",
    ];
    if s.is_empty() || s == "-" || s == "—" || s == "/" {
        Ok(None)
    } else if YES.contains(&s.as_str()) {
        Ok(Some(true))
    } else if NO.contains(&s.as_str()) {
        Ok(Some(false))
    } else {
        Err(cell.trim().to_owned())
    }
}

/// A TOML basic string.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The current calendar year (UTC).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Civil-from-days (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    i32::try_from(year).unwrap_or(2000)
}

#[derive(Debug)]
struct Cols {
    header_row: usize,
    no: usize,
    title: usize,
    evidence: Option<usize>,
    seal: Option<usize>,
    period: Option<usize>,
    kind: Option<usize>,
    score: Option<usize>,
    category: Option<usize>,
}

fn find_col(row: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|h| row.iter().position(|c| squash(c) == *h))
}

fn find_cols(sheet: &Sheet) -> Option<Cols> {
    sheet
        .rows
        .iter()
        .take(HEADER_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            Some(Cols {
                header_row: i,
                no: find_col(row, &NO_HEADERS)?,
                title: find_col(row, &TITLE_HEADERS)?,
                evidence: find_col(row, &EVIDENCE_HEADERS),
                seal: find_col(row, &SEAL_HEADERS),
                period: find_col(row, &PERIOD_HEADERS),
                kind: find_col(row, &KIND_HEADERS),
                score: find_col(row, &SCORE_HEADERS),
                category: find_col(row, &CATEGORY_HEADERS),
            })
        })
}

/// A question as read from a row.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    no: String,
    title: String,
    source: String,
    seal: bool,
    period: Option<bool>,
    score: Option<f64>,
    category: String,
}

/// Parses `第3题`, `3`, `03`, `3.`, `3、` into a question number.
fn question_no(cell: &str) -> Option<String> {
    let s = squash(cell);
    let s = s.trim_start_matches('第');
    let s = s.trim_end_matches(['题', '.', '、', '．']);
    normalize_question_no(s)
}

fn is_default_sheet_name(s: &str) -> bool {
    let l = s.to_lowercase();
    l.starts_with("sheet") || s.starts_with("工作表") || s.starts_with("表") || l.is_empty()
}

const DEFAULT_KIND: &str = "参评单位";

fn township_like(kind: &str) -> bool {
    ["乡", "镇", "街道"].iter().any(|w| kind.contains(w))
}

/// Reads a questionnaire spreadsheet and returns the text of a rule file.
pub fn init_from_spreadsheet(path: &Path) -> Result<String, RuleErrors> {
    let origin = path.display().to_string();
    let sheets = read_sheets(path).map_err(|m| RuleErrors {
        origin: origin.clone(),
        errors: vec![RuleError {
            message_en: Some(m.en),
            line: None,
            message: m.zh,
        }],
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    init_from_sheets(&sheets, &origin, &stem, current_year())
}

/// [`init_from_spreadsheet`] on sheets already read; `year` is the assessment year the
/// period defaults to.
pub fn init_from_sheets(
    sheets: &[Sheet],
    origin: &str,
    stem: &str,
    year: i32,
) -> Result<String, RuleErrors> {
    let mut errors = Vec::new();
    let with_header: Vec<(&Sheet, Cols)> = sheets
        .iter()
        .filter_map(|s| find_cols(s).map(|c| (s, c)))
        .collect();
    if with_header.is_empty() {
        return Err(RuleErrors {
            origin: origin.to_owned(),
            errors: vec![RuleError {
                message_en: Some("no header found in the spreadsheet: put a header row within the first 30 rows, with at least the columns 序号 (number) and 指标 (question); optional: 佐证要求, 是否盖章, 是否限期内, 分值, 类别, 单位类型".into()),
                line: None,
                message: "表格中没有找到表头：请在前 30 行内放一行表头，至少包含“序号”和“指标”两列（可选：佐证要求、是否盖章、是否限期内、分值、类别、单位类型）".into(),
            }],
        });
    }
    let several = with_header.len() > 1;
    // (kind, rows) in order of first appearance.
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for (sheet, cols) in &with_header {
        let sheet_kind = if several || !is_default_sheet_name(&sheet.name) {
            squash(&sheet.name)
        } else {
            DEFAULT_KIND.to_owned()
        };
        let mut last: Option<(String, usize)> = None; // (kind, index) of the last question
        for (i, row) in sheet.rows.iter().enumerate().skip(cols.header_row + 1) {
            let line = i + 1;
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default()
            };
            let no_cell = cell(Some(cols.no));
            let title = cell(Some(cols.title));
            let evidence = cell(cols.evidence);
            if no_cell.is_empty() {
                // A continuation of a merged cell: its text belongs to the question above.
                if let Some((k, idx)) = &last {
                    let extra = [title.as_str(), evidence.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some(q) = groups
                        .iter_mut()
                        .find(|(gk, _)| gk == k)
                        .and_then(|(_, rows)| rows.get_mut(*idx))
                    {
                        if !extra.is_empty() {
                            if !q.source.is_empty() {
                                q.source.push('\n');
                            }
                            q.source.push_str(&extra);
                        }
                    }
                }
                continue;
            }
            let at = |m: String, en: String| RuleError {
                message_en: Some(format!("sheet \"{}\" row {line}: {en}", sheet.name)),
                line: Some(line),
                message: format!("工作表“{}”第 {line} 行: {m}", sheet.name),
            };
            let Some(no) = question_no(&no_cell) else {
                errors.push(at(
                    format!("序号“{no_cell}”不是题目序号，请填写数字（如 1 或 01）"),
                    format!("序号 (number) \"{no_cell}\" is not a question number: write a number (such as 1 or 01)"),
                ));
                continue;
            };
            if title.is_empty() {
                errors.push(at(
                    format!("第 {no} 题的“指标”为空，请填写题目或指标名称"),
                    format!("question {no} has an empty 指标 (question) cell: write the question or indicator"),
                ));
                continue;
            }
            let seal_cell = cell(cols.seal);
            let seal = match yes_no(&seal_cell) {
                Ok(Some(b)) => b,
                Ok(None) => evidence.contains("加盖公章") || evidence.contains("盖章确认"),
                Err(_) => {
                    errors.push(at(
                        format!("“是否盖章”的值“{seal_cell}”无法识别，请填“是”或“否”"),
                        format!("the 是否盖章 (seal) value \"{seal_cell}\" is not understood: write 是 (yes) or 否 (no)"),
                    ));
                    false
                }
            };
            let period_cell = cell(cols.period);
            let period = match yes_no(&period_cell) {
                Ok(v) => v,
                Err(_) => {
                    errors.push(at(
                        format!("“是否限期内”的值“{period_cell}”无法识别，请填“是”或“否”"),
                        format!("the 是否限期内 (within the period) value \"{period_cell}\" is not understood: write 是 (yes) or 否 (no)"),
                    ));
                    None
                }
            };
            let score_cell = cell(cols.score);
            let score = if score_cell.is_empty() {
                None
            } else {
                let digits: String = score_cell
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                match digits.parse::<f64>() {
                    Ok(v) if v.is_finite() => Some(v),
                    _ => {
                        errors.push(at(
                            format!("“分值”的值“{score_cell}”不是数字"),
                            format!("the 分值 (score) value \"{score_cell}\" is not a number"),
                        ));
                        None
                    }
                }
            };
            let kind_cell = squash(&cell(cols.kind));
            let kind = if kind_cell.is_empty() {
                sheet_kind.clone()
            } else {
                kind_cell
            };
            let gi = match groups.iter().position(|(k, _)| *k == kind) {
                Some(gi) => gi,
                None => {
                    groups.push((kind.clone(), Vec::new()));
                    groups.len() - 1
                }
            };
            let rows = &mut groups[gi].1;
            if let Some(prev) = rows.iter().find(|r| r.no == no) {
                errors.push(at(
                    format!(
                        "题目序号 {no} 与第 {} 行重复（单位类型“{kind}”）",
                        prev.line
                    ),
                    format!(
                        "question number {no} is also on row {} (unit kind \"{kind}\")",
                        prev.line
                    ),
                ));
                continue;
            }
            rows.push(Row {
                line,
                no,
                title,
                source: evidence,
                seal,
                period,
                score,
                category: cell(cols.category),
            });
            last = Some((kind, rows.len() - 1));
        }
    }
    if errors.is_empty() && groups.iter().all(|(_, r)| r.is_empty()) {
        errors.push(RuleError {
            message_en: Some(
                "no questions below the header: one question per row (序号, 指标, …)".into(),
            ),
            line: None,
            message: "表头下方没有题目：每行填写一道题（序号、指标……）".into(),
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line.unwrap_or(0));
        return Err(RuleErrors {
            origin: origin.to_owned(),
            errors,
        });
    }
    Ok(render(&groups, origin, stem, year))
}

fn render(groups: &[(String, Vec<Row>)], origin: &str, stem: &str, year: i32) -> String {
    let file_name = Path::new(origin)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.to_owned());
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# 考评方案规则文件（由 evcheck rules init 根据表格“{file_name}”生成）"
    );
    t.push_str(
        "# 请逐项核对标有 TO CHECK 的内容，然后运行 `evcheck rules check 本文件` 检查。\n\
         # 每个键的含义、默认值与示例见 docs/rules.md。以 # 开头的行是注释。\n\n",
    );
    t.push_str(
        "# 名单：下方 [[unit]] 列出参评单位；也可用 roster_file 指向联络人表（含“单位名称”列）。\n",
    );
    t.push_str("# roster_file = \"联络人表.xlsx\"\n");
    t.push_str("roster_incomplete = \"参评单位名单待考评办补全（TO CHECK）\"\n\n");

    t.push_str("[scheme]\n");
    t.push_str("# 方案标识：只用字母、数字和连字符，如 xxx-2024（TO CHECK）\n");
    let _ = writeln!(t, "id = \"scheme-{year}\"");
    t.push_str("# 考评名称，报告抬头会显示（TO CHECK）\n");
    let _ = writeln!(
        t,
        "name = {}",
        toml_str(&format!("{stem}（请改为考评全称）"))
    );
    let _ = writeln!(t, "source = {}", toml_str(&file_name));
    t.push_str("# 考评周期：佐证材料所属时间应在此范围内（TO CHECK：默认为考评年度全年）\n");
    let _ = writeln!(t, "period_start = {year}-01-01");
    let _ = writeln!(t, "period_end = {year}-12-31\n");

    // The values come from `defaults`, the same the validators fill in.
    let _ = write!(
        t,
        "[limits]\n\
         # 建议上传单个文件不超过20M，超过此大小的文件可按照上述要求命名后，在文件备份时提交\n\
         warn_size_mb = {}\n\
         # 每个文件不超过30M\n\
         max_size_mb = {}\n\
         # 每道题最多上传5份文件\n\
         max_files_per_question = {}\n\
         # 其中题目序号加佐证关键点应该在20字以内\n\
         max_name_chars = {}\n\n",
        defaults::WARN_SIZE_MB,
        defaults::MAX_SIZE_MB,
        defaults::MAX_FILES_PER_QUESTION,
        defaults::MAX_NAME_CHARS,
    );
    let ids = |fs: &[Format]| {
        fs.iter()
            .map(|f| toml_str(f.id()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        t,
        "[formats]\n\
         # 请勿提供体积较大或政府CEB格式文件，尽量采用PDF、WORD、EXCEL等常用格式；如具体问题涉及较多数目文件，可压缩成ZIP格式后上传\n\
         accept = [{}]\n\
         reject = [{}]\n\n",
        ids(defaults::ACCEPT),
        ids(defaults::REJECT),
    );
    let _ = write!(
        t,
        "[period_policy]\n\
         # 未在“是否限期内”中注明的题目：佐证所属时间应在考评周期内（required）；\n\
         # 改为 \"report\" 则只显示日期、不判定。\n\
         default = {}\n\n",
        toml_str(defaults::PERIOD_DEFAULT.id()),
    );
    let _ = write!(
        t,
        "[seal]\n\
         # 算作盖章的印章形状：round 圆形、oval 椭圆形（财务/合同专用章）、square 方形（名章）。\n\
         # 只认单位圆形公章时改为 [\"round\"]。\n\
         shapes = [{}]\n\n",
        defaults::SEAL_SHAPES
            .iter()
            .map(|s| toml_str(s.id()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let _ = write!(
        t,
        "{}verify = {}\n\n",
        super::READING_COMMENT,
        toml_str(defaults::VERIFY.id()),
    );
    t.push_str(
        "# 按代码调整严重程度（allow 忽略 / info 提示 / warn 警告 / deny 错误），例如：\n\
         # [severity]\n\
         # S001 = \"allow\"\n\n",
    );

    for (kind, _) in groups {
        t.push_str("[[unit_kind]]\n");
        let _ = writeln!(t, "id = {}", toml_str(kind));
        if township_like(kind) {
            t.push_str("# 名单外的单位，名称以这些字结尾的按此类型对待\n");
            t.push_str("name_suffixes = [\"镇\", \"乡\", \"街道\", \"办事处\"]\n");
        }
        t.push('\n');
    }
    t.push_str("# 参评单位示例（TO CHECK：按实际名单增删，kind 必须是上面的某个 id）：\n");
    if let Some((kind, _)) = groups.first() {
        let _ = writeln!(
            t,
            "# [[unit]]\n# name = \"某某单位\"\n# kind = {}\n",
            toml_str(kind)
        );
    }

    for (kind, rows) in groups {
        t.push_str("[[questionnaire]]\n");
        let _ = writeln!(t, "kind = {}", toml_str(kind));
        let _ = writeln!(t, "title = {}\n", toml_str(&format!("{kind}问卷")));
        for r in rows {
            let _ = writeln!(t, "# 表格第 {} 行", r.line);
            t.push_str("[[questionnaire.question]]\n");
            let _ = writeln!(t, "no = {}", toml_str(&r.no));
            let _ = writeln!(t, "title = {}", toml_str(&r.title));
            if !r.category.is_empty() {
                let _ = writeln!(t, "category = {}", toml_str(&r.category));
            }
            let kinds: Vec<String> = guess_evidence(&format!("{} {}", r.source, r.title))
                .iter()
                .map(|k| toml_str(k.id()))
                .collect();
            let _ = writeln!(t, "# 佐证类型由“佐证要求”的字词推断，请核对");
            let _ = writeln!(t, "evidence = [{}]", kinds.join(", "));
            if r.seal {
                t.push_str("seal = true\n");
            }
            if r.source.contains("网址") || r.source.contains("链接") {
                t.push_str("url = true\n");
            }
            match r.period {
                Some(true) => t.push_str("period = \"required\"\n"),
                Some(false) => t.push_str("period = \"report\"\n"),
                None => {}
            }
            if let Some(s) = r.score {
                let _ = writeln!(t, "score = {s:?}");
            }
            if !r.source.is_empty() {
                let _ = writeln!(t, "source = {}", toml_str(&r.source));
            }
            t.push('\n');
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{PeriodMode, Rules};

    fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: name.into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn evidence_guesses() {
        let cases: [(&str, &[&str]); 6] = [
            ("提供系统截图并附网址", &["screenshot"]),
            ("工作实景照片", &["photo"]),
            ("办件数据统计表（加盖公章）", &["statistics"]),
            ("事项清单、台账", &["list"]),
            ("典型案例、经验做法及制度文件", &["case", "policy"]),
            ("", &["other"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = guess_evidence(text).iter().map(|k| k.id()).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn yes_no_forms() {
        for y in ["是", "√", "✓", "Y", "yes", "1", " 是 "] {
            assert_eq!(yes_no(y), Ok(Some(true)), "{y}");
        }
        for n in ["否", "×", "N", "no", "0"] {
            assert_eq!(yes_no(n), Ok(Some(false)), "{n}");
        }
        assert_eq!(yes_no(""), Ok(None));
        assert_eq!(yes_no(" 也许"), Err("也许".to_owned()));
    }

    #[test]
    fn toml_str_escapes() {
        assert_eq!(toml_str("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(toml_str("\u{1}"), r#""\u0001""#);
    }

    #[test]
    fn question_numbers_from_cells() {
        assert_eq!(question_no("1").as_deref(), Some("01"));
        assert_eq!(question_no("第3题").as_deref(), Some("03"));
        assert_eq!(question_no("12、").as_deref(), Some("12"));
        assert_eq!(question_no("一"), None);
    }

    #[test]
    fn year_is_plausible() {
        let y = current_year();
        assert!((2024..2200).contains(&y), "{y}");
    }

    #[test]
    fn two_sheets_give_two_kinds_and_valid_toml() {
        let sheets = [
            sheet(
                "区直部门",
                &[
                    &["序号", "指标", "佐证要求", "是否盖章", "是否限期内"],
                    &[
                        "1",
                        "免申即享",
                        "宣传报道（含网址链接等）（加盖公章）",
                        "是",
                        "是",
                    ],
                    &["2", "为老服务", "经验做法（含工作实景图）", "否", "否"],
                ],
            ),
            sheet(
                "乡镇",
                &[
                    &["序号", "指标", "分值"],
                    &["1", "功能标识清晰", "2"],
                    &["", "续：办事引导标识明显", ""],
                ],
            ),
        ];
        let text = init_from_sheets(&sheets, "指标.xlsx", "指标", 2024).unwrap();
        let r = Rules::parse(&text, "gen").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(r.unit_kinds.len(), 2);
        assert_eq!(r.unit_kinds[1].name_suffixes.len(), 4);
        let q = r.questionnaire("区直部门").unwrap();
        assert!(q.questions[0].seal && q.questions[0].url);
        assert_eq!(q.questions[0].period, PeriodMode::Required);
        assert_eq!(q.questions[1].period, PeriodMode::Report);
        let t = r.questionnaire("乡镇").unwrap();
        assert_eq!(t.questions[0].score, Some(2.0));
        assert_eq!(t.questions[0].source, "续：办事引导标识明显");
        assert_eq!(r.period.start.to_string(), "2024-01-01");
    }

    #[test]
    fn kind_column_splits_one_sheet() {
        let sheets = [sheet(
            "Sheet1",
            &[
                &["单位类型", "序号", "指标"],
                &["区直部门", "1", "甲"],
                &["乡镇（街道）", "1", "乙"],
                &["区直部门", "2", "丙"],
            ],
        )];
        let text = init_from_sheets(&sheets, "x.xlsx", "x", 2023).unwrap();
        let r = Rules::parse(&text, "gen").unwrap();
        assert_eq!(r.questionnaire("区直部门").unwrap().questions.len(), 2);
        assert_eq!(r.questionnaire("乡镇（街道）").unwrap().questions.len(), 1);
    }

    #[test]
    fn bad_rows_are_named() {
        let sheets = [sheet(
            "Sheet1",
            &[
                &["说明：本表为指标体系"],
                &["序号", "指标", "是否盖章"],
                &["1", "甲", "是"],
                &["一", "乙", ""],
                &["1", "丙", ""],
                &["3", "丁", "也许"],
                &["4", "", ""],
            ],
        )];
        let e = init_from_sheets(&sheets, "x.xlsx", "x", 2023).unwrap_err();
        let lines: Vec<Option<usize>> = e.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(4), Some(5), Some(6), Some(7)], "{e}");
        assert!(e.errors[1].message.contains("重复"));
        assert!(e.errors[2].message.contains("也许"));
    }

    #[test]
    fn no_header_is_an_error() {
        let sheets = [sheet("Sheet1", &[&["a", "b"]])];
        let e = init_from_sheets(&sheets, "x.xlsx", "x", 2023).unwrap_err();
        assert!(e.errors[0].message.contains("序号"));
    }

    /// Spreadsheet → rule file → validated questions: what the office wrote comes back.
    #[test]
    fn spreadsheet_round_trips() {
        struct R {
            no: u32,
            title: &'static str,
            evidence: &'static str,
            seal: &'static str,
            period: &'static str,
        }
        let rows = [
            R {
                no: 1,
                title: "免申即享宣传报道",
                evidence: "宣传报道（含网址链接等）、经验做法（含工作实景图、网站截图等）",
                seal: "是",
                period: "是",
            },
            R {
                no: 2,
                title: "办件数据",
                evidence: "办件数据统计表",
                seal: "√",
                period: "",
            },
            R {
                no: 3,
                title: "制度文件",
                evidence: "相关政策文件电子版",
                seal: "否",
                period: "否",
            },
            R {
                no: 4,
                title: "说明\"引号\"与\\斜杠",
                evidence: "第一行\n第二行",
                seal: "",
                period: "是",
            },
            R {
                no: 12,
                title: "系统工单",
                evidence: "工单台账",
                seal: "N",
                period: "Y",
            },
        ];
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["序号", "指标", "佐证要求", "是否盖章", "是否限期内"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_number(row, 0, f64::from(r.no)).unwrap();
            ws.write_string(row, 1, r.title).unwrap();
            ws.write_string(row, 2, r.evidence).unwrap();
            ws.write_string(row, 3, r.seal).unwrap();
            ws.write_string(row, 4, r.period).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("指标体系.xlsx");
        wb.save(&path).unwrap();

        let text = init_from_spreadsheet(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("TO CHECK"));
        let rules = Rules::parse(&text, "generated").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(rules.unit_kinds.len(), 1);
        let qs = &rules.questionnaires[0].questions;
        assert_eq!(qs.len(), rows.len());
        for (q, r) in qs.iter().zip(&rows) {
            assert_eq!(q.no, format!("{:02}", r.no));
            assert_eq!(q.title, r.title);
            assert_eq!(q.source, r.evidence);
            assert_eq!(q.seal, yes_no(r.seal).unwrap().unwrap_or(false), "{}", q.no);
            let want = match yes_no(r.period).unwrap() {
                Some(true) => PeriodMode::Required,
                Some(false) => PeriodMode::Report,
                None => rules.period_default,
            };
            assert_eq!(q.period, want, "{}", q.no);
            assert_eq!(
                q.evidence,
                guess_evidence(&format!("{} {}", r.evidence, r.title))
            );
        }
        assert!(qs[0].url);
        assert_eq!(
            qs[0].evidence,
            [
                EvidenceKind::Screenshot,
                EvidenceKind::Photo,
                EvidenceKind::Case
            ]
        );
        assert_eq!(
            qs[4].evidence,
            [EvidenceKind::List, EvidenceKind::Workorder]
        );
        let year = current_year();
        assert_eq!(rules.period.start.to_string(), format!("{year}-01-01"));
        assert_eq!(rules.period.end.to_string(), format!("{year}-12-31"));
    }
}
