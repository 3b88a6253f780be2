//! The US equity session clock: New York time (chrono-tz, so daylight
//! saving follows the tz database) and the exchange calendar (holidays,
//! 13:00 early closes). Used where a provider says nothing about the
//! session, to pace polling, on the board and by the replay clock.

use chrono::{DateTime, NaiveDate, Timelike};
use chrono_tz::America::New_York;
use chrono_tz::Tz;

use super::calendar::{TradingDay, trading_day};
use crate::core::model::{MarketState, Timestamp};

/// New York wall-clock time at a UTC instant.
pub fn new_york(now: Timestamp) -> DateTime<Tz> {
    now.with_timezone(&New_York)
}

/// The New York calendar date at `now`: the trading day a trade belongs to.
pub fn new_york_date(now: Timestamp) -> NaiveDate {
    new_york(now).date_naive()
}

/// The US equity session at `now`, with the kind of day it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub state: MarketState,
    pub day: TradingDay,
}

/// Minutes after New York midnight: pre-market opens, the bell, the close
/// (13:00 on early-close days) and the end of post-market (17:00 then).
const PRE_OPEN: u32 = 4 * 60;
const OPEN: u32 = 9 * 60 + 30;

pub fn us_session(now: Timestamp) -> Session {
    let ny = new_york(now);
    let day = trading_day(ny.date_naive());
    let (close, post_end) = match day {
        TradingDay::Full => (16 * 60, 20 * 60),
        TradingDay::EarlyClose(_) => (13 * 60, 17 * 60),
        TradingDay::Holiday(_) | TradingDay::Weekend => {
            return Session {
                state: MarketState::Closed,
                day,
            };
        }
    };
    let minute = ny.hour() * 60 + ny.minute();
    let state = match minute {
        m if m < PRE_OPEN => MarketState::Closed,
        m if m < OPEN => MarketState::Pre,
        m if m < close => MarketState::Regular,
        m if m < post_end => MarketState::Post,
        _ => MarketState::Closed,
    };
    Session { state, day }
}

/// The session of the US equity market at `now`.
pub fn us_equity_state(now: Timestamp) -> MarketState {
    us_session(now).state
}

/// When the US market is closed, quotes barely move: poll this many times
/// less often (but at least every `CLOSED_MIN`).
const CLOSED_FACTOR: u32 = 20;
const CLOSED_MIN: std::time::Duration = std::time::Duration::from_secs(300);

/// A crypto pair in Yahoo's spelling: `BASE-QUOTE` with a currency the
/// exchanges quote in (so `BRK-B` is not one).
pub fn is_crypto_pair(symbol: &str) -> bool {
    let Some((base, quote)) = symbol.split_once('-') else {
        return false;
    };
    (2..=10).contains(&base.len())
        && base.bytes().all(|b| b.is_ascii_alphanumeric())
        && matches!(quote, "USD" | "USDT" | "USDC" | "EUR" | "GBP")
}

/// Crypto pairs (`BTC-USD`) and currencies (`EURUSD=X`) trade around the clock.
pub fn trades_around_the_clock(symbol: &str) -> bool {
    is_crypto_pair(symbol) || symbol.ends_with("=X")
}

/// The pause before `symbol`'s next quote poll: the configured interval
/// while a US session is open or for a 24/7 symbol, rarely otherwise.
pub fn quote_interval(
    base: std::time::Duration,
    now: Timestamp,
    symbol: &str,
) -> std::time::Duration {
    quote_interval_while(us_equity_state(now) != MarketState::Closed, base, symbol)
}

/// `quote_interval` while the US market is `open` or not.
pub fn quote_interval_while(
    open: bool,
    base: std::time::Duration,
    symbol: &str,
) -> std::time::Duration {
    if open || trades_around_the_clock(symbol) {
        base
    } else {
        (base * CLOSED_FACTOR).max(CLOSED_MIN)
    }
}

#[cfg(test)]
mod cadence_tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::time::Duration;

    #[test]
    fn polls_stocks_rarely_while_the_market_is_closed_but_not_crypto() {
        let base = Duration::from_secs(15);
        let open = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
        let sunday = Utc.with_ymd_and_hms(2025, 1, 26, 15, 0, 0).unwrap();
        assert_eq!(quote_interval(base, open, "NVDA"), base);
        assert_eq!(
            quote_interval(base, sunday, "NVDA"),
            Duration::from_secs(300)
        );
        let holiday = Utc.with_ymd_and_hms(2025, 1, 20, 15, 0, 0).unwrap();
        assert_eq!(
            quote_interval(base, holiday, "NVDA"),
            Duration::from_secs(300),
            "Martin Luther King, Jr. Day: no session"
        );
        assert_eq!(quote_interval(base, sunday, "BTC-USD"), base);
        assert_eq!(quote_interval(base, sunday, "ETH-EUR"), base);
        assert_eq!(quote_interval(base, sunday, "EURUSD=X"), base);
        assert_eq!(
            quote_interval(base, sunday, "BRK-B"),
            Duration::from_secs(300)
        );
    }
}

#[cfg(test)]
mod tests;
