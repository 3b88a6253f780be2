//! Schedules: every feed on its own interval, the watchlist on another.
//! Pollers only send owned messages; they never touch the terminal.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::JoinHandle;

use super::feeds::{FeedSpec, poll_feed};
use super::hosts::{HostGate, host_key};
use super::http::HttpClient;
use super::memory::FeedMemory;
use super::quotes::chain::QuoteChain;
use super::quotes::live_marks::LiveMarks;
use super::quotes::stream::{self, Protocol, StreamTiming};

use super::schedule::{FeedSchedule, Outcome};
use crate::core::hash::fnv1a;
use crate::core::market_clock::quote_interval;
use crate::core::msg::Msg;
use crate::core::retry::quote_retry;
use crate::sources::quotes::QUOTE_CONCURRENCY;

/// Quote requests start at least this far apart, so a round is a trickle.
const QUOTE_STAGGER: Duration = Duration::from_millis(100);
/// A round also polls the symbols that fall due this soon after it starts.
const QUOTE_ROUND_WINDOW: Duration = Duration::from_secs(3);

/// Owns the polling tasks; dropping it stops them.
pub struct Pollers {
    tasks: Vec<JoinHandle<()>>,
    /// Per feed name: wakes its task for an immediate poll.
    wake: Vec<(String, Arc<Notify>)>,
    /// Wakes the watchlist's quote task.
    quotes_wake: Arc<Notify>,
}

impl Pollers {
    /// Poll one feed (by name) or all of them now, instead of waiting for
    /// their schedule. The polls go through the same per-host and global
    /// limits; a feed already being polled is not polled twice at once
    /// (its task polls once more right after).
    pub fn refresh_now(&self, feed: Option<&str>) {
        for (name, wake) in &self.wake {
            if feed.is_none_or(|f| f == name) {
                wake.notify_one();
            }
        }
        if feed.is_none() {
            self.quotes_wake.notify_one();
        }
    }
}

impl Drop for Pollers {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

pub struct PollPlan {
    pub feeds: Vec<(FeedSpec, Duration)>,
    pub symbols: Vec<String>,
    /// The quote providers, in order, sticky per symbol.
    pub quotes: Arc<QuoteChain>,
    pub quote_every: Duration,
    /// Live trade streams, each kept connected by its own task.
    pub streams: Vec<Arc<dyn Protocol>>,
    /// Validators and moves from an earlier run (empty without a store).
    pub memory: FeedMemory,
    /// Feed name → when it is due: a feed polled a minute ago by an
    /// earlier run is not polled again at start.
    pub first_due: HashMap<String, chrono::DateTime<chrono::Utc>>,
}

/// A deterministic spread in `[0, max)` so feeds sharing an interval do
/// not all fire in the same instant.
pub fn jitter(key: &str, max: Duration) -> Duration {
    let hash = fnv1a(&[key.as_bytes()]);
    let max_ms = max.as_millis().max(1) as u64;
    Duration::from_millis(hash % max_ms)
}

/// What the feed tasks of one session share: the global and per-host
/// limits, and what they learn per URL (validators, permanent moves).
struct FeedShared {
    client: HttpClient,
    permits: Semaphore,
    hosts: HostGate,
    memory: FeedMemory,
}

pub fn spawn(plan: PollPlan, client: HttpClient, tx: mpsc::Sender<Msg>) -> Pollers {
    let settings = client.settings().clone();
    let shared = Arc::new(FeedShared {
        client: client.clone(),
        permits: Semaphore::new(settings.max_in_flight.max(1)),
        hosts: HostGate::new(settings.max_per_host),
        memory: plan.memory,
    });
    let mut tasks = Vec::new();
    let mut wake = Vec::new();
    // One task per feed, polling in sequence: never two polls of one feed.
    for (spec, every) in plan.feeds {
        let (shared, tx) = (shared.clone(), tx.clone());
        let schedule = FeedSchedule::new(every, settings.backoff_cap);
        let notify = Arc::new(Notify::new());
        wake.push((spec.name.clone(), notify.clone()));
        let due = plan.first_due.get(&spec.name).map(|due| {
            (*due - chrono::Utc::now())
                .to_std()
                .unwrap_or_default()
                .min(every)
        });
        tasks.push(tokio::spawn(feed_task(
            spec, schedule, shared, notify, tx, due,
        )));
    }
    let live = Arc::new(LiveMarks::default());
    for protocol in plan.streams {
        tasks.push(tokio::spawn(stream::run(
            protocol,
            StreamTiming::default(),
            live.clone(),
            tx.clone(),
        )));
    }
    let quotes_wake = Arc::new(Notify::new());
    if !plan.symbols.is_empty() {
        let watch = QuoteWatch {
            symbols: plan.symbols,
            chain: plan.quotes,
            every: plan.quote_every,
            client,
            live,
        };
        tasks.push(tokio::spawn(quote_task(watch, quotes_wake.clone(), tx)));
    }
    Pollers {
        tasks,
        wake,
        quotes_wake,
    }
}

/// The watchlist's polls. Each symbol is due on its own clock (a closed
/// market's stocks rarely, crypto always at the base rate, nobody sooner
/// than its last answer's max-age); each round polls the symbols due.
async fn quote_task(watch: QuoteWatch, wake: Arc<Notify>, tx: mpsc::Sender<Msg>) {
    let QuoteWatch {
        symbols,
        chain,
        every,
        client,
        live,
    } = watch;
    let mut due = vec![tokio::time::Instant::now(); symbols.len()];
    // Failed polls in a row, per symbol: they retry on their own schedule.
    let mut failures = vec![0u32; symbols.len()];
    loop {
        let now = tokio::time::Instant::now();
        // Symbols due within the window ride along: one wake-up per round.
        let soon = now + QUOTE_ROUND_WINDOW;
        let round: Vec<usize> = (0..symbols.len()).filter(|&i| due[i] <= soon).collect();
        let mut ticks = tokio::time::interval(QUOTE_STAGGER);
        // After a slow answer, keep the spacing rather than catch up in a burst.
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stagger = Arc::new(tokio::sync::Mutex::new(ticks));
        // Owned per request: the spawned task must not hold borrows
        // across its own await points.
        let mut polls = futures::stream::iter(round)
            .map(|i| {
                let (client, chain, stagger) = (client.clone(), chain.clone(), stagger.clone());
                let symbol = symbols[i].clone();
                async move {
                    stagger.lock().await.tick().await;
                    (i, chain.poll(&client, &symbol).await)
                }
            })
            .buffer_unordered(QUOTE_CONCURRENCY);
        while let Some((i, (mut msg, max_age))) = polls.next().await {
            let clock = quote_interval(every, chrono::Utc::now(), &symbols[i]);
            let pause = if let Msg::SourceFailed { .. } = msg {
                failures[i] += 1;
                quote_retry(failures[i], clock, fastrand::f64())
            } else {
                failures[i] = 0;
                let streamed = live.is_live(&symbols[i], every * 2);
                poll_pause(clock, streamed, max_age)
            };
            due[i] = tokio::time::Instant::now() + pause;
            stamp_next_poll(&mut msg, pause);
            if tx.send(msg).await.is_err() {
                return;
            }
        }
        let next = due.iter().min().copied().unwrap_or(now + every);
        tokio::select! {
            _ = tokio::time::sleep_until(next) => {}
            // `r`: everything is due now.
            _ = wake.notified() => due.fill(tokio::time::Instant::now()),
        }
    }
}

/// What the quote task polls, and how.
struct QuoteWatch {
    symbols: Vec<String>,
    chain: Arc<QuoteChain>,
    every: Duration,
    client: HttpClient,
    /// Symbols a stream keeps live are polled less often.
    live: Arc<LiveMarks>,
}

async fn feed_task(
    spec: FeedSpec,
    mut schedule: FeedSchedule,
    shared: Arc<FeedShared>,
    wake: Arc<Notify>,
    tx: mpsc::Sender<Msg>,
    due_in: Option<Duration>,
) {
    // First poll when an earlier run said it is due, else soon, spread
    // over two seconds; `r` wakes it either way.
    let first = jitter(&spec.name, Duration::from_secs(2)).max(due_in.unwrap_or_default());
    tokio::select! {
        _ = tokio::time::sleep(first) => {}
        _ = wake.notified() => {}
    }
    loop {
        // A confirmed permanent move may have changed the host.
        let host = host_key(&shared.memory.moves.effective(&spec.url));
        let poll = {
            // Host slot first: a queued feed must not hold a global slot.
            let _host = shared.hosts.enter(&host).await;
            let Ok(_permit) = shared.permits.acquire().await else {
                return;
            };
            poll_feed(&shared.client, &spec, &shared.memory).await
        };
        if let Outcome::Failed {
            retry_after: Some(wait),
        } = poll.outcome
        {
            shared.hosts.defer(&host, wait);
        }
        let delay = schedule.next_delay(poll.outcome, fastrand::f64());
        let mut msg = poll.msg;
        stamp_next_poll(&mut msg, delay);
        if tx.send(msg).await.is_err() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = wake.notified() => {}
        }
    }
}

