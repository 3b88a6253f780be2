//! What the user is looking at: mode, focus, filter, selection, sort,
//! read marks. Part of `State`, changed only through `update`.

use std::collections::HashSet;

use super::filter::Query;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardSort {
    Watchlist,
    ChangePct,
    Symbol,
}

impl BoardSort {
    pub fn next(self) -> BoardSort {
        match self {
            BoardSort::Watchlist => BoardSort::ChangePct,
            BoardSort::ChangePct => BoardSort::Symbol,
            BoardSort::Symbol => BoardSort::Watchlist,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BoardSort::Watchlist => "watchlist",
            BoardSort::ChangePct => "change %",
            BoardSort::Symbol => "symbol",
        }
    }
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
    /// Indices into `State::items` that pass the filter, newest first.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// Index into the board's sorted order.
    pub board_selected: usize,
    pub board_sort: BoardSort,
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
            visible: Vec::new(),
            selected: 0,
            board_selected: 0,
            board_sort: BoardSort::Watchlist,
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
