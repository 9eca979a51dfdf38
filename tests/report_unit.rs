//! The per-unit writers (`report.json`, `report.html`) on reports built in test code.

use evcheck::checks::{count, format, roster, size, unreadable};
use evcheck::dates::{Date, DateFacts, DateRange, FoundDate};
use evcheck::diag::{Diagnostic, Lang, RuleFamily, Text};
use evcheck::facts::FileFacts;
use evcheck::identify::{Format, Identified};
use evcheck::report::{self, CheckRun, Counts, QuestionStatus, SchemeInfo, UnitReport};
use evcheck::rules::PeriodMode;
use evcheck::seal::{SealFacts, SealKind};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).expect("valid date")
}

fn file(path: &str, size: u64, format: Format, question: Option<&str>) -> FileFacts {
    let name = path.rsplit('/').next().unwrap_or(path);
    let member_of = path.find(".zip/").map(|i| path[..i + 4].to_owned());
    let mut f = FileFacts::new(
        path,
        name,
        size,
        member_of,
        Identified {
            format,
            basis: format!("magic of {}", format.id()),
        },
    );
    f.question = question.map(str::to_owned);
    f
}

/// A unit with a hostile file name, errors and warnings on one question, a
/// unit-level finding, dates and seals.
fn sample() -> UnitReport {
    let hostile = "东双河镇-04-<script>alert(\"x\")</script>&a<b>.pdf";
    let mut f1 = file(hostile, 31 * 1024 * 1024, Format::Pdf, Some("04"));
    f1.seal = Some(SealFacts {
        found: false,
        kind: None,
        page: None,
        confidence: 0.1,
        read: evcheck::outcome::ReadOutcome::Complete,
        position: None,
        searched: 1,
        pages_searched: vec![],
        shape: None,
    });
    f1.dates = Some(DateFacts {
        found: vec![FoundDate {
            start: d(2021, 3, 1),
            end: d(2021, 3, 31),
            text: "2021年3月".into(),
            location: "第1页".into(),
            kind: evcheck::dates::parse::DateKind::Month,
            source: evcheck::dates::found::DateSource::Text,
            background: false,
            role: Default::default(),
        }],
        metadata: vec![],
        range: Some(DateRange {
            start: d(2021, 3, 1),
            end: d(2021, 3, 31),
        }),
        ..DateFacts::default()
    });
    let mut f2 = file(
        "东双河镇-04-台账.zip",
        25 * 1024 * 1024,
        Format::Zip,
        Some("04"),
    );
    f2.seal = None;
    let mut f3 = file(
        "东双河镇-04-台账.zip/inner/x.pdf",
        1000,
        Format::Pdf,
        Some("04"),
    );
    f3.seal = Some(SealFacts {
        found: true,
        kind: Some(SealKind::Vector),
        page: Some(1),
        confidence: 0.95,
        read: evcheck::outcome::ReadOutcome::Complete,
        position: None,
        searched: 1,
        pages_searched: vec![],
        shape: Some(evcheck::rules::SealShape::Round),
    });
    let f4 = file("东双河镇-07-照片.ceb", 2048, Format::Ceb, Some("07"));
    let f5 = file("杂项.docx", 0, Format::Empty, None);

    // The warning of question 04 comes before its error on purpose: the page must
    // order them itself.
    let diags = vec![
        Diagnostic::new(
            &size::S002,
            Some("东双河镇-04-台账.zip"),
            Text::new(
                "文件大小 25.0 MB，超过建议的 20.0 MB",
                "file is 25.0 MB, over the advised 20.0 MB",
            ),
            Text::new("建议压缩或拆分", "compress or split it"),
        )
        .with_question(Some("04")),
        Diagnostic::new(
            &size::S001,
            Some(hostile),
            Text::new(
                format!("文件“{hostile}”大小 31.0 MB，超过 30.0 MB 的上传上限"),
                format!("file \"{hostile}\" is 31.0 MB, over the 30.0 MB limit"),
            ),
            Text::new("压缩图片或拆分文件", "compress images or split the file"),
        )
        .with_question(Some("04")),
        Diagnostic::new(
            &format::F001,
            Some("东双河镇-07-照片.ceb"),
            Text::new("CEB 格式评审无法打开", "reviewers cannot open CEB"),
            Text::new("另存为 PDF 后重新上传", "save it as PDF and upload again"),
        )
        .with_question(Some("07")),
        Diagnostic::new(
            &unreadable::U001,
            Some("杂项.docx"),
            Text::new("文件为空", "the file is empty"),
            Text::new("删除或换成正确的文件", "remove it or replace it"),
        ),
        Diagnostic::new(
            &count::C002,
            None,
            Text::new(
                "以下 1 道题没有佐证材料：10",
                "1 questions have no evidence: 10",
            ),
            Text::new("确认这些题目确实无需佐证", "check that they need none"),
        ),
        Diagnostic::new(
            &roster::R002,
            None,
            Text::new(
                "单位“东双河镇”不在名单中",
                "unit \"东双河镇\" is not in the roster",
            ),
            Text::new("核对单位全称", "check the full name"),
        ),
    ];
    let counts = Counts::of(&diags);
    let questions = vec![
        QuestionStatus {
            no: "04".into(),
            title: "建筑面积".into(),
            placeholder: false,
            files: vec![hostile.into(), "东双河镇-04-台账.zip".into()],
            seal_required: true,
            period: PeriodMode::Required,
            source: "提供办件量统计表（加盖公章）<script>".into(),
            manual: vec!["统计数据须完整、展示清晰，并提供经参评单位盖章确认的不可编辑版本".into()],
            manual_en: vec![],
        },
        QuestionStatus {
            no: "07".into(),
            title: "<b>窗口</b>照片".into(),
            placeholder: false,
            files: vec!["东双河镇-07-照片.ceb".into()],
            seal_required: false,
            period: PeriodMode::Report,
            source: String::new(),
            manual: vec![],
            manual_en: vec![],
        },
        QuestionStatus {
            no: "10".into(),
            title: "政策文件".into(),
            placeholder: true,
            files: vec![],
            seal_required: false,
            period: PeriodMode::Off,
            source: String::new(),
            manual: vec![],
            manual_en: vec![],
        },
    ];
    let checks = vec![
        CheckRun {
            rule: RuleFamily::Naming,
            files: 5,
            findings: 0,
        },
        CheckRun {
            rule: RuleFamily::Format,
            files: 5,
            findings: 1,
        },
        CheckRun {
            rule: RuleFamily::Size,
            files: 4,
            findings: 2,
        },
        CheckRun {
            rule: RuleFamily::Period,
            files: 1,
            findings: 0,
        },
    ];
    UnitReport {
        tool_version: "0.1.0",
        checked_at: "2022-11-01T01:30:00Z".into(),
        scheme: SchemeInfo {
            id: "000".into(),
            name: "2022年政务服务能力绩效考评".into(),
            origin: "built-in".into(),
            period: DateRange {
                start: d(2022, 1, 1),
                end: d(2022, 10, 31),
            },
        },
        unit: "东双河镇<img src=x>".into(),
        kind: "township".into(),
        in_roster: false,
        source: "东双河镇.zip".into(),
        files: vec![f1, f2, f3, f4, f5],
        diagnostics: diags,
        questions,
        checks,
        counts,
        haocha: None,
    }
}

