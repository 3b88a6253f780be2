//! Replay: a driver that owns a recording's tape, its position and the
//! state before the first message, and feeds every message it plays
//! through the same `app::update` on a replay clock. The clock's reading
//! comes in as `now` (the shell turns wall time into replay time with
//! `ClockSetting`), so ages, staleness, the market clock and alerts all
//! follow the replay time. Arrows: replay → app, never back; the state
//! keeps only a plain `ReplayStatus` for the footer.

mod tape;
mod time;

pub use tape::{BIG_MOVE_PCT, Tape};
pub use time::parse_time;

use std::sync::Arc;

use crate::core::app::{
    Action, Effect, Mode, Moment, Msg, PromptEdit, ReplayKey, ReplayStatus, SPEEDS, State, update,
};
use crate::core::model::Timestamp;

#[derive(Debug, Clone)]
pub struct Replayer {
    tape: Arc<Tape>,
    /// Messages already applied.
    pos: usize,
    /// The state before the first message: where a jump back starts over.
    origin: State,
}

impl Replayer {
    /// Turn `state` (fresh, nothing received) into a replay of `tape`, at
    /// `speed`, positioned at `start` (else the first message).
    pub fn begin(
        mut state: State,
        tape: Tape,
        speed: u32,
        start: Option<Timestamp>,
    ) -> (State, Replayer) {
        let first = tape.first().unwrap_or(state.now);
        state.now = first;
        let start = start.unwrap_or(first);
        state.replay = Some(ReplayStatus {
            speed: speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            paused: false,
            finished: tape.msgs.is_empty(),
            prompt: String::new(),
            problem: None,
            first: tape.first(),
            last: tape.last(),
            bookmarks: tape.bookmarks.clone(),
        });
        let mut replayer = Replayer {
            tape: Arc::new(tape),
            pos: 0,
            origin: state.clone(),
        };
        replayer.seek(&mut state, start);
        (state, replayer)
    }

    /// One message at replay time `now`: the replay's keys and ticks steer
    /// the tape here; everything else goes to `update` as it would live.
    pub fn handle(&mut self, state: &mut State, msg: Msg, now: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        match msg {
            Msg::Tick => {
                self.on_tick(state, now, &mut effects);
                effects.extend(update(state, Msg::Tick, now));
            }
            // Replay keys set the replay's own time (a jump): not `now`.
            Msg::Action(Action::Replay(key)) => self.apply_key(state, key, now, &mut effects),
            Msg::Action(Action::Goto(edit)) => self.edit_prompt(state, edit, now, &mut effects),
            msg => effects.extend(update(state, msg, now)),
        }
        effects
    }

    /// Apply every message recorded up to `t`, each at its own time.
    pub fn play_until(&mut self, state: &mut State, t: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        while let Some((at, msg)) = self.take_due(t) {
            effects.extend(update(state, msg, at));
        }
        if let Some(r) = &mut state.replay {
            r.finished = self.finished();
        }
        effects
    }

    fn finished(&self) -> bool {
        self.pos >= self.tape.msgs.len()
    }

    /// The next recorded message if it is due by `t`.
    fn take_due(&mut self, t: Timestamp) -> Option<(Timestamp, Msg)> {
        let due = self
            .tape
            .msgs
            .get(self.pos)
            .filter(|(at, _)| *at <= t)?
            .clone();
        self.pos += 1;
        Some(due)
    }

    /// When the next recorded message is due, if the replay is playing.
    pub fn next_due(&self, state: &State) -> Option<Timestamp> {
        state.replay.as_ref().filter(|r| !r.paused)?;
        self.tape.msgs.get(self.pos).map(|(t, _)| *t)
    }

    /// On every tick of the replay clock: play what is due; at the end of
    /// the tape, pause there.
    fn on_tick(&mut self, state: &mut State, now: Timestamp, effects: &mut Vec<Effect>) {
        effects.extend(self.play_until(state, now));
        if let Some(r) = &mut state.replay
            && r.finished
            && !r.paused
            && r.last.is_some_and(|last| now >= last)
        {
            r.paused = true;
            effects.push(Effect::ReplayClock(r.clock(now)));
            state.rev += 1;
        }
    }

    /// Show the state as it was at `t`: forward by applying what is
    /// recorded until then, back by starting over from the origin. The
    /// view (filter, selection, read marks) stays. Alerts land in the list
    /// but neither notify nor flash: a jump is not news (and a paused clock
    /// would never end the flash).
    pub fn seek(&mut self, state: &mut State, t: Timestamp) {
        let applied_past_t = self
            .pos
            .checked_sub(1)
            .is_some_and(|i| self.tape.msgs[i].0 > t);
        let anchors = state.view_anchors();
        if applied_past_t {
            self.pos = 0;
            let mut view = std::mem::take(&mut state.view);
            view.visible.clear();
            let (rev, status) = (state.rev, state.replay.take());
            *state = self.origin.clone();
            state.view = view;
            state.rev = rev;
            state.replay = status;
        }
        self.play_until(state, t);
        state.flash = None;
        state.now = t;
        state.rebuild_visible(anchors);
        state.rev += 1;
    }

    /// A replay key at replay time `now`.
    fn apply_key(
        &mut self,
        state: &mut State,
        key: ReplayKey,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
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
            ReplayKey::Next(m) => found(r, self.tape.next(m, now), m, "later"),
            // A moment just jumped to is "now": go one further back.
            ReplayKey::Prev(m) => found(r, self.tape.prev(m, now, grace), m, "earlier"),
            ReplayKey::Bookmark => {
                let mark = r.bookmark_after(now).map(|(t, _)| *t);
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
        self.jump(state, target, now, effects);
    }

    /// Editing the typed time; `Accept` jumps there.
    fn edit_prompt(
        &mut self,
        state: &mut State,
        edit: PromptEdit,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
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
        self.jump(state, target, now, effects);
    }

    /// Go to `target` (if any) and tell the shell how its clock runs now.
    fn jump(
        &mut self,
        state: &mut State,
        target: Option<Timestamp>,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let at = match target {
            Some(t) => {
                self.seek(state, t);
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
}

fn found(r: &mut ReplayStatus, t: Option<Timestamp>, m: Moment, way: &str) -> Option<Timestamp> {
    if t.is_none() {
        let what = match m {
            Moment::Headline => "headline",
            Moment::Move => "big move",
        };
        r.problem = Some(format!("no {way} {what}"));
    }
    t
}

#[cfg(test)]
mod tests;
