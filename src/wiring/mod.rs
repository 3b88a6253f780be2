//! The one place a running tickwire is built: from a `Config` and the
//! environment come the quote providers and streams, the judge, the
//! keymap, the alert rules, the HTTP settings, the feed schedule and the
//! first `State`. The monitor and the headless commands start here.

pub mod playback;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

use crate::config::values::{RateValue, Symbol};
use crate::config::{AlertRuleConfig, Config, FeedTopic};
use crate::core::alerts::{AlertRule, AlertSettings};
use crate::core::app::State;
use crate::core::model::{SourceKind, Timestamp};
use crate::core::news::Query;
use crate::core::quotes::BudgetSpec;
use crate::core::signal::{FeedRule, Judge, Override, Topic};
use crate::sources::feeds::FeedSpec;
use crate::sources::http::HttpSettings;
use crate::sources::http::{FeedMemory, MemorySink};
use crate::sources::poller::PollPlan;
use crate::sources::quotes::PROVIDERS;
use crate::sources::quotes::QuoteChain;
use crate::sources::quotes::coinbase::{self, Coinbase};
use crate::sources::quotes::finnhub::{self, Settings as FinnhubSettings};
use crate::sources::quotes::finnhub_stream::FinnhubStream;
use crate::sources::quotes::outlook;
use crate::sources::quotes::stream::{self, Protocol};
use crate::sources::quotes::{Env, Polled, settings};
use crate::store::writer::StoreSender;
use crate::store::{PollSeed, Retention, Store, Write};

/// A config that cannot run, named by its file.
#[derive(Debug, Error)]
#[error("{origin}: {message}")]
pub struct WiringError {
    pub origin: String,
    pub message: String,
}

pub struct App {
    pub config: Config,
    pub judge: Arc<Judge>,
    pub alerts: AlertSettings,
    /// Polled providers with their budgets, in the configured order, the
    /// unusable left out.
    pub providers: Vec<Polled>,
    pub streams: Vec<Arc<dyn Protocol>>,
    /// Where the store lives (`--data-dir`, else the XDG data dir).
    pub data_dir: Option<PathBuf>,
}

impl App {
    /// Build with the process's environment.
    pub fn new(config: Config) -> Result<App, WiringError> {
        App::build(config, &|name| std::env::var(name).ok())
    }

    pub fn build(config: Config, env: Env) -> Result<App, WiringError> {
        let fail = |message: String| WiringError {
            origin: config.origin.clone(),
            message,
        };
        let providers = providers(&config, env).map_err(fail)?;
        let streams = streams(&config, env).map_err(fail)?;
        Ok(App {
            judge: judge(&config),
            alerts: alert_settings(&config),
            providers,
            streams,
            config,
            data_dir: None,
        })
    }

    pub fn http_settings(&self) -> HttpSettings {
        HttpSettings::from_config(&self.config)
    }

    pub fn feed_specs(&self) -> Vec<(FeedSpec, Duration)> {
        let c = &self.config;
        c.feeds
            .iter()
            .map(|f| {
                let spec = FeedSpec {
                    name: f.name.clone(),
                    url: f.url.0.clone(),
                };
                (spec, f.refresh.unwrap_or(c.refresh.feeds).0)
            })
            .collect()
    }

    pub fn quote_chain(&self) -> QuoteChain {
        QuoteChain::new(self.providers.clone())
    }

    /// What the pollers run, from what an earlier run learned (`seed`),
    /// handing what they learn to `sink` (the store's writer).
    pub fn poll_plan(&self, seed: &PollSeed, sink: Option<StoreSender>) -> PollPlan {
        let sink =
            sink.map(|tx| Box::new(move |change| tx.send(Write::Memory(change))) as MemorySink);
        self.poll_plan_to(seed, sink)
    }

    /// The same, handing what the pollers learn to any `sink`.
    pub fn poll_plan_to(&self, seed: &PollSeed, sink: Option<MemorySink>) -> PollPlan {
        PollPlan {
            feeds: self.feed_specs(),
            symbols: self.config.symbols(),
            quotes: Arc::new(self.quote_chain()),
            quote_every: self.config.refresh.quotes.0,
            streams: self.streams.clone(),
            memory: FeedMemory::restored(&seed.validators, &seed.moves, sink),
            first_due: seed.next_due.clone(),
        }
    }

