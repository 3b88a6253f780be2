//! The signal end to end against local servers: the move since a headline
//! from a real intraday series, and alerts that fire exactly once.

use chrono::{Duration, Utc};
use serde_json::json;
use tickwire::core::alerts::{AlertRule, AlertSettings};
use tickwire::core::app::Effect;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::quotes::{BudgetSpec, Rate};
use tickwire::sources::feeds::{FeedSpec, poll_feed};
use tickwire::sources::http::FeedMemory;
use tickwire::sources::http::{HttpClient, HttpSettings};
use tickwire::sources::quotes::Budget;
use tickwire::sources::quotes::yahoo::Yahoo;
use tickwire::sources::quotes::{Spend, fetch};

use crate::support::doc::snapshot;
use crate::support::{Route, TestServer, corpus, rss_at};

/// The wire's feed: `(id, title, date)` items linked under wire.example.
fn rss(items: &[(&str, &str, &str)]) -> Vec<u8> {
    rss_at("Wire", "https://wire.example/", "pubDate", items)
}

/// A real 30-minute TSLA series (22 Nov 2021, pre to post market) and a
/// headline at 15:00 UTC: the move is measured from the bar that had closed
/// by then (14:30 bar, 1185.66) to the last post-market bar (1156.49).
#[test]
fn move_since_headline_from_a_real_intraday_series() {
    let Some(corpus) = corpus() else { return };
    let chart =
        std::fs::read(corpus.join("quotes/yahoo-chart-intraday-30m-prepost-TSLA.json")).unwrap();
    let feed = rss(&[
        (
            "t1",
            "Tesla shares swing as traders weigh delivery outlook",
            "Mon, 22 Nov 2021 15:00:00 GMT",
        ),
        (
            "t2",
            "Tesla plans a new service centre",
            "Sun, 21 Nov 2021 09:00:00 GMT",
        ),
    ]);
    let server = TestServer::start(vec![
        ("/wire.xml", Route::ok("application/rss+xml", feed)),
        (
            "/v8/finance/chart/TSLA",
            Route::ok("application/json", chart),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = server.config(dir.path(), &[("Wire", server.url("/wire.xml"))], &["TSLA"]);
    let (ok, doc) = snapshot(&config);
    assert!(ok);
    let heads = doc["headlines"].as_array().unwrap();
    let t1 = heads
        .iter()
        .find(|h| h["link"] == "https://wire.example/t1")
        .unwrap();
    assert_eq!(t1["tickers"], json!(["TSLA"]));
    assert_eq!(t1["moves"], json!([{"symbol": "TSLA", "since_pct": -2.46}]));
    // A day before the series begins: too far back to measure.
    let t2 = heads
        .iter()
        .find(|h| h["link"] == "https://wire.example/t2")
        .unwrap();
    assert_eq!(t2["moves"], json!([]));
    // Old data alerts nobody.
    assert_eq!(doc["alerts"], json!([]));
}

fn live_chart(symbol: &str, closes: &[f64]) -> Vec<u8> {
    let now = Utc::now().timestamp();
    let start = now - 60 * closes.len() as i64;
    let stamps: Vec<i64> = (0..closes.len() as i64).map(|i| start + 60 * i).collect();
    json!({"chart": {"result": [{"meta": {"currency": "USD", "symbol": symbol, "exchangeName": "NMS",
        "regularMarketPrice": closes.last().unwrap(), "regularMarketTime": now - 30, "previousClose": closes[0]},
        "timestamp": stamps, "indicators": {"quote": [{"close": closes}]}}], "error": null}})
    .to_string()
    .into_bytes()
}

#[test]
fn alerts_fire_exactly_once_across_polls() {
    let fresh = (Utc::now() - Duration::minutes(2)).to_rfc2822();
    let server = TestServer::start(vec![
        (
            "/wire.xml",
            Route::ok(
                "application/rss+xml",
                rss(&[(
                    "n1",
                    "Nvidia slides as DeepSeek rattles the AI trade",
                    &fresh,
                )]),
            ),
        ),
        (
            "/v8/finance/chart/NVDA",
            Route::ok(
                "application/json",
                live_chart("NVDA", &[130.0, 128.0, 126.0, 124.5]),
            ),
        ),
    ]);
    let client = HttpClient::new(HttpSettings::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let settings = AlertSettings {
        rules: vec![
            AlertRule::Move {
                symbols: vec![],
                threshold_pct: 3.0,
                window_secs: 900,
            },
            AlertRule::AiHeadline { symbols: vec![] },
        ],
        desktop: true,
        ..AlertSettings::default()
    };
    let mut state = State::new(&["NVDA".to_string()], Utc::now()).with_alerts(settings);
    let spec = FeedSpec {
        name: "Wire".into(),
        url: server.url("/wire.xml"),
    };
    let mut notifications = Vec::new();
    let budget = Budget::new(BudgetSpec {
        rate: Rate::parse("360/h").unwrap(),
        burst: 20,
    });
    for _ in 0..3 {
        let quote = runtime
            .block_on(fetch(
                &client,
                &Yahoo {
                    base_urls: vec![server.base.clone()],
                },
                (&budget, Spend::Now),
                "NVDA",
            ))
            .msg;

        let feed = runtime
            .block_on(poll_feed(&client, &spec, &FeedMemory::default()))
            .msg;
        for msg in [quote, feed] {
            for effect in update(&mut state, msg, Utc::now()) {
                if let Effect::Notify { title, .. } = effect {
                    notifications.push(title);
                }
            }
        }
    }
    assert_eq!(server.hits(), 6, "three polls of each source");
    assert_eq!(
        notifications,
        [
            "NVDA ▼-4.23% in 15m",
            "Nvidia slides as DeepSeek rattles the AI trade"
        ],
        "each alert once"
    );
    assert_eq!(state.alerts.fired.len(), 2);
}
