//! Shared test support.
pub mod gen;
pub mod run;
