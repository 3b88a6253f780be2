//! Quotes: the request budget on paused time, the provider chain, every
//! real quote body through its parser, and live trade streams.

#[path = "../support/mod.rs"]
pub mod support;

mod quote_budget;
mod quote_chain;
mod quote_cnbc;
mod quote_parsers;
mod quote_stream;
