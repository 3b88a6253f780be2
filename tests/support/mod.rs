//! The fixtures every room shares, each written once: a real HTTP server
//! on 127.0.0.1 serving recorded bodies (and the standard set of them),
//! fixture and corpus paths, feed and chart bodies of our own, a config
//! writer; `doc` reads `snapshot --json` documents, `screen` builds states
//! and draws them, `pty`/`nats`/`ws` run processes and servers, `system`
//! finds the programs some tests need.
//!
//! Each room includes it as `pub mod support;`: public, so what a room
//! does not use is not dead code there.

pub mod doc;
pub mod nats;
pub mod pty;
pub mod screen;
pub mod system;
pub mod ws;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

#[derive(Clone)]
pub struct Route {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Route {
    pub fn ok(content_type: &'static str, body: Vec<u8>) -> Route {
        Route {
            status: 200,
            content_type,
            body,
        }
    }
    pub fn status(status: u16, content_type: &'static str, body: Vec<u8>) -> Route {
        Route {
            status,
            content_type,
            body,
        }
    }
}

struct Shared {
    routes: HashMap<String, Route>,
    hits: AtomicUsize,
}

/// An HTTP server on an ephemeral loopback port, alive as long as this value.
pub struct TestServer {
    pub base: String,
    shared: Arc<Shared>,
    _runtime: tokio::runtime::Runtime,
}

impl TestServer {
    /// Serve `routes` (path, without query, to response). Unknown paths get 404.
    pub fn start(routes: Vec<(&str, Route)>) -> TestServer {
        TestServer::start_at(0, routes)
    }

    /// `start` on a given loopback port (0: any), for a server that comes
    /// up after its client started.
    pub fn start_at(port: u16, routes: Vec<(&str, Route)>) -> TestServer {
        let shared = Arc::new(Shared {
            routes: routes
                .into_iter()
                .map(|(p, r)| (p.to_string(), r))
                .collect(),
            hits: AtomicUsize::new(0),
        });
        let app = axum::Router::new()
            .fallback(respond)
            .with_state(shared.clone());
        Self::launch(app, shared, port)
    }

    /// Serve a router of the test's own (custom headers, streamed bodies,
    /// recorded requests). `hits` counts nothing here: handlers count.
    pub fn serve(app: axum::Router) -> TestServer {
        let shared = Arc::new(Shared {
            routes: HashMap::new(),
            hits: AtomicUsize::new(0),
        });
        Self::launch(app, shared, 0)
    }

    fn launch(app: axum::Router, shared: Arc<Shared>, port: u16) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move { axum::serve(listener, app).await });
        TestServer {
            base: format!("http://{addr}"),
            shared,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn hits(&self) -> usize {
        self.shared.hits.load(Ordering::SeqCst)
    }

    /// The recorded bodies most tests read: feeds at `/desk.xml` (five desk
    /// stories, one of them Nvidia's slide), `/latin1.xml` (ISO-8859-1) and
    /// `/hostile.xml`, an HTML challenge at `/challenge`; Yahoo charts of
    /// NVDA and AVGO, and ZZZZ not found.
    pub fn standard() -> TestServer {
        TestServer::start(vec![
            (
                "/desk.xml",
                Route::ok("application/rss+xml", fixture("feed_desk.xml")),
            ),
            (
                "/latin1.xml",
                Route::ok("application/rss+xml", fixture("feed_latin1.xml")),
            ),
            (
                "/hostile.xml",
                Route::ok("application/rss+xml", fixture("feed_hostile.xml")),
            ),
            (
                "/challenge",
                Route::ok(
                    "text/html",
                    b"<!DOCTYPE html><html><title>Just a moment</title></html>".to_vec(),
                ),
            ),
            (
                "/v8/finance/chart/NVDA",
                Route::ok("application/json", fixture("chart_nvda.json")),
            ),
            (
                "/v8/finance/chart/AVGO",
                Route::ok("application/json", fixture("chart_avgo.json")),
            ),
            (
                "/v8/finance/chart/ZZZZ",
                Route::status(404, "application/json", fixture("chart_not_found.json")),
            ),
        ])
    }

    /// `write_config` with this server as the only Yahoo.
    pub fn config(&self, dir: &Path, feeds: &[(&str, String)], symbols: &[&str]) -> PathBuf {
        write_config(dir, feeds, symbols, std::slice::from_ref(&self.base))
    }
}

async fn respond(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    shared.hits.fetch_add(1, Ordering::SeqCst);
    let route = shared
        .routes
        .get(req.uri().path())
        .cloned()
        .unwrap_or(Route {
            status: 404,
            content_type: "text/plain",
            body: b"not found".to_vec(),
        });
    let mut resp = Response::new(Body::from(route.body));
    *resp.status_mut() = StatusCode::from_u16(route.status).unwrap();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(route.content_type),
    );
    resp
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `../shared/corpus` beside the checkout, or `None` with a note on
/// stderr, so a fresh clone without it still passes.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        system::skip(&format!("corpus not found at {}", dir.display()));
        None
    }
}

