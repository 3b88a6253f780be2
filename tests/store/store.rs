//! The store across runs and processes, with the real binary against a
//! local feed server: a restart costs 304s, what was seen stays listed,
//! read marks survive, one process per data dir polls, and SIGKILL at any
//! moment loses nothing that was reported saved; unchanged feeds write
//! nothing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use assert_cmd::Command;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use serde_json::Value;

use crate::support::doc::{source, titles};
use crate::support::pty::Pty;
use crate::support::{TestServer, rss_channel, rss_item};

/// What the feed server answered, per request.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    conditional: bool,
    status: u16,
}

#[derive(Default)]
struct Feeds {
    /// Items per feed path.
    items: HashMap<String, usize>,
    /// Each request adds an item first.
    grow: bool,
    gone: HashSet<String>,
    hits: Vec<Hit>,
}

/// Feeds at `/a.xml`, `/b.xml`, … with ETag/If-None-Match, counting.
struct FeedServer {
    server: TestServer,
    feeds: Arc<Mutex<Feeds>>,
}

impl FeedServer {
    fn start(names: &[&str], items: usize, grow: bool) -> FeedServer {
        let feeds = Arc::new(Mutex::new(Feeds {
            items: names.iter().map(|n| (format!("/{n}.xml"), items)).collect(),
            grow,
            ..Feeds::default()
        }));
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(feeds.clone());
        FeedServer {
            server: TestServer::serve(app),
            feeds,
        }
    }

    fn url(&self, name: &str) -> String {
        self.server.url(&format!("/{name}.xml"))
    }

    fn hits(&self) -> Vec<Hit> {
        self.feeds.lock().unwrap().hits.clone()
    }

    fn set_items(&self, name: &str, n: usize) {
        self.feeds
            .lock()
            .unwrap()
            .items
            .insert(format!("/{name}.xml"), n);
    }

    fn remove(&self, name: &str) {
        self.feeds
            .lock()
            .unwrap()
            .gone
            .insert(format!("/{name}.xml"));
    }
}

fn rss(path: &str, n: usize) -> String {
    let name = path.trim_matches(|c| c == '/' || c == '.' || c == 'x' || c == 'm' || c == 'l');
    let start = chrono::Utc::now() - chrono::Duration::days(2);
    let items = (0..n).rev().map(|i| {
        let at = (start + chrono::Duration::minutes(i as i64)).to_rfc2822();
        let title = format!("Story {i} from {name} desk");
        let (link, guid) = (format!("https://{name}.example/{i}"), format!("{name}-{i}"));
        rss_item(&[
            ("title", &title),
            ("link", &link),
            ("guid", &guid),
            ("pubDate", &at),
        ])
    });
    rss_channel(name, Some(&format!("https://{name}.example/")), items)
}

async fn answer(State(feeds): State<Arc<Mutex<Feeds>>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let sent = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut f = feeds.lock().unwrap();
    let (grow, gone) = (f.grow, f.gone.contains(&path));
    let (status, body, etag) = match f.items.get_mut(&path) {
        Some(_) if gone => (404, String::new(), None),
        Some(n) => {
            if grow {
                *n += 1;
            }
            let etag = format!("\"v{n}\"");
            if sent.as_deref() == Some(etag.as_str()) {
                (304, String::new(), Some(etag))
            } else {
                (200, rss(&path, *n), Some(etag))
            }
        }
        None => (404, String::new(), None),
    };
    f.hits.push(Hit {
        path,
        conditional: sent.is_some(),
        status,
    });
    let mut resp = Response::new(axum::body::Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/rss+xml"),
    );
    if let Some(etag) = etag {
        resp.headers_mut()
            .insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    }
    resp
}

