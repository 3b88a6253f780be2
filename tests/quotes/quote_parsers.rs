//! Every real quote body in `../shared/corpus/quotes/` through its parser,
//! with exact figures.

use chrono::{TimeZone, Utc};
use tickwire::core::model::{MarketState, Timestamp};
use tickwire::sources::quotes::yahoo::{YahooError, parse_chart};

fn body(name: &str) -> Option<Vec<u8>> {
    Some(std::fs::read(crate::support::corpus()?.join("quotes").join(name)).unwrap())
}

fn at(t: i64) -> Timestamp {
    Utc.timestamp_opt(t, 0).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn yahoo_intraday_with_pre_and_post_market() {
    let Some(b) = body("yahoo-chart-intraday-30m-prepost-TSLA.json") else {
        return;
    };
    // 22 Nov 2021 16:00 ET + 3h: post-market on the day of the chart.
    let q = parse_chart(&b, "TSLA", at(1_637_625_600)).unwrap();
    assert_eq!(
        (q.symbol.as_str(), q.currency.as_str(), q.exchange.as_str()),
        ("TSLA", "USD", "NMS")
    );
    assert!(close(q.price, 1156.87));
    assert!(close(q.prev_close.unwrap(), 1137.06));
    assert!(close(q.change().unwrap(), 19.81));
    assert!(close(q.change_pct().unwrap(), 19.81 / 1137.06 * 100.0));
    assert_eq!(q.as_of, at(1_637_614_803));
    // 30 bars from 04:00 to 18:30 ET, none null.
    assert_eq!(q.series.points.len(), 30);
    assert_eq!(q.series.points[0], (1_637_571_600, 1168.7));
    // The last bar (18:30 ET) is post-market trading, apart from the regular change.
    let ext = q.extended.unwrap();
    assert_eq!(ext.session, MarketState::Post);
    assert!(close(ext.price, 1156.49));
    assert!(close(ext.change, 1156.49 - 1156.87));
    // currentTradingPeriod in this body is the next day's: at the capture
    // time the market is between sessions.
    assert_eq!(q.market_state, MarketState::Closed);
}

#[test]
fn yahoo_empty_window_keeps_the_price_and_the_real_previous_close() {
    let Some(b) = body("yahoo-chart-intraday-1m-empty-window-AAPL.json") else {
        return;
    };
    let q = parse_chart(&b, "AAPL", at(1_740_000_000)).unwrap();
    assert!(close(q.price, 244.87));
    // previousClose (the last session) differs from chartPreviousClose (236).
    assert!(close(q.prev_close.unwrap(), 244.47));
    assert!(close(q.change().unwrap(), 0.40));
    assert!(q.series.points.is_empty());
    assert_eq!(q.extended, None);
}

#[test]
fn yahoo_daily_bars_measure_from_the_previous_session() {
    let Some(b) = body("yahoo-chart-daily-5d-AAPL.json") else {
        return;
    };
    let q = parse_chart(&b, "AAPL", at(1_588_370_000)).unwrap();
    assert!(close(q.price, 289.07));
    // No previousClose; chartPreviousClose (282.97) is five sessions back.
    // The previous session is the second-to-last daily bar.
    assert!(close(q.prev_close.unwrap(), 293.79998779296875));
    assert!(q.change().unwrap() < 0.0);
    assert_eq!(q.series.points.len(), 5);
    assert_eq!(q.extended, None);
}

#[test]
fn yahoo_error_body_is_a_provider_error() {
    let Some(b) = body("yahoo-chart-error-not-found.json") else {
        return;
    };
    assert_eq!(
        parse_chart(&b, "XXXX", at(0)),
        Err(YahooError::Provider {
            code: "Not Found".into(),
            description: "No data found, symbol may be delisted".into()
        })
    );
}

#[test]
fn other_yahoo_endpoints_bodies_are_not_mistaken_for_charts() {
    for name in [
        "yahoo-v7-quote-error-invalid-crumb.json",
        "yahoo-v7-quote-error-invalid-cookie.json",
        "yahoo-v6-quote-error-not-found.json",
        "yahoo-quotesummary-error-not-found.json",
        "yahoo-spark-TSLA.json",
        "yahoo-v7-quote-error-invalid-crumb-feedback.json",
        "yahoo-v7-quote-BTC-USD-2025.json",
        "yahoo-v7-quote-mop-sample.json",
        "alphavantage-error-rate-limit-2025.json",
        "alphavantage-note-rate-limit-2018.json",
        "stooq-daily-spy-us-excerpt.csv",
    ] {
        let Some(b) = body(name) else { return };
        assert!(
            matches!(parse_chart(&b, "X", at(0)), Err(YahooError::Parse(_))),
            "{name}"
        );
    }
}

#[test]
fn finnhub_quote_sample_is_a_price_and_its_errors_are_errors() {
    use tickwire::sources::quotes::finnhub::{FinnhubError, parse_quote};
    let Some(b) = body("finnhub-quote-docs-sample.json") else {
        return;
    };
    let q = parse_quote(&b, "AAPL", at(1_582_641_100)).unwrap();
    assert_eq!((q.price, q.prev_close), (261.74, Some(259.45)));
    assert!(close(q.change().unwrap(), 2.29), "{}", q.change().unwrap());
    assert!(close(q.change_pct().unwrap(), 2.29 / 259.45 * 100.0));
    assert_eq!(q.as_of, at(1_582_641_000));
    assert_eq!(q.provider, "finnhub");

    let unknown = body("finnhub-quote-unknown-symbol-2021.json").unwrap();
    assert!(matches!(
        parse_quote(&unknown, "ZZZZ", at(0)),
        Err(FinnhubError::UnknownSymbol)
    ));
    for (name, reason) in [
        (
            "finnhub-error-no-access.json",
            "You don't have access to this resource.",
        ),
        (
            "finnhub-error-symbol-not-supported.json",
            "Symbol not supported.",
        ),
        (
            "finnhub-error-api-limit.txt",
            "API limit reached. Please sign up for a free account to continue using the API",
        ),
    ] {
        let b = body(name).unwrap();
        match parse_quote(&b, "X", at(0)) {
            Err(FinnhubError::Provider(got)) => assert_eq!(got, reason, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn finnhub_websocket_trade_batch_is_every_trade_in_order() {
    use tickwire::sources::quotes::finnhub_stream::FinnhubStream;
    use tickwire::sources::quotes::stream::{Event, Protocol};
    let Some(b) = body("finnhub-ws-trade-TSLA-AAPL.json") else {
        return;
    };
    let watch = ["TSLA", "AAPL"].map(String::from);
    let stream = FinnhubStream::new("wss://ws.example", "k", &watch);
    let Event::Trades(trades) = stream.parse(std::str::from_utf8(&b).unwrap()) else {
        panic!("not a trade message");
    };
    assert_eq!(trades.len(), 9);
    let tsla: Vec<f64> = trades
        .iter()
        .filter(|t| t.symbol == "TSLA")
        .map(|t| t.price)
        .collect();
    assert_eq!(tsla, [122.1, 122.09, 122.09, 122.1, 122.1, 122.1, 122.1]);
    let last = trades.last().unwrap();
    assert_eq!((last.symbol.as_str(), last.price), ("AAPL", 129.575));
    assert_eq!(last.at.timestamp_millis(), 1_672_348_887_785);
}
