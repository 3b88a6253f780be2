//! Starts everything that polls: a task per feed (on its own interval),
//! a task per live stream, and the watchlist's quote task; `Pollers` wakes
//! and steers them. Pollers only send owned messages; they never touch the
//! terminal.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinHandle;

use super::feeds::{FeedSpec, FeedTasks, spawn_feed_tasks};
use super::http::{FeedMemory, HttpClient};
use super::quotes::stream::{self, Protocol, StreamTiming};
use super::quotes::{LiveMarks, QuoteChain, QuoteWatch};
use crate::core::app::Msg;

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

/// Start every feed's task, one task per live stream, and the
/// watchlist's quote task.
pub fn spawn(plan: PollPlan, client: HttpClient, tx: mpsc::Sender<Msg>) -> Pollers {
    let FeedTasks { mut tasks, wake } =
        spawn_feed_tasks(plan.feeds, &plan.first_due, plan.memory, &client, &tx);
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
        tasks.push(tokio::spawn(watch.run(quotes_wake.clone(), tx)));
    }
    Pollers {
        tasks,
        wake,
        quotes_wake,
        selected,
    }
}
