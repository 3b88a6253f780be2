//! The board: polls and trades on their slots, ages by the plan, the
//! movers order.

use super::*;
use crate::core::market::test_quote;
use crate::core::model::MarketState;
use crate::core::model::ProviderName;
use chrono::{TimeZone, Utc};

fn at(h: u32, m: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2025, 1, 27, h, m, 0).unwrap()
}

#[test]
fn a_polled_unwatched_symbol_gets_a_slot_but_a_trade_for_one_is_dropped() {
    let mut board = Board::new(&["NVDA".to_string()]);
    let quote = test_quote("AVGO", MarketState::Regular, at(15, 0));
    assert_eq!(board.set_quote("AVGO", quote), 1);
    let trade = Trade {
        symbol: "TSM".into(),
        price: 1.0,
        at: at(15, 1),
        open_24h: None,
    };
    assert_eq!(
        board.apply_trade(&trade, ProviderName::FINNHUB, at(15, 1)),
        None
    );
    assert_eq!(board.slots().len(), 2);
}

#[test]
fn an_error_keeps_the_last_good_quote_beside_it() {
    let mut board = Board::new(&["NVDA".to_string()]);
    board.set_quote("NVDA", test_quote("NVDA", MarketState::Regular, at(15, 0)));
    board.set_error("NVDA", "HTTP 429".into());
    let slot = board.slot("NVDA").unwrap();
    assert!(slot.quote.is_some() && slot.error.as_deref() == Some("HTTP 429"));
    assert!(!board.nothing_priced());
}

#[test]
fn a_quote_is_stale_past_stale_after_while_its_market_trades_and_a_cut_off_is_stale_at_once() {
    let mut board = Board::new(&["NVDA".to_string()]);
    board.set_stale_after(60);
    board.set_quote("NVDA", test_quote("NVDA", MarketState::Regular, at(15, 0)));
    assert!(!board.age("NVDA", at(15, 0), false).unwrap().stale);
    assert!(board.age("NVDA", at(15, 0), true).unwrap().stale);
    assert!(board.age("NVDA", at(15, 2), false).unwrap().stale);
    assert!(
        board.age("AVGO", at(15, 2), false).is_none(),
        "no price, no age"
    );
}
