//! `report.html`: the per-unit report for people, one self-contained page.
//!
//! The page is for a clerk on a Windows PC: it opens offline (inline CSS, no script,
//! no font, image or link to fetch), reads top-down (verdict, counts, the errors to fix
//! first, defects grouped by question with what to do, unit-level findings, the
//! questions, what passed, every file) and prints compactly. Repeated findings of one
//! code in one folder or ZIP are one entry with the count and the file list. The
//! findings can be filtered by severity and rule with check boxes that work by CSS
//! alone (no script). Chinese by default, English with [`Lang::En`]. Every
//! string that comes from the input goes through [`escape`]. The only time written is
//! the report's own `checked_at`, so the same report gives the same bytes.

use super::group::{group, Group};
use super::json::findings_by_file;
use super::{CheckRun, QuestionStatus, UnitReport};
use crate::checks::human_size;
use crate::dates::DateFacts;
use crate::diag::{Diagnostic, Lang, RuleFamily, Severity};
use crate::facts::FileFacts;
use crate::rules::PeriodMode;
use crate::seal::SealFacts;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes text for HTML element content and quoted attribute values. C0 control
/// characters other than tab and newline become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `zh` or `en` by language.
fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub(crate) const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;padding:24px;background:#f4f5f7;color:#1f2328;
font-family:"Microsoft YaHei","微软雅黑","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",SimSun,"宋体",sans-serif;
font-size:15px;line-height:1.6}
main{max-width:1100px;margin:0 auto;background:#fff;padding:28px 36px;border:1px solid #d8dee4;border-radius:6px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:4px;border-bottom:2px solid #d8dee4}
h3{font-size:16px;margin:20px 0 8px;padding:6px 10px;background:#eef1f5;border-left:4px solid #57606a}
.unit{font-size:20px;font-weight:bold;margin:0 0 12px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:bold;white-space:nowrap}
td.no{white-space:nowrap;font-weight:bold}
table.meta{width:auto;margin-bottom:16px}
table.meta th{width:7em;white-space:nowrap}
.verdict{padding:14px 18px;border-radius:6px;margin:16px 0;border:2px solid}
.verdict .big{font-size:22px;font-weight:bold}
.verdict.bad{background:#ffebe9;border-color:#cf222e;color:#82071e}
.verdict.warn{background:#fff8c5;border-color:#bf8700;color:#6f4e00}
.verdict.ok{background:#dafbe1;border-color:#1a7f37;color:#0f5323}
.counts{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.count{border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;min-width:120px;text-align:center}
.count .n{font-size:24px;font-weight:bold;display:block}
.count.error .n{color:#cf222e}.count.warning .n{color:#9a6700}.count.info .n{color:#0969da}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;font-weight:bold;color:#fff;white-space:nowrap}
.badge.error{background:#cf222e}.badge.warning{background:#bf8700}.badge.info{background:#0969da}
.d{border:1px solid #d0d7de;border-left:6px solid;border-radius:4px;padding:8px 12px;margin:8px 0;break-inside:avoid}
.d.error{border-left-color:#cf222e}.d.warning{border-left-color:#bf8700}.d.info{border-left-color:#0969da}
.d .head{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.file{font-family:Consolas,"Courier New",monospace,"Microsoft YaHei";word-break:break-all}
.d p{margin:4px 0}
.fix{background:#ddf4ff;border-radius:4px;padding:6px 10px;font-weight:bold}
.small{font-size:12px;color:#57606a}
.muted{color:#6e7781}
.tag{display:inline-block;border:1px solid #d0d7de;border-radius:4px;padding:0 6px;font-size:12px;margin:1px 2px;white-space:nowrap}
ul{margin:4px 0;padding-left:22px}
li.pass::marker{content:"✓  ";color:#1a7f37}
li.fail::marker{content:"✗  ";color:#cf222e}
tr.has-error td{background:#fff5f5}
td.num{text-align:right;white-space:nowrap}
footer{margin-top:32px;font-size:12px;color:#6e7781}
.first{border:2px solid #cf222e;border-radius:6px;padding:8px 16px;margin:16px 0;background:#fff}
.first h2{margin-top:8px;border-bottom-color:#cf222e}
.first ol{padding-left:24px;margin:4px 0}
.first li{margin:6px 0}
.files{margin:4px 0 0;padding-left:20px;columns:2 18em;column-gap:24px}
.files li{break-inside:avoid}
.placeholder-note{background:#fff8c5;border:1px solid #d4a72c;border-radius:4px;padding:6px 10px;margin:8px 0}
.flt{margin:0 2px 0 10px;vertical-align:middle}
table.all td.file{width:30%}
ul.missing{columns:6 7em}
.fltbar{font-size:13px;margin:8px 0}
#f-error:not(:checked)~.findings .d.error,#f-warning:not(:checked)~.findings .d.warning,#f-info:not(:checked)~.findings .d.info{display:none}
@page{size:A4;margin:10mm 10mm 12mm}
@media print{
body{background:#fff;padding:0;font-size:9.5pt;line-height:1.35}
main{border:none;padding:0;max-width:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:15pt}h2{font-size:12pt;margin:12px 0 6px}h3{font-size:10.5pt;margin:8px 0 4px;padding:2px 6px}
.unit{font-size:12pt;margin:0 0 4px}
.verdict{padding:6px 10px;margin:6px 0}.verdict .big{font-size:13pt}
.counts{gap:6px;margin:6px 0}.count{padding:2px 8px;min-width:0}.count .n{font-size:13pt;display:inline;margin-right:4px}
.d{padding:3px 8px;margin:4px 0;border-left-width:4px}.d p{margin:1px 0}.fix{padding:2px 6px}
.small{font-size:8pt}
th,td{padding:2px 4px}
.file{word-break:normal;overflow-wrap:anywhere}
.flt,.fltbar,input{display:none}
thead{display:table-header-group}
tr,.d,.verdict,.first li{break-inside:avoid}
h2,h3,h3+p.small{break-after:avoid}
}
"#;

/// The unit report as an HTML page.
pub fn unit(r: &UnitReport, lang: Lang) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let title = match lang {
        Lang::Zh => format!("{} 佐证材料检查报告", r.unit),
        Lang::En => format!("{}: evidence check report", r.unit),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{}\">\n\
         <title>{}</title>\n<style>{}{}</style>\n</head>\n<body>\n<main>\n",
        t(lang, "zh-CN", "en"),
        crate::output::REPORT_MARKER,
        escape(&title),
        CSS,
        rule_filter_css()
    );
    header(&mut h, r, lang);
    placeholder_notice(&mut h, r, lang);
    verdict(&mut h, r, lang);
    fix_first(&mut h, r, lang);
    filters(&mut h, r, lang);
    h.push_str("<div class=\"findings\">\n");
    defects(&mut h, r, lang);
    h.push_str("</div>\n");
    questions(&mut h, r, lang);
    passed(&mut h, &r.checks, lang);
    files(&mut h, r, lang);
    let _ = write!(
        h,
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        escape(&run_line(&r.checked_at, &r.scheme, r.tool_version, lang))
    );
    h
}

/// When, against which scheme and by which evcheck version a report was made.
pub(crate) fn run_line(
    checked_at: &str,
    scheme: &super::SchemeInfo,
    version: &str,
    lang: Lang,
) -> String {
    let when = crate::output::checked_at_display(checked_at, lang);
    match lang {
        Lang::Zh => format!(
            "检查时间：{when}；考评方案：{}（{}）；本报告由 evcheck {version} 生成",
            scheme.name, scheme.id
        ),
        Lang::En => format!(
            "Checked {when} against the scheme {} ({}); made by evcheck {version}",
            scheme.name, scheme.id
        ),
    }
}

fn header(h: &mut String, r: &UnitReport, lang: Lang) {
    let _ = write!(
        h,
        "<h1>{}</h1>\n<p class=\"unit\">{}</p>\n<table class=\"meta\">\n",
        t(lang, "佐证材料检查报告", "Evidence check report"),
        escape(&r.unit)
    );
    let period = match lang {
        Lang::Zh => format!("{} 至 {}", r.scheme.period.start, r.scheme.period.end),
        Lang::En => format!("{} to {}", r.scheme.period.start, r.scheme.period.end),
    };
    let roster = if r.in_roster {
        t(lang, "是", "yes").to_owned()
    } else {
        t(
            lang,
            "否（不在名单中，请核对单位全称）",
            "no (not in the roster: check the unit's full name)",
        )
        .to_owned()
    };
    let rows: [(&str, String); 5] = [
        (t(lang, "考评方案", "Scheme"), r.scheme.name.clone()),
        (t(lang, "考评周期", "Assessment period"), period),
        (t(lang, "单位类型", "Unit kind"), r.kind.clone()),
        (t(lang, "在名单中", "In the roster"), roster),
        (t(lang, "检查对象", "Checked"), r.source.clone()),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{}</th><td>{}</td></tr>", k, escape(&v));
    }
    h.push_str("</table>\n");
}

fn verdict(h: &mut String, r: &UnitReport, lang: Lang) {
    let c = &r.counts;
    let (class, big, small) = if c.error > 0 {
        let big = match lang {
            Lang::Zh => format!("发现 {} 个错误，需修改后再提交", c.error),
            Lang::En => format!(
                "Found {} error{}: fix before submitting",
                c.error,
                if c.error == 1 { "" } else { "s" }
            ),
        };
        let small = match lang {
            Lang::Zh => format!("另有 {} 个警告、{} 个提示，请一并查看。", c.warning, c.info),
            Lang::En => format!(
                "There are also {} warnings and {} notes to look at.",
                c.warning, c.info
            ),
        };
        ("bad", big, small)
    } else if c.warning > 0 {
        let small = match lang {
            Lang::Zh => format!("有 {} 个警告，建议核对后再提交。", c.warning),
            Lang::En => format!("{} warnings: check them before submitting.", c.warning),
        };
        (
            "warn",
            t(lang, "未发现错误", "No errors found").to_owned(),
            small,
        )
    } else {
        let small = t(
            lang,
            "格式检查全部通过；请再完成下文列出的人工核对项目。",
            "All formal checks passed; please still do the manual checks listed below.",
        )
        .to_owned();
        (
            "ok",
            t(lang, "未发现错误", "No errors found").to_owned(),
            small,
        )
    };
    let _ = writeln!(
        h,
        "<div class=\"verdict {class}\"><div class=\"big\">{}</div><div>{}</div></div>",
        escape(&big),
        escape(&small)
    );
    let members = r.files.iter().filter(|f| !f.is_evidence()).count();
    h.push_str("<div class=\"counts\">\n");
    for s in Severity::ALL {
        let n = match s {
            Severity::Error => c.error,
            Severity::Warning => c.warning,
            Severity::Info => c.info,
        };
        let _ = writeln!(
            h,
            "<div class=\"count {}\"><span class=\"n\">{n}</span>{}</div>",
            s.as_str(),
            s.label(lang)
        );
    }
    let files_line = match lang {
        Lang::Zh => format!(
            "<div class=\"count\"><span class=\"n\">{}</span>检查的文件（含压缩包内 {members} 个）</div>",
            r.files.len()
        ),
        Lang::En => format!(
            "<div class=\"count\"><span class=\"n\">{}</span>files checked ({members} inside archives)</div>",
            r.files.len()
        ),
    };
    h.push_str(&files_line);
    h.push_str("\n</div>\n");
}

/// Where a group of findings sits in the page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    /// A question of the questionnaire, by its position.
    Known(usize, String),
    /// A question number not in the questionnaire.
    Other(String),
    /// Files whose question is not known.
    NoQuestion,
}

fn severity_badge(s: Severity, lang: Lang) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        s.as_str(),
        s.label(lang)
    )
}

/// CSS hiding the findings of a rule family whose check box is cleared.
fn rule_filter_css() -> String {
    let mut css = String::new();
    for r in RuleFamily::ALL {
        let _ = writeln!(
            css,
            "#f-{0}:not(:checked)~.findings .d.r-{0}{{display:none}}",
            r.as_str()
        );
    }
    css
}

/// Check boxes for the severities and the rule families with findings; they must sit
/// just before the findings (`~` selects later siblings).
fn filters(h: &mut String, r: &UnitReport, lang: Lang) {
    if r.diagnostics.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<span class=\"fltbar\"><b>{}</b></span>",
        t(lang, "筛选：", "Show: ")
    );
    for s in Severity::ALL {
        let _ = write!(
            h,
            "<input type=\"checkbox\" class=\"flt\" id=\"f-{0}\" checked><label class=\"fltbar\" for=\"f-{0}\">{1}</label>",
            s.as_str(),
            s.label(lang)
        );
    }
    for rule in RuleFamily::ALL {
        if r.diagnostics.iter().any(|d| d.rule == rule) {
            let _ = write!(
                h,
                "<input type=\"checkbox\" class=\"flt\" id=\"f-{0}\" checked><label class=\"fltbar\" for=\"f-{0}\">{1}</label>",
                rule.as_str(),
                rule.label(lang)
            );
        }
    }
    h.push('\n');
}

/// Says once, at the top, that the scheme's question titles are placeholders.
fn placeholder_notice(h: &mut String, r: &UnitReport, lang: Lang) {
    if r.questions.iter().any(|q| q.placeholder) {
        let _ = writeln!(
            h,
            "<p class=\"placeholder-note\">{}</p>",
            t(
                lang,
                "说明：考评方案中的题目名称尚未填写，本报告只按题号列出各题，题目内容请以问卷原文为准。",
                "Note: the scheme's question titles are not filled in; questions are shown by number only; see the questionnaire for their wording.",
            )
        );
    }
}

/// The errors to fix first, at the top of the page: every error, repeated ones folded.
fn fix_first(h: &mut String, r: &UnitReport, lang: Lang) {
    let groups = group(
        r.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error),
    );
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section class=\"first\" id=\"fix-first\">\n<h2>{}</h2>\n<ol>",
        t(lang, "先改这些", "Fix these first")
    );
    for g in &groups {
        let d = g.first();
        let _ = write!(h, "<li>{} ", severity_badge(d.severity, lang));
        if g.is_grouped() {
            let _ = write!(
                h,
                "<b>{}</b> {}",
                escape(code_title(d, lang)),
                escape(&group_place(g, lang))
            );
            files_list(h, g);
        } else {
            if let Some(f) = &d.file {
                let _ = write!(h, "<span class=\"file\">{}</span>：", escape(f));
            }
            let _ = write!(
                h,
                "{}",
                escape(&crate::usage::os_text(d.message.get(lang), lang))
            );
        }
        let _ = writeln!(
            h,
            "<br><span class=\"fix\">{}{}{}</span></li>",
            t(lang, "怎么改：", "What to do: "),
            if g.same_fix() {
                ""
            } else {
                t(lang, "例如 ", "e.g. ")
            },
            escape(d.fix.get(lang))
        );
    }
    h.push_str("</ol>\n</section>\n");
}

fn code_title(d: &Diagnostic, lang: Lang) -> &str {
    d.title(lang)
}

/// `“a.zip”中 12 个文件` / `12 files in “a.zip”`.
fn group_place(g: &Group<'_>, lang: Lang) -> String {
    let n = g.items.len();
    match (lang, g.container.is_empty()) {
        (Lang::Zh, true) => format!("（{n} 个文件）"),
        (Lang::Zh, false) => format!("（“{}”中 {n} 个文件）", g.container),
        (Lang::En, true) => format!("({n} files)"),
        (Lang::En, false) => format!("({n} files in “{}”)", g.container),
    }
}

fn files_list(h: &mut String, g: &Group<'_>) {
    h.push_str("<ul class=\"files\">");
    for name in g.file_names() {
        let _ = write!(h, "<li class=\"file\">{}</li>", escape(name));
    }
    h.push_str("</ul>");
}

/// Several findings of one code in one folder or ZIP, as one entry.
fn defect_group(h: &mut String, g: &Group<'_>, lang: Lang) {
    let d = g.first();
    let _ = write!(
        h,
        "<div class=\"d {} r-{} grouped\">\n<div class=\"head\">{} <b>{}</b> {}</div>\n",
        d.severity.as_str(),
        d.rule.as_str(),
        severity_badge(d.severity, lang),
        escape(code_title(d, lang)),
        escape(&group_place(g, lang))
    );
    files_list(h, g);
    let _ = write!(
        h,
        "<p><b>{}</b>{}{}</p>\n<p class=\"fix\">{}{}{}</p>\n<p class=\"small\">{} {} · {}{}</p>\n</div>\n",
        t(lang, "问题：", "What is wrong: "),
        if g.same_fix() { "" } else { t(lang, "例如 ", "e.g. ") },
        escape(&crate::usage::os_text(d.message.get(lang), lang)),
        t(lang, "怎么改：", "What to do: "),
        if g.same_fix() { "" } else { t(lang, "例如 ", "e.g. ") },
        escape(d.fix.get(lang)),
        t(lang, "规则", "Rule"),
        escape(d.code.id),
        d.rule.label(lang),
        match lang {
            Lang::Zh => format!(" · 依据：{}", escape(&d.basis)),
            Lang::En => format!(" · basis: {}", escape(&d.basis)),
        }
    );
}

fn defect(h: &mut String, d: &Diagnostic, lang: Lang, show_file: bool) {
    let _ = write!(
        h,
        "<div class=\"d {} r-{}\">\n<div class=\"head\">{}",
        d.severity.as_str(),
        d.rule.as_str(),
        severity_badge(d.severity, lang)
    );
    let _ = write!(h, " <b>{}</b>", escape(d.title(lang)));
    if show_file {
        match &d.file {
            Some(f) => {
                let _ = write!(h, " <span class=\"file\">{}</span>", escape(f));
            }
            None => {
                let _ = write!(
                    h,
                    " <span class=\"muted\">{}</span>",
                    t(lang, "（整题）", "(whole question)")
                );
            }
        }
    }
    let _ = write!(
        h,
        "</div>\n<p><b>{}</b>{}</p>\n<p class=\"fix\">{}{}</p>\n\
         <p class=\"small\">{} {} · {}{}</p>\n</div>\n",
        t(lang, "问题：", "What is wrong: "),
        escape(&crate::usage::os_text(d.message.get(lang), lang)),
        t(lang, "怎么改：", "What to do: "),
        escape(d.fix.get(lang)),
        t(lang, "规则", "Rule"),
        escape(d.code.id),
        d.rule.label(lang),
        match lang {
            Lang::Zh => format!(" · 依据：{}", escape(&d.basis)),
            Lang::En => format!(" · basis: {}", escape(&d.basis)),
        }
    );
}

fn question_heading(no: &str, q: Option<&QuestionStatus>, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!("第 {} 题", escape(no)),
        Lang::En => format!("Question {}", escape(no)),
    };
    if let Some(q) = q {
        if !q.title.is_empty() && !q.placeholder {
            let _ = write!(s, " · {}", escape(&q.title));
        }
    } else {
        s.push_str(t(
            lang,
            "（问卷中没有这道题）",
            " (not in the questionnaire)",
        ));
    }
    s
}

fn defects(h: &mut String, r: &UnitReport, lang: Lang) {
    let pos: BTreeMap<&str, usize> = r
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.no.as_str(), i))
        .collect();
    let mut groups: BTreeMap<GroupKey, Vec<&Diagnostic>> = BTreeMap::new();
    let mut unit_level: Vec<&Diagnostic> = Vec::new();
    for d in &r.diagnostics {
        let key = match (&d.question, &d.file) {
            (Some(q), _) => match pos.get(q.as_str()) {
                Some(i) => GroupKey::Known(*i, q.clone()),
                None => GroupKey::Other(q.clone()),
            },
            (None, Some(_)) => GroupKey::NoQuestion,
            (None, None) => {
                unit_level.push(d);
                continue;
            }
        };
        groups.entry(key).or_default().push(d);
    }
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        t(lang, "问题清单（按题目）", "Findings by question")
    );
    if groups.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">{}</p>",
            t(
                lang,
                "各题文件未发现问题。",
                "No findings about the files of any question."
            )
        );
    }
    for (key, ds) in groups {
        let heading = match &key {
            GroupKey::Known(i, no) => question_heading(no, r.questions.get(*i), lang),
            GroupKey::Other(no) => question_heading(no, None, lang),
            GroupKey::NoQuestion => t(
                lang,
                "无法确定题目的文件",
                "Files whose question is not known",
            )
            .to_owned(),
        };
        let _ = writeln!(h, "<h3>{heading}</h3>");
        if let GroupKey::Known(i, _) = &key {
            if let Some(q) = r.questions.get(*i).filter(|q| !q.source.trim().is_empty()) {
                let _ = writeln!(
                    h,
                    "<p class=\"small\">{}{}</p>",
                    t(lang, "本题依据：", "What this question asks for: "),
                    escape(q.source.trim())
                );
            }
        }
        for g in group(ds) {
            if g.is_grouped() {
                defect_group(h, &g, lang);
            } else {
                defect(h, g.first(), lang, true);
            }
        }
    }
    if !unit_level.is_empty() {
        unit_level.sort_by_key(|d| d.severity);
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            t(lang, "整体性问题", "Findings about the whole submission")
        );
        for d in unit_level {
            defect(h, d, lang, false);
        }
    }
}

fn period_label(m: PeriodMode, lang: Lang) -> &'static str {
    match m {
        PeriodMode::Required => t(lang, "日期须在考评周期内", "dates must be in the period"),
        PeriodMode::Report => t(lang, "显示日期（不判定）", "dates shown, not judged"),
        PeriodMode::Off => t(lang, "不查日期", "dates not checked"),
    }
}

/// A question's title for the tables: empty when the scheme's title is a placeholder
/// (the page says so once, at the top).
fn shown_title(q: &QuestionStatus) -> String {
    if q.placeholder {
        String::new()
    } else {
        escape(&q.title)
    }
}

fn questions(h: &mut String, r: &UnitReport, lang: Lang) {
    if r.questions.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        t(lang, "各题提交情况与人工核对", "Questions: files given and manual checks"),
        t(lang, "题号", "No."),
        t(lang, "题目", "Question"),
        t(lang, "已提供的文件", "Files given"),
        t(lang, "要求", "Requirements"),
        t(lang, "仍需人工核对", "Still to check by hand"),
    );
    for q in r.questions.iter().filter(|q| !q.files.is_empty()) {
        let _ = write!(
            h,
            "<tr><td class=\"no\">{}</td><td>{}</td><td><ul>",
            escape(&q.no),
            shown_title(q)
        );
        for f in &q.files {
            let _ = write!(h, "<li class=\"file\">{}</li>", escape(f));
        }
        h.push_str("</ul></td><td>");
        if q.seal_required {
            let _ = write!(
                h,
                "<span class=\"tag\">{}</span>",
                t(lang, "须盖章、不可编辑", "sealed, non-editable")
            );
        }
        let _ = write!(
            h,
            "<span class=\"tag\">{}</span></td><td>",
            period_label(q.period, lang)
        );
        if q.manual.is_empty() {
            h.push_str("<span class=\"muted\">—</span>");
        } else {
            h.push_str("<ul>");
            for m in q.manual_in(lang) {
                let _ = write!(h, "<li>{}</li>", escape(m));
            }
            h.push_str("</ul>");
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    let missing: Vec<&QuestionStatus> = r.questions.iter().filter(|q| q.files.is_empty()).collect();
    if missing.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p>",
            t(lang, "每道题都提供了文件。", "Every question has files.")
        );
    } else {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<p class=\"small\">{}</p>\n<ul class=\"missing\">",
            match lang {
                Lang::Zh => format!("未提供文件的题目（{} 道）", missing.len()),
                Lang::En => format!("Questions without files ({})", missing.len()),
            },
            t(
                lang,
                "请确认这些题目确实无需佐证；需要的请按“单位-题目序号-佐证关键点”命名后补充。",
                "Check that these questions need no evidence; otherwise add files named “unit-number-key point”.",
            )
        );
        for q in missing {
            let _ = writeln!(
                h,
                "<li>{}{} {}</li>",
                t(lang, "第 ", "Question "),
                escape(&q.no),
                match (lang, shown_title(q).as_str()) {
                    (Lang::Zh, "") => "题".to_owned(),
                    (Lang::Zh, title) => format!("题 {title}"),
                    (Lang::En, title) => title.to_owned(),
                }
            );
        }
        h.push_str("</ul>\n");
    }
}

fn passed(h: &mut String, checks: &[CheckRun], lang: Lang) {
    if checks.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<ul>",
        t(lang, "已检查并通过的项目", "Checked and passed")
    );
    for c in checks.iter().filter(|c| c.findings == 0) {
        let line = match lang {
            Lang::Zh => format!(
                "{}：检查了 {} 个文件，未发现问题",
                c.rule.label(lang),
                c.files
            ),
            Lang::En => format!(
                "{}: {} files checked, nothing found",
                c.rule.label(lang),
                c.files
            ),
        };
        let _ = writeln!(h, "<li class=\"pass\">{}</li>", escape(&line));
    }
    for c in checks.iter().filter(|c| c.findings > 0) {
        let line = match lang {
            Lang::Zh => format!(
                "{}：检查了 {} 个文件，有 {} 项发现（见上文）",
                c.rule.label(lang),
                c.files,
                c.findings
            ),
            Lang::En => format!(
                "{}: {} files checked, {} findings (see above)",
                c.rule.label(lang),
                c.files,
                c.findings
            ),
        };
        let _ = writeln!(h, "<li class=\"fail muted\">{}</li>", escape(&line));
    }
    h.push_str("</ul>\n");
}

/// One line on a file's dates for the table.
pub(crate) fn dates_text(d: Option<&DateFacts>, lang: Lang) -> String {
    let Some(d) = d else {
        return "—".into();
    };
    if let Some(s) = d.summary(lang) {
        return s;
    }
    if !d.read.is_complete() {
        return d.read.describe(lang);
    }
    t(lang, "未找到日期", "no date found").into()
}

/// The metadata dates of a file (document properties, PDF info and XMP), shown under
/// its dates and marked as never deciding; `None` when there are none.
pub(crate) fn metadata_text(d: Option<&DateFacts>, lang: Lang) -> Option<String> {
    let d = d?;
    if d.metadata.is_empty() {
        return None;
    }
    let items: Vec<String> = d
        .metadata
        .iter()
        .take(4)
        .map(|m| format!("{} {}", m.location, m.start))
        .collect();
    Some(match lang {
        Lang::Zh => format!("元数据（仅供参考，不作判定）：{}", items.join("；")),
        Lang::En => format!(
            "metadata (for reference, never deciding): {}",
            items.join("; ")
        ),
    })
}

/// One line on a file's seal finding for the table.
pub(crate) fn seal_text(s: Option<&SealFacts>, lang: Lang) -> String {
    s.map(|s| s.summary(lang)).unwrap_or_else(|| "—".into())
}

fn files(h: &mut String, r: &UnitReport, lang: Lang) {
    let by_file = findings_by_file(&r.diagnostics);
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"all\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        match lang {
            Lang::Zh => format!("全部文件（{} 个）", r.files.len()),
            Lang::En => format!("All files ({})", r.files.len()),
        },
        t(lang, "文件", "File"),
        t(lang, "格式（按内容识别）", "Format (by content)"),
        t(lang, "大小", "Size"),
        t(lang, "题号", "No."),
        t(lang, "日期", "Dates"),
        t(lang, "公章", "Seal"),
        t(lang, "问题", "Findings"),
    );
    if r.files.is_empty() {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"7\" class=\"muted\">{}</td></tr>",
            t(lang, "没有找到文件。", "No files were found.")
        );
    }
    for f in &r.files {
        file_row(h, f, by_file.get(f.path.as_str()), lang);
    }
    h.push_str("</tbody>\n</table>\n");
}

fn file_row(h: &mut String, f: &FileFacts, mine: Option<&Vec<&Diagnostic>>, lang: Lang) {
    let mine: &[&Diagnostic] = mine.map(Vec::as_slice).unwrap_or(&[]);
    let has_error = mine.iter().any(|d| d.severity == Severity::Error);
    let _ = write!(
        h,
        "<tr{}><td class=\"file\">{}</td><td title=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"no\">{}</td><td>{}{}</td><td>{}</td><td>",
        if has_error { " class=\"has-error\"" } else { "" },
        escape(&f.path),
        escape(&f.format_basis),
        escape(f.format.display_name()),
        escape(&human_size(f.size)),
        escape(f.question.as_deref().unwrap_or("—")),
        escape(&dates_text(f.dates.as_ref(), lang)),
        metadata_text(f.dates.as_ref(), lang)
            .map(|m| format!("<br><span class=\"muted\">{}</span>", escape(&m)))
            .unwrap_or_default(),
        escape(&seal_text(f.seal.as_ref(), lang)),
    );
    if mine.is_empty() {
        h.push_str("<span class=\"muted\">—</span>");
    }
    for d in mine {
        let _ = write!(
            h,
            "<span class=\"tag\">{} {}</span>",
            escape(d.code.id),
            d.severity.label(lang)
        );
    }
    h.push_str("</td></tr>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::SealKind;

    #[test]
    fn escapes_hostile_text() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a&b", "a&amp;b"),
            ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
            ("a<b>.pdf", "a&lt;b&gt;.pdf"),
            ("东双河镇-04-建筑面积.pdf", "东双河镇-04-建筑面积.pdf"),
            ("nul\u{0}bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"),
            ("tab\tline\n", "tab\tline\n"),
            ("&amp;", "&amp;amp;"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "escaping {input:?}");
        }
    }

    #[test]
    fn os_errors_in_findings_are_said_in_the_report_language() {
        let raw = std::io::Error::from_raw_os_error(2);
        let d = Diagnostic::new(
            &crate::checks::unreadable::U001,
            Some("a.pdf"),
            crate::diag::Text::new(format!("无法读取: {raw}"), format!("cannot read: {raw}")),
            crate::diag::Text::new("x", "x"),
        );
        let mut h = String::new();
        defect(&mut h, &d, Lang::Zh, true);
        assert!(h.contains("无法读取: 找不到该文件或文件夹"), "{h}");
        assert!(!h.contains("os error"));
        let mut h = String::new();
        defect(&mut h, &d, Lang::En, true);
        assert!(h.contains("cannot read: no such file or folder"), "{h}");
    }

    #[test]
    fn seal_lines() {
        let found = SealFacts {
            found: true,
            kind: Some(SealKind::Scanned),
            page: Some(2),
            confidence: 0.9,
            read: crate::outcome::ReadOutcome::Complete,
            position: None,
            searched: 1,
            pages_searched: vec![],
            shape: None,
        };
        let zh = seal_text(Some(&found), Lang::Zh);
        assert!(zh.contains("检测到公章") && zh.contains("第 2 页"), "{zh}");
        let en = seal_text(Some(&found), Lang::En);
        assert!(en.contains("seal found") && en.contains("page 2"), "{en}");
        let unknown = SealFacts {
            found: false,
            kind: None,
            page: None,
            confidence: 0.0,
            read: crate::outcome::ReadOutcome::Encrypted,
            position: None,
            searched: 0,
            pages_searched: vec![],
            shape: None,
        };
        assert!(seal_text(Some(&unknown), Lang::Zh).contains("文件设有打开密码"));
        assert_eq!(seal_text(None, Lang::Zh), "—");
    }

    #[test]
    fn date_lines() {
        assert_eq!(dates_text(None, Lang::Zh), "—");
        let empty = DateFacts::default();
        assert_eq!(dates_text(Some(&empty), Lang::Zh), "未找到日期");
        let noted = DateFacts {
            read: crate::outcome::ReadOutcome::Encrypted,
            ..DateFacts::default()
        };
        assert_eq!(
            dates_text(Some(&noted), Lang::En),
            "the file needs a password to open"
        );
        assert_eq!(metadata_text(Some(&noted), Lang::Zh), None);
        let mut legacy = noted.clone();
        for (loc, day) in [
            ("文档属性 创建时间", "2021-08-18"),
            ("文档属性 最后保存时间", "2021-08-19"),
        ] {
            let d: crate::dates::Date = day.parse().unwrap();
            legacy.metadata.push(crate::dates::FoundDate {
                start: d,
                end: d,
                text: day.into(),
                location: loc.into(),
                kind: crate::dates::parse::DateKind::Day,
                source: crate::dates::found::DateSource::Text,
                background: false,
                role: Default::default(),
            });
        }
        assert_eq!(
            metadata_text(Some(&legacy), Lang::Zh).as_deref(),
            Some("元数据（仅供参考，不作判定）：文档属性 创建时间 2021-08-18；文档属性 最后保存时间 2021-08-19")
        );
        assert_eq!(
            dates_text(Some(&legacy), Lang::En),
            "the file needs a password to open"
        );
    }
}
