//! The provider chain against local servers: Yahoo failing, Finnhub
//! answering; an unknown symbol is an error from every provider.

use serde_json::Value;
use std::sync::Arc;
use tickwire::sources::quotes::QuoteProvider;
use tickwire::sources::quotes::finnhub::Finnhub;
use tickwire::sources::quotes::yahoo::Yahoo;

use crate::support::doc::{snapshot, source};
use crate::support::{DEAD_BASE, Route, TestServer, fixture};

/// One poll of `symbol` through `chain`, on a fresh client and runtime.
fn poll_once(
    chain: &tickwire::sources::quotes::QuoteChain,
    symbol: &str,
) -> (tickwire::core::app::Msg, Option<std::time::Duration>) {
    use tickwire::sources::http::{HttpClient, HttpSettings};
    let client = HttpClient::new(HttpSettings::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(chain.poll(&client, symbol))
}

/// A chain of one provider with a budget no test reaches.
fn chain_of(provider: Arc<dyn QuoteProvider>) -> tickwire::sources::quotes::QuoteChain {
    use tickwire::core::quotes::{BudgetSpec, Rate};
    use tickwire::sources::quotes::Polled;
    let budget = BudgetSpec {
        rate: Rate::parse("1000/s").unwrap(),
        burst: 1000,
    };
    tickwire::sources::quotes::QuoteChain::new(vec![Polled { provider, budget }])
}

/// `snapshot --json` of a config text; it must succeed.
pub(crate) fn snapshot_of(config_text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, config_text).unwrap();
    let (ok, doc) = snapshot(&config);
    assert!(ok, "{doc:#}");
    doc
}

/// A config watching NVDA through Yahoo at `base`, then `provider`, whose
/// table is `table`.
fn yahoo_then(base: &str, provider: &str, table: &str) -> String {
    format!(
        "feeds = []\n[watchlist]\nsymbols = [\"NVDA\"]\n[quotes]\nproviders = [\"yahoo\", \"{provider}\"]\n\
         [quotes.yahoo]\nbase_urls = [\"{base}\"]\n[quotes.{provider}]\n{table}\n"
    )
}

/// Yahoo answering NVDA's chart with a busy page.
fn yahoo_busy() -> (&'static str, Route) {
    (
        "/v8/finance/chart/NVDA",
        Route::status(503, "text/html", b"<html>busy</html>".to_vec()),
    )
}

#[test]
fn falls_back_from_yahoo_to_finnhub_within_one_poll() {
    let server = TestServer::start(vec![
        yahoo_busy(),
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
    let finnhub = format!(
        "api_key = \"test-key\"\nbase_url = \"{}/finnhub\"",
        server.base
    );
    let doc = snapshot_of(&yahoo_then(&server.base, "finnhub", &finnhub));
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
    assert!(!doc.to_string().contains("test-key"));
}

/// A 429 with Retry-After holds the provider back: the next poll sends no
/// request and says when it will try again.
#[test]
fn a_throttled_provider_is_left_alone_until_retry_after() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::http::{HeaderValue, StatusCode};
    use tickwire::core::app::Msg;

    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/v8/finance/chart/NVDA",
        axum::routing::get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async {
                let mut resp = axum::response::Response::new(axum::body::Body::from("slow down"));
                *resp.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                resp.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("120"));
                resp
            }
        }),
    );
    let server = TestServer::serve(app);
    let chain = chain_of(Arc::new(Yahoo {
        base_urls: vec![server.base.clone()],
    }));
    let (first, _) = poll_once(&chain, "NVDA");
    assert!(
        matches!(&first, Msg::SourceFailed { failure, .. } if failure.detail == "HTTP 429"),
        "{first:?}"
    );
    let (second, _) = poll_once(&chain, "NVDA");

    let Msg::SourceFailed { failure, .. } = second else {
        panic!("no quote expected")
    };
    assert!(
        failure.detail.starts_with("throttled, next try in 1"),
        "{}",
        failure.detail
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "no request while held back");
}

