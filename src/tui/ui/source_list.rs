//! The source list (`S`): every configured source with its health —
//! failing first, then the ones that have not answered yet — so a user
//! can see exactly what is failing, since when, and when it is tried
//! again. It scrolls like the other lists; the selected source's full
//! error and address are in a details line under it. A feed's lag (how
//! late its new items reach us) follows its status.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::budget_lines;
use super::format::{self, Clock};
use super::quote_board::FAIL_MARK;
use crate::core::app::Focus;
use crate::core::app::SourceRow;
use crate::core::app::State;
use crate::core::model::{SourceHealth, SourceKind};

/// Rows of the details under the table.
const DETAIL_ROWS: u16 = 3;
/// The fixed columns: items, last ok, next, and the gaps between all five.
const FIXED: u16 = 6 + 9 + 7 + 4;

/// How late its news comes: `lag 3m`, or `no dates` when its new items
/// carry none usable; nothing before it has news.
fn lag(state: &State, row: &SourceRow) -> Option<String> {
    let lag = state.lag.get(&row.key())?;
    match lag.summary() {
        Some(s) => Some(format!("lag {}", format::secs(s.median_s))),
        None => lag.no_dates().then(|| "no dates".into()),
    }
}

fn status(state: &State, row: &SourceRow) -> String {
    let Some(h) = row.health else {
        return "pending".into();
    };
    if let Some(note) = state.window_note(h) {
        return note;
    }
    let lag = lag(state, row)
        .map(|l| format!(" · {l}"))
        .unwrap_or_default();
    match (h.ok, h.not_modified) {
        // A stream's "items" are the symbols it is subscribed to.
        (true, _) if h.kind == SourceKind::Stream => "connected".into(),
        (true, true) => format!("304{lag}"),

        (true, false) => {
            let status = h
                .http_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "ok".into());
            match h.skipped {
                0 => format!("{status}{lag}"),
                n => format!("{status}{lag} · {n} unreadable"),
            }
        }
        (false, _) => format!("{FAIL_MARK} {}", h.error.as_deref().unwrap_or("failed")),
    }
}

pub fn render(state: &State, theme: &Theme, clock: &Clock, frame: &mut Frame, area: Rect) {
    let rows = state.source_rows();
    let selected = state.selected_source();
    let failing = state.failing().count();
    let pending = state.pending().count();
    let title = Line::from(vec![
        Span::styled(" Sources ", theme.header),
        Span::styled(
            match pending {
                0 => format!("{} · {failing} failing ", rows.len()),
                n => format!("{} · {failing} failing · {n} pending ", rows.len()),
            },
            theme.dim,
        ),
    ]);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The quote providers' budgets first: how much is spent, what is left.
    let budgets = budget_lines::lines(state, theme, clock);
    let [top, table_area, detail_area] = Layout::vertical([
        Constraint::Length(budgets.len() as u16),
        Constraint::Min(2),
        Constraint::Length(DETAIL_ROWS),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(budgets), top);
    // Names as wide as the longest, up to a third of the pane; cut in the
    // middle, where similar names differ least.
    let longest = rows.iter().map(|r| r.name.width()).max().unwrap_or(0) as u16;
    let name_w = longest.clamp(8, (area.width / 3).max(8));
    let status_w = area.width.saturating_sub(name_w + FIXED).max(8);
    let header = Row::new(["Source", "Status", "Items", "Last ok", "Next"]).style(theme.header);
    let table_rows = rows.iter().map(|r| {
        let h = r.health;
        let ok = h.is_none_or(|h| h.ok);
        let next = match h.and_then(|h| h.next_poll) {
            Some(t) if t > state.now => format!("in {}", clock.until(t)),
            Some(_) => "due".into(),
            None => String::new(),
        };
        let last_ok = match h {
            Some(h) => h
                .last_success
                .map(|t| clock.ago(t))
                .unwrap_or_else(|| "never".into()),
            None => String::new(),
        };
        Row::new(vec![
            Cell::from(format::middle(r.name, name_w as usize)),
            Cell::from(format::end(&status(state, r), status_w as usize)).style(if ok {
                theme.dim
            } else {
                theme.error
            }),
            Cell::from(
                Line::from(h.map(|h| h.items.to_string()).unwrap_or_default()).right_aligned(),
            ),
            Cell::from(last_ok).style(theme.dim),
            Cell::from(next).style(theme.dim),
        ])
    });
    let widths = [
        Constraint::Length(name_w),
        Constraint::Length(status_w),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(7),
    ];
    let highlight = if state.view.focus == Focus::Headlines {
        theme.selected
    } else {
        theme.header
    };
    let table = Table::new(table_rows, widths)
        .header(header)
        .row_highlight_style(highlight);
    // A fresh state each frame scrolls just enough to show the selection.
    let mut table_state = TableState::default().with_selected(selected.map(|(pos, _)| pos));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    if let Some((_, row)) = selected {
        let details = Paragraph::new(Line::from(details(state, &row, clock, theme)))
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP).border_style(theme.dim));
        frame.render_widget(details, detail_area);
    }
}

/// The selected source in full: name, what is wrong (whole), status,
/// timing, the last error even after it recovered, and its address.
fn details(state: &State, row: &SourceRow, clock: &Clock, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(
        format!(" {} {}", row.kind.as_str(), row.name),
        theme.header,
    )];
    let Some(h) = row.health else {
        spans.push(Span::styled(" · pending: no answer yet", theme.dim));
        return spans;
    };
    if let Some(error) = &h.error {
        spans.push(Span::styled(format!(" · {FAIL_MARK} {error}"), theme.error));
    }
    spans.push(Span::styled(facts(h, clock), theme.dim));
    if let Some(s) = state.lag.get(&row.key()).and_then(|l| l.summary()) {
        let (median, p90) = (format::secs(s.median_s), format::secs(s.p90_s));
        let lag = format!(" · lag {median}, p90 {p90} over {} new items", s.n);
        spans.push(Span::styled(lag, theme.dim));
    }
    if !h.url.is_empty() {
        spans.push(Span::styled(format!(" · {}", h.url), theme.dim));
    }
    spans
}

fn facts(h: &SourceHealth, clock: &Clock) -> String {
    let mut facts = Vec::new();
    if let Some(s) = h.http_status {
        facts.push(format!("status {s}"));
    }
    facts.push(format!("{} ms", h.elapsed_ms));
    facts.push(format!("tried {}", clock.ago(h.last_attempt)));
    if h.ok
        && let Some(e) = &h.last_error
    {
        facts.push(format!("last error: {e}"));
    }
    format!(" · {}", facts.join(" · "))
}
