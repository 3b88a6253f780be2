//! The command line end to end: `snapshot`, `classify`, `check-config`,
//! OPML import and export, the demo, recording and replay.

#[path = "../support/mod.rs"]
pub mod support;

mod classify_cli;
mod demo;
mod hostile_input;
mod opml_cli;
mod record_replay;
mod snapshot_cli;
