//! The provider chain: per symbol, try the provider that worked last time
//! first (sticky), and fall back through the configured order within the
//! same poll, so one provider's outage costs no prices.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;

use std::sync::Arc;

use super::QuotePoll;
use super::provider::{QuoteProvider, fetch};
use crate::core::model::{Failure, FailureClass, FetchReport, SourceKind};
use crate::core::msg::Msg;
use crate::sources::http::HttpClient;

pub struct QuoteChain {
    providers: Vec<Arc<dyn QuoteProvider>>,
    /// Per symbol, the index of the provider that answered last.
    sticky: Mutex<HashMap<String, usize>>,
    /// Per provider: held back after a 429/5xx until when, and how many
    /// throttled answers in a row.
    paused: Mutex<HashMap<usize, (Instant, u32)>>,
}

/// Backoff when a throttled provider names no Retry-After: 30 s, doubling to 15 min.
fn backoff(strikes: u32) -> Duration {
    Duration::from_secs(30 << strikes.saturating_sub(1).min(5)).min(Duration::from_secs(900))
}

fn throttled(msg: &Msg) -> bool {
    matches!(msg, Msg::SourceFailed { report, .. }
        if report.http_status.is_some_and(|s| s == 429 || s >= 500))
}

impl QuoteChain {
    pub fn new(providers: Vec<Arc<dyn QuoteProvider>>) -> QuoteChain {
        QuoteChain {
            providers,
            sticky: Mutex::new(HashMap::new()),
            paused: Mutex::new(HashMap::new()),
        }
    }

    /// The providers' names, in configured order.
    pub fn names(&self) -> Vec<&'static str> {
        self.providers.iter().map(|p| p.name()).collect()
    }

    /// The provider order to try for `symbol`: the sticky one first.
    fn order(&self, symbol: &str) -> Vec<usize> {
        let first = self
            .sticky
            .lock()
            .expect("not poisoned")
            .get(symbol)
            .copied();
        let mut order: Vec<usize> = first.into_iter().collect();
        order.extend((0..self.providers.len()).filter(|i| Some(*i) != first));
        order
    }

    /// One poll of one symbol through the chain. The failure reported, if
    /// all fail, names every provider's error. A quote comes with its
    /// answer's `max-age`.
    pub async fn poll(&self, client: &HttpClient, symbol: &str) -> (Msg, Option<Duration>) {
        let mut failures: Vec<(String, Msg)> = Vec::new();
        for i in self.order(symbol) {
            let provider = &self.providers[i];
            let paused_until = self
                .paused
                .lock()
                .expect("not poisoned")
                .get(&i)
                .map(|p| p.0);
            if let Some(until) = paused_until.filter(|u| *u > Instant::now()) {
                // Polite: no request at all while the provider asked us to wait.
                let wait = until.saturating_duration_since(Instant::now()).as_secs();
                failures.push((provider.name().to_string(), held_back(symbol, wait)));
                continue;
            }
            match fetch(client, provider.as_ref(), symbol).await {
                QuotePoll {
                    msg: msg @ Msg::QuoteReceived { .. },
                    max_age,
                    ..
                } => {
                    self.sticky
                        .lock()
                        .expect("not poisoned")
                        .insert(symbol.to_string(), i);
                    self.paused.lock().expect("not poisoned").remove(&i);
                    return (msg, max_age);
                }
                QuotePoll {
                    msg, retry_after, ..
                } => {
                    if throttled(&msg) {
                        let mut paused = self.paused.lock().expect("not poisoned");
                        let strikes = paused.get(&i).map_or(0, |p| p.1) + 1;
                        let wait = retry_after.unwrap_or_else(|| backoff(strikes));
                        paused.insert(i, (Instant::now() + wait, strikes));
                    }
                    failures.push((provider.name().to_string(), msg));
                }
            }
        }
        (combine(symbol, failures), None)
    }
}

/// No request sent: the provider's wait is not over.
fn held_back(symbol: &str, secs: u64) -> Msg {
    Msg::SourceFailed {
        report: FetchReport::new(SourceKind::Quotes, symbol, "", Utc::now()),
        failure: Failure {
            class: FailureClass::HeldBack,
            detail: format!("throttled, next try in {secs}s"),
        },
    }
}

/// All providers failed: one message naming each provider's error (just
/// the error when there is one provider), reported against the last tried.
fn combine(symbol: &str, failures: Vec<(String, Msg)>) -> Msg {
    let single = failures.len() == 1;
    let mut details = Vec::new();
    let mut last = None;
    for (name, msg) in failures {
        if let Msg::SourceFailed { report, failure } = msg {
            details.push(if single {
                failure.detail
            } else {
                format!("{name}: {}", failure.detail)
            });
            last = Some((report, failure.class));
        }
    }
    let Some((report, class)) = last else {
        return Msg::SourceFailed {
            report: FetchReport::new(SourceKind::Quotes, symbol, "", Utc::now()),
            failure: Failure {
                class: FailureClass::Config,
                detail: "no quote provider configured".into(),
            },
        };
    };
    Msg::SourceFailed {
        report,
        failure: Failure {
            class,
            detail: details.join("; "),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_to_fifteen_minutes() {
        let secs: Vec<u64> = (1..=8).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 900, 900, 900]);
    }
}
