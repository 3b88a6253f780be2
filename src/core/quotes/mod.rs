//! Quotes: request budgets and the plan that spends them, vetting of polled
//! quotes, live trades folded in, batches onto charts, retries, moves.

mod batched;
mod board;
mod budget;
mod check;
mod detect;
mod live;
mod moves;
mod peers;
mod plan;
mod report;
mod retry;

pub use batched::{Folded, fold_batched, same_currency};
pub use board::{Board, BoardSort, QuoteSlot};
pub use budget::{BudgetSpec, Rate, TokenBucket};
pub use check::{price_near, vet};
pub use detect::{MoveKind, MoveRules, PriceMove, detect};
pub use live::{apply_trade, merge_poll, quote_from_trade};
pub use moves::{Move, move_since};
pub use peers::peers_of;
pub use plan::{
    CHART_FACTOR, Cadence, Plan, PriceBy, WEIGHT_MOVING, WEIGHT_SELECTED, Want, cadence_text,
    capacity_per_hour, plan,
};
pub use report::{BatchHealth, BatchReport, BudgetUse, ProviderReport, SymbolRefresh};
pub use retry::{FIRST_RETRY, quote_retry};
