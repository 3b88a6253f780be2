use super::*;
use crate::core::model::nvda_regular;
use crate::core::model::{Extended, MarketState, Series};
use chrono::{TimeZone, Utc};

fn chart() -> Quote {
    let as_of = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
    nvda_regular(120.0, 142.62, as_of, 120.5)
}

fn batch(price: f64, secs_later: i64) -> Quote {
    let c = chart();
    Quote {
        price,
        // The batch's own reference: the close before its window, not
        // the previous session's close.
        prev_close: Some(140.0),
        as_of: c.as_of + chrono::Duration::seconds(secs_later),
        series: Series::default(),
        ..c
    }
}

#[test]
fn the_batch_moves_the_price_and_the_chart_keeps_the_previous_close() {
    let f = fold_batched(Some(&chart()), batch(118.42, 30), false);
    assert!(!f.new_day);
    assert_eq!(f.quote.price, 118.42);
    assert_eq!(f.quote.prev_close, Some(142.62), "not the batch's 140");
    assert_eq!(f.quote.series.last().unwrap().1, 118.42);
    assert_eq!(f.quote.series.points.len(), 2);
}

#[test]
fn an_older_batch_answer_changes_nothing() {
    let f = fold_batched(Some(&chart()), batch(100.0, -30), false);
    assert_eq!(f.quote, chart());
}

#[test]
fn a_new_day_drops_the_stale_reference() {
    let f = fold_batched(Some(&chart()), batch(125.0, 86_400), false);
    assert!(f.new_day);
    assert_eq!(f.quote.prev_close, None, "change unknown until the chart");
    let alone = fold_batched(None, batch(125.0, 0), false);
    assert_eq!(alone.quote.prev_close, None);
    assert!(alone.new_day);
}

#[test]
fn a_price_in_another_currency_is_not_folded_onto_the_chart() {
    let mut pence = batch(9_550.0, 30);
    pence.currency = "GBp".into();
    let f = fold_batched(Some(&chart()), pence, false);
    assert!(f.new_day, "the chart is asked again");
    assert_eq!((f.quote.price, f.quote.change()), (9_550.0, None));
}

#[test]
fn the_charts_post_price_lasts_while_its_session_does() {
    let post = Extended {
        session: MarketState::Post,
        price: 117.9,
        change: -0.52,
        change_pct: -0.44,
    };
    let mut c = chart();
    c.market_state = MarketState::Post;
    c.extended = Some(post);
    let mut b = batch(118.42, 30);
    b.market_state = MarketState::Post;
    assert_eq!(
        fold_batched(Some(&c), b.clone(), false).quote.extended,
        Some(post)
    );
    b.market_state = MarketState::Closed;
    assert_eq!(fold_batched(Some(&c), b, false).quote.extended, None);
}

#[test]
fn a_batch_that_carries_its_close_keeps_it_on_a_new_day() {
    let f = fold_batched(Some(&chart()), batch(125.0, 86_400), true);
    assert_eq!((f.quote.prev_close, f.new_day), (Some(140.0), false));
    let alone = fold_batched(None, batch(125.0, 0), true);
    assert_eq!(alone.quote.prev_close, Some(140.0));
    let older = fold_batched(Some(&chart()), batch(100.0, -30), true);
    assert_eq!(older.quote, chart(), "an older answer changes nothing");
}
