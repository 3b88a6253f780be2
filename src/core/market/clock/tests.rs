use super::*;
use chrono::{TimeZone, Utc};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

#[test]
fn sessions_in_winter_and_summer_time_and_on_weekends() {
    use MarketState::*;
    for ((y, m, d, h, min), expected) in [
        // Monday 27 Jan 2025 (EST, UTC-5).
        ((2025, 1, 27, 8, 59), Closed),
        ((2025, 1, 27, 9, 0), Pre),
        ((2025, 1, 27, 14, 30), Regular),
        ((2025, 1, 27, 20, 59), Regular),
        ((2025, 1, 27, 21, 0), Post),
        ((2025, 1, 28, 1, 0), Closed),
        // Monday 16 Jun 2025 (EDT, UTC-4): the open is 13:30 UTC.
        ((2025, 6, 16, 13, 29), Pre),
        ((2025, 6, 16, 13, 30), Regular),
        ((2025, 6, 14, 15, 0), Closed),
        // Daylight saving: 9 March and 2 November 2025 move the open.
        ((2025, 3, 7, 14, 0), Pre),
        ((2025, 3, 10, 14, 0), Regular),
        ((2025, 10, 31, 13, 45), Regular),
        ((2025, 11, 3, 13, 45), Pre),
    ] {
        let t = utc(y, m, d, h, min);
        assert_eq!(us_equity_state(t), expected, "{t}");
    }
}

#[test]
fn holidays_are_closed_all_day_and_early_closes_end_at_one() {
    // Martin Luther King, Jr. Day 2025, mid-morning New York time.
    let mlk = us_session(utc(2025, 1, 20, 15, 0));
    assert_eq!(mlk.state, MarketState::Closed);
    assert!(matches!(mlk.day, TradingDay::Holiday(_)));
    // Friday 28 Nov 2025: the bell at 13:00 New York (18:00 UTC).
    assert_eq!(
        us_equity_state(utc(2025, 11, 28, 17, 59)),
        MarketState::Regular
    );
    assert_eq!(us_equity_state(utc(2025, 11, 28, 18, 0)), MarketState::Post);
    assert_eq!(
        us_equity_state(utc(2025, 11, 28, 22, 0)),
        MarketState::Closed
    );
}
