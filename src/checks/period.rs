//! The `period` rule family: evidence dated outside the assessment period.
//!
//! Only questions whose period mode is `required` are judged (`report` shows the dates
//! in the report and says nothing; `off` does not look). Which dates decide, so that
//! a document citing a 2020 policy as background does not fail:
//!
//! 1. **Record lists** (a spreadsheet column mostly of dates: 工单, 台账): each dated
//!    row is a record; a record is outside when its dates do not touch the period.
//!    Any record outside → `P001` error naming the first [`SHOWN`] with their cells
//!    and counting the rest. Other dates of the workbook are then ignored.
//! 2. **Photos**: the EXIF capture time outside the period → `P002` warning (camera
//!    clocks are sometimes wrong).
//! 3. **Documents** (PDF, Word, OFD, text, spreadsheets without record lists): the
//!    document's own dates decide: day and month dates not written in citation
//!    context (`根据…`, `《…》`, `…印发`, see `dates::parse`). Years (`2022年度`) never
//!    decide. A month counts as inside when it overlaps the period.
//!    - all own dates outside → `P001` error;
//!    - some inside, some outside → `P004`: a warning when most are outside, an info
//!      when they are mentioned in passing;
//!    - no own date in the content → the file name's dates decide the same way.
//! 4. **Nothing found** (or only cited dates, or the content could not be read: a
//!    scan, an encrypted file, a legacy `.doc`) → `P003` info asking for a look by hand.
//!
//! Metadata dates (PDF creation date, Word core properties) never decide.

#![warn(missing_docs)]

use super::FileContext;
use crate::dates::found::{
    DateFacts, DateRole, DateSource, Deciding, FoundDate, MODIFIED_LOCATION,
};
use crate::dates::parse::DateKind;
use crate::dates::{Date, DateRange};
use crate::diag::{Code, Diagnostic, Lang, RuleFamily, Severity, Text};
use crate::facts::FileFacts;
use crate::rules::PeriodMode;

const BASIS: &str = "考评周期 2022年1月1日至2022年10月31日。填报的相关案例佐证、清单佐证、系统工单所属时间应在评价时间范围内。若无特殊说明，一般均为评价期内。";

/// `P001`: evidence dated outside the assessment period.
pub const P001: Code = Code {
    id: "P001",
    rule: RuleFamily::Period,
    severity: Severity::Error,
    title_zh: "佐证所属时间在考评周期外",
    title_en: "evidence dated outside the assessment period",
    basis: BASIS,
};

/// `P002`: photo taken outside the assessment period.
pub const P002: Code = Code {
    id: "P002",
    rule: RuleFamily::Period,
    severity: Severity::Error,
    title_zh: "照片拍摄时间在考评周期外",
    title_en: "photo taken outside the assessment period",
    basis: BASIS,
};

/// `P003`: no date found in the evidence.
pub const P003: Code = Code {
    id: "P003",
    rule: RuleFamily::Period,
    severity: Severity::Info,
    title_zh: "未找到佐证所属日期",
    title_en: "no date found in the evidence",
    basis: BASIS,
};

