//! I/O that fetches: one shared HTTP client, feed and quote pollers.
//! Everything untrusted is sanitized here, before the core sees it.

pub mod atom_text;
pub mod charset;
pub mod contain;
pub mod dates;
pub mod entry;
pub mod feeds;
pub mod headers;
pub mod hosts;
pub mod html_text;
pub mod http;
pub mod memory;
mod next_poll;
pub mod normalize;
pub mod poller;
mod quote_slot;
pub mod quote_task;
pub mod quotes;
pub mod repair;
pub mod sanitize;
pub mod schedule;
pub mod validators;
