//! One conditional poll of one feed: fetched through the shared client
//! with what is remembered of its URL, parsed off the runtime, reported as
//! one message for the core and an outcome for its schedule.

use std::sync::LazyLock;

use bytes::Bytes;
use chrono::Utc;
use tokio::sync::Semaphore;

use super::parse::{FeedError, ParsedFeed, parse_feed};
use super::schedule::Outcome;
use crate::core::app::Msg;
use crate::core::model::{Failure, FailureClass, FetchReport, SourceKind};
use crate::sources::http::{FeedMemory, HttpClient};

#[derive(Debug, Clone, PartialEq)]
pub struct FeedSpec {
    pub name: String,
    pub url: String,
}

/// One poll's message for the core, and what it means for the schedule.
#[derive(Debug)]
pub struct FeedPoll {
    pub msg: Msg,
    pub outcome: Outcome,
}

/// Parses run on the blocking pool, as many at once as there are cores:
/// a burst of feeds uses them all while the runtime's thread keeps
/// fetching and updating.
static PARSERS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

async fn parse_off_runtime(body: Bytes, name: String) -> Result<ParsedFeed, FeedError> {
    let _permit = PARSERS.acquire().await.expect("never closed");
    tokio::task::spawn_blocking(move || parse_feed(&body, &name, Utc::now()))
        .await
        .unwrap_or_else(|e| Err(FeedError::Parse(format!("parser stopped: {e}"))))
}

/// One conditional poll of one feed. A 304 is not parsed: it is reported
/// as a success with no new headlines (the core keeps the item count).
/// Validators are stored only after a body parsed, so a 304 always means
/// "what you have is good". A feed moves to a permanent redirect's target
/// once the redirect repeats.
pub async fn poll_feed(client: &HttpClient, spec: &FeedSpec, memory: &FeedMemory) -> FeedPoll {
    let url = memory.moves.effective(&spec.url);
    let mut report = FetchReport {
        kind: SourceKind::Feed,
        name: spec.name.clone(),
        url: url.clone(),
        http_status: None,
        elapsed_ms: 0,
        at: Utc::now(),
        not_modified: false,
        next_poll: None,
    };
    let failed = |report, failure, retry_after| FeedPoll {
        msg: Msg::SourceFailed { report, failure },
        outcome: Outcome::Failed { retry_after },
    };
    let fetched = match client.get_if_changed(&url, &memory.validators(&url)).await {
        Ok(f) => f,
        Err(e) => {
            // Each retry; the health change is logged once (`core::app::health`).
            tracing::debug!(feed = %spec.name, error = %e, "feed fetch failed");
            return failed(report, Failure::from(&e), None);
        }
    };
    if url == spec.url {
        memory.observe_move(&spec.url, fetched.moved_permanently.as_deref());
    }
    report.http_status = Some(fetched.status);
    report.elapsed_ms = fetched.elapsed.as_millis() as u64;
    if fetched.is_not_modified() {
        if fetched.validators.etag.is_some() {
            // A 304 may carry a newer ETag; keep Last-Modified if it did not.
            let mut stored = memory.validators(&url);
            stored.etag = fetched.validators.etag.clone();
            memory.remember_validators(&url, stored);
        }
        report.not_modified = true;
        return FeedPoll {
            msg: Msg::HeadlinesFetched {
                report,
                headlines: Vec::new(),
                skipped: 0,
            },
            outcome: Outcome::Fresh {
                asks_every: fetched.max_age,
            },
        };
    }
    if !fetched.is_success() {
        let failure = Failure {
            class: FailureClass::Http,
            detail: format!("HTTP {}", fetched.status),
        };
        let retry_after = fetched
            .retry_after
            .filter(|_| matches!(fetched.status, 429 | 503));
        return failed(report, failure, retry_after);
    }
    match parse_off_runtime(fetched.body.clone(), spec.name.clone()).await {
        Ok(parsed) => {
            memory.remember_validators(&url, fetched.validators);
            FeedPoll {
                msg: Msg::HeadlinesFetched {
                    report,
                    headlines: parsed.headlines,
                    skipped: parsed.skipped,
                },
                outcome: Outcome::Fresh {
                    asks_every: parsed.ttl.max(fetched.max_age),
                },
            }
        }
        Err(e) => failed(report, Failure::from(&e), None),
    }
}
