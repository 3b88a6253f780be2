//! The footer's line for the quote selected on the board: where the price
//! came from, when, against what, and what is wrong with it.

use ratatui::text::{Line, Span};

use super::Theme;
use super::format::{self, Clock};
use super::quote_board::STALE_MARK;
use crate::core::app::Focus;
use crate::core::app::State;
use crate::core::model::MarketState;
use crate::core::quotes::SymbolRefresh;
use crate::core::quotes::cadence_text;

/// " NVDA via yahoo · 3s ago · Mon 27 Jan 21:00 UTC · prev close 142.62 ·
/// post 117.90 ▼-0.44%", when the board has focus: what matters most
/// (source, age, error) first, so a narrow terminal keeps it.
pub fn line(state: &State, theme: &Theme, clock: &Clock) -> Option<Line<'static>> {
    if state.view.focus != Focus::Board {
        return None;
    }
    let symbol = state.selected_symbol()?;
    let slot = state.quotes().iter().find(|s| s.symbol == symbol)?;
    let mut spans = vec![Span::styled(format!(" {symbol}"), theme.header)];
    let Some(q) = &slot.quote else {
        let why = slot.error.as_deref().unwrap_or("waiting for a price");
        spans.push(Span::styled(format!(" ✗ {why}"), theme.error));
        return Some(Line::from(spans));
    };
    spans.push(Span::raw(format!(" via {}", q.provider)));
    if let Some(fresh) = state.quote_age(symbol) {
        let age = format!(" · {} ago", clock.secs(fresh.age_secs));
        spans.push(if fresh.stale {
            Span::styled(format!("{age} {STALE_MARK}stale"), theme.error)
        } else {
            Span::styled(age, theme.dim)
        });
    }
    if let Some(why) = &slot.error {
        spans.push(Span::styled(format!(" · ✗ {why}"), theme.error));
    }
    if let Some(refresh) = slot.refresh {
        spans.push(cadence(state, symbol, refresh, theme));
    }
    let mut facts = vec![
        clock.stamp(q.as_of),
        format!("prev close {}", format::known(q.prev_close, format::price)),
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
    spans.push(Span::styled(format!(" · {}", facts.join(" · ")), theme.dim));
    Some(Line::from(spans))
}

/// "every 15s · budget 17/360 per h"; "(slowed)" when the budget, not the
/// configured refresh, sets the pace.
fn cadence(state: &State, symbol: &str, r: SymbolRefresh, theme: &Theme) -> Span<'static> {
    let mut text = if r.live {
        format!(" · live, chart every {}", cadence_text(r.cadence.chart))
    } else {
        format!(" · every {}", cadence_text(r.cadence.price))
    };
    if r.held_back {
        text += " (slowed)";
    }
    if let Some(plan) = state.quote_plan_of(symbol) {
        let b = &plan.budget;
        text += &format!(
            " · budget {}/{} per {}",
            b.used,
            b.rate.count,
            b.rate.unit()
        );
    }
    // Slowed stands out of the dim facts; "(slowed)" is the non-colour cue.
    if r.held_back {
        Span::raw(text)
    } else {
        Span::styled(text, theme.dim)
    }
}
