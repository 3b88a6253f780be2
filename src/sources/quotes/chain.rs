//! The provider chain: per symbol, try the provider that worked last time
//! first (sticky), and fall back through the configured order within the
//! same poll, so one provider's outage costs no prices.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;

use super::{finnhub, yahoo};
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

    async fn poll(&self, client: &HttpClient, symbol: &str) -> Msg {
        match self {
            Provider::Yahoo { base_urls } => yahoo::poll_quote(client, base_urls, symbol).await,
            Provider::Finnhub { base_url, api_key } => {
                poll_finnhub(client, base_url, api_key, symbol).await
            }
        }
    }
}

async fn poll_finnhub(client: &HttpClient, base: &str, key: &str, symbol: &str) -> Msg {
    let (url, shown) = finnhub::quote_urls(base, symbol, key);
    let mut report = FetchReport::new(SourceKind::Quotes, symbol, &shown, Utc::now());
    let fetched = match client.get(&url).await {
        Ok(f) => f,
        Err(e) => {
            return Msg::SourceFailed {
                report,
                failure: Failure::from(&e),
            };
        }
    };
    report.http_status = Some(fetched.status);
    report.elapsed_ms = fetched.elapsed.as_millis() as u64;
    match finnhub::parse_quote(&fetched.body, symbol, Utc::now()) {
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
    }
}

pub struct QuoteChain {
    providers: Vec<Provider>,
    /// Per symbol, the index of the provider that answered last.
    sticky: Mutex<HashMap<String, usize>>,
}

impl QuoteChain {
    pub fn new(providers: Vec<Provider>) -> QuoteChain {
        QuoteChain {
            providers,
            sticky: Mutex::new(HashMap::new()),
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
    /// all fail, names every provider's error.
    pub async fn poll(&self, client: &HttpClient, symbol: &str) -> Msg {
        let mut failures: Vec<(String, Msg)> = Vec::new();
        for i in self.order(symbol) {
            let provider = &self.providers[i];
            match provider.poll(client, symbol).await {
                msg @ Msg::QuoteReceived { .. } => {
                    self.sticky
                        .lock()
                        .expect("not poisoned")
                        .insert(symbol.to_string(), i);
                    return msg;
                }
                msg => failures.push((provider.name().to_string(), msg)),
            }
        }
        combine(symbol, failures)
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
