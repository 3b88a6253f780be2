//! Quote providers: one file each, a pure `parse_*` plus a fetch; the
//! live streams share one websocket runner (`stream.rs`).

pub mod chain;
pub mod coinbase;
pub mod finnhub;
pub mod finnhub_stream;
pub mod live_marks;
pub mod stream;
pub mod yahoo;

use std::time::Duration;

use crate::core::msg::Msg;

/// One provider's answer for one symbol, with what it asked of our pace.
#[derive(Debug)]
pub struct QuotePoll {
    pub msg: Msg,
    /// A throttled answer's `Retry-After`.
    pub retry_after: Option<Duration>,
    /// A good answer's `Cache-Control: max-age`: asking sooner gets the same.
    pub max_age: Option<Duration>,
}
