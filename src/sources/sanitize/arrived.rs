//! Values that arrive already parsed (a recording, a bus message, a store
//! row) pass the same gate as a poll: text cleaned and capped, links
//! http(s) only, dates from the future clamped, quotes vetted.

use super::gate::{MAX_DETAIL_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};
use super::gate::{sanitize_link, sanitize_plain};
use crate::core::model::{Failure, FailureClass, FetchReport, Headline, Quote, Timestamp};
use crate::core::quotes::vet;

/// Longest symbol, currency or exchange name kept.
const MAX_NAME_CHARS: usize = 64;
/// Clock skew forgiven between an event and what it carries.
const SKEW_SECS: i64 = 300;

/// A headline as the feed path would have made it. `at` is when it
/// arrived: a first sighting later than that (past skew) is clamped to it.
pub fn headline(h: Headline, at: Option<Timestamp>) -> Headline {
    let first_seen = match at {
        Some(at) if (h.first_seen - at).num_seconds() > SKEW_SECS => at,
        _ => h.first_seen,
    };
    Headline {
        id: sanitize_plain(&h.id, MAX_TITLE_CHARS),
        title: sanitize_plain(&h.title, MAX_TITLE_CHARS),
        link: h.link.as_deref().and_then(sanitize_link),
        source: sanitize_plain(&h.source, MAX_TITLE_CHARS),
        published: h.published.filter(|p| *p <= first_seen),
        first_seen,
        summary: sanitize_plain(&h.summary, MAX_SUMMARY_CHARS),
    }
}

/// A short name (symbol, feed name, URL shown as text) without controls.
pub fn name(s: &str) -> String {
    sanitize_plain(s, MAX_TITLE_CHARS)
}

/// An error detail as a poll's would be.
pub fn detail(s: &str) -> String {
    sanitize_plain(s, MAX_DETAIL_CHARS)
}

/// A report's names cleaned.
pub fn report(r: FetchReport) -> FetchReport {
    FetchReport {
        name: name(&r.name),
        url: name(&r.url),
        ..r
    }
}

/// A quote's text cleaned and its figures vetted at `now`, as a polled
/// one is; `Err` is the failure to show instead (the last good quote kept).
pub fn quote(q: Quote, now: Timestamp) -> Result<Quote, Failure> {
    let q = Quote {
        symbol: sanitize_plain(&q.symbol, MAX_NAME_CHARS),
        currency: sanitize_plain(&q.currency, MAX_NAME_CHARS),
        exchange: sanitize_plain(&q.exchange, MAX_NAME_CHARS),
        ..q
    };
    let prev_close = q.prev_close;
    match vet(q, now) {
        // Vetted once already where it was polled: a 24/7 reference is
        // not derived again from a trimmed series.
        Ok(v) => Ok(Quote {
            prev_close: prev_close.or(v.prev_close),
            ..v
        }),
        Err(reason) => Err(Failure {
            class: FailureClass::Implausible,
            detail: detail(&reason),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_hostile_headline_arrives_clean() {
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let far = Utc.with_ymd_and_hms(9999, 1, 1, 0, 0, 0).unwrap();
        let h = headline(
            Headline {
                id: "x\u{1b}]52;c;cm0gLXJm\u{7}".into(),
                title: format!("a\u{9b}2Jb\u{202e}c{}", "w".repeat(5_000)),
                link: Some("javascript:alert(1)".into()),
                source: "s\u{1b}[2J".into(),
                published: Some(far),
                first_seen: far,
                summary: "\u{200b}ok".into(),
            },
            Some(at),
        );
        assert_eq!(h.id, "x");
        assert!(h.title.starts_with("abc") && h.title.chars().count() <= MAX_TITLE_CHARS + 1);
        assert_eq!((h.link, h.source.as_str()), (None, "s"));
        assert_eq!((h.first_seen, h.published), (at, None));
        assert_eq!(h.summary, "ok");
    }
}
