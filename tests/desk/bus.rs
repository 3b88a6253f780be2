//! The desk over a real `nats-server -js` on loopback: a collector polls a
//! local feed and a local Yahoo stand-in and publishes; headless screens
//! (`snapshot --bus`, `--follow`) only read the bus.

use std::collections::HashSet;

use axum::extract::Request;
use serde_json::Value;

use crate::support::doc::{all_titles, source};
use crate::support::nats::{
    Feed, Follower, NatsServer, PATIENCE, Proc, collector, collector_as, desk_config, snapshot,
    snapshot_as, titles,
};
use crate::support::{DEAD_BASE, TestServer, chart_json, edit_config, unix_now};

/// Yahoo's chart for any symbol: 124.5, now, in a session that is open.
fn yahoo() -> TestServer {
    let app = axum::Router::new().fallback(|req: Request| async move {
        let path = req.uri().path().to_string();
        match path.strip_prefix("/v8/finance/chart/") {
            Some(symbol) => {
                let now = unix_now();
                let body = chart_json(symbol, 124.5, now, (now - 3600, now + 3600));
                ([("content-type", "application/json")], body).into_response()
            }
            None => axum::http::StatusCode::NOT_FOUND.into_response(),
        }
    });
    TestServer::serve(app)
}

use axum::response::IntoResponse;

/// A server, a feed with `titles`, a config for desk "test"; processes
/// each get their own data dir.
struct Desk {
    dir: tempfile::TempDir,
    nats: NatsServer,
    feed: Feed,
    config: std::path::PathBuf,
}

impl Desk {
    /// `server`: more server config; `bus`: more of the [bus] table.
    /// `None` (the test is skipped) where nats-server is not installed.
    fn start(titles: &[&str], server: &str, bus: &str) -> Option<Desk> {
        Desk::quoting(titles, &[], DEAD_BASE, server, bus)
    }

    /// With `symbols` priced by the Yahoo stand-in at `yahoo`.
    fn quoting(
        titles: &[&str],
        symbols: &[&str],
        yahoo: &str,
        server: &str,
        bus: &str,
    ) -> Option<Desk> {
        let dir = tempfile::tempdir().unwrap();
        let nats = NatsServer::start_with(dir.path(), server)?;
        let feed = Feed::start(titles);
        let config = desk_config(dir.path(), &feed.url(), symbols, yahoo, bus);
        Some(Desk {
            dir,
            nats,
            feed,
            config,
        })
    }

