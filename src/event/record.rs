//! `--record FILE`: events appended to a file by a thread of their own,
//! so the monitor's loop only clones a message and sends it. A name
//! ending in `.gz` is gzip-compressed (each session one gzip member);
//! what was written is flushed at least once a second, and whole when
//! the recorder is dropped.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::wire::encode_line;
use super::{Event, EventKind, Header};
use crate::core::model::Timestamp;

/// At most this long between a write and its flush.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

pub struct Recorder {
    tx: Option<mpsc::Sender<Event>>,
    thread: Option<JoinHandle<()>>,
}

enum Sink {
    Plain(BufWriter<File>),
    Gzip(GzEncoder<BufWriter<File>>),
}

impl Sink {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w,
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Plain(mut w) => w.flush(),
            Sink::Gzip(w) => w.finish()?.flush(),
        }
    }
}

impl Recorder {
    /// Open `path` for appending and write this session's header.
    pub fn create(path: &Path, header: Header, now: Timestamp) -> std::io::Result<Recorder> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let out = BufWriter::new(file);
        let gzip = path.extension().is_some_and(|e| e == "gz");
        let sink = if gzip {
            Sink::Gzip(GzEncoder::new(out, Compression::default()))
        } else {
            Sink::Plain(out)
        };
        let (tx, rx) = mpsc::channel();
        tx.send(Event {
            at: now,
            kind: EventKind::Header(header),
        })
        .expect("receiver alive");
        let thread = std::thread::Builder::new()
            .name("tickwire-recorder".into())
            .spawn(move || {
                if let Err(e) = write_all(rx, sink) {
                    tracing::warn!(error = %e, "recording stopped");
                }
            })?;
        Ok(Recorder {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Append one event (never blocks the caller).
    pub fn record(&self, event: Event) {
        if let Some(tx) = &self.tx {
            // A stopped writer has logged why; the monitor carries on.
            let _ = tx.send(event);
        }
    }
}

impl Drop for Recorder {
    /// Write out everything sent so far.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_all(rx: mpsc::Receiver<Event>, mut sink: Sink) -> std::io::Result<()> {
    let mut dirty_since: Option<Instant> = None;
    loop {
        let next = match dirty_since {
            Some(t) => rx.recv_timeout(FLUSH_EVERY.saturating_sub(t.elapsed())),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(event) => {
                let out = sink.writer();
                out.write_all(encode_line(&event).as_bytes())?;
                out.write_all(b"\n")?;
                dirty_since.get_or_insert_with(Instant::now);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return sink.finish(),
        }
        if dirty_since.is_some_and(|t| t.elapsed() >= FLUSH_EVERY) {
            sink.writer().flush()?;
            dirty_since = None;
        }
    }
}
