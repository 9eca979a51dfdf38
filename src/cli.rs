//! The command line: raw arguments (clap) → settings → a run → terminal summary and
//! exit status (0 no errors found, 1 errors found, 2 usage or rule-file error).

use crate::diag::{Lang, Severity};
use crate::pipeline::{self, RunOptions, RunResult};
use crate::rules::Rules;
use crate::walk::Submission;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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
    /// 报告输出目录 / where reports are written
    #[arg(long, value_name = "DIR", default_value = "evcheck-reports")]
    out: PathBuf,
    /// 并行线程数（默认为 CPU 核数）/ worker threads (default: all cores)
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
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
    if let Some(path) = dropped_path() {
        return self_check_dropped(&path);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_CLEAN
                }
                _ => EXIT_USAGE,
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Worker => crate::isolate::worker_main(),
        Command::Fix(args) => fix(args),
        Command::Report(args) => report(args),
        Command::Rules { command } => match command {
            RulesCommand::Check { file } => rules_check(&file),
            RulesCommand::Init { from, out } => rules_init(&from, out.as_deref()),
            RulesCommand::Show => {
                let _ = write!(std::io::stdout(), "{}", crate::rules::DEFAULT_RULES);
                EXIT_CLEAN
            }
        },
        Command::Codes { lang } => {
            let lang = Lang::from(lang);
            for c in crate::diag::all_codes() {
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

fn load_rules(path: Option<&Path>) -> Result<Rules, i32> {
    let r = match path {
        Some(p) => Rules::load(p),
        None => Rules::builtin(),
    };
    r.map_err(|e| {
        eprint!("{e}");
        EXIT_USAGE
    })
}

fn rules_init(from: &Path, out: Option<&Path>) -> i32 {
    let text = match crate::rules::init_from_spreadsheet(from) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{e}");
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
                eprintln!("已生成规则文件 {}，请补全其中标注 TO CHECK 的项目后用 evcheck rules check 校验", p.display());
                EXIT_CLEAN
            }
            Err(e) => {
                eprintln!("无法写入 {}: {e}", p.display());
                EXIT_USAGE
            }
        },
    }
}

fn rules_check(file: &Path) -> i32 {
    match Rules::load(file) {
        Ok(r) => {
            let qs: Vec<String> = r
                .questionnaires
                .iter()
                .map(|q| format!("{} {} 题", q.kind, q.questions.len()))
                .collect();
            outln!(
                "规则文件有效: {}（{}），考评周期 {}..{}，单位 {} 个，问卷: {}",
                r.name,
                r.id,
                r.period.start,
                r.period.end,
                r.units.len(),
                qs.join("，")
            );
            EXIT_CLEAN
        }
        Err(e) => {
            eprint!("{e}");
            EXIT_USAGE
        }
    }
}

