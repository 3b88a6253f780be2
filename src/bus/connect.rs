//! One connection per process, retried by the client itself (initial
//! connect included) with its own backoff; its link changes reported as
//! `BusNews` for a screen's footer.

use async_nats::{Client, Event};
use tokio::sync::mpsc;

use super::Settings;
use crate::core::app::BusNews;

/// Connect; `patient`: in the background when the server is not up yet
/// (a screen, a collector), else fail at once (a snapshot says why).
/// `news`: where link changes go.
pub async fn connect(
    settings: &Settings,
    role: &str,
    patient: bool,
    news: Option<mpsc::UnboundedSender<BusNews>>,
) -> anyhow::Result<Client> {
    let mut opts = settings.auth.options().await?;
    if patient {
        opts = opts.retry_on_initial_connect();
    }
    let opts = opts
        .name(format!("tickwire {role}"))
        .max_reconnects(None)
        .event_callback(move |event| {
            let news = news.clone();
            async move {
                let word = match event {
                    Event::Connected => Some(BusNews::Connected),
                    Event::Disconnected | Event::Closed => Some(BusNews::Disconnected),
                    other => {
                        tracing::info!(event = %other, "bus");
                        None
                    }
                };
                if let (Some(news), Some(word)) = (news, word) {
                    tracing::info!(?word, "bus link");
                    let _ = news.send(word);
                }
            }
        });
    let client = opts
        .connect(settings.url.as_str())
        .await
        .map_err(|e| anyhow::anyhow!("bus {}: {e}", redact(&settings.url)))?;
    Ok(client)
}

/// A server URL fit to print: any user:password in it dropped.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://{}", &url[..scheme], &url[at + 1..])
        }
        (None, Some(at)) => url[at + 1..].to_string(),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn credentials_in_a_url_are_never_printed() {
        assert_eq!(redact("nats://u:p4ss@host:4222"), "nats://host:4222");
        assert_eq!(redact("u:p@host:4222"), "host:4222");
        assert_eq!(redact("nats://host:4222"), "nats://host:4222");
    }
}
