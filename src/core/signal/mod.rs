//! Signal: what is AI and which tickers a headline concerns — the judge,
//! its term and entity tables (data/*.tsv), publishers, evidence and each
//! feed's track record.

mod evidence;
mod feed_prior;
#[cfg(test)]
mod field_tests;
mod judge;
mod linking;
mod phrases;
mod publishers;
mod relevance;
mod shapes;

pub use evidence::{Evidence, Part, decided_by};
pub use feed_prior::{FeedPrior, LEARNED_WEIGHT};
pub use judge::{FeedRule, HeadlineText, Judge, Override, Topic};
pub use linking::TickerLinker;
pub use phrases::{PhraseEntry, PhraseMatch, PhraseMatcher, parse_table};
pub use publishers::{Publisher, Publishers, host_of};
pub use relevance::{AI_THRESHOLD, AiClassifier, Found, Relevance};
pub use shapes::{Shape, find_shapes};
