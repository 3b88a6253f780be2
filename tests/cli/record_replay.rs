//! Record a monitor fed by local servers, replay the file: at every time
//! a message arrived live, the replay shows the same state (headlines,
//! moves, quotes, staleness, source health, alerts), as the same
//! `snapshot --json` document; and so does the binary's
//! `snapshot --replay FILE --at TIME`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use chrono::Utc;
use tickwire::config::{self, ConfigOrigin};
use tickwire::core::app::State;
use tickwire::core::model::Timestamp;
use tickwire::event::{Event, PlanGate, Recorder, read_recording};
use tickwire::headless::SnapshotDoc;
use tickwire::sources::http::HttpClient;
use tickwire::tui::supply::Supply;
use tickwire::wiring::App;
use tickwire::wiring::playback;

use crate::support::{TestServer, edit_config, json_stdout, rss_channel, rss_item};

/// `(guid, title)` items published now.
fn rss(items: &[(&str, &str)]) -> String {
    let date = Utc::now().to_rfc2822();
    let items = items
        .iter()
        .map(|(guid, title)| rss_item(&[("guid", guid), ("title", title), ("pubDate", &date)]));
    rss_channel("t", None, items)
}

/// A Yahoo chart of the `n`-th poll: five one-minute bars, falling a
/// point a bar, so the default 3%-in-15-minutes rule trips. The last is
/// 65 s old: past `stale_after` (60 s) but within three of the refreshes
/// the request budget plans, so only the plan keeps it fresh. Two crypto
/// pairs always want a price a second: Yahoo's 288 requests an hour give
/// each one every 25 s or slower, whether NVDA's market is open or not.
fn chart(symbol: &str, n: usize) -> String {
    let now = Utc::now().timestamp() - 65;
    let price = |i: usize| 100.0 - (n * 5 + i) as f64;
    let times: Vec<i64> = (0..5).map(|i| now - 240 + i * 60).collect();
    let closes: Vec<f64> = (0..5).map(price).collect();
    format!(
        r#"{{"chart":{{"result":[{{"meta":{{"currency":"USD","symbol":"{symbol}","exchangeName":"CCC","regularMarketPrice":{},"regularMarketTime":{now},"previousClose":100.5}},"timestamp":{times:?},"indicators":{{"quote":[{{"close":{closes:?}}}]}}}}],"error":null}}}}"#,
        price(4)
    )
}

fn server() -> TestServer {
    let (desk, flaky, btc) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let count = |c: &Arc<AtomicUsize>| c.fetch_add(1, Ordering::SeqCst);
    let app = Router::new()
        .route(
            "/desk.xml",
            get(move || async move {
                let mut items = vec![("d1", "Desk opens quietly")];
                if count(&desk) > 0 {
                    items.push(("d2", "Nvidia slides as DeepSeek rattles the AI trade"));
                }
                rss(&items)
            }),
        )
        .route(
            "/flaky.xml",
            get(move || async move {
                match count(&flaky) {
                    0 => Err(StatusCode::SERVICE_UNAVAILABLE),
                    _ => Ok(rss(&[("f1", "Chip export rules tighten again")])),
                }
            }),
        )
        .route(
            "/v8/finance/chart/{symbol}",
            get(
                move |axum::extract::Path(symbol): axum::extract::Path<String>| async move {
                    let n = if symbol == "BTC-USD" { count(&btc) } else { 0 };
                    chart(&symbol, n)
                },
            ),
        );
    TestServer::serve(app)
}

fn doc(state: &State, app: &App) -> serde_json::Value {
    serde_json::to_value(SnapshotDoc::new(state, &app.config)).unwrap()
}

fn has(doc: &serde_json::Value, pointer: &str, pred: impl Fn(&serde_json::Value) -> bool) -> bool {
    doc.pointer(pointer)
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(pred))
}

