//! Tolerant feed dates: RFC 3339 and RFC 2822 first, then the breakages
//! seen in real feeds (localized weekday names, trailing junk, 12-hour
//! clocks without a zone). `None` lets the caller fall back to first-seen.

use chrono::{DateTime, NaiveDateTime, Utc};

pub fn parse_feed_date(raw: &str) -> Option<DateTime<Utc>> {
    let text = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    // A weekday in any language adds nothing: drop "Dom, " / "Sat, ".
    let text = match text.split_once(',') {
        Some((day, rest)) if day.chars().all(char::is_alphabetic) => rest.trim(),
        _ => text,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    // Longest prefix that parses wins: trailing junk is ignored.
    (3..=words.len().min(7))
        .rev()
        .find_map(|n| parse_words(&words[..n].join(" ")))
}

/// Formats with a zone, then zone-less ones read as UTC.
const ZONED: [&str; 3] = [
    "%d %b %Y %H:%M:%S %z",
    "%d %b %Y %H:%M %z",
    "%b %d %Y %H:%M:%S %z",
];
const NAIVE: [&str; 6] = [
    "%b %d %Y %I:%M:%S %p",
    "%b %d %Y %I:%M %p",
    "%d %b %Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%b %d %Y %H:%M:%S",
];

fn parse_words(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Some(t.with_timezone(&Utc));
    }
    ZONED
        .iter()
        .find_map(|f| DateTime::parse_from_str(text, f).ok())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            NAIVE
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
                .map(|t| t.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn standard_dates() {
        assert_eq!(
            parse_feed_date("Mon, 27 Jan 2025 10:00:00 GMT"),
            at("2025-01-27T10:00:00Z")
        );
        assert_eq!(
            parse_feed_date(" 2025-01-27T10:00:00+01:00 "),
            at("2025-01-27T09:00:00Z")
        );
        assert_eq!(
            parse_feed_date("Mon, 27 Jan 2025 10:00:00 -0500"),
            at("2025-01-27T15:00:00Z")
        );
    }

    #[test]
    fn corpus_oddities() {
        // NBC New York: month first, 12-hour clock, no zone.
        assert_eq!(
            parse_feed_date("Sat, Dec 16 2023 02:02:33 PM"),
            at("2023-12-16T14:02:33Z")
        );
        // SinEmbargo: Spanish weekday and a second date trailing.
        assert_eq!(
            parse_feed_date("Dom, 16 Jun 2024 14:09:05 +0000 2024-06-16 14:09:05"),
            at("2024-06-16T14:09:05Z")
        );
        // A wrong English weekday is not a reason to lose the date.
        assert_eq!(
            parse_feed_date("Fri, 27 Jan 2025 10:00:00 GMT"),
            at("2025-01-27T10:00:00Z")
        );
    }

    #[test]
    fn nonsense_is_none() {
        for s in ["", "yesterday", "32 Foo 2024 99:99:99", "12345"] {
            assert_eq!(parse_feed_date(s), None, "{s}");
        }
    }
}
