//! The desk bus: one collector polls and publishes every event, in the
//! recording format, to NATS JetStream; screens poll nothing and follow
//! it (docs/DEPLOY.md). The client's own reconnect logic is the only one.

mod auth;
pub mod collect;
mod connect;
pub mod follow;
mod lease;
mod memory;
mod names;
mod publish;
mod screen;
mod settings;

pub use auth::{Auth, Secret};
pub use connect::{connect, redact};
pub use names::Names;
pub use screen::spawn as spawn_screen;

use std::time::Duration;

/// Everything a collector or a screen needs to reach its desk.
#[derive(Clone)]
pub struct Settings {
    /// nats://HOST:PORT; may carry user:password, so print it `redact`ed.
    pub url: String,
    pub names: Names,
    /// The stream's retention.
    pub max_age: Duration,
    pub max_bytes: i64,
    /// How far back a starting screen replays headlines.
    pub replay: Duration,
    /// How long a collector's lease holds without renewal.
    pub lease: Duration,
    pub auth: Auth,
}

/// The URL without any user:password in it; the secrets hidden (`Auth`).
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &redact(&self.url))
            .field("names", &self.names)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}
