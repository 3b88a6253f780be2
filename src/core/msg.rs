//! Messages into the core (facts, past tense), user intents (imperative)
//! and effects out of it (requests to the shell).

use super::model::{Failure, FetchReport, Headline, Quote};

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
    /// The once-a-second clock; ages and staleness move with it.
    Tick,
    Action(Action),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    SelectNext,
    SelectPrev,
    /// Switch the main area between headlines and the alert list.
    ToggleAlerts,
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
}
