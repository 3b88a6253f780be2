//! The scenario's server: every feed and chart from one router, listening
//! on 127.0.0.1 … 127.0.0.H so per-host limits behave as on the internet;
//! ETag and Last-Modified on feeds, 304 to a matching conditional request;
//! requests, statuses and body bytes counted per phase.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Timelike, Utc};

/// One feed as served.
pub struct Doc {
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub etag: String,
    pub last_modified: String,
    modified: DateTime<Utc>,
}

impl Doc {
    pub fn new(body: Vec<u8>, content_type: &'static str, modified: DateTime<Utc>) -> Doc {
        // The ETag changes with the bytes, as a static file server's does.
        let mut hasher = std::hash::DefaultHasher::new();
        body.hash(&mut hasher);
        Doc {
            etag: format!("\"{:x}\"", hasher.finish()),
            body,
            content_type,
            last_modified: modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            modified: modified.with_nanosecond(0).unwrap_or(modified),
        }
    }
}

#[derive(Default)]
pub struct Counts {
    pub requests: AtomicU64,
    pub ok: AtomicU64,
    pub not_modified: AtomicU64,
    pub other: AtomicU64,
    pub bytes: AtomicU64,
}

/// What one phase cost the server.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub requests: u64,
    pub ok: u64,
    pub not_modified: u64,
    pub other: u64,
    pub bytes: u64,
}

#[derive(Default)]
pub struct Site {
    pub feeds: RwLock<Vec<Doc>>,
    pub charts: RwLock<HashMap<String, Vec<u8>>>,
    pub counts: Counts,
}

impl Site {
    /// The counts since the last call.
    pub fn take(&self) -> Tally {
        let c = &self.counts;
        let take = |a: &AtomicU64| a.swap(0, Ordering::Relaxed);
        Tally {
            requests: take(&c.requests),
            ok: take(&c.ok),
            not_modified: take(&c.not_modified),
            other: take(&c.other),
            bytes: take(&c.bytes),
        }
    }
}

/// Serve `site` on `hosts` loopback addresses (each its own port), from a
/// thread of its own; returns each address's base URL.
pub fn start(site: Arc<Site>, hosts: usize) -> Vec<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let mut bases = Vec::new();
            for h in 0..hosts {
                let addr = format!("127.0.0.{}:0", h + 1);
                let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
                bases.push(format!("http://{}", listener.local_addr().unwrap()));
                let app = axum::Router::new()
                    .fallback(answer)
                    .with_state(site.clone());
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
            tx.send(bases).unwrap();
            std::future::pending::<()>().await
        });
    });
    rx.recv().expect("server started")
}

async fn answer(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path();
    let header_of = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let (status, body, headers) = if let Some(f) = path.strip_prefix("/feed/") {
        let feeds = site.feeds.read().unwrap();
        match f.parse::<usize>().ok().and_then(|f| feeds.get(f)) {
            Some(doc) => {
                if std::env::var_os("SCENARIO_TRACE").is_some() {
                    eprintln!(
                        "{path} {:?} {:?}",
                        header_of(header::IF_NONE_MATCH),
                        header_of(header::IF_MODIFIED_SINCE)
                    );
                }
                let since = header_of(header::IF_MODIFIED_SINCE)
                    .and_then(|d| DateTime::parse_from_rfc2822(&d.replace("GMT", "+0000")).ok());
                let fresh = match header_of(header::IF_NONE_MATCH) {
                    Some(tags) => tags.split(',').any(|t| t.trim() == doc.etag),
                    None => since.is_some_and(|s| s >= doc.modified),
                };
                let headers = vec![
                    (header::ETAG, doc.etag.clone()),
                    (header::LAST_MODIFIED, doc.last_modified.clone()),
                    (header::CONTENT_TYPE, doc.content_type.to_string()),
                ];
                if fresh {
                    (304, Vec::new(), headers)
                } else {
                    (200, doc.body.clone(), headers)
                }
            }
            None => (404, Vec::new(), Vec::new()),
        }
    } else if let Some(symbol) = path.strip_prefix("/v8/finance/chart/") {
        match site.charts.read().unwrap().get(symbol) {
            Some(body) => (
                200,
                body.clone(),
                vec![(header::CONTENT_TYPE, "application/json".into())],
            ),
            None => (404, Vec::new(), Vec::new()),
        }
    } else {
        (404, Vec::new(), Vec::new())
    };
    let c = &site.counts;
    c.requests.fetch_add(1, Ordering::Relaxed);
    c.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
    match status {
        200 => &c.ok,
        304 => &c.not_modified,
        _ => &c.other,
    }
    .fetch_add(1, Ordering::Relaxed);
    let mut resp = Response::new(axum::body::Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
    for (name, value) in headers {
        resp.headers_mut()
            .insert(name, HeaderValue::from_str(&value).unwrap());
    }
    resp
}
