use super::*;
use crate::core::app::Action;
use crate::core::model::ProviderName;
use crate::core::model::{Failure, FailureClass, Headline};
use chrono::{TimeZone, Utc};

fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_737_990_000 + secs, 0).unwrap()
}

fn headline(id: &str, title: &str, published: i64) -> Headline {
    Headline {
        id: id.into(),
        title: title.into(),
        link: None,
        source: "Test".into(),
        published: Some(at(published)),
        first_seen: at(1000),
        summary: String::new(),
    }
}

fn report(name: &str) -> FetchReport {
    FetchReport {
        kind: SourceKind::Feed,
        name: name.into(),
        url: "http://127.0.0.1/feed".into(),
        http_status: Some(200),
        elapsed_ms: 5,
        at: at(1000),
        not_modified: false,
        next_poll: None,
    }
}

fn fetched(headlines: Vec<Headline>) -> Msg {
    Msg::HeadlinesFetched {
        report: report("Test"),
        headlines,
        skipped: 1,
    }
}

/// A state that has polled the test feed's `(id, title, minute)`s at `secs`.
fn polled(headlines: &[(&str, &str, i64)], secs: i64) -> State {
    let mut s = State::new(&[], at(0));
    let hs = headlines
        .iter()
        .map(|(id, t, m)| headline(id, t, *m))
        .collect();
    poll(&mut s, hs, secs);
    s
}

/// The test feed's headlines fetched at `secs`.
fn poll(s: &mut State, headlines: Vec<Headline>, secs: i64) -> Vec<Effect> {
    update(s, fetched(headlines), at(secs))
}

#[test]
fn headlines_are_newest_first_deduplicated_and_judged() {
    let mut s = State::new(&[], at(0));
    let polls = [
        (["a", "Old news", "b", "Nvidia and AI"], [10, 20], 1000),
        (["b", "Nvidia and AI", "c", "Newest"], [20, 30], 1001),
    ];
    for ([id1, t1, id2, t2], [m1, m2], secs) in polls {
        let polled = fetched(vec![headline(id1, t1, m1), headline(id2, t2, m2)]);
        update(&mut s, polled, at(secs));
    }
    let ids: Vec<&str> = s.items().values().map(|i| i.headline.id.as_str()).collect();
    assert_eq!(ids, ["c", "b", "a"]);
    assert!(s.items()[1].relevance.ai);
    assert_eq!(s.items()[1].tickers, ["NVDA"]);
}

#[test]
fn one_story_from_several_feeds_is_one_headline_listing_its_sources() {
    let mut s = State::new(&[], at(0));
    let mut a = headline("a", "Nvidia slides as DeepSeek rattles the AI trade", 20);
    a.link = Some("https://news.example/story?utm_x=1".into());
    update(&mut s, fetched(vec![a]), at(1000));
    let mut b = headline("b", "Nvidia slides as DeepSeek rattles the AI trade", 25);
    b.source = "Other Wire".into();
    b.link = Some("https://www.news.example/story".into());
    let mut c = headline("c", "Nvidia slides as DeepSeek rattles the AI trade!", 30);
    c.source = "Third Wire".into();
    update(&mut s, fetched(vec![b, c]), at(1001));
    assert_eq!(s.items().len(), 1);
    assert_eq!(s.items()[0].sources, ["Test", "Other Wire", "Third Wire"]);
}

#[test]
fn staleness_follows_the_datas_own_time_not_the_poll() {
    use crate::core::market::{Freshness, test_quote};
    use crate::core::model::MarketState;
    use chrono::TimeZone;
    let monday = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
    let quote = test_quote;
    let watch = ["NVDA".to_string(), "TSLA".to_string()];
    let mut s = State::new(&watch, monday).with_stale_after(60);
    let nov_2021 = Utc.with_ymd_and_hms(2021, 11, 22, 21, 0, 3).unwrap();
    let polls = [
        quote(
            "NVDA",
            MarketState::Regular,
            monday - chrono::Duration::seconds(30),
        ),
        // Polled just now, but its data is years old.
        quote("TSLA", MarketState::Closed, nov_2021),
    ];
    for quote in polls {
        let report = FetchReport {
            kind: SourceKind::Quotes,
            at: monday,
            ..report(&quote.symbol)
        };
        update(&mut s, Msg::QuoteReceived { report, quote }, monday);
    }
    let fresh = |age_secs, stale| Some(Freshness { age_secs, stale });
    assert_eq!(s.quote_age("NVDA"), fresh(30, false));
    let tsla = s.quote_age("TSLA").unwrap();
    assert!(tsla.stale && tsla.age_secs > 3 * 365 * 86_400, "{tsla:?}");
    // No new data for over a minute of trading: stale, polled or not.
    update(&mut s, Msg::Tick, monday + chrono::Duration::seconds(31));
    assert_eq!(s.quote_age("NVDA"), fresh(61, true));
}

