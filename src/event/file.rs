//! Reading a recording: plain or gzip JSON lines (gzip members may follow
//! one another, as appending sessions makes them). Whatever cannot be
//! read is counted and skipped, never fatal: a newer writer's events, a
//! line cut off by a crash, a damaged tail.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::wire::decode_line;
use super::{Event, EventKind, Header};

/// What a reader left out, so a replay can say so.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    /// Events of a type this version does not know.
    pub unknown_events: usize,
    /// Fields this version does not know (the rest of the event is read).
    pub unknown_fields: usize,
    /// Lines that are not an event at all (cut off, damaged).
    pub unreadable: usize,
}

impl Skipped {
    pub fn total(&self) -> usize {
        self.unknown_events + self.unreadable
    }
}

/// A whole recording, in memory.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    /// Every session's header merged: the union of what was watched.
    pub header: Header,
    /// The facts, in the order they were received.
    pub events: Vec<Event>,
    pub skipped: Skipped,
}

/// Read a recording file; only a file that cannot be opened is an error.
pub fn read_recording(path: &Path) -> std::io::Result<Recording> {
    Ok(Recording::from_bytes(&std::fs::read(path)?))
}

impl Recording {
    pub fn from_bytes(bytes: &[u8]) -> Recording {
        let reader: Box<dyn Read + '_> = if bytes.starts_with(&[0x1f, 0x8b]) {
            Box::new(MultiGzDecoder::new(bytes))
        } else {
            Box::new(bytes)
        };
        let mut recording = Recording::default();
        let mut headers = Vec::new();
        let mut lines = BufReader::new(reader).split(b'\n');
        loop {
            let line = match lines.next() {
                None => break,
                Some(Ok(line)) => line,
                // A damaged or cut-off compressed tail: keep what came before.
                Some(Err(_)) => {
                    recording.skipped.unreadable += 1;
                    break;
                }
            };
            let Ok(text) = std::str::from_utf8(&line) else {
                recording.skipped.unreadable += 1;
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            match decode_line(text, &mut recording.skipped.unknown_fields) {
                Ok(Some(Event {
                    kind: EventKind::Header(h),
                    ..
                })) => headers.push(h),
                Ok(Some(event)) => recording.events.push(event),
                Ok(None) => recording.skipped.unknown_events += 1,
                Err(_) => recording.skipped.unreadable += 1,
            }
        }
        recording.header = merge(headers, &recording.events);
        recording
    }
}

/// The first header's settings, with every later session's symbols and
/// feeds added; without any header, what the events themselves name.
fn merge(headers: Vec<Header>, events: &[Event]) -> Header {
    let mut headers = headers.into_iter();
    let mut merged = headers.next().unwrap_or_else(|| Header {
        stale_after_secs: 60,
        quote_every_secs: 15,
        ..Header::default()
    });
    for h in headers {
        for symbol in h.watchlist {
            if !merged.watchlist.contains(&symbol) {
                merged.watchlist.push(symbol);
            }
        }
        for feed in h.feeds {
            if !merged.feeds.iter().any(|(name, _)| *name == feed.0) {
                merged.feeds.push(feed);
            }
        }
        merged.bookmarks.extend(h.bookmarks);
    }
    for event in events {
        let (report, symbol) = match &event.kind {
            EventKind::Headlines { report, .. } => (report, None),
            EventKind::Quote { report, .. } => (report, Some(&report.name)),
            _ => continue,
        };
        match symbol {
            Some(s) if !merged.watchlist.contains(s) => merged.watchlist.push(s.clone()),
            Some(_) => {}
            None if !merged.feeds.iter().any(|(n, _)| *n == report.name) => {
                merged.feeds.push((report.name.clone(), report.url.clone()))
            }
            None => {}
        }
    }
    merged
}
