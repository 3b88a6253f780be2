//! Why is it moving: the headlines behind a price move, ranked. The
//! candidates are the stories linked to the symbol (direct) or to one of
//! its peers (peer) published in the move's window: since the previous
//! close for a gap, a look-back before an intraday move, and up to a few
//! minutes after its start (a wire can trail the tape). No candidate: no
//! linked news, never a guess.

use super::state::State;
use crate::core::model::Timestamp;
use crate::core::news::Item;
use crate::core::quotes::{MoveKind, PriceMove, peers_of};

/// How far back a gap looks: across the night and a weekend's Monday.
const GAP_LOOKBACK_SECS: i64 = 66 * 3600;
/// How far back an intraday move looks.
const INTRADAY_LOOKBACK_SECS: i64 = 2 * 3600;
/// A headline this soon after the move's start may still be its cause.
const TRAIL_SECS: i64 = 5 * 60;
/// Ranked headlines kept per move.
const KEEP: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Linked to the symbol itself.
    Direct,
    /// Linked to a peer (`core::quotes::peers_of`).
    Peer,
}

impl Link {
    pub fn as_str(self) -> &'static str {
        match self {
            Link::Direct => "direct",
            Link::Peer => "peer",
        }
    }
}

/// One headline behind a move, and why it ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Why<'a> {
    pub item: &'a Item,
    pub link: Link,
    /// Seconds from the headline to the move's start (negative: after it).
    pub lead_s: i64,
}

/// The headlines behind `mv`, best first.
pub fn why<'a>(state: &'a State, mv: &PriceMove) -> Vec<Why<'a>> {
    let start = mv.start;
    let lookback = match mv.kind {
        MoveKind::Gap => GAP_LOOKBACK_SECS,
        MoveKind::Intraday => INTRADAY_LOOKBACK_SECS,
    };
    let from = start - chrono::Duration::seconds(lookback);
    let until = start + chrono::Duration::seconds(TRAIL_SECS);
    let peers = peers_of(&mv.symbol);
    let mut found: Vec<(f64, Why)> = state
        .items()
        .values()
        // Newest first: skip what came after the window, stop at its start.
        .skip_while(|item| item.headline.effective_time() > until)
        .take_while(|item| item.headline.effective_time() >= from)
        .filter_map(|item| {
            let at: Timestamp = item.headline.effective_time();
            let link = if item.tickers.contains(&mv.symbol) {
                Link::Direct
            } else if item.tickers.iter().any(|t| peers.contains(&t.as_str())) {
                Link::Peer
            } else {
                return None;
            };
            let lead_s = (start - at).num_seconds();
            Some((
                score(item, link, lead_s, lookback),
                Why { item, link, lead_s },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().take(KEEP).map(|(_, w)| w).collect()
}

/// Direct over peer, close before the start over long before (or after),
/// AI relevance, and how many feeds carried the story.
fn score(item: &Item, link: Link, lead_s: i64, lookback: i64) -> f64 {
    let link = match link {
        Link::Direct => 2.0,
        Link::Peer => 1.0,
    };
    let closeness = if lead_s >= 0 {
        1.0 - lead_s as f64 / lookback as f64
    } else {
        // After the start it more likely reports the move than causes it.
        0.05 * (1.0 + lead_s as f64 / TRAIL_SECS as f64)
    };
    let relevance = f64::from(item.relevance.score.clamp(0.0, 1.0));
    let carried = (item.sources.len() as f64).ln_1p();
    link + closeness + 0.5 * relevance + 0.25 * carried
}

#[cfg(test)]
mod tests;
