//! Schedules: every feed on its own interval, the watchlist on another.
//! Pollers only send owned messages; they never touch the terminal.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, mpsc, watch};
use tokio::task::JoinHandle;

use super::feeds::{FeedSpec, poll_feed};
use super::hosts::{HostGate, host_key};
use super::http::HttpClient;
use super::memory::FeedMemory;
use super::next_poll::stamp_next_poll;
use super::quote_task::{self, QuoteWatch};
use super::quotes::chain::QuoteChain;
use super::quotes::live_marks::LiveMarks;
use super::quotes::stream::{self, Protocol, StreamTiming};
use super::schedule::{FeedSchedule, Outcome};
use crate::core::app::Msg;
use crate::core::hash::fnv1a;

/// Owns the polling tasks; dropping it stops them.
pub struct Pollers {
    tasks: Vec<JoinHandle<()>>,
    /// Per feed name: wakes its task for an immediate poll.
    wake: Vec<(String, Arc<Notify>)>,
    /// Wakes the watchlist's quote task.
    quotes_wake: Arc<Notify>,
    /// The symbol selected on the board, for the quote task's priorities.
    selected: watch::Sender<Option<String>>,
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

    /// The board's selection moved: its symbol is refreshed first.
    pub fn select(&self, symbol: Option<&str>) {
        self.selected.send_if_modified(|s| {
            let changed = s.as_deref() != symbol;
            if changed {
                *s = symbol.map(String::from);
            }
            changed
        });
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
    let (selected, selected_rx) = watch::channel(None);
    if !plan.symbols.is_empty() {
        let watch = QuoteWatch {
            symbols: plan.symbols,
            chain: plan.quotes,
            every: plan.quote_every,
            client,
            live,
            selected: selected_rx,
        };
        tasks.push(tokio::spawn(quote_task::run(
            watch,
            quotes_wake.clone(),
            tx,
        )));
    }
    Pollers {
        tasks,
        wake,
        quotes_wake,
        selected,
    }
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
        stamp_next_poll(&mut msg, delay, chrono::Utc::now());
        if tx.send(msg).await.is_err() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_is_stable_and_bounded() {
        let max = Duration::from_secs(2);
        assert_eq!(jitter("CNBC", max), jitter("CNBC", max));
        assert!(jitter("CNBC", max) < max);
        assert_ne!(jitter("CNBC", max), jitter("WSJ", max));
    }
}
