//! One rule for the window: `[store] retention` counts from publication
//! (else first seen) for what a poll shows, what the store keeps, what the
//! monitor restores and what `snapshot` lists, so a restart shows what was
//! shown before it. A feed all outside the window says so; a feed out of
//! the config leaves, and comes back with its rows when added back.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Utc;
use serde_json::Value;
use tickwire::core::app::{Msg, update};
use tickwire::core::model::SourceKind;
use tickwire::wiring::App;

use crate::stored_judgement::snapshot_doc as snapshot;
use crate::support::doc::source;
use crate::support::{DEAD_BASE, Route, TestServer, rss_at, with_retention, write_config};

/// Three items of `feed`, published `at` (RFC 2822).
fn dated(feed: &str, at: &str) -> Route {
    let items: Vec<(String, String)> = (0..3)
        .map(|i| {
            (
                format!("{feed}-{i}"),
                format!("Story {i} of the {feed} desk"),
            )
        })
        .collect();
    let items: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(id, title)| (id.as_str(), title.as_str(), at))
        .collect();
    let base = format!("https://{feed}.example/");
    Route::ok(
        "application/rss+xml",
        rss_at(feed, &base, "pubDate", &items),
    )
}

/// Feeds dated an hour ago ("now"), in 2024 ("old") and an hour ago on a
/// feed that will go from its server ("gone"), on `port` (0: any).
fn serve(port: u16, with_gone: bool) -> TestServer {
    let now = (Utc::now() - chrono::Duration::hours(1)).to_rfc2822();
    let mut routes = vec![
        ("/now.xml", dated("now", &now)),
        ("/old.xml", dated("old", "Tue, 14 May 2024 09:00:00 +0000")),
    ];
    if with_gone {
        routes.push(("/gone.xml", dated("gone", &now)));
    }
    TestServer::start_at(port, routes)
}

/// An app over `data` watching `feeds` (names of `serve`'s), 30 days kept.
fn app(dir: &Path, server_base: &str, feeds: &[&str]) -> App {
    let feeds: Vec<(&str, String)> = feeds
        .iter()
        .map(|f| (*f, format!("{server_base}/{f}.xml")))
        .collect();
    let path = write_config(dir, &feeds, &[], &[DEAD_BASE.to_string()]);
    with_retention(&path, "30d");
    let mut app = App::new(tickwire::config::load_file(&path).unwrap()).unwrap();
    app.data_dir = Some(dir.join("data"));
    app
}

/// `(source, title)` of every headline listed.
fn listed(doc: &Value) -> BTreeSet<(String, String)> {
    doc["headlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["source"].as_str().unwrap().into(),
                h["title"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// What the monitor shows on start, before any source answers: the
/// store's rows restored into its initial state.
fn restored(app: &App) -> (BTreeSet<(String, String)>, usize, usize) {
    let now = Utc::now();
    let mut state = app.initial_state(now);
    let store = app.open_store().unwrap();
    let (restored, _) = store.load(app.config.store.max_headlines).unwrap();
    update(
        &mut state,
        Msg::Restored {
            restored,
            live: false,
        },
        now,
    );
    let shown = state
        .items()
        .iter()
        .map(|(_, i)| (i.headline.source.to_string(), i.headline.title.clone()))
        .collect();
    let counts = state.source_counts(SourceKind::Feed);
    (shown, counts.total(), state.source_rows().len())
}

fn titles_of(list: &BTreeSet<(String, String)>, feed: &str) -> usize {
    list.iter().filter(|(s, _)| s == feed).count()
}

#[test]
fn a_restart_lists_what_was_listed_within_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(0, true);
    let app = app(dir.path(), &server.base, &["now", "old", "gone"]);

    let first = snapshot(&app);
    let shown = listed(&first);
    assert_eq!(titles_of(&shown, "now"), 3, "dated now: within 30d");
    assert_eq!(titles_of(&shown, "gone"), 3);
    assert_eq!(titles_of(&shown, "old"), 0, "dated 2024: outside 30d");
    let old = source(&first, "old");
    assert_eq!(old["ok"], true);
    assert_eq!(old["outside"], 3);
    assert_eq!(
        old["note"], "3 items, all older than 30d",
        "never silently empty"
    );
    assert_eq!(source(&first, "now")["note"], Value::Null);

    // The monitor started on this data dir shows the same.
    assert_eq!(restored(&app).0, shown);

    // The "gone" feed leaves its server between runs.
    let port: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    drop(server);
    let server = serve(port, false);
    let second = snapshot(&app);
    assert_eq!(listed(&second), shown, "what the second run lists");
    assert_eq!(source(&second, "gone")["ok"], false);
    assert_eq!(
        source(&second, "old")["note"],
        "3 items, all older than 30d"
    );
    assert_eq!(restored(&app).0, shown, "and the monitor after it");
    drop(server);
}

#[test]
fn a_feed_out_of_the_config_leaves_and_comes_back_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(0, true);
    let both = app(dir.path(), &server.base, &["now", "gone"]);
    let first = listed(&snapshot(&both));
    assert_eq!(first.len(), 6);

    // Taken out of the config: off the screen, out of the counts.
    let one = app(dir.path(), &server.base, &["now"]);
    let (shown, feeds, rows) = restored(&one);
    assert_eq!(titles_of(&shown, "gone"), 0);
    assert_eq!((feeds, rows), (1, 1), "feeds 1/1, one row in the pane");
    let doc = snapshot(&one);
    assert_eq!(titles_of(&listed(&doc), "gone"), 0);
    assert_eq!(doc["sources"].as_array().unwrap().len(), 1);

    // Its rows stayed in the store: added back, they are back (before any
    // poll answers, from the store).
    let again = app(dir.path(), &server.base, &["now", "gone"]);
    assert_eq!(restored(&again).0, first);
}
