//! What the user is looking at: mode, focus, filter, selection, sort,
//! read marks. Part of `State`, changed only through `update`.

use crate::core::quotes::BoardSort;
use std::collections::HashSet;

use crate::core::model::SourceKind;
use crate::core::news::ItemKey;
use crate::core::news::Query;
use crate::core::timeline::Timeline;

/// Which keys mean what right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a filter query.
    Filter,
    Help,
    /// Typing the time a replay jumps to.
    Goto,
}

/// Which pane j/k move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Board,
    Headlines,
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Headlines,
    Alerts,
    /// Every source with its health.
    Sources,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    pub mode: Mode,
    pub focus: Focus,
    pub pane: Pane,
    /// The filter as typed, and parsed.
    pub filter_text: String,
    pub query: Query,
    pub ai_only: bool,
    /// The keys of the items that pass the filter, newest first.
    pub visible: Timeline<ItemKey, ()>,
    /// Index into `visible`. On the newest headline (0) the list follows
    /// the news: newer headlines arrive above and the selection moves to
    /// them. Anywhere else it stays on its headline.
    pub selected: usize,
    /// Index into `visible` of the first row shown; it stays on its
    /// headline when newer ones arrive above it (unless following).
    pub scroll: usize,
    /// The arrival count (`Item::arrival`) the user has seen at the top:
    /// later arrivals above the rows shown are marked as new.
    pub seen_arrival: u64,
    /// Index into the board's sorted order.
    pub board_selected: usize,
    pub board_sort: BoardSort,
    /// The movers order, held while the board's cursor is off its top row
    /// so rows do not jump under it; `None`: live order.
    pub board_held: Option<Vec<usize>>,
    /// The source selected in the sources pane (`None`: its first row).
    pub source_cursor: Option<(SourceKind, String)>,
    pub read: HashSet<String>,
    /// The detail pane, on demand where space is short.
    pub detail_open: bool,
    /// Rows the headline list showed last frame; PgUp/PgDn move this far.
    pub page_rows: usize,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            mode: Mode::Normal,
            focus: Focus::Headlines,
            pane: Pane::Headlines,
            filter_text: String::new(),
            query: Query::parse(""),
            ai_only: false,
            visible: Timeline::default(),
            selected: 0,
            scroll: 0,
            seen_arrival: 0,
            board_selected: 0,
            board_sort: BoardSort::Watchlist,
            board_held: None,
            source_cursor: None,
            read: HashSet::new(),
            detail_open: false,
            page_rows: 10,
        }
    }
}

impl ViewState {
    pub fn is_filtered(&self) -> bool {
        self.ai_only || !self.query.is_empty()
    }
}

/// The first of `rows` rows to show from a list of `len`, as close to
/// `scroll` as keeps `selected` in view and the window full.
pub fn window_start(scroll: usize, selected: usize, rows: usize, len: usize) -> usize {
    let rows = rows.max(1);
    let start = if selected < scroll {
        selected
    } else if selected >= scroll + rows {
        selected + 1 - rows
    } else {
        scroll
    };
    start.min(len.saturating_sub(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_moves_only_as_far_as_the_selection_needs() {
        // Inside the window: it stays.
        assert_eq!(window_start(10, 12, 5, 100), 10);
        // Below it: the selection becomes the last row; above: the first.
        assert_eq!(window_start(10, 20, 5, 100), 16);
        assert_eq!(window_start(10, 3, 5, 100), 3);
        // Never past the end, never empty rows below the last headline.
        assert_eq!(window_start(98, 99, 5, 100), 95);
        assert_eq!(window_start(3, 1, 10, 4), 0);
    }
}
