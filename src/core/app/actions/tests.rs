use super::*;
use crate::core::model::{Headline, Quote};
use chrono::{Duration, TimeZone, Utc};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap()
}

fn state() -> State {
    let symbols: Vec<String> = ["NVDA", "AAPL", "MSFT"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut s = State::new(&symbols, now());
    for (sym, pct) in [("NVDA", -16.97), ("AAPL", 3.18), ("MSFT", -2.14)] {
        s.set_quote(
            sym,
            Quote::regular(sym, 100.0 + pct, Some(100.0), now(), vec![]),
        );
    }
    let titles = [
        "Nvidia slides as DeepSeek rattles AI trade",
        "Apple gains on buyback",
        "Oil steadies",
        "Microsoft Copilot adds a reasoning mode",
    ];
    let headlines = titles
        .iter()
        .enumerate()
        .map(|(i, t)| Headline {
            id: format!("h{i}"),
            title: t.to_string(),
            link: Some(format!("https://news.example/{i}")),
            source: "Desk".into(),
            published: Some(now() - Duration::minutes(i as i64 * 10)),
            first_seen: now(),
            summary: String::new(),
        })
        .collect();
    s.add_headlines(headlines, now(), true);
    s
}

fn act(s: &mut State, actions: &[Action]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for a in actions {
        apply(s, *a, &mut effects);
    }
    effects
}

fn selected_title(s: &State) -> &str {
    &s.selected_item().unwrap().headline.title
}

#[test]
fn navigation_clamps_at_both_ends() {
    let mut s = state();
    act(&mut s, &[Action::SelectLast]);
    assert_eq!(
        selected_title(&s),
        "Microsoft Copilot adds a reasoning mode"
    );
    let rev = s.rev;
    act(&mut s, &[Action::SelectNext]);
    assert_eq!(s.rev, rev, "nothing moved, nothing to redraw");
    act(&mut s, &[Action::SelectFirst, Action::SelectPrev]);
    assert_eq!(
        selected_title(&s),
        "Nvidia slides as DeepSeek rattles AI trade"
    );
    s.view.page_rows = 2;
    act(&mut s, &[Action::PageDown]);
    assert_eq!(selected_title(&s), "Oil steadies");
    act(&mut s, &[Action::PageUp, Action::PageUp]);
    assert_eq!(s.view.selected, 0);
}

#[test]
fn typing_a_filter_applies_live_and_escape_clears_it() {
    let mut s = state();
    act(&mut s, &[Action::OpenFilter]);
    assert_eq!(s.view.mode, Mode::Filter);
    for c in "oil".chars() {
        act(&mut s, &[Action::FilterInput(c)]);
    }
    assert_eq!(s.visible_items().count(), 1);
    act(&mut s, &[Action::FilterBackspace, Action::FilterBackspace]);
    assert_eq!(s.view.filter_text, "o");
    act(&mut s, &[Action::FilterCancel]);
    assert_eq!((s.view.mode, s.visible_items().count()), (Mode::Normal, 4));
    // Enter keeps it; Esc in normal mode then clears it.
    act(
        &mut s,
        &[
            Action::OpenFilter,
            Action::FilterInput('$'),
            Action::FilterInput('N'),
            Action::FilterInput('V'),
            Action::FilterInput('D'),
            Action::FilterInput('A'),
        ],
    );
    act(&mut s, &[Action::FilterAccept]);
    assert_eq!((s.view.mode, s.visible_items().count()), (Mode::Normal, 1));
    act(&mut s, &[Action::Back]);
    assert_eq!(s.visible_items().count(), 4);
}

#[test]
fn a_click_selects_its_row_and_nothing_past_the_end() {
    let mut s = state();
    act(&mut s, &[Action::FocusNext, Action::SelectRow(2)]);
    assert_eq!(
        (s.view.focus, selected_title(&s)),
        (Focus::Headlines, "Oil steadies")
    );
    act(&mut s, &[Action::SelectRow(99)]);
    assert_eq!(selected_title(&s), "Oil steadies");
}

#[test]
fn ai_only_toggles() {
    let mut s = state();
    act(&mut s, &[Action::ToggleAiOnly]);
    let titles: Vec<&str> = s
        .visible_items()
        .map(|i| i.headline.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Nvidia slides as DeepSeek rattles AI trade",
            "Microsoft Copilot adds a reasoning mode"
        ]
    );
    act(&mut s, &[Action::ToggleAiOnly]);
    assert_eq!(s.visible_items().count(), 4);
}

