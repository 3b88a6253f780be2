//! The time typed after `t` in a replay: absolute in UTC (`2025-01-27
//! 14:30`, RFC 3339, a date alone), a clock time on the replay's day
//! (`21:30`), either in New York time with `et` (`09:30 et`), or relative
//! (`+2h`, `-30m`, `+1d`).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::America::New_York;

use crate::core::model::Timestamp;

pub fn parse_time(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type a time, e.g. 2025-01-27 14:30, 09:30 et, +2h".into());
    }
    if let Some(rel) = relative(text) {
        return rel.map(|d| now + d);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let lower = text.to_ascii_lowercase();
    let (local, ny) = match lower
        .strip_suffix("et")
        .or_else(|| lower.strip_suffix("ny"))
    {
        Some(rest) => (rest.trim(), true),
        None => (lower.strip_suffix("utc").unwrap_or(&lower).trim(), false),
    };
    let today = if ny {
        now.with_timezone(&New_York).date_naive()
    } else {
        now.date_naive()
    };
    let naive = naive_time(local, today)
        .ok_or_else(|| format!("{text:?} is not a time (try 2025-01-27 14:30, 09:30 et, +2h)"))?;
    if ny {
        New_York
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| format!("{text:?} does not exist in New York"))
    } else {
        Ok(naive.and_utc())
    }
}

/// `+2h`, `-30m`, `+45s`, `+1d`.
fn relative(text: &str) -> Option<Result<Duration, String>> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (num, unit) = rest.split_at(split);
    let n: i64 = match num.parse() {
        Ok(n) => n,
        Err(_) => return Some(Err(format!("{text:?}: a number, then s, m, h or d"))),
    };
    let d = match unit.trim() {
        "s" => Duration::seconds(n),
        "m" | "" => Duration::minutes(n),
        "h" => Duration::hours(n),
        "d" => Duration::days(n),
        _ => return Some(Err(format!("{text:?}: a number, then s, m, h or d"))),
    };
    Some(Ok(d * sign))
}

fn naive_time(text: &str, today: NaiveDate) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(t);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|fmt| NaiveTime::parse_from_str(text, fmt).ok())
        .map(|t| today.and_time(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(d: u32, h: u32, m: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, d, h, m, 0).unwrap()
    }

    #[test]
    fn absolute_clock_new_york_and_relative_times() {
        let now = utc(24, 20, 0);
        let ok = |s| parse_time(s, now).unwrap();
        assert_eq!(ok("2025-01-27 21:30"), utc(27, 21, 30));
        assert_eq!(ok("2025-01-27T21:30:00Z"), utc(27, 21, 30));
        assert_eq!(ok("2025-01-27"), utc(27, 0, 0));
        assert_eq!(ok("21:30"), utc(24, 21, 30));
        assert_eq!(ok("09:30 ET"), utc(24, 14, 30), "winter: UTC-5");
        assert_eq!(ok("2025-01-27 09:30 et"), utc(27, 14, 30));
        assert_eq!(ok("+2h"), utc(24, 22, 0));
        assert_eq!(ok("-30m"), utc(24, 19, 30));
        assert_eq!(ok("+3d"), utc(27, 20, 0));
        for bad in ["", "monday", "+2x", "25:00", "2025-13-01"] {
            assert!(parse_time(bad, now).is_err(), "{bad:?}");
        }
    }
}
