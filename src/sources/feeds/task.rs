//! The feed tasks: one per feed, polling in sequence (never two polls of
//! one feed), each behind its host's slot and the global limit, on its own
//! schedule; a wake polls it at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, mpsc};
use tokio::task::JoinHandle;

use super::poll::{FeedSpec, poll_feed};
use super::schedule::{FeedSchedule, Outcome};
use crate::core::app::Msg;
use crate::core::hash::fnv1a;
use crate::core::model::Timestamp;
use crate::sources::http::{FeedMemory, HostGate, HttpClient, host_key};
use crate::sources::next_poll::stamp_next_poll;

/// The feed tasks of one session, and per feed name what wakes its task
/// for an immediate poll.
pub struct FeedTasks {
    pub tasks: Vec<JoinHandle<()>>,
    pub wake: Vec<(String, Arc<Notify>)>,
}

/// A deterministic spread in `[0, max)` so feeds sharing an interval do
/// not all fire in the same instant.
fn jitter(key: &str, max: Duration) -> Duration {
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

/// One task per feed, each polling every `Duration` (its first poll when
/// `first_due` says an earlier run left it due).
pub fn spawn_feed_tasks(
    feeds: Vec<(FeedSpec, Duration)>,
    first_due: &HashMap<String, Timestamp>,
    memory: FeedMemory,
    client: &HttpClient,
    tx: &mpsc::Sender<Msg>,
) -> FeedTasks {
    let settings = client.settings().clone();
    let shared = Arc::new(FeedShared {
        client: client.clone(),
        permits: Semaphore::new(settings.max_in_flight.max(1)),
        hosts: HostGate::new(settings.max_per_host),
        memory,
    });
    let mut tasks = Vec::new();
    let mut wake = Vec::new();
    // One task per feed, polling in sequence: never two polls of one feed.
    for (spec, every) in feeds {
        let (shared, tx) = (shared.clone(), tx.clone());
        let schedule = FeedSchedule::new(every, settings.backoff_cap);
        let notify = Arc::new(Notify::new());
        wake.push((spec.name.clone(), notify.clone()));
        let due = first_due.get(&spec.name).map(|due| {
            (*due - chrono::Utc::now())
                .to_std()
                .unwrap_or_default()
                .min(every)
        });
        tasks.push(tokio::spawn(feed_task(
            spec, schedule, shared, notify, tx, due,
        )));
    }
    FeedTasks { tasks, wake }
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
