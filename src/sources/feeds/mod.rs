//! Feeds: raw bytes in, sanitized `Headline`s out. The parse (repairs,
//! normalizing, text constructs, charsets, dates, entries), one conditional
//! poll of a feed, and the per-feed task on its own schedule.

mod atom_text;
mod charset;
mod dates;
mod entry;
mod normalize;
mod parse;
mod poll;
mod repair;
mod schedule;
mod task;

pub use parse::{FeedError, ParsedFeed, parse_feed};
pub use poll::{FeedPoll, FeedSpec, poll_feed};
pub use repair::parse_repaired;
pub use schedule::Outcome;
pub(super) use task::{FeedTasks, spawn_feed_tasks};
