//! Keys to user intents, per mode. The bindings are data: defaults from
//! `core::action_table`, overridden by `[keys]` in the config, and read back for the help
//! overlay and the footer hints, so what is shown is what works.

use std::collections::BTreeMap;

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::config::Config;
use crate::core::app::ACTIONS;
use crate::core::app::Action;
use crate::core::app::Mode;
use crate::core::app::{Moment, PromptEdit, ReplayKey};
use crate::wiring::WiringError;

// Mouse inputs ride on function-key codes no keyboard sends (F1–F12 only).
const WHEEL_UP: u8 = 250;
const WHEEL_DOWN: u8 = 251;
const CLICK: u8 = 252;

/// One key with its modifiers, e.g. `ctrl-c`, `G`, `pagedown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyChord {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl KeyChord {
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 5 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 4 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            // The mouse, as keys: the same table binds them.
            "wheel-up" => KeyCode::F(WHEEL_UP),
            "wheel-down" => KeyCode::F(WHEEL_DOWN),
            "click" => KeyCode::F(CLICK),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().expect("checked above"))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    // Ctrl combinations arrive lower-case.
                    (Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                    (Some(c), None) if !c.is_control() => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "{text:?} is not a key (try \"q\", \"G\", \"ctrl-d\", \"pagedown\", \"enter\")"
                        ));
                    }
                }
            }
        };
        Ok(KeyChord { code, ctrl, alt })
    }

    fn is_mouse(&self) -> bool {
        matches!(self.code, KeyCode::F(n) if n >= WHEEL_UP)
    }

    /// The mouse event as a bindable input, if it is one.
    pub fn from_mouse(kind: MouseEventKind) -> Option<KeyChord> {
        let code = match kind {
            MouseEventKind::ScrollUp => KeyCode::F(WHEEL_UP),
            MouseEventKind::ScrollDown => KeyCode::F(WHEEL_DOWN),
            MouseEventKind::Down(MouseButton::Left) => KeyCode::F(CLICK),
            _ => return None,
        };
        Some(KeyChord {
            code,
            ctrl: false,
            alt: false,
        })
    }

    fn from_event(key: KeyEvent) -> KeyChord {
        KeyChord {
            code: key.code,
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
            alt: key.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(WHEEL_UP) => "wheel↑".into(),
            KeyCode::F(WHEEL_DOWN) => "wheel↓".into(),
            KeyCode::F(CLICK) => "click".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("C-");
        }
        if self.alt {
            out.push_str("M-");
        }
        out + &key
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Normal-mode bindings, in help order.
    bindings: Vec<(Action, Vec<KeyChord>)>,
    /// Mouse capture is on: help lists the wheel and click bindings.
    mouse: bool,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::with_overrides(&BTreeMap::new()).expect("default bindings are valid")
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` applied (and its mouse
    /// setting); a clash or an unknown key is the config's error.
    pub fn from_config(config: &Config) -> Result<Keymap, WiringError> {
        let overrides = config
            .keys
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect();
        Keymap::with_overrides(&overrides)
            .map(|keymap| keymap.with_mouse(config.ui.mouse))
            .map_err(|message| WiringError {
                origin: config.origin.clone(),
                message,
            })
    }

    /// The defaults with `[keys]` applied: `action = ["key", …]` replaces
    /// that action's keys. Unknown actions, bad keys and a key bound to
    /// two actions are errors.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        for name in overrides.keys() {
            if Action::from_name(name).is_none() {
                let known: Vec<&str> = ACTIONS.iter().map(|s| s.name).collect();
                return Err(format!(
                    "keys.{name}: no such action (one of: {})",
                    known.join(", ")
                ));
            }
        }
        let mut bindings = Vec::new();
        for spec in ACTIONS {
            let name = spec.name;
            let keys: Vec<KeyChord> = match overrides.get(name) {
                Some(list) => list
                    .iter()
                    .map(|k| KeyChord::parse(k).map_err(|e| format!("keys.{name}: {e}")))
                    .collect::<Result<_, _>>()?,
                None => spec
                    .keys
                    .iter()
                    .map(|k| KeyChord::parse(k).expect("default keys parse"))
                    .collect(),
            };
            bindings.push((spec.action, keys));
        }
        for (i, (a, keys)) in bindings.iter().enumerate() {
            for key in keys {
                if let Some((b, _)) = bindings[i + 1..].iter().find(|(_, ks)| ks.contains(key)) {
                    return Err(format!(
                        "keys: {:?} is bound to both {} and {}",
                        key.label(),
                        a.name().unwrap_or("?"),
                        b.name().unwrap_or("?")
                    ));
                }
            }
        }
        Ok(Keymap {
            bindings,
            mouse: false,
        })
    }

    /// With mouse capture on (`[ui] mouse`), help shows the mouse too.
    pub fn with_mouse(mut self, mouse: bool) -> Keymap {
        self.mouse = mouse;
        self
    }

    /// The action bound to a mouse event (normal mode only).
    pub fn mouse_action(&self, mode: Mode, kind: MouseEventKind) -> Option<Action> {
        let chord = KeyChord::from_mouse(kind)?;
        (mode == Mode::Normal).then(|| self.normal(chord)).flatten()
    }

    pub fn action_for(&self, mode: Mode, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let chord = KeyChord::from_event(key);
        match mode {
            Mode::Normal => self.normal(chord),
            Mode::Help => match self.normal(chord) {
                Some(Action::Quit) if chord.ctrl => Some(Action::Quit),
                Some(Action::ToggleHelp) => Some(Action::ToggleHelp),
                // Any other key just closes the overlay.
                _ => Some(Action::Back),
            },
            Mode::Filter => filter_key(chord),
            Mode::Goto => goto_key(chord),
        }
    }

    fn normal(&self, chord: KeyChord) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&chord))
            .map(|(a, _)| *a)
    }

    /// `(keys, description)` for every bindable action, for the help overlay.
    /// The monitor's bindings for the help overlay (replay keys apart).
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        self.rows(|a| !matches!(a, Action::Replay(_)))
    }

    /// In a replay, help lists its keys (and how to leave).
    pub fn replay_help_rows(&self) -> Vec<(String, &'static str)> {
        self.rows(|a| matches!(a, Action::Replay(_) | Action::ToggleHelp | Action::Quit))
    }

    fn rows(&self, shown: impl Fn(Action) -> bool) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|(action, _)| shown(*action))
            .filter_map(|(action, keys)| {
                let shown: Vec<String> = keys
                    .iter()
                    .filter(|k| self.mouse || !k.is_mouse())
                    .map(KeyChord::label)
                    .collect();
                let what = action.spec().map_or("", |s| s.help);
                (!shown.is_empty()).then(|| (shown.join(" "), what))
            })
            .collect()
    }

    /// The first key bound to `action`, as shown to the user.
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map(KeyChord::label)
    }

    /// The footer's hint line for a mode, from the live bindings.
    pub fn hints(&self, mode: Mode) -> String {
        match mode {
            Mode::Filter => "Enter keep  Esc clear  C-u erase  ↑↓ move".into(),
            Mode::Help => "any key closes".into(),
            Mode::Goto => "Enter jump  Esc cancel  e.g. 2025-01-27 14:30 · 09:30 et · +2h".into(),
            Mode::Normal => ACTIONS
                .iter()
                .filter_map(|spec| {
                    let what = spec.footer?;
                    let key = self.key_for(spec.action)?;
                    Some(format!("{key} {what}"))
                })
                .collect::<Vec<_>>()
                .join("  "),
        }
    }

    /// The replay's key line: pause, speed, jumps, the next bookmark.
    pub fn replay_hints(&self, bookmark: Option<&str>) -> String {
        let key = |k| self.key_for(Action::Replay(k)).unwrap_or_default();
        let pair = |a, b| format!("{}{}", key(a), key(b));
        let mut out = format!(
            "{} pause  {} speed  {} news  {} moves  {} time",
            key(ReplayKey::Pause),
            pair(ReplayKey::Faster, ReplayKey::Slower),
            pair(
                ReplayKey::Next(Moment::Headline),
                ReplayKey::Prev(Moment::Headline)
            ),
            pair(ReplayKey::Next(Moment::Move), ReplayKey::Prev(Moment::Move)),
            key(ReplayKey::Goto),
        );
        if let Some(label) = bookmark {
            out.push_str(&format!("  {} {label}", key(ReplayKey::Bookmark)));
        }
        if let Some(quit) = self.key_for(Action::Quit) {
            out.push_str(&format!("  {quit} quit"));
        }
        out
    }
}

/// While typing a time to jump to, keys are text.
fn goto_key(chord: KeyChord) -> Option<Action> {
    let edit = match chord.code {
        KeyCode::Char('c') if chord.ctrl => return Some(Action::Quit),
        KeyCode::Enter => PromptEdit::Accept,
        KeyCode::Esc => PromptEdit::Cancel,
        KeyCode::Backspace => PromptEdit::Backspace,
        KeyCode::Char(c) if !chord.ctrl && !chord.alt => PromptEdit::Input(c),
        _ => return None,
    };
    Some(Action::Goto(edit))
}

/// While typing a filter, keys are text; a few keep their meaning.
fn filter_key(chord: KeyChord) -> Option<Action> {
    if chord.ctrl {
        return match chord.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('u') => Some(Action::FilterClearLine),
            KeyCode::Char('n') => Some(Action::SelectNext),
            KeyCode::Char('p') => Some(Action::SelectPrev),
            _ => None,
        };
    }
    match chord.code {
        KeyCode::Enter => Some(Action::FilterAccept),
        KeyCode::Esc => Some(Action::FilterCancel),
        KeyCode::Backspace => Some(Action::FilterBackspace),
        KeyCode::Down => Some(Action::SelectNext),
        KeyCode::Up => Some(Action::SelectPrev),
        KeyCode::Char(c) if !chord.alt => Some(Action::FilterInput(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn default_normal_mode_bindings() {
        let km = Keymap::default();
        let n = |k| km.action_for(Mode::Normal, k);
        assert_eq!(n(key(KeyCode::Char('j'))), Some(Action::SelectNext));
        assert_eq!(n(key(KeyCode::Down)), Some(Action::SelectNext));
        assert_eq!(n(key(KeyCode::Char('k'))), Some(Action::SelectPrev));
        assert_eq!(n(key(KeyCode::Char('g'))), Some(Action::SelectFirst));
        // Shift-g arrives as 'G' with SHIFT; the shift is in the character.
        assert_eq!(
            n(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::SelectLast)
        );
        assert_eq!(n(key(KeyCode::PageDown)), Some(Action::PageDown));
        assert_eq!(n(key(KeyCode::Tab)), Some(Action::FocusNext));
        assert_eq!(n(key(KeyCode::Char('/'))), Some(Action::OpenFilter));
        assert_eq!(n(key(KeyCode::Char('?'))), Some(Action::ToggleHelp));
        assert_eq!(n(ctrl('c')), Some(Action::Quit));
        assert_eq!(n(key(KeyCode::Char('x'))), None);
    }

    #[test]
    fn replay_keys_and_the_typed_time() {
        let km = Keymap::default();
        let n = |k| km.action_for(Mode::Normal, k);
        assert_eq!(
            n(key(KeyCode::Char('p'))),
            Some(Action::Replay(ReplayKey::Pause))
        );
        assert_eq!(
            n(key(KeyCode::Char('+'))),
            Some(Action::Replay(ReplayKey::Faster))
        );
        assert_eq!(
            n(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT)),
            Some(Action::Replay(ReplayKey::Prev(Moment::Headline)))
        );
        assert_eq!(
            n(key(KeyCode::Char(']'))),
            Some(Action::Replay(ReplayKey::Next(Moment::Move)))
        );
        let g = |k| km.action_for(Mode::Goto, k);
        assert_eq!(
            g(key(KeyCode::Char('q'))),
            Some(Action::Goto(PromptEdit::Input('q')))
        );
        assert_eq!(
            g(key(KeyCode::Enter)),
            Some(Action::Goto(PromptEdit::Accept))
        );
        assert_eq!(g(ctrl('c')), Some(Action::Quit));
        let hints = km.replay_hints(Some("Mon 27 Jan"));
        assert_eq!(
            hints,
            "p pause  +- speed  nN news  ][ moves  t time  b Mon 27 Jan  q quit"
        );
        assert!(hints.chars().count() < 79, "fits 80 columns");
        assert!(!km.help_rows().iter().any(|(_, h)| h.starts_with("replay")));
        assert_eq!(km.replay_help_rows().len(), 11);
    }

    #[test]
    fn filter_mode_turns_keys_into_text() {
        let km = Keymap::default();
        let f = |k| km.action_for(Mode::Filter, k);
        assert_eq!(f(key(KeyCode::Char('q'))), Some(Action::FilterInput('q')));
        assert_eq!(f(key(KeyCode::Char('$'))), Some(Action::FilterInput('$')));
        assert_eq!(f(key(KeyCode::Enter)), Some(Action::FilterAccept));
        assert_eq!(f(key(KeyCode::Esc)), Some(Action::FilterCancel));
        assert_eq!(f(key(KeyCode::Backspace)), Some(Action::FilterBackspace));
        assert_eq!(f(ctrl('u')), Some(Action::FilterClearLine));
        assert_eq!(f(ctrl('c')), Some(Action::Quit));
    }

    #[test]
    fn any_key_closes_help() {
        let km = Keymap::default();
        assert_eq!(
            km.action_for(Mode::Help, key(KeyCode::Char('x'))),
            Some(Action::Back)
        );
        assert_eq!(
            km.action_for(Mode::Help, key(KeyCode::Char('?'))),
            Some(Action::ToggleHelp)
        );
    }

    #[test]
    fn overrides_replace_keys_and_show_in_help_and_footer() {
        let overrides = BTreeMap::from([
            ("quit".to_string(), vec!["x".to_string()]),
            (
                "filter".to_string(),
                vec!["f".to_string(), "ctrl-f".to_string()],
            ),
        ]);
        let km = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            km.action_for(Mode::Normal, key(KeyCode::Char('x'))),
            Some(Action::Quit)
        );
        assert_eq!(km.action_for(Mode::Normal, key(KeyCode::Char('q'))), None);
        assert_eq!(
            km.action_for(Mode::Normal, ctrl('f')),
            Some(Action::OpenFilter)
        );
        assert!(
            km.help_rows()
                .contains(&("f C-f".to_string(), "filter headlines"))
        );
        assert_eq!(
            km.hints(Mode::Normal),
            "f filter  a AI only  o open  ? help  x quit"
        );
    }

    #[test]
    fn bad_overrides_are_clear_errors() {
        let one = |k: &str, v: &str| BTreeMap::from([(k.to_string(), vec![v.to_string()])]);
        let err = Keymap::with_overrides(&one("jump", "j")).unwrap_err();
        assert!(err.starts_with("keys.jump: no such action"), "{err}");
        let err = Keymap::with_overrides(&one("quit", "ctrl-")).unwrap_err();
        assert!(err.contains("is not a key"), "{err}");
        let err = Keymap::with_overrides(&one("quit", "j")).unwrap_err();
        assert_eq!(err, "keys: \"j\" is bound to both down and quit");
    }

    #[test]
    fn key_names_parse() {
        for (text, label) in [
            ("q", "q"),
            ("G", "G"),
            ("ctrl-d", "C-d"),
            ("Ctrl-D", "C-d"),
            ("pagedown", "PgDn"),
            ("enter", "Enter"),
            ("f5", "F5"),
            ("alt-x", "M-x"),
            ("space", "Space"),
        ] {
            assert_eq!(KeyChord::parse(text).unwrap().label(), label, "{text}");
        }
        assert!(KeyChord::parse("").is_err());
        assert!(KeyChord::parse("jk").is_err());
    }

    #[test]
    fn ctrl_z_and_the_mouse_come_from_the_table() {
        let km = Keymap::default();
        assert_eq!(
            km.action_for(Mode::Normal, ctrl('z')),
            Some(Action::Suspend)
        );
        assert_eq!(
            km.mouse_action(Mode::Normal, MouseEventKind::ScrollDown),
            Some(Action::SelectNext)
        );
        assert_eq!(
            km.mouse_action(Mode::Normal, MouseEventKind::Down(MouseButton::Left)),
            Some(Action::Click)
        );
        assert_eq!(
            km.mouse_action(Mode::Filter, MouseEventKind::ScrollUp),
            None
        );
        let labels = |km: &Keymap| km.help_rows().into_iter().map(|r| r.0).collect::<Vec<_>>();
        assert!(labels(&km).contains(&"C-z".to_string()));
        assert!(
            !labels(&km).iter().any(|l| l.contains("wheel")),
            "no mouse, no wheel"
        );
        assert!(labels(&km.with_mouse(true)).contains(&"j ↓ C-n wheel↓".to_string()));
        let rebound = BTreeMap::from([("down".to_string(), vec!["wheel-up".to_string()])]);
        let err = Keymap::with_overrides(&rebound).unwrap_err();
        assert_eq!(err, "keys: \"wheel↑\" is bound to both down and up");
    }

    #[test]
    fn keys_are_checked_and_reach_the_keymap() {
        let keymap = |text: &str| {
            let config = crate::config::parse(text, "t.toml").unwrap();
            Keymap::from_config(&config)
        };
        let a =
            keymap("[ui]\nmouse = true\n[keys]\nquit = \"x\"\nfilter = [\"f\", \"/\"]\n").unwrap();
        assert!(a.help_rows().contains(&("x".to_string(), "quit")));
        assert!(
            a.help_rows().iter().any(|r| r.0.contains("wheel")),
            "mouse on"
        );
        let x = KeyEvent::from(KeyCode::Char('x'));
        assert_eq!(a.action_for(Mode::Normal, x), Some(Action::Quit));
        let err = keymap("[keys]\nquit = \"j\"\n").err().unwrap().to_string();
        assert_eq!(err, "t.toml: keys: \"j\" is bound to both down and quit");
    }
}
