//! The headless commands: snapshot and classify. Same core as the TUI.

use std::io::{BufRead, Write};
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;

use crate::config::Config;
use crate::core::judge::Judge;
use crate::core::model::{
    Failure, FailureClass, FetchReport, Headline, SourceHealth, SourceKind, Timestamp,
};
use crate::core::moves::Move;
use crate::core::msg::Msg;
use crate::core::state::State;
use crate::core::update::update;
use crate::sources::feeds::poll_feed;
use crate::sources::hosts::{HostGate, host_key};
use crate::sources::http::HttpClient;
use crate::sources::memory::FeedMemory;
use crate::sources::quotes::chain::QuoteChain;
use crate::sources::sanitize::{MAX_TITLE_CHARS, sanitize_text};

const QUOTE_CONCURRENCY: usize = 4;

#[derive(Debug, Serialize)]
pub struct SnapshotDoc {
    pub generated_at: Timestamp,
    pub headlines: Vec<HeadlineJson>,
    pub quotes: Vec<QuoteJson>,
    pub sources: Vec<SourceHealth>,
    /// Alerts the configured rules fired on this snapshot's data.
    pub alerts: Vec<AlertJson>,
}

/// A headline with the core's judgement, flattened into one object.
#[derive(Debug, Serialize)]
pub struct HeadlineJson {
    #[serde(flatten)]
    pub headline: Headline,
    pub ai: bool,
    pub ai_score: f32,
    pub ai_terms: Vec<String>,
    pub tickers: Vec<String>,
    /// Every feed that carried the story (the same link or title).
    pub sources: Vec<String>,
    /// Per linked ticker with a quote: percent move since the headline.
    pub moves: Vec<Move>,
}

