//! News: judged headlines as items, one story from many feeds (dedupe over
//! interned title words), the filter language and its trail, each source's
//! lag.

mod dedupe;
mod filter;
mod filter_trail;
mod item;
mod lag;
mod story_book;
mod word_table;

pub use dedupe::{StoryIndex, normalize_link, title_words};
pub use filter::Query;
pub use filter_trail::{FilterTrail, Visible};
pub use item::{Item, ItemKey, Judged, Verdict};
pub use lag::{LagSummary, SourceLag};
pub use story_book::{Added, Left, Story, StoryBook};
pub use word_table::WordTable;
