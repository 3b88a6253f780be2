//! Configuration: the file's schema, its defaults (the embedded
//! `config.example.toml`, laid under the user's file table by table) and
//! its validation. Turning a config into a running app is `wiring`'s job.

mod exposure;
mod merge;
mod schema;
mod validate;
pub mod values;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Deserialize;
use thiserror::Error;

pub use exposure::key_exposure;
pub use schema::*;

/// The embedded default config, which is also the documented example.
pub const EMBEDDED: &str = include_str!("../../config.example.toml");

/// How the embedded default names itself in messages.
pub const EMBEDDED_NAME: &str = "<embedded default>";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

static EMBEDDED_CONFIG: LazyLock<Config> =
    LazyLock::new(|| parse(EMBEDDED, EMBEDDED_NAME).expect("embedded default config is valid"));

/// Parse config text over the embedded default; `origin` names the file
/// in errors, which give its line and key.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let invalid = |e: toml::de::Error| ConfigError::Invalid {
        path: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    };
    let mut user = merge::parse_table(text).map_err(invalid)?;
    let base = merge::parse_table(EMBEDDED)
        .expect("embedded default is TOML")
        .into_inner();
    merge::lay_over(user.get_mut(), base);
    let de = toml::de::Deserializer::from(user);
    let mut config = Config::deserialize(de).map_err(|mut e| {
        e.set_input(Some(text));
        invalid(e)
    })?;
    config.origin = origin.to_string();
    config.validate(origin)?;
    Ok(config)
}

impl Config {
    pub fn embedded() -> Config {
        EMBEDDED_CONFIG.clone()
    }

    pub fn symbols(&self) -> Vec<String> {
        self.watchlist.symbols.iter().map(|s| s.0.clone()).collect()
    }

    /// How old a quote's data may be, while its market trades, before it
    /// is marked stale.
    pub fn stale_after_secs(&self) -> i64 {
        match self.quotes.stale_after {
            Some(every) => every.0.as_secs() as i64,
            None => (self.refresh.quotes.0.as_secs() as i64 * 3).max(60),
        }
    }
}

/// Where the config came from, in lookup order.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigOrigin {
    Flag(PathBuf),
    Env(PathBuf),
    Xdg(PathBuf),
    Embedded,
}

/// `--config`, then `$TICKWIRE_CONFIG`, then the XDG config file if it
/// exists, else the embedded default.
pub fn locate(flag: Option<&Path>, env: Option<PathBuf>, xdg: Option<PathBuf>) -> ConfigOrigin {
    if let Some(p) = flag {
        return ConfigOrigin::Flag(p.to_path_buf());
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return ConfigOrigin::Env(p);
    }
    match xdg {
        Some(p) if p.is_file() => ConfigOrigin::Xdg(p),
        _ => ConfigOrigin::Embedded,
    }
}

pub fn xdg_config_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tickwire").map(|d| d.config_dir().join("config.toml"))
}

pub fn load(origin: &ConfigOrigin) -> Result<Config, ConfigError> {
    match origin {
        ConfigOrigin::Embedded => Ok(Config::embedded()),
        ConfigOrigin::Flag(p) | ConfigOrigin::Env(p) | ConfigOrigin::Xdg(p) => load_file(p),
    }
}

pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.clone(),
        source,
    })?;
    parse(&text, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn embedded_default_watches_the_ai_exposed_watchlist() {
        let c = Config::embedded();
        for s in [
            "NVDA", "MSFT", "GOOGL", "META", "AMZN", "AAPL", "TSM", "AVGO", "AMD", "ASML", "ARM",
            "MU", "ORCL", "PLTR", "SMCI", "QQQ",
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
}
