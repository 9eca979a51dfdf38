//! File names: `单位-题目序号-佐证关键点.扩展名` (e.g. `东双河镇-04-建筑面积.pdf`).
//!
//! Pure functions, no I/O. [`analyze`] splits a name into unit / question number / key
//! point / extension, lists every way it departs from the rule as an [`Issue`], and,
//! when the intended name is clear, derives the corrected name. It understands the
//! usual deviations of real submissions: dash look-alikes (`－ — – ― ‐ _`, doubled
//! `——`, spaces around the dash), full-width digits and brackets, `4` / `第4题` /
//! `Q4` for `04`, parts in the wrong order, a missing unit, a unit written without its
//! `区` prefix, doubled extensions, Windows-forbidden and invisible characters.
//!
//! The work per name is linear in its length and bounded: at most [`MAX_SEGMENTS`]
//! parts are told apart and unit prefixes are only searched in the first
//! [`MAX_UNIT_CHARS`] characters.

#![warn(missing_docs)]

use unicode_normalization::UnicodeNormalization;

/// At most this many `-`-separated parts are told apart; the rest stays in the key point.
pub const MAX_SEGMENTS: usize = 64;
/// Unit names are looked for in at most this many leading characters.
pub const MAX_UNIT_CHARS: usize = 64;

/// NFKC-normalises and trims a name for comparison (full-width → half-width, …).
pub fn normalize(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_owned()
}

/// What the pipeline needs to judge a name.
#[derive(Debug, Clone)]
pub struct NameContext<'a> {
    /// The submitting unit's name.
    pub unit: &'a str,
    /// Other names of the unit (roster aliases).
    pub aliases: &'a [String],
    /// Question numbers of the unit's questionnaire (`"01"`, …).
    pub questions: &'a [String],
    /// Question number + key point, in characters.
    pub max_chars: usize,
}

impl NameContext<'_> {
    /// Whether `no` (normalised) is a question of the questionnaire. Without a
    /// questionnaire nothing can be ruled out, so every number is accepted.
    pub fn has_question(&self, no: &str) -> bool {
        self.questions.is_empty() || self.questions.iter().any(|q| q == no)
    }

    /// The valid question numbers for messages: `01–40`, or a list.
    pub fn question_range(&self) -> String {
        question_range(self.questions)
    }
}

/// A name split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedName {
    /// The unit part as written (trimmed).
    pub unit: String,
    /// Normalised (`"04"`).
    pub question: Option<String>,
    /// The key point (佐证关键点) as written.
    pub key_point: String,
    /// Lower-case extension without the dot.
    pub extension: Option<String>,
}

/// One way a name departs from `单位-题目序号-佐证关键点.扩展名`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// Nothing but an extension, dots or spaces.
    Empty,
    /// No unit / question number / key point structure could be recognised.
    Unrecognised,
    /// The name starts with the question number; no unit is given.
    UnitMissing,
    /// Unit, question number and key point are all there, in the wrong order.
    OrderSwapped,
    /// The unit part names another unit (or something that is not a unit).
    UnitWrong {
        /// The unit part as written.
        found: String,
    },
    /// The unit part is the unit's name, but incomplete or decorated (`人社局`, `东双河`).
    UnitInexact {
        /// The unit part as written.
        found: String,
    },
    /// No question number.
    QuestionMissing,
    /// A question number that is not in the unit's questionnaire.
    QuestionUnknown {
        /// The number as written.
        found: String,
        /// The number normalised (`"04"`).
        number: String,
    },
    /// A valid question number written another way (`4`, `第4题`, `０４`).
    QuestionStyle {
        /// The number as written.
        found: String,
        /// The number as it should be written (`"04"`).
        number: String,
    },
    /// Unit and question number, no key point.
    KeyPointEmpty,
    /// Question number + key point has more characters than allowed.
    TooLong {
        /// Characters counted.
        chars: usize,
        /// The most the rules allow.
        max: usize,
    },
    /// Separators other than a single `-` (look-alikes, doubled, spaces instead).
    Separators {
        /// The separators found, as written.
        found: Vec<String>,
    },
    /// Parts written together without separators (`东双河镇04建筑面积`).
    SeparatorsMissing,
    /// Characters Windows does not allow in a file name (`<>:"/\|?*`, control characters).
    ForbiddenChars {
        /// The forbidden characters found.
        found: Vec<char>,
    },
    /// Invisible formatting characters (right-to-left marks, zero-width spaces, …).
    InvisibleChars {
        /// How many there are.
        count: usize,
    },
    /// Spaces at the start or end of the name or around its parts, or trailing dots.
    Spaces,
    /// An extension before the extension (`.pdf.pdf`, `.docx.pdf`).
    DoubledExtension {
        /// The inner extension as written (`pdf` of `x.pdf.pdf`).
        inner: String,
    },
    /// No extension.
    ExtensionMissing,
}

