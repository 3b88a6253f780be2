//! The one loop: keys, poller messages, a 1 s tick and signals in; a frame
//! out only when the state's revision changed, at most ~30 per second.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use chrono::Utc;
use crossterm::event::{Event, EventStream};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

use super::keymap;
use super::notify::notification_bytes;
use super::ui::{Theme, view};
use crate::config::Config;
use crate::core::msg::{Effect, Msg};
use crate::core::state::State;
use crate::core::update::update;
use crate::sources::http::HttpClient;
use crate::sources::poller::{self, PollPlan};

const FRAME_BUDGET: Duration = Duration::from_millis(33);

/// Run the monitor until the user quits or a signal arrives. The terminal
/// is restored on every exit path, panics included (ratatui's hook).
pub async fn run(config: Config) -> Result<()> {
    let client = HttpClient::new(config.http_settings())?;
    let mut terminal = ratatui::init();
    let result = run_loop(&mut terminal, &config, client).await;
    ratatui::restore();
    result
}

async fn run_loop(
    terminal: &mut DefaultTerminal,
    config: &Config,
    client: HttpClient,
) -> Result<()> {
    let (tx, mut rx) = mpsc::channel::<Msg>(256);
    let _pollers = poller::spawn(
        PollPlan {
            feeds: config.feed_specs(),
            symbols: config.symbols(),
            yahoo_base_urls: config.yahoo_base_urls(),
            quote_every: config.refresh.quotes.0,
        },
        client,
        tx,
    );
    let theme = Theme::from_env();
    let mut state = State::new(&config.symbols(), Utc::now())
        .with_judge(config.judge())
        .with_alerts(config.alert_settings());
    let mut keys = EventStream::new();
    let mut tick = interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;

    let mut drawn_rev: Option<u64> = None;
    let mut last_frame = Instant::now() - FRAME_BUDGET;
    loop {
        let dirty = drawn_rev != Some(state.rev);
        if dirty && last_frame.elapsed() >= FRAME_BUDGET {
            draw(terminal, &state, &theme)?;
            drawn_rev = Some(state.rev);
            last_frame = Instant::now();
            continue;
        }
        let frame_due = async {
            if dirty {
                sleep_until(last_frame + FRAME_BUDGET).await
            } else {
                std::future::pending().await
            }
        };
        let mut effects = Vec::new();
        tokio::select! {
            Some(msg) = rx.recv() => {
                effects.extend(update(&mut state, msg, Utc::now()));
                // Drain whatever else is queued before the next frame.
                while let Ok(msg) = rx.try_recv() {
                    effects.extend(update(&mut state, msg, Utc::now()));
                }
            }
            event = keys.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    if let Some(action) = keymap::action_for(key) {
                        effects.extend(update(&mut state, Msg::Action(action), Utc::now()));
                    }
                }
                Some(Ok(Event::Resize(..))) => drawn_rev = None,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            _ = tick.tick() => effects.extend(update(&mut state, Msg::Tick, Utc::now())),
            _ = frame_due => {}
            _ = sigterm.recv() => return Ok(()),
            _ = sighup.recv() => return Ok(()),
            _ = sigint.recv() => return Ok(()),
        }
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Notify {
                    title,
                    body,
                    bell,
                    desktop,
                } => {
                    let out = terminal.backend_mut();
                    out.write_all(notification_bytes(&title, &body, bell, desktop).as_bytes())?;
                    out.flush()?;
                }
            }
        }
    }
}

/// One frame inside a synchronized update, so a slow ssh link never shows
/// a half-drawn screen.
fn draw(terminal: &mut DefaultTerminal, state: &State, theme: &Theme) -> Result<()> {
    crossterm::execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| view(state, theme, frame))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()?;
    Ok(())
}
