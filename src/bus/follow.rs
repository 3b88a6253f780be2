//! A screen's side: the board at once from the desk's bucket (the last
//! quote, trade and health of every source, and the lease), the recent
//! headlines replayed from the stream, then both followed live. The
//! consumers are the client's ordered ones: after a reconnect they resume
//! where they were.

use std::time::Duration;

use async_nats::jetstream::consumer::{DeliverPolicy, push};
use async_nats::jetstream::{self, kv};
use futures::StreamExt;
use futures::stream::BoxStream;

use super::Settings;
use super::lease::Holding;
use super::names::{LEASE_KEY, STREAM};
use crate::core::app::BusNews;
use crate::core::app::Msg;
use crate::core::model::Timestamp;
use crate::event::{Event, decode_line};

/// What arrives from the bus.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Event(Box<Event>),
    /// The lease: its holder and until when, or released.
    Lease(Option<(String, Timestamp)>),
}

impl Incoming {
    pub fn into_msg(self) -> Option<Msg> {
        match self {
            Incoming::Event(e) => e.into_msg(),
            Incoming::Lease(l) => Some(Msg::Bus(BusNews::Lease(l))),
        }
    }
}

pub struct Follow {
    /// The board and the replayed headlines, in order.
    pub board: Vec<Incoming>,
    pub live: BoxStream<'static, Incoming>,
}

/// Load the board and the recent headlines, then follow. Waits for the
/// desk's bucket (a collector makes it) however long that takes.
pub async fn start(
    client: &async_nats::Client,
    settings: &Settings,
    now: Timestamp,
) -> anyhow::Result<Follow> {
    let js = jetstream::new(client.clone());
    let names = &settings.names;
    let kv = loop {
        match js.get_key_value(names.bucket()).await {
            Ok(kv) => break kv,
            Err(e) => {
                tracing::info!(error = %e, "waiting for the desk's bucket");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    let (entries, watch) = history(&kv).await?;
    let mut board: Vec<Incoming> = entries.iter().filter_map(from_entry).collect();
    let since = now - chrono::Duration::from_std(settings.replay)?;
    let consumer = js
        .get_stream(STREAM)
        .await?
        .create_consumer(push::OrderedConfig {
            deliver_subject: client.new_inbox(),
            filter_subject: names.headlines(),
            deliver_policy: DeliverPolicy::ByStartTime { start_time: since },
            ..Default::default()
        })
        .await?;
    let pending = consumer.cached_info().num_pending;
    let mut headlines = consumer.messages().await?;
    for _ in 0..pending {
        match headlines.next().await {
            Some(m) => board.extend(from_payload(&m?.payload)),
            None => break,
        }
    }
    let entries = watch.filter_map(|e| async move { e.ok().and_then(|e| from_entry(&e)) });
    let messages =
        headlines.filter_map(|m| async move { m.ok().and_then(|m| from_payload(&m.payload)) });
    Ok(Follow {
        board,
        live: futures::stream::select(entries, messages).boxed(),
    })
}

/// Every key's latest entry, and a watch that goes on from there.
pub(super) async fn history(kv: &kv::Store) -> anyhow::Result<(Vec<kv::Entry>, kv::Watch)> {
    let mut entries = Vec::new();
    let stored = kv.status().await?.info.state.messages;
    let mut watch = kv.watch_with_history(">").await?;
    if stored > 0 {
        while let Some(entry) = watch.next().await {
            let entry = entry?;
            let last = entry.delta == 0;
            entries.push(entry);
            if last {
                break;
            }
        }
    }
    Ok((entries, watch))
}

fn from_entry(entry: &kv::Entry) -> Option<Incoming> {
    let put = entry.operation == kv::Operation::Put;
    if entry.key == LEASE_KEY {
        let holding = put.then(|| Holding::decode(&entry.value)).flatten();
        return Some(Incoming::Lease(holding.map(|h| (h.holder, h.until))));
    }
    if !put {
        return None;
    }
    from_payload(&entry.value)
}

/// One event line; anything else (a newer writer's kind, damage) skipped.
fn from_payload(payload: &[u8]) -> Option<Incoming> {
    let line = std::str::from_utf8(payload).ok()?;
    let mut unknown = 0;
    match decode_line(line.trim_end(), &mut unknown) {
        Ok(Some(event)) => Some(Incoming::Event(Box::new(event))),
        Ok(None) => None,
        Err(e) => {
            tracing::debug!(error = %e, "unreadable bus message skipped");
            None
        }
    }
}
