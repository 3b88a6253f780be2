//! The quote board: one slot per watched symbol in watchlist order, its
//! last good quote (polls and live trades folded together), the error
//! beside it, how often the plan refreshes it, and how old its data is.

use super::batched::same_currency;
use super::live::{apply_trade, merge_poll, quote_from_trade};
use super::moves::{Move, move_since};
use super::report::{ProviderReport, SymbolRefresh};
use crate::core::market::{Freshness, freshness};
use crate::core::model::ProviderName;
use crate::core::model::{Quote, Timestamp, Trade};

/// One row of the quote board: the watched symbol and its last good quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSlot {
    pub symbol: String,
    pub quote: Option<Quote>,
    /// Why the latest poll failed, while it keeps failing.
    pub error: Option<String>,
    /// When a live trade last arrived (local clock): a streamed symbol is
    /// fresh even while its polls fail.
    pub live_at: Option<Timestamp>,
    /// How often it is refreshed now (the quote task's plan).
    pub refresh: Option<SymbolRefresh>,
}

impl QuoteSlot {
    fn empty(symbol: &str) -> QuoteSlot {
        QuoteSlot {
            symbol: symbol.to_string(),
            quote: None,
            error: None,
            live_at: None,
            refresh: None,
        }
    }
}

/// The board's order on screen.
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

#[derive(Debug, Clone)]
pub struct Board {
    /// Watchlist order.
    slots: Vec<QuoteSlot>,
    /// Each polled quote provider's budget and plan.
    plans: Vec<ProviderReport>,
    /// While its market trades, a quote whose data is older than this is
    /// stale.
    stale_after_secs: i64,
}

impl Board {
    pub fn new(watchlist: &[String]) -> Board {
        Board {
            slots: watchlist.iter().map(|s| QuoteSlot::empty(s)).collect(),
            plans: Vec::new(),
            stale_after_secs: 60,
        }
    }

    pub fn set_stale_after(&mut self, secs: i64) {
        self.stale_after_secs = secs;
    }

    pub fn stale_after_secs(&self) -> i64 {
        self.stale_after_secs
    }

    /// The slots in watchlist order.
    pub fn slots(&self) -> &[QuoteSlot] {
        &self.slots
    }

    pub fn slot(&self, symbol: &str) -> Option<&QuoteSlot> {
        self.slots.iter().find(|s| s.symbol == symbol)
    }

    pub fn plans(&self) -> &[ProviderReport] {
        &self.plans
    }

    /// How old the symbol's data is by its own time, and whether that is
    /// stale (`market::freshness`); `None` before it has a price.
    /// `cut_off`: nobody can say whether the price moved on.
    pub fn age(&self, symbol: &str, now: Timestamp, cut_off: bool) -> Option<Freshness> {
        let slot = self.slot(symbol)?;
        let quote = slot.quote.as_ref()?;
        // Refreshed more slowly by the budget: stale only after three of
        // its planned refreshes.
        let planned = slot
            .refresh
            .filter(|r| !r.live)
            .map_or(0, |r| 3 * r.cadence.price.as_secs() as i64);
        let mut fresh = freshness(quote, now, self.stale_after_secs.max(planned));
        fresh.stale |= cut_off;
        Some(fresh)
    }

    /// Take the quote task's plan; whether anything shown changed.
    pub fn set_plan(
        &mut self,
        providers: Vec<ProviderReport>,
        symbols: Vec<(String, SymbolRefresh)>,
    ) -> bool {
        let mut changed = self.plans != providers;
        self.plans = providers;
        for (symbol, refresh) in symbols {
            if let Some(slot) = self.slots.iter_mut().find(|s| s.symbol == symbol) {
                changed |= slot.refresh != Some(refresh);
                slot.refresh = Some(refresh);
            }
        }
        changed
    }

    /// The plan of the provider that refreshes `symbol`.
    pub fn plan_of(&self, symbol: &str) -> Option<&ProviderReport> {
        let provider = self.slot(symbol)?.refresh?.provider;
        self.plans.iter().find(|p| p.provider == provider)
    }

