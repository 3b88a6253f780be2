//! The domain. Pure: no tokio, no terminal, no network, no disk.
//! Every decision (what is AI, which ticker, what is stale) lives here.
//!
//! Rooms, each behind its `mod.rs` façade; arrows point up this list only
//! (checked by `tests/arrows.rs`): the kernel leaves (`model`, `hash`, `text`,
//! `timeline`) ← `signal` ← `news` ← `alerts` ← `market` ← `quotes` ← `app`
//! ← `replay`.

pub mod hash;
pub mod model;
pub mod text;
pub mod timeline;

pub mod alerts;
pub mod app;
pub mod market;
pub mod news;
pub mod quotes;
pub mod replay;
pub mod signal;