/// Tell the core when the source is asked again (shown as "retry in"),
/// counted from the answer, not from when the request started.
fn stamp_next_poll(msg: &mut Msg, pause: Duration) {
    if let Msg::HeadlinesFetched { report, .. }
    | Msg::QuoteReceived { report, .. }
    | Msg::SourceFailed { report, .. } = msg
    {
        report.next_poll = chrono::TimeDelta::from_std(pause)
            .ok()
            .map(|d| chrono::Utc::now() + d);
    }
}

/// Longest `max-age` honoured: a misconfigured cache header must not stop
/// the board for hours.
const MAX_AGE_CAP: Duration = Duration::from_secs(15 * 60);

/// A symbol a stream keeps live is polled this many times less often: the
/// stream moves its price, the poll only refreshes the day's reference.
const STREAMED_FACTOR: u32 = 4;

/// The pause before the next quote round: the clock's, stretched to the
/// freshness the last answers declared.
pub fn not_before_max_age(pause: Duration, max_age: Option<Duration>) -> Duration {
    pause.max(max_age.unwrap_or_default().min(MAX_AGE_CAP))
}

/// The pause before a symbol's next poll: its clock, slower while a stream
/// keeps it live, never sooner than its answer's max-age.
fn poll_pause(clock: Duration, streamed: bool, max_age: Option<Duration>) -> Duration {
    let clock = if streamed {
        clock * STREAMED_FACTOR
    } else {
        clock
    };
    not_before_max_age(clock, max_age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_symbol_is_polled_four_times_less_often() {
        let every = Duration::from_secs(15);
        assert_eq!(poll_pause(every, false, None), every);
        assert_eq!(poll_pause(every, true, None), Duration::from_secs(60));
        let ten_min = Some(Duration::from_secs(600));
        assert_eq!(poll_pause(every, true, ten_min), Duration::from_secs(600));
    }

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

    #[test]
    fn jitter_is_stable_and_bounded() {
        let max = Duration::from_secs(2);
        assert_eq!(jitter("CNBC", max), jitter("CNBC", max));
        assert!(jitter("CNBC", max) < max);
        assert_ne!(jitter("CNBC", max), jitter("WSJ", max));
    }
}