    /// Rows in display order, as indices into `slots`: `held` is the movers
    /// order kept while the cursor is off its top.
    pub fn order(&self, sort: BoardSort, held: Option<&Vec<usize>>) -> Vec<usize> {
        match (held, sort) {
            (Some(held), BoardSort::ChangePct) => {
                // Symbols added since the order was held go last.
                let mut order = held.clone();
                order.extend((0..self.slots.len()).filter(|i| !held.contains(i)));
                order
            }
            (_, sort) => self.sorted(sort),
        }
    }

    /// The board in `sort`'s live order.
    pub fn sorted(&self, sort: BoardSort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.slots.len()).collect();
        match sort {
            BoardSort::Watchlist => {}
            BoardSort::Symbol => {
                order.sort_by(|&a, &b| self.slots[a].symbol.cmp(&self.slots[b].symbol))
            }
            BoardSort::ChangePct => {
                // Biggest movers first, either way; symbols without a change last.
                let key = |i: usize| {
                    let q = self.slots[i].quote.as_ref()?;
                    q.change_pct().map(|p| -p.abs())
                };
                order.sort_by(|&a, &b| match (key(a), key(b)) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
            }
        }
        order
    }

    /// The move since `at` of each of `tickers` that has a quote.
    pub fn moves_since(&self, tickers: &[String], at: Timestamp) -> Vec<Move> {
        tickers
            .iter()
            .filter_map(|t| {
                let quote = self.slot(t)?.quote.as_ref()?;
                let since_pct = move_since(quote, at)?;
                Some(Move {
                    symbol: t.clone(),
                    since_pct,
                })
            })
            .collect()
    }

    /// The index of `symbol`'s slot, added at the end if not watched.
    fn slot_index(&mut self, symbol: &str) -> usize {
        match self.slots.iter().position(|s| s.symbol == symbol) {
            Some(i) => i,
            None => {
                self.slots.push(QuoteSlot::empty(symbol));
                self.slots.len() - 1
            }
        }
    }

    /// Store a polled quote; a price streamed since it was taken stays.
    /// Returns the slot's index.
    pub fn set_quote(&mut self, symbol: &str, mut quote: Quote) -> usize {
        let idx = self.slot_index(symbol);
        let slot = &mut self.slots[idx];
        // Only a stream's price can be newer than a poll; a poll alone
        // replaces the last one whole (a new day's empty window drops
        // yesterday's after-hours price).
        // A poll in another currency replaces whole: a streamed price in
        // the old one is no price for it.
        if let (Some(shown), Some(_)) = (&slot.quote, slot.live_at)
            && same_currency(shown, &quote)
        {
            merge_poll(&mut quote, shown);
        }
        slot.quote = Some(quote);
        slot.error = None;
        idx
    }

    /// Fold a live trade into its symbol's quote. Returns the slot's index
    /// when the board changed. Trades for unwatched symbols are dropped.
    pub fn apply_trade(
        &mut self,
        trade: &Trade,
        provider: ProviderName,
        now: Timestamp,
    ) -> Option<usize> {
        let idx = self.slots.iter().position(|s| s.symbol == trade.symbol)?;
        let slot = &mut self.slots[idx];
        let changed = match &mut slot.quote {
            Some(quote) => apply_trade(quote, trade, provider, now),
            None => {
                slot.quote = quote_from_trade(trade, provider, now);
                slot.quote.is_some()
            }
        };
        // The stream vouches for a price it could give; an unpriced symbol
        // is not fresh for it.
        if slot.quote.is_some() {
            slot.live_at = Some(now);
        }
        changed.then_some(idx)
    }

    /// The last good quote stays; the error is shown beside it.
    pub fn set_error(&mut self, symbol: &str, error: String) {
        let idx = self.slot_index(symbol);
        self.slots[idx].error = Some(error);
    }

    /// Every watched symbol failed and none was ever priced.
    pub fn nothing_priced(&self) -> bool {
        self.slots
            .iter()
            .all(|q| q.quote.is_none() && q.error.is_some())
    }
}

#[cfg(test)]
mod tests;
