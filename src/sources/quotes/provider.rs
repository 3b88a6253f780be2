//! The quote-provider seam. A polled provider is a URL builder and a pure
//! parser; `fetch` does the HTTP part the same way for all of them, and
//! `Registration` lets the wiring build one from its `[quotes.<name>]`
//! section. A new keyless provider is one file and one line in `PROVIDERS`.

use crate::core::model::ProviderName;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde::de::DeserializeOwned;

use super::budget::Budget;
use crate::core::app::Msg;
use crate::core::model::{Failure, FailureClass, FetchReport, Quote, SourceKind, Timestamp};
use crate::core::quotes::BudgetSpec;
use crate::core::quotes::vet;
use crate::sources::http::{HttpClient, body_is_html_page};

/// Reads an environment variable (the real environment, or a test's).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One request to try: the URL to fetch, and the URL to show (no secrets).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub shown: String,
}

impl Request {
    /// A request whose URL holds nothing secret.
    pub fn open(url: String) -> Request {
        Request {
            shown: url.clone(),
            url,
        }
    }
}

/// Why a body is not a quote.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// The provider said so itself (unknown symbol, no access, limit):
    /// final for this poll, no other URL of the provider is tried.
    Provider(String),
    /// Not a body of this provider's kind (an HTML page, garbage).
    Parse(String),
    /// Well-formed but untrue (`core::quotes::check`): final for this poll.
    Implausible(String),
}

pub trait QuoteProvider: Send + Sync {
    fn name(&self) -> ProviderName;
    /// The URLs to try for `symbol`, in order (mirrors of one API).
    fn requests(&self, symbol: &str) -> Vec<Request>;
    /// Read a body, whatever its HTTP status. Pure.
    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection>;
    /// Its batch endpoint, when it has one.
    fn batch(&self) -> Option<&dyn BatchQuotes> {
        None
    }
}

/// A provider's endpoint that prices many symbols in one request. Unless
/// it says it carries a previous close worth trusting, the per-symbol
/// request stays the authority for that (`core::quotes::batched`).
pub trait BatchQuotes: Send + Sync {
    /// What it is called in messages ("spark").
    fn batch_name(&self) -> &'static str;
    /// Most symbols one request may carry.
    fn batch_max(&self) -> usize;
    /// The URLs to try for these symbols, in order (mirrors).
    fn batch_requests(&self, symbols: &[String]) -> Vec<Request>;
    /// A quote for each symbol the body answers for. Pure.
    fn parse_batch(&self, body: &[u8], now: Timestamp) -> Result<Vec<Quote>, Rejection>;
    /// Its quotes are whole (a true previous close): no chart needed.
    fn carries_prev_close(&self) -> bool {
        false
    }
}

/// A provider as the chain holds it: with its budget.
#[derive(Clone)]
pub struct Polled {
    pub provider: Arc<dyn QuoteProvider>,
    pub budget: BudgetSpec,
}

/// A built provider; `None`: configured but not usable here (no API key).
pub type Built = Result<Option<Arc<dyn QuoteProvider>>, String>;

/// How the wiring builds a provider from its settings section.
pub struct Registration {
    pub name: &'static str,
    pub build: fn(&toml::Table, Env) -> Built,
}

/// A provider's settings from its section, refusing unknown keys.
pub fn settings<T: DeserializeOwned>(name: &str, table: &toml::Table) -> Result<T, String> {
    T::deserialize(toml::Value::Table(table.clone()))
        .map_err(|e| format!("quotes.{name}: {}", e.message()))
}

/// How a request gets its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spend {
    /// There is one, or no request (the monitor plans around its budget).
    Now,
    /// Wait for one (one-off polls under a deadline, like `snapshot`).
    Wait,
}

/// One provider's answer for one symbol, with what it asked of our pace.
#[derive(Debug)]
pub struct QuotePoll {
    pub msg: Msg,
    /// A throttled answer's `Retry-After`.
    pub retry_after: Option<Duration>,
    /// A good answer's `Cache-Control: max-age`: asking sooner gets the same.
    pub max_age: Option<Duration>,
}

