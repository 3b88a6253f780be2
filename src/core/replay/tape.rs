//! The recorded messages in order, with the moments worth jumping to:
//! a headline never seen before, a big move of a symbol's price.

use std::collections::{HashMap, HashSet};

use chrono::Duration;

use crate::core::app::{Moment, Msg};
use crate::core::model::Timestamp;

/// A price this far (percent) from the symbol's previous recorded price
/// is a big move.
pub const BIG_MOVE_PCT: f64 = 2.0;

#[derive(Debug, Default)]
pub struct Tape {
    pub msgs: Vec<(Timestamp, Msg)>,
    headlines: Vec<Timestamp>,
    moves: Vec<Timestamp>,
    pub bookmarks: Vec<(Timestamp, String)>,
}

impl Tape {
    /// `msgs` in the order they were received (their times never go back).
    pub fn new(msgs: Vec<(Timestamp, Msg)>, mut bookmarks: Vec<(Timestamp, String)>) -> Tape {
        let mut seen = HashSet::new();
        let mut last_price: HashMap<&str, f64> = HashMap::new();
        let (mut headlines, mut moves) = (Vec::new(), Vec::new());
        for (at, msg) in &msgs {
            let prices: Vec<(&str, f64)> = match msg {
                Msg::HeadlinesFetched { headlines: hs, .. } => {
                    let mut fresh = false;
                    for h in hs {
                        fresh |= seen.insert(h.id.as_str());
                    }
                    if fresh {
                        headlines.push(*at);
                    }
                    continue;
                }
                Msg::QuoteReceived { report, quote } => {
                    vec![(report.name.as_str(), quote.latest().1)]
                }
                Msg::TradesReceived { trades, .. } => trades
                    .iter()
                    .map(|t| (t.symbol.as_str(), t.price))
                    .collect(),
                _ => continue,
            };
            let mut big = false;
            for (symbol, price) in prices {
                if let Some(before) = last_price.insert(symbol, price) {
                    big |= before > 0.0 && ((price / before - 1.0) * 100.0).abs() >= BIG_MOVE_PCT;
                }
            }
            if big {
                moves.push(*at);
            }
        }
        bookmarks.sort_by_key(|(t, _)| *t);
        Tape {
            msgs,
            headlines,
            moves,
            bookmarks,
        }
    }

    pub fn first(&self) -> Option<Timestamp> {
        self.msgs.first().map(|(t, _)| *t)
    }

    pub fn last(&self) -> Option<Timestamp> {
        self.msgs.last().map(|(t, _)| *t)
    }

    fn moments(&self, kind: Moment) -> &[Timestamp] {
        match kind {
            Moment::Headline => &self.headlines,
            Moment::Move => &self.moves,
        }
    }

    /// The first moment of `kind` after `now`.
    pub fn next(&self, kind: Moment, now: Timestamp) -> Option<Timestamp> {
        let list = self.moments(kind);
        list.get(list.partition_point(|t| *t <= now)).copied()
    }

    /// The last moment of `kind` before `now`, passing over one that is
    /// within `grace` (the one just jumped to).
    pub fn prev(&self, kind: Moment, now: Timestamp, grace: Duration) -> Option<Timestamp> {
        let list = self.moments(kind);
        let mut i = list.partition_point(|t| *t < now);
        if i > 0 && now - list[i - 1] <= grace {
            i -= 1;
        }
        i.checked_sub(1).map(|i| list[i])
    }
}