/// Everything [`analyze`] found out about a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAnalysis {
    /// The name split into its parts.
    pub parsed: ParsedName,
    /// The question number as written (`第4题`), when the name gives one.
    pub question_written: Option<String>,
    /// Characters of question number (normalised) + key point, when a key point was found.
    pub chars: usize,
    /// How the name departs from the rule, in the order found.
    pub issues: Vec<Issue>,
    /// The corrected name, when it can be derived and differs from the name.
    pub suggested: Option<String>,
}

impl NameAnalysis {
    /// The normalised question number, if it is one of the unit's questions.
    pub fn valid_question(&self, ctx: &NameContext) -> Option<String> {
        self.parsed.question.clone().filter(|q| ctx.has_question(q))
    }
}

/// The question number a folder name gives (`04`, `第4题`, `4-建筑面积`,
/// `东双河镇-04-建筑面积`), if it is one of `questions` (any number when `questions`
/// is empty).
pub fn question_from_dir(dir: &str, questions: &[String]) -> Option<String> {
    let ok = |n: u32| -> Option<String> {
        let no = format!("{n:02}");
        (n > 0 && (questions.is_empty() || questions.contains(&no))).then_some(no)
    };
    let d = dir.trim();
    if let Some(q) = parse_question(d) {
        return ok(q.value);
    }
    if let Some((q, _)) = question_prefix(d) {
        return ok(q.value);
    }
    let segs = segments(d, true);
    if segs.len() >= 2 {
        let s0 = seg_text(d, &segs[0]);
        let s1 = seg_text(d, &segs[1]);
        if let Some(q) = parse_question(s0) {
            return ok(q.value);
        }
        if let Some(q) = parse_question(s1) {
            return ok(q.value);
        }
    }
    None
}

/// Analyses a file name (the last component of its path) against `ctx`.
pub fn analyze(name: &str, ctx: &NameContext) -> NameAnalysis {
    analyze_with_hint(name, ctx, None)
}

/// Like [`analyze`]; `hint` is the question number the file's folder or archive gives,
/// used for the corrected name when the name itself gives none.
pub fn analyze_with_hint(name: &str, ctx: &NameContext, hint: Option<&str>) -> NameAnalysis {
    let mut a = analyze_inner(name, ctx);
    let candidate = a.rebuild(ctx, hint);
    a.suggested = candidate.filter(|c| c != name && analyze_inner(c, ctx).issues.is_empty());
    a.into_public()
}

// ---------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------

/// Characters Windows forbids, with the replacement used in a corrected name.
fn forbidden_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '<' => "《",
        '>' => "》",
        ':' => "：",
        '?' => "？",
        '"' | '/' | '\\' | '|' | '*' => "",
        c if c.is_control() => "",
        _ => return None,
    })
}

/// Invisible formatting characters: bidi marks and overrides, zero-width characters,
/// BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Dash look-alikes and underscores used between the parts.
fn is_sep(c: char) -> bool {
    matches!(
        c,
        '-' | '－'
            | '—'
            | '–'
            | '―'
            | '‐'
            | '‑'
            | '‒'
            | '−'
            | '﹣'
            | '﹘'
            | '⁃'
            | '_'
            | '＿'
    )
}