/// A config watching `feeds` every `every`, no quotes.
fn config(dir: &Path, feeds: &[(&str, String)], every: &str) -> PathBuf {
    let mut text = format!(
        "[refresh]\nfeeds = \"{every}\"\n[watchlist]\nsymbols = []\n\
         [quotes]\nproviders = [\"yahoo\"]\n[quotes.coinbase]\nenabled = false\n\
         [http]\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\nmax_per_host = 4\n"
    );
    for (name, url) in feeds {
        text += &format!("[[feeds]]\nname = {name:?}\nurl = {url:?}\n");
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Feeds Alpha and Beta of three stories each (`grow`: one more with every
/// request), in a config polling them every `every` in a fresh dir.
fn alpha_and_beta(grow: bool, every: &str) -> (FeedServer, tempfile::TempDir, PathBuf) {
    let server = FeedServer::start(&["alpha", "beta"], 3, grow);
    let dir = tempfile::tempdir().unwrap();
    let feeds = [("Alpha", server.url("alpha")), ("Beta", server.url("beta"))];
    let config = config(dir.path(), &feeds, every);
    (server, dir, config)
}

fn snapshot(config: &Path, data: &Path) -> Value {
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .args(["snapshot", "--json", "--config"])
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .env("HOME", data)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_restart_costs_a_304_and_keeps_what_was_seen() {
    let (server, dir, config) = alpha_and_beta(false, "5m");

    let first = snapshot(&config, dir.path());
    assert_eq!(first["headlines"].as_array().unwrap().len(), 6);
    assert!(
        server
            .hits()
            .iter()
            .all(|h| !h.conditional && h.status == 200)
    );

    let second = snapshot(&config, dir.path());
    let again: Vec<Hit> = server.hits()[2..].to_vec();
    assert_eq!(again.len(), 2, "{again:?}");
    assert!(
        again.iter().all(|h| h.conditional && h.status == 304),
        "stored validators sent, 304 answered: {again:?}"
    );
    assert_eq!(
        second["headlines"].as_array().unwrap().len(),
        6,
        "from the store"
    );
    assert_eq!(source(&second, "Alpha")["not_modified"], true);

    server.remove("beta");
    let third = snapshot(&config, dir.path());
    assert_eq!(
        titles(&third, "Beta").len(),
        3,
        "a feed that is gone keeps what was seen"
    );
    let beta = source(&third, "Beta");
    assert_eq!(
        (beta["ok"].clone(), beta["http_status"].clone()),
        (false.into(), 404.into())
    );
}

/// What the runs since `seq` wrote to the store in `dir`.
fn written_since(dir: &Path, seq: u64) -> (tickwire::core::app::Restored, u64) {
    let retention = tickwire::store::Retention {
        max_age: std::time::Duration::from_secs(30 * 86_400),
        max_headlines: 1_000,
    };
    let store = tickwire::store::Store::open(dir, retention).unwrap();
    store.changes_since(seq).unwrap()
}

/// Steady polls cost nothing: every unchanged feed is one conditional
/// request answered 304 and nothing is written; a changed feed writes its
/// new stories only (and its health), the unchanged one nothing.
#[test]
fn unchanged_feeds_write_nothing_and_a_changed_feed_only_its_new_items() {
    let (server, dir, config) = alpha_and_beta(false, "5m");
    snapshot(&config, dir.path());
    let (cold, seq) = written_since(dir.path(), 0);
    assert_eq!((cold.stories.len(), cold.health.len()), (6, 2));

    let steady = snapshot(&config, dir.path());
    assert!(
        server.hits()[2..]
            .iter()
            .all(|h| h.conditional && h.status == 304)
    );
    assert_eq!(steady["headlines"].as_array().unwrap().len(), 6);
    let (written, _) = written_since(dir.path(), seq);
    assert!(written.is_empty(), "all 304: nothing written: {written:?}");

    server.set_items("alpha", 5);
    let changed = snapshot(&config, dir.path());
    assert_eq!(changed["headlines"].as_array().unwrap().len(), 8);
    let (written, _) = written_since(dir.path(), seq);
    let mut new: Vec<&str> = written
        .stories
        .iter()
        .map(|s| s.headline.title.as_str())
        .collect();
    new.sort();
    assert_eq!(new, ["Story 3 from alpha desk", "Story 4 from alpha desk"]);
    let health: Vec<&str> = written.health.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(health, ["Alpha"], "the unchanged feed writes nothing");
}

/// A listener that accepts connections and never answers: no poll of it
/// ever completes.
fn black_hole() -> (std::net::TcpListener, String) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", l.local_addr().unwrap());
    (l, url)
}

#[test]
fn a_restarted_monitor_draws_stored_headlines_and_read_marks_before_any_answer() {
    let server = FeedServer::start(&["alpha"], 3, false);
    let dir = tempfile::tempdir().unwrap();
    let first = config(dir.path(), &[("Alpha", server.url("alpha"))], "5m");
    let mut m = Pty::tickwire(&first, dir.path(), &[], (24, 100));
    m.wait_until("the first poll", |s| s.contains("Story 2 from alpha"));
    // The newest headline is selected: mark it read; it shows once saved.
    m.press("m");
    let read_row = |m: &mut Pty| m.dimmed("Story 2 from alpha");
    assert!(!m.dimmed("Story 1 from alpha"), "unread is not dimmed");
    let deadline = Instant::now() + crate::support::pty::PATIENCE;
    while !read_row(&mut m) {
        assert!(Instant::now() < deadline, "the read mark never showed");
        m.take_chunks(1);
    }
    m.press("q");
    m.finish();

    let (_hole, url) = black_hole();
    let second = config(dir.path(), &[("Alpha", url)], "5m");
    let mut m = Pty::tickwire(&second, dir.path(), &[], (24, 100));
    m.wait_until("stored headlines", |s| {
        s.contains("Story 0 from alpha") && s.contains("Story 2 from alpha")
    });
    assert!(read_row(&mut m), "the read mark survived the restart");
    assert!(!m.dimmed("Story 1 from alpha"));
    m.press("q");
    m.finish();
}

fn requests_per_feed(hits: &[Hit]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for h in hits {
        *out.entry(h.path.clone()).or_default() += 1;
    }
    out
}

#[test]
fn one_process_polls_a_data_dir_the_others_follow_and_take_over() {
    let (server, dir, config) = alpha_and_beta(true, "1s");
    let started = Instant::now();
    let mut one = Pty::tickwire(&config, dir.path(), &[], (24, 100));
    one.wait_until("the first to poll", |s| {
        s.contains("polling") && s.contains("from alpha")
    });
    let mut two = Pty::tickwire(&config, dir.path(), &[], (24, 100));
    two.wait_until("the second to follow", |s| s.contains("following"));
    // What the poller adds after the follower started reaches it too.
    let newest = |hits: &[Hit]| hits.iter().filter(|h| h.path == "/alpha.xml").count() + 3;
    let later = format!("Story {} from alpha", newest(&server.hits()) + 1);
    two.wait_until("a headline polled after it started", |s| s.contains(&later));
    one.wait_until("the same headline on the poller", |s| s.contains(&later));

    // A snapshot on the same data dir reads; it polls nothing.
    let before = server.hits().len();
    let doc = snapshot(&config, dir.path());
    assert!(titles(&doc, "Alpha").len() >= 4, "stored headlines listed");
    let by_snapshot = server.hits().len() - before;
    assert!(
        by_snapshot <= 2,
        "the poller's own polls only: {by_snapshot}"
    );

    // One poller: about one request per feed per second, not two.
    let secs = started.elapsed().as_secs_f64();
    for (path, n) in requests_per_feed(&server.hits()) {
        assert!(
            (n as f64) <= secs / 1.0 + 2.0,
            "{path}: {n} requests in {secs:.1}s: polled twice?"
        );
    }

    // The poller is killed: the follower takes over within seconds.
    kill(Pid::from_raw(one.pid()), Signal::SIGKILL).unwrap();
    one.finish();
    let killed = Instant::now();
    two.wait_until("the follower to poll", |s| s.contains("polling"));
    let took = killed.elapsed().as_secs_f64();
    assert!(took < 10.0, "takeover took {took:.1}s");
    let after = server.hits().len();
    two.take_chunks(1);
    let polled = |hits: &[Hit]| hits.len();
    let deadline = Instant::now() + crate::support::pty::PATIENCE;
    while polled(&server.hits()) == after {
        assert!(Instant::now() < deadline, "the new poller never polled");
        two.take_chunks(1);
    }
    two.press("q");
    two.finish();
    let log = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap_or_default();
    assert!(!log.contains("locked"), "no 'database is locked': {log}");
}

/// `saved stories=[…] read=[…]` lines of the store's debug log.
fn reported_saved(log: &str) -> (Vec<String>, Vec<String>) {
    let (mut stories, mut read) = (Vec::new(), Vec::new());
    let field = |line: &str, key: &str| -> Option<String> {
        let start = line.find(&format!("{key}="))? + key.len() + 1;
        let rest = &line[start..];
        let end = rest.find("] ").map_or(rest.len(), |e| e + 1);
        Some(rest[..end].to_string())
    };
    for line in log.lines().filter(|l| l.contains("saved")) {
        if let Some(s) = field(line, "stories") {
            stories.extend(serde_json::from_str::<Vec<String>>(&s).unwrap_or_default());
        }
        if let Some(r) = field(line, "read") {
            let marks: Vec<(String, bool)> = serde_json::from_str(&r).unwrap_or_default();
            read.extend(marks.into_iter().map(|(id, _)| id));
        }
    }
    (stories, read)
}

/// SIGKILL the monitor at random moments while it writes (new headlines
/// every second, read marks toggled by keys): after each kill the store is
/// intact and holds everything the process had reported saved. Rounds:
/// `TICKWIRE_CRASH_ROUNDS` (default 50); `scripts/crash-store.sh` runs more.
#[test]
fn sigkill_at_any_moment_loses_nothing_reported_saved() {
    let rounds: usize = std::env::var("TICKWIRE_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let seed = fastrand::u64(..);
    println!("crash test: {rounds} rounds, seed {seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    let server = FeedServer::start(&["alpha", "beta", "gamma"], 5, true);
    let dir = tempfile::tempdir().unwrap();
    let feeds: Vec<(&str, String)> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|n| (*n, server.url(n)))
        .collect();
    let config = config(dir.path(), &feeds, "1s");
    let env = [("TICKWIRE_LOG", "warn,tickwire::store=debug")];
    for round in 0..rounds {
        let polled = server.hits().len();
        let mut m = Pty::tickwire(&config, dir.path(), &env, (24, 100));
        m.wait_until("headlines", |s| s.contains("Story"));
        // Half the rounds die only after a few polls were taken in.
        let polls = if rng.bool() { rng.usize(1..4) } else { 0 };
        while server.hits().len() < polled + polls {
            m.take_chunks(1);
        }
        for _ in 0..rng.usize(0..8) {
            m.press(if rng.bool() { "m" } else { "j" });
        }
        m.take_chunks(rng.usize(0..4));
        kill(Pid::from_raw(m.pid()), Signal::SIGKILL).unwrap();
        m.finish();

        let db = rusqlite::Connection::open(dir.path().join("tickwire.db")).unwrap();
        let ok: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "round {round} (seed {seed})");
        let log = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap();
        let (stories, read) = reported_saved(&log);
        for id in &stories {
            let found: bool = db
                .query_row("SELECT count(*) FROM headlines WHERE id = ?1", [id], |r| {
                    r.get::<_, i64>(0).map(|n| n == 1)
                })
                .unwrap();
            assert!(
                found,
                "round {round} (seed {seed}): headline {id} reported saved, missing"
            );
        }
        for id in &read {
            let found: bool = db
                .query_row(
                    "SELECT count(*) FROM read_marks WHERE headline_id = ?1",
                    [id],
                    |r| r.get::<_, i64>(0).map(|n| n == 1),
                )
                .unwrap();
            assert!(
                found,
                "round {round} (seed {seed}): read mark {id} reported saved, missing"
            );
        }
    }
    let log = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap();
    let (stories, read) = reported_saved(&log);
    println!(
        "crash test: {} headlines and {} read marks checked",
        stories.len(),
        read.len()
    );
    assert!(
        !stories.is_empty() && !read.is_empty(),
        "the rounds did write"
    );
}
