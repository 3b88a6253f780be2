//! The quote board: a table with sparklines when wide, a dense grid of
//! cells when narrow. A stale quote keeps its price, dimmed and marked `~`;
//! a symbol whose polls fail keeps its last price, its age marked `✗`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::Theme;
use super::format::{self, Clock};
use super::headline_list::NEW_MARK;
use super::sparkline::sparkline;
use crate::core::app::Focus;
use crate::core::app::State;
use crate::core::market::Freshness;
use crate::core::model::MarketState;
use crate::core::quotes::BoardSort;
use crate::core::quotes::QuoteSlot;

pub const TABLE_WIDTH: u16 = 69;

const SPARK_WIDTH: usize = 12;
/// Narrow cell: "NVDA     118.42  -24.20 ▼-16.97%  15s", two to 80 columns.
const CELL_WIDTH: u16 = 38;
const CELL_GAP: &str = " │ ";
/// Marks a quote whose data is older than its session allows.
pub const STALE_MARK: &str = "~";
/// Marks a symbol whose latest poll failed.
pub const FAIL_MARK: &str = "✗";

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

fn placeholder_style(slot: &QuoteSlot, theme: &Theme) -> Style {
    if slot.error.is_some() {
        theme.error
    } else {
        theme.dim
    }
}

fn row_style(state: &State, pos: usize, theme: &Theme) -> Style {
    if state.view.focus == Focus::Board && pos == state.view.board_selected {
        theme.selected
    } else {
        Style::new()
    }
}

fn board_title(state: &State, theme: &Theme) -> Line<'static> {
    let sort = match state.view.board_sort {
        BoardSort::Watchlist => String::new(),
        other => format!("by {} ", other.label()),
    };
    let mut spans = vec![
        Span::styled(" Quotes ", theme.header),
        Span::styled(sort, theme.dim),
    ];
    if state.board_reordered() {
        // The cursor holds the order; the top row resumes the live one.
        spans.push(Span::styled(
            format!("· {NEW_MARK} order held (top row re-sorts) "),
            theme.header,
        ));
    }
    Line::from(spans)
}

/// The age column: `✗` and the data's age while polls fail, `~` and the
/// age when stale, else the age; and its style.
fn age_cell(
    slot: &QuoteSlot,
    fresh: Option<Freshness>,
    clock: &Clock,
    theme: &Theme,
) -> (String, Style) {
    let Some(f) = fresh else {
        return (String::new(), theme.dim);
    };
    let age = clock.secs(f.age_secs);
    if slot.error.is_some() {
        (format!("{FAIL_MARK}{age}"), theme.error)
    } else if f.stale {
        (format!("{STALE_MARK}{age}"), theme.error)
    } else {
        (age, theme.dim)
    }
}

