//! CNBC's keyless quote web service (`/quote-html-webservice/restQuote/…`):
//! many symbols in one request (`symbols=A|B`), numbers as strings
//! ("4,098.12", "-0.51%"). Its `previous_day_closing` is wrong after the
//! close, so the previous close is `last − change`, checked against
//! `change_pct`; a body that contradicts itself brings no previous close.
//! The batch is the whole quote, so it carries the previous close too.

use crate::core::model::ProviderName;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::America::New_York;
use serde::Deserialize;

use super::provider::{BatchQuotes, QuoteProvider, Registration, Rejection, Request, settings};
use crate::config::values::HttpUrl;
use crate::core::model::{Extended, MarketState, Quote, Series, Timestamp};
use crate::sources::sanitize::sanitize_text;

pub const PROVIDER: ProviderName = ProviderName::CNBC;

/// Symbols one request carries (CNBC's pages ask for a few dozen).
pub const CNBC_MAX: usize = 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    base_url: HttpUrl,
}

pub struct Cnbc {
    pub base_url: String,
}

pub const REGISTRATION: Registration = Registration {
    name: PROVIDER.as_str(),
    build: |table, _env| {
        let s: Settings = settings(PROVIDER.as_str(), table)?;
        Ok(Some(Arc::new(Cnbc {
            base_url: s.base_url.0,
        })))
    },
};

/// The quote URL for `symbols` (joined by `|`, escaped).
pub fn cnbc_url(base: &str, symbols: &[String]) -> String {
    let list: Vec<String> = symbols.iter().map(|s| s.replace('^', "%5E")).collect();
    format!(
        "{}/quote-html-webservice/restQuote/symbolType/symbol?symbols={}\
         &requestMethod=itv&noform=1&partnerId=2&fund=1&exthrs=1&output=json&events=1",
        base.trim_end_matches('/'),
        list.join("%7C")
    )
}

impl QuoteProvider for Cnbc {
    fn name(&self) -> ProviderName {
        PROVIDER
    }

    fn requests(&self, symbol: &str) -> Vec<Request> {
        vec![Request::open(cnbc_url(
            &self.base_url,
            &[symbol.to_string()],
        ))]
    }

    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection> {
        let rows = rows(body)?;
        let row = rows
            .into_iter()
            .find(|r| r.symbol.eq_ignore_ascii_case(symbol))
            .ok_or_else(|| Rejection::Provider(format!("cnbc: no quote for {symbol}")))?;
        row_quote(row, now)
            .map(|mut q| {
                q.symbol = symbol.to_string();
                q
            })
            .ok_or_else(|| Rejection::Provider(format!("cnbc: no quote for {symbol}")))
    }

    fn batch(&self) -> Option<&dyn BatchQuotes> {
        Some(self)
    }
}

impl BatchQuotes for Cnbc {
    fn batch_name(&self) -> &'static str {
        "quotes"
    }

    fn batch_max(&self) -> usize {
        CNBC_MAX
    }

    fn batch_requests(&self, symbols: &[String]) -> Vec<Request> {
        vec![Request::open(cnbc_url(&self.base_url, symbols))]
    }

    fn parse_batch(&self, body: &[u8], now: Timestamp) -> Result<Vec<Quote>, Rejection> {
        parse_cnbc(body, now)
    }

    fn carries_prev_close(&self) -> bool {
        true
    }
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "FormattedQuoteResult")]
    formatted: Option<FormattedList>,
    #[serde(rename = "ITVQuoteResult")]
    itv: Option<ItvList>,
}

#[derive(Deserialize)]
struct FormattedList {
    #[serde(rename = "FormattedQuote", default)]
    rows: OneOrMany,
}

#[derive(Deserialize)]
struct ItvList {
    #[serde(rename = "ITVQuote", default)]
    rows: OneOrMany,
}

/// One symbol comes as an object, many as a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Row>),
    One(Box<Row>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    symbol: String,
    code: Option<serde_json::Value>,
    last: Option<String>,
    change: Option<String>,
    change_pct: Option<String>,
    previous_day_closing: Option<String>,
    last_time: Option<String>,
    #[serde(rename = "currencyCode")]
    currency: Option<String>,
    exchange: Option<String>,
    curmktstatus: Option<String>,
    #[serde(rename = "ExtendedMktQuote")]
    extended: Option<ExtendedRow>,
}

