//! The feed engine against real HTTP servers on 127.0.0.1: conditional
//! GET, Retry-After, the body cap (gzip bomb, no length), timeouts for
//! endless and drip-fed bodies, per-host and global limits.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use tickwire::core::app::Msg;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::model::{FailureClass, SourceKind};
use tickwire::sources::feeds::Outcome;
use tickwire::sources::feeds::{FeedSpec, poll_feed};
use tickwire::sources::http::FeedMemory;
use tickwire::sources::http::{HttpClient, HttpSettings};
use tickwire::sources::poller::{self, PollPlan};

use crate::support::TestServer;

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Chip stocks climb</title><guid>d-1</guid></item>
<item><title>Cloud capex rises</title><guid>d-2</guid></item>
</channel></rss>"#;

fn settings() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_millis(500),
        timeout: Duration::from_millis(800),
        stall_timeout: Duration::from_millis(300),
        max_body_bytes: 1024 * 1024,
        ..HttpSettings::default()
    }
}

fn spec(server: &TestServer, path: &str) -> FeedSpec {
    FeedSpec {
        name: path.trim_start_matches('/').to_string(),
        url: server.url(path),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn response(status: u16, headers: &[(&'static str, &str)], body: Body) -> Response {
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    for (name, value) in headers {
        resp.headers_mut()
            .insert(*name, value.parse().expect("header value"));
    }
    resp
}

fn header_of(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8(v.as_bytes().to_vec()).unwrap())
}

/// A server with ETag and Last-Modified: 200 first, then 304 with a new
/// ETag, then 304 again; it records the validators each request carried.
/// (If-None-Match, If-Modified-Since) of each request, in order.
type Seen = Arc<Mutex<Vec<(Option<String>, Option<String>)>>>;

fn validating_server(seen: Seen) -> TestServer {
    let app = axum::Router::new().route(
        "/feed",
        get(move |headers: HeaderMap| {
            let seen = seen.clone();
            async move {
                let inm = header_of(&headers, header::IF_NONE_MATCH);
                let ims = header_of(&headers, header::IF_MODIFIED_SINCE);
                seen.lock().unwrap().push((inm.clone(), ims));
                match inm.as_deref() {
                    None => response(
                        200,
                        &[
                            ("etag", "W/\"v1  x\""),
                            ("last-modified", "Mon, 27 Jan 2025 10:00:00 GMT"),
                        ],
                        Body::from(RSS),
                    ),
                    Some("W/\"v1  x\"") => response(304, &[("etag", "\"v2\"")], Body::empty()),
                    Some(_) => response(304, &[], Body::empty()),
                }
            }
        }),
    );
    TestServer::serve(app)
}

#[test]
fn conditional_get_echoes_validators_verbatim_and_a_304_keeps_the_items() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = validating_server(seen.clone());
    let rt = runtime();
    let client = HttpClient::new(settings()).unwrap();
    let cache = FeedMemory::default();
    let feed = spec(&server, "/feed");
    let mut state = State::new(&[], Utc::now());
    let mut polls = Vec::new();
    for _ in 0..3 {
        let poll = rt.block_on(poll_feed(&client, &feed, &cache));
        polls.push(poll.outcome);
        update(&mut state, poll.msg, Utc::now());
        let health = &state.sources[&(SourceKind::Feed, "feed".to_string())];
        assert!(health.ok && health.items == 2, "{health:?}");
    }
    let lm = Some("Mon, 27 Jan 2025 10:00:00 GMT".to_string());
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (None, None),
            (Some("W/\"v1  x\"".to_string()), lm.clone()),
            (Some("\"v2\"".to_string()), lm),
        ],
        "validators echoed exactly; the 304's new ETag replaced the old one"
    );
    let health = &state.sources[&(SourceKind::Feed, "feed".to_string())];
    assert!(health.not_modified);
    assert_eq!(health.http_status, Some(304));
    assert_eq!(state.items().len(), 2);
    assert!(
        polls
            .iter()
            .all(|o| matches!(o, Outcome::Fresh { asks_every: None }))
    );
}

