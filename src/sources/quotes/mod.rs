//! Quote sources. Polled providers plug into one seam (`provider.rs`: a
//! URL builder and a pure parser per provider, one shared fetch) and are
//! registered in `PROVIDERS`; the chain tries them per symbol, and the
//! watchlist's task (`task.rs`) plans them within their budgets. Live
//! streams share one websocket runner (`stream`). Each provider is its own
//! module: `yahoo`, `finnhub` (+ `finnhub_stream`), `stooq`, `cnbc`, `coinbase`.

mod budget;
mod chain;
mod clocks;
pub mod cnbc;
pub mod coinbase;
pub mod finnhub;
pub mod finnhub_stream;
mod live_marks;
mod outlook;
mod provider;
pub mod stooq;
pub mod stream;
mod task;
pub mod yahoo;

pub use budget::Budget;
pub use chain::QuoteChain;
pub use live_marks::LiveMarks;
pub use outlook::outlook;
pub use provider::{
    Answer, BatchQuotes, Built, Env, Polled, QuotePoll, QuoteProvider, Registration, Rejection,
    Request, Spend, fetch, settings,
};
pub use task::{QuoteWatch, not_before_max_age};

/// Quote requests in flight at once; Yahoo throttles bursts.
pub const QUOTE_CONCURRENCY: usize = 4;

/// Every polled provider `[quotes] providers` can name.
pub const PROVIDERS: &[Registration] = &[
    yahoo::REGISTRATION,
    finnhub::REGISTRATION,
    stooq::REGISTRATION,
    cnbc::REGISTRATION,
];
