//! Findings in the order a person fixes them: errors first, then warnings, then notes;
//! repeated findings of one code in one folder or ZIP folded into one entry with the
//! count and the file list. The console, the HTML report's 「先改这些」 list and its
//! findings all use this one grouping.

use crate::diag::{Diagnostic, Severity};

/// One entry of the list: a finding, or several findings of one code about files of
/// one folder or ZIP.
#[derive(Debug)]
pub(crate) struct Group<'a> {
    /// In their original order; never empty.
    pub items: Vec<&'a Diagnostic>,
    /// The folder or ZIP the files are in (`""` for the submission's top level).
    pub container: String,
}

impl<'a> Group<'a> {
    /// The first finding (every item has the same code and severity).
    pub fn first(&self) -> &'a Diagnostic {
        self.items[0]
    }

    pub fn severity(&self) -> Severity {
        self.first().severity
    }

    pub fn code(&self) -> &'static crate::diag::Code {
        self.first().code
    }

    /// Whether several findings were folded into this entry.
    pub fn is_grouped(&self) -> bool {
        self.items.len() > 1
    }

    /// The file names inside [`Group::container`].
    pub fn file_names(&self) -> Vec<&'a str> {
        self.items
            .iter()
            .filter_map(|d| d.file.as_deref())
            .map(|f| match f.rsplit_once('/') {
                Some((_, name)) => name,
                None => f,
            })
            .collect()
    }

    /// Whether every item asks for the same fix.
    pub fn same_fix(&self) -> bool {
        self.items.iter().all(|d| d.fix == self.first().fix)
    }
}

/// The folder or ZIP a virtual path sits in (`a.zip/x.jpg` → `a.zip`, `x.pdf` → ``).
pub(crate) fn container_of(file: &str) -> &str {
    file.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// Groups `diags` (any order): worst severity first; within a severity, entries keep
/// the order of their first finding. Findings without a file are never folded.
pub(crate) fn group<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for d in diags {
        let container = d.file.as_deref().map(container_of);
        let same = container.and_then(|c| {
            groups.iter_mut().find(|g| {
                g.first().file.is_some()
                    && g.code() == d.code
                    && g.severity() == d.severity
                    && g.container == c
            })
        });
        match same {
            Some(g) => g.items.push(d),
            None => groups.push(Group {
                items: vec![d],
                container: container.unwrap_or("").to_owned(),
            }),
        }
    }
    // Stable: the order of first findings is kept within a severity.
    groups.sort_by_key(|g| g.severity());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::naming::{N001, N005};
    use crate::diag::Text;

    fn diag(code: &'static crate::diag::Code, file: Option<&str>, sev: Severity) -> Diagnostic {
        let mut d = Diagnostic::new(code, file, Text::new("m", "m"), Text::new("f", "f"));
        d.severity = sev;
        d
    }

    #[test]
    fn errors_first_and_repeats_folded_per_container() {
        let ds = vec![
            diag(&N001, Some("a.zip/1.jpg"), Severity::Warning),
            diag(&N001, Some("a.zip/2.jpg"), Severity::Warning),
            diag(&N001, Some("b.zip/1.jpg"), Severity::Warning),
            diag(&N005, Some("x.pdf"), Severity::Error),
            diag(&N001, Some("a.zip/3.jpg"), Severity::Warning),
            diag(&N005, None, Severity::Error),
            diag(&N005, Some("y.pdf"), Severity::Error),
        ];
        let g = group(&ds);
        let shape: Vec<(Severity, &str, usize)> = g
            .iter()
            .map(|g| (g.severity(), g.container.as_str(), g.items.len()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (Severity::Error, "", 2),
                (Severity::Error, "", 1),
                (Severity::Warning, "a.zip", 3),
                (Severity::Warning, "b.zip", 1),
            ]
        );
        assert_eq!(g[0].file_names(), vec!["x.pdf", "y.pdf"]);
        assert_eq!(g[2].file_names(), vec!["1.jpg", "2.jpg", "3.jpg"]);
        assert!(g[1].first().file.is_none());
    }
}
