//! evcheck — 佐证材料合规批量检查.
//!
//! Checks the evidence files (佐证材料) that units submit for an annual
//! service-performance assessment against the scheme's formal rules, and writes each
//! unit a report of what breaks which rule and how to fix it.
//!
//! Data flows one way:
//!
//! ```text
//! cli → rules (validated scheme)
//!     → walk      (folders, ZIPs in ZIPs, GBK names → entries with virtual paths)
//!     → identify  (format by content)  + naming (unit / question / key point)
//!     → facts     (dates, seal evidence: only what an enabled rule needs)
//!     → checks    (per file, then per unit) → diagnostics
//!     → report    (per unit JSON + HTML, summary JSON/CSV/XLSX)
//! ```

pub mod cache;
pub mod checks;
pub mod cli;
mod console;
pub mod dates;
pub mod diag;
mod dropped;
pub mod facts;
pub mod fix;
#[cfg(feature = "fuzzing")]
pub mod fuzz_api;
pub mod identify;
pub mod isolate;
pub mod naming;
pub mod opens;
pub mod outcome;
pub mod output;
pub mod pipeline;
pub mod platform;
pub mod ratings;
pub mod report;
pub mod rules;
pub mod seal;
mod usage;
pub mod walk;
