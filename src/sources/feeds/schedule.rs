//! When to poll a feed next: pure arithmetic over the last outcome, so it
//! is tested without clocks. The shell supplies the random `jitter` in
//! `[0, 1)`.

use std::time::Duration;

/// What the last poll said about the next one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// New content (200) or unchanged (304).
    Fresh {
        /// `<ttl>` or `Cache-Control: max-age`: the publisher's own pace.
        asks_every: Option<Duration>,
    },
    Failed {
        /// `Retry-After` of a 429/503.
        retry_after: Option<Duration>,
    },
}

/// A publisher asking for slower polling is honoured up to this.
const MAX_ASKED_INTERVAL: Duration = Duration::from_secs(24 * 3600);
/// A Retry-After further out than this is read as a misconfiguration.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone)]
pub struct FeedSchedule {
    /// The configured interval.
    pub every: Duration,
    /// Longest wait after repeated failures.
    pub backoff_cap: Duration,
    failures: u32,
}

impl FeedSchedule {
    pub fn new(every: Duration, backoff_cap: Duration) -> Self {
        FeedSchedule {
            every,
            backoff_cap,
            failures: 0,
        }
    }

    /// The wait before the next poll. Successes run on the interval (or
    /// the publisher's slower pace) plus up to 10% jitter; failures double
    /// the wait each time up to the cap, plus up to 25% jitter; a
    /// Retry-After is a floor.
    pub fn next_delay(&mut self, outcome: Outcome, jitter: f64) -> Duration {
        let jitter = jitter.clamp(0.0, 1.0);
        match outcome {
            Outcome::Fresh { asks_every } => {
                self.failures = 0;
                let base = asks_every
                    .map(|a| a.min(MAX_ASKED_INTERVAL))
                    .unwrap_or(self.every)
                    .max(self.every);
                base + base.mul_f64(0.1 * jitter)
            }
            Outcome::Failed { retry_after } => {
                self.failures = self.failures.saturating_add(1);
                let cap = self.backoff_cap.max(self.every);
                let doubled = self
                    .every
                    .saturating_mul(1 << self.failures.min(16))
                    .min(cap);
                let backoff = doubled + doubled.mul_f64(0.25 * jitter);
                backoff.max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn success_runs_on_the_interval_with_bounded_jitter() {
        let mut s = FeedSchedule::new(5 * MIN, 60 * MIN);
        let fresh = Outcome::Fresh { asks_every: None };
        assert_eq!(s.next_delay(fresh, 0.0), 5 * MIN);
        assert_eq!(
            s.next_delay(fresh, 1.0),
            5 * MIN + 30 * Duration::from_secs(1)
        );
    }

    #[test]
    fn a_publisher_may_slow_us_down_but_not_speed_us_up() {
        let mut s = FeedSchedule::new(5 * MIN, 60 * MIN);
        let slower = Outcome::Fresh {
            asks_every: Some(30 * MIN),
        };
        assert_eq!(s.next_delay(slower, 0.0), 30 * MIN);
        let faster = Outcome::Fresh {
            asks_every: Some(MIN),
        };
        assert_eq!(s.next_delay(faster, 0.0), 5 * MIN);
    }

    #[test]
    fn failures_back_off_exponentially_to_the_cap_and_reset() {
        let mut s = FeedSchedule::new(MIN, 10 * MIN);
        let failed = Outcome::Failed { retry_after: None };
        let waits: Vec<u64> = (0..6)
            .map(|_| s.next_delay(failed, 0.0).as_secs() / 60)
            .collect();
        assert_eq!(waits, [2, 4, 8, 10, 10, 10]);
        let jittered = s.next_delay(failed, 0.999);
        assert!(jittered > 10 * MIN && jittered <= 12 * MIN + 30 * Duration::from_secs(1));
        assert_eq!(s.next_delay(Outcome::Fresh { asks_every: None }, 0.0), MIN);
        assert_eq!(s.next_delay(failed, 0.0), 2 * MIN, "the count was reset");
    }

    #[test]
    fn retry_after_is_a_floor() {
        let mut s = FeedSchedule::new(MIN, 10 * MIN);
        let told = Outcome::Failed {
            retry_after: Some(45 * MIN),
        };
        assert_eq!(s.next_delay(told, 0.0), 45 * MIN);
        let short = Outcome::Failed {
            retry_after: Some(Duration::from_secs(5)),
        };
        assert_eq!(s.next_delay(short, 0.0), 4 * MIN);
    }
}
