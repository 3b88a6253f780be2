//! The watchlist's quote task. Every round it plans each symbol's refresh
//! within its provider's budget (`core::quotes::plan`), sends the batch
//! requests that are due (many prices in one), then the charts that are
//! due, most important first — and never a request without a token.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use tokio::sync::{Notify, mpsc, watch};
use tokio::time::Instant;

use super::QUOTE_CONCURRENCY;
use super::chain::QuoteChain;
use super::clocks::{BatchStanding, SymbolClock};
use super::live_marks::LiveMarks;
use super::provider::Answer;
use crate::core::app::Msg;
use crate::core::market::quote_interval;
use crate::core::model::{FailureClass, MarketState};
use crate::core::quotes::fold_batched;
use crate::core::quotes::quote_retry;
use crate::core::quotes::{self, Cadence, Plan, PriceBy, WEIGHT_MOVING, WEIGHT_SELECTED, Want};
use crate::core::quotes::{BatchHealth, BatchReport, ProviderReport, SymbolRefresh};
use crate::sources::http::HttpClient;
use crate::sources::next_poll::stamp_next_poll;

/// Quote requests start at least this far apart, so a round is a trickle.
const QUOTE_STAGGER: Duration = Duration::from_millis(100);
/// A round also serves the symbols that fall due this soon after it starts.
const QUOTE_ROUND_WINDOW: Duration = Duration::from_secs(3);
/// Longest `max-age` honoured: a misconfigured cache header must not stop
/// the board for hours.
const MAX_AGE_CAP: Duration = Duration::from_secs(15 * 60);
/// A refused batch endpoint is tried again after 5 min, doubling to 1 h.
const BATCH_RETRY: Duration = Duration::from_secs(300);
const BATCH_RETRY_CAP: Duration = Duration::from_secs(3600);
/// The task re-plans at least this often (sessions open and close).
const REPLAN: Duration = Duration::from_secs(60);

/// What the quote task polls, and how.
pub struct QuoteWatch {
    pub symbols: Vec<String>,
    pub chain: Arc<QuoteChain>,
    pub every: Duration,
    pub client: HttpClient,
    /// Symbols a stream keeps live need only a chart now and then.
    pub live: Arc<LiveMarks>,
    /// The symbol selected on the board: served first.
    pub selected: watch::Receiver<Option<String>>,
}

/// The pause before the next poll: at least the last answer's max-age.
pub fn not_before_max_age(pause: Duration, max_age: Option<Duration>) -> Duration {
    pause.max(max_age.unwrap_or_default().min(MAX_AGE_CAP))
}

struct Task {
    clocks: Vec<SymbolClock>,
    chain: Arc<QuoteChain>,
    every: Duration,
    client: HttpClient,
    live: Arc<LiveMarks>,
    selected: watch::Receiver<Option<String>>,
    batches: HashMap<usize, BatchStanding>,
    tx: mpsc::Sender<Msg>,
    /// The refreshes last reported: a change is reported at once.
    last_refresh: Option<Vec<(String, SymbolRefresh)>>,
}

impl QuoteWatch {
    /// The quote task, round after round until the receiver is gone;
    /// `wake` (refresh now) makes every price due at once.
    pub async fn run(self, wake: Arc<Notify>, tx: mpsc::Sender<Msg>) {
        run(self, wake, tx).await
    }
}

async fn run(watch: QuoteWatch, wake: Arc<Notify>, tx: mpsc::Sender<Msg>) {
    let start = Instant::now();
    let clocks = watch
        .symbols
        .iter()
        .map(|s| SymbolClock::new(s, start, watch.every))
        .collect();
    let mut task = Task {
        clocks,
        chain: watch.chain,
        every: watch.every,
        client: watch.client,
        live: watch.live,
        selected: watch.selected,
        batches: HashMap::new(),
        tx,
        last_refresh: None,
    };
    // The first round (and each refresh-now) may spend the burst; its
    // charts are then spread over their cadence.
    let mut burst = true;
    loop {
        let Some(next) = task.round(burst).await else {
            return;
        };
        burst = false;
        let mut selected = task.selected.clone();
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            // `r`: every price is due now.
            _ = wake.notified() => {
                task.refresh_now();
                burst = true;
            }
            // A new selection is served first: plan again.
            Ok(()) = selected.changed() => {}
        }
        task.selected.mark_unchanged();
    }
}

impl Task {
    /// Every price due now: in a batch where there is one, else by chart.
    fn refresh_now(&mut self) {
        let now = Instant::now();
        for i in 0..self.clocks.len() {
            let p = self.chain.provider_of(&self.clocks[i].symbol);
            if !self.batched(p, &self.clocks[i], now) {
                self.clocks[i].chart_due = now;
            }
            self.clocks[i].last_price = None;
        }
        for b in self.batches.values_mut() {
            b.not_before = None;
        }
    }

