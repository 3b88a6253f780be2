//! User intents applied to the state: navigation, filtering, panes.
//! Called from `update`; pure like it.

use super::msg::{Action, Effect};
use super::persist::{Record, Role};
use super::state::State;
use super::view::{Focus, Mode, Pane};

pub fn apply(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    // Any change to what the user looks at redraws: compare the whole view.
    let before = state.view.clone();
    match action {
        Action::Quit => effects.push(Effect::Quit),
        Action::Suspend => effects.push(Effect::Suspend),
        // The shell resolves a click to `SelectRow` where it landed.
        Action::Click => {}
        Action::SelectNext => step(state, 1),
        Action::SelectPrev => step(state, -1),
        Action::SelectFirst => step(state, isize::MIN / 2),
        Action::SelectLast => step(state, isize::MAX / 2),
        Action::SelectRow(row) => {
            if row < state.view.visible.len() {
                state.view.focus = Focus::Headlines;
                state.view.selected = row;
                state.settle_headlines();
            }
        }
        Action::PageDown => step(state, state.view.page_rows.max(1) as isize),
        Action::PageUp => step(state, -(state.view.page_rows.max(1) as isize)),
        Action::FocusNext => {
            state.view.focus = match state.view.focus {
                Focus::Board => Focus::Headlines,
                Focus::Headlines => Focus::Board,
            }
        }
        Action::Activate => activate(state),
        Action::Back => back(state),
        Action::OpenFilter => {
            state.view.mode = Mode::Filter;
            state.view.focus = Focus::Headlines;
            state.view.pane = Pane::Headlines;
        }
        Action::ToggleAiOnly => {
            state.view.ai_only = !state.view.ai_only;
            state.refilter();
        }
        Action::ToggleHelp => {
            state.view.mode = match state.view.mode {
                Mode::Help => Mode::Normal,
                _ => Mode::Help,
            }
        }
        Action::ToggleAlerts => {
            state.view.pane = match state.view.pane {
                Pane::Alerts => Pane::Headlines,
                _ => Pane::Alerts,
            }
        }
        Action::ToggleSources => {
            state.view.pane = match state.view.pane {
                Pane::Sources => Pane::Headlines,
                _ => Pane::Sources,
            }
        }
        Action::ToggleRead => {
            if let Some(id) = state.selected_item().map(|i| i.headline.id.clone()) {
                let read = !state.view.read.contains(&id);
                mark_read(state, id, read, effects);
            }
        }
        Action::CycleSort => {
            let symbol = state.selected_symbol().map(str::to_string);
            state.view.board_sort = state.view.board_sort.next();
            state.view.board_held = None;
            // Keep the cursor on the same symbol in the new order.
            if let Some(sym) = symbol {
                let order = state.board_order();
                if let Some(pos) = order.iter().position(|&i| state.quotes()[i].symbol == sym) {
                    state.view.board_selected = pos;
                }
            }
            state.settle_board();
        }
        Action::Refresh => effects.push(Effect::Refresh),
        Action::OpenLink | Action::CopyLink => {
            let Some(item) = state.selected_item() else {
                return;
            };
            let (id, link) = (item.headline.id.clone(), item.headline.link.clone());
            if let Some(link) = link {
                if action == Action::OpenLink {
                    mark_read(state, id, true, effects);
                    effects.push(Effect::OpenUrl(link));
                } else {
                    effects.push(Effect::Copy(link));
                }
            }
        }
        Action::FilterInput(c) => {
            let mut text = std::mem::take(&mut state.view.filter_text);
            text.push(c);
            state.set_filter(text);
        }
        Action::FilterBackspace => {
            let mut text = std::mem::take(&mut state.view.filter_text);
            text.pop();
            state.set_filter(text);
        }
        Action::FilterClearLine => state.set_filter(String::new()),
        Action::FilterAccept => state.view.mode = Mode::Normal,
        // Handled in `update`: they need the replay clock's time.
        Action::Replay(_) | Action::Goto(_) => {}
        Action::FilterCancel => {
            state.view.mode = Mode::Normal;
            state.set_filter(String::new());
        }
    }
    if state.view != before {
        state.rev += 1;
    }
}

/// With a store, a read mark shows once it is saved (`ReadMarksSaved`);
/// without one, at once.
fn mark_read(state: &mut State, id: String, read: bool, effects: &mut Vec<Effect>) {
    if state.role == Role::Alone {
        state.apply_read_marks(vec![(id, read)]);
    } else {
        effects.push(Effect::Persist(Record::Read { id, read }));
    }
}

/// Move the cursor of the focused pane by `delta`, clamped to its ends.
fn step(state: &mut State, delta: isize) {
    let clamped = |cursor: usize, len: usize| {
        let last = len.saturating_sub(1) as isize;
        (cursor as isize).saturating_add(delta).clamp(0, last) as usize
    };
    let slots = state.quotes().len();
    let v = &mut state.view;
    match (v.focus, v.pane) {
        (Focus::Board, _) => {
            v.board_selected = clamped(v.board_selected, slots);
            state.settle_board();
        }
        (Focus::Headlines, Pane::Sources) => state.step_sources(delta),
        (Focus::Headlines, _) => {
            v.selected = clamped(v.selected, v.visible.len());
            state.settle_headlines();
        }
    }
}

fn activate(state: &mut State) {
    match state.view.focus {
        Focus::Board => {
            if let Some(sym) = state.selected_symbol().map(str::to_string) {
                state.set_filter(format!("${sym}"));
                state.view.focus = Focus::Headlines;
                state.view.pane = Pane::Headlines;
                state.view.selected = 0;
                state.settle_headlines();
            }
        }
        Focus::Headlines => state.view.detail_open = !state.view.detail_open,
    }
}

fn back(state: &mut State) {
    let v = &mut state.view;
    if v.mode == Mode::Help {
        v.mode = Mode::Normal;
    } else if v.detail_open {
        v.detail_open = false;
    } else if v.pane != Pane::Headlines {
        v.pane = Pane::Headlines;
    } else if v.is_filtered() {
        v.ai_only = false;
        state.set_filter(String::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Headline, MarketState, Quote, Series};
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
                Quote {
                    symbol: sym.into(),
                    price: 100.0 + pct,
                    prev_close: Some(100.0),
                    currency: "USD".into(),
                    exchange: "NMS".into(),
                    market_state: MarketState::Regular,
                    as_of: now(),
                    provider: "yahoo",
                    extended: None,
                    series: Series::default(),
                },
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

    #[test]
    fn sorting_the_board_keeps_the_cursor_on_its_symbol() {
        let mut s = state();
        act(&mut s, &[Action::FocusNext, Action::SelectNext]);
        assert_eq!(s.selected_symbol(), Some("AAPL"));
        act(&mut s, &[Action::CycleSort]);
        let order: Vec<&str> = s
            .board_order()
            .iter()
            .map(|&i| s.quotes()[i].symbol.as_str())
            .collect();
        assert_eq!(order, ["NVDA", "AAPL", "MSFT"], "biggest movers first");
        assert_eq!(s.selected_symbol(), Some("AAPL"));
        act(&mut s, &[Action::CycleSort]);
        let order: Vec<&str> = s
            .board_order()
            .iter()
            .map(|&i| s.quotes()[i].symbol.as_str())
            .collect();
        assert_eq!(order, ["AAPL", "MSFT", "NVDA"]);
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
}
