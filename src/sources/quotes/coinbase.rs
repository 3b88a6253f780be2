//! Coinbase Exchange's public websocket: the `ticker` channel carries each
//! trade's price and the 24-hour open, `heartbeat` proves the link lives.
//! No key. Product ids are Yahoo's crypto spellings (`BTC-USD`).

use crate::core::model::ProviderName;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::stream::{Event, Protocol};
use crate::core::model::Trade;
use crate::sources::sanitize::sanitize_text;

pub const PROVIDER: ProviderName = ProviderName::COINBASE;

pub struct Coinbase {
    pub ws_url: String,
    pub products: Vec<String>,
}

/// The watchlist symbols Coinbase can stream: the crypto pairs.
pub fn streams(symbol: &str) -> bool {
    crate::core::market::is_crypto_pair(symbol)
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    product_id: Option<String>,
    price: Option<String>,
    open_24h: Option<String>,
    time: Option<String>,
    message: Option<String>,
    reason: Option<String>,
}

impl Protocol for Coinbase {
    fn provider(&self) -> ProviderName {
        PROVIDER
    }

    fn url(&self) -> String {
        self.ws_url.clone()
    }

    fn shown_url(&self) -> String {
        self.ws_url.clone()
    }

    fn subscriptions(&self) -> Vec<String> {
        let msg = serde_json::json!({
            "type": "subscribe",
            "product_ids": self.products,
            "channels": ["ticker", "heartbeat"],
        });
        vec![msg.to_string()]
    }

    fn symbol_count(&self) -> usize {
        self.products.len()
    }

    fn carries(&self, symbol: &str) -> bool {
        self.products.iter().any(|p| p == symbol)
    }

    fn parse(&self, text: &str) -> Event {
        let Ok(msg) = serde_json::from_str::<Message>(text) else {
            return Event::Alive;
        };
        match msg.kind.as_str() {
            // Only products we asked for: a server cannot grow our state.
            "ticker" => match trade(&msg) {
                Some(t) if self.products.contains(&t.symbol) => Event::Trades(vec![t]),
                _ => Event::Alive,
            },
            "error" => {
                let parts = [msg.message, msg.reason];
                let detail = parts.into_iter().flatten().collect::<Vec<_>>().join(": ");
                Event::Error(sanitize_text(&detail, 200))
            }
            _ => Event::Alive,
        }
    }
}

fn trade(msg: &Message) -> Option<Trade> {
    let number = |s: &Option<String>| s.as_deref()?.parse::<f64>().ok().filter(|p| p.is_finite());
    let at = msg
        .time
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc));
    Some(Trade {
        symbol: msg.product_id.clone()?,
        price: number(&msg.price).filter(|p| *p > 0.0)?,
        at,
        open_24h: number(&msg.open_24h),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coinbase() -> Coinbase {
        Coinbase {
            ws_url: "wss://example.invalid".into(),
            products: vec!["BTC-USD".into(), "ETH-USD".into()],
        }
    }

    #[test]
    fn a_ticker_is_a_trade_with_its_24h_open() {
        let text = r#"{"type":"ticker","sequence":1,"product_id":"BTC-USD","price":"101234.56",
            "open_24h":"104000.00","volume_24h":"1","side":"sell",
            "time":"2025-01-27T14:30:00.123456Z","trade_id":9,"last_size":"0.01"}"#;
        let Event::Trades(trades) = coinbase().parse(text) else {
            panic!("not a trade");
        };
        assert_eq!(trades[0].symbol, "BTC-USD");
        assert_eq!(trades[0].price, 101_234.56);
        assert_eq!(trades[0].open_24h, Some(104_000.0));
        assert_eq!(
            trades[0].at.to_rfc3339(),
            "2025-01-27T14:30:00.123456+00:00"
        );
    }

    #[test]
    fn heartbeats_garbage_and_bad_prices_are_only_signs_of_life() {
        for text in [
            r#"{"type":"heartbeat","product_id":"BTC-USD","sequence":1,"last_trade_id":2,"time":"2025-01-27T14:30:00Z"}"#,
            r#"{"type":"subscriptions","channels":[]}"#,
            r#"{"type":"ticker","product_id":"BTC-USD","price":"NaN"}"#,
            r#"{"type":"ticker","product_id":"BTC-USD","price":"0"}"#,
            r#"{"type":"ticker","product_id":"DOGE-USD","price":"0.3"}"#,
            "not json",
        ] {
            assert_eq!(coinbase().parse(text), Event::Alive, "{text}");
        }
    }

    #[test]
    fn an_error_is_reported_without_escape_sequences() {
        let text = r#"{"type":"error","message":"Failed to subscribe","reason":"XYZ-USD is not a valid product\u001b[2J"}"#;
        assert_eq!(
            coinbase().parse(text),
            Event::Error("Failed to subscribe: XYZ-USD is not a valid product".into())
        );
    }

    #[test]
    fn subscribes_to_ticker_and_heartbeat_for_every_product() {
        let subs = coinbase().subscriptions();
        let v: serde_json::Value = serde_json::from_str(&subs[0]).unwrap();
        assert_eq!(v["product_ids"], serde_json::json!(["BTC-USD", "ETH-USD"]));
        assert_eq!(v["channels"], serde_json::json!(["ticker", "heartbeat"]));
    }

    #[test]
    fn only_crypto_pairs_stream() {
        assert!(streams("BTC-USD") && streams("ETH-EUR") && streams("SOL-USDT"));
        assert!(!streams("BRK-B") && !streams("NVDA") && !streams("EURUSD=X") && !streams("^GSPC"));
    }
}