/// `P004`: some dates outside the assessment period.
pub const P004: Code = Code {
    id: "P004",
    rule: RuleFamily::Period,
    severity: Severity::Warning,
    title_zh: "部分日期在考评周期外",
    title_en: "some dates outside the assessment period",
    basis: BASIS,
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[&P001, &P002, &P003, &P004];

/// How many outside dates or records a message names.
pub const SHOWN: usize = 5;

fn period_text(p: &DateRange) -> (String, String) {
    (
        format!("{} 至 {}", p.start, p.end),
        format!("{} to {}", p.start, p.end),
    )
}

fn span(r: &DateRange) -> String {
    if r.start == r.end {
        r.start.to_string()
    } else {
        format!("{}..{}", r.start, r.end)
    }
}

/// `第3页「2021年12月30日」` for a found date; for a period reaching past the
/// assessment period, which part does (`2022-11-01..2022-11-30 在周期外`).
fn describe(d: &FoundDate, period: &DateRange) -> (String, String) {
    let r = d.range();
    let part = if r.start != r.end && r.overlaps(period) {
        let (a, b) = if r.end > period.end {
            (period.end.max(r.start), r.end)
        } else {
            (r.start, period.start.min(r.end))
        };
        let a = if r.end > period.end { next_day(a) } else { a };
        let b = if r.end > period.end { b } else { prev_day(b) };
        (
            format!("（其中 {a}..{b} 在周期外）"),
            format!(" ({a}..{b} outside)"),
        )
    } else {
        (String::new(), String::new())
    };
    (
        format!("{}「{}」{}", d.location, d.text, part.0),
        format!("{} \"{}\" ({}){}", d.location, d.text, span(&r), part.1),
    )
}

fn next_day(d: Date) -> Date {
    Date::new(d.year, d.month, d.day + 1)
        .or_else(|| Date::new(d.year, d.month + 1, 1))
        .or_else(|| Date::new(d.year + 1, 1, 1))
        .unwrap_or(d)
}

fn prev_day(d: Date) -> Date {
    if d.day > 1 {
        return Date::new(d.year, d.month, d.day - 1).unwrap_or(d);
    }
    if d.month > 1 {
        return Date::last_of_month(d.year, d.month - 1).unwrap_or(d);
    }
    Date::new(d.year - 1, 12, 31).unwrap_or(d)
}

/// Whether a date of the body counts as inside: a day or a month touching the
/// period does; a run of months (`2022年1-11月`, `2022年第四季度`) is a period the
/// document reports on and must lie within it.
fn reported_within(d: &FoundDate, period: &DateRange) -> bool {
    let r = d.range();
    let run_of_months = d.kind == DateKind::Month && r.start.month != r.end.month;
    if run_of_months {
        period.contains(r.start) && period.contains(r.end)
    } else {
        r.overlaps(period)
    }
}

/// Joins the first [`SHOWN`] items and counts the rest.
fn list(items: &[(String, String)], total: usize) -> (String, String) {
    let zh: Vec<&str> = items.iter().take(SHOWN).map(|x| x.0.as_str()).collect();
    let en: Vec<&str> = items.iter().take(SHOWN).map(|x| x.1.as_str()).collect();
    let rest = total.saturating_sub(zh.len());
    let mut z = zh.join("、");
    let mut e = en.join(", ");
    if rest > 0 {
        z.push_str(&format!(" 等，另有 {rest} 处"));
        e.push_str(&format!(" and {rest} more"));
    }
    (z, e)
}

/// Judges the dates found in one file.
pub fn check(f: &FileFacts, ctx: &FileContext) -> Vec<Diagnostic> {
    let Some(q) = ctx.question else {
        return Vec::new();
    };
    if q.period != PeriodMode::Required {
        return Vec::new();
    }
    let Some(d) = &f.dates else {
        return Vec::new();
    };
    // A file that could not be read for dates gets its `unreadable` finding; saying
    // here that no date was found would be untrue.
    if d.read.is_failure() || f.read.is_failure() {
        return Vec::new();
    }
    judge(d, &ctx.rules.period, &f.path).into_iter().collect()
}

/// The verdict on a file's dates against `period` (the policy of the module docs).
pub fn judge(d: &DateFacts, period: &DateRange, path: &str) -> Option<Diagnostic> {
    let (pz, pe) = period_text(period);
    if d.record_count() > 0 {
        return records(d, period, path, &pz, &pe);
    }
    let (chosen, why) = d.deciding();
    if chosen.is_empty() {
        return Some(no_date(d, path));
    }
    let (out, inside): (Vec<&FoundDate>, Vec<&FoundDate>) = match why {
        // The evidence's own date: a period it reports on must lie within the
        // assessment period, not merely touch it.
        Deciding::Signed | Deciding::Heading | Deciding::Capture => chosen
            .iter()
            .partition(|x| !(period.contains(x.start) && period.contains(x.end))),
        _ => chosen.iter().partition(|x| !reported_within(x, period)),
    };
    if out.is_empty() {
        return None;
    }
    let items: Vec<(String, String)> = out.iter().map(|x| describe(x, period)).collect();
    let (lz, le) = list(&items, out.len());
    if why == Deciding::Capture {
        let modified = out.iter().any(|x| x.location == MODIFIED_LOCATION);
        let (nz, ne) = if modified {
            (
                "（照片无拍摄时间，此为 EXIF DateTime 修改时间）",
                " (the photo has no capture time: this is the EXIF DateTime modification time)",
            )
        } else {
            ("", "")
        };
        return Some(
            Diagnostic::new(
                &P002,
                Some(path),
                Text::new(
                    format!("照片拍摄时间 {lz} 不在考评周期（{pz}）内{nz}"),
                    format!("photo taken {le}, outside the assessment period ({pe}){ne}"),
                ),
                Text::new(
                    "请确认照片拍摄于考评周期内（相机时钟可能有误）；如不是，请更换为考评周期内的照片",
                    "make sure the photo was taken within the period (the camera clock may be wrong); otherwise replace it with one from the period",
                ),
            )
            .with_severity(if modified {
                Severity::Warning
            } else {
                Severity::Error
            }),
        );
    }
    if matches!(why, Deciding::Signed | Deciding::Heading) {
        let labelled = chosen.iter().all(|x| x.role == DateRole::Labelled);
        let (wz, we) = if why == Deciding::Signed {
            ("落款日期", "the signature date")
        } else if labelled {
            ("佐证标注的日期", "the date the evidence states for itself")
        } else {
            ("标题/版头日期", "the title or header date")
        };
        let ignored = d.ignored().len();
        let (iz, ie) = if ignored > 0 {
            (
                format!("（正文中另有 {ignored} 处日期为引用、背景或正文叙述，未计入）"),
                format!(
                    " ({ignored} cited, background or narrative dates in the text not counted)"
                ),
            )
        } else {
            (String::new(), String::new())
        };
        return Some(Diagnostic::new(
            &P001,
            Some(path),
            Text::new(
                format!("{wz}不在考评周期（{pz}）内：{lz}{iz}"),
                format!("{we} is outside the assessment period ({pe}): {le}{ie}"),
            ),
            Text::new(
                "佐证的所属时间须在考评周期内：请更换为考评周期内的佐证；如日期写错，请更正后重新提交",
                "the evidence must belong to the period: replace it with evidence from the period, or correct a wrong date and resubmit",
            ),
        ));
    }
    if inside.is_empty() {
        let from_name = out.iter().all(|x| x.source == DateSource::FileName);
        let what = if from_name {
            ("文件名中的日期", "the dates in the file name")
        } else {
            ("佐证中的日期", "the dates in the evidence")
        };
        return Some(Diagnostic::new(
            &P001,
            Some(path),
            Text::new(
                format!("{}均不在考评周期（{pz}）内：{lz}", what.0),
                format!("{} are all outside the assessment period ({pe}): {le}", what.1),
            ),
            Text::new(
                "案例、清单、系统工单的所属时间须在考评周期内：请更换为考评周期内的佐证；如日期写错，请更正后重新提交",
                "case, list and work-order evidence must belong to the period: replace it with evidence from the period, or correct a wrong date and resubmit",
            ),
        ));
    }
    let severity = if out.len() > inside.len() {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(
        Diagnostic::new(
            &P004,
            Some(path),
            Text::new(
                format!(
                    "{} 处日期在考评周期（{pz}）外：{lz}；另有 {} 处在周期内",
                    out.len(),
                    inside.len()
                ),
                format!(
                    "{} dates outside the assessment period ({pe}): {le}; {} inside",
                    out.len(),
                    inside.len()
                ),
            ),
            Text::new(
                "请核对这些日期是否为佐证事项的发生时间：如是引用的背景材料可忽略；如佐证事项发生在周期外，请更换",
                "check whether these dates are when the evidenced work happened: background references can be ignored; evidence of work outside the period must be replaced",
            ),
        )
        .with_severity(severity),
    )
}

fn records(
    d: &DateFacts,
    period: &DateRange,
    path: &str,
    pz: &str,
    pe: &str,
) -> Option<Diagnostic> {
    let mut items = Vec::new();
    let mut outside = 0usize;
    for l in &d.records {
        for r in &l.rows {
            let range = DateRange {
                start: r.start,
                end: r.end,
            };
            if !range.overlaps(period) {
                outside += 1;
                if items.len() < SHOWN {
                    let cell = l.cell_ref(r);
                    let when = span(&range);
                    items.push((format!("{cell}（{when}）"), format!("{cell} ({when})")));
                }
            }
        }
    }
    if outside == 0 {
        return None;
    }
    let total = d.record_count();
    let (lz, le) = list(&items, outside);
    Some(Diagnostic::new(
        &P001,
        Some(path),
        Text::new(
            format!("共 {total} 条记录中有 {outside} 条不在考评周期（{pz}）内：{lz}"),
            format!("{outside} of {total} records are outside the assessment period ({pe}): {le}"),
        ),
        Text::new(
            "清单、系统工单只应包含考评周期内的记录：请删除周期外的记录后重新提交",
            "lists and work orders may only hold records from the period: remove the records outside it and resubmit",
        ),
    ))
}

fn no_date(d: &DateFacts, path: &str) -> Diagnostic {
    let (why_zh, why_en) = match &d.read {
        r if !r.is_complete() => (r.describe(Lang::Zh), r.describe(Lang::En)),
        _ if d.found.iter().any(|x| x.background) => (
            "只找到引用文件的日期".to_owned(),
            "only dates of cited documents were found".to_owned(),
        ),
        _ => ("未找到日期".to_owned(), "no date was found".to_owned()),
    };
    Diagnostic::new(
        &P003,
        Some(path),
        Text::new(
            format!("{why_zh}，无法判断佐证是否属于考评周期"),
            format!("{why_en}: cannot tell whether the evidence belongs to the assessment period"),
        ),
        Text::new(
            "未找到日期，请人工核对佐证所属时间；建议在佐证中写明事项发生日期",
            "no date found: check by hand when the evidence is from; state the date of the work in the evidence",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::extract;
    use crate::identify::Format;

    fn period() -> DateRange {
        DateRange {
            start: "2022-01-01".parse().unwrap(),
            end: "2022-10-31".parse().unwrap(),
        }
    }

    fn verdict(text: &str, name: &str) -> Option<(&'static str, Severity)> {
        let d = extract(text.as_bytes(), Format::Text, name);
        judge(&d, &period(), "x").map(|x| (x.code.id, x.severity))
    }

    #[test]
    fn document_policy() {
        type Case<'a> = (&'a str, &'a str, Option<(&'a str, Severity)>);
        let cases: &[Case] = &[
            ("2022年3月5日开展巡查，2022年6月1日复查。", "a.txt", None),
            (
                "2021年11月5日开展巡查。",
                "a.txt",
                Some(("P001", Severity::Error)),
            ),
            (
                "2022年11月5日开展巡查，2022年12月1日复查。",
                "a.txt",
                Some(("P001", Severity::Error)),
            ),
            (
                "根据2020年5月1日印发的《实施方案》，2022年3月5日开展巡查。",
                "a.txt",
                None,
            ),
            (
                "依据《湛江市2020年3月工作要点》开展工作。",
                "a.txt",
                Some(("P003", Severity::Info)),
            ),
            (
                "本单位2022年度工作总结",
                "a.txt",
                Some(("P003", Severity::Info)),
            ),
            ("没有日期", "a.txt", Some(("P003", Severity::Info))),
            (
                "2022年3月5日巡查，2022年4月1日复查，上年同期2021年3月5日。",
                "a.txt",
                Some(("P004", Severity::Info)),
            ),
            (
                "2021年3月5日巡查，2021年4月1日复查，2022年3月1日总结。",
                "a.txt",
                Some(("P004", Severity::Warning)),
            ),
            // A dated title line is the document's own date: reaching into November,
            // it is out (a reported period must lie within the assessment period).
            (
                "2022年10月工作（跨月到2022年11月）",
                "a.txt",
                Some(("P001", Severity::Error)),
            ),
            (
                "2022年10月工作，跨月到2022年11月。\n\n\n\n\n另：2022年3月5日巡查。",
                "a.txt",
                Some(("P004", Severity::Info)),
            ),
            (
                "没有日期",
                "单位-04-2021年12月巡查.txt",
                Some(("P001", Severity::Error)),
            ),
            ("没有日期", "单位-04-2022年3月巡查.txt", None),
            ("2022年3月5日巡查", "单位-04-2021年12月巡查.txt", None),
            (
                "湛府办〔2020〕5号文件",
                "a.txt",
                Some(("P003", Severity::Info)),
            ),
        ];
        for (text, name, want) in cases {
            let got = verdict(text, name);
            assert_eq!(got, *want, "{text} / {name}");
        }
    }

    #[test]
    fn records_outside_are_listed() {
        use crate::dates::found::{RecordList, RecordRow};
        let d = |s: &str| s.parse().unwrap();
        let mut f = DateFacts::default();
        let mut rows = Vec::new();
        for i in 0..8u32 {
            let day = if i < 7 {
                d("2021-12-20")
            } else {
                d("2022-05-01")
            };
            rows.push(RecordRow {
                row: i + 1,
                col: 2,
                start: day,
                end: day,
            });
        }
        f.records.push(RecordList {
            sheet: "Sheet1".into(),
            columns: vec!["C".into()],
            header: None,
            count: rows.len(),
            range: None,
            rows,
        });
        let x = judge(&f, &period(), "a.xlsx").unwrap();
        assert_eq!(x.code.id, "P001");
        assert!(
            x.message.zh.contains("共 8 条记录中有 7 条"),
            "{}",
            x.message.zh
        );
        assert!(
            x.message.zh.contains("Sheet1!C2（2021-12-20）"),
            "{}",
            x.message.zh
        );
        assert!(x.message.zh.contains("另有 2 处"), "{}", x.message.zh);
        f.records[0].rows.truncate(0);
        f.records[0].rows.push(RecordRow {
            row: 1,
            col: 2,
            start: d("2022-01-04"),
            end: d("2022-01-04"),
        });
        assert!(judge(&f, &period(), "a.xlsx").is_none());
    }

    #[test]
    fn notes_become_info() {
        let f = DateFacts {
            read: crate::outcome::ReadOutcome::unsupported(
                "无文字层（可能是扫描件）的日期",
                "dates of pages without a text layer",
            ),
            ..Default::default()
        };
        let x = judge(&f, &period(), "a.pdf").unwrap();
        assert_eq!((x.code.id, x.severity), ("P003", Severity::Info));
        assert!(
            x.message.zh.starts_with("无法检查无文字层"),
            "{}",
            x.message.zh
        );
        assert!(x.fix.zh.contains("未找到日期，请人工核对"));
    }
}
