//! When a symbol whose poll failed is asked again: soon, then backing off,
//! on its own schedule — not the closed market's slow cadence, which is
//! for symbols that answer (a failure at start must not stay on screen
//! for five minutes).

use std::time::Duration;

/// The first retry after a failure.
pub const FIRST_RETRY: Duration = Duration::from_secs(5);

/// The pause before retrying after `failures` failed polls in a row
/// (1 = the first): `FIRST_RETRY` doubling, never longer than the
/// symbol's own cadence `clock`, spread by ±20% with `jitter` in [0, 1).
pub fn quote_retry(failures: u32, clock: Duration, jitter: f64) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let backoff = FIRST_RETRY.saturating_mul(1 << doublings);
    let pause = backoff.min(clock.max(FIRST_RETRY));
    pause.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_soon_then_doubles_up_to_the_symbols_cadence() {
        let closed = Duration::from_secs(300);
        let secs: Vec<u64> = (1..=8)
            .map(|n| quote_retry(n, closed, 0.5).as_secs())
            .collect();
        assert_eq!(secs, [5, 10, 20, 40, 80, 160, 300, 300]);
        let open = Duration::from_secs(15);
        let secs: Vec<u64> = (1..=3)
            .map(|n| quote_retry(n, open, 0.5).as_secs())
            .collect();
        assert_eq!(secs, [5, 10, 15]);
        assert_eq!(quote_retry(u32::MAX, closed, 0.5), closed);
    }

    #[test]
    fn jitter_spreads_by_a_fifth_either_way() {
        let clock = Duration::from_secs(300);
        assert_eq!(quote_retry(1, clock, 0.0), Duration::from_secs(4));
        assert_eq!(quote_retry(1, clock, 1.0), Duration::from_secs(6));
    }
}
