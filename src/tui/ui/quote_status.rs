//! The footer's line for the quote selected on the board: where the price
//! came from, when, against what, and what is wrong with it.

use ratatui::text::{Line, Span};

use super::Theme;
use super::format;
use super::quote_board::STALE_MARK;
use crate::core::model::MarketState;
use crate::core::state::{QuoteSlot, State};
use crate::core::view::Focus;

/// " NVDA via yahoo · Mon 27 Jan 21:00 UTC · prev close 142.62 · post 117.90
/// ▼-0.44% · 3s ago", when the board has focus.
pub fn line(state: &State, theme: &Theme) -> Option<Line<'static>> {
    if state.view.focus != Focus::Board {
        return None;
    }
    let symbol = state.selected_symbol()?;
    let slot = state.quotes.iter().find(|s| s.symbol == symbol)?;
    let mut spans = vec![Span::styled(format!(" {symbol}"), theme.header)];
    let Some(q) = &slot.quote else {
        spans.push(error(slot, theme, "no price yet"));
        return Some(Line::from(spans));
    };
    let mut facts = vec![
        format!("via {}", q.provider),
        format!("{} UTC", q.as_of.format("%a %d %b %H:%M")),
        format!("prev close {}", format::price(q.prev_close)),
    ];
    if let Some(e) = q.extended {
        let session = if e.session == MarketState::Pre {
            "pre"
        } else {
            "post"
        };
        facts.push(format!(
            "{session} {} {}",
            format::price(e.price),
            format::pct(e.change_pct)
        ));
    } else if q.market_state == MarketState::Closed {
        facts.push("market closed".into());
    }
    spans.push(Span::raw(format!(" {}", facts.join(" · "))));
    if let Some((secs, stale)) = state.quote_age(symbol) {
        let age = format!(" · {} ago", format::secs(secs));
        spans.push(if stale {
            Span::styled(format!("{age} {STALE_MARK}stale"), theme.error)
        } else {
            Span::styled(age, theme.dim)
        });
    }
    if slot.error.is_some() {
        spans.push(error(slot, theme, "last good price shown"));
    }
    Some(Line::from(spans))
}

fn error(slot: &QuoteSlot, theme: &Theme, then: &str) -> Span<'static> {
    let why = slot.error.as_deref().unwrap_or("waiting");
    Span::styled(format!(" · ✗ {why}, {then}"), theme.error)
}
