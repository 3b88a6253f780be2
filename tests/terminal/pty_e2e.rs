//! The real binary in a pseudo-terminal: it draws quotes and headlines
//! from a local server, `j` moves, `q` (or SIGTERM) leaves a clean terminal.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use portable_pty::CommandBuilder;

use crate::support::pty::Pty;
use crate::support::system::BASH;
use crate::support::{
    Route, TestServer, chart_json, edit_config, rss_channel, rss_item, unix_now, write_config, ws,
};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

struct Session {
    pty: Pty,
    /// The data dir (the log is there).
    dir: tempfile::TempDir,
    _server: TestServer,
}

impl std::ops::Deref for Session {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

impl Session {
    fn start() -> Session {
        Session::start_with(&[])
    }

    /// The monitor run from an interactive bash, for job control; `None`
    /// (the test is skipped) without bash.
    fn start_in_shell() -> Option<Session> {
        BASH.find()?;
        Some(Session::spawn(&[], true))
    }

    fn start_with(env: &[(&str, &str)]) -> Session {
        Session::spawn(env, false)
    }

    fn spawn(env: &[(&str, &str)], in_shell: bool) -> Session {
        Session::spawn_watching(env, in_shell, None)
    }

    /// `coinbase`: a websocket URL to stream BTC-USD from, watched too.
    fn spawn_watching(env: &[(&str, &str)], in_shell: bool, coinbase: Option<&str>) -> Session {
        let server = TestServer::standard();
        let dir = tempfile::tempdir().unwrap();
        let symbols: &[&str] = match coinbase {
            Some(_) => &["NVDA", "AVGO", "BTC-USD"],
            None => &["NVDA", "AVGO"],
        };
        let config = server.config(
            dir.path(),
            &[("Desk Wire", server.url("/desk.xml"))],
            symbols,
        );
        if let Some(url) = coinbase {
            edit_config(&config, |text| {
                text.replace(
                    "[quotes.coinbase]\nenabled = false",
                    &format!("[quotes.coinbase]\nenabled = true\nws_url = {url:?}"),
                )
            });
        }
        Session::launch(server, dir, &config, env, in_shell)
    }

    /// The binary on `config` in a fresh pseudo-terminal, `server` kept
    /// alive as long as the session.
    fn launch(
        server: TestServer,
        dir: tempfile::TempDir,
        config: &Path,
        env: &[(&str, &str)],
        in_shell: bool,
    ) -> Session {
        let bin = env!("CARGO_BIN_EXE_tickwire");
        let mut cmd = if in_shell {
            let mut cmd = CommandBuilder::new("bash");
            cmd.args(["--norc", "--noprofile", "-i"]);
            cmd.env("PS1", "$ ");
            cmd
        } else {
            let mut cmd = CommandBuilder::new(bin);
            cmd.arg("--config");
            cmd.arg(config);
            cmd.arg("--data-dir");
            cmd.arg(dir.path());
            cmd
        };
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for var in ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut pty = Pty::spawn(cmd, (ROWS, COLS));
        if in_shell {
            pty.press(&format!(
                "{bin} --config {} --data-dir {}\n",
                config.display(),
                dir.path().display()
            ));
        }
        Session {
            pty,
            dir,
            _server: server,
        }
    }

