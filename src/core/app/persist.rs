//! What the store keeps, as the core hands it out (`Effect::Persist`) and
//! takes it back (`Msg::Restored`). The store itself is I/O and lives
//! outside the core; these are plain data.

use crate::core::alerts::Alert;
use crate::core::model::{Quote, SourceHealth, SourceKind};
use crate::core::news::{Item, Story};

/// One thing to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Save {
    /// A new story, or one whose list of carrying feeds grew.
    Story(Box<Item>),
    Quote(Quote),
    Health(SourceHealth),
    /// This user's read mark: set or cleared.
    Read {
        id: String,
        read: bool,
    },
    Alert(Alert),
    /// A source's recent lag samples in seconds, oldest first (all of them).
    Lag {
        kind: SourceKind,
        name: String,
        samples: Vec<i64>,
    },
}

/// What was stored: at start, or what another process wrote since.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Restored {
    pub stories: Vec<Story>,
    pub quotes: Vec<Quote>,
    pub health: Vec<SourceHealth>,
    /// `(headline id, read)`: this user's marks.
    pub read: Vec<(String, bool)>,
    pub alerts: Vec<Alert>,
    /// Each source's recent lag samples, oldest first.
    pub lag: Vec<(SourceKind, String, Vec<i64>)>,
}

impl Restored {
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
            && self.quotes.is_empty()
            && self.health.is_empty()
            && self.read.is_empty()
            && self.alerts.is_empty()
            && self.lag.is_empty()
    }
}

/// Who polls. With a store, one process per data dir polls (the leader)
/// and the others follow what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// No store: this process polls for itself.
    Alone,
    Leader,
    Follower,
}

impl Role {
    pub fn polls(self) -> bool {
        self != Role::Follower
    }
}
