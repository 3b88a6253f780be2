//! `snapshot --bus`: the desk's board and recent headlines as one
//! document, from the bus alone (nothing polled). `--follow`: every event
//! as it arrives instead, one JSON line each, stamped with when this
//! process received it (how the desk's fan-out is measured).

use std::io::Write;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use futures::StreamExt;

use super::SnapshotDoc;
use crate::bus::follow::{self, Incoming};
use crate::bus::{Settings, connect};
use crate::core::app::update;
use crate::event::encode_line;
use crate::wiring::App;

/// The document (`None` when following: that runs until killed).
pub async fn snapshot(
    app: &App,
    settings: &Settings,
    deadline: Duration,
    follow: bool,
    out: &mut impl Write,
) -> anyhow::Result<Option<SnapshotDoc>> {
    let now = Utc::now();
    let client = connect(settings, "snapshot", false, None).await?;
    let desk = tokio::time::timeout(deadline, follow::start(&client, settings, now))
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "no desk {} on the bus within {}",
                settings.names.bucket(),
                humantime::format_duration(deadline)
            )
        })??;
    if !follow {
        let mut state = app.initial_state(now);
        for incoming in desk.board {
            // The lease is a screen's business, not the board's.
            if let (Incoming::Event(_), Some(msg)) = (&incoming, incoming.clone().into_msg()) {
                update(&mut state, msg, Utc::now());
            }
        }
        return Ok(Some(SnapshotDoc::new(&state, &app.config)));
    }
    for incoming in &desk.board {
        write_line(out, incoming)?;
    }
    out.flush()?;
    let mut live = desk.live;
    while let Some(incoming) = live.next().await {
        write_line(out, &incoming)?;
        out.flush()?;
    }
    Ok(None)
}

/// `{"received": time, "event": {…}}` or `{"received": time, "collector": holder|null}`.
fn write_line(out: &mut impl Write, incoming: &Incoming) -> std::io::Result<()> {
    let received = Utc::now().to_rfc3339_opts(SecondsFormat::Nanos, true);
    match incoming {
        Incoming::Event(e) => writeln!(
            out,
            "{{\"received\":\"{received}\",\"event\":{}}}",
            super::json_safe(encode_line(e).trim_end())
        ),
        Incoming::Lease(lease) => {
            let holder = serde_json::to_string(&lease.as_ref().map(|(h, _)| h))?;
            let holder = super::json_safe(&holder);
            writeln!(
                out,
                "{{\"received\":\"{received}\",\"collector\":{holder}}}"
            )
        }
    }
}