#[test]
fn retry_after_of_a_429_or_503_is_reported_in_seconds_or_as_a_date() {
    let in_90s = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(90));
    let app = axum::Router::new()
        .route(
            "/busy",
            get(|| async { response(429, &[("retry-after", "120")], Body::empty()) }),
        )
        .route(
            "/down",
            get(move || {
                let at = in_90s.clone();
                async move { response(503, &[("retry-after", &at)], Body::empty()) }
            }),
        )
        .route(
            "/broken",
            get(|| async { response(500, &[("retry-after", "120")], Body::empty()) }),
        );
    let server = TestServer::serve(app);
    let rt = runtime();
    let client = HttpClient::new(settings()).unwrap();
    let cache = FeedMemory::default();
    let outcome = |path| rt.block_on(poll_feed(&client, &spec(&server, path), &cache));

    let busy = outcome("/busy");
    assert_eq!(
        busy.outcome,
        Outcome::Failed {
            retry_after: Some(Duration::from_secs(120))
        }
    );
    assert!(
        matches!(busy.msg, Msg::SourceFailed { ref failure, .. } if failure.detail == "HTTP 429")
    );
    let Outcome::Failed {
        retry_after: Some(wait),
    } = outcome("/down").outcome
    else {
        panic!("503 with a date must carry Retry-After")
    };
    assert!((85..=90).contains(&wait.as_secs()), "{wait:?}");
    assert_eq!(
        outcome("/broken").outcome,
        Outcome::Failed { retry_after: None },
        "only 429 and 503 defer the host"
    );
}

fn gzip_bomb(decompressed: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 64 * 1024];
    for _ in 0..decompressed / zeros.len() {
        enc.write_all(&zeros).unwrap();
    }
    enc.finish().unwrap()
}

/// Hostile bodies beside a good feed: each ends in a clear, classified
/// error within the timeouts, and the good feed still arrives.
#[test]
fn hostile_bodies_end_in_clear_errors_and_a_good_feed_still_arrives() {
    let bomb = gzip_bomb(64 * 1024 * 1024);
    assert!(bomb.len() < 128 * 1024, "a real bomb: {} bytes", bomb.len());
    let app = axum::Router::new()
        .route(
            "/good",
            get(|| async { response(200, &[], Body::from(RSS)) }),
        )
        .route(
            "/bomb",
            get(move || {
                let bomb = bomb.clone();
                async move { response(200, &[("content-encoding", "gzip")], Body::from(bomb)) }
            }),
        )
        .route(
            "/unbounded",
            // Chunked, no Content-Length, far past the cap.
            get(|| async {
                let chunks = futures::stream::iter(
                    (0..64).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024])),
                );
                response(200, &[], Body::from_stream(chunks))
            }),
        )
        .route(
            "/endless",
            // Never ends, never stalls: only the total timeout stops it.
            get(|| async {
                let chunks = futures::stream::unfold((), |()| async {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Some((Ok::<_, std::io::Error>(b"<rss><channel>".to_vec()), ()))
                });
                response(200, &[], Body::from_stream(chunks))
            }),
        )
        .route(
            "/drip",
            // One byte, then silence far beyond the stall timeout.
            get(|| async {
                let chunks = futures::stream::unfold(0u32, |n| async move {
                    if n > 0 {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Some((Ok::<_, std::io::Error>(b"<".to_vec()), n + 1))
                });
                response(200, &[], Body::from_stream(chunks))
            }),
        );
    let server = TestServer::serve(app);
    let rt = runtime();
    // The drip's stall (300 ms) must come well before the whole request's
    // limit, even when its first byte is slow to arrive on a loaded machine.
    let client = HttpClient::new(HttpSettings {
        timeout: Duration::from_millis(1500),
        ..settings()
    })
    .unwrap();
    let cache = FeedMemory::default();
    let started = Instant::now();
    let polls = rt.block_on(futures::future::join_all(
        ["/good", "/bomb", "/unbounded", "/endless", "/drip"]
            .map(|p| spec(&server, p))
            .iter()
            .map(|s| async { poll_feed(&client, s, &cache).await.msg })
            .collect::<Vec<_>>(),
    ));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let failure_of = |i: usize| match &polls[i] {
        Msg::SourceFailed { failure, .. } => (failure.class, failure.detail.clone()),
        other => panic!("expected a failure, got {other:?}"),
    };
    assert!(
        matches!(&polls[0], Msg::HeadlinesFetched { headlines, .. } if headlines.len() == 2),
        "{:?}",
        polls[0]
    );
    let too_large = (
        FailureClass::TooLarge,
        "body larger than 1048576 bytes".to_string(),
    );
    assert_eq!(failure_of(1), too_large, "gzip bomb");
    assert_eq!(failure_of(2), too_large, "chunked body without a length");
    assert_eq!(failure_of(3).0, FailureClass::Timeout, "endless body");
    assert_eq!(
        failure_of(4),
        (
            FailureClass::Timeout,
            "stalled: no data for 300ms".to_string()
        ),
        "drip"
    );
}

