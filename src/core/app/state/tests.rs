//! State: the visible list kept in step with the filter and arrivals,
//! restored stories, judgements written back.

use super::*;
use crate::core::model::test_headline as headline;
use crate::core::news::Story;
use chrono::{TimeZone, Utc};

/// No silent cap: every headline stays up to the configured count,
/// and the list built one headline at a time under a filter is the
/// list the filter gives when applied afresh.
/// Typing narrows the last result and backspace goes back to a kept
/// one; either way the list is the one a fresh filter gives, also when
/// headlines arrive (and the oldest leave) between keystrokes.
#[test]
fn each_keystroke_lists_what_a_fresh_filter_lists() {
    let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let mut s = State::new(&[], now).with_max_items(60);
    let words = ["Nvidia chips", "NVIDIA bonds", "chip bonds", "Tesla cabs"];
    let batch = |from: i64| {
        (from..from + 40)
            .map(|n| {
                let src = ["Alpha", "Beta"][n as usize % 2];
                let mut h = headline(&format!("h{n}"), &format!("https://x.example/{n}"), src, n);
                h.title = format!("{} {n}", words[n as usize % words.len()]);
                h
            })
            .collect()
    };
    s.add_headlines(batch(0), now, false);
    let ids =
        |s: &State| -> Vec<String> { s.visible_items().map(|i| i.headline.id.clone()).collect() };
    let mut text = String::new();
    // '<' is backspace.
    let keys = "nvid<<idia chips<<<<<<<<<<<<-bo<<<cab<<<source:beta<<<<<<<<<<<";
    for (step, key) in keys.chars().enumerate() {
        if key == '<' {
            text.pop();
        } else {
            text.push(key);
        }
        if step == 12 || step == 33 {
            s.add_headlines(batch(100 * step as i64), now, false);
        }
        s.set_filter(text.clone());
        let kept = (ids(&s), s.view.visible.len());
        let mut fresh = s.clone();
        fresh.refilter();
        let want = (ids(&fresh), fresh.view.visible.len());
        assert_eq!(kept, want, "after {text:?}");
    }
    s.set_filter("nvidia".into());
    assert_eq!(ids(&s).len(), 30, "half of the 60 kept");
}

#[test]
fn every_headline_stays_and_the_filtered_list_is_kept_in_step() {
    let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let mut s = State::new(&[], now);
    s.set_filter("nvidia".into());
    for batch in 0..120i64 {
        let hs = (0..50i64)
            .map(|i| {
                // Times out of order across batches, as feeds bring them.
                let n = batch * 50 + i;
                let mut h = headline(
                    &format!("h{n}"),
                    &format!("https://x.example/{n}"),
                    "A",
                    (n * 7919) % 6007,
                );
                h.title = format!("Story {n} {}", if n % 3 == 0 { "Nvidia" } else { "bonds" });
                h
            })
            .collect();
        s.add_headlines(hs, now, false);
    }
    assert_eq!(s.items().len(), 6_000, "more than the old 5,000 cap");
    let kept: Vec<String> = s.visible_items().map(|i| i.headline.id.clone()).collect();
    s.refilter();
    let fresh: Vec<String> = s.visible_items().map(|i| i.headline.id.clone()).collect();
    assert_eq!((kept.len(), &kept), (2_000, &fresh));
    let times: Vec<_> = s
        .items()
        .values()
        .map(|i| i.headline.effective_time())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

/// A restored story was deduplicated when it was stored: two alike
/// stay two (nothing is searched), and a new copy still finds one.
#[test]
fn restored_stories_are_indexed_not_merged_again() {
    let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let mut s = State::new(&[], now);
    let alike = |id: &str, link: &str, feed: &str, minute| {
        let mut h = headline(id, link, feed, minute);
        h.title = "Nvidia unveils new AI chips for data centres".into();
        h
    };
    let story = |headline: Headline| Story {
        sources: vec![headline.source.clone()],
        headline,
        verdict: None,
    };
    let stored = vec![
        story(alike("a", "https://x.example/a", "A", 0)),
        story(alike("b", "https://y.example/b", "B", 1)),
    ];
    let restored = Restored {
        stories: stored,
        ..Restored::default()
    };
    s.restore(restored, now, false);
    assert_eq!(s.items().len(), 2);
    s.add_headlines(vec![alike("c", "https://z.example/c", "C", 2)], now, false);
    assert_eq!(s.items().len(), 2, "the new copy joined a restored story");
}

/// What was judged again on restore goes back to the store once this
/// process writes it; a story whose stored judgement was taken does not.
#[test]
fn stories_judged_again_are_written_back_by_the_leader() {
    use crate::core::app::update;
    use crate::core::app::{Effect, Msg};
    let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    let mut s = State::new(&[], now);
    let judged = Item::judged(headline("kept", "https://x.example/k", "A", 0), s.judge());
    let story = |headline: Headline, verdict| Story {
        sources: vec![headline.source.clone()],
        headline,
        verdict,
    };
    let restored = Restored {
        stories: vec![
            story(judged.headline.clone(), Some(judged.verdict())),
            story(headline("old", "https://x.example/o", "A", 1), None),
        ],
        ..Restored::default()
    };
    let effects = update(
        &mut s,
        Msg::Restored {
            restored,
            live: false,
        },
        now,
    );
    assert!(
        effects.is_empty(),
        "a process that does not lead writes nothing"
    );
    let written: Vec<String> = update(&mut s, Msg::RoleChanged(Role::Leader), now)
        .into_iter()
        .filter_map(|e| match e {
            Effect::Persist(Save::Story(item)) => Some(item.headline.id),
            _ => None,
        })
        .collect();
    assert_eq!(written, ["old"]);
    assert!(
        update(&mut s, Msg::RoleChanged(Role::Leader), now).is_empty(),
        "once"
    );
}
