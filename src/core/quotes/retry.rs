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
mod tests;
