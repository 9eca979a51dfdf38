//! The command line: raw arguments (clap) → settings → a run → terminal summary and
//! exit status (0 no errors found, 1 errors found, 2 usage or rule-file error).

use crate::diag::Lang;
use crate::naming::unit_name_from_path;
use crate::pipeline::{self, RunOptions};
use crate::rules::Rules;
use crate::walk::Submission;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `println!` that ignores a closed stdout (`evcheck codes | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Exit status: no error-severity finding.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: errors were found.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, rule-file or output error; no submission found.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: another run holds the output folder's lock (it says who).
pub const EXIT_LOCKED: i32 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "evcheck",
    version,
    about = "佐证材料合规批量检查 — checks evidence files against the assessment scheme",
    long_about = "佐证材料合规批量检查：检查各单位提交的佐证材料是否符合命名、格式、大小、数量、考评周期、盖章等要求，\n为每个单位生成报告（HTML + JSON），并生成汇总表。\n\nChecks every unit's evidence files against the scheme's formal rules and writes a report per unit and a summary."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查提交材料 / check submissions
    Check(CheckArgs),
    /// 规则文件工具 / rule-file tools
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// 生成改正文件名后的副本（不修改原材料）/ make a corrected copy of one unit's submission
    Fix(FixArgs),
    /// 由检查结果生成文档（通报草稿）/ make a document from a run's results (draft 通报)
    Report(ReportArgs),
    /// Internal: a worker process for content extraction.
    #[command(name = "__worker", hide = true)]
    Worker,
    /// 列出全部问题代码 / list every diagnostic code
    Codes {
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// 校验规则文件，指出出错的行 / validate a rule file, naming bad lines
    Check {
        /// 规则文件 / rule file (TOML)
        file: PathBuf,
        /// 提示语言 / language of the messages
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// 输出内置规则文件 / print the built-in rule file
    Show,
    /// 由问卷表格（列：序号、指标、佐证要求、是否盖章、是否限期内）生成规则文件
    /// / make a rule file from a questionnaire spreadsheet
    Init {
        /// 问卷表格 / questionnaire spreadsheet (.xlsx/.xls)
        #[arg(long, value_name = "FILE.xlsx")]
        from: PathBuf,
        /// 写入此文件（默认输出到屏幕）/ write to this file (default: standard output)
        #[arg(long, value_name = "FILE.toml")]
        out: Option<PathBuf>,
        /// 提示语言 / language of the messages (the rule file written is Chinese)
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportKind {
    /// 通报草稿（DOCX）/ draft circular (DOCX)
    #[value(name = "通报", alias = "tongbao")]
    Tongbao,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// 文档种类：通报 / kind of document: 通报 (tongbao)
    #[arg(value_enum)]
    kind: ReportKind,
    /// 检查结果目录（evcheck check 的 --out）/ the output folder of a check run
    dir: PathBuf,
    /// 写入此文件（默认为结果目录中的“通报草稿.docx”）/ write to this file (default: DIR/通报草稿.docx)
    #[arg(long, value_name = "FILE.docx")]
    out: Option<PathBuf>,
    /// 通报模板（默认使用内置模板，即 rules/templates/tongbao.toml）/ template (default: the built-in rules/templates/tongbao.toml)
    #[arg(long, value_name = "FILE.toml")]
    template: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Args)]
struct FixArgs {
    /// 单个单位的文件夹或 ZIP / one unit's folder or ZIP
    path: PathBuf,
    /// 单位名（默认取文件夹或 ZIP 的名称）/ unit name (default: the folder or ZIP name)
    #[arg(long, value_name = "NAME")]
    unit: Option<String>,
    /// 副本写入的新文件夹（默认为原名加“-已更正”）/ new folder for the copy (default: NAME-已更正 beside PATH)
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
    /// 规则文件 / rule file
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// 输出语言 / language of the messages and the change list
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// 所有单位的提交目录（每个单位一个子文件夹或 ZIP）；与 --unit 同用时为单个单位的文件夹或 ZIP
    /// / folder holding every unit's submission; with --unit, one unit's folder or ZIP
    path: Option<PathBuf>,
    /// 只检查一个单位（自查）；单位名默认取文件夹或 ZIP 的名称 / check one unit (self-check)
    #[arg(long, num_args = 0..=1, value_name = "NAME")]
    unit: Option<Option<String>>,
    /// 规则文件（默认使用内置的浉河区 2022 方案）/ rule file (default: built-in scheme)
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// 从联络人表（含“单位名称”列的表格）补充单位名单 / add units from a roster spreadsheet
    #[arg(long, value_name = "FILE.xlsx")]
    roster: Option<PathBuf>,
    /// 报告输出目录（默认 evcheck-reports；在单位文件夹内自查时放在该文件夹旁边）/ where
    /// reports are written (default evcheck-reports; beside the unit's folder when run inside it)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// 并行线程数（默认为 CPU 核数）/ worker threads (default: all cores)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// 只输出最终汇总，不显示进度 / print only the final totals, no progress
    #[arg(long, short)]
    quiet: bool,
    /// 报告语言 / report language
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    /// 单个文件内容检查的时间上限（秒）/ time limit for reading one file's content (seconds)
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    file_timeout: u64,
    /// 在本进程内读取文件内容（不使用隔离的子进程；更快，但损坏的文件可能使程序崩溃）
    /// / read file contents in-process (no isolated workers: faster, but a hostile file can crash the run)
    #[arg(long)]
    no_isolation: bool,
    /// 不使用也不更新报告目录中的缓存（默认复用上次运行中未改动文件的内容检查结果）
    /// / neither use nor update the cache in the output folder (by default, content findings
    /// of unchanged files are reused from the last run)
    #[arg(long)]
    no_cache: bool,
    /// 同时把每个单位的报告写回其提交处（文件夹内“佐证材料检查报告.html/.json”，ZIP 旁“单位名-检查报告.html/.json”）
    /// / also write each unit's report back where the unit sees it (inside its folder, or beside its ZIP)
    #[arg(long)]
    write_back: bool,
    /// 报告目录正被另一次检查使用时最多等待的秒数，超时以状态 3 退出
    /// / how long to wait for another run using the output folder (seconds); then exit with status 3
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    lock_wait: u64,
}

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if let Some(paths) = crate::dropped::dropped_paths(&raw) {
        return run_dropped(paths);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            return match crate::usage::explain(&e, &raw, crate::usage::lang_of(&raw)) {
                None => {
                    let _ = e.print();
                    EXIT_CLEAN
                }
                Some(text) => {
                    eprint!("{text}");
                    EXIT_USAGE
                }
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Worker => crate::isolate::worker_main(),
        Command::Fix(args) => fix(args),
        Command::Report(args) => report(args),
        Command::Rules { command } => match command {
            RulesCommand::Check { file, lang } => rules_check(&file, Lang::from(lang)),
            RulesCommand::Init { from, out, lang } => {
                rules_init(&from, out.as_deref(), Lang::from(lang))
            }
            RulesCommand::Show => {
                let _ = write!(std::io::stdout(), "{}", crate::rules::DEFAULT_RULES);
                EXIT_CLEAN
            }
        },
        Command::Codes { lang } => {
            let lang = Lang::from(lang);
            for c in crate::checks::all_codes() {
                let title = if lang == Lang::Zh {
                    c.title_zh
                } else {
                    c.title_en
                };
                outln!(
                    "{}\t{}\t{}\t{}\t{}",
                    c.id,
                    c.rule.as_str(),
                    c.severity.label(lang),
                    title,
                    c.basis
                );
            }
            EXIT_CLEAN
        }
    }
}

fn load_rules(path: Option<&Path>, lang: Lang) -> Result<Rules, i32> {
    let r = match path {
        Some(p) => Rules::load(p),
        None => Rules::builtin(),
    };
    r.map_err(|e| {
        print_rule_errors(&e, lang);
        EXIT_USAGE
    })
}

/// A rule-file (or roster) error: in Chinese as the rule file is written; with
/// `--lang en` in English where the message has an English text, else in Chinese with
/// a note saying so.
fn print_rule_errors(e: &crate::rules::RuleErrors, lang: Lang) {
    match lang {
        Lang::Zh => eprint!("{}", crate::usage::os_text(&e.to_string(), lang)),
        Lang::En => {
            let only_zh = e
                .errors
                .iter()
                .filter(|x| x.message_in(Lang::En).is_none())
                .count();
            let note = match only_zh {
                0 => String::new(),
                n if n == e.errors.len() => {
                    " (details in the rule file's language, Chinese)".to_owned()
                }
                n => format!(" ({n} of them only in the rule file's language, Chinese)"),
            };
            eprintln!(
                "error: the rule file {} has {} error(s){note}:",
                e.origin,
                e.errors.len()
            );
            for err in &e.errors {
                let text = match err.message_in(Lang::En) {
                    Some(en) => crate::usage::os_text(en, Lang::En),
                    None => crate::usage::os_text(&err.message, Lang::Zh),
                };
                match err.line {
                    Some(l) => eprintln!("  {}: line {l}: {text}", e.origin),
                    None => eprintln!("  {}: {text}", e.origin),
                }
            }
        }
    }
}

fn rules_init(from: &Path, out: Option<&Path>, lang: Lang) -> i32 {
    let text = match crate::rules::init_from_spreadsheet(from) {
        Ok(t) => t,
        Err(e) => {
            print_rule_errors(&e, lang);
            return EXIT_USAGE;
        }
    };
    match out {
        None => {
            let _ = write!(std::io::stdout(), "{text}");
            EXIT_CLEAN
        }
        Some(p) if p.exists() => {
            eprintln!(
                "{} 已存在，不覆盖；请换一个文件名 / {} exists; not overwritten",
                p.display(),
                p.display()
            );
            EXIT_USAGE
        }
        Some(p) => match crate::report::write_atomic(p, text.as_bytes()) {
            Ok(()) => {
                match lang {
                    Lang::Zh => eprintln!("已生成规则文件 {}，请补全其中标注 TO CHECK 的项目后用 evcheck rules check 校验", p.display()),
                    Lang::En => eprintln!("rule file {} written: complete the items marked TO CHECK, then validate it with evcheck rules check", p.display()),
                }
                EXIT_CLEAN
            }
            Err(e) => {
                match lang {
                    Lang::Zh => eprintln!(
                        "无法写入 {}：{}",
                        p.display(),
                        crate::usage::io_error(&e, lang)
                    ),
                    Lang::En => eprintln!(
                        "cannot write {}: {}",
                        p.display(),
                        crate::usage::io_error(&e, lang)
                    ),
                }
                EXIT_USAGE
            }
        },
    }
}

fn rules_check(file: &Path, lang: Lang) -> i32 {
    let r = match Rules::load(file) {
        Ok(r) => r,
        Err(e) => {
            print_rule_errors(&e, lang);
            return EXIT_USAGE;
        }
    };
    let zh = lang == Lang::Zh;
    let qs: Vec<String> = r
        .questionnaires
        .iter()
        .map(|q| match lang {
            Lang::Zh => format!("{} {} 题", q.kind, q.questions.len()),
            Lang::En => format!("{} {} question(s)", q.kind, q.questions.len()),
        })
        .collect();
    let (period, units) = (
        format!("{}..{}", r.period.start, r.period.end),
        r.units.len(),
    );
    if zh {
        outln!(
            "规则文件有效: {}（{}），考评周期 {period}，单位 {units} 个，问卷: {}",
            r.name,
            r.id,
            qs.join("，")
        );
    } else {
        outln!(
            "the rule file is valid: {} ({}), assessment period {period}, {units} unit(s), questionnaires: {}",
            r.name,
            r.id,
            qs.join(", ")
        );
    }
    if let Some(h) = &r.haocha {
        let levels: Vec<String> = h
            .levels
            .iter()
            .map(|l| match (lang, l.bad) {
                (Lang::Zh, bad) => {
                    format!(
                        "{} {}分{}",
                        l.name,
                        l.points,
                        if bad { "（差评）" } else { "" }
                    )
                }
                (Lang::En, bad) => format!(
                    "{} {} point(s){}",
                    l.name,
                    l.points,
                    if bad { " (poor)" } else { "" }
                ),
            })
            .collect();
        if zh {
            outln!(
                "好差评计分: 满分 {}，评价率 ≥ {}% 可得满分，< {}% 不得分，每个差评扣 {}%，差评未及时整改得 {} 分；等级: {}",
                h.full_marks.value,
                h.full_rate.value,
                h.zero_rate.value,
                h.bad_deduction.value,
                h.unrectified_score.value,
                levels.join("、")
            );
        } else {
            outln!(
                "ratings score: full marks {}, full marks at a rating rate of {}% or more, no marks below {}%, {}% off for each poor rating, {} point(s) when a poor rating was not rectified in time; levels: {}",
                h.full_marks.value,
                h.full_rate.value,
                h.zero_rate.value,
                h.bad_deduction.value,
                h.unrectified_score.value,
                levels.join(", ")
            );
        }
    }
    EXIT_CLEAN
}

/// What a check run covers.
enum Target {
    /// A folder of units (the office's run).
    Root(PathBuf),
    /// These units' submissions (a self-check, or dropped folders).
    Units(Vec<Submission>),
}

/// The reports folder when `--out` is not given.
const DEFAULT_OUT: &str = "evcheck-reports";

fn check(args: CheckArgs) -> i32 {
    let lang = Lang::from(args.lang);
    let zh = lang == Lang::Zh;
    // `--unit PATH` (no name): clap takes PATH as the name; take it back.
    let (path, unit_name, single) = match (args.path.clone(), args.unit.clone()) {
        (Some(p), Some(name)) => (p, name, true),
        (None, Some(Some(v))) => (PathBuf::from(v), None, true),
        (Some(p), None) => (p, None, false),
        (None, _) => {
            if zh {
                eprintln!("错误: 缺少要检查的文件夹或 ZIP\n    → 用法: evcheck check [--unit [单位名]] 路径（evcheck check --help 查看帮助）");
            } else {
                eprintln!("error: no folder or ZIP to check\n    → usage: evcheck check [--unit [NAME]] PATH (see evcheck check --help)");
            }
            return EXIT_USAGE;
        }
    };
    let mut rules = match load_rules(args.rules.as_deref(), lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(roster) = &args.roster {
        if let Err(e) = rules.add_roster_file(roster) {
            print_rule_errors(&e, lang);
            return EXIT_USAGE;
        }
    }
    if let Err(e) = std::fs::symlink_metadata(&path) {
        let why = crate::usage::io_error(&e, lang);
        if zh {
            eprintln!("错误: 无法打开 {}：{why}", path.display());
        } else {
            eprintln!("error: cannot open {}: {why}", path.display());
        }
        return EXIT_USAGE;
    }
    let target = if single {
        let (mut sub, _) = crate::dropped::submission_for(&path, &rules);
        if let Some(n) = unit_name {
            sub.unit = n;
        }
        Target::Units(vec![sub])
    } else if path.is_file() {
        let p = crate::console::shell_quote(&path.display().to_string());
        if zh {
            eprintln!("错误: {p} 是一个文件，不是存放各单位材料的文件夹\n    → 检查单个单位请用: evcheck check --unit {p}");
        } else {
            eprintln!("error: {p} is a file, not a folder of units\n    → to check one unit: evcheck check --unit {p}");
        }
        return EXIT_USAGE;
    } else if let Some(unit) = crate::console::looks_like_one_unit(&path, &rules) {
        let p = crate::console::shell_quote(&path.display().to_string());
        let u = crate::console::shell_quote(&unit);
        if zh {
            eprintln!("错误: {p} 看起来是一个单位（{unit}）的材料，而不是存放各单位材料的文件夹：它的子文件夹不是名单中的单位\n    → 检查这一个单位请用: evcheck check --unit {u} {p}");
        } else {
            eprintln!("error: {p} looks like one unit's ({unit}) submission, not a folder of units: none of its sub-folders is a roster unit\n    → to check this unit: evcheck check --unit {u} {p}");
        }
        return EXIT_USAGE;
    } else {
        Target::Root(path)
    };
    execute(target, &args, &rules)
}

/// Runs a check of `target` with the settings of `args` and prints the outcome.
fn execute(target: Target, args: &CheckArgs, rules: &Rules) -> i32 {
    let lang = Lang::from(args.lang);
    let out_dir = match &args.out {
        Some(o) => o.clone(),
        None => default_out(&target),
    };
    let advice: Vec<String> = match &target {
        Target::Units(subs) => subs
            .iter()
            .filter_map(|s| {
                let similar = crate::console::similar_units(rules, &s.unit);
                (!similar.is_empty())
                    .then(|| crate::console::unit_advice(&s.unit, &similar, &s.path, lang))
            })
            .collect(),
        Target::Root(_) => Vec::new(),
    };
    for a in &advice {
        outln!("{a}");
    }
    // The output folder: apart from the submissions, marked, and locked for this run.
    let root_path = match &target {
        Target::Root(r) => Some(r.clone()),
        Target::Units(_) => None,
    };
    let subs = match &target {
        Target::Units(subs) => subs.clone(),
        Target::Root(root) => {
            let (subs, _) = pipeline::submissions(root, None);
            if subs.is_empty() {
                eprintln!("{}", crate::output::no_submissions_message(root, lang));
                return EXIT_USAGE;
            }
            subs
        }
    };
    let wait = std::time::Duration::from_secs(args.lock_wait);
    let (_lock, reserved) =
        match crate::output::prepare(&out_dir, root_path.as_deref(), &subs, wait, lang) {
            Ok(p) => p,
            Err(crate::output::Refused::Usage(msg)) => {
                eprintln!("{msg}");
                return EXIT_USAGE;
            }
            Err(crate::output::Refused::Locked(msg)) => {
                eprintln!("{msg}");
                return EXIT_LOCKED;
            }
        };
    let threads = args.jobs.map(usize::from).unwrap_or(0);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(16 * 1024 * 1024)
        .build_global();
    pipeline::install_panic_hook();

    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| crate::console::progress_bar(&target_subs(&target)));
    let extractor = if args.no_isolation {
        pipeline::Extractor::InProcess
    } else {
        match crate::isolate::Pool::new(std::time::Duration::from_secs(args.file_timeout.max(1))) {
            Some(pool) => pipeline::Extractor::Isolated(pool),
            None => {
                match lang {
                    Lang::Zh => eprintln!("注意: 无法启动独立的读取进程，文件内容将在本进程内读取（损坏的文件可能使检查中断）"),
                    Lang::En => eprintln!("note: reader processes could not be started; file contents are read in this process (a damaged file may stop the run)"),
                }
                pipeline::Extractor::InProcess
            }
        }
    };
    let cache_path = out_dir.join(crate::cache::FILE_NAME);
    let cache =
        (!args.no_cache).then(|| std::sync::Arc::new(crate::cache::Cache::load(&cache_path)));
    let opts = RunOptions {
        lang,
        out: Some(out_dir.clone()),
        progress: progress.clone(),
        extractor: std::sync::Arc::new(extractor),
        cache: cache.clone(),
        write_back: args.write_back,
        reserved_dirs: reserved,
    };
    let detail = matches!(target, Target::Units(_));
    let result = match target {
        Target::Units(subs) => pipeline::check_many(subs, rules, &opts),
        Target::Root(root) => pipeline::check_root(&root, rules, &opts),
    };
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if result.nothing_found {
        let root = root_path.unwrap_or_default();
        eprintln!("{}", crate::output::no_submissions_message(&root, lang));
        return EXIT_USAGE;
    }
    if let Some(c) = &cache {
        if let Err(e) = c.save(&cache_path) {
            let why = crate::usage::io_error(&e, lang);
            match lang {
                Lang::Zh => eprintln!("无法写入缓存 {}：{why}", cache_path.display()),
                Lang::En => eprintln!("cannot write the cache {}: {why}", cache_path.display()),
            }
        } else if !args.quiet && c.reused() > 0 {
            match lang {
                Lang::Zh => eprintln!("复用上次运行的检查结果: {} 个未改动的文件", c.reused()),
                Lang::En => eprintln!("reused earlier results of {} unchanged files", c.reused()),
            }
        }
    }
    crate::console::show_summary(&result, &out_dir, lang, args.quiet, detail);
    for a in &advice {
        outln!("{a}");
    }
    if !result.write_errors.is_empty() {
        for (p, e) in &result.write_errors {
            let e = crate::usage::os_text(e, lang);
            match lang {
                Lang::Zh => eprintln!("无法写入报告 {}：{e}", p.display()),
                Lang::En => eprintln!("cannot write the report {}: {e}", p.display()),
            }
        }
        return EXIT_USAGE;
    }
    if result.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The submissions a target covers (for counting files before the run).
fn target_subs(target: &Target) -> Vec<Submission> {
    match target {
        Target::Units(subs) => subs.clone(),
        Target::Root(root) => pipeline::submissions(root, None).0,
    }
}

/// Started without a command: dropped paths, or nothing (see [`crate::dropped`]).
fn run_dropped(paths: Vec<PathBuf>) -> i32 {
    let pause = crate::dropped::should_pause(!paths.is_empty());
    let code = if paths.is_empty() {
        outln!("{}", crate::dropped::how_to_use());
        EXIT_USAGE
    } else {
        check_dropped(&paths)
    };
    if pause {
        crate::dropped::pause(Lang::Zh);
    }
    code
}

/// Where reports go when `--out` is not given: `evcheck-reports` in the current folder,
/// unless that lies inside the one unit being checked (a clerk running evcheck from
/// inside the unit's folder); then beside that folder, as for a dropped folder.
fn default_out(target: &Target) -> PathBuf {
    let here = PathBuf::from(DEFAULT_OUT);
    let Target::Units(subs) = target else {
        return here;
    };
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    for sub in subs.iter().filter(|s| !s.is_zip) {
        let Ok(unit) = std::fs::canonicalize(&sub.path) else {
            continue;
        };
        if cwd.as_deref().is_some_and(|c| c.starts_with(&unit)) {
            let beside = unit
                .parent()
                .map(crate::platform::plain_path)
                .unwrap_or_default();
            return beside.join(DEFAULT_OUT);
        }
    }
    here
}

/// Checks what was dropped: one folder of units as the office would, anything else
/// unit by unit (or the one file), reports beside the first unit's folder.
fn check_dropped(paths: &[PathBuf]) -> i32 {
    let rules = match load_rules(None, Lang::Zh) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let defaults = |out: PathBuf| CheckArgs {
        path: None,
        unit: None,
        rules: None,
        roster: None,
        out: Some(out),
        jobs: None,
        quiet: false,
        lang: LangArg::Zh,
        file_timeout: 120,
        no_isolation: false,
        no_cache: false,
        write_back: false,
        lock_wait: 30,
    };
    if let [one] = paths {
        if one.is_dir() && holds_units(one, &rules) {
            let out = one.join(DEFAULT_OUT);
            return execute(Target::Root(one.clone()), &defaults(out), &rules);
        }
    }
    let mut subs = Vec::new();
    let mut out_dir = None;
    for p in paths {
        let (sub, beside) = crate::dropped::submission_for(p, &rules);
        out_dir.get_or_insert(beside);
        subs.push(sub);
    }
    let out = out_dir
        .unwrap_or_else(|| PathBuf::from("."))
        .join(DEFAULT_OUT);
    execute(Target::Units(subs), &defaults(out), &rules)
}

/// Whether a folder holds units' folders or ZIPs (some sub-folder or ZIP is a roster
/// unit) and is not itself a unit.
fn holds_units(dir: &Path, rules: &Rules) -> bool {
    if rules.find_unit(&unit_name_from_path(dir)).is_some() {
        return false;
    }
    crate::walk::find_submissions(dir)
        .0
        .iter()
        .any(|s| rules.find_unit(&s.unit).is_some())
}

fn report(args: ReportArgs) -> i32 {
    let ReportKind::Tongbao = args.kind;
    let template = match crate::report::tongbao::Template::load(args.template.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_USAGE;
        }
    };
    let bytes = match crate::report::tongbao::draft(&args.dir, &template) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "请先运行 evcheck check ROOT --out {} 生成检查结果",
                args.dir.display()
            );
            return EXIT_USAGE;
        }
    };
    let out = args
        .out
        .unwrap_or_else(|| args.dir.join(crate::output::TONGBAO_FILE));
    match crate::report::write_atomic(&out, &bytes) {
        Ok(()) => {
            outln!("已生成通报草稿 {}，请核对修改后再印发", out.display());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("无法写入 {}: {e}", out.display());
            EXIT_USAGE
        }
    }
}

fn fix(args: FixArgs) -> i32 {
    let lang = Lang::from(args.lang);
    let zh = lang == Lang::Zh;
    let rules = match load_rules(args.rules.as_deref(), lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::symlink_metadata(&args.path) {
        let why = crate::usage::io_error(&e, lang);
        if zh {
            eprintln!("错误: 无法打开 {}：{why}", args.path.display());
        } else {
            eprintln!("error: cannot open {}: {why}", args.path.display());
        }
        return EXIT_USAGE;
    }
    let (mut sub, _) = crate::dropped::submission_for(&args.path, &rules);
    if let Some(u) = args.unit {
        sub.unit = u;
    }
    // The copy is checked as the same unit: the roster's spelling when it has one.
    let unit = rules
        .find_unit(&sub.unit)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| sub.unit.clone());
    let to = args.to.unwrap_or_else(|| {
        args.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join(format!("{unit}-已更正"))
    });
    let outcome = match crate::fix::fix(&sub, &rules, &to, lang) {
        Ok(o) => o,
        Err(e) => {
            let lead = if zh { "错误" } else { "error" };
            eprintln!("{lead}: {}", e.text(lang));
            return EXIT_USAGE;
        }
    };
    use crate::fix::Action;
    for c in &outcome.changes {
        match (c.action, lang) {
            (Action::Renamed, Lang::Zh) => outln!("改名: {} → {}", c.from, c.to),
            (Action::Renamed, Lang::En) => outln!("renamed: {} → {}", c.from, c.to),
            (Action::Repacked, Lang::Zh) => outln!("重新打包: {} → {}", c.from, c.to),
            (Action::Repacked, Lang::En) => outln!("packed again: {} → {}", c.from, c.to),
            (Action::NotRenamed | Action::NeedsRename, Lang::Zh) => outln!(
                "请手动处理: {}（{}{}）",
                c.from,
                c.action.label(lang),
                c.note
                    .as_ref()
                    .map(|n| format!("：{}", n.zh))
                    .unwrap_or_default()
            ),
            (Action::NotRenamed | Action::NeedsRename, Lang::En) => outln!(
                "to do by hand: {} ({}{})",
                c.from,
                c.action.label(lang),
                c.note
                    .as_ref()
                    .map(|n| format!(": {}", n.en))
                    .unwrap_or_default()
            ),
            (Action::Copied, _) => {}
        }
    }
    for d in &outcome.dropped {
        if zh {
            outln!("删除无关文件: {d}");
        } else {
            outln!("junk left out: {d}");
        }
    }
    let n = |a: Action| outcome.changes.iter().filter(|c| c.action == a).count();
    let manual = outcome
        .changes
        .iter()
        .filter(|c| c.action.needs_clerk())
        .count();
    let command = format!(
        "evcheck check --unit {} {}",
        crate::console::shell_quote(&unit),
        crate::console::shell_quote(&to.display().to_string())
    );
    if zh {
        outln!(
            "已在 {} 生成副本：{} 个文件，改名 {} 个，重新打包 {} 个，删除无关文件 {} 个，需手动处理 {} 个；原材料未改动。",
            to.display(),
            outcome.changes.len(),
            n(Action::Renamed),
            n(Action::Repacked),
            outcome.dropped.len(),
            manual
        );
        outln!("请核对后再检查副本: {command}");
    } else {
        outln!(
            "Copy made in {}: {} files, {} renamed, {} packed again, {} junk files left out, {} to do by hand; the submission is unchanged.",
            to.display(),
            outcome.changes.len(),
            n(Action::Renamed),
            n(Action::Repacked),
            outcome.dropped.len(),
            manual
        );
        outln!("Check the copy, then run: {command}");
    }
    EXIT_CLEAN
}
