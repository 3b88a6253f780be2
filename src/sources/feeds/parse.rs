//! A feed document parsed: raw bytes in (RSS, Atom, JSON Feed), sanitized
//! `Headline`s out, or the reason none could be read. Pure.

use std::borrow::Cow;
use std::time::Duration;

use feed_rs::model::Feed;
use feed_rs::parser::ParseFeedError;
use thiserror::Error;

use super::dates::parse_feed_date;
use super::entry::headline;
use super::normalize::normalize;
use super::repair::parse_repaired;
use crate::core::model::{Failure, FailureClass, Headline, Timestamp};
use crate::sources::http::body_is_html_page;
use crate::sources::sanitize::{MAX_DETAIL_CHARS, contained, sanitize_plain};

#[derive(Debug, Error, PartialEq)]
pub enum FeedError {
    #[error("not a feed: the server sent an HTML page")]
    NotAFeed,
    #[error("unparseable feed: {0}")]
    Parse(String),
    /// Entries were there, none became a headline: never "ok, 0 items".
    #[error("0 of {total} entries readable: {why}")]
    Unreadable { total: usize, why: String },
}

/// A parsed feed: its headlines, newest first, the publisher's `<ttl>`,
/// and how many entries could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub headlines: Vec<Headline>,
    pub ttl: Option<Duration>,
    pub skipped: usize,
}

/// Parse a feed body (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed) into
/// headlines, newest first. Pure: `now` stamps `first_seen` and bounds
/// dates.
pub fn parse_feed(bytes: &[u8], source: &str, now: Timestamp) -> Result<ParsedFeed, FeedError> {
    if body_is_html_page(bytes) {
        return Err(FeedError::NotAFeed);
    }
    let (feed, counted) = contained(|| parse_repaired(bytes, read_document))
        .map_err(|_| FeedError::Parse("the XML parser failed on this document".into()))?
        .map_err(|e| FeedError::Parse(e.to_string()))?;
    let ttl = feed
        .ttl
        .map(|minutes| Duration::from_secs(u64::from(minutes) * 60));
    let parsed = feed.entries.len();
    let total = counted.unwrap_or(parsed).max(parsed);
    let mut out: Vec<Headline> = feed
        .entries
        .into_iter()
        .filter_map(|entry| headline(entry, &feed.feed_type, source, now))
        .collect();
    if out.is_empty() && total > 0 {
        return Err(FeedError::Unreadable {
            total,
            why: unreadable_reason(total, parsed),
        });
    }
    out.sort_by_key(|h| std::cmp::Reverse(h.effective_time()));
    Ok(ParsedFeed {
        skipped: total - out.len(),
        headlines: out,
        ttl,
    })
}

/// Why none of `total` entries made a headline.
fn unreadable_reason(total: usize, parsed: usize) -> String {
    let untitled = parsed;
    let dropped = total - parsed;
    let mut why = Vec::new();
    if untitled > 0 {
        why.push(format!("{untitled} without a title or summary"));
    }
    if dropped > 0 {
        why.push(format!("{dropped} not understood by the parser"));
    }
    why.join(", ")
}

/// The document normalized (see `normalize`), then parsed; the entry
/// count comes from the document itself when it is XML. Should the
/// rewrite not parse, the bytes as they are get their chance.
fn read_document(bytes: &[u8]) -> Result<(Feed, Option<usize>), ParseFeedError> {
    // A fresh parser per attempt: feed-rs keeps state from a failed parse.
    match normalize(bytes) {
        Some(n) => match feed_parser().parse(n.bytes.as_ref()) {
            Ok(feed) => Ok((feed, Some(n.entries))),
            Err(e) if matches!(n.bytes, Cow::Borrowed(_)) => Err(e),
            Err(_) => feed_parser().parse(bytes).map(|f| (f, Some(n.entries))),
        },
        None => feed_parser().parse(bytes).map(|f| (f, None)),
    }
}

fn feed_parser() -> feed_rs::parser::Parser {
    // An empty id tells us feed-rs found no guid; we derive a stable one
    // instead of its random default.
    feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(parse_feed_date)
        .sanitize_content(false)
        .build()
}

