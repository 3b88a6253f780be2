//! Whatever ends the monitor — SIGTERM, SIGHUP (the ssh link or the
//! terminal window gone), SIGINT — the terminal is handed back as it was:
//! cooked mode, main screen, cursor visible, mouse reporting off.

mod common;

use common::pty::Pty;
use common::{DEAD_BASE, write_config};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use vt100::MouseProtocolMode;

/// The monitor with mouse reporting on, drawn and waiting.
fn running(dir: &std::path::Path) -> Pty {
    let config = write_config(
        dir,
        &[("Dead Wire", format!("{DEAD_BASE}/feed.xml"))],
        &["NVDA"],
        &[DEAD_BASE.to_string()],
    );
    let text = std::fs::read_to_string(&config).unwrap() + "[ui]\nmouse = true\n";
    std::fs::write(&config, text).unwrap();
    let mut pty = Pty::tickwire(&config, dir, &[], (24, 100));
    pty.wait_until("the first frame", |s| s.contains("NVDA"));
    let screen = pty.parser.screen();
    assert!(screen.alternate_screen() && screen.hide_cursor());
    assert_ne!(screen.mouse_protocol_mode(), MouseProtocolMode::None);
    pty
}

fn assert_restored(pty: &Pty, why: &str) {
    let screen = pty.parser.screen();
    assert!(
        !screen.alternate_screen(),
        "{why}: still on the alternate screen"
    );
    assert!(!screen.hide_cursor(), "{why}: cursor left hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        MouseProtocolMode::None,
        "{why}: mouse reporting left on"
    );
    assert!(!screen.bracketed_paste(), "{why}: bracketed paste left on");
    let fd = pty.master.as_raw_fd().expect("a master fd");
    // SAFETY: the fd is the live master of this test's pty.
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    let flags = nix::sys::termios::tcgetattr(borrowed).unwrap().local_flags;
    assert!(
        flags.contains(LocalFlags::ECHO | LocalFlags::ICANON),
        "{why}: left raw"
    );
}

#[test]
fn every_ending_signal_hands_the_terminal_back() {
    for signal in [Signal::SIGTERM, Signal::SIGHUP, Signal::SIGINT] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = running(dir.path());
        kill(Pid::from_raw(pty.pid()), signal).unwrap();
        pty.finish();
        pty.drain();
        assert_restored(&pty, signal.as_str());
    }
}
