//! Colours carry meaning (green up, red down, dim stale, one accent for
//! AI); every meaning also has a non-colour cue, so `NO_COLOR` loses none.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub up: Style,
    pub down: Style,
    pub flat: Style,
    pub dim: Style,
    pub ai: Style,
    pub ticker: Style,
    pub selected: Style,
    pub header: Style,
    pub error: Style,
}

impl Theme {
    pub fn colour() -> Theme {
        Theme {
            up: Style::new().fg(Color::Green),
            down: Style::new().fg(Color::Red),
            flat: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            ai: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            ticker: Style::new().fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Yellow),
        }
    }

    /// No colour at all: bold, dim and reverse only.
    pub fn monochrome() -> Theme {
        Theme {
            up: Style::new(),
            down: Style::new(),
            flat: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            ai: Style::new().add_modifier(Modifier::BOLD),
            ticker: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Honour the `NO_COLOR` convention (set and non-empty).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }

    pub fn for_change(&self, change: f64) -> Style {
        if change > 0.0 {
            self.up
        } else if change < 0.0 {
            self.down
        } else {
            self.flat
        }
    }
}
