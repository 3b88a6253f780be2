//! The provider chain: per symbol, try the provider that worked last time
//! first (sticky), and fall back through the configured order within the
//! same poll, so one provider's outage costs no prices.

use crate::core::model::ProviderName;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use tokio::time::Instant;

use super::budget::Budget;
use super::provider::{
    Answer, BatchQuotes, Polled, QuotePoll, QuoteProvider, Spend, attempt, fetch,
};
use crate::core::app::Msg;
use crate::core::model::{Failure, FailureClass, FetchReport, Quote, SourceKind};
use crate::core::quotes::vet;
use crate::sources::http::HttpClient;

/// A provider in the chain, with the budget all its requests draw from.
struct Member {
    provider: Arc<dyn QuoteProvider>,
    budget: Budget,
}

pub struct QuoteChain {
    members: Vec<Member>,
    /// Per symbol, the index of the provider that answered last.
    sticky: Mutex<HashMap<String, usize>>,
    /// Per provider: held back after a 429/5xx until when, and how many
    /// throttled answers in a row.
    paused: Mutex<HashMap<usize, (Instant, u32)>>,
    spend: Spend,
}

/// Backoff when a throttled provider names no Retry-After: 30 s, doubling to 15 min.
fn backoff(strikes: u32) -> Duration {
    Duration::from_secs(30 << strikes.saturating_sub(1).min(5)).min(Duration::from_secs(900))
}

fn throttled(status: Option<u16>) -> bool {
    status.is_some_and(|s| s == 429 || s >= 500)
}

impl QuoteChain {
    pub fn new(providers: Vec<Polled>) -> QuoteChain {
        QuoteChain {
            members: providers
                .into_iter()
                .map(|p| Member {
                    provider: p.provider,
                    budget: Budget::new(p.budget),
                })
                .collect(),
            sticky: Mutex::new(HashMap::new()),
            paused: Mutex::new(HashMap::new()),
            spend: Spend::Now,
        }
    }

    /// A chain whose requests wait for their tokens instead of failing
    /// over budget (one-off polls under a deadline).
    pub fn patient(mut self) -> QuoteChain {
        self.spend = Spend::Wait;
        self
    }

    /// The providers' names, in configured order.
    pub fn names(&self) -> Vec<ProviderName> {
        self.members.iter().map(|m| m.provider.name()).collect()
    }

    pub fn budget(&self, provider: usize) -> &Budget {
        &self.members[provider].budget
    }

    pub fn batch(&self, provider: usize) -> Option<&dyn BatchQuotes> {
        self.members[provider].provider.batch()
    }

    /// The provider `symbol` is polled from: the one that answered last,
    /// else the first.
    pub fn provider_of(&self, symbol: &str) -> usize {
        self.sticky_of(symbol).unwrap_or(0)
    }

    fn sticky_of(&self, symbol: &str) -> Option<usize> {
        self.sticky
            .lock()
            .expect("not poisoned")
            .get(symbol)
            .copied()
    }

    /// The provider order to try for `symbol`: the sticky one first.
    fn order(&self, symbol: &str) -> Vec<usize> {
        let first = self.sticky_of(symbol);
        let mut order: Vec<usize> = first.into_iter().collect();
        order.extend((0..self.members.len()).filter(|i| Some(*i) != first));
        order
    }

    /// How long provider `i` is still held back after a 429/5xx.
    pub fn held(&self, i: usize) -> Option<Duration> {
        let paused = self.paused.lock().expect("not poisoned");
        let until = paused.get(&i)?.0;
        (until > Instant::now()).then(|| until - Instant::now())
    }

    /// Learn from an answer's status: a throttled one holds the provider
    /// back (its Retry-After, else a doubling backoff); a good one frees it.
    fn learn(&self, i: usize, status: Option<u16>, ok: bool, retry_after: Option<Duration>) {
        let mut paused = self.paused.lock().expect("not poisoned");
        if ok {
            paused.remove(&i);
        } else if throttled(status) {
            let strikes = paused.get(&i).map_or(0, |p| p.1) + 1;
            let wait = retry_after.unwrap_or_else(|| backoff(strikes));
            paused.insert(i, (Instant::now() + wait, strikes));
        }
    }

