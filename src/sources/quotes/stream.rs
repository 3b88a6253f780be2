//! One websocket of live trades: connect, subscribe, read, and on any
//! drop reconnect with backoff and subscribe again. Trades are coalesced
//! to one per symbol per flush, so a busy ticker cannot flood the loop.

use crate::core::model::ProviderName;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::Utc;
use futures::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, connect_async_tls_with_config};

use super::live_marks::LiveMarks;
use crate::core::app::Msg;
use crate::core::model::{Failure, FailureClass, FetchReport, SourceKind, Trade};
use crate::sources::http::parse_retry_after;
use crate::sources::sanitize::sanitize_text;

/// What a provider's stream means, apart from the socket.
pub trait Protocol: Send + Sync {
    /// The provider named on quotes it moves (`"coinbase"`).
    fn provider(&self) -> ProviderName;
    /// The URL to dial, secrets included.
    fn url(&self) -> String;
    /// The URL as shown to the user: no secrets.
    fn shown_url(&self) -> String;
    /// The text messages that subscribe to every symbol.
    fn subscriptions(&self) -> Vec<String>;
    fn symbol_count(&self) -> usize;
    /// Whether it carries `symbol` (the watchlist's spelling).
    fn carries(&self, symbol: &str) -> bool;
    fn parse(&self, text: &str) -> Event;
}

/// One message from a stream, as the runner needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Trades(Vec<Trade>),
    /// The provider reports a problem (sanitized): shown as the stream's error.
    Error(String),
    /// Heartbeats, confirmations, anything else: proof of life only.
    Alive,
}

#[derive(Debug, Clone, Copy)]
pub struct StreamTiming {
    pub connect_timeout: Duration,
    /// First reconnect delay; doubles per failed attempt up to `reconnect_max`.
    pub reconnect_min: Duration,
    pub reconnect_max: Duration,
    /// Nothing heard for this long (not even a pong): the link is dead.
    pub silence: Duration,
    /// Trades are sent to the core at most this often.
    pub flush: Duration,
}

impl Default for StreamTiming {
    fn default() -> Self {
        StreamTiming {
            connect_timeout: Duration::from_secs(10),
            reconnect_min: Duration::from_secs(1),
            reconnect_max: Duration::from_secs(60),
            silence: Duration::from_secs(45),
            flush: Duration::from_secs(1),
        }
    }
}

/// A link up this long has proven itself, trades or not.
const STEADY: Duration = Duration::from_secs(30);

/// The source name the stream's health is kept under.
pub fn source_name(protocol: &dyn Protocol) -> String {
    format!("{} live", protocol.provider())
}

/// A health report for the stream, as of `at`.
fn stream_report(protocol: &dyn Protocol, at: chrono::DateTime<Utc>) -> FetchReport {
    FetchReport::new(
        SourceKind::Stream,
        &source_name(protocol),
        &protocol.shown_url(),
        at,
    )
}

