//! tickwire's wire format: one `Event` per fact a source delivered (a
//! batch of headlines, a quote, live trades, a source failing or
//! (re)connecting), stamped with the time `update` received it. JSON
//! lines, versioned (`VERSION`), documented in docs/RECORDING.md. A
//! recording is a file of them; a bus carries the same lines. Nothing
//! here knows the terminal.

pub mod demo;
mod file;
mod record;
mod wire;

pub use file::{Recording, Skipped, read_recording};
pub use record::Recorder;
pub use wire::{decode_line, encode_line};

use crate::core::app::Msg;
use crate::core::model::ProviderName;
use crate::core::model::{Failure, FetchReport, Headline, Quote, Timestamp, Trade};
use crate::core::quotes::SymbolRefresh;

/// The format's version, written on every line. Readers read lines of any
/// version as far as they understand them.
pub const VERSION: u32 = 1;

/// One line of a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When the monitor received it: the `now` its `update` ran at.
    pub at: Timestamp,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// What the recording process watched; first line of each session.
    Header(Header),
    Headlines {
        report: FetchReport,
        headlines: Vec<Headline>,
        skipped: usize,
        /// The poll's item count when its headlines travel apart (the
        /// bus's health event carries none); `None`: `headlines.len()`.
        items: Option<usize>,
    },
    Quote {
        report: FetchReport,
        quote: Quote,
    },
    Trades {
        provider: ProviderName,
        trades: Vec<Trade>,
    },
    SourceFailed {
        report: FetchReport,
        failure: Failure,
    },
    StreamConnected {
        report: FetchReport,
        symbols: usize,
    },
    /// How often each watched symbol is refreshed, when that changed:
    /// a quote slowed by the request budget is stale later, in a replay
    /// as it was live.
    Plan {
        symbols: Vec<(String, SymbolRefresh)>,
    },
}

/// What a recording was made of, so a replay shows the same board.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// The program that wrote it, e.g. "tickwire 0.1.0".
    pub app: String,
    pub watchlist: Vec<String>,
    /// `(name, url)` of each feed, in config order.
    pub feeds: Vec<(String, String)>,
    /// The staleness settings in force: a replay marks quotes stale as
    /// the live screen did.
    pub stale_after_secs: i64,
    pub quote_every_secs: u64,
    /// Where a player starts (everything before is applied at once).
    pub start: Option<Timestamp>,
    /// Replay speed a player starts at (1 when absent).
    pub speed: Option<u32>,
    /// Moments worth jumping to.
    pub bookmarks: Vec<(Timestamp, String)>,
    /// Free text: where the data came from.
    pub note: Option<String>,
}

impl Event {
    /// The event a source's message makes, received at `at`; `None` for
    /// messages that are not source facts (keys, ticks, the store).
    pub fn from_msg(msg: &Msg, at: Timestamp) -> Option<Event> {
        let kind = match msg {
            Msg::HeadlinesFetched {
                report,
                headlines,
                skipped,
            } => EventKind::Headlines {
                report: report.clone(),
                headlines: headlines.clone(),
                skipped: *skipped,
                items: None,
            },
            Msg::FeedPolled {
                report,
                items,
                skipped,
            } => EventKind::Headlines {
                report: report.clone(),
                headlines: Vec::new(),
                skipped: *skipped,
                items: Some(*items),
            },
            Msg::QuoteReceived { report, quote } => EventKind::Quote {
                report: report.clone(),
                quote: quote.clone(),
            },
            Msg::TradesReceived { provider, trades } => EventKind::Trades {
                provider: *provider,
                trades: trades.clone(),
            },
            Msg::SourceFailed { report, failure } => EventKind::SourceFailed {
                report: report.clone(),
                failure: failure.clone(),
            },
            Msg::StreamConnected { report, symbols } => EventKind::StreamConnected {
                report: report.clone(),
                symbols: *symbols,
            },
            Msg::QuotesPlanned { symbols, .. } => EventKind::Plan {
                symbols: symbols.clone(),
            },
            _ => return None,
        };
        Some(Event { at, kind })
    }

    /// The message this event replays as; `None` for a header.
    pub fn into_msg(self) -> Option<Msg> {
        Some(match self.kind {
            EventKind::Header(_) => return None,
            EventKind::Headlines {
                report,
                skipped,
                items: Some(items),
                ..
            } => Msg::FeedPolled {
                report,
                items,
                skipped,
            },
            EventKind::Headlines {
                report,
                headlines,
                skipped,
                items: None,
            } => Msg::HeadlinesFetched {
                report,
                headlines,
                skipped,
            },
            EventKind::Quote { report, quote } => Msg::QuoteReceived { report, quote },
            EventKind::Trades { provider, trades } => Msg::TradesReceived { provider, trades },
            EventKind::SourceFailed { report, failure } => Msg::SourceFailed { report, failure },
            EventKind::StreamConnected { report, symbols } => {
                Msg::StreamConnected { report, symbols }
            }
            // The providers' budgets are the live shell's, not replayed.
            EventKind::Plan { symbols } => Msg::QuotesPlanned {
                providers: Vec::new(),
                symbols,
            },
        })
    }
}

/// Lets a refresh plan through only when it changed: the quote task
/// repeats its plan with every request (a recording, the desk).
#[derive(Debug, Default)]
pub struct PlanGate {
    last: Option<EventKind>,
}

impl PlanGate {
    /// Whether to pass `event` on; any other kind always passes.
    pub fn admits(&mut self, event: &Event) -> bool {
        if !matches!(event.kind, EventKind::Plan { .. }) {
            return true;
        }
        if self.last.as_ref() == Some(&event.kind) {
            return false;
        }
        self.last = Some(event.kind.clone());
        true
    }

    /// The plan last let through.
    pub fn last(&self) -> Option<&EventKind> {
        self.last.as_ref()
    }

    /// What was let through did not arrive: let the same plan through again.
    pub fn forget(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests;
