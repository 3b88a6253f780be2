//! Quote providers: one file each, a pure `parse_*` plus a fetch.

pub mod chain;
pub mod finnhub;
pub mod yahoo;
