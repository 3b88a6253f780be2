//! The request budget, measured: the real pollers, on paused time, against
//! a local server answering charts for 16 always-open symbols and logging
//! every request. With spark refused the monitor stays within Yahoo's
//! default budget (360/h, burst 20) after its start-up burst and shows the
//! slower refresh; with spark answering, every price is refreshed at least
//! every 30 s at no more than 5 requests a minute.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::sources::http::HttpClient;
use tickwire::sources::poller;
use tickwire::store::PollSeed;
use tickwire::tui::ui::Theme;
use tickwire::wiring::App;
use tokio::time::Instant;

use crate::support::screen::{draw_in, rows};

const SYMBOLS: [&str; 16] = [
    "BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD", "ADA-USD", "DOGE-USD", "DOT-USD", "LTC-USD",
    "EURUSD=X", "GBPUSD=X", "USDJPY=X", "AUDUSD=X", "USDCAD=X", "USDCHF=X", "NZDUSD=X", "EURGBP=X",
];

/// Every request the server saw: when (since the start) and what.
#[derive(Clone)]
struct Log {
    start: Instant,
    spark_ok: bool,
    /// A symbol spark leaves out of its answers.
    spark_skips: Option<&'static str>,
    /// Spark answers 429 with Retry-After: 120.
    spark_throttles: bool,
    hits: Arc<Mutex<Vec<(Duration, &'static str)>>>,
}

impl Log {
    fn hit(&self, what: &'static str) -> usize {
        let mut hits = self.hits.lock().unwrap();
        hits.push((self.start.elapsed(), what));
        hits.len()
    }

    fn between(&self, from: u64, to: u64) -> Vec<&'static str> {
        let range = Duration::from_secs(from)..Duration::from_secs(to);
        let hits = self.hits.lock().unwrap();
        hits.iter()
            .filter(|(t, _)| range.contains(t))
            .map(|(_, w)| *w)
            .collect()
    }
}

/// One symbol's answer in the chart shape (the spark answers with these too).
fn chart_result(symbol: &str, price: f64) -> String {
    let t = Utc::now().timestamp();
    format!(
        r#"{{"meta":{{"currency":"USD","symbol":"{symbol}","regularMarketPrice":{price},"regularMarketTime":{t},
           "previousClose":100.0,"chartPreviousClose":90.0}},
           "timestamp":[{},{t}],"indicators":{{"quote":[{{"close":[{price},{price}]}}]}}}}"#,
        t - 60
    )
}

async fn chart(Shared(log): Shared<Log>, Path(symbol): Path<String>) -> impl IntoResponse {
    let n = log.hit("chart");
    let body = format!(
        r#"{{"chart":{{"result":[{}],"error":null}}}}"#,
        chart_result(&symbol, 100.0 + n as f64 / 100.0)
    );
    ([("content-type", "application/json")], body)
}

async fn spark(Shared(log): Shared<Log>, RawQuery(query): RawQuery) -> axum::response::Response {
    let n = log.hit("spark");
    if log.spark_throttles {
        let headers = [("retry-after", "120")];
        return (StatusCode::TOO_MANY_REQUESTS, headers, "slow down").into_response();
    }
    if !log.spark_ok {
        let refusal = r#"{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}"#;
        return (StatusCode::UNAUTHORIZED, refusal.to_string()).into_response();
    }
    // `symbols=A,B%3DX&range=…`: symbols only need `^` and `=` decoded.
    let query = query.unwrap_or_default();
    let list = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("symbols="))
        .unwrap_or_default()
        .replace("%3D", "=")
        .replace("%5E", "^");
    let results: Vec<String> = list
        .split(',')
        .filter(|s| Some(*s) != log.spark_skips)
        .map(|s| {
            let result = chart_result(s, 100.0 + n as f64 / 100.0);
            format!(r#"{{"symbol":"{s}","response":[{result}]}}"#)
        })
        .collect();
    let body = format!(
        r#"{{"spark":{{"result":[{}],"error":null}}}}"#,
        results.join(",")
    );
    (StatusCode::OK, body).into_response()
}