    /// The store in the data dir, if one can be opened; without it
    /// tickwire runs from memory (and says why in the log).
    pub fn open_store(&self) -> Option<Store> {
        let dir = self.data_dir.as_ref()?;
        let retention = Retention {
            max_age: self.config.store.retention.0,
            max_headlines: self.config.store.max_headlines,
        };
        Store::open(dir, retention)
            .inspect_err(|e| tracing::warn!(error = %e, "running without a store"))
            .ok()
    }

    /// The state before any source answered: every configured source
    /// pending.
    pub fn initial_state(&self, now: Timestamp) -> State {
        let feeds = self
            .config
            .feeds
            .iter()
            .map(|f| (SourceKind::Feed, f.name.clone()));
        let streams = self
            .streams
            .iter()
            .map(|p| (SourceKind::Stream, stream::source_name(p.as_ref())));
        State::new(&self.config.symbols(), now)
            .with_judge(self.judge.clone())
            .with_alerts(self.alerts.clone())
            .with_stale_after(self.config.stale_after_secs())
            .with_max_items(self.config.store.max_headlines)
            .with_max_age(self.config.store.retention.0.as_secs() as i64)
            .with_configured(feeds.chain(streams).collect())
    }

    /// `check-config`'s quote lines: each provider's budget and what the
    /// watchlist at the configured refresh will spend of it.
    pub fn quote_outlook(&self) -> Vec<String> {
        let streamed = |s: &str| self.streams.iter().any(|p| p.carries(s));
        outlook(
            &self.config.symbols(),
            self.config.refresh.quotes.0,
            &self.providers,
            &streamed,
        )
    }

    /// One line for `check-config`: what will run.
    pub fn summary(&self) -> String {
        let c = &self.config;
        let providers: Vec<&str> = self
            .providers
            .iter()
            .map(|p| p.provider.name().as_str())
            .collect();
        let live: Vec<String> = self
            .streams
            .iter()
            .map(|s| format!("{} ({})", s.provider(), s.symbol_count()))
            .collect();
        let or_none = |list: Vec<String>, none: &str, sep: &str| {
            if list.is_empty() {
                none.to_string()
            } else {
                list.join(sep)
            }
        };
        format!(
            "{} feeds, {} symbols, feeds every {}, quotes every {} from {}, live: {}",
            c.feeds.len(),
            c.watchlist.symbols.len(),
            humantime::format_duration(c.refresh.feeds.0),
            humantime::format_duration(c.refresh.quotes.0),
            or_none(
                providers.iter().map(|p| p.to_string()).collect(),
                "nobody",
                " → "
            ),
            or_none(live, "none", ", "),
        )
    }
}

