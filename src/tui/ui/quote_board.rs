//! The quote board: a table when wide, a dense grid of cells when narrow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::Theme;
use super::format;
use crate::core::model::MarketState;
use crate::core::state::{QuoteSlot, State};

pub const TABLE_WIDTH: u16 = 46;
/// Narrow cell: "NVDA    118.42  -24.20 ▼-16.97%".
const CELL_WIDTH: u16 = 33;

const CELL_GAP: &str = " │ ";

fn grid_cols(width: u16) -> usize {
    let gap = CELL_GAP.chars().count() as u16;
    ((width + gap) / (CELL_WIDTH + gap)).max(1) as usize
}

pub fn grid_rows(symbols: usize, width: u16) -> u16 {
    symbols.div_ceil(grid_cols(width)) as u16
}

fn state_marker(state: MarketState) -> &'static str {
    match state {
        MarketState::Pre => "pre",
        MarketState::Post => "post",
        MarketState::Regular => "",
        MarketState::Closed => "cls",
    }
}

/// Shown where a price would be: waiting, or failing with no price yet.
fn placeholder(slot: &QuoteSlot) -> &'static str {
    if slot.error.is_some() {
        "✗ failed"
    } else {
        "…"
    }
}

fn placeholder_style(slot: &QuoteSlot, theme: &Theme) -> ratatui::style::Style {
    if slot.error.is_some() {
        theme.error
    } else {
        theme.dim
    }
}

pub fn render_table(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let header = Row::new([
        Cell::from("Symbol"),
        Cell::from(Line::from("Price").right_aligned()),
        Cell::from(Line::from("Chg").right_aligned()),
        Cell::from(Line::from("Chg%").right_aligned()),
        Cell::from(""),
    ])
    .style(theme.header);
    let rows = state.quotes.iter().map(|slot| match &slot.quote {
        Some(q) => {
            let style = theme.for_change(q.change);
            Row::new(vec![
                Cell::from(q.symbol.clone()),
                Cell::from(Line::from(format::price(q.price)).right_aligned()),
                Cell::from(Line::from(format::change(q.change)).right_aligned()).style(style),
                Cell::from(Line::from(format::pct(q.change_pct)).right_aligned()).style(style),
                Cell::from(state_marker(q.market_state)).style(theme.dim),
            ])
        }
        None => Row::new(vec![
            Cell::from(slot.symbol.clone()),
            Cell::from(Line::from(placeholder(slot)).right_aligned())
                .style(placeholder_style(slot, theme)),
        ]),
    });
    let widths = [
        Constraint::Length(8),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(4),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(Block::new().borders(Borders::RIGHT).border_style(theme.dim));
    frame.render_widget(table, area);
}

fn cell_spans<'a>(slot: &'a QuoteSlot, theme: &Theme) -> Vec<Span<'a>> {
    let sym = Span::styled(format!("{:<7}", slot.symbol), theme.header);
    match &slot.quote {
        Some(q) => {
            let style = theme.for_change(q.change);
            vec![
                sym,
                Span::raw(format!("{:>9}", format::price(q.price))),
                Span::styled(format!("{:>8}", format::change(q.change)), style),
                Span::styled(format!("{:>9}", format::pct(q.change_pct)), style),
            ]
        }
        None => vec![
            sym,
            Span::styled(
                format!("{:>9}", placeholder(slot)),
                placeholder_style(slot, theme),
            ),
        ],
    }
}

pub fn render_grid(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let cols = grid_cols(area.width);
    let lines: Vec<Line> = state
        .quotes
        .chunks(cols)
        .map(|chunk| {
            let mut spans = Vec::new();
            for (i, slot) in chunk.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(CELL_GAP, theme.dim));
                }
                spans.extend(cell_spans(slot, theme));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
