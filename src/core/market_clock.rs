//! The US equity session clock (New York time, weekdays; exchange
//! holidays are not modelled). Used where a provider says nothing about
//! the session, and to pace polling.

use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};

use super::model::{MarketState, Timestamp};

/// Is US daylight saving time in effect at this UTC instant? From the
/// second Sunday of March, 07:00 UTC (2:00 EST), to the first Sunday of
/// November, 06:00 UTC (2:00 EDT).
fn us_dst(now: Timestamp) -> bool {
    let year = now.year();
    let nth_sunday = |month: u32, n: u32| {
        let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid date");
        let offset = (7 - first.weekday().num_days_from_sunday()) % 7;
        first + Duration::days(i64::from(offset + 7 * (n - 1)))
    };
    let start = nth_sunday(3, 2)
        .and_hms_opt(7, 0, 0)
        .expect("valid time")
        .and_utc();
    let end = nth_sunday(11, 1)
        .and_hms_opt(6, 0, 0)
        .expect("valid time")
        .and_utc();
    now >= start && now < end
}

/// New York wall-clock time at a UTC instant (as a naive UTC-typed value).
fn new_york(now: Timestamp) -> Timestamp {
    let offset = if us_dst(now) { 4 } else { 5 };
    now - Duration::hours(offset)
}

/// The New York calendar date at `now`: the trading day a trade belongs to.
pub fn new_york_date(now: Timestamp) -> NaiveDate {
    new_york(now).date_naive()
}

/// The session of the US equity market at `now`.
pub fn us_equity_state(now: Timestamp) -> MarketState {
    let ny = new_york(now);
    if matches!(ny.weekday(), Weekday::Sat | Weekday::Sun) {
        return MarketState::Closed;
    }
    let minute = ny.hour() * 60 + ny.minute();
    match minute {
        240..=569 => MarketState::Pre,     // 04:00–09:29
        570..=959 => MarketState::Regular, // 09:30–15:59
        960..=1199 => MarketState::Post,   // 16:00–19:59
        _ => MarketState::Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn sessions_in_winter_time() {
        // Monday 27 Jan 2025 (EST, UTC-5).
        assert_eq!(
            us_equity_state(utc(2025, 1, 27, 8, 59)),
            MarketState::Closed
        );
        assert_eq!(us_equity_state(utc(2025, 1, 27, 9, 0)), MarketState::Pre);
        assert_eq!(
            us_equity_state(utc(2025, 1, 27, 14, 30)),
            MarketState::Regular
        );
        assert_eq!(
            us_equity_state(utc(2025, 1, 27, 20, 59)),
            MarketState::Regular
        );
        assert_eq!(us_equity_state(utc(2025, 1, 27, 21, 0)), MarketState::Post);
        assert_eq!(us_equity_state(utc(2025, 1, 28, 1, 0)), MarketState::Closed);
    }

    #[test]
    fn sessions_in_summer_time_and_weekends() {
        // Monday 16 Jun 2025 (EDT, UTC-4): the open is 13:30 UTC.
        assert_eq!(us_equity_state(utc(2025, 6, 16, 13, 29)), MarketState::Pre);
        assert_eq!(
            us_equity_state(utc(2025, 6, 16, 13, 30)),
            MarketState::Regular
        );
        assert_eq!(
            us_equity_state(utc(2025, 6, 14, 15, 0)),
            MarketState::Closed
        );
    }

    #[test]
    fn daylight_saving_switches_on_the_right_sundays() {
        // 2025: 9 March and 2 November.
        assert!(!us_dst(utc(2025, 3, 9, 6, 59)));
        assert!(us_dst(utc(2025, 3, 9, 7, 0)));
        assert!(us_dst(utc(2025, 11, 2, 5, 59)));
        assert!(!us_dst(utc(2025, 11, 2, 6, 0)));
    }
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
        assert_eq!(quote_interval(base, sunday, "BTC-USD"), base);
        assert_eq!(quote_interval(base, sunday, "ETH-EUR"), base);
        assert_eq!(quote_interval(base, sunday, "EURUSD=X"), base);
        assert_eq!(
            quote_interval(base, sunday, "BRK-B"),
            Duration::from_secs(300)
        );
    }
}