/// A server that counts requests in flight (each held for a moment).
fn counting_server(now: Arc<AtomicUsize>, peak: Arc<AtomicUsize>) -> TestServer {
    let app = axum::Router::new().fallback(get(move || {
        let (now, peak) = (now.clone(), peak.clone());
        async move {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(n, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(60)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            response(200, &[], Body::from(RSS))
        }
    }));
    TestServer::serve(app)
}

fn snapshot_peak(
    per_host: usize,
    in_flight: usize,
    servers: &[&TestServer],
) -> tickwire::headless::SnapshotDoc {
    let mut text = format!(
        "feeds = []\n[watchlist]\nsymbols = []\n[http]\nmax_per_host = {per_host}\nmax_in_flight = {in_flight}\n"
    );
    for (i, server) in servers.iter().enumerate() {
        for j in 0..4 {
            text += &format!(
                "[[feeds]]\nname = \"f{i}-{j}\"\nurl = \"{}/f{j}\"\n",
                server.base
            );
        }
    }
    let text = text.replacen("feeds = []\n", "", 1);
    let app = tickwire::wiring::App::new(tickwire::config::parse(&text, "test").unwrap()).unwrap();
    let client = HttpClient::new(app.http_settings()).unwrap();
    runtime().block_on(tickwire::headless::snapshot(
        &app,
        &client,
        Duration::from_secs(5),
    ))
}

#[test]
fn per_host_and_global_limits_hold() {
    let (now, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let a = counting_server(now.clone(), peak.clone());
    let b = counting_server(now.clone(), peak.clone());

    let doc = snapshot_peak(1, 16, &[&a]);
    assert!(doc.sources.iter().all(|s| s.ok && s.items == 2));
    // Health fields in `snapshot --json`, beside the contract's fields.
    let json = serde_json::to_value(&doc.sources[0]).unwrap();
    for key in [
        "ok",
        "items",
        "http_status",
        "last_success",
        "last_error",
        "not_modified",
        "next_poll",
    ] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    assert_eq!(
        (json["not_modified"].clone(), json["next_poll"].clone()),
        (false.into(), serde_json::Value::Null)
    );
    assert_eq!(peak.load(Ordering::SeqCst), 1, "one request per host");

    peak.store(0, Ordering::SeqCst);
    snapshot_peak(1, 16, &[&a, &b]);
    assert_eq!(peak.load(Ordering::SeqCst), 2, "two hosts, one each");

    peak.store(0, Ordering::SeqCst);
    snapshot_peak(4, 1, &[&a, &b]);
    assert_eq!(peak.load(Ordering::SeqCst), 1, "global limit");

    peak.store(0, Ordering::SeqCst);
    snapshot_peak(4, 16, &[&a]);
    assert_eq!(
        peak.load(Ordering::SeqCst),
        4,
        "the limits are the config's"
    );
}

/// The pollers' plan for `server`'s `/feed` alone, polled `every`; no
/// symbols (their round would come `quote_every`).
fn feed_plan(server: &TestServer, every: Duration, quote_every: Duration) -> PollPlan {
    PollPlan {
        feeds: vec![(spec(server, "/feed"), every)],
        symbols: vec![],
        quotes: Arc::new(tickwire::sources::quotes::QuoteChain::new(vec![])),
        quote_every,
        streams: vec![],
        memory: Default::default(),
        first_due: Default::default(),
    }
}

#[test]
fn a_running_poller_repolls_with_if_none_match_and_gets_304s() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = validating_server(seen.clone());
    let client = HttpClient::new(settings()).unwrap();
    let plan = feed_plan(&server, Duration::from_millis(200), Duration::from_secs(60));
    let msgs = runtime().block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        let _pollers = poller::spawn(plan, client, tx);
        let mut msgs = Vec::new();
        for _ in 0..3 {
            let msg = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
            msgs.push(msg.expect("polled within 5s").expect("channel open"));
        }
        msgs
    });
    let reports: Vec<(bool, usize, bool)> = msgs
        .iter()
        .map(|m| match m {
            Msg::HeadlinesFetched {
                report, headlines, ..
            } => (
                report.not_modified,
                headlines.len(),
                report.next_poll.is_some(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reports,
        [(false, 2, true), (true, 0, true), (true, 0, true)]
    );
    assert_eq!(seen.lock().unwrap()[1].0.as_deref(), Some("W/\"v1  x\""));
}

#[test]
fn refresh_now_polls_a_feed_before_its_interval() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = validating_server(seen.clone());
    let client = HttpClient::new(settings()).unwrap();
    let plan = feed_plan(
        &server,
        Duration::from_secs(3600),
        Duration::from_secs(3600),
    );
    runtime().block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        let pollers = poller::spawn(plan, client, tx);
        next_msg(&mut rx).await;
        pollers.refresh_now(Some("other feed"));
        assert!(
            tokio::time::timeout(Duration::from_millis(300), rx.recv())
                .await
                .is_err(),
            "another feed's refresh does not poll this one"
        );
        pollers.refresh_now(Some("feed"));
        let msg = next_msg(&mut rx).await;
        assert!(matches!(msg, Msg::HeadlinesFetched { report, .. } if report.not_modified));
        pollers.refresh_now(None);
        next_msg(&mut rx).await;
    });
    assert_eq!(seen.lock().unwrap().len(), 3);
}