/// Poll one symbol from one provider, each request drawn from `budget`.
pub async fn fetch(
    client: &HttpClient,
    provider: &dyn QuoteProvider,
    budget: (&Budget, Spend),
    symbol: &str,
) -> QuotePoll {
    let requests = provider.requests(symbol);
    let parse = |body: &[u8], now| {
        let quote = provider.parse(body, symbol, now)?;
        vet(quote, now).map_err(Rejection::Implausible)
    };
    match attempt(client, budget, symbol, requests, parse).await {
        Answer::Good {
            value,
            report,
            max_age,
        } => QuotePoll {
            msg: Msg::QuoteReceived {
                report,
                quote: value,
            },
            retry_after: None,
            max_age,
        },
        Answer::Bad {
            report,
            failure,
            retry_after,
        } => QuotePoll {
            msg: Msg::SourceFailed { report, failure },
            retry_after,
            max_age: None,
        },
    }
}

/// An HTML or script page (a challenge, a "key required" page), where a
/// quote body was expected.
pub fn is_page(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(256)]).to_ascii_lowercase();
    body_is_html_page(body) || head.trim_start().starts_with("<script")
}

/// What trying a provider's URLs gave.
#[derive(Debug)]
pub enum Answer<T> {
    Good {
        value: T,
        report: FetchReport,
        /// The answer's `Cache-Control: max-age`.
        max_age: Option<Duration>,
    },
    Bad {
        report: FetchReport,
        failure: Failure,
        /// A throttled answer's `Retry-After`.
        retry_after: Option<Duration>,
    },
}

/// An answer that ends the poll: no other URL of the provider is tried.
fn final_failure<T>(
    report: FetchReport,
    class: FailureClass,
    detail: String,
    retry_after: Option<Duration>,
) -> Answer<T> {
    Answer::Bad {
        report,
        failure: Failure { class, detail },
        retry_after,
    }
}

/// Try each URL in turn until one answers; each request spends a token of
/// `budget`, and none is sent without one. The order of judgement is the
/// same for every provider: a value from a success status; else the
/// provider's own error (final); else the HTTP status; else the body's
/// parse error. `name` is what the reports are about (a symbol, a batch).
pub async fn attempt<T>(
    client: &HttpClient,
    (budget, spend): (&Budget, Spend),
    name: &str,
    requests: Vec<Request>,
    parse: impl Fn(&[u8], Timestamp) -> Result<T, Rejection>,
) -> Answer<T> {
    let mut last: Option<(FetchReport, Failure)> = None;
    let mut retry_after = None;
    for request in requests {
        let mut report = FetchReport::new(SourceKind::Quotes, name, &request.shown, Utc::now());
        if spend == Spend::Wait {
            budget.acquire().await;
        } else if let Err(wait) = budget.take() {
            // Over budget: the earlier mirror's error says more, if any.
            let failure = Failure {
                class: FailureClass::HeldBack,
                detail: format!("over budget, next request in {}s", wait.as_secs().max(1)),
            };
            last = last.or(Some((report, failure)));
            break;
        }
        let fetched = match client.get(&request.url).await {
            Ok(f) => f,
            Err(e) => {
                tracing::debug!(%name, url = %request.shown, error = %e, "quote fetch failed");
                last = Some((report, Failure::from(&e)));
                continue;
            }
        };
        report.http_status = Some(fetched.status);
        report.elapsed_ms = fetched.elapsed.as_millis() as u64;
        retry_after = fetched.retry_after.or(retry_after);
        let failure = match (parse(&fetched.body, Utc::now()), fetched.is_success()) {
            (Ok(value), true) => {
                return Answer::Good {
                    value,
                    report,
                    max_age: fetched.max_age,
                };
            }
            // A challenge page answered with 200 says more than any parse
            // error, and is no word from the provider.
            (Err(_), true) if is_page(&fetched.body) => Failure {
                class: FailureClass::NotAFeed,
                detail: "an HTML page, not a quote".into(),
            },
            (Err(Rejection::Provider(detail)), _) => {
                return final_failure(report, FailureClass::Provider, detail, fetched.retry_after);
            }
            (Err(Rejection::Implausible(detail)), true) => {
                return final_failure(
                    report,
                    FailureClass::Implausible,
                    detail,
                    fetched.retry_after,
                );
            }
            (_, false) => Failure {
                class: FailureClass::Http,
                detail: format!("HTTP {}", fetched.status),
            },
            (Err(Rejection::Parse(detail)), true) => Failure {
                class: FailureClass::Parse,
                detail,
            },
        };
        last = Some((report, failure));
    }
    let (report, failure) = last.unwrap_or_else(|| {
        (
            FetchReport::new(SourceKind::Quotes, name, "", Utc::now()),
            Failure {
                class: FailureClass::Config,
                detail: format!("no URL to ask for {name}"),
            },
        )
    });
    Answer::Bad {
        report,
        failure,
        retry_after,
    }
}
