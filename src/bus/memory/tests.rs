use chrono::{TimeZone, Utc};

use super::*;
use crate::core::model::FetchReport;
use crate::event::{Event, encode_line};

fn kept(changes: &[MemoryChange]) -> Vec<(String, Bytes)> {
    changes
        .iter()
        .filter_map(|c| match entry_of(c) {
            (key, Some(value)) => Some((key, value)),
            (_, None) => None,
        })
        .collect()
}

fn seed_of(entries: &[(String, Bytes)]) -> PollSeed {
    seed(entries.iter().map(|(k, v)| (k.as_str(), v.as_ref())))
}

#[test]
fn validators_and_moves_come_back_verbatim_for_the_next_holder() {
    let url = "http://127.0.0.1:8080/feed.xml?a=1&b=2";
    let validators = Validators {
        etag: Some("W/\"x y\"".into()),
        last_modified: Some("Mon, 27 Jan 2025 10:00:00 GMT".into()),
    };
    let entries = kept(&[
        MemoryChange::Validators {
            url: url.into(),
            validators: validators.clone(),
        },
        MemoryChange::Move {
            url: url.into(),
            target: Some("https://b.example/feed".into()),
            confirmed: true,
        },
    ]);
    assert!(
        entries
            .iter()
            .all(|(k, _)| !k[k.find('.').unwrap() + 1..].contains('.'))
    );
    let seed = seed_of(&entries);
    assert_eq!(seed.validators, [(url.to_string(), validators)]);
    assert_eq!(
        seed.moves,
        [(url.to_string(), "https://b.example/feed".to_string(), true)]
    );
}

#[test]
fn forgotten_validators_and_moves_delete_their_keys() {
    let url = "http://a/feed";
    let (key, value) = entry_of(&MemoryChange::Validators {
        url: url.into(),
        validators: Validators::default(),
    });
    assert_eq!(
        (key.as_str(), value),
        ("validators.http=3A=2F=2Fa=2Ffeed", None)
    );
    let (_, value) = entry_of(&MemoryChange::Move {
        url: url.into(),
        target: None,
        confirmed: false,
    });
    assert_eq!(value, None);
}

#[test]
fn each_feeds_next_poll_comes_from_its_health_and_damage_is_skipped() {
    let due = Utc.with_ymd_and_hms(2025, 1, 27, 15, 5, 0).unwrap();
    let health = |kind, name: &str| {
        let mut report = FetchReport::new(kind, name, "http://a/feed", due);
        report.next_poll = Some(due);
        let event = Event {
            at: due,
            kind: EventKind::Headlines {
                report,
                headlines: Vec::new(),
                skipped: 0,
                items: Some(0),
            },
        };
        Bytes::from(encode_line(&event))
    };
    let entries = vec![
        (
            "health.feed.Desk".to_string(),
            health(SourceKind::Feed, "Desk"),
        ),
        (
            "health.quotes.NVDA".to_string(),
            health(SourceKind::Quotes, "NVDA"),
        ),
        ("validators.x".to_string(), Bytes::from_static(b"{not json")),
        ("quote.NVDA".to_string(), Bytes::from_static(b"{}")),
    ];
    let seed = seed_of(&entries);
    assert_eq!(seed.next_due.len(), 1);
    assert_eq!(seed.next_due["Desk"], due);
    assert!(seed.validators.is_empty());
}
