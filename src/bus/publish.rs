//! The collector's side: events split into what goes where. Each
//! headline is one message (its id the `Nats-Msg-Id`, so two collectors
//! store it once); a quote or a symbol's trade goes to its symbol's
//! subject and its board key; how a fetch went goes to health and to the
//! source's health key.

use std::collections::{HashSet, VecDeque};

use async_nats::HeaderMap;
use async_nats::jetstream::{self, kv, stream};
use bytes::Bytes;

use super::Settings;
use super::names::{Names, STREAM, token};
use crate::core::model::{FetchReport, SourceKind};
use crate::event::{Event, EventKind, PlanGate, encode_line};

/// One message to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub subject: String,
    /// The server drops a second message with this id (its window).
    pub msg_id: Option<String>,
    /// The board key it also replaces, if any.
    pub key: Option<String>,
    pub event: Event,
    /// The headline it carries, remembered once the server has it.
    pub headline: Option<String>,
}

/// Where an event's parts go. A headline in `published` is left out.
pub fn publications(
    event: &Event,
    names: &Names,
    published: &impl Fn(&str) -> bool,
) -> Vec<Publication> {
    let at = event.at;
    let one = |subject: String, msg_id: Option<String>, key: Option<String>, kind| Publication {
        subject,
        msg_id,
        key,
        event: Event { at, kind },
        headline: None,
    };
    match &event.kind {
        EventKind::Header(_) => Vec::new(),
        // Screens judge a budget-slowed quote's staleness by it.
        EventKind::Plan { .. } => vec![one(
            names.health(),
            None,
            Some(PLAN_KEY.into()),
            event.kind.clone(),
        )],
        EventKind::Headlines {
            report,
            headlines,
            skipped,
            items,
        } => {
            // Each headline is a part of this poll: it must not reset the
            // feed's count on a screen.
            let part = FetchReport {
                not_modified: true,
                ..report.clone()
            };
            let mut out: Vec<Publication> = headlines
                .iter()
                .filter(|h| !published(&h.id))
                .map(|h| Publication {
                    headline: Some(h.id.clone()),
                    ..one(
                        names.headlines(),
                        Some(h.id.clone()),
                        None,
                        EventKind::Headlines {
                            report: part.clone(),
                            headlines: vec![h.clone()],
                            skipped: 0,
                            items: None,
                        },
                    )
                })
                .collect();
            out.push(one(
                names.health(),
                None,
                Some(health_key(report)),
                EventKind::Headlines {
                    report: report.clone(),
                    headlines: Vec::new(),
                    skipped: *skipped,
                    // The poll's count: its headlines went one by one.
                    items: Some(items.unwrap_or(headlines.len())),
                },
            ));
            out
        }
        EventKind::Quote { quote, report } => {
            let symbol = &report.name;
            vec![one(
                names.quotes(symbol),
                Some(format!("{}@{}", symbol, quote.as_of.to_rfc3339())),
                Some(format!("quote.{}", token(symbol))),
                event.kind.clone(),
            )]
        }
        EventKind::Trades { provider, trades } => trades
            .iter()
            .map(|t| {
                one(
                    names.quotes(&t.symbol),
                    Some(format!("{}@{}", t.symbol, t.at.to_rfc3339())),
                    Some(format!("trade.{}", token(&t.symbol))),
                    EventKind::Trades {
                        provider: *provider,
                        trades: vec![t.clone()],
                    },
                )
            })
            .collect(),
        EventKind::SourceFailed { report, .. } | EventKind::StreamConnected { report, .. } => {
            vec![one(
                names.health(),
                None,
                Some(health_key(report)),
                event.kind.clone(),
            )]
        }
    }
}

fn health_key(report: &FetchReport) -> String {
    let kind = match report.kind {
        SourceKind::Feed => "feed",
        SourceKind::Quotes => "quotes",
        SourceKind::Stream => "stream",
    };
    format!("health.{kind}.{}", token(&report.name))
}

/// The board key of the collector's quote refresh plan.
pub const PLAN_KEY: &str = "plan";

