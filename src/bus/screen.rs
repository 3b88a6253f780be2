//! A `--bus` screen's supply: a task that turns what the bus brings
//! (the board, the replayed headlines, then live events, the link's and
//! the lease's changes) into messages for the monitor's loop.

use chrono::Utc;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{Settings, connect, follow};
use crate::core::app::Msg;

/// Runs until the receiver is gone.
pub fn spawn(settings: Settings, tx: mpsc::Sender<Msg>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let (news_tx, mut news_rx) = mpsc::unbounded_channel();
        let client = match connect(&settings, "screen", true, Some(news_tx)).await {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "bus");
                return;
            }
        };
        let link = tx.clone();
        tokio::spawn(async move {
            while let Some(news) = news_rx.recv().await {
                if link.send(Msg::Bus(news)).await.is_err() {
                    return;
                }
            }
        });
        let follow = match follow::start(&client, &settings, Utc::now()).await {
            Ok(f) => f,
            Err(e) => {
                tracing::error!(error = %e, "bus: cannot follow the desk");
                return;
            }
        };
        let mut live = follow.live;
        for incoming in follow.board {
            if let Some(msg) = incoming.into_msg()
                && tx.send(msg).await.is_err()
            {
                return;
            }
        }
        while let Some(incoming) = live.next().await {
            if let Some(msg) = incoming.into_msg()
                && tx.send(msg).await.is_err()
            {
                return;
            }
        }
    })
}