/// A quote answer's `Cache-Control: max-age` travels back to the poller,
/// which waits at least that long before the next round.
#[test]
fn a_quotes_max_age_reaches_the_scheduler() {
    use std::time::Duration;

    use tickwire::core::app::Msg;
    use tickwire::sources::quotes::not_before_max_age;

    let app = axum::Router::new().route(
        "/v8/finance/chart/NVDA",
        axum::routing::get(|| async {
            (
                [
                    ("content-type", "application/json"),
                    ("cache-control", "public, max-age=90"),
                ],
                fixture("chart_nvda.json"),
            )
        }),
    );
    let server = TestServer::serve(app);
    let chain = chain_of(Arc::new(Yahoo {
        base_urls: vec![server.base.clone()],
    }));
    let (msg, max_age) = poll_once(&chain, "NVDA");
    assert!(matches!(msg, Msg::QuoteReceived { .. }), "{msg:?}");
    assert_eq!(max_age, Some(Duration::from_secs(90)));
    let every = Duration::from_secs(15);
    assert_eq!(not_before_max_age(every, max_age), Duration::from_secs(90));
}

/// A provider that cannot be reached says why in a few words, and the
/// error never repeats the URL (Finnhub's carries the API key).
#[test]
fn an_unreachable_provider_is_named_plainly_without_its_key() {
    use tickwire::core::app::Msg;

    let chain = chain_of(Arc::new(Finnhub {
        base_url: DEAD_BASE.to_string(),
        api_key: "secret-key".into(),
    }));
    let (msg, _) = poll_once(&chain, "NVDA");
    let Msg::SourceFailed { report, failure } = msg else {
        panic!("no quote expected");
    };
    assert_eq!(failure.detail, "network error: Connection refused");
    assert!(!report.url.contains("secret-key"), "{}", report.url);
}

/// The watchlist's round trickles out: request starts at least ~100 ms
/// apart, never a burst of the whole list.
#[test]
fn a_round_of_quotes_is_staggered() {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use tickwire::sources::http::{HttpClient, HttpSettings};
    use tickwire::sources::poller::{self, PollPlan};

    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    let app = axum::Router::new().route(
        "/v8/finance/chart/{symbol}",
        axum::routing::get(move || {
            seen.lock().unwrap().push(Instant::now());
            async {
                (
                    [("content-type", "application/json")],
                    fixture("chart_nvda.json"),
                )
            }
        }),
    );
    let server = TestServer::serve(app);
    let symbols: Vec<String> = ["A", "B", "C", "D", "E"].map(String::from).to_vec();
    let plan = PollPlan {
        feeds: vec![],
        symbols: symbols.clone(),
        quotes: Arc::new(chain_of(Arc::new(Yahoo {
            base_urls: vec![server.base.clone()],
        }))),
        quote_every: Duration::from_secs(3600),
        streams: vec![],
        memory: Default::default(),
        first_due: Default::default(),
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let client = HttpClient::new(HttpSettings::default()).unwrap();
        let _pollers = poller::spawn(plan, client, tx);
        for _ in &symbols {
            let msg = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await;
            assert!(msg.expect("a quote within 10 s").is_some());
        }
    });
    let times = arrivals.lock().unwrap().clone();
    assert_eq!(times.len(), 5);
    let mut gaps: Vec<Duration> = times.windows(2).map(|p| p[1] - p[0]).collect();
    gaps.sort();
    // One late request on a loaded machine may close up on the next; a
    // burst closes them all.
    assert!(
        gaps[1] >= Duration::from_millis(50),
        "requests {gaps:?} apart"
    );
}