/// Whether `s` can be an extension: 1–5 ASCII letters/digits with at least one letter.
fn is_extension(s: &str) -> bool {
    (1..=5).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A question number as found in a name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct QTok {
    value: u32,
    /// Written exactly as two ASCII digits.
    standard: bool,
}

impl QTok {
    fn normalized(&self) -> String {
        format!("{:02}", self.value)
    }
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parses a number at the start of `s`: 1–3 (full-width or ASCII) digits, or a Chinese
/// numeral up to 九十九. Returns the value, the bytes consumed, the digit count and
/// whether it was in ASCII digits.
fn number_prefix(s: &str, three_digits: bool) -> Option<(u32, usize, usize, bool)> {
    let mut value = 0u32;
    let mut len = 0usize;
    let mut count = 0usize;
    let mut ascii = true;
    for c in s.chars() {
        let Some(d) = ascii_digit(c) else { break };
        if count == 3 {
            return None; // four digits or more: a year or an amount, not a question
        }
        ascii &= c.is_ascii_digit();
        value = value * 10 + d;
        len += c.len_utf8();
        count += 1;
    }
    if count > 0 {
        if count == 3 && !three_digits && !s.starts_with(['0', '０']) {
            return None;
        }
        return Some((value, len, count, ascii));
    }
    // Chinese numerals: 四, 十, 十二, 二十, 四十, 三十五.
    let chars: Vec<(usize, char)> = s.char_indices().take(3).collect();
    let mut tens: Option<u32> = None;
    let mut units: Option<u32> = None;
    let mut end = 0;
    for &(i, c) in &chars {
        if c == '十' && tens.is_none() {
            tens = Some(units.take().unwrap_or(1));
            end = i + c.len_utf8();
        } else if let Some(d) = crate::numerals::digit(c) {
            if units.is_some() {
                break;
            }
            units = Some(d);
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let v = tens.unwrap_or(0) * 10 + units.unwrap_or(0);
    (end > 0 && v > 0).then_some((v, end, 0, false))
}

/// Characters after which leading digits are a quantity or a date, not a question number.
fn is_quantity_suffix(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ascii_digit(c).is_some()
        || matches!(
            c,
            '年' | '月'
                | '日'
                | '号'
                | '.'
                | '．'
                | '%'
                | '％'
                | '个'
                | '项'
                | '件'
                | '次'
                | '万'
                | '千'
                | '百'
                | '元'
                | '㎡'
                | '米'
                | '人'
                | '家'
                | '户'
                | '天'
                | '小'
                | '分'
                | '季'
                | '周'
                | ':'
                | '：'
                | '/'
                | '、'
                | ','
                | '，'
        )
}

/// A question number at the start of `s`, followed by the rest of the name: `04建筑面积`,
/// `第4题建筑面积`, `Q4建筑面积`. Returns the token and the byte offset where the rest
/// starts.
fn question_prefix(s: &str) -> Option<(QTok, usize)> {
    let (prefix_len, ordinal) = if s.starts_with('第') {
        ('第'.len_utf8(), true)
    } else if s.starts_with(['Q', 'q', 'Ｑ', 'ｑ']) {
        (s.chars().next().map_or(1, char::len_utf8), false)
    } else {
        (0, false)
    };
    let body = &s[prefix_len..];
    let (value, len, count, ascii) = number_prefix(body, false)?;
    let standard = prefix_len == 0 && ascii && count == 2;
    if prefix_len == 0 && count == 0 {
        return None; // a bare Chinese numeral starts many key points (一网通办)
    }
    let mut end = prefix_len + len;
    let rest = &s[end..];
    let mut standard = standard;
    if rest.starts_with('题') {
        end += '题'.len_utf8();
        standard = false;
    } else if ordinal {
        return None; // 第4批, 第4季度: not a question
    } else if rest.chars().next().is_some_and(is_quantity_suffix) {
        return None;
    }
    if end >= s.len() {
        return None; // the whole string: parse_question's business
    }
    Some((QTok { value, standard }, end))
}

/// A whole part that is a question number: `04`, `4`, `004`, `０４`, `第4题`, `第04题`,
/// `第四题`, `4题`, `Q4`.
fn parse_question(s: &str) -> Option<QTok> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let (body, ordinal) = if let Some(b) = s.strip_prefix('第') {
        (b, true)
    } else if let Some(b) = s.strip_prefix(['Q', 'q', 'Ｑ', 'ｑ']) {
        (b, false)
    } else {
        (s, false)
    };
    // A whole part of three digits is a question number too: some schemes number
    // their questions 101, 102, … (a part of four digits is a year).
    let (value, len, count, ascii) = number_prefix(body, true)?;
    let rest = &body[len..];
    let rest = rest.strip_prefix('题').unwrap_or(rest);
    if !rest.is_empty() {
        return None;
    }
    if count == 0 && !ordinal {
        return None; // 四 alone is not taken for a question number
    }
    Some(QTok {
        value,
        standard: ascii
            && (count == 2 || (count == 3 && value >= 100))
            && body.len() == s.len()
            && len == s.len(),
    })
}

/// A part of the stem between separator runs (byte offsets into the stem), and the
/// separator run that follows it.
#[derive(Debug, Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
    /// Byte range of the separator run after this part (empty for the last).
    sep: (usize, usize),
}

fn seg_text<'a>(s: &'a str, g: &Seg) -> &'a str {
    s.get(g.start..g.end).unwrap_or("")
}

/// Splits `s` at separator runs: maximal runs of separators and spaces holding at least
/// one separator (or, with `spaces_separate`, at least one space when `s` holds no
/// separator at all). Leading and trailing runs are not parts' separators and are
/// left in the first / last part.
fn segments(s: &str, spaces_separate: bool) -> Vec<Seg> {
    let has_sep = s.chars().any(is_sep);
    let splits = |c: char| is_sep(c) || c.is_whitespace();
    let makes_run = |run: &str| {
        run.chars().any(is_sep)
            || (spaces_separate && !has_sep && run.chars().any(char::is_whitespace))
    };
    let mut out: Vec<Seg> = Vec::new();
    let mut start = 0usize;
    let mut run_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if splits(c) {
            if run_start.is_none() {
                run_start = Some(i);
            }
            continue;
        }
        if let Some(rs) = run_start.take() {
            let run = &s[rs..i];
            if rs > start && makes_run(run) && out.len() + 1 < MAX_SEGMENTS {
                out.push(Seg {
                    start,
                    end: rs,
                    sep: (rs, i),
                });
                start = i;
            }
        }
    }
    out.push(Seg {
        start,
        end: s.len(),
        sep: (s.len(), s.len()),
    });
    out
}