fn clean() -> UnitReport {
    let mut r = sample();
    r.diagnostics.clear();
    r.counts = Counts::default();
    r.in_roster = true;
    r
}

#[test]
fn json_has_documented_fields() {
    let r = sample();
    let s = report::json::unit(&r, Lang::Zh);
    let v: serde_json::Value = serde_json::from_str(&s).expect("report.json parses");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["lang"], "zh");
    assert_eq!(v["unit"], "东双河镇<img src=x>");
    assert_eq!(v["kind"], "township");
    assert_eq!(v["in_roster"], false);
    assert_eq!(v["verdict"], "errors");
    assert_eq!(v["scheme"]["period"]["start"], "2022-01-01");
    assert_eq!(v["scheme"]["period"]["end"], "2022-10-31");
    assert_eq!(v["counts"]["error"], 3);
    assert_eq!(v["counts"]["warning"], 2);
    assert_eq!(v["counts"]["info"], 1);
    assert_eq!(v["counts"]["files"], 5);
    assert_eq!(v["counts"]["evidence_files"], 4);
    for fam in RuleFamily::ALL {
        assert!(
            v["counts"]["by_rule"][fam.as_str()].is_u64(),
            "by_rule.{}",
            fam.as_str()
        );
    }
    assert_eq!(v["counts"]["by_code"]["S001"], 1);

    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 6);
    let s001 = diags.iter().find(|d| d["code"] == "S001").expect("S001");
    assert_eq!(s001["rule"], "size");
    assert_eq!(s001["severity"], "error");
    assert_eq!(s001["question"], "04");
    assert_eq!(s001["title"], "文件超过上传上限");
    assert!(s001["file"]
        .as_str()
        .is_some_and(|f| f.contains("<script>")));
    assert!(s001["message"].as_str().is_some_and(|m| m.contains("超过")));
    assert_eq!(s001["message"], s001["message_zh"]);
    assert!(s001["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("limit")));
    assert_eq!(s001["fix"], s001["fix_zh"]);
    assert!(s001["fix_en"].is_string());
    assert_eq!(s001["basis"], "每个文件不超过30M");
    let c002 = diags.iter().find(|d| d["code"] == "C002").expect("C002");
    assert!(c002["file"].is_null());
    assert!(c002["question"].is_null());
    let allowed_rules = [
        "naming",
        "format",
        "size",
        "count",
        "period",
        "stamp",
        "archive",
        "junk",
        "unreadable",
        "roster",
    ];
    for d in diags {
        assert!(allowed_rules.contains(&d["rule"].as_str().unwrap_or("")));
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap_or("")));
    }

    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 5);
    let member = &files[2];
    assert_eq!(member["path"], "东双河镇-04-台账.zip/inner/x.pdf");
    assert_eq!(member["member_of"], "东双河镇-04-台账.zip");
    assert_eq!(member["format"], "pdf");
    assert_eq!(member["format_name"], "PDF");
    assert_eq!(member["format_basis"], "magic of pdf");
    assert_eq!(member["seal"]["found"], true);
    assert_eq!(member["seal"]["kind"], "vector");
    assert_eq!(member["seal"]["confidence"], 0.95);
    assert!(member["dates"].is_null());
    let first = &files[0];
    assert_eq!(first["size"], 31 * 1024 * 1024);
    assert_eq!(first["question"], "04");
    assert_eq!(first["dates"]["range"]["start"], "2021-03-01");
    assert_eq!(first["dates"]["found"][0]["location"], "第1页");
    assert!(first["dates"]["summary"]
        .as_str()
        .is_some_and(|s| s.starts_with("2021-03-01..2021-03-31")));
    assert_eq!(first["codes"][0], "S001");
    assert!(files[4]["question"].is_null());
    assert_eq!(files[4]["format"], "empty");

    let qs = v["questions"].as_array().expect("questions");
    assert_eq!(qs[0]["no"], "04");
    assert_eq!(qs[0]["seal_required"], true);
    assert_eq!(qs[0]["period"], "required");
    assert_eq!(qs[0]["errors"], 1);
    assert_eq!(qs[0]["warnings"], 1);
    assert_eq!(qs[0]["files"].as_array().map(Vec::len), Some(2));
    assert!(qs[0]["manual"][0].is_string());
    assert_eq!(v["questions_without_files"], serde_json::json!(["10"]));
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks[0]["rule"], "naming");
    assert_eq!(checks[0]["passed"], true);
    assert_eq!(checks[1]["passed"], false);
}

