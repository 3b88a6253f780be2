//! The signal: moves since a headline, alerts, judging in context, and the
//! labelled real headlines measured against their targets.

#[path = "../support/mod.rs"]
pub mod support;

mod context_judging;
mod eval_labeled;
mod signal;