#[test]
fn enter_on_a_quote_shows_its_headlines() {
    let mut s = state();
    act(
        &mut s,
        &[Action::FocusNext, Action::SelectNext, Action::Activate],
    );
    assert_eq!(s.view.filter_text, "$AAPL");
    assert_eq!(s.view.focus, Focus::Headlines);
    assert_eq!(selected_title(&s), "Apple gains on buyback");
    assert_eq!(s.visible_items().count(), 1);
}

/// The board's symbols in display order.
fn board(s: &State) -> Vec<&str> {
    s.board_order()
        .iter()
        .map(|&i| s.quotes()[i].symbol.as_str())
        .collect()
}

#[test]
fn sorting_the_board_keeps_the_cursor_on_its_symbol() {
    let mut s = state();
    act(&mut s, &[Action::FocusNext, Action::SelectNext]);
    assert_eq!(s.selected_symbol(), Some("AAPL"));
    act(&mut s, &[Action::CycleSort]);
    assert_eq!(board(&s), ["NVDA", "AAPL", "MSFT"], "biggest movers first");
    assert_eq!(s.selected_symbol(), Some("AAPL"));
    act(&mut s, &[Action::CycleSort]);
    assert_eq!(board(&s), ["AAPL", "MSFT", "NVDA"]);
}

#[test]
fn off_the_top_the_movers_order_holds_so_rows_do_not_jump() {
    let mut s = state();
    let symbols = |s: &State| -> Vec<String> {
        s.board_order()
            .iter()
            .map(|&i| s.quotes()[i].symbol.clone())
            .collect()
    };
    act(&mut s, &[Action::FocusNext, Action::CycleSort]);
    assert_eq!(symbols(&s), ["NVDA", "AAPL", "MSFT"]);
    act(&mut s, &[Action::SelectNext]);
    assert_eq!(s.selected_symbol(), Some("AAPL"));
    // MSFT becomes the biggest mover: the rows stay, the cursor too.
    let mut msft = s.quotes()[2].quote.clone().unwrap();
    msft.price = 70.0;
    s.set_quote("MSFT", msft);
    assert_eq!(symbols(&s), ["NVDA", "AAPL", "MSFT"]);
    assert_eq!(s.selected_symbol(), Some("AAPL"));
    assert!(s.board_reordered());
    // The top row follows the live order again.
    act(&mut s, &[Action::SelectFirst]);
    assert_eq!(symbols(&s), ["MSFT", "NVDA", "AAPL"]);
    assert_eq!(s.selected_symbol(), Some("MSFT"));
    assert!(!s.board_reordered());
}

#[test]
fn links_open_and_copy_and_opening_marks_read() {
    let mut s = state();
    assert_eq!(
        act(&mut s, &[Action::CopyLink]),
        [Effect::Copy("https://news.example/0".into())]
    );
    assert!(s.view.read.is_empty());
    assert_eq!(
        act(&mut s, &[Action::OpenLink]),
        [Effect::OpenUrl("https://news.example/0".into())]
    );
    assert!(s.view.read.contains("h0"));
    act(&mut s, &[Action::ToggleRead]);
    assert!(!s.view.read.contains("h0"));
}

#[test]
fn escape_closes_the_innermost_thing_first() {
    let mut s = state();
    act(
        &mut s,
        &[Action::ToggleAiOnly, Action::Activate, Action::ToggleHelp],
    );
    assert_eq!(s.view.mode, Mode::Help);
    act(&mut s, &[Action::Back]);
    assert_eq!(s.view.mode, Mode::Normal);
    assert!(s.view.detail_open);
    act(&mut s, &[Action::Back]);
    assert!(!s.view.detail_open);
    assert!(s.view.ai_only);
    act(&mut s, &[Action::Back]);
    assert!(!s.view.ai_only);
}
