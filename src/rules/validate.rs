//! Validating a rule file, one function per section: each takes the section as
//! written (with serde filling in what a file leaves out, from [`super::defaults`]),
//! pushes its errors (with the line they are on) and returns the checked values.

use super::defaults;
use super::*;

/// `[scheme]`: id and name, and the assessment period.
pub(super) fn scheme(src: &str, s: &RawScheme, errors: &mut Vec<RuleError>) -> Option<DateRange> {
    let to_date = |d: &Spanned<toml::value::Datetime>| -> Option<Date> {
        let v = d.get_ref();
        match (v.date, v.time) {
            (Some(dt), None) => Date::new(i32::from(dt.year), dt.month, dt.day),
            _ => None,
        }
    };
    let start = to_date(&s.period_start);
    let end = to_date(&s.period_end);
    if start.is_none() {
        errors.push(at_both(
            src,
            s.period_start.span(),
            "period_start 必须是日期 (如 2022-01-01)".into(),
            "period_start must be a date (e.g. 2022-01-01)".into(),
        ));
    }
    if end.is_none() {
        errors.push(at_both(
            src,
            s.period_end.span(),
            "period_end 必须是日期 (如 2022-10-31)".into(),
            "period_end must be a date (e.g. 2022-10-31)".into(),
        ));
    }
    let period = match (start, end) {
        (Some(s), Some(e)) if s <= e => Some(DateRange { start: s, end: e }),
        (Some(_), Some(_)) => {
            errors.push(at_both(
                src,
                s.period_end.span(),
                "period_end 早于 period_start".into(),
                "period_end is before period_start".into(),
            ));
            None
        }
        _ => None,
    };

    if s.id.trim().is_empty() || s.name.trim().is_empty() {
        errors.push(RuleError {
            line: None,
            message: "[scheme] 的 id 和 name 不能为空".into(),
            message_en: Some("[scheme] id and name must not be empty".into()),
        });
    }
    period
}

/// `[limits]`: file sizes (checked so the byte count cannot overflow), files per
/// question, name length, photo size.
pub(super) fn limits(src: &str, l: &RawLimits, errors: &mut Vec<RuleError>) -> Limits {
    let warn_mb = l
        .warn_size_mb
        .as_ref()
        .map_or(defaults::WARN_SIZE_MB, |v| *v.get_ref());
    let max_mb = l
        .max_size_mb
        .as_ref()
        .map_or(defaults::MAX_SIZE_MB, |v| *v.get_ref());
    // The largest size limit a rule file may set: far above any upload limit, and
    // small enough that the byte count cannot overflow.
    const MAX_SIZE_MB: f64 = 1024.0 * 1024.0;
    let size_ok = |mb: f64| mb.is_finite() && mb > 0.0 && mb <= MAX_SIZE_MB;
    if !(size_ok(warn_mb) && size_ok(max_mb) && warn_mb <= max_mb) {
        let span = l
            .warn_size_mb
            .as_ref()
            .or(l.max_size_mb.as_ref())
            .map(|v| v.span());
        errors.push(RuleError {
            line: span.map(|s| line_of(src, s.start)),
            message: format!(
                "[limits] warn_size_mb 和 max_size_mb 必须为 0 到 {MAX_SIZE_MB} 之间的正数，且 warn_size_mb ≤ max_size_mb"
            ),
            message_en: Some(format!(
                "[limits] warn_size_mb and max_size_mb must be positive numbers up to {MAX_SIZE_MB}, with warn_size_mb ≤ max_size_mb"
            )),
        });
    }
    for v in [&l.max_files_per_question, &l.max_name_chars]
        .into_iter()
        .flatten()
    {
        if *v.get_ref() == 0 {
            errors.push(at_both(
                src,
                v.span(),
                "[limits] max_files_per_question 和 max_name_chars 必须大于 0".into(),
                "[limits] max_files_per_question and max_name_chars must be greater than 0".into(),
            ));
        }
    }
    Limits {
        warn_size: (warn_mb * MB) as u64,
        max_size: (max_mb * MB) as u64,
        max_files_per_question: l
            .max_files_per_question
            .as_ref()
            .map_or(defaults::MAX_FILES_PER_QUESTION, |v| *v.get_ref()),
        max_name_chars: l
            .max_name_chars
            .as_ref()
            .map_or(defaults::MAX_NAME_CHARS, |v| *v.get_ref()),
        min_photo_pixels: l.min_photo_pixels,
    }
}