    /// The selected symbol, and the weight of each symbol.
    fn weight(&self, clock: &SymbolClock) -> u32 {
        let selected = self.selected.borrow();
        if selected.as_deref() == Some(clock.symbol.as_str()) {
            WEIGHT_SELECTED
        } else if clock.moving {
            WEIGHT_MOVING
        } else {
            1
        }
    }

    fn streamed(&self, clock: &SymbolClock) -> bool {
        self.live.is_live(&clock.symbol, self.every * 2)
    }

    /// Where `clock`'s price comes from now, with provider `p`.
    fn price_by(&self, p: usize, clock: &SymbolClock, now: Instant) -> PriceBy {
        if self.streamed(clock) {
            PriceBy::Stream
        } else if self.chain.batch(p).is_some()
            && self.batches.get(&p).is_none_or(|b| b.answering(now))
            && !clock.batch_miss
        {
            PriceBy::Batch
        } else {
            PriceBy::Chart
        }
    }

    fn batched(&self, p: usize, clock: &SymbolClock, now: Instant) -> bool {
        self.price_by(p, clock, now) == PriceBy::Batch
    }

    /// Plan every provider's symbols within its budget; set each symbol's
    /// cadence. Returns each provider's plan with the symbols in it.
    fn plan(&mut self, now: Instant) -> Vec<(usize, Vec<usize>, Plan)> {
        let wall = Utc::now();
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, s) in self.clocks.iter().enumerate() {
            groups
                .entry(self.chain.provider_of(&s.symbol))
                .or_default()
                .push(i);
        }
        let mut plans = Vec::new();
        for p in 0..self.chain.names().len() {
            let members = groups.remove(&p).unwrap_or_default();
            let wants: Vec<Want> = members
                .iter()
                .map(|&i| {
                    let s = &self.clocks[i];
                    Want {
                        desired: quote_interval(self.every, wall, &s.symbol),
                        weight: self.weight(s),
                        price_by: self.price_by(p, s, now),
                    }
                })
                .collect();
            let budget = self.chain.budget(p).spec();
            let capacity = quotes::capacity_per_hour(budget.rate.per_hour());
            let batch_max = self.chain.batch(p).map_or(0, |b| b.batch_max());
            let plan = quotes::plan(&wants, capacity, batch_max);
            for ((&i, want), cadence) in members.iter().zip(&wants).zip(&plan.symbols) {
                let s = &mut self.clocks[i];
                s.desired = want.desired;
                s.price_by = want.price_by;
                s.price_every = cadence.price;
                s.set_chart_every(cadence.chart);
            }
            plans.push((p, members, plan));
        }
        plans
    }

    /// One round: plan, batches, charts, report. Returns when to wake
    /// next; `None` when the receiver is gone.
    async fn round(&mut self, burst: bool) -> Option<Instant> {
        let now = Instant::now();
        let plans = self.plan(now);
        let soon = now + QUOTE_ROUND_WINDOW;
        let mut sent = false;
        for (p, members, _) in &plans {
            sent |= self.batch_round(*p, members, now, soon).await?;
        }
        // A batch refused just now changes the plan for the charts.
        let plans = self.plan(now);
        // Charts due, most important first, as far as the tokens go.
        let mut due: Vec<usize> = (0..self.clocks.len())
            .filter(|&i| self.clocks[i].chart_due <= soon)
            .collect();
        due.sort_by_key(|&i| self.rank(i));
        let mut allowance: HashMap<usize, u32> = HashMap::new();
        due.retain(|&i| {
            let p = self.chain.provider_of(&self.clocks[i].symbol);
            let left = allowance
                .entry(p)
                .or_insert_with(|| self.chain.budget(p).available());
            let go = *left > 0;
            *left = left.saturating_sub(1);
            go
        });
        sent |= !due.is_empty();
        if !self.charts(&due, burst).await {
            return None;
        }
        let plans: Vec<(usize, Plan)> = plans.into_iter().map(|(p, _, plan)| (p, plan)).collect();
        if !self.report(&plans, sent).await {
            return None;
        }
        Some(self.next_wake(now))
    }

    /// Sort key for charts in a round: selected, moving, a regular
    /// session, then the rest; the longest overdue first among equals.
    fn rank(&self, i: usize) -> (u32, u32, Instant) {
        let s = &self.clocks[i];
        let session = match s.quote.as_ref().map(|q| q.market_state) {
            Some(MarketState::Regular) => 0,
            None => 1,
            _ => 2,
        };
        (u32::MAX - self.weight(s), session, s.chart_due)
    }

    /// The batch requests of provider `p`, when its symbols' prices are
    /// due. Returns whether a request went out; `None`: receiver gone.
    async fn batch_round(
        &mut self,
        p: usize,
        members: &[usize],
        now: Instant,
        soon: Instant,
    ) -> Option<bool> {
        let batched: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| self.batched(p, &self.clocks[i], now))
            .collect();
        let standing = self.batches.get(&p).cloned().unwrap_or_default();
        let due_now = batched
            .iter()
            .any(|&i| self.clocks[i].price_due(now) <= now)
            && standing.not_before.is_none_or(|t| t <= now);
        let riding: Vec<usize> = batched
            .into_iter()
            .filter(|&i| self.clocks[i].price_due(now) <= soon)
            .collect();
        let Some(batch) = self.chain.batch(p).filter(|_| due_now) else {
            return Some(false);
        };
        let requests = riding.len().div_ceil(batch.batch_max().max(1));
        let whole = batch.carries_prev_close();
        if (self.chain.budget(p).available() as usize) < requests {
            return Some(false);
        }
        let symbols: Vec<String> = riding
            .iter()
            .map(|&i| self.clocks[i].symbol.clone())
            .collect();
        let answer = self.chain.poll_batch(&self.client, p, &symbols).await;
        let now = Instant::now();
        match answer {
            Answer::Good {
                value,
                report,
                max_age,
            } => {
                let standing = self.batches.entry(p).or_default();
                standing.refused = None;
                standing.not_before = max_age.map(|a| now + a.min(MAX_AGE_CAP));
                let mut answered = vec![false; riding.len()];
                for fresh in value {
                    let Some(k) = symbols
                        .iter()
                        .position(|s| s.eq_ignore_ascii_case(&fresh.symbol))
                    else {
                        continue;
                    };
                    answered[k] = true;
                    let clock = &mut self.clocks[riding[k]];
                    let folded = fold_batched(clock.quote.as_ref(), fresh, whole);
                    if folded.new_day {
                        clock.chart_due = now;
                    } else if whole {
                        // A whole quote is its chart: one request a refresh.
                        clock.last_chart = Some(now);
                        clock.chart_due = now + clock.chart_every;
                    }
                    clock.priced(folded.quote.clone(), now);
                    let mut report = report.clone();
                    report.name = clock.symbol.clone();
                    let msg = Msg::QuoteReceived {
                        report,
                        quote: folded.quote,
                    };
                    if self.tx.send(msg).await.is_err() {
                        return None;
                    }
                }
                // Not priced by the batch: its chart takes over.
                for (k, _) in answered.iter().enumerate().filter(|(_, a)| !**a) {
                    let clock = &mut self.clocks[riding[k]];
                    clock.batch_miss = true;
                    clock.chart_due = now;
                }
            }
            Answer::Bad { failure, .. } => {
                if let Some(wait) = self.chain.held(p) {
                    // Throttled (now or before): the batch waits with the
                    // provider, it is not refused.
                    self.batches.entry(p).or_default().not_before = Some(now + wait);
                } else if failure.class != FailureClass::HeldBack {
                    let standing = self.batches.entry(p).or_default();
                    let strikes = standing.refused.as_ref().map_or(0, |r| r.2) + 1;
                    let wait = (BATCH_RETRY * 2u32.pow(strikes.min(8) - 1)).min(BATCH_RETRY_CAP);
                    tracing::warn!(provider = self.chain.names()[p].as_str(), error = %failure, "batch refused: charts alone");
                    standing.refused = Some((failure.detail, now + wait, strikes));
                }
                // The charts take over: the next round plans them alone.
            }
        }
        Some(true)
    }

    /// Poll the charts of `due` (already within the budget); in a burst
    /// round, spread their next polls over their cadence. `false`:
    /// receiver gone.
    async fn charts(&mut self, due: &[usize], burst: bool) -> bool {
        let mut ticks = tokio::time::interval(QUOTE_STAGGER);
        // After a slow answer, keep the spacing rather than catch up in a burst.
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stagger = Arc::new(tokio::sync::Mutex::new(ticks));
        let jobs: Vec<(usize, String)> = due
            .iter()
            .map(|&i| (i, self.clocks[i].symbol.clone()))
            .collect();
        let (client, chain) = (self.client.clone(), self.chain.clone());
        let mut polls = futures::stream::iter(jobs)
            .map(|(i, symbol)| {
                let (client, chain, stagger) = (client.clone(), chain.clone(), stagger.clone());
                async move {
                    stagger.lock().await.tick().await;
                    (i, chain.poll(&client, &symbol).await)
                }
            })
            .buffer_unordered(QUOTE_CONCURRENCY);
        let count = due.len() as u32;
        while let Some((i, (mut msg, max_age))) = polls.next().await {
            let now = Instant::now();
            let clock = &mut self.clocks[i];
            let position = due.iter().position(|&d| d == i).unwrap_or(0) as u32;
            let every = if burst && count > 1 {
                clock.chart_every * (position + 1) / count
            } else {
                clock.chart_every
            };
            clock.last_chart = Some(now);
            // A failed symbol retries soon, backing off, not on its cadence.
            let pause = if let Msg::SourceFailed { .. } = msg {
                clock.failures += 1;
                quote_retry(clock.failures, every, fastrand::f64())
            } else {
                clock.failures = 0;
                not_before_max_age(every, max_age)
            };
            clock.chart_due = now + pause;
            stamp_next_poll(&mut msg, pause, Utc::now());
            if let Msg::QuoteReceived { quote, .. } = &msg {
                let at = clock.last_price;
                clock.priced(quote.clone(), now);
                // A batched price keeps the batch's beat: one request for all.
                if clock.price_by == PriceBy::Batch && at.is_some() {
                    clock.last_price = at;
                }
            }
            if self.tx.send(msg).await.is_err() {
                return false;
            }
        }
        true
    }

    /// Tell the core each provider's budget and each symbol's refresh,
    /// when a request went out or the plan changed. `false`: receiver gone.
    async fn report(&mut self, plans: &[(usize, Plan)], sent: bool) -> bool {
        let now = Instant::now();
        let wall = Utc::now();
        let names = self.chain.names();
        let providers: Vec<ProviderReport> = plans
            .iter()
            .map(|(p, plan)| ProviderReport {
                provider: names[*p],
                budget: self.chain.budget(*p).usage(),
                planned_per_hour: plan.per_hour,
                batch: self.chain.batch(*p).map(|b| BatchReport {
                    name: b.batch_name(),
                    health: match self.batches.get(p).and_then(|b| b.refused.clone()) {
                        Some((error, until, _)) if until > now => BatchHealth::Refused {
                            error,
                            retry_at: wall
                                + chrono::TimeDelta::from_std(until - now).unwrap_or_default(),
                        },
                        _ => BatchHealth::Answering {
                            symbols: plan.batched,
                            requests: plan.batch_requests,
                        },
                    },
                }),
            })
            .collect();
        let symbols: Vec<(String, SymbolRefresh)> = self
            .clocks
            .iter()
            .map(|s| {
                let refresh = SymbolRefresh {
                    provider: names[self.chain.provider_of(&s.symbol)],
                    cadence: Cadence {
                        price: s.price_every,
                        chart: s.chart_every,
                    },
                    live: s.price_by == PriceBy::Stream,
                    held_back: s.price_by != PriceBy::Stream
                        && s.price_every.as_secs_f64() > s.desired.as_secs_f64() * 1.000_001,
                };
                (s.symbol.clone(), refresh)
            })
            .collect();
        let changed = self.last_refresh.as_ref() != Some(&symbols);
        if !sent && !changed {
            return true;
        }
        self.last_refresh = Some(symbols.clone());
        self.tx
            .send(Msg::QuotesPlanned { providers, symbols })
            .await
            .is_ok()
    }

    /// The next time anything is due: a chart, a batch, a batch retry, a
    /// token for what waits — and at least every `REPLAN`.
    fn next_wake(&self, now: Instant) -> Instant {
        let mut next = now + REPLAN;
        for s in &self.clocks {
            let p = self.chain.provider_of(&s.symbol);
            let mut due = s.chart_due;
            if self.batched(p, s, now) {
                let hold = self.batches.get(&p).and_then(|b| b.not_before);
                due = due.min(s.price_due(now).max(hold.unwrap_or(now)));
            }
            if due <= now {
                // Due but short of tokens: when the next one comes.
                due = now + self.chain.budget(p).wait().max(QUOTE_STAGGER);
            }
            next = next.min(due);
        }
        for b in self.batches.values() {
            if let Some((_, until, _)) = &b.refused
                && *until > now
            {
                next = next.min(*until);
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_round_waits_out_the_answers_max_age() {
        let every = Duration::from_secs(15);
        assert_eq!(not_before_max_age(every, None), every);
        assert_eq!(
            not_before_max_age(every, Some(Duration::from_secs(5))),
            every
        );
        let minute = Duration::from_secs(60);
        assert_eq!(not_before_max_age(every, Some(minute)), minute);
        let day = Duration::from_secs(86_400);
        assert_eq!(not_before_max_age(every, Some(day)), MAX_AGE_CAP);
    }
}
