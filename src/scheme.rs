//! Loading a scheme: a rule file parsed and validated by [`crate::rules`], with the
//! codes its per-code tables (`[severity]`, `[basis]`) name checked against the code
//! registry ([`crate::checks::find_code`]). Naming a code that does not exist is an
//! error at its line, so that nobody believes a rule was changed when it was not.
//!
//! These entry points sit here, above both the rules and the checks, because the
//! registry sits above the rules (the checks read the rules).

use crate::checks::find_code;
use crate::rules::{RuleErrors, Rules, DEFAULT_RULES, DEFAULT_RULES_NAME};
use std::path::Path;

/// Whether `code` is a diagnostic code of some rule family.
fn is_code(code: &str) -> bool {
    find_code(code).is_some()
}

impl Rules {
    /// The built-in default scheme.
    pub fn builtin() -> Result<Rules, RuleErrors> {
        Rules::parse(DEFAULT_RULES, DEFAULT_RULES_NAME)
    }

    /// Reads and validates a rule file.
    pub fn load(path: &Path) -> Result<Rules, RuleErrors> {
        Rules::load_with(path, &is_code)
    }

    /// Parses and validates rule-file text; `origin` names it in messages. A
    /// `roster_file` is resolved against the current directory.
    pub fn parse(src: &str, origin: &str) -> Result<Rules, RuleErrors> {
        Rules::parse_at(src, origin, None)
    }

    /// Parses and validates rule-file text; a relative `roster_file` is resolved
    /// against `base` (the rule file's folder).
    pub fn parse_at(src: &str, origin: &str, base: Option<&Path>) -> Result<Rules, RuleErrors> {
        Rules::parse_with(src, origin, base, &is_code)
    }
}
