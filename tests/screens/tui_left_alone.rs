//! What a monitor left alone shows (TestBackend + insta): newer headlines
//! waiting above a view the user moved, years-old data marked stale, a
//! sources pane that scrolls to every source, clocks that tick only when
//! seconds are on screen.

use chrono::{DateTime, Duration, TimeZone, Utc};
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::model::{
    Failure, FailureClass, FetchReport, Headline, MarketState, Quote, SourceKind,
};
use tickwire::sources::quotes::yahoo::parse_chart;

use crate::support::chart_json;
use crate::support::screen::{act, draw, headline_at, now, quick_report, text};

/// `n` headlines of our own, numbered from `from`, one a minute, the
/// highest number newest.
fn bulletins(from: usize, n: usize, at: DateTime<Utc>) -> Msg {
    let headlines = (from..from + n)
        .map(|k| {
            let (id, title) = (format!("b{k}"), format!("Wire bulletin {k}"));
            Headline {
                link: None,
                ..headline_at(at, &id, "Wire", 60 - k as i64, &title)
            }
        })
        .collect();
    Msg::HeadlinesFetched {
        report: quick_report(SourceKind::Feed, "Wire"),
        headlines,
        skipped: 0,
    }
}

#[test]
fn newer_headlines_wait_above_a_moved_view_and_g_brings_them() {
    let mut state = State::new(&[], now());
    // Drawn once, as the shell does, so the core knows the page size.
    let rows = draw(&state, 80, 24).1.list_rows;
    update(&mut state, Msg::ListResized { rows }, now());
    update(&mut state, bulletins(0, 30, now()), now());
    // At the top it follows: the newest headline comes in selected.
    update(&mut state, bulletins(30, 5, now()), now());
    assert_eq!(
        state.selected_item().unwrap().headline.title,
        "Wire bulletin 34"
    );
    // Moved down a few rows, the view stays as more news arrives.
    for _ in 0..3 {
        act(&mut state, &[Action::SelectNext]);
    }
    update(&mut state, bulletins(35, 12, now()), now());
    let moved = text(&state, 80, 24);
    assert!(
        moved.contains("Headlines 47 · ▲ 12 new (g shows)"),
        "{moved}"
    );
    assert!(!moved.contains("bulletin 46"), "{moved}");
    insta::assert_snapshot!("new_above_80x24", moved);
    act(&mut state, &[Action::SelectFirst]);
    let back = text(&state, 80, 24);
    assert!(
        back.contains("bulletin 46") && !back.contains("new (g"),
        "{back}"
    );
}

/// A quote as the Yahoo parser reads it from a chart of our own: data
/// dated `as_of`, the regular session open (`Regular`) or long over.
fn quote(symbol: &str, price: f64, state: MarketState, as_of: DateTime<Utc>) -> Quote {
    let t = now().timestamp();
    let session = match state {
        MarketState::Regular => (t - 3600, t + 3600),
        _ => (t - 30 * 3600, t - 24 * 3600),
    };
    let body = chart_json(symbol, price, as_of.timestamp(), session);
    let quote = parse_chart(&body, symbol, now()).unwrap();
    assert_eq!(quote.market_state, state);
    quote
}

#[test]
fn years_old_data_is_stale_at_once_and_says_its_year() {
    let symbols = ["NVDA".to_string(), "TSLA".to_string()];
    let mut state = State::new(&symbols, now());
    let nov_2021 = Utc.with_ymd_and_hms(2021, 11, 22, 21, 0, 3).unwrap();
    let polls = [
        quote(
            "NVDA",
            118.42,
            MarketState::Regular,
            now() - Duration::seconds(4),
        ),
        // Polled this very second; its data is from 2021.
        quote("TSLA", 1156.87, MarketState::Closed, nov_2021),
    ];
    for quote in polls {
        let report = quick_report(SourceKind::Quotes, &quote.symbol.clone());
        update(&mut state, Msg::QuoteReceived { report, quote }, now());
    }
    let narrow = text(&state, 80, 24);
    assert!(narrow.contains("TSLA     1156.87"), "{narrow}");
    assert!(narrow.contains("~3y"), "{narrow}");
    insta::assert_snapshot!("old_data_80x24", narrow);
    let wide = text(&state, 160, 50);
    assert!(wide.contains("TSLA~"), "{wide}");
    act(&mut state, &[Action::FocusNext]);
    act(&mut state, &[Action::SelectNext]);
    let line = text(&state, 160, 50);
    assert!(
        line.contains(" TSLA via yahoo · 3y ago ~stale · Mon 22 Nov 2021 21:00 UTC"),
        "{line}"
    );
}