/// `[archive]`: bounds of walking ZIPs (megabytes checked against overflow).
pub(super) fn archive(src: &str, a: &RawArchive, errors: &mut Vec<RuleError>) -> ArchiveLimits {
    let mut mb_bytes = |v: &Option<Spanned<u64>>, default: u64, key: &str| -> u64 {
        let Some(v) = v else {
            return default * 1024 * 1024;
        };
        match v.get_ref().checked_mul(1024 * 1024) {
            Some(b) if b > 0 => b,
            _ => {
                errors.push(at_both(
                    src,
                    v.span(),
                    format!(
                        "[archive] {key} 必须是大于 0 且不超过 {} 的整数（单位 MB）",
                        u64::MAX / (1024 * 1024)
                    ),
                    format!(
                        "[archive] {key} must be a whole number greater than 0 and at most {} (megabytes)",
                        u64::MAX / (1024 * 1024)
                    ),
                ));
                default * 1024 * 1024
            }
        }
    };
    let max_total = mb_bytes(
        &a.max_total_mb,
        defaults::ARCHIVE_MAX_TOTAL_MB,
        "max_total_mb",
    );
    let max_member = mb_bytes(
        &a.max_member_mb,
        defaults::ARCHIVE_MAX_MEMBER_MB,
        "max_member_mb",
    );
    ArchiveLimits {
        max_depth: a.max_depth,
        max_entries: a.max_entries,
        max_total,
        max_member,
        max_ratio: a.max_ratio,
    }
}

/// `[formats]`: accepted, warned and rejected formats (the defaults when a file lists
/// neither `accept` nor `reject`).
pub(super) fn formats(src: &str, f: &RawFormats, errors: &mut Vec<RuleError>) -> FormatPolicy {
    let fmts = |list: &[Spanned<String>], errs: &mut Vec<RuleError>| {
        let mut out = Vec::new();
        let ids = || {
            Format::ALL
                .iter()
                .map(|f| f.id())
                .collect::<Vec<_>>()
                .join(", ")
        };
        for s in list {
            match Format::from_id(s.get_ref()) {
                Some(f) => out.push(f),
                None => errs.push(at_both(
                    src,
                    s.span(),
                    format!("未知格式 \"{}\"，可用: {}", s.get_ref(), ids()),
                    format!("unknown format \"{}\"; known: {}", s.get_ref(), ids()),
                )),
            }
        }
        out
    };
    let mut format_policy = FormatPolicy {
        accept: fmts(&f.accept, errors),
        warn: fmts(&f.warn, errors),
        reject: fmts(&f.reject, errors),
    };
    if f.accept.is_empty() && f.reject.is_empty() {
        format_policy = FormatPolicy {
            accept: defaults::ACCEPT.to_vec(),
            warn: Vec::new(),
            reject: defaults::REJECT.to_vec(),
        };
    }
    format_policy
}

/// `[period_policy]`: the default period mode and the mode per evidence kind.
pub(super) fn period_policy(
    src: &str,
    p: &RawPeriodPolicy,
    errors: &mut Vec<RuleError>,
) -> (PeriodMode, BTreeMap<EvidenceKind, PeriodMode>) {
    let period_default = p.default.unwrap_or(defaults::PERIOD_DEFAULT);
    let mut by_kind: BTreeMap<EvidenceKind, PeriodMode> = BTreeMap::new();
    for (k, v) in &p.kinds {
        match EvidenceKind::from_id(k) {
            Some(kind) => {
                by_kind.insert(kind, *v.get_ref());
            }
            None => errors.push(at_both(
                src,
                v.span(),
                format!("[period_policy.kinds] 未知佐证类型 \"{k}\""),
                format!("[period_policy.kinds] unknown evidence kind \"{k}\""),
            )),
        }
    }
    (period_default, by_kind)
}

