//! Live trade streams against websocket servers on 127.0.0.1: subscribe,
//! coalesce, answer pings, reconnect and subscribe again after a drop,
//! notice a silent link, report provider errors.

use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

use tickwire::core::app::Msg;
use tickwire::core::model::{FailureClass, SourceKind};
use tickwire::sources::quotes::LiveMarks;
use tickwire::sources::quotes::coinbase::Coinbase;
use tickwire::sources::quotes::finnhub_stream::FinnhubStream;
use tickwire::sources::quotes::stream::{self, Protocol, StreamTiming};

use crate::support::ws::{ServerSocket, answer_with, serve};

/// Short waits so a test takes milliseconds; the code paths are the real ones.
fn fast() -> StreamTiming {
    StreamTiming {
        connect_timeout: Duration::from_secs(5),
        reconnect_min: Duration::from_millis(20),
        reconnect_max: Duration::from_millis(100),
        silence: Duration::from_secs(30),
        flush: Duration::from_millis(20),
    }
}

fn ticker(product: &str, price: &str) -> Message {
    Message::text(format!(
        r#"{{"type":"ticker","product_id":"{product}","price":"{price}","open_24h":"100000","time":"2025-01-27T14:30:00Z"}}"#
    ))
}

async fn next_text(socket: &mut ServerSocket) -> String {
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(t))) => return t.to_string(),
            Some(Ok(_)) => continue,
            other => panic!("client went away: {other:?}"),
        }
    }
}

/// The next message from the stream task, failing the test after 10 s.
async fn recv(rx: &mut mpsc::Receiver<Msg>) -> Msg {
    timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("the stream sent nothing for 10 s")
        .expect("the stream task ended")
}

fn start(protocol: impl Protocol + 'static, timing: StreamTiming) -> mpsc::Receiver<Msg> {
    start_marked(protocol, timing).0
}

/// Also returns the marks the poller reads to slow down for live symbols.
fn start_marked(
    protocol: impl Protocol + 'static,
    timing: StreamTiming,
) -> (mpsc::Receiver<Msg>, Arc<LiveMarks>) {
    let (tx, rx) = mpsc::channel(64);
    let live = Arc::new(LiveMarks::default());
    tokio::spawn(stream::run(Arc::new(protocol), timing, live.clone(), tx));
    (rx, live)
}

fn coinbase(url: &str, products: &[&str]) -> Coinbase {
    Coinbase {
        ws_url: url.to_string(),
        products: products.iter().map(|s| s.to_string()).collect(),
    }
}

