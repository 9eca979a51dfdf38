//! The `haocha` rule family: a unit's 好差评 (ratings) evidence checked against the
//! scheme's `[haocha]` section, and the item's score computed with every step quoted.
//!
//! Per unit, from its ratings exports (`crate::ratings`) and 差评 rectification
//! lists: cases (distinct 办件编号), rated cases, the rating rate (评价数量占办件总量百分比),
//! counts per level, each 差评 and whether it was rectified (in time, when the scheme
//! sets a number of days), records outside the assessment period (left out), the same
//! 办件编号 rated twice (the first rating counts), level texts that are none of the
//! scheme's levels. Then the score ([`score`]), and the figures the unit claims in its
//! own documents (「好评率100%」) compared with the export ([`claims`]).
//!
//! Scoring, in the order the 台前 text (第十五条) is applied:
//! 1. rate below `zero_rate` → 0;
//! 2. a 差评 not rectified (in time) → `unrectified_score`;
//! 3. rate at or above `full_rate` → `full_marks` less `bad_deduction` % of it per
//!    差评, never below 0;
//! 4. otherwise the text gives no score: none is computed, the report asks for it to
//!    be scored by hand and says the most it can be.

#![warn(missing_docs)]

use crate::dates::{Date, DateRange};
use crate::diag::{Code, Diagnostic, RuleFamily, Severity, Text};
use crate::ratings::{Rating, RatingsFile};
use crate::rules::haocha::HaochaRules;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

const BASIS: &str = "第十五条 政务服务“好差评”考核按百分制计分，其中，获得80%以上没有出现“差评”的，评价数量占办件总量百分比达95%及以上的，得满分；每获得一个“差评”工单，扣该项工作30%分数，直至扣完为止；如出现“差评”工单，没有及时整改到位的，该项工作不得分。获得评价数量占办件总量百分比70%以下的，该项工作不得分。";

/// `H001`: ratings score and how it was computed.
pub const H001: Code = Code {
    id: "H001",
    rule: RuleFamily::Haocha,
    severity: Severity::Info,
    title_zh: "好差评得分及计算过程",
    title_en: "ratings score and how it was computed",
    basis: BASIS,
};
/// `H002`: a poor rating was not rectified in time.
pub const H002: Code = Code {
    id: "H002",
    rule: RuleFamily::Haocha,
    severity: Severity::Error,
    title_zh: "差评未及时整改到位",
    title_en: "a poor rating was not rectified in time",
    basis: "第十五条 ……如出现“差评”工单，没有及时整改到位的，该项工作不得分。",
};
/// `H003`: ratings outside the assessment period.
pub const H003: Code = Code {
    id: "H003",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "评价记录不在考核期内",
    title_en: "ratings outside the assessment period",
    basis: "第十四条 政务服务“好差评”考核按年度实施",
};
/// `H004`: the same case rated more than once.
pub const H004: Code = Code {
    id: "H004",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "同一办件重复评价",
    title_en: "the same case rated more than once",
    basis: "第八条 评价人通过线上线下政务服务渠道做出“好差评”，每接受一次服务即可做出一次评价。",
};
/// `H005`: rating rate below the zero-score line.
pub const H005: Code = Code {
    id: "H005",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "评价率低于不得分线",
    title_en: "rating rate below the zero-score line",
    basis: "第十五条 ……获得评价数量占办件总量百分比70%以下的，该项工作不得分。",
};
/// `H006`: poor rating rectified; whether in time needs a check by hand.
pub const H006: Code = Code {
    id: "H006",
    rule: RuleFamily::Haocha,
    severity: Severity::Info,
    title_zh: "差评已整改，是否及时须人工核对",
    title_en: "poor rating rectified; whether in time needs a check by hand",
    basis: "第十一条 ……负责对本中心或本单位的“差评”工单要及时进行回访、整改和反馈。",
};
/// `H007`: rating level not recognised.
pub const H007: Code = Code {
    id: "H007",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "评价等级无法识别",
    title_en: "rating level not recognised",
    basis: "第七条 “好差评”评价等级分“非常满意”“满意”“基本满意”“不满意”“非常不满意”五个等级，对应的分值分别为10分、8分、6分、3分、0分。",
};
/// `H008`: figures claimed in a document disagree with the ratings export.
pub const H008: Code = Code {
    id: "H008",
    rule: RuleFamily::Haocha,
    severity: Severity::Error,
    title_zh: "材料中声称的评价数据与导出明细不符",
    title_en: "figures claimed in a document disagree with the ratings export",
    basis: "第十三条 政务服务“好差评”考核采取企业和群众评议为主、考核主体与被考核对象自查相结合的方式进行。",
};
/// `H009`: no ratings export found.
pub const H009: Code = Code {
    id: "H009",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "未找到好差评评价明细",
    title_en: "no ratings export found",
    basis: BASIS,
};
/// `H010`: a table could not be read for the ratings.
pub const H010: Code = Code {
    id: "H010",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "表格无法读取，未计入好差评",
    title_en: "a table could not be read for the ratings",
    basis: BASIS,
};
/// `H011`: rating rate between the full-marks and zero lines: the text gives no score.
pub const H011: Code = Code {
    id: "H011",
    rule: RuleFamily::Haocha,
    severity: Severity::Info,
    title_zh: "评价率在满分线与不得分线之间，细则未规定得分",
    title_en: "rating rate between the full-marks and zero lines: the text gives no score",
    basis: BASIS,
};

/// `H012`: ratings export too large to read in full: no score computed.
pub const H012: Code = Code {
    id: "H012",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "评价明细过大，未能全部读取，不计算得分",
    title_en: "ratings export too large to read in full: no score computed",
    basis: BASIS,
};

/// `H013`: rectified before the rating was given.
pub const H013: Code = Code {
    id: "H013",
    rule: RuleFamily::Haocha,
    severity: Severity::Warning,
    title_zh: "整改时间早于评价时间",
    title_en: "rectified before the rating was given",
    basis: "第十一条 ……负责对本中心或本单位的“差评”工单要及时进行回访、整改和反馈。",
};

