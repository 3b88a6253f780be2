//! How old a quote's data is, and whether that makes it stale: judged by
//! the data's own time (the provider's market time, the last bar, the
//! last streamed trade), never by when it was polled — a fresh poll can
//! bring years-old data.

use super::clock::is_crypto_pair;
use crate::core::model::{MarketState, Quote, Timestamp};

/// The longest a market stays shut (a weekend and a holiday, or a
/// shortened day before one): older data cannot be its last session's.
pub const CLOSED_SPELL_SECS: i64 = 4 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// Seconds since the data's own time (never negative).
    pub age_secs: i64,
    pub stale: bool,
}

/// The newest time the quote's data carries: its market time or the last
/// bar (pre/post trading), whichever is later. Streamed trades move both.
pub fn data_time(quote: &Quote) -> Timestamp {
    let (t, _) = quote.latest();
    Timestamp::from_timestamp(t, 0).unwrap_or(quote.as_of)
}

/// While its market trades (the provider said the regular session is on,
/// or a crypto pair), data older than `trading_limit_secs` is stale; while
/// it is shut (pre, post, closed: the price is the last session's), only
/// data older than any closure explains.
pub fn freshness(quote: &Quote, now: Timestamp, trading_limit_secs: i64) -> Freshness {
    let age_secs = (now - data_time(quote)).num_seconds().max(0);
    let trading = quote.market_state == MarketState::Regular || is_crypto_pair(&quote.symbol);
    let limit = if trading {
        trading_limit_secs
    } else {
        CLOSED_SPELL_SECS
    };
    Freshness {
        age_secs,
        stale: age_secs > limit,
    }
}

#[cfg(test)]
pub(crate) fn test_quote(symbol: &str, state: MarketState, as_of: Timestamp) -> Quote {
    Quote {
        market_state: state,
        ..Quote::regular(symbol, 100.0, Some(99.0), as_of, vec![])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Series;
    use chrono::{Duration, TimeZone, Utc};

    fn quote(symbol: &str, state: MarketState, as_of: Timestamp) -> Quote {
        test_quote(symbol, state, as_of)
    }

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap()
    }

    #[test]
    fn a_trading_quote_is_stale_past_the_limit_whenever_it_was_polled() {
        let fresh = quote("NVDA", MarketState::Regular, now() - Duration::seconds(60));
        assert_eq!(
            freshness(&fresh, now(), 60),
            Freshness {
                age_secs: 60,
                stale: false
            }
        );
        let old = quote("NVDA", MarketState::Regular, now() - Duration::seconds(61));
        assert!(freshness(&old, now(), 60).stale);
    }

    #[test]
    fn a_closed_market_keeps_its_last_session_fresh_but_not_years_old_data() {
        let friday_close = Utc.with_ymd_and_hms(2025, 1, 24, 21, 0, 0).unwrap();
        let sunday = Utc.with_ymd_and_hms(2025, 1, 26, 15, 0, 0).unwrap();
        let weekend = quote("NVDA", MarketState::Closed, friday_close);
        assert!(!freshness(&weekend, sunday, 60).stale);
        let nov_2021 = Utc.with_ymd_and_hms(2021, 11, 22, 21, 0, 3).unwrap();
        let ancient = quote("TSLA", MarketState::Closed, nov_2021);
        let f = freshness(&ancient, sunday, 60);
        assert!(f.stale);
        assert!(f.age_secs > 3 * 365 * 86_400);
    }

    #[test]
    fn crypto_always_trades_and_a_newer_bar_is_the_data_time() {
        let mut btc = quote(
            "BTC-USD",
            MarketState::Closed,
            now() - Duration::minutes(10),
        );
        assert!(freshness(&btc, now(), 60).stale);
        btc.series = Series::from_points(vec![(now().timestamp() - 30, 101.0)]);
        assert_eq!(freshness(&btc, now(), 60).age_secs, 30);
        let future = quote("NVDA", MarketState::Regular, now() + Duration::seconds(5));
        assert_eq!(freshness(&future, now(), 60).age_secs, 0);
    }
}