/// `[seal]`: bounds of the seal search (serde fills the defaults) and the seal
/// shapes that count: known ids, at least one.
pub(super) fn seal(src: &str, s: &RawSeal, errors: &mut Vec<RuleError>) -> SealLimits {
    let mut shapes = Vec::new();
    match &s.shapes {
        None => shapes.extend_from_slice(defaults::SEAL_SHAPES),
        Some(list) => {
            for id in list.get_ref() {
                match SealShape::from_id(id.get_ref()) {
                    Some(shape) if !shapes.contains(&shape) => shapes.push(shape),
                    Some(_) => {}
                    None => errors.push(at_both(
                        src,
                        id.span(),
                        format!(
                            "[seal] shapes 中未知印章形状 \"{}\"（可用 round 圆形、oval 椭圆形、square 方形）",
                            id.get_ref()
                        ),
                        format!(
                            "[seal] shapes: unknown seal shape \"{}\" (use round, oval, square)",
                            id.get_ref()
                        ),
                    )),
                }
            }
            if list.get_ref().is_empty() {
                errors.push(at_both(
                    src,
                    list.span(),
                    "[seal] shapes 至少要列出一种印章形状（如 [\"round\"]）".into(),
                    "[seal] shapes must list at least one seal shape (e.g. [\"round\"])".into(),
                ));
            }
            // Report order, whatever order the file lists them in.
            shapes.sort_by_key(|x| SealShape::ALL.iter().position(|y| y == x));
        }
    }
    SealLimits {
        max_pixels: s.max_pixels,
        max_images_per_file: s.max_images_per_file,
        max_pages: s.max_pages,
        shapes,
    }
}

/// `[reading]`: how far files are read to prove they are whole.
pub(super) fn reading(src: &str, r: &RawReading, errors: &mut Vec<RuleError>) -> Verify {
    let Some(v) = &r.verify else {
        return defaults::VERIFY;
    };
    match Verify::from_id(v.get_ref()) {
        Some(verify) => verify,
        None => {
            errors.push(at_both(
                src,
                v.span(),
                format!(
                    "[reading] verify 的值 \"{}\" 无法识别，可用: {}",
                    v.get_ref(),
                    Verify::ALL.map(Verify::id).join(", ")
                ),
                format!(
                    "[reading] verify = \"{}\" is not known; use one of: {}",
                    v.get_ref(),
                    Verify::ALL.map(Verify::id).join(", ")
                ),
            ));
            defaults::VERIFY
        }
    }
}

/// `[severity]` and `[basis]`: per-code overrides and wording, for codes that exist.
pub(super) fn per_code(
    src: &str,
    severity_raw: &BTreeMap<String, Spanned<Override>>,
    basis_raw: &BTreeMap<String, Spanned<String>>,
    known: KnownCode,
    errors: &mut Vec<RuleError>,
) -> (BTreeMap<String, Override>, BTreeMap<String, String>) {
    // A per-code table naming a code that does not exist is an error at its line,
    // so that nobody believes a rule was changed when it was not.
    let unknown_code = |table: &str, code: &str, span: std::ops::Range<usize>| {
        (!known(code)).then(|| {
            at_both(
                src,
                span,
                format!("[{table}] 中的代码 \"{code}\" 不存在 (evcheck codes 列出全部代码)"),
                format!("[{table}]: there is no code \"{code}\" (evcheck codes lists them all)"),
            )
        })
    };
    let mut severity = BTreeMap::new();
    for (code, ov) in severity_raw {
        match unknown_code("severity", code, ov.span()) {
            Some(e) => errors.push(e),
            None => {
                severity.insert(code.clone(), *ov.get_ref());
            }
        }
    }
    let mut basis = BTreeMap::new();
    for (code, text) in basis_raw {
        if let Some(e) = unknown_code("basis", code, text.span()) {
            errors.push(e);
        } else if text.get_ref().trim().is_empty() {
            errors.push(at_both(
                src,
                text.span(),
                format!("[basis] 中代码 \"{code}\" 的依据为空：写出规则原文，或删除这一行"),
                format!("[basis]: the text for code \"{code}\" is empty: write the rule's wording, or delete the line"),
            ));
        } else {
            basis.insert(code.clone(), text.get_ref().trim().to_owned());
        }
    }
    (severity, basis)
}

/// `[[unit_kind]]`.
pub(super) fn unit_kinds(raw: &[RawUnitKind]) -> Vec<UnitKind> {
    let mut unit_kinds = Vec::new();
    for k in raw {
        unit_kinds.push(UnitKind {
            id: k.id.clone(),
            name_suffixes: k.name_suffixes.clone(),
        });
    }
    unit_kinds
}

