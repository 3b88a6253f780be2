use super::*;
use crate::core::model::ProviderName;
use crate::core::model::nvda_regular;
use chrono::{TimeZone, Utc};

fn nvda_at_close() -> Quote {
    // Friday 24 Jan 2025, 21:00 UTC = 16:00 New York.
    let as_of = Utc.with_ymd_and_hms(2025, 1, 24, 21, 0, 0).unwrap();
    nvda_regular(142.62, 147.22, as_of, 142.7)
}

fn trade(symbol: &str, price: f64, y_m_d_h_m: (i32, u32, u32, u32, u32)) -> Trade {
    let (y, mo, d, h, mi) = y_m_d_h_m;
    Trade {
        symbol: symbol.into(),
        price,
        at: Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap(),
        open_24h: None,
    }
}

#[test]
fn a_regular_session_trade_moves_price_change_and_series() {
    let mut q = nvda_at_close();
    q.as_of = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
    // Monday 27 Jan 2025, 15:31 UTC = 10:31 New York.
    let t = trade("NVDA", 118.42, (2025, 1, 27, 15, 31));
    assert!(apply_trade(&mut q, &t, ProviderName::FINNHUB, t.at));
    assert_eq!(q.price, 118.42);
    assert!((q.change().unwrap() - (118.42 - 147.22)).abs() < 1e-9);
    assert!((q.change_pct().unwrap() - (-19.56)).abs() < 0.01);
    assert_eq!(q.provider, "finnhub");
    assert_eq!(q.as_of, t.at);
    assert_eq!(q.series.last(), Some((t.at.timestamp(), 118.42)));
}

#[test]
fn an_after_hours_trade_is_extended_not_the_regular_change() {
    let mut q = nvda_at_close();
    // Friday 24 Jan 2025, 22:10 UTC = 17:10 New York, post-market.
    let t = trade("NVDA", 140.0, (2025, 1, 24, 22, 10));
    assert!(apply_trade(&mut q, &t, ProviderName::FINNHUB, t.at));
    assert_eq!(q.price, 142.62, "the regular price stays");
    assert_eq!(q.market_state, MarketState::Post);
    let ext = q.extended.expect("post-market price");
    assert_eq!(ext.price, 140.0);
    assert!((ext.change - (140.0 - 142.62)).abs() < 1e-9);
}

#[test]
fn stale_weekend_and_garbage_trades_change_nothing() {
    let q0 = nvda_at_close();
    for t in [
        trade("NVDA", 150.0, (2025, 1, 24, 20, 0)), // older than the quote
        trade("NVDA", 150.0, (2025, 1, 25, 15, 0)), // Saturday
        trade("NVDA", f64::NAN, (2025, 1, 27, 15, 0)),
        trade("NVDA", 0.0, (2025, 1, 27, 15, 0)),
        trade("NVDA", 150.0, (2100, 1, 27, 15, 0)), // from the future
    ] {
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 15, 1, 0).unwrap();
        let mut q = q0.clone();
        assert!(
            !apply_trade(&mut q, &t, ProviderName::FINNHUB, now),
            "{t:?}"
        );
        assert_eq!(q, q0);
    }
}

#[test]
fn crypto_trades_around_the_clock_and_can_start_a_quote() {
    let mut t = trade("BTC-USD", 101_000.0, (2025, 1, 25, 3, 0));
    assert_eq!(
        quote_from_trade(&t, ProviderName::COINBASE, t.at),
        None,
        "no reference"
    );
    t.open_24h = Some(100_000.0);
    let q = quote_from_trade(&t, ProviderName::COINBASE, t.at).expect("priced");
    assert_eq!(
        (q.price, q.prev_close, q.change_pct().unwrap()),
        (101_000.0, Some(100_000.0), 1.0)
    );
    assert_eq!(q.market_state, MarketState::Regular);
    assert_eq!(q.currency, "USD");
}

#[test]
fn a_crypto_quote_is_measured_over_the_trades_own_24_hours() {
    let mut t = trade("BTC-USD", 101_000.0, (2025, 1, 25, 3, 0));
    t.open_24h = Some(100_000.0);
    let mut q = quote_from_trade(&t, ProviderName::COINBASE, t.at).unwrap();
    let mut later = trade("BTC-USD", 99_000.0, (2025, 1, 25, 15, 0));
    later.open_24h = Some(98_000.0);
    assert!(apply_trade(
        &mut q,
        &later,
        ProviderName::COINBASE,
        later.at
    ));
    assert_eq!(q.prev_close, Some(98_000.0), "the window moved on");
}

#[test]
fn the_first_trade_of_a_new_day_measures_from_the_last_close() {
    // Polls failed over the weekend; Monday's first trade arrives.
    let mut q = nvda_at_close();
    let t = trade("NVDA", 118.42, (2025, 1, 27, 14, 31));
    assert!(apply_trade(&mut q, &t, ProviderName::FINNHUB, t.at));
    assert_eq!(q.prev_close, Some(142.62), "Friday's close, not Thursday's");
    assert!((q.change_pct().unwrap() - (118.42 / 142.62 - 1.0) * 100.0).abs() < 1e-9);
}

#[test]
fn a_poll_keeps_a_newer_streamed_after_hours_price() {
    let mut shown = nvda_at_close();
    let t = trade("NVDA", 140.0, (2025, 1, 24, 22, 10));
    assert!(apply_trade(&mut shown, &t, ProviderName::FINNHUB, t.at));
    // Yahoo's chart lags: its last bar is older than the streamed trade.
    let mut polled = nvda_at_close();
    polled.series = Series::from_points(vec![(t.at.timestamp() - 300, 141.0)]);
    merge_poll(&mut polled, &shown);
    let ext = polled.extended.expect("the streamed post-market price");
    assert_eq!((ext.price, polled.market_state), (140.0, MarketState::Post));
    assert_eq!(polled.series.last(), Some((t.at.timestamp(), 140.0)));
}

#[test]
fn a_later_poll_keeps_the_newer_streamed_price() {
    let mut shown = nvda_at_close();
    shown.as_of = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
    assert!(apply_trade(
        &mut shown,
        &trade("NVDA", 118.0, (2025, 1, 27, 15, 40)),
        ProviderName::FINNHUB,
        Utc.with_ymd_and_hms(2025, 1, 27, 15, 40, 0).unwrap()
    ));
    let mut polled = nvda_at_close();
    polled.as_of = Utc.with_ymd_and_hms(2025, 1, 27, 15, 39, 0).unwrap();
    polled.price = 119.0;
    merge_poll(&mut polled, &shown);
    assert_eq!(
        (polled.price, polled.provider),
        (118.0, ProviderName::FINNHUB)
    );
    assert!((polled.change().unwrap() - (118.0 - 147.22)).abs() < 1e-9);
}
