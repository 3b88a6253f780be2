//! What the pollers learn per feed URL: cache validators, and permanent
//! redirects, which move a feed only once they repeat (one 301 may be a
//! misconfiguration; two in a row are a move). Seeded from the store at
//! start; every change is also handed to a sink (the store's writer).

use std::collections::HashMap;
use std::sync::Mutex;

use super::validators::{ValidatorCache, Validators};

/// One thing learned, for whoever keeps it across restarts.
#[derive(Debug, Clone, PartialEq)]
pub enum MemoryChange {
    Validators {
        url: String,
        validators: Validators,
    },
    /// `target: None`: the URL no longer redirects.
    Move {
        url: String,
        target: Option<String>,
        confirmed: bool,
    },
}

/// Where what is learned goes: the store's writer, or the desk's bucket.
pub type MemorySink = Box<dyn Fn(MemoryChange) + Send + Sync>;

#[derive(Default)]
pub struct FeedMemory {
    validators: ValidatorCache,
    pub moves: PermanentMoves,
    sink: Option<MemorySink>,
}

impl std::fmt::Debug for FeedMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedMemory").finish_non_exhaustive()
    }
}

impl FeedMemory {
    /// What an earlier run learned, and where to report what this one learns.
    pub fn restored(
        validators: &[(String, Validators)],
        moves: &[(String, String, bool)],
        sink: Option<MemorySink>,
    ) -> FeedMemory {
        let memory = FeedMemory {
            sink,
            ..FeedMemory::default()
        };
        for (url, v) in validators {
            memory.validators.put(url, v.clone());
        }
        for (url, target, confirmed) in moves {
            memory
                .moves
                .lock()
                .insert(url.clone(), (target.clone(), *confirmed));
        }
        memory
    }

    pub fn validators(&self, url: &str) -> Validators {
        self.validators.get(url)
    }

    pub fn remember_validators(&self, url: &str, validators: Validators) {
        if self.validators.get(url) == validators {
            return;
        }
        self.validators.put(url, validators.clone());
        self.report(MemoryChange::Validators {
            url: url.to_string(),
            validators,
        });
    }

    /// A poll of the configured `url` answered with (or without) a
    /// permanent redirect.
    pub fn observe_move(&self, url: &str, moved_to: Option<&str>) {
        let before = self.moves.lock().get(url).cloned();
        self.moves.observe(url, moved_to);
        let after = self.moves.lock().get(url).cloned();
        if before != after {
            let (target, confirmed) = after.map_or((None, false), |(t, c)| (Some(t), c));
            self.report(MemoryChange::Move {
                url: url.to_string(),
                target,
                confirmed,
            });
        }
    }

    fn report(&self, change: MemoryChange) {
        if let Some(sink) = &self.sink {
            sink(change);
        }
    }
}

#[derive(Debug, Default)]
pub struct PermanentMoves {
    /// Configured URL -> (target, seen twice in a row).
    by_url: Mutex<HashMap<String, (String, bool)>>,
}

impl PermanentMoves {
    /// The URL to poll: the confirmed new home, else the configured URL.
    pub fn effective(&self, url: &str) -> String {
        match self.lock().get(url) {
            Some((target, true)) => target.clone(),
            _ => url.to_string(),
        }
    }

    /// Record where a poll of the configured `url` ended up permanently
    /// (`None`: not redirected, or not permanently). A move is confirmed
    /// when the same target is seen on two polls in a row.
    pub fn observe(&self, url: &str, moved_to: Option<&str>) {
        let mut map = self.lock();
        match moved_to {
            Some(target) => {
                let confirmed = map.get(url).is_some_and(|(t, _)| t == target);
                map.insert(url.to_string(), (target.to_string(), confirmed));
            }
            None => {
                map.remove(url);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, bool)>> {
        self.by_url.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_counts_once_it_repeats() {
        let moves = PermanentMoves::default();
        let (old, new) = ("http://a/feed", "https://b/feed");
        moves.observe(old, Some(new));
        assert_eq!(moves.effective(old), old, "one 301 is not a move yet");
        moves.observe(old, None);
        moves.observe(old, Some(new));
        assert_eq!(moves.effective(old), old, "not two in a row");
        moves.observe(old, Some(new));
        assert_eq!(moves.effective(old), new);
        moves.observe(old, Some("https://c/feed"));
        assert_eq!(moves.effective(old), old, "a different target starts over");
    }
}
