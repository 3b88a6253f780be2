//! Quote providers: one file each, a pure `parse_*` plus a fetch; the
//! live streams share one websocket runner (`stream.rs`).

pub mod chain;
pub mod coinbase;
pub mod finnhub;
pub mod finnhub_stream;
pub mod stream;
pub mod yahoo;
