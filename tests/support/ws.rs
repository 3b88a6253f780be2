//! A websocket server on 127.0.0.1 whose every connection runs a script
//! the test writes: what the client dialled, then the socket itself.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

pub type ServerSocket = WebSocketStream<tokio::net::TcpStream>;

pub struct WsServer {
    pub url: String,
    /// The request URI (path and query) of every connection, in order.
    pub dialled: Arc<Mutex<Vec<String>>>,
}

/// A TCP server on 127.0.0.1 that answers every connection with `reply`
/// (say, a refused upgrade) and closes. Returns `scheme://host:port`.
pub async fn answer_with(scheme: &str, reply: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("{scheme}://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = tcp.read(&mut buf).await;
            let _ = tcp.write_all(reply).await;
        }
    });
    url
}

/// Accept connections forever (until the test's runtime ends); connection
/// `n` (0-based) is handed to `script(n, socket)`.
pub async fn serve<F, Fut>(script: F) -> WsServer
where
    F: Fn(usize, ServerSocket) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let dialled = Arc::new(Mutex::new(Vec::new()));
    let seen = dialled.clone();
    tokio::spawn(async move {
        for n in 0.. {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            // The callback's signature is tungstenite's, large error and all.
            #[allow(clippy::result_large_err)]
            let record = move |req: &Request, resp: Response| {
                seen.lock().unwrap().push(req.uri().to_string());
                Ok(resp)
            };
            if let Ok(socket) = tokio_tungstenite::accept_hdr_async(tcp, record).await {
                tokio::spawn(script(n, socket));
            }
        }
    });
    WsServer { url, dialled }
}
