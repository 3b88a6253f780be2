//! The same story from several feeds: one headline listing all its
//! sources. Two headlines are one story when their normalized links are
//! equal, or when their normalized titles are near-identical and they
//! appeared within a time window of each other. Pure and incremental:
//! `State` keeps one `StoryIndex` beside its items.

use std::collections::VecDeque;

// Seeded per process, fast on short keys: title words come from feeds.
use foldhash::HashMap;

use super::word_table::WordTable;
use crate::core::model::{Headline, Timestamp};

/// Query parameters that only track the reader, never change the story.
const TRACKING_PARAMS: [&str; 9] = [
    "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ncid", "taid", "mod",
];

/// A link reduced to what identifies the page: no scheme, no `www.`,
/// lower-case host, no fragment, no tracking parameters, no trailing `/`.
pub fn normalize_link(link: &str) -> String {
    let rest = link
        .split_once("://")
        .map_or(link, |(_, rest)| rest)
        .split('#')
        .next()
        .unwrap_or_default();
    let (host_path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = host_path.split_at(host_path.find('/').unwrap_or(host_path.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or_default().to_ascii_lowercase();
            !p.is_empty() && !name.starts_with("utm_") && !TRACKING_PARAMS.contains(&name.as_str())
        })
        .collect();
    params.sort_unstable();
    let path = path.trim_end_matches('/');
    if params.is_empty() {
        format!("{host}{path}")
    } else {
        format!("{host}{path}?{}", params.join("&"))
    }
}

/// Lower-case words of a title, without punctuation and without a
/// trailing " - Publisher" / " | Publisher" that aggregators append.
pub fn title_words(title: &str) -> Vec<String> {
    let core = [" - ", " | ", " — "]
        .iter()
        .filter_map(|sep| title.rsplit_once(sep))
        .filter(|(head, tail)| tail.split_whitespace().count() <= 4 && !head.trim().is_empty())
        .map(|(head, _)| head)
        .min_by_key(|head| std::cmp::Reverse(head.len()))
        .unwrap_or(title);
    core.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Too short a title to be sure two of them are one story.
const MIN_WORDS: usize = 4;
/// Share of distinct words two titles must have in common (Jaccard).
const MIN_SIMILARITY: f64 = 0.8;

/// Near-identical word sets: both long enough, and at least 80% of the
/// distinct words shared. Sorted, distinct word ids: one merge of integers.
fn sets_match(a: &[u32], b: &[u32]) -> bool {
    if a.len() < MIN_WORDS || b.len() < MIN_WORDS {
        return false;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    shared as f64 >= MIN_SIMILARITY * union as f64
}

#[derive(Debug, Clone)]
struct Entry {
    story: String,
    source: String,
    /// Distinct title word ids, sorted: the story's one copy of its words.
    words: Box<[u32]>,
    link: Option<String>,
    at: Timestamp,
}

/// Each title word remembers only its newest entries: a near-identical
/// title is a recent one, and a word shared by thousands of titles ("AI")
/// must not make every lookup walk thousands. This bounds the work per
/// headline whatever the index holds.
const POSTINGS_PER_WORD: usize = 32;

/// A word's postings: at most `POSTINGS_PER_WORD`, the newest by time
/// (whatever order they came in: a store restores newest first), in
/// arrival order.
type Postings = VecDeque<(Timestamp, usize)>;

/// Add entry `key` at `at` to a word's postings. Full, the oldest gives
/// way, unless this one is older.
fn post(list: &mut Postings, at: Timestamp, key: usize) {
    if list.len() == POSTINGS_PER_WORD {
        let (i, &(oldest, _)) = list
            .iter()
            .enumerate()
            .min_by_key(|(_, (t, _))| *t)
            .expect("full");
        if oldest > at {
            return;
        }
        list.remove(i);
    }
    list.push_back((at, key));
}

/// Every headline kept, indexed by normalized link and by title word, so
/// a new one finds its story with a bounded number of comparisons.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    window_secs: i64,
    by_link: HashMap<String, String>,
    entries: HashMap<usize, Entry>,
    /// Every word of a kept title, held by the entries that use it, with
    /// its postings.
    words: WordTable<Postings>,
    /// The entries of each story, for forgetting it.
    by_story: HashMap<String, Vec<usize>>,
    next: usize,
    /// Title comparisons made so far (the complexity guard's counter).
    comparisons: u64,
}

impl StoryIndex {
    pub fn new(window_secs: i64) -> Self {
        StoryIndex {
            window_secs,
            ..StoryIndex::default()
        }
    }

    /// Title comparisons made since this index was built.
    pub fn comparisons(&self) -> u64 {
        self.comparisons
    }

    /// The id of the story `h` belongs to, if one is known; otherwise `h`
    /// starts a new story under its own id. Either way `h` is indexed.
    pub fn assign(&mut self, h: &Headline) -> Option<String> {
        self.index(h, true)
    }

    /// Index `h` as a story of its own, without looking for one it could
    /// belong to: a story restored from the store was decided already.
    pub fn insert(&mut self, h: &Headline) {
        self.index(h, false);
    }

    fn index(&mut self, h: &Headline, search: bool) -> Option<String> {
        let link = h.link.as_deref().map(normalize_link);
        let mut words = title_words(&h.title);
        words.sort_unstable();
        words.dedup();
        // In the words' text order: the probes' ties break as they always did.
        let by_text: Vec<u32> = words.iter().map(|w| self.words.acquire(w)).collect();
        let mut ids = by_text.clone();
        ids.sort_unstable();
        let at = h.effective_time();
        let found = if search {
            link.as_ref()
                .and_then(|l| self.by_link.get(l).cloned())
                .or_else(|| self.by_title(&by_text, &ids, at, &h.source))
        } else {
            None
        };
        let story = found.clone().unwrap_or_else(|| h.id.clone());
        let link = link.filter(|l| !self.by_link.contains_key(l));
        if let Some(l) = &link {
            self.by_link.insert(l.clone(), story.clone());
        }
        let key = self.next;
        self.next += 1;
        for &w in &by_text {
            post(self.words.value_mut(w), at, key);
        }
        self.by_story.entry(story.clone()).or_default().push(key);
        self.entries.insert(
            key,
            Entry {
                story,
                source: h.source.clone(),
                words: ids.into(),
                link,
                at,
            },
        );
        found
    }

    /// Forget a story (its headline left the list): work in proportion to
    /// the story's own entries, not to the index.
    pub fn forget(&mut self, story: &str) {
        for key in self.by_story.remove(story).unwrap_or_default() {
            let Some(e) = self.entries.remove(&key) else {
                continue;
            };
            if let Some(l) = &e.link {
                self.by_link.remove(l);
            }
            for &w in &e.words {
                let list = self.words.value_mut(w);
                list.retain(|(_, k)| *k != key);
                if list.is_empty() {
                    *list = Postings::new();
                }
                self.words.release(w);
            }
        }
    }

    /// Candidates share at least one of the rarest words: with 80% of the
    /// distinct words shared, at most a quarter of a title's words can be
    /// missing from its match, so a quarter plus one rarest words suffice.
    /// Only another feed's titles count: one publisher's two entries are
    /// two stories, however alike ("…: XpressCut v.0.1", "…: ZXLightControl
    /// v.1.0.0"). `by_text` are the title's word ids in their words' text
    /// order, `ids` the same sorted.
    fn by_title(
        &mut self,
        by_text: &[u32],
        ids: &[u32],
        at: Timestamp,
        source: &str,
    ) -> Option<String> {
        if ids.len() < MIN_WORDS {
            return None;
        }
        let mut rarest = by_text.to_vec();
        rarest.sort_by_key(|&w| self.words.value(w).len());
        let probes = rarest.len() / 4 + 1;
        let mut compared = 0;
        let found = rarest
            .iter()
            .take(probes)
            .flat_map(|&w| self.words.value(w).iter().rev())
            .filter_map(|(_, k)| self.entries.get(k))
            .filter(|e| (e.at - at).num_seconds().abs() <= self.window_secs)
            .filter(|e| e.source != source)
            .find(|e| {
                compared += 1;
                sets_match(ids, &e.words)
            })
            .map(|e| e.story.clone());
        self.comparisons += compared;
        found
    }
}

#[cfg(test)]
mod tests;
