//! The detail pane for the selected headline: source and time, the link,
//! the full title, why it is (not) AI, tickers with their moves, summary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::format::{self, Clock};
use super::headline_list::AI_MARK;
use crate::core::app::State;
use crate::core::signal::Relevance;

/// "score 2.0 by source · title: GPT · source: OpenAI (AI lab), links MSFT":
/// which parts decided, then what each part brought.
fn evidence_text(rel: &Relevance) -> String {
    let mut parts = vec![format!("score {:.1}", rel.score)];
    let by: Vec<&str> = rel.decided_by().iter().map(|p| p.as_str()).collect();
    if !by.is_empty() {
        parts[0] += &format!(" by {}", by.join(" + "));
    }
    let evidence = rel.evidence();
    parts.extend(
        evidence
            .iter()
            .map(|e| format!("{}: {}", e.part.as_str(), e.reasons.join(", "))),
    );
    if evidence.is_empty() {
        String::new()
    } else {
        parts.join(" · ")
    }
}

/// Draw the pane; returns where the link text landed, for OSC 8.
pub fn render(
    state: &State,
    theme: &Theme,
    clock: &Clock,
    frame: &mut Frame,
    area: Rect,
) -> Option<(Rect, String)> {
    let item = state.selected_item()?;
    let h = &item.headline;
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(Span::styled(" Details ", theme.header));
    let inner = block.inner(area);
    let when = match h.published {
        Some(p) => format!("{} · {}", clock.stamp(p), clock.ago(p)),
        None => format!("first seen {}", clock.ago(h.first_seen)),
    };
    let why = evidence_text(&item.relevance);
    let ai = if item.relevance.ai {
        Line::from(vec![
            Span::styled(format!("{AI_MARK} AI "), theme.ai),
            Span::styled(why, theme.dim),
        ])
    } else if why.is_empty() {
        Line::from(Span::styled("not AI", theme.dim))
    } else {
        Line::from(Span::styled(format!("not AI: {why}"), theme.dim))
    };
    let moves = state.moves(item);
    let mut tickers = vec![Span::styled("Tickers ", theme.dim)];
    if item.tickers.is_empty() {
        tickers.push(Span::styled("none linked", theme.dim));
    }
    for t in &item.tickers {
        tickers.push(Span::styled(t.clone(), theme.ticker));
        match moves.iter().find(|m| &m.symbol == t) {
            Some(m) => tickers.push(Span::styled(
                format!(" {} since  ", format::pct(m.since_pct)),
                theme.for_change(m.since_pct),
            )),
            None => tickers.push(Span::raw("  ")),
        }
    }
    let link = h.link.clone();
    let link_line = match &link {
        Some(url) => Line::from(Span::styled(url.clone(), theme.ticker)),
        None => Line::from(Span::styled("no link", theme.dim)),
    };
    let also = match item.sources.len() {
        0 | 1 => String::new(),
        _ => format!(" (also {})", item.sources[1..].join(", ")),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(h.source.clone(), theme.header),
            Span::styled(format!("{also} · {when}"), theme.dim),
        ]),
        link_line,
        Line::from(Span::styled(h.title.clone(), theme.header)),
        ai,
        Line::from(tickers),
        Line::from(h.summary.clone()),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
    // The link starts the second line; the shell makes that row clickable.
    let url = link?;
    (inner.height >= 2).then(|| {
        let row = Rect::new(
            inner.x,
            inner.y + 1,
            (url.width() as u16).min(inner.width),
            1,
        );
        (row, url)
    })
}
