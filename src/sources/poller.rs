//! Schedules: every feed on its own interval, the watchlist on another.
//! Pollers only send owned messages; they never touch the terminal.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Notify, Semaphore, mpsc};

use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior, interval_at};

use super::feeds::{FeedSpec, poll_feed};
use super::http::HttpClient;
use super::quotes::chain::QuoteChain;

use crate::core::msg::Msg;

/// Requests in flight across all feeds.
const FEED_CONCURRENCY: usize = 8;
/// Quote requests in flight; Yahoo throttles bursts.
const QUOTE_CONCURRENCY: usize = 4;

/// Owns the polling tasks; dropping it stops them.
pub struct Pollers {
    tasks: Vec<JoinHandle<()>>,
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
    /// Notified when the user asks to refresh everything now.
    pub refresh: Arc<Notify>,
}

/// A deterministic spread in `[0, max)` so feeds sharing an interval do
/// not all fire in the same instant.
pub fn jitter(key: &str, max: Duration) -> Duration {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let max_ms = max.as_millis().max(1) as u64;
    Duration::from_millis(hash % max_ms)
}

pub fn spawn(plan: PollPlan, client: HttpClient, tx: mpsc::Sender<Msg>) -> Pollers {
    let permits = Arc::new(Semaphore::new(FEED_CONCURRENCY));
    let mut tasks = Vec::new();
    for (spec, every) in plan.feeds {
        let (client, tx, permits, refresh) = (
            client.clone(),
            tx.clone(),
            permits.clone(),
            plan.refresh.clone(),
        );
        // First poll soon (spread over two seconds), then on the interval.
        let start = Instant::now() + jitter(&spec.name, Duration::from_secs(2));
        tasks.push(tokio::spawn(async move {
            let mut ticks = interval_at(start, every);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = refresh.notified() => {}
                }
                let Ok(_permit) = permits.acquire().await else {
                    return;
                };
                if tx.send(poll_feed(&client, &spec).await).await.is_err() {
                    return;
                }
            }
        }));
    }
    if !plan.symbols.is_empty() {
        let chain = plan.quotes;
        let symbols = plan.symbols;
        let refresh = plan.refresh;
        tasks.push(tokio::spawn(async move {
            let mut ticks = interval_at(Instant::now(), plan.quote_every);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = refresh.notified() => {}
                }
                // Owned per request: the spawned task must not hold
                // borrows across its own await points.
                let mut polls = futures::stream::iter(symbols.clone())
                    .map(|symbol| {
                        let (client, chain) = (client.clone(), chain.clone());
                        async move { chain.poll(&client, &symbol).await }
                    })
                    .buffer_unordered(QUOTE_CONCURRENCY);
                while let Some(msg) = polls.next().await {
                    if tx.send(msg).await.is_err() {
                        return;
                    }
                }
            }
        }));
    }
    Pollers { tasks }
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
