//! What the app knows of a replay: the keys that steer it, the clock
//! setting the shell runs, and the plain status the footer shows. The
//! driver that owns the tape is `core::replay::Replayer`; nothing here
//! plays anything.

use std::time::Duration;

use crate::core::model::Timestamp;

/// Replay speeds, slowest first.
pub const SPEEDS: &[u32] = &[1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/// What `n`/`N` and `]`/`[` jump between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Moment {
    Headline,
    Move,
}

/// A replay key (bindable; nothing happens outside a replay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplayKey {
    Pause,
    Faster,
    Slower,
    Next(Moment),
    Prev(Moment),
    /// The recording's next bookmark (the demo: the morning of the shock).
    Bookmark,
    /// Type a time to jump to.
    Goto,
}

/// Editing the time typed after `Goto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptEdit {
    Input(char),
    Backspace,
    Accept,
    Cancel,
}

/// How the shell's replay clock runs from now on: replay time `at` now,
/// advancing `speed` seconds per wall second unless paused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockSetting {
    pub at: Timestamp,
    pub speed: u32,
    pub paused: bool,
}

impl ClockSetting {
    /// Replay time after `elapsed` wall time.
    pub fn reading(&self, elapsed: Duration) -> Timestamp {
        if self.paused {
            return self.at;
        }
        let ms = elapsed.as_millis().saturating_mul(u128::from(self.speed));
        self.at + chrono::Duration::milliseconds(ms.min(i64::MAX as u128) as i64)
    }

    /// Wall time from this setting until the clock reads `t`; `None` while paused.
    pub fn wall_until(&self, t: Timestamp) -> Option<Duration> {
        if self.paused {
            return None;
        }
        let ms = (t - self.at).num_milliseconds().max(0) as u64;
        Some(Duration::from_millis(
            ms.div_ceil(u64::from(self.speed.max(1))),
        ))
    }
}

/// A replay as the footer shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayStatus {
    /// Replay seconds per wall second (one of `SPEEDS`), and whether the
    /// clock stands still; every recorded message played: `finished`.
    pub speed: u32,
    pub paused: bool,
    pub finished: bool,
    /// The time being typed after `Goto`, and why the last key did nothing
    /// (no later headline, a bad time).
    pub prompt: String,
    pub problem: Option<String>,
    /// The recording's first and last message times, and its bookmarks.
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub bookmarks: Vec<(Timestamp, String)>,
}

impl ReplayStatus {
    pub fn first(&self) -> Option<Timestamp> {
        self.first
    }

    pub fn last(&self) -> Option<Timestamp> {
        self.last
    }

    pub fn finished(&self) -> bool {
        self.finished
    }

    /// The next bookmark after `now`, else the first again.
    pub fn bookmark_after(&self, now: Timestamp) -> Option<&(Timestamp, String)> {
        self.bookmarks
            .iter()
            .find(|(t, _)| *t > now)
            .or(self.bookmarks.first())
    }

    /// The next bookmark's label, for the key hint.
    pub fn next_bookmark(&self, now: Timestamp) -> Option<&str> {
        self.bookmark_after(now).map(|(_, l)| l.as_str())
    }

    pub fn clock(&self, at: Timestamp) -> ClockSetting {
        ClockSetting {
            at,
            speed: self.speed,
            paused: self.paused,
        }
    }
}
