//! `--record FILE`: events appended to a file by a thread of their own,
//! so the monitor's loop only clones a message and sends it. A name
//! ending in `.gz` is gzip-compressed (each session one gzip member);
//! what was written is flushed at least once a second, and whole when
//! the recorder is dropped. Past `[record] max_bytes` the file rotates, so
//! a recorder left running for months stays within its bound.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::wire::encode_line;
use super::{Event, EventKind, Header, PlanGate};
use crate::config::RecordConfig;
use crate::core::model::Timestamp;

/// At most this long between a write and its flush.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

pub struct Recorder {
    tx: Option<mpsc::Sender<Event>>,
    thread: Option<JoinHandle<()>>,
}

/// The file under the buffers, counting what reached it: the size on disk.
struct Counted {
    file: File,
    bytes: u64,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

enum Sink {
    Plain(BufWriter<Counted>),
    Gzip(GzEncoder<BufWriter<Counted>>),
}

impl Sink {
    /// Open `path` for appending, behind gzip when its name ends in `.gz`.
    fn open(path: &Path) -> std::io::Result<Sink> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let bytes = file.metadata()?.len();
        let out = BufWriter::new(Counted { file, bytes });
        Ok(if path.extension().is_some_and(|e| e == "gz") {
            Sink::Gzip(GzEncoder::new(out, Compression::default()))
        } else {
            Sink::Plain(out)
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w,
        }
    }

    fn bytes_on_disk(&self) -> u64 {
        match self {
            Sink::Plain(w) => w.get_ref().bytes,
            Sink::Gzip(w) => w.get_ref().get_ref().bytes,
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Plain(mut w) => w.flush(),
            Sink::Gzip(w) => w.finish()?.flush(),
        }
    }
}

/// One recording file and its older generations, each starting with the
/// session's header so it plays on its own.
struct Rotating {
    path: PathBuf,
    limit: RecordConfig,
    header: Header,
    sink: Sink,
    /// A plan line only when it changed, and again after each rotation's
    /// header, so a generation plays on its own.
    plans: PlanGate,
}

impl Rotating {
    fn open(
        path: &Path,
        limit: RecordConfig,
        header: Header,
        now: Timestamp,
    ) -> std::io::Result<Self> {
        let mut out = Rotating {
            path: path.to_owned(),
            limit,
            header,
            sink: Sink::open(path)?,
            plans: PlanGate::default(),
        };
        if out.sink.bytes_on_disk() >= limit.max_bytes {
            out.rotate(now)?;
        } else {
            out.write_header(now)?;
        }
        Ok(out)
    }

    fn write(&mut self, event: &Event) -> std::io::Result<()> {
        if !self.plans.admits(event) {
            return Ok(());
        }
        self.line(event)?;
        if self.sink.bytes_on_disk() >= self.limit.max_bytes {
            self.rotate(event.at)?;
        }
        Ok(())
    }

    fn line(&mut self, event: &Event) -> std::io::Result<()> {
        let out = self.sink.writer();
        out.write_all(encode_line(event).as_bytes())?;
        out.write_all(b"\n")
    }

    fn write_header(&mut self, at: Timestamp) -> std::io::Result<()> {
        let kind = EventKind::Header(self.header.clone());
        self.line(&Event { at, kind })
    }

    /// FILE becomes generation 1, 1 becomes 2, …; what was `keep` is gone.
    fn rotate(&mut self, at: Timestamp) -> std::io::Result<()> {
        let done = std::mem::replace(&mut self.sink, Sink::open(&generation(&self.path, 0))?);
        done.finish()?;
        for n in (1..self.limit.keep).rev() {
            let from = generation(&self.path, n);
            if from.exists() {
                std::fs::rename(from, generation(&self.path, n + 1))?;
            }
        }
        std::fs::rename(&self.path, generation(&self.path, 1))?;
        std::fs::rename(generation(&self.path, 0), &self.path)?;
        tracing::info!(path = %self.path.display(), "recording rotated");
        self.write_header(at)?;
        match self.plans.last().cloned() {
            Some(kind) => self.line(&Event { at, kind }),
            None => Ok(()),
        }
    }
}

/// `week.jsonl.gz` → `week.N.jsonl.gz` (the kind stays readable from the
/// name); generation 0 is the fresh file being opened beside the full one.
fn generation(path: &Path, n: usize) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let cut = (name.char_indices().skip(1).find(|&(_, c)| c == '.')).map_or(name.len(), |(i, _)| i);
    let tag = if n == 0 {
        "next".to_string()
    } else {
        n.to_string()
    };
    path.with_file_name(format!("{}.{tag}{}", &name[..cut], &name[cut..]))
}

impl Recorder {
    /// Open `path` for appending and write this session's header; past
    /// `limit.max_bytes` the file rotates.
    pub fn create(
        path: &Path,
        header: Header,
        now: Timestamp,
        limit: RecordConfig,
    ) -> std::io::Result<Recorder> {
        let out = Rotating::open(path, limit, header, now)?;
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("tickwire-recorder".into())
            .spawn(move || {
                if let Err(e) = write_all(rx, out) {
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

fn write_all(rx: mpsc::Receiver<Event>, mut out: Rotating) -> std::io::Result<()> {
    let mut dirty_since: Option<Instant> = None;
    loop {
        let next = match dirty_since {
            Some(t) => rx.recv_timeout(FLUSH_EVERY.saturating_sub(t.elapsed())),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match next {
            Ok(event) => {
                out.write(&event)?;
                dirty_since.get_or_insert_with(Instant::now);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return out.sink.finish(),
        }
        if dirty_since.is_some_and(|t| t.elapsed() >= FLUSH_EVERY) {
            out.sink.writer().flush()?;
            dirty_since = None;
        }
    }
}