/// The family's codes, in order.
pub const CODES: &[&Code] = &[
    &H001, &H002, &H003, &H004, &H005, &H006, &H007, &H008, &H009, &H010, &H011, &H012, &H013,
];

/// Rows grouped by the file they are in, in file order.
fn per_file<'a>(rows: &[(&'a str, &'a Rating)]) -> BTreeMap<String, Vec<(&'a str, &'a Rating)>> {
    let mut m: BTreeMap<String, Vec<(&'a str, &'a Rating)>> = BTreeMap::new();
    for (p, r) in rows {
        m.entry((*p).to_owned()).or_default().push((p, r));
    }
    m
}

/// How many rows a message names.
const SHOWN: usize = 5;

/// Whether a 差评 was rectified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rectified {
    /// Rectified within the scheme's number of days.
    InTime,
    /// Rectified, but later than the scheme's number of days.
    Late,
    /// Rectified; the scheme sets no number of days, or a date is missing.
    Done,
    /// Marked as not rectified.
    No,
    /// Neither the export nor a rectification list says anything about it.
    NoRecord,
}

impl Rectified {
    /// Whether it keeps the item from scoring (第十五条 没有及时整改到位).
    pub fn fails(self) -> bool {
        matches!(self, Rectified::Late | Rectified::No | Rectified::NoRecord)
    }

    fn text(self) -> Text {
        match self {
            Rectified::InTime => Text::new("已按时整改", "rectified in time"),
            Rectified::Late => Text::new("整改超过时限", "rectified late"),
            Rectified::Done => Text::new("已整改", "rectified"),
            Rectified::No => Text::new("未整改", "not rectified"),
            Rectified::NoRecord => Text::new("无整改记录", "no rectification record"),
        }
    }
}

/// One step of the score, with the scheme's words it applies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What the step does (「差评 2 件，每件扣 30%」).
    pub text: Text,
    /// The scheme's words it applies.
    pub source: String,
}

/// The score of the item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// `None` when the text gives no score (rate between the lines, or no cases).
    pub score: Option<f64>,
    /// The most the item can score when `score` is `None`.
    pub cap: Option<f64>,
    /// How the score was reached, step by step.
    pub steps: Vec<Step>,
}

/// `95`, `95.5`, `97.14` (at most two decimals).
pub fn num(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}

/// Scores the item: `cases` (办件总量), `rated` (评价数量) and the rectification state
/// of each 差评.
pub fn score(h: &HaochaRules, cases: usize, rated: usize, bad: &[Rectified]) -> Scored {
    let full = h.full_marks.value;
    let mut steps = Vec::new();
    if cases == 0 {
        steps.push(Step {
            text: Text::new(
                "评价明细中没有考核期内的办件，无法计算评价率",
                "no case inside the assessment period: the rating rate cannot be computed",
            ),
            source: h.full_rate.source.clone(),
        });
        return Scored {
            score: None,
            cap: None,
            steps,
        };
    }
    // Integer comparison at the lines: rated × 100 against rate × cases.
    let pct = rated as f64 * 100.0 / cases as f64;
    let at_least = |line: f64| rated as f64 * 100.0 >= line * cases as f64;
    let rate_text = Text::new(
        format!("评价率 {rated}/{cases} = {}%", num(pct)),
        format!("rating rate {rated}/{cases} = {}%", num(pct)),
    );
    if !at_least(h.zero_rate.value) {
        steps.push(Step {
            text: Text::new(
                format!(
                    "{}，低于 {}%：该项工作不得分，得 0 分",
                    rate_text.zh,
                    num(h.zero_rate.value)
                ),
                format!(
                    "{}, below {}%: the item scores 0",
                    rate_text.en,
                    num(h.zero_rate.value)
                ),
            ),
            source: h.zero_rate.source.clone(),
        });
        return Scored {
            score: Some(0.0),
            cap: None,
            steps,
        };
    }
    let failed = bad.iter().filter(|r| r.fails()).count();
    if failed > 0 {
        let u = h.unrectified_score.value;
        steps.push(Step {
            text: Text::new(
                format!(
                    "{}；{failed} 件差评没有及时整改到位：该项工作不得分，得 {} 分",
                    rate_text.zh,
                    num(u)
                ),
                format!(
                    "{}; {failed} poor rating(s) not rectified in time: the item scores {}",
                    rate_text.en,
                    num(u)
                ),
            ),
            source: h.unrectified_score.source.clone(),
        });
        return Scored {
            score: Some(u),
            cap: None,
            steps,
        };
    }
    let per = full * h.bad_deduction.value / 100.0;
    let deducted = (per * bad.len() as f64).min(full);
    let after = (full - deducted).max(0.0);
    let deduction_step = |steps: &mut Vec<Step>| {
        if !bad.is_empty() {
            steps.push(Step {
                text: Text::new(
                    format!(
                        "差评 {} 件，每件扣 {}%（{} 分），共扣 {} 分{}",
                        bad.len(),
                        num(h.bad_deduction.value),
                        num(per),
                        num(deducted),
                        if per * bad.len() as f64 >= full {
                            "（扣完为止）"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "{} poor rating(s), {}% ({} points) each: {} points off{}",
                        bad.len(),
                        num(h.bad_deduction.value),
                        num(per),
                        num(deducted),
                        if per * bad.len() as f64 >= full {
                            " (down to nothing)"
                        } else {
                            ""
                        }
                    ),
                ),
                source: h.bad_deduction.source.clone(),
            });
        }
    };
    if at_least(h.full_rate.value) {
        steps.push(Step {
            text: Text::new(
                format!(
                    "{}，达到 {}%：满分 {} 分",
                    rate_text.zh,
                    num(h.full_rate.value),
                    num(full)
                ),
                format!(
                    "{}, at least {}%: full marks {}",
                    rate_text.en,
                    num(h.full_rate.value),
                    num(full)
                ),
            ),
            source: h.full_rate.source.clone(),
        });
        deduction_step(&mut steps);
        steps.push(Step {
            text: Text::new(
                format!("得 {} 分", num(after)),
                format!("score {}", num(after)),
            ),
            source: h.full_marks.source.clone(),
        });
        Scored {
            score: Some(after),
            cap: None,
            steps,
        }
    } else {
        steps.push(Step {
            text: Text::new(
                format!(
                    "{}，在 {}% 与 {}% 之间：细则未规定该区间的得分，请人工评分",
                    rate_text.zh,
                    num(h.zero_rate.value),
                    num(h.full_rate.value)
                ),
                format!(
                    "{}, between {}% and {}%: the text gives no score for this range, score it by hand",
                    rate_text.en,
                    num(h.zero_rate.value),
                    num(h.full_rate.value)
                ),
            ),
            source: h.full_rate.source.clone(),
        });
        deduction_step(&mut steps);
        steps.push(Step {
            text: Text::new(
                format!("最多 {} 分", num(after)),
                format!("at most {}", num(after)),
            ),
            source: h.full_marks.source.clone(),
        });
        Scored {
            score: None,
            cap: Some(after),
            steps,
        }
    }
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    let days = |d: Date| {
        crate::calendar::days_from_civil(i64::from(d.year), u32::from(d.month), u32::from(d.day))
    };
    days(b) - days(a)
}

/// A count per level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCount {
    /// The level's name (`非常满意`).
    pub name: String,
    /// Points a rating of this level gives.
    pub points: f64,
    /// Whether the level is a 差评.
    pub bad: bool,
    /// Rated cases of this level.
    pub count: usize,
}