/// How a part compares with the submitting unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitMatch {
    /// The unit's name or an alias (after NFKC).
    Exact,
    /// Equal once spaces are removed.
    Spaced,
    /// Part of the name, an abbreviation, or the name with additions.
    Inexact,
    None,
}

fn unit_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !is_sep(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`unit_key`] without brackets: `区人社局-区企业养老保险中心` ~ `区人社局（区企业养老保险中心）`.
fn loose_key(s: &str) -> String {
    unit_key(s)
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '【' | '】' | '〔' | '〕'))
        .collect()
}

/// Whether a key point says something: not only digits and punctuation (`1`, `1-2`
/// are photo numbers, not key points).
fn is_meaningful(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_alphabetic() && ascii_digit(c).is_none())
}

/// Whether the characters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|l| l == c))
}

fn unit_names<'a>(ctx: &'a NameContext) -> impl Iterator<Item = &'a str> {
    std::iter::once(ctx.unit).chain(ctx.aliases.iter().map(String::as_str))
}

fn match_unit(s: &str, ctx: &NameContext) -> UnitMatch {
    let s = s.trim();
    if s.is_empty() {
        return UnitMatch::None;
    }
    if normalize(ctx.unit).is_empty() {
        return UnitMatch::Exact; // no unit to compare with
    }
    let n = normalize(s);
    if unit_names(ctx).any(|u| normalize(u) == n) {
        return UnitMatch::Exact;
    }
    let k = unit_key(s);
    let klen = k.chars().count();
    if klen == 0 {
        return UnitMatch::None;
    }
    let mut best = UnitMatch::None;
    for u in unit_names(ctx) {
        let uk = unit_key(u);
        if uk.is_empty() {
            continue;
        }
        if uk == k {
            return UnitMatch::Spaced;
        }
        let ulen = uk.chars().count();
        if (klen >= 2 && uk.contains(&k))
            || k.contains(&uk)
            || (klen >= 3 && klen * 2 >= ulen && is_subsequence(&k, &uk))
        {
            best = UnitMatch::Inexact;
        }
    }
    best
}

/// Whether a part reads like the name of some unit (ends as unit names do).
fn looks_like_unit(s: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "局",
        "委",
        "办",
        "镇",
        "乡",
        "街道",
        "办事处",
        "中心",
        "分局",
        "管理部",
        "政府",
        "院",
        "所",
        "队",
        "联",
        "处",
        "站",
    ];
    let s = s.trim();
    let n = s.chars().count();
    (2..=24).contains(&n)
        && !s.chars().any(|c| ascii_digit(c).is_some())
        && ENDINGS.iter().any(|e| s.ends_with(e))
}

/// The unit's name (or an alias) at the start of `s`: the byte length of the prefix.
fn unit_prefix(s: &str, ctx: &NameContext) -> Option<usize> {
    let targets: Vec<String> = unit_names(ctx)
        .map(unit_key)
        .filter(|u| !u.is_empty())
        .collect();
    if targets.is_empty() {
        return None;
    }
    let mut best = None;
    for (i, c) in s.char_indices().take(MAX_UNIT_CHARS) {
        let end = i + c.len_utf8();
        let k = unit_key(&s[..end]);
        if targets.contains(&k) {
            best = Some(end);
        }
    }
    best
}

/// The question number range for messages.
fn question_range(questions: &[String]) -> String {
    let nums: Vec<u32> = questions
        .iter()
        .filter_map(|q| q.parse::<u32>().ok())
        .collect();
    match (questions.first(), questions.last()) {
        (Some(first), Some(last))
            if nums.len() == questions.len() && nums.windows(2).all(|w| w[1] == w[0] + 1) =>
        {
            if first == last {
                first.clone()
            } else {
                format!("{first}–{last}")
            }
        }
        _ => {
            let mut s = questions
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("、");
            if questions.len() > 12 {
                s.push('…');
            }
            s
        }
    }
}

/// The analysis in progress.
#[derive(Debug, Default)]
struct Work {
    unit: String,
    unit_match: Option<UnitMatch>,
    question: Option<QTok>,
    question_written: Option<String>,
    key_point: String,
    /// The key point could be told apart (structure recognised at least in part).
    structured: bool,
    extension: Option<String>,
    extension_written: Option<String>,
    chars: usize,
    issues: Vec<Issue>,
    suggested: Option<String>,
    /// The unit name to use in the corrected name, when not the submitting unit's.
    unit_fix: Option<String>,
}

impl Work {
    fn push(&mut self, i: Issue) {
        if !self.issues.contains(&i) {
            self.issues.push(i);
        }
    }

    fn set_question(&mut self, written: &str, q: QTok) {
        self.question_written = Some(written.trim().to_owned());
        self.question = Some(q);
    }

