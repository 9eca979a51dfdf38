//! How completely a file, or one aspect of it (dates, seal), was read.
//!
//! Readers say what happened as a [`ReadOutcome`], never as free text: the
//! `unreadable` checks (`checks::unreadable`) turn the outcomes into findings in one
//! place, and the other checks use them only to stay silent about what was not read
//! (no 「未找到」 unless the read was [`ReadOutcome::Complete`]).

#![warn(missing_docs)]

use crate::diag::{Lang, Text};
use serde::{Deserialize, Serialize};

/// The outcome of reading a file or one aspect of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReadOutcome {
    /// Everything that was looked for was read.
    #[default]
    Complete,
    /// Only part was read: `read` says which part (「前 50 页」), `why` why the rest
    /// was not (a limit of the rules or of the reader).
    Partial {
        /// Which part was read.
        read: Text,
        /// Why the rest was not.
        why: Text,
    },
    /// The file's structure is broken: it cannot be opened.
    Damaged {
        /// What is broken, as the reader said.
        why: String,
    },
    /// A password is needed to open the file.
    Encrypted,
    /// This content cannot be read by evcheck (`what`: 「JPEG 2000 图像」).
    Unsupported {
        /// What kind of content it is.
        what: Text,
    },
    /// Reading ran past the time limit (seconds).
    TimedOut {
        /// The time limit, in seconds.
        secs: u64,
    },
    /// The reader crashed on the file.
    Crashed {
        /// The reader's panic message.
        why: String,
    },
    /// The system refused to read the file (permissions, not a regular file).
    Refused {
        /// What the system said.
        why: String,
    },
    /// The file changed while it was read.
    Changed,
}

impl ReadOutcome {
    /// Shorthand for [`ReadOutcome::Partial`].
    pub fn partial(read: Text, why: Text) -> ReadOutcome {
        ReadOutcome::Partial { read, why }
    }

    /// Shorthand for [`ReadOutcome::Unsupported`].
    pub fn unsupported(zh: impl Into<String>, en: impl Into<String>) -> ReadOutcome {
        ReadOutcome::Unsupported {
            what: Text::new(zh, en),
        }
    }

    /// Shorthand for [`ReadOutcome::Damaged`].
    pub fn damaged(why: impl Into<String>) -> ReadOutcome {
        ReadOutcome::Damaged { why: why.into() }
    }

    /// Whether everything looked for was read: only then may a reader's silence
    /// mean "not there".
    pub fn is_complete(&self) -> bool {
        matches!(self, ReadOutcome::Complete)
    }

    /// Whether some content was read (complete, partial, or all but an unsupported
    /// part), so that what was found may be judged.
    pub fn has_content(&self) -> bool {
        matches!(
            self,
            ReadOutcome::Complete | ReadOutcome::Partial { .. } | ReadOutcome::Unsupported { .. }
        )
    }

    /// Whether the outcome is a failure to read at all (damaged, encrypted, timed
    /// out, crashed, refused, changed).
    pub fn is_failure(&self) -> bool {
        !self.has_content()
    }

    /// How bad the outcome is, for keeping the worst of several: complete < partial
    /// < unsupported < failures.
    pub fn rank(&self) -> u8 {
        match self {
            ReadOutcome::Complete => 0,
            ReadOutcome::Partial { .. } => 1,
            ReadOutcome::Unsupported { .. } => 2,
            ReadOutcome::Changed => 3,
            ReadOutcome::TimedOut { .. } => 4,
            ReadOutcome::Crashed { .. } => 5,
            ReadOutcome::Refused { .. } => 6,
            ReadOutcome::Damaged { .. } => 7,
            ReadOutcome::Encrypted => 8,
        }
    }

    /// The worse of two outcomes (the first on a tie).
    pub fn worst(self, other: ReadOutcome) -> ReadOutcome {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// A short phrase for reports: 「只读取了前 50 页（…）」, 「文件已损坏」, ….
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadOutcome::Complete, Lang::Zh) => "已完整读取".into(),
            (ReadOutcome::Complete, Lang::En) => "read completely".into(),
            (ReadOutcome::Partial { read, why }, Lang::Zh) => {
                format!("只读取了{}（{}）", read.zh, why.zh)
            }
            (ReadOutcome::Partial { read, why }, Lang::En) => {
                format!("only {} was read ({})", read.en, why.en)
            }
            (ReadOutcome::Damaged { why }, Lang::Zh) => format!("文件已损坏，无法打开（{why}）"),
            (ReadOutcome::Damaged { why }, Lang::En) => {
                format!("the file is damaged and cannot be opened ({why})")
            }
            (ReadOutcome::Encrypted, Lang::Zh) => "文件设有打开密码".into(),
            (ReadOutcome::Encrypted, Lang::En) => "the file needs a password to open".into(),
            (ReadOutcome::Unsupported { what }, Lang::Zh) => {
                let gap = if what.zh.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    " "
                } else {
                    ""
                };
                format!("无法检查{gap}{}", what.zh)
            }
            (ReadOutcome::Unsupported { what }, Lang::En) => {
                format!("{} cannot be checked", what.en)
            }
            (ReadOutcome::TimedOut { secs }, Lang::Zh) => format!("读取超过 {secs} 秒仍未完成"),
            (ReadOutcome::TimedOut { secs }, Lang::En) => {
                format!("reading took more than {secs} s")
            }
            (ReadOutcome::Crashed { why }, Lang::Zh) => format!("读取时出错（{why}）"),
            (ReadOutcome::Crashed { why }, Lang::En) => format!("the reader failed ({why})"),
            (ReadOutcome::Refused { why }, Lang::Zh) => format!("无法读取文件（{why}）"),
            (ReadOutcome::Refused { why }, Lang::En) => format!("cannot read the file ({why})"),
            (ReadOutcome::Changed, Lang::Zh) => "文件在检查过程中被修改".into(),
            (ReadOutcome::Changed, Lang::En) => "the file changed while it was checked".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_keeps_the_failure() {
        let p = ReadOutcome::partial(Text::new("前 50 页", "the first 50 pages"), Text::default());
        assert_eq!(
            p.clone().worst(ReadOutcome::Encrypted),
            ReadOutcome::Encrypted
        );
        assert_eq!(ReadOutcome::Complete.worst(p.clone()), p);
        assert!(ReadOutcome::damaged("x").is_failure());
        assert!(!p.is_complete() && p.has_content());
    }

    #[test]
    fn travels_as_tagged_json() {
        let o = ReadOutcome::TimedOut { secs: 30 };
        let s = serde_json::to_string(&o).unwrap();
        assert_eq!(s, r#"{"state":"timed_out","secs":30}"#);
        assert_eq!(serde_json::from_str::<ReadOutcome>(&s).unwrap(), o);
        assert_eq!(
            serde_json::to_string(&ReadOutcome::Complete).unwrap(),
            r#"{"state":"complete"}"#
        );
    }

    #[test]
    fn partial_says_what_was_read() {
        let p = ReadOutcome::partial(
            Text::new("前 50 页", "the first 50 pages"),
            Text::new("共 5000 页", "of 5000"),
        );
        assert_eq!(p.describe(Lang::Zh), "只读取了前 50 页（共 5000 页）");
    }
}
