//! `tickwire collect --bus URL`: the desk's one poller. It runs the same
//! pollers as the monitor, headless, while it holds the desk's lease, and
//! publishes every message they deliver as an event. Without the lease it
//! waits, ready to take over. What the pollers learn (validators, moves)
//! goes to the desk's bucket, so the next holder sends conditional
//! requests and keeps the schedule (`memory`).

use chrono::Utc;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::{MissedTickBehavior, interval};

use super::follow::Incoming;
use super::lease::Lease;
use super::publish::Publisher;
use super::{Settings, connect, follow, memory};
use crate::core::app::State;
use crate::core::app::update;
use crate::core::app::{Effect, Msg};
use crate::core::model::Timestamp;
use crate::event::{Event, EventKind};
use crate::log;
use crate::sources::http::HttpClient;
use crate::sources::http::MemoryChange;
use crate::sources::poller::{self, Pollers};
use crate::store::{PollSeed, holder_name};
use crate::wiring::App;

/// Run until SIGTERM/SIGINT/SIGHUP; the lease is released on the way out.
pub async fn run(app: &App, settings: &Settings) -> anyhow::Result<()> {
    let client = connect(settings, "collector", true, None).await?;
    let mut publisher = Publisher::open(client.clone(), settings).await?;
    let holder = holder_name("collect");
    let lease = Lease::new(publisher.kv.clone(), holder.clone(), settings.lease);
    let http = HttpClient::new(app.http_settings())?;
    let (tx, mut rx) = mpsc::channel(256);
    let (learned_tx, mut learned) = mpsc::unbounded_channel::<MemoryChange>();
    let mut pollers: Option<Pollers> = None;
    // The monitor's own state, kept only to log each source's health once
    // per change, the same way the monitor does.
    let mut state = app.initial_state(Utc::now());
    let mut renew = interval(lease.renew_every());
    renew.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sighup = signal(SignalKind::hangup())?;
    eprintln!(
        "tickwire: collecting for desk {} on {} as {holder}",
        settings.names.bucket(),
        super::redact(&settings.url)
    );
    loop {
        tokio::select! {
            _ = renew.tick() => {
                let holds = match lease.hold(Utc::now()).await {
                    Ok(holds) => holds,
                    Err(e) => {
                        tracing::warn!(error = %e, "bus lease not renewed");
                        // Keep polling while the lease may still hold; the
                        // dedupe window covers a takeover's overlap.
                        pollers.is_some()
                    }
                };
                if holds && pollers.is_none() {
                    remember_published(&client, settings, &mut publisher).await;
                    tracing::info!("bus lease taken: polling");
                    eprintln!("tickwire: lease taken, polling");
                    let seed = memory::load(&publisher.kv).await.unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "bus: no feed memory, fetching in full");
                        PollSeed::default()
                    });
                    let learned_tx = learned_tx.clone();
                    let sink = Box::new(move |change| {
                        let _ = learned_tx.send(change);
                    });
                    let plan = app.poll_plan_to(&seed, Some(sink));
                    pollers = Some(poller::spawn(plan, http.clone(), tx.clone()));
                } else if !holds && pollers.is_some() {
                    tracing::info!("bus lease lost: waiting");
                    eprintln!("tickwire: lease lost, waiting");
                    pollers = None;
                }
            }
            Some(msg) = rx.recv() => {
                let now = Utc::now();
                let event = Event::from_msg(&msg, now);
                log_health(&mut state, msg, now);
                if let Some(event) = event.map(|e| counted(&state, e))
                    && let Err(e) = publisher.publish(&event).await
                {
                    tracing::warn!(error = %e, "bus publish failed");
                }
            }
            Some(change) = learned.recv() => {
                // A late word from polls before the lease was lost must not
                // overwrite what the new holder learned.
                if pollers.is_some() {
                    memory::save(&publisher.kv, &change).await;
                }
            }
            _ = sigterm.recv() => break,
            _ = sigint.recv() => break,
            _ = sighup.recv() => break,
        }
    }
    // What the last polls learned, before the next holder may start.
    if pollers.take().is_some() {
        while let Ok(change) = learned.try_recv() {
            memory::save(&publisher.kv, &change).await;
        }
    }
    lease.release().await;
    let _ = client.flush().await;
    Ok(())
}

/// A source's health change to the log and to stderr (a collector has no
/// screen: this is where an operator reads why a source fails).
fn log_health(state: &mut State, msg: Msg, now: Timestamp) {
    for effect in update(state, msg, now) {
        if let Effect::Log(change) = effect {
            log::health(&change);
            eprintln!("tickwire: {change}");
        }
    }
}

/// A feed's poll with the item count the state holds for the feed, so a
/// screen that starts after a 304 still shows how many items it has.
fn counted(state: &State, mut event: Event) -> Event {
    if let EventKind::Headlines { report, items, .. } = &mut event.kind {
        let key = (report.kind, report.name.clone());
        *items = state.sources.get(&key).map(|h| h.items);
    }
    event
}

/// The headlines the stream holds, so a collector that takes over (or
/// restarts) publishes only what is new.
async fn remember_published(
    client: &async_nats::Client,
    settings: &Settings,
    publisher: &mut Publisher,
) {
    let everything = Settings {
        replay: settings.max_age,
        ..settings.clone()
    };
    match follow::start(client, &everything, Utc::now()).await {
        Ok(f) => {
            for incoming in f.board {
                if let Incoming::Event(event) = incoming
                    && let EventKind::Headlines { headlines, .. } = event.kind
                {
                    for h in headlines {
                        publisher.remember(h.id);
                    }
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not read what the stream holds"),
    }
}
