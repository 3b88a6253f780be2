//! Which collector polls for a desk: a lease in the desk's bucket, taken
//! with compare-and-set on the key's revision, renewed at a third of its
//! length, released on a clean exit. Another collector takes an expired
//! lease, so a stopped one is replaced within a lease's length.

use std::time::Duration;

use async_nats::jetstream::kv;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::names::LEASE_KEY;
use crate::core::model::Timestamp;

/// The lease's value: who holds it and until when (their clock).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub holder: String,
    pub until: DateTime<Utc>,
}

impl Holding {
    pub fn decode(bytes: &[u8]) -> Option<Holding> {
        serde_json::from_slice(bytes).ok()
    }
}

pub struct Lease {
    kv: kv::Store,
    holder: String,
    length: Duration,
}

impl Lease {
    pub fn new(kv: kv::Store, holder: String, length: Duration) -> Lease {
        Lease { kv, holder, length }
    }

    /// Take or renew the lease; whether this process holds it now.
    pub async fn hold(&self, now: Timestamp) -> anyhow::Result<bool> {
        let value = Bytes::from(serde_json::to_vec(&Holding {
            holder: self.holder.clone(),
            until: now + chrono::Duration::from_std(self.length)?,
        })?);
        let entry = self.kv.entry(LEASE_KEY).await?;
        let taken = match entry {
            Some(e) if e.operation == kv::Operation::Put => {
                let held = Holding::decode(&e.value);
                let ours = held.as_ref().is_some_and(|h| h.holder == self.holder);
                let expired = held.is_none_or(|h| h.until <= now);
                if !(ours || expired) {
                    return Ok(false);
                }
                self.kv.update(LEASE_KEY, value, e.revision).await.is_ok()
            }
            // Released (a delete marker) or never taken.
            Some(e) => self.kv.update(LEASE_KEY, value, e.revision).await.is_ok(),
            None => self.kv.create(LEASE_KEY, value).await.is_ok(),
        };
        Ok(taken)
    }

    /// Give the lease up at once, if this process holds it.
    pub async fn release(&self) {
        if let Ok(Some(e)) = self.kv.entry(LEASE_KEY).await
            && Holding::decode(&e.value).is_some_and(|h| h.holder == self.holder)
        {
            let _ = self
                .kv
                .delete_expect_revision(LEASE_KEY, Some(e.revision))
                .await;
        }
    }

    pub fn renew_every(&self) -> Duration {
        self.length / 3
    }
}
