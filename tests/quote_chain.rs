//! The provider chain against local servers: Yahoo failing, Finnhub
//! answering; an unknown symbol is an error from every provider.

mod common;

use assert_cmd::Command;
use common::{Route, TestServer, fixture};
use serde_json::Value;

#[test]
fn falls_back_from_yahoo_to_finnhub_within_one_poll() {
    let server = TestServer::start(vec![
        (
            "/v8/finance/chart/NVDA",
            Route::status(503, "text/html", b"<html>busy</html>".to_vec()),
        ),
        (
            "/v8/finance/chart/ZZZZ",
            Route::status(404, "application/json", fixture("chart_not_found.json")),
        ),
        (
            "/finnhub/quote",
            Route::ok(
                "application/json",
                br#"{"c":118.42,"h":130.0,"l":116.7,"o":124.8,"pc":142.62,"t":1738011600}"#
                    .to_vec(),
            ),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "feeds = []\n[watchlist]\nsymbols = [\"NVDA\"]\n[quotes]\nproviders = [\"yahoo\", \"finnhub\"]\n\
             [quotes.yahoo]\nbase_urls = [\"{base}\"]\n[quotes.finnhub]\napi_key = \"test-key\"\nbase_url = \"{base}/finnhub\"\n",
            base = server.base
        ),
    )
    .unwrap();
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .args(["snapshot", "--json", "--config"])
        .arg(&config)
        .env("HOME", dir.path())
        .env_remove("FINNHUB_API_KEY")
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let q = &doc["quotes"][0];
    assert_eq!(
        (q["symbol"].as_str(), q["provider"].as_str()),
        (Some("NVDA"), Some("finnhub"))
    );
    assert_eq!(
        (q["price"].as_f64(), q["change_pct"].as_f64()),
        (Some(118.42), Some(-16.97))
    );
    let source = &doc["sources"][0];
    assert_eq!(source["ok"], true);
    // The key never appears in what tickwire reports.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("test-key"));
}
