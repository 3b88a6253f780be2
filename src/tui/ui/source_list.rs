//! The source list (`S`): every feed and quote source with its health, so
//! a user can see exactly what is failing, since when, and when it is
//! tried again.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::Theme;
use super::budget_lines;
use super::format;
use crate::core::model::{SourceHealth, SourceKind};
use crate::core::state::State;

fn status(h: &SourceHealth) -> String {
    match (h.ok, h.not_modified) {
        // A stream's "items" are the symbols it is subscribed to.
        (true, _) if h.kind == SourceKind::Stream => "connected".into(),
        (true, true) => "304".into(),

        (true, false) => {
            let status = h
                .http_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "ok".into());
            match h.skipped {
                0 => status,
                n => format!("{status} · {n} unreadable"),
            }
        }
        (false, _) => format!("✗ {}", h.error.as_deref().unwrap_or("failed")),
    }
}

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let failing = state.failing().count();
    let title = Line::from(vec![
        Span::styled(" Sources ", theme.header),
        Span::styled(
            format!("{} · {failing} failing ", state.sources.len()),
            theme.dim,
        ),
    ]);
    let header = Row::new(["Source", "Status", "Items", "Last ok", "Next"]).style(theme.header);
    // Failing sources first: they are what the user opened this for.
    let mut sources: Vec<&SourceHealth> = state.sources.values().collect();
    sources.sort_by_key(|h| (h.ok, h.kind == SourceKind::Quotes, h.name.to_lowercase()));
    let rows = sources.into_iter().map(|h| {
        let ago = |t| match format::age(state.now, t) {
            now if now == "now" => now,
            age => format!("{age} ago"),
        };

        let next = h
            .next_poll
            .map(|t| format!("in {}", format::secs((t - state.now).num_seconds().max(0))))
            .unwrap_or_default();
        Row::new(vec![
            Cell::from(h.name.clone()),
            Cell::from(status(h)).style(if h.ok { theme.dim } else { theme.error }),
            Cell::from(Line::from(h.items.to_string()).right_aligned()),
            Cell::from(h.last_success.map(ago).unwrap_or_else(|| "never".into())).style(theme.dim),
            Cell::from(next).style(theme.dim),
        ])
    });
    let widths = [
        Constraint::Percentage(30),
        Constraint::Min(12),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The quote providers' budgets first: how much is spent, what is left.
    let budgets = budget_lines::lines(state, theme);
    let [top, rest] =
        Layout::vertical([Constraint::Length(budgets.len() as u16), Constraint::Min(0)])
            .areas(inner);
    frame.render_widget(Paragraph::new(budgets), top);
    frame.render_widget(Table::new(rows, widths).header(header), rest);
}