#[derive(Deserialize)]
struct ExtendedRow {
    #[serde(rename = "type")]
    kind: Option<String>,
    last: Option<String>,
    last_time: Option<String>,
}

fn rows(body: &[u8]) -> Result<Vec<Row>, Rejection> {
    let env: Envelope = serde_json::from_slice(body)
        .map_err(|e| Rejection::Parse(format!("not a CNBC quote body: {e}")))?;
    let list = match (env.formatted, env.itv) {
        (Some(f), _) => f.rows,
        (None, Some(i)) => i.rows,
        (None, None) => return Err(Rejection::Parse("not a CNBC quote body".into())),
    };
    Ok(match list {
        OneOrMany::Many(v) => v,
        OneOrMany::One(r) => vec![*r],
    })
}

/// A quote for each symbol the body prices; one CNBC cannot price
/// (`"code": 1`, no `last`) is left out.
pub fn parse_cnbc(body: &[u8], now: Timestamp) -> Result<Vec<Quote>, Rejection> {
    Ok(rows(body)?
        .into_iter()
        .filter_map(|r| row_quote(r, now))
        .collect())
}

/// "4,098.12", "+0.40%" → a finite number.
fn number(text: Option<&str>) -> Option<f64> {
    let t: String = text?
        .chars()
        .filter(|c| !matches!(c, ',' | '%' | '+' | ' '))
        .collect();
    t.parse().ok().filter(|v: &f64| v.is_finite())
}

/// An ISO time with offset, or a bare date (read as that day's US close).
fn time(text: Option<&str>) -> Option<Timestamp> {
    let t = text?.trim();
    if let Ok(at) = DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(at.to_utc());
    }
    let day = NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()?;
    let close = NaiveTime::from_hms_opt(16, 0, 0)?;
    New_York
        .from_local_datetime(&day.and_time(close))
        .earliest()
        .map(|t| t.to_utc())
}

fn session(text: Option<&str>) -> MarketState {
    match text.unwrap_or_default() {
        "PRE_MKT" => MarketState::Pre,
        "REG_MKT" => MarketState::Regular,
        "POST_MKT" => MarketState::Post,
        _ => MarketState::Closed,
    }
}

/// The previous close: `last − change`, else the stated one; kept only
/// when `change_pct` agrees (to its two decimals).
fn prev_close(row: &Row, last: f64) -> Option<f64> {
    let pct = number(row.change_pct.as_deref())?;
    let prev = match number(row.change.as_deref()) {
        Some(change) => ((last - change) * 1e6).round() / 1e6,
        None => number(row.previous_day_closing.as_deref())?,
    };
    let agrees = prev > 0.0 && ((last / prev - 1.0) * 100.0 - pct).abs() <= 0.011;
    agrees.then_some(prev)
}

fn row_quote(row: Row, now: Timestamp) -> Option<Quote> {
    let unknown = row.code.as_ref().is_some_and(|c| c != 0 && c != "0");
    let price = number(row.last.as_deref()).filter(|p| *p > 0.0);
    let price = price.filter(|_| !unknown)?;
    let regular_time = time(row.last_time.as_deref());
    let extended = row.extended.as_ref().and_then(|e| {
        let session = session(e.kind.as_deref());
        let p = number(e.last.as_deref()).filter(|p| *p > 0.0)?;
        matches!(session, MarketState::Pre | MarketState::Post).then(|| {
            let change = p - price;
            let ext = Extended {
                session,
                price: p,
                change,
                change_pct: change / price * 100.0,
            };
            (ext, time(e.last_time.as_deref()))
        })
    });
    let as_of = regular_time
        .max(extended.as_ref().and_then(|e| e.1))
        .unwrap_or(now)
        .min(now);
    Some(Quote {
        symbol: sanitize_text(&row.symbol, 20),
        price,
        prev_close: prev_close(&row, price),
        currency: row
            .currency
            .as_deref()
            .map_or_else(String::new, |c| sanitize_text(c, 8)),
        exchange: row
            .exchange
            .as_deref()
            .map_or_else(String::new, |x| sanitize_text(x, 40)),
        market_state: session(row.curmktstatus.as_deref()),
        as_of,
        provider: PROVIDER,
        series: Series::default(),
        extended: extended.map(|e| e.0),
    })
}

#[cfg(test)]
mod tests;
