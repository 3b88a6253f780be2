//! `snapshot` judges each headline in its context (feed, link, summary)
//! exactly as `classify` does given the same fields as a JSON line. Feeds
//! and titles are written for this test and served from 127.0.0.1.

use serde_json::{Value, json};

use crate::support::doc::snapshot;
use crate::support::{DEAD_BASE, Route, TestServer, classify_json, edit_config, rss, write_config};

#[test]
fn snapshot_and_classify_judge_the_same_context() {
    let server = TestServer::start(vec![
        (
            "/lab.xml",
            Route::ok(
                "application/rss+xml",
                rss(&[("l1", "Introducing a faster API", "")]),
            ),
        ),
        (
            "/desk.xml",
            Route::ok(
                "application/rss+xml",
                rss(&[
                    ("d1", "Introducing a quieter keyboard", ""),
                    (
                        "d2",
                        "Chip stocks rally into the close",
                        "Traders bet on chatbots and the models behind them.",
                    ),
                ]),
            ),
        ),
        (
            "/team.xml",
            Route::ok(
                "application/rss+xml",
                rss(&[("t1", "Our quarterly update", "")]),
            ),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &[
            ("Anthropic News", server.url("/lab.xml")),
            ("Desk Wire", server.url("/desk.xml")),
        ],
        &["NVDA"],
        &[DEAD_BASE.to_string()],
    );
    edit_config(&config, |text| {
        text + &format!(
            "[[feeds]]\nname = \"Team Blog\"\nurl = {:?}\ntopic = \"ai\"\nticker = \"ACME\"\n",
            server.url("/team.xml")
        )
    });

    let (ok, doc) = snapshot(&config);
    assert!(ok);
    let heads = doc["headlines"].as_array().unwrap();
    let by_id = |guid: &str| {
        let link = format!("https://example.com/{guid}");
        heads.iter().find(|h| h["link"] == link.as_str()).unwrap()
    };
    let verdict = |h: &Value| (h["ai"].clone(), h["tickers"].clone());
    assert_eq!(
        verdict(by_id("l1")),
        (json!(true), json!([])),
        "an AI lab's feed"
    );
    assert_eq!(by_id("l1")["ai_evidence"][0]["part"], "source");
    assert_eq!(verdict(by_id("d1")), (json!(false), json!([])));
    assert_eq!(
        verdict(by_id("d2")),
        (json!(true), json!([])),
        "summary + title"
    );
    assert_eq!(
        verdict(by_id("t1")),
        (json!(true), json!(["ACME"])),
        "topic and ticker from the config"
    );

    // The same headlines as JSON lines through classify, same config.
    let lines: String = heads
        .iter()
        .map(|h| {
            let input = json!({"title": h["title"], "source": h["source"], "link": h["link"], "summary": h["summary"]});
            format!("{input}\n")
        })
        .collect();
    let classified = classify_json(&lines, Some(&config));
    assert_eq!(classified.len(), heads.len());
    for (h, c) in heads.iter().zip(&classified) {
        assert_eq!(
            (&h["ai"], &h["tickers"], &h["ai_evidence"]),
            (&c["ai"], &c["tickers"], &c["evidence"]),
            "{}",
            h["title"]
        );
    }
}
