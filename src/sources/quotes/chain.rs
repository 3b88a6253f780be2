//! The provider chain: per symbol, try the provider that worked last time
//! first (sticky), and fall back through the configured order within the
//! same poll, so one provider's outage costs no prices.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::{QuotePoll, finnhub, yahoo};
use crate::core::model::{Failure, FailureClass, FetchReport, SourceKind};
use crate::core::msg::Msg;
use crate::sources::http::HttpClient;

#[derive(Debug, Clone, PartialEq)]
pub enum Provider {
    Yahoo { base_urls: Vec<String> },
    Finnhub { base_url: String, api_key: String },
}

impl Provider {
    pub fn name(&self) -> &'static str {
        match self {
            Provider::Yahoo { .. } => yahoo::PROVIDER,
            Provider::Finnhub { .. } => finnhub::PROVIDER,
        }
    }

    async fn poll(&self, client: &HttpClient, symbol: &str) -> QuotePoll {
        match self {
            Provider::Yahoo { base_urls } => yahoo::poll_quote(client, base_urls, symbol).await,
            Provider::Finnhub { base_url, api_key } => {
                poll_finnhub(client, base_url, api_key, symbol).await
            }
        }
    }
}

async fn poll_finnhub(client: &HttpClient, base: &str, key: &str, symbol: &str) -> QuotePoll {
    let (url, shown) = finnhub::quote_urls(base, symbol, key);
    let mut report = FetchReport::new(SourceKind::Quotes, symbol, &shown, Utc::now());
    let fetched = match client.get(&url).await {
        Ok(f) => f,
        Err(e) => {
            let failure = Failure::from(&e);
            return QuotePoll {
                msg: Msg::SourceFailed { report, failure },
                retry_after: None,
                max_age: None,
            };
        }
    };
    report.http_status = Some(fetched.status);
    report.elapsed_ms = fetched.elapsed.as_millis() as u64;
    let msg = match finnhub::parse_quote(&fetched.body, symbol, Utc::now()) {
        Ok(quote) if fetched.is_success() => Msg::QuoteReceived { report, quote },
        Ok(_) => Msg::SourceFailed {
            report,
            failure: Failure {
                class: FailureClass::Http,
                detail: format!("HTTP {}", fetched.status),
            },
        },
        Err(e) => Msg::SourceFailed {
            report,
            failure: Failure {
                class: FailureClass::Provider,
                detail: e.to_string(),
            },
        },
    };
    QuotePoll {
        msg,
        retry_after: fetched.retry_after,
        max_age: fetched.max_age,
    }
}

pub struct QuoteChain {
    providers: Vec<Provider>,
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
    pub fn new(providers: Vec<Provider>) -> QuoteChain {
        QuoteChain {
            providers,
            sticky: Mutex::new(HashMap::new()),
            paused: Mutex::new(HashMap::new()),
        }
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
            match provider.poll(client, symbol).await {
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

/// All providers failed: one message naming each provider's error (just
/// the error when there is one provider), reported against the last tried.
fn held_back(symbol: &str, secs: u64) -> Msg {
    Msg::SourceFailed {
        report: FetchReport::new(SourceKind::Quotes, symbol, "", Utc::now()),
        failure: Failure {
            class: FailureClass::Http,
            detail: format!("throttled, next try in {secs}s"),
        },
    }
}

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
                class: FailureClass::Network,
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
