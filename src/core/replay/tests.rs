use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::*;
use crate::core::alerts::{AlertRule, AlertSettings};
use crate::core::app::{Action, ClockSetting, Msg};
use crate::core::model::{FetchReport, Headline, Quote, SourceKind};

const T0: i64 = 1_737_988_200; // Mon 27 Jan 2025 14:30 UTC, the open

fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(T0 + secs, 0).unwrap()
}

fn headline(id: &str, title: &str, secs: i64) -> Msg {
    Msg::HeadlinesFetched {
        report: FetchReport::new(SourceKind::Feed, "Wire", "http://127.0.0.1/w", at(secs)),
        headlines: vec![Headline {
            id: id.into(),
            title: title.into(),
            link: None,
            source: "Wire".into(),
            published: Some(at(secs)),
            first_seen: at(secs),
            summary: String::new(),
        }],
        skipped: 0,
    }
}

fn quote(price: f64, secs: i64) -> Msg {
    Msg::QuoteReceived {
        report: FetchReport::new(SourceKind::Quotes, "NVDA", "", at(secs)),
        quote: Quote::regular(
            "NVDA",
            price,
            Some(142.62),
            at(secs),
            vec![(at(secs).timestamp() - 60, price)],
        ),
    }
}

/// Headlines at +10 and +100 (the second seen again at +150), NVDA at
/// +50 and +200 (a 5% drop: a big move); a bookmark at +100.
fn tape() -> Tape {
    let msgs = vec![
        (at(10), headline("a", "Markets open", 10)),
        (at(50), quote(125.0, 50)),
        (
            at(100),
            headline("b", "Nvidia slides as DeepSeek rattles AI trade", 100),
        ),
        (
            at(150),
            headline("b", "Nvidia slides as DeepSeek rattles AI trade", 100),
        ),
        (at(200), quote(118.75, 200)),
    ];
    Tape::new(msgs, vec![(at(100), "the news".into())])
}

fn replay_from(start: Option<Timestamp>) -> (State, Replayer) {
    let alerts = AlertSettings {
        rules: vec![AlertRule::AiHeadline { symbols: vec![] }],
        ..AlertSettings::default()
    };
    let fresh = State::new(&["NVDA".to_string()], at(0)).with_alerts(alerts);
    Replayer::begin(fresh, tape(), 60, start)
}

fn ids(s: &State) -> Vec<&str> {
    s.items().values().map(|i| i.headline.id.as_str()).collect()
}

fn key(r: &mut Replayer, s: &mut State, key: ReplayKey, now: Timestamp) -> Vec<Effect> {
    r.handle(s, Msg::Action(Action::Replay(key)), now)
}

#[test]
fn a_tick_plays_what_is_due_each_at_its_recorded_time() {
    let (mut s, mut r) = replay_from(None);
    assert_eq!(ids(&s), ["a"], "positioned at the first message");
    assert_eq!(s.now, at(10));
    assert_eq!(r.next_due(&s), Some(at(50)));
    r.handle(&mut s, Msg::Tick, at(120));
    assert_eq!(ids(&s), ["b", "a"]);
    assert_eq!(s.quotes()[0].quote.as_ref().unwrap().price, 125.0);
    // Ages and staleness are measured on the replay clock.
    let fresh = s.quote_age("NVDA").unwrap();
    assert_eq!((fresh.age_secs, fresh.stale), (70, true));
    assert_eq!(r.next_due(&s), Some(at(150)));
}

#[test]
fn the_end_of_the_tape_pauses_the_clock_there() {
    let (mut s, mut r) = replay_from(None);
    let effects = r.handle(&mut s, Msg::Tick, at(500));
    let status = s.replay.as_ref().unwrap();
    assert!(status.finished() && status.paused);
    assert!(effects.contains(&Effect::ReplayClock(ClockSetting {
        at: at(500),
        speed: 60,
        paused: true,
    })));
    assert_eq!(r.next_due(&s), None);
}

#[test]
fn jumping_back_starts_over_and_keeps_what_the_user_set() {
    let (mut s, mut r) = replay_from(Some(at(300)));
    r.handle(&mut s, Msg::Action(Action::ToggleRead), at(300));
    r.handle(&mut s, Msg::Action(Action::ToggleAiOnly), at(300));
    assert_eq!(s.view.visible.len(), 1, "only the AI headline");
    let alerts_then = s.alerts.fired.len();
    r.seek(&mut s, at(60));
    assert_eq!(ids(&s), ["a"]);
    assert!(s.view.visible.is_empty(), "AI only still on");
    assert_eq!(s.quotes()[0].quote.as_ref().unwrap().price, 125.0);
    r.seek(&mut s, at(300));
    assert_eq!(ids(&s), ["b", "a"]);
    assert!(s.view.read.contains("b"), "read marks survive a jump");
    assert_eq!(s.alerts.fired.len(), alerts_then, "alerts are not doubled");
}

