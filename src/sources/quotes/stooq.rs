//! Stooq's keyless CSV quote (`/q/l/?s=nvda.us&f=sd2t2ohlcv&h&e=csv`): a
//! last price with its date and time, no previous close, so change is
//! unknown. US listings only (`NVDA` is `nvda.us` there).

use crate::core::model::ProviderName;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Warsaw;
use serde::Deserialize;

use super::provider::{QuoteProvider, Registration, Rejection, Request, settings};
use crate::config::values::HttpUrl;
use crate::core::market::us_equity_state;
use crate::core::model::{Quote, Series, Timestamp};
use crate::sources::sanitize::sanitize_text;

pub const PROVIDER: ProviderName = ProviderName::STOOQ;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    base_url: HttpUrl,
}

pub struct Stooq {
    base_url: String,
}

pub const REGISTRATION: Registration = Registration {
    name: PROVIDER.as_str(),
    build: |table, _env| {
        let s: Settings = settings(PROVIDER.as_str(), table)?;
        Ok(Some(Arc::new(Stooq {
            base_url: s.base_url.0,
        })))
    },
};

/// Stooq's name for a US listing; indices, currencies and crypto pairs
/// are spelled differently there and are not asked for.
fn stooq_symbol(symbol: &str) -> Option<String> {
    let plain = symbol
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let pair = symbol.rsplit_once('-').is_some_and(|(_, q)| q.len() >= 3);
    (plain && !pair).then(|| format!("{}.us", symbol.to_ascii_lowercase()))
}

impl QuoteProvider for Stooq {
    fn name(&self) -> ProviderName {
        PROVIDER
    }

    fn requests(&self, symbol: &str) -> Vec<Request> {
        stooq_symbol(symbol)
            .map(|s| {
                let base = self.base_url.trim_end_matches('/');
                Request::open(format!("{base}/q/l/?s={s}&f=sd2t2ohlcv&h&e=csv"))
            })
            .into_iter()
            .collect()
    }

    fn parse(&self, body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection> {
        parse_csv(body, symbol, now)
    }
}

/// The header names the columns; the first data row is the quote. `N/D`
/// (no data) is Stooq's answer for a symbol it does not know.
pub fn parse_csv(body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, Rejection> {
    let text = String::from_utf8_lossy(body);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let not_csv = || Rejection::Parse("not a Stooq quote CSV".into());
    let header: Vec<String> = lines
        .next()
        .ok_or_else(not_csv)?
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let row: Vec<&str> = lines.next().ok_or_else(not_csv)?.split(',').collect();
    let field = |name: &str| {
        let i = header.iter().position(|h| h == name)?;
        row.get(i).map(|v| v.trim())
    };
    let (Some(close), Some(date)) = (field("close"), field("date")) else {
        return Err(not_csv());
    };
    if close == "N/D" {
        return Err(Rejection::Provider(format!("stooq: no data for {symbol}")));
    }
    let price: f64 = close
        .parse()
        .ok()
        .filter(|p: &f64| p.is_finite() && *p > 0.0)
        .ok_or_else(|| Rejection::Parse(format!("stooq: price {:?}", sanitize_text(close, 20))))?;
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| Rejection::Parse(format!("stooq: date {:?}", sanitize_text(date, 20))))?;
    let time = field("time")
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
        .unwrap_or_default();
    // Stooq's clock is Warsaw's.
    let as_of = Warsaw
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map_or(now, |t| t.to_utc());
    Ok(Quote {
        symbol: symbol.to_string(),
        price,
        prev_close: None,
        currency: "USD".into(),
        exchange: String::new(),
        market_state: us_equity_state(now),
        as_of: as_of.min(now),
        provider: PROVIDER,
        series: Series::default(),
        extended: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, 28, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_row_is_a_price_without_a_previous_close() {
        let body = b"Symbol,Date,Time,Open,High,Low,Close,Volume\r\n\
                     NVDA.US,2025-01-27,22:00:05,124.8,128.4,116.7,118.42,818830900\r\n";
        let q = parse_csv(body, "NVDA", now()).unwrap();
        assert_eq!(q.price, 118.42);
        assert_eq!(
            (q.prev_close, q.change(), q.change_pct()),
            (None, None, None)
        );
        assert_eq!(
            q.as_of,
            Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 5).unwrap()
        );
        assert_eq!(q.provider, "stooq");
    }

    #[test]
    fn no_data_and_garbage_are_not_prices() {
        let nd =
            b"Symbol,Date,Time,Open,High,Low,Close,Volume\nZZZZ.US,N/D,N/D,N/D,N/D,N/D,N/D,N/D\n";
        assert!(
            matches!(parse_csv(nd, "ZZZZ", now()), Err(Rejection::Provider(m)) if m.contains("no data"))
        );
        assert!(matches!(
            parse_csv(b"<html>", "X", now()),
            Err(Rejection::Parse(_))
        ));
        let zero = b"Symbol,Date,Time,Close\nX.US,2025-01-27,22:00:05,0\n";
        assert!(matches!(
            parse_csv(zero, "X", now()),
            Err(Rejection::Parse(_))
        ));
    }

    #[test]
    fn only_us_listings_are_asked_for() {
        assert_eq!(stooq_symbol("BRK-B").as_deref(), Some("brk-b.us"));
        assert_eq!(stooq_symbol("BTC-USD"), None);
        assert_eq!(stooq_symbol("^GSPC"), None);
        assert_eq!(stooq_symbol("EURUSD=X"), None);
    }
}
