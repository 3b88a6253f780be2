//! The real binary in a pseudo-terminal, and what may reach a terminal:
//! keys, signals, suspend, hostile sources, escape sequences, no shell.

#[path = "../support/mod.rs"]
pub mod support;

mod arrows;
mod hostile_monitor;
mod no_escape;
mod no_openssl;
mod no_shell;
mod pty_e2e;
mod replay_pty;
mod terminal_restore;
