//! The headline list: age, AI marker with highlighted terms, title,
//! linked tickers with their move since the headline, source. Read
//! headlines are dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Theme;
use super::format::{self, Clock};
use crate::core::app::State;
use crate::core::app::{Focus, window_start};
use crate::core::news::Item;

/// The AI marker; the non-colour cue for "about AI".
pub const AI_MARK: &str = "◆";

/// Marks newer headlines waiting above the rows shown.
pub const NEW_MARK: &str = "▲";

fn title_line(state: &State, theme: &Theme, jump: &str) -> Line<'static> {
    let v = &state.view;
    let count = if v.is_filtered() {
        format!("{}/{} ", v.visible.len(), state.items().len())
    } else {
        format!("{} ", state.items().len())
    };
    let mut spans = vec![
        Span::styled(" Headlines ", theme.header),
        Span::styled(count, theme.dim),
    ];
    if v.ai_only {
        spans.push(Span::styled(format!("· {AI_MARK} AI only "), theme.ai));
    }
    if !v.filter_text.is_empty() {
        spans.push(Span::styled(format!("· /{} ", v.filter_text), theme.ticker));
    }
    match state.new_above() {
        0 => {}
        n => spans.push(Span::styled(
            format!("· {NEW_MARK} {n} new ({jump} shows) "),
            theme.header,
        )),
    }
    Line::from(spans)
}

/// Draw the list; returns the index of the first row shown. `jump` is
/// the key that goes back to the newest.
pub fn render(
    state: &State,
    theme: &Theme,
    clock: &Clock,
    jump: &str,
    frame: &mut Frame,
    area: Rect,
) -> usize {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(title_line(state, theme, jump));
    if state.view.visible.is_empty() {
        let why = if state.items().is_empty() {
            "  waiting for feeds…"
        } else {
            "  nothing matches the filter (Esc clears it)"
        };
        frame.render_widget(
            List::new([ListItem::new(Span::styled(why, theme.dim))]).block(block),
            area,
        );
        return 0;
    }
    // Build only the rows that fit: the list may hold thousands.
    let width = area.width as usize;
    let height = area.height.saturating_sub(1).max(1) as usize;
    let v = &state.view;
    let selected = v.selected;
    // Where the user left the view; the frame may be shorter than the
    // page the core knows of.
    let offset = window_start(v.scroll, selected, height, v.visible.len());
    let items: Vec<ListItem> = state
        .visible_from(offset)
        .take(height)
        .map(|item| ListItem::new(row(item, state, theme, clock, width)))
        .collect();
    let highlight = if state.view.focus == Focus::Headlines {
        theme.selected
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let list = List::new(items).block(block).highlight_style(highlight);
    let mut list_state = ListState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(list, area, &mut list_state);
    offset
}

/// One headline row. The title yields space: tickers with their moves
/// always show, the source only when there is room.
fn row<'a>(item: &'a Item, state: &State, theme: &Theme, clock: &Clock, width: usize) -> Line<'a> {
    let h = &item.headline;
    let read = state.view.read.contains(&h.id);
    let mut spans = vec![Span::styled(
        format!("{:>4} ", clock.age(h.effective_time())),
        theme.dim,
    )];
    if item.relevance.ai {
        spans.push(Span::styled(format!("{AI_MARK} "), theme.ai));
    } else {
        spans.push(Span::raw("  "));
    }
    // Each ticker with the move since the headline, where the intraday
    // series reaches back that far.
    let moves = state.moves(item);
    let mut tail = Vec::new();
    for t in &item.tickers {
        tail.push(Span::raw(" "));
        tail.push(Span::styled(t.clone(), theme.ticker));
        if let Some(m) = moves.iter().find(|m| &m.symbol == t) {
            tail.push(Span::styled(
                format::pct(m.since_pct),
                theme.for_change(m.since_pct),
            ));
        }
    }
    let used: usize = spans.iter().chain(&tail).map(|s| s.width()).sum();
    let source = format!("  {}", h.source);
    let title_room = width.saturating_sub(used);
    if h.title.width() + source.width() <= title_room {
        tail.push(Span::styled(source, theme.dim));
    }
    let shown = fitting_len(&h.title, title_room);
    let base = if read { theme.dim } else { Style::new() };
    spans.extend(highlighted_title(
        &h.title,
        shown,
        &item.relevance.spans,
        base,
        theme,
    ));
    spans.extend(tail);
    Line::from(spans)
}

/// Byte length of the longest prefix of `s` that fits in `room` columns,
/// keeping one column for "…" when it has to be cut.
fn fitting_len(s: &str, room: usize) -> usize {
    if s.width() <= room {
        return s.len();
    }
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.width().unwrap_or(0);
        if used + 1 > room {
            return i;
        }
    }
    s.len()
}

/// The first `shown` bytes of the title, with matched AI terms in the
/// accent style and "…" when the title was cut.
fn highlighted_title<'a>(
    title: &'a str,
    shown: usize,
    spans: &[(usize, usize)],
    base: Style,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for &(start, end) in spans {
        // A span that does not fit is skipped, never sliced by.
        let (Some(before), Some(term)) = (title.get(pos..start), title.get(start..end)) else {
            continue;
        };
        if start < pos || end > shown {
            continue;
        }
        if start > pos {
            out.push(Span::styled(before, base));
        }
        out.push(Span::styled(term, theme.ai.patch(base)));
        pos = end;
    }
    if pos < shown {
        out.push(Span::styled(&title[pos..shown], base));
    }
    if shown < title.len() {
        out.push(Span::styled("…", theme.dim));
    }
    out
}