/// One 差评 and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadRating {
    /// The case number (办件编号).
    pub case: String,
    /// The service item (事项) rated.
    pub item: String,
    /// The level given.
    pub level: String,
    /// When it was rated, when the export says.
    pub time: Option<Date>,
    /// The file the rating is in.
    pub file: String,
    /// Sheet and row of the rating (`Sheet1!7`).
    pub at: String,
    /// Whether and when it was rectified, against the scheme's time limit.
    pub rectified: Rectified,
    /// The day it was rectified, when a rectification list says.
    pub rectified_on: Option<Date>,
}

/// A unit's 好差评 figures (the report's `haocha` object and the summary's 好差评 sheet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRatings {
    /// Files read as ratings exports or rectification lists.
    pub files: Vec<String>,
    /// Every file was read in full (otherwise the counts are partial and no score is
    /// given).
    pub complete: bool,
    /// Distinct 办件编号 inside the period (or undated).
    pub cases: usize,
    /// Of them, rated with a known level.
    pub rated: usize,
    /// Percent, when there are cases.
    pub rate: Option<f64>,
    /// Rated cases per level, best level first.
    pub levels: Vec<LevelCount>,
    /// The 差评, each with what became of it.
    pub bad: Vec<BadRating>,
    /// Records left out: dated outside the assessment period.
    pub outside_period: usize,
    /// Records left out: a second rating of the same 办件编号.
    pub duplicates: usize,
    /// Records whose level is none of the scheme's.
    pub unknown_levels: usize,
    /// 好评率 as claims are checked: rated cases that are not 差评, percent.
    pub good_rate: Option<f64>,
    /// Mean of the level points (第七条 10/8/6/3/0) over the rated cases; shown, not
    /// scored (第十五条 scores by rate and 差评).
    pub average_points: Option<f64>,
    /// The item's score (see [`Scored::score`]).
    pub score: Option<f64>,
    /// The most it can score when `score` is `None`.
    pub cap: Option<f64>,
    /// How the score was reached, step by step.
    pub steps: Vec<Step>,
}

/// A file of the unit read for ratings.
pub struct ReadFile<'a> {
    /// Its virtual path.
    pub path: &'a str,
    /// What was read, or why it could not be (in Chinese and English).
    pub content: Result<RatingsFile, Text>,
}

fn row_list(rows: &[(&str, &Rating)], lang_en: bool) -> String {
    let mut v: Vec<String> = rows
        .iter()
        .take(SHOWN)
        .map(|(_, r)| {
            if lang_en {
                format!("{} (case {})", r.at, r.case)
            } else {
                format!("{}（办件 {}）", r.at, r.case)
            }
        })
        .collect();
    if rows.len() > SHOWN {
        v.push(if lang_en {
            format!("and {} more", rows.len() - SHOWN)
        } else {
            format!("等共 {} 条", rows.len())
        });
    }
    v.join(if lang_en { "; " } else { "；" })
}

fn quoted(mut d: Diagnostic, source: &str) -> Diagnostic {
    if !source.is_empty() {
        d.basis = Cow::Owned(source.to_owned());
    }
    d
}

