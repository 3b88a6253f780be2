//! Yahoo's v8 chart: its wire types (shared with the spark endpoint's
//! answers), `parse_chart` and the chart URL.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use thiserror::Error;

use super::PROVIDER;
use crate::core::market::trades_around_the_clock;
use crate::core::model::{Extended, MarketState, Quote, Series, Timestamp};
use crate::sources::sanitize::sanitize_text;

#[derive(Debug, Error, PartialEq)]
pub enum YahooError {
    /// Yahoo's own error object, e.g. "Not Found: No data found, symbol may be delisted".
    #[error("{code}: {description}")]
    Provider { code: String, description: String },
    #[error("unparseable chart body: {0}")]
    Parse(String),
    #[error("chart has no price")]
    NoPrice,
}

/// The previous session's bar is at most this old (a long weekend).
const PREV_SESSION_MAX_SECS: i64 = 6 * 86_400;

#[derive(Deserialize)]
struct Envelope {
    chart: Chart,
}

#[derive(Deserialize)]
struct Chart {
    result: Option<Vec<ChartResult>>,
    error: Option<ApiError>,
}

#[derive(Deserialize)]
pub(super) struct ApiError {
    code: Option<String>,
    description: Option<String>,
}

/// One symbol's chart; the spark endpoint answers with these too.
#[derive(Deserialize)]
pub(super) struct ChartResult {
    meta: Meta,
    #[serde(default)]
    timestamp: Vec<i64>,
    indicators: Option<Indicators>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    symbol: Option<String>,
    currency: Option<String>,
    exchange_name: Option<String>,
    regular_market_price: Option<f64>,
    regular_market_time: Option<i64>,
    previous_close: Option<f64>,
    chart_previous_close: Option<f64>,
    current_trading_period: Option<CurrentPeriod>,
    data_granularity: Option<String>,
    /// "1d" for the chart we ask for; empty for a `period1/period2` query.
    range: Option<String>,
}

#[derive(Deserialize)]
struct CurrentPeriod {
    pre: Option<Period>,
    regular: Option<Period>,
    post: Option<Period>,
}

#[derive(Deserialize, Clone, Copy)]
struct Period {
    start: i64,
    end: i64,
}

impl Period {
    fn contains(self, t: i64) -> bool {
        self.start <= t && t < self.end
    }
}

#[derive(Deserialize)]
struct Indicators {
    #[serde(default)]
    quote: Vec<QuoteBars>,
}

#[derive(Deserialize, Default)]
struct QuoteBars {
    #[serde(default)]
    close: Vec<Option<f64>>,
}

/// Parse a v8 chart body (success or Yahoo error object, whatever the
/// HTTP status). `now` decides the market state.
pub fn parse_chart(body: &[u8], symbol: &str, now: Timestamp) -> Result<Quote, YahooError> {
    let env: Envelope =
        serde_json::from_slice(body).map_err(|e| YahooError::Parse(e.to_string()))?;
    if let Some(err) = env.chart.error {
        return Err(provider_error(err));
    }
    let result = env
        .chart
        .result
        .and_then(|r| r.into_iter().next())
        .ok_or_else(|| YahooError::Parse("no result".into()))?;
    quote_from_result(result, symbol, now)
}

/// Yahoo's own error object, sanitized.
pub(super) fn provider_error(err: ApiError) -> YahooError {
    YahooError::Provider {
        code: sanitize_text(err.code.as_deref().unwrap_or("error"), 80),
        description: sanitize_text(err.description.as_deref().unwrap_or(""), 200),
    }
}

