//! Feeds: raw bytes in, sanitized `Headline`s out.

use crate::core::hash::fnv1a;
use std::time::Duration;

use chrono::Utc;
use thiserror::Error;

use super::dates::parse_feed_date;
use super::http::HttpClient;
use super::memory::FeedMemory;
use super::repair::parse_repaired;
use super::sanitize::{MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, sanitize_link, sanitize_text};
use super::schedule::Outcome;
use crate::core::model::{Failure, FailureClass, FetchReport, Headline, SourceKind, Timestamp};
use crate::core::msg::Msg;

#[derive(Debug, Clone, PartialEq)]
pub struct FeedSpec {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Error, PartialEq)]
pub enum FeedError {
    #[error("not a feed: the server sent an HTML page")]
    NotAFeed,
    #[error("unparseable feed: {0}")]
    Parse(String),
}

/// A parsed feed: its headlines, newest first, and the publisher's `<ttl>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub headlines: Vec<Headline>,
    pub ttl: Option<Duration>,
}

/// Parse a feed body (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into headlines,
/// newest first. Pure: `now` stamps `first_seen` and bounds dates.
pub fn parse_feed(bytes: &[u8], source: &str, now: Timestamp) -> Result<ParsedFeed, FeedError> {
    if looks_like_html(bytes) {
        return Err(FeedError::NotAFeed);
    }
    // A fresh parser per attempt: feed-rs keeps state from a failed parse.
    let feed = parse_repaired(bytes, |b| feed_parser().parse(b))
        .map_err(|e| FeedError::Parse(e.to_string()))?;
    let ttl = feed
        .ttl
        .map(|minutes| Duration::from_secs(u64::from(minutes) * 60));
    let mut out: Vec<Headline> = feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let raw_title = entry.title.map(|t| t.content).unwrap_or_default();
            let summary = entry
                .summary
                .map(|t| sanitize_text(&t.content, MAX_SUMMARY_CHARS))
                .unwrap_or_default();
            let mut title = sanitize_text(&raw_title, MAX_TITLE_CHARS);
            if title.is_empty() {
                title = sanitize_text(&summary, 120);
            }
            if title.is_empty() {
                return None;
            }
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .and_then(|l| sanitize_link(&l.href));
            let published = entry.published.or(entry.updated).filter(|p| *p <= now);
            let id = stable_id(&entry.id, link.as_deref(), source, &title);
            Some(Headline {
                id,
                title,
                link,
                source: source.to_string(),
                published,
                first_seen: now,
                summary,
            })
        })
        .collect();
    out.sort_by_key(|h| std::cmp::Reverse(h.effective_time()));
    Ok(ParsedFeed {
        headlines: out,
        ttl,
    })
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

/// guid, else link, else a hash of feed and title: identical on every
/// parse of the same bytes.
fn stable_id(guid: &str, link: Option<&str>, source: &str, title: &str) -> String {
    let guid = sanitize_text(guid, MAX_TITLE_CHARS);
    if !guid.is_empty() {
        return guid;
    }
    if let Some(link) = link {
        return link.to_string();
    }
    format!(
        "h:{:016x}",
        fnv1a(&[source.as_bytes(), b"\0", title.as_bytes()])
    )
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

impl From<&FeedError> for Failure {
    fn from(e: &FeedError) -> Failure {
        let class = match e {
            FeedError::NotAFeed => FailureClass::NotAFeed,
            FeedError::Parse(_) => FailureClass::Parse,
        };
        Failure {
            class,
            detail: e.to_string(),
        }
    }
}

/// One poll's message for the core, and what it means for the schedule.
#[derive(Debug)]
pub struct FeedPoll {
    pub msg: Msg,
    pub outcome: Outcome,
}

/// One conditional poll of one feed. A 304 is not parsed: it is reported
/// as a success with no new headlines (the core keeps the item count).
/// Validators are stored only after a body parsed, so a 304 always means
/// "what you have is good". A feed moves to a permanent redirect's target
/// once the redirect repeats.
pub async fn poll_feed(client: &HttpClient, spec: &FeedSpec, memory: &FeedMemory) -> FeedPoll {
    let url = memory.moves.effective(&spec.url);
    let mut report = FetchReport {
        kind: SourceKind::Feed,
        name: spec.name.clone(),
        url: url.clone(),
        http_status: None,
        elapsed_ms: 0,
        at: Utc::now(),
        not_modified: false,
        next_poll: None,
    };
    let failed = |report, failure, retry_after| FeedPoll {
        msg: Msg::SourceFailed { report, failure },
        outcome: Outcome::Failed { retry_after },
    };
    let fetched = match client.get_if_changed(&url, &memory.validators(&url)).await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(feed = %spec.name, error = %e, "feed fetch failed");
            return failed(report, Failure::from(&e), None);
        }
    };
    if url == spec.url {
        memory.observe_move(&spec.url, fetched.moved_permanently.as_deref());
    }
    report.http_status = Some(fetched.status);
    report.elapsed_ms = fetched.elapsed.as_millis() as u64;
    if fetched.is_not_modified() {
        if fetched.validators.etag.is_some() {
            // A 304 may carry a newer ETag; keep Last-Modified if it did not.
            let mut stored = memory.validators(&url);
            stored.etag = fetched.validators.etag.clone();
            memory.remember_validators(&url, stored);
        }
        report.not_modified = true;
        return FeedPoll {
            msg: Msg::HeadlinesFetched {
                report,
                headlines: Vec::new(),
            },
            outcome: Outcome::Fresh {
                asks_every: fetched.max_age,
            },
        };
    }
    if !fetched.is_success() {
        let failure = Failure {
            class: FailureClass::Http,
            detail: format!("HTTP {}", fetched.status),
        };
        let retry_after = fetched
            .retry_after
            .filter(|_| matches!(fetched.status, 429 | 503));
        return failed(report, failure, retry_after);
    }
    match parse_feed(&fetched.body, &spec.name, Utc::now()) {
        Ok(parsed) => {
            memory.remember_validators(&url, fetched.validators);
            FeedPoll {
                msg: Msg::HeadlinesFetched {
                    report,
                    headlines: parsed.headlines,
                },
                outcome: Outcome::Fresh {
                    asks_every: parsed.ttl.max(fetched.max_age),
                },
            }
        }
        Err(e) => failed(report, Failure::from(&e), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
        assert_eq!(hs[2].id, "g-1");
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
        assert!(a[0].id.starts_with("h:"));
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
    fn garbage_is_a_parse_error() {
        assert!(matches!(
            parse_feed(b"{{{{", "T", now()),
            Err(FeedError::Parse(_))
        ));
    }
}
