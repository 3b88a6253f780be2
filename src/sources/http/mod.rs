//! The HTTP and politeness layer every source fetches through: the one
//! client, the headers and body sniffing that steer polling, per-host
//! limits, and what is learned per URL (validators, permanent moves).

mod client;
mod headers;
mod hosts;
mod memory;
mod validators;

pub use client::{
    FetchError, Fetched, HttpClient, HttpSettings, MAX_REDIRECTS, USER_AGENT, body_is_html_page,
};
pub use headers::{parse_max_age, parse_retry_after};
pub use hosts::{HostGate, host_key};
pub use memory::{FeedMemory, MemoryChange, MemorySink, PermanentMoves};
pub use validators::Validators;
