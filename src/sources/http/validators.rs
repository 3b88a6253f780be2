//! HTTP cache validators (ETag, Last-Modified) per feed URL, kept exactly
//! as the server sent them so they can be echoed verbatim. A plain value
//! type, so a store can persist it across restarts.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Validators of the last successfully parsed response, per feed URL.
/// Shared by the feed tasks of one session.
#[derive(Debug, Default)]
pub struct ValidatorCache {
    by_url: Mutex<HashMap<String, Validators>>,
}

impl ValidatorCache {
    pub fn get(&self, url: &str) -> Validators {
        self.lock().get(url).cloned().unwrap_or_default()
    }

    /// Replace what is stored for `url`; empty validators forget it (a
    /// server that stopped sending them must not get stale ones back).
    pub fn put(&self, url: &str, validators: Validators) {
        let mut map = self.lock();
        if validators.is_empty() {
            map.remove(url);
        } else {
            map.insert(url.to_string(), validators);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Validators>> {
        // A panic elsewhere cannot leave a half-written map: every write
        // is a single insert or remove.
        self.by_url.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_replaces_and_forgets_per_url() {
        let cache = ValidatorCache::default();
        let v1 = Validators {
            etag: Some("W/\"a b\"".into()),
            last_modified: None,
        };
        cache.put("http://x/feed", v1.clone());
        assert_eq!(cache.get("http://x/feed"), v1);
        assert_eq!(cache.get("http://x/other"), Validators::default());
        let v2 = Validators {
            etag: Some("\"b\"".into()),
            last_modified: Some("Mon, 27 Jan 2025 10:00:00 GMT".into()),
        };
        cache.put("http://x/feed", v2.clone());
        assert_eq!(cache.get("http://x/feed"), v2);
        cache.put("http://x/feed", Validators::default());
        assert_eq!(cache.get("http://x/feed"), Validators::default());
    }
}
