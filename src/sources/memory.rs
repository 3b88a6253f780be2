//! What a session learns per feed URL: cache validators, and permanent
//! redirects, which move a feed only once they repeat (one 301 may be a
//! misconfiguration; two in a row are a move).

use std::collections::HashMap;
use std::sync::Mutex;

use super::validators::ValidatorCache;

#[derive(Debug, Default)]
pub struct FeedMemory {
    pub validators: ValidatorCache,
    pub moves: PermanentMoves,
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