    fn assert_terminal_restored(&self) {
        assert!(
            !self.parser.screen().alternate_screen(),
            "left the alternate screen"
        );
        let termios = self.master.get_termios().expect("termios");
        assert!(
            termios.local_flags.contains(LocalFlags::ECHO),
            "echo back on"
        );
        assert!(
            termios.local_flags.contains(LocalFlags::ICANON),
            "canonical mode back on"
        );
    }
}

#[test]
fn draws_live_data_moves_and_quits_cleanly() {
    let mut s = Session::start();
    // The status line is drawn last in a frame: wait for it too.
    s.wait_until("quotes, headlines and health", |screen| {
        screen.contains("Nvidia slides 17%")
            && screen.contains("118.42")
            && screen.contains("199.91")
            && screen.contains("feeds 1/1 ok · quotes 2/2 ok")
    });
    let screen = s.parser.screen().contents();
    assert!(screen.contains("▼-16.97%"), "{screen}");
    assert!(screen.contains("◆"), "AI marker shown:\n{screen}");
    assert!(s.parser.screen().alternate_screen());

    // j moves the selection (reverse video) to the second headline.
    let second_row = |p: &vt100::Parser| {
        let screen = p.screen();
        (0..ROWS)
            .find(|&r| {
                screen
                    .contents_between(r, 0, r, COLS)
                    .contains("Broadcom and TSMC")
            })
            .map(|r| screen.cell(r, 10).unwrap().inverse())
    };
    assert_eq!(second_row(&s.parser), Some(false));
    s.press("j");
    s.wait_for("the selection redrawn", |p| second_row(p) == Some(true));

    s.press("q");
    let status = s.finish();
    assert!(status.success(), "{status:?}");
    assert!(
        s.raw
            .windows(LEAVE_ALT_SCREEN.len())
            .any(|w| w == LEAVE_ALT_SCREEN)
    );
    s.assert_terminal_restored();
}

#[test]
fn a_streamed_price_reaches_the_board_while_its_polls_fail() {
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ws = runtime.block_on(ws::serve(|_, mut socket| async move {
        let _subscription = socket.next().await;
        let tick = r#"{"type":"ticker","product_id":"BTC-USD","price":"101234.5","open_24h":"100000","time":"2025-01-27T14:30:00Z"}"#;
        socket.send(Message::text(tick)).await.unwrap();
        while socket.next().await.is_some() {}
    }));
    let mut s = Session::spawn_watching(&[], false, Some(&ws.url));
    // No chart for BTC-USD on the local "Yahoo": only the stream prices it.
    s.wait_until("the streamed price and the live link", |screen| {
        screen.contains("BTC-USD   101234   +1234  ▲+1.23%") && screen.contains("live 1/1")
    });
    let screen = s.parser.screen().contents();
    assert!(screen.contains("▲+1.23%"), "{screen}");
    assert!(
        screen.contains("quotes 2/3 ok"),
        "the failing poll is still shown:\n{screen}"
    );
    s.press("q");
    assert!(s.finish().success());
    s.assert_terminal_restored();
}

#[test]
fn typing_a_filter_narrows_the_list_live() {
    let mut s = Session::start();
    s.wait_until("headlines and health", |screen| {
        screen.contains("Headlines 5") && screen.contains("quotes 2/2 ok")
    });
    s.press("/");
    s.wait_until("the filter line", |screen| screen.contains("Enter keep"));
    s.press("broad");
    // Live on every keystroke: only the Broadcom headline is left.
    s.wait_until("the filtered list", |screen| {
        screen.contains("Headlines 1/5 · /broad") && !screen.contains("Treasury yields")
    });
    assert!(s.parser.screen().contents().contains("Broadcom and TSMC"));
    s.press("\x1b"); // Esc clears
    s.wait_until("the full list again", |screen| {
        screen.contains("Headlines 5 ") && screen.contains("Treasury yields")
    });
    s.press("a");
    s.wait_until("AI only", |screen| {
        screen.contains("Headlines 3/5 · ◆ AI only")
    });
    s.press("?");
    s.wait_until("the help overlay", |screen| {
        screen.contains("Keys") && screen.contains("filter headlines")
    });
    s.press("?");
    s.wait_until("help closed", |screen| !screen.contains("filter headlines"));
    s.press("q");
    assert!(s.finish().success());
    s.assert_terminal_restored();
}

/// Over ssh, `o` must not start a browser on the server: the link goes to
/// the user's clipboard by OSC 52, like `y`.
#[test]
fn over_ssh_links_are_copied_with_osc52() {
    let mut s = Session::start_with(&[("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")]);
    s.wait_until("headlines", |screen| screen.contains("Nvidia slides 17%"));
    s.press("g");
    // base64 of "https://desk.example/nvda-deepseek"
    let osc52 = b"\x1b]52;c;aHR0cHM6Ly9kZXNrLmV4YW1wbGUvbnZkYS1kZWVwc2Vlaw==\x07";
    for key in ["y", "o"] {
        let before = s.raw.len();
        s.press(key);
        s.wait(&format!("OSC 52 after {key}"), |_, raw| {
            raw[before..].windows(osc52.len()).any(|w| w == osc52)
        });
    }
    s.press("q");
    assert!(s.finish().success());
}

/// Ctrl-Z in a shell with job control: the terminal is handed back to
/// the shell, and `fg` brings the monitor back, redrawn.
#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    let Some(mut s) = Session::start_in_shell() else {
        return;
    };
    s.wait_until("headlines", |screen| screen.contains("Nvidia slides 17%"));
    s.press("\x1a");
    s.wait_for("the shell's job report", |p| {
        !p.screen().alternate_screen() && p.screen().contents().contains("Stopped")
    });
    s.press("fg\n");
    s.wait_for("the monitor back, redrawn", |p| {
        p.screen().alternate_screen()
            && p.screen().contents().contains("Nvidia slides 17%")
            && p.screen().contents().contains("quotes 2/2 ok")
    });
    s.press("q");
    // (Termios is the shell's again here: readline sets its own modes.)
    s.wait_for("the shell prompt again", |p| !p.screen().alternate_screen());

    s.press("exit\n");
    assert!(s.finish().success());
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start();
    s.wait_until("headlines", |screen| screen.contains("Nvidia slides 17%"));
    kill(
        Pid::from_raw(s.child.process_id().unwrap() as i32),
        Signal::SIGTERM,
    )
    .unwrap();

    let status = s.finish();
    assert!(status.success(), "{status:?}");
    s.assert_terminal_restored();
}

