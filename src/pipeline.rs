//! The run: submissions → per-unit check runner ([`crate::runner`], in parallel; it
//! gets each file's facts from the fact extractor, [`crate::extract`]) → report
//! writer ([`crate::report::write`]) → summary.

use crate::cache::Cache;
use crate::checks;
use crate::diag::{Diagnostic, Lang};
use crate::extract::FactReader;
use crate::output;
use crate::report::{write, Counts, SchemeInfo, Summary, UnitReport};
use crate::rules::Rules;
use crate::walk::Submission;

use indicatif::ProgressBar;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// What this module held before the fact extractor, the check runner and the panic
// hook got modules of their own, under the names callers know.
pub use crate::extract::{Extractor, MAX_CONTENT_BYTES};
pub use crate::panics::install_panic_hook;
pub use crate::runner::{apply_overrides, check_submission, UnitNaming};

/// Options of a run that are not rules.
#[derive(Clone)]
pub struct RunOptions {
    pub lang: Lang,
    /// Where the reports go; `None` writes nothing.
    pub out: Option<PathBuf>,
    pub progress: Option<ProgressBar>,
    /// Where file contents are read.
    pub extractor: Arc<Extractor>,
    /// Content findings of earlier runs (see [`crate::cache`]).
    pub cache: Option<Arc<Cache>>,
    /// Also write each unit's report where the unit sees it (see [`crate::output`]).
    pub write_back: bool,
    /// Names the report folders must not take (see [`output::check_overlap`]).
    pub reserved_dirs: Vec<String>,
}

/// What a run produced.
#[derive(Debug)]
pub struct RunResult {
    pub units: Vec<UnitReport>,
    pub summary: Summary,
    /// Reports that could not be written (path, reason).
    pub write_errors: Vec<(PathBuf, String)>,
    /// No submission was found under the root (nothing was written).
    pub nothing_found: bool,
}

impl RunResult {
    /// Whether any error-severity finding was made.
    pub fn has_errors(&self) -> bool {
        self.summary.totals.error > 0
    }
}

/// The submissions under `root` and the findings about the root itself, without
/// evcheck's own output: a folder carrying the output marker (or the `--out` folder),
/// and reports written back beside ZIP submissions.
pub fn submissions(root: &Path, out: Option<&Path>) -> (Vec<Submission>, Vec<Diagnostic>) {
    let (mut subs, mut root_diags) = checks::walked::find_submissions(root);
    let out = out.and_then(|o| std::fs::canonicalize(o).ok());
    subs.retain(|s| {
        if s.is_zip {
            return true;
        }
        let same_as_out = out.as_ref().is_some_and(|o| {
            std::fs::canonicalize(&s.path)
                .map(|p| &p == o)
                .unwrap_or(false)
        });
        !same_as_out && !output::is_output_dir(&s.path)
    });
    // Reports written back beside ZIP submissions (and temporary files of them).
    root_diags.retain(|d| {
        !d.file.as_deref().is_some_and(|f| {
            !f.contains('/')
                && output::is_write_back_name(f)
                && (f.starts_with('.') || output::is_own_report_file(&root.join(f)))
        })
    });
    (subs, root_diags)
}

/// Checks every submission under `root` (one sub-folder or ZIP per unit). When there
/// is none, nothing is written and [`RunResult::nothing_found`] is set.
pub fn check_root(root: &Path, rules: &Rules, opts: &RunOptions) -> RunResult {
    let (subs, mut root_diags) = submissions(root, opts.out.as_deref());
    if subs.is_empty() {
        return RunResult {
            units: Vec::new(),
            summary: Summary {
                tool_version: env!("CARGO_PKG_VERSION"),
                checked_at: output::checked_at_now(),
                scheme: SchemeInfo::of(rules),
                rows: Vec::new(),
                diagnostics: root_diags,
                totals: Counts::default(),
                roster_kinds: Default::default(),
            },
            write_errors: Vec::new(),
            nothing_found: true,
        };
    }
    let submitted: Vec<String> = subs.iter().map(|s| s.unit.clone()).collect();
    root_diags.extend(checks::roster::missing_units(&submitted, rules));
    let zips: Vec<PathBuf> = subs
        .iter()
        .filter(|s| s.is_zip)
        .map(|s| s.path.clone())
        .collect();
    let mut result = run(subs, root_diags, rules, opts, true);
    if opts.write_back {
        for (p, e) in remove_orphan_write_backs(root, &zips) {
            result.write_errors.push((p, e.to_string()));
        }
    }
    result
}

/// Removes the reports written back beside ZIP submissions that are gone (only files
/// with the fixed name and evcheck's marker inside). Returns the ones that could not be
/// removed.
fn remove_orphan_write_backs(root: &Path, zips: &[PathBuf]) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    let Ok(rd) = std::fs::read_dir(root) else {
        return failed;
    };
    let current: Vec<(PathBuf, PathBuf)> = zips
        .iter()
        .filter_map(|z| {
            output::write_back_targets(&Submission {
                unit: String::new(),
                path: z.clone(),
                is_zip: true,
            })
        })
        .collect();
    for item in rd.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !output::is_write_back_name(&name) {
            continue;
        }
        let in_use = current.iter().any(|(h, j)| *h == path || *j == path);
        if !in_use && output::is_own_report_file(&path) {
            if let Err(e) = std::fs::remove_file(&path) {
                failed.push((path, e));
            }
        }
    }
    failed
}

/// Checks the given units' submissions (dropped folders), with no roster findings
/// about units that are not among them.
pub fn check_many(subs: Vec<Submission>, rules: &Rules, opts: &RunOptions) -> RunResult {
    run(subs, Vec::new(), rules, opts, false)
}

/// Checks one unit's submission (the clerk's self-check).
pub fn check_one(sub: Submission, rules: &Rules, opts: &RunOptions) -> RunResult {
    run(vec![sub], Vec::new(), rules, opts, false)
}

fn run(
    subs: Vec<Submission>,
    mut root_diags: Vec<Diagnostic>,
    rules: &Rules,
    opts: &RunOptions,
    whole: bool,
) -> RunResult {
    apply_overrides(&mut root_diags, rules);
    let checked_at = output::checked_at_now();
    let mut units: Vec<UnitReport> = subs
        .par_iter()
        .map(|s| {
            check_submission(
                s,
                rules,
                opts.progress.as_ref(),
                FactReader::new(&opts.extractor, opts.cache.as_deref()),
            )
        })
        .collect();
    for u in &mut units {
        u.checked_at = checked_at.clone();
    }
    let (summary, write_errors) = write::write_run(
        &units,
        &subs,
        root_diags,
        rules,
        &write::WriteOptions {
            lang: opts.lang,
            out: opts.out.as_deref(),
            write_back: opts.write_back,
            reserved_dirs: &opts.reserved_dirs,
        },
        whole,
        checked_at,
    );
    RunResult {
        units,
        summary,
        write_errors,
        nothing_found: false,
    }
}
