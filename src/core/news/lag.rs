//! How late a source's news reaches us: for each new item with a plausible
//! publication time, lag = first seen − published, over a bounded window of
//! recent items (median, p90, count). Items older than the feed's previous
//! good poll are backlog, not news: they give no lag.

use std::collections::VecDeque;

use crate::core::model::Timestamp;

/// Recent samples kept per source.
pub const WINDOW: usize = 50;
/// A publisher's clock may run this far ahead of ours.
pub const SKEW_S: i64 = 120;
/// Samples before a source's lag is trusted enough to log a change.
const SETTLED: usize = 5;

/// Median, p90 (nearest rank) and count of a source's recent lags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LagSummary {
    pub median_s: i64,
    pub p90_s: i64,
    pub n: usize,
}

/// One source's recent lags, and what it last logged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceLag {
    samples: VecDeque<i64>,
    /// New items that had no plausible date.
    undated: u64,
    /// The median last logged (or settled on): a change is measured from it.
    baseline: Option<i64>,
}

impl SourceLag {
    /// A window restored from the store (oldest first).
    pub fn from_samples(samples: impl IntoIterator<Item = i64>) -> SourceLag {
        let mut lag = SourceLag::default();
        for s in samples {
            lag.push(s);
        }
        lag.baseline = lag.summary().map(|s| s.median_s);
        lag
    }

    fn push(&mut self, s: i64) {
        if self.samples.len() == WINDOW {
            self.samples.pop_front();
        }
        self.samples.push_back(s);
    }

    /// A new item seen at `first_seen`, published at `published`, on a poll
    /// whose previous good one was `since`. Returns the sample it kept.
    pub fn record(
        &mut self,
        published: Option<Timestamp>,
        first_seen: Timestamp,
        since: Timestamp,
    ) -> Option<i64> {
        let Some(p) = published else {
            self.undated += 1;
            return None;
        };
        let lag = (first_seen - p).num_seconds();
        if lag < -SKEW_S {
            self.undated += 1;
            return None;
        }
        // Backlog: on the feed before we last looked.
        if p < since - chrono::Duration::seconds(SKEW_S) {
            return None;
        }
        let lag = lag.max(0);
        self.push(lag);
        Some(lag)
    }

    /// Oldest first, for the store.
    pub fn samples(&self) -> impl Iterator<Item = i64> + '_ {
        self.samples.iter().copied()
    }

    pub fn summary(&self) -> Option<LagSummary> {
        let mut v: Vec<i64> = self.samples.iter().copied().collect();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let rank = |q: f64| v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Some(LagSummary {
            median_s: rank(0.5),
            p90_s: rank(0.9),
            n: v.len(),
        })
    }

    /// New items came but none with a usable date.
    pub fn no_dates(&self) -> bool {
        self.samples.is_empty() && self.undated > 0
    }

    /// `(from, to)` medians when the source became much slower (twice as
    /// late and a minute more) since the last change; once per change.
    /// Getting faster moves the baseline quietly.
    pub fn slower(&mut self) -> Option<(i64, i64)> {
        let now = self.summary().filter(|s| s.n >= SETTLED)?.median_s;
        let Some(base) = self.baseline else {
            self.baseline = Some(now);
            return None;
        };
        if now >= 2 * base && now >= base + 60 {
            self.baseline = Some(now);
            return Some((base, now));
        }
        if now * 2 <= base {
            self.baseline = Some(now);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn at(h: u32, m: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 12, 8, h, m, 0).unwrap()
    }

    #[test]
    fn new_items_give_lag_backlog_and_the_future_do_not() {
        let mut lag = SourceLag::default();
        let (since, seen) = (at(10, 0), at(10, 10));
        assert_eq!(lag.record(Some(at(10, 7)), seen, since), Some(180));
        // Dated 2024: on the feed long before the last poll.
        let old = Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap();
        assert_eq!(lag.record(Some(old), seen, since), None);
        // A minute fast is skew (lag 0); an hour fast is not a date.
        assert_eq!(lag.record(Some(at(10, 11)), seen, since), Some(0));
        assert_eq!(lag.record(Some(at(11, 10)), seen, since), None);
        assert_eq!(
            lag.summary(),
            Some(LagSummary {
                median_s: 0,
                p90_s: 180,
                n: 2
            })
        );
        assert!(!lag.no_dates());
        let mut undated = SourceLag::default();
        assert_eq!(undated.record(None, seen, since), None);
        assert!(undated.no_dates() && undated.summary().is_none());
    }

    #[test]
    fn the_window_is_bounded_and_percentiles_are_nearest_rank() {
        let seen = at(12, 0);
        let mut lag = SourceLag::default();
        for s in 1..=100 {
            lag.record(
                Some(seen - Duration::seconds(s)),
                seen,
                seen - Duration::hours(1),
            );
        }
        let s = lag.summary().unwrap();
        assert_eq!((s.n, s.median_s, s.p90_s), (WINDOW, 75, 95));
        let back = SourceLag::from_samples(lag.samples());
        assert_eq!(back.summary(), Some(s));
    }

    #[test]
    fn much_slower_is_logged_once_per_change() {
        let mut lag = SourceLag::from_samples([60; 10]);
        assert_eq!(lag.slower(), None);
        let mut logged = Vec::new();
        for _ in 0..20 {
            lag.push(600);
            logged.extend(lag.slower());
        }
        assert_eq!(logged, [(60, 600)]);
        // Faster again: no line, but the next slowdown counts from there.
        for _ in 0..WINDOW {
            lag.push(30);
            assert_eq!(lag.slower(), None);
        }
    }
}
