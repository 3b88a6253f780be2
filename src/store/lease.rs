//! The leader lease: one row naming the process that polls for this data
//! dir and until when. The holder renews it well before it lapses; when
//! the holder exits it gives the lease up, and when it is killed the lease
//! simply runs out and another process takes it.

use rusqlite::{OptionalExtension, params};

use super::rows::secs;
use super::{Store, StoreError};
use crate::core::model::Timestamp;

/// How long a lease lasts unrenewed: the takeover time after the holder
/// hangs, or is killed on another host.
pub const LEASE_SECS: i64 = 5;

/// A lease holder's name: host and process, unique per run.
pub fn holder_name(role: &str) -> String {
    format!(
        "{} {role} pid {} #{:08x}",
        host_name(),
        std::process::id(),
        fastrand::u32(..)
    )
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates
    // within it or truncates.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    if ok {
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "?".into()
    }
}

/// A holder named on this host whose process no longer exists.
fn holder_is_dead(holder: &str) -> bool {
    let mut words = holder.split(' ');
    let host = words.next().unwrap_or_default();
    let pid = holder
        .split(" pid ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|p| p.parse::<i32>().ok());
    match pid {
        Some(pid) if host == host_name() && pid > 0 => {
            // SAFETY: signal 0 only checks that the process exists.
            let signalled = unsafe { libc::kill(pid, 0) };
            signalled == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
        }
        _ => false,
    }
}

impl Store {
    /// Take or renew the lease for `holder`; false while another live
    /// process holds it. A holder on this host whose process is gone
    /// (killed) loses it at once rather than when it lapses.
    pub fn try_lead(&mut self, holder: &str, now: Timestamp) -> Result<bool, StoreError> {
        let dead = self.holder().ok().flatten().filter(|h| holder_is_dead(h));
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let changed = tx.execute(
                "INSERT INTO lease (id, holder, expires) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                 WHERE lease.holder = excluded.holder OR lease.expires <= ?3 OR lease.holder = ?4",
                params![holder, secs(now) + LEASE_SECS, secs(now), dead],
            )?;
            tx.commit()?;
            Ok(changed == 1)
        })();
        result.map_err(|e| self.fail(e))
    }

    /// Whether another live process holds an unexpired lease (a cheap read).
    pub fn led_by_other(&self, holder: &str, now: Timestamp) -> Result<bool, StoreError> {
        let row: Option<(String, i64)> = self
            .conn
            .query_row("SELECT holder, expires FROM lease WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| self.fail(e))?;
        Ok(row
            .is_some_and(|(h, expires)| h != holder && expires > secs(now) && !holder_is_dead(&h)))
    }

    fn holder(&self) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row("SELECT holder FROM lease WHERE id = 1", [], |r| r.get(0))
            .optional()
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
    fn a_dead_holder_on_this_host_loses_the_lease_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let retention = Retention {
            max_age: std::time::Duration::from_secs(86_400),
            max_headlines: 1000,
        };
        let mut a = Store::open(dir.path(), retention).unwrap();
        let now = Utc::now();
        // A pid that cannot exist (above the kernel's maximum).
        let dead = format!("{} monitor pid 2147483646 #0", super::host_name());
        assert!(a.try_lead(&dead, now).unwrap());
        assert!(!a.led_by_other("me", now).unwrap());
        assert!(
            a.try_lead("me", now).unwrap(),
            "taken over before it lapsed"
        );
        let elsewhere = "otherhost monitor pid 2147483646 #0";
        let mut b = Store::open(dir.path(), retention).unwrap();
        b.release("me").unwrap();
        assert!(b.try_lead(elsewhere, now).unwrap());
        assert!(
            !a.try_lead("me", now).unwrap(),
            "another host's holder is trusted"
        );
    }

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
