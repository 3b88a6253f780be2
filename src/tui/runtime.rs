//! The one loop: keys, poller messages, a 1 s tick and signals in; a frame
//! out only when the state's revision changed, or on the tick while the
//! last frame showed seconds — at most ~30 per second.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use chrono::Utc;
use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event, EventStream};
use crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode,
};

use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

use super::keymap::Keymap;
use super::links;
use super::notify::notification_bytes;
use super::supply::Supply;
use super::ui::{FrameInfo, Theme, view};
use crate::config::LinkMode;
use crate::core::app::Focus;
use crate::core::app::State;
use crate::core::app::{Action, Effect, Msg};
use crate::event::Recorder;
use crate::log;
use crate::sources::http::HttpClient;
use crate::sources::sanitize::is_contained;
use crate::wiring::App;
use crate::wiring::playback::Playback;

const FRAME_BUDGET: Duration = Duration::from_millis(33);

/// Everything the loop needs besides the state.
struct Shell {
    theme: Theme,
    keymap: Keymap,
    links: LinkMode,
    ssh: bool,
    mouse: bool,
    frame: FrameInfo,
}

/// What the monitor shows.
pub enum Source {
    /// Its sources, polled live; every message also appended to a
    /// recording when there is a recorder.
    Live(Option<Recorder>),
    /// A recording, made ready by `playback::prepare`.
    Replay(Box<Playback>),
    /// A desk's collector, followed on the bus: nothing polled here.
    Bus(Box<crate::bus::Settings>, Option<Recorder>),
}

/// Run the monitor until the user quits or a signal arrives. The terminal
/// is restored on every exit path, panics included (ratatui's hook).
pub async fn run(app: App, source: Source) -> Result<()> {
    let client = HttpClient::new(app.http_settings())?;
    // The standard hook (behind main's panic filter) prints the message; ratatui's (installed by
    // `init`) is replaced by ours, which restores without printing: on a
    // terminal that is gone, a print would panic inside the hook and abort.
    let printer = std::panic::take_hook();
    let mut terminal = ratatui::init();
    super::hangup::watch();
    drop(std::panic::take_hook());
    let mouse = app.config.ui.mouse;
    std::panic::set_hook(Box::new(move |info| {
        // A parser's panic on hostile bytes is contained: the screen stays.
        if !is_contained() {
            restore_terminal(mouse);
            tracing::error!("panic: {info}");
        }
        printer(info);
    }));
    if mouse {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    let result = run_loop(&mut terminal, app, client, source).await;
    restore_terminal(mouse);
    if terminal.show_cursor().is_err() {
        // The terminal is gone: dropping this value would retry and
        // eprintln! the failure, which panics with stderr gone too.
        std::mem::forget(terminal);
    }
    result
}

/// Undo everything tickwire did to the terminal: mouse reporting, raw
/// mode, the alternate screen, the hidden cursor. Safe to repeat, and
/// silent: each step is tried even when the terminal is gone.
fn restore_terminal(mouse: bool) {
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = disable_raw_mode();
    let _ = crossterm::execute!(std::io::stdout(), LeaveAlternateScreen, Show);
}

/// Debug builds only, for the PTY test of the panic path: with
/// `TICKWIRE_TEST_PANIC` set, the first drawn frame ends in a panic.
#[cfg(debug_assertions)]
fn panic_for_tests() {
    if std::env::var_os("TICKWIRE_TEST_PANIC").is_some() {
        panic!("TICKWIRE_TEST_PANIC: a panic on purpose");
    }
}

async fn run_loop(
    terminal: &mut DefaultTerminal,
    app: App,
    client: HttpClient,
    source: Source,
) -> Result<()> {
    let (mut state, (mut supply, mut rx)) = match source {
        Source::Live(recorder) => {
            let mut state = app.initial_state(Utc::now());
            let supply = Supply::start(&app, client, &mut state, recorder);
            (state, supply)
        }
        Source::Replay(playback) => {
            let Playback { state, replayer } = *playback;
            let supply = Supply::replay(&state, replayer, client);
            (state, supply)
        }
        Source::Bus(settings, recorder) => {
            let mut state = app.initial_state(Utc::now());
            let supply = Supply::bus(&app, *settings, client, &mut state, recorder);
            (state, supply)
        }
    };
    let ui = &app.config.ui;
    let mut shell = Shell {
        theme: Theme::select(ui.theme, Theme::no_color_env()),
        links: ui.links,
        ssh: links::over_ssh(),
        mouse: ui.mouse,
        frame: FrameInfo::default(),
        keymap: Keymap::from_config(&app.config)?,
    };

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
            draw(terminal, &state, &mut shell)?;
            if shell.frame.list_rows != state.view.page_rows {
                supply.apply(
                    &mut state,
                    Msg::ListResized {
                        rows: shell.frame.list_rows,
                    },
                );
            }
            drawn_rev = Some(state.rev);
            last_frame = Instant::now();
            #[cfg(debug_assertions)]
            panic_for_tests();
            continue;
        }
        let frame_due = async {
            if dirty {
                sleep_until(last_frame + FRAME_BUDGET).await
            } else {
                std::future::pending().await
            }
        };
        let replay_due = supply.replay_due(&state);
        let replay_due = async {
            match replay_due {
                Some(at) => sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let mut effects = Vec::new();
        tokio::select! {
            Some(msg) = rx.recv() => {
                effects.extend(supply.feed(&mut state, msg));
                // Drain whatever else is queued before the next frame.
                while let Ok(msg) = rx.try_recv() {
                    effects.extend(supply.feed(&mut state, msg));
                }
            }
            // The replay's next recorded message is due: a tick plays it.
            _ = replay_due => effects.extend(supply.apply(&mut state, Msg::Tick)),
            event = keys.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    if let Some(action) = shell.keymap.action_for(state.view.mode, key) {
                        effects.extend(supply.apply(&mut state, Msg::Action(action)));
                    }
                }
                Some(Ok(Event::Mouse(m))) => {
                    let action = match shell.keymap.mouse_action(state.view.mode, m.kind) {
                        Some(Action::Click) => clicked_row(&shell.frame, m.column, m.row).map(Action::SelectRow),
                        other => other,
                    };
                    if let Some(action) = action {
                        effects.extend(supply.apply(&mut state, Msg::Action(action)));
                    }
                }
                Some(Ok(Event::Resize(..))) => drawn_rev = None,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(out) = supply.from_store() => {
                if let Some(msg) = supply.take(&app, out) {
                    effects.extend(supply.feed(&mut state, msg));
                }
            }
            _ = tick.tick() => {
                effects.extend(supply.apply(&mut state, Msg::Tick));
                // Seconds on screen move each second; nothing else does.
                if shell.frame.ticking {
                    drawn_rev = None;
                }
            }
            _ = frame_due => {}
            _ = sigterm.recv() => return Ok(()),
            _ = sighup.recv() => return Ok(()),
            _ = sigint.recv() => return Ok(()),
        }
        // The quote task serves the symbol selected on a focused board first.
        let board = state.view.focus == Focus::Board;
        supply.select(state.selected_symbol().filter(|_| board));
        for effect in effects {
            match carry_out(terminal, &shell, &mut supply, effect)? {
                Next::Go => {}
                Next::Repaint => drawn_rev = None,
                Next::Quit => return Ok(()),
            }
        }
    }
}

