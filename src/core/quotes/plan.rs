//! How often each watched symbol can be refreshed within its provider's
//! budget. Pure: the quote task plans every round with it, `check-config`
//! prints what it plans for a regular session.
//!
//! A symbol's price comes in a batch request (many symbols in one, when
//! the provider has one that answers), from a live stream, or with its own
//! chart request, which also brings the previous close and the intraday
//! series. Batched prices come first; charts share what is left, by weight.

use std::time::Duration;

/// A batched or streamed symbol's chart is wanted this many times less
/// often than its price: the batch or the stream keeps the price fresh,
/// the chart only the reference.
pub const CHART_FACTOR: u32 = 20;

/// Charts keep at least this share of the capacity beside a batch.
const CHART_SHARE: f64 = 1.0 / 6.0;

/// Plans use this share of the budget's sustained rate; the rest is
/// headroom for retries, fallbacks and refresh-now.
pub fn capacity_per_hour(budget_per_hour: f64) -> f64 {
    budget_per_hour * 4.0 / 5.0
}

/// Weights: the selected symbol gets four shares, a moving one two.
pub const WEIGHT_SELECTED: u32 = 4;
pub const WEIGHT_MOVING: u32 = 2;

/// What one symbol would like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Want {
    /// Its price cadence: the configured refresh, slower while its market
    /// is closed or a stream keeps it live.
    pub desired: Duration,
    /// Its share when the budget is short (1, or the weights above).
    pub weight: u32,
    pub price_by: PriceBy,
}

/// Where a symbol's price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceBy {
    /// Its own chart request.
    Chart,
    /// The provider's batch request, with many others.
    Batch,
    /// A live stream: costs no request.
    Stream,
}

/// How often one symbol is refreshed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cadence {
    /// Its price (by batch, or by chart when not batched; a streamed
    /// price is live, this is then its chart's).
    pub price: Duration,
    /// Its chart request.
    pub chart: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// In the order of the wants.
    pub symbols: Vec<Cadence>,
    /// How often the batch requests go out; `None` without batched symbols.
    pub batch_every: Option<Duration>,
    /// Batch requests per batch round, for this many symbols.
    pub batch_requests: usize,
    pub batched: usize,
    /// Requests per hour the plan makes.
    pub per_hour: f64,
}

impl Plan {
    /// The slowest price refresh among symbols that get theirs less often
    /// than they want; `None` when all get what they want (a streamed
    /// price is live).
    pub fn shortfall(&self, wants: &[Want]) -> Option<Duration> {
        self.symbols
            .iter()
            .zip(wants)
            .filter(|(c, w)| {
                w.price_by != PriceBy::Stream
                    && c.price.as_secs_f64() > w.desired.as_secs_f64() * (1.0 + 1e-9)
            })
            .map(|(c, _)| c.price)
            .max()
    }
}

/// A cadence for people, to the second: "15s", "3m20s", "20m", "1h30m".
pub fn cadence_text(every: Duration) -> String {
    let s = every.as_secs_f64().round() as u64;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let parts = [(h, "h"), (m, "m"), (s, "s")];
    let text: String = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if text.is_empty() { "0s".into() } else { text }
}

fn per_hour(every: Duration) -> f64 {
    3600.0 / every.as_secs_f64().max(1e-3)
}

fn every(per_hour: f64) -> Duration {
    Duration::from_secs_f64(3600.0 / per_hour.max(1e-9))
}

