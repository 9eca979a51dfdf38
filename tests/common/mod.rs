//! Shared test support.
pub mod gen;
