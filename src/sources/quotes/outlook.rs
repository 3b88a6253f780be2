//! What the quote task will plan, for `check-config`: requests an hour per
//! provider and each symbol's refresh, in a regular session and while the
//! market is closed, with a warning when the configured refresh cannot be
//! met within the budget.

use std::time::Duration;

use super::provider::Polled;
use crate::core::market::quote_interval_while;
use crate::core::quotes::{self, Cadence, Plan, PriceBy, Want, cadence_text};

/// Lines for `check-config`. Symbols start on the first provider; the
/// others are fallbacks, spending their budgets only when it fails.
/// `streamed` tells the symbols a live stream carries: while it trades
/// they need a chart only now and then.
pub fn outlook(
    symbols: &[String],
    every: Duration,
    providers: &[Polled],
    streamed: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let Some((first, rest)) = providers.split_first() else {
        return Vec::new();
    };
    let name = first.provider.name();
    let budget = first.budget;
    let capacity = quotes::capacity_per_hour(budget.rate.per_hour());
    let batch = first.provider.batch();
    let batch_name = batch.map_or("batch", |b| b.batch_name());
    let batch_max = batch.map_or(0, |b| b.batch_max());
    let by = if batch.is_some() {
        PriceBy::Batch
    } else {
        PriceBy::Chart
    };
    let wants = |open: bool, by: PriceBy, live: bool| -> Vec<Want> {
        symbols
            .iter()
            .map(|s| Want {
                desired: quote_interval_while(open, every, s),
                weight: 1,
                price_by: if live && streamed(s) {
                    PriceBy::Stream
                } else {
                    by
                },
            })
            .collect()
    };
    let line = |situation: &str, wants: &[Want], batch_max: usize| {
        let plan = quotes::plan(wants, capacity, batch_max);
        let text = format!(
            "{name} {situation}: {:.0} requests/h: {}",
            plan.per_hour,
            refresh(&plan, wants, batch_name)
        );
        (text, plan)
    };
    let mut out = vec![format!(
        "{name}: budget {} (burst {}), plans use 4/5 of it",
        budget.rate, budget.burst
    )];
    let regular = wants(true, by, false);
    let (text, mut plan) = line("in a regular session", &regular, batch_max);
    out.push(text);
    let mut planned = regular;
    let live = wants(true, by, true);
    let carried = live
        .iter()
        .filter(|w| w.price_by == PriceBy::Stream)
        .count();
    if carried > 0 {
        let (text, with_live) = line("with live trades", &live, batch_max);
        out.push(text);
        // The stream is what runs while the session trades.
        (plan, planned) = (with_live, live);
    }
    if batch.is_some() {
        let situation = format!("if {batch_name} is refused");
        out.push(line(&situation, &wants(true, PriceBy::Chart, false), 0).0);
    }
    out.push(
        line(
            "while the market is closed",
            &wants(false, by, false),
            batch_max,
        )
        .0,
    );
    if let Some(slowest) = plan.shortfall(&planned) {
        out.push(format!(
            "warning: [refresh] quotes = \"{}\" cannot be met within {name}'s budget of {}: \
             prices every {} instead (raise the budget, watch fewer symbols, or refresh less often)",
            cadence_text(every),
            budget.rate,
            cadence_text(slowest)
        ));
    }
    for p in rest {
        out.push(format!(
            "{}: budget {} (burst {}), a fallback: asked only when {name} fails",
            p.provider.name(),
            p.budget.rate,
            p.budget.burst
        ));
    }
    out
}

/// "prices every 15s (16 symbols in 1 spark request), charts every 20m";
/// "every 3m20s per symbol"; "16 symbols live, charts every 5m".
fn refresh(plan: &Plan, wants: &[Want], batch_name: &str) -> String {
    let span = |by: PriceBy, f: fn(&Cadence) -> Duration| {
        let of: Vec<Duration> = plan
            .symbols
            .iter()
            .zip(wants)
            .filter(|(_, w)| w.price_by == by)
            .map(|(c, _)| f(c))
            .collect();
        let (min, max) = (of.iter().min(), of.iter().max());
        match (min, max) {
            (Some(a), Some(b)) if a == b => cadence_text(*a),
            (Some(a), Some(b)) => format!("{}–{}", cadence_text(*a), cadence_text(*b)),
            _ => String::new(),
        }
    };
    let count = |by: PriceBy| wants.iter().filter(|w| w.price_by == by).count();
    let symbols = |n: usize| format!("{n} symbol{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if plan.batch_requests > 0 {
        parts.push(format!(
            "prices every {} ({} in {} {batch_name} request{}), charts every {}",
            span(PriceBy::Batch, |c| c.price),
            symbols(plan.batched),
            plan.batch_requests,
            if plan.batch_requests == 1 { "" } else { "s" },
            span(PriceBy::Batch, |c| c.chart)
        ));
    }
    let charted = count(PriceBy::Chart);
    if charted == wants.len() {
        parts.push(format!(
            "every {} per symbol",
            span(PriceBy::Chart, |c| c.price)
        ));
    } else if charted > 0 {
        let every = span(PriceBy::Chart, |c| c.price);
        parts.push(format!("{} every {every}", symbols(charted)));
    }
    let live = count(PriceBy::Stream);
    if live > 0 {
        let every = span(PriceBy::Stream, |c| c.chart);
        parts.push(format!("{} live, charts every {every}", symbols(live)));
    }
    parts.join("; ")
}