/// 48 sources: feeds with names alike but for their ends, some failing
/// with long errors, some never answered, then the watchlist.
fn crowded() -> State {
    let symbols: Vec<String> = (0..8).map(|i| format!("SYM{i}")).collect();
    let feeds: Vec<(SourceKind, String)> = (0..40)
        .map(|i| {
            (
                SourceKind::Feed,
                format!("Storm429 noRA retry-after wire feed-{i:02}"),
            )
        })
        .collect();
    let mut state = State::new(&symbols, now()).with_configured(feeds.clone());
    for (i, (_, name)) in feeds.iter().enumerate().take(36) {
        let msg = if i % 9 == 0 {
            Msg::SourceFailed {
                report: FetchReport {
                    http_status: None,
                    ..quick_report(SourceKind::Feed, name)
                },
                failure: Failure {
                    class: FailureClass::Network,
                    detail: "network error: Connection refused (os error 111) after 3 redirects"
                        .into(),
                },
            }
        } else {
            Msg::HeadlinesFetched {
                report: quick_report(SourceKind::Feed, name),
                headlines: vec![],
                skipped: 0,
            }
        };
        update(&mut state, msg, now());
    }
    for sym in &symbols {
        let quote = quote(sym, 10.0, MarketState::Regular, now());
        let report = quick_report(SourceKind::Quotes, sym);
        update(&mut state, Msg::QuoteReceived { report, quote }, now());
    }
    act(&mut state, &[Action::ToggleSources]);
    state
}

#[test]
fn the_sources_pane_reaches_every_source_and_details_the_selected_one() {
    let mut state = crowded();
    let top = text(&state, 80, 24);
    assert!(
        top.contains("Sources 48 · 4 failing · 4 pending"),
        "counted over what is configured: {top}"
    );
    // Names cut in the middle keep the end that tells them apart.
    assert!(
        top.contains("Storm429 noR… wire feed-00 ") && top.contains("Storm429 noR… wire feed-09 "),
        "{top}"
    );
    // The selected failing source's error in full, below the table.
    assert!(
        top.contains("refused (os error 111) after 3 redirects"),
        "{top}"
    );
    insta::assert_snapshot!("sources_top_80x24", top);
    act(&mut state, &[Action::SelectLast]);
    let bottom = text(&state, 80, 24);
    assert!(
        bottom.contains("SYM7"),
        "the last rows are reachable: {bottom}"
    );
    assert!(bottom.contains(" quotes SYM7 · status 200"), "{bottom}");
    insta::assert_snapshot!("sources_bottom_80x24", bottom);
    act(&mut state, &[Action::PageUp]);
    act(&mut state, &[Action::SelectPrev]);
    let (pos, row) = state.selected_source().unwrap();
    assert!(pos < 47 && row.name != "SYM7");
}

#[test]
fn the_footer_counts_what_is_configured_and_lists_none_twice() {
    let state = crowded();
    let footer = text(&state, 160, 50);
    assert!(
        footer
            .contains(" feeds 32/40 ok (4 pending) · quotes 8/8 ok · ✗ Storm429 noRA retry-after"),
        "{footer}"
    );
}

#[test]
fn only_a_screen_showing_seconds_redraws_each_second() {
    let symbols = ["NVDA".to_string()];
    let mut state = State::new(&symbols, now());
    // After the close: the board says "cls", the list ages in minutes.
    let closed = quote(
        "NVDA",
        118.42,
        MarketState::Closed,
        now() - Duration::hours(2),
    );
    let report = quick_report(SourceKind::Quotes, "NVDA");
    update(
        &mut state,
        Msg::QuoteReceived {
            report: report.clone(),
            quote: closed,
        },
        now(),
    );
    update(
        &mut state,
        bulletins(0, 5, now() - Duration::minutes(10)),
        now(),
    );
    for size in [(80, 24), (160, 50)] {
        let (backend, info) = draw(&state, size.0, size.1);
        let text = backend.to_string();
        assert!(!info.ticking, "nothing in seconds at {size:?}: {text}");
    }
    // In a session the board's age counts seconds: the frame ticks.
    let live = quote(
        "NVDA",
        118.5,
        MarketState::Regular,
        now() - Duration::seconds(3),
    );
    update(
        &mut state,
        Msg::QuoteReceived {
            report,
            quote: live,
        },
        now(),
    );
    let (backend, info) = draw(&state, 80, 24);
    let text = backend.to_string();
    assert!(info.ticking && text.contains("  3s"), "{text}");
}
