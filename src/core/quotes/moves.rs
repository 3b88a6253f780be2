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
mod tests;
