//! Finding written dates in text.
//!
//! Recognised forms (full-width digits and separators are folded to ASCII first, and
//! white space next to CJK characters is dropped, so `2022 年 1 月 1 日` from a PDF
//! matches):
//!
//! | form | kind |
//! |---|---|
//! | `2022年3月5日`, `2022年03月05号` | day |
//! | `2022-03-05`, `2022/3/5`, `2022.3.5` (same separator twice; a time may follow) | day |
//! | `20220305` (eight digits standing alone, year 1990–2099, not after 编号/电话/单号…, not before 元/万/号) | day |
//! | `二〇二二年三月五日`, `二○二二年十二月三十一日` | day |
//! | `2022年3月`, `二〇二二年三月` | month |
//! | `2022年1-3月`, `2022年1至3月` | months (one range) |
//! | `2022年`, `2022年度` | year: shown, never judged |
//!
//! Not dates: document numbers (`〔2022〕9号`, `[2022]9号`), phone, ID and order numbers
//! (digits run on), amounts, version numbers (`2022.3.5.1`), impossible dates
//! (`2022-02-30`), day-first or two-digit-year forms (`05/03/2022`, `22-3-5`: ambiguous).
//!
//! Each date is also tagged *background* when it is written in citation context: after
//! 根据/依据/按照/遵照/参照 in the same clause, inside 《…》, or followed in its clause
//! by 印发/发布/颁布/施行/出台/公布/修订/〔. Such dates say when a cited document was
//! made, not when the evidence happened.

use super::{Date, DateRange};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// How precise a written date is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// A single day.
    Day,
    /// A month or a run of months (`2022年3月`, `2022年1-3月`).
    Month,
    /// A whole year (`2022年度`): never judged on its own.
    Year,
}

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDate {
    /// First day the written date stands for.
    pub start: Date,
    /// Last day (equal to `start` for a day; the month's end for `2022年3月`).
    pub end: Date,
    /// Whether the text names a day, a month (or run of months) or a whole year.
    pub kind: DateKind,
    /// The text as matched (after folding full-width forms).
    pub text: String,
    /// Written in citation context (see the module docs).
    pub background: bool,
    /// 0-based line of the text it was found in.
    pub line: u32,
    /// The date makes up its line, after a unit name at most (a 落款).
    pub signed: bool,
    /// Written after a label naming the document's date (`成文日期：`, `会议时间：`).
    pub labelled: bool,
    /// Its line is short and holds no sentence (a title or header line).
    pub short_line: bool,
    /// Written without a year (`3月10日`); the year is the document's.
    pub yearless: bool,
}

impl TextDate {
    /// The days the written date stands for, `start` to `end`.
    pub fn range(&self) -> DateRange {
        DateRange {
            start: self.start,
            end: self.end,
        }
    }
}

const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2100;

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    // Alternatives in priority order (leftmost-first): longer forms before shorter.
    let hz = "[〇○零一二三四五六七八九OＯ]";
    let cn_num = "[一二三四五六七八九十廿卅]";
    let pattern = format!(
        concat!(
            r"(?P<cd_y>\d{{4}})年(?P<cd_m>\d{{1,2}})月(?P<cd_d>\d{{1,2}})[日号]",
            r"|(?P<cr_y>\d{{4}})年(?P<cr_a>\d{{1,2}})[-~～至到—–](?P<cr_b>\d{{1,2}})月",
            r"|(?P<cm_y>\d{{4}})年(?P<cm_m>\d{{1,2}})月",
            r"|(?P<q_y>\d{{4}})年第?(?P<q>[一二三四1-4])季度",
            r"|(?P<hf_y>\d{{4}})年(?P<hf>[上下])半年",
            r"|(?P<cy_y>\d{{4}})年(?P<cy_d>度)?",
            r"|(?P<nr_y>\d{{4}})(?P<nr_s1>[-/.])(?P<nr_m>\d{{1,2}})(?P<nr_s2>[-/.])(?P<nr_d>\d{{1,2}}) ?(?:[-~～至到—–]|--) ?(?:(?P<nr_y2>\d{{4}})(?P<nr_s3>[-/.]))?(?P<nr_m2>\d{{1,2}})(?P<nr_s4>[-/.])(?P<nr_d2>\d{{1,2}})",
            r"|(?P<n_y>\d{{4}})(?P<n_s1>[-/.])(?P<n_m>\d{{1,2}})(?P<n_s2>[-/.])(?P<n_d>\d{{1,2}})",
            r"|(?P<c8>\d{{8}})",
            r"|(?P<h_y>{hz}{{4}})年(?P<h_m>{cn}{{1,3}})月(?:(?P<h_d>{cn}{{1,4}})[日号])?",
            r"|(?P<md_m>\d{{1,2}})月(?P<md_d>\d{{1,2}})[日号]",
        ),
        hz = hz,
        cn = cn_num
    );
    Regex::new(&pattern).unwrap_or_else(|e| panic!("date pattern does not compile: {e}"))
});

