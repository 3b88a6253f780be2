//! CNBC's parser on bodies written here with its traps: numbers as
//! strings with commas, `%` signs, bare dates, a wrong stated close.

use super::*;
use chrono::Utc;

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 10, 3, 12, 0, 0).unwrap()
}

/// After the close: the stated previous close is the day's close.
const POST: &str = r#"{"FormattedQuoteResult":{"FormattedQuote":[
  {"symbol":"IDX","code":0,"last":"4,098.12","change":"-12.88","change_pct":"-0.31%",
   "previous_day_closing":"4,098.12","last_time":"2026-10-02","currencyCode":"USD",
   "exchange":"NYSE","curmktstatus":"POST_MKT",
   "ExtendedMktQuote":{"type":"POST_MKT","last":"4,100.00","last_time":"2026-10-02T17:30:00-0400"}},
  {"symbol":"NOPE","code":1}
]}}"#;

#[test]
fn strings_commas_and_percent_signs_are_numbers() {
    let q = parse_cnbc(POST.as_bytes(), now()).unwrap();
    assert_eq!(q.len(), 1, "the unknown symbol is left out");
    let q = &q[0];
    assert_eq!((q.symbol.as_str(), q.price), ("IDX", 4098.12));
    assert_eq!(
        q.prev_close,
        Some(4111.0),
        "last − change, not the stated close"
    );
    assert_eq!((q.market_state, q.provider), (MarketState::Post, PROVIDER));
    let ext = q.extended.unwrap();
    assert_eq!((ext.session, ext.price), (MarketState::Post, 4100.0));
    assert!((ext.change - 1.88).abs() < 1e-9);
    assert_eq!(
        q.as_of.to_rfc3339(),
        "2026-10-02T21:30:00+00:00",
        "the later print"
    );
}

#[test]
fn a_bare_date_is_that_days_close_never_the_future() {
    let body = br#"{"FormattedQuoteResult":{"FormattedQuote":{"symbol":"X","last":"10","change":"0.5","change_pct":"+5.26%","last_time":"2026-10-02"}}}"#;
    let q = &parse_cnbc(body, now()).unwrap()[0];
    assert_eq!(q.as_of.to_rfc3339(), "2026-10-02T20:00:00+00:00");
    assert_eq!(q.prev_close, Some(9.5));
    let early = Utc.with_ymd_and_hms(2026, 10, 2, 15, 0, 0).unwrap();
    assert_eq!(parse_cnbc(body, early).unwrap()[0].as_of, early);
}

#[test]
fn a_body_that_contradicts_itself_brings_no_previous_close() {
    let body = br#"{"FormattedQuoteResult":{"FormattedQuote":[{"symbol":"X","last":"10","change":"-1","change_pct":"+5%"}]}}"#;
    let q = &parse_cnbc(body, now()).unwrap()[0];
    assert_eq!((q.price, q.prev_close), (10.0, None));
    let no_pct = br#"{"FormattedQuoteResult":{"FormattedQuote":[{"symbol":"X","last":"10","previous_day_closing":"9"}]}}"#;
    assert_eq!(parse_cnbc(no_pct, now()).unwrap()[0].prev_close, None);
}

#[test]
fn the_itv_root_and_its_stated_close_when_the_percent_agrees() {
    let body = br#"{"ITVQuoteResult":{"ITVQuote":[
      {"symbol":"A","previous_day_closing":"200.00","last":"190.00","change_pct":"-5.00%","curmktstatus":"REG_MKT"},
      {"symbol":"B","previous_day_closing":"50.00","last":"50.00","change_pct":"0%","curmktstatus":"PRE_MKT",
       "ExtendedMktQuote":{"type":"PRE_MKT","last":"51.00","last_time":"2026-10-03T07:00:00-0400"}}]}}"#;
    let q = parse_cnbc(body, now()).unwrap();
    assert_eq!(
        (q[0].prev_close, q[0].market_state),
        (Some(200.0), MarketState::Regular)
    );
    assert_eq!(q[1].extended.unwrap().session, MarketState::Pre);
    assert_eq!(q[1].market_state, MarketState::Pre);
}

#[test]
fn an_unknown_symbol_is_cnbcs_own_error() {
    let cnbc = Cnbc {
        base_url: "http://x".into(),
    };
    let body = br#"{"FormattedQuoteResult":{"FormattedQuote":[{"symbol":"NOPE","code":1}]}}"#;
    assert_eq!(
        cnbc.parse(body, "NOPE", now()),
        Err(Rejection::Provider("cnbc: no quote for NOPE".into()))
    );
    assert!(matches!(
        cnbc.parse(b"<html>", "NOPE", now()),
        Err(Rejection::Parse(_))
    ));
}

#[test]
fn symbols_are_joined_by_an_escaped_bar() {
    let url = cnbc_url("https://q.example/", &["NVDA".into(), "^GSPC".into()]);
    assert!(url.starts_with(
        "https://q.example/quote-html-webservice/restQuote/symbolType/symbol?symbols=NVDA%7C%5EGSPC&"
    ));
}
