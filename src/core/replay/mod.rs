//! Replay: a recording's messages fed through the same `update` on a
//! replay clock. The clock's reading comes in as `now` (the shell turns
//! wall time into replay time with `ClockSetting`); the tape, the speed,
//! pause and jumps live here, pure, so ages, staleness, the market clock
//! and alerts all follow the replay time.

mod tape;
mod time;

pub use tape::{BIG_MOVE_PCT, Moment, Tape};
pub use time::parse_time;

use std::sync::Arc;
use std::time::Duration;

use super::model::Timestamp;
use crate::core::app::Mode;
use crate::core::app::State;
use crate::core::app::update;
use crate::core::app::{Effect, Msg};

/// Replay speeds, slowest first.
pub const SPEEDS: &[u32] = &[1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

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

#[derive(Debug, Clone)]
pub struct Replay {
    tape: Arc<Tape>,
    /// Messages already applied.
    pos: usize,
    pub speed: u32,
    pub paused: bool,
    /// The time being typed after `Goto`.
    pub prompt: String,
    /// Why the last key did nothing (no later headline, a bad time).
    pub problem: Option<String>,
    /// The state before the first message: where a jump back starts over.
    origin: Arc<State>,
}

impl Replay {
    pub fn first(&self) -> Option<Timestamp> {
        self.tape.first()
    }

    pub fn last(&self) -> Option<Timestamp> {
        self.tape.last()
    }

    pub fn finished(&self) -> bool {
        self.pos >= self.tape.msgs.len()
    }

    /// The next bookmark's label, for the key hint.
    pub fn next_bookmark(&self, now: Timestamp) -> Option<&str> {
        self.tape.bookmark_after(now).map(|(_, l)| l.as_str())
    }

    pub fn clock(&self, at: Timestamp) -> ClockSetting {
        ClockSetting {
            at,
            speed: self.speed,
            paused: self.paused,
        }
    }
}

/// Turn `state` (fresh, nothing received) into a replay of `tape`, at
/// `speed`, positioned at `start` (else the first message).
pub fn begin(mut state: State, tape: Tape, speed: u32, start: Option<Timestamp>) -> State {
    let first = tape.first().unwrap_or(state.now);
    state.now = first;
    let start = start.unwrap_or(first);
    let replay = Replay {
        tape: Arc::new(tape),
        pos: 0,
        speed: speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
        paused: false,
        prompt: String::new(),
        problem: None,
        origin: Arc::new(state.clone()),
    };
    state.replay = Some(replay);
    seek(&mut state, start);
    state
}

/// Apply every message recorded up to `t`, each at its own time.
pub fn play_until(state: &mut State, t: Timestamp) -> Vec<Effect> {
    let mut effects = Vec::new();
    while let Some((at, msg)) = take_due(state, t) {
        effects.extend(update(state, msg, at));
    }
    effects
}

/// The next recorded message if it is due by `t`.
fn take_due(state: &mut State, t: Timestamp) -> Option<(Timestamp, Msg)> {
    let r = state.replay.as_mut()?;
    let due = r.tape.msgs.get(r.pos).filter(|(at, _)| *at <= t)?.clone();
    r.pos += 1;
    Some(due)
}

/// When the next recorded message is due, if the replay is playing.
pub fn next_due(state: &State) -> Option<Timestamp> {
    let r = state.replay.as_ref().filter(|r| !r.paused)?;
    r.tape.msgs.get(r.pos).map(|(t, _)| *t)
}

/// Called on every tick of the replay clock: play what is due; at the
/// end of the tape, pause there.
pub fn on_tick(state: &mut State, now: Timestamp, effects: &mut Vec<Effect>) {
    effects.extend(play_until(state, now));
    if let Some(r) = &mut state.replay
        && r.finished()
        && !r.paused
        && r.last().is_some_and(|last| now >= last)
    {
        r.paused = true;
        effects.push(Effect::ReplayClock(r.clock(now)));
        state.rev += 1;
    }
}

/// Show the state as it was at `t`: forward by applying what is recorded
/// until then, back by starting over from the origin. The view (filter,
/// selection, read marks) stays. Alerts land in the list but neither
/// notify nor flash: a jump is not news (and a paused clock would never
/// end the flash).
pub fn seek(state: &mut State, t: Timestamp) {
    let Some(r) = &state.replay else { return };
    let applied_past_t = r.pos.checked_sub(1).is_some_and(|i| r.tape.msgs[i].0 > t);
    let anchors = state.view_anchors();
    if applied_past_t {
        let mut replay = state.replay.take().expect("checked above");
        replay.pos = 0;
        let mut view = std::mem::take(&mut state.view);
        view.visible.clear();
        let rev = state.rev;
        *state = (*replay.origin).clone();
        state.view = view;
        state.rev = rev;
        state.replay = Some(replay);
    }
    play_until(state, t);
    state.flash = None;
    state.now = t;
    state.rebuild_visible(anchors);
    state.rev += 1;
}

/// A replay key at replay time `now`.
pub fn apply_key(state: &mut State, key: ReplayKey, now: Timestamp, effects: &mut Vec<Effect>) {
    let Some(r) = &mut state.replay else { return };
    r.problem = None;
    // Two seconds of the user's time at this speed.
    let grace = chrono::Duration::seconds(2 * i64::from(r.speed));
    let target = match key {
        ReplayKey::Pause => {
            r.paused = !r.paused;
            None
        }
        ReplayKey::Faster => {
            r.speed = SPEEDS
                .iter()
                .copied()
                .find(|s| *s > r.speed)
                .unwrap_or(r.speed);
            None
        }
        ReplayKey::Slower => {
            r.speed = SPEEDS
                .iter()
                .rev()
                .copied()
                .find(|s| *s < r.speed)
                .unwrap_or(r.speed);
            None
        }
        ReplayKey::Next(m) => found(r, r.tape.next(m, now), m, "later"),
        // A moment just jumped to is "now": go one further back.
        ReplayKey::Prev(m) => found(r, r.tape.prev(m, now, grace), m, "earlier"),
        ReplayKey::Bookmark => {
            let mark = r.tape.bookmark_after(now).map(|(t, _)| *t);
            if mark.is_none() {
                r.problem = Some("this recording has no bookmarks".into());
            }
            mark
        }
        ReplayKey::Goto => {
            r.prompt.clear();
            state.view.mode = Mode::Goto;
            None
        }
    };
    jump(state, target, now, effects);
}

fn found(r: &mut Replay, t: Option<Timestamp>, m: Moment, way: &str) -> Option<Timestamp> {
    if t.is_none() {
        let what = match m {
            Moment::Headline => "headline",
            Moment::Move => "big move",
        };
        r.problem = Some(format!("no {way} {what}"));
    }
    t
}

/// Editing the typed time; `Accept` jumps there.
pub fn edit_prompt(state: &mut State, edit: PromptEdit, now: Timestamp, effects: &mut Vec<Effect>) {
    let Some(r) = &mut state.replay else { return };
    let mut target = None;
    match edit {
        PromptEdit::Input(c) => r.prompt.push(c),
        PromptEdit::Backspace => {
            r.prompt.pop();
        }
        PromptEdit::Cancel => state.view.mode = Mode::Normal,
        PromptEdit::Accept => match parse_time(&r.prompt, now) {
            Ok(t) => {
                state.view.mode = Mode::Normal;
                target = Some(t);
            }
            Err(e) => r.problem = Some(e),
        },
    }
    jump(state, target, now, effects);
}

/// Go to `target` (if any) and tell the shell how its clock runs now.
fn jump(state: &mut State, target: Option<Timestamp>, now: Timestamp, effects: &mut Vec<Effect>) {
    let at = match target {
        Some(t) => {
            seek(state, t);
            t
        }
        None => {
            state.now = now;
            now
        }
    };
    if let Some(r) = &state.replay {
        effects.push(Effect::ReplayClock(r.clock(at)));
    }
    state.rev += 1;
}

#[cfg(test)]
mod tests;