#[derive(Debug, Serialize)]
pub struct AlertJson {
    pub at: Timestamp,
    pub title: String,
    pub detail: String,
    pub symbol: Option<String>,
    pub headline_id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct QuoteJson {
    pub symbol: String,
    pub price: f64,
    /// `null` when the provider gave no previous close worth trusting;
    /// change and change % are `null` with it.
    pub prev_close: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    pub currency: String,
    pub exchange: String,
    pub market_state: &'static str,
    pub as_of: Timestamp,
    pub provider: &'static str,
    pub series_points: usize,
    /// Not refreshed within the staleness threshold.
    pub stale: bool,
    /// Pre- or post-market price, apart from the regular session.
    pub extended: Option<ExtendedJson>,
}

#[derive(Debug, Serialize)]
pub struct ExtendedJson {
    pub session: &'static str,
    pub price: f64,
    pub change: f64,
    pub change_pct: f64,
}

impl SnapshotDoc {
    pub fn any_ok(&self) -> bool {
        self.sources.iter().any(|s| s.ok)
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Poll every feed and symbol once, concurrently; whatever has not
/// answered by `deadline` is reported as timed out.
pub async fn snapshot(config: &Config, client: &HttpClient, deadline: Duration) -> SnapshotDoc {
    let until = tokio::time::Instant::now() + deadline;
    let mut state = State::new(&config.symbols(), Utc::now())
        .with_judge(config.judge())
        .with_alerts(config.alert_settings())
        .with_staleness(config.stale_after_secs(), config.refresh.quotes.0);
    let feeds = config.feed_specs();

    // The same politeness as the monitor: global and per-host limits.
    let hosts = HostGate::new(client.settings().max_per_host);
    let fresh = FeedMemory::default();
    let (hosts, fresh) = (&hosts, &fresh);
    let feed_polls = futures::stream::iter(feeds.iter())
        .map(|(spec, _)| {
            let timed_out = timeout_msg(SourceKind::Feed, &spec.name, &spec.url, deadline);
            let poll = async move {
                let _host = hosts.enter(&host_key(&spec.url)).await;
                poll_feed(client, spec, fresh).await.msg
            };
            async move {
                tokio::time::timeout_at(until, poll)
                    .await
                    .unwrap_or(timed_out)
            }
        })
        .buffer_unordered(client.settings().max_in_flight.max(1));
    let chain = QuoteChain::new(config.providers(std::env::var("FINNHUB_API_KEY").ok()));
    let symbols = config.symbols();
    let quote_polls = futures::stream::iter(symbols.iter())
        .map(|sym| {
            let timed_out = timeout_msg(SourceKind::Quotes, sym, "", deadline);
            let chain = &chain;
            async move {
                tokio::time::timeout_at(until, chain.poll(client, sym))
                    .await
                    .map_or(timed_out, |(msg, _)| msg)
            }
        })
        .buffer_unordered(QUOTE_CONCURRENCY);
    let mut all = futures::stream::select(feed_polls, quote_polls);
    while let Some(msg) = all.next().await {
        update(&mut state, msg, Utc::now());
    }
    to_doc(&state, config)
}

fn timeout_msg(kind: SourceKind, name: &str, url: &str, deadline: Duration) -> Msg {
    Msg::SourceFailed {
        report: FetchReport {
            elapsed_ms: deadline.as_millis() as u64,
            ..FetchReport::new(kind, name, url, Utc::now())
        },
        failure: Failure {
            class: FailureClass::Timeout,
            detail: format!(
                "no answer within the {} snapshot deadline",
                humantime::format_duration(deadline)
            ),
        },
    }
}

/// Serialize the state; sources come in config order (feeds, then symbols).
pub fn to_doc(state: &State, config: &Config) -> SnapshotDoc {
    let headlines = state
        .items
        .iter()
        .map(|i| HeadlineJson {
            headline: i.headline.clone(),
            ai: i.relevance.ai,
            ai_score: i.relevance.score,
            ai_terms: i.relevance.terms.clone(),
            tickers: i.tickers.clone(),
            sources: i.sources.clone(),
            moves: state
                .moves(i)
                .into_iter()
                .map(|m| Move {
                    since_pct: round(m.since_pct, 2),
                    ..m
                })
                .collect(),
        })
        .collect();
    let quotes = state
        .quotes
        .iter()
        .filter_map(|slot| slot.quote.as_ref())
        .map(|q| QuoteJson {
            symbol: q.symbol.clone(),
            price: q.price,
            prev_close: q.prev_close,
            change: q.change().map(|c| round(c, 4)),
            change_pct: q.change_pct().map(|p| round(p, 2)),
            currency: q.currency.clone(),
            exchange: q.exchange.clone(),
            market_state: q.market_state.as_str(),
            as_of: q.as_of,
            provider: q.provider,
            series_points: q.series.points.len(),
            stale: state.quote_age(&q.symbol).is_some_and(|(_, stale)| stale),
            extended: q.extended.map(|e| ExtendedJson {
                session: e.session.as_str(),
                price: e.price,
                change: round(e.change, 4),
                change_pct: round(e.change_pct, 2),
            }),
        })
        .collect();
    let order = config
        .feeds
        .iter()
        .map(|f| (SourceKind::Feed, f.name.clone()))
        .chain(
            config
                .symbols()
                .into_iter()
                .map(|s| (SourceKind::Quotes, s)),
        );
    let sources = order
        .filter_map(|key| state.sources.get(&key).cloned())
        .collect();
    let alerts = state
        .alerts
        .fired
        .iter()
        .map(|a| AlertJson {
            at: a.at,
            title: a.title.clone(),
            detail: a.detail.clone(),
            symbol: a.symbol.clone(),
            headline_id: a.headline_id.clone(),
        })
        .collect();
    SnapshotDoc {
        generated_at: state.now,
        headlines,
        quotes,
        sources,
        alerts,
    }
}

/// A plain-text rendering of a snapshot for people.
pub fn write_text(doc: &SnapshotDoc, out: &mut impl Write) -> std::io::Result<()> {
    for q in &doc.quotes {
        let (change, pct) = match (q.change, q.change_pct) {
            (Some(c), Some(p)) => (format!("{c:+.2}"), format!("{p:+.2}%")),
            _ => ("—".into(), "—".into()),
        };
        writeln!(
            out,
            "{:<8} {:>10.2} {change:>9} {pct:>8}  {}",
            q.symbol, q.price, q.market_state
        )?;
    }
    if !doc.quotes.is_empty() {
        writeln!(out)?;
    }
    for h in &doc.headlines {
        let mark = if h.ai { "AI" } else { "  " };
        let tickers = if h.tickers.is_empty() {
            String::new()
        } else {
            format!("  [{}]", h.tickers.join(" "))
        };
        writeln!(
            out,
            "{mark} {}{tickers}  ({})",
            h.headline.title, h.headline.source
        )?;
    }
    for s in doc.sources.iter().filter(|s| !s.ok) {
        writeln!(
            out,
            "failed: {} {}: {}",
            s.name,
            s.url,
            s.error.as_deref().unwrap_or("error")
        )?;
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct Classified<'a> {
    title: &'a str,
    ai: bool,
    score: f32,
    terms: Vec<String>,
    tickers: Vec<String>,
}

/// One headline per input line, one JSON object (or text line) per output
/// line, in input order.
pub fn classify(
    judge: &Judge,
    input: impl BufRead,
    out: &mut impl Write,
    json: bool,
) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let title = sanitize_text(&line, MAX_TITLE_CHARS);
        let (rel, tickers) = judge.judge(&title);
        if json {
            let rec = Classified {
                title: &title,
                ai: rel.ai,
                score: rel.score,
                terms: rel.terms,
                tickers,
            };
            serde_json::to_writer(&mut *out, &rec)?;
            writeln!(out)?;
        } else {
            let mark = if rel.ai { "AI" } else { "--" };
            writeln!(out, "{mark} [{}] {title}", tickers.join(","))?;
        }
    }
    Ok(())
}