/// Checks a unit's ratings files. `question` is the question findings are filed under.
/// Returns nothing when no file holds a ratings table or a rectification list and
/// `expect` is false (the unit gave no file where ratings are expected).
pub fn check(
    h: &HaochaRules,
    period: &DateRange,
    files: &[ReadFile],
    question: Option<&str>,
    expect: bool,
) -> (Option<UnitRatings>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut used = Vec::new();
    let mut ratings: Vec<(&str, &Rating)> = Vec::new();
    let mut fixes: HashMap<&str, (Option<bool>, Option<Date>)> = HashMap::new();
    let mut partial: Vec<&str> = Vec::new();
    for f in files {
        match &f.content {
            Err(why) => diags.push(
                Diagnostic::new(
                    &H010,
                    Some(f.path),
                    Text::new(
                        format!("表格无法读取，未计入好差评统计：{}", why.zh),
                        format!("the table cannot be read and was not counted: {}", why.en),
                    ),
                    Text::new(
                        "用 Excel 或 WPS 打开后另存为 .xlsx 再提交",
                        "open it in Excel or WPS, save it as .xlsx and submit it again",
                    ),
                )
                .with_question(question),
            ),
            Ok(c) if c.is_empty() => {}
            Ok(c) => {
                used.push(f.path.to_owned());
                if c.truncated {
                    partial.push(f.path);
                }
                ratings.extend(c.ratings.iter().map(|r| (f.path, r)));
                for x in &c.rectifications {
                    let e = fixes.entry(x.case.as_str()).or_insert((None, None));
                    e.0 = x.done.or(e.0);
                    e.1 = x.on.or(e.1);
                }
            }
        }
    }
    if ratings.is_empty() {
        if expect {
            diags.push(
                Diagnostic::new(
                    &H009,
                    None,
                    Text::new(
                        "没有找到好差评评价明细（含“办件编号”和“评价等级”列的表格），无法计算好差评得分",
                        "no ratings export (a table with 办件编号 and 评价等级 columns) was found: the score cannot be computed",
                    ),
                    Text::new(
                        "提交“好差评”系统导出的评价明细（Excel 或 CSV），表头写明“办件编号”“评价等级”“评价时间”，须列出全部办件（含未评价的）",
                        "submit the ratings export of the 好差评 system (Excel or CSV) with the headers 办件编号, 评价等级, 评价时间, listing every case (rated or not)",
                    ),
                )
                .with_question(question),
            );
        }
        return (None, diags);
    }

    // Rows: in period (or undated) → counted; the first rating of a case wins.
    let mut outside: Vec<(&str, &Rating)> = Vec::new();
    let mut dupes: Vec<(&str, &Rating)> = Vec::new();
    let mut unknown: Vec<(&str, &Rating)> = Vec::new();
    let mut cases: BTreeMap<&str, Option<(&str, &Rating)>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (p, r) in &ratings {
        if r.time.is_some_and(|t| !period.contains(t)) {
            outside.push((p, r));
            continue;
        }
        if r.case.is_empty() {
            // A rating without a case number cannot be told apart from others.
            unknown.push((p, r));
            continue;
        }
        let rated = !r.level.is_empty();
        if rated && h.level(&r.level).is_none() {
            unknown.push((p, r));
        }
        let known = rated && h.level(&r.level).is_some();
        match cases.get_mut(r.case.as_str()) {
            None => {
                order.push(r.case.as_str());
                cases.insert(r.case.as_str(), known.then_some((*p, *r)));
            }
            Some(slot) => {
                if known {
                    if slot.is_some() {
                        dupes.push((p, r));
                    } else {
                        *slot = Some((p, r));
                    }
                }
            }
        }
    }
    let total = cases.len();
    let rated: Vec<(&str, &Rating)> = order
        .iter()
        .filter_map(|c| cases.get(c).copied().flatten())
        .collect();
    let mut levels: Vec<LevelCount> = h
        .levels
        .iter()
        .map(|l| LevelCount {
            name: l.name.clone(),
            points: l.points,
            bad: l.bad,
            count: 0,
        })
        .collect();
    let mut bad = Vec::new();
    for (p, r) in &rated {
        let Some(level) = h.level(&r.level) else {
            continue;
        };
        if let Some(c) = levels.iter_mut().find(|c| c.name == level.name) {
            c.count += 1;
        }
        if !level.bad {
            continue;
        }
        let (list_done, list_on) = fixes.get(r.case.as_str()).copied().unwrap_or((None, None));
        let done = list_done.or(r.rectified);
        let on = list_on.or(r.rectified_on);
        let state = match (done, on) {
            (Some(false), _) => Rectified::No,
            (None, None) => Rectified::NoRecord,
            (_, on) => match (&h.rectify_days, r.time, on) {
                (Some(limit), Some(t), Some(on)) => {
                    if days_between(t, on) <= limit.value as i64 {
                        Rectified::InTime
                    } else {
                        Rectified::Late
                    }
                }
                _ => Rectified::Done,
            },
        };
        bad.push(BadRating {
            case: r.case.clone(),
            item: r.item.clone(),
            level: level.name.clone(),
            time: r.time,
            file: (*p).to_owned(),
            at: r.at.clone(),
            rectified: state,
            rectified_on: on,
        });
    }
    let states: Vec<Rectified> = bad.iter().map(|b| b.rectified).collect();
    let mut scored = score(h, total, rated.len(), &states);
    if !partial.is_empty() {
        // Counts from part of an export would give a wrong score: none is given.
        scored = Scored {
            score: None,
            cap: None,
            steps: vec![Step {
                text: Text::new(
                    "评价明细未能全部读取，办件数和评价数不完整，不计算得分",
                    "the ratings export could not be read in full: counts are incomplete, no score computed",
                ),
                source: h.full_rate.source.clone(),
            }],
        };
        for p in &partial {
            diags.push(
                Diagnostic::new(
                    &H012,
                    Some(p),
                    Text::new(
                        format!(
                            "表格超过可读取的范围（每个工作表 {} 行、共 {} 个单元格），后面的记录未读取，不计算好差评得分",
                            crate::ratings::BOUNDS.rows,
                            crate::ratings::BOUNDS.cells
                        ),
                        format!(
                            "the table is larger than can be read ({} rows a sheet, {} cells in all): later rows were not read and no score is computed",
                            crate::ratings::BOUNDS.rows,
                            crate::ratings::BOUNDS.cells
                        ),
                    ),
                    Text::new(
                        "按月或按季度分成几个文件导出（每个文件不超过上述行数），或删除与评价无关的列后另存",
                        "export it in several files (by month or quarter) within the limit, or remove columns unrelated to the ratings",
                    ),
                )
                .with_question(question),
            );
        }
    }
    let rate = (total > 0).then(|| rated.len() as f64 * 100.0 / total as f64);
    let good_rate =
        (!rated.is_empty()).then(|| (rated.len() - bad.len()) as f64 * 100.0 / rated.len() as f64);
    let points: f64 = levels.iter().map(|l| l.points * l.count as f64).sum();
    let average_points = (!rated.is_empty()).then(|| points / rated.len() as f64);

    // Findings.
    for (path, rows) in per_file(&outside) {
        diags.push(
            Diagnostic::new(
                &H003,
                Some(&path),
                Text::new(
                    format!(
                        "{} 条评价的评价时间不在考核期 {} 至 {} 内，未计入：{}",
                        rows.len(),
                        period.start,
                        period.end,
                        row_list(&rows, false)
                    ),
                    format!(
                        "{} rating(s) dated outside the assessment period {} to {} were left out: {}",
                        rows.len(),
                        period.start,
                        period.end,
                        row_list(&rows, true)
                    ),
                ),
                Text::new(
                    "只导出考核期内的评价；如评价时间有误，请核对后重新导出",
                    "export only the ratings of the assessment period; if a time is wrong, check it and export again",
                ),
            )
            .with_question(question),
        );
    }
    for (path, rows) in per_file(&dupes) {
        diags.push(
            Diagnostic::new(
                &H004,
                Some(&path),
                Text::new(
                    format!(
                        "{} 条评价与前面的评价办件编号相同（同一办件评价了两次），只计第一次：{}",
                        rows.len(),
                        row_list(&rows, false)
                    ),
                    format!(
                        "{} rating(s) repeat the case number of an earlier rating (one case rated twice); only the first counts: {}",
                        rows.len(),
                        row_list(&rows, true)
                    ),
                ),
                Text::new(
                    "核对重复的办件编号：一次服务只能评价一次，删除重复记录或说明原因",
                    "check the repeated case numbers: one service, one rating; remove the duplicates or explain them",
                ),
            )
            .with_question(question),
        );
    }
    let names: Vec<&str> = h.levels.iter().map(|l| l.name.as_str()).collect();
    for (path, rows) in per_file(&unknown) {
        diags.push(
            Diagnostic::new(
                &H007,
                Some(&path),
                Text::new(
                    format!(
                        "{} 条记录的评价等级不是“{}”之一或缺少办件编号，未计为已评价：{}",
                        rows.len(),
                        names.join("”“"),
                        row_list(&rows, false)
                    ),
                    format!(
                        "{} row(s) have a level that is none of {} or no case number; not counted as rated: {}",
                        rows.len(),
                        names.join(", "),
                        row_list(&rows, true)
                    ),
                ),
                Text::new(
                    "按五级评价填写评价等级（非常满意、满意、基本满意、不满意、非常不满意），并填写办件编号",
                    "write one of the five levels and the case number in every rated row",
                ),
            )
            .with_question(question),
        );
    }
    for b in &bad {
        let when = b
            .time
            .map(|t| t.to_string())
            .unwrap_or_else(|| "未知".into());
        let file = Some(b.file.clone());
        if let (Some(t), Some(on)) = (b.time, b.rectified_on) {
            if on < t {
                diags.push(
                    Diagnostic::new(
                        &H013,
                        file.as_deref(),
                        Text::new(
                            format!(
                                "差评（{}）办件 {}，{}：整改时间 {on} 早于评价时间 {t}，记录有误",
                                b.level, b.case, b.at
                            ),
                            format!(
                                "poor rating ({}) of case {}, {}: rectified {on}, before the rating on {t}; the record is wrong",
                                b.level, b.case, b.at
                            ),
                        ),
                        Text::new(
                            "核对该差评的整改时间和办件编号，更正整改记录",
                            "check the rectification date and case number of this rating and correct the record",
                        ),
                    )
                    .with_question(question),
                );
            }
        }
        if b.rectified.fails() {
            let why = b.rectified.text();
            let limit = h
                .rectify_days
                .as_ref()
                .map(|d| {
                    (
                        format!("（时限 {} 天）", num(d.value)),
                        format!(" (limit {} days)", num(d.value)),
                    )
                })
                .unwrap_or_default();
            diags.push(quoted(
                Diagnostic::new(
                    &H002,
                    file.as_deref(),
                    Text::new(
                        format!(
                            "差评（{}）办件 {}，{}，评价时间 {when}：{}{}，该项工作不得分",
                            b.level, b.case, b.at, why.zh, limit.0
                        ),
                        format!(
                            "poor rating ({}) of case {}, {}, rated {when}: {}{}; the item scores nothing",
                            b.level, b.case, b.at, why.en, limit.1
                        ),
                    ),
                    Text::new(
                        "提交该差评的回访、整改和反馈记录（差评整改记录表：办件编号、整改时间、是否整改到位）；未整改的请立即整改",
                        "submit the follow-up and rectification record of this rating (a list with 办件编号, 整改时间, 是否整改到位); rectify it now if not yet done",
                    ),
                )
                .with_question(question),
                &h.unrectified_score.source,
            ));
        } else if b.rectified == Rectified::Done {
            let on = b
                .rectified_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "未写".into());
            diags.push(
                Diagnostic::new(
                    &H006,
                    file.as_deref(),
                    Text::new(
                        format!(
                            "差评（{}）办件 {}，{}，评价时间 {when}，整改时间 {on}：已整改；{}",
                            b.level,
                            b.case,
                            b.at,
                            if h.rectify_days.is_some() {
                                "缺少日期，无法判断是否在时限内"
                            } else {
                                "细则只要求“及时”整改，未规定天数"
                            }
                        ),
                        format!(
                            "poor rating ({}) of case {}, {}, rated {when}, rectified {on}: {}",
                            b.level,
                            b.case,
                            b.at,
                            if h.rectify_days.is_some() {
                                "a date is missing, so the time limit cannot be checked"
                            } else {
                                "the text asks for rectification “in time” but sets no number of days"
                            }
                        ),
                    ),
                    Text::new(
                        "人工核对整改是否及时；未及时整改到位的，该项工作不得分",
                        "check by hand that it was rectified in time; if not, the item scores nothing",
                    ),
                )
                .with_question(question),
            );
        }
    }
    let rate_line = rate.filter(|_| total > 0);
    if let Some(r) = rate_line.filter(|_| partial.is_empty()) {
        if (rated.len() as f64) * 100.0 < h.zero_rate.value * total as f64 {
            diags.push(quoted(
                Diagnostic::new(
                    &H005,
                    None,
                    Text::new(
                        format!(
                            "评价率 {}/{} = {}%，低于 {}%，该项工作不得分",
                            rated.len(),
                            total,
                            num(r),
                            num(h.zero_rate.value)
                        ),
                        format!(
                            "rating rate {}/{} = {}%, below {}%: the item scores nothing",
                            rated.len(),
                            total,
                            num(r),
                            num(h.zero_rate.value)
                        ),
                    ),
                    Text::new(
                        "窗口工作人员每次办理事项后主动提示群众和企业评价（第十二条），提高参评率",
                        "window staff should ask for a rating after every service (art. 12) to raise the rate",
                    ),
                )
                .with_question(question),
                &h.zero_rate.source,
            ));
        } else if scored.score.is_none() {
            diags.push(quoted(
                Diagnostic::new(
                    &H011,
                    None,
                    Text::new(
                        format!(
                            "评价率 {}% 在 {}% 与 {}% 之间，细则未规定这一区间的得分，未计算分数（最多 {} 分）",
                            num(r),
                            num(h.zero_rate.value),
                            num(h.full_rate.value),
                            scored.cap.map(num).unwrap_or_default()
                        ),
                        format!(
                            "rating rate {}% is between {}% and {}%: the text gives no score for this range, none computed (at most {})",
                            num(r),
                            num(h.zero_rate.value),
                            num(h.full_rate.value),
                            scored.cap.map(num).unwrap_or_default()
                        ),
                    ),
                    Text::new(
                        "由考评办按本地口径人工评分",
                        "the office scores it by hand",
                    ),
                )
                .with_question(question),
                &h.full_rate.source,
            ));
        }
    }
    let counts_zh: Vec<String> = levels
        .iter()
        .map(|l| format!("{} {}", l.name, l.count))
        .collect();
    let steps_zh: Vec<String> = scored.steps.iter().map(|s| s.text.zh.clone()).collect();
    let steps_en: Vec<String> = scored.steps.iter().map(|s| s.text.en.clone()).collect();
    let headline = match (scored.score, scored.cap) {
        (Some(s), _) => (
            format!("好差评得分 {} 分", num(s)),
            format!("ratings score {}", num(s)),
        ),
        (None, Some(c)) => (
            format!("好差评得分待人工评定（最多 {} 分）", num(c)),
            format!("ratings score to be set by hand (at most {})", num(c)),
        ),
        (None, None) => (
            "好差评得分无法计算".into(),
            "ratings score cannot be computed".into(),
        ),
    };
    let sources: Vec<&str> = scored.steps.iter().map(|s| s.source.as_str()).collect();
    let mut basis: Vec<&str> = Vec::new();
    for s in sources {
        if !s.is_empty() && !basis.contains(&s) {
            basis.push(s);
        }
    }
    diags.push(quoted(
        Diagnostic::new(
            &H001,
            None,
            Text::new(
                format!(
                    "{}：办件 {total} 件，已评价 {} 件；{}（平均 {} 分）；差评 {} 件；考核期外 {} 条、重复 {} 条未计入。计算：{}",
                    headline.0,
                    rated.len(),
                    counts_zh.join("、"),
                    average_points.map(num).unwrap_or_default(),
                    bad.len(),
                    outside.len(),
                    dupes.len(),
                    steps_zh.join("；")
                ),
                format!(
                    "{}: {total} cases, {} rated; {} poor; {} outside the period and {} duplicates left out. Steps: {}",
                    headline.1,
                    rated.len(),
                    bad.len(),
                    outside.len(),
                    dupes.len(),
                    steps_en.join("; ")
                ),
            ),
            Text::new(
                "核对计算所用的办件数和评价数；如明细不全，请提交完整导出",
                "check the case and rating counts used; if the export is incomplete, submit the complete one",
            ),
        )
        .with_question(question),
        &basis.join("；"),
    ));
    let out = UnitRatings {
        files: used,
        complete: partial.is_empty(),
        cases: total,
        rated: rated.len(),
        rate,
        levels,
        bad,
        outside_period: outside.len(),
        duplicates: dupes.len(),
        unknown_levels: unknown.len(),
        good_rate,
        average_points,
        score: scored.score,
        cap: scored.cap,
        steps: scored.steps,
    };
    (Some(out), diags)
}

