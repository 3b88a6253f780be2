//! The DeepSeek week (13 January - 7 February 2025) as an embedded
//! recording: real prices and the week's news, headlines in our own
//! words with their sources' names and links. Built from the shared
//! corpus by `scripts/make_demo.py`; runs with no network and no corpus.

use crate::event::Recording;

/// The generated recording, as checked in.
pub const DEMO_GZ: &[u8] = include_bytes!("../../assets/demo.jsonl.gz");

pub fn recording() -> Recording {
    Recording::from_bytes(DEMO_GZ)
}
