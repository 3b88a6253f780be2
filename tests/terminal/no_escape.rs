//! No escape to the terminal: hostile feeds go through the real edge
//! (parse, sanitize) and the real crossterm backend into a byte buffer,
//! and the only escape sequences in those bytes are the ones tickwire
//! writes itself (CSI for cursor and colour, and our own OSC strings).

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::model::{Failure, FetchReport, SourceKind};
use tickwire::sources::feeds::{FeedError, parse_feed};
use tickwire::sources::sanitize::is_invisible;
use tickwire::tui::keymap::Keymap;
use tickwire::tui::links::{osc8_overlay, osc52};
use tickwire::tui::notify::notification_bytes;
use tickwire::tui::ui::{Theme, view};

use crate::support::screen::now;
use crate::support::{corpus, fixture};

/// Text that tries every way out: CSI, OSC title and clipboard, DCS,
/// 8-bit C1 introducers, BEL, bidi overrides.
const PAYLOAD: &str = "a\x1b[2Jb\x1b]0;PWNED\x07c\x1b]52;c;cHduZWQ=\x07d\x1bP1$qm\x1b\\e\u{9b}31m\u{9d}0;t\u{9c}f\u{202e}g\u{2066}h\x07";

/// Our hostile bodies, plus the shared corpus's when it is present.
fn hostile_bodies() -> Vec<(String, Vec<u8>)> {
    let escaped = PAYLOAD.replace('&', "&amp;").replace('<', "&lt;");
    let built = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
         <item><title>{escaped}</title><description>{escaped}</description>\
         <link>https://e.x/\x1b\\\x1b]0;x\x07</link><guid>p1</guid></item>\
         <item><title>ok &#27;[31m &#x9b;1m &#x202e; &#7;</title>\
         <link>https://e.x/ok</link><guid>p2</guid></item></channel></rss>"
    );
    let mut out = vec![
        ("built".to_string(), built.into_bytes()),
        ("feed_hostile.xml".to_string(), fixture("feed_hostile.xml")),
    ];
    if let Some(corpus) = corpus() {
        for entry in std::fs::read_dir(corpus.join("feeds/hostile"))
            .unwrap()
            .flatten()
        {
            let bytes = std::fs::read(entry.path()).unwrap();
            out.push((entry.file_name().to_string_lossy().into_owned(), bytes));
        }
    }
    out
}

/// A state fed only through the edge: every headline parsed from a
/// hostile body, every parse error shown as the source's failure.
fn hostile_state() -> State {
    let mut state = State::new(&["NVDA".to_string()], now());
    for (name, bytes) in hostile_bodies() {
        let report = FetchReport::new(SourceKind::Feed, &name, "http://127.0.0.1/h", now());
        let msg = match parse_feed(&bytes, &name, now()) {
            Ok(feed) => Msg::HeadlinesFetched {
                report,
                headlines: feed.headlines,
                skipped: feed.skipped,
            },
            Err(e) => Msg::SourceFailed {
                report,
                failure: Failure::from(&e),
            },
        };
        update(&mut state, msg, now());
    }
    // A parser error that quotes the body is cleaned at the edge too.
    let report = FetchReport::new(SourceKind::Feed, "quoting", "http://127.0.0.1/q", now());
    let failure = Failure::from(&FeedError::Parse(PAYLOAD.to_string()));
    update(&mut state, Msg::SourceFailed { report, failure }, now());
    state
}

/// A writer the test keeps a handle on (the backend owns its writer).
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes the real backend writes for one frame of `state`, and the
/// OSC 8 overlay the runtime writes after it for the selected link.
fn frame_bytes(state: &State, width: u16, height: u16) -> (Vec<u8>, String) {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let sink = Sink::default();
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(sink.clone()), options).unwrap();
    let mut link = None;
    terminal
        .draw(|f| link = view(state, &Theme::colour(), &Keymap::default(), f).link)
        .unwrap();
    let overlay = link.map_or(String::new(), |(rect, url)| {
        osc8_overlay(rect.x, rect.y, &url, rect.width)
    });
    (sink.0.take(), overlay)
}

