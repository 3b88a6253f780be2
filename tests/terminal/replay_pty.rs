//! The real binary in a pseudo-terminal: the demo needs no network and
//! its replay keys work at both sizes; `--record` writes what the monitor
//! received, and replaying the file shows it again. `q` leaves a clean
//! terminal.

use nix::sys::termios::LocalFlags;
use portable_pty::CommandBuilder;

use crate::support::TestServer;
use crate::support::pty::Pty;

fn tickwire(dir: &std::path::Path, args: &[&std::ffi::OsStr]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tickwire"));
    cmd.arg("--data-dir");
    cmd.arg(dir);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", dir);
    for var in ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "TICKWIRE_CONFIG"] {
        cmd.env_remove(var);
    }
    cmd
}

fn quit_cleanly(mut pty: Pty) {
    pty.press("q");
    pty.finish();
    assert!(
        !pty.parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    let termios = pty.master.get_termios().expect("termios");
    assert!(
        termios
            .local_flags
            .contains(LocalFlags::ECHO | LocalFlags::ICANON)
    );
}

/// It opens on the Friday before the shock at 3600×, pauses, slows down,
/// jumps to the bookmark, the next headline and a typed time.
#[test]
fn the_demo_plays_the_deepseek_week_and_its_keys_work() {
    for size in [(24, 80), (50, 160)] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Pty::spawn(tickwire(dir.path(), &["--demo".as_ref()]), size);
        s.wait_until("the replay clock", |sc| {
            sc.contains("▶ 3600×") && sc.contains("Jan 2025") && sc.contains("NVDA")
        });
        s.press("p");
        s.wait_until("paused", |sc| sc.contains("‖ paused"));
        s.press("-p");
        s.wait_until("slower", |sc| sc.contains("▶ 1800×"));
        s.press("pb");
        s.wait_until("the bookmark", |sc| {
            sc.contains("‖ paused") && sc.contains("Mon 27 Jan 2025 12:00 UTC")
        });
        s.press("n");
        s.wait_until("the first headline of the day", |sc| {
            sc.contains("12:28 UTC") && sc.contains("Nvidia and tech stocks slide")
        });
        s.press("t2025-01-27 21:30\r");
        s.wait_until("the close, red", |sc| {
            sc.contains("21:30 UTC")
                && sc.contains("US after hours")
                && sc.contains("▼-16.97%")
                && sc.contains("staggering NVDA▼-5.11%")
        });
        quit_cleanly(s);
        assert!(
            !dir.path().join("tickwire.db").exists(),
            "a replay never opens the store"
        );
    }
}

#[test]
fn a_recorded_session_replays_what_was_on_screen() {
    let server = TestServer::standard();
    let dir = tempfile::tempdir().unwrap();
    let config = server.config(
        dir.path(),
        &[("Desk Wire", server.url("/desk.xml"))],
        &["NVDA"],
    );
    let file = dir.path().join("session.jsonl");
    let args = [
        "--config".as_ref(),
        config.as_os_str(),
        "--record".as_ref(),
        file.as_os_str(),
    ];
    let mut s = Pty::spawn(tickwire(dir.path(), &args), (24, 80));
    s.wait_until("quotes, headlines and health", |screen| {
        screen.contains("Nvidia slides 17%")
            && screen.contains("118.42")
            && screen.contains("feeds 1/1 ok · quotes 1/1 ok")
    });
    quit_cleanly(s);
    let out = assert_cmd::Command::cargo_bin("tickwire")
        .unwrap()
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["snapshot", "--replay"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Nvidia slides 17%"), "{text}");
    assert!(text.contains("NVDA         118.42"), "{text}");
}