#[test]
fn json_english_and_deterministic() {
    let r = sample();
    let en = report::json::unit(&r, Lang::En);
    let v: serde_json::Value = serde_json::from_str(&en).expect("parses");
    assert_eq!(v["lang"], "en");
    let s001 = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "S001").cloned())
        .expect("S001");
    assert_eq!(s001["message"], s001["message_en"]);
    assert_eq!(s001["title"], "file over the upload limit");
    assert_eq!(en, report::json::unit(&r, Lang::En));
    assert_eq!(
        report::html::unit(&r, Lang::Zh),
        report::html::unit(&r, Lang::Zh)
    );
}

#[test]
fn html_escapes_everything_from_input() {
    let r = sample();
    let h = report::html::unit(&r, Lang::Zh);
    assert!(!h.contains("<script"), "a raw <script> survived");
    assert!(!h.contains("<img"), "a raw <img> survived");
    assert!(!h.contains("<b>窗口</b>"));
    assert!(h.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;a&lt;b&gt;.pdf"));
    assert!(h.contains("东双河镇&lt;img src=x&gt;"));
    assert!(h.contains("&lt;b&gt;窗口&lt;/b&gt;照片"));
    // Self-contained: nothing to fetch.
    for needle in ["http://", "https://", "<link", "src=\"", "@import", "url("] {
        assert!(!h.contains(needle), "page refers to {needle}");
    }
    assert!(h.contains("<meta charset=\"utf-8\">"));
    assert!(h.contains("Microsoft YaHei"));
}

#[test]
fn html_verdict_and_grouping() {
    let r = sample();
    let h = report::html::unit(&r, Lang::Zh);
    assert!(h.contains("发现 3 个错误，需修改后再提交"));
    assert!(h.contains("第 04 题 · 建筑面积"));
    // Question 04: the error comes before the warning, both after the heading.
    let q4 = h.find("第 04 题 · 建筑面积").expect("heading");
    let q7 = h.find("第 07 题").expect("heading 07");
    let err = h[q4..].find("badge error").map(|i| i + q4).expect("error");
    let warn = h[q4..]
        .find("badge warning")
        .map(|i| i + q4)
        .expect("warning");
    assert!(
        q4 < err && err < warn && warn < q7,
        "order: {q4} {err} {warn} {q7}"
    );
    // Fix and basis are shown.
    assert!(h.contains("怎么改："));
    assert!(h.contains("依据：每个文件不超过30M"));
    // The question's own wording is quoted, escaped.
    assert!(h.contains("本题依据：提供办件量统计表（加盖公章）&lt;script&gt;"));
    // The file without a question, then the unit-level findings.
    let noq = h.find("无法确定题目的文件").expect("no-question group");
    let unit_level = h.find("整体性问题").expect("unit-level");
    assert!(q7 < noq && noq < unit_level);
    assert!(h[unit_level..].contains("C002"));
    // Passed checks, questions without files, file table.
    assert!(h.contains("已检查并通过的项目"));
    assert!(h.contains("命名：检查了 5 个文件，未发现问题"));
    assert!(h.contains("未提供文件的题目（1 道）"));
    assert!(h.contains("31.0 MB"));
    assert!(h.contains("检测到公章：PDF 矢量印章"), "seal summary shown");
    assert!(h.contains("2021-03-01..2021-03-31"));
    assert!(h.contains("CEB"));
}

#[test]
fn html_clean_and_english() {
    let h = report::html::unit(&clean(), Lang::Zh);
    assert!(h.contains("未发现错误"));
    assert!(!h.contains("需修改后再提交"));
    let en = report::html::unit(&sample(), Lang::En);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Found 3 errors: fix before submitting"));
    assert!(en.contains("Question 04 · 建筑面积"));
    assert!(en.contains("What to do: "));
    assert!(!en.contains("怎么改"));
    let en_clean = report::html::unit(&clean(), Lang::En);
    assert!(en_clean.contains("No errors found"));
}

#[test]
fn html_handles_an_empty_report() {
    let mut r = clean();
    r.files.clear();
    r.questions.clear();
    r.checks.clear();
    let h = report::html::unit(&r, Lang::Zh);
    assert!(h.ends_with("</html>\n"));
    assert!(h.contains("没有找到文件"));
    let v: serde_json::Value =
        serde_json::from_str(&report::json::unit(&r, Lang::Zh)).expect("parses");
    assert_eq!(v["verdict"], "clean");
    assert_eq!(v["files"], serde_json::json!([]));
}

#[test]
#[ignore = "writes a sample page for viewing: cargo test --test report_unit -- --ignored"]
fn write_sample_page() {
    let dir = std::env::temp_dir();
    std::fs::write(
        dir.join("report.html"),
        report::html::unit(&sample(), Lang::Zh),
    )
    .expect("write");
    std::fs::write(
        dir.join("report_en.html"),
        report::html::unit(&sample(), Lang::En),
    )
    .expect("write");
    std::fs::write(
        dir.join("report.json"),
        report::json::unit(&sample(), Lang::Zh),
    )
    .expect("write");
}

/// Every key of a JSON value, recursively.
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

#[test]
fn every_report_field_is_documented() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-schema.md"),
    )
    .expect("docs/report-schema.md");
    let mut r = sample();
    r.files[3].dimensions = Some((640, 480));
    let v: serde_json::Value =
        serde_json::from_str(&report::json::unit(&r, Lang::Zh)).expect("parses");
    assert_eq!(v["files"][3]["dimensions"]["width"], 640);
    let mut ks = std::collections::BTreeSet::new();
    // Map keys that are data, not fields.
    let data_keys: Vec<String> = RuleFamily::ALL
        .iter()
        .map(|r| r.as_str().to_owned())
        .chain(["C002", "F001", "R002", "S001", "S002", "U001"].map(String::from))
        .collect();
    keys(&v, &mut ks);
    for k in ks.iter().filter(|k| !data_keys.contains(k)) {
        assert!(
            doc.contains(&format!("`{k}`")),
            "report.json field `{k}` is not documented"
        );
    }
}