/// A symbol the budget refreshes every 3m20s is stale after three of
/// those refreshes, not after the configured minute.
#[test]
fn a_quote_slowed_by_the_budget_is_stale_only_after_three_refreshes() {
    use crate::core::model::{MarketState, Quote, Series};
    use crate::core::quotes::Cadence;
    use crate::core::quotes::SymbolRefresh;
    use std::time::Duration;
    let watch = ["BTC-USD".to_string()];
    let mut s = State::new(&watch, at(0)).with_stale_after(60);
    let quote = Quote {
        symbol: "BTC-USD".into(),
        price: 100.0,
        prev_close: Some(99.0),
        currency: "USD".into(),
        exchange: "CCC".into(),
        market_state: MarketState::Regular,
        as_of: at(0),
        provider: ProviderName::YAHOO,
        series: Series::default(),
        extended: None,
    };
    let report = FetchReport {
        kind: SourceKind::Quotes,
        at: at(0),
        ..report("BTC-USD")
    };
    update(&mut s, Msg::QuoteReceived { report, quote }, at(0));
    let slowed = SymbolRefresh {
        provider: ProviderName::YAHOO,
        cadence: Cadence {
            price: Duration::from_secs(200),
            chart: Duration::from_secs(200),
        },
        live: false,
        held_back: true,
    };
    let planned = Msg::QuotesPlanned {
        providers: vec![],
        symbols: vec![("BTC-USD".into(), slowed)],
    };
    update(&mut s, planned.clone(), at(0));
    let rev = s.rev;
    update(&mut s, planned, at(0));
    assert_eq!(s.rev, rev, "the same plan again draws nothing");
    update(&mut s, Msg::Tick, at(600));
    let age = |s: &State| s.quote_age("BTC-USD").map(|f| (f.age_secs, f.stale));
    assert_eq!(age(&s), Some((600, false)));
    update(&mut s, Msg::Tick, at(601));
    assert_eq!(age(&s), Some((601, true)));
}

#[test]
fn a_streamed_quote_stays_fresh_while_its_polls_fail_and_keeps_its_price() {
    use crate::core::model::{Failure, Quote, Series, Trade};
    let mut s = State::new(&["BTC-USD".to_string()], at(0));
    let trade = |price, secs| Msg::TradesReceived {
        provider: ProviderName::COINBASE,
        trades: vec![Trade {
            symbol: "BTC-USD".into(),
            price,
            at: at(secs),
            open_24h: Some(100_000.0),
        }],
    };
    // The stream prices the symbol before any poll answered.
    update(&mut s, trade(101_000.0, 10), at(10));
    let q = s.quotes()[0].quote.clone().expect("priced from the stream");
    assert_eq!(
        (q.price, q.change_pct().unwrap(), q.provider),
        (101_000.0, 1.0, ProviderName::COINBASE)
    );
    // A poll answers with an older price and the day's reference.
    let polled = Quote {
        price: 100_500.0,
        prev_close: Some(99_000.0),
        as_of: at(5),
        provider: ProviderName::YAHOO,
        series: Series::from_points(vec![(0, 100_400.0)]),
        ..q
    };
    let report = FetchReport {
        kind: SourceKind::Quotes,
        at: at(11),
        ..report("BTC-USD")
    };
    update(
        &mut s,
        Msg::QuoteReceived {
            report: report.clone(),
            quote: polled,
        },
        at(11),
    );
    let q = s.quotes()[0].quote.clone().unwrap();
    assert_eq!(
        (q.price, q.prev_close, q.provider),
        (101_000.0, Some(99_000.0), ProviderName::COINBASE)
    );
    // Then every poll fails, but trades keep coming: fresh, price moves.
    let failure = Failure {
        class: FailureClass::Http,
        detail: "HTTP 503".into(),
    };
    for t in [100, 200, 300] {
        update(
            &mut s,
            Msg::SourceFailed {
                report: report.clone(),
                failure: failure.clone(),
            },
            at(t),
        );
        update(&mut s, trade(102_000.0 + t as f64, t), at(t));
    }
    let fresh = |age_secs, stale| Some(crate::core::market::Freshness { age_secs, stale });
    assert_eq!(s.quote_age("BTC-USD"), fresh(0, false));
    assert_eq!(s.quotes()[0].quote.as_ref().unwrap().price, 102_300.0);
    // When the stream falls silent too, the last price stays, marked stale.
    update(&mut s, Msg::Tick, at(300 + 61));
    assert_eq!(s.quote_age("BTC-USD"), fresh(61, true));
    assert_eq!(s.quotes()[0].quote.as_ref().unwrap().price, 102_300.0);
}

