//! Configuration: the embedded default (`config.example.toml`) with the
//! user's file laid over it section by section. Every error names the
//! file, the line and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use serde::{Deserialize, Deserializer};
use thiserror::Error;

use crate::core::alerts::{AlertRule, AlertSettings};
use crate::core::filter::Query;
use crate::core::judge::{Judge, Override};
use crate::sources::feeds::FeedSpec;
use crate::sources::http::HttpSettings;
use crate::sources::quotes::chain::Provider;
use crate::sources::quotes::coinbase::{self, Coinbase};
use crate::sources::quotes::finnhub_stream::FinnhubStream;
use crate::sources::quotes::stream::Protocol;

use crate::tui::keymap::Keymap;

/// The embedded default config, which is also the documented example.
pub const EMBEDDED: &str = include_str!("../config.example.toml");

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub refresh: Refresh,
    #[serde(default = "default_feeds")]
    pub feeds: Vec<FeedConfig>,
    #[serde(default = "default_watchlist")]
    pub watchlist: Watchlist,
    #[serde(default)]
    pub quotes: QuotesConfig,
    #[serde(default)]
    pub http: HttpConfig,
    #[serde(default)]
    pub snapshot: SnapshotConfig,
    #[serde(default)]
    pub ai: AiConfig,
    #[serde(default)]
    pub tickers: TickersConfig,
    #[serde(default = "default_alerts")]
    pub alerts: AlertsConfig,
    #[serde(default)]
    pub ui: UiConfig,
    /// action = ["key", …]: replaces that action's default keys.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyList>,
}