async fn next_msg(rx: &mut tokio::sync::mpsc::Receiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a poll within 5s")
        .expect("channel open")
}

#[test]
fn redirects_are_limited_and_a_permanent_move_counts_once_it_repeats() {
    let old_hits = Arc::new(AtomicUsize::new(0));
    let counter = old_hits.clone();
    let app = axum::Router::new()
        .route(
            "/old",
            get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async { response(301, &[("location", "/new")], Body::empty()) }
            }),
        )
        .route(
            "/new",
            get(|| async { response(200, &[], Body::from(RSS)) }),
        )
        .route(
            "/hop/{n}",
            get(
                |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                    if n == 0 {
                        response(200, &[], Body::from(RSS))
                    } else {
                        let next = format!("/hop/{}", n - 1);
                        response(307, &[("location", &next)], Body::empty())
                    }
                },
            ),
        );
    let server = TestServer::serve(app);
    let rt = runtime();
    let client = HttpClient::new(settings()).unwrap();
    let memory = FeedMemory::default();
    let poll = |path| {
        rt.block_on(poll_feed(&client, &spec(&server, path), &memory))
            .msg
    };

    assert!(
        matches!(poll("/hop/5"), Msg::HeadlinesFetched { .. }),
        "five redirects are fine"
    );
    match poll("/hop/6") {
        Msg::SourceFailed { failure, .. } => assert_eq!(failure.detail, "more than 5 redirects"),
        other => panic!("{other:?}"),
    }

    let polled_url = |msg: Msg| match msg {
        Msg::HeadlinesFetched {
            report, headlines, ..
        } if headlines.len() == 2 => report.url,
        other => panic!("{other:?}"),
    };
    let old = server.url("/old");
    assert_eq!(polled_url(poll("/old")), old, "one 301: still the old URL");
    assert_eq!(polled_url(poll("/old")), old);
    assert_eq!(
        polled_url(poll("/old")),
        server.url("/new"),
        "moved once it repeated"
    );
    assert_eq!(old_hits.load(Ordering::SeqCst), 2);
}

