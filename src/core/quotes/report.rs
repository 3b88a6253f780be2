//! What the quote task tells the core about its plan: each provider's
//! budget use and batch standing, each symbol's refresh.

use super::budget::Rate;
use super::plan::Cadence;
use crate::core::model::ProviderName;
use crate::core::model::Timestamp;

/// A provider's budget as the user sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetUse {
    /// Requests within the last `rate.per`.
    pub used: u32,
    pub rate: Rate,
    pub burst: u32,
    /// Whole tokens there now.
    pub tokens: u32,
    /// When the next token comes; `None`: the bucket is full.
    pub next_token: Option<Timestamp>,
}

/// How a provider's batch endpoint is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchHealth {
    /// Answering: prices of `symbols` symbols in `requests` requests a round.
    Answering { symbols: usize, requests: usize },
    /// Refused (an error, a crumb wanted): charts alone until `retry_at`.
    Refused { error: String, retry_at: Timestamp },
}

/// One polled provider's budget and what the plan spends of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderReport {
    pub provider: ProviderName,
    pub budget: BudgetUse,
    /// Requests an hour the current plan makes.
    pub planned_per_hour: f64,
    /// `None`: the provider has no batch endpoint.
    pub batch: Option<BatchReport>,
}

/// A provider's batch endpoint by name ("spark"), and how it does.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchReport {
    pub name: &'static str,
    pub health: BatchHealth,
}

/// How often one watched symbol is refreshed now, and by whom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SymbolRefresh {
    pub provider: ProviderName,
    pub cadence: Cadence,
    /// A stream keeps its price live; the cadence is its chart's.
    pub live: bool,
    /// Slower than the configured refresh because of the budget.
    pub held_back: bool,
}