/// One key or a list of keys.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn to_vec(&self) -> Vec<String> {
        match self {
            KeyList::One(k) => vec![k.clone()],
            KeyList::Many(ks) => ks.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Default,
    Light,
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkMode {
    /// Open locally, but copy (OSC 52) when running over ssh.
    Auto,
    Open,
    Copy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    pub theme: ThemeName,
    pub mouse: bool,
    pub links: LinkMode,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            theme: ThemeName::Default,
            mouse: false,
            links: LinkMode::Auto,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    #[serde(default)]
    pub bell: bool,
    #[serde(default)]
    pub desktop: bool,
    #[serde(default = "default_max_per_minute")]
    pub max_per_minute: usize,
    #[serde(default = "default_headline_max_age")]
    pub headline_max_age: Interval,
    /// Absent: the embedded default rules.
    #[serde(default = "default_alert_rules")]
    pub rules: Vec<AlertRuleConfig>,
}

fn default_max_per_minute() -> usize {
    6
}

fn default_headline_max_age() -> Interval {
    Interval(Duration::from_secs(3600))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertRuleConfig {
    Move {
        threshold_pct: f64,
        window: Interval,
        #[serde(default)]
        symbols: Vec<Symbol>,
    },
    AiHeadline {
        #[serde(default)]
        symbols: Vec<Symbol>,
    },
    Keyword {
        phrase: String,
    },
    Query {
        query: String,
    },
}

/// Additions to and changes of the shipped AI vocabulary.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AiConfig {
    /// phrase = weight; 0 removes a built-in term.
    pub terms: BTreeMap<String, f32>,
    /// Phrases of `terms` that must match case exactly.
    pub case_sensitive: Vec<String>,
}

/// Additions to and changes of the shipped company/product table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TickersConfig {
    /// phrase = ticker; "" removes a built-in alias.
    pub aliases: BTreeMap<String, String>,
    /// Phrases of `aliases` that must match case exactly.
    pub case_sensitive: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Refresh {
    pub feeds: Interval,
    pub quotes: Interval,
    /// Longest wait between polls of a failing feed.
    pub backoff_cap: Interval,
}

impl Default for Refresh {
    fn default() -> Self {
        Refresh {
            feeds: Interval(Duration::from_secs(300)),
            quotes: Interval(Duration::from_secs(15)),
            backoff_cap: Interval(HttpSettings::default().backoff_cap),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub name: String,
    pub url: HttpUrl,
    pub refresh: Option<Interval>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Watchlist {
    pub symbols: Vec<Symbol>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuotesConfig {
    /// Tried in this order per symbol; the one that answers sticks.
    pub providers: Vec<ProviderName>,
    /// A quote neither polled nor streamed for this long is marked stale;
    /// unset: three missed polls (3 × `[refresh] quotes`, at least 60 s).
    pub stale_after: Option<Interval>,
    pub yahoo: YahooConfig,
    pub finnhub: FinnhubConfig,
    pub coinbase: CoinbaseConfig,
}

impl Default for QuotesConfig {
    fn default() -> Self {
        QuotesConfig {
            providers: vec![ProviderName::Yahoo, ProviderName::Finnhub],
            stale_after: None,
            yahoo: YahooConfig::default(),
            finnhub: FinnhubConfig::default(),
            coinbase: CoinbaseConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoinbaseConfig {
    /// Stream the watchlist's crypto pairs (BTC-USD …) live; no key needed.
    pub enabled: bool,
    pub ws_url: WsUrl,
}

impl Default for CoinbaseConfig {
    fn default() -> Self {
        CoinbaseConfig {
            enabled: true,
            ws_url: WsUrl("wss://ws-feed.exchange.coinbase.com".into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderName {
    Yahoo,
    Finnhub,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FinnhubConfig {
    /// Empty: taken from $FINNHUB_API_KEY; without a key Finnhub is skipped.
    pub api_key: String,
    pub base_url: HttpUrl,
    /// With a key: live trades over the websocket, beside the polls.
    pub stream: bool,
    pub ws_url: WsUrl,
}

impl Default for FinnhubConfig {
    fn default() -> Self {
        FinnhubConfig {
            api_key: String::new(),
            base_url: HttpUrl("https://finnhub.io/api/v1".into()),
            stream: true,
            ws_url: WsUrl("wss://ws.finnhub.io".into()),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct YahooConfig {
    pub base_urls: Vec<HttpUrl>,
}

impl Default for YahooConfig {
    fn default() -> Self {
        YahooConfig {
            base_urls: vec![
                HttpUrl("https://query1.finance.yahoo.com".into()),
                HttpUrl("https://query2.finance.yahoo.com".into()),
            ],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    pub connect_timeout: Interval,
    pub timeout: Interval,
    pub stall_timeout: Interval,
    pub max_body_bytes: usize,
    pub max_in_flight: usize,
    pub max_per_host: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        let d = HttpSettings::default();
        HttpConfig {
            connect_timeout: Interval(d.connect_timeout),
            timeout: Interval(d.timeout),
            stall_timeout: Interval(d.stall_timeout),
            max_body_bytes: d.max_body_bytes,
            max_in_flight: d.max_in_flight,
            max_per_host: d.max_per_host,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SnapshotConfig {
    pub deadline: Interval,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        SnapshotConfig {
            deadline: Interval(Duration::from_secs(20)),
        }
    }
}

/// A humantime duration of at least one second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval(pub Duration);

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let dur = humantime::parse_duration(&s)
            .map_err(|e| serde::de::Error::custom(format!("invalid duration {s:?}: {e}")))?;
        if dur < Duration::from_secs(1) {
            return Err(serde::de::Error::custom(format!(
                "duration {s:?} is below the 1s minimum"
            )));
        }
        Ok(Interval(dur))
    }
}

/// An absolute http(s) URL.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpUrl(pub String);

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        absolute_url(d, &["http", "https"], "an http(s)").map(HttpUrl)
    }
}

/// An absolute ws(s) URL.
#[derive(Debug, Clone, PartialEq)]
pub struct WsUrl(pub String);

impl<'de> Deserialize<'de> for WsUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        absolute_url(d, &["ws", "wss"], "a ws(s)").map(WsUrl)
    }
}

/// A URL with a host and one of `schemes`, else "… is not {what} URL".
fn absolute_url<'de, D: Deserializer<'de>>(
    d: D,
    schemes: &[&str],
    what: &str,
) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    match reqwest::Url::parse(&s) {
        Ok(u) if schemes.contains(&u.scheme()) && u.host_str().is_some() => Ok(s),
        _ => Err(serde::de::Error::custom(format!("{s:?} is not {what} URL"))),
    }
}

/// A ticker as the quote providers spell it (upper-cased on load).
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol(pub String);

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?.trim().to_ascii_uppercase();
        let valid = (1..=15).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"^.=-".contains(&b));
        if valid {
            Ok(Symbol(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "{s:?} is not a ticker symbol"
            )))
        }
    }
}

static EMBEDDED_CONFIG: LazyLock<Config> = LazyLock::new(|| {
    parse(EMBEDDED, "<embedded default>").expect("embedded default config is valid")
});

fn default_feeds() -> Vec<FeedConfig> {
    EMBEDDED_CONFIG.feeds.clone()
}

fn default_watchlist() -> Watchlist {
    EMBEDDED_CONFIG.watchlist.clone()
}

fn default_alerts() -> AlertsConfig {
    EMBEDDED_CONFIG.alerts.clone()
}

fn default_alert_rules() -> Vec<AlertRuleConfig> {
    EMBEDDED_CONFIG.alerts.rules.clone()
}

/// Parse config text; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
        path: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    config.validate(origin)?;
    Ok(config)
}

impl Config {
    pub fn embedded() -> Config {
        EMBEDDED_CONFIG.clone()
    }

    fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: origin.to_string(),
            message,
        };
        let mut names = std::collections::HashSet::new();
        for f in &self.feeds {
            if f.name.trim().is_empty() {
                return Err(invalid(format!("feed {:?} has an empty name", f.url.0)));
            }
            if !names.insert(f.name.as_str()) {
                return Err(invalid(format!("feed name {:?} is used twice", f.name)));
            }
        }
        for (term, weight) in &self.ai.terms {
            if !weight.is_finite() || *weight < 0.0 || term.trim().is_empty() {
                return Err(invalid(format!(
                    "ai.terms: {term:?} = {weight} must be a phrase with a weight >= 0"
                )));
            }
        }
        for (alias, ticker) in &self.tickers.aliases {
            let ok = ticker.is_empty()
                || ((1..=6).contains(&ticker.len())
                    && ticker.bytes().all(|b| b.is_ascii_uppercase() || b == b'.'));
            if !ok || alias.trim().is_empty() {
                return Err(invalid(format!(
                    "tickers.aliases: {alias:?} = {ticker:?} is not a phrase and a ticker"
                )));
            }
        }
        for rule in &self.alerts.rules {
            match rule {
                AlertRuleConfig::Move { threshold_pct, .. }
                    if !threshold_pct.is_finite() || *threshold_pct <= 0.0 =>
                {
                    return Err(invalid(format!(
                        "alerts.rules: move threshold_pct {threshold_pct} must be above 0"
                    )));
                }
                AlertRuleConfig::Keyword { phrase } if phrase.trim().is_empty() => {
                    return Err(invalid("alerts.rules: keyword phrase is empty".into()));
                }
                AlertRuleConfig::Query { query } => {
                    let parsed = Query::parse(query);
                    if let Some(problem) = parsed.problems.first() {
                        return Err(invalid(format!("alerts.rules: query {query:?}: {problem}")));
                    }
                    if parsed.is_empty() {
                        return Err(invalid("alerts.rules: query is empty".into()));
                    }
                }
                _ => {}
            }
        }
        self.keymap().map_err(invalid)?;
        if self.http.max_in_flight == 0 || self.http.max_per_host == 0 {
            return Err(invalid(
                "http.max_in_flight and http.max_per_host must be at least 1".into(),
            ));
        }
        if self.quotes.yahoo.base_urls.is_empty() && !self.watchlist.symbols.is_empty() {
            return Err(invalid(
                "quotes.yahoo.base_urls is empty but the watchlist is not".into(),
            ));
        }
        Ok(())
    }

    pub fn feed_specs(&self) -> Vec<(FeedSpec, Duration)> {
        self.feeds
            .iter()
            .map(|f| {
                let spec = FeedSpec {
                    name: f.name.clone(),
                    url: f.url.0.clone(),
                };
                (spec, f.refresh.unwrap_or(self.refresh.feeds).0)
            })
            .collect()
    }

    /// The headline judge: the shipped tables with `[ai]` and `[tickers]` applied.
    pub fn judge(&self) -> Arc<Judge> {
        if self.ai.terms.is_empty() && self.tickers.aliases.is_empty() {
            return Judge::builtin();
        }
        let overrides = |map: Vec<(&String, String)>, exact: &[String]| -> Vec<Override> {
            map.into_iter()
                .map(|(phrase, value)| Override {
                    phrase: phrase.clone(),
                    case_sensitive: exact.contains(phrase),
                    value,
                })
                .collect()
        };
        let terms = overrides(
            self.ai
                .terms
                .iter()
                .map(|(k, w)| (k, w.to_string()))
                .collect(),
            &self.ai.case_sensitive,
        );
        let aliases = overrides(
            self.tickers
                .aliases
                .iter()
                .map(|(k, t)| (k, t.clone()))
                .collect(),
            &self.tickers.case_sensitive,
        );
        // Values were validated on load, so the tables always build.
        Arc::new(Judge::with_overrides(&terms, &aliases).expect("validated overrides build"))
    }

    /// The key bindings: defaults with `[keys]` applied.
    pub fn keymap(&self) -> Result<Keymap, String> {
        let overrides = self
            .keys
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect();
        Keymap::with_overrides(&overrides)
    }

    pub fn alert_settings(&self) -> AlertSettings {
        let names = |syms: &[Symbol]| syms.iter().map(|s| s.0.clone()).collect();
        let rules = self
            .alerts
            .rules
            .iter()
            .map(|r| match r {
                AlertRuleConfig::Move {
                    threshold_pct,
                    window,
                    symbols,
                } => AlertRule::Move {
                    symbols: names(symbols),
                    threshold_pct: *threshold_pct,
                    window_secs: window.0.as_secs() as i64,
                },
                AlertRuleConfig::AiHeadline { symbols } => AlertRule::AiHeadline {
                    symbols: names(symbols),
                },
                AlertRuleConfig::Keyword { phrase } => AlertRule::Keyword {
                    phrase: phrase.trim().to_string(),
                },
                AlertRuleConfig::Query { query } => AlertRule::Query(Query::parse(query)),
            })
            .collect();
        AlertSettings {
            rules,
            bell: self.alerts.bell,
            desktop: self.alerts.desktop,
            max_per_minute: self.alerts.max_per_minute,
            headline_max_age_secs: self.alerts.headline_max_age.0.as_secs() as i64,
        }
    }

    pub fn symbols(&self) -> Vec<String> {
        self.watchlist.symbols.iter().map(|s| s.0.clone()).collect()
    }

    /// The providers to use, in order, leaving out Finnhub when no key is
    /// configured (`[quotes.finnhub] api_key` or `$FINNHUB_API_KEY`).
    /// The Finnhub key: the config's, else the environment's, if any.
    fn finnhub_key(&self, env_key: Option<String>) -> Option<String> {
        // A key pasted with a trailing newline would be refused forever.
        [Some(self.quotes.finnhub.api_key.clone()), env_key]
            .into_iter()
            .flatten()
            .map(|k| k.trim().to_string())
            .find(|k| !k.is_empty())
    }

    /// Seconds without a poll or trade before a quote is marked stale.
    pub fn stale_after_secs(&self) -> i64 {
        match self.quotes.stale_after {
            Some(every) => every.0.as_secs() as i64,
            None => (self.refresh.quotes.0.as_secs() as i64 * 3).max(60),
        }
    }

    /// The live streams to run: Coinbase for the crypto pairs watched, and
    /// Finnhub's trades for the rest when it has a key and is a provider.
    pub fn streams(&self, env_key: Option<String>) -> Vec<Arc<dyn Protocol>> {
        let symbols = self.symbols();
        let mut out: Vec<Arc<dyn Protocol>> = Vec::new();
        let crypto: Vec<String> = symbols
            .iter()
            .filter(|s| coinbase::streams(s))
            .cloned()
            .collect();
        if self.quotes.coinbase.enabled && !crypto.is_empty() {
            out.push(Arc::new(Coinbase {
                ws_url: self.quotes.coinbase.ws_url.0.clone(),
                products: crypto,
            }));
        }
        let finnhub = &self.quotes.finnhub;
        let wanted = finnhub.stream && self.quotes.providers.contains(&ProviderName::Finnhub);
        if let Some(key) = self.finnhub_key(env_key).filter(|_| wanted) {
            let stream = FinnhubStream::new(&finnhub.ws_url.0, &key, &symbols);
            if stream.symbol_count() > 0 {
                out.push(Arc::new(stream));
            }
        }
        out
    }

    pub fn providers(&self, env_key: Option<String>) -> Vec<Provider> {
        let key = self.finnhub_key(env_key);
        let mut out = Vec::new();

        for name in &self.quotes.providers {
            let provider = match name {
                ProviderName::Yahoo => Provider::Yahoo {
                    base_urls: self.yahoo_base_urls(),
                },
                ProviderName::Finnhub => match &key {
                    Some(api_key) => Provider::Finnhub {
                        base_url: self.quotes.finnhub.base_url.0.clone(),
                        api_key: api_key.clone(),
                    },
                    None => continue,
                },
            };
            if !out.contains(&provider) {
                out.push(provider);
            }
        }
        out
    }

    pub fn yahoo_base_urls(&self) -> Vec<String> {
        self.quotes
            .yahoo
            .base_urls
            .iter()
            .map(|u| u.0.clone())
            .collect()
    }

    pub fn http_settings(&self) -> HttpSettings {
        HttpSettings {
            connect_timeout: self.http.connect_timeout.0,
            timeout: self.http.timeout.0,
            stall_timeout: self.http.stall_timeout.0,
            max_body_bytes: self.http.max_body_bytes,
            max_in_flight: self.http.max_in_flight,
            max_per_host: self.http.max_per_host,
            backoff_cap: self.refresh.backoff_cap.0,
        }
    }

    /// One line for `check-config`: what will run, with the environment's key.
    pub fn summary(&self, env_key: Option<String>) -> String {
        let providers: Vec<&str> = self
            .providers(env_key.clone())
            .iter()
            .map(Provider::name)
            .collect();
        let live: Vec<String> = self
            .streams(env_key)
            .iter()
            .map(|s| format!("{} ({})", s.provider(), s.symbol_count()))
            .collect();
        format!(
            "{} feeds, {} symbols, feeds every {}, quotes every {} from {}, live: {}",
            self.feeds.len(),
            self.watchlist.symbols.len(),
            humantime::format_duration(self.refresh.feeds.0),
            humantime::format_duration(self.refresh.quotes.0),
            if providers.is_empty() {
                "nobody".to_string()
            } else {
                providers.join(" → ")
            },
            if live.is_empty() {
                "none".to_string()
            } else {
                live.join(", ")
            },
        )
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

    #[test]
    fn missing_sections_keep_defaults_and_per_feed_refresh_overrides() {
        let c = parse(
            "[[feeds]]\nname = \"X\"\nurl = \"https://example.com/rss\"\nrefresh = \"10m\"\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(c.feeds.len(), 1);
        assert_eq!(c.feed_specs()[0].1, Duration::from_secs(600));
        assert_eq!(c.symbols(), Config::embedded().symbols());
        assert_eq!(c.yahoo_base_urls().len(), 2);
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
    fn streams_follow_the_watchlist_and_the_key() {
        let names = |c: &Config, key: Option<&str>| {
            let streams = c.streams(key.map(String::from));
            streams.iter().map(|s| s.provider()).collect::<Vec<_>>()
        };
        let stocks = Config::embedded();
        assert!(
            names(&stocks, None).is_empty(),
            "no crypto, no key: no stream"
        );
        assert_eq!(names(&stocks, Some("k")), ["finnhub"]);
        let mixed = parse("[watchlist]\nsymbols = [\"NVDA\", \"btc-usd\"]\n", "t.toml").unwrap();
        assert_eq!(names(&mixed, Some("k")), ["coinbase", "finnhub"]);
        let off = "[watchlist]\nsymbols = [\"NVDA\", \"BTC-USD\"]\n\
                   [quotes.coinbase]\nenabled = false\n[quotes.finnhub]\nstream = false\n";
        assert!(names(&parse(off, "t.toml").unwrap(), Some("k")).is_empty());
        assert!(
            mixed.summary(Some("k".into())).ends_with(
                "quotes every 15s from yahoo → finnhub, live: coinbase (1), finnhub (1)"
            ),
            "{}",
            mixed.summary(Some("k".into()))
        );
        let bad = parse("[quotes.coinbase]\nws_url = \"https://x\"\n", "t.toml").unwrap_err();

        assert!(bad.to_string().contains("not a ws(s) URL"), "{bad}");
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
        ] {
            let msg = parse(text, "c.toml").unwrap_err().to_string();
            assert!(msg.contains(needle), "{text:?} gave {msg}");
        }
    }

    #[test]
    fn ai_and_ticker_overrides_reach_the_judge() {
        let c = parse(
            "[ai]\nterms = { \"Stargate\" = 1.0, \"GPU\" = 0 }\n[tickers]\naliases = { \"Stargate\" = \"ORCL\" }\n",
            "t.toml",
        )
        .unwrap();
        let (rel, tickers) = c.judge().judge("Stargate site adds GPU halls");
        assert_eq!(rel.terms, ["Stargate"]);
        assert_eq!(tickers, ["ORCL"]);
        let bad = parse("[tickers]\naliases = { \"Foo\" = \"lower\" }\n", "t.toml").unwrap_err();
        assert!(
            bad.to_string().contains("not a phrase and a ticker"),
            "{bad}"
        );
    }

    #[test]
    fn alert_rules_parse_into_settings() {
        let c = parse(
            "[alerts]\ndesktop = true\n[[alerts.rules]]\nkind = \"move\"\nthreshold_pct = 2.5\nwindow = \"10m\"\nsymbols = [\"nvda\"]\n[[alerts.rules]]\nkind = \"keyword\"\nphrase = \"DeepSeek\"\n",
            "t.toml",
        )
        .unwrap();
        let s = c.alert_settings();
        assert!(s.desktop && !s.bell);
        assert_eq!(
            s.rules,
            [
                AlertRule::Move {
                    symbols: vec!["NVDA".into()],
                    threshold_pct: 2.5,
                    window_secs: 600
                },
                AlertRule::Keyword {
                    phrase: "DeepSeek".into()
                }
            ]
        );
        let q = parse(
            "[[alerts.rules]]\nkind = \"query\"\nquery = \"ai:yes $NVDA\"\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            q.alert_settings().rules,
            [AlertRule::Query(Query::parse("ai:yes $NVDA"))]
        );
        let bad = parse(
            "[[alerts.rules]]\nkind = \"query\"\nquery = \"age:<soon\"\n",
            "t.toml",
        )
        .unwrap_err();
        assert!(bad.to_string().contains("age takes"), "{bad}");
        let bad = parse("[[alerts.rules]]\nkind = \"moon\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("line 2") && bad.contains("moon"), "{bad}");
        let bad = parse(
            "[[alerts.rules]]\nkind = \"move\"\nthreshold_pct = 0\nwindow = \"5m\"\n",
            "t.toml",
        );
        assert!(bad.unwrap_err().to_string().contains("must be above 0"));
        // The default config alerts on moves and AI headlines, also when a
        // file sets other [alerts] keys but no rules.
        assert_eq!(Config::embedded().alert_settings().rules.len(), 2);
        let c = parse("[alerts]\nbell = true\n", "t.toml").unwrap();
        assert_eq!(c.alert_settings().rules.len(), 2);
        let c = parse("[alerts]\nrules = []\n", "t.toml").unwrap();
        assert!(c.alert_settings().rules.is_empty());
    }

    #[test]
    fn keys_and_ui_settings_are_checked() {
        let c = parse("[ui]\ntheme = \"light\"\nmouse = true\n[keys]\nquit = \"x\"\nfilter = [\"f\", \"/\"]\n", "t.toml").unwrap();
        assert_eq!(
            (c.ui.theme, c.ui.mouse, c.ui.links),
            (ThemeName::Light, true, LinkMode::Auto)
        );
        assert!(
            c.keymap()
                .unwrap()
                .help_rows()
                .contains(&("x".to_string(), "quit"))
        );
        let err = parse("[keys]\nquit = \"j\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "t.toml: keys: \"j\" is bound to both down and quit");
        let err = parse("[ui]\ntheme = \"neon\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("neon"), "{err}");
    }

    #[test]
    fn finnhub_joins_the_chain_only_with_a_key() {
        let c = Config::embedded();
        assert_eq!(
            c.providers(None)
                .iter()
                .map(Provider::name)
                .collect::<Vec<_>>(),
            ["yahoo"]
        );
        let with_env = c.providers(Some("k1\n".into()));
        assert_eq!(
            with_env.iter().map(Provider::name).collect::<Vec<_>>(),
            ["yahoo", "finnhub"]
        );
        assert!(
            matches!(&with_env[1], Provider::Finnhub { api_key, .. } if api_key == "k1"),
            "the key is trimmed"
        );

        let c = parse(
            "[quotes]\nproviders = [\"finnhub\", \"yahoo\"]\n[quotes.finnhub]\napi_key = \"k2\"\n",
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            c.providers(Some("k1".into()))[0],
            Provider::Finnhub {
                base_url: "https://finnhub.io/api/v1".into(),
                api_key: "k2".into()
            }
        );
        let bad = parse("[quotes]\nproviders = [\"stooq\"]\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("stooq") && bad.contains("line 2"), "{bad}");
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
