//! Every configured source with its health, for the sources pane and the
//! footer's counts: the ones that have not answered yet are pending, never
//! left out.

use super::state::State;
use crate::core::model::{SourceHealth, SourceKind};

/// One row of the sources pane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceRow<'a> {
    pub kind: SourceKind,
    pub name: &'a str,
    /// `None` until it first answers (pending).
    pub health: Option<&'a SourceHealth>,
}

impl SourceRow<'_> {
    pub fn key(&self) -> (SourceKind, String) {
        (self.kind, self.name.to_string())
    }

    /// Failing first (what the pane is opened for), then pending, then ok.
    fn rank(&self) -> u8 {
        match self.health {
            Some(h) if !h.ok => 0,
            None => 1,
            Some(_) => 2,
        }
    }
}

/// How many sources of a kind there are, by health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceCounts {
    pub ok: usize,
    pub failing: usize,
    pub pending: usize,
}

impl SourceCounts {
    pub fn total(&self) -> usize {
        self.ok + self.failing + self.pending
    }
}

impl State {
    /// Configured sources that have not answered yet.
    pub fn pending(&self) -> impl Iterator<Item = &(SourceKind, String)> {
        self.configured
            .iter()
            .filter(|key| !self.sources.contains_key(key))
    }

    /// The sources pane's rows: failing, pending, then ok; feeds and
    /// streams before symbols; by name.
    pub fn source_rows(&self) -> Vec<SourceRow<'_>> {
        let mut rows: Vec<SourceRow> = self
            .sources
            .values()
            .map(|h| SourceRow {
                kind: h.kind,
                name: &h.name,
                health: Some(h),
            })
            .chain(self.pending().map(|(kind, name)| SourceRow {
                kind: *kind,
                name,
                health: None,
            }))
            .collect();
        rows.sort_by_cached_key(|r| {
            (
                r.rank(),
                r.kind == SourceKind::Quotes,
                r.name.to_lowercase(),
            )
        });
        rows
    }

    /// A feed whose every item of its last document fell outside the
    /// retention window says so ("40 items, all older than 30d") rather
    /// than showing nothing.
    pub fn window_note(&self, h: &SourceHealth) -> Option<String> {
        let max = self.max_age_secs()?;
        (h.ok && h.items > 0 && h.outside >= h.items)
            .then(|| format!("{} items, all older than {}", h.items, span(max)))
    }

    /// The row under the sources pane's cursor, and its position.
    pub fn selected_source(&self) -> Option<(usize, SourceRow<'_>)> {
        let rows = self.source_rows();
        let pos = match &self.view.source_cursor {
            Some((kind, name)) => rows
                .iter()
                .position(|r| r.kind == *kind && r.name == name)
                .unwrap_or(0),
            None => 0,
        };
        rows.get(pos).map(|r| (pos, *r))
    }

    /// Move the sources pane's cursor by `delta` rows, clamped.
    pub(crate) fn step_sources(&mut self, delta: isize) {
        let rows = self.source_rows();
        let Some((pos, _)) = self.selected_source() else {
            return;
        };
        let last = rows.len().saturating_sub(1) as isize;
        let to = (pos as isize).saturating_add(delta).clamp(0, last) as usize;
        let key = rows[to].key();
        self.view.source_cursor = Some(key);
    }

    pub fn source_counts(&self, kind: SourceKind) -> SourceCounts {
        let mut counts = SourceCounts {
            pending: self.pending().filter(|(k, _)| *k == kind).count(),
            ..SourceCounts::default()
        };
        for h in self.sources.values().filter(|h| h.kind == kind) {
            if h.ok {
                counts.ok += 1;
            } else {
                counts.failing += 1;
            }
        }
        counts
    }
}

/// A window in its largest whole unit: "30d", "12h", "90m".
fn span(secs: i64) -> String {
    match secs {
        s if s > 0 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s > 0 && s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s > 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::Pane;
    use crate::core::app::update;
    use crate::core::app::{Action, Msg};
    use crate::core::model::{Failure, FailureClass, FetchReport};
    use chrono::{TimeZone, Utc};

    fn state() -> State {
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
        let mut s =
            State::new(&["NVDA".to_string(), "AAPL".to_string()], now).with_configured(vec![
                (SourceKind::Feed, "Wire".into()),
                (SourceKind::Feed, "Slow Wire".into()),
            ]);
        let report = |kind, name: &str| FetchReport::new(kind, name, "http://127.0.0.1/", now);
        update(
            &mut s,
            Msg::HeadlinesFetched {
                report: report(SourceKind::Feed, "Wire"),
                headlines: vec![],
                skipped: 0,
            },
            now,
        );
        update(
            &mut s,
            Msg::SourceFailed {
                report: report(SourceKind::Quotes, "AAPL"),
                failure: Failure {
                    class: FailureClass::Http,
                    detail: "HTTP 503".into(),
                },
            },
            now,
        );
        s
    }

    #[test]
    fn sources_that_have_not_answered_are_pending_and_counted() {
        let s = state();
        assert_eq!(
            s.source_counts(SourceKind::Feed),
            SourceCounts {
                ok: 1,
                failing: 0,
                pending: 1
            }
        );
        let quotes = s.source_counts(SourceKind::Quotes);
        assert_eq!((quotes.failing, quotes.pending, quotes.total()), (1, 1, 2));
        let names: Vec<&str> = s.source_rows().iter().map(|r| r.name).collect();
        assert_eq!(names, ["AAPL", "Slow Wire", "NVDA", "Wire"]);
    }

    #[test]
    fn the_cursor_moves_over_every_row_and_stays_on_its_source() {
        let mut s = state();
        let now = s.now;
        update(&mut s, Msg::Action(Action::ToggleSources), now);
        assert_eq!(s.view.pane, Pane::Sources);
        for _ in 0..2 {
            update(&mut s, Msg::Action(Action::SelectNext), now);
        }
        assert_eq!(s.selected_source().map(|(_, r)| r.name), Some("NVDA"));
        update(&mut s, Msg::Action(Action::SelectLast), now);
        assert_eq!(
            s.selected_source().map(|(p, r)| (p, r.name)),
            Some((3, "Wire"))
        );
        // Wire starts failing: it moves to the top, the cursor with it.
        let report = FetchReport::new(SourceKind::Feed, "Wire", "http://127.0.0.1/", now);
        let failure = Failure {
            class: FailureClass::Network,
            detail: "refused".into(),
        };
        update(&mut s, Msg::SourceFailed { report, failure }, now);
        assert_eq!(
            s.selected_source().map(|(p, r)| (p, r.name)),
            Some((0, "Wire"))
        );
    }
}
