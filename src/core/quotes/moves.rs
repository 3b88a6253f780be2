//! What the market did after a headline: the move of each linked ticker
//! from the price at the headline's time to the latest price.

use crate::core::model::{Quote, Timestamp};

/// How far before the first intraday bar a headline may be and still be
/// measured from the previous close (covers yesterday's after-hours news).
const OVERNIGHT_SECS: i64 = 18 * 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub symbol: String,
    pub since_pct: f64,
}

/// Percent change of `quote` since `at`, or `None` when the series does
/// not reach back that far.
pub fn move_since(quote: &Quote, at: Timestamp) -> Option<f64> {
    let t = at.timestamp();
    let first = quote.series.first_time()?;
    let base = match quote.series.price_at(t) {
        Some(p) => p,
        None if t < first && first - t <= OVERNIGHT_SECS => quote.prev_close?,
        // Inside the first bar: its open is unknown; the previous close is the nearest fact.
        None if t >= first => quote.prev_close?,
        None => return None,
    };
    let (latest_t, latest) = quote.latest();
    // No price since the headline yet: the move is unknown, not zero.
    if t > latest_t {
        return None;
    }
    (base > 0.0).then(|| (latest - base) / base * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{MarketState, Series};
    use chrono::{TimeZone, Utc};

    const T0: i64 = 1_737_988_200; // 27 Jan 2025 14:30 UTC, the open

    fn quote() -> Quote {
        let mut q = crate::core::model::nvda_after_close(
            Utc.timestamp_opt(T0 + 600, 0).unwrap(),
            vec![(T0, 130.0), (T0 + 60, 128.0), (T0 + 120, 125.0)],
        );
        q.market_state = MarketState::Regular;
        q.extended = None;
        q
    }

    fn at(t: i64) -> Timestamp {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    #[test]
    fn measured_from_the_bar_that_had_closed() {
        // At T0+90 only the first bar (closing 130) had ended.
        let m = move_since(&quote(), at(T0 + 90)).unwrap();
        assert!((m - (118.42 - 130.0) / 130.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn overnight_news_is_measured_from_the_previous_close() {
        let m = move_since(&quote(), at(T0 - 3 * 3600)).unwrap();
        assert!((m - (118.42 - 142.62) / 142.62 * 100.0).abs() < 1e-9);
        assert_eq!(move_since(&quote(), at(T0 - 3 * 86_400)), None);
    }

    #[test]
    fn news_newer_than_the_last_price_has_no_move_yet() {
        assert_eq!(move_since(&quote(), at(T0 + 601)), None);
    }

    #[test]
    fn a_day_known_by_its_opening_and_closing_prints_is_measured_from_the_last_print() {
        // Daily bars only: the open at 14:30 and the close at 21:00, as prints.
        let close_t = T0 + 6 * 3600 + 1800;
        let mut q = quote();
        q.as_of = at(close_t);
        q.price = 118.39;
        q.series = Series::from_points(vec![(T0, 124.77), (close_t, 118.39)]).with_bar_secs(1);
        let midday = move_since(&q, at(T0 + 3 * 3600)).unwrap();
        assert!(
            (midday - (118.39 / 124.77 - 1.0) * 100.0).abs() < 1e-9,
            "from the open"
        );
        let before_open = move_since(&q, at(T0 - 7200)).unwrap();
        assert!((before_open - (118.39 / 142.62 - 1.0) * 100.0).abs() < 1e-9);
        assert_eq!(
            move_since(&q, at(close_t + 600)),
            None,
            "after the last print"
        );
    }

    #[test]
    fn no_series_no_move() {
        let mut q = quote();
        q.series = Series::default();
        assert_eq!(move_since(&q, at(T0)), None);
    }
}
