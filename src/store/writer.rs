//! The store's one writer: a thread that owns the write connection. It
//! commits what the monitor sends in short batches (a read mark at once),
//! holds or watches the leader lease, passes on what another process
//! wrote, and prunes in the background. The UI never waits on it.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::lease::holder_name;
use super::{PollSeed, Store, Write};
use crate::core::app::Msg;
use crate::core::app::{Role, Save};

/// Writes gathered this long go in one transaction.
const BATCH_WINDOW: Duration = Duration::from_millis(200);
/// How often the lease and other processes' writes are looked at.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// The lease is renewed this often (it lasts `LEASE_SECS`).
const RENEW_EVERY: Duration = Duration::from_secs(2);
/// Pruning: as soon as this process polls, then hourly.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// What the writer tells the monitor.
#[derive(Debug)]
pub enum StoreOut {
    /// For the core: restored rows, saved read marks, role changes.
    Msg(Msg),
    /// This process now polls: here is what the pollers start from.
    Lead(PollSeed),
    /// Another process polls: stop polling.
    Follow,
}

enum Cmd {
    Write(Box<Write>),
    /// Flush, give up the lease, end.
    Close,
}

/// Sends writes to the writer; cheap to clone (the pollers hold one).
#[derive(Clone)]
pub struct StoreSender(Sender<Cmd>);

impl StoreSender {
    pub fn send(&self, write: Write) {
        let _ = self.0.send(Cmd::Write(Box::new(write)));
    }
}

/// The monitor's end: send writes; dropping it (or `close`) flushes,
/// gives up the lease and ends the thread.
pub struct StoreLink {
    tx: StoreSender,
    thread: Option<JoinHandle<()>>,
}

impl StoreLink {
    pub fn send(&self, write: Write) {
        self.tx.send(write);
    }

    /// A sender for the pollers' validators and moves.
    pub fn sender(&self) -> StoreSender {
        self.tx.clone()
    }

