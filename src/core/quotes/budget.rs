//! Request budgets: a provider's sustained rate ("360/h") and burst, as a
//! token bucket. Pure: time comes in as the offset from a fixed origin.

use std::collections::VecDeque;
use std::time::Duration;

/// A sustained rate: `count` requests per `per`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    /// "360/h", "60/min", "5/s", "2000/day".
    pub fn parse(text: &str) -> Result<Rate, String> {
        let bad = || format!("invalid budget {text:?}: expected requests/unit, e.g. \"360/h\"");
        let (count, unit) = text.split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let secs = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => 60,
            "h" | "hour" => 3600,
            "d" | "day" => 86_400,
            _ => return Err(bad()),
        };
        if count == 0 {
            return Err(format!("budget {text:?} allows no request at all"));
        }
        Ok(Rate {
            count,
            per: Duration::from_secs(secs),
        })
    }

    pub fn per_hour(self) -> f64 {
        f64::from(self.count) * 3600.0 / self.per.as_secs_f64()
    }

    fn per_sec(self) -> f64 {
        f64::from(self.count) / self.per.as_secs_f64()
    }

    /// The unit as written back to the user: "h", "min", "s", "day".
    pub fn unit(self) -> &'static str {
        match self.per.as_secs() {
            1 => "s",
            60 => "min",
            86_400 => "day",
            _ => "h",
        }
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.count, self.unit())
    }
}

/// Float dust tolerated when counting whole tokens.
const EPSILON: f64 = 1e-9;

/// A provider's budget as configured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetSpec {
    pub rate: Rate,
    pub burst: u32,
}

/// Tokens refill at the sustained rate up to the burst; each request takes
/// one. Starts full: a start-up may spend the burst at once.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    spec: BudgetSpec,
    tokens: f64,
    at: Duration,
    /// When the requests of the last `rate.per` were sent (for "used").
    spent: VecDeque<Duration>,
}

impl TokenBucket {
    pub fn new(spec: BudgetSpec) -> TokenBucket {
        TokenBucket {
            spec,
            tokens: f64::from(spec.burst.max(1)),
            at: Duration::ZERO,
            spent: VecDeque::new(),
        }
    }

    pub fn spec(&self) -> BudgetSpec {
        self.spec
    }

    fn refill(&mut self, now: Duration) {
        if now > self.at {
            let gained = (now - self.at).as_secs_f64() * self.spec.rate.per_sec();
            self.tokens = (self.tokens + gained).min(f64::from(self.spec.burst.max(1)));
            self.at = now;
        }
        while self
            .spent
            .front()
            .is_some_and(|t| now.saturating_sub(*t) >= self.spec.rate.per)
        {
            self.spent.pop_front();
        }
    }

    /// Spend a token, or say how long until one is there.
    pub fn take(&mut self, now: Duration) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens + EPSILON >= 1.0 {
            self.tokens = (self.tokens - 1.0).max(0.0);
            self.spent.push_back(now);
            Ok(())
        } else {
            Err(self.wait(now))
        }
    }

    /// Whole tokens there now.
    pub fn available(&mut self, now: Duration) -> u32 {
        self.refill(now);
        (self.tokens + EPSILON).floor() as u32
    }

    /// How long until a token is there to spend (zero: now).
    pub fn wait(&mut self, now: Duration) -> Duration {
        self.refill(now);
        self.time_to(1.0)
    }

    /// How long until the bucket gains its next whole token; `None` when
    /// it is full.
    pub fn next_token(&mut self, now: Duration) -> Option<Duration> {
        self.refill(now);
        (self.tokens < f64::from(self.spec.burst.max(1)))
            .then(|| self.time_to((self.tokens + EPSILON).floor() + 1.0))
    }

    fn time_to(&self, level: f64) -> Duration {
        let missing = (level - self.tokens).max(0.0);
        // Whole milliseconds, up, ignoring float dust: a wake-up at the
        // returned time finds the token there (see EPSILON).
        let ms = (missing / self.spec.rate.per_sec() * 1000.0 - 1e-6).ceil();
        Duration::from_millis(ms.max(0.0) as u64)
    }

    /// Requests sent within the last `rate.per`.
    pub fn used(&mut self, now: Duration) -> u32 {
        self.refill(now);
        self.spent.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn rates_read_as_written() {
        let r = Rate::parse("360/h").unwrap();
        assert_eq!((r.count, r.per), (360, secs(3600)));
        assert_eq!(r.per_hour(), 360.0);
        assert_eq!(Rate::parse("60/min").unwrap().per_hour(), 3600.0);
        assert_eq!(Rate::parse(" 5 / s").unwrap().to_string(), "5/s");
        assert_eq!(Rate::parse("2000/day").unwrap().to_string(), "2000/day");
        for bad in ["360", "x/h", "360/fortnight", "-1/h", "0/h"] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_full_bucket_spends_its_burst_then_the_rate() {
        let spec = BudgetSpec {
            rate: Rate::parse("360/h").unwrap(),
            burst: 20,
        };
        let mut b = TokenBucket::new(spec);
        for _ in 0..20 {
            assert!(b.take(secs(0)).is_ok());
        }
        assert_eq!(b.take(secs(0)), Err(secs(10)), "one token per 10 s");
        assert_eq!(b.take(secs(4)), Err(secs(6)));
        assert!(b.take(secs(10)).is_ok());
        assert_eq!(b.used(secs(10)), 21);
        // An hour on, the bucket is full again and nothing counts as used.
        assert_eq!(b.available(secs(3700)), 20);
        assert_eq!(b.used(secs(3700)), 0);
        assert_eq!(b.wait(secs(3700)), Duration::ZERO);
        assert_eq!(b.next_token(secs(3700)), None, "full");
        b.take(secs(3700)).unwrap();
        assert_eq!(b.next_token(secs(3702)), Some(secs(8)));
    }

    #[test]
    fn a_steady_hour_never_exceeds_rate_plus_burst() {
        let spec = BudgetSpec {
            rate: Rate::parse("360/h").unwrap(),
            burst: 20,
        };
        let mut b = TokenBucket::new(spec);
        // Someone asks every second for an hour.
        let sent = (0..3600).filter(|s| b.take(secs(*s)).is_ok()).count();
        assert!((379..=380).contains(&sent), "{sent}");
    }
}