/// The stream, the bucket, and which headlines the stream already has.
pub struct Publisher {
    js: jetstream::Context,
    pub kv: kv::Store,
    names: Names,
    published: Published,
    /// The desk hears the quote plan when it changed.
    plans: PlanGate,
}

impl Publisher {
    /// Create (or bring to this config) the stream and the desk's bucket.
    pub async fn open(
        client: async_nats::Client,
        settings: &Settings,
    ) -> anyhow::Result<Publisher> {
        let js = jetstream::new(client);
        js.create_or_update_stream(stream::Config {
            name: STREAM.into(),
            subjects: vec!["tickwire.>".into()],
            max_age: settings.max_age,
            max_bytes: settings.max_bytes,
            storage: stream::StorageType::File,
            discard: stream::DiscardPolicy::Old,
            duplicate_window: DEDUPE_WINDOW.min(settings.max_age),
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("bus stream {STREAM}: {e}"))?;
        let names = settings.names.clone();
        // The bucket's stream made directly: the client's own bucket
        // creation asks for account details a 2.9 server answers
        // differently.
        let bucket = names.bucket();
        js.create_or_update_stream(stream::Config {
            name: format!("KV_{bucket}"),
            subjects: vec![format!("$KV.{bucket}.>")],
            max_messages_per_subject: 1,
            storage: stream::StorageType::File,
            discard: stream::DiscardPolicy::New,
            allow_rollup: true,
            deny_delete: true,
            allow_direct: true,
            num_replicas: 1,
            duplicate_window: DEDUPE_WINDOW,
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("bus bucket {bucket}: {e}"))?;
        let kv = js
            .get_key_value(&bucket)
            .await
            .map_err(|e| anyhow::anyhow!("bus bucket {bucket}: {e}"))?;
        Ok(Publisher {
            js,
            kv,
            names,
            published: Published::default(),
            plans: PlanGate::default(),
        })
    }

    /// Remember the headlines the stream holds: a collector taking over
    /// publishes only what is new to the desk.
    pub fn remember(&mut self, id: String) {
        self.published.insert(id);
    }

    /// Publish an event's parts; a headline counts as published once the
    /// server acknowledged it (a failed one goes again with the next poll).
    pub async fn publish(&mut self, event: &Event) -> anyhow::Result<()> {
        if !self.plans.admits(event) {
            return Ok(());
        }
        let sent = self.send(event).await;
        if sent.is_err() {
            self.plans.forget();
        }
        sent
    }

    async fn send(&mut self, event: &Event) -> anyhow::Result<()> {
        let parts = publications(event, &self.names, &|id| self.published.contains(id));
        let mut acks = Vec::with_capacity(parts.len());
        for p in parts {
            let payload = Bytes::from(encode_line(&p.event));
            if let Some(key) = &p.key {
                self.kv.put(key, payload.clone()).await?;
            }
            let mut headers = HeaderMap::new();
            if let Some(id) = &p.msg_id {
                headers.insert(async_nats::header::NATS_MESSAGE_ID, id.as_str());
            }
            let ack = self
                .js
                .publish_with_headers(p.subject.clone(), headers, payload)
                .await?;
            acks.push((ack, p.headline));
        }
        let mut first_error = None;
        for (ack, headline) in acks {
            match ack.await {
                Ok(_) => {
                    if let Some(id) = headline {
                        self.published.insert(id);
                    }
                }
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        match first_error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

/// The duplicate window: two collectors overlapping in a takeover send
/// the same ids within seconds.
const DEDUPE_WINDOW: std::time::Duration = std::time::Duration::from_secs(120);

/// Headline ids known to be on the stream, the oldest forgotten first.
#[derive(Default)]
struct Published {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl Published {
    const CAP: usize = 100_000;

    fn insert(&mut self, id: String) {
        if self.ids.insert(id.clone()) {
            self.order.push_back(id);
            if self.order.len() > Self::CAP
                && let Some(old) = self.order.pop_front()
            {
                self.ids.remove(&old);
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

#[cfg(test)]
mod tests;