/// A server on the test's own (paused) runtime, so its clock is the log's.
async fn serve(log: Log) -> String {
    let app = axum::Router::new()
        .route("/v8/finance/chart/{symbol}", axum::routing::get(chart))
        .route("/v7/finance/spark", axum::routing::get(spark))
        .with_state(log);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// What the monitor showed and when each symbol's price was refreshed.
struct Run {
    state: State,
    log: Log,
    refreshed: HashMap<String, Vec<Duration>>,
}

/// How the server and the user behave in a run.
#[derive(Default)]
struct Setup {
    spark_ok: bool,
    spark_skips: Option<&'static str>,
    spark_throttles: bool,
    /// The symbol selected on a focused board.
    selected: Option<&'static str>,
    /// The user presses `r` this often.
    refresh_every: Option<Duration>,
}

/// The real pollers on the default budget, for `minutes`, every message
/// through the core as the monitor does it.
async fn run_monitor(setup: Setup, minutes: u64) -> Run {
    let log = Log {
        start: Instant::now(),
        spark_ok: setup.spark_ok,
        spark_skips: setup.spark_skips,
        spark_throttles: setup.spark_throttles,
        hits: Arc::default(),
    };
    let base = serve(log.clone()).await;
    let config = format!(
        "feeds = []\n[refresh]\nquotes = \"15s\"\n[watchlist]\nsymbols = {SYMBOLS:?}\n\
         [quotes]\nproviders = [\"yahoo\"]\n[quotes.yahoo]\nbase_urls = [\"{base}\"]\n\
         [quotes.coinbase]\nenabled = false\n"
    );
    let app = App::build(tickwire::config::parse(&config, "t.toml").unwrap(), &|_| {
        None
    })
    .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let client = HttpClient::new(app.http_settings()).unwrap();
    let pollers = Arc::new(poller::spawn(
        app.poll_plan(&PollSeed::default(), None),
        client,
        tx,
    ));
    pollers.select(setup.selected);
    if let Some(every) = setup.refresh_every {
        let pollers = pollers.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                pollers.refresh_now(None);
            }
        });
    }
    let mut state = app.initial_state(Utc::now());
    let mut refreshed: HashMap<String, Vec<Duration>> = HashMap::new();
    let end = log.start + Duration::from_secs(minutes * 60);
    while let Ok(Some(msg)) = tokio::time::timeout_at(end, rx.recv()).await {
        if let Msg::QuoteReceived { report, .. } = &msg {
            refreshed
                .entry(report.name.clone())
                .or_default()
                .push(log.start.elapsed());
        }
        update(&mut state, msg, Utc::now());
    }
    Run {
        state,
        log,
        refreshed,
    }
}

/// The screen's text, 160×50, after `actions`.
fn screen(state: &mut State, actions: &[Action]) -> String {
    for a in actions {
        update(state, Msg::Action(*a), Utc::now());
    }
    let (backend, _) = draw_in(&Theme::monochrome(), state, 160, 50);
    rows(&backend).join("\n")
}

#[tokio::test(start_paused = true)]
async fn spark_refused_charts_alone_stay_within_the_default_budget() {
    let mut run = run_monitor(Setup::default(), 60).await;
    let second_minute = run.log.between(60, 120);
    println!(
        "spark refused: {} requests in the first minute, {} in the second, {} in the hour",
        run.log.between(0, 60).len(),
        second_minute.len(),
        run.log.between(0, 3600).len()
    );
    assert!(run.log.between(0, 3600).len() <= 360 + 20);
    // 360/h is 6 a minute; the burst was spent at the start.
    assert!(second_minute.len() <= 6, "{second_minute:?}");
    assert!(run.log.between(60, 360).len() <= 30);
    let probes = run.log.between(60, 360);
    let probes = probes.iter().filter(|w| **w == "spark").count();
    assert_eq!(probes, 1, "spark is asked again only after 5 minutes");
    // Every symbol keeps a price.
    for slot in run.state.quotes() {
        assert!(slot.quote.is_some(), "{} has no price", slot.symbol);
    }
    let board = screen(&mut run.state, &[Action::FocusNext]);
    assert!(
        board.contains("every 3m20s (slowed) · budget"),
        "the quote line shows the slower refresh:\n{board}"
    );
    let sources = screen(&mut run.state, &[Action::ToggleSources]);
    assert!(
        sources.contains("✗ spark refused (Unauthorized: Invalid Crumb): charts alone"),
        "{sources}"
    );
    assert!(sources.contains("/360 per h"), "{sources}");
}

