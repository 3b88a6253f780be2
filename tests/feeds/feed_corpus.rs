//! The real captures and the hostile files, parsed directly: repairs,
//! tolerant dates, and nothing unsafe in any output.

use chrono::{TimeZone, Utc};
use tickwire::core::model::Headline;
use tickwire::sources::feeds::parse_feed;
use tickwire::sources::feeds::parse_repaired;

use crate::support::corpus;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap()
}

fn parse(path: &std::path::Path) -> Vec<Headline> {
    let bytes = std::fs::read(path).unwrap();
    parse_feed(&bytes, "corpus", now())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .headlines
}

#[test]
fn repairs_rescue_bare_ampersands_and_a_missing_rss_version() {
    let Some(corpus) = corpus() else { return };
    let hostile = corpus.join("feeds/hostile");
    let amp = parse(&hostile.join("a04_unescaped_ampersand.xml"));
    assert_eq!(amp.len(), 1);
    assert!(
        amp[0].title.starts_with("S&P 500") && amp[0].title.contains("AT&T"),
        "{}",
        amp[0].title
    );
    let no_version = parse(&hostile.join("a12_rss_no_version.xml"));
    assert_eq!(no_version.len(), 1);
}

#[test]
fn feeds_that_parse_as_they_are_are_left_byte_identical() {
    let Some(corpus) = corpus() else { return };
    let mut checked = 0;
    for dir in ["feeds", "feeds/hostile"] {
        for entry in std::fs::read_dir(corpus.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let given = std::cell::RefCell::new(Vec::new());
            let result = parse_repaired(&bytes, |b| {
                given.borrow_mut().push(b.to_vec());
                feed_rs::parser::parse(b)
            });
            if feed_rs::parser::parse(bytes.as_slice()).is_ok() {
                assert!(result.is_ok());
                assert_eq!(given.borrow().as_slice(), [bytes], "{}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} valid files");
}

#[test]
fn odd_dates_in_the_corpus_are_read_not_dropped() {
    let Some(corpus) = corpus() else { return };
    for file in ["nbcnewyork_rss2.xml", "sinembargo_bad_pubdate_2024.rss"] {
        let items = parse(&corpus.join("feeds").join(file));
        assert!(!items.is_empty(), "{file}");
        let dated = items.iter().filter(|h| h.published.is_some()).count();
        assert_eq!(dated, items.len(), "{file}: every item keeps its date");
        assert!(items.iter().all(|h| h.published.unwrap() <= now()));
    }
}

/// Every file, hostile ones included: a result or a classified error,
/// never a panic; no control, bidi or zero-width character and no
/// non-http(s) link in any output.
#[test]
fn no_file_leaves_unsafe_text_or_links() {
    let Some(corpus) = corpus() else { return };
    let unsafe_char = |c: char| {
        (c.is_control())
            || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
    };
    for dir in ["feeds", "feeds/hostile"] {
        for entry in std::fs::read_dir(corpus.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() || path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(parsed) = parse_feed(&bytes, "corpus", now()) else {
                continue;
            };
            for h in parsed.headlines {
                for text in [&h.title, &h.summary, &h.id] {
                    assert!(
                        !text.chars().any(unsafe_char),
                        "{}: {text:?}",
                        path.display()
                    );
                }
                if let Some(link) = &h.link {
                    assert!(
                        link.starts_with("http://") || link.starts_with("https://"),
                        "{link}"
                    );
                }
            }
        }
    }
}
