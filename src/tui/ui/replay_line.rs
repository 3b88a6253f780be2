//! The footer's line in a replay: play state and speed, the replay time
//! in UTC and New York, the US market's session on that day (holidays
//! and early closes named), and why the last key did nothing; or the
//! time being typed after `t`.

use ratatui::text::{Line, Span};

use super::Theme;
use crate::core::app::ReplayStatus;
use crate::core::market::TradingDay;
use crate::core::market::{new_york, us_session};
use crate::core::model::{MarketState, Timestamp};

/// " ▶ 3600×  Mon 27 Jan 2025 14:31 UTC · 09:31 ET US open" (on a
/// holiday its name instead of the time in New York).
pub fn line(replay: &ReplayStatus, now: Timestamp, theme: &Theme) -> Line<'static> {
    let mark = if replay.finished() && replay.paused {
        " ■ end".to_string()
    } else if replay.paused {
        " ‖ paused".to_string()
    } else {
        format!(" ▶ {}×", replay.speed)
    };
    let mut spans = vec![
        Span::styled(mark, theme.header),
        Span::raw(format!(
            "  {} · {}",
            now.format("%a %d %b %Y %H:%M UTC"),
            session_label(now)
        )),
    ];
    if let Some(problem) = &replay.problem {
        spans.push(Span::styled(format!("  {problem}"), theme.error));
    }
    Line::from(spans)
}

/// " jump to › 2025-01-27 14:3█"
pub fn prompt(replay: &ReplayStatus, theme: &Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled(" jump to › ", theme.header),
        Span::raw(replay.prompt.clone()),
        Span::styled("█", theme.dim),
    ];
    if let Some(problem) = &replay.problem {
        spans.push(Span::styled(format!("  {problem}"), theme.error));
    }
    Line::from(spans)
}

/// New York time and the US equity session by the exchange calendar.
pub fn session_label(now: Timestamp) -> String {
    let session = us_session(now);
    let state = match (session.state, session.day) {
        (_, TradingDay::Holiday(name)) => return format!("US holiday: {name}"),
        (MarketState::Regular, TradingDay::EarlyClose(_)) => "US open, closes 13:00",
        (MarketState::Regular, _) => "US open",
        (MarketState::Pre, _) => "US pre-market",
        (MarketState::Post, _) => "US after hours",
        (MarketState::Closed, _) => "US closed",
    };
    format!("{} {state}", new_york(now).format("%H:%M ET"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_session_follows_the_calendar() {
        let at = |d, h| Utc.with_ymd_and_hms(2025, 1, d, h, 0, 0).unwrap();
        assert_eq!(
            session_label(at(20, 15)),
            "US holiday: Martin Luther King, Jr. Day"
        );
        assert_eq!(session_label(at(27, 15)), "10:00 ET US open");
        assert_eq!(session_label(at(27, 12)), "07:00 ET US pre-market");
        assert_eq!(session_label(at(25, 15)), "10:00 ET US closed");
        let black_friday = Utc.with_ymd_and_hms(2025, 11, 28, 15, 0, 0).unwrap();
        assert_eq!(
            session_label(black_friday),
            "10:00 ET US open, closes 13:00"
        );
    }
}
