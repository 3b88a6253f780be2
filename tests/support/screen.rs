//! States built from messages of our own, and drawn by the real view on a
//! test backend: the screens' builders and renderers.

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::model::{FetchReport, Headline, Quote, SourceKind};
use tickwire::tui::keymap::Keymap;
use tickwire::tui::ui::{FrameInfo, Theme, view};

/// 20:30 UTC on Monday 27 January 2025, 15:30 in New York: the session is
/// on, the DeepSeek selloff under way.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 27, 20, 30, 0).unwrap()
}

/// A fetch of `name` from `http://127.0.0.1/{name}` at `now()`, answered
/// `status` (`None`: no answer) in 40 ms.
pub fn report(kind: SourceKind, name: &str, status: Option<u16>) -> FetchReport {
    FetchReport {
        kind,
        name: name.into(),
        url: format!("http://127.0.0.1/{name}"),
        http_status: status,
        elapsed_ms: 40,
        at: now(),
        not_modified: false,
        next_poll: None,
    }
}

/// The same fetch answered 200 at once (0 ms).
pub fn quick_report(kind: SourceKind, name: &str) -> FetchReport {
    FetchReport {
        elapsed_ms: 0,
        ..report(kind, name, Some(200))
    }
}

/// A headline `id` from `source`, published `minutes_ago` before `now()`
/// and first seen then, linked under news.example.
pub fn headline(id: &str, source: &str, minutes_ago: i64, title: &str) -> Headline {
    headline_at(now(), id, source, minutes_ago, title)
}

/// The same, first seen at `at` and published `minutes_ago` before it.
pub fn headline_at(
    at: DateTime<Utc>,
    id: &str,
    source: &str,
    minutes_ago: i64,
    title: &str,
) -> Headline {
    Headline {
        id: id.into(),
        title: title.into(),
        link: Some(format!("https://news.example/{id}")),
        source: source.into(),
        published: Some(at - Duration::minutes(minutes_ago)),
        first_seen: at,
        summary: String::new(),
    }
}

/// A Yahoo quote of `symbol` in the regular session: `price` on a
/// previous close of `prev_close`, as of `as_of`, with the bars `series`.
pub fn quote_at(
    symbol: &str,
    price: f64,
    prev_close: f64,
    as_of: DateTime<Utc>,
    series: Vec<(i64, f64)>,
) -> Quote {
    Quote::regular(symbol, price, Some(prev_close), as_of, series)
}

/// A quote as of `now()` with a one-minute series from the 14:30 UTC open,
/// drifting in a straight line from the previous close to `price`.
pub fn quote(symbol: &str, price: f64, prev_close: f64) -> Quote {
    let open = Utc
        .with_ymd_and_hms(2025, 1, 27, 14, 30, 0)
        .unwrap()
        .timestamp();
    let bars = (now().timestamp() - open) / 60;
    let points = (0..bars)
        .map(|i| {
            (
                open + i * 60,
                prev_close + (price - prev_close) * (i + 1) as f64 / bars as f64,
            )
        })
        .collect();
    quote_at(symbol, price, prev_close, now(), points)
}

/// `actions` in turn, at `now()`.
pub fn act(state: &mut State, actions: &[Action]) {
    for a in actions {
        update(state, Msg::Action(*a), now());
    }
}

/// `state` drawn by the real view on a `width`×`height` test terminal in
/// `theme`, and what the frame reported.
pub fn draw_in(theme: &Theme, state: &State, width: u16, height: u16) -> (TestBackend, FrameInfo) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut info = FrameInfo::default();
    terminal
        .draw(|f| info = view(state, theme, &Keymap::default(), f))
        .unwrap();
    (terminal.backend().clone(), info)
}

/// `draw_in` in colour.
pub fn draw(state: &State, width: u16, height: u16) -> (TestBackend, FrameInfo) {
    draw_in(&Theme::colour(), state, width, height)
}

/// The screen's text, a quoted line a row (`TestBackend`'s Display).
pub fn text(state: &State, width: u16, height: u16) -> String {
    draw(state, width, height).0.to_string()
}

/// The screen's cells with their styles (`TestBackend`'s Debug).
pub fn cells(state: &State, width: u16, height: u16) -> String {
    format!("{:?}", draw(state, width, height).0)
}

/// Each row's symbols, as plain strings.
pub fn rows(backend: &TestBackend) -> Vec<String> {
    let buffer = backend.buffer();
    buffer
        .content
        .chunks(buffer.area.width as usize)
        .map(|row| row.iter().map(|c| c.symbol()).collect())
        .collect()
}
