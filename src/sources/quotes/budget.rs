//! A provider's request budget, shared by every request to it: the token
//! bucket of `core::quotes::budget` on the tokio clock (paused in tests).

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::core::quotes::BudgetUse;
use crate::core::quotes::{BudgetSpec, TokenBucket};

pub struct Budget {
    origin: Instant,
    bucket: Mutex<TokenBucket>,
}

impl Budget {
    pub fn new(spec: BudgetSpec) -> Budget {
        Budget {
            origin: Instant::now(),
            bucket: Mutex::new(TokenBucket::new(spec)),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut TokenBucket, Duration) -> T) -> T {
        let now = Instant::now().saturating_duration_since(self.origin);
        f(&mut self.bucket.lock().expect("not poisoned"), now)
    }

    pub fn spec(&self) -> BudgetSpec {
        self.with(|b, _| b.spec())
    }

    /// Spend a token for one request, or say how long until one is there.
    pub fn take(&self) -> Result<(), Duration> {
        self.with(|b, now| b.take(now))
    }

    /// Spend a token, waiting for one if need be.
    pub async fn acquire(&self) {
        while let Err(wait) = self.take() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Whole tokens there now.
    pub fn available(&self) -> u32 {
        self.with(|b, now| b.available(now))
    }

    /// How long until a token is there to spend.
    pub fn wait(&self) -> Duration {
        self.with(|b, now| b.wait(now))
    }

    /// What the user sees: used / allowed, and when the next token comes.
    pub fn usage(&self) -> BudgetUse {
        self.with(|b, now| {
            let spec = b.spec();
            BudgetUse {
                used: b.used(now),
                rate: spec.rate,
                burst: spec.burst,
                tokens: b.available(now),
                next_token: b
                    .next_token(now)
                    .and_then(|d| chrono::TimeDelta::from_std(d).ok())
                    .map(|d| chrono::Utc::now() + d),
            }
        })
    }
}
