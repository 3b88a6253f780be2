//! Yahoo's spark endpoint: the prices of up to 20 symbols in one request
//! (`/v7/finance/spark?symbols=A,B,…`), each answered as a small chart.
//! Its `chartPreviousClose` is the close before the chart window, not the
//! previous session's close: the per-symbol chart stays the authority for
//! that, and the caller drops it (`core::quotes::batched`).

use serde::Deserialize;

use super::chart::{ApiError, ChartResult, YahooError, provider_error, quote_from_result};
use crate::core::model::{Quote, Timestamp};
use crate::sources::sanitize::sanitize_text;

/// Symbols one spark request carries: Yahoo refuses more.
pub const SPARK_MAX: usize = 20;

#[derive(Deserialize)]
struct Envelope {
    spark: Option<Spark>,
    /// Where Yahoo puts refusals such as "Invalid Crumb".
    finance: Option<Finance>,
}

#[derive(Deserialize)]
struct Spark {
    result: Option<Vec<SparkResult>>,
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct Finance {
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct SparkResult {
    symbol: String,
    #[serde(default)]
    response: Vec<ChartResult>,
}

/// A quote for each symbol the body prices; a symbol without a price is
/// left out (it keeps its chart). Yahoo's error objects are its own errors.
pub fn parse_spark(body: &[u8], now: Timestamp) -> Result<Vec<Quote>, YahooError> {
    let env: Envelope =
        serde_json::from_slice(body).map_err(|e| YahooError::Parse(e.to_string()))?;
    if let Some(err) = env.finance.and_then(|f| f.error) {
        return Err(provider_error(err));
    }
    let spark = env
        .spark
        .ok_or_else(|| YahooError::Parse("not a spark body".into()))?;
    if let Some(err) = spark.error {
        return Err(provider_error(err));
    }
    let results = spark
        .result
        .ok_or_else(|| YahooError::Parse("no result".into()))?;
    Ok(results
        .into_iter()
        .filter_map(|r| {
            let symbol = sanitize_text(&r.symbol, 20);
            let chart = r.response.into_iter().next()?;
            let mut quote = quote_from_result(chart, &symbol, now).ok()?;
            quote.symbol = symbol;
            Some(quote)
        })
        .collect())
}

/// The spark URL for `symbols` (each percent-encoded, commas kept).
pub fn spark_url(base: &str, symbols: &[String]) -> String {
    let list: Vec<String> = symbols.iter().map(|s| encode(s)).collect();
    format!(
        "{}/v7/finance/spark?symbols={}&range=1d&interval=5m&includePrePost=true",
        base.trim_end_matches('/'),
        list.join(",")
    )
}

/// Symbols are checked on load (letters, digits, `^ . = -`): only `^`
/// and `=` need escaping in a query.
fn encode(symbol: &str) -> String {
    symbol.replace('^', "%5E").replace('=', "%3D")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.timestamp_opt(1_738_000_000, 0).unwrap()
    }

    const TWO: &str = r#"{"spark":{"result":[
      {"symbol":"NVDA","response":[{"meta":{"symbol":"NVDA","currency":"USD","regularMarketPrice":118.42,
        "regularMarketTime":1737999000,"chartPreviousClose":140.0},
        "timestamp":[1737998700],"indicators":{"quote":[{"close":[118.5]}]}}]},
      {"symbol":"GONE","response":[]},
      {"symbol":"MSFT","response":[{"meta":{"symbol":"MSFT","regularMarketPrice":434.56,"regularMarketTime":1737999000}}]}
    ],"error":null}}"#;

    #[test]
    fn each_priced_symbol_is_a_quote() {
        let quotes = parse_spark(TWO.as_bytes(), now()).unwrap();
        let got: Vec<(&str, f64)> = quotes
            .iter()
            .map(|q| (q.symbol.as_str(), q.price))
            .collect();
        assert_eq!(got, [("NVDA", 118.42), ("MSFT", 434.56)]);
        assert_eq!(quotes[0].as_of.timestamp(), 1_737_999_000);
    }

    #[test]
    fn refusals_are_yahoos_own_errors() {
        let crumb = br#"{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}"#;
        assert_eq!(
            parse_spark(crumb, now()).unwrap_err().to_string(),
            "Unauthorized: Invalid Crumb"
        );
        let bad = br#"{"spark":{"result":null,"error":{"code":"Bad Request","description":"too many symbols"}}}"#;
        assert!(matches!(
            parse_spark(bad, now()),
            Err(YahooError::Provider { .. })
        ));
        assert!(matches!(
            parse_spark(b"<html>", now()),
            Err(YahooError::Parse(_))
        ));
        assert!(matches!(
            parse_spark(br#"{"chart":{}}"#, now()),
            Err(YahooError::Parse(_))
        ));
    }

    #[test]
    fn symbols_are_escaped_and_commas_kept() {
        let url = spark_url(
            "https://q.example/",
            &["^GSPC".into(), "EURUSD=X".into(), "BRK-B".into()],
        );
        assert_eq!(
            url,
            "https://q.example/v7/finance/spark?symbols=%5EGSPC,EURUSD%3DX,BRK-B&range=1d&interval=5m&includePrePost=true"
        );
    }
}