pub fn render_table(state: &State, theme: &Theme, clock: &Clock, frame: &mut Frame, area: Rect) {
    let right = |s: &'static str| Cell::from(Line::from(s).right_aligned());
    let header = Row::new([
        Cell::from("Symbol"),
        Cell::from(""),
        right("Price"),
        right("Chg"),
        right("Chg%"),
        Cell::from(""),
        right("Ext%"),
        right("Age"),
    ])
    .style(theme.header);
    let rows = state.board_order().into_iter().enumerate().map(|(pos, i)| {
        let slot = &state.quotes()[i];
        let fresh = state.quote_age(&slot.symbol);
        let (age, age_style) = age_cell(slot, fresh, clock, theme);
        let cells =
            match &slot.quote {
                Some(q) => {
                    let dim = fresh.is_some_and(|f| f.stale);
                    let style = if dim {
                        theme.dim
                    } else {
                        theme.for_change(q.change().unwrap_or(0.0))
                    };
                    vec![
                        Cell::from(q_symbol(slot, dim)),
                        Cell::from(sparkline(&q.series, SPARK_WIDTH)).style(style),
                        Cell::from(Line::from(format::price(q.price)).right_aligned())
                            .style(if dim { theme.dim } else { Style::new() }),
                        Cell::from(
                            Line::from(format::known(q.change(), format::change)).right_aligned(),
                        )
                        .style(style),
                        Cell::from(
                            Line::from(format::known(q.change_pct(), format::pct)).right_aligned(),
                        )
                        .style(style),
                        Cell::from(state_marker(q.market_state)).style(theme.dim),
                        match q.extended {
                            // The pre/post move, apart from the regular session's.
                            Some(e) => {
                                Cell::from(Line::from(format::pct(e.change_pct)).right_aligned())
                                    .style(if dim {
                                        theme.dim
                                    } else {
                                        theme.for_change(e.change)
                                    })
                            }
                            None => Cell::from(""),
                        },
                        Cell::from(Line::from(age).right_aligned()).style(age_style),
                    ]
                }
                None => vec![
                    Cell::from(slot.symbol.clone()),
                    Cell::from(""),
                    Cell::from(Line::from(placeholder(slot)).right_aligned())
                        .style(placeholder_style(slot, theme)),
                ],
            };
        Row::new(cells).style(row_style(state, pos, theme))
    });
    let widths = [
        Constraint::Length(8),
        Constraint::Length(SPARK_WIDTH as u16),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(4),
        Constraint::Length(8),
        Constraint::Length(4),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(
            Block::new()
                .borders(Borders::RIGHT | Borders::TOP)
                .border_style(theme.dim)
                .title(board_title(state, theme)),
        );
    frame.render_widget(table, area);
}

fn q_symbol(slot: &QuoteSlot, stale: bool) -> String {
    if stale {
        format!("{}{STALE_MARK}", slot.symbol)
    } else {
        slot.symbol.clone()
    }
}

/// The grid's last field: `✗age` while polls fail, `~age` when stale,
/// else the session when not the regular one, else the age.
fn grid_status(
    slot: &QuoteSlot,
    fresh: Option<Freshness>,
    market: MarketState,
    clock: &Clock,
    theme: &Theme,
) -> (String, Style) {
    let flagged = slot.error.is_some() || fresh.is_some_and(|f| f.stale);
    if flagged || market == MarketState::Regular {
        age_cell(slot, fresh, clock, theme)
    } else {
        (state_marker(market).to_string(), theme.dim)
    }
}

fn cell_spans<'a>(
    state: &State,
    slot: &'a QuoteSlot,
    theme: &Theme,
    clock: &Clock,
    pos: usize,
) -> Vec<Span<'a>> {
    let selected = row_style(state, pos, theme);
    let fresh = state.quote_age(&slot.symbol);
    let stale = fresh.is_some_and(|f| f.stale);
    let sym = Span::styled(format!("{:<7}", slot.symbol), theme.header.patch(selected));
    match &slot.quote {
        Some(q) => {
            let style = if stale {
                theme.dim
            } else {
                theme.for_change(q.change().unwrap_or(0.0))
            };
            let (status, status_style) = grid_status(slot, fresh, q.market_state, clock, theme);
            vec![
                sym,
                Span::styled(
                    format!(" {:>8}", format::price_compact(q.price)),
                    if stale { theme.dim } else { Style::new() },
                ),
                Span::styled(
                    format!(" {:>7}", format::known(q.change(), format::change_compact)),
                    style,
                ),
                Span::styled(
                    format!(" {:>8}", format::known(q.change_pct(), format::pct)),
                    style,
                ),
                Span::styled(format!(" {status:>4}"), status_style),
            ]
        }
        None => vec![
            sym,
            Span::styled(
                format!(" {:>8}", placeholder(slot)),
                placeholder_style(slot, theme),
            ),
        ],
    }
}

pub fn render_grid(state: &State, theme: &Theme, clock: &Clock, frame: &mut Frame, area: Rect) {
    let cols = grid_cols(area.width);
    let order = state.board_order();
    let lines: Vec<Line> = order
        .chunks(cols)
        .enumerate()
        .map(|(row, chunk)| {
            let mut spans = Vec::new();
            for (col, &i) in chunk.iter().enumerate() {
                if col > 0 {
                    spans.push(Span::styled(CELL_GAP, theme.dim));
                }
                spans.extend(cell_spans(
                    state,
                    &state.quotes()[i],
                    theme,
                    clock,
                    row * cols + col,
                ));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
