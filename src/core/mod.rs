//! The domain. Pure: no tokio, no terminal, no network, no disk.
//! Every decision (what is AI, which ticker, what is stale) lives here.

pub mod action_table;
pub mod actions;
pub mod alerts;
pub mod batched;
pub mod budget;
pub mod bus;
pub mod calendar;
pub mod dedupe;
pub mod evidence;
pub mod feed_record;
pub mod filter;
pub mod filter_trail;
pub mod freshness;
pub mod hash;
pub mod health;
pub mod item;
pub mod judge;
pub mod linking;
pub mod live;

pub mod market_clock;
pub mod model;
pub mod moves;
pub mod msg;
pub mod persist;
pub mod phrases;
pub mod publishers;
pub mod quote_check;
pub mod quote_plan;
pub mod quote_report;
pub mod relevance;
pub mod replay;
pub mod retry;
pub mod shapes;
pub mod source_rows;
pub mod state;
pub mod text;
pub mod timeline;
pub mod update;
pub mod view;
pub mod word_table;
