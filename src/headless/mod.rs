//! The headless commands, the same core without a terminal: `snapshot`
//! (here; `bus.rs` from the desk), `classify` and the OPML import/export.

mod classify;
pub mod desk;
mod doc;
mod opml;
mod safe;

pub use classify::classify;
pub use doc::SnapshotDoc;
pub use opml::{OpmlError, OpmlFeed, export_opml, import_file, merge_into_config, parse_opml};
pub use safe::{json_safe, text_safe};

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;

use crate::core::app::Role;
use crate::core::app::State;
use crate::core::app::update;
use crate::core::app::{Effect, Msg};
use crate::core::model::{Failure, FailureClass, FetchReport, SourceKind};
use crate::core::replay;
use crate::log;
use crate::sources::feeds::poll_feed;
use crate::sources::http::FeedMemory;
use crate::sources::http::HttpClient;
use crate::sources::http::{HostGate, host_key};
use crate::sources::quotes::QUOTE_CONCURRENCY;
use crate::store::{self, PollSeed};
use crate::wiring::App;
use crate::wiring::playback::Playback;

/// What is stored (with a data dir), then every feed and symbol polled
/// once, concurrently, conditionally on the stored validators; whatever
/// has not answered by `deadline` is reported as timed out. While another
/// process polls this data dir, the stored state is the answer.
pub async fn snapshot(app: &App, client: &HttpClient, deadline: Duration) -> SnapshotDoc {
    let now = Utc::now();
    let mut state = app.initial_state(now);
    let holder = store::holder_name("snapshot");
    let mut store = app.open_store();
    let mut seed = PollSeed::default();
    let mut writes = Vec::new();
    if let Some(s) = &mut store {
        // Only one process polls a data dir: while another does, the
        // stored state is the answer.
        let leads = s.try_lead(&holder, now).unwrap_or(false);
        if leads && let Err(e) = s.prune(now) {
            tracing::warn!(error = %e, "store pruning failed");
        }
        if let Ok((restored, _)) = s.load(app.config.store.max_headlines) {
            let live = false;
            update(&mut state, Msg::Restored { restored, live }, now);
        }
        if !leads {
            return SnapshotDoc::new(&state, &app.config);
        }
        seed = s.seed().unwrap_or_default();
        // Leading, it writes back what it judged again on restore.
        writes = persisted(update(&mut state, Msg::RoleChanged(Role::Leader), now));
    }
    let learned = Arc::new(Mutex::new(Vec::new()));
    let sink = {
        let learned = learned.clone();
        Box::new(move |c| {
            learned
                .lock()
                .expect("not poisoned")
                .push(store::Write::Memory(c))
        })
    };
    let memory = FeedMemory::restored(&seed.validators, &seed.moves, Some(sink));
    writes.append(&mut poll_all(app, client, deadline, &memory, &mut state).await);
    if let Some(mut s) = store {
        writes.append(&mut learned.lock().expect("not poisoned"));
        // Nothing changed (every feed 304): nothing written.
        if !writes.is_empty()
            && let Err(e) = s.write(&writes)
        {
            tracing::warn!(error = %e, "snapshot not stored");
        }
        let _ = s.release(&holder);
    }
    SnapshotDoc::new(&state, &app.config)
}

/// One poll of everything through `update`; returns what to store.
async fn poll_all(
    app: &App,
    client: &HttpClient,
    deadline: Duration,
    memory: &FeedMemory,
    state: &mut State,
) -> Vec<store::Write> {
    let until = tokio::time::Instant::now() + deadline;
    let feeds = app.feed_specs();
    // The same politeness as the monitor: global and per-host limits.
    let hosts = HostGate::new(client.settings().max_per_host);
    let (hosts, fresh) = (&hosts, memory);
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
    // Within the providers' budgets: past a burst, a poll waits for its token.
    let chain = app.quote_chain().patient();
    let symbols = app.config.symbols();
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
    let mut writes = Vec::new();
    while let Some(msg) = all.next().await {
        writes.append(&mut persisted(update(state, msg, Utc::now())));
    }
    writes
}

/// The writes among `effects`; health changes are logged.
fn persisted(effects: Vec<Effect>) -> Vec<store::Write> {
    let mut writes = Vec::new();
    for effect in effects {
        match effect {
            Effect::Persist(record) => writes.push(store::Write::Save(record)),
            Effect::Log(change) => log::health(&change),
            _ => {}
        }
    }
    writes
}

/// `snapshot --replay/--demo [--at TIME]`: the recording's state at TIME
/// (RFC 3339, or any time the replay's `t` key takes), else at its end.
pub fn replayed(app: &App, playback: Playback, at: Option<&str>) -> anyhow::Result<SnapshotDoc> {
    let Playback {
        mut state,
        mut replayer,
    } = playback;
    let end = state.replay.as_ref().and_then(|r| r.last());
    let at = match at {
        Some(text) => replay::parse_time(text, state.now).map_err(anyhow::Error::msg)?,
        None => end.unwrap_or(state.now),
    };
    replayer.seek(&mut state, at);
    Ok(SnapshotDoc::new(&state, &app.config))
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

/// A plain-text rendering of a snapshot for people, safe on a terminal.
pub fn write_text(doc: &SnapshotDoc, out: &mut impl Write) -> std::io::Result<()> {
    let mut text = Vec::new();
    render_text(doc, &mut text)?;
    out.write_all(text_safe(&String::from_utf8_lossy(&text)).as_bytes())
}

/// The snapshot as pretty JSON, safe on a terminal.
pub fn write_json(doc: &SnapshotDoc, out: &mut impl Write) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(doc)?;
    out.write_all(json_safe(&json).as_bytes())?;
    writeln!(out)
}

fn render_text(doc: &SnapshotDoc, out: &mut impl Write) -> std::io::Result<()> {
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
        writeln!(out, "{mark} {}{tickers}  ({})", h.title, h.source)?;
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
