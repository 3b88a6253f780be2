//! I/O that fetches: one shared HTTP client, feed and quote pollers.
//! Everything untrusted is sanitized here, before the core sees it.

pub mod dates;
pub mod feeds;
pub mod headers;
pub mod hosts;
pub mod http;
pub mod memory;
pub mod poller;
pub mod quotes;
pub mod repair;
pub mod sanitize;
pub mod schedule;
pub mod validators;