/// Keep one stream alive until the core hangs up.
pub async fn run(
    protocol: Arc<dyn Protocol>,
    timing: StreamTiming,
    live: Arc<LiveMarks>,
    tx: mpsc::Sender<Msg>,
) {
    let mut attempt = 0u32;
    loop {
        let started = Utc::now();
        let Err(down) = session(protocol.as_ref(), &timing, &live, &tx, &mut attempt).await else {
            return;
        };
        let backoff = reconnect_delay(&timing, attempt, fastrand::f64());
        // A server that names its own wait (429 + Retry-After) gets it.
        let wait = backoff.max(down.retry_after.unwrap_or_default());
        let failure = down.failure;
        attempt = attempt.saturating_add(1);
        let mut report = stream_report(protocol.as_ref(), started);
        report.next_poll = chrono::TimeDelta::from_std(wait)
            .ok()
            .map(|d| Utc::now() + d);
        if tx
            .send(Msg::SourceFailed { report, failure })
            .await
            .is_err()
        {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// The pause before reconnect attempt `attempt` (0-based): doubling from
/// the minimum to the maximum, with ±25% jitter so clients spread out.
pub fn reconnect_delay(timing: &StreamTiming, attempt: u32, unit: f64) -> Duration {
    let base = timing.reconnect_min.saturating_mul(1 << attempt.min(16));
    base.min(timing.reconnect_max).mul_f64(0.75 + unit * 0.5)
}

/// Why a link went down, and how long the server asked us to stay away.
struct LinkDown {
    failure: Failure,
    retry_after: Option<Duration>,
}

impl From<Failure> for LinkDown {
    fn from(failure: Failure) -> LinkDown {
        LinkDown {
            failure,
            retry_after: None,
        }
    }
}

/// One connection. `Ok` only when the core is gone; `Err` says why the
/// link dropped.
async fn session(
    protocol: &dyn Protocol,
    timing: &StreamTiming,
    live: &LiveMarks,
    tx: &mpsc::Sender<Msg>,
    attempt: &mut u32,
) -> Result<(), LinkDown> {
    let started = Utc::now();
    let mut ws = connect(protocol, timing).await?;
    for text in protocol.subscriptions() {
        ws.send(Message::text(text)).await.map_err(link_failure)?;
    }
    let report = stream_report(protocol, started);
    let symbols = protocol.symbol_count();
    if tx
        .send(Msg::StreamConnected { report, symbols })
        .await
        .is_err()
    {
        return Ok(());
    }
    let mut pending: Vec<Trade> = Vec::new();
    let mut flush_at: Option<Instant> = None;
    let up_since = Instant::now();
    let mut heard = up_since;
    // A provider error is shown until trades flow again.
    let mut erred = false;
    let mut keepalive = tokio::time::interval(timing.silence / 3);
    keepalive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    keepalive.tick().await;
    let ended: Result<(), Failure> = loop {
        tokio::select! {
            next = ws.next() => {
                let message = match next {
                    None => break Err(dropped("closed by the server")),
                    Some(Err(e)) => break Err(link_failure(e)),
                    Some(Ok(m)) => m,
                };
                heard = Instant::now();
                let text = match message {
                    Message::Text(text) => text,
                    Message::Close(frame) => {
                        // The reason is the server's text: untrusted.
                        let why = frame.map(|f| sanitize_text(&f.reason, 120)).unwrap_or_default();
                        break Err(dropped(&format!("closed by the server {why}")));
                    }
                    // Pings are answered by the socket on the next read.
                    _ => continue,
                };
                // A link that delivers trades, or stays up, works: the next
                // drop starts the backoff afresh. An acknowledgement alone
                // does not, or a server that greets and hangs up would be
                // redialled every second.
                if up_since.elapsed() >= STEADY {
                    *attempt = 0;
                }
                match protocol.parse(&text) {
                    Event::Trades(trades) if !trades.is_empty() => {
                        *attempt = 0;
                        coalesce(&mut pending, trades);
                        flush_at.get_or_insert_with(|| Instant::now() + timing.flush);
                    }
                    Event::Error(detail) => {
                        let report = stream_report(protocol, Utc::now());
                        let failure = Failure { class: FailureClass::Provider, detail };
                        erred = true;
                        if tx.send(Msg::SourceFailed { report, failure }).await.is_err() {
                            return Ok(());
                        }
                    }
                    Event::Trades(_) | Event::Alive => {}
                }
            }
            _ = sleep_until(flush_at.unwrap_or_else(Instant::now)), if flush_at.is_some() => {
                flush_at = None;
                if erred {
                    erred = false;
                    let report = stream_report(protocol, Utc::now());
                    if tx.send(Msg::StreamConnected { report, symbols }).await.is_err() {
                        return Ok(());
                    }
                }
                if !flush(protocol, &mut pending, live, tx).await {
                    return Ok(());
                }
            }
            _ = keepalive.tick() => {
                if heard.elapsed() >= timing.silence {
                    let secs = timing.silence.as_secs_f64();
                    break Err(Failure { class: FailureClass::Timeout, detail: format!("silent for {secs:.0}s") });
                }
                if let Err(e) = ws.send(Message::Ping(Default::default())).await {
                    break Err(link_failure(e));
                }
            }
        }
    };
    // Trades that arrived just before the drop still count.
    if !flush(protocol, &mut pending, live, tx).await {
        return Ok(());
    }
    ended.map_err(LinkDown::from)
}

/// Keep only the newest trade per symbol.
fn coalesce(pending: &mut Vec<Trade>, trades: Vec<Trade>) {
    for trade in trades {
        match pending.iter_mut().find(|p| p.symbol == trade.symbol) {
            Some(p) if p.at <= trade.at => *p = trade,
            Some(_) => {}
            None => pending.push(trade),
        }
    }
}

/// Send what is pending; `false` when the core is gone.
async fn flush(
    protocol: &dyn Protocol,
    pending: &mut Vec<Trade>,
    live: &LiveMarks,
    tx: &mpsc::Sender<Msg>,
) -> bool {
    if pending.is_empty() {
        return true;
    }
    let trades = std::mem::take(pending);
    live.mark(&trades);
    let provider = protocol.provider();
    tx.send(Msg::TradesReceived { provider, trades })
        .await
        .is_ok()
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(protocol: &dyn Protocol, timing: &StreamTiming) -> Result<Socket, LinkDown> {
    let mut request = protocol
        .url()
        .into_client_request()
        .map_err(|_| LinkDown::from(dropped("not a websocket URL")))?;
    request.headers_mut().insert(
        "user-agent",
        tungstenite::http::HeaderValue::from_static(crate::sources::http::USER_AGENT),
    );
    // Small buffers: a ticker message is a few hundred bytes.
    let config = WebSocketConfig::default()
        .read_buffer_size(16 * 1024)
        .max_message_size(Some(1 << 20))
        .max_frame_size(Some(1 << 20));
    let connecting = connect_async_tls_with_config(request, Some(config), true, Some(tls()));
    match timeout(timing.connect_timeout, connecting).await {
        Err(_) => Err(LinkDown::from(Failure {
            class: FailureClass::Timeout,
            detail: "connect timed out".into(),
        })),
        Ok(Err(e)) => Err(LinkDown {
            retry_after: retry_after(&e),
            failure: link_failure(e),
        }),
        Ok(Ok((ws, _))) => Ok(ws),
    }
}

/// TLS with the same ring provider and Mozilla roots as the HTTP client,
/// chosen explicitly so no process-wide default is needed.
fn tls() -> Connector {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        Arc::new(config)
    });
    Connector::Rustls(config.clone())
}

fn dropped(detail: &str) -> Failure {
    Failure {
        class: FailureClass::Network,
        detail: detail.trim().to_string(),
    }
}

/// The `Retry-After` of a refused upgrade (429/503).
fn retry_after(e: &tungstenite::Error) -> Option<Duration> {
    let tungstenite::Error::Http(response) = e else {
        return None;
    };
    let value = response.headers().get("retry-after")?.to_str().ok()?;
    parse_retry_after(value, std::time::SystemTime::now())
}

/// A socket error as the user reads it; never the URL (it may hold a key).
fn link_failure(e: tungstenite::Error) -> Failure {
    use tungstenite::Error as E;
    match e {
        E::Http(response) => Failure {
            class: FailureClass::Http,
            detail: format!("HTTP {}", response.status().as_u16()),
        },
        // "Connection refused (os error 111)", or rustls's reason for a failed handshake.
        E::Io(io) => {
            let text = io.to_string();
            dropped(text.split(" (os error").next().unwrap_or(&text))
        }

        E::Tls(_) => dropped("TLS handshake failed"),
        E::ConnectionClosed | E::AlreadyClosed => dropped("connection closed"),
        E::Capacity(_) => dropped("message too large"),
        E::Protocol(p) => dropped(&format!("protocol error: {p}")),
        _ => dropped("connection failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnects_back_off_from_one_second_to_a_minute() {
        let t = StreamTiming::default();
        let secs: Vec<f64> = (0..8)
            .map(|n| reconnect_delay(&t, n, 0.5).as_secs_f64())
            .collect();
        assert_eq!(secs, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]);
        assert_eq!(reconnect_delay(&t, 0, 0.0), Duration::from_millis(750));
        assert_eq!(reconnect_delay(&t, 30, 1.0), Duration::from_secs(75));
    }

    #[test]
    fn the_tls_connector_builds_without_a_process_default() {
        assert!(matches!(tls(), Connector::Rustls(_)));
    }
}
