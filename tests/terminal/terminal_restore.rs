//! Whatever ends the monitor — SIGTERM, SIGHUP (the ssh link or the
//! terminal window gone), SIGINT — the terminal is handed back as it was:
//! cooked mode, main screen, cursor visible, mouse reporting off.

use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use vt100::MouseProtocolMode;

use crate::support::pty::Pty;
use crate::support::{DEAD_BASE, edit_config, write_config};

/// A config of dead sources, with mouse reporting on.
fn mouse_config(dir: &std::path::Path) -> std::path::PathBuf {
    let config = write_config(
        dir,
        &[("Dead Wire", format!("{DEAD_BASE}/feed.xml"))],
        &["NVDA"],
        &[DEAD_BASE.to_string()],
    );
    edit_config(&config, |text| text + "[ui]\nmouse = true\n");
    config
}

/// The monitor with mouse reporting on, drawn and waiting.
fn running(dir: &std::path::Path) -> Pty {
    let config = mouse_config(dir);
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

/// A panic hands the terminal back first; only then does its message
/// reach the screen (stderr) and the log.
#[test]
fn a_panic_hands_the_terminal_back_then_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let config = mouse_config(dir.path());
    let env = [("TICKWIRE_TEST_PANIC", "1")];
    let mut pty = Pty::tickwire(&config, dir.path(), &env, (24, 100));
    let status = pty.finish();
    pty.drain();
    assert!(!status.success(), "a panic is a failure exit");
    assert!(
        String::from_utf8_lossy(&pty.raw).contains("NVDA"),
        "a frame was drawn first"
    );
    assert_restored(&pty, "panic");
    let raw = String::from_utf8_lossy(&pty.raw);
    let message = raw
        .find("a panic on purpose")
        .expect("the message on stderr");
    let left_alt = raw.rfind("\x1b[?1049l").expect("the main screen restored");
    assert!(left_alt < message, "the message came after the restore");
    let log = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap();
    assert!(
        log.contains("panic") && log.contains("a panic on purpose"),
        "{log}"
    );
}

/// The terminal goes away under the monitor (the window closed without a
/// hangup reaching it): it notices and exits by itself, without a panic
/// or an abort from printing to a terminal that is gone.
#[test]
fn a_closed_terminal_ends_the_monitor() {
    use std::os::fd::AsRawFd;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let config = mouse_config(dir.path());
    let size = nix::pty::Winsize {
        ws_row: 24,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // Close-on-exec from the start: no child (ours or a parallel test's)
    // may hold the master open.
    use nix::fcntl::OFlag;
    let master =
        nix::pty::posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC).unwrap();
    nix::pty::grantpt(&master).unwrap();
    nix::pty::unlockpt(&master).unwrap();
    let slave_path = nix::pty::ptsname_r(&master).unwrap();
    let slave_file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&slave_path)
        .unwrap();
    // SAFETY: TIOCSWINSZ on the slave we just opened, with a valid winsize.
    unsafe { libc::ioctl(slave_file.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    let slave = || Stdio::from(slave_file.try_clone().unwrap());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tickwire"))
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(dir.path())
        .env("TERM", "xterm-256color")
        .env("HOME", dir.path())
        .stdin(slave())
        .stdout(slave())
        .stderr(slave())
        .spawn()
        .unwrap();
    drop(slave_file);
    // Read until the first frame is drawn, then close the master.
    let mut seen = Vec::new();
    let deadline = Instant::now() + crate::support::pty::PATIENCE;
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("NVDA") {
        assert!(Instant::now() < deadline, "no first frame");
        let n = nix::unistd::read(master.as_raw_fd(), &mut buf).unwrap();
        seen.extend_from_slice(&buf[..n]);
    }
    drop(master);
    let closed = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if closed.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("still running on a closed terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let log = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "an exit of its own, no panic or abort: {status:?}\n{log}"
    );
    assert!(!log.contains("panic"), "{log}");
}
