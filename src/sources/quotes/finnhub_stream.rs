//! Finnhub's trade websocket (with an API key): subscribe per symbol,
//! receive `{"type":"trade","data":[{"s","p","t"}…]}` batches.

use crate::core::model::ProviderName;
use chrono::{TimeZone, Utc};
use serde::Deserialize;

use super::finnhub::PROVIDER;
use super::stream::{Event, Protocol};
use crate::core::model::Trade;
use crate::sources::sanitize::sanitize_text;

pub struct FinnhubStream {
    pub ws_url: String,
    pub api_key: String,
    /// `(Finnhub's spelling, the watchlist's)`.
    pub symbols: Vec<(String, String)>,
}

impl FinnhubStream {
    pub fn new(ws_url: &str, api_key: &str, watchlist: &[String]) -> FinnhubStream {
        let symbols = watchlist
            .iter()
            .filter_map(|s| Some((finnhub_spelling(s)?, s.clone())))
            .collect();
        FinnhubStream {
            ws_url: ws_url.to_string(),
            api_key: api_key.to_string(),
            symbols,
        }
    }
}

/// US listings only: Yahoo's `BRK-B` is Finnhub's `BRK.B`; indices (`^`),
/// currencies (`=X`), crypto pairs and other exchanges (`VOD.L`, `7203.T`:
/// Yahoo marks them with a dot) are not on this stream.
fn finnhub_spelling(symbol: &str) -> Option<String> {
    let plain = symbol
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let crypto = super::coinbase::streams(symbol);
    (plain && !crypto).then(|| symbol.replace('-', "."))
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    /// Raw, so one malformed tick costs only itself.
    #[serde(default)]
    data: Vec<serde_json::Value>,
    msg: Option<String>,
}

#[derive(Deserialize)]
struct Tick {
    s: String,
    p: f64,
    /// Milliseconds since the epoch.
    t: i64,
}

impl Protocol for FinnhubStream {
    fn provider(&self) -> ProviderName {
        PROVIDER
    }

    fn url(&self) -> String {
        match reqwest::Url::parse(&self.ws_url) {
            Ok(mut url) => {
                url.query_pairs_mut().append_pair("token", &self.api_key);
                url.into()
            }
            Err(_) => self.ws_url.clone(),
        }
    }

    fn shown_url(&self) -> String {
        self.ws_url.clone()
    }

    fn subscriptions(&self) -> Vec<String> {
        self.symbols
            .iter()
            .map(|(theirs, _)| {
                serde_json::json!({"type": "subscribe", "symbol": theirs}).to_string()
            })
            .collect()
    }

    fn symbol_count(&self) -> usize {
        self.symbols.len()
    }

    fn carries(&self, symbol: &str) -> bool {
        self.symbols.iter().any(|(_, ours)| ours == symbol)
    }

    fn parse(&self, text: &str) -> Event {
        let Ok(msg) = serde_json::from_str::<Message>(text) else {
            return Event::Alive;
        };
        match msg.kind.as_str() {
            "trade" => Event::Trades(
                msg.data
                    .into_iter()
                    .filter_map(|tick| self.trade(serde_json::from_value(tick).ok()?))
                    .collect(),
            ),
            "error" => Event::Error(sanitize_text(msg.msg.as_deref().unwrap_or("error"), 200)),
            _ => Event::Alive,
        }
    }
}

impl FinnhubStream {
    fn trade(&self, tick: Tick) -> Option<Trade> {
        let (_, ours) = self.symbols.iter().find(|(theirs, _)| *theirs == tick.s)?;
        Some(Trade {
            symbol: ours.clone(),
            price: Some(tick.p).filter(|p| p.is_finite() && *p > 0.0)?,
            at: Utc.timestamp_millis_opt(tick.t).single()?,
            open_24h: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream() -> FinnhubStream {
        let watch = ["NVDA", "BRK-B", "^GSPC", "BTC-USD", "VOD.L"].map(String::from);
        FinnhubStream::new("wss://ws.example", "SECRET", &watch)
    }

    #[test]
    fn subscribes_to_us_listings_in_finnhub_spelling() {
        let subs = stream().subscriptions();
        assert_eq!(
            subs,
            [
                r#"{"symbol":"NVDA","type":"subscribe"}"#,
                r#"{"symbol":"BRK.B","type":"subscribe"}"#
            ]
        );
    }

    #[test]
    fn trades_map_back_to_the_watchlist_spelling() {
        let text = r#"{"type":"trade","data":[
            {"s":"BRK.B","p":470.5,"t":1737988200000,"v":10,"c":null},
            {"s":"NVDA","p":0,"t":1737988200000,"v":1},
            {"s":"NVDA","p":"garbage","t":1737988200000,"v":1},
            {"s":"AAPL","p":230.0,"t":1737988200000,"v":1}]}"#;
        let Event::Trades(trades) = stream().parse(text) else {
            panic!("not trades");
        };
        assert_eq!(trades.len(), 1, "zero price and unwatched symbol dropped");
        assert_eq!(
            (trades[0].symbol.as_str(), trades[0].price),
            ("BRK-B", 470.5)
        );
        assert_eq!(trades[0].at.timestamp(), 1_737_988_200);
    }

    #[test]
    fn pings_and_errors() {
        assert_eq!(stream().parse(r#"{"type":"ping"}"#), Event::Alive);
        assert_eq!(
            stream().parse(r#"{"type":"error","msg":"Subscribing to too many symbols"}"#),
            Event::Error("Subscribing to too many symbols".into())
        );
    }

    #[test]
    fn the_key_is_dialled_but_never_shown() {
        assert_eq!(stream().url(), "wss://ws.example/?token=SECRET");

        assert!(!stream().shown_url().contains("SECRET"));
    }
}
