//! A quote body can be well-formed and still lie. Every polled quote
//! passes here before it reaches the board: values that cannot be true
//! are refused with a reason (shown in the source's health), and a
//! reference that does not belong to the price is dropped, so the change
//! is unknown rather than confidently wrong.

use crate::core::market::trades_around_the_clock;
use crate::core::model::{Quote, Series, Timestamp};

/// Clock skew we forgive a provider; beyond it a time is garbage.
const MAX_AHEAD_SECS: i64 = 300;
/// A price this many times its previous close (or a 1/N of it) is a unit
/// or symbol mix-up (pence for pounds), not a move.
const MAX_RATIO: f64 = 20.0;
/// Above this no listed thing trades; it is an overflow or a unit error.
const MAX_PRICE: f64 = 1e9;
/// A 24/7 symbol's reference is the price 24 hours before its own,
/// read from a bar at most this far from that instant.
const DAY: i64 = 86_400;
const WINDOW_SLACK_SECS: i64 = 1_800;

/// Check `quote` at `now`: `Err` says why it cannot be shown at all;
/// `Ok` may have lost a reference or bars that did not belong.
pub fn vet(mut quote: Quote, now: Timestamp) -> Result<Quote, String> {
    let price = quote.price;
    if !price.is_finite() || price <= 0.0 {
        return Err(format!("refused: price {price} is not a price"));
    }
    if price > MAX_PRICE {
        return Err(format!("refused: price {price:.0} is absurd"));
    }
    let ahead = (quote.as_of - now).num_seconds();
    if ahead > MAX_AHEAD_SECS {
        return Err(format!(
            "refused: price dated {} in the future",
            span(ahead)
        ));
    }
    let limit = now.timestamp() + MAX_AHEAD_SECS;
    quote.series = keep_until(&quote.series, limit);
    if let Some(pc) = quote.prev_close
        && !(1.0 / MAX_RATIO..=MAX_RATIO).contains(&(price / pc))
    {
        return Err(format!(
            "refused: price {price} against a previous close of {pc} (a unit mix-up?)"
        ));
    }
    if trades_around_the_clock(&quote.symbol) {
        let t = quote.as_of.timestamp();
        quote.prev_close = price_near(&quote.series, t - DAY);
        quote.series = keep_from(&quote.series, t - DAY);
    }
    Ok(quote)
}

/// The close of the bar nearest `t`, if one is near enough.
pub fn price_near(series: &Series, t: i64) -> Option<f64> {
    series
        .points
        .iter()
        .filter(|(s, _)| (s - t).abs() <= WINDOW_SLACK_SECS)
        .min_by_key(|(s, _)| (s - t).abs())
        .map(|(_, p)| *p)
        .filter(|p| p.is_finite() && *p > 0.0)
}

fn keep_until(series: &Series, limit: i64) -> Series {
    filtered(series, |t| t <= limit)
}

fn keep_from(series: &Series, start: i64) -> Series {
    filtered(series, |t| t >= start)
}

fn filtered(series: &Series, keep: impl Fn(i64) -> bool) -> Series {
    let mut out = series.clone();
    out.points.retain(|(t, _)| keep(*t));
    out
}

fn span(secs: i64) -> String {
    match secs {
        s if s >= 2 * DAY => format!("{}d", s / DAY),
        s if s >= 7_200 => format!("{}h", s / 3_600),
        s => format!("{}m", s / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::ProviderName;
    use crate::core::model::{MarketState, Quote};
    use chrono::{Duration, TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, 28, 15, 0, 0).unwrap()
    }

    fn quote(symbol: &str, price: f64, prev: Option<f64>, as_of: Timestamp) -> Quote {
        Quote {
            symbol: symbol.into(),
            price,
            prev_close: prev,
            currency: "USD".into(),
            exchange: String::new(),
            market_state: MarketState::Regular,
            as_of,
            provider: ProviderName::OTHER,
            series: Series::default(),
            extended: None,
        }
    }

    #[test]
    fn zero_negative_and_absurd_prices_are_refused_with_a_reason() {
        for p in [0.0, -3.5, f64::NAN, 5e12] {
            let err = vet(quote("NVDA", p, Some(100.0), now()), now()).unwrap_err();
            assert!(err.starts_with("refused: price"), "{err}");
        }
    }

    #[test]
    fn a_price_from_the_future_is_refused_its_bars_from_the_future_dropped() {
        let later = now() + Duration::hours(3);
        let err = vet(quote("NVDA", 120.0, Some(118.0), later), now()).unwrap_err();
        assert_eq!(err, "refused: price dated 3h in the future");

        let mut q = quote("NVDA", 120.0, Some(118.0), now());
        let t = now().timestamp();
        q.series = Series::from_points(vec![(t - 60, 119.0), (t + 86_400, 999.0)]);
        let q = vet(q, now()).unwrap();
        assert_eq!(q.series.points, vec![(t - 60, 119.0)]);
        assert_eq!(q.change(), Some(2.0), "a minute's skew is forgiven");
    }

    #[test]
    fn a_price_a_hundred_times_its_previous_close_is_a_unit_mix_up() {
        let err = vet(quote("VOD.L", 7250.0, Some(72.4), now()), now()).unwrap_err();
        assert!(err.contains("unit mix-up"), "{err}");
        assert!(vet(quote("NVDA", 118.42, Some(142.62), now()), now()).is_ok());
    }

    #[test]
    fn a_24_7_symbol_is_measured_over_its_own_24_hours() {
        let t = now().timestamp();
        // Bars every 15 minutes over two days; the price a day ago was 100.
        let points: Vec<(i64, f64)> = (0..=192)
            .map(|i| {
                let at = t - 2 * DAY + i * 900;
                (at, if at == t - DAY { 100.0 } else { 101.0 })
            })
            .collect();
        let mut q = quote("BTC-USD", 103.0, Some(90.0), now());
        q.series = Series::from_points(points);
        let q = vet(q, now()).unwrap();
        assert_eq!(q.prev_close, Some(100.0), "not the midnight close");
        assert_eq!(
            q.series.first_time(),
            Some(t - DAY),
            "the chart shows its day"
        );

        // No bar near 24 hours ago: unknown, not the provider's midnight close.
        let q = vet(quote("ETH-USD", 3000.0, Some(2900.0), now()), now()).unwrap();
        assert_eq!(q.change(), None);
    }
}