#[test]
fn a_poll_in_another_currency_is_not_mixed_with_the_streamed_price() {
    use crate::core::model::{Quote, Trade};
    let mut s = State::new(&["BTC-EUR".to_string()], at(0));
    let trade = Msg::TradesReceived {
        provider: ProviderName::COINBASE,
        trades: vec![Trade {
            symbol: "BTC-EUR".into(),
            price: 95_000.0,
            at: at(10),
            open_24h: Some(94_000.0),
        }],
    };
    update(&mut s, trade, at(10));
    let streamed = s.quotes()[0].quote.clone().unwrap();
    // An older poll that says USD: its own price and reference, whole.
    let polled = Quote {
        price: 101_000.0,
        prev_close: Some(100_000.0),
        currency: "USD".into(),
        as_of: at(5),
        ..streamed
    };
    let report = FetchReport {
        kind: SourceKind::Quotes,
        ..report("BTC-EUR")
    };
    let msg = Msg::QuoteReceived {
        report,
        quote: polled.clone(),
    };
    update(&mut s, msg, at(11));
    let q = s.quotes()[0].quote.clone().unwrap();
    assert_eq!((q.price, q.change_pct()), (101_000.0, Some(1.0)));
}

#[test]
fn without_a_stream_each_poll_replaces_the_quote_whole() {
    use crate::core::model::{Extended, MarketState, Quote, Series};
    let mut s = State::new(&["NVDA".to_string()], at(0));
    let evening = Quote {
        symbol: "NVDA".into(),
        price: 142.62,
        prev_close: Some(147.22),
        currency: "USD".into(),
        exchange: "NMS".into(),
        market_state: MarketState::Post,
        as_of: at(0),
        provider: ProviderName::YAHOO,
        series: Series::from_points(vec![(at(600).timestamp(), 140.0)]),
        extended: Some(Extended {
            session: MarketState::Post,
            price: 140.0,
            change: -2.62,
            change_pct: -1.84,
        }),
    };
    // Next morning the window is still empty: no bars, no after-hours.
    let morning = Quote {
        market_state: MarketState::Closed,
        series: Series::default(),
        extended: None,
        ..evening.clone()
    };
    let report = |t| FetchReport {
        kind: SourceKind::Quotes,
        at: at(t),
        ..report("NVDA")
    };
    update(
        &mut s,
        Msg::QuoteReceived {
            report: report(600),
            quote: evening,
        },
        at(600),
    );
    update(
        &mut s,
        Msg::QuoteReceived {
            report: report(900),
            quote: morning.clone(),
        },
        at(900),
    );
    assert_eq!(s.quotes()[0].quote.as_ref(), Some(&morning));
}

#[test]
fn selection_follows_its_headline_when_newer_ones_arrive() {
    let mut s = polled(&[("a", "A", 10), ("b", "B", 20)], 1000);
    update(&mut s, Msg::Action(Action::SelectNext), at(1000));
    assert_eq!(s.selected_item().unwrap().headline.id, "a");
    update(&mut s, fetched(vec![headline("c", "C", 30)]), at(1000));
    assert_eq!(s.selected_item().unwrap().headline.id, "a");
}

#[test]
fn at_the_top_the_list_follows_the_news_elsewhere_it_stays_and_counts_it() {
    let mut s = State::new(&[], at(0));
    update(&mut s, Msg::ListResized { rows: 3 }, at(0));
    let selected = |s: &State| s.selected_item().unwrap().headline.id.clone();
    let top = |s: &State| s.visible_at(s.view.scroll).unwrap().headline.id.clone();
    poll(
        &mut s,
        vec![headline("a", "A", 10), headline("b", "B", 20)],
        1000,
    );
    update(&mut s, fetched(vec![headline("c", "C", 30)]), at(1000));
    assert_eq!((selected(&s), s.new_above()), ("c".into(), 0), "follows");
    // Moved away: the rows shown stay as news arrives above them.
    update(&mut s, Msg::Action(Action::SelectNext), at(1000));
    let more = vec![headline("d", "D", 40), headline("e", "E", 50)];
    update(&mut s, fetched(more), at(1000));
    assert_eq!((selected(&s), top(&s)), ("b".into(), "c".into()));
    assert_eq!(s.new_above(), 2);
    // Scrolling up shows them one by one.
    update(&mut s, Msg::Action(Action::SelectPrev), at(1000));
    update(&mut s, Msg::Action(Action::SelectPrev), at(1000));
    assert_eq!((top(&s), s.new_above()), ("d".into(), 1));
    // Back at the top it follows again.
    update(&mut s, Msg::Action(Action::SelectFirst), at(1000));
    assert_eq!(s.new_above(), 0);
    update(&mut s, fetched(vec![headline("f", "F", 60)]), at(1000));
    assert_eq!((selected(&s), top(&s)), ("f".into(), "f".into()));
}