/// Every ESC starts a CSI with numeric parameters (what crossterm writes
/// for cursor moves and colours); no OSC, DCS, C1, BEL or bidi control.
fn assert_only_our_csi(bytes: &[u8], what: &str) {
    let text = String::from_utf8(bytes.to_vec()).expect("valid UTF-8");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(
                chars.next(),
                Some('['),
                "{what}: a non-CSI escape in {text:?}"
            );
            loop {
                match chars.next() {
                    Some('0'..='9' | ';' | '?' | ':') => {}
                    Some('@'..='~') => break,
                    other => panic!("{what}: odd CSI byte {other:?} in {text:?}"),
                }
            }
            continue;
        }
        assert!(
            !c.is_control() || c == '\n' || c == '\r',
            "{what}: control {c:?} reached the terminal"
        );
        assert!(
            !is_invisible(c),
            "{what}: invisible {c:?} reached the terminal"
        );
    }
    assert!(
        !text.contains("PWNED"),
        "{what}: the title payload survived"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal_as_control() {
    let state = hostile_state();
    assert!(
        state.rev > 0,
        "the hostile feeds reached the state (else this proves nothing)"
    );
    let screens: [(&str, &[Action]); 4] = [
        ("list", &[]),
        ("detail", &[Action::SelectFirst, Action::Activate]),
        ("sources", &[Action::ToggleSources]),
        ("help", &[Action::ToggleHelp]),
    ];
    for (name, actions) in screens {
        let mut state = state.clone();
        for a in actions {
            update(&mut state, Msg::Action(*a), now());
        }
        for (w, h) in [(80, 24), (200, 60)] {
            let (frame, overlay) = frame_bytes(&state, w, h);
            assert_only_our_csi(&frame, &format!("{name} {w}x{h}"));
            assert_sealed_osc8(&overlay);
        }
    }
}

/// An OSC string of ours: introducer, clean payload, our terminator.
fn assert_sealed_osc(seq: &str, terminator: &str) {
    let body = seq
        .strip_prefix("\x1b]")
        .and_then(|s| s.strip_suffix(terminator))
        .unwrap_or_else(|| panic!("not one OSC string: {seq:?}"));
    assert!(
        !body.chars().any(|c| c.is_control() || is_invisible(c)),
        "payload leaks a control: {body:?}"
    );
}

/// Our OSC 8 overlay: one cursor move, two OSC 8 strings with their
/// ST terminators (five ESCs), and nothing else that is a control.
fn assert_sealed_osc8(overlay: &str) {
    if overlay.is_empty() {
        return;
    }
    assert_eq!(overlay.matches('\x1b').count(), 5, "{overlay:?}");
    assert!(
        !overlay
            .chars()
            .any(|c| (c.is_control() && c != '\x1b') || is_invisible(c)),
        "{overlay:?}"
    );
}

#[test]
fn notifications_and_clipboard_carry_no_escape() {
    let both = notification_bytes(PAYLOAD, PAYLOAD, false, true);
    let (nine, rest) = both.split_at(both.find('\x07').unwrap() + 1);
    assert_sealed_osc(nine, "\x07");
    assert_sealed_osc(rest, "\x07");
    assert_sealed_osc(&osc52(PAYLOAD), "\x07");
}

#[test]
fn a_link_that_would_break_out_of_osc8_is_refused() {
    for url in [
        "https://e.x/\x1b\\\x1b]0;PWNED\x07",
        "https://e.x/a\x07b",
        "https://e.x/\u{9c}b",
        "https://e.x/\u{202e}b",
    ] {
        assert_eq!(osc8_overlay(0, 0, url, 40), "", "{url:?}");
    }
    let good = osc8_overlay(2, 3, "https://e.x/ok", 40);
    assert!(good.starts_with("\x1b[4;3H\x1b]8;;https://e.x/ok\x1b\\"));
}