#[test]
fn next_and_previous_headlines_and_big_moves() {
    let (mut s, mut r) = replay_from(None);
    let effects = key(&mut r, &mut s, ReplayKey::Next(Moment::Headline), at(20));
    assert_eq!(s.now, at(100));
    assert_eq!(ids(&s), ["b", "a"]);
    assert_eq!(s.alerts.fired.len(), 1, "the AI headline alerted");
    assert!(s.flash.is_none(), "a jump is not news");
    assert_eq!(
        effects.last(),
        Some(&Effect::ReplayClock(ClockSetting {
            at: at(100),
            speed: 60,
            paused: false,
        }))
    );
    // The copy at +150 is not a new headline; the drop at +200 is a move.
    key(&mut r, &mut s, ReplayKey::Next(Moment::Headline), at(101));
    assert_eq!(
        s.replay.as_ref().unwrap().problem.as_deref(),
        Some("no later headline")
    );
    key(&mut r, &mut s, ReplayKey::Next(Moment::Move), at(101));
    assert_eq!(s.now, at(200));
    // Back, from just after the move: the headline before it, then the first.
    key(&mut r, &mut s, ReplayKey::Prev(Moment::Headline), at(230));
    assert_eq!(s.now, at(100));
    key(&mut r, &mut s, ReplayKey::Prev(Moment::Headline), at(101));
    assert_eq!(s.now, at(10));
    assert_eq!(ids(&s), ["a"]);
}

#[test]
fn pause_speed_and_the_bookmark() {
    let (mut s, mut r) = replay_from(None);
    key(&mut r, &mut s, ReplayKey::Pause, at(30));
    assert!(s.replay.as_ref().unwrap().paused);
    assert_eq!(r.next_due(&s), None, "nothing is due while paused");
    for _ in 0..20 {
        key(&mut r, &mut s, ReplayKey::Faster, at(30));
    }
    assert_eq!(s.replay.as_ref().unwrap().speed, 3600);
    for _ in 0..20 {
        key(&mut r, &mut s, ReplayKey::Slower, at(30));
    }
    assert_eq!(s.replay.as_ref().unwrap().speed, 1);
    key(&mut r, &mut s, ReplayKey::Bookmark, at(30));
    assert_eq!(s.now, at(100));
}

fn edit(r: &mut Replayer, s: &mut State, edits: impl IntoIterator<Item = PromptEdit>) {
    for e in edits {
        r.handle(s, Msg::Action(Action::Goto(e)), at(20));
    }
}

#[test]
fn a_typed_time_jumps_and_a_bad_one_says_why() {
    let (mut s, mut r) = replay_from(None);
    key(&mut r, &mut s, ReplayKey::Goto, at(20));
    assert_eq!(s.view.mode, Mode::Goto);
    let typed = |text: &str| text.chars().map(PromptEdit::Input).collect::<Vec<_>>();
    edit(
        &mut r,
        &mut s,
        typed("+3hx").into_iter().chain([PromptEdit::Accept]),
    );
    assert_eq!(s.view.mode, Mode::Goto, "still typing");
    assert!(s.replay.as_ref().unwrap().problem.is_some());
    let fix = [PromptEdit::Backspace, PromptEdit::Backspace];
    edit(
        &mut r,
        &mut s,
        fix.into_iter()
            .chain(typed("m"))
            .chain([PromptEdit::Accept]),
    );
    assert_eq!((s.view.mode, s.now), (Mode::Normal, at(20 + 180)));
    assert_eq!(ids(&s), ["b", "a"]);
}

#[test]
fn the_clock_runs_at_its_speed_and_says_when_a_time_comes() {
    let c = ClockSetting {
        at: at(0),
        speed: 3600,
        paused: false,
    };
    assert_eq!(c.reading(Duration::from_millis(1500)), at(5400));
    assert_eq!(c.wall_until(at(7200)), Some(Duration::from_secs(2)));
    assert_eq!(c.wall_until(at(-10)), Some(Duration::ZERO));
    let paused = ClockSetting { paused: true, ..c };
    assert_eq!(paused.reading(Duration::from_secs(9)), at(0));
    assert_eq!(paused.wall_until(at(1)), None);
}