/// A feed that gains five items on every poll, all of our own text.
fn growing_feed() -> (axum::Router, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let base = unix_now() - 3600;
    let counter = polls.clone();
    let app = axum::Router::new().route(
        "/wire.xml",
        axum::routing::get(move || {
            let n = 5 * (counter.fetch_add(1, Ordering::SeqCst) + 1);
            let items = (0..n).rev().map(|k| {
                let date = httpdate::fmt_http_date(
                    std::time::UNIX_EPOCH + Duration::from_secs((base + 10 * k as i64) as u64),
                );
                let (title, guid) = (format!("Wire bulletin {k}"), format!("b{k}"));
                rss_item(&[("title", &title), ("guid", &guid), ("pubDate", &date)])
            });
            let body = rss_channel("Wire", None, items);
            async move { ([("content-type", "application/rss+xml")], body) }
        }),
    );
    (app, polls)
}

/// Left alone against a feed that keeps growing, the newest headline is
/// the top row, selected — the list follows the news.
#[test]
fn left_alone_the_list_follows_growing_feeds() {
    let (app, _polls) = growing_feed();
    let server = TestServer::serve(app);
    let dir = tempfile::tempdir().unwrap();
    let config = server.config(dir.path(), &[("Wire", server.url("/wire.xml"))], &[]);
    edit_config(&config, |t| t.replace("feeds = \"5m\"", "feeds = \"1s\""));
    let mut s = Session::launch(server, dir, &config, &[], false);
    // Many more headlines than rows: the first ten would have scrolled away.
    s.wait_for("the newest of 40+ headlines on top, selected", |p| {
        let screen = p.screen();
        let text = screen.contents();
        let Some(count) = text
            .split("Headlines ")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return false;
        };
        let Some(title_row) = (0..ROWS).find(|&r| {
            screen
                .contents_between(r, 0, r, COLS)
                .starts_with(" Headlines ")
        }) else {
            return false;
        };
        let top = screen.contents_between(title_row + 1, 0, title_row + 1, COLS);
        count >= 40
            && top.contains(&format!("Wire bulletin {} ", count - 1))
            && screen.cell(title_row + 1, 10).unwrap().inverse()
    });
    s.press("q");
    assert!(s.finish().success());
}

/// The chart server is not up when the monitor starts; a second later it
/// is. The symbol recovers within seconds (not the 10-minute cadence), and
/// the log has one line for the failure and one for the recovery.
#[test]
fn a_failed_first_poll_is_retried_within_seconds_and_logged_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &[],
        &["NVDA"],
        &[format!("http://127.0.0.1:{port}")],
    );
    edit_config(&config, |t| {
        t.replace("quotes = \"15s\"", "quotes = \"10m\"")
    });
    let mut s = Session::launch(TestServer::start(vec![]), dir, &config, &[], false);
    s.wait_until("the failed first poll", |screen| {
        screen.contains("✗ failed") && screen.contains("quotes 0/1 ok")
    });
    let now = unix_now();
    let _chart = TestServer::start_at(
        port,
        vec![(
            "/v8/finance/chart/NVDA",
            Route::ok(
                "application/json",
                chart_json("NVDA", 120.0, now, (now - 3600, now + 3600)),
            ),
        )],
    );
    s.wait_until("the price, soon", |screen| {
        screen.contains("120.00") && screen.contains("quotes 1/1 ok")
    });
    s.press("q");
    assert!(s.finish().success());
    let log = std::fs::read_to_string(s.dir.path().join("tickwire.log")).unwrap();
    let lines = |what: &str| log.lines().filter(|l| l.contains(what)).count();
    assert_eq!(lines("quotes \"NVDA\" failing: network error"), 1, "{log}");
    assert_eq!(lines("quotes \"NVDA\" recovered"), 1, "{log}");
}

/// Ages in seconds move every second with nothing arriving: the chart is
/// polled once (10-minute cadence) and its data ages on screen.
#[test]
fn seconds_on_screen_tick_without_input() {
    let now = unix_now();
    let server = TestServer::start(vec![(
        "/v8/finance/chart/NVDA",
        Route::ok(
            "application/json",
            chart_json("NVDA", 120.0, now, (now - 3600, now + 3600)),
        ),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let config = server.config(dir.path(), &[], &["NVDA"]);
    edit_config(&config, |t| {
        t.replace("quotes = \"15s\"", "quotes = \"10m\"")
    });
    let mut s = Session::launch(server, dir, &config, &[], false);
    let age = |p: &vt100::Parser| {
        let text = p.screen().contents();
        let row = text.lines().find(|l| l.starts_with("NVDA"))?.to_string();
        let cell = row
            .split('│')
            .next()?
            .split_whitespace()
            .last()?
            .to_string();
        cell.strip_suffix('s')?.parse::<u32>().ok()
    };
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let last = seen.last().copied();
        s.wait_for("the age to move on", |p| {
            age(p).is_some_and(|a| Some(a) != last)
        });
        seen.push(age(&s.parser).unwrap());
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    s.press("q");
    assert!(s.finish().success());
}
