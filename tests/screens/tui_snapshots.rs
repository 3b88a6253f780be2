//! Every screen as insta snapshots (TestBackend), at 80×24 and 160×50.

use tickwire::core::alerts::{AlertRule, AlertSettings};
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::model::ProviderName;
use tickwire::core::model::{
    Extended, Failure, FailureClass, FetchReport, MarketState, Series, SourceKind,
};

use crate::support::fixture;
use crate::support::screen::{
    act, cells, draw, headline, headline_at, now, quote, report, rows, text,
};

/// The evening of 27 January 2025, with headlines written for this test.
fn deepseek_evening() -> State {
    let symbols: Vec<String> = [
        "NVDA", "MSFT", "GOOGL", "META", "AMZN", "AAPL", "TSM", "AVGO", "AMD", "ASML", "ARM", "MU",
        "ORCL", "PLTR", "SMCI", "QQQ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut state = State::new(&symbols, now());
    let closes = [
        ("NVDA", 118.42, 142.62),
        ("MSFT", 434.56, 444.06),
        ("GOOGL", 191.81, 200.21),
        ("META", 659.88, 647.49),
        ("AMZN", 235.42, 234.85),
        ("AAPL", 229.86, 222.78),
        ("TSM", 188.28, 211.61),
        ("AVGO", 199.91, 241.50),
        ("AMD", 115.05, 120.91),
        ("ASML", 697.23, 748.23),
        ("ARM", 139.94, 164.15),
        ("MU", 89.34, 101.41),
        ("ORCL", 190.97, 222.08),
        ("PLTR", 72.82, 72.96),
        ("SMCI", 25.76, 29.11),
    ];
    for (sym, price, prev) in closes {
        update(
            &mut state,
            Msg::QuoteReceived {
                report: report(SourceKind::Quotes, sym, Some(200)),
                quote: {
                    let mut q = quote(sym, price, prev);
                    if sym == "NVDA" {
                        // After-hours trading, shown apart from the regular change.
                        q.market_state = MarketState::Post;
                        q.extended = Some(Extended {
                            session: MarketState::Post,
                            price: 117.90,
                            change: -0.52,
                            change_pct: -0.44,
                        });
                    }
                    q
                },
            },
            now(),
        );
    }
    update(
        &mut state,
        Msg::SourceFailed {
            report: report(SourceKind::Quotes, "QQQ", Some(429)),
            failure: Failure {
                class: FailureClass::Http,
                detail: "HTTP 429".into(),
            },
        },
        now(),
    );
    let headlines = vec![
        headline(
            "1",
            "Desk Wire",
            3,
            "Nvidia sheds $590 billion as DeepSeek's cheap model rattles the AI trade",
        ),
        headline(
            "2",
            "Desk Wire",
            9,
            "Broadcom and TSMC slide in sympathy with chip peers",
        ),
        headline(
            "3",
            "Tech Daily",
            14,
            "What DeepSeek's R1 means for the economics of large language models",
        ),
        headline(
            "4",
            "Desk Wire",
            25,
            "Treasury yields ease as investors seek safety",
        ),
        headline(
            "5",
            "Tech Daily",
            41,
            "Apple gains as traders rotate out of AI chip names",
        ),
        headline(
            "6",
            "Markets Now",
            55,
            "Meta says its Llama models will keep capital spending high",
        ),
        headline("7", "Markets Now", 70, "Oil steadies after a volatile week"),
        headline(
            "8",
            "Tech Daily",
            95,
            "Microsoft's Copilot gets a reasoning mode",
        ),
        headline(
            "9",
            "Desk Wire",
            130,
            "Constellation Energy falls as data center power bets unwind",
        ),
        headline(
            "10",
            "Markets Now",
            200,
            "Gold edges higher on softer dollar",
        ),
    ];
    update(
        &mut state,
        Msg::HeadlinesFetched {
            report: report(SourceKind::Feed, "Desk Wire", Some(200)),
            headlines,
            // Two entries the feed had but nothing could be read from.
            skipped: 2,
        },
        now(),
    );
    update(
        &mut state,
        Msg::SourceFailed {
            report: report(SourceKind::Feed, "Paywalled Wire", Some(403)),
            failure: Failure {
                class: FailureClass::Http,
                detail: "HTTP 403".into(),
            },
        },
        now(),
    );
    update(&mut state, Msg::Action(Action::SelectNext), now());
    state
}

/// Snapshot a screen at the two sizes every screen is checked at.
fn both_sizes(name: &str, state: &State) {
    insta::assert_snapshot!(format!("{name}_80x24"), text(state, 80, 24));
    insta::assert_snapshot!(format!("{name}_160x50"), text(state, 160, 50));
}

/// Type `typed` into the open filter line.
fn type_filter(state: &mut State, typed: &str) {
    for c in typed.chars() {
        act(state, &[Action::FilterInput(c)]);
    }
}

#[test]
fn first_screen() {
    both_sizes("first_screen", &deepseek_evening());
}

#[test]
fn empty_screen_while_waiting() {
    both_sizes(
        "waiting",
        &State::new(&["NVDA".to_string(), "MSFT".to_string()], now()),
    );
}

#[test]
fn typing_a_filter() {
    let mut state = deepseek_evening();
    act(&mut state, &[Action::OpenFilter]);
    type_filter(&mut state, "deepseek -\"large");
    both_sizes("filter_typing", &state);
    act(&mut state, &[Action::FilterClearLine]);
    type_filter(&mut state, "age:<soon zzz");
    both_sizes("filter_no_match", &state);
}

#[test]
fn ai_only_with_a_kept_filter() {
    let mut state = deepseek_evening();
    act(
        &mut state,
        &[
            Action::ToggleAiOnly,
            Action::OpenFilter,
            Action::FilterInput('$'),
        ],
    );
    type_filter(&mut state, "MSFT");
    act(&mut state, &[Action::FilterAccept]);
    both_sizes("ai_only_msft", &state);
}

#[test]
fn help_overlay() {
    let mut state = deepseek_evening();
    act(&mut state, &[Action::ToggleHelp]);
    both_sizes("help", &state);
}

#[test]
fn details_of_the_selected_headline() {
    let mut state = deepseek_evening();
    act(&mut state, &[Action::SelectFirst, Action::Activate]);
    both_sizes("details", &state);
}

#[test]
fn source_health_pane() {
    let mut state = deepseek_evening();
    let stream = report(SourceKind::Stream, "finnhub live", None);
    update(
        &mut state,
        Msg::StreamConnected {
            report: stream,
            symbols: 15,
        },
        now(),
    );
    // Ten minutes on, Desk Wire's new items are 3 and 7 minutes old (lag
    // 3m); Markets Now's new one (it answered empty before) has no date.
    let later = now() + chrono::Duration::minutes(10);
    let poll = |name: &str, at, headlines| Msg::HeadlinesFetched {
        report: FetchReport {
            at,
            ..report(SourceKind::Feed, name, Some(200))
        },
        headlines,
        skipped: 2,
    };
    let mut undated = headline_at(later, "m9", "Markets Now", 0, "Copper holds its gains");
    undated.published = None;
    let dated = vec![
        headline_at(later, "d9", "Desk Wire", 3, "Chip stocks pare losses late"),
        headline_at(
            later,
            "d8",
            "Desk Wire",
            7,
            "Utilities rally on power demand",
        ),
    ];
    update(&mut state, poll("Desk Wire", later, dated), now());
    update(&mut state, poll("Markets Now", now(), vec![]), now());
    update(&mut state, poll("Markets Now", later, vec![undated]), now());
    act(&mut state, &[Action::ToggleSources]);

    both_sizes("sources", &state);
}

/// A feed whose every item is older than retention says so in the pane,
/// not "ok, 0".
#[test]
fn a_feed_all_outside_the_window_says_so() {
    let mut state = deepseek_evening().with_max_age(30 * 86_400);
    let year = 365 * 24 * 60;
    let headlines = (0..40)
        .map(|i| headline(&format!("old-{i}"), "Old Blog", year + i, "An old post"))
        .collect();
    update(
        &mut state,
        Msg::HeadlinesFetched {
            report: report(SourceKind::Feed, "Old Blog", Some(200)),
            headlines,
            skipped: 0,
        },
        now(),
    );
    act(&mut state, &[Action::ToggleSources]);
    both_sizes("sources_all_outside", &state);
}

/// The quote task's plan with spark refused: the quote line shows the
/// slower refresh and the budget, the sources pane each budget and why.
#[test]
fn budget_in_the_quote_line_and_the_sources_pane() {
    use std::time::Duration;
    use tickwire::core::quotes::Cadence;
    use tickwire::core::quotes::Rate;
    use tickwire::core::quotes::{
        BatchHealth, BatchReport, BudgetUse, ProviderReport, SymbolRefresh,
    };
    let mut state = deepseek_evening();
    let yahoo = ProviderReport {
        provider: ProviderName::YAHOO,
        budget: BudgetUse {
            used: 212,
            rate: Rate::parse("360/h").unwrap(),
            burst: 20,
            tokens: 3,
            next_token: Some(now() + chrono::Duration::seconds(4)),
        },
        planned_per_hour: 288.0,
        batch: Some(BatchReport {
            name: "spark",
            health: BatchHealth::Refused {
                error: "Unauthorized: Invalid Crumb".into(),
                retry_at: now() + chrono::Duration::minutes(14),
            },
        }),
    };
    let slowed = SymbolRefresh {
        provider: ProviderName::YAHOO,
        cadence: Cadence {
            price: Duration::from_secs(200),
            chart: Duration::from_secs(200),
        },
        live: false,
        held_back: true,
    };
    let symbols = state
        .quotes()
        .iter()
        .map(|q| (q.symbol.clone(), slowed))
        .collect();
    update(
        &mut state,
        Msg::QuotesPlanned {
            providers: vec![yahoo],
            symbols,
        },
        now(),
    );
    act(&mut state, &[Action::FocusNext]);
    both_sizes("budget_quote_line", &state);
    act(&mut state, &[Action::ToggleSources]);
    both_sizes("budget_sources", &state);
}

#[test]
fn board_focus_sorted_by_move() {
    let mut state = deepseek_evening();
    act(
        &mut state,
        &[Action::FocusNext, Action::CycleSort, Action::SelectNext],
    );
    both_sizes("board_sorted", &state);
}

#[test]
fn alert_list_and_flash() {
    let mut state = deepseek_evening().with_alerts(AlertSettings {
        rules: vec![
            AlertRule::Move {
                symbols: vec![],
                threshold_pct: 3.0,
                window_secs: 900,
            },
            AlertRule::Keyword {
                phrase: "DeepSeek".into(),
            },
        ],
        ..AlertSettings::default()
    });
    let falling = {
        let mut q = quote("SMCI", 25.76, 29.11);
        let t = now().timestamp();
        q.series = Series::from_points(vec![(t - 600, 27.5), (t - 300, 26.4), (t - 60, 25.76)]);
        q
    };
    update(
        &mut state,
        Msg::QuoteReceived {
            report: report(SourceKind::Quotes, "SMCI", Some(200)),
            quote: falling,
        },
        now(),
    );
    update(
        &mut state,
        Msg::HeadlinesFetched {
            report: report(SourceKind::Feed, "Desk Wire", Some(200)),
            headlines: vec![headline(
                "11",
                "Desk Wire",
                1,
                "DeepSeek app tops the download charts",
            )],
            skipped: 0,
        },
        now(),
    );
    both_sizes("flash", &state);
    update(&mut state, Msg::Action(Action::ToggleAlerts), now());
    both_sizes("alert_list", &state);
    // The flash goes after ten seconds.
    update(&mut state, Msg::Tick, now() + chrono::Duration::seconds(11));
    assert!(state.flash.is_none());
}

#[test]
fn selection_and_ai_marker_are_visible_cues() {
    let state = deepseek_evening();
    let (backend, _) = draw(&state, 80, 24);
    let buffer = backend.buffer();
    let rows = rows(&backend);
    let ai_row = rows
        .iter()
        .position(|r| r.contains("Nvidia sheds"))
        .unwrap();
    assert!(
        rows[ai_row].contains('◆'),
        "AI headline marked: {}",
        rows[ai_row]
    );
    assert!(
        // 3 minutes back on a straight line from 142.62 to 118.42 over 360 minutes.
        rows[ai_row].contains("NVDA▼-0.17%"),
        "ticker with its move since: {}",
        rows[ai_row]
    );
    let plain = rows
        .iter()
        .position(|r| r.contains("Treasury yields"))
        .unwrap();
    assert!(!rows[plain].contains('◆'));
    // The second headline is selected: drawn reversed.
    let sel = rows
        .iter()
        .position(|r| r.contains("Broadcom and TSMC"))
        .unwrap();
    let reversed = buffer[(10, sel as u16)]
        .modifier
        .contains(ratatui::style::Modifier::REVERSED);
    assert!(reversed, "selected row is reversed");
}

#[test]
fn every_provider_down_keeps_the_last_prices_marked_stale() {
    let mut state = deepseek_evening();
    let later = now() + chrono::Duration::seconds(130);
    let down = Failure {
        class: FailureClass::Network,
        detail: "network error: Connection refused".into(),
    };
    let symbols: Vec<String> = state.quotes().iter().map(|s| s.symbol.clone()).collect();
    for sym in &symbols {
        let report = FetchReport {
            at: later,
            ..report(SourceKind::Quotes, sym, None)
        };
        let failure = down.clone();
        update(&mut state, Msg::SourceFailed { report, failure }, later);
    }
    let stream = FetchReport {
        at: later,
        ..report(SourceKind::Stream, "coinbase live", None)
    };
    let failure = down.clone();
    update(
        &mut state,
        Msg::SourceFailed {
            report: stream,
            failure,
        },
        later,
    );
    update(&mut state, Msg::Tick, later);
    let screen = cells(&state, 80, 24);
    // Failing and stale: the failure mark with the data's age.
    assert!(
        screen.contains("MSFT      434.56   -9.50  ▼-2.14%  ✗2m"),
        "{screen}"
    );
    assert!(state.quote_age("MSFT").is_some_and(|f| f.stale));
    assert!(screen.contains("quotes 0/16 ok · live 0/1"), "{screen}");
    both_sizes("providers_down", &state);
    // On the board, the selected quote says where it came from, how old
    // and why; after hours its data is the session's, not stale.
    update(&mut state, Msg::Action(Action::FocusNext), later);
    let screen = cells(&state, 160, 50);
    assert!(
        screen.contains(
            " NVDA via yahoo · 2m ago · ✗ network error: Connection refused · Mon 27 Jan 20:30 UTC · prev close 142.62 · post 117.90 ▼-0.44%"
        ),
        "{screen}"
    );
    // The next symbol trades in the regular session: two minutes is stale.
    update(&mut state, Msg::Action(Action::SelectNext), later);
    let screen = cells(&state, 160, 50);
    assert!(
        screen.contains(" MSFT via yahoo · 2m ago ~stale · ✗ network error"),
        "{screen}"
    );
    assert!(
        screen.contains("✗ 18 failing"),
        "health beside it: {screen}"
    );
}

/// Titles with brackets reach the screen as the publisher wrote them,
/// straight from a parsed feed.
#[test]
fn developer_titles_on_screen() {
    let body = fixture("fidelity_dev_titles.xml");
    let parsed = tickwire::sources::feeds::parse_feed(&body, "Dev Wire", now()).unwrap();
    let mut state = State::new(&[], now());
    update(
        &mut state,
        Msg::HeadlinesFetched {
            report: report(SourceKind::Feed, "Dev Wire", Some(200)),
            headlines: parsed.headlines,
            skipped: parsed.skipped,
        },
        now(),
    );
    let screen = rows(&draw(&state, 80, 24).0).join("\n");
    for title in [
        "The <dialog> element is finally usable",
        "Why Vec<T> beats LinkedList<T>",
    ] {
        assert!(screen.contains(title), "{title:?} not on screen:\n{screen}");
    }
}
