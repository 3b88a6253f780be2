//! Moves, detected from a quote's own bars: a gap (the session's first
//! price against the previous close) and intraday moves (a departure from
//! the recent level larger than the symbol's own variability allows).
//! Sparse bars never make an intraday path up: a move needs bars at most a
//! window apart.

use crate::core::market::{new_york_date, trades_around_the_clock, us_equity_state};
use crate::core::model::{MarketState, Quote, Timestamp};

/// When a price change counts as a move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoveRules {
    /// The intraday window a return is measured over.
    pub window_secs: i64,
    /// A window's return must exceed `k` standard deviations (robustly
    /// estimated) of the session's returns over windows of that length…
    pub k: f64,
    /// …and this many percent.
    pub min_pct: f64,
    /// A gap at the open of at least this many percent.
    pub gap_pct: f64,
}

impl Default for MoveRules {
    fn default() -> Self {
        MoveRules {
            window_secs: 15 * 60,
            k: 3.0,
            min_pct: 1.5,
            gap_pct: 2.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// The open against the previous close.
    Gap,
    /// Within the session, beyond its own variability.
    Intraday,
}

impl MoveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Gap => "gap",
            MoveKind::Intraday => "intraday",
        }
    }
}

/// A price move: when the price left its level, to when it got furthest.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceMove {
    pub symbol: String,
    pub kind: MoveKind,
    pub start: Timestamp,
    pub end: Timestamp,
    pub change_pct: f64,
}

/// The moves in `quote`'s latest session, oldest first.
pub fn detect(quote: &Quote, rules: &MoveRules) -> Vec<PriceMove> {
    let bars = session_bars(quote);
    let mut moves = Vec::new();
    if let Some(gap) = gap(quote, &bars, rules) {
        moves.push(gap);
    }
    moves.extend(intraday(quote, &bars, rules));
    moves
}

/// The bars of the latest session: the New York day of the last bar (24/7
/// pairs: its last 24 hours).
fn session_bars(quote: &Quote) -> Vec<(i64, f64)> {
    let points = &quote.series.points;
    let Some(&(last, _)) = points.last() else {
        return Vec::new();
    };
    let start_of = |t: i64| chrono::DateTime::from_timestamp(t, 0).map(new_york_date);
    let around_the_clock = trades_around_the_clock(&quote.symbol);
    points
        .iter()
        .copied()
        .filter(|&(t, _)| {
            if around_the_clock {
                last - t <= 24 * 3600
            } else {
                start_of(t) == start_of(last)
            }
        })
        .collect()
}

fn at(t: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(t, 0).unwrap_or_default()
}

fn pct(from: f64, to: f64) -> f64 {
    (to / from - 1.0) * 100.0
}

fn gap(quote: &Quote, bars: &[(i64, f64)], rules: &MoveRules) -> Option<PriceMove> {
    if trades_around_the_clock(&quote.symbol) {
        return None;
    }
    let prev = quote.prev_close.filter(|p| *p > 0.0)?;
    // The regular session's first price; before the open, the first
    // pre-market one.
    let regular = bars
        .iter()
        .find(|(t, _)| us_equity_state(at(*t)) == MarketState::Regular);
    let &(t, open) = regular.or(bars.first())?;
    let change_pct = pct(prev, open);
    (change_pct.abs() >= rules.gap_pct).then(|| PriceMove {
        symbol: quote.symbol.clone(),
        kind: MoveKind::Gap,
        start: at(t),
        end: at(t),
        change_pct,
    })
}

fn intraday(quote: &Quote, bars: &[(i64, f64)], rules: &MoveRules) -> Vec<PriceMove> {
    let step = quote.series.step().max(1);
    if step > rules.window_secs || bars.len() < 3 {
        return Vec::new();
    }
    let n = ((rules.window_secs / step) as usize).max(1);
    // Windows whose bars are farther apart than the bars say are holes in
    // the data, not a path.
    let window = |i: usize| {
        let (t0, p0) = bars[i - n];
        let (t1, p1) = bars[i];
        (t1 - t0 <= rules.window_secs + step && p0 > 0.0).then(|| pct(p0, p1))
    };
    let returns: Vec<f64> = (n..bars.len()).filter_map(window).collect();
    if returns.len() < 2 {
        return Vec::new();
    }
    // The spread of the session's window returns, estimated robustly (the
    // median absolute deviation, scaled to σ): the move itself must not
    // widen the yardstick it is measured by.
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mid = median(returns.clone());
    let sigma = 1.4826 * median(returns.iter().map(|r| (r - mid).abs()).collect());
    let threshold = (rules.k * sigma).max(rules.min_pct);
    let mut moves = Vec::new();
    let mut i = n;
    while i < bars.len() {
        let Some(r) = window(i).filter(|r| r.abs() >= threshold) else {
            i += 1;
            continue;
        };
        // From the level it left to the furthest point the same way.
        let (start, level) = bars[i - n];
        let mut end = i;
        for j in i + 1..bars.len() {
            let further = if r < 0.0 {
                bars[j].1 < bars[end].1
            } else {
                bars[j].1 > bars[end].1
            };
            if further {
                end = j;
            } else if (bars[j].1 - bars[end].1).abs() / level * 100.0 >= threshold / 2.0 {
                break;
            }
        }
        moves.push(PriceMove {
            symbol: quote.symbol.clone(),
            kind: MoveKind::Intraday,
            start: at(start),
            end: at(bars[end].0),
            change_pct: pct(level, bars[end].1),
        });
        i = end + n;
    }
    moves
}

#[cfg(test)]
mod tests;
