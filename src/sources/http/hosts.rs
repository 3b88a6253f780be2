//! Politeness per host: at most N requests in flight to one host, and no
//! request before a host's `Retry-After` has passed. Hosts are keyed by
//! `host:port` (two services on one machine are two hosts).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

#[derive(Debug)]
pub struct HostGate {
    per_host: usize,
    hosts: Mutex<HashMap<String, Host>>,
}

#[derive(Debug)]
struct Host {
    permits: Arc<Semaphore>,
    not_before: Option<Instant>,
}

/// `host:port` of a URL; unparseable URLs share one key (they fail fast).
pub fn host_key(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_ascii_lowercase();
            Some(format!("{host}:{}", u.port_or_known_default().unwrap_or(0)))
        })
        .unwrap_or_default()
}

impl HostGate {
    pub fn new(per_host: usize) -> Self {
        HostGate {
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Wait for the host's Retry-After to pass and for a free slot; the
    /// slot is held until the permit is dropped.
    pub async fn enter(&self, host: &str) -> OwnedSemaphorePermit {
        loop {
            let (permits, not_before) = self.slot(host);
            if let Some(at) = not_before.filter(|at| *at > Instant::now()) {
                tokio::time::sleep_until(at).await;
                continue;
            }
            let permit = permits.acquire_owned().await.expect("never closed");
            // A Retry-After may have arrived while we queued.
            match self.slot(host).1 {
                Some(at) if at > Instant::now() => drop(permit),
                _ => return permit,
            }
        }
    }

    /// No request to `host` for `delay` (a 429/503 with Retry-After).
    pub fn defer(&self, host: &str, delay: Duration) {
        let until = Instant::now() + delay;
        let mut hosts = self.lock();
        let entry = hosts.entry(host.to_string()).or_insert_with(|| Host {
            permits: Arc::new(Semaphore::new(self.per_host)),
            not_before: None,
        });
        entry.not_before = entry.not_before.max(Some(until));
    }

    fn slot(&self, host: &str) -> (Arc<Semaphore>, Option<Instant>) {
        let mut hosts = self.lock();
        let entry = hosts.entry(host.to_string()).or_insert_with(|| Host {
            permits: Arc::new(Semaphore::new(self.per_host)),
            not_before: None,
        });
        (entry.permits.clone(), entry.not_before)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Host>> {
        self.hosts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_keyed_by_host_and_port() {
        assert_eq!(
            host_key("https://Feeds.Example.com/a?b"),
            "feeds.example.com:443"
        );
        assert_eq!(host_key("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_ne!(host_key("http://a.com/"), host_key("http://b.com/"));
    }

    #[tokio::test(start_paused = true)]
    async fn one_request_per_host_at_a_time() {
        let gate = Arc::new(HostGate::new(1));
        let first = gate.enter("a:80").await;
        let other_host = tokio::time::timeout(Duration::from_millis(1), gate.enter("b:80")).await;
        assert!(other_host.is_ok(), "another host is not blocked");
        let g = gate.clone();
        let second = tokio::spawn(async move { g.enter("a:80").await });
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(!second.is_finished(), "same host waits for the first");
        drop(first);
        drop(second.await.unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_holds_the_host_until_it_passes() {
        let gate = HostGate::new(1);
        let start = Instant::now();
        gate.defer("a:80", Duration::from_secs(120));
        gate.defer("a:80", Duration::from_secs(30)); // never shortens
        let _p = gate.enter("a:80").await;
        assert_eq!(start.elapsed().as_secs(), 120);
        drop(gate.enter("b:80").await);
        assert_eq!(start.elapsed().as_secs(), 120, "other hosts unaffected");
    }
}
