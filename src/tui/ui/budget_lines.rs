//! The sources pane's first lines: each polled quote provider's request
//! budget (used / allowed, tokens, the next one) and what its plan spends,
//! then its batch endpoint's standing.

use ratatui::text::{Line, Span};

use super::Theme;
use super::format::Clock;
use crate::core::app::State;
use crate::core::quotes::{BatchHealth, ProviderReport};

/// " yahoo    budget 17/360 per h · 3 tokens, next in 4s · plan 288/h"
/// "          spark: 16 prices in 1 request a round"
pub fn lines(state: &State, theme: &Theme, clock: &Clock) -> Vec<Line<'static>> {
    state
        .quote_plans()
        .iter()
        .flat_map(|p| provider_lines(p, theme, clock))
        .collect()
}

fn provider_lines(p: &ProviderReport, theme: &Theme, clock: &Clock) -> Vec<Line<'static>> {
    let b = &p.budget;
    let next = match b.next_token {
        Some(t) => format!("next in {}", clock.until(t)),
        None => "full".into(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {:<9}", p.provider), theme.header),
        Span::raw(format!(
            "budget {}/{} per {}",
            b.used,
            b.rate.count,
            b.rate.unit()
        )),
        Span::styled(
            format!(
                " · {} tokens, {next} · plan {:.0}/h",
                b.tokens, p.planned_per_hour
            ),
            theme.dim,
        ),
    ])];
    let indent = " ".repeat(10);
    match p.batch.as_ref().map(|b| (b.name, &b.health)) {
        Some((name, BatchHealth::Answering { symbols, requests })) if *symbols > 0 => {
            lines.push(Line::styled(
                format!("{indent}{name}: {symbols} prices in {requests} request(s) a round"),
                theme.dim,
            ));
        }
        Some((name, BatchHealth::Refused { error, retry_at })) => {
            let retry = clock.until(*retry_at);
            lines.push(Line::styled(
                format!("{indent}✗ {name} refused ({error}): charts alone, retry in {retry}"),
                theme.error,
            ));
        }
        _ => {}
    }
    lines
}
