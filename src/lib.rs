//! tickwire: AI headlines linked to the stocks they move, beside live
//! quotes, in a terminal. See docs/ARCHITECTURE.md for the map.

pub mod bus;
pub mod cli;
pub mod config;
pub mod core;
pub mod event;
pub mod headless;
pub mod log;
pub mod sources;
pub mod store;
pub mod tui;
pub mod wiring;
