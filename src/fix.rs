//! `evcheck fix`: a corrected copy of one unit's submission, for the clerk.
//!
//! The submission is never changed. Every evidence file is copied into a new folder,
//! under the corrected name where the naming check can derive one
//! (`东双河镇—4—建筑面积.pdf` → `东双河镇-04-建筑面积.pdf`); junk (`Thumbs.db`,
//! `__MACOSX/`, …) is left out; an evidence ZIP that holds junk or names written in a
//! legacy code page is packed again with UTF-8 names and without the junk, its members'
//! bytes unchanged — unless the walk met any problem in that ZIP (damage, encryption,
//! a bound), in which case it is copied as it is. A file whose name carries another
//! unit's name is never renamed to this unit (it may be that unit's evidence): it is
//! copied under its own name and listed for the clerk to decide; so is a file whose
//! name is wrong in a way no corrected name can be derived for. A list of what was done
//! (`evcheck-改名清单.csv`) is written beside the copy. Nothing is overwritten: the
//! target folder must not exist or be empty. Files are streamed into the copy, never
//! read whole into memory.

use crate::diag::{RuleFamily, Severity};
use crate::naming::{self, Issue};
use crate::pipeline::UnitNaming;
use crate::rules::Rules;
use crate::walk::{self, Entry, EntryData, Submission};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The list of changes written beside the copy.
pub const LIST_NAME: &str = "evcheck-改名清单.csv";

/// What was done to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path in the submission.
    pub from: String,
    /// Path in the copy.
    pub to: String,
    pub action: Action,
    /// Why the name was left for the clerk ([`Action::NotRenamed`], [`Action::NeedsRename`]).
    pub note: Option<crate::diag::Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Copied,
    Renamed,
    /// An evidence ZIP packed again (junk left out, UTF-8 names).
    Repacked,
    /// Copied under its own name: the name gives another unit, so only the clerk can
    /// tell whether the file belongs to this unit.
    NotRenamed,
    /// Copied under its own name: the name is wrong but no corrected name can be
    /// derived; the clerk renames it by hand.
    NeedsRename,
}

impl Action {
    /// The words of the change list and the console (Chinese, English).
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        use crate::diag::Lang;
        match (self, lang) {
            (Action::Copied, Lang::Zh) => "原样复制",
            (Action::Renamed, Lang::Zh) => "改名",
            (Action::Repacked, Lang::Zh) => "重新打包（去除无关文件，文件名改为 UTF-8）",
            (Action::NotRenamed, Lang::Zh) => "未改名：文件名中是其他单位，请确认是否属于本单位",
            (Action::NeedsRename, Lang::Zh) => "原样复制，文件名仍需手动修改",
            (Action::Copied, Lang::En) => "copied as is",
            (Action::Renamed, Lang::En) => "renamed",
            (Action::Repacked, Lang::En) => "packed again (junk left out, UTF-8 names)",
            (Action::NotRenamed, Lang::En) => {
                "not renamed: the name gives another unit; check whether it belongs to this unit"
            }
            (Action::NeedsRename, Lang::En) => "copied as is; rename it by hand",
        }
    }

    /// Whether the clerk still has to act on this file.
    pub fn needs_clerk(self) -> bool {
        matches!(self, Action::NotRenamed | Action::NeedsRename)
    }
}

/// What `fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub changes: Vec<Change>,
    /// Junk files left out (paths in the submission).
    pub dropped: Vec<String>,
}