    /// The corrected name, if every part of it is known.
    fn rebuild(&self, ctx: &NameContext, hint: Option<&str>) -> Option<String> {
        if self.issues.contains(&Issue::Empty) {
            return None;
        }
        let unit = match self.unit_match {
            _ if self.unit_fix.is_some() => self.unit_fix.clone()?,
            Some(UnitMatch::Exact) => self.unit.trim().to_owned(),
            _ if !ctx.unit.trim().is_empty() => ctx.unit.trim().to_owned(),
            _ => return None,
        };
        let q = match &self.question {
            Some(q) => Some(q.normalized()).filter(|n| ctx.has_question(n))?,
            None => {
                let h = hint?;
                let q = parse_question(h)?.normalized();
                ctx.has_question(&q).then_some(q)?
            }
        };
        let key = self.key_point.trim();
        if !is_meaningful(key) {
            return None;
        }
        let ext = self.extension_written.as_deref()?;
        Some(format!("{unit}-{q}-{key}.{ext}"))
    }

    fn into_public(self) -> NameAnalysis {
        NameAnalysis {
            parsed: ParsedName {
                unit: self.unit.trim().to_owned(),
                question: self.question.as_ref().map(QTok::normalized),
                key_point: self.key_point.trim().to_owned(),
                extension: self.extension,
            },
            question_written: self.question_written,
            chars: self.chars,
            issues: self.issues,
            suggested: self.suggested,
        }
    }
}

fn analyze_inner(name: &str, ctx: &NameContext) -> Work {
    let mut w = Work::default();

    // 1. Characters: forbidden ones replaced, invisible ones removed.
    let mut forbidden: Vec<char> = Vec::new();
    let mut invisible = 0usize;
    let mut clean = String::with_capacity(name.len().min(4096));
    for c in name.chars() {
        if is_invisible(c) {
            invisible += 1;
        } else if let Some(r) = forbidden_replacement(c) {
            if !forbidden.contains(&c) && forbidden.len() < 16 {
                forbidden.push(c);
            }
            clean.push_str(r);
        } else {
            clean.push(c);
        }
    }
    if !forbidden.is_empty() {
        w.push(Issue::ForbiddenChars { found: forbidden });
    }
    if invisible > 0 {
        w.push(Issue::InvisibleChars { count: invisible });
    }

    // 2. Spaces and dots at the ends (Windows drops trailing dots and spaces).
    let trimmed = clean
        .trim_start()
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    if trimmed.len() != clean.len() && !trimmed.is_empty() {
        w.push(Issue::Spaces);
    }

    // 3. Extension, then doubled extensions.
    let mut stem = trimmed;
    match trimmed.rfind('.') {
        Some(dot) if is_extension(&trimmed[dot + 1..]) => {
            let ext = &trimmed[dot + 1..];
            w.extension = Some(ext.to_ascii_lowercase());
            w.extension_written = Some(ext.to_owned());
            stem = &trimmed[..dot];
        }
        _ => {
            if !trimmed.is_empty() {
                w.push(Issue::ExtensionMissing);
            }
        }
    }
    for _ in 0..4 {
        let s = stem.trim_end();
        let Some(dot) = s.rfind('.') else { break };
        let inner = &s[dot + 1..];
        // Extensions recognised when doubled: the format table's usual ones.
        if crate::identify::is_usual_extension(&inner.to_ascii_lowercase()) {
            w.push(Issue::DoubledExtension {
                inner: inner.to_owned(),
            });
            stem = &s[..dot];
        } else {
            break;
        }
    }
    if stem.len() != stem.trim().len() {
        w.push(Issue::Spaces);
    }
    let stem = stem.trim();
    if stem.is_empty() || stem.chars().all(|c| c == '.' || is_sep(c)) {
        w.push(Issue::Empty);
        w.key_point = String::new();
        return w;
    }

    // 4. Leading / trailing separators.
    let inner = stem.trim_matches(|c: char| is_sep(c) || c.is_whitespace());
    if inner.len() != stem.len() {
        let lead = &stem[..stem.len()
            - stem
                .trim_start_matches(|c: char| is_sep(c) || c.is_whitespace())
                .len()];
        let trail = &stem[stem
            .trim_end_matches(|c: char| is_sep(c) || c.is_whitespace())
            .len()..];
        let found = [lead, trail]
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        w.push(Issue::Separators { found });
    }
    let stem = inner;

    // 5. Structure.
    let segs = segments(stem, false);
    if segs.len() >= 2 {
        structure(stem, &segs, ctx, &mut w, false);
    } else {
        let spaced = segments(stem, true);
        if spaced.len() >= 2
            && spaced
                .iter()
                .take(3)
                .any(|g| parse_question(seg_text(stem, g)).is_some())
        {
            w.push(Issue::Separators {
                found: vec!["空格".to_owned()],
            });
            structure(stem, &spaced, ctx, &mut w, true);
        } else {
            unseparated(stem, ctx, &mut w);
        }
    }

    // 6. Question number, unit, key point, length.
    if let Some(q) = w.question.clone() {
        let number = q.normalized();
        let found = w.question_written.clone().unwrap_or_default();
        if q.value == 0 || !ctx.has_question(&number) {
            w.push(Issue::QuestionUnknown { found, number });
        } else if !q.standard {
            w.push(Issue::QuestionStyle { found, number });
        }
    } else if w.structured && !w.issues.contains(&Issue::Unrecognised) {
        w.push(Issue::QuestionMissing);
    }
    match w.unit_match {
        Some(UnitMatch::Spaced) => w.push(Issue::Spaces),
        Some(UnitMatch::Inexact) => w.push(Issue::UnitInexact {
            found: w.unit.trim().to_owned(),
        }),
        Some(UnitMatch::None) => w.push(Issue::UnitWrong {
            found: w.unit.trim().to_owned(),
        }),
        _ => {}
    }
    if w.structured {
        let key = w.key_point.trim().to_owned();
        if key.is_empty() {
            w.push(Issue::KeyPointEmpty);
        }
        let qlen = w
            .question
            .as_ref()
            .map_or(0, |q| q.normalized().chars().count());
        w.chars = qlen + key.chars().count();
        if ctx.max_chars > 0 && w.chars > ctx.max_chars {
            w.push(Issue::TooLong {
                chars: w.chars,
                max: ctx.max_chars,
            });
        }
    }
    w
}