/// A figure a unit claims in its own text.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// `好评率`, `评价率`, `零差评`, …, as written.
    pub what: String,
    /// Percent claimed (`None` for 零差评/无差评).
    pub percent: Option<f64>,
    /// Decimals written (`99.5%` → 1).
    pub decimals: usize,
    /// The words as found.
    pub text: String,
}

static CLAIM_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(好评率|满意率|满意度|参评率|评价率|评价覆盖率)[^0-9０-９%％。；;，,\n]{0,6}?([0-9０-９]{1,3}(?:[.．][0-9０-９]+)?)\s*[%％]|(零差评|无差评|差评(?:数|量)?(?:为|是)?\s*[0０]\s*(?:件|个|条|单)?)",
    )
    .unwrap_or_else(|e| panic!("claim pattern does not compile: {e}"))
});

/// The figures claimed in `text`.
pub fn find_claims(text: &str) -> Vec<Claim> {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            _ => c,
        })
        .collect();
    let mut out = Vec::new();
    for m in CLAIM_RE.captures_iter(&folded).take(64) {
        if let (Some(what), Some(n)) = (m.get(1), m.get(2)) {
            let digits = n.as_str();
            let Ok(v) = digits.parse::<f64>() else {
                continue;
            };
            out.push(Claim {
                what: what.as_str().to_owned(),
                percent: Some(v),
                decimals: digits.split_once('.').map(|(_, d)| d.len()).unwrap_or(0),
                text: m.get(0).map(|x| x.as_str().to_owned()).unwrap_or_default(),
            });
        } else if let Some(z) = m.get(3) {
            out.push(Claim {
                what: "零差评".into(),
                percent: None,
                decimals: 0,
                text: z.as_str().to_owned(),
            });
        }
    }
    out
}