/// A quote from one chart result. `now` decides the market state.
pub(super) fn quote_from_result(
    result: ChartResult,
    symbol: &str,
    now: Timestamp,
) -> Result<Quote, YahooError> {
    let meta = result.meta;
    let price = meta
        .regular_market_price
        .filter(|p| p.is_finite() && *p > 0.0)
        .ok_or(YahooError::NoPrice)?;
    let closes = result
        .indicators
        .and_then(|i| i.quote.into_iter().next())
        .unwrap_or_default()
        .close;
    let mut points: Vec<(i64, f64)> = result
        .timestamp
        .iter()
        .zip(closes.iter())
        .filter_map(|(t, c)| c.map(|c| (*t, c)))
        .collect();
    // Bars out of order or repeated would make "the bar before" a lie.
    points.sort_by_key(|(t, _)| *t);
    points.dedup_by_key(|(t, _)| *t);
    let as_of = meta
        .regular_market_time
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .unwrap_or(now);

    // The previous session's close. chartPreviousClose is the close before
    // the chart window: right for a one-day chart, wrong for daily bars,
    // where the previous session is the second-to-last bar.
    let daily = meta
        .data_granularity
        .as_deref()
        .is_some_and(|g| g.ends_with('d'));
    // Only a close that belongs to the session before the price: the
    // previous daily bar if it is recent, chartPreviousClose only for the
    // one-day chart (for any other window it is the close before *that*).
    let prev_bar = || {
        let (t, close) = points[points.len().checked_sub(2)?];
        (daily && as_of.timestamp() - t <= PREV_SESSION_MAX_SECS).then_some(close)
    };
    // The meta's previous-close fields are about the session of the
    // bars: when the last bar is from another day than the price, they
    // are not the price's previous close.
    let same_session = points
        .last()
        .is_none_or(|(t, _)| (as_of.timestamp() - t).abs() <= 86_400);
    let one_day = meta.range.as_deref() == Some("1d");
    let prev_close = meta
        .previous_close
        .filter(|_| same_session)
        .or_else(prev_bar)
        .or(meta
            .chart_previous_close
            .filter(|_| one_day && same_session))
        .filter(|pc| pc.is_finite() && *pc > 0.0);
    let extended = if daily {
        None
    } else {
        extended_hours(
            &points,
            as_of.timestamp(),
            price,
            meta.current_trading_period.as_ref(),
        )
    };
    Ok(Quote {
        symbol: meta
            .symbol
            .map(|s| sanitize_text(&s, 20))
            .unwrap_or_else(|| symbol.to_string()),
        price,
        prev_close,
        currency: sanitize_text(meta.currency.as_deref().unwrap_or(""), 8),
        exchange: sanitize_text(meta.exchange_name.as_deref().unwrap_or(""), 16),
        market_state: market_state(meta.current_trading_period.as_ref(), now.timestamp()),
        as_of,
        provider: PROVIDER,
        series: Series::from_points(points),
        extended,
    })
}

/// A bar newer than the regular market time is pre- or post-market
/// trading: pre when it falls in the current pre-market window, else post.
fn extended_hours(
    points: &[(i64, f64)],
    regular_time: i64,
    price: f64,
    period: Option<&CurrentPeriod>,
) -> Option<Extended> {
    let &(t, last) = points.last()?;
    // The bar that starts at the close belongs to the regular session.
    if t <= regular_time {
        return None;
    }
    let pre = period.and_then(|p| p.pre).is_some_and(|p| p.contains(t));
    let (change, change_pct) = Quote::change_from(last, price);
    Some(Extended {
        session: if pre {
            MarketState::Pre
        } else {
            MarketState::Post
        },
        price: last,
        change,
        change_pct,
    })
}

fn market_state(period: Option<&CurrentPeriod>, t: i64) -> MarketState {
    let Some(p) = period else {
        return MarketState::Closed;
    };
    if p.regular.is_some_and(|r| r.contains(t)) {
        MarketState::Regular
    } else if p.pre.is_some_and(|r| r.contains(t)) {
        MarketState::Pre
    } else if p.post.is_some_and(|r| r.contains(t)) {
        MarketState::Post
    } else {
        MarketState::Closed
    }
}

