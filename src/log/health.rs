//! Source health to the log file: one line when a source goes failing
//! (what, with the status and error), one when it recovers — never one per
//! retry, and one when its news became much later (`core::health` decides
//! what is a change).

use crate::core::app::HealthChange;

pub fn health(change: &HealthChange) {
    match change {
        HealthChange::Failing { .. } => tracing::warn!("{change}"),
        HealthChange::Recovered { .. } => tracing::info!("{change}"),
        HealthChange::Slower { .. } => tracing::warn!("{change}"),
    }
}