/// Whether `c` is a CJK character or full-width form (for white-space folding).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '○')
}

fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '／' => '/',
        '－' => '-',
        '．' => '.',
        '\u{3000}' | '\u{A0}' => ' ',
        _ => c,
    }
}

/// Folds full-width digits and separators to ASCII and drops white space next to CJK
/// characters (line breaks are kept unless they split a date such as `2022\n年`).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_ws = false;
    let mut pending_nl = false;
    let mut prev: Option<char> = None;
    for c in text.chars().map(fold_char) {
        if c.is_whitespace() {
            pending_ws = true;
            pending_nl |= c == '\n' || c == '\r';
            continue;
        }
        if pending_ws {
            let date_join = prev.is_some_and(|p| {
                (p.is_ascii_digit() && matches!(c, '年' | '月' | '日' | '号'))
                    || (matches!(p, '年' | '月') && c.is_ascii_digit())
            });
            let cjk_side = prev.is_some_and(is_cjk) || is_cjk(c);
            if date_join || (cjk_side && !pending_nl) {
                // dropped
            } else if prev.is_some() {
                out.push(if pending_nl { '\n' } else { ' ' });
            }
            pending_ws = false;
            pending_nl = false;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// A digit of a year written in words: a Chinese digit ([`crate::numerals::digit`]),
/// or the letter O typed for 〇.
fn hanzi_digit(c: char) -> Option<u32> {
    match c {
        'O' | 'Ｏ' => Some(0),
        c => crate::numerals::digit(c),
    }
}

/// `二〇二二` → 2022 (digit by digit).
fn hanzi_year(s: &str) -> Option<i32> {
    let mut y = 0i32;
    for c in s.chars() {
        y = y * 10 + hanzi_digit(c)? as i32;
    }
    Some(y)
}

/// `十二` → 12, `二十三` → 23, `廿一` → 21, `五` → 5 ([`crate::numerals::small`]).
fn hanzi_small(s: &str) -> Option<u32> {
    crate::numerals::small(s)
}

fn year_ok(y: i32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&y)
}

fn day(y: i32, m: u32, d: u32) -> Option<(Date, Date, DateKind)> {
    if !year_ok(y) {
        return None;
    }
    let dt = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Some((dt, dt, DateKind::Day))
}

fn months(y: i32, a: u32, b: u32) -> Option<(Date, Date, DateKind)> {
    if !year_ok(y) || a > b {
        return None;
    }
    let a = u8::try_from(a).ok()?;
    let b = u8::try_from(b).ok()?;
    Some((
        Date::new(y, a, 1)?,
        Date::last_of_month(y, b)?,
        DateKind::Month,
    ))
}

fn year(y: i32) -> Option<(Date, Date, DateKind)> {
    if !year_ok(y) {
        return None;
    }
    Some((Date::new(y, 1, 1)?, Date::new(y, 12, 31)?, DateKind::Year))
}

fn num(caps: &regex::Captures, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

const NUMBER_WORDS: [&str; 10] = [
    "编号", "单号", "号码", "电话", "手机", "账号", "帐号", "代码", "工号", "证号",
];

/// The characters just before byte offset `at` (up to `n` of them).
fn before(s: &str, at: usize, n: usize) -> &str {
    let head = &s[..at];
    let start = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    &head[start..]
}

/// `2022.8.1-2022.8.7`, `2022/8/1~8/7`: one range of days (the first day alone when
/// the second half is not a valid later date).
fn day_range(caps: &regex::Captures) -> Option<(Date, Date, DateKind)> {
    let s1 = caps.name("nr_s1")?.as_str();
    if s1 != caps.name("nr_s2")?.as_str() || s1 != caps.name("nr_s4")?.as_str() {
        return None;
    }
    if caps.name("nr_s3").is_some_and(|x| x.as_str() != s1) {
        return None;
    }
    let y: i32 = caps.name("nr_y")?.as_str().parse().ok()?;
    let (first, ..) = day(y, num(caps, "nr_m")?, num(caps, "nr_d")?)?;
    let y2 = match caps.name("nr_y2") {
        Some(v) => v.as_str().parse().ok()?,
        None => y,
    };
    let last = day(y2, num(caps, "nr_m2")?, num(caps, "nr_d2")?)
        .map(|x| x.0)
        .filter(|l| *l >= first && l.year - first.year <= 1);
    Some((first, last.unwrap_or(first), DateKind::Day))
}

fn interpret(
    caps: &regex::Captures,
    s: &str,
    year_hint: Option<i32>,
) -> Option<(Date, Date, DateKind)> {
    let m = caps.get(0)?;
    let prev = s[..m.start()].chars().next_back();
    let next = s[m.end()..].chars().next();
    let next2: String = s[m.end()..].chars().take(2).collect();
    // Every form starting with ASCII digits must not continue a number or a word.
    let digit_led = m.as_str().starts_with(|c: char| c.is_ascii_digit());
    if digit_led && prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    if let Some(y) = caps.name("cd_y") {
        return day(
            y.as_str().parse().ok()?,
            num(caps, "cd_m")?,
            num(caps, "cd_d")?,
        );
    }
    if let Some(y) = caps.name("cr_y") {
        return months(
            y.as_str().parse().ok()?,
            num(caps, "cr_a")?,
            num(caps, "cr_b")?,
        );
    }
    if let Some(y) = caps.name("cm_y") {
        let mo = num(caps, "cm_m")?;
        return months(y.as_str().parse().ok()?, mo, mo);
    }
    if let Some(y) = caps.name("q_y") {
        let q = match caps.name("q")?.as_str() {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            _ => 4,
        };
        return months(y.as_str().parse().ok()?, q * 3 - 2, q * 3);
    }
    if let Some(y) = caps.name("hf_y") {
        let (a, b) = if caps.name("hf")?.as_str() == "上" {
            (1, 6)
        } else {
            (7, 12)
        };
        return months(y.as_str().parse().ok()?, a, b);
    }
    if let Some(y) = caps.name("cy_y") {
        return year(y.as_str().parse().ok()?);
    }
    if caps.name("nr_y").is_some() {
        if prev.is_some_and(|c| matches!(c, '.' | '/' | '-')) {
            return None;
        }
        if next.is_some_and(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        return day_range(caps);
    }
    if caps.name("md_m").is_some() {
        // A year-less `3月10日`: the year of the document (the last year written
        // before it, else the first of the file).
        if prev.is_some_and(|c| c.is_ascii_digit() || matches!(c, '年' | '.' | '-' | '/')) {
            return None;
        }
        return day(year_hint?, num(caps, "md_m")?, num(caps, "md_d")?);
    }
    if let Some(y) = caps.name("n_y") {
        if caps.name("n_s1")?.as_str() != caps.name("n_s2")?.as_str() {
            return None;
        }
        if prev.is_some_and(|c| matches!(c, '.' | '/' | '-')) {
            return None;
        }
        if next.is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        // 2022.3.5.1 (a version), 10.2022.3.5 (an address).
        let mut n2 = next2.chars();
        if let (Some(a), Some(b)) = (n2.next(), n2.next()) {
            if matches!(a, '.' | '/' | '-') && b.is_ascii_digit() {
                return None;
            }
        }
        return day(
            y.as_str().parse().ok()?,
            num(caps, "n_m")?,
            num(caps, "n_d")?,
        );
    }
    if let Some(c8) = caps.name("c8") {
        if next.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '元' | '万' | '亿' | '号' | '.' | '%')
        }) || prev.is_some_and(|c| matches!(c, '¥' | '$' | '￥' | '.' | '-' | '/' | '+'))
        {
            return None;
        }
        let ctx = before(s, c8.start(), 8);
        if NUMBER_WORDS.iter().any(|w| ctx.contains(w)) || ctx.contains("No") {
            return None;
        }
        let t = c8.as_str();
        let y: i32 = t.get(0..4)?.parse().ok()?;
        if !(1990..=2099).contains(&y) {
            return None;
        }
        return day(y, t.get(4..6)?.parse().ok()?, t.get(6..8)?.parse().ok()?);
    }
    if let Some(y) = caps.name("h_y") {
        let y = hanzi_year(y.as_str())?;
        let mo = hanzi_small(caps.name("h_m")?.as_str())?;
        return match caps.name("h_d") {
            Some(d) => day(y, mo, hanzi_small(d.as_str())?),
            None => months(y, mo, mo),
        };
    }
    None
}

