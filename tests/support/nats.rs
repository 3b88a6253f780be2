//! A real `nats-server -js` on a loopback port in a temp dir, killed on
//! drop (or `None` where it is not installed: the test is skipped);
//! tickwire processes on it; a feed we change under them.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::system::NATS_SERVER;
use super::{TestServer, rss_channel, rss_item};

/// How long a test waits for a process to reach a state.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct NatsServer {
    pub port: u16,
    bin: PathBuf,
    dir: PathBuf,
    child: Child,
}

impl NatsServer {
    /// JetStream on, storing in `dir`; `None` where nats-server is not
    /// installed: the test is skipped (see `system`).
    pub fn start(dir: &Path) -> Option<NatsServer> {
        NatsServer::start_with(dir, "")
    }

    /// With more server config (`authorization { … }`).
    pub fn start_with(dir: &Path, config: &str) -> Option<NatsServer> {
        let bin = NATS_SERVER.find()?;
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let store = dir.join("js");
        std::fs::write(
            dir.join("nats.conf"),
            format!("listen: 127.0.0.1:{port}\njetstream {{ store_dir: {store:?} }}\n{config}\n"),
        )
        .unwrap();
        Some(NatsServer {
            port,
            child: launch(&bin, port, dir),
            bin,
            dir: dir.to_path_buf(),
        })
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Killed outright, then started again on the same port and store.
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = launch(&self.bin, self.port, &self.dir);
    }
}

fn launch(bin: &Path, port: u16, dir: &Path) -> Child {
    let child = Command::new(bin)
        .args(["-js", "-c"])
        .arg(dir.join("nats.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nats-server starts");
    let deadline = Instant::now() + PATIENCE;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server never listened");
        std::thread::yield_now();
    }
    child
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tickwire process, killed on drop.
pub struct Proc {
    pub child: Child,
}

impl Proc {
    /// SIGTERM (a clean stop: a collector releases its lease), then wait.
    pub fn stop(mut self) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tickwire(config: &Path, data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tickwire"));
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TICKWIRE_CONFIG")
        .env("HOME", data);
    cmd
}

/// `tickwire collect --bus URL`.
pub fn collector(config: &Path, data: &Path, url: &str) -> Proc {
    collector_as(config, data, url, &[])
}

/// A collector with more environment (credentials).
pub fn collector_as(config: &Path, data: &Path, url: &str, env: &[(&str, &str)]) -> Proc {
    let child = tickwire(config, data, &["collect", "--bus", url])
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Proc { child }
}

/// `tickwire snapshot --bus URL --json`: the board as a screen starting now sees it.
pub fn snapshot(config: &Path, data: &Path, url: &str) -> serde_json::Value {
    super::json_stdout(&snapshot_as(config, data, url, &[]))
}

/// `snapshot --bus` with more environment, as it ended.
pub fn snapshot_as(
    config: &Path,
    data: &Path,
    url: &str,
    env: &[(&str, &str)],
) -> std::process::Output {
    tickwire(
        config,
        data,
        &["snapshot", "--bus", url, "--json", "--deadline", "10s"],
    )
    .envs(env.iter().copied())
    .output()
    .unwrap()
}

/// A headless screen: `snapshot --bus URL --follow`, its lines gathered.
pub struct Follower {
    _proc: Proc,
    rx: Receiver<serde_json::Value>,
    pub lines: Vec<serde_json::Value>,
}

impl Follower {
    pub fn start(config: &Path, data: &Path, url: &str) -> Follower {
        let mut child = tickwire(config, data, &["snapshot", "--bus", url, "--follow"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let value = serde_json::from_str(&line).expect("a JSON line");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Follower {
            _proc: Proc { child },
            rx,
            lines: Vec::new(),
        }
    }

    /// Read until `done` holds for what arrived so far.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&[serde_json::Value]) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(&self.lines) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) => self.lines.push(v),
                Err(RecvTimeoutError::Timeout) => panic!("never saw {what}: {:#?}", self.lines),
                Err(RecvTimeoutError::Disconnected) => panic!("follower ended before {what}"),
            }
        }
    }

    /// The headline titles received, in order, repeats included.
    pub fn titles(&self) -> Vec<String> {
        titles(&self.lines)
    }
}

pub fn titles(lines: &[serde_json::Value]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.get("event"))
        .filter(|e| e["type"] == "headlines")
        .flat_map(|e| e["headlines"].as_array().cloned().unwrap_or_default())
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}