/// The configured providers that can run here, in order, each with the
/// budget of its section. Every `[quotes.<name>]` section must belong to
/// a registered provider.
fn providers(config: &Config, env: Env) -> Result<Vec<Polled>, String> {
    let known = || {
        PROVIDERS
            .iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let empty = toml::Table::new();
    let settings = &config.quotes.provider_settings;
    if let Some(name) = settings
        .keys()
        .find(|n| !PROVIDERS.iter().any(|r| r.name == *n))
    {
        return Err(format!(
            "quotes.{name}: no such provider (one of: {})",
            known()
        ));
    }
    let mut out: Vec<Polled> = Vec::new();
    for name in &config.quotes.providers {
        let reg = PROVIDERS.iter().find(|r| r.name == name).ok_or_else(|| {
            format!(
                "quotes.providers: no provider {name:?} (one of: {})",
                known()
            )
        })?;
        let (budget, table) = budget_of(name, settings.get(name).unwrap_or(&empty))?;
        if let Some(provider) = (reg.build)(&table, env)?
            && !out.iter().any(|o| o.provider.name() == provider.name())
        {
            out.push(Polled { provider, budget });
        }
    }
    Ok(out)
}

/// `budget` and `burst`, which every provider's section has: taken out,
/// the rest is the provider's own.
fn budget_of(name: &str, table: &toml::Table) -> Result<(BudgetSpec, toml::Table), String> {
    #[derive(serde::Deserialize)]
    struct Budget {
        budget: RateValue,
        burst: u32,
    }
    let mut own = table.clone();
    let mut mine = toml::Table::new();
    for key in ["budget", "burst"] {
        if let Some(v) = own.remove(key) {
            mine.insert(key.into(), v);
        }
    }
    let b: Budget = settings(name, &mine)?;
    if b.burst == 0 {
        return Err(format!("quotes.{name}.burst must be at least 1"));
    }
    let spec = BudgetSpec {
        rate: b.budget.0,
        burst: b.burst,
    };
    Ok((spec, own))
}

/// The live streams to run: Coinbase for the crypto pairs watched, and
/// Finnhub's trades for the rest when it has a key and is a provider.
fn streams(config: &Config, env: Env) -> Result<Vec<Arc<dyn Protocol>>, String> {
    let symbols = config.symbols();
    let mut out: Vec<Arc<dyn Protocol>> = Vec::new();
    let crypto: Vec<String> = symbols
        .iter()
        .filter(|s| coinbase::streams(s))
        .cloned()
        .collect();
    let cb = &config.quotes.coinbase;
    if cb.enabled && !crypto.is_empty() {
        out.push(Arc::new(Coinbase {
            ws_url: cb.ws_url.0.clone(),
            products: crypto,
        }));
    }
    let named = config
        .quotes
        .providers
        .iter()
        .any(|p| finnhub::PROVIDER == p.as_str());
    let table = config
        .quotes
        .provider_settings
        .get(finnhub::PROVIDER.as_str());
    if let Some(table) = table.filter(|_| named) {
        let s = FinnhubSettings::from_table(&budget_of(finnhub::PROVIDER.as_str(), table)?.1)?;
        if let Some(key) = s.api_key(env).filter(|_| s.stream) {
            finnhub::refuse_clear_text("ws_url", &s.ws_url.0)?;
            let stream = FinnhubStream::new(&s.ws_url.0, &key, &symbols);
            if stream.symbol_count() > 0 {
                out.push(Arc::new(stream));
            }
        }
    }
    Ok(out)
}

/// The headline judge: the shipped tables with `[ai]`, `[tickers]` and each
/// feed's `topic`/`ticker` applied.
fn judge(config: &Config) -> Arc<Judge> {
    let (ai, tickers) = (&config.ai, &config.tickers);
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
        ai.terms.iter().map(|(k, w)| (k, w.to_string())).collect(),
        &ai.case_sensitive,
    );
    let aliases = overrides(
        tickers
            .aliases
            .iter()
            .map(|(k, t)| (k, t.clone()))
            .collect(),
        &tickers.case_sensitive,
    );
    let sources: Vec<(String, f32)> = ai.sources.iter().map(|(p, w)| (p.clone(), *w)).collect();
    let feeds = config
        .feeds
        .iter()
        .map(|f| FeedRule {
            name: f.name.clone(),
            url: f.url.0.clone(),
            topic: match f.topic {
                None => Topic::Auto,
                Some(FeedTopic::Ai) => Topic::Ai,
                Some(FeedTopic::General) => Topic::General,
            },
            ticker: f.ticker.clone(),
        })
        .collect();
    // Values were validated on load, so the tables always build.
    let judge = Judge::with_overrides(&terms, &aliases).expect("validated overrides build");
    Arc::new(
        judge
            .with_sources(&sources)
            .with_feeds(feeds)
            .learning(ai.learn),
    )
}

