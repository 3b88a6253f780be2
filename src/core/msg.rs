//! Messages into the core (facts, past tense), user intents (imperative)
//! and effects out of it (requests to the shell).

use super::model::{Failure, FetchReport, Headline, Quote, Trade};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    HeadlinesFetched {
        report: FetchReport,
        headlines: Vec<Headline>,
    },
    QuoteReceived {
        report: FetchReport,
        quote: Quote,
    },
    SourceFailed {
        report: FetchReport,
        failure: Failure,
    },
    /// A live stream (re)connected and subscribed to `symbols` symbols.
    StreamConnected {
        report: FetchReport,
        symbols: usize,
    },
    /// Live trades, at most one per symbol per flush.
    TradesReceived {
        provider: &'static str,
        trades: Vec<Trade>,
    },

    /// The once-a-second clock; ages and staleness move with it.
    Tick,
    /// The headline list now shows this many rows (sets the page size).
    ListResized {
        rows: usize,
    },
    Action(Action),
}

/// What the user asked for. Bindable actions have a name (`[keys]` in
/// the config); the filter-editing ones are produced by typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    /// Move focus between the quote board and the headlines.
    FocusNext,
    /// Enter: on the board, show that symbol's headlines; on a headline,
    /// open or close its details.
    Activate,
    /// Esc: close what is open, else clear the filter.
    Back,
    OpenFilter,
    ToggleAiOnly,
    ToggleHelp,
    ToggleAlerts,
    ToggleSources,
    ToggleRead,
    CycleSort,
    Refresh,
    OpenLink,
    CopyLink,
    /// Select the n-th visible headline (a mouse click).
    SelectRow(usize),
    FilterInput(char),

    FilterBackspace,
    FilterClearLine,
    FilterAccept,
    FilterCancel,
}

impl Action {
    /// Every action a key can be bound to, with its config name and the
    /// text shown in help.
    pub const BINDABLE: &'static [(Action, &'static str, &'static str)] = &[
        (Action::SelectNext, "down", "next item"),
        (Action::SelectPrev, "up", "previous item"),
        (Action::SelectFirst, "first", "first item"),
        (Action::SelectLast, "last", "last item"),
        (Action::PageDown, "page_down", "page down"),
        (Action::PageUp, "page_up", "page up"),
        (Action::FocusNext, "focus", "switch board / headlines"),
        (Action::Activate, "activate", "symbol's headlines / details"),
        (Action::Back, "back", "close / clear filter"),
        (Action::OpenFilter, "filter", "filter headlines"),
        (Action::ToggleAiOnly, "ai_only", "AI headlines only"),
        (Action::ToggleRead, "read", "mark read / unread"),
        (Action::OpenLink, "open", "open link"),
        (Action::CopyLink, "copy", "copy link"),
        (Action::CycleSort, "sort", "sort the board"),
        (Action::Refresh, "refresh", "refresh now"),
        (Action::ToggleAlerts, "alerts", "alert list"),
        (Action::ToggleSources, "sources", "source health"),
        (Action::ToggleHelp, "help", "help"),
        (Action::Quit, "quit", "quit"),
    ];

    pub fn name(self) -> Option<&'static str> {
        Self::BINDABLE
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, n, _)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Self::BINDABLE
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Tell the user outside the screen: a bell and/or a desktop
    /// notification (OSC 9 / OSC 777). Text is already sanitized.
    Notify {
        title: String,
        body: String,
        bell: bool,
        desktop: bool,
    },
    /// Open an http(s) link (or copy it where opening makes no sense, e.g. over ssh).
    OpenUrl(String),
    /// Put text on the user's clipboard (OSC 52).
    Copy(String),
    /// Poll every source now.
    Refresh,
}
