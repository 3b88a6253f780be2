//! The `?` overlay: every binding, read from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Theme, centered};
use crate::tui::keymap::Keymap;

/// `replay`: list the replay's keys instead of the monitor's.
pub fn render(theme: &Theme, keymap: &Keymap, replay: bool, frame: &mut Frame, area: Rect) {
    let rows = if replay {
        keymap.replay_help_rows()
    } else {
        keymap.help_rows()
    };
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}  "), theme.ticker),
                Span::raw(what),
            ])
        })
        .collect();
    let footnote = if replay {
        " t takes 2025-01-27 14:30 (UTC), 09:30 et, +2h; rest as live"
    } else {
        " filter: words \"phrase\" ai:yes $NVDA source:wsj age:<2h -word"
    };
    lines.push(Line::from(Span::styled(footnote, theme.dim)));
    let width = 64.min(area.width.saturating_sub(2));
    let box_area = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, box_area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.dim)
        .title(Span::styled(" Keys ", theme.header));
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
