//! A restart takes each story's stored judgement instead of judging it
//! again, and judges again once the judge's configuration changed. The
//! feeds and titles are written for this test and served from 127.0.0.1.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tickwire::sources::http::HttpClient;
use tickwire::wiring::App;

use crate::support::{DEAD_BASE, Route, TestServer, edit_config, rss, write_config};

fn server() -> TestServer {
    let desk = rss(&[
        ("d1", "Nvidia unveils new AI chips for data centres", ""),
        ("d2", "Acme Rockets tests a Zorblax engine", ""),
        (
            "d3",
            "Chip stocks rally into the close",
            "Traders bet on chatbots and the models behind them.",
        ),
        ("d4", "Quarterly dividend declared", ""),
    ]);
    let lab = rss(&[
        ("l1", "A new LLM for lawyers", ""),
        ("l2", "Fine-tuning a model on court records", ""),
        ("l3", "Our chatbot now reads contracts", ""),
        ("l4", "Benchmarks for legal LLMs", ""),
        ("l5", "Robots at the port", ""),
        ("l6", "Machine learning in the archive", ""),
    ]);
    TestServer::start(vec![
        ("/desk.xml", Route::ok("application/rss+xml", desk)),
        ("/lab.xml", Route::ok("application/rss+xml", lab)),
    ])
}

/// The app a process builds from the config (as `edit` leaves it) and
/// its data dir: each call is a new process's judge.
fn app(dir: &Path, server: &TestServer, edit: impl Fn(String) -> String) -> App {
    let feeds = [
        ("Desk", server.url("/desk.xml")),
        ("Lab Notes", server.url("/lab.xml")),
    ];
    let path = write_config(dir, &feeds, &[], &[DEAD_BASE.to_string()]);
    edit_config(&path, edit);
    let mut app = App::new(tickwire::config::load_file(&path).unwrap()).unwrap();
    app.data_dir = Some(dir.join("data"));
    app
}

/// `tickwire snapshot --json`'s headlines.
fn headlines(app: &App) -> Value {
    snapshot_doc(app)["headlines"].clone()
}

/// `tickwire snapshot --json --data-dir`, in process.
pub(crate) fn snapshot_doc(app: &App) -> Value {
    let client = HttpClient::new(app.http_settings()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let doc = runtime.block_on(tickwire::headless::snapshot(
        app,
        &client,
        Duration::from_secs(10),
    ));
    serde_json::to_value(&doc).unwrap()
}

fn same(config: String) -> String {
    config
}

/// New AI terms and ticker aliases.
fn new_terms(config: String) -> String {
    config
        + "\n[ai]\nterms = { \"Zorblax\" = 1.0 }\n\n[tickers]\naliases = { \"Acme Rockets\" = \"ACME\" }\n"
}

/// The desk's feed said to be all AI.
fn ai_desk(config: String) -> String {
    config.replacen("name = \"Desk\"\n", "name = \"Desk\"\ntopic = \"ai\"\n", 1)
}

/// Each headline's judgement, by id.
fn judgements(headlines: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = headlines
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let keep = ["id", "ai", "ai_score", "ai_terms", "ai_evidence", "tickers"];
            keep.iter().map(|k| (k.to_string(), h[k].clone())).collect()
        })
        .collect();
    out.sort_by_key(|h| h["id"].to_string());
    out
}

/// The headline whose item had this guid (its link ends with it).
fn by_id<'a>(headlines: &'a Value, id: &str) -> &'a Value {
    headlines
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["link"].as_str().unwrap().ends_with(&format!("/{id}")))
        .unwrap_or_else(|| panic!("{id} in {headlines}"))
}

#[test]
fn a_restart_shows_the_same_judgements_without_judging_again() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let first_app = app(dir.path(), &server, same);
    let first = headlines(&first_app);
    assert_eq!(first.as_array().unwrap().len(), 10);
    assert_eq!(first_app.judge.calls(), 10, "each new headline judged once");
    let chips = by_id(&first, "d1");
    assert_eq!(
        (&chips["ai"], &chips["tickers"][0]),
        (&true.into(), &"NVDA".into())
    );

    let again = app(dir.path(), &server, same);
    // (The store keeps times to the second: compare the judgements.)
    assert_eq!(judgements(&headlines(&again)), judgements(&first));
    assert_eq!(
        again.judge.calls(),
        0,
        "every stored judgement taken as it is"
    );
}

#[test]
fn a_changed_config_judges_again_and_shows_the_new_judgement() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let before = headlines(&app(dir.path(), &server, same));
    let rockets = by_id(&before, "d2");
    assert_eq!(
        (&rockets["ai"], &rockets["tickers"]),
        (&false.into(), &Value::Array(vec![]))
    );

    let after_app = app(dir.path(), &server, new_terms);
    let after = headlines(&after_app);
    assert_eq!(
        after_app.judge.calls(),
        10,
        "every stored story judged again"
    );
    let rockets = by_id(&after, "d2");
    assert_eq!(
        (&rockets["ai"], &rockets["tickers"][0]),
        (&true.into(), &"ACME".into())
    );
    assert_eq!(rockets["ai_terms"][0], "Zorblax");

    // What a first start with this config shows.
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = headlines(&app(fresh_dir.path(), &server, new_terms));
    assert_eq!(judgements(&after), judgements(&fresh));

    // The new judgements were written back: the next start judges nothing.
    let next = app(dir.path(), &server, new_terms);
    assert_eq!(judgements(&headlines(&next)), judgements(&after));
    assert_eq!(next.judge.calls(), 0);
}

#[test]
fn a_feeds_topic_is_part_of_the_judge() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let before = headlines(&app(dir.path(), &server, same));
    assert_eq!(by_id(&before, "d4")["ai"], false);
    let topical = app(dir.path(), &server, ai_desk);
    let after = headlines(&topical);
    assert_eq!(by_id(&after, "d4")["ai"], true);
    // Only the desk's four stories: the lab's rule did not change.
    assert_eq!(topical.judge.calls(), 4);
    for guid in ["l1", "l2", "l3", "l4", "l5", "l6"] {
        let (was, is) = (by_id(&before, guid), by_id(&after, guid));
        for field in ["ai", "ai_score", "ai_terms", "ai_evidence", "tickers"] {
            assert_eq!(is[field], was[field], "{guid} {field}");
        }
    }
}