/// `[[unit]]`: the roster written in the file (kinds must exist, names are unique).
/// Returns the units and the names seen.
pub(super) fn units(
    src: &str,
    raw: &[RawUnit],
    kind_ids: &HashSet<&str>,
    errors: &mut Vec<RuleError>,
) -> (Vec<Unit>, HashSet<String>) {
    let mut units = Vec::new();
    let mut seen_units = HashSet::new();
    for u in raw {
        if !kind_ids.contains(u.kind.get_ref().as_str()) {
            errors.push(at_both(
                src,
                u.kind.span(),
                format!(
                    "单位 \"{}\" 的类型 \"{}\" 未在 [[unit_kind]] 中定义",
                    u.name.get_ref(),
                    u.kind.get_ref()
                ),
                format!(
                    "the kind \"{}\" of unit \"{}\" is not defined in [[unit_kind]]",
                    u.kind.get_ref(),
                    u.name.get_ref()
                ),
            ));
        }
        if !seen_units.insert(u.name.get_ref().clone()) {
            errors.push(at_both(
                src,
                u.name.span(),
                format!("单位 \"{}\" 重复", u.name.get_ref()),
                format!("unit \"{}\" is listed twice", u.name.get_ref()),
            ));
        }
        units.push(Unit {
            name: u.name.get_ref().clone(),
            kind: u.kind.get_ref().clone(),
            group: u.group.clone(),
            aliases: u.aliases.clone(),
        });
    }
    (units, seen_units)
}

/// `roster_file`: more units from a spreadsheet (relative to `base`). Returns whether
/// any was added.
pub(super) fn roster_file(
    src: &str,
    roster_file: &Option<Spanned<String>>,
    base: Option<&Path>,
    unit_kinds: &[UnitKind],
    units: &mut Vec<Unit>,
    seen_units: &mut HashSet<String>,
    errors: &mut Vec<RuleError>,
) -> bool {
    let mut roster_from_file = false;
    if let Some(rf) = roster_file {
        let rel = Path::new(rf.get_ref());
        let path = match base {
            Some(b) if rel.is_relative() => b.join(rel),
            _ => rel.to_path_buf(),
        };
        match roster_from_spreadsheet(&path, unit_kinds) {
            Ok(extra) => {
                for u in extra {
                    if seen_units.insert(u.name.clone()) {
                        units.push(u);
                        roster_from_file = true;
                    }
                }
            }
            Err(e) => {
                for x in e.errors {
                    let en = x.message_in(crate::diag::Lang::En).unwrap_or(&x.message);
                    let en = match x.line {
                        Some(l) => format!("roster_file \"{}\": line {l}: {en}", rf.get_ref()),
                        None => format!("roster_file \"{}\": {en}", rf.get_ref()),
                    };
                    errors.push(at_both(
                        src,
                        rf.span(),
                        format!("roster_file \"{}\": {x}", rf.get_ref()),
                        en,
                    ));
                }
            }
        }
    }
    roster_from_file
}

