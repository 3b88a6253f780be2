//! The footer: a status line (the filter being typed, a fresh alert, the
//! selected quote when the board has focus, or source health) above the
//! key hints for the current mode.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::alert_list::ALERT_MARK;
use super::format;
use crate::core::model::SourceKind;
use crate::core::persist::Role;
use crate::core::state::State;
use crate::core::view::{BoardSort, Mode};

use crate::tui::keymap::Keymap;

pub fn render(state: &State, theme: &Theme, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(status_line(state, theme)), status);
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

fn status_line(state: &State, theme: &Theme) -> Line<'static> {
    if state.view.mode == Mode::Filter {
        let mut spans = vec![
            Span::styled(" /", theme.header),
            Span::raw(state.view.filter_text.clone()),
            Span::styled("█", theme.dim),
        ];
        for p in &state.view.query.problems {
            spans.push(Span::styled(format!("  {p}"), theme.error));
        }
        return Line::from(spans);
    }
    if let (Mode::Goto, Some(r)) = (state.view.mode, &state.replay) {
        return super::replay_line::prompt(r, theme);
    }
    if let Some((alert, _)) = &state.flash {
        // A fresh alert outranks source health for its few seconds.
        return Line::from(vec![
            Span::styled(
                format!(" {ALERT_MARK} {}", alert.title),
                theme.error.add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  {}", alert.detail), theme.dim),
        ]);
    }
    super::quote_status::line(state, theme).unwrap_or_else(|| match &state.replay {
        Some(r) => super::replay_line::line(r, state.now, theme),
        None => health(state, theme),
    })
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

/// " feeds 13/14 ok · quotes 16/16 ok · live 1/1 · ✗ WSJ: HTTP 403, last ok 5m ago (+1 more)"
fn health(state: &State, theme: &Theme) -> Line<'static> {
    let count = |kind| {
        let all = state.sources.values().filter(|s| s.kind == kind);
        let total = all.clone().count();
        (all.filter(|s| s.ok).count(), total)
    };
    let (feeds_ok, feeds) = count(SourceKind::Feed);
    let (quotes_ok, quotes) = count(SourceKind::Quotes);
    let mut spans = role(state.role, theme);
    spans.extend([
        Span::raw(format!(" feeds {feeds_ok}/{feeds} ok")),
        Span::styled(" · ", theme.dim),
        Span::raw(format!("quotes {quotes_ok}/{quotes} ok")),
    ]);
    let (live_ok, live) = count(SourceKind::Stream);
    if live > 0 {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::raw(format!("live {live_ok}/{live}")));
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
            .map(|t| format!(", last ok {} ago", format::age(state.now, t)))
            .unwrap_or_default();
        let retry = first
            .next_poll
            .map(|t| {
                format!(
                    ", retry in {}",
                    format::secs((t - state.now).num_seconds().max(0))
                )
            })
            .unwrap_or_default();
        let more = match failing.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            format!(
                "✗ {}: {}{last_good}{retry}{more}",
                first.name,
                first.error.as_deref().unwrap_or("failed")
            ),
            theme.error,
        ));
    }
    Line::from(spans)
}
