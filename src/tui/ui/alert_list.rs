//! The alert list: every alert that fired, newest first; the ones the
//! rate limit kept quiet are marked so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::format::Clock;
use crate::core::app::State;

/// The alert marker; the non-colour cue for "alert".
pub const ALERT_MARK: &str = "⚑";

pub fn render(state: &State, theme: &Theme, clock: &Clock, frame: &mut Frame, area: Rect) {
    let fired = &state.alerts.fired;
    let title = Line::from(vec![
        Span::styled(" Alerts ", theme.header),
        Span::styled(format!("{} ", fired.len()), theme.dim),
    ]);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(title);
    let lines: Vec<Line> = if fired.is_empty() {
        vec![Line::from(Span::styled("  no alerts yet", theme.dim))]
    } else {
        fired
            .iter()
            .take(area.height as usize)
            .map(|a| {
                let quiet = if a.delivered {
                    ""
                } else {
                    "  (quiet: rate limit)"
                };
                Line::from(vec![
                    Span::styled(format!("{:>4} ", clock.age(a.at)), theme.dim),
                    Span::styled(format!("{ALERT_MARK} "), theme.error),
                    Span::raw(a.title.clone()),
                    Span::styled(format!("  {}{quiet}", a.detail), theme.dim),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