/// `[[questionnaire]]`: one per unit kind, question numbers unique; a question's
/// period mode from its own `period`, else its evidence kinds, else the default.
/// Also: every kind has a questionnaire, and there is at least one kind.
pub(super) fn questionnaires(
    src: &str,
    raw: &[RawQuestionnaire],
    unit_kinds: &[UnitKind],
    kind_ids: &HashSet<&str>,
    (period_default, by_kind): (PeriodMode, &BTreeMap<EvidenceKind, PeriodMode>),
    errors: &mut Vec<RuleError>,
) -> Vec<Questionnaire> {
    let mut questionnaires = Vec::new();
    for q in raw {
        if !kind_ids.contains(q.kind.get_ref().as_str()) {
            errors.push(at_both(
                src,
                q.kind.span(),
                format!(
                    "问卷的单位类型 \"{}\" 未在 [[unit_kind]] 中定义",
                    q.kind.get_ref()
                ),
                format!(
                    "the questionnaire's unit kind \"{}\" is not defined in [[unit_kind]]",
                    q.kind.get_ref()
                ),
            ));
        }
        if questionnaires
            .iter()
            .any(|x: &Questionnaire| &x.kind == q.kind.get_ref())
        {
            errors.push(at_both(
                src,
                q.kind.span(),
                format!("单位类型 \"{}\" 有两份问卷", q.kind.get_ref()),
                format!("unit kind \"{}\" has two questionnaires", q.kind.get_ref()),
            ));
        }
        let mut questions: Vec<Question> = Vec::new();
        for x in &q.questions {
            let Some(no) = normalize_question_no(x.no.get_ref()) else {
                errors.push(at_both(
                    src,
                    x.no.span(),
                    format!("题目序号 \"{}\" 不是正整数", x.no.get_ref()),
                    format!(
                        "question number \"{}\" is not a positive whole number",
                        x.no.get_ref()
                    ),
                ));
                continue;
            };
            if x.reminders_en.len() > x.reminders.len() {
                errors.push(at_both(
                    src,
                    x.no.span(),
                    format!(
                        "第 {no} 题的 reminders_en 比 reminders 多：reminders_en 逐条对应 reminders 的英文"
                    ),
                    format!(
                        "question {no} has more reminders_en than reminders: reminders_en gives, one for one, the English of reminders"
                    ),
                ));
            }
            if questions.iter().any(|p| p.no == no) {
                errors.push(at_both(
                    src,
                    x.no.span(),
                    format!("题目序号 {no} 重复"),
                    format!("question number {no} is used twice"),
                ));
                continue;
            }
            let period = x.period.unwrap_or_else(|| {
                x.evidence
                    .iter()
                    .filter_map(|k| by_kind.get(k).copied())
                    .min_by_key(|m| match m {
                        PeriodMode::Required => 0,
                        PeriodMode::Report => 1,
                        PeriodMode::Off => 2,
                    })
                    .unwrap_or(period_default)
            });
            questions.push(Question {
                no,
                title: x.title.clone(),
                evidence: x.evidence.clone(),
                seal: x.seal,
                period,
                source: x.source.clone(),
                placeholder: x.placeholder,
                score: x.score,
                reminders: x.reminders.clone(),
                reminders_en: x.reminders_en.clone(),
                url: x.url,
                category: x.category.clone(),
                scoring: x.scoring.clone(),
            });
        }
        questionnaires.push(Questionnaire {
            kind: q.kind.get_ref().clone(),
            title: q.title.clone(),
            questions,
        });
    }
    for k in unit_kinds {
        if !questionnaires.iter().any(|q| q.kind == k.id) {
            errors.push(RuleError {
                line: None,
                message: format!(
                    "单位类型 \"{}\" 没有问卷 ([[questionnaire]] kind = \"{}\")",
                    k.id, k.id
                ),
                message_en: Some(format!(
                    "unit kind \"{}\" has no questionnaire ([[questionnaire]] kind = \"{}\")",
                    k.id, k.id
                )),
            });
        }
    }
    if unit_kinds.is_empty() {
        errors.push(RuleError {
            line: None,
            message: "至少需要一个 [[unit_kind]]".into(),
            message_en: Some("at least one [[unit_kind]] is needed".into()),
        });
    }
    questionnaires
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal rule file with `reading` as its `[reading]` section.
    fn with_reading(reading: &str) -> String {
        format!(
            "[scheme]\nid = \"x\"\nname = \"y\"\nperiod_start = 2022-01-01\n\
             period_end = 2022-10-31\n{reading}[[unit_kind]]\nid = \"k\"\n\
             [[questionnaire]]\nkind = \"k\"\n"
        )
    }

    #[test]
    fn reading_verify_takes_its_three_values_and_defaults_to_auto() {
        for v in Verify::ALL {
            let text = with_reading(&format!("[reading]\nverify = \"{}\"\n", v.id()));
            let r = Rules::parse(&text, "t").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.verify, v);
        }
        for text in [with_reading(""), with_reading("[reading]\n")] {
            let r = Rules::parse(&text, "t").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.verify, defaults::VERIFY);
            assert_eq!(r.verify, Verify::Auto);
        }
    }

    #[test]
    fn an_unknown_verify_is_an_error_at_its_line() {
        let text = with_reading("[reading]\nverify = \"sometimes\"\n");
        let e = Rules::parse(&text, "t").unwrap_err();
        assert_eq!(e.errors.len(), 1, "{e}");
        assert_eq!(e.errors[0].line, Some(7), "{e}");
        assert!(e.errors[0].message.contains("\"sometimes\""), "{e}");
        assert!(e.errors[0].message.contains("auto, always, head"), "{e}");
        // A key the section does not have is an error too (at its line).
        let e = Rules::parse(&with_reading("[reading]\nverfy = \"head\"\n"), "t").unwrap_err();
        assert_eq!(e.errors[0].line, Some(7), "{e}");
    }

    #[test]
    fn verify_decides_per_question() {
        let q = |period: PeriodMode, seal: bool| Question {
            no: "01".into(),
            title: String::new(),
            evidence: Vec::new(),
            seal,
            period,
            source: String::new(),
            placeholder: false,
            score: None,
            reminders: Vec::new(),
            reminders_en: Vec::new(),
            url: false,
            category: String::new(),
            scoring: String::new(),
        };
        let none = q(PeriodMode::Off, false);
        let dated = q(PeriodMode::Report, false);
        let sealed = q(PeriodMode::Off, true);
        for question in [Some(&none), Some(&dated), Some(&sealed), None] {
            assert!(Verify::Always.verifies(question));
            assert!(!Verify::Head.verifies(question));
        }
        assert!(!Verify::Auto.verifies(Some(&none)));
        assert!(Verify::Auto.verifies(Some(&dated)));
        assert!(Verify::Auto.verifies(Some(&sealed)));
        // A file whose question is unknown may be evidence for any question.
        assert!(Verify::Auto.verifies(None));
    }

    /// The built-in rule files (name, text).
    const BUILTIN: [(&str, &str); 4] = [
        ("shihe-2022", include_str!("../../rules/shihe-2022.toml")),
        ("zhanhe-2022", include_str!("../../rules/zhanhe-2022.toml")),
        ("rudong-2021", include_str!("../../rules/rudong-2021.toml")),
        (
            "taiqian-haocha-2022",
            include_str!("../../rules/taiqian-haocha-2022.toml"),
        ),
    ];

    /// The built-in schemes give every reminder in English too, and a scheme's manual
    /// checks fall back to the Chinese text where a reminder has no English.
    #[test]
    fn the_builtin_rule_files_have_english_reminders() {
        let cjk = |s: &str| {
            s.chars().any(|c| {
                ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
            })
        };
        let mut reminders = 0;
        for (name, text) in BUILTIN {
            let rules = Rules::parse(text, name).unwrap();
            for q in rules.questionnaires.iter().flat_map(|q| &q.questions) {
                assert_eq!(q.reminders_en.len(), q.reminders.len(), "{name} {}", q.no);
                reminders += q.reminders.len();
                for m in q.manual_checks() {
                    assert!(cjk(&m.zh), "{name} {}: {}", q.no, m.zh);
                    // The one allowed Chinese word is the rating system's name, quoted.
                    let en = m.en.replace("好差评", "");
                    assert!(!cjk(&en), "{name} {}: {}", q.no, m.en);
                }
            }
        }
        assert!(reminders > 10, "{reminders}");
        // Without `reminders_en` (or with fewer), the Chinese is shown.
        let mut q = rules_with_reminders(&["甲", "乙"], &["A"]);
        let m = q.manual_checks();
        assert_eq!((m[0].en.as_str(), m[1].en.as_str()), ("A", "乙"));
        q.reminders_en.clear();
        assert_eq!(q.manual_checks()[0].en, "甲");
    }

    fn rules_with_reminders(zh: &[&str], en: &[&str]) -> Question {
        let text = include_str!("../../rules/shihe-2022.toml");
        let mut q = Rules::parse(text, "t").unwrap().questionnaires[0].questions[0].clone();
        q.evidence.clear();
        q.reminders = zh.iter().map(|s| s.to_string()).collect();
        q.reminders_en = en.iter().map(|s| s.to_string()).collect();
        q
    }

    #[test]
    fn more_english_reminders_than_chinese_is_an_error() {
        let text = include_str!("../../rules/zhanhe-2022.toml").replacen(
            "reminders_en = [\"Attach the web links of the publicity reports\"",
            "reminders_en = [\"x\", \"y\", \"z\"",
            1,
        );
        let e = Rules::parse(&text, "t").unwrap_err();
        assert!(
            e.errors.iter().any(|x| x.message.contains("reminders_en")
                && x.message_in(crate::diag::Lang::En).is_some()),
            "{e}"
        );
    }

    #[test]
    fn the_builtin_rule_files_say_what_verify_means() {
        for (name, text) in BUILTIN {
            let want = format!("{READING_COMMENT}verify = \"auto\"\n");
            assert!(text.contains(&want), "{name} lacks the [reading] section");
        }
    }
}
