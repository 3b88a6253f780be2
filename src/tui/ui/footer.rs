//! The footer: a status line (the filter being typed, a fresh alert, the
//! selected quote when the board has focus, or source health) above the
//! key hints for the current mode. Whatever the status line shows, a
//! failing source stays in sight: a compact marker at its right end.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::alert_list::ALERT_MARK;
use super::format::Clock;
use super::quote_board::FAIL_MARK;
use crate::core::app::BusStatus;
use crate::core::app::Mode;
use crate::core::app::Role;
use crate::core::app::State;
use crate::core::model::{SourceKind, Timestamp};
use crate::core::quotes::BoardSort;

use crate::tui::keymap::Keymap;

pub fn render(
    state: &State,
    theme: &Theme,
    clock: &Clock,
    keymap: &Keymap,
    frame: &mut Frame,
    area: Rect,
) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    match status_line(state, theme, clock) {
        Status::Health(line) => frame.render_widget(Paragraph::new(line), status),
        Status::Other(line) => {
            let marker = failing_marker(state, theme);
            let [left, right] = Layout::horizontal([
                Constraint::Min(0),
                Constraint::Length(marker.width() as u16),
            ])
            .areas(status);
            frame.render_widget(Paragraph::new(line), left);
            frame.render_widget(Paragraph::new(marker), right);
        }
    }
    let mut hint = match &state.replay {
        Some(r) if state.view.mode == Mode::Normal => {
            format!(" {}", keymap.replay_hints(r.next_bookmark(state.now)))
        }
        _ => format!(" {}", keymap.hints(state.view.mode)),
    };
    if state.view.board_sort != BoardSort::Watchlist {
        hint.push_str(&format!("  · board by {}", state.view.board_sort.label()));
    }
    let hint_line = Line::from(Span::styled(hint, theme.dim));
    frame.render_widget(Paragraph::new(hint_line), hints);
}

enum Status {
    /// The health line itself.
    Health(Line<'static>),
    /// Something in its place: health gets a marker beside it.
    Other(Line<'static>),
}

fn status_line(state: &State, theme: &Theme, clock: &Clock) -> Status {
    if state.view.mode == Mode::Filter {
        let mut spans = vec![
            Span::styled(" /", theme.header),
            Span::raw(state.view.filter_text.clone()),
            Span::styled("█", theme.dim),
        ];
        for p in &state.view.query.problems {
            spans.push(Span::styled(format!("  {p}"), theme.error));
        }
        return Status::Other(Line::from(spans));
    }
    if let (Mode::Goto, Some(r)) = (state.view.mode, &state.replay) {
        return Status::Other(super::replay_line::prompt(r, theme));
    }
    if let Some((alert, _)) = &state.flash {
        // A fresh alert takes the line for its few seconds.
        return Status::Other(Line::from(vec![
            Span::styled(
                format!(" {ALERT_MARK} {}", alert.title),
                theme.error.add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  {}", alert.detail), theme.dim),
        ]));
    }
    match (
        super::quote_status::line(state, theme, clock),
        &state.replay,
    ) {
        (Some(line), _) => Status::Other(line),
        (None, Some(r)) => Status::Other(super::replay_line::line(r, state.now, theme)),
        (None, None) => Status::Health(health(state, theme, clock)),
    }
}

/// With a store: whether this screen polls or follows the one that does.
fn role(role: Role, theme: &Theme) -> Vec<Span<'static>> {
    let word = match role {
        Role::Alone => return Vec::new(),
        Role::Leader => "polling",
        Role::Follower => "following",
    };
    vec![Span::raw(format!(" {word}")), Span::styled(" ·", theme.dim)]
}

/// " bus: connected ·", " bus: disconnected 12s ·", or the collector gone.
fn bus_spans(bus: &BusStatus, now: Timestamp, theme: &Theme, clock: &Clock) -> Vec<Span<'static>> {
    let (text, style) = match (bus.down_since, bus.no_collector_since(now)) {
        (Some(since), _) => (
            format!(
                " bus: disconnected {}",
                clock.secs((now - since).num_seconds())
            ),
            theme.error,
        ),
        (None, Some(since)) => (
            format!(
                " bus: connected, no collector for {}",
                clock.secs((now - since).num_seconds())
            ),
            theme.error,
        ),
        (None, None) => (" bus: connected".to_string(), Style::new()),
    };
    vec![Span::styled(text, style), Span::styled(" ·", theme.dim)]
}

/// " ✗ 2 failing" at the right end when the health line is not shown.
fn failing_marker(state: &State, theme: &Theme) -> Line<'static> {
    match state.failing().count() {
        0 => Line::default(),
        n => Line::from(Span::styled(
            format!(" {FAIL_MARK} {n} failing "),
            theme.error,
        )),
    }
}

/// " feeds 13/14 ok (1 pending) · quotes 16/16 ok · live 1/1 · ✗ WSJ: HTTP 403,
/// last ok 5m ago, retry in 44s (+1 more)": counted over every configured source.
fn health(state: &State, theme: &Theme, clock: &Clock) -> Line<'static> {
    let count = |kind, label: &str, ok_word: &str| {
        let c = state.source_counts(kind);
        let pending = match c.pending {
            0 => String::new(),
            n => format!(" ({n} pending)"),
        };
        format!("{label} {}/{}{ok_word}{pending}", c.ok, c.total())
    };
    // A bus screen never polls: the bus's word replaces the store's role.
    let mut spans = match &state.bus {
        Some(bus) => bus_spans(bus, state.now, theme, clock),
        None => role(state.role, theme),
    };
    spans.extend([
        Span::raw(format!(" {}", count(SourceKind::Feed, "feeds", " ok"))),
        Span::styled(" · ", theme.dim),
        Span::raw(count(SourceKind::Quotes, "quotes", " ok")),
    ]);
    if state.source_counts(SourceKind::Stream).total() > 0 {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::raw(count(SourceKind::Stream, "live", "")));
    }

    let failing: Vec<_> = state.failing().collect();
    if state.nothing_answered() {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            "✗ nothing answered: offline? try tickwire --demo",
            theme.error,
        ));
    } else if let Some(first) = failing.first() {
        let last_good = first
            .last_success
            .map(|t| format!(", last ok {}", clock.ago(t)))
            .unwrap_or_default();
        // An overdue retry is under way: no countdown stuck at 0s.
        let retry = first
            .next_poll
            .filter(|t| *t > state.now)
            .map(|t| format!(", retry in {}", clock.until(t)))
            .unwrap_or_default();
        let more = match failing.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            format!(
                "{FAIL_MARK} {}: {}{last_good}{retry}{more}",
                first.name,
                first.error.as_deref().unwrap_or("failed")
            ),
            theme.error,
        ));
    }
    Line::from(spans)
}
