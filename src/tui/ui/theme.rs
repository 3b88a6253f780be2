//! Colours carry meaning (green up, red down, dim stale, one accent for
//! AI); every meaning also has a non-colour cue, so `NO_COLOR` loses none.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;

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

    /// For light backgrounds: darker hues, no reliance on DIM (faint on
    /// white is unreadable in many terminals).
    pub fn light() -> Theme {
        Theme {
            up: Style::new().fg(Color::Green),
            down: Style::new().fg(Color::Red),
            flat: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            ai: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            ticker: Style::new().fg(Color::Blue),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
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

    /// The configured theme, unless `NO_COLOR` (set and non-empty) asks
    /// for none. Only the 16 basic colours are used, so 16- and
    /// 256-colour terminals look the same.
    pub fn select(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::monochrome();
        }
        match name {
            ThemeName::Default => Theme::colour(),
            ThemeName::Light => Theme::light(),
            ThemeName::Mono => Theme::monochrome(),
        }
    }

    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_the_configured_theme() {
        let mono = Theme::select(ThemeName::Default, true);
        assert_eq!(mono.up, Style::new());
        assert_eq!(mono.down, Style::new());
        assert_eq!(
            Theme::select(ThemeName::Light, false).ticker.fg,
            Some(Color::Blue)
        );
        assert_eq!(
            Theme::select(ThemeName::Mono, false).ai,
            Theme::monochrome().ai
        );
    }

    #[test]
    fn only_the_sixteen_basic_colours_are_used() {
        for theme in [Theme::colour(), Theme::light()] {
            for style in [
                theme.up,
                theme.down,
                theme.ai,
                theme.ticker,
                theme.error,
                theme.dim,
            ] {
                assert!(
                    !matches!(style.fg, Some(Color::Rgb(..) | Color::Indexed(_))),
                    "{style:?} needs more than 16 colours"
                );
            }
        }
    }
}
