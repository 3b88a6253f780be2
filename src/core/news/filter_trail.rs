//! The filter's recent results, so a keystroke rarely re-matches every
//! headline: typing that narrows the query searches only what the last
//! result kept, and backspace goes back to a result already found. `State`
//! keeps them in step with arrivals and evictions, as it keeps the list;
//! none of them has an age term, so none moves with the clock.

use super::filter::Query;
use super::item::{Item, ItemKey};
use crate::core::model::Timestamp;
use crate::core::timeline::Timeline;

/// Results kept at most; the oldest go first.
const DEPTH: usize = 4;

pub type Visible = Timeline<ItemKey, ()>;

#[derive(Debug, Clone, Default)]
pub struct FilterTrail {
    /// (query, AI only, the keys it keeps), oldest first.
    results: Vec<(Query, bool, Visible)>,
}

impl FilterTrail {
    /// An item arrived or changed: list it in each result iff it passes.
    pub fn show_if_passing(&mut self, key: ItemKey, item: &Item, now: Timestamp) {
        for (query, ai_only, visible) in &mut self.results {
            if query.keeps(item, *ai_only, now) {
                visible.insert(key, ());
            } else {
                visible.remove(&key);
            }
        }
    }

    /// An item left.
    pub fn remove(&mut self, key: &ItemKey) {
        for (_, _, visible) in &mut self.results {
            visible.remove(key);
        }
    }

    pub fn push(&mut self, query: Query, ai_only: bool, visible: Visible) {
        if self.results.len() == DEPTH {
            self.results.remove(0);
        }
        self.results.push((query, ai_only, visible));
    }

    /// The result kept for this query, dropping it and those after it.
    pub fn take(&mut self, query: &Query, ai_only: bool) -> Option<Visible> {
        let at = self
            .results
            .iter()
            .rposition(|(q, ai, _)| *ai == ai_only && q.same_terms(query))?;
        let (_, _, visible) = self.results.drain(at..).next()?;
        Some(visible)
    }
}
