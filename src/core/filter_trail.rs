//! The filter's recent results, so a keystroke rarely re-matches every
//! headline: typing that narrows the query searches only what the last
//! result kept, and backspace goes back to a result already found. Valid
//! only while the items stay the same: `State` clears it when they change.

use super::filter::Query;
use super::item::ItemKey;
use super::timeline::Timeline;

/// Results kept at most; the oldest go first.
const DEPTH: usize = 8;

pub type Visible = Timeline<ItemKey, ()>;

#[derive(Debug, Clone, Default)]
pub struct FilterTrail {
    /// (query, AI only, the keys it keeps), oldest first.
    results: Vec<(Query, bool, Visible)>,
}

impl FilterTrail {
    pub fn clear(&mut self) {
        self.results.clear();
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
