use super::*;
use crate::core::model::{MarketState, Series};
use chrono::{TimeZone, Utc};

const T0: i64 = 1_737_988_200; // 27 Jan 2025 14:30 UTC, the open

fn quote() -> Quote {
    let mut q = crate::core::model::nvda_after_close(
        Utc.timestamp_opt(T0 + 600, 0).unwrap(),
        vec![(T0, 130.0), (T0 + 60, 128.0), (T0 + 120, 125.0)],
    );
    q.market_state = MarketState::Regular;
    q.extended = None;
    q
}

fn at(t: i64) -> Timestamp {
    Utc.timestamp_opt(t, 0).unwrap()
}

#[test]
fn measured_from_the_bar_that_had_closed() {
    // At T0+90 only the first bar (closing 130) had ended.
    let m = move_since(&quote(), at(T0 + 90)).unwrap();
    assert!((m - (118.42 - 130.0) / 130.0 * 100.0).abs() < 1e-9);
}

#[test]
fn overnight_news_is_measured_from_the_previous_close() {
    let m = move_since(&quote(), at(T0 - 3 * 3600)).unwrap();
    assert!((m - (118.42 - 142.62) / 142.62 * 100.0).abs() < 1e-9);
    assert_eq!(move_since(&quote(), at(T0 - 3 * 86_400)), None);
}

#[test]
fn news_newer_than_the_last_price_has_no_move_yet() {
    assert_eq!(move_since(&quote(), at(T0 + 601)), None);
}

#[test]
fn a_day_known_by_its_opening_and_closing_prints_is_measured_from_the_last_print() {
    // Daily bars only: the open at 14:30 and the close at 21:00, as prints.
    let close_t = T0 + 6 * 3600 + 1800;
    let mut q = quote();
    q.as_of = at(close_t);
    q.price = 118.39;
    q.series = Series::from_points(vec![(T0, 124.77), (close_t, 118.39)]).with_bar_secs(1);
    let midday = move_since(&q, at(T0 + 3 * 3600)).unwrap();
    assert!(
        (midday - (118.39 / 124.77 - 1.0) * 100.0).abs() < 1e-9,
        "from the open"
    );
    let before_open = move_since(&q, at(T0 - 7200)).unwrap();
    assert!((before_open - (118.39 / 142.62 - 1.0) * 100.0).abs() < 1e-9);
    assert_eq!(
        move_since(&q, at(close_t + 600)),
        None,
        "after the last print"
    );
}

#[test]
fn no_series_no_move() {
    let mut q = quote();
    q.series = Series::default();
    assert_eq!(move_since(&q, at(T0)), None);
}
