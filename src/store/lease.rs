//! The leader lease: one row naming the process that polls for this data
//! dir and until when. The holder renews it well before it lapses; when
//! the holder exits it gives the lease up, and when it is killed the lease
//! simply runs out and another process takes it.

use rusqlite::params;

use super::rows::secs;
use super::{Store, StoreError};
use crate::core::model::Timestamp;

/// How long a lease lasts unrenewed: the takeover time after a kill.
pub const LEASE_SECS: i64 = 5;

impl Store {
    /// Take or renew the lease for `holder`; false while another live
    /// process holds it.
    pub fn try_lead(&mut self, holder: &str, now: Timestamp) -> Result<bool, StoreError> {
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let changed = tx.execute(
                "INSERT INTO lease (id, holder, expires) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                 WHERE lease.holder = excluded.holder OR lease.expires <= ?3",
                params![holder, secs(now) + LEASE_SECS, secs(now)],
            )?;
            tx.commit()?;
            Ok(changed == 1)
        })();
        result.map_err(|e| self.fail(e))
    }

    /// Whether someone else holds an unexpired lease (a cheap read).
    pub fn led_by_other(&self, holder: &str, now: Timestamp) -> Result<bool, StoreError> {
        let row: Option<(String, i64)> = rusqlite::OptionalExtension::optional(
            self.conn
                .query_row("SELECT holder, expires FROM lease WHERE id = 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                }),
        )
        .map_err(|e| self.fail(e))?;
        Ok(row.is_some_and(|(h, expires)| h != holder && expires > secs(now)))
    }

    /// Give the lease up at exit, so a follower takes over at once.
    pub fn release(&mut self, holder: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE lease SET expires = 0 WHERE id = 1 AND holder = ?1",
                [holder],
            )
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Retention, Store};
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn one_leader_at_a_time_and_takeover_after_expiry_or_release() {
        let dir = tempfile::tempdir().unwrap();
        let retention = Retention {
            max_age: std::time::Duration::from_secs(86_400),
            max_headlines: 1000,
        };
        let mut a = Store::open(dir.path(), retention).unwrap();
        let mut b = Store::open(dir.path(), retention).unwrap();
        let t0 = Utc.with_ymd_and_hms(2025, 1, 27, 12, 0, 0).unwrap();
        assert!(a.try_lead("a", t0).unwrap());
        assert!(!b.try_lead("b", t0).unwrap(), "a holds it");
        assert!(b.led_by_other("b", t0).unwrap());
        assert!(
            a.try_lead("a", t0 + Duration::seconds(3)).unwrap(),
            "renewed"
        );
        assert!(
            !b.try_lead("b", t0 + Duration::seconds(7)).unwrap(),
            "renewal counted"
        );
        assert!(
            b.try_lead("b", t0 + Duration::seconds(9)).unwrap(),
            "a lapsed"
        );
        assert!(!a.try_lead("a", t0 + Duration::seconds(9)).unwrap());
        b.release("b").unwrap();
        assert!(
            a.try_lead("a", t0 + Duration::seconds(10)).unwrap(),
            "released"
        );
    }
}
