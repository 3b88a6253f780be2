//! The config file's schema. Every value's default is in the embedded
//! `config.example.toml`, which is laid under the user's file before these
//! types see it, so no default is written here a second time.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::values::{HttpUrl, Interval, Symbol, WsUrl};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub refresh: Refresh,
    pub feeds: Vec<FeedConfig>,
    pub watchlist: Watchlist,
    pub quotes: QuotesConfig,
    pub http: HttpConfig,
    pub snapshot: SnapshotConfig,
    pub ai: AiConfig,
    pub tickers: TickersConfig,
    pub alerts: AlertsConfig,
    pub ui: UiConfig,
    pub store: StoreConfig,
    pub record: RecordConfig,
    pub bus: BusConfig,
    /// action = ["key", …]: replaces that action's default keys.
    pub keys: BTreeMap<String, KeyList>,
    /// The file it came from, for error messages ("<embedded default>").
    #[serde(skip)]
    pub origin: String,
}

/// One key or a list of keys.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn to_vec(&self) -> Vec<String> {
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    pub theme: ThemeName,
    pub mouse: bool,
    pub links: LinkMode,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsConfig {
    pub bell: bool,
    pub desktop: bool,
    pub max_per_minute: usize,
    pub headline_max_age: Interval,
    pub rules: Vec<AlertRuleConfig>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertRuleConfig {
    Move {
        threshold_pct: f64,
        window: Interval,
        /// Empty: every symbol.
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiConfig {
    /// phrase = weight; 0 removes a built-in term.
    pub terms: BTreeMap<String, f32>,
    /// Phrases of `terms` that must match case exactly.
    pub case_sensitive: Vec<String>,
    /// Publisher (feed name or host) = AI prior; changes the shipped table.
    pub sources: BTreeMap<String, f32>,
    /// A feed whose recent items are mostly AI lends weight to the rest.
    pub learn: bool,
}

/// Additions to and changes of the shipped company/product table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TickersConfig {
    /// phrase = ticker; "" removes a built-in alias.
    pub aliases: BTreeMap<String, String>,
    /// Phrases of `aliases` that must match case exactly.
    pub case_sensitive: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refresh {
    pub feeds: Interval,
    pub quotes: Interval,
    /// Longest wait between polls of a failing feed.
    pub backoff_cap: Interval,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub name: String,
    pub url: HttpUrl,
    pub refresh: Option<Interval>,
    /// "ai": every headline from it is AI; "general": no priors.
    pub topic: Option<FeedTopic>,
    /// The company whose own newsroom this is; "" for none.
    pub ticker: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum FeedTopic {
    Ai,
    General,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Watchlist {
    pub symbols: Vec<Symbol>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QuotesConfig {
    /// Tried in this order per symbol; the one that answers sticks. Names
    /// of registered providers (`sources::quotes::PROVIDERS`).
    pub providers: Vec<String>,
    /// While its market trades, a quote whose data (by its own time) is
    /// older than this is marked stale; unset: three polls
    /// (3 × `[refresh] quotes`, at least 60 s).
    pub stale_after: Option<Interval>,
    /// The Coinbase live stream (not a polled provider).
    pub coinbase: CoinbaseConfig,
    /// `[quotes.<provider>]`: each provider reads its own section.
    #[serde(flatten)]
    pub provider_settings: BTreeMap<String, toml::Table>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoinbaseConfig {
    /// Stream the watchlist's crypto pairs (BTC-USD …) live; no key needed.
    pub enabled: bool,
    pub ws_url: WsUrl,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub connect_timeout: Interval,
    pub timeout: Interval,
    pub stall_timeout: Interval,
    pub max_body_bytes: usize,
    pub max_in_flight: usize,
    pub max_per_host: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotConfig {
    pub deadline: Interval,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// Headlines older than this are pruned.
    pub retention: Interval,
    /// At most this many headlines are kept, the oldest pruned first.
    pub max_headlines: usize,
}

/// `--record FILE`'s bound: past `max_bytes` the file becomes FILE's
/// generation 1 and a new one starts; the oldest past `keep` is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordConfig {
    pub max_bytes: u64,
    pub keep: usize,
}

/// The desk bus (docs/DEPLOY.md). Secrets may also come from the
/// environment (`wiring` reads it); none is ever printed.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusConfig {
    /// nats://HOST:PORT (or tls://); `--bus` overrides.
    pub url: Option<String>,
    pub desk: String,
    pub max_age: Interval,
    pub max_bytes: i64,
    pub replay: Interval,
    pub lease: Interval,
    pub creds_file: Option<std::path::PathBuf>,
    pub nkey_seed_file: Option<std::path::PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls_ca_file: Option<std::path::PathBuf>,
    pub tls_cert_file: Option<std::path::PathBuf>,
    pub tls_key_file: Option<std::path::PathBuf>,
    pub tls_required: bool,
}

impl std::fmt::Debug for BusConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusConfig")
            .field("desk", &self.desk)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish_non_exhaustive()
    }
}