/// Checks a structural separator run: a single `-` is right.
fn check_sep(stem: &str, g: &Seg, w: &mut Work, spaced: bool) {
    if spaced {
        return; // already reported
    }
    let run = stem.get(g.sep.0..g.sep.1).unwrap_or("");
    if run == "-" || run.is_empty() {
        return;
    }
    if run.trim() == "-" {
        w.push(Issue::Spaces);
    } else {
        let t = run.trim().to_owned();
        match w
            .issues
            .iter_mut()
            .find(|i| matches!(i, Issue::Separators { .. }))
        {
            Some(Issue::Separators { found }) => {
                if !found.contains(&t) {
                    found.push(t);
                }
            }
            _ => w.push(Issue::Separators { found: vec![t] }),
        }
    }
}

/// The rest of the stem from part `i` on, verbatim.
fn rest_from(stem: &str, segs: &[Seg], i: usize) -> String {
    segs.get(i)
        .and_then(|g| stem.get(g.start..))
        .unwrap_or("")
        .to_owned()
}

/// The parts other than those in `skip`, joined with `-`.
fn join_except(stem: &str, segs: &[Seg], skip: &[usize]) -> String {
    segs.iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, g)| seg_text(stem, g))
        .collect::<Vec<_>>()
        .join("-")
}

/// Interprets a stem that has at least two parts.
fn structure(stem: &str, segs: &[Seg], ctx: &NameContext, w: &mut Work, spaced: bool) {
    w.structured = true;
    let n = segs.len();
    let text = |i: usize| seg_text(stem, &segs[i]);
    let qi = (0..n).find(|&i| parse_question(text(i)).is_some());
    let Some(qi) = qi else {
        // No question number in a part of its own.
        let s0 = text(0);
        if let Some(end) = unit_prefix(s0, ctx) {
            // 东双河镇04-建筑面积
            if let Some(q) = parse_question(&s0[end..]) {
                w.unit = s0[..end].to_owned();
                w.unit_match = Some(match_unit(&w.unit, ctx));
                w.set_question(&s0[end..], q);
                w.key_point = rest_from(stem, segs, 1);
                w.push(Issue::SeparatorsMissing);
                return;
            }
        }
        let um = match_unit(s0, ctx);
        if um != UnitMatch::None || looks_like_unit(s0) {
            w.unit = s0.to_owned();
            w.unit_match = Some(um);
            check_sep(stem, &segs[0], w, spaced);
            let s1 = text(1);
            if let Some((q, end)) = question_prefix(s1) {
                // 东双河镇-04建筑面积
                w.set_question(&s1[..end], q);
                let mut key = s1[end..].to_owned();
                key.push_str(&stem[segs[1].end..]);
                w.key_point = key;
                w.push(Issue::SeparatorsMissing);
            } else {
                w.key_point = rest_from(stem, segs, 1);
            }
            return;
        }
        w.push(Issue::Unrecognised);
        w.structured = false;
        w.key_point = stem.to_owned();
        return;
    };
    let photo_number = match qi {
        // 1-2.jpg: numbered photos, not a question number and a key point
        0 => !is_meaningful(&rest_from(stem, segs, 1)),
        // IMG_001.jpg, 照片_1.jpg: a number after something that is not a unit
        1 => n == 2 && match_unit(text(0), ctx) == UnitMatch::None && !looks_like_unit(text(0)),
        _ => false,
    };
    if photo_number {
        w.push(Issue::Unrecognised);
        w.structured = false;
        w.key_point = stem.to_owned();
        return;
    }
    let qtok = parse_question(text(qi));
    if let Some(q) = qtok {
        w.set_question(text(qi), q);
    }
    match qi {
        0 => {
            if n >= 3
                && matches!(
                    match_unit(text(1), ctx),
                    UnitMatch::Exact | UnitMatch::Spaced | UnitMatch::Inexact
                )
            {
                // 04-东双河镇-建筑面积
                w.unit = text(1).to_owned();
                w.unit_match = Some(match_unit(&w.unit, ctx));
                w.key_point = rest_from(stem, segs, 2);
                w.push(Issue::OrderSwapped);
            } else {
                // 04-建筑面积
                w.key_point = rest_from(stem, segs, 1);
                w.push(Issue::UnitMissing);
            }
        }
        1 => {
            w.unit = text(0).to_owned();
            w.unit_match = Some(match_unit(&w.unit, ctx));
            w.key_point = rest_from(stem, segs, 2);
            check_sep(stem, &segs[0], w, spaced);
            if n > 2 {
                check_sep(stem, &segs[1], w, spaced);
            }
        }
        j => {
            let joined = stem.get(segs[0].start..segs[j - 1].end).unwrap_or("");
            let cut = if normalize(ctx.unit).is_empty() {
                None
            } else {
                unit_names(ctx).find(|u| loose_key(u) == loose_key(joined))
            };
            if let Some(full) = cut {
                w.unit_fix = Some(full.trim().to_owned());
                // 区人社局-区企业养老保险中心-04-…: a unit name cut by separators.
                w.unit = joined.to_owned();
                w.unit_match = Some(UnitMatch::Inexact);
                w.key_point = rest_from(stem, segs, j + 1);
            } else if let Some(ui) = (0..n).find(|&i| {
                i != j
                    && matches!(
                        match_unit(text(i), ctx),
                        UnitMatch::Exact | UnitMatch::Spaced | UnitMatch::Inexact
                    )
            }) {
                // 东双河镇-建筑面积-04, 建筑面积-东双河镇-04
                w.unit = text(ui).to_owned();
                w.unit_match = Some(match_unit(&w.unit, ctx));
                w.key_point = join_except(stem, segs, &[ui, j]);
                w.push(Issue::OrderSwapped);
            } else if looks_like_unit(text(0)) {
                w.unit = text(0).to_owned();
                w.unit_match = Some(match_unit(&w.unit, ctx));
                w.key_point = join_except(stem, segs, &[0, j]);
                w.push(Issue::OrderSwapped);
            } else {
                // 建筑面积-2022-04: no unit; the number is still the question.
                w.key_point = join_except(stem, segs, &[j]);
                w.push(Issue::UnitMissing);
                w.push(Issue::OrderSwapped);
            }
        }
    }
}