/// The JSON a command printed, once it succeeded (else its stderr).
pub fn json_stdout(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A URL nothing listens on: connection refused at once.
pub const DEAD_BASE: &str = "http://127.0.0.1:9";

/// An RSS 2.0 document: a channel titled `title` (with its `link` and a
/// description, when given) holding `items` (see `rss_item`).
pub fn rss_channel(
    title: &str,
    link: Option<&str>,
    items: impl IntoIterator<Item = String>,
) -> String {
    let mut body =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>");
    if let Some(link) = link {
        body += &format!("<link>{link}</link><description>d</description>");
    }
    body.extend(items);
    body + "</channel></rss>"
}

/// One `<item>` of `(element, text)` children, in order: `[("title", t),
/// ("guid", id)]`.
pub fn rss_item(children: &[(&str, &str)]) -> String {
    let children: String = children
        .iter()
        .map(|(name, text)| format!("<{name}>{text}</{name}>"))
        .collect();
    format!("<item>{children}</item>")
}

/// An RSS 2.0 body of `(id, title, summary)` items, each linked under
/// example.com.
pub fn rss(items: &[(&str, &str, &str)]) -> Vec<u8> {
    rss_at("T", "https://example.com/", "description", items)
}

/// A channel `title` at `base` of `(id, title, text)` items, each linked
/// at `base` + id, `text` its `element` (`description`, `pubDate`).
pub fn rss_at(title: &str, base: &str, element: &str, items: &[(&str, &str, &str)]) -> Vec<u8> {
    let items = items.iter().map(|(id, title, text)| {
        let link = format!("{base}{id}");
        rss_item(&[
            ("title", title),
            ("link", &link),
            ("guid", id),
            (element, text),
        ])
    });
    rss_channel(title, Some(base), items).into_bytes()
}

/// Write a config file watching `feeds` and `symbols` via `yahoo_bases`.
pub fn write_config(
    dir: &Path,
    feeds: &[(&str, String)],
    symbols: &[&str],
    yahoo_bases: &[String],
) -> PathBuf {
    let mut text = String::from("[refresh]\nfeeds = \"5m\"\nquotes = \"15s\"\n\n");
    text += &format!("[watchlist]\nsymbols = {symbols:?}\n\n");
    // Only the local Yahoo stand-in: a FINNHUB_API_KEY in the environment
    // must never send a test to the real Finnhub.
    text += &format!(
        "[quotes]\nproviders = [\"yahoo\"]\n\n[quotes.yahoo]\nbase_urls = {yahoo_bases:?}\n\n"
    );
    // Nor to the real Coinbase, for a crypto pair on the watchlist.
    text += "[quotes.coinbase]\nenabled = false\n\n";

    text += "[http]\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\n\n";
    // Fixtures keep their written dates (years ago): a test of the window
    // sets its own with `with_retention`.
    text += "[store]\nretention = \"36500d\"\n\n";
    for (name, url) in feeds {
        text += &format!("[[feeds]]\nname = {name:?}\nurl = {url:?}\n\n");
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The config at `path` with `[store] retention = window` ("30d").
pub fn with_retention(path: &Path, window: &str) {
    edit_config(path, |t| {
        t.replace("retention = \"36500d\"", &format!("retention = {window:?}"))
    });
}

/// Rewrite the config file at `path` with `edit`.
pub fn edit_config(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, edit(text)).unwrap();
}

/// `tickwire classify --json` with `input` on stdin, the embedded config or
/// `config`: one JSON value per output line.
pub fn classify_json(input: &str, config: Option<&Path>) -> Vec<serde_json::Value> {
    let mut cmd = assert_cmd::Command::cargo_bin("tickwire").unwrap();
    cmd.args(["classify", "--json"]);
    if let Some(config) = config {
        cmd.arg("--config").arg(config);
    }
    let out = cmd
        .env_remove("TICKWIRE_CONFIG")
        .env("HOME", std::env::temp_dir())
        .write_stdin(input.to_string())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A Yahoo-shaped chart body of our own: `symbol` at `price`, its data
/// dated `time` (unix seconds), the regular session `regular` (start,
/// end) — for tests that need data of a given age rather than a recording.
pub fn chart_json(symbol: &str, price: f64, time: i64, regular: (i64, i64)) -> Vec<u8> {
    let (start, end) = regular;
    serde_json::json!({"chart": {"result": [{
        "meta": {
            "currency": "USD", "symbol": symbol, "exchangeName": "NMS",
            "regularMarketPrice": price, "regularMarketTime": time, "previousClose": price - 1.0,
            "currentTradingPeriod": {
                "pre": {"start": start - 3600, "end": start},
                "regular": {"start": start, "end": end},
                "post": {"start": end, "end": end + 3600}
            }
        },
        "timestamp": [time - 60],
        "indicators": {"quote": [{"close": [price]}]}
    }], "error": null}})
    .to_string()
    .into_bytes()
}

/// Unix seconds now.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}