impl From<&FeedError> for Failure {
    fn from(e: &FeedError) -> Failure {
        let class = match e {
            FeedError::NotAFeed => FailureClass::NotAFeed,
            FeedError::Parse(_) | FeedError::Unreadable { .. } => FailureClass::Parse,
        };
        Failure {
            class,
            // Parser and network errors can quote the body or the server.
            detail: sanitize_plain(&e.to_string(), MAX_DETAIL_CHARS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, 28, 0, 0, 0).unwrap()
    }

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Older &amp;amp; wiser</title><link>https://example.com/a</link><guid>g-1</guid>
<pubDate>Mon, 27 Jan 2025 10:00:00 GMT</pubDate></item>
<item><title><![CDATA[Newer <b>bold</b>]]></title><link>javascript:alert(1)</link>
<pubDate>Mon, 27 Jan 2025 12:00:00 GMT</pubDate></item>
<item><title>From the future</title><pubDate>Mon, 27 Jan 2031 12:00:00 GMT</pubDate></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_clean_headlines_newest_first() {
        let hs = parse_feed(RSS.as_bytes(), "Test", now()).unwrap().headlines;
        let titles: Vec<&str> = hs.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["From the future", "Newer bold", "Older & wiser"]);
        assert_eq!(hs[2].link.as_deref(), Some("https://example.com/a"));
        let other = parse_feed(RSS.as_bytes(), "Other", now())
            .unwrap()
            .headlines;
        assert_ne!(hs[2].id, other[2].id, "same guid, another feed");
        assert_eq!(hs[1].link, None, "javascript: link dropped");
        assert_eq!(
            hs[0].published, None,
            "future date falls back to first seen"
        );
    }

    #[test]
    fn ids_are_stable_without_guid_or_link() {
        let a = parse_feed(RSS.as_bytes(), "Test", now()).unwrap().headlines;
        let b = parse_feed(RSS.as_bytes(), "Test", now()).unwrap().headlines;
        assert_eq!(a[0].id, b[0].id);
        assert_ne!(a[0].id, a[1].id);
    }

    #[test]
    fn ttl_bare_ampersands_and_odd_dates_are_understood() {
        let body = r#"<rss><channel><title>T</title><ttl>30</ttl>
<item><title>S&P 500 & AT&T</title><guid>x</guid><pubDate>Sat, Dec 16 2023 02:02:33 PM</pubDate></item>
</channel></rss>"#;
        let parsed = parse_feed(body.as_bytes(), "T", now()).unwrap();
        assert_eq!(parsed.ttl, Some(Duration::from_secs(1800)));
        assert_eq!(parsed.headlines[0].title, "S&P 500 & AT&T");
        assert_eq!(
            parsed.headlines[0].published.map(|p| p.to_rfc3339()),
            Some("2023-12-16T14:02:33+00:00".to_string())
        );
    }

    #[test]
    fn html_pages_are_not_feeds() {
        let page = b"\n<!DOCTYPE html><html><title>Just a moment...</title></html>";
        assert_eq!(parse_feed(page, "T", now()), Err(FeedError::NotAFeed));
    }

    #[test]
    fn a_document_the_xml_parser_panics_on_is_a_parse_error() {
        crate::sources::sanitize::install_panic_filter();
        // A second declaration: feed-rs 3.0 on quick-xml 0.42 panics on it.
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A<?xml version=\"1.0\" encoding=\"utf-8\"?></title></item></channel></rss>";
        let err = parse_feed(doc, "T", now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unparseable feed: the XML parser failed on this document"
        );
        // One at the start (after blank lines) is the normal case.
        let fine = b"\n <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title><guid>a</guid></item></channel></rss>";
        assert_eq!(parse_feed(fine, "T", now()).unwrap().headlines.len(), 1);
    }

    #[test]
    fn garbage_is_a_parse_error() {
        assert!(matches!(
            parse_feed(b"{{{{", "T", now()),
            Err(FeedError::Parse(_))
        ));
    }
}