    fn data(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn collector(&self, name: &str) -> Proc {
        collector(&self.config, &self.data(name), &self.nats.url())
    }

    fn follower(&self, name: &str) -> Follower {
        Follower::start(&self.config, &self.data(name), &self.nats.url())
    }

    /// A collector `name`, and a screen ("w") once it has shown `title`.
    fn collecting(&self, name: &str, title: &str) -> (Proc, Follower) {
        let collector = self.collector(name);
        let mut screen = self.follower("w");
        screen.wait_for(&format!("{title:?}"), |l| has(l, title));
        (collector, screen)
    }

    fn shown(&self, name: &str) -> Vec<String> {
        let mut titles = all_titles(&snapshot(&self.config, &self.data(name), &self.nats.url()));
        titles.sort();
        titles
    }
}

fn has(lines: &[Value], title: &str) -> bool {
    titles(lines).iter().any(|t| t == title)
}

#[test]
fn a_screen_started_after_the_collector_gets_the_board_and_the_headlines() {
    let quotes = yahoo();
    let titles = ["Nvidia ships an AI chip", "Fed holds rates"];
    let Some(desk) = Desk::quoting(&titles, &["NVDA"], &quotes.base, "", "") else {
        return;
    };
    let _collector = desk.collector("c");
    let mut watch = desk.follower("w");
    watch.wait_for("the headlines and NVDA", |lines| {
        has(lines, "Fed holds rates")
            && lines
                .iter()
                .any(|l| l["event"]["type"] == "quote" && l["event"]["quote"]["symbol"] == "NVDA")
    });
    // The collector's quote plan, for the staleness of a slowed quote.
    watch.wait_for("the quote plan", |lines| {
        lines
            .iter()
            .any(|l| l["event"]["type"] == "plan" && l["event"]["symbols"][0]["symbol"] == "NVDA")
    });
    // Past a 304: the board's health key then holds a poll that read nothing.
    let hits = desk.feed.wait_hits(3);
    assert_eq!(hits[1].status, 304);

    let doc = snapshot(&desk.config, &desk.data("s"), &desk.nats.url());
    let mut shown = all_titles(&doc);
    shown.sort();
    assert_eq!(shown, ["Fed holds rates", "Nvidia ships an AI chip"]);
    let nvda = &doc["quotes"][0];
    assert_eq!(nvda["symbol"], "NVDA");
    assert_eq!(nvda["price"], 124.5);
    let ai: Vec<_> = doc["headlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["ai"] == true)
        .map(|h| h["title"].clone())
        .collect();
    assert_eq!(ai, ["Nvidia ships an AI chip"], "judged on the screen");
    let desk_feed = source(&doc, "Desk");
    assert_eq!(desk_feed["items"], 2, "the poll's count reaches the screen");
}

#[test]
fn a_collector_restart_loses_nothing_a_screen_had() {
    let Some(desk) = Desk::start(&["First story"], "", "") else {
        return;
    };
    let (first, mut screen) = desk.collecting("c1", "First story");
    first.stop();
    screen.wait_for("the collector gone", |l| {
        l.last()
            .is_some_and(|v| v.get("collector") == Some(&Value::Null))
    });

    desk.feed.add("Second story");
    let _second = desk.collector("c2");
    screen.wait_for("the second story", |l| has(l, "Second story"));
    assert_eq!(
        titles(&screen.lines),
        ["First story", "Second story"],
        "the restarted collector published only what was new"
    );
    assert_eq!(desk.shown("s"), ["First story", "Second story"]);
}

#[test]
fn the_server_restarted_under_a_screen_and_a_collector() {
    let Some(mut desk) = Desk::start(&["Before the restart"], "", "") else {
        return;
    };
    let (_collector, mut screen) = desk.collecting("c", "Before the restart");

    desk.nats.restart();
    desk.feed.add("After the restart");
    screen.wait_for("the story published after the restart", |l| {
        has(l, "After the restart")
    });
    assert_eq!(
        titles(&screen.lines),
        ["Before the restart", "After the restart"]
    );
}

#[test]
fn two_collectors_publish_once_and_the_second_takes_over() {
    let Some(desk) = Desk::start(&["One"], "", "") else {
        return;
    };
    let (first, mut screen) = desk.collecting("c1", "One");
    let _second = desk.collector("c2");
    desk.feed.add("Two");
    screen.wait_for("the second story", |l| has(l, "Two"));

    // Killed without releasing its lease: the other waits it out.
    drop(first);
    desk.feed.add("Three");
    screen.wait_for("the third story, from the second collector", |l| {
        has(l, "Three")
    });
    assert_eq!(titles(&screen.lines), ["One", "Two", "Three"]);
    let mut late = desk.follower("l");
    late.wait_for("the stream's headlines", |l| has(l, "Three"));
    assert_eq!(
        titles(&late.lines),
        ["One", "Two", "Three"],
        "the stream holds each headline once"
    );
}

#[test]
fn a_collector_on_another_host_takes_over_with_the_validators_and_the_schedule() {
    let Some(desk) = Desk::start(&["Kept story"], "", "") else {
        return;
    };
    let every = std::time::Duration::from_secs(5);
    edit_config(&desk.config, |text| {
        text.replace("feeds = \"1s\"", "feeds = \"5s\"")
    });
    let (first, mut screen) = desk.collecting("host-a", "Kept story");
    first.stop();
    let before = desk.feed.wait_hits(1);
    let last = before.last().unwrap().clone();
    assert_eq!(last.status, 200);

    // A fresh process with its own data dir: only the bus is shared.
    let _second = desk.collector("host-b");
    let hits = desk.feed.wait_hits(before.len() + 1);
    let taken = &hits[before.len()];
    assert_eq!(
        (taken.if_none_match.as_deref(), taken.status),
        (Some("\"v1\""), 304),
        "the first request after the takeover is conditional: {hits:?}"
    );
    let waited = taken.at - last.at;
    assert!(
        waited >= every - std::time::Duration::from_secs(1),
        "polled {waited:?} after the last poll, not when it was due ({every:?})"
    );

    desk.feed.add("Fresh story");
    screen.wait_for("the fresh story", |l| has(l, "Fresh story"));
    assert_eq!(
        titles(&screen.lines),
        ["Kept story", "Fresh story"],
        "nothing published twice"
    );
}

#[test]
fn the_collector_logs_a_failing_source_once_and_its_recovery() {
    let Some(desk) = Desk::start(&["Steady story"], "", "") else {
        return;
    };
    desk.feed.fail(true);
    let _collector = desk.collector("c");
    let mut screen = desk.follower("w");
    let failures = |l: &[Value]| {
        l.iter()
            .filter(|v| v["event"]["type"] == "source_failed")
            .count()
    };
    screen.wait_for("two failed polls", |l| failures(l) >= 2);
    desk.feed.fail(false);
    screen.wait_for("the recovery", |l| has(l, "Steady story"));

    // Logged before it is published: what the screen saw is in the log.
    let log = std::fs::read_to_string(desk.data("c").join("tickwire.log")).unwrap();
    let lines = |what: &str| log.lines().filter(|l| l.contains(what)).count();
    assert_eq!(lines("feed \"Desk\" failing"), 1, "once per outage: {log}");
    assert!(log.contains("(status 503)"), "{log}");
    assert_eq!(lines("feed \"Desk\" recovered"), 1, "{log}");
}

#[test]
fn ten_screens_receive_every_event_and_the_feed_sees_one_poller() {
    let Some(desk) = Desk::start(&["Alpha"], "", "") else {
        return;
    };
    let started = std::time::Instant::now();
    let _collector = desk.collector("c");
    let mut screens: Vec<Follower> = (0..10).map(|i| desk.follower(&format!("s{i}"))).collect();
    for s in &mut screens {
        s.wait_for("the first story", |l| has(l, "Alpha"));
    }
    desk.feed.add("Beta");
    desk.feed.add("Gamma");
    for s in &mut screens {
        s.wait_for("every story", |l| has(l, "Beta") && has(l, "Gamma"));
        let got: HashSet<_> = s.titles().into_iter().collect();
        assert_eq!(got.len(), 3);
    }
    // One collector polling each second, whatever the screens.
    let polls = started.elapsed().as_secs() as usize + 2;
    assert!(
        desk.feed.hits() <= polls,
        "{} requests in {polls}s: the screens polled too",
        desk.feed.hits()
    );
}

/// docs/DEPLOY.md's permissions: the collector writes, screens only read.
const DESK_USERS: &str = r#"
authorization {
  users = [
    { user: collector, password: "c0llect-pw" }
    { user: screen, password: "scr33n-pw", permissions: {
        publish: { allow: ["$JS.API.INFO", "$JS.API.STREAM.INFO.>", "$JS.API.CONSUMER.CREATE.>",
                           "$JS.API.CONSUMER.INFO.>", "$JS.API.CONSUMER.DELETE.>",
                           "$JS.API.DIRECT.GET.>", "$JS.API.STREAM.MSG.GET.>", "$JS.FC.>"] }
        subscribe: { allow: ["_INBOX.>"] }
    } }
  ]
}
"#;

#[test]
fn credentials_come_from_the_environment_screens_only_read_and_nothing_is_printed() {
    let Some(desk) = Desk::start(&["Guarded story"], DESK_USERS, "") else {
        return;
    };
    let url = desk.nats.url();
    let as_user = |user, password| {
        [
            ("TICKWIRE_BUS_USER", user),
            ("TICKWIRE_BUS_PASSWORD", password),
        ]
    };
    let _collector = collector_as(
        &desk.config,
        &desk.data("c"),
        &url,
        &as_user("collector", "c0llect-pw"),
    );
    let screen = as_user("screen", "scr33n-pw");
    let deadline = std::time::Instant::now() + PATIENCE;
    let doc = loop {
        let out = snapshot_as(&desk.config, &desk.data("s"), &url, &screen);
        // Exit 1 until a source has answered: read the document anyway.
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("no document: {}", String::from_utf8_lossy(&out.stderr)));
        if !all_titles(&doc).is_empty() {
            break doc;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the screen never read the desk"
        );
    };
    assert_eq!(all_titles(&doc), ["Guarded story"]);

    // A screen's credentials cannot collect: the stream is not theirs.
    let mut refused = collector_as(&desk.config, &desk.data("x"), &url, &screen);
    let status = refused.child.wait().unwrap();
    assert!(!status.success(), "a screen user published");

    // A wrong password is refused, and neither password is printed.
    let out = snapshot_as(
        &desk.config,
        &desk.data("w"),
        &url,
        &as_user("screen", "wrong-pw"),
    );
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("authorization"), "{said}");
    assert!(
        !said.contains("wrong-pw") && !said.contains("scr33n-pw"),
        "{said}"
    );
}

