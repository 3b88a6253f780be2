use super::*;
use std::time::Duration;

#[test]
fn embedded_default_watches_the_ai_exposed_watchlist() {
    let c = Config::embedded();
    for s in [
        "NVDA", "MSFT", "GOOGL", "META", "AMZN", "AAPL", "TSM", "AVGO", "AMD", "ASML", "ARM", "MU",
        "ORCL", "PLTR", "SMCI", "QQQ",
    ] {
        assert!(c.symbols().iter().any(|x| x == s), "{s} missing");
    }
    assert!(c.feeds.len() >= 10);
    assert_eq!(c.refresh.feeds.0, Duration::from_secs(300));
    assert_eq!(c.refresh.quotes.0, Duration::from_secs(15));
}

/// The one source of defaults: an empty file is the embedded default,
/// section by section.
#[test]
fn an_empty_file_is_the_embedded_default() {
    let (empty, embedded) = (parse("", "e.toml").unwrap(), Config::embedded());
    assert_eq!(empty.refresh, embedded.refresh);
    assert_eq!(empty.feeds, embedded.feeds);
    assert_eq!(empty.watchlist, embedded.watchlist);
    assert_eq!(empty.quotes, embedded.quotes);
    assert_eq!(empty.http, embedded.http);
    assert_eq!(empty.snapshot, embedded.snapshot);
    assert_eq!(empty.ai, embedded.ai);
    assert_eq!(empty.tickers, embedded.tickers);
    assert_eq!(empty.alerts, embedded.alerts);
    assert_eq!(empty.ui, embedded.ui);
    assert_eq!(empty.keys, embedded.keys);
    assert_eq!(empty.store, embedded.store);
    assert_eq!(empty.record, embedded.record);
    assert_eq!(empty.bus, embedded.bus);
    assert_eq!(empty.origin, "e.toml");
}

#[test]
fn missing_sections_and_keys_keep_defaults_and_per_feed_refresh_overrides() {
    let c = parse(
        "[[feeds]]\nname = \"X\"\nurl = \"https://example.com/rss\"\nrefresh = \"10m\"\n\
         [refresh]\nquotes = \"30s\"\n[quotes.finnhub]\napi_key = \"k\"\n",
        "t.toml",
    )
    .unwrap();
    assert_eq!(c.feeds.len(), 1);
    assert_eq!(
        c.feeds[0].refresh,
        Some(values::Interval(Duration::from_secs(600)))
    );
    assert_eq!(c.symbols(), Config::embedded().symbols());
    assert_eq!(
        c.refresh.feeds.0,
        Duration::from_secs(300),
        "the rest of [refresh]"
    );
    let finnhub = &c.quotes.provider_settings["finnhub"];
    assert_eq!(finnhub["api_key"].as_str(), Some("k"));
    assert_eq!(
        finnhub["stream"].as_bool(),
        Some(true),
        "the rest of the section"
    );
    let yahoo = &c.quotes.provider_settings["yahoo"];
    assert_eq!(yahoo["base_urls"].as_array().map(Vec::len), Some(2));
    assert!(parse("feeds = []\n", "t.toml").unwrap().feeds.is_empty());
}

#[test]
fn the_stale_threshold_is_three_missed_polls_unless_set() {
    assert_eq!(Config::embedded().stale_after_secs(), 60);
    let slow = parse("[refresh]\nquotes = \"40s\"\n", "t.toml").unwrap();
    assert_eq!(slow.stale_after_secs(), 120);
    let set = parse("[quotes]\nstale_after = \"5m\"\n", "t.toml").unwrap();
    assert_eq!(set.stale_after_secs(), 300);
}

#[test]
fn unknown_keys_name_file_line_and_key() {
    let err = parse("[refresh]\nfeeds = \"5m\"\nqoutes = \"15s\"\n", "my.toml").unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("my.toml: "), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
    assert!(msg.contains("qoutes"), "{msg}");
}

#[test]
fn bad_values_are_errors() {
    for (text, needle) in [
        ("[refresh]\nfeeds = \"soon\"\n", "invalid duration"),
        ("[refresh]\nquotes = \"10ms\"\n", "1s minimum"),
        ("[watchlist]\nsymbols = [\"NV DA\"]\n", "not a ticker"),
        (
            "[[feeds]]\nname = \"A\"\nurl = \"ftp://x\"\n",
            "not an http(s) URL",
        ),
        (
            "[[feeds]]\nurl = \"https://x.com\"\n",
            "missing field `name`",
        ),
        (
            "[[feeds]]\nname = \"A\"\nurl = \"https://x.com\"\n[[feeds]]\nname = \"A\"\nurl = \"https://y.com\"\n",
            "used twice",
        ),
        (
            "[[feeds]]\nname = \"A\\u001b]0;x\\u0007\"\nurl = \"https://x.com\"\n",
            "control or invisible character",
        ),
        (
            "[[feeds]]\nname = \"\\u202eA\"\nurl = \"https://x.com\"\n",
            "control or invisible character",
        ),
        (
            "[quotes.coinbase]\nws_url = \"https://x\"\n",
            "not a ws(s) URL",
        ),
        (
            "[tickers]\naliases = { \"Foo\" = \"lower\" }\n",
            "not a phrase and a ticker",
        ),
        (
            "[[alerts.rules]]\nkind = \"query\"\nquery = \"age:<soon\"\n",
            "age takes",
        ),
        (
            "[[alerts.rules]]\nkind = \"move\"\nthreshold_pct = 0\nwindow = \"5m\"\n",
            "must be above 0",
        ),
        (
            "[record]\nmax_bytes = 1000\n",
            "record.max_bytes must be at least",
        ),
        ("[record]\nkeep = 0\n", "record.keep at least 1"),
    ] {
        let msg = parse(text, "c.toml").unwrap_err().to_string();
        assert!(msg.contains(needle), "{text:?} gave {msg}");
    }
    for (text, needle) in [
        ("[[alerts.rules]]\nkind = \"moon\"\n", "moon"),
        ("[ui]\ntheme = \"neon\"\n", "neon"),
    ] {
        let msg = parse(text, "c.toml").unwrap_err().to_string();
        assert!(msg.contains("line 2") && msg.contains(needle), "{msg}");
    }
}

#[test]
fn lookup_order_is_flag_env_xdg_embedded() {
    let flag = PathBuf::from("/f.toml");
    let env = PathBuf::from("/e.toml");
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("config.toml");
    assert_eq!(
        locate(Some(&flag), Some(env.clone()), None),
        ConfigOrigin::Flag(flag)
    );
    assert_eq!(
        locate(None, Some(env.clone()), None),
        ConfigOrigin::Env(env)
    );
    assert_eq!(
        locate(None, None, Some(xdg.clone())),
        ConfigOrigin::Embedded
    );
    std::fs::write(&xdg, "").unwrap();
    assert_eq!(
        locate(None, None, Some(xdg.clone())),
        ConfigOrigin::Xdg(xdg)
    );
}
