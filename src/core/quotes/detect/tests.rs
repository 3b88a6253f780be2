//! The detector on built series: quiet days, gaps, a sharp drop, a noisy
//! symbol, a 24/7 pair, and daily bars.

use super::*;
use crate::core::model::Series;
use chrono::{TimeZone, Utc};

/// Mon 27 Jan 2025 14:30 UTC: the US open.
fn open() -> i64 {
    Utc.with_ymd_and_hms(2025, 1, 27, 14, 30, 0)
        .unwrap()
        .timestamp()
}

/// A quote of `symbol` with one-minute bars at `prices` from the open.
fn minutes(symbol: &str, prev_close: f64, prices: &[f64]) -> Quote {
    let bars: Vec<(i64, f64)> = prices
        .iter()
        .enumerate()
        .map(|(i, p)| (open() + 60 * i as i64, *p))
        .collect();
    let (t, last) = *bars.last().unwrap();
    Quote::regular(symbol, last, Some(prev_close), at(t), bars)
}

/// A calm session around `level`: ±0.05% wiggles.
fn calm(level: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| level * (1.0 + 0.0005 * [0.0, 1.0, -1.0, 0.5][i % 4]))
        .collect()
}

#[test]
fn a_quiet_day_has_no_move() {
    let q = minutes("NVDA", 100.0, &calm(100.0, 120));
    assert!(detect(&q, &MoveRules::default()).is_empty());
}

#[test]
fn the_open_against_the_previous_close_is_a_gap_past_its_threshold() {
    let q = minutes("NVDA", 142.62, &calm(124.8, 60));
    let moves = detect(&q, &MoveRules::default());
    assert_eq!(moves.len(), 1);
    let gap = &moves[0];
    assert_eq!((gap.kind, gap.start.timestamp()), (MoveKind::Gap, open()));
    assert!((gap.change_pct - (124.8 / 142.62 - 1.0) * 100.0).abs() < 0.1);
    let small = minutes("NVDA", 101.0, &calm(100.0, 60));
    assert!(
        detect(&small, &MoveRules::default()).is_empty(),
        "a 1% gap is no move"
    );
}

#[test]
fn a_sharp_drop_is_an_intraday_move_from_the_level_it_left() {
    let mut prices = calm(100.0, 60);
    prices.extend((1..=10).map(|i| 100.0 - 0.5 * i as f64));
    prices.extend(calm(95.0, 30));
    let q = minutes("NVDA", 100.0, &prices);
    let moves = detect(&q, &MoveRules::default());
    assert_eq!(moves.len(), 1, "{moves:?}");
    let m = &moves[0];
    assert_eq!(m.kind, MoveKind::Intraday);
    assert!(m.change_pct < -3.0, "{m:?}");
    assert!(m.start.timestamp() >= open() + 45 * 60 && m.start.timestamp() <= open() + 60 * 60);
}

#[test]
fn a_noisy_symbol_needs_a_bigger_move_than_a_calm_one() {
    // Swings of ±1% a minute: a 2% fall in 15 minutes is its ordinary noise.
    let noisy: Vec<f64> = (0..120)
        .map(|i| {
            100.0 * (1.0 + 0.01 * [1.0, -1.0, 0.8, -0.8][i % 4]) - if i > 100 { 2.0 } else { 0.0 }
        })
        .collect();
    let q = minutes("SMCI", 100.0, &noisy);
    let rules = MoveRules::default();
    assert!(detect(&q, &rules).iter().all(|m| m.kind == MoveKind::Gap));
    let mut calm_then_fall = calm(100.0, 100);
    calm_then_fall.extend(calm(98.0, 20));
    let q = minutes("MSFT", 100.0, &calm_then_fall);
    assert_eq!(
        detect(&q, &rules).len(),
        1,
        "the same fall on a calm symbol is a move"
    );
}

#[test]
fn a_24_7_pair_has_no_gap_but_moves_around_the_clock() {
    let mut prices = calm(100_000.0, 60);
    prices.extend(calm(96_000.0, 30));
    let q = minutes("BTC-USD", 90_000.0, &prices);
    let moves = detect(&q, &MoveRules::default());
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].kind, MoveKind::Intraday);
}

#[test]
fn daily_bars_give_the_gap_and_never_an_intraday_path() {
    let day = 24 * 3600;
    let bars = vec![
        (open() - day, 142.62),
        (open(), 124.8),
        (open() + 6 * 3600, 118.4),
    ];
    let q = Quote {
        series: Series::from_points(bars.clone()).with_bar_secs(day),
        ..Quote::regular("NVDA", 118.4, Some(142.62), at(open() + 6 * 3600), bars)
    };
    let moves = detect(&q, &MoveRules::default());
    assert_eq!(
        moves.iter().map(|m| m.kind).collect::<Vec<_>>(),
        [MoveKind::Gap]
    );
}
