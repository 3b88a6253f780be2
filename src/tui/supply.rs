//! Where the monitor's data comes from. Without a store, its own pollers.
//! With one, the first frame comes from what is stored, and the store's
//! writer says whether this process polls (pollers run, seeded with the
//! stored validators and schedule) or follows the one that does. Or a
//! recording, replayed on a replay clock. Every source message reaches
//! `update` through `feed`, which also records it (`--record`).

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::core::app::BusNews;
use crate::core::app::ClockSetting;
use crate::core::app::State;
use crate::core::app::update;
use crate::core::app::{Effect, Msg};
use crate::core::app::{Restored, Role, Save};
use crate::core::model::Timestamp;
use crate::core::replay::Replayer;
use crate::event::{Event, Recorder};
use crate::sources::http::HttpClient;
use crate::sources::poller::{self, Pollers};
use crate::store::writer::{self, StoreLink, StoreOut};
use crate::store::{PollSeed, Unparsed, Write};
use crate::wiring::App;

pub struct Supply {
    client: HttpClient,
    tx: mpsc::Sender<Msg>,
    pollers: Option<Pollers>,
    link: Option<StoreLink>,
    store_rx: Option<mpsc::Receiver<StoreOut>>,
    recorder: Option<Recorder>,
    /// The replay clock and the wall instant it was set; `None`: live.
    clock: Option<(ClockSetting, Instant)>,
    /// The recording being played, which every message goes through.
    replayer: Option<Replayer>,
}

impl Supply {
    /// Load the store into `state` (before anything is drawn) and start
    /// either the writer or, without a store, the pollers.
    /// `recorder`: where every source message is also written.
    pub fn start(
        app: &App,
        client: HttpClient,
        state: &mut State,
        recorder: Option<Recorder>,
    ) -> (Supply, mpsc::Receiver<Msg>) {
        let (mut supply, rx) = Supply::idle(client, recorder);
        let loaded = app.open_store().and_then(|store| {
            match store.load_deferred(app.config.store.max_headlines) {
                Ok((restored, stories, seq)) => Some((store, restored, stories, seq)),
                Err(e) => {
                    tracing::warn!(error = %e, "running without a store");
                    None
                }
            }
        });
        match loaded {
            Some((store, mut restored, mut stories, seq)) => {
                // The first frame needs the newest stories only; the older
                // ones follow through the loop, a chunk between frames
                // (their judgements parsed then), so a large store draws
                // at once.
                let older = stories.split_off(RESTORE_CHUNK.min(stories.len()));
                restored.stories = stories.into_iter().map(Unparsed::parse).collect();
                restore(state, restored);
                supply.restore_later(older);
                // Nothing polls until the writer says this process leads.
                update(state, Msg::RoleChanged(Role::Follower), Utc::now());
                let (out_tx, out_rx) = mpsc::channel(64);
                supply.link = Some(writer::spawn(store, seq, out_tx));
                supply.store_rx = Some(out_rx);
            }
            None => supply.poll(app, &PollSeed::default()),
        }
        (supply, rx)
    }

