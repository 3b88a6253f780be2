//! `view(&State, &mut Frame)`: the whole screen from the state, nothing else.

mod alert_list;
mod format;
mod headline_list;
mod quote_board;
mod status_line;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::core::state::{Pane, State};
pub use theme::Theme;

/// Side-by-side layout from this width on; stacked below it.
pub const WIDE: u16 = 120;

pub fn view(state: &State, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= WIDE {
        let [board, news] = Layout::horizontal([
            Constraint::Length(quote_board::TABLE_WIDTH),
            Constraint::Min(20),
        ])
        .areas(body);
        quote_board::render_table(state, theme, frame, board);
        render_main(state, theme, frame, news);
    } else {
        let rows = quote_board::grid_rows(state.quotes.len(), body.width).min(body.height / 2);
        let [board, news] =
            Layout::vertical([Constraint::Length(rows), Constraint::Min(1)]).areas(body);
        quote_board::render_grid(state, theme, frame, board);
        render_main(state, theme, frame, news);
    }
    status_line::render(state, theme, frame, status);
}

fn render_main(state: &State, theme: &Theme, frame: &mut Frame, area: ratatui::layout::Rect) {
    match state.pane {
        Pane::Headlines => headline_list::render(state, theme, frame, area),
        Pane::Alerts => alert_list::render(state, theme, frame, area),
    }
}
