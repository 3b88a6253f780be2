//! `view(&State, …, &mut Frame)`: the whole screen from the state.
//! Wide terminals get the board beside the headlines and a detail pane;
//! narrow ones a dense board grid and details on demand.

mod alert_list;
mod budget_lines;
mod detail;
mod footer;
mod format;
mod headline_list;
mod help;
mod quote_board;
mod quote_status;
mod replay_line;

mod source_list;
mod sparkline;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::core::app::Action;
use crate::core::app::State;
use crate::core::app::{Mode, Pane};
use crate::tui::keymap::Keymap;
use format::Clock;
pub use theme::Theme;

/// Side-by-side layout from this width on; stacked below it.
pub const WIDE: u16 = 120;
/// Height of the detail pane.
const DETAIL_ROWS: u16 = 9;

/// What the shell needs to know about the frame just drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrameInfo {
    /// Rows of the headline list (the page size).
    pub list_rows: usize,
    /// Where the selected link's text is on screen, for an OSC 8 hyperlink.
    pub link: Option<(Rect, String)>,
    /// The headline list's area and first shown row, for mouse clicks.
    pub list_area: Rect,
    pub list_offset: usize,
    /// Something on screen counts seconds: redraw it every second.
    pub ticking: bool,
}

pub fn view(state: &State, theme: &Theme, keymap: &Keymap, frame: &mut Frame) -> FrameInfo {
    let area = frame.area();
    let [body, footer_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(area);
    let mut info = FrameInfo::default();
    let clock = Clock::new(state.now);
    let main = if area.width >= WIDE {
        let [board, right] = Layout::horizontal([
            Constraint::Length(quote_board::TABLE_WIDTH),
            Constraint::Min(20),
        ])
        .areas(body);
        quote_board::render_table(state, theme, &clock, frame, board);
        right
    } else {
        let rows = quote_board::grid_rows(state.quotes().len(), body.width).min(body.height / 2);

        let [board, rest] =
            Layout::vertical([Constraint::Length(rows), Constraint::Min(1)]).areas(body);
        quote_board::render_grid(state, theme, &clock, frame, board);
        rest
    };
    // Details always show when there is room for them, else on Enter.
    let roomy = area.width >= WIDE && area.height >= 30;
    let show_detail = state.view.pane == Pane::Headlines
        && state.selected_item().is_some()
        && (roomy || state.view.detail_open)
        && main.height > DETAIL_ROWS + 3;
    let list = if show_detail {
        let [list, detail_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(DETAIL_ROWS)]).areas(main);
        info.link = detail::render(state, theme, &clock, frame, detail_area);
        list
    } else {
        main
    };
    match state.view.pane {
        Pane::Headlines => {
            let jump = keymap.key_for(Action::SelectFirst).unwrap_or_default();
            info.list_offset = headline_list::render(state, theme, &clock, &jump, frame, list);
            info.list_rows = list.height.saturating_sub(1) as usize;
            info.list_area = list;
        }
        Pane::Alerts => alert_list::render(state, theme, &clock, frame, list),
        Pane::Sources => source_list::render(state, theme, &clock, frame, list),
    }
    footer::render(state, theme, &clock, keymap, frame, footer_area);
    if state.view.mode == Mode::Help {
        help::render(theme, keymap, state.replay.is_some(), frame, area);
    }
    info.ticking = clock.ticking();
    info
}

/// A rectangle of at most `w`×`h` centred in `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
