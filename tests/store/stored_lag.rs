//! A source's recent lag samples survive a restart: the core asks for them
//! to be saved, the store (migration 3) keeps them, and a new process's
//! state shows the same median, p90 and count.

use chrono::{Duration, TimeZone, Utc};
use tickwire::core::app::{Effect, Msg, Role, Save, State, update};
use tickwire::core::model::{FetchReport, Headline, SourceKind};
use tickwire::store::{Retention, Store, Write};

fn open(dir: &std::path::Path) -> Store {
    let retention = Retention {
        max_age: std::time::Duration::from_secs(30 * 86_400),
        max_headlines: 1_000,
    };
    Store::open(dir, retention).unwrap()
}

#[test]
fn lag_samples_are_kept_across_a_restart() {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
    let poll = |at, headlines| Msg::HeadlinesFetched {
        report: FetchReport::new(SourceKind::Feed, "Wire", "http://127.0.0.1/wire", at),
        headlines,
        skipped: 0,
    };
    let mut state = State::new(&[], t0);
    // The process that polls writes the store.
    state.role = Role::Leader;
    let mut saves = Vec::new();
    for (i, ago) in [0, 60, 120, 600].into_iter().enumerate() {
        let at = t0 + Duration::minutes(10 * i as i64);
        let headline = Headline {
            id: format!("w{i}"),
            title: format!("Wire story {i}"),
            link: None,
            source: "Wire".into(),
            published: Some(at - Duration::seconds(ago)),
            first_seen: at,
            summary: String::new(),
        };
        for e in update(&mut state, poll(at, vec![headline]), at) {
            if let Effect::Persist(save @ Save::Lag { .. }) = e {
                saves.push(Write::Save(save));
            }
        }
    }
    let key = (SourceKind::Feed, "Wire".to_string());
    let before = state.lag[&key].summary().expect("three new items measured");
    assert_eq!((before.median_s, before.p90_s, before.n), (120, 600, 3));
    assert_eq!(saves.len(), 3, "one save per poll that measured");
    let dir = tempfile::tempdir().unwrap();
    open(dir.path()).write(&saves).unwrap();
    // A new process.
    let (restored, _) = open(dir.path()).load(100).unwrap();
    let mut again = State::new(&[], t0);
    update(
        &mut again,
        Msg::Restored {
            restored,
            live: false,
        },
        t0,
    );
    assert_eq!(again.lag[&key].summary(), Some(before));
}
