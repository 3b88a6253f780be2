//! The real monitor in a pseudo-terminal while its sources misbehave on
//! loopback: an endless body, a drip-fed one, 429 storms with and without
//! Retry-After, a lying charset, quote APIs answering an HTML challenge,
//! a websocket flooding 10,000 messages a second and one that accepts and
//! never answers. Keys are still
//! answered promptly, memory stays bounded, the good feed arrives and every
//! bad source shows its error.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use futures::SinkExt;
use tokio_tungstenite::tungstenite::Message;

use crate::support::pty::Pty;
use crate::support::{TestServer, edit_config, ws};

const GOOD: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Loopback desk opens early</title><guid>g-1</guid></item>
</channel></rss>"#;

fn response(status: u16, headers: &[(&'static str, &'static str)], body: Body) -> Response {
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    for (name, value) in headers {
        resp.headers_mut().insert(*name, value.parse().unwrap());
    }
    resp
}

/// Every misbehaviour at its own path; each feed gets its own server (its
/// own host), as publishers do: one host's Retry-After holds only it.
fn hostile_http() -> axum::Router {
    axum::Router::new()
        .route("/good.xml", get(|| async { response(200, &[], Body::from(GOOD)) }))
        .route(
            "/endless.xml",
            get(|| async {
                let chunks = futures::stream::repeat_with(|| {
                    Ok::<_, std::io::Error>(b"<rss><channel><item>".repeat(512))
                });
                response(200, &[], Body::from_stream(chunks))
            }),
        )
        .route(
            "/drip.xml",
            // One byte a second: the server's pace, not the test's.
            get(|| async {
                let bytes = futures::stream::unfold(0u8, |n| async move {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Some((Ok::<_, std::io::Error>(vec![b'<']), n))
                });
                response(200, &[], Body::from_stream(bytes))
            }),
        )
        .route(
            "/storm.xml",
            get(|| async { response(429, &[], Body::from("slow down")) }),
        )
        .route(
            "/storm-later.xml",
            get(|| async { response(429, &[("retry-after", "3600")], Body::from("later")) }),
        )
        .route(
            "/lying.xml",
            // Declared UTF-8 (header and declaration), written in windows-1252.
            get(|| async {
                let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>L</title><item><title>Caf\xe9 \x9b31m chips</title><guid>l-1</guid></item></channel></rss>".to_vec();
                response(200, &[("content-type", "application/rss+xml; charset=utf-8")], Body::from(body))
            }),
        )
        .route(
            "/panic.xml",
            // A second XML declaration: the XML parser panics on it.
            get(|| async {
                let body = r#"<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>P</title><item><title>A<?xml version="1.0" encoding="utf-8"?></title></item></channel></rss>"#;
                response(200, &[], Body::from(body))
            }),
        )
        .route("/v8/finance/chart/{symbol}", get(challenge))
        .route("/finnhub/quote", get(challenge))
}

/// A bot challenge where a JSON API should answer.
async fn challenge() -> Response {
    let page = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>checking your browser</body></html>";
    response(200, &[("content-type", "text/html")], Body::from(page))
}

/// A websocket that accepts and then never says a word, nor reads one.
fn silent_ws(runtime: &tokio::runtime::Runtime) -> String {
    let server = runtime.block_on(ws::serve(|_, socket| async move {
        let _held = socket;
        std::future::pending::<()>().await
    }));
    server.url
}

/// A Coinbase-shaped ticker flood: 10,000 messages a second, forever.
fn flooding_ws(runtime: &tokio::runtime::Runtime) -> String {
    let server = runtime.block_on(ws::serve(|_, mut socket| async move {
        let mut price = 100_000.0f64;
        let mut pace = tokio::time::interval(Duration::from_millis(1));
        loop {
            pace.tick().await;
            let now = chrono::Utc::now().to_rfc3339();
            for _ in 0..10 {
                price += 0.01;
                let text = format!(
                    r#"{{"type":"ticker","product_id":"BTC-USD","price":"{price:.2}","open_24h":"99000","time":"{now}"}}"#
                );
                if socket.send(Message::text(text)).await.is_err() {
                    return;
                }
            }
        }
    }));
    server.url
}

fn resident_kib(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn under_hostile_sources_keys_are_answered_and_every_failure_is_shown() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ws = flooding_ws(&runtime);
    let silent = silent_ws(&runtime);
    let app = hostile_http();
    let servers: Vec<TestServer> = (0..8).map(|_| TestServer::serve(app.clone())).collect();
    let dir = tempfile::tempdir().unwrap();
    let feeds = [
        ("Good", "/good.xml"),
        ("Endless", "/endless.xml"),
        ("Drip", "/drip.xml"),
        ("Storm", "/storm.xml"),
        ("StormLater", "/storm-later.xml"),
        ("Lying", "/lying.xml"),
        ("Panics", "/panic.xml"),
    ]
    .into_iter()
    .zip(&servers)
    .map(|((name, path), server)| (name, server.url(path)))
    .collect::<Vec<_>>();
    let yahoo = servers[7].base.clone();
    let config = servers[7].config(dir.path(), &feeds, &["NVDA", "BTC-USD"]);
    // Finnhub (a key, loopback only) polls the challenge and streams from
    // the silent socket; Coinbase streams the flood.
    edit_config(&config, |text| {
        text.replace(
            "enabled = false",
            &format!("enabled = true\nws_url = {ws:?}"),
        )
        .replace(
            "providers = [\"yahoo\"]",
            "providers = [\"yahoo\", \"finnhub\"]",
        ) + &format!(
            "[quotes.finnhub]\napi_key = \"test-key\"\nbase_url = \"{yahoo}/finnhub\"\nstream = true\nws_url = {silent:?}\n"
        )
    });

    let mut pty = Pty::tickwire(&config, dir.path(), &[], (40, 140));
    pty.wait_until("the good feed and the lying one beside the flood", |s| {
        s.contains("Loopback desk opens early") && s.contains("Café") && s.contains("BTC-USD")
    });

    // Key presses while the flood runs: the help overlay opens and closes.
    let mut latencies = Vec::new();
    for _ in 0..5 {
        for (open, what) in [(true, "help open"), (false, "help closed")] {
            let pressed = Instant::now();
            pty.press("?");
            pty.wait_until(what, |s| s.contains("filter headlines") == open);
            latencies.push(pressed.elapsed());
        }
    }
    latencies.sort();
    let worst = *latencies.last().unwrap();
    eprintln!(
        "key-press latency under the flood: median {:?}, worst {worst:?}",
        latencies[latencies.len() / 2]
    );
    // A loaded 2-core runner may deschedule a debug build for a moment;
    // a monitor the flood starves would miss both bounds by far.
    let median = latencies[latencies.len() / 2];
    assert!(median < Duration::from_secs(1), "{latencies:?}");
    assert!(worst < Duration::from_secs(5), "{latencies:?}");

    // Every bad source shows its error in the sources pane.
    pty.press("S");
    pty.wait_until("each failure named", |s| {
        [
            "larger than",
            "timed out",
            "HTTP 429",
            "in 59m",
            "an HTML page",
            "the XML par",
            "Lying",
        ]
        .iter()
        .all(|needle| s.contains(needle))
    });
    assert!(
        pty.parser.screen().alternate_screen()
            && !String::from_utf8_lossy(&pty.raw).contains("panicked"),
        "a parser's panic left the screen alone"
    );
    let rss = resident_kib(pty.pid());
    eprintln!("resident memory after the flood: {} MiB", rss / 1024);
    assert!(rss < 200 * 1024, "{rss} KiB resident");

    pty.press("q");
    assert!(pty.finish().success());
}
