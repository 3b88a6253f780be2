//! Yahoo Finance, keyless: the v8 chart for one symbol per request
//! (`chart.rs`), and the spark endpoint beside it for many symbols' prices
//! at once (`spark.rs`), both behind one provider.

mod chart;
mod spark;

use crate::core::model::ProviderName;
use std::sync::Arc;

use serde::Deserialize;

use super::provider::{BatchQuotes, QuoteProvider, Registration, Rejection, Request, settings};
use crate::config::values::HttpUrl;
use crate::core::model::{Quote, Timestamp};

use chart::chart_url;
use spark::{SPARK_MAX, spark_url};

pub use chart::{YahooError, parse_chart};
pub use spark::parse_spark;

pub const PROVIDER: ProviderName = ProviderName::YAHOO;

/// `[quotes.yahoo]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Mirrors, tried in order.
    base_urls: Vec<HttpUrl>,
}

/// The chart endpoint, keyless: one symbol per request.
pub struct Yahoo {
    pub base_urls: Vec<String>,
}

pub const REGISTRATION: Registration = Registration {
    name: PROVIDER.as_str(),
    build: |table, _env| {
        let s: Settings = settings(PROVIDER.as_str(), table)?;
        if s.base_urls.is_empty() {
            return Err("quotes.yahoo.base_urls is empty".into());
        }
        Ok(Some(Arc::new(Yahoo {
            base_urls: s.base_urls.into_iter().map(|u| u.0).collect(),
        })))
    },
};

impl QuoteProvider for Yahoo {
    fn name(&self) -> ProviderName {
        PROVIDER
    }

    fn requests(&self, symbol: &str) -> Vec<Request> {
        self.base_urls
            .iter()
            .map(|base| Request::open(chart_url(base, symbol)))
            .collect()
    }

    /// Yahoo's own error object (unknown symbol) is final; anything else
    /// that is not a chart moves on to the next mirror.
    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection> {
        parse_chart(body, symbol, now).map_err(rejection)
    }

    fn batch(&self) -> Option<&dyn BatchQuotes> {
        Some(self)
    }
}

fn rejection(e: YahooError) -> Rejection {
    match e {
        YahooError::Provider { .. } => Rejection::Provider(e.to_string()),
        _ => Rejection::Parse(e.to_string()),
    }
}

impl BatchQuotes for Yahoo {
    fn batch_name(&self) -> &'static str {
        "spark"
    }

    fn batch_max(&self) -> usize {
        SPARK_MAX
    }

    fn batch_requests(&self, symbols: &[String]) -> Vec<Request> {
        self.base_urls
            .iter()
            .map(|base| Request::open(spark_url(base, symbols)))
            .collect()
    }

    fn parse_batch(&self, body: &[u8], now: Timestamp) -> Result<Vec<Quote>, Rejection> {
        parse_spark(body, now).map_err(rejection)
    }
}
