//! Number, time and age formatting shared by the widgets. Ages go through
//! a frame's `Clock`, which notes whether any is shown in seconds.

use std::cell::Cell;

use chrono::Datelike;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// Compact seconds for narrow columns: "9s", "5m", "3h", "2d", "3y".
pub fn secs(s: i64) -> String {
    match s {
        ..=59 => format!("{}s", s.max(0)),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        86_400..=YEAR_MINUS_ONE => format!("{}d", s / 86_400),
        _ => format!("{}y", s / YEAR),
    }
}

const YEAR: i64 = 31_536_000;
const YEAR_MINUS_ONE: i64 = YEAR - 1;

/// "now", "42s", "5m", "3h", "2d", "1y".
fn age(secs: i64) -> String {
    match secs {
        0..=9 => "now".into(),
        _ => self::secs(secs),
    }
}

/// Ages and countdowns against one frame's `now`. Whatever shows seconds
/// must be redrawn every second: the clock notes it (and only then does
/// the shell redraw on its tick).
#[derive(Debug)]
pub struct Clock {
    now: Timestamp,
    seconds: Cell<bool>,
}

impl Clock {
    pub fn new(now: Timestamp) -> Clock {
        Clock {
            now,
            seconds: Cell::new(false),
        }
    }

    /// Whether anything shown so far counts seconds.
    pub fn ticking(&self) -> bool {
        self.seconds.get()
    }

    fn note(&self, secs: i64) -> i64 {
        let secs = secs.max(0);
        if secs < 60 {
            self.seconds.set(true);
        }
        secs
    }

    /// Since `then`: "now", "42s", "5m", "3h", "2d", "1y".
    pub fn age(&self, then: Timestamp) -> String {
        age(self.note((self.now - then).num_seconds()))
    }

    /// `age`, with " ago" unless it is "now".
    pub fn ago(&self, then: Timestamp) -> String {
        match self.age(then) {
            now if now == "now" => now,
            age => format!("{age} ago"),
        }
    }

    /// A span of `s` seconds, compact: "9s", "5m", "3h", "2d", "3y".
    pub fn secs(&self, s: i64) -> String {
        secs(self.note(s))
    }

    /// Until `t`, compact (zero once it has passed).
    pub fn until(&self, t: Timestamp) -> String {
        self.secs((t - self.now).num_seconds())
    }

    /// A moment as "Mon 27 Jan 21:00 UTC", with the year when it is not
    /// this year's.
    pub fn stamp(&self, t: Timestamp) -> String {
        if t.year() == self.now.year() {
            t.format("%a %d %b %H:%M UTC").to_string()
        } else {
            t.format("%a %d %b %Y %H:%M UTC").to_string()
        }
    }
}

/// `s` cut to `width` columns with "…" in the middle, keeping slightly
/// more of the end: where similar names differ ("Storm…feed-2").
pub fn middle(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let head = (width - 1) / 2;
    let tail = width - 1 - head;
    let mut front = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > head {
            break;
        }
        used += w;
        front.push(c);
    }
    let mut back: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail {
            break;
        }
        used += w;
        back.push(c);
    }
    back.reverse();
    format!("{front}…{}", back.into_iter().collect::<String>())
}

/// `s` cut to `width` columns, "…" marking the cut.
pub fn end(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
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
    fn ages_are_short_and_the_clock_notes_seconds() {
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let clock = Clock::new(now);
        assert_eq!(clock.age(now - Duration::minutes(5)), "5m");
        assert_eq!(clock.age(now - Duration::hours(3)), "3h");
        assert_eq!(clock.age(now - Duration::days(2)), "2d");
        assert_eq!(clock.age(now - Duration::days(670)), "1y");
        assert_eq!(clock.secs(4 * 365 * 86_400), "4y");
        assert!(!clock.ticking(), "nothing in seconds yet");
        assert_eq!(clock.age(now + Duration::hours(1)), "now");
        assert!(clock.ticking(), "\"now\" becomes \"10s\": it ticks");
        let clock = Clock::new(now);
        assert_eq!(clock.until(now + Duration::seconds(44)), "44s");
        assert!(clock.ticking());
        assert_eq!(clock.ago(now - Duration::seconds(3)), "now");
        assert_eq!(clock.ago(now - Duration::seconds(37)), "37s ago");
    }

    #[test]
    fn dates_from_other_years_say_the_year() {
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let clock = Clock::new(now);
        assert_eq!(clock.stamp(now), "Mon 27 Jan 21:00 UTC");
        let old = Utc.with_ymd_and_hms(2021, 11, 22, 21, 0, 3).unwrap();
        assert_eq!(clock.stamp(old), "Mon 22 Nov 2021 21:00 UTC");
    }

    #[test]
    fn names_are_cut_in_the_middle_keeping_their_end() {
        assert_eq!(middle("Storm429 noRA feed-1", 12), "Storm…feed-1");
        assert_eq!(middle("Storm429 noRA feed-2", 12), "Storm…feed-2");
        assert_eq!(middle("short", 12), "short");
        assert_eq!(
            end("network error: Connection refused", 16),
            "network error: …"
        );
        assert_eq!(end("HTTP 503", 16), "HTTP 503");
    }
}
