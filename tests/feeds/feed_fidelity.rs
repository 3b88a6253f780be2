//! Every headline as its publisher wrote it: one small fixture per class
//! of trouble (plain-text titles with brackets, odd Atom types, module
//! titles, namespaced RSS, Atom 0.3, colliding guids, nothing readable,
//! undeclared windows-1252), parsed as tickwire parses a fetched body.

use chrono::{DateTime, TimeZone, Utc};
use tickwire::core::model::Headline;
use tickwire::sources::feeds::{FeedError, ParsedFeed, parse_feed};

use crate::support::fixture;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 28, 0, 0, 0).unwrap()
}

fn parse(name: &str) -> ParsedFeed {
    parse_feed(&fixture(name), name, now()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn titles(headlines: &[Headline]) -> Vec<&str> {
    headlines.iter().map(|h| h.title.as_str()).collect()
}

#[test]
fn rss_titles_are_plain_text_and_keep_their_brackets() {
    let feed = parse("fidelity_dev_titles.xml");
    assert_eq!(
        titles(&feed.headlines),
        [
            "The <dialog> element is finally usable",
            "Why Vec<T> beats LinkedList<T>",
            "Ship it if 1 < 2 & 3 > 2",
            // Escaped markup in an RSS title is HTML: read once, as HTML.
            "Double-escaped & bold wire copy",
        ]
    );
    // A description is markup: words kept, scripts and styles gone.
    assert_eq!(feed.headlines[0].summary, "Modal dialog & friends.");
    assert_eq!(feed.skipped, 0);
}

#[test]
fn odd_atom_types_cost_no_entry() {
    let feed = parse("fidelity_atom_odd_types.xml");
    assert_eq!(
        titles(&feed.headlines),
        [
            "Chips and dips",
            "Untyped but fine",
            "Base64 headline about <T>",
            "Generic <T> in plain text",
            "Summary stands in for the empty title",
        ]
    );
    assert_eq!(feed.headlines[3].summary, "Kept words");
    assert_eq!(
        feed.headlines[3].link.as_deref(),
        Some("https://odd.example/4")
    );
}

#[test]
fn titles_from_dublin_core_and_media_rss() {
    let feed = parse("fidelity_fallback_titles.xml");
    let mut got = titles(&feed.headlines);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "Only a Dublin Core title",
            "Only a Media RSS title",
            "The item title wins"
        ]
    );
    let media = feed
        .headlines
        .iter()
        .find(|h| h.title == "Only a Media RSS title")
        .unwrap();
    assert_eq!(media.summary, "Described by Media RSS");
}

#[test]
fn rss_in_a_namespace_of_its_own() {
    let rss2 = parse("fidelity_rss_default_ns.xml");
    assert_eq!(
        titles(&rss2.headlines),
        ["Headline in a namespaced channel"]
    );
    assert_eq!(
        rss2.headlines[0].link.as_deref(),
        Some("https://ns.example/1")
    );
    assert!(rss2.headlines[0].published.is_some());

    let rdf = parse("fidelity_rdf_modules.xml");
    assert_eq!(
        titles(&rdf.headlines),
        [
            "Prefixed item with a link",
            "Prefixed item known only by its rdf:about"
        ]
    );
    assert_eq!(
        rdf.headlines[1].link.as_deref(),
        Some("https://rdf.example/2")
    );
}

#[test]
fn atom03_reads_like_atom10() {
    let feed = parse("fidelity_atom03.xml");
    assert_eq!(
        titles(&feed.headlines),
        [
            "Plain 0.3 headline",
            "Escaped markup & more",
            "Base64 title from 2004",
            "Inline XHTML title",
        ]
    );
    let at = |h: &Headline| h.published.map(|p| p.to_rfc3339());
    assert_eq!(
        at(&feed.headlines[0]).as_deref(),
        Some("2025-01-27T12:00:00+00:00"),
        "issued is the publication date"
    );
    assert_eq!(
        at(&feed.headlines[1]).as_deref(),
        Some("2025-01-27T11:00:00+00:00"),
        "created stands in for issued"
    );
    assert_eq!(
        feed.headlines[0].link.as_deref(),
        Some("https://old.example/plain")
    );
    assert_eq!(feed.headlines[2].summary, "An escaped summary");
}

#[test]
fn two_feeds_numbering_items_alike_keep_apart() {
    let a = parse("fidelity_numbered_a.xml").headlines;
    let b = parse("fidelity_numbered_b.xml").headlines;
    for (x, y) in a.iter().zip(&b) {
        assert_ne!(x.id, y.id, "{} vs {}", x.title, y.title);
    }
    let again = parse("fidelity_numbered_a.xml").headlines;
    assert_eq!(a[0].id, again[0].id, "stable across parses");
}

#[test]
fn entries_without_anything_readable_are_an_error_not_an_empty_feed() {
    let err = parse_feed(&fixture("fidelity_untitled.xml"), "T", now()).unwrap_err();
    assert_eq!(
        err,
        FeedError::Unreadable {
            total: 3,
            why: "3 without a title or summary".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "0 of 3 entries readable: 3 without a title or summary"
    );
    // A feed with no entries at all is simply empty.
    let empty = br#"<rss version="2.0"><channel><title>Quiet</title></channel></rss>"#;
    assert_eq!(parse_feed(empty, "T", now()).unwrap().headlines, []);
}

#[test]
fn some_unreadable_entries_are_counted() {
    let body = br#"<rss version="2.0"><channel><title>T</title>
<item><title>Readable</title><guid>1</guid></item><item><guid>2</guid></item>
</channel></rss>"#;
    let feed = parse_feed(body, "T", now()).unwrap();
    assert_eq!((feed.headlines.len(), feed.skipped), (1, 1));
}

#[test]
fn undeclared_windows_1252_bytes_are_read() {
    let feed = parse("fidelity_cp1252_undeclared.xml");
    assert_eq!(
        titles(&feed.headlines),
        ["\u{201c}Smart quotes\u{201d} cost \u{a3}5"]
    );
}