fn check(args: CheckArgs) -> i32 {
    let lang = Lang::from(args.lang);
    // `--unit PATH` (no name): clap takes PATH as the name; take it back.
    let (path, unit_name, single) = match (args.path, args.unit) {
        (Some(p), Some(name)) => (p, name, true),
        (None, Some(Some(v))) => (PathBuf::from(v), None, true),
        (Some(p), None) => (p, None, false),
        (None, _) => {
            eprintln!("用法: evcheck check [--unit [单位名]] 路径 (evcheck check --help 查看帮助)");
            return EXIT_USAGE;
        }
    };
    let mut rules = match load_rules(args.rules.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(roster) = &args.roster {
        if let Err(e) = rules.add_roster_file(roster) {
            eprint!("{e}");
            return EXIT_USAGE;
        }
    }
    if !path.exists() {
        eprintln!("找不到路径: {}", path.display());
        return EXIT_USAGE;
    }
    // The submissions, as far as they decide where reports may go.
    let subs: Vec<Submission> = if single {
        vec![Submission {
            unit: unit_name
                .clone()
                .unwrap_or_else(|| unit_name_from_path(&path)),
            path: path.clone(),
            is_zip: path.is_file(),
        }]
    } else if path.is_file() {
        eprintln!(
            "{} 是一个文件：检查单个单位请用 evcheck check --unit {}",
            path.display(),
            path.display()
        );
        return EXIT_USAGE;
    } else {
        let (subs, _) = pipeline::submissions(&path, None);
        if subs.is_empty() {
            eprintln!("{}", crate::output::no_submissions_message(&path, lang));
            return EXIT_USAGE;
        }
        subs
    };
    let root = (!single && path.is_dir()).then_some(path.as_path());
    let wait = std::time::Duration::from_secs(args.lock_wait);
    let (_lock, reserved) = match crate::output::prepare(&args.out, root, &subs, wait, lang) {
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
    if let Some(n) = args.jobs {
        let r = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .stack_size(16 * 1024 * 1024)
            .build_global();
        if let Err(e) = r {
            eprintln!("无法设置线程数: {e}");
        }
    } else {
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(16 * 1024 * 1024)
            .build_global();
    }
    pipeline::install_panic_hook();

    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| {
        let pb = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} 个文件 {msg}",
        ) {
            pb.set_style(style);
        }
        pb
    });
    let extractor = if args.no_isolation {
        pipeline::Extractor::InProcess
    } else {
        match crate::isolate::Pool::new(std::time::Duration::from_secs(args.file_timeout.max(1))) {
            Some(pool) => pipeline::Extractor::Isolated(pool),
            None => pipeline::Extractor::InProcess,
        }
    };
    let cache_path = args.out.join(crate::cache::FILE_NAME);
    let cache =
        (!args.no_cache).then(|| std::sync::Arc::new(crate::cache::Cache::load(&cache_path)));
    let opts = RunOptions {
        lang,
        out: Some(args.out.clone()),
        progress: progress.clone(),
        extractor: std::sync::Arc::new(extractor),
        cache: cache.clone(),
        write_back: args.write_back,
        reserved_dirs: reserved,
    };
    let result = if single {
        let Some(sub) = subs.into_iter().next() else {
            return EXIT_USAGE;
        };
        pipeline::check_one(sub, &rules, &opts)
    } else {
        pipeline::check_root(&path, &rules, &opts)
    };
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if result.nothing_found {
        eprintln!(
            "未找到任何单位的提交材料 / no unit's submission found: {}",
            path.display()
        );
        return EXIT_USAGE;
    }
    if let Some(c) = &cache {
        if let Err(e) = c.save(&cache_path) {
            eprintln!("无法写入缓存 {}: {e}", cache_path.display());
        } else if !args.quiet && c.reused() > 0 {
            eprintln!("复用上次运行的检查结果: {} 个未改动的文件", c.reused());
        }
    }
    print_summary(&result, &args.out, lang, args.quiet);
    if !result.write_errors.is_empty() {
        for (p, e) in &result.write_errors {
            eprintln!("无法写入报告 {}: {e}", p.display());
        }
        return EXIT_USAGE;
    }
    if result.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `evcheck PATH` with nothing else, PATH an existing folder or ZIP: what Windows runs
/// when a clerk drops the unit's folder onto `evcheck.exe`.
fn dropped_path() -> Option<PathBuf> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let [one] = args.as_slice() else {
        return None;
    };
    let text = one.to_string_lossy();
    let is_command = [
        "check", "fix", "rules", "codes", "report", "help", "__worker",
    ]
    .contains(&text.as_ref());
    let p = PathBuf::from(one);
    (!text.starts_with('-') && !is_command && p.exists()).then_some(p)
}

