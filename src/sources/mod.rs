//! I/O that fetches: one shared HTTP client, feed and quote pollers.
//! Everything untrusted is sanitized here, before the core sees it.

pub mod feeds;
pub mod http;
pub mod poller;
pub mod quotes;
pub mod sanitize;
