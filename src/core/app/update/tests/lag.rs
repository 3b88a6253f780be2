//! Lag through `update`: new items dated now give lag, items dated 2024 and
//! a feed's first poll give none, and a much slower source logs one line.

use super::*;
use chrono::Duration;

fn poll(at_s: i64, headlines: Vec<Headline>) -> Msg {
    Msg::HeadlinesFetched {
        report: FetchReport {
            at: at(at_s),
            ..report("Test")
        },
        headlines,
        skipped: 0,
    }
}

/// Seen at `seen`, published `ago` seconds before.
fn item(id: &str, seen: i64, ago: i64) -> Headline {
    Headline {
        first_seen: at(seen),
        published: Some(at(seen - ago)),
        ..headline(id, id, 0)
    }
}

fn lag_of(state: &State) -> Option<crate::core::news::LagSummary> {
    state.lag.get(&(SourceKind::Feed, "Test".into()))?.summary()
}

#[test]
fn new_items_are_measured_backlog_is_not() {
    let mut state = State::new(&[], at(0));
    // The first poll: all backlog, whatever its dates.
    update(&mut state, poll(0, vec![item("a", 0, 30)]), at(0));
    assert_eq!(lag_of(&state), None);
    // Ten minutes on: one new item from 4 minutes ago, one dated 2024, and
    // the first one again (not new).
    let mut old = item("b", 600, 0);
    old.published = Some(Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap());
    let batch = vec![item("a", 600, 630), item("c", 600, 240), old];
    update(&mut state, poll(600, batch), at(600));
    let s = lag_of(&state).expect("measured");
    assert_eq!((s.median_s, s.p90_s, s.n), (240, 240, 1));
}

#[test]
fn a_source_that_becomes_much_slower_logs_once() {
    let mut state = State::new(&[], at(0));
    update(&mut state, poll(0, vec![]), at(0));
    let mut logged = Vec::new();
    let mut t = 0;
    for (n, ago) in [(10, 60), (30, 900)] {
        for i in 0..n {
            t += 1200;
            let id = format!("{ago}-{i}");
            let effects = update(&mut state, poll(t, vec![item(&id, t, ago)]), at(t));
            logged.extend(effects.into_iter().filter_map(|e| match e {
                Effect::Log(change @ HealthChange::Slower { .. }) => Some(change.to_string()),
                _ => None,
            }));
        }
    }
    assert_eq!(logged, ["feed \"Test\" slower: median lag 900s, was 60s"]);
    assert!(Duration::seconds(lag_of(&state).unwrap().median_s) == Duration::minutes(15));
}
