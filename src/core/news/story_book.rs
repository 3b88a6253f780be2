//! The story book: every judged story in memory, newest first, one per
//! story however many feeds carried it, at most `max` of them (the oldest
//! leave first, with every trace of them). What is shown of it (filter,
//! selection) is the app's; the book only says what came and what left.

use foldhash::{HashMap, HashSet};
use std::sync::Arc;

use super::dedupe::StoryIndex;
use super::item::{Item, ItemKey, Verdict};
use crate::core::model::Headline;
use crate::core::signal::{FeedPrior, Judge};
use crate::core::timeline::Timeline;

/// A story as stored: its headline, every feed that carried it, and the
/// judgement stored with it (none from before judgements were stored).
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub headline: Headline,
    pub sources: Vec<String>,
    pub verdict: Option<Verdict>,
}

impl Story {
    /// A headline just fetched: its own feed, not judged yet.
    pub fn fetched(headline: Headline) -> Story {
        Story {
            sources: vec![headline.source.clone()],
            headline,
            verdict: None,
        }
    }
}

/// What one `add` did, in arrival order.
#[derive(Debug, Default)]
pub struct Added {
    /// Stories new to the book.
    pub new: Vec<ItemKey>,
    /// Every story touched: new, or another feed's copy of one known.
    pub touched: Vec<ItemKey>,
    /// New stories, and known ones whose list of feeds grew: for the store.
    pub changed: Vec<Item>,
}

/// A story that left the book past its cap.
#[derive(Debug)]
pub struct Left {
    pub key: ItemKey,
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct StoryBook {
    items: Timeline<ItemKey, Item>,
    /// Every headline id in memory → the story (item id) it is part of;
    /// entries leave with their story, so it never outgrows the list.
    story_of: HashMap<String, String>,
    /// Each story's other headline ids, to let them go with it.
    copies: HashMap<String, Vec<String>>,
    /// Each story (item id) → where it sits in `items`.
    key_of: HashMap<String, ItemKey>,
    max: usize,
    /// Finds the story a new headline belongs to (same link or title).
    index: StoryIndex,
    /// Stories arrived so far (numbers `Item::arrival`).
    arrivals: u64,
    judge: Arc<Judge>,
    /// What each feed's recent items were about, for the judge.
    record: FeedPrior,
    /// Restored stories judged again (stored by another judge, or before
    /// judgements were stored): their new judgement is for the store.
    rejudged: HashSet<String>,
}

impl StoryBook {
    /// Near-identical titles this close in time are one story.
    pub const STORY_WINDOW_SECS: i64 = 6 * 3600;

    pub fn new(judge: Arc<Judge>, max: usize) -> StoryBook {
        StoryBook {
            items: Timeline::default(),
            story_of: HashMap::default(),
            copies: HashMap::default(),
            key_of: HashMap::default(),
            max: max.max(1),
            index: StoryIndex::new(Self::STORY_WINDOW_SECS),
            arrivals: 0,
            judge,
            record: FeedPrior::default(),
            rejudged: HashSet::default(),
        }
    }

    pub fn set_max(&mut self, max: usize) {
        self.max = max.max(1);
    }

    pub fn set_judge(&mut self, judge: Arc<Judge>) {
        self.judge = judge;
    }

    pub fn judge(&self) -> &Arc<Judge> {
        &self.judge
    }

    /// Every story, newest first.
    pub fn items(&self) -> &Timeline<ItemKey, Item> {
        &self.items
    }

    pub fn get(&self, key: &ItemKey) -> Option<&Item> {
        self.items.get_by_key(key)
    }

    /// Where the story `id` sits.
    /// Whether a headline id has been seen (as any story's copy).
    pub fn knows(&self, id: &str) -> bool {
        self.story_of.contains_key(id)
    }

    pub fn key_of(&self, id: &str) -> Option<&ItemKey> {
        self.key_of.get(id)
    }

    /// Stories arrived so far.
    pub fn arrivals(&self) -> u64 {
        self.arrivals
    }

    /// Headline ids in memory (stories and their copies).
    pub fn ids_known(&self) -> usize {
        self.story_of.len()
    }

    /// Take in stories with every feed known to carry them. A `restored`
    /// story was deduplicated when it was stored: it is indexed, not looked
    /// up, and keeps its stored judgement when this judge made it. Nothing
    /// leaves here: `evict` after.
    pub fn add(&mut self, stories: Vec<Story>, restored: bool) -> Added {
        let mut added = Added::default();
        for Story {
            headline: h,
            sources,
            verdict,
        } in stories
        {
            // Known, or another feed's copy of a story we have: list the
            // source; judge only once.
            let story = match self.story_of.get(&h.id) {
                Some(story) => Some(story.clone()),
                None if restored => {
                    self.index.insert(&h);
                    None
                }
                None => self.index.assign(&h),
            };
            if let Some(story) = story {
                if !self.story_of.contains_key(&h.id) {
                    self.story_of.insert(h.id.clone(), story.clone());
                    self.copies.entry(story.clone()).or_default().push(h.id);
                }
                if let Some(&key) = self.key_of.get(&story) {
                    if let Some(item) = self.items.get_mut_by_key(&key) {
                        grow_sources(item, &sources, &mut added.changed);
                    }
                    added.touched.push(key);
                }
                continue;
            }
            self.story_of.insert(h.id.clone(), h.id.clone());
            let mut item = if restored {
                let stored_key = verdict.as_ref().map(|v| v.judged.key);
                let item = Item::restored(h, verdict, &self.judge, &mut self.record);
                if stored_key != Some(item.judged.key) {
                    self.rejudged.insert(item.headline.id.clone());
                }
                item
            } else {
                Item::judged_in(h, &self.judge, Some(&mut self.record))
            };
            self.arrivals += 1;
            item.arrival = self.arrivals;
            grow_sources(&mut item, &sources, &mut Vec::new());
            added.changed.push(item.clone());
            let key = item.key();
            self.key_of.insert(item.headline.id.clone(), key);
            self.items.insert(key, item);
            added.new.push(key);
            added.touched.push(key);
        }
        added
    }

    /// Past the cap, the oldest stories leave, with every trace of them.
    pub fn evict(&mut self) -> Vec<Left> {
        let mut left = Vec::new();
        while self.items.len() > self.max {
            let Some((key, dropped)) = self.items.pop_last() else {
                break;
            };
            let id = dropped.headline.id;
            self.index.forget(&id);
            self.key_of.remove(&id);
            self.rejudged.remove(&id);
            self.story_of.remove(&id);
            for copy in self.copies.remove(&id).unwrap_or_default() {
                self.story_of.remove(&copy);
            }
            left.push(Left { key, id });
        }
        left
    }

    /// The stories judged again on restore that are still here, to write
    /// back with their new judgement.
    pub fn take_rejudged(&mut self) -> Vec<Item> {
        std::mem::take(&mut self.rejudged)
            .iter()
            .filter_map(|id| self.items.get_by_key(self.key_of.get(id)?))
            .cloned()
            .collect()
    }
}

/// Add the feeds `item` was not yet known to be carried by; note it as
/// changed when any was new.
fn grow_sources(item: &mut Item, sources: &[String], changed: &mut Vec<Item>) {
    let before = item.sources.len();
    for s in sources {
        if !item.sources.contains(s) {
            item.sources.push(s.clone());
        }
    }
    if item.sources.len() > before {
        changed.push(item.clone());
    }
}

#[cfg(test)]
mod tests;
