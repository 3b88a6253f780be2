//! Market: the US exchange calendar, the session clock and how fresh a
//! quote's own time is.

mod calendar;
mod clock;
mod freshness;

pub use calendar::{TradingDay, trading_day, years_known};
pub use clock::{
    Session, is_crypto_pair, new_york, new_york_date, quote_interval, quote_interval_while,
    trades_around_the_clock, us_equity_state, us_session,
};
#[cfg(test)]
pub(crate) use freshness::test_quote;
pub use freshness::{CLOSED_SPELL_SECS, Freshness, data_time, freshness};