/// Whether a claimed percent agrees with the figure: 100 and 0 must be exact; other
/// figures agree when they round to what was written.
pub fn agrees(claimed: f64, decimals: usize, actual: f64) -> bool {
    if claimed >= 100.0 || claimed <= 0.0 {
        return (actual - claimed).abs() < 1e-9;
    }
    let half = 0.5 * 10f64.powi(-(decimals.min(6) as i32));
    (actual - claimed).abs() <= half + 1e-9
}

/// The finding when the ratings check itself failed (a reader crashed): nothing is
/// counted or scored for the unit.
pub fn crashed(question: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        &H010,
        None,
        Text::new(
            "读取好差评表格时出错，未统计、未计分",
            "reading the ratings tables failed: nothing was counted or scored",
        ),
        Text::new(
            "用 Excel 或 WPS 打开评价明细后另存为 .xlsx 再检查；仍出错请把文件交给考评办人工核对",
            "open the ratings export in Excel or WPS, save it as .xlsx and check again; if it still fails, hand it to the office",
        ),
    )
    .with_question(question)
}

/// Compares the figures a unit claims in its documents (`docs`: path and text) with
/// its export.
pub fn claims(
    r: &UnitRatings,
    docs: &[(String, String)],
    question: Option<&str>,
    rate_source: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !r.complete {
        return out;
    }
    for (path, text) in docs {
        // Every claim of one document that disagrees, in one finding.
        let mut wrong_zh: Vec<String> = Vec::new();
        let mut wrong_en: Vec<String> = Vec::new();
        for c in find_claims(text) {
            let (actual, meaning_zh, meaning_en) = match (c.what.as_str(), c.percent) {
                ("参评率" | "评价率" | "评价覆盖率", Some(_)) => (
                    r.rate,
                    "评价数量占办件总量百分比",
                    "rated cases / all cases",
                ),
                (_, Some(_)) => (
                    r.good_rate,
                    "已评价办件中非差评所占百分比",
                    "rated cases that are not poor ratings",
                ),
                (_, None) => (None, "", ""),
            };
            let wrong = match c.percent {
                Some(p) => actual.is_some_and(|a| !agrees(p, c.decimals, a)),
                None => !r.bad.is_empty(),
            };
            if !wrong {
                continue;
            }
            let shows = match c.percent {
                Some(_) => actual
                    .map(|a| {
                        (
                            format!("{meaning_zh} {}%", num(a)),
                            format!("{meaning_en}: {}%", num(a)),
                        )
                    })
                    .unwrap_or_default(),
                None => (
                    format!("差评 {} 件", r.bad.len()),
                    format!("{} poor rating(s)", r.bad.len()),
                ),
            };
            let said = c.text.trim();
            let zh = format!("写“{said}”，但评价明细显示{}", shows.0);
            if !wrong_zh.contains(&zh) {
                wrong_zh.push(zh);
                wrong_en.push(format!("says “{said}” but the export shows {}", shows.1));
            }
        }
        if wrong_zh.is_empty() {
            continue;
        }
        out.push(quoted(
            Diagnostic::new(
                &H008,
                Some(path),
                Text::new(
                    format!(
                        "材料中{}（办件 {} 件，已评价 {} 件，差评 {} 件）",
                        wrong_zh.join("；"),
                        r.cases,
                        r.rated,
                        r.bad.len()
                    ),
                    format!(
                        "the document {} ({} cases, {} rated, {} poor)",
                        wrong_en.join("; "),
                        r.cases,
                        r.rated,
                        r.bad.len()
                    ),
                ),
                Text::new(
                    "按评价明细更正材料中的数字，或补交完整的评价明细",
                    "correct the figures in the document to match the export, or submit the complete export",
                ),
            )
            .with_question(question),
            rate_source,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    fn rules() -> HaochaRules {
        let (_, text) = crate::rules::SHIPPED
            .iter()
            .find(|(n, _)| *n == "taiqian-haocha-2022.toml")
            .unwrap();
        Rules::parse(text, "t").unwrap().haocha.unwrap()
    }

    const OK: Rectified = Rectified::Done;

    #[test]
    fn exactly_95_percent_and_no_bad_rating_is_full_marks() {
        let h = rules();
        let s = score(&h, 100, 95, &[]);
        assert_eq!(s.score, Some(100.0));
        assert!(s.steps[0].source.contains("95%及以上"));
        // One short of 95 %: the text gives no score.
        let s = score(&h, 100, 94, &[]);
        assert_eq!(s.score, None);
        assert_eq!(s.cap, Some(100.0));
        // 19/20 is exactly 95 % too.
        assert_eq!(score(&h, 20, 19, &[]).score, Some(100.0));
    }

    #[test]
    fn exactly_70_percent_is_not_below_70() {
        let h = rules();
        let s = score(&h, 100, 70, &[]);
        assert_eq!(s.score, None, "70 % is not “70%以下”");
        let s = score(&h, 100, 69, &[]);
        assert_eq!(s.score, Some(0.0));
        assert!(s.steps[0].source.contains("70%以下"));
        // 7/10 exactly, computed without rounding trouble.
        assert_eq!(score(&h, 10, 7, &[]).score, None);
        assert_eq!(score(&h, 3, 2, &[]).score, Some(0.0)); // 66.67 %
    }

    #[test]
    fn one_and_two_bad_ratings_take_30_percent_each() {
        let h = rules();
        let one = score(&h, 100, 100, &[OK]);
        assert_eq!(one.score, Some(70.0));
        assert!(one.steps[1].source.contains("30%"));
        assert!(
            one.steps[1].text.zh.contains("共扣 30 分"),
            "{:?}",
            one.steps
        );
        let two = score(&h, 100, 100, &[OK, OK]);
        assert_eq!(two.score, Some(40.0));
        assert_eq!(score(&h, 100, 100, &[OK, OK, OK]).score, Some(10.0));
        let four = score(&h, 100, 100, &[OK; 4]);
        assert_eq!(four.score, Some(0.0), "直至扣完为止");
        assert!(four.steps[1].text.zh.contains("扣完为止"));
    }

    #[test]
    fn a_bad_rating_not_rectified_in_time_scores_nothing() {
        let h = rules();
        for r in [Rectified::No, Rectified::NoRecord, Rectified::Late] {
            let s = score(&h, 100, 100, &[OK, r]);
            assert_eq!(s.score, Some(0.0), "{r:?}");
            assert!(s.steps[0].source.contains("没有及时整改到位"));
        }
        // Below 70 % wins over everything: still 0, quoting the rate clause.
        let s = score(&h, 100, 10, &[Rectified::No]);
        assert!(s.steps[0].source.contains("70%以下"));
        assert_eq!(score(&h, 0, 0, &[]).score, None);
    }

    fn rating(case: &str, level: &str) -> Rating {
        Rating {
            at: "S!2".into(),
            case: case.into(),
            item: String::new(),
            level: level.into(),
            time: Date::new(2022, 3, 5),
            time_text: "2022-03-05".into(),
            rectified: None,
            rectified_on: None,
        }
    }

    #[test]
    fn a_partly_read_export_gives_no_score_and_no_claim_check() {
        let h = rules();
        let period = DateRange {
            start: Date::new(2022, 1, 1).unwrap(),
            end: Date::new(2022, 12, 31).unwrap(),
        };
        let mut f = RatingsFile {
            ratings: vec![rating("A1", "满意"), rating("A2", "")],
            ..RatingsFile::default()
        };
        let run = |f: &RatingsFile| {
            check(
                &h,
                &period,
                &[ReadFile {
                    path: "x.csv",
                    content: Ok(f.clone()),
                }],
                Some("01"),
                true,
            )
        };
        // Complete: 1/2 = 50 % → 0, with H005.
        let (r, d) = run(&f);
        assert_eq!(r.as_ref().and_then(|r| r.score), Some(0.0));
        assert!(d.iter().any(|x| x.code.id == "H005"));
        f.truncated = true;
        let (r, d) = run(&f);
        let r = r.unwrap();
        assert_eq!((r.score, r.cap, r.complete), (None, None, false));
        let codes: Vec<&str> = d.iter().map(|x| x.code.id).collect();
        assert!(
            codes.contains(&"H012") && !codes.contains(&"H005"),
            "{codes:?}"
        );
        let docs = vec![("总结.docx".to_string(), "好评率100%".to_string())];
        assert!(claims(&r, &docs, None, "").is_empty());
    }

    /// A scheme that sets a number of days judges each rectification by it.
    #[test]
    fn rectify_days_decide_in_time_and_late() {
        let mut h = rules();
        h.rectify_days = Some(crate::rules::haocha::Quoted {
            value: 3.0,
            source: "差评须在3个工作日内整改".into(),
        });
        let period = DateRange {
            start: Date::new(2022, 1, 1).unwrap(),
            end: Date::new(2022, 12, 31).unwrap(),
        };
        let mut ratings: Vec<Rating> = (0..20).map(|i| rating(&format!("C{i}"), "满意")).collect();
        ratings[0].level = "不满意".into();
        ratings[1].level = "非常不满意".into();
        let fixes = vec![
            crate::ratings::Rectification {
                at: "R!2".into(),
                case: "C0".into(),
                done: Some(true),
                on: Date::new(2022, 3, 8), // 3 days after 2022-03-05
            },
            crate::ratings::Rectification {
                at: "R!3".into(),
                case: "C1".into(),
                done: None,
                on: Date::new(2022, 3, 9), // 4 days
            },
        ];
        let run = |fixes: Vec<crate::ratings::Rectification>| {
            let f = RatingsFile {
                ratings: ratings.clone(),
                rectifications: fixes,
                truncated: false,
            };
            check(
                &h,
                &period,
                &[ReadFile {
                    path: "x.xlsx",
                    content: Ok(f),
                }],
                None,
                true,
            )
        };
        let (r, d) = run(fixes.clone());
        let r = r.unwrap();
        let states: Vec<Rectified> = r.bad.iter().map(|b| b.rectified).collect();
        assert_eq!(states, [Rectified::InTime, Rectified::Late]);
        assert_eq!(r.score, Some(0.0), "one late 差评: 不得分");
        let h002 = d.iter().find(|x| x.code.id == "H002").unwrap();
        assert!(h002.message.zh.contains("时限 3 天"), "{}", h002.message.zh);
        // Both in time: 100 − 2 × 30 = 40, and no H006 (the limit decides).
        let mut ok = fixes;
        ok[1].on = Date::new(2022, 3, 6);
        let (r, d) = run(ok);
        assert_eq!(r.unwrap().score, Some(40.0));
        assert!(!d.iter().any(|x| x.code.id == "H006" || x.code.id == "H002"));
    }

    #[test]
    fn days_and_numbers() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        assert_eq!(days_between(d(2022, 2, 27), d(2022, 3, 1)), 2);
        assert_eq!(days_between(d(2024, 2, 28), d(2024, 3, 1)), 2);
        assert_eq!(days_between(d(2022, 12, 31), d(2023, 1, 1)), 1);
        assert_eq!(days_between(d(2023, 1, 1), d(2022, 12, 31)), -1);
        assert_eq!(num(97.142857), "97.14");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(99.5), "99.5");
    }

    #[test]
    fn claims_are_found_and_compared() {
        let c = find_claims("今年我单位好评率100%，参评率达到 96.5%，实现零差评。满意度为９８％");
        let got: Vec<(&str, Option<f64>, usize)> = c
            .iter()
            .map(|c| (c.what.as_str(), c.percent, c.decimals))
            .collect();
        assert_eq!(
            got,
            [
                ("好评率", Some(100.0), 0),
                ("参评率", Some(96.5), 1),
                ("零差评", None, 0),
                ("满意度", Some(98.0), 0)
            ]
        );
        assert!(agrees(100.0, 0, 100.0));
        assert!(!agrees(100.0, 0, 99.67), "one 差评 in 300 is not 100%");
        assert!(agrees(96.5, 1, 96.54));
        assert!(!agrees(96.5, 1, 96.56));
        assert!(agrees(98.0, 0, 97.6));
        assert!(!agrees(0.0, 0, 0.3));
    }
}
