//! The draft 通报 (circular) of a run.
