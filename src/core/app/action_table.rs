//! Every bindable action in one table: its config name, help text,
//! default keys and footer label. The keymap, the help overlay, the footer
//! and `[keys]` validation all read it, so a new action is one row here
//! (plus what it does in `actions.rs`).

use super::msg::Action;
use crate::core::app::{Moment, ReplayKey};

pub struct ActionSpec {
    pub action: Action,
    /// The name under `[keys]` in the config.
    pub name: &'static str,
    /// What the help overlay says it does.
    pub help: &'static str,
    /// Default keys (`KeyChord` syntax, plus `wheel-up`, `wheel-down`,
    /// `click` for the mouse when `[ui] mouse` is on).
    pub keys: &'static [&'static str],
    /// Shown in the footer's hint line with its first key, in table order.
    pub footer: Option<&'static str>,
}

const fn spec(
    action: Action,
    name: &'static str,
    help: &'static str,
    keys: &'static [&'static str],
) -> ActionSpec {
    ActionSpec {
        action,
        name,
        help,
        keys,
        footer: None,
    }
}

const fn footer(mut s: ActionSpec, label: &'static str) -> ActionSpec {
    s.footer = Some(label);
    s
}

pub const ACTIONS: &[ActionSpec] = &[
    spec(
        Action::SelectNext,
        "down",
        "next item",
        &["j", "down", "ctrl-n", "wheel-down"],
    ),
    spec(
        Action::SelectPrev,
        "up",
        "previous item",
        &["k", "up", "ctrl-p", "wheel-up"],
    ),
    spec(Action::SelectFirst, "first", "first item", &["g", "home"]),
    spec(Action::SelectLast, "last", "last item", &["G", "end"]),
    spec(
        Action::PageDown,
        "page_down",
        "page down",
        &["pagedown", "ctrl-d", "space"],
    ),
    spec(Action::PageUp, "page_up", "page up", &["pageup", "ctrl-u"]),
    spec(
        Action::Click,
        "click",
        "select the clicked headline",
        &["click"],
    ),
    spec(
        Action::FocusNext,
        "focus",
        "switch board / headlines",
        &["tab", "backtab"],
    ),
    spec(
        Action::Activate,
        "activate",
        "symbol's headlines / details",
        &["enter"],
    ),
    spec(Action::Back, "back", "close / clear filter", &["esc"]),
    footer(
        spec(Action::OpenFilter, "filter", "filter headlines", &["/"]),
        "filter",
    ),
    footer(
        spec(Action::ToggleAiOnly, "ai_only", "AI headlines only", &["a"]),
        "AI only",
    ),
    spec(Action::ToggleRead, "read", "mark read / unread", &["m"]),
    footer(spec(Action::OpenLink, "open", "open link", &["o"]), "open"),
    spec(Action::CopyLink, "copy", "copy link", &["y"]),
    spec(Action::CycleSort, "sort", "sort the board", &["s"]),
    spec(Action::Refresh, "refresh", "refresh now", &["r"]),
    spec(Action::ToggleAlerts, "alerts", "alert list", &["!"]),
    spec(Action::ToggleSources, "sources", "source health", &["S"]),
    spec(
        Action::Suspend,
        "suspend",
        "suspend (fg resumes)",
        &["ctrl-z"],
    ),
    spec(
        Action::Replay(ReplayKey::Pause),
        "replay_pause",
        "replay: pause / play",
        &["p"],
    ),
    spec(
        Action::Replay(ReplayKey::Faster),
        "replay_faster",
        "replay: faster",
        &["+", "="],
    ),
    spec(
        Action::Replay(ReplayKey::Slower),
        "replay_slower",
        "replay: slower",
        &["-"],
    ),
    spec(
        Action::Replay(ReplayKey::Next(Moment::Headline)),
        "replay_next_headline",
        "replay: next new headline",
        &["n"],
    ),
    spec(
        Action::Replay(ReplayKey::Prev(Moment::Headline)),
        "replay_prev_headline",
        "replay: previous new headline",
        &["N"],
    ),
    spec(
        Action::Replay(ReplayKey::Next(Moment::Move)),
        "replay_next_move",
        "replay: next big move",
        &["]"],
    ),
    spec(
        Action::Replay(ReplayKey::Prev(Moment::Move)),
        "replay_prev_move",
        "replay: previous big move",
        &["["],
    ),
    spec(
        Action::Replay(ReplayKey::Bookmark),
        "replay_bookmark",
        "replay: the recording's next bookmark",
        &["b"],
    ),
    spec(
        Action::Replay(ReplayKey::Goto),
        "replay_goto",
        "replay: jump to a typed time",
        &["t"],
    ),
    footer(spec(Action::ToggleHelp, "help", "help", &["?"]), "help"),
    footer(spec(Action::Quit, "quit", "quit", &["q", "ctrl-c"]), "quit"),
];

impl Action {
    pub fn spec(self) -> Option<&'static ActionSpec> {
        ACTIONS.iter().find(|s| s.action == self)
    }

    pub fn name(self) -> Option<&'static str> {
        self.spec().map(|s| s.name)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS.iter().find(|s| s.name == name).map(|s| s.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_every_row_has_keys_and_help() {
        let mut names = HashSet::new();
        let mut actions = Vec::new();
        for s in ACTIONS {
            assert!(names.insert(s.name), "{} twice", s.name);
            assert!(!actions.contains(&s.action), "{:?} twice", s.action);
            actions.push(s.action);
            assert!(!s.keys.is_empty() && !s.help.is_empty(), "{}", s.name);
        }
        assert_eq!(Action::from_name("quit"), Some(Action::Quit));
        assert_eq!(Action::Suspend.name(), Some("suspend"));
        assert_eq!(Action::FilterAccept.name(), None, "typed, not bound");
    }

    #[test]
    fn the_example_config_documents_every_action() {
        let example = include_str!("../../../config.example.toml");
        let keys = &example[example.find("[keys]").expect("a [keys] section")..];
        for s in ACTIONS {
            assert!(
                keys.contains(&format!("{} = ", s.name)),
                "{} undocumented",
                s.name
            );
        }
    }
}