/// Stooq, added through the provider seam, answers when Yahoo cannot: a
/// price without a previous close, so change is unknown (`null`), never 0.
#[test]
fn stooq_is_a_keyless_fallback_without_a_previous_close() {
    let server = TestServer::start(vec![
        yahoo_busy(),
        (
            "/stooq/q/l/",
            Route::ok("text/csv", fixture("stooq_nvda.csv")),
        ),
    ]);
    let stooq = format!("base_url = \"{}/stooq\"", server.base);
    let doc = snapshot_of(&yahoo_then(&server.base, "stooq", &stooq));
    let q = &doc["quotes"][0];
    assert_eq!(
        (q["provider"].as_str(), q["price"].as_f64()),
        (Some("stooq"), Some(118.42))
    );
    assert_eq!(
        (&q["prev_close"], &q["change"], &q["change_pct"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(
        q["as_of"], "2025-01-27T21:00:05Z",
        "Warsaw time read as such"
    );
    assert_eq!(doc["sources"][0]["ok"], true);
}

/// A well-formed body that cannot be true is refused, and the source's
/// health says why: a price dated tomorrow, a price 100× its previous
/// close. The good symbol beside them is priced.
#[test]
fn a_quote_that_lies_is_refused_with_its_reason() {
    let tomorrow = chrono::Utc::now().timestamp() + 86_400;
    let chart = |price: f64, prev: f64, time: i64| {
        format!(
            r#"{{"chart":{{"result":[{{"meta":{{"currency":"USD","regularMarketPrice":{price},
            "regularMarketTime":{time},"previousClose":{prev},"range":"1d"}}}}],"error":null}}}}"#
        )
        .into_bytes()
    };
    let now = chrono::Utc::now().timestamp();
    let server = TestServer::start(vec![
        (
            "/v8/finance/chart/FUTR",
            Route::ok("application/json", chart(10.0, 9.0, tomorrow)),
        ),
        (
            "/v8/finance/chart/PENC",
            Route::ok("application/json", chart(7250.0, 72.4, now)),
        ),
        (
            "/v8/finance/chart/GOOD",
            Route::ok("application/json", chart(10.0, 8.0, now)),
        ),
    ]);
    let doc = snapshot_of(&format!(
        "feeds = []\n[watchlist]\nsymbols = [\"FUTR\", \"PENC\", \"GOOD\"]\n[quotes]\nproviders = [\"yahoo\"]\n\
         [quotes.yahoo]\nbase_urls = [\"{}\"]\n",
        server.base
    ));
    let error_of = |name: &str| {
        let s = source(&doc, name);
        assert_eq!(s["ok"], false, "{s}");
        s["error"].as_str().unwrap().to_string()
    };
    let future = error_of("FUTR");
    assert!(future.ends_with("h in the future"), "{future}");
    assert!(
        error_of("PENC").contains("unit mix-up"),
        "{}",
        error_of("PENC")
    );
    let quotes = doc["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "no price shown for a lie: {quotes:?}");
    assert_eq!(quotes[0]["change_pct"], 25.0);
}

/// Stooq's "API key required" answers are pages with status 200: a
/// failure named as such, never a parse error or a price.
#[test]
fn a_page_answered_with_200_is_named_a_page() {
    for page in [
        &b"<!DOCTYPE html><html><body>Get your apikey</body></html>"[..],
        &b"<script>window.location.href='/apikey'</script>"[..],
    ] {
        let server =
            TestServer::start(vec![("/stooq/q/l/", Route::ok("text/html", page.to_vec()))]);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let text = format!(
            "feeds = []\n[watchlist]\nsymbols = [\"NVDA\"]\n[quotes]\nproviders = [\"stooq\"]\n\
             [quotes.stooq]\nbase_url = \"{}/stooq\"\n",
            server.base
        );
        std::fs::write(&config, text).unwrap();
        let (_, doc) = snapshot(&config);
        let source = &doc["sources"][0];
        assert_eq!(source["ok"], false, "{doc:#}");
        assert!(
            source["error"]
                .as_str()
                .is_some_and(|e| e.contains("an HTML page, not a quote")),
            "{source:#}"
        );
        assert_eq!(doc["quotes"], Value::Array(vec![]));
    }
}