#[test]
fn large_report_is_linear() {
    let mut r = sample();
    let base = r.files[0].clone();
    let n = 20_000;
    r.files = (0..n)
        .map(|i| {
            let mut f = base.clone();
            f.path = format!("东双河镇-04-台账.zip/d/{i}.pdf");
            f
        })
        .collect();
    r.diagnostics = (0..n)
        .map(|i| {
            Diagnostic::new(
                &size::S002,
                Some(&format!("东双河镇-04-台账.zip/d/{i}.pdf")),
                Text::new("偏大", "large"),
                Text::new("压缩", "compress"),
            )
            .with_question(Some("04"))
        })
        .collect();
    r.counts = Counts::of(&r.diagnostics);
    let t = std::time::Instant::now();
    let h = report::html::unit(&r, Lang::Zh);
    let j = report::json::unit(&r, Lang::Zh);
    let took = t.elapsed();
    eprintln!(
        "{n} files + {n} findings: html {} KB, json {} KB in {took:?}",
        h.len() / 1024,
        j.len() / 1024
    );
    assert!(took.as_secs() < 20, "took {took:?}");
    let v: serde_json::Value = serde_json::from_str(&j).expect("parses");
    assert_eq!(v["files"][n - 1]["codes"][0], "S002");
}

/// A placeholder title is never shown as if it were the question's wording: the
/// question is 「第 10 题」 alone, and the page says once, at the top, why.
#[test]
fn html_placeholder_titles_shown_as_numbers() {
    let r = sample();
    let h = report::html::unit(&r, Lang::Zh);
    assert!(!h.contains("政策文件"), "placeholder title shown");
    assert!(h.contains("<li>第 10 题</li>"), "number alone");
    assert_eq!(h.matches("题目名称尚未填写").count(), 1, "one note");
    let note = h.find("题目名称尚未填写").unwrap();
    assert!(note < h.find("class=\"verdict").unwrap(), "note at the top");
    // Without placeholders there is no note.
    let mut real = sample();
    for q in &mut real.questions {
        q.placeholder = false;
    }
    assert!(!report::html::unit(&real, Lang::Zh).contains("题目名称尚未填写"));
    let en = report::html::unit(&r, Lang::En);
    assert!(en.contains("question titles are not filled in"));
}

/// 先改这些 holds every error, before the findings by question, and nothing else.
#[test]
fn html_fix_first_list() {
    let r = sample();
    let h = report::html::unit(&r, Lang::Zh);
    let start = h.find("<section class=\"first\"").expect("先改这些");
    let end = start + h[start..].find("</section>").unwrap();
    let list = &h[start..end];
    assert!(list.contains("<h2>先改这些</h2>"));
    assert_eq!(list.matches("badge error").count(), 3, "{list}");
    assert!(!list.contains("badge warning") && !list.contains("badge info"));
    assert!(end < h.find("问题清单（按题目）").unwrap());
    assert!(
        h.contains("id=\"f-error\"") && h.contains("id=\"f-size\""),
        "filters"
    );
}