/// Interprets a stem without any separator.
fn unseparated(stem: &str, ctx: &NameContext, w: &mut Work) {
    if let Some(end) = unit_prefix(stem, ctx) {
        // 东双河镇04建筑面积 / 东双河镇建筑面积
        w.structured = true;
        w.unit = stem[..end].to_owned();
        w.unit_match = Some(match_unit(&w.unit, ctx));
        let rest = &stem[end..];
        if let Some((q, qend)) = question_prefix(rest) {
            w.set_question(&rest[..qend], q);
            w.key_point = rest[qend..].to_owned();
        } else if let Some(q) = parse_question(rest) {
            w.set_question(rest, q);
        } else {
            w.key_point = rest.to_owned();
        }
        if !w.key_point.trim().is_empty() || w.question.is_some() {
            w.push(Issue::SeparatorsMissing);
        }
        return;
    }
    if let Some((q, qend)) = question_prefix(stem) {
        // 04建筑面积 / 第4题建筑面积
        w.structured = true;
        w.set_question(&stem[..qend], q);
        w.key_point = stem[qend..].to_owned();
        w.push(Issue::UnitMissing);
        w.push(Issue::SeparatorsMissing);
        return;
    }
    w.push(Issue::Unrecognised);
    w.key_point = stem.to_owned();
}