/// Servers that misbehave at the HTTP level: each ends in a classified
/// error with a clean detail, quickly, and never a crash.
#[test]
fn misbehaving_servers_end_in_clear_errors() {
    let huge = "x".repeat(1024 * 1024);
    let app = axum::Router::new()
        .route(
            "/loop",
            get(|| async { response(302, &[("location", "/loop")], Body::empty()) }),
        )
        .route(
            "/scheme",
            get(|| async { response(302, &[("location", "file:///etc/passwd")], Body::empty()) }),
        )
        .route(
            "/challenge",
            get(|| async {
                let page = "<!DOCTYPE html><html><title>Just a moment\x1b]0;x\x07</title></html>";
                response(403, &[("content-type", "text/html")], Body::from(page))
            }),
        )
        .route(
            "/html",
            get(|| async {
                let page = "<html><body>Checking your browser</body></html>";
                response(200, &[("content-type", "text/html")], Body::from(page))
            }),
        )
        .route(
            "/reset",
            get(|| async {
                let chunks = futures::stream::iter([
                    Ok(b"<rss version=\"2.0\"><channel>".to_vec()),
                    Err(std::io::Error::other("reset")),
                ]);
                response(200, &[], Body::from_stream(chunks))
            }),
        )
        .route(
            "/headers",
            get(move || {
                let huge = huge.clone();
                async move { response(200, &[("x-junk", &huge)], Body::from(RSS)) }
            }),
        );
    let server = TestServer::serve(app);
    let rt = runtime();
    let client = HttpClient::new(settings()).unwrap();
    let memory = FeedMemory::default();
    let started = Instant::now();
    let paths = [
        "/loop",
        "/scheme",
        "/challenge",
        "/html",
        "/reset",
        "/headers",
    ];
    let failures: Vec<(FailureClass, String)> = paths
        .iter()
        .map(|p| {
            match rt
                .block_on(poll_feed(&client, &spec(&server, p), &memory))
                .msg
            {
                Msg::SourceFailed { failure, .. } => (failure.class, failure.detail),
                other => panic!("{p}: expected a failure, got {other:?}"),
            }
        })
        .collect();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    for ((_, detail), path) in failures.iter().zip(paths) {
        assert!(!detail.is_empty(), "{path}: an error says why");
        assert!(!detail.chars().any(char::is_control), "{path}: {detail:?}");
    }
    assert_eq!(
        failures[0],
        (FailureClass::Network, "more than 5 redirects".into())
    );
    assert_eq!(failures[1].0, FailureClass::Network, "{:?}", failures[1]);
    assert_eq!(failures[2], (FailureClass::Http, "HTTP 403".into()));
    assert_eq!(failures[3].0, FailureClass::NotAFeed, "{:?}", failures[3]);
    assert_ne!(failures[4].0, FailureClass::Http, "{:?}", failures[4]);
    assert_eq!(failures[5].0, FailureClass::Network, "{:?}", failures[5]);
}
