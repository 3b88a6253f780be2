//! User intents applied to the state: navigation, filtering, panes.
//! Called from `update`; pure like it.

use super::msg::{Action, Effect};
use super::persist::{Role, Save};
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
        effects.push(Effect::Persist(Save::Read { id, read }));
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
mod tests;