const CLAUSE_END: [char; 8] = ['。', '；', ';', '\n', '，', ',', '：', ':'];
const SENTENCE_END: [char; 4] = ['。', '；', ';', '\n'];
const BEFORE_MARKERS: [&str; 8] = [
    "根据",
    "依据",
    "按照",
    "遵照",
    "参照",
    "援引",
    "有效期",
    "截止日期",
];
const AFTER_MARKERS: [&str; 16] = [
    "印发",
    "发布",
    "颁布",
    "施行",
    "出台",
    "公布",
    "修订",
    "修正",
    "〔",
    "以来",
    "同期",
    "前报",
    "前上报",
    "前提交",
    "前反馈",
    "前完成",
];
/// Words after `…日前` that make the date a deadline.
const DEADLINE_WORDS: [&str; 6] = ["报", "提交", "反馈", "交", "完成", "送"];
/// Words right before a date that make it a comparison or a history (`较2021年同期`,
/// `与2021年相比`, `自2019年6月`).
const JUST_BEFORE: [&str; 5] = ["较", "比", "与", "自", "同比"];

/// `s` with line breaks between two CJK characters removed: PDF text wraps lines
/// inside words (`根\n据`), and a citation must keep its context.
fn join_wrapped(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n' {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j));
            let next = chars.get(i + 1);
            let wrapped = matches!((prev, next), (Some(p), Some(n))
                if is_ideograph(*p) && is_ideograph(*n));
            if wrapped {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// A CJK ideograph (not punctuation).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Whether the date at `start..end` of `s` is written in citation context.
fn is_background(s: &str, start: usize, end: usize) -> bool {
    let head = join_wrapped(before(s, start, 40));
    let clause_head = head.rsplit(CLAUSE_END).next().unwrap_or("");
    if BEFORE_MARKERS.iter().any(|m| clause_head.contains(m)) {
        return true;
    }
    if JUST_BEFORE.iter().any(|m| clause_head.ends_with(m)) {
        return true;
    }
    let sentence_head = head.rsplit(SENTENCE_END).next().unwrap_or("");
    let open = sentence_head.matches('《').count();
    let close = sentence_head.matches('》').count();
    if open > close {
        return true;
    }
    let tail: String = join_wrapped(&s[end..].chars().take(24).collect::<String>());
    let clause_tail = tail.split(CLAUSE_END).next().unwrap_or("");
    // A deadline: `请于2022年11月10日前将材料报送…`.
    let deadline = (clause_tail.starts_with('前') || clause_tail.starts_with("之前"))
        && DEADLINE_WORDS.iter().any(|w| clause_tail.contains(w));
    deadline
        || AFTER_MARKERS
            .iter()
            .any(|m| clause_tail.chars().take(14).collect::<String>().contains(m))
}

/// All dates written in `text`, in order. `text` is normalized first (see [`normalize`]).
pub fn find_dates(text: &str) -> Vec<TextDate> {
    find_dates_normalized(&normalize(text))
}

/// [`find_dates`] on text already passed through [`normalize`].
pub fn find_dates_normalized(s: &str) -> Vec<TextDate> {
    find_dates_in(s, None).0
}

/// [`find_dates_normalized`] with the year a year-less `3月10日` takes when no year was
/// written before it in `s`; also returns the last year written in `s` (for the
/// next piece of the same document).
pub fn find_dates_in(s: &str, year_hint: Option<i32>) -> (Vec<TextDate>, Option<i32>) {
    let mut out = Vec::new();
    let mut year = year_hint;
    let mut lines = Lines::default();
    for caps in DATE_RE.captures_iter(s) {
        let Some(m) = caps.get(0) else { continue };
        if let Some((start, end, kind)) = interpret(&caps, s, year) {
            let yearless = caps.name("md_m").is_some();
            if !yearless {
                year = Some(end.year);
            }
            let line = line_of(s, m.start(), m.end(), &mut lines);
            let mut background = is_background(s, m.start(), m.end());
            if line.signed && line.signed_suffix {
                // `区政务服务中心 2022年3月5日印发` on a line of its own: the
                // document's own 版记, not a cited document.
                background = false;
            }
            out.push(TextDate {
                start,
                end,
                kind,
                text: m.as_str().to_owned(),
                background,
                line: line.index,
                signed: line.signed && !background,
                labelled: line.labelled && !background,
                short_line: line.short,
                yearless,
            });
        }
    }
    (out, year)
}

/// Where a date sits in its line.
struct LineInfo {
    /// 0-based line of `s`.
    index: u32,
    /// The line is the date, after a unit name or nothing (a 落款), maybe followed by
    /// 印发/印制 or a time of day.
    signed: bool,
    /// The suffix was 印发/印制 (so a citation marker there does not count).
    signed_suffix: bool,
    /// The date follows a label saying it is the document's date (`成文日期：`,
    /// `会议时间：`, a table cell `服务时间`).
    labelled: bool,
    /// The line is short and holds no sentence (a title or header line).
    short: bool,
}

const SENTENCE_PUNCT: [char; 14] = [
    '。', '，', '；', '：', '、', ',', ';', ':', '！', '？', '!', '?', '（', '(',
];
/// Characters a unit name never ends with (a preposition or verb before a date).
const NOT_UNIT_END: &str = "于在至到自从截及和与的为是止前起将已年月日";
const LABELS: [&str; 4] = ["日期", "时间", "公示期", "落款"];
const NOT_LABELS: [&str; 9] = [
    "出生",
    "截止",
    "截至",
    "有效期",
    "报送",
    "提交",
    "成立",
    "入职",
    "到期",
];

/// Where the line of the last date began and ended, and its index: dates come in
/// order, so each byte of the text is looked at once however many dates it holds.
#[derive(Default)]
struct Lines {
    start: usize,
    end: Option<usize>,
    index: u32,
}

fn line_of(s: &str, start: usize, end: usize, at: &mut Lines) -> LineInfo {
    // Move to the line holding `start`.
    loop {
        let le = match at.end {
            Some(e) => e,
            None => {
                let e = s[at.start..]
                    .find('\n')
                    .map(|i| at.start + i)
                    .unwrap_or(s.len());
                at.end = Some(e);
                e
            }
        };
        if start <= le || le >= s.len() {
            break;
        }
        at.start = le + 1;
        at.end = None;
        at.index = at.index.saturating_add(1);
    }
    let ls = at.start.min(start);
    let le = at.end.unwrap_or(s.len()).max(end).min(s.len());
    let index = at.index;
    let prefix = s[ls..start].trim();
    let suffix = s[end..le].trim();
    let line = &s[ls..le];
    // A title or header line holds no sentence: no full stop, no comma.
    let short = line.chars().count() <= 40 && !line.contains(['。', '；', ';', '，', ',']);
    let mark_suffix = matches!(suffix, "印发" | "印制" | "制" | "编印" | "发布");
    let time_suffix = suffix.chars().all(|c| {
        c.is_ascii_digit()
            || c == ' '
            || "上下午晚中时分点半:：（）()星期一二三四五六日天".contains(c)
    });
    let suffix_ok = mark_suffix || time_suffix;
    let label = prefix.trim_end_matches([':', '：', ' ']);
    let labelled = suffix_ok
        && LABELS.iter().any(|l| label.ends_with(l))
        && !NOT_LABELS.iter().any(|l| label.contains(l));
    let unit_like = prefix.is_empty()
        || (prefix.chars().count() <= 30
            && !prefix.contains(SENTENCE_PUNCT)
            && prefix
                .chars()
                .next_back()
                .is_some_and(|c| is_cjk(c) && !NOT_UNIT_END.contains(c)));
    LineInfo {
        index,
        signed: suffix_ok && unit_like && !labelled,
        signed_suffix: mark_suffix,
        labelled,
        short,
    }
}

/// What the text of a spreadsheet cell says about dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellText {
    /// The cell *is* a date: a day date that makes up the cell, optionally followed
    /// by a time (`2022年3月5日`, `2022/3/5 10:20`).
    Is(TextDate),
    /// The cell merely mentions dates (a title `2022年3月巡查台账`, a note); empty
    /// when it mentions none.
    Mentions(Vec<TextDate>),
}

/// Whether `t` can hold a date at all: every date form has a digit or a Chinese
/// numeral. Most cells (names, states, remarks) fail this, cheaply.
fn may_hold_date(t: &str) -> bool {
    t.chars().any(|c| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十".contains(c)
    })
}