/// Why `fix` could not run.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("目标文件夹 {0} 已存在且不为空；请指定一个新的文件夹 / {0} exists and is not empty")]
    TargetNotEmpty(PathBuf),
    #[error("目标文件夹不能位于被检查的材料之内 / the target must not be inside the submission")]
    TargetInside,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl FixError {
    /// What went wrong and what to do, in `lang`.
    pub fn text(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang;
        match (self, lang) {
            (FixError::TargetNotEmpty(p), Lang::Zh) => format!(
                "目标文件夹 {} 已存在且不为空，不覆盖\n    → 请用 --to 指定一个新的文件夹，或先移走该文件夹",
                p.display()
            ),
            (FixError::TargetNotEmpty(p), Lang::En) => format!(
                "the folder {} exists and is not empty; nothing is overwritten\n    → name a new folder with --to, or move that folder away",
                p.display()
            ),
            (FixError::TargetInside, Lang::Zh) => {
                "副本不能放在被检查的材料之内\n    → 请用 --to 指定材料文件夹以外的位置".to_owned()
            }
            (FixError::TargetInside, Lang::En) => {
                "the copy must not be inside the submission\n    → name a place outside it with --to".to_owned()
            }
            (FixError::Io(e), _) => crate::usage::io_error(e, lang),
        }
    }
}

fn target_ok(sub: &Submission, to: &Path) -> Result<(), FixError> {
    if let Ok(mut rd) = std::fs::read_dir(to) {
        if rd.next().is_some() {
            return Err(FixError::TargetNotEmpty(to.to_path_buf()));
        }
    }
    if !sub.is_zip {
        let from = std::fs::canonicalize(&sub.path)?;
        let parent = to.parent().unwrap_or(Path::new("."));
        let parent = std::fs::canonicalize(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })?;
        if parent.starts_with(&from) {
            return Err(FixError::TargetInside);
        }
    }
    Ok(())
}

/// A path that is not taken yet: `a.pdf`, then `a（2）.pdf`, `a（3）.pdf`, ….
fn unique(path: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(path.clone()) {
        return path;
    }
    let (stem, ext) = match path.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !s.ends_with('/') => (s.to_owned(), format!(".{e}")),
        _ => (path.clone(), String::new()),
    };
    for n in 2.. {
        let p = format!("{stem}（{n}）{ext}");
        if taken.insert(p.clone()) {
            return p;
        }
    }
    path
}

/// What to do with one name: the new path, or why it stays.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NameDecision {
    /// Rename to this path (the same path when the name is right).
    To(String),
    /// Keep the name: it gives another unit (`found`).
    OtherUnit(String),
    /// Keep the name: wrong, but no corrected name can be derived (the first problem).
    Manual(crate::diag::Text),
}

fn decide(path: &str, name: &str, ctx: &naming::NameContext, hint: Option<&str>) -> NameDecision {
    let a = naming::analyze_with_hint(name, ctx, hint);
    if let Some(found) = a.issues.iter().find_map(|i| match i {
        Issue::UnitWrong { found } => Some(found.clone()),
        _ => None,
    }) {
        return NameDecision::OtherUnit(found);
    }
    match (a.suggested, path.rsplit_once('/')) {
        (Some(s), Some((dir, _))) => NameDecision::To(format!("{dir}/{s}")),
        (Some(s), None) => NameDecision::To(s),
        (None, _) => {
            let outcome = crate::checks::naming::check(path, name, false, ctx);
            match outcome
                .diagnostics
                .iter()
                .find(|d| d.severity <= Severity::Warning)
            {
                Some(d) => NameDecision::Manual(d.message.clone()),
                None => NameDecision::To(path.to_owned()),
            }
        }
    }
}

fn renamed(path: &str, name: &str, ctx: &naming::NameContext, hint: Option<&str>) -> String {
    match decide(path, name, ctx, hint) {
        NameDecision::To(p) => p,
        NameDecision::OtherUnit(_) | NameDecision::Manual(_) => path.to_owned(),
    }
}

