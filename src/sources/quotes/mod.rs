//! Quote sources. Polled providers plug into one seam (`provider.rs`: a
//! URL builder and a pure parser per provider, one shared fetch) and are
//! registered in `PROVIDERS`; the chain tries them per symbol. Live
//! streams share one websocket runner (`stream.rs`).

pub mod budget;
pub mod chain;
pub mod coinbase;
pub mod finnhub;
pub mod finnhub_stream;
pub mod live_marks;
pub mod outlook;
pub mod provider;
pub mod stooq;
pub mod stream;
pub mod yahoo;

use std::time::Duration;

use crate::core::app::Msg;
use provider::Registration;

/// Quote requests in flight at once; Yahoo throttles bursts.
pub const QUOTE_CONCURRENCY: usize = 4;

/// Every polled provider `[quotes] providers` can name.
pub const PROVIDERS: &[Registration] = &[
    yahoo::REGISTRATION,
    finnhub::REGISTRATION,
    stooq::REGISTRATION,
];

/// One provider's answer for one symbol, with what it asked of our pace.
#[derive(Debug)]
pub struct QuotePoll {
    pub msg: Msg,
    /// A throttled answer's `Retry-After`.
    pub retry_after: Option<Duration>,
    /// A good answer's `Cache-Control: max-age`: asking sooner gets the same.
    pub max_age: Option<Duration>,
}