/// The one-day chart; a 24/7 symbol's reaches back past 24 hours, since
/// its change is measured over its own day (`core::quotes::check`).
pub fn chart_url(base: &str, symbol: &str) -> String {
    let window = if trades_around_the_clock(symbol) {
        "range=5d&interval=15m"
    } else {
        "range=1d&interval=1m"
    };
    format!(
        "{}/v8/finance/chart/{symbol}?{window}&includePrePost=true",
        base.trim_end_matches('/'),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(t: i64) -> Timestamp {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    const BODY: &str = r#"{"chart":{"result":[{"meta":{"currency":"USD","symbol":"NVDA","exchangeName":"NMS",
      "regularMarketPrice":118.42,"regularMarketTime":1738011600,"chartPreviousClose":140.0,"previousClose":142.62,
      "currentTradingPeriod":{"pre":{"start":1737968400,"end":1737988200},"regular":{"start":1737988200,"end":1738011600},
      "post":{"start":1738011600,"end":1738026000}}},
      "timestamp":[1737988200,1737988260,1737988320],
      "indicators":{"quote":[{"close":[125.0,null,121.5]}]}}],"error":null}}"#;

    #[test]
    fn previous_close_is_the_previous_session() {
        let q = parse_chart(BODY.as_bytes(), "NVDA", at(1_738_011_700)).unwrap();
        assert_eq!(q.prev_close, Some(142.62));
        assert!((q.change().unwrap() - (118.42 - 142.62)).abs() < 1e-9);
        assert!((q.change_pct().unwrap() - (-16.968)).abs() < 0.01);
        assert_eq!(q.series.points, [(1737988200, 125.0), (1737988320, 121.5)]);
        assert_eq!(q.market_state, MarketState::Post);
        assert_eq!(q.exchange, "NMS");
    }

    /// A chart body with `meta` fields and daily or minute bars.
    fn lying(meta: &str, bars: &[(i64, f64)]) -> Quote {
        let (t, c): (Vec<i64>, Vec<f64>) = bars.iter().copied().unzip();
        let body = format!(
            r#"{{"chart":{{"result":[{{"meta":{{"regularMarketPrice":100.0,"regularMarketTime":1738011600,{meta}}},
            "timestamp":{t:?},"indicators":{{"quote":[{{"close":{c:?}}}]}}}}],"error":null}}}}"#
        );
        parse_chart(body.as_bytes(), "X", at(1_738_011_700)).unwrap()
    }

    #[test]
    fn a_close_from_another_window_is_no_previous_close() {
        // A period1/period2 query: chartPreviousClose is the close before *that* window.
        let q = lying(r#""range":"","chartPreviousClose":50.0"#, &[]);
        assert_eq!((q.prev_close, q.change()), (None, None));
        let q = lying(r#""range":"1d","chartPreviousClose":95.0"#, &[]);
        assert_eq!(
            q.prev_close,
            Some(95.0),
            "the one-day chart's is the last session's"
        );
    }

    #[test]
    fn a_previous_close_beside_bars_of_another_day_is_not_believed() {
        // The price is today's, the one-day chart's bars are from 2020:
        // its previous-close fields are about 2020's session.
        let meta = r#""range":"1d","previousClose":10.0,"chartPreviousClose":10.0"#;
        let q = lying(meta, &[(1_600_000_000, 11.0)]);
        assert_eq!((q.prev_close, q.change_pct()), (None, None));
        let q = lying(meta, &[(1_737_990_000, 99.0)]);
        assert_eq!(q.prev_close, Some(10.0), "today's bars: the fields stand");
    }

    #[test]
    fn a_daily_bar_years_old_is_no_previous_session() {
        let daily = r#""dataGranularity":"1d","range":"5d""#;
        let q = lying(daily, &[(1_600_000_000, 10.0), (1_738_000_000, 100.0)]);
        assert_eq!(q.prev_close, None, "2020's close is not yesterday's");
        let q = lying(daily, &[(1_737_900_000, 98.0), (1_738_000_000, 100.0)]);
        assert_eq!(q.prev_close, Some(98.0));
    }

    #[test]
    fn bars_out_of_order_or_repeated_are_put_straight() {
        let daily = r#""dataGranularity":"1d","range":"5d""#;
        let bars = [
            (1_738_000_000, 100.0),
            (1_737_900_000, 98.0),
            (1_738_000_000, 100.0),
            (1_737_800_000, 97.0),
        ];
        let q = lying(daily, &bars);
        assert_eq!(q.prev_close, Some(98.0), "the bar before the last, in time");
        assert_eq!(
            q.series.points,
            [
                (1_737_800_000, 97.0),
                (1_737_900_000, 98.0),
                (1_738_000_000, 100.0)
            ]
        );
    }

    #[test]
    fn a_24_7_symbols_chart_reaches_back_past_its_own_day() {
        assert!(chart_url("b", "BTC-USD").contains("range=5d&interval=15m"));
        assert!(chart_url("b", "NVDA").contains("range=1d&interval=1m"));
    }

    #[test]
    fn market_state_follows_the_clock() {
        let state = |t| {
            parse_chart(BODY.as_bytes(), "NVDA", at(t))
                .unwrap()
                .market_state
        };
        assert_eq!(state(1_737_970_000), MarketState::Pre);
        assert_eq!(state(1_737_990_000), MarketState::Regular);
        assert_eq!(state(1_738_030_000), MarketState::Closed);
    }

    #[test]
    fn error_bodies_are_provider_errors() {
        let body = br#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found"}}}"#;
        assert_eq!(
            parse_chart(body, "XXXX", at(0)),
            Err(YahooError::Provider {
                code: "Not Found".into(),
                description: "No data found".into()
            })
        );
        assert!(matches!(
            parse_chart(b"<html>", "X", at(0)),
            Err(YahooError::Parse(_))
        ));
    }
}