/// Copies `sub` into the folder `to` with corrected names (see the module docs).
pub fn fix(
    sub: &Submission,
    rules: &Rules,
    to: &Path,
    lang: crate::diag::Lang,
) -> Result<Outcome, FixError> {
    target_ok(sub, to)?;
    let walked = crate::checks::walked::walk_unit(sub, &rules.archive);
    let naming_data = UnitNaming::new(rules, &sub.unit);
    let ctx = naming_data.context();
    let troubled = |zip: &str| {
        walked.diagnostics.iter().any(|d| {
            d.rule == RuleFamily::Archive
                && d.file
                    .as_deref()
                    .is_some_and(|f| f == zip || f.starts_with(&format!("{zip}/")))
        })
    };
    let mut out = Outcome {
        dropped: walked
            .diagnostics
            .iter()
            .filter(|d| d.rule == RuleFamily::Junk)
            .filter_map(|d| d.file.clone())
            .collect(),
        ..Outcome::default()
    };
    std::fs::create_dir_all(to)?;
    let mut taken = HashSet::new();
    for e in walked.entries.iter().filter(|e| e.member_of.is_none()) {
        let hint = e
            .dir
            .as_deref()
            .and_then(|d| naming::question_from_dir(d, &naming_data.questions));
        let decision = decide(&e.path, &e.name, &ctx, hint.as_deref());
        let (wanted, kept) = match decision {
            NameDecision::To(p) => (p, None),
            NameDecision::OtherUnit(found) => (
                e.path.clone(),
                Some((
                    Action::NotRenamed,
                    crate::diag::Text::new(
                        format!("文件名中的单位是“{found}”，不是“{}”", naming_data.unit),
                        format!("the name gives “{found}”, not “{}”", naming_data.unit),
                    ),
                )),
            ),
            NameDecision::Manual(why) => (e.path.clone(), Some((Action::NeedsRename, why))),
        };
        let new_path = unique(wanted, &mut taken);
        let dest = to.join(&new_path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let members: Vec<&Entry> = walked
            .entries
            .iter()
            .filter(|m| m.member_of.as_deref() == Some(e.path.as_str()))
            .collect();
        let prefix = format!("{}/", e.path);
        let mut inner_taken = HashSet::new();
        let member_names: Vec<(String, bool)> = members
            .iter()
            .map(|m| {
                let rel = m.path.strip_prefix(&prefix).unwrap_or(&m.name);
                let new = unique(renamed(rel, &m.name, &ctx, None), &mut inner_taken);
                let changed = new != rel;
                (new, changed)
            })
            .collect();
        let member_renamed = member_names.iter().any(|(_, changed)| *changed);
        let repack = !members.is_empty()
            && !troubled(&e.path)
            && zip_needs_repack(e, member_renamed, &out.dropped);
        let mut note = None;
        let action = if repack {
            crate::report::write_atomic_with(&dest, |file| {
                let mut w = zip::ZipWriter::new(std::io::BufWriter::new(file));
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .large_file(true);
                for (m, (rel, _)) in members.iter().zip(&member_names) {
                    w.start_file(rel, opts).map_err(std::io::Error::other)?;
                    copy_entry(m, &mut w)?;
                }
                let mut inner = w.finish().map_err(std::io::Error::other)?;
                inner.flush()
            })?;
            Action::Repacked
        } else {
            crate::report::write_atomic_with(&dest, |file| {
                let mut w = std::io::BufWriter::new(file);
                copy_entry(e, &mut w)?;
                w.flush()
            })?;
            match kept {
                Some((action, why)) => {
                    note = Some(why);
                    action
                }
                None if new_path == e.path => Action::Copied,
                None => Action::Renamed,
            }
        };
        out.changes.push(Change {
            from: e.path.clone(),
            to: new_path,
            action,
            note,
        });
    }
    write_list(to, &out, lang)?;
    Ok(out)
}

/// Streams an entry's bytes into `w` (never whole in memory): a file on disk, which
/// must not change while it is copied, or an archive member inflated from its ZIP.
fn copy_entry(e: &Entry, w: &mut impl Write) -> std::io::Result<()> {
    let copied = walk::with_stream(&e.data, |r| std::io::copy(r, w)).map_err(|err| match err {
        walk::ReadError::Io(io) => io,
        walk::ReadError::Changed => std::io::Error::other(format!(
            "“{}”在复制过程中被修改，请关闭正在编辑它的程序后重试",
            e.path
        )),
        other => std::io::Error::other(format!("“{}”: {other}", e.path)),
    })?;
    if matches!(e.data, EntryData::Disk { len, .. } if copied != len) {
        return Err(std::io::Error::other(format!(
            "“{}”在复制过程中被修改，请关闭正在编辑它的程序后重试",
            e.path
        )));
    }
    Ok(())
}

/// A ZIP is packed again when it held junk, when a member name was stored in a legacy
/// code page (no UTF-8 flag), or when a member gets a corrected name.
fn zip_needs_repack(zip: &Entry, member_renamed: bool, dropped: &[String]) -> bool {
    let prefix = format!("{}/", zip.path);
    member_renamed || dropped.iter().any(|d| d.starts_with(&prefix)) || legacy_names(zip)
}

/// Whether the ZIP stores some non-ASCII name without the UTF-8 flag (only its
/// central directory is read).
fn legacy_names(zip: &Entry) -> bool {
    match &zip.data {
        EntryData::Member(_) => walk::Spool::of(zip, crate::pipeline::MAX_CONTENT_BYTES)
            .ok()
            .and_then(|s| zip::ZipArchive::new(s).ok())
            .is_some_and(|a| any_legacy(&a)),
        EntryData::Disk { path, .. } => std::fs::File::open(path)
            .ok()
            .and_then(|f| zip::ZipArchive::new(std::io::BufReader::new(f)).ok())
            .is_some_and(|a| any_legacy(&a)),
    }
}

fn any_legacy<R: std::io::Read + std::io::Seek>(archive: &zip::ZipArchive<R>) -> bool {
    (0..archive.len()).any(|i| {
        archive
            .by_index_data(i)
            .map(|f| !f.name_raw().is_ascii() && f.flags().as_u16() & 0x0800 == 0)
            .unwrap_or(false)
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn write_list(to: &Path, out: &Outcome, lang: crate::diag::Lang) -> std::io::Result<()> {
    let mut text = String::from(match lang {
        crate::diag::Lang::Zh => "\u{FEFF}原文件,新文件,处理\r\n",
        crate::diag::Lang::En => "\u{FEFF}file,new file,done\r\n",
    });
    for c in &out.changes {
        let mut what = c.action.label(lang).to_owned();
        if let Some(n) = &c.note {
            match lang {
                crate::diag::Lang::Zh => what.push_str(&format!("（{}）", n.zh)),
                crate::diag::Lang::En => what.push_str(&format!(" ({})", n.en)),
            }
        }
        text.push_str(&format!(
            "{},{},{}\r\n",
            csv_field(&c.from),
            csv_field(&c.to),
            csv_field(&what)
        ));
    }
    for d in &out.dropped {
        let dropped = match lang {
            crate::diag::Lang::Zh => "删除无关文件",
            crate::diag::Lang::En => "junk left out",
        };
        text.push_str(&format!("{},,{dropped}\r\n", csv_field(d)));
    }
    let list = to.parent().unwrap_or(Path::new(".")).join(format!(
        "{}-{LIST_NAME}",
        to.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    crate::report::write_atomic(&list, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_paths() {
        let mut t = HashSet::new();
        assert_eq!(unique("a/b.pdf".into(), &mut t), "a/b.pdf");
        assert_eq!(unique("a/b.pdf".into(), &mut t), "a/b（2）.pdf");
        assert_eq!(unique("a/b.pdf".into(), &mut t), "a/b（3）.pdf");
        assert_eq!(unique("noext".into(), &mut t), "noext");
        assert_eq!(unique("noext".into(), &mut t), "noext（2）");
    }
}
