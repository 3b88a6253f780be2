//! The headline list: age, AI marker with highlighted terms, title,
//! linked tickers with their day move, source.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};

use super::Theme;
use super::format;
use crate::core::state::{Item, State};

/// The AI marker; the non-colour cue for "about AI".
pub const AI_MARK: &str = "◆";

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = Line::from(vec![
        Span::styled(" Headlines ", theme.header),
        Span::styled(format!("{} ", state.items.len()), theme.dim),
    ]);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(title);
    if state.items.is_empty() {
        let waiting = List::new([ListItem::new(Span::styled(
            "  waiting for feeds…",
            theme.dim,
        ))])
        .block(block);
        frame.render_widget(waiting, area);
        return;
    }
    let items: Vec<ListItem> = state
        .items
        .iter()
        .map(|item| ListItem::new(row(item, state, theme)))
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected);
    let mut list_state = ListState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(list, area, &mut list_state);
}

fn row<'a>(item: &'a Item, state: &State, theme: &Theme) -> Line<'a> {
    let h = &item.headline;
    let mut spans = vec![Span::styled(
        format!("{:>4} ", format::age(state.now, h.effective_time())),
        theme.dim,
    )];
    if item.relevance.ai {
        spans.push(Span::styled(format!("{AI_MARK} "), theme.ai));
    } else {
        spans.push(Span::raw("  "));
    }
    spans.extend(highlighted_title(&h.title, &item.relevance.spans, theme));
    for t in &item.tickers {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(t.clone(), theme.ticker));
        let day = state
            .quotes
            .iter()
            .find(|s| &s.symbol == t)
            .and_then(|s| s.quote.as_ref());
        if let Some(q) = day {
            spans.push(Span::styled(
                format::pct(q.change_pct),
                theme.for_change(q.change),
            ));
        }
    }
    spans.push(Span::styled(format!("  {}", h.source), theme.dim));
    Line::from(spans)
}

/// Split the title so the matched AI terms carry the accent style.
fn highlighted_title<'a>(title: &'a str, spans: &[(usize, usize)], theme: &Theme) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &(start, end) in spans {
        if start < pos || end > title.len() {
            continue;
        }
        if start > pos {
            out.push(Span::raw(&title[pos..start]));
        }
        out.push(Span::styled(&title[start..end], theme.ai));
        pos = end;
    }
    if pos < title.len() {
        out.push(Span::raw(&title[pos..]));
    }
    out
}
