//! The log: a bounded file in the state dir (`file`), and the one line per
//! source health change that both shells write (`health`).

mod file;
mod health;

pub use file::{LOG_CAP_BYTES, LOG_GENERATIONS, log_writer};
pub use health::health;
