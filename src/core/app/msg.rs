//! Messages into the core (facts, past tense), user intents (imperative)
//! and effects out of it (requests to the shell).

use super::desk::BusNews;
use super::health::HealthChange;
use super::persist::{Restored, Role, Save};
use crate::core::app::{ClockSetting, PromptEdit, ReplayKey};
use crate::core::model::ProviderName;
use crate::core::model::{Failure, FetchReport, Headline, Quote, Trade};
use crate::core::quotes::{ProviderReport, SymbolRefresh};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    HeadlinesFetched {
        report: FetchReport,
        headlines: Vec<Headline>,
        /// Entries in the document that could not be read.
        skipped: usize,
    },
    /// A feed's poll whose headlines came apart (a bus screen gets each
    /// new one as its own message): its health and item count only.
    FeedPolled {
        report: FetchReport,
        items: usize,
        skipped: usize,
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
        provider: ProviderName,
        trades: Vec<Trade>,
    },
    /// The quote task's plan: each provider's budget, each symbol's refresh.
    QuotesPlanned {
        providers: Vec<ProviderReport>,
        symbols: Vec<(String, SymbolRefresh)>,
    },

    /// What the store holds: at start (`live: false`, nothing alerts), or
    /// what the polling process wrote since (`live: true`).
    Restored {
        restored: Restored,
        live: bool,
    },
    /// The store committed these read marks: now they show.
    ReadMarksSaved(Vec<(String, bool)>),
    /// This process started or stopped polling for the data dir.
    RoleChanged(Role),
    /// A `--bus` screen's link or the desk's collector lease changed.
    Bus(BusNews),
    /// The once-a-second clock; ages and staleness move with it.
    Tick,
    /// The headline list now shows this many rows (sets the page size).
    ListResized {
        rows: usize,
    },
    Action(Action),
}

/// What the user asked for. Bindable actions are listed, with their name
/// (`[keys]` in the config), help text and default keys, in
/// `action_table::ACTIONS`; the filter-editing ones are produced by typing.
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
    /// Hand the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    /// A mouse click: the shell turns it into `SelectRow` where it landed.
    Click,
    /// Select the n-th visible headline (where a click landed).
    SelectRow(usize),
    FilterInput(char),
    /// Replay controls: pause, speed, jumps (nothing outside a replay).
    Replay(ReplayKey),
    /// Typing the time a replay jumps to.
    Goto(PromptEdit),

    FilterBackspace,
    FilterClearLine,
    FilterAccept,
    FilterCancel,
}

#[derive(Debug, Clone, PartialEq)]
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
    /// Stop until the shell's `fg` (Ctrl-Z).
    Suspend,
    /// Write to the store (the shell's writer batches them).
    Persist(Save),
    /// Run the replay clock like this from now on.
    ReplayClock(ClockSetting),
    /// A source went failing or recovered: one line in the log.
    Log(HealthChange),
}