#[tokio::test]
async fn reconnects_and_resubscribes_after_the_server_drops() {
    let (subs_tx, mut subs) = mpsc::unbounded_channel::<(usize, String)>();
    let server = serve(move |n, mut socket| {
        let subs_tx = subs_tx.clone();
        async move {
            subs_tx.send((n, next_text(&mut socket).await)).unwrap();
            let price = if n == 0 { "101000" } else { "99000" };
            socket.send(ticker("BTC-USD", price)).await.unwrap();
            if n == 0 {
                // Wait for nothing: drop the TCP connection without a close frame.
                drop(socket);
            } else {
                while socket.next().await.is_some() {}
            }
        }
    })
    .await;
    let mut rx = start(coinbase(&server.url, &["BTC-USD", "ETH-USD"]), fast());

    let mut prices = Vec::new();
    let mut connects = 0;
    let mut drops = Vec::new();
    while prices.len() < 2 {
        match recv(&mut rx).await {
            Msg::StreamConnected { report, symbols } => {
                assert_eq!(
                    (report.kind, report.name.as_str()),
                    (SourceKind::Stream, "coinbase live")
                );
                assert_eq!(symbols, 2);
                connects += 1;
            }
            Msg::TradesReceived { provider, trades } => {
                assert_eq!(provider, "coinbase");
                prices.extend(trades.iter().map(|t| (t.symbol.clone(), t.price)));
            }
            Msg::SourceFailed { report, failure } => {
                assert!(report.next_poll.is_some(), "a drop says when it retries");
                drops.push(failure.detail);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        prices,
        [("BTC-USD".into(), 101_000.0), ("BTC-USD".into(), 99_000.0)]
    );
    assert_eq!(connects, 2);
    assert_eq!(drops.len(), 1, "{drops:?}");
    let (first, second) = (subs.recv().await.unwrap(), subs.recv().await.unwrap());
    assert_eq!((first.0, second.0), (0, 1));
    assert_eq!(
        first.1, second.1,
        "the same subscription after reconnecting"
    );
    assert!(
        first.1.contains(r#""product_ids":["BTC-USD","ETH-USD"]"#),
        "{}",
        first.1
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_with_backoff() {
    // Bind and close a port: nothing listens there.
    let dead = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("ws://{}", l.local_addr().unwrap())
    };
    let mut rx = start(coinbase(&dead, &["BTC-USD"]), fast());
    for _ in 0..3 {
        let Msg::SourceFailed { report, failure } = recv(&mut rx).await else {
            panic!("expected a failure");
        };
        assert_eq!(report.kind, SourceKind::Stream);
        assert_eq!(failure.class, FailureClass::Network);
        assert!(failure.detail.contains("refused"), "{}", failure.detail);
    }
}

#[tokio::test]
async fn a_burst_of_ticks_reaches_the_core_as_the_latest_per_symbol() {
    let server = serve(|_, mut socket| async move {
        next_text(&mut socket).await;
        for price in ["100", "101", "102", "103"] {
            socket.send(ticker("BTC-USD", price)).await.unwrap();
        }
        socket.send(ticker("ETH-USD", "3000")).await.unwrap();
        while socket.next().await.is_some() {}
    })
    .await;
    let timing = StreamTiming {
        flush: Duration::from_millis(300),
        ..fast()
    };
    let (mut rx, live) = start_marked(coinbase(&server.url, &["BTC-USD", "ETH-USD"]), timing);
    assert!(matches!(recv(&mut rx).await, Msg::StreamConnected { .. }));
    assert!(!live.is_live("BTC-USD", Duration::from_secs(30)));
    let Msg::TradesReceived { trades, .. } = recv(&mut rx).await else {
        panic!("expected trades");
    };
    let got: Vec<(&str, f64)> = trades
        .iter()
        .map(|t| (t.symbol.as_str(), t.price))
        .collect();
    assert_eq!(got, [("BTC-USD", 103.0), ("ETH-USD", 3000.0)]);
    // The poller now knows the stream keeps these two live.
    assert!(live.is_live("BTC-USD", Duration::from_secs(30)));
    assert!(!live.is_live("SOL-USD", Duration::from_secs(30)));
}

#[tokio::test]
async fn pings_are_answered() {
    let (pong_tx, mut pong) = mpsc::unbounded_channel::<Vec<u8>>();
    let server = serve(move |_, mut socket| {
        let pong_tx = pong_tx.clone();
        async move {
            next_text(&mut socket).await;
            socket
                .send(Message::Ping(b"still there?".to_vec().into()))
                .await
                .unwrap();
            while let Some(Ok(m)) = socket.next().await {
                if let Message::Pong(payload) = m {
                    pong_tx.send(payload.to_vec()).unwrap();
                }
            }
        }
    })
    .await;
    let _rx = start(coinbase(&server.url, &["BTC-USD"]), fast());
    let payload = timeout(Duration::from_secs(10), pong.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payload, b"still there?");
}

#[tokio::test]
async fn a_silent_link_is_dropped_and_redialled() {
    // The server subscribes the client, then neither speaks nor reads, so
    // even the client's pings go unanswered.
    let server = serve(|_, mut socket| async move {
        next_text(&mut socket).await;
        std::future::pending::<()>().await;
        drop(socket);
    })
    .await;
    let timing = StreamTiming {
        silence: Duration::from_millis(600),
        ..fast()
    };
    let mut rx = start(coinbase(&server.url, &["BTC-USD"]), timing);
    assert!(matches!(recv(&mut rx).await, Msg::StreamConnected { .. }));
    let Msg::SourceFailed { failure, .. } = recv(&mut rx).await else {
        panic!("expected the silence to be noticed");
    };
    assert_eq!(failure.class, FailureClass::Timeout);
    assert!(
        matches!(recv(&mut rx).await, Msg::StreamConnected { .. }),
        "redialled"
    );
    assert_eq!(server.dialled.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn finnhub_dials_with_the_key_and_subscribes_per_symbol() {
    let (subs_tx, mut subs) = mpsc::unbounded_channel::<String>();
    let server = serve(move |_, mut socket| {
        let subs_tx = subs_tx.clone();
        async move {
            for _ in 0..2 {
                subs_tx.send(next_text(&mut socket).await).unwrap();
            }
            let batch = r#"{"type":"trade","data":[{"s":"NVDA","p":118.42,"t":1737991800000,"v":5},{"s":"BRK.B","p":470.1,"t":1737991800000,"v":1}]}"#;
            socket.send(Message::text(r#"{"type":"ping"}"#)).await.unwrap();
            socket.send(Message::text(batch)).await.unwrap();
            let error = r#"{"type":"error","msg":"Subscribing to too many symbols"}"#;
            socket.send(Message::text(error)).await.unwrap();
            while socket.next().await.is_some() {}
        }
    })
    .await;
    let watch = ["NVDA", "BRK-B", "^GSPC"].map(String::from);
    let protocol = FinnhubStream::new(&server.url, "KEY123", &watch);
    let mut rx = start(protocol, fast());
    let Msg::StreamConnected { report, symbols } = recv(&mut rx).await else {
        panic!("expected a connection");
    };
    assert_eq!(symbols, 2, "the index is not a Finnhub stream symbol");
    assert!(!report.url.contains("KEY123"), "the key is never shown");
    assert_eq!(server.dialled.lock().unwrap()[0], "/?token=KEY123");
    let subs: Vec<String> = vec![subs.recv().await.unwrap(), subs.recv().await.unwrap()];
    assert_eq!(
        subs,
        [
            r#"{"symbol":"NVDA","type":"subscribe"}"#,
            r#"{"symbol":"BRK.B","type":"subscribe"}"#
        ]
    );
    // The error arrives first: trades wait for the flush.
    let Msg::SourceFailed { failure, .. } = recv(&mut rx).await else {
        panic!("expected the provider's error");
    };
    assert_eq!(failure.class, FailureClass::Provider);
    assert_eq!(failure.detail, "Subscribing to too many symbols");
    // Trades still flow: the stream is marked healthy again before them.
    assert!(matches!(recv(&mut rx).await, Msg::StreamConnected { .. }));
    let Msg::TradesReceived { provider, trades } = recv(&mut rx).await else {
        panic!("expected trades");
    };
    assert_eq!(provider, "finnhub");
    let got: Vec<(&str, f64)> = trades
        .iter()
        .map(|t| (t.symbol.as_str(), t.price))
        .collect();
    assert_eq!(got, [("NVDA", 118.42), ("BRK-B", 470.1)]);
}

#[tokio::test]
async fn a_rejected_key_is_an_http_error_not_a_silent_retry() {
    // A plain HTTP server refusing the upgrade.
    let url = answer_with(
        "ws",
        b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )
    .await;
    let watch = ["NVDA".to_string()];
    let mut rx = start(FinnhubStream::new(&url, "BAD", &watch), fast());
    let Msg::SourceFailed { failure, .. } = recv(&mut rx).await else {
        panic!("expected a failure");
    };
    assert_eq!(failure.class, FailureClass::Http);
    assert_eq!(failure.detail, "HTTP 401");
}

#[tokio::test]
async fn a_close_frame_reason_is_shown_without_escape_sequences() {
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    let server = serve(|_, mut socket| async move {
        next_text(&mut socket).await;
        let frame = CloseFrame {
            code: CloseCode::Away,
            reason: "maintenance\u{1b}]0;pwned\u{7}\u{1b}[2J".into(),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
        while socket.next().await.is_some() {}
    })
    .await;
    let mut rx = start(coinbase(&server.url, &["BTC-USD"]), fast());
    assert!(matches!(recv(&mut rx).await, Msg::StreamConnected { .. }));
    let Msg::SourceFailed { failure, .. } = recv(&mut rx).await else {
        panic!("expected the close to be reported");
    };
    assert_eq!(failure.detail, "closed by the server maintenance");
}

#[tokio::test]
async fn a_server_that_greets_and_hangs_up_is_redialled_ever_more_slowly() {
    // Each connection: the subscription is acknowledged, then dropped.
    let server = serve(|_, mut socket| async move {
        next_text(&mut socket).await;
        let ack = r#"{"type":"subscriptions","channels":[{"name":"ticker"}]}"#;
        let _ = socket.send(Message::text(ack)).await;
    })
    .await;
    let mut rx = start(coinbase(&server.url, &["BTC-USD"]), fast());
    let mut waits = Vec::new();
    while waits.len() < 4 {
        if let Msg::SourceFailed { report, .. } = recv(&mut rx).await {
            let wait = report.next_poll.unwrap() - chrono::Utc::now();
            waits.push(wait.num_milliseconds());
        }
    }
    // 20 ms doubling to the 100 ms cap, ±25%: an acknowledgement is no
    // proof the link works, so the backoff keeps growing.
    assert!(waits[0] <= 25, "{waits:?}");
    // (75 ms at least, less the moment the test took to read it.)
    assert!(waits[3] >= 40, "{waits:?}");
}

#[tokio::test]
async fn a_refused_upgrade_waits_out_its_retry_after() {
    let url = answer_with("ws", b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 120\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
    let mut rx = start(coinbase(&url, &["BTC-USD"]), fast());
    let Msg::SourceFailed { report, failure } = recv(&mut rx).await else {
        panic!("expected a failure");
    };
    assert_eq!(failure.detail, "HTTP 429");
    let wait = report.next_poll.unwrap() - chrono::Utc::now();
    assert!(
        wait.num_seconds() >= 118,
        "next try in {wait:?}, not 2 minutes"
    );
}

#[tokio::test]
async fn a_wss_peer_that_does_not_speak_tls_is_a_clean_tls_failure() {
    // Exercises the rustls connector end to end: no panic, a plain error.
    let url = answer_with("wss", b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
    let mut rx = start(coinbase(&url, &["BTC-USD"]), fast());
    let Msg::SourceFailed { failure, .. } = recv(&mut rx).await else {
        panic!("expected a failure");
    };
    assert_eq!(failure.class, FailureClass::Network);
    assert!(failure.detail.contains("corrupt message"), "{failure:?}");
}
