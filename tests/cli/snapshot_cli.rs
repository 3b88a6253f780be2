//! `tickwire snapshot --json` end to end: the real binary against a real
//! HTTP server on 127.0.0.1 serving recorded bodies.

use assert_cmd::Command;
use serde_json::Value;

use crate::support::doc::{quote, snapshot, source, titles};
use crate::support::{
    DEAD_BASE, Route, TestServer, chart_json, corpus, fixture, unix_now, write_config,
};

fn serve(routes: &[(String, Route)]) -> TestServer {
    TestServer::start(
        routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    )
}

#[test]
fn snapshot_reports_headlines_quotes_and_every_failure() {
    let server = TestServer::standard();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &[
            ("Desk", server.url("/desk.xml")),
            ("Mercado", server.url("/latin1.xml")),
            ("Hostile", server.url("/hostile.xml")),
            ("Gone", server.url("/missing.xml")),
            ("Challenge", server.url("/challenge")),
        ],
        &["NVDA", "AVGO", "ZZZZ"],
        // The first base URL refuses connections: quotes must fall back.
        &[DEAD_BASE.to_string(), server.base.clone()],
    );
    let (ok, doc) = snapshot(&config);
    assert!(ok, "exit 0 when some source succeeded");

    // Headlines: newest first, judged, with tickers.
    let heads = doc["headlines"].as_array().unwrap();
    assert_eq!(heads.len(), 5 + 2 + 2);
    let times: Vec<&str> = heads
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let nvda = heads
        .iter()
        .find(|h| h["link"] == "https://desk.example/nvda-deepseek")
        .unwrap();
    assert_eq!(nvda["ai"], true);
    assert_eq!(
        nvda["ai_terms"],
        serde_json::json!(["Nvidia", "DeepSeek", "model", "AI"])
    );
    assert_eq!(nvda["tickers"], serde_json::json!(["NVDA"]));
    assert_eq!(nvda["link"], "https://desk.example/nvda-deepseek");
    assert_eq!(nvda["published"], "2025-01-27T20:05:00Z");
    let yields = heads
        .iter()
        .find(|h| h["link"] == "https://desk.example/yields")
        .unwrap();
    assert_eq!(yields["ai"], false);
    assert_eq!(yields["tickers"], serde_json::json!([]));

    // An ISO-8859-1 feed decodes exactly.
    let mercado = titles(&doc, "Mercado");
    assert!(
        mercado.contains(&"Ações de tecnologia caem após anúncio da DeepSeek".to_string()),
        "{mercado:?}"
    );
    assert!(mercado.contains(&"Câmbio: real sobe frente ao dólar".to_string()));

    // Hostile text is cleaned at the edge.
    for t in titles(&doc, "Hostile") {
        assert!(
            !t.chars()
                .any(|c| c.is_control() || ('\u{200B}'..='\u{202E}').contains(&c)),
            "{t:?}"
        );
    }
    let hostile = heads
        .iter()
        .find(|h| h["title"].as_str().unwrap().starts_with("Chip rally"))
        .unwrap();
    assert_eq!(hostile["link"], Value::Null, "javascript: link dropped");

    // Sources: failures are recorded with status and error, never hidden.
    let gone = source(&doc, "Gone");
    assert_eq!(gone["ok"], false);
    assert_eq!(gone["http_status"], 404);
    assert_eq!(gone["error"], "HTTP 404");
    let challenge = source(&doc, "Challenge");
    assert_eq!(challenge["ok"], false);
    assert!(challenge["error"].as_str().unwrap().contains("not a feed"));
    let desk = source(&doc, "Desk");
    assert_eq!(
        (
            desk["ok"].clone(),
            desk["items"].clone(),
            desk["http_status"].clone()
        ),
        (true.into(), 5.into(), 200.into())
    );
    assert_eq!(desk["kind"], "feed");

    // Quotes: real previous close, exact figures; the unknown symbol is a failed source with no price.
    let quotes = doc["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2);
    let q = quotes.iter().find(|q| q["symbol"] == "NVDA").unwrap();
    assert_eq!(q["price"], 118.42);
    assert_eq!(q["prev_close"], 142.62);
    assert_eq!(q["change"], -24.2);
    assert_eq!(q["change_pct"], -16.97);
    assert_eq!(q["currency"], "USD");
    assert_eq!(q["provider"], "yahoo");
    assert_eq!(q["as_of"], "2025-01-27T21:00:00Z");
    assert_eq!(q["series_points"], 3, "null closes skipped");
    let zzzz = source(&doc, "ZZZZ");
    assert_eq!(zzzz["kind"], "quotes");
    assert_eq!(zzzz["ok"], false);
    assert!(
        zzzz["error"].as_str().unwrap().contains("Not Found"),
        "{zzzz}"
    );
    assert!(!quotes.iter().any(|q| q["symbol"] == "ZZZZ"));
    assert!(doc["generated_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn snapshot_exits_non_zero_when_every_source_failed() {
    let server = TestServer::start(vec![]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &[("Gone", server.url("/nothing"))],
        &["NVDA"],
        &[DEAD_BASE.to_string()],
    );
    let (ok, doc) = snapshot(&config);
    assert!(!ok);
    assert_eq!(doc["sources"].as_array().unwrap().len(), 2);
    assert!(
        doc["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["ok"] == false)
    );
    let nvda = source(&doc, "NVDA");
    assert!(
        nvda["error"].as_str().unwrap().contains("network error"),
        "{nvda}"
    );
}

/// Freshness is the data's own time: a fresh poll of years-old data is
/// stale at once; seconds-old data in a trading session is not.
#[test]
fn stale_follows_the_datas_own_time_not_the_poll() {
    let now = unix_now();
    let session = (now - 3600, now + 3600);
    let server = TestServer::start(vec![
        (
            "/v8/finance/chart/NVDA",
            Route::ok(
                "application/json",
                chart_json("NVDA", 120.0, now - 5, session),
            ),
        ),
        (
            "/v8/finance/chart/TSLA",
            // Data from November 2021, its session long over.
            Route::ok(
                "application/json",
                chart_json(
                    "TSLA",
                    1156.87,
                    1_637_614_803,
                    (1_637_591_400, 1_637_614_800),
                ),
            ),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = server.config(dir.path(), &[], &["NVDA", "TSLA"]);
    let (ok, doc) = snapshot(&config);
    assert!(ok);
    assert_eq!(quote(&doc, "NVDA")["stale"], false, "{doc:#}");
    assert_eq!(quote(&doc, "NVDA")["market_state"], "regular");
    assert_eq!(quote(&doc, "TSLA")["stale"], true, "{doc:#}");
    assert_eq!(quote(&doc, "TSLA")["as_of"], "2021-11-22T21:00:03Z");
}

/// The real captures: counts and exact titles for every corpus feed that
/// parses, a classified error for the ones that cannot.
#[test]
fn snapshot_of_the_real_corpus_feeds() {
    let Some(corpus) = corpus() else { return };
    let feeds = corpus.join("feeds");
    let files = [
        "brazil_site_rss2_iso8859-1.xml",
        "lemonde_rss2.xml",
        "hackernews_hnapp_atom.atom",
        "cloudflare_blog_rss2.xml",
        "nbcnewyork_rss2.xml",
        "reuters_mostread_truncated_2020.xml",
        "pikabu_rss2_windows-1251.xml",
    ];
    let routes: Vec<(String, Route)> = files
        .iter()
        .map(|f| {
            (
                format!("/{f}"),
                Route::ok("application/xml", std::fs::read(feeds.join(f)).unwrap()),
            )
        })
        .chain([(
            "/challenge".to_string(),
            Route::status(
                403,
                "text/html",
                std::fs::read(feeds.join("hostile/a13_cloudflare_challenge.html")).unwrap(),
            ),
        )])
        .collect();
    let server = serve(&routes);
    let dir = tempfile::tempdir().unwrap();
    let mut feed_list: Vec<(&str, String)> = files
        .iter()
        .map(|f| (*f, server.url(&format!("/{f}"))))
        .collect();
    feed_list.push(("challenge", server.url("/challenge")));
    let config = server.config(dir.path(), &feed_list, &[]);
    let (ok, doc) = snapshot(&config);
    assert!(ok);

    // ISO-8859-1: the expected title is the file's own bytes decoded as Latin-1.
    let raw = std::fs::read(feeds.join("brazil_site_rss2_iso8859-1.xml")).unwrap();
    let latin1: String = raw.iter().map(|&b| b as char).collect();
    let item = &latin1[latin1.find("<item").unwrap()..];
    let expected = item[item.find("<title>").unwrap() + 7..item.find("</title>").unwrap()].trim();
    assert_eq!(titles(&doc, "brazil_site_rss2_iso8859-1.xml"), [expected]);

    // windows-1251: Cyrillic comes out as Cyrillic.
    let pikabu = titles(&doc, "pikabu_rss2_windows-1251.xml");
    assert!(!pikabu.is_empty());
    assert!(
        pikabu
            .iter()
            .all(|t| t.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) || t.is_ascii())
    );

    // Counts match the items in the files.
    assert_eq!(source(&doc, "lemonde_rss2.xml")["items"], 21);
    assert_eq!(source(&doc, "hackernews_hnapp_atom.atom")["items"], 30);
    // hnapp double-escapes entities in HTML titles: none may survive.
    for t in titles(&doc, "hackernews_hnapp_atom.atom") {
        assert!(!t.contains("&#") && !t.contains("&amp;"), "{t}");
    }
    // A date feed-rs cannot read falls back to first-seen, never dropped.
    assert!(
        source(&doc, "nbcnewyork_rss2.xml")["items"]
            .as_u64()
            .unwrap()
            > 0
    );

    let reuters = source(&doc, "reuters_mostread_truncated_2020.xml");
    assert_eq!(reuters["ok"], false);
    assert!(
        reuters["error"]
            .as_str()
            .unwrap()
            .starts_with("unparseable feed"),
        "{reuters}"
    );
    let challenge = source(&doc, "challenge");
    assert_eq!(
        (challenge["ok"].clone(), challenge["http_status"].clone()),
        (false.into(), 403.into())
    );
}

#[test]
fn check_config_accepts_the_example_and_names_errors() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .args(["check-config", example])
        .env_remove("FINNHUB_API_KEY")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ok: 14 feeds, 16 symbols"), "{text}");
    // The budget and what the watchlist spends of it, no warning.
    assert!(
        text.contains(
            "yahoo in a regular session: 288 requests/h: prices every 15s \
             (16 symbols in 1 spark request), charts every 20m"
        ),
        "{text}"
    );
    assert!(
        text.contains("yahoo if spark is refused: 288 requests/h: every 3m20s per symbol"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[watchlist]\nsymbols = [\"NVDA\"]\n\n[refresh]\nfeeds = \"often\"\n",
    )
    .unwrap();
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .args(["check-config"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.toml") && err.contains("line 5") && err.contains("invalid duration"),
        "{err}"
    );

    // The same bad file given to any command stops it before it starts.
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .arg("--config")
        .arg(&bad)
        .arg("snapshot")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A refresh the budget cannot meet is a warning saying what happens
/// instead; a budget that is not one is an error naming its provider.
#[test]
fn check_config_warns_when_the_budget_cannot_meet_the_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let check = |text: &str| {
        let path = dir.path().join("c.toml");
        std::fs::write(&path, text).unwrap();
        Command::cargo_bin("tickwire")
            .unwrap()
            .arg("check-config")
            .arg(&path)
            .env_remove("FINNHUB_API_KEY")
            .output()
            .unwrap()
    };
    let out = check("[quotes]\nproviders = [\"stooq\"]\n");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "warning: [refresh] quotes = \"15s\" cannot be met within stooq's budget of \
             120/h: prices every 10m instead"
        ),
        "{text}"
    );
    let out = check("[quotes.yahoo]\nbudget = \"lots\"\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("quotes.yahoo: invalid budget \"lots\""),
        "{err}"
    );
}

#[test]
fn version_and_help() {
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        concat!("tickwire ", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "snapshot",
        "classify",
        "check-config",
        "--config",
        "--data-dir",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
}

/// The examples of feed fidelity end to end: bracketed titles intact, an
/// Atom feed with odd entries whole, two feeds numbering their items 1, 2,
/// 3 both shown, and a feed of unreadable items reported, not "ok, 0".
#[test]
fn snapshot_keeps_every_headline_as_written() {
    let names = [
        "fidelity_dev_titles.xml",
        "fidelity_atom_odd_types.xml",
        "fidelity_numbered_a.xml",
        "fidelity_numbered_b.xml",
        "fidelity_untitled.xml",
    ];
    let routes: Vec<(String, Route)> = names
        .iter()
        .map(|n| (format!("/{n}"), Route::ok("application/xml", fixture(n))))
        .collect();
    let server = serve(&routes);
    let dir = tempfile::tempdir().unwrap();
    let feeds: Vec<(&str, String)> = names
        .iter()
        .map(|n| (*n, server.url(&format!("/{n}"))))
        .collect();
    let config = server.config(dir.path(), &feeds, &[]);
    let (ok, doc) = snapshot(&config);
    assert!(ok);

    let dev = titles(&doc, "fidelity_dev_titles.xml");
    assert!(
        dev.contains(&"The <dialog> element is finally usable".to_string()),
        "{dev:?}"
    );
    assert!(
        dev.contains(&"Why Vec<T> beats LinkedList<T>".to_string()),
        "{dev:?}"
    );
    assert_eq!(titles(&doc, "fidelity_atom_odd_types.xml").len(), 5);
    for feed in ["fidelity_numbered_a.xml", "fidelity_numbered_b.xml"] {
        assert_eq!(titles(&doc, feed).len(), 3, "{feed}: every numbered item");
        assert_eq!(source(&doc, feed)["items"], 3);
    }
    let untitled = source(&doc, "fidelity_untitled.xml");
    assert_eq!(untitled["ok"], false);
    assert_eq!(
        untitled["error"],
        "0 of 3 entries readable: 3 without a title or summary"
    );
    assert_eq!(source(&doc, "fidelity_dev_titles.xml")["skipped"], 0);
}