/// A CA and a server certificate for 127.0.0.1 signed by it, as PEM
/// files in `dir`: (ca, server cert, server key).
fn tls_files(dir: &std::path::Path) -> [std::path::PathBuf; 3] {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let paths = ["ca.pem", "server.pem", "server.key"].map(|n| dir.join(n));
    std::fs::write(&paths[0], ca_cert.pem()).unwrap();
    std::fs::write(&paths[1], cert.pem()).unwrap();
    std::fs::write(&paths[2], key.serialize_pem()).unwrap();
    paths
}

#[test]
fn tls_with_the_desks_ca_and_refused_without_it() {
    let certs = tempfile::tempdir().unwrap();
    let [ca, cert, key] = tls_files(certs.path());
    let server = format!("tls {{ cert_file: {cert:?}, key_file: {key:?} }}");
    let bus = format!("tls_ca_file = {ca:?}\ntls_required = true");
    let Some(desk) = Desk::start(&["Over TLS"], &server, &bus) else {
        return;
    };
    let (_collector, _screen) = desk.collecting("c", "Over TLS");

    // The same desk without its CA: the server's certificate is not trusted.
    let plain = desk_config(certs.path(), &desk.feed.url(), &[], DEAD_BASE, "");
    let out = snapshot_as(&plain, &desk.data("p"), &desk.nats.url(), &[]);
    assert!(!out.status.success(), "connected to an unknown certificate");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("certificate") || said.contains("tls"),
        "{said}"
    );
}
