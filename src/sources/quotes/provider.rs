//! The quote-provider seam. A polled provider is a URL builder and a pure
//! parser; `fetch` does the HTTP part the same way for all of them, and
//! `Registration` lets the wiring build one from its `[quotes.<name>]`
//! section. A new keyless provider is one file and one line in `PROVIDERS`.

use std::sync::Arc;

use chrono::Utc;
use serde::de::DeserializeOwned;

use super::QuotePoll;
use crate::core::model::{Failure, FailureClass, FetchReport, Quote, SourceKind, Timestamp};
use crate::core::msg::Msg;
use crate::sources::http::HttpClient;

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
}

pub trait QuoteProvider: Send + Sync {
    fn name(&self) -> &'static str;
    /// The URLs to try for `symbol`, in order (mirrors of one API).
    fn requests(&self, symbol: &str) -> Vec<Request>;
    /// Read a body, whatever its HTTP status. Pure.
    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection>;
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

/// Poll one symbol from one provider: each URL in turn until one answers.
/// The order of judgement is the same for every provider: a quote from a
/// success status; else the provider's own error (final); else the HTTP
/// status; else the body's parse error.
pub async fn fetch(client: &HttpClient, provider: &dyn QuoteProvider, symbol: &str) -> QuotePoll {
    let mut last: Option<(FetchReport, Failure)> = None;
    let mut retry_after = None;
    for request in provider.requests(symbol) {
        let mut report = FetchReport::new(SourceKind::Quotes, symbol, &request.shown, Utc::now());
        let fetched = match client.get(&request.url).await {
            Ok(f) => f,
            Err(e) => {
                tracing::debug!(%symbol, url = %request.shown, error = %e, "quote fetch failed");
                last = Some((report, Failure::from(&e)));
                continue;
            }
        };
        report.http_status = Some(fetched.status);
        report.elapsed_ms = fetched.elapsed.as_millis() as u64;
        retry_after = fetched.retry_after.or(retry_after);
        let parsed = provider.parse(&fetched.body, symbol, Utc::now());
        let failure = match (parsed, fetched.is_success()) {
            (Ok(quote), true) => {
                return QuotePoll {
                    msg: Msg::QuoteReceived { report, quote },
                    retry_after: None,
                    max_age: fetched.max_age,
                };
            }
            (Err(Rejection::Provider(detail)), _) => {
                let failure = Failure {
                    class: FailureClass::Provider,
                    detail,
                };
                return QuotePoll {
                    msg: Msg::SourceFailed { report, failure },
                    retry_after: fetched.retry_after,
                    max_age: None,
                };
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
            FetchReport::new(SourceKind::Quotes, symbol, "", Utc::now()),
            Failure {
                class: FailureClass::Config,
                detail: format!("{} has no URL for {symbol}", provider.name()),
            },
        )
    });
    QuotePoll {
        msg: Msg::SourceFailed { report, failure },
        retry_after,
        max_age: None,
    }
}
