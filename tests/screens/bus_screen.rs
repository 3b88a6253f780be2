//! A `--bus` screen's footer and board as the bus's link and the desk's
//! collector come and go (rendered with TestBackend).

use chrono::{DateTime, Duration, TimeZone, Utc};
use tickwire::core::app::BusNews;
use tickwire::core::app::Msg;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::model::{FetchReport, SourceKind};

use crate::support::screen::{cells, quote_at};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap() + Duration::seconds(secs)
}

fn screen(state: &State) -> String {
    cells(state, 100, 24)
}

fn nvda(at: DateTime<Utc>) -> Msg {
    Msg::QuoteReceived {
        report: FetchReport::new(SourceKind::Quotes, "NVDA", "", at),
        quote: quote_at("NVDA", 124.5, 142.6, at, vec![(at.timestamp() - 60, 124.5)]),
    }
}

#[test]
fn the_footer_says_whether_the_desk_reaches_this_screen() {
    let mut state = State::new(&["NVDA".to_string()], t(0));
    update(&mut state, Msg::Bus(BusNews::Disconnected), t(0));
    update(&mut state, Msg::Bus(BusNews::Connected), t(1));
    let lease = Some(("desk-1 collect".to_string(), t(20)));
    update(&mut state, Msg::Bus(BusNews::Lease(lease)), t(1));
    update(&mut state, nvda(t(2)), t(2));
    let s = screen(&state);
    assert!(s.contains("bus: connected ·"), "{s}");
    assert!(state.quote_age("NVDA").is_some_and(|f| !f.stale));

    // The link drops: the last prices stay, marked stale, and the
    // footer counts the time without the bus.
    update(&mut state, Msg::Bus(BusNews::Disconnected), t(5));
    update(&mut state, Msg::Tick, t(17));
    let s = screen(&state);
    assert!(s.contains("bus: disconnected 12s"), "{s}");
    assert!(s.contains("124.50"), "the last price kept: {s}");
    assert!(state.quote_age("NVDA").is_some_and(|f| f.stale));

    // Back, but the collector stopped renewing its lease at t(20).
    update(&mut state, Msg::Bus(BusNews::Connected), t(18));
    let before = state.rev;
    update(&mut state, Msg::Tick, t(21));
    assert!(state.rev > before, "the lease running out redraws");
    let s = screen(&state);
    assert!(s.contains("bus: connected, no collector for 1s"), "{s}");
    assert!(state.quote_age("NVDA").is_some_and(|f| f.stale));

    // A second collector takes over.
    let lease = Some(("desk-2 collect".to_string(), t(40)));
    update(&mut state, Msg::Bus(BusNews::Lease(lease)), t(22));
    update(&mut state, nvda(t(22)), t(22));
    assert!(screen(&state).contains("bus: connected ·"));
    assert!(state.quote_age("NVDA").is_some_and(|f| !f.stale));
}
