//! The feed edge: the engine against real HTTP servers on loopback, real and
//! hostile captures, fidelity fixtures, kept fuzz inputs and the sanitizer's
//! properties.

#[path = "../support/mod.rs"]
pub mod support;

mod feed_corpus;
mod feed_engine;
mod feed_fidelity;
mod fuzz_regressions;
mod sanitize_props;