/// Classifies a cell's text in one pass (normalized and searched once).
pub fn cell_text(text: &str) -> CellText {
    let t = text.trim();
    if t.is_empty() || !may_hold_date(t) {
        return CellText::Mentions(Vec::new());
    }
    let s = normalize(t);
    let mut found = find_dates_normalized(&s);
    let short = t.chars().count() <= 24;
    if short && found.len() == 1 {
        let d = &found[0];
        if d.kind != DateKind::Year && s.starts_with(&d.text) {
            let rest = s[d.text.len()..].trim();
            let time_like = rest.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, ':' | ' ' | 'T' | '.' | '时' | '分' | '秒')
            });
            if time_like {
                if let Some(d) = found.pop() {
                    return CellText::Is(d);
                }
            }
        }
    }
    CellText::Mentions(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected first date as "start..end" with kind, or "" for none)
    const CASES: &[(&str, &str)] = &[
        // day forms
        ("2022年3月5日", "2022-03-05 day"),
        ("2022年03月05日", "2022-03-05 day"),
        ("2022年3月5号", "2022-03-05 day"),
        ("于2022年10月31日前完成", "2022-10-31 day"),
        ("2022 年 1 月 1 日", "2022-01-01 day"),
        ("2022\n年\n1\n月\n1\n日", "2022-01-01 day"),
        ("２０２２年３月５日", "2022-03-05 day"),
        ("2022-03-05", "2022-03-05 day"),
        ("2022-3-5", "2022-03-05 day"),
        ("2022/3/5", "2022-03-05 day"),
        ("2022/03/05 14:30:00", "2022-03-05 day"),
        ("2022-03-05T08:00:00", "2022-03-05 day"),
        ("2022.3.5", "2022-03-05 day"),
        ("2022.03.05", "2022-03-05 day"),
        ("２０２２／３／５", "2022-03-05 day"),
        ("日期：2022-10-28。", "2022-10-28 day"),
        ("20220305", "2022-03-05 day"),
        ("拍摄于20221028", "2022-10-28 day"),
        ("IMG_20220305_101010.jpg", ""),
        ("二〇二二年三月五日", "2022-03-05 day"),
        ("二○二二年十二月三十一日", "2022-12-31 day"),
        ("二〇二二年十月二十日", "2022-10-20 day"),
        ("二〇二二年一月十日", "2022-01-10 day"),
        ("二〇二二年二月廿八日", "2022-02-28 day"),
        ("2024年2月29日", "2024-02-29 day"),
        ("1999年12月31日", "1999-12-31 day"),
        // months and years
        ("2022年3月", "2022-03-01..2022-03-31 month"),
        ("2022年03月巡查", "2022-03-01..2022-03-31 month"),
        ("二〇二二年三月", "2022-03-01..2022-03-31 month"),
        ("2022年1-3月", "2022-01-01..2022-03-31 month"),
        ("2022年1至10月", "2022-01-01..2022-10-31 month"),
        ("2022年2月", "2022-02-01..2022-02-28 month"),
        ("2022年度", "2022-01-01..2022-12-31 year"),
        ("2022年", "2022-01-01..2022-12-31 year"),
        ("2022年工作总结", "2022-01-01..2022-12-31 year"),
        // invalid dates
        ("2022年2月30日", ""),
        ("2022年13月1日", ""),
        ("2022-02-29", ""),
        ("2022-13-01", ""),
        ("2022/0/5", ""),
        ("2022年0月", ""),
        ("2022年3-1月", ""),
        ("20221301", ""),
        ("20220230", ""),
        ("3022年3月5日", ""),
        ("1800-01-01", ""),
        // not dates
        ("〔2022〕9号", ""),
        ("平湛\"放管服\"组办〔2022〕9号", ""),
        ("湛府办[2022]9号", ""),
        ("联系电话：13820220305", ""),
        ("电话 0759-2022035", ""),
        ("身份证号 440802199001011234", ""),
        ("金额 20220305 元", ""),
        ("金额20220305元", ""),
        ("编号20220305", ""),
        ("工单号 GD20220305001", ""),
        ("v2022.3.5", ""),
        ("版本 2022.3.5.1", ""),
        ("10.2022.3.5", ""),
        ("05/03/2022", ""),
        ("22-3-5", ""),
        ("2022-03/05", ""),
        ("合计 2022.35 万元", ""),
        ("共2022件", ""),
        ("12022年3月5日", ""),
        ("2022-03-051", ""),
        ("19800101", ""),
        ("第2022号", ""),
    ];

    fn show(d: &TextDate) -> String {
        let kind = match d.kind {
            DateKind::Day => "day",
            DateKind::Month => "month",
            DateKind::Year => "year",
        };
        if d.start == d.end {
            format!("{} {kind}", d.start)
        } else {
            format!("{}..{} {kind}", d.start, d.end)
        }
    }

    #[test]
    fn table_of_date_strings() {
        assert!(CASES.len() >= 60, "{} cases", CASES.len());
        let mut bad = Vec::new();
        for (input, want) in CASES {
            let got = find_dates(input).first().map(show).unwrap_or_default();
            if got != *want {
                bad.push(format!("{input:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(bad.is_empty(), "\n{}", bad.join("\n"));
    }

    #[test]
    fn several_dates_in_order() {
        let v = find_dates("考评周期 2022年1月1日至2022年10月31日，共十个月。");
        let s: Vec<String> = v.iter().map(show).collect();
        assert_eq!(s, ["2022-01-01 day", "2022-10-31 day"]);
    }

    #[test]
    fn citation_context_is_background() {
        let cases: &[(&str, bool)] = &[
            ("根据2020年5月1日印发的《实施方案》开展工作", true),
            ("《湛江市2020年3月工作要点》", true),
            ("该办法于2020年3月1日起施行。", true),
            ("市政府2020年6月发布了通知", true),
            ("湛府办〔2020〕5号（2020年4月3日）", false),
            ("2020年4月3日湛府办〔2020〕5号", true),
            ("2022年3月5日开展巡查", false),
            ("根据工作安排，2022年3月5日开展巡查", false),
            ("按照2019年12月的部署", true),
            ("2022年4月1日检查，《通知》已印发", false),
        ];
        for (text, want) in cases {
            let v = find_dates(text);
            let d = v.first().unwrap_or_else(|| panic!("no date in {text}"));
            assert_eq!(d.background, *want, "{text}");
        }
    }

    #[test]
    fn cell_dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2022-03-05", Some("2022-03-05 day")),
            (" 2022/3/5 10:20 ", Some("2022-03-05 day")),
            ("2022年3月5日", Some("2022-03-05 day")),
            ("2022年3月", Some("2022-03-01..2022-03-31 month")),
            ("2022年度", None),
            ("2022年3月5日群众反映路灯不亮已处理", None),
            ("受理", None),
            ("", None),
        ];
        for (text, want) in cases {
            let is = match cell_text(text) {
                CellText::Is(d) => Some(show(&d)),
                CellText::Mentions(_) => None,
            };
            assert_eq!(is.as_deref(), *want, "{text}");
        }
        // Longer text mentions its dates rather than being one.
        assert!(matches!(
            cell_text("2022年3月5日群众反映路灯不亮已处理"),
            CellText::Mentions(v) if v.len() == 1
        ));
        assert_eq!(cell_text("受理"), CellText::Mentions(Vec::new()));
    }

    #[test]
    fn forms_of_this_round() {
        let cases: &[(&str, &str)] = &[
            ("二O二二年十月二十日", "2022-10-20 day"),
            ("二○二二年三月五日", "2022-03-05 day"),
            ("二〇二二年三月五日", "2022-03-05 day"),
            ("公示期：2022.8.1-2022.8.7", "2022-08-01..2022-08-07 day"),
            ("2022/8/1~8/7", "2022-08-01..2022-08-07 day"),
            ("2022.8.7-2022.8.1", "2022-08-07 day"),
            ("2022年第三季度", "2022-07-01..2022-09-30 month"),
            ("2022年四季度", "2022-10-01..2022-12-31 month"),
            ("2022年上半年", "2022-01-01..2022-06-30 month"),
            ("2022年下半年", "2022-07-01..2022-12-31 month"),
            ("2022年1-10月", "2022-01-01..2022-10-31 month"),
            ("3月10日", ""),
        ];
        for (input, want) in cases {
            let got = find_dates(input).first().map(show).unwrap_or_default();
            assert_eq!(got, *want, "{input}");
        }
        // A year-less day takes the year written before it, else the hint.
        let (v, _) = find_dates_in(&normalize("2022年走访记录\n3月10日，入户走访。"), None);
        assert_eq!(
            v.iter().map(show).collect::<Vec<_>>(),
            ["2022-01-01..2022-12-31 year", "2022-03-10 day"]
        );
        let (v, _) = find_dates_in("3月10日开展", Some(2021));
        assert_eq!(v.first().map(show).as_deref(), Some("2021-03-10 day"));
    }

    #[test]
    fn cited_deadline_history_and_wrapped_words_are_background() {
        let cases: &[(&str, bool)] = &[
            ("请于2022年11月10日前将材料报送区政务服务中心。", true),
            ("相关资质有效期至2025年12月31日。", true),
            ("办件量较2021年同期增长12%。", true),
            ("自2019年6月以来，持续推进。", true),
            ("根\n据2019年5月1日印发的办法", true),
            ("2022年3月5日开展巡查。", false),
        ];
        for (text, want) in cases {
            let v = find_dates(text);
            assert_eq!(v.first().map(|d| d.background), Some(*want), "{text}");
        }
    }

    #[test]
    fn line_roles() {
        let s = normalize("关于做好工作的通知\n定于2022年3月5日开展巡查。\n区政务服务中心\n2022年10月20日\n成文日期：2022年10月21日\n区政务服务中心 2022年10月22日印发");
        let v = find_dates_normalized(&s);
        let roles: Vec<(bool, bool)> = v.iter().map(|d| (d.signed, d.labelled)).collect();
        assert_eq!(
            roles,
            [(false, false), (true, false), (false, true), (true, false)]
        );
        assert!(!v[3].background, "a 版记 line is the document's own");
    }

    #[test]
    fn hanzi_numbers() {
        for (s, v) in [
            ("五", 5),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("三十一", 31),
            ("廿八", 28),
        ] {
            assert_eq!(hanzi_small(s), Some(v), "{s}");
        }
        assert_eq!(hanzi_small("十十"), None);
        assert_eq!(hanzi_year("二〇二二"), Some(2022));
    }
}
