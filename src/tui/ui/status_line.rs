//! The status line: source health at a glance, the first failure spelled
//! out with the age of its last good data, and the key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::alert_list::ALERT_MARK;
use super::format;
use crate::core::model::SourceKind;
use crate::core::state::State;
use crate::tui::keymap;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let count = |kind| {
        let all = state.sources.values().filter(|s| s.kind == kind);
        let total = all.clone().count();
        let ok = all.filter(|s| s.ok).count();
        (ok, total)
    };
    let (feeds_ok, feeds) = count(SourceKind::Feed);
    let (quotes_ok, quotes) = count(SourceKind::Quotes);
    let mut spans = vec![
        Span::raw(format!(" feeds {feeds_ok}/{feeds} ok")),
        Span::styled(" · ", theme.dim),
        Span::raw(format!("quotes {quotes_ok}/{quotes} ok")),
    ];
    let failing: Vec<_> = state.failing().collect();
    if let Some((alert, _)) = &state.flash {
        // A fresh alert outranks source health for its few seconds.
        spans = vec![
            Span::styled(
                format!(" {ALERT_MARK} {}", alert.title),
                theme.error.add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("  {}", alert.detail), theme.dim),
        ];
    } else if let Some(first) = failing.first() {
        let last_good = first
            .last_success
            .map(|t| format!(", last ok {} ago", format::age(state.now, t)))
            .unwrap_or_default();
        let more = if failing.len() > 1 {
            format!(" (+{} more)", failing.len() - 1)
        } else {
            String::new()
        };
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::styled(
            format!(
                "✗ {}: {}{last_good}{more}",
                first.name,
                first.error.as_deref().unwrap_or("failed")
            ),
            theme.error,
        ));
    }
    let hints = format!(" {} ", keymap::hints());
    let hints_width = (hints.chars().count() as u16).min(area.width / 2);
    let [health, keys] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(hints_width)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), health);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(hints, theme.dim)).right_aligned()),
        keys,
    );
}
