//! `index.html`: the office's overview of a run, one self-contained page.
//!
//! At the top the district in numbers (units checked, in the roster, not submitted,
//! files, errors, warnings, and what changed since the last run when that is known),
//! a chart of findings by rule family and a chart of the units with the most errors
//! (inline SVG drawn here); below, one row per unit — the roster's units that submitted
//! nothing included — sortable by any column and filterable by kind and by
//! 有错误 / 无错误 / 未提交, each submitted unit linking to its report. A small inline
//! script sorts and filters; the page reads the same without it, and the URL fragment
//! (`#sort=errors&dir=desc&status=error&kind=区直部门`) sets the sort and the filters
//! when the page opens. Same look as the unit reports; prints on A4 landscape.

use super::html::{escape, run_line, CSS};
use super::summary::{change_total, changes_known, not_submitted};
use super::{Summary, UnitReport};
use crate::diag::{Lang, RuleFamily, Severity};
use crate::rules::Rules;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

const EXTRA_CSS: &str = r#"
main{max-width:1400px}
.chart{margin:8px 0 16px}
.chart svg{max-width:100%;height:auto}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.charts figure{margin:0;flex:1 1 480px}
figcaption{font-weight:bold;margin-bottom:4px}
.controls{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:8px 0}
.controls select{font-size:14px;padding:2px 6px}
#units th{cursor:pointer;user-select:none}
#units th[aria-sort=ascending]::after{content:" ▲"}
#units th[aria-sort=descending]::after{content:" ▼"}
tr.missing td{background:#fff8f0;color:#6e7781}
.count.new .n{color:#cf222e}.count.fixed .n{color:#1a7f37}
@page{size:A4 landscape;margin:10mm}
@media print{.controls{display:none}main{max-width:none}.charts figure{flex:1 1 45%}}
"#;

const SCRIPT: &str = r#"
(function(){
var table=document.getElementById('units');if(!table)return;
var tb=table.tBodies[0],rows=[].slice.call(tb.rows),ths=[].slice.call(table.tHead.rows[0].cells);
var fk=document.getElementById('f-kind'),fs=document.getElementById('f-status'),shown=document.getElementById('shown');
function apply(){var k=fk.value,s=fs.value,n=0;rows.forEach(function(r){var ok=(!k||r.getAttribute('data-kind')===k)&&(!s||r.getAttribute('data-status')===s);r.hidden=!ok;if(ok)n++;});shown.textContent=n;}
function val(r,i){var c=r.cells[i];var v=c.getAttribute('data-v');return v===null?c.textContent:v;}
function sort(i,dir){var num=ths[i].getAttribute('data-type')==='num';
rows.sort(function(a,b){var x=val(a,i),y=val(b,i);var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'zh-CN');return dir*c||(rows.indexOf(a)-rows.indexOf(b));});
rows.forEach(function(r){tb.appendChild(r);});
ths.forEach(function(th,j){if(j===i)th.setAttribute('aria-sort',dir>0?'ascending':'descending');else th.removeAttribute('aria-sort');});}
ths.forEach(function(th,i){th.addEventListener('click',function(){sort(i,th.getAttribute('aria-sort')==='descending'?1:(th.getAttribute('aria-sort')==='ascending'?-1:(th.getAttribute('data-type')==='num'?-1:1)));});});
fk.addEventListener('change',apply);fs.addEventListener('change',apply);
var p={};location.hash.replace(/^#/,'').split('&').forEach(function(kv){var i=kv.indexOf('=');if(i>0)p[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1));});
if(p.kind!==undefined)fk.value=p.kind;if(p.status!==undefined)fs.value=p.status;
if(p.sort){ths.forEach(function(th,i){if(th.getAttribute('data-key')===p.sort)sort(i,p.dir==='asc'?1:-1);});}
apply();
})();
"#;

/// Percent-encodes a path segment for a relative link.
fn href_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A horizontal bar chart as inline SVG: one bar per item, its number at its end.
pub fn bar_chart(title: &str, items: &[(String, usize)], color: &str) -> String {
    const W: usize = 640;
    const LABEL: usize = 170;
    const ROW: usize = 24;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let h = items.len() * ROW + 8;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" font-size=\"13\" font-family=\"Microsoft YaHei,Noto Sans CJK SC,sans-serif\"><title>{}</title>",
        escape(title)
    );
    let span = W - LABEL - 60;
    for (i, (label, n)) in items.iter().enumerate() {
        let y = i * ROW + 4;
        let w = if *n == 0 { 0 } else { (n * span / max).max(2) };
        let short: String = if label.chars().count() > 12 {
            label.chars().take(11).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            "<g><title>{}: {n}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"{}\" data-n=\"{n}\">{n}</text></g>",
            escape(label),
            LABEL - 6,
            y + 16,
            escape(&short),
            ROW - 6,
            LABEL + w + 4,
            y + 16
        );
    }
    s.push_str("</svg>");
    s
}

/// The most frequent error of a unit (else warning), in words, with how often.
fn top_problem(u: &UnitReport, lang: Lang) -> String {
    for sev in [Severity::Error, Severity::Warning] {
        let mut by: BTreeMap<&crate::diag::Code, (usize, &crate::diag::Diagnostic)> =
            BTreeMap::new();
        for d in u.diagnostics.iter().filter(|d| d.severity == sev) {
            by.entry(d.code).or_insert((0, d)).0 += 1;
        }
        if let Some((_, (n, d))) = by
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
        {
            let title = d.title(lang);
            return match lang {
                Lang::Zh => format!("{title}（{n} 处）"),
                Lang::En => format!("{title} ({n})"),
            };
        }
    }
    String::new()
}

fn card(h: &mut String, class: &str, key: &str, n: usize, label: &str) {
    let _ = write!(
        h,
        "<div class=\"count {class}\" data-k=\"{key}\"><span class=\"n\">{n}</span>{}</div>",
        escape(label)
    );
}

/// The overview page of a run.
pub fn page(s: &Summary, units: &[UnitReport], rules: &Rules, lang: Lang) -> String {
    let mut h = String::with_capacity(32 * 1024);
    let title = match lang {
        Lang::Zh => format!("{} 佐证材料检查总览", s.scheme.name),
        Lang::En => format!("{}: evidence check overview", s.scheme.name),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}{EXTRA_CSS}</style>\n</head>\n<body>\n<main>\n",
        t(lang, "zh-CN", "en"),
        escape(&title)
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"unit\">{}</p>\n<p class=\"small\">{}</p>",
        t(lang, "佐证材料检查总览", "Evidence check overview"),
        escape(&s.scheme.name),
        escape(&run_line(&s.checked_at, &s.scheme, s.tool_version, lang))
    );
    let missing = not_submitted(s, lang);
    let in_roster = s.rows.iter().filter(|r| r.in_roster).count() + missing.len();
    let files: usize = s.rows.iter().map(|r| r.files).sum();
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"counts\">",
        t(lang, "总体情况", "In numbers")
    );
    card(
        &mut h,
        "",
        "units",
        s.rows.len(),
        t(lang, "已检查单位", "units checked"),
    );
    card(
        &mut h,
        "",
        "roster",
        in_roster,
        t(lang, "名单中单位", "units in the roster"),
    );
    card(
        &mut h,
        "warning",
        "not_submitted",
        missing.len(),
        t(lang, "未提交单位", "not submitted"),
    );
    card(&mut h, "", "files", files, t(lang, "文件", "files"));
    card(
        &mut h,
        "error",
        "errors",
        s.totals.error,
        t(lang, "错误", "errors"),
    );
    card(
        &mut h,
        "warning",
        "warnings",
        s.totals.warning,
        t(lang, "警告", "warnings"),
    );
    let changes = changes_known(s);
    if changes {
        card(
            &mut h,
            "new",
            "new_errors",
            change_total(s, |c| c.new.len()),
            t(lang, "较上次新增错误", "new errors since last run"),
        );
        card(
            &mut h,
            "fixed",
            "fixed_errors",
            change_total(s, |c| c.fixed.len()),
            t(lang, "较上次已改正错误", "errors fixed since last run"),
        );
    }
    h.push_str("</div>\n");
    if changes {
        let since = s
            .rows
            .iter()
            .find_map(|r| r.changes.as_ref().map(|c| c.since.clone()))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<h2>{}</h2>\n<p class=\"small\">{}{}</p>\n<ul class=\"changes\">",
            t(lang, "较上次检查的变化", "Since the last run"),
            t(lang, "上次检查：", "last run: "),
            escape(&crate::output::checked_at_display(&since, lang))
        );
        let mut any = false;
        for r in &s.rows {
            let Some(c) = &r.changes else { continue };
            if c.new.is_empty() && c.fixed.is_empty() {
                continue;
            }
            any = true;
            let line = match lang {
                Lang::Zh => format!(
                    "{}：新增错误 {} 个，已改正 {} 个",
                    r.unit,
                    c.new.len(),
                    c.fixed.len()
                ),
                Lang::En => format!(
                    "{}: {} new errors, {} fixed",
                    r.unit,
                    c.new.len(),
                    c.fixed.len()
                ),
            };
            let _ = write!(h, "<li>{}</li>", escape(&line));
        }
        if !any {
            let _ = write!(
                h,
                "<li>{}</li>",
                t(lang, "各单位的错误与上次相同", "no unit's errors changed")
            );
        }
        h.push_str("</ul>\n");
    }

    // Charts.
    let families: Vec<(String, usize)> = RuleFamily::ALL
        .iter()
        .map(|f| (f.label(lang).to_owned(), s.totals.rule(*f)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut worst: Vec<(String, usize)> = s
        .rows
        .iter()
        .filter(|r| r.counts.error > 0)
        .map(|r| (r.unit.clone(), r.counts.error))
        .collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    worst.truncate(10);
    let _ = writeln!(
        h,
        "<h2>{}</h2>",
        t(lang, "问题分布", "Where the findings are")
    );
    h.push_str("<div class=\"charts\">");
    let chart1 = t(lang, "各类规则发现的问题数", "Findings by rule family");
    let _ = write!(
        h,
        "<figure class=\"chart\" id=\"chart-rules\"><figcaption>{chart1}</figcaption>"
    );
    if families.is_empty() {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>",
            t(lang, "未发现问题", "nothing found")
        );
    } else {
        h.push_str(&bar_chart(chart1, &families, "#57606a"));
    }
    h.push_str("</figure>");
    let chart2 = t(lang, "错误最多的单位", "Units with the most errors");
    let _ = write!(
        h,
        "<figure class=\"chart\" id=\"chart-units\"><figcaption>{chart2}</figcaption>"
    );
    if worst.is_empty() {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>",
            t(lang, "没有单位有错误", "no unit has errors")
        );
    } else {
        h.push_str(&bar_chart(chart2, &worst, "#cf222e"));
    }
    h.push_str("</figure></div>\n");

    // The table.
    let mut kinds: Vec<String> = s.rows.iter().map(|r| r.kind.clone()).collect();
    for m in &missing {
        if let Some(u) = rules.find_unit(&m.unit) {
            kinds.push(u.kind.clone());
        }
    }
    kinds.retain(|k| !k.is_empty());
    kinds.sort();
    kinds.dedup();
    let _ = write!(
        h,
        "<h2>{}</h2>\n<div class=\"controls\"><label>{} <select id=\"f-kind\"><option value=\"\">{}</option>",
        t(lang, "各单位情况", "Units"),
        t(lang, "单位类型", "Kind"),
        t(lang, "全部", "all")
    );
    for k in &kinds {
        let _ = write!(h, "<option value=\"{0}\">{0}</option>", escape(k));
    }
    let _ = writeln!(
        h,
        "</select></label><label>{} <select id=\"f-status\"><option value=\"\">{}</option>\
         <option value=\"error\">{}</option><option value=\"clean\">{}</option><option value=\"missing\">{}</option>\
         </select></label><span class=\"small\">{} <span id=\"shown\">{}</span></span></div>",
        t(lang, "状态", "Status"),
        t(lang, "全部", "all"),
        t(lang, "有错误", "with errors"),
        t(lang, "无错误", "no errors"),
        t(lang, "未提交", "not submitted"),
        t(lang, "显示单位数：", "units shown:"),
        s.rows.len() + missing.len()
    );
    let mut cols: Vec<(&str, &str, &str)> = vec![
        ("unit", "txt", t(lang, "单位", "Unit")),
        ("kind", "txt", t(lang, "类型", "Kind")),
        ("group", "txt", t(lang, "分组", "Group")),
        ("files", "num", t(lang, "文件", "Files")),
        ("errors", "num", t(lang, "错误", "Errors")),
        ("warnings", "num", t(lang, "警告", "Warnings")),
        ("missing", "num", t(lang, "缺题", "Missing questions")),
    ];
    if changes {
        cols.push(("new", "num", t(lang, "新增错误", "New errors")));
        cols.push(("fixed", "num", t(lang, "已改正", "Fixed")));
    }
    cols.push(("top", "txt", t(lang, "主要问题", "Top problem")));
    cols.push(("checked", "txt", t(lang, "检查时间", "Checked")));
    h.push_str("<table id=\"units\">\n<thead><tr>");
    for (key, ty, label) in &cols {
        let _ = write!(h, "<th data-key=\"{key}\" data-type=\"{ty}\">{label}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let by_unit: BTreeMap<&str, &UnitReport> = units.iter().map(|u| (u.unit.as_str(), u)).collect();
    let when = crate::output::checked_at_display(&s.checked_at, lang);
    for r in &s.rows {
        let status = if r.counts.error > 0 { "error" } else { "clean" };
        let group = rules
            .find_unit(&r.unit)
            .map(|u| u.group.clone())
            .unwrap_or_default();
        let top = by_unit
            .get(r.unit.as_str())
            .map(|u| top_problem(u, lang))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr class=\"{}\" data-kind=\"{}\" data-status=\"{status}\" data-unit=\"{}\">\
             <td><a href=\"{}/report.html\">{}</a></td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            if status == "error" { "has-error" } else { "" },
            escape(&r.kind),
            escape(&r.unit),
            href_segment(&r.report_dir),
            escape(&r.unit),
            escape(&r.kind),
            escape(&group),
            r.files,
            r.counts.error,
            r.counts.warning,
            r.missing_questions
        );
        if changes {
            match &r.changes {
                Some(c) => {
                    let _ = write!(
                        h,
                        "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                        c.new.len(),
                        c.fixed.len()
                    );
                }
                None => h.push_str("<td data-v=\"-1\"></td><td data-v=\"-1\"></td>"),
            }
        }
        let _ = writeln!(
            h,
            "<td>{}</td><td>{}</td></tr>",
            escape(&top),
            escape(&when)
        );
    }
    for m in &missing {
        let (kind, group) = rules
            .find_unit(&m.unit)
            .map(|u| (u.kind.clone(), u.group.clone()))
            .unwrap_or_default();
        let empty = "<td data-v=\"-1\"></td>".repeat(if changes { 6 } else { 4 });
        let _ = writeln!(
            h,
            "<tr class=\"missing\" data-kind=\"{}\" data-status=\"missing\" data-unit=\"{}\">\
             <td>{}</td><td>{}</td><td>{}</td>{empty}<td>{}</td><td></td></tr>",
            escape(&kind),
            escape(&m.unit),
            escape(&m.unit),
            escape(&kind),
            escape(&group),
            t(lang, "未提交材料", "submitted nothing")
        );
    }
    h.push_str("</tbody>\n</table>\n");
    let _ = write!(
        h,
        "<footer>{}</footer>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        escape(&run_line(&s.checked_at, &s.scheme, s.tool_version, lang))
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_input_is_escaped() {
        use crate::report::{Counts, SchemeInfo, SummaryRow};
        let rules = Rules::builtin().unwrap();
        let s = Summary {
            tool_version: "0",
            checked_at: "2022-11-01T01:30:00Z".into(),
            scheme: SchemeInfo {
                id: rules.id.clone(),
                name: "<i>方案</i>".into(),
                origin: "built-in".into(),
                period: rules.period,
            },
            rows: vec![SummaryRow {
                unit: "<script>alert(1)</script>\"局".into(),
                kind: "<b>".into(),
                in_roster: false,
                files: 1,
                missing_questions: 0,
                counts: Counts::default(),
                report_dir: "<script>".into(),
                changes: None,
                haocha: None,
            }],
            diagnostics: Vec::new(),
            totals: Counts::default(),
            roster_kinds: Default::default(),
        };
        let h = page(&s, &[], &rules, Lang::Zh);
        assert!(!h.contains("<script>alert") && !h.contains("<b>") && !h.contains("<i>"));
        assert_eq!(
            h.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(h.contains("href=\"%3Cscript%3E/report.html\""));
    }

    #[test]
    fn links_are_encoded_and_charts_escaped() {
        assert_eq!(
            href_segment("区民政局 #1?"),
            "%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80%20%231%3F"
        );
        let svg = bar_chart("<t>", &[("<b>".into(), 3), ("x".into(), 0)], "#000");
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("data-n=\"3\"") && svg.contains("data-n=\"0\""));
    }
}
