//! Which symbols a stream keeps live: written by the stream tasks on each
//! flush, read by the quote poller to poll those symbols less often.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::core::model::Trade;

/// When each symbol last traded on a stream: the quote poller slows down
/// for symbols a stream keeps live.
#[derive(Debug, Default)]
pub struct LiveMarks(Mutex<HashMap<String, Instant>>);

impl LiveMarks {
    pub(super) fn mark(&self, trades: &[Trade]) {
        let mut marks = self.0.lock().expect("not poisoned");
        for t in trades {
            marks.insert(t.symbol.clone(), Instant::now());
        }
    }

    /// Whether `symbol` traded on a stream within `within`.
    pub fn is_live(&self, symbol: &str, within: Duration) -> bool {
        let marks = self.0.lock().expect("not poisoned");
        marks.get(symbol).is_some_and(|t| t.elapsed() <= within)
    }
}