/// Plan `wants` within `capacity` requests an hour; `batch_max` symbols
/// fit in one batch request (0: no batch).
///
/// Prices first: every symbol's price refresh rate is its share level λ
/// times its weight, capped at what it wants, with one λ for all, as high
/// as the capacity allows (a batch costs its requests once for all the
/// symbols it carries). Charts that only refresh the reference (of
/// batched or streamed symbols) get the rest, but at least a sixth.
pub fn plan(wants: &[Want], capacity: f64, batch_max: usize) -> Plan {
    let batched = |w: &Want| w.price_by == PriceBy::Batch && batch_max > 0;
    let by_chart = |w: &Want| !batched(w) && w.price_by != PriceBy::Stream;
    let weight = |w: &Want| f64::from(w.weight.max(1));
    let carried: Vec<&Want> = wants.iter().filter(|w| batched(w)).collect();
    let batch_requests = carried.len().div_ceil(batch_max.max(1)) as f64;
    // The batch goes out at the pace of its most wanted symbol.
    let batch_rate = |level: f64| {
        carried
            .iter()
            .map(|w| per_hour(w.desired).min(level * weight(w)))
            .fold(0.0, f64::max)
    };
    let price_cost = |level: f64| {
        batch_requests * batch_rate(level)
            + wants
                .iter()
                .filter(|w| by_chart(w))
                .map(|w| per_hour(w.desired).min(level * weight(w)))
                .sum::<f64>()
    };
    // Reference charts: of batched and streamed symbols, rarely.
    let reference = |w: &Want| !by_chart(w);
    let reference_want = |w: &Want| per_hour(w.desired * CHART_FACTOR);
    let reference_cost = |level: f64| {
        wants
            .iter()
            .filter(|w| reference(w))
            .map(|w| reference_want(w).min(level * weight(w)))
            .sum::<f64>()
    };
    let floor = reference_cost(f64::INFINITY).min(capacity * CHART_SHARE);
    let price_level = level(price_cost, capacity - floor);
    let spent = price_cost(price_level);
    let reference_level = level(reference_cost, capacity - spent);
    let rate = batch_rate(price_level);
    let symbols = wants
        .iter()
        .map(|w| {
            let chart = if reference(w) {
                reference_want(w).min(reference_level * weight(w))
            } else {
                per_hour(w.desired).min(price_level * weight(w))
            };
            let price = if batched(w) {
                per_hour(w.desired).min(rate)
            } else {
                chart
            };
            Cadence {
                price: every(price),
                chart: every(chart),
            }
        })
        .collect();
    let has_batch = !carried.is_empty();
    Plan {
        symbols,
        batch_every: has_batch.then(|| every(rate)),
        batch_requests: if has_batch {
            batch_requests as usize
        } else {
            0
        },
        batched: carried.len(),
        per_hour: spent + reference_cost(reference_level),
    }
}

