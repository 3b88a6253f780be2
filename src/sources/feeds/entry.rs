//! One parsed feed entry to one sanitized `Headline`: each text read by
//! its declared type, and an id no other feed can collide with.

use feed_rs::model::{Entry, FeedType, Text};

use crate::core::hash::fnv1a;
use crate::core::model::{Headline, Timestamp};
use crate::sources::sanitize::{
    MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, sanitize_link, sanitize_plain, sanitize_text, title_is_html,
};

/// The entry as a headline; `None` when it has neither title nor summary.
pub fn headline(
    entry: Entry,
    feed_type: &FeedType,
    source: &str,
    now: Timestamp,
) -> Option<Headline> {
    let rss = matches!(feed_type, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2);
    let summary = entry
        .summary
        .map(|t| {
            // RSS descriptions are HTML by definition; others say what they are.
            if rss || is_markup(&t) {
                sanitize_text(&t.content, MAX_SUMMARY_CHARS)
            } else {
                sanitize_plain(&t.content, MAX_SUMMARY_CHARS)
            }
        })
        .unwrap_or_default();
    let mut title = entry
        .title
        .map(|t| {
            // RSS titles do not declare a type: HTML only when it plainly is.
            let markup = if rss {
                title_is_html(&t.content)
            } else {
                is_markup(&t)
            };
            if markup {
                sanitize_text(&t.content, MAX_TITLE_CHARS)
            } else {
                sanitize_plain(&t.content, MAX_TITLE_CHARS)
            }
        })
        .unwrap_or_default();
    if title.is_empty() {
        title = sanitize_plain(&summary, 120);
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
    let id = headline_id(source, &entry.id, link.as_deref(), &title, published);
    Some(Headline {
        id,
        title,
        link,
        source: source.to_string(),
        published,
        first_seen: now,
        summary,
    })
}

fn is_markup(text: &Text) -> bool {
    let ty = text.content_type.to_string();
    ty.starts_with("text/html") || ty.contains("xhtml")
}

/// The feed and the entry's guid, else its link, else its title and date:
/// the same on every parse, and different for two feeds' "item 1".
fn headline_id(
    source: &str,
    guid: &str,
    link: Option<&str>,
    title: &str,
    published: Option<Timestamp>,
) -> String {
    let guid = guid.trim();
    let date = published.map(|p| p.timestamp().to_string());
    let key: [&str; 3] = match (guid.is_empty(), link) {
        (false, _) => ["guid", guid, ""],
        (true, Some(link)) => ["link", link, ""],
        (true, None) => ["title", title, date.as_deref().unwrap_or("")],
    };
    // NUL-separated, so ("ab", "c") and ("a", "bc") differ.
    let hash = fnv1a(&[
        source.as_bytes(),
        b"\0",
        key[0].as_bytes(),
        b"\0",
        key[1].as_bytes(),
        b"\0",
        key[2].as_bytes(),
    ]);
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_feed_and_the_best_key() {
        let id = |source, guid, link| headline_id(source, guid, link, "T", None);
        assert_eq!(id("A", "1", None), id("A", " 1 ", Some("https://x/")));
        assert_ne!(id("A", "1", None), id("B", "1", None), "two feeds' item 1");
        assert_ne!(
            id("A", "", Some("https://x/1")),
            id("A", "", Some("https://x/2"))
        );
        assert_ne!(
            headline_id("A", "", None, "T", None),
            headline_id("A", "", None, "T", Some(Timestamp::UNIX_EPOCH)),
            "same title, another day"
        );
        assert_eq!(id("A", "1", None).len(), 16);
    }
}
