//! The one shared HTTP client: timeouts, decompression, a body-size cap
//! and a User-Agent that names tickwire.

use std::time::{Duration, Instant};

use bytes::Bytes;
use thiserror::Error;

use crate::core::model::{Failure, FailureClass};

pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; tickwire/",
    env!("CARGO_PKG_VERSION"),
    ")"
);

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Cap on the decompressed body.
    pub max_body_bytes: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 5 * 1024 * 1024,
        }
    }
}

/// A completed exchange: any status, body read within the cap.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub body: Bytes,
    pub elapsed: Duration,
}

impl Fetched {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[derive(Debug, Error)]
pub enum FetchError {
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("network error: {0}")]
    Network(String),
    #[error("bad URL: {0}")]
    BadUrl(String),
}

impl From<&FetchError> for Failure {
    fn from(e: &FetchError) -> Failure {
        let class = match e {
            FetchError::Timeout(_) => FailureClass::Timeout,
            FetchError::TooLarge { .. } => FailureClass::TooLarge,
            FetchError::Network(_) | FetchError::BadUrl(_) => FailureClass::Network,
        };
        Failure {
            class,
            detail: e.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    settings: HttpSettings,
}

impl HttpClient {
    pub fn new(settings: HttpSettings) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        Ok(HttpClient { client, settings })
    }

    /// GET `url` and read the raw body bytes (never decoded as text here:
    /// feeds declare their own encodings).
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let parsed =
            reqwest::Url::parse(url).map_err(|e| FetchError::BadUrl(format!("{url}: {e}")))?;
        let mut resp = self
            .client
            .get(parsed)
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let status = resp.status().as_u16();
        let limit = self.settings.max_body_bytes;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            body: Bytes::from(body),
            elapsed: started.elapsed(),
        })
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.settings.timeout)
        } else {
            // The source chain carries the useful part ("connection refused").
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg = format!("{msg}: {s}");
                src = s.source();
            }
            FetchError::Network(msg)
        }
    }
}
