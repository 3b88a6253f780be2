//! The terminal shell: one loop, the keymap and the view.

pub mod hangup;
pub mod keymap;
pub mod links;
pub mod notify;
pub mod runtime;
pub mod supply;
pub mod ui;
