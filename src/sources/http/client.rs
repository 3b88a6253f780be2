//! The one shared HTTP client: timeouts (connect, total, stall between
//! body chunks), decompression, a cap on decompressed body bytes,
//! conditional GET and a User-Agent that names tickwire; and the sniff
//! for an HTML page where data was expected.

use crate::config::Config;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use thiserror::Error;

use super::headers::{parse_max_age, parse_retry_after};
use super::validators::Validators;
use crate::core::model::{Failure, FailureClass};
use crate::sources::sanitize::{MAX_DETAIL_CHARS, sanitize_plain};

pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; tickwire/",
    env!("CARGO_PKG_VERSION"),
    ")"
);

/// Redirects followed per request.
pub const MAX_REDIRECTS: usize = 5;

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Longest wait for the next body chunk: a drip-feeding server ends here.
    pub stall_timeout: Duration,
    /// Cap on the decompressed body.
    pub max_body_bytes: usize,
    /// Feed requests in flight at once, across all hosts.
    pub max_in_flight: usize,
    /// Feed requests in flight at once to one host (`host:port`).
    pub max_per_host: usize,
    /// Longest wait between polls of a failing feed.
    pub backoff_cap: Duration,
}

impl HttpSettings {
    pub fn from_config(config: &Config) -> HttpSettings {
        let h = &config.http;
        HttpSettings {
            connect_timeout: h.connect_timeout.0,
            timeout: h.timeout.0,
            stall_timeout: h.stall_timeout.0,
            max_body_bytes: h.max_body_bytes,
            max_in_flight: h.max_in_flight,
            max_per_host: h.max_per_host,
            backoff_cap: config.refresh.backoff_cap.0,
        }
    }
}

/// The embedded default config's settings.
impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings::from_config(&Config::embedded())
    }
}

/// A completed exchange: any status, body read within the cap.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub body: Bytes,
    pub elapsed: Duration,
    /// ETag / Last-Modified of this response, verbatim.
    pub validators: Validators,
    /// `Retry-After`, as a delay from when the response arrived.
    pub retry_after: Option<Duration>,
    /// `Cache-Control: max-age`.
    pub max_age: Option<Duration>,
    /// The final URL, when the request was redirected and every hop was
    /// permanent (301/308).
    pub moved_permanently: Option<String>,
}

impl Fetched {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn is_not_modified(&self) -> bool {
        self.status == 304
    }
}

/// Whether a response body is an HTML page (a bot challenge, a login
/// wall) where data (a feed, a quote) was expected.
pub fn body_is_html_page(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

#[derive(Debug, Error)]
pub enum FetchError {
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("stalled: no data for {0:?}")]
    Stalled(Duration),
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("network error: {0}")]
    Network(String),
    #[error("bad URL: {0}")]
    BadUrl(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
}

impl From<&FetchError> for Failure {
    fn from(e: &FetchError) -> Failure {
        let class = match e {
            FetchError::Timeout(_) | FetchError::Stalled(_) => FailureClass::Timeout,
            FetchError::TooLarge { .. } => FailureClass::TooLarge,
            FetchError::Network(_) | FetchError::BadUrl(_) | FetchError::TooManyRedirects(_) => {
                FailureClass::Network
            }
        };
        Failure {
            class,
            // Parser and network errors can quote the body or the server.
            detail: sanitize_plain(&e.to_string(), MAX_DETAIL_CHARS),
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
            // Redirects are followed by hand (see `send`).
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        Ok(HttpClient { client, settings })
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// GET `url` and read the raw body bytes (never decoded as text here:
    /// feeds declare their own encodings).
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        self.get_if_changed(url, &Validators::default()).await
    }

    /// A conditional GET: `validators` are echoed verbatim as
    /// `If-None-Match` / `If-Modified-Since`; a 304 comes back with an
    /// empty body.
    pub async fn get_if_changed(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let (mut resp, moved_permanently) =
            tokio::time::timeout(self.settings.timeout, self.send(url, validators))
                .await
                .map_err(|_| FetchError::Timeout(self.settings.timeout))??;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let validators = Validators {
            etag: header(reqwest::header::ETAG).map(str::to_string),
            last_modified: header(reqwest::header::LAST_MODIFIED).map(str::to_string),
        };
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let max_age = header(reqwest::header::CACHE_CONTROL).and_then(parse_max_age);
        let limit = self.settings.max_body_bytes;
        // Content-Length counts compressed bytes: only a shortcut, the
        // loop below enforces the cap on what decompression yields.
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(FetchError::TooLarge { limit });
        }
        let stall = self.settings.stall_timeout;
        let mut body = Vec::new();
        loop {
            let chunk = tokio::time::timeout(stall, resp.chunk())
                .await
                .map_err(|_| FetchError::Stalled(stall))?
                .map_err(|e| self.classify(e))?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            body: Bytes::from(body),
            elapsed: started.elapsed(),
            validators,
            retry_after,
            max_age,
            moved_permanently,
        })
    }

    /// Send the request, following at most `MAX_REDIRECTS` redirects by
    /// hand so we know whether every hop was permanent (301/308). Returns
    /// the final response and, when every hop was permanent, its URL.
    async fn send(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<(reqwest::Response, Option<String>), FetchError> {
        let mut current =
            reqwest::Url::parse(url).map_err(|e| FetchError::BadUrl(format!("{url}: {e}")))?;
        let mut hops = 0;
        let mut all_permanent = true;
        loop {
            let mut request = self.client.get(current.clone());
            if let Some(etag) = &validators.etag {
                request = request.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(reqwest::header::IF_MODIFIED_SINCE, date);
            }
            let resp = request.send().await.map_err(|e| self.classify(e))?;
            let status = resp.status().as_u16();
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok());
            let Some(location) = location.filter(|_| matches!(status, 301 | 302 | 303 | 307 | 308))
            else {
                let moved = (hops > 0 && all_permanent).then(|| current.to_string());
                return Ok((resp, moved));
            };
            if hops == MAX_REDIRECTS {
                return Err(FetchError::TooManyRedirects(MAX_REDIRECTS));
            }
            hops += 1;
            all_permanent &= matches!(status, 301 | 308);
            current = current
                .join(location)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| FetchError::BadUrl(format!("redirect to {location:?}")))?;
        }
    }

    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout(self.settings.timeout)
        } else {
            // The innermost cause is the useful part ("Connection refused");
            // the outer ones repeat the URL, which may carry an API key.
            let mut deepest = None;
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                deepest = Some(s.to_string());
                src = s.source();
            }
            let msg = deepest.unwrap_or_else(|| e.without_url().to_string());
            let msg = match msg.find(" (os error") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            FetchError::Network(msg)
        }
    }
}
