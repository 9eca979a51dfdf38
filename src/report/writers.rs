//! One interface for every report file: [`Report`]. Each writer says what it is made
//! from (one unit's report data, the run's summary, or the whole run), the file name it
//! is written under, and renders its bytes in a language; `report::write` places them.
//! A new report file is a new implementation, listed in `report::write`.

use super::{Summary, UnitReport};
use crate::diag::Lang;
use crate::rules::Rules;

/// A report file writer.
pub trait Report {
    /// What the report is made from.
    type Input<'a>;
    /// The file name the report is written under.
    const FILE: &'static str;
    /// The report's bytes in `lang`, or why it could not be made.
    fn render(&self, input: Self::Input<'_>, lang: Lang) -> Result<Vec<u8>, String>;
}

/// The whole run, for reports across units.
#[derive(Clone, Copy)]
pub struct RunView<'a> {
    pub summary: &'a Summary,
    pub units: &'a [UnitReport],
    pub rules: &'a Rules,
}

/// A unit's `report.json` ([`super::json::unit`]).
pub struct UnitJson;
/// A unit's `report.html` ([`super::html::unit`]).
pub struct UnitHtml;
/// `summary.json` ([`super::summary::json`]).
pub struct SummaryJson;
/// `summary.csv` ([`super::summary::csv`]).
pub struct SummaryCsv;
/// `summary.xlsx` ([`super::summary::try_xlsx`]).
pub struct SummaryXlsx;
/// The run's overview page ([`super::overview::page`]).
pub struct Overview;

impl Report for UnitJson {
    type Input<'a> = &'a UnitReport;
    const FILE: &'static str = "report.json";
    fn render(&self, u: &UnitReport, lang: Lang) -> Result<Vec<u8>, String> {
        Ok(super::json::unit(u, lang).into_bytes())
    }
}

impl Report for UnitHtml {
    type Input<'a> = &'a UnitReport;
    const FILE: &'static str = "report.html";
    fn render(&self, u: &UnitReport, lang: Lang) -> Result<Vec<u8>, String> {
        Ok(super::html::unit(u, lang).into_bytes())
    }
}

impl Report for SummaryJson {
    type Input<'a> = &'a Summary;
    const FILE: &'static str = "summary.json";
    fn render(&self, s: &Summary, lang: Lang) -> Result<Vec<u8>, String> {
        Ok(super::summary::json(s, lang).into_bytes())
    }
}

impl Report for SummaryCsv {
    type Input<'a> = &'a Summary;
    const FILE: &'static str = "summary.csv";
    fn render(&self, s: &Summary, lang: Lang) -> Result<Vec<u8>, String> {
        Ok(super::summary::csv(s, lang).into_bytes())
    }
}

impl Report for SummaryXlsx {
    type Input<'a> = &'a Summary;
    const FILE: &'static str = "summary.xlsx";
    fn render(&self, s: &Summary, lang: Lang) -> Result<Vec<u8>, String> {
        super::summary::try_xlsx(s, lang)
    }
}

impl Report for Overview {
    type Input<'a> = RunView<'a>;
    const FILE: &'static str = crate::output::INDEX_FILE;
    fn render(&self, run: RunView<'_>, lang: Lang) -> Result<Vec<u8>, String> {
        Ok(super::overview::page(run.summary, run.units, run.rules, lang).into_bytes())
    }
}