/// Self-check of a dropped folder or ZIP: reports go beside it (`evcheck-reports`), the
/// findings are printed, and the window waits for Enter so the clerk can read them.
fn self_check_dropped(path: &Path) -> i32 {
    let out = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("evcheck-reports");
    let args = CheckArgs {
        path: Some(path.to_path_buf()),
        unit: Some(None),
        rules: None,
        roster: None,
        out,
        jobs: None,
        quiet: false,
        lang: LangArg::Zh,
        file_timeout: 120,
        no_isolation: false,
        no_cache: false,
        write_back: false,
        lock_wait: 30,
    };
    let code = check(args);
    if std::io::stdin().is_terminal() {
        outln!("按回车键退出 / press Enter to close");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
    code
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
        .unwrap_or_else(|| args.dir.join(crate::report::tongbao::DEFAULT_FILE));
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
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if !args.path.exists() {
        eprintln!("找不到路径: {}", args.path.display());
        return EXIT_USAGE;
    }
    let unit = args.unit.unwrap_or_else(|| unit_name_from_path(&args.path));
    let to = args.to.unwrap_or_else(|| {
        args.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join(format!("{unit}-已更正"))
    });
    let sub = Submission {
        unit: unit.clone(),
        path: args.path.clone(),
        is_zip: args.path.is_file(),
    };
    match crate::fix::fix(&sub, &rules, &to) {
        Ok(outcome) => {
            use crate::fix::Action;
            for c in &outcome.changes {
                match c.action {
                    Action::Renamed => outln!("改名: {} → {}", c.from, c.to),
                    Action::Repacked => outln!("重新打包: {} → {}", c.from, c.to),
                    Action::Copied => {}
                }
            }
            for d in &outcome.dropped {
                outln!("删除无关文件: {d}");
            }
            let n = |a: Action| outcome.changes.iter().filter(|c| c.action == a).count();
            outln!(
                "已在 {} 生成副本：{} 个文件，改名 {} 个，重新打包 {} 个，删除无关文件 {} 个；原材料未改动。",
                to.display(),
                outcome.changes.len(),
                n(Action::Renamed),
                n(Action::Repacked),
                outcome.dropped.len()
            );
            outln!(
                "请核对后再用 evcheck check --unit {} 检查副本。",
                to.display()
            );
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_USAGE
        }
    }
}

/// The unit name a path gives: the folder name, or the ZIP name without `.zip`.
pub fn unit_name_from_path(p: &Path) -> String {
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

/// How many findings a self-check prints on the terminal (the report has all).
const TERMINAL_FINDINGS: usize = 30;

/// For a single unit (the clerk's self-check), its errors and warnings on the terminal.
fn print_unit_findings(r: &RunResult, out: &Path, lang: Lang) {
    let [unit] = r.units.as_slice() else {
        return;
    };
    let shown: Vec<_> = unit
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .collect();
    for d in shown.iter().take(TERMINAL_FINDINGS) {
        let file = d.file.as_deref().unwrap_or("");
        let sep = if file.is_empty() { "" } else { ": " };
        outln!(
            "[{}] {} {file}{sep}{}",
            d.severity.label(lang),
            d.code,
            d.message.get(lang)
        );
        outln!("    → {}", d.fix.get(lang));
    }
    if shown.len() > TERMINAL_FINDINGS {
        if lang == Lang::Zh {
            outln!("……另有 {} 条，见报告", shown.len() - TERMINAL_FINDINGS);
        } else {
            outln!("… {} more in the report", shown.len() - TERMINAL_FINDINGS);
        }
    }
    let dir = r
        .summary
        .rows
        .first()
        .map(|row| row.report_dir.as_str())
        .unwrap_or("");
    let html = out.join(dir).join("report.html");
    if lang == Lang::Zh {
        outln!("详细报告（可用浏览器打开）: {}", html.display());
    } else {
        outln!("full report (open in a browser): {}", html.display());
    }
}

fn print_summary(r: &RunResult, out: &Path, lang: Lang, quiet: bool) {
    let zh = lang == Lang::Zh;
    if !quiet {
        print_unit_findings(r, out, lang);
        for row in &r.summary.rows {
            let roster = if row.in_roster {
                ""
            } else if zh {
                "（不在名单中）"
            } else {
                " (not in roster)"
            };
            if zh {
                outln!(
                    "{}{}: {} 个文件，错误 {}，警告 {}，提示 {}，缺题 {}",
                    row.unit,
                    roster,
                    row.files,
                    row.counts.error,
                    row.counts.warning,
                    row.counts.info,
                    row.missing_questions
                );
            } else {
                outln!(
                    "{}{}: {} files, {} errors, {} warnings, {} infos, {} questions without evidence",
                    row.unit, roster, row.files, row.counts.error, row.counts.warning, row.counts.info, row.missing_questions
                );
            }
        }
        for d in r
            .summary
            .diagnostics
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
        {
            outln!("{}: {}", d.severity.label(lang), d.message.get(lang));
        }
        let missing = r
            .summary
            .diagnostics
            .iter()
            .filter(|d| d.code == "R001")
            .count();
        if missing > 0 {
            if zh {
                outln!("名单中有 {missing} 个单位未提交（详见汇总表）");
            } else {
                outln!("{missing} roster units submitted nothing (see the summary)");
            }
        }
    }
    let t = &r.summary.totals;
    if zh {
        outln!(
            "共 {} 个单位：错误 {}，警告 {}，提示 {}。报告已写入 {}",
            r.summary.rows.len(),
            t.error,
            t.warning,
            t.info,
            out.display()
        );
    } else {
        outln!(
            "{} units: {} errors, {} warnings, {} infos. Reports written to {}",
            r.summary.rows.len(),
            t.error,
            t.warning,
            t.info,
            out.display()
        );
    }
}
