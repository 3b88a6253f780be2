//! A screen on the desk bus: whether its link to the server is up, and
//! whether a collector holds the desk's lease. Pure: the shell reports
//! what the client and the lease key say; this decides what it means.

use crate::core::model::Timestamp;

/// What a `--bus` screen knows about its supply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusStatus {
    /// `None`: connected; else down since then.
    pub down_since: Option<Timestamp>,
    /// The lease as last read: who collects and until when it holds.
    pub lease: Option<(String, Timestamp)>,
    /// When the lease was seen released (a collector that stopped).
    pub released_at: Option<Timestamp>,
}

/// News about the bus, from the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusNews {
    Connected,
    Disconnected,
    /// The lease key changed: a holder until a time, or released.
    Lease(Option<(String, Timestamp)>),
}

impl BusStatus {
    /// Before the first connection: down since `now`.
    pub fn starting(now: Timestamp) -> BusStatus {
        BusStatus {
            down_since: Some(now),
            lease: None,
            released_at: Some(now),
        }
    }

    /// Take the news; whether anything a screen shows changed (a lease
    /// renewal alone does not).
    pub fn apply(&mut self, news: BusNews, now: Timestamp) -> bool {
        let before = (self.down_since, self.holder().map(str::to_string));
        match news {
            BusNews::Connected => self.down_since = None,
            BusNews::Disconnected => self.down_since = self.down_since.or(Some(now)),
            BusNews::Lease(Some(lease)) => {
                self.lease = Some(lease);
                self.released_at = None;
            }
            BusNews::Lease(None) => {
                self.lease = None;
                self.released_at = Some(now);
            }
        }
        before != (self.down_since, self.holder().map(str::to_string))
    }

    fn holder(&self) -> Option<&str> {
        self.lease.as_ref().map(|(h, _)| h.as_str())
    }

    /// Since when no collector has held the lease, if none does now: a
    /// lease not renewed by its expiry counts from that expiry.
    pub fn no_collector_since(&self, now: Timestamp) -> Option<Timestamp> {
        match &self.lease {
            Some((_, until)) if *until > now => None,
            Some((_, until)) => Some(*until),
            None => self.released_at.or(Some(now)),
        }
    }

    /// Whether what the screen shows may be out of date: no link, or
    /// nobody polling. Quotes are then shown stale.
    pub fn cut_off(&self, now: Timestamp) -> bool {
        self.down_since.is_some() || self.no_collector_since(now).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(s: i64) -> Timestamp {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    #[test]
    fn a_screen_is_cut_off_until_connected_with_a_live_collector() {
        let mut b = BusStatus::starting(at(0));
        assert!(b.cut_off(at(0)));
        b.apply(BusNews::Connected, at(1));
        assert!(b.cut_off(at(1)), "connected, but nobody collects");
        assert!(b.apply(BusNews::Lease(Some(("a".into(), at(10)))), at(2)));
        assert!(!b.cut_off(at(5)));
        assert!(
            !b.apply(BusNews::Lease(Some(("a".into(), at(12)))), at(4)),
            "a renewal changes nothing on screen"
        );
        b.apply(BusNews::Lease(Some(("a".into(), at(10)))), at(4));
        assert_eq!(b.no_collector_since(at(12)), Some(at(10)), "lease ran out");
        assert!(b.cut_off(at(12)));
    }

    #[test]
    fn a_drop_counts_from_its_first_report() {
        let mut b = BusStatus::starting(at(0));
        b.apply(BusNews::Connected, at(1));
        b.apply(BusNews::Disconnected, at(5));
        b.apply(BusNews::Disconnected, at(9));
        assert_eq!(b.down_since, Some(at(5)));
        b.apply(BusNews::Connected, at(20));
        assert_eq!(b.down_since, None);
    }

    #[test]
    fn a_released_lease_means_no_collector_at_once() {
        let mut b = BusStatus::starting(at(0));
        b.apply(BusNews::Lease(Some(("a".into(), at(100)))), at(1));
        b.apply(BusNews::Lease(None), at(3));
        assert_eq!(b.no_collector_since(at(4)), Some(at(3)));
    }
}
