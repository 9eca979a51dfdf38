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
//!     → walk      (folders, ZIPs in ZIPs, GBK names → entries with virtual paths, and
//!                  typed facts about what it saw; no findings)
//!     → identify  (format by content)  + naming (unit / question / key point)
//!     → extract   (per-file facts: dates, seal evidence, read outcomes; only what an
//!                  enabled rule needs, through the cache and worker processes)
//!     → checks    (per file, then per unit: the only producers of findings)
//!     → report    (per unit JSON + HTML, summary JSON/CSV/XLSX; `report::write`)
//! ```
//!
//! `runner` checks one unit, `pipeline` runs every unit and hands the results to the
//! report writer. Modules import only downward: see `docs/architecture.md`, and
//! `tests/architecture.rs`, which fails on any import circle.
//!
//! Modules are `pub(crate)` unless the binary, the integration tests or the examples
//! use them (`cli`, `platform`, the data types and readers they test, and `naming`, the
//! name parser the fuzz targets call). Every public item is documented, and
//! `#![warn(missing_docs)]` on the whole crate keeps it so (CI runs clippy with
//! `-D warnings`); an item used only inside the crate is `pub(crate)` instead.

#![warn(missing_docs)]

pub(crate) mod atomic;
pub(crate) mod cache;
pub(crate) mod calendar;
pub mod checks;
pub mod cli;
mod console;
pub mod dates;
pub mod diag;
mod dropped;
pub(crate) mod extract;
pub mod facts;
pub(crate) mod fix;
#[cfg(feature = "fuzzing")]
pub mod fuzz_api;
pub mod identify;
pub(crate) mod isolate;
pub mod naming;
pub(crate) mod numerals;
pub mod opens;
pub mod outcome;
pub(crate) mod output;
pub(crate) mod panics;
pub(crate) mod pipeline;
pub mod platform;
pub(crate) mod ratings;
pub mod report;
pub mod rules;
pub(crate) mod runner;
pub(crate) mod scheme;
pub mod seal;
mod usage;
pub mod walk;