/// The share level at which `cost` (rising with the level) spends
/// `capacity`; infinite when everything wanted fits.
fn level(cost: impl Fn(f64) -> f64, capacity: f64) -> f64 {
    let capacity = capacity.max(0.0);
    if cost(f64::INFINITY) <= capacity * (1.0 + 1e-12) {
        return f64::INFINITY;
    }
    let (mut low, mut high) = (0.0, 1.0);
    while cost(high) < capacity {
        high *= 2.0;
    }
    for _ in 0..100 {
        let mid = (low + high) / 2.0;
        if cost(mid) > capacity {
            high = mid;
        } else {
            low = mid;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn wants(n: usize, desired: f64, price_by: PriceBy) -> Vec<Want> {
        vec![
            Want {
                desired: secs(desired),
                weight: 1,
                price_by,
            };
            n
        ]
    }

    fn close(a: Duration, b: f64) -> bool {
        (a.as_secs_f64() - b).abs() < 1e-6
    }

    /// The default: Yahoo 360/h planned at 288/h, 16 symbols every 15 s.
    #[test]
    fn a_batch_keeps_sixteen_prices_at_fifteen_seconds() {
        let w = wants(16, 15.0, PriceBy::Batch);
        let p = plan(&w, capacity_per_hour(360.0), 20);
        assert_eq!(p.batch_requests, 1);
        assert!(close(p.batch_every.unwrap(), 15.0));
        assert!(p.symbols.iter().all(|c| close(c.price, 15.0)));
        assert!(p.symbols.iter().all(|c| close(c.chart, 1200.0)), "{p:?}");
        assert!((p.per_hour - 288.0).abs() < 1e-6);
        assert_eq!(p.shortfall(&w), None);
    }

    #[test]
    fn without_a_batch_charts_share_the_budget_evenly() {
        let w = wants(16, 15.0, PriceBy::Chart);
        let p = plan(&w, capacity_per_hour(360.0), 0);
        assert_eq!(p.batch_every, None);
        assert!(p.symbols.iter().all(|c| close(c.price, 200.0)), "{p:?}");
        assert!((p.per_hour - 288.0).abs() < 1e-6);
        assert!(close(p.shortfall(&w).unwrap(), 200.0));
    }

    #[test]
    fn the_selected_symbol_gets_four_shares_and_slow_ones_keep_their_pace() {
        let mut w = wants(16, 15.0, PriceBy::Chart);
        w[0].weight = WEIGHT_SELECTED;
        // A closed market's stock asks for little and gets it.
        w[15].desired = secs(300.0);
        let p = plan(&w, 288.0, 0);
        assert!(close(p.symbols[15].price, 300.0));
        let quiet = p.symbols[1].price.as_secs_f64();
        let selected = p.symbols[0].price.as_secs_f64();
        assert!((quiet / selected - 4.0).abs() < 1e-6, "{quiet} {selected}");
        assert!((p.per_hour - 288.0).abs() < 1e-6);
    }

    #[test]
    fn cadences_read_to_the_second() {
        let text = |s| cadence_text(secs(s));
        assert_eq!(text(15.0), "15s");
        assert_eq!(text(200.000_001), "3m20s");
        assert_eq!(text(1200.0), "20m");
        assert_eq!(text(5400.0), "1h30m");
    }

    #[test]
    fn a_streamed_symbol_needs_only_its_chart_now_and_then() {
        let mut w = wants(16, 15.0, PriceBy::Chart);
        for want in &mut w[..8] {
            want.price_by = PriceBy::Stream;
        }
        let p = plan(&w, 288.0, 0);
        // Prices first: 8 charts share 240/h; the streamed symbols' charts
        // (wanted every 5 min) get the sixth kept for references.
        assert!(close(p.symbols[8].price, 120.0), "{p:?}");
        assert!(close(p.symbols[0].chart, 600.0), "{p:?}");
        let all_live = vec![
            Want {
                price_by: PriceBy::Stream,
                ..w[0]
            };
            16
        ];
        let p = plan(&all_live, 288.0, 0);
        assert!(close(p.symbols[0].chart, 300.0), "{p:?}");
        assert!((p.per_hour - 192.0).abs() < 1e-6);
    }

    #[test]
    fn a_symbol_the_batch_leaves_out_is_not_starved() {
        let mut w = wants(16, 15.0, PriceBy::Batch);
        w[15].price_by = PriceBy::Chart;
        let p = plan(&w, 288.0, 20);
        // The batch and the lone chart share the price budget alike.
        assert!(close(p.symbols[0].price, 30.0), "{p:?}");
        assert!(close(p.symbols[15].price, 30.0), "{p:?}");
        assert!((p.per_hour - 288.0).abs() < 1e-6);
    }

    #[test]
    fn enough_budget_changes_nothing() {
        let w = wants(3, 15.0, PriceBy::Chart);
        let p = plan(&w, 2880.0, 0);
        assert!(p.symbols.iter().all(|c| close(c.price, 15.0)));
        assert!((p.per_hour - 720.0).abs() < 1e-6);
    }

    #[test]
    fn a_big_batch_is_stretched_but_charts_keep_a_share() {
        let w = wants(200, 15.0, PriceBy::Batch);
        let p = plan(&w, 288.0, 20);
        assert_eq!(p.batch_requests, 10);
        // 5/6 of 288/h for 10 requests a round: a round every 150 s.
        assert!(close(p.batch_every.unwrap(), 150.0), "{p:?}");
        assert!((p.per_hour - 288.0).abs() < 1e-6);
    }
}
