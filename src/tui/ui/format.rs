//! Number and age formatting shared by the widgets.

use crate::core::model::Timestamp;

pub fn price(p: f64) -> String {
    if p.abs() < 1.0 {
        format!("{p:.4}")
    } else {
        format!("{p:.2}")
    }
}

/// What a figure that is not known shows: a dash, never a made-up zero.
pub const UNKNOWN: &str = "—";

/// `f` of a known figure, else the dash.
pub fn known(x: Option<f64>, f: fn(f64) -> String) -> String {
    x.map_or_else(|| UNKNOWN.to_string(), f)
}

pub fn change(c: f64) -> String {
    format!("{c:+.2}")
}

/// A price for the narrow grid: no cents from 10,000 up (BTC-USD fits).
pub fn price_compact(p: f64) -> String {
    if p.abs() >= 10_000.0 {
        format!("{p:.0}")
    } else {
        price(p)
    }
}

/// A change for the narrow grid: no cents from 1,000 up.
pub fn change_compact(c: f64) -> String {
    if c.abs() >= 1_000.0 {
        format!("{c:+.0}")
    } else {
        change(c)
    }
}

/// Arrow and signed percentage; the arrow is the non-colour cue.
pub fn pct(p: f64) -> String {
    let arrow = if p > 0.0 {
        '▲'
    } else if p < 0.0 {
        '▼'
    } else {
        '='
    };
    format!("{arrow}{p:+.2}%")
}

/// Compact seconds for narrow columns: "9s", "5m", "3h", "2d".
pub fn secs(s: i64) -> String {
    match s {
        ..=59 => format!("{}s", s.max(0)),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// "now", "42s", "5m", "3h", "2d", "1y".
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..=9 => "now".into(),
        10..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        86_400..=31_535_999 => format!("{}d", secs / 86_400),
        _ => format!("{}y", secs / 31_536_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn numbers_carry_sign_and_arrow() {
        assert_eq!(price(118.421), "118.42");
        assert_eq!(price(0.12345), "0.1235");
        assert_eq!(change(-24.2), "-24.20");
        assert_eq!(pct(-16.968), "▼-16.97%");
        assert_eq!(pct(1.5), "▲+1.50%");
        assert_eq!(pct(0.0), "=+0.00%");
    }

    #[test]
    fn compact_numbers_drop_cents_when_large() {
        assert_eq!(price_compact(118.421), "118.42");
        assert_eq!(price_compact(101_056.33), "101056");
        assert_eq!(change_compact(-241.594), "-241.59");
        assert_eq!(change_compact(1056.33), "+1056");
    }

    #[test]
    fn ages_are_short() {
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        assert_eq!(age(now, now - Duration::seconds(3)), "now");
        assert_eq!(age(now, now - Duration::minutes(5)), "5m");
        assert_eq!(age(now, now - Duration::hours(3)), "3h");
        assert_eq!(age(now, now - Duration::days(2)), "2d");
        assert_eq!(age(now, now - Duration::days(670)), "1y");
        assert_eq!(age(now, now + Duration::hours(1)), "now");
    }
}