    /// One poll of one symbol through the chain. The failure reported, if
    /// all fail, names every provider's error. A quote comes with its
    /// answer's `max-age`.
    pub async fn poll(&self, client: &HttpClient, symbol: &str) -> (Msg, Option<Duration>) {
        let mut failures: Vec<(String, Msg)> = Vec::new();
        for i in self.order(symbol) {
            let member = &self.members[i];
            if let Some(wait) = self.held(i) {
                // Polite: no request at all while the provider asked us to wait.
                let msg = held_back(symbol, wait.as_secs());
                failures.push((member.provider.name().to_string(), msg));
                continue;
            }
            let budget = (&member.budget, self.spend);
            let poll = fetch(client, member.provider.as_ref(), budget, symbol).await;
            let QuotePoll {
                msg,
                retry_after,
                max_age,
            } = poll;
            let (status, ok) = match &msg {
                Msg::QuoteReceived { report, .. } => (report.http_status, true),
                Msg::SourceFailed { report, .. } => (report.http_status, false),
                _ => (None, false),
            };
            self.learn(i, status, ok, retry_after);
            if ok {
                self.sticky
                    .lock()
                    .expect("not poisoned")
                    .insert(symbol.to_string(), i);
                return (msg, max_age);
            }
            failures.push((member.provider.name().to_string(), msg));
        }
        (combine(symbol, failures), None)
    }

    /// One batch request (per `batch_max` symbols) to provider `i` for
    /// `symbols`, within its budget and its throttle hold.
    pub async fn poll_batch(
        &self,
        client: &HttpClient,
        i: usize,
        symbols: &[String],
    ) -> Answer<Vec<Quote>> {
        let member = &self.members[i];
        let Some(batch) = member.provider.batch() else {
            return refused(member.provider.name().as_str(), "no batch endpoint");
        };
        let name = format!("{} {}", member.provider.name(), batch.batch_name());
        if let Some(wait) = self.held(i) {
            let Msg::SourceFailed { report, failure } = held_back(&name, wait.as_secs()) else {
                unreachable!("held_back is a failure")
            };
            return Answer::Bad {
                report,
                failure,
                retry_after: None,
            };
        }
        let mut quotes = Vec::new();
        let mut answer = None;
        for chunk in symbols.chunks(batch.batch_max().max(1)) {
            let requests = batch.batch_requests(chunk);
            // A batch's untrue quotes are left out: their charts take over
            // and say why.
            let parse = |body: &[u8], now| {
                let quotes = batch.parse_batch(body, now)?;
                Ok(quotes
                    .into_iter()
                    .filter_map(|q| vet(q, now).ok())
                    .collect::<Vec<_>>())
            };
            match attempt(client, (&member.budget, self.spend), &name, requests, parse).await {
                Answer::Good {
                    value,
                    report,
                    max_age,
                } => {
                    self.learn(i, report.http_status, true, None);
                    quotes.extend(value);
                    answer = Some((report, max_age));
                }
                Answer::Bad {
                    report,
                    failure,
                    retry_after,
                } => {
                    self.learn(i, report.http_status, false, retry_after);
                    return Answer::Bad {
                        report,
                        failure,
                        retry_after,
                    };
                }
            }
        }
        match answer {
            Some((report, max_age)) => Answer::Good {
                value: quotes,
                report,
                max_age,
            },
            None => refused(&name, "no symbols"),
        }
    }
}

fn refused<T>(name: &str, why: &str) -> Answer<T> {
    Answer::Bad {
        report: FetchReport::new(SourceKind::Quotes, name, "", Utc::now()),
        failure: Failure {
            class: FailureClass::Config,
            detail: why.into(),
        },
        retry_after: None,
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