#[test]
fn a_failure_is_logged_when_it_starts_and_when_it_ends_not_per_retry() {
    let mut s = State::new(&[], at(0));
    let failed = |t| Msg::SourceFailed {
        report: FetchReport {
            http_status: Some(503),
            at: at(t),
            ..report("Test")
        },
        failure: Failure {
            class: FailureClass::Http,
            detail: "HTTP 503".into(),
        },
    };
    let logs = |effects: Vec<Effect>| {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Log(change) => Some(change.to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        logs(update(&mut s, fetched(vec![]), at(1000))),
        [] as [String; 0]
    );
    let down = logs(update(&mut s, failed(1010), at(1010)));
    assert_eq!(
        down,
        ["feed \"Test\" failing: HTTP 503 (status 503) <http://127.0.0.1/feed>"]
    );
    assert!(logs(update(&mut s, failed(1020), at(1020))).is_empty());
    let back = Msg::HeadlinesFetched {
        report: FetchReport {
            at: at(1030),
            ..report("Test")
        },
        headlines: vec![],
        skipped: 0,
    };
    let up = logs(update(&mut s, back, at(1030)));
    assert_eq!(up, ["feed \"Test\" recovered (no good answer for 30s)"]);
}

#[test]
fn moving_past_the_ends_changes_nothing() {
    let mut s = State::new(&[], at(0));
    update(&mut s, fetched(vec![headline("a", "A", 10)]), at(1000));
    let rev = s.rev;
    update(&mut s, Msg::Action(Action::SelectPrev), at(1000));
    update(&mut s, Msg::Action(Action::SelectNext), at(1000));
    assert_eq!((s.view.selected, s.rev), (0, rev));
}

#[test]
fn failure_keeps_the_time_of_the_last_success() {
    let mut s = State::new(&[], at(0));
    update(&mut s, fetched(vec![]), at(1000));
    let failure = Failure {
        class: FailureClass::Http,
        detail: "HTTP 503".into(),
    };
    update(
        &mut s,
        Msg::SourceFailed {
            report: report("Test"),
            failure,
        },
        at(1100),
    );
    let h = &s.sources[&(SourceKind::Feed, "Test".to_string())];
    assert!(!h.ok);
    assert_eq!(h.error.as_deref(), Some("HTTP 503"));
    assert_eq!(h.last_success, Some(at(1000)));
}

#[test]
fn a_304_keeps_the_item_count_and_the_last_error_is_remembered() {
    let mut s = polled(&[("a", "A", 900), ("b", "B", 950)], 1000);
    let failure = Failure {
        class: FailureClass::Timeout,
        detail: "stalled".into(),
    };
    update(
        &mut s,
        Msg::SourceFailed {
            report: report("Test"),
            failure,
        },
        at(1100),
    );
    let not_modified = FetchReport {
        http_status: Some(304),
        not_modified: true,
        next_poll: Some(at(1400)),
        ..report("Test")
    };
    update(
        &mut s,
        Msg::HeadlinesFetched {
            report: not_modified,
            headlines: vec![],
            skipped: 0,
        },
        at(1200),
    );
    let h = &s.sources[&(SourceKind::Feed, "Test".to_string())];
    assert!(h.ok && h.not_modified);
    assert_eq!(
        (h.items, h.skipped),
        (2, 1),
        "counts of the last parsed body"
    );
    assert_eq!(
        (h.error.as_deref(), h.last_error.as_deref()),
        (None, Some("stalled"))
    );
    assert_eq!(h.next_poll, Some(at(1400)));
}

#[test]
fn a_poll_whose_headlines_came_apart_sets_the_feeds_count() {
    let mut s = State::new(&[], at(0));
    let polled = |items, not_modified| Msg::FeedPolled {
        report: FetchReport {
            not_modified,
            ..report("Test")
        },
        items,
        skipped: 1,
    };
    update(&mut s, polled(5, false), at(10));
    let h = &s.sources[&(SourceKind::Feed, "Test".to_string())];
    assert_eq!((h.ok, h.items, h.skipped), (true, 5, 1));
    assert!(s.items().is_empty(), "no headline comes with it");
    update(&mut s, polled(0, true), at(20));
    let h = &s.sources[&(SourceKind::Feed, "Test".to_string())];
    assert_eq!(h.items, 5, "a 304 keeps the count");
}

#[test]
fn quit_is_an_effect_and_tick_redraws_once_a_minute() {
    let mut s = State::new(&[], at(0));
    assert_eq!(
        update(&mut s, Msg::Action(Action::Quit), at(0)),
        [Effect::Quit]
    );
    let rev = s.rev;
    update(&mut s, Msg::Tick, at(1));
    assert_eq!(s.rev, rev);
    update(&mut s, Msg::Tick, at(61));
    assert_eq!(s.rev, rev + 1);
}

mod lag;