/// An RSS feed whose items a test adds, counting requests. Its ETag
/// changes with its items; a request that sends the current one gets 304.
pub struct Feed {
    pub server: TestServer,
    items: Arc<(Mutex<FeedState>, Condvar)>,
}

/// One request to the feed.
#[derive(Debug, Clone)]
pub struct FeedHit {
    pub at: Instant,
    pub if_none_match: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct FeedState {
    titles: Vec<String>,
    hits: Vec<FeedHit>,
    /// Answer 503 to everything.
    failing: bool,
}

impl Feed {
    pub fn start(titles: &[&str]) -> Feed {
        let state = FeedState {
            titles: titles.iter().map(|t| t.to_string()).collect(),
            hits: Vec::new(),
            failing: false,
        };
        let items = Arc::new((Mutex::new(state), Condvar::new()));
        let app = axum::Router::new()
            .route("/feed.xml", axum::routing::get(rss))
            .with_state(items.clone());
        Feed {
            server: TestServer::serve(app),
            items,
        }
    }

    pub fn url(&self) -> String {
        self.server.url("/feed.xml")
    }

    pub fn add(&self, title: &str) {
        self.items.0.lock().unwrap().titles.push(title.to_string());
    }

    /// From now on answer 503 (`true`), or the feed again.
    pub fn fail(&self, failing: bool) {
        self.items.0.lock().unwrap().failing = failing;
    }

    pub fn hits(&self) -> usize {
        self.items.0.lock().unwrap().hits.len()
    }

    /// The requests so far, once there are at least `n`.
    pub fn wait_hits(&self, n: usize) -> Vec<FeedHit> {
        let (lock, arrived) = &*self.items;
        let (state, timeout) = arrived
            .wait_timeout_while(lock.lock().unwrap(), PATIENCE, |s| s.hits.len() < n)
            .unwrap();
        assert!(
            !timeout.timed_out(),
            "fewer than {n} requests: {:?}",
            state.hits
        );
        state.hits.clone()
    }
}

async fn rss(
    State(items): State<Arc<(Mutex<FeedState>, Condvar)>>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let (lock, arrived) = &*items;
    let mut state = lock.lock().unwrap();
    let etag = format!("\"v{}\"", state.titles.len());
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let fresh = if_none_match.as_deref() == Some(etag.as_str());
    let status = match (state.failing, fresh) {
        (true, _) => StatusCode::SERVICE_UNAVAILABLE,
        (false, true) => StatusCode::NOT_MODIFIED,
        (false, false) => StatusCode::OK,
    };
    state.hits.push(FeedHit {
        at: Instant::now(),
        if_none_match,
        status: status.as_u16(),
    });
    arrived.notify_all();
    match status {
        StatusCode::OK => {}
        StatusCode::NOT_MODIFIED => return (status, [(header::ETAG, etag)]).into_response(),
        _ => return status.into_response(),
    }
    let items = state
        .titles
        .iter()
        .map(|t| rss_item(&[("title", t), ("guid", t)]));
    (
        [
            (header::CONTENT_TYPE, "application/rss+xml".to_string()),
            (header::ETAG, etag),
        ],
        rss_channel("Desk", Some("http://127.0.0.1/"), items),
    )
        .into_response()
}

/// A desk config: one feed polled every second, `symbols` priced by a
/// local Yahoo stand-in at `yahoo`, a 3 s lease, `bus` more of [bus].
pub fn desk_config(dir: &Path, feed: &str, symbols: &[&str], yahoo: &str, bus: &str) -> PathBuf {
    let text = format!(
        "[refresh]\nfeeds = \"1s\"\nquotes = \"2s\"\n\n\
         [watchlist]\nsymbols = {symbols:?}\n\n\
         [quotes]\nproviders = [\"yahoo\"]\n\n[quotes.yahoo]\nbase_urls = [{yahoo:?}]\n\n\
         [quotes.coinbase]\nenabled = false\n\n\
         [http]\nconnect_timeout = \"2s\"\ntimeout = \"5s\"\n\n\
         [bus]\ndesk = \"test\"\nlease = \"3s\"\n{bus}\n\n\
         [[feeds]]\nname = \"Desk\"\nurl = {feed:?}\n"
    );
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}