fn alert_settings(config: &Config) -> AlertSettings {
    let names = |syms: &[Symbol]| syms.iter().map(|s| s.0.clone()).collect();
    let a = &config.alerts;
    let rules = a
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
                phrase: phrase.trim().into(),
            },
            AlertRuleConfig::Query { query } => AlertRule::Query(Query::parse(query)),
        })
        .collect();
    AlertSettings {
        rules,
        bell: a.bell,
        desktop: a.desktop,
        max_per_minute: a.max_per_minute,
        headline_max_age_secs: a.headline_max_age.0.as_secs() as i64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use crate::core::signal::HeadlineText;

    fn app(text: &str, key: Option<&str>) -> Result<App, WiringError> {
        let key = key.map(String::from);
        App::build(parse(text, "t.toml").unwrap(), &move |name| {
            (name == "FINNHUB_API_KEY").then(|| key.clone()).flatten()
        })
    }

    fn provider_names(app: &App) -> Vec<&'static str> {
        app.providers
            .iter()
            .map(|p| p.provider.name().as_str())
            .collect()
    }

    fn stream_names(app: &App) -> Vec<&'static str> {
        app.streams.iter().map(|s| s.provider().as_str()).collect()
    }

    #[test]
    fn per_feed_refresh_overrides_the_default() {
        let a = app(
            "[[feeds]]\nname = \"X\"\nurl = \"https://example.com/rss\"\nrefresh = \"10m\"\n\
             [[feeds]]\nname = \"Y\"\nurl = \"https://example.com/y\"\n",
            None,
        )
        .unwrap();
        let every: Vec<u64> = a.feed_specs().iter().map(|(_, d)| d.as_secs()).collect();
        assert_eq!(every, [600, 300]);
    }

    #[test]
    fn streams_follow_the_watchlist_and_the_key() {
        assert!(
            stream_names(&app("", None).unwrap()).is_empty(),
            "no crypto, no key"
        );
        assert_eq!(stream_names(&app("", Some("k")).unwrap()), ["finnhub"]);
        let mixed = "[watchlist]\nsymbols = [\"NVDA\", \"btc-usd\"]\n";
        let a = app(mixed, Some("k")).unwrap();
        assert_eq!(stream_names(&a), ["coinbase", "finnhub"]);
        assert!(
            a.summary().ends_with(
                "quotes every 15s from yahoo → cnbc → finnhub, live: coinbase (1), finnhub (1)"
            ),
            "{}",
            a.summary()
        );
        let off = "[watchlist]\nsymbols = [\"NVDA\", \"BTC-USD\"]\n\
                   [quotes.coinbase]\nenabled = false\n[quotes.finnhub]\nstream = false\n";
        assert!(stream_names(&app(off, Some("k")).unwrap()).is_empty());
    }

    #[test]
    fn a_key_never_travels_in_clear_off_this_machine() {
        let plain = |field: &str, url: &str| {
            let text = format!(
                "[quotes]\nproviders = [\"finnhub\"]\n[quotes.finnhub]\n{field} = \"{url}\"\n"
            );
            app(&text, Some("sekret")).map(|a| provider_names(&a))
        };
        let ws = plain("ws_url", "ws://quotes.example/")
            .err()
            .unwrap()
            .to_string();
        assert!(ws.contains("ws_url") && ws.contains("wss://"), "{ws}");
        assert!(!ws.contains("sekret"), "{ws}");
        let rest = plain("base_url", "http://quotes.example/api")
            .err()
            .unwrap()
            .to_string();
        assert!(
            rest.contains("base_url") && rest.contains("https://"),
            "{rest}"
        );
        for local in ["ws://127.0.0.1:9/", "ws://localhost:9/", "ws://[::1]:9/"] {
            assert!(plain("ws_url", local).is_ok(), "{local}");
        }
        assert!(plain("base_url", "http://127.0.0.1:9/api").is_ok());
        let no_key = "[quotes.finnhub]\nws_url = \"ws://quotes.example/\"\n";
        assert!(app(no_key, None).is_ok(), "no key, nothing to leak");
    }

    #[test]
    fn finnhub_joins_the_chain_only_with_a_key() {
        assert_eq!(provider_names(&app("", None).unwrap()), ["yahoo", "cnbc"]);
        assert_eq!(
            provider_names(&app("", Some("k1\n")).unwrap()),
            ["yahoo", "cnbc", "finnhub"]
        );
        let first =
            "[quotes]\nproviders = [\"finnhub\", \"yahoo\"]\n[quotes.finnhub]\napi_key = \"k2\"\n";
        let a = app(first, Some("k1")).unwrap();
        assert_eq!(provider_names(&a), ["finnhub", "yahoo"]);
        let url = &a.providers[0].provider.requests("NVDA")[0];
        assert!(url.url.ends_with("token=k2"), "the config's key wins");
        assert!(!url.shown.contains("k2"), "the key is never shown");
        let trimmed = app("", Some("k1\n")).unwrap();
        assert!(
            trimmed.providers[2].provider.requests("X")[0]
                .url
                .ends_with("token=k1")
        );
    }

    #[test]
    fn providers_come_from_the_registry() {
        let a = app("[quotes]\nproviders = [\"stooq\"]\n", None).unwrap();
        assert_eq!(provider_names(&a), ["stooq"]);
        let bad = app("[quotes]\nproviders = [\"moon\"]\n", None)
            .err()
            .unwrap()
            .to_string();
        assert!(
            bad.starts_with("t.toml: quotes.providers: no provider \"moon\""),
            "{bad}"
        );
        assert!(bad.contains("yahoo, finnhub, stooq"), "{bad}");
        let bad = app("[quotes.mooon]\nx = 1\n", None)
            .err()
            .unwrap()
            .to_string();
        assert!(bad.contains("quotes.mooon: no such provider"), "{bad}");
        let bad = "[quotes]\nproviders = [\"stooq\"]\n[quotes.stooq]\nbase_url = \"ftp://x\"\n";
        let bad = app(bad, None).err().unwrap();
        assert!(bad.to_string().contains("not an http(s) URL"), "{bad}");
        // A config without Yahoo is a config, not an error.
        let no_yahoo = "[quotes]\nproviders = [\"stooq\"]\n[quotes.yahoo]\nbase_urls = []\n";
        assert!(app(no_yahoo, None).is_ok());
        let empty_yahoo = "[quotes.yahoo]\nbase_urls = []\n";
        assert!(app(empty_yahoo, None).is_err());
    }

    #[test]
    fn ai_and_ticker_overrides_reach_the_judge() {
        let a = app(
            "[ai]\nterms = { \"Stargate\" = 1.0, \"GPU\" = 0 }\n[tickers]\naliases = { \"Stargate\" = \"ORCL\" }\n",
            None,
        )
        .unwrap();
        let (rel, tickers) = a.judge.judge("Stargate site adds GPU halls");
        assert_eq!(rel.terms, ["Stargate"]);
        assert_eq!(tickers, ["ORCL"]);
    }

    #[test]
    fn feed_topics_tickers_and_sources_reach_the_judge() {
        let a = app(
            "[ai]\nsources = { \"Anthropic\" = 0 }\nlearn = false\n[[feeds]]\nname = \"Team\"\nurl = \"https://team.example/feed\"\ntopic = \"ai\"\nticker = \"ACME\"\n[[feeds]]\nname = \"Anthropic News\"\nurl = \"https://lab.example/feed\"\n",
            None,
        )
        .unwrap();
        let judged = |source: &str| {
            let h = HeadlineText {
                title: "Our quarterly update",
                source,
                ..HeadlineText::default()
            };
            a.judge.judge_in(&h, None)
        };
        let (rel, tickers) = judged("Team");
        assert!(rel.ai);
        assert_eq!(tickers, ["ACME"]);
        assert!(
            !judged("Anthropic News").0.ai,
            "the publisher's weight set to 0"
        );
        for bad in ["ticker = \"lower\"", "topic = \"sports\""] {
            let text = format!("[[feeds]]\nname = \"X\"\nurl = \"https://x.example/\"\n{bad}\n");
            assert!(parse(&text, "t.toml").is_err(), "{bad}");
        }
    }

    #[test]
    fn alert_rules_become_settings() {
        let a = app(
            "[alerts]\ndesktop = true\n[[alerts.rules]]\nkind = \"move\"\nthreshold_pct = 2.5\nwindow = \"10m\"\nsymbols = [\"nvda\"]\n[[alerts.rules]]\nkind = \"keyword\"\nphrase = \"DeepSeek\"\n",
            None,
        )
        .unwrap();
        assert!(a.alerts.desktop && !a.alerts.bell);
        assert_eq!(
            a.alerts.rules,
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
        let q = app(
            "[[alerts.rules]]\nkind = \"query\"\nquery = \"ai:yes $NVDA\"\n",
            None,
        )
        .unwrap();
        assert_eq!(
            q.alerts.rules,
            [AlertRule::Query(Query::parse("ai:yes $NVDA"))]
        );
        // The default config alerts on moves and AI headlines, also when a
        // file sets other [alerts] keys but no rules.
        assert_eq!(app("", None).unwrap().alerts.rules.len(), 2);
        assert_eq!(
            app("[alerts]\nbell = true\n", None)
                .unwrap()
                .alerts
                .rules
                .len(),
            2
        );
        assert!(
            app("[alerts]\nrules = []\n", None)
                .unwrap()
                .alerts
                .rules
                .is_empty()
        );
    }
}
