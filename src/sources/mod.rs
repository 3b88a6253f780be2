//! I/O that fetches: one shared HTTP client, feed and quote pollers.
//! Everything untrusted is sanitized here, before the core sees it.
//!
//! - `http`: the client and its politeness (hosts, headers, what is
//!   remembered per URL);
//! - `sanitize`: the gate for untrusted text and links, panic containment;
//! - `feeds`: parse and poll feeds, one task per feed;
//! - `quotes`: quote providers, live streams and the watchlist's task;
//! - `poller`: starts them all.

pub mod feeds;
pub mod http;
mod next_poll;
pub mod poller;
pub mod quotes;
pub mod sanitize;