    /// Flush and stop; waits for the last commit.
    pub fn close(&mut self) {
        let _ = self.tx.0.send(Cmd::Close);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for StoreLink {
    fn drop(&mut self) {
        self.close();
    }
}

/// Start the writer on `store`, which reflects the store up to `seq`.
pub fn spawn(store: Store, seq: u64, out: tokio::sync::mpsc::Sender<StoreOut>) -> StoreLink {
    start(Writer::new(store, seq, out))
}

/// A writer for a process that never polls (a `--bus` screen): it keeps
/// the user's read marks and passes on those another process saved, and
/// never takes the lease nor prunes.
pub fn spawn_marks_only(
    store: Store,
    seq: u64,
    out: tokio::sync::mpsc::Sender<StoreOut>,
) -> StoreLink {
    start(Writer {
        marks_only: true,
        ..Writer::new(store, seq, out)
    })
}

fn start(writer: Writer) -> StoreLink {
    let (tx, rx) = channel();
    let thread = std::thread::Builder::new()
        .name("tickwire-store".into())
        .spawn(move || writer.run(rx))
        .expect("a thread can be started");
    StoreLink {
        tx: StoreSender(tx),
        thread: Some(thread),
    }
}

struct Writer {
    store: Store,
    out: tokio::sync::mpsc::Sender<StoreOut>,
    holder: String,
    role: Option<Role>,
    seq: u64,
    data_version: i64,
    batch: Vec<Write>,
    batch_since: Option<Instant>,
    renewed: Instant,
    next_prune: Instant,
    closing: bool,
    /// Read marks only: no lease, no pruning, no other writes taken.
    marks_only: bool,
}

impl Writer {
    fn new(store: Store, seq: u64, out: tokio::sync::mpsc::Sender<StoreOut>) -> Writer {
        let data_version = store.data_version().unwrap_or_default();
        Writer {
            store,
            out,
            holder: holder_name("monitor"),
            role: None,
            seq,
            data_version,
            batch: Vec::new(),
            batch_since: None,
            renewed: Instant::now(),
            next_prune: Instant::now(),
            closing: false,
            marks_only: false,
        }
    }

    fn run(mut self, rx: Receiver<Cmd>) {
        self.check();
        let mut next_check = Instant::now() + CHECK_EVERY;
        loop {
            let now = Instant::now();
            let flush_at = self.batch_since.map(|t| t + BATCH_WINDOW);
            let wake = flush_at.map_or(next_check, |f| f.min(next_check));
            match rx.recv_timeout(wake.saturating_duration_since(now)) {
                Ok(Cmd::Write(w)) => {
                    let mut urgent = matches!(*w, Write::Save(Save::Read { .. }));
                    self.push(*w);
                    let mut closing = false;
                    while let Ok(cmd) = rx.try_recv() {
                        match cmd {
                            Cmd::Write(w) => {
                                urgent |= matches!(*w, Write::Save(Save::Read { .. }));
                                self.push(*w)
                            }
                            Cmd::Close => closing = true,
                        }
                    }
                    self.closing = closing;
                    if urgent || closing {
                        self.flush();
                    }
                    if closing {
                        self.close();
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Ok(Cmd::Close) | Err(RecvTimeoutError::Disconnected) => {
                    self.closing = true;
                    self.flush();
                    self.close();
                    return;
                }
            }
            if self
                .batch_since
                .is_some_and(|t| t.elapsed() >= BATCH_WINDOW)
            {
                self.flush();
            }
            if Instant::now() >= next_check {
                self.check();
                next_check = Instant::now() + CHECK_EVERY;
            }
        }
    }

    fn close(&mut self) {
        if self.role == Some(Role::Leader) {
            let _ = self.store.release(&self.holder);
        }
    }

    fn push(&mut self, w: Write) {
        self.batch_since.get_or_insert_with(Instant::now);
        self.batch.push(w);
    }

    fn send(&self, out: StoreOut) {
        if self.closing {
            // The monitor is waiting for us to end: never block on it.
            let _ = self.out.try_send(out);
        } else {
            let _ = self.out.blocking_send(out);
        }
    }

    fn flush(&mut self) {
        self.batch_since = None;
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        match self.store.write(&batch) {
            Ok(saved) => {
                log_saved(&batch);
                if !saved.is_empty() {
                    self.send(StoreOut::Msg(Msg::ReadMarksSaved(saved)));
                }
            }
            Err(e) => tracing::error!(error = %e, writes = batch.len(), "store write failed"),
        }
    }

    /// The lease, other processes' writes, pruning.
    fn check(&mut self) {
        if self.marks_only {
            self.take_others_writes();
            if Instant::now() >= self.next_prune {
                self.next_prune = Instant::now() + PRUNE_EVERY;
                if let Err(e) = self.store.prune_marks() {
                    tracing::warn!(error = %e, "read marks not pruned");
                }
            }
            return;
        }
        let now = Utc::now();
        match self.role {
            Some(Role::Leader) => {
                if self.renewed.elapsed() >= RENEW_EVERY {
                    match self.store.try_lead(&self.holder, now) {
                        Ok(true) => self.renewed = Instant::now(),
                        Ok(false) => self.become_follower(),
                        Err(e) => tracing::warn!(error = %e, "lease renewal failed"),
                    }
                }
            }
            _ => {
                let free = !self.store.led_by_other(&self.holder, now).unwrap_or(true);
                if free && self.store.try_lead(&self.holder, now).unwrap_or(false) {
                    self.become_leader();
                } else if self.role.is_none() {
                    self.become_follower();
                }
            }
        }
        self.take_others_writes();
        if self.role == Some(Role::Leader) && Instant::now() >= self.next_prune {
            self.next_prune = Instant::now() + PRUNE_EVERY;
            match self.store.prune(now) {
                Ok(gone) if gone > 0 => tracing::info!(headlines = gone, "store pruned"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "store pruning failed"),
            }
        }
    }

    fn become_leader(&mut self) {
        self.role = Some(Role::Leader);
        self.renewed = Instant::now();
        tracing::info!(holder = %self.holder, "polling for this data dir");
        let seed = self.store.seed().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "no stored validators");
            PollSeed::default()
        });
        self.send(StoreOut::Lead(seed));
        self.send(StoreOut::Msg(Msg::RoleChanged(Role::Leader)));
    }

    fn become_follower(&mut self) {
        self.role = Some(Role::Follower);
        tracing::info!("following the process that polls this data dir");
        self.send(StoreOut::Follow);
        self.send(StoreOut::Msg(Msg::RoleChanged(Role::Follower)));
    }

    /// Another process committed: pass on what it wrote. The poller only
    /// needs its user's read marks (it wrote the rest itself), and so does
    /// a process that keeps nothing else.
    fn take_others_writes(&mut self) {
        let version = self.store.data_version().unwrap_or(self.data_version);
        if version == self.data_version {
            return;
        }
        self.data_version = version;
        if self.marks_only || self.role == Some(Role::Leader) {
            if let Ok((marks, top)) = self.store.read_marks_since(self.seq) {
                self.seq = top;
                if !marks.is_empty() {
                    self.send(StoreOut::Msg(Msg::ReadMarksSaved(marks)));
                }
            }
            return;
        }
        match self.store.changes_since(self.seq) {
            Ok((restored, top)) => {
                self.seq = top;
                if !restored.is_empty() {
                    let live = true;
                    self.send(StoreOut::Msg(Msg::Restored { restored, live }));
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading the store failed"),
        }
    }
}

/// What a batch saved, for the log (`TICKWIRE_LOG=tickwire::store=debug`):
/// ids as JSON, so a crash test can check each is really there.
fn log_saved(batch: &[Write]) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
    let mut stories = Vec::new();
    let mut read = Vec::new();
    for w in batch {
        match w {
            Write::Save(Save::Story(item)) => stories.push(item.headline.id.as_str()),
            Write::Save(Save::Read { id, read: r }) => read.push((id.as_str(), *r)),
            _ => {}
        }
    }
    let stories = serde_json::to_string(&stories).unwrap_or_default();
    let read = serde_json::to_string(&read).unwrap_or_default();
    tracing::debug!(%stories, %read, "saved");
}