    /// Send `stories` (newest first) to the loop as restored messages.
    fn restore_later(&self, stories: Vec<Unparsed>) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let mut stories = stories.into_iter().peekable();
            while stories.peek().is_some() {
                let chunk = stories.by_ref().take(RESTORE_CHUNK);
                let restored = Restored {
                    stories: chunk.map(Unparsed::parse).collect(),
                    ..Restored::default()
                };
                let live = false;
                if tx.send(Msg::Restored { restored, live }).await.is_err() {
                    return;
                }
            }
        });
    }

    /// Play the recording `state` was positioned in by `replayer`.
    /// Nothing polls, and the store is never opened: a replay must not
    /// write into the user's store nor take its polling lease.
    pub fn replay(
        state: &State,
        replayer: Replayer,
        client: HttpClient,
    ) -> (Supply, mpsc::Receiver<Msg>) {
        let (mut supply, rx) = Supply::idle(client, None);
        if let Some(r) = &state.replay {
            supply.set_clock(r.clock(state.now));
        }
        supply.replayer = Some(replayer);
        (supply, rx)
    }

    /// Follow a desk's collector on the bus: nothing polled, no store
    /// lease. Read marks are this user's, kept in the local store (when
    /// there is one) so they survive a restart; the filter stays here.
    pub fn bus(
        app: &App,
        settings: crate::bus::Settings,
        client: HttpClient,
        state: &mut State,
        recorder: Option<Recorder>,
    ) -> (Supply, mpsc::Receiver<Msg>) {
        update(state, Msg::Bus(BusNews::Disconnected), Utc::now());
        let (mut supply, rx) = Supply::idle(client, recorder);
        let marks = app
            .open_store()
            .and_then(|store| match store.read_marks_since(0) {
                Ok((marks, seq)) => Some((store, marks, seq)),
                Err(e) => {
                    tracing::warn!(error = %e, "read marks not kept");
                    None
                }
            });
        if let Some((store, marks, seq)) = marks {
            update(state, Msg::ReadMarksSaved(marks), Utc::now());
            // A follower persists its read marks and nothing else.
            update(state, Msg::RoleChanged(Role::Follower), Utc::now());
            let (out_tx, out_rx) = mpsc::channel(64);
            supply.link = Some(writer::spawn_marks_only(store, seq, out_tx));
            supply.store_rx = Some(out_rx);
        }
        crate::bus::spawn_screen(settings, supply.tx.clone());
        (supply, rx)
    }

    fn idle(client: HttpClient, recorder: Option<Recorder>) -> (Supply, mpsc::Receiver<Msg>) {
        let (tx, rx) = mpsc::channel(256);
        let supply = Supply {
            client,
            tx,
            pollers: None,
            link: None,
            store_rx: None,
            recorder,
            clock: None,
            replayer: None,
        };
        (supply, rx)
    }

    /// The time `update` runs at: the replay clock's, else the wall clock's.
    pub fn now(&self) -> Timestamp {
        match &self.clock {
            Some((setting, since)) => setting.reading(since.elapsed()),
            None => Utc::now(),
        }
    }

    pub fn set_clock(&mut self, setting: ClockSetting) {
        self.clock = Some((setting, Instant::now()));
    }

    /// When the replay's next message is due on the wall clock.
    pub fn replay_due(&self, state: &State) -> Option<Instant> {
        let (setting, since) = self.clock.as_ref()?;
        let wait = setting.wall_until(self.replayer.as_ref()?.next_due(state)?)?;
        Some(*since + wait)
    }

    /// A source's message into `update`, recorded first when recording.
    pub fn feed(&mut self, state: &mut State, msg: Msg) -> Vec<Effect> {
        let now = self.now();
        if let Some(recorder) = &self.recorder
            && let Some(event) = Event::from_msg(&msg, now)
        {
            recorder.record(event);
        }
        self.apply_at(state, msg, now)
    }

    /// Any message into the state at the supply's time: through the
    /// replayer while a recording plays, else straight to `update`.
    pub fn apply(&mut self, state: &mut State, msg: Msg) -> Vec<Effect> {
        let now = self.now();
        self.apply_at(state, msg, now)
    }

    /// At `now`: the time a recorded message was recorded at.
    fn apply_at(&mut self, state: &mut State, msg: Msg, now: Timestamp) -> Vec<Effect> {
        match &mut self.replayer {
            Some(replayer) => replayer.handle(state, msg, now),
            None => update(state, msg, now),
        }
    }

    fn poll(&mut self, app: &App, seed: &PollSeed) {
        let sink = self.link.as_ref().map(StoreLink::sender);
        let plan = app.poll_plan(seed, sink);
        self.pollers = Some(poller::spawn(plan, self.client.clone(), self.tx.clone()));
    }

    /// The writer's next word; never, without a store.
    pub async fn from_store(&mut self) -> Option<StoreOut> {
        match &mut self.store_rx {
            Some(rx) => rx.recv().await,
            None => std::future::pending().await,
        }
    }

    /// Act on the writer's word; what is for the core comes back.
    pub fn take(&mut self, app: &App, out: StoreOut) -> Option<Msg> {
        match out {
            StoreOut::Msg(msg) => return Some(msg),
            StoreOut::Lead(seed) => self.poll(app, &seed),
            StoreOut::Follow => self.pollers = None,
        }
        None
    }

    pub fn persist(&self, record: Save) {
        if let Some(link) = &self.link {
            link.send(Write::Save(record));
        }
    }

    /// The board's selection, for the quote task's priorities.
    pub fn select(&self, symbol: Option<&str>) {
        if let Some(p) = &self.pollers {
            p.select(symbol);
        }
    }

    /// `r`: poll everything now, if this process polls.
    pub fn refresh_now(&self) {
        if let Some(p) = &self.pollers {
            p.refresh_now(None);
        }
    }
}

/// Stories restored per message: the first frame's, then each chunk
/// between frames (tens of milliseconds of judging each).
pub const RESTORE_CHUNK: usize = 2_000;

fn restore(state: &mut State, restored: Restored) {
    update(
        state,
        Msg::Restored {
            restored,
            live: false,
        },
        Utc::now(),
    );
}