/// What the loop does after an effect.
enum Next {
    Go,
    /// The screen was handed away: draw it whole again.
    Repaint,
    Quit,
}

/// Do what the core asked.
fn carry_out(
    terminal: &mut DefaultTerminal,
    shell: &Shell,
    supply: &mut Supply,
    effect: Effect,
) -> Result<Next> {
    match effect {
        Effect::Quit => return Ok(Next::Quit),
        Effect::Suspend => {
            suspend(terminal, shell.mouse)?;
            return Ok(Next::Repaint);
        }
        _ => {}
    }
    let out = terminal.backend_mut();
    match effect {
        Effect::Quit | Effect::Suspend => {}
        Effect::Persist(record) => supply.persist(record),
        Effect::ReplayClock(setting) => supply.set_clock(setting),
        Effect::Notify {
            title,
            body,
            bell,
            desktop,
        } => out.write_all(notification_bytes(&title, &body, bell, desktop).as_bytes())?,
        Effect::OpenUrl(url) if links::copy_instead(shell.links, shell.ssh) => {
            out.write_all(links::osc52(&url).as_bytes())?
        }
        Effect::OpenUrl(url) => {
            if let Err(e) = links::open(&url) {
                tracing::warn!(%url, error = %e, "could not open link");
            }
        }
        Effect::Copy(text) => out.write_all(links::osc52(&text).as_bytes())?,
        Effect::Refresh => supply.refresh_now(),
        Effect::Log(change) => log::health(&change),
    }
    out.flush()?;
    Ok(Next::Go)
}

/// The visible headline under a click, if any (the list's first row is its title).
fn clicked_row(frame: &FrameInfo, col: u16, row: u16) -> Option<usize> {
    let area = frame.list_area;
    let inside =
        col >= area.x && col < area.x + area.width && row > area.y && row < area.y + area.height;
    inside.then(|| frame.list_offset + (row - area.y - 1) as usize)
}

/// Ctrl-Z: hand the terminal back, stop until `fg`, then take it again.
fn suspend(terminal: &mut DefaultTerminal, mouse: bool) -> Result<()> {
    if mouse {
        crossterm::execute!(std::io::stdout(), DisableMouseCapture)?;
    }
    ratatui::restore();
    // SAFETY: raise() only delivers SIGTSTP to this process; the default
    // action stops it until SIGCONT, then raise() returns.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        Hide,
        Clear(ClearType::All)
    )?;
    if mouse {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    }
    // Forget the last frame so the next draw repaints everything. (Not
    // `Terminal::clear`: it asks the terminal for the cursor position,
    // and the key reader would swallow the answer.)
    terminal.swap_buffers();
    Ok(())
}

/// One frame inside a synchronized update, so a slow ssh link never shows
/// a half-drawn screen; then the selected link becomes an OSC 8 hyperlink.
fn draw(terminal: &mut DefaultTerminal, state: &State, shell: &mut Shell) -> Result<()> {
    crossterm::execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    let mut info = FrameInfo::default();
    terminal.draw(|frame| info = view(state, &shell.theme, &shell.keymap, frame))?;
    if let Some((rect, url)) = &info.link {
        let overlay = links::osc8_overlay(rect.x, rect.y, url, rect.width);
        terminal.backend_mut().write_all(overlay.as_bytes())?;
    }
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()?;
    shell.frame = info;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn clicks_map_to_visible_headlines() {
        let frame = FrameInfo {
            list_area: Rect::new(0, 10, 80, 6),
            list_offset: 20,
            ..FrameInfo::default()
        };
        assert_eq!(clicked_row(&frame, 5, 10), None, "the list's title row");
        assert_eq!(clicked_row(&frame, 5, 11), Some(20));
        assert_eq!(clicked_row(&frame, 79, 15), Some(24));
        assert_eq!(clicked_row(&frame, 5, 16), None, "below the list");
        assert_eq!(clicked_row(&frame, 80, 12), None, "right of the list");
    }
}
