//! Finnhub REST `/quote` (needs an API key). Unknown symbols come back as
//! HTTP 200 with all zeros, limits as plain text: both are errors here,
//! never prices.

use crate::core::model::ProviderName;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use thiserror::Error;

use std::sync::Arc;

use super::provider::{Env, QuoteProvider, Registration, Rejection, Request, settings};
use crate::config::values::{HttpUrl, WsUrl};
use crate::core::market::us_equity_state;
use crate::core::model::{Quote, Series, Timestamp};
use crate::sources::sanitize::sanitize_text;

pub const PROVIDER: ProviderName = ProviderName::FINNHUB;

#[derive(Debug, Error, PartialEq)]
pub enum FinnhubError {
    #[error("finnhub: unknown symbol (all-zero quote)")]
    UnknownSymbol,
    #[error("finnhub: {0}")]
    Provider(String),
}

#[derive(Deserialize)]
struct Body {
    c: Option<f64>,
    pc: Option<f64>,
    t: Option<i64>,
    error: Option<String>,
}

pub fn parse_quote(body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, FinnhubError> {
    let Ok(parsed) = serde_json::from_slice::<Body>(body) else {
        // Plain-text bodies ("API limit reached…") carry the reason.
        let text = sanitize_text(&String::from_utf8_lossy(body), 160);
        return Err(FinnhubError::Provider(if text.is_empty() {
            "empty body".into()
        } else {
            text
        }));
    };
    if let Some(err) = parsed.error {
        return Err(FinnhubError::Provider(sanitize_text(&err, 160)));
    }
    let price = parsed.c.unwrap_or(0.0);
    // A zero or missing previous close is "unknown", not a reference.
    let prev_close = parsed.pc.filter(|pc| pc.is_finite() && *pc > 0.0);
    if price <= 0.0 || !price.is_finite() {
        return Err(FinnhubError::UnknownSymbol);
    }
    let as_of = parsed
        .t
        .filter(|t| *t > 0)
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .unwrap_or(now);
    Ok(Quote {
        symbol: symbol.to_string(),
        price,
        prev_close,
        currency: "USD".into(),
        exchange: String::new(),
        market_state: us_equity_state(now),
        as_of,
        provider: PROVIDER,
        series: Series::default(),
        extended: None,
    })
}

/// The request URL (with the key) and the URL to show (without it).
pub fn quote_urls(base: &str, symbol: &str, key: &str) -> (String, String) {
    let shown = format!("{}/quote?symbol={symbol}", base.trim_end_matches('/'));
    (format!("{shown}&token={key}"), shown)
}

/// `[quotes.finnhub]`: the REST poll and the trade stream share it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Empty: taken from $FINNHUB_API_KEY.
    api_key: String,
    pub base_url: HttpUrl,
    /// With a key: live trades over the websocket, beside the polls.
    pub stream: bool,
    pub ws_url: WsUrl,
}

impl Settings {
    pub fn from_table(table: &toml::Table) -> Result<Settings, String> {
        settings(PROVIDER.as_str(), table)
    }

    /// The key: the config's, else the environment's; none, no Finnhub.
    /// The one place `FINNHUB_API_KEY` is read.
    pub fn api_key(&self, env: Env) -> Option<String> {
        // A key pasted with a trailing newline would be refused forever.
        [Some(self.api_key.clone()), env("FINNHUB_API_KEY")]
            .into_iter()
            .flatten()
            .map(|k| k.trim().to_string())
            .find(|k| !k.is_empty())
    }
}

/// A key in the query string travels in clear over `http://`/`ws://`:
/// allowed only to this machine (tests, a local proxy), else refused.
pub fn refuse_clear_text(field: &str, url: &str) -> Result<(), String> {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Ok(());
    };
    let host = parsed.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if matches!(parsed.scheme(), "http" | "ws") && !loopback {
        return Err(format!(
            "quotes.finnhub.{field}: {}:// would send the API key in clear; use {}s:// \
             (plain text only to a loopback host)",
            parsed.scheme(),
            parsed.scheme()
        ));
    }
    Ok(())
}

/// REST `/quote`, one symbol per request, with a key.
pub struct Finnhub {
    pub base_url: String,
    pub api_key: String,
}

pub const REGISTRATION: Registration = Registration {
    name: PROVIDER.as_str(),
    build: |table, env| {
        let s = Settings::from_table(table)?;
        let Some(api_key) = s.api_key(env) else {
            return Ok(None);
        };
        refuse_clear_text("base_url", &s.base_url.0)?;
        Ok(Some(Arc::new(Finnhub {
            base_url: s.base_url.0,
            api_key,
        }) as Arc<dyn QuoteProvider>))
    },
};

impl QuoteProvider for Finnhub {
    fn name(&self) -> ProviderName {
        PROVIDER
    }

    fn requests(&self, symbol: &str) -> Vec<Request> {
        let (url, shown) = quote_urls(&self.base_url, symbol, &self.api_key);
        vec![Request { url, shown }]
    }

    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection> {
        parse_quote(body, symbol, now).map_err(|e| Rejection::Provider(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2020, 2, 25, 15, 0, 0).unwrap()
    }

    #[test]
    fn a_quote_body_is_a_price() {
        let body = br#"{"c": 261.74, "h": 263.31, "l": 260.68, "o": 261.07, "pc": 259.45, "t": 1582641000}"#;
        let q = parse_quote(body, "AAPL", now()).unwrap();
        assert_eq!((q.price, q.prev_close), (261.74, Some(259.45)));
        assert!((q.change().unwrap() - 2.29).abs() < 1e-9);
        assert_eq!(q.as_of.timestamp(), 1_582_641_000);
        assert_eq!(q.provider, "finnhub");
    }

    #[test]
    fn zeros_errors_and_plain_text_are_not_prices() {
        let zeros = br#"{"c":0,"h":0,"l":0,"o":0,"pc":0,"t":0}"#;
        assert_eq!(
            parse_quote(zeros, "ZZZZ", now()),
            Err(FinnhubError::UnknownSymbol)
        );
        let err = br#"{"error":"Symbol not supported."}"#;
        assert_eq!(
            parse_quote(err, "X", now()),
            Err(FinnhubError::Provider("Symbol not supported.".into()))
        );
        let text = b"API limit reached. Please try again later.";
        assert!(
            matches!(parse_quote(text, "X", now()), Err(FinnhubError::Provider(m)) if m.starts_with("API limit"))
        );
    }

    #[test]
    fn the_key_never_shows() {
        let (request, shown) = quote_urls("https://finnhub.io/api/v1/", "NVDA", "sekret");
        assert_eq!(
            request,
            "https://finnhub.io/api/v1/quote?symbol=NVDA&token=sekret"
        );
        assert!(!shown.contains("sekret"));
    }
}
