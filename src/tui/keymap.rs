//! Keys to user intents. Kept as data so the footer hints and (later) the
//! help overlay and `[keys]` remapping read the same table.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::core::msg::Action;

/// `(keys shown to the user, action, what it does)`.
pub const BINDINGS: &[(&str, &[Action], &str)] = &[
    ("j/k", &[Action::SelectNext, Action::SelectPrev], "move"),
    ("!", &[Action::ToggleAlerts], "alerts"),
    ("q", &[Action::Quit], "quit"),
];

pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('n') => Some(Action::SelectNext),
            KeyCode::Char('p') => Some(Action::SelectPrev),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => Some(Action::SelectNext),
        KeyCode::Char('k') | KeyCode::Up => Some(Action::SelectPrev),
        KeyCode::Char('!') => Some(Action::ToggleAlerts),
        KeyCode::Char('q') => Some(Action::Quit),
        _ => None,
    }
}

/// The footer's hint text, generated from the bindings.
pub fn hints() -> String {
    BINDINGS
        .iter()
        .map(|(keys, _, what)| format!("{keys} {what}"))
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_move() {
        assert_eq!(
            action_for(key(KeyCode::Char('j'))),
            Some(Action::SelectNext)
        );
        assert_eq!(action_for(key(KeyCode::Down)), Some(Action::SelectNext));
        assert_eq!(
            action_for(key(KeyCode::Char('k'))),
            Some(Action::SelectPrev)
        );
        assert_eq!(action_for(key(KeyCode::Up)), Some(Action::SelectPrev));
    }

    #[test]
    fn q_and_ctrl_c_quit_and_other_keys_do_nothing() {
        assert_eq!(action_for(key(KeyCode::Char('q'))), Some(Action::Quit));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(key(KeyCode::Char('x'))), None);
    }

    #[test]
    fn hints_come_from_the_bindings() {
        assert_eq!(hints(), "j/k move  ! alerts  q quit");
    }
}
