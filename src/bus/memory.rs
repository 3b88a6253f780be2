//! What a collector learns per feed, kept in the desk's bucket so the
//! next lease holder — a restart, or a standby on another host — starts
//! from it: validators (`validators.<url>`, verbatim) and permanent moves
//! (`move.<url>`), written only when they change; each feed's next due
//! time is read from the health keys the collector writes anyway.

use async_nats::jetstream::kv;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::names::token;
use crate::core::model::SourceKind;
use crate::event::{EventKind, decode_line};
use crate::sources::http::MemoryChange;
use crate::sources::http::Validators;
use crate::store::PollSeed;

const VALIDATORS: &str = "validators.";
const MOVE: &str = "move.";
const FEED_HEALTH: &str = "health.feed.";

#[derive(Debug, Serialize, Deserialize)]
struct StoredValidators {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredMove {
    url: String,
    target: String,
    confirmed: bool,
}

/// The key a change replaces, and its new value (`None`: forget it).
pub fn entry_of(change: &MemoryChange) -> (String, Option<Bytes>) {
    match change {
        MemoryChange::Validators { url, validators } => {
            let value = StoredValidators {
                url: url.clone(),
                etag: validators.etag.clone(),
                last_modified: validators.last_modified.clone(),
            };
            let key = format!("{VALIDATORS}{}", token(url));
            (key, (!validators.is_empty()).then(|| to_json(&value)))
        }
        MemoryChange::Move {
            url,
            target,
            confirmed,
        } => {
            let value = target.as_ref().map(|target| StoredMove {
                url: url.clone(),
                target: target.clone(),
                confirmed: *confirmed,
            });
            (format!("{MOVE}{}", token(url)), value.map(|v| to_json(&v)))
        }
    }
}

fn to_json(value: &impl Serialize) -> Bytes {
    // Plain structs of strings: serializing cannot fail.
    Bytes::from(serde_json::to_vec(value).unwrap_or_default())
}

/// A poller's seed from the bucket's `(key, value)` pairs; anything
/// unreadable is left out (the feed is then simply fetched in full).
pub fn seed<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> PollSeed {
    let mut seed = PollSeed::default();
    for (key, value) in entries {
        if key.starts_with(VALIDATORS) {
            if let Ok(v) = serde_json::from_slice::<StoredValidators>(value) {
                let validators = Validators {
                    etag: v.etag,
                    last_modified: v.last_modified,
                };
                seed.validators.push((v.url, validators));
            }
        } else if key.starts_with(MOVE) {
            if let Ok(m) = serde_json::from_slice::<StoredMove>(value) {
                seed.moves.push((m.url, m.target, m.confirmed));
            }
        } else if key.starts_with(FEED_HEALTH)
            && let Some((name, due)) = next_due(value)
        {
            seed.next_due.insert(name, due);
        }
    }
    seed
}

/// A feed's name and next poll from its health event.
fn next_due(value: &[u8]) -> Option<(String, crate::core::model::Timestamp)> {
    let line = std::str::from_utf8(value).ok()?;
    let event = decode_line(line.trim_end(), &mut 0).ok()??;
    let report = match event.kind {
        EventKind::Headlines { report, .. } | EventKind::SourceFailed { report, .. } => report,
        _ => return None,
    };
    (report.kind == SourceKind::Feed).then_some((report.name, report.next_poll?))
}

/// What the previous lease holders learned.
pub async fn load(kv: &kv::Store) -> anyhow::Result<PollSeed> {
    let (entries, _) = super::follow::history(kv).await?;
    let puts = entries
        .iter()
        .filter(|e| e.operation == kv::Operation::Put)
        .map(|e| (e.key.as_str(), e.value.as_ref()));
    Ok(seed(puts))
}

/// Keep one change for the next lease holder.
pub async fn save(kv: &kv::Store, change: &MemoryChange) {
    let (key, value) = entry_of(change);
    let done = match value {
        Some(v) => kv
            .put(&key, v)
            .await
            .map(|_| ())
            .map_err(anyhow::Error::from),
        None => kv.delete(&key).await.map_err(anyhow::Error::from),
    };
    if let Err(e) = done {
        tracing::warn!(error = %e, key, "bus: feed memory not kept");
    }
}

#[cfg(test)]
mod tests;
