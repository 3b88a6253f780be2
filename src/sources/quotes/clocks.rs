//! One watched symbol's clocks in the quote task, and a provider's batch
//! endpoint standing.

use std::time::Duration;

use tokio::time::Instant;

use crate::core::model::Quote;
use crate::core::quotes::PriceBy;

/// A price that moved this much (relative) at its last refresh is "moving".
const MOVING: f64 = 0.002;

/// One watched symbol's clocks.
pub(super) struct SymbolClock {
    pub(super) symbol: String,
    /// When its chart is due, and the cadence that was computed with.
    pub(super) chart_due: Instant,
    pub(super) chart_every: Duration,
    pub(super) last_chart: Option<Instant>,
    /// When its price was last refreshed (by batch or chart).
    pub(super) last_price: Option<Instant>,
    pub(super) price_every: Duration,
    /// The last full quote: what a batched price is folded onto.
    pub(super) quote: Option<Quote>,
    pub(super) moving: bool,
    /// The batch never prices it (unknown there): charts only.
    pub(super) batch_miss: bool,
    /// What it wants and where its price comes from, for the reports.
    pub(super) desired: Duration,
    pub(super) price_by: PriceBy,
    /// Failed charts in a row: they retry on their own, quicker schedule.
    pub(super) failures: u32,
}

impl SymbolClock {
    /// A symbol not polled yet: its chart due at `start`, at `every`.
    pub(super) fn new(symbol: &str, start: Instant, every: Duration) -> SymbolClock {
        SymbolClock {
            symbol: symbol.to_owned(),
            chart_due: start,
            chart_every: every,
            last_chart: None,
            last_price: None,
            price_every: every,
            quote: None,
            moving: false,
            batch_miss: false,
            desired: every,
            price_by: PriceBy::Chart,
            failures: 0,
        }
    }

    /// When its price is due; a symbol never priced is due at `now`, the
    /// caller's clock — a fresh `Instant::now()` here would always be a
    /// little later, so the task would find nothing due and wake at once.
    pub(super) fn price_due(&self, now: Instant) -> Instant {
        self.last_price.map_or(now, |t| t + self.price_every)
    }

    /// Record a new price, and whether it moved (for its priority).
    pub(super) fn priced(&mut self, quote: Quote, now: Instant) {
        let before = self.quote.as_ref().map(|q| q.price);
        self.moving = before.is_some_and(|b| b > 0.0 && (quote.price / b - 1.0).abs() >= MOVING);
        self.quote = Some(quote);
        self.last_price = Some(now);
    }

    /// A new cadence keeps the phase: the due time moves in proportion.
    pub(super) fn set_chart_every(&mut self, every: Duration) {
        if every == self.chart_every {
            return;
        }
        if let Some(last) = self.last_chart {
            let gone = self.chart_due.saturating_duration_since(last);
            let ratio = every.as_secs_f64() / self.chart_every.as_secs_f64().max(1e-3);
            self.chart_due = last + gone.mul_f64(ratio);
        }
        self.chart_every = every;
    }
}

/// Per provider: its batch endpoint's standing.
#[derive(Default, Clone)]
pub(super) struct BatchStanding {
    /// Refused: why, until when charts alone, and how many times in a row.
    pub(super) refused: Option<(String, Instant, u32)>,
    /// The last answer's max-age: not asked again sooner.
    pub(super) not_before: Option<Instant>,
}

impl BatchStanding {
    pub(super) fn answering(&self, now: Instant) -> bool {
        self.refused.as_ref().is_none_or(|r| r.1 <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_never_priced_is_due_at_the_callers_now() {
        let now = Instant::now();
        let mut slot = SymbolClock::new("X", now, Duration::from_secs(15));
        assert_eq!(slot.price_due(now), now);
        slot.last_price = Some(now);
        assert_eq!(slot.price_due(now), now + Duration::from_secs(15));
    }

    #[test]
    fn a_new_cadence_keeps_each_symbols_phase() {
        let last = Instant::now();
        let secs = Duration::from_secs;
        let mut slot = SymbolClock {
            symbol: "X".into(),
            chart_due: last + secs(300),
            chart_every: secs(1200),
            last_chart: Some(last),
            last_price: None,
            price_every: secs(15),
            quote: None,
            moving: false,
            batch_miss: false,
            desired: secs(15),
            price_by: PriceBy::Batch,
            failures: 0,
        };
        // Spread over 20 minutes, a quarter in; then charts every 200 s.
        slot.set_chart_every(secs(200));
        assert_eq!(slot.chart_due, last + secs(50));
        slot.set_chart_every(secs(1200));
        assert_eq!(slot.chart_due, last + secs(300));
    }
}
