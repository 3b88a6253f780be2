//! Screens drawn by the real view on a test backend: every screen as insta
//! snapshots, the replay's screens, a monitor left alone, a `--bus` screen's
//! footer.

#[path = "../support/mod.rs"]
pub mod support;

mod bus_screen;
mod replay_screens;
mod tui_left_alone;
mod tui_snapshots;