#[tokio::test(start_paused = true)]
async fn spark_answering_refreshes_every_price_within_30_seconds_at_5_a_minute() {
    let setup = Setup {
        spark_ok: true,
        ..Setup::default()
    };
    let mut run = run_monitor(setup, 60).await;
    println!(
        "spark answering: {} requests in the first minute, {} in the hour",
        run.log.between(0, 60).len(),
        run.log.between(0, 3600).len()
    );
    assert!(run.log.between(0, 3600).len() <= 360 + 20);
    for minute in 1..60 {
        let hits = run.log.between(minute * 60, minute * 60 + 60);
        assert!(hits.len() <= 5, "minute {}: {hits:?}", minute + 1);
    }
    for symbol in SYMBOLS {
        let times = &run.refreshed[symbol];
        let mut last = Duration::ZERO;
        for t in times.iter().chain([&Duration::from_secs(3600)]) {
            assert!(
                *t - last <= Duration::from_secs(30),
                "{symbol}: {last:?} to {t:?} without a price"
            );
            last = *t;
        }
    }
    let board = screen(&mut run.state, &[Action::FocusNext]);
    assert!(board.contains("every 15s · budget"), "{board}");
}

/// Refresh-now spends the same budget: pressing `r` every 10 s for an
/// hour sends no more than the hour's rate plus the burst.
#[tokio::test(start_paused = true)]
async fn refresh_now_all_hour_stays_within_rate_and_burst() {
    let setup = Setup {
        refresh_every: Some(Duration::from_secs(10)),
        ..Setup::default()
    };
    let run = run_monitor(setup, 60).await;
    let sent = run.log.between(0, 3600).len();
    println!("r every 10 s for an hour, spark refused: {sent} requests");
    assert!(sent <= 360 + 20, "{sent}");
    assert!(sent >= 300, "the budget is used, not wasted: {sent}");
}

/// The selected symbol gets four shares of a short budget.
#[tokio::test(start_paused = true)]
async fn the_selected_symbol_is_refreshed_first() {
    let setup = Setup {
        selected: Some("ETH-USD"),
        ..Setup::default()
    };
    let run = run_monitor(setup, 10).await;
    let count = |s: &str| run.refreshed[s].len();
    println!(
        "in 10 min: ETH-USD {} refreshes, BTC-USD {}",
        count("ETH-USD"),
        count("BTC-USD")
    );
    assert!(
        count("ETH-USD") >= 3 * count("BTC-USD"),
        "{} vs {}",
        count("ETH-USD"),
        count("BTC-USD")
    );
    let eth = run
        .state
        .quotes()
        .iter()
        .find(|q| q.symbol == "ETH-USD")
        .unwrap();
    let every = eth.refresh.unwrap().cadence.price.as_secs();
    assert!((55..=65).contains(&every), "{every}");
}

/// A symbol the batch does not price keeps a price by its chart, as
/// fresh as the others.
#[tokio::test(start_paused = true)]
async fn a_symbol_spark_leaves_out_is_charted_instead() {
    let setup = Setup {
        spark_ok: true,
        spark_skips: Some("LTC-USD"),
        ..Setup::default()
    };
    let run = run_monitor(setup, 6).await;
    let ltc = &run.refreshed["LTC-USD"];
    let after_start: Vec<&Duration> = ltc.iter().filter(|t| t.as_secs() >= 60).collect();
    assert!(after_start.len() >= 5, "{ltc:?}");
    for minute in 1..6 {
        let hits = run.log.between(minute * 60, minute * 60 + 60);
        assert!(hits.len() <= 6, "minute {}: {hits:?}", minute + 1);
    }
}

/// A 429 holds the whole provider for its Retry-After: nothing is asked
/// meanwhile, and the batch is waiting, not refused.
#[tokio::test(start_paused = true)]
async fn a_throttled_batch_waits_with_its_provider() {
    let setup = Setup {
        spark_ok: true,
        spark_throttles: true,
        ..Setup::default()
    };
    let mut run = run_monitor(setup, 6).await;
    let hits = run.log.between(0, 360);
    assert!(hits.len() <= 3, "one request per Retry-After: {hits:?}");
    let sources = screen(&mut run.state, &[Action::ToggleSources]);
    assert!(!sources.contains("refused"), "{sources}");
}
