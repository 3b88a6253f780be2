//! The replay's screens as insta snapshots, at 80×24 and 160×50: the
//! demo at the shock day's close, the time prompt, the replay's help, the
//! holiday; and the footer of a first run with no network.

use chrono::{TimeZone, Utc};
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::app::{PromptEdit, ReplayKey};
use tickwire::core::model::{Failure, FailureClass, FetchReport, SourceKind};
use tickwire::core::replay::{self, Replayer};
use tickwire::wiring::App;
use tickwire::wiring::playback::Playback;

use crate::support::screen::cells;

/// The demo paused at `at`, and the replayer that plays it.
fn demo_at(at: &str) -> (State, Replayer) {
    let config = tickwire::config::parse("", "test.toml").unwrap();
    let mut app = App::build(config, &|_| None).unwrap();
    let Playback {
        mut state,
        mut replayer,
    } = tickwire::wiring::playback::prepare(&mut app, tickwire::event::demo::recording(), None);
    let at = replay::parse_time(at, state.now).unwrap();
    replayer.handle(
        &mut state,
        Msg::Action(Action::Replay(ReplayKey::Pause)),
        at,
    );
    replayer.seek(&mut state, at);
    (state, replayer)
}

fn both_sizes(name: &str, state: &State) {
    insta::assert_snapshot!(format!("{name}_80x24"), cells(state, 80, 24));
    insta::assert_snapshot!(format!("{name}_160x50"), cells(state, 160, 50));
}

#[test]
fn the_demo_at_the_shock_days_close() {
    let (state, _) = demo_at("2025-01-27T21:30:00Z");
    let narrow = cells(&state, 80, 24);
    assert!(
        narrow.contains("NVDA      118.39  -24.19 ▼-16.97%"),
        "{narrow}"
    );
    assert!(narrow.contains("‖ paused  Mon 27 Jan 2025 21:30 UTC · 16:30 ET US after hours"));
    both_sizes("demo_shock_close", &state);
}

#[test]
fn a_holiday_is_closed_on_the_replay_clock() {
    let (state, _) = demo_at("2025-01-20T15:00:00Z");
    let narrow = cells(&state, 80, 24);
    assert!(
        narrow.contains(
            "‖ paused  Mon 20 Jan 2025 15:00 UTC · US holiday: Martin Luther King, Jr. Day"
        ),
        "{narrow}"
    );
    both_sizes("demo_holiday", &state);
}

#[test]
fn typing_a_time_and_the_replay_help() {
    let (mut state, mut replayer) = demo_at("2025-01-27T12:00:00Z");
    let now = state.now;
    replayer.handle(
        &mut state,
        Msg::Action(Action::Replay(ReplayKey::Goto)),
        now,
    );
    for c in "09:30 et".chars() {
        replayer.handle(
            &mut state,
            Msg::Action(Action::Goto(PromptEdit::Input(c))),
            now,
        );
    }
    both_sizes("replay_goto", &state);
    replayer.handle(
        &mut state,
        Msg::Action(Action::Goto(PromptEdit::Cancel)),
        now,
    );
    replayer.handle(&mut state, Msg::Action(Action::ToggleHelp), now);
    both_sizes("replay_help", &state);
}

#[test]
fn a_first_run_without_network_suggests_the_demo() {
    let now = Utc.with_ymd_and_hms(2025, 1, 26, 12, 0, 0).unwrap();
    let mut state = State::new(&["NVDA".to_string(), "AVGO".to_string()], now);
    let failure = Failure {
        class: FailureClass::Network,
        detail: "network error: dns error".into(),
    };
    let sources = [
        (SourceKind::Feed, "Desk Wire"),
        (SourceKind::Quotes, "NVDA"),
        (SourceKind::Quotes, "AVGO"),
    ];
    for (i, (kind, name)) in sources.into_iter().enumerate() {
        let report = FetchReport::new(kind, name, "https://example.invalid/", now);
        let failure = failure.clone();
        update(&mut state, Msg::SourceFailed { report, failure }, now);
        let offline = cells(&state, 80, 24).contains("offline? try tickwire --demo");
        assert_eq!(offline, i == 2, "only once every source failed ({i})");
    }
    both_sizes("offline_first_run", &state);
}