/// The live run is over once every kind of fact was seen.
fn seen_everything(d: &serde_json::Value) -> bool {
    let alert = |detail: &str| {
        let detail = detail.to_string();
        move |a: &serde_json::Value| a["detail"].as_str().is_some_and(|d| d.contains(&detail))
    };
    has(d, "/alerts", alert("AI headline on NVDA"))
        && has(d, "/alerts", |a| a["symbol"] == "BTC-USD")
        && has(d, "/sources", |s| {
            s["name"] == "Flaky" && s["ok"] == true && s["last_error"].is_string()
        })
}

#[test]
fn a_recording_replays_the_same_screen_at_the_same_times() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let feeds = [
        ("Desk Wire", server.url("/desk.xml")),
        ("Flaky", server.url("/flaky.xml")),
    ];
    let path = server.config(dir.path(), &feeds, &["BTC-USD", "ETH-USD", "NVDA"]);
    edit_config(&path, |text| {
        text.replace("feeds = \"5m\"", "feeds = \"1s\"")
            .replace("quotes = \"15s\"", "quotes = \"1s\"")
    });
    let load = || App::new(config::load(&ConfigOrigin::Flag(path.clone())).unwrap()).unwrap();
    let app = load();
    let recording = dir.path().join("session.jsonl.gz");

    // Live: the monitor's own supply, every message through `feed`.
    let mut trace: Vec<(Timestamp, serde_json::Value)> = Vec::new();
    let mut plans = PlanGate::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let recorder = Recorder::create(
            &recording,
            playback::header(&app),
            Utc::now(),
            app.config.record,
        )
        .unwrap();
        let client = HttpClient::new(app.http_settings()).unwrap();
        let mut state = app.initial_state(Utc::now());
        let (mut supply, mut rx) = Supply::start(&app, client, &mut state, Some(recorder));
        while !trace.last().is_some_and(|(_, d)| seen_everything(d)) {
            let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
                .await
                .unwrap_or_else(|_| panic!("stalled; last state: {:#?}", trace.last()))
                .expect("pollers alive");
            // Source facts are recorded, the quote plan when it changed
            // (the quote task repeats it with every request).
            let recorded = Event::from_msg(&msg, state.now).is_some_and(|e| plans.admits(&e));
            supply.feed(&mut state, msg);
            if recorded {
                trace.push((state.now, doc(&state, &app)));
            }
        }
        // Dropping the supply writes the recording out.
    });
    assert!(trace.len() >= 6, "{} messages", trace.len());
    let btc_fresh = |d: &serde_json::Value| {
        has(d, "/quotes", |q| {
            q["symbol"] == "BTC-USD" && q["stale"] == false
        })
    };
    assert!(
        trace.iter().any(|(_, d)| btc_fresh(d)),
        "the budget's slower refresh keeps a 65 s old price fresh"
    );

    // Replay: the same documents at the same times.
    let rec = read_recording(&recording).unwrap();
    assert_eq!(rec.events.len(), trace.len());
    let mut app2 = load();
    let playback::Playback {
        mut state,
        mut replayer,
    } = playback::prepare(&mut app2, rec, None);
    for (at, live) in &trace {
        replayer.seek(&mut state, *at);
        assert_eq!(&doc(&state, &app2), live, "at {at}");
    }

    // Jumping back and forth lands on the same documents too.
    let (mid_at, mid) = &trace[trace.len() / 2];
    replayer.seek(&mut state, *mid_at);
    assert_eq!(&doc(&state, &app2), mid);

    // And the command line says the same.
    let (last_at, last) = trace.last().unwrap();
    let out = assert_cmd::Command::cargo_bin("tickwire")
        .unwrap()
        .args(["--config", path.to_str().unwrap(), "--data-dir"])
        .arg(dir.path())
        .args(["snapshot", "--json", "--replay"])
        .arg(&recording)
        .args(["--at", &last_at.to_rfc3339()])
        .output()
        .unwrap();
    assert_eq!(&json_stdout(&out), last);
    assert!(
        !dir.path().join("tickwire.db").exists(),
        "a replay never opens the store"
    );
}
