//! The store across runs and processes, and the judgements it keeps.

#[path = "../support/mod.rs"]
pub mod support;

mod store;
mod stored_judgement;
mod stored_lag;
mod window;
