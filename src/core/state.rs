//! Everything the screen and the headless commands show, in one value.

use std::collections::{BTreeMap, HashSet};

use std::sync::Arc;

use super::judge::Judge;
use super::model::{Headline, Quote, SourceHealth, SourceKind, Timestamp};
use super::relevance::Relevance;

/// A headline with the core's judgement about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub headline: Headline,
    pub relevance: Relevance,
    pub tickers: Vec<String>,
}

impl Item {
    pub fn judged(headline: Headline, judge: &Judge) -> Item {
        let (relevance, tickers) = judge.judge(&headline.title);
        Item {
            headline,
            relevance,
            tickers,
        }
    }
}

/// One row of the quote board: the watched symbol and its last good quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSlot {
    pub symbol: String,
    pub quote: Option<Quote>,
    /// Why the latest poll failed, while it keeps failing.
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct State {
    /// Newest first.
    pub items: Vec<Item>,
    seen_ids: HashSet<String>,
    /// Watchlist order.
    pub quotes: Vec<QuoteSlot>,
    pub sources: BTreeMap<(SourceKind, String), SourceHealth>,
    pub selected: usize,
    /// Bumped on every change a user could see; the shell redraws on change.
    pub rev: u64,
    pub now: Timestamp,
    judge: Arc<Judge>,
}

impl State {
    /// Headlines kept in memory; the oldest fall off first.
    pub const MAX_ITEMS: usize = 5_000;

    pub fn new(watchlist: &[String], now: Timestamp) -> State {
        State {
            items: Vec::new(),
            seen_ids: HashSet::new(),
            quotes: watchlist
                .iter()
                .map(|s| QuoteSlot {
                    symbol: s.clone(),
                    quote: None,
                    error: None,
                })
                .collect(),
            sources: BTreeMap::new(),
            selected: 0,
            rev: 0,
            now,
            judge: Judge::builtin(),
        }
    }

    /// Judge headlines with this (user-configured) judge instead of the built-in one.
    pub fn with_judge(mut self, judge: Arc<Judge>) -> State {
        self.judge = judge;
        self
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.items.get(self.selected)
    }

    /// Add headlines not seen before; keeps newest-first order and the
    /// user's selection on the same headline. Returns how many were new.
    pub fn add_headlines(&mut self, headlines: Vec<Headline>) -> usize {
        let selected_id = self.selected_item().map(|i| i.headline.id.clone());
        let mut added = 0;
        for h in headlines {
            if self.seen_ids.insert(h.id.clone()) {
                self.items.push(Item::judged(h, &self.judge));
                added += 1;
            }
        }
        if added == 0 {
            return 0;
        }
        self.items
            .sort_by_key(|i| std::cmp::Reverse(i.headline.effective_time()));
        if self.items.len() > Self::MAX_ITEMS {
            for dropped in self.items.drain(Self::MAX_ITEMS..) {
                self.seen_ids.remove(&dropped.headline.id);
            }
        }
        if let Some(pos) =
            selected_id.and_then(|id| self.items.iter().position(|i| i.headline.id == id))
        {
            self.selected = pos;
        }
        self.clamp_selection();
        added
    }

    fn slot_mut(&mut self, symbol: &str) -> &mut QuoteSlot {
        let idx = match self.quotes.iter().position(|s| s.symbol == symbol) {
            Some(i) => i,
            None => {
                self.quotes.push(QuoteSlot {
                    symbol: symbol.to_string(),
                    quote: None,
                    error: None,
                });
                self.quotes.len() - 1
            }
        };
        &mut self.quotes[idx]
    }

    pub fn set_quote(&mut self, symbol: &str, quote: Quote) {
        let slot = self.slot_mut(symbol);
        slot.quote = Some(quote);
        slot.error = None;
    }

    /// The last good quote stays; the error is shown beside it.
    pub fn set_quote_error(&mut self, symbol: &str, error: String) {
        self.slot_mut(symbol).error = Some(error);
    }

    pub fn clamp_selection(&mut self) {
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// Sources that are currently failing.
    pub fn failing(&self) -> impl Iterator<Item = &SourceHealth> {
        self.sources.values().filter(|s| !s.ok)
    }
}