/// The unit name a path gives: the folder name, or the ZIP name without `.zip`.
pub fn unit_name_from_path(p: &std::path::Path) -> String {
    let name = p
        .canonicalize()
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    match name.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("zip") && !stem.is_empty() => stem.to_owned(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_numbers_as_whole_parts() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<(u32, bool)>)] = &[
            ("04", Some((4, true))),
            ("40", Some((40, true))),
            (" 04 ", Some((4, true))),
            ("4", Some((4, false))),
            ("004", Some((4, false))),
            ("０４", Some((4, false))),
            ("第4题", Some((4, false))),
            ("第04题", Some((4, false))),
            ("第４题", Some((4, false))),
            ("第四题", Some((4, false))),
            ("第十二题", Some((12, false))),
            ("第四十题", Some((40, false))),
            ("第三十五题", Some((35, false))),
            ("第4", Some((4, false))),
            ("4题", Some((4, false))),
            ("Q4", Some((4, false))),
            ("q04", Some((4, false))),
            ("00", Some((0, true))),
            ("四", None),
            ("100", Some((100, true))),
            ("103", Some((103, true))),
            ("2022", None),
            ("04a", None),
            ("第4批", None),
            ("建筑面积", None),
            ("", None),
        ];
        for &(s, want) in cases {
            let got = parse_question(s).map(|q| (q.value, q.standard));
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn question_numbers_before_the_key_point() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<(u32, &str)>)] = &[
            ("04建筑面积", Some((4, "建筑面积"))),
            ("4建筑面积", Some((4, "建筑面积"))),
            ("第4题建筑面积", Some((4, "建筑面积"))),
            ("Q4建筑面积", Some((4, "建筑面积"))),
            ("04 建筑面积", Some((4, " 建筑面积"))),
            ("12月办件量", None),
            ("2022年3月巡查记录", None),
            ("3个窗口", None),
            ("10.5万件", None),
            ("第4季度报表", None),
            ("一网通办", None),
            ("04", None),
        ];
        for &(s, want) in cases {
            let got = question_prefix(s).map(|(q, end)| (q.value, &s[end..]));
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn segments_split_at_separator_runs_only() {
        let parts = |s: &str, spaces: bool| -> Vec<String> {
            segments(s, spaces)
                .iter()
                .map(|g| seg_text(s, g).to_owned())
                .collect()
        };
        assert_eq!(
            parts("东双河镇-04-建筑面积", false),
            ["东双河镇", "04", "建筑面积"]
        );
        assert_eq!(
            parts("东双河镇 —— 04_建筑 面积", false),
            ["东双河镇", "04", "建筑 面积"]
        );
        assert_eq!(
            parts("东双河镇 04 建筑面积", false),
            ["东双河镇 04 建筑面积"]
        );
        assert_eq!(
            parts("东双河镇 04 建筑面积", true),
            ["东双河镇", "04", "建筑面积"]
        );
        // With a dash present, spaces never separate.
        assert_eq!(
            parts("东双河镇 04-建筑面积", true),
            ["东双河镇 04", "建筑面积"]
        );
        assert_eq!(segments(&"a-".repeat(1000), false).len(), MAX_SEGMENTS);
    }

    #[test]
    fn units_compare_after_nfkc() {
        let aliases = vec!["区人社局（区企业养老保险中心）".to_owned()];
        let ctx = NameContext {
            unit: "区人社局",
            aliases: &aliases,
            questions: &[],
            max_chars: 20,
        };
        #[rustfmt::skip]
        let cases: &[(&str, UnitMatch)] = &[
            ("区人社局", UnitMatch::Exact),
            ("区人社局（区企业养老保险中心）", UnitMatch::Exact),
            ("区人社局(区企业养老保险中心)", UnitMatch::Exact),
            ("区人社局 ", UnitMatch::Exact),
            ("区 人社局", UnitMatch::Spaced),
            ("人社局", UnitMatch::Inexact),
            ("浉河区人社局", UnitMatch::Inexact),
            ("区企业养老保险中心", UnitMatch::Inexact),
            ("区税务局", UnitMatch::None),
            ("建筑面积", UnitMatch::None),
            ("局", UnitMatch::None),
            ("", UnitMatch::None),
        ];
        for &(s, want) in cases {
            assert_eq!(match_unit(s, &ctx), want, "{s:?}");
        }
        assert_eq!(
            unit_prefix("区人社局04建筑面积", &ctx),
            Some("区人社局".len())
        );
        assert_eq!(unit_prefix("区税务局04", &ctx), None);
    }

    #[test]
    fn analysis_gives_the_parts() {
        let q = vec!["04".to_owned()];
        let ctx = NameContext {
            unit: "东双河镇",
            aliases: &[],
            questions: &q,
            max_chars: 20,
        };
        let a = analyze("东双河镇—第4题—好差评统计表（盖章）.Pdf", &ctx);
        assert_eq!(
            a.parsed,
            ParsedName {
                unit: "东双河镇".into(),
                question: Some("04".into()),
                key_point: "好差评统计表（盖章）".into(),
                extension: Some("pdf".into()),
            }
        );
        assert_eq!(a.question_written.as_deref(), Some("第4题"));
        assert_eq!(a.chars, 12);
        assert_eq!(
            a.suggested.as_deref(),
            Some("东双河镇-04-好差评统计表（盖章）.Pdf")
        );
        assert_eq!(a.valid_question(&ctx).as_deref(), Some("04"));
        let b = analyze("东双河镇-05-建筑面积.pdf", &ctx);
        assert_eq!(b.parsed.question.as_deref(), Some("05"));
        assert_eq!(b.valid_question(&ctx), None);
    }

    #[test]
    fn question_ranges_for_messages() {
        let r = |v: &[&str]| question_range(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(r(&["01", "02", "03"]), "01–03");
        assert_eq!(r(&["01"]), "01");
        assert_eq!(r(&["01", "03"]), "01、03");
        assert_eq!(r(&[]), "");
    }

    #[test]
    fn normalize_folds_full_width() {
        assert_eq!(
            normalize(" 区人社局（区企业养老保险中心）０４ "),
            "区人社局(区企业养老保险中心)04"
        );
    }
}
