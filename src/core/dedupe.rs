//! The same story from several feeds: one headline listing all its
//! sources. Two headlines are one story when their normalized links are
//! equal, or when their normalized titles are near-identical and they
//! appeared within a time window of each other. Pure and incremental:
//! `State` keeps one `StoryIndex` beside its items.

use std::collections::HashMap;

use super::model::{Headline, Timestamp};

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
/// distinct words shared.
pub fn titles_match(a: &[String], b: &[String]) -> bool {
    let (a, b) = (distinct(a), distinct(b));
    if a.len() < MIN_WORDS || b.len() < MIN_WORDS {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    shared as f64 >= MIN_SIMILARITY * union as f64
}

fn distinct(words: &[String]) -> Vec<&String> {
    let mut out: Vec<&String> = words.iter().collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[derive(Debug, Clone)]
struct Entry {
    story: String,
    source: String,
    words: Vec<String>,
    at: Timestamp,
}

/// Every headline kept, indexed by normalized link and by title word, so
/// a new one finds its story without comparing against all of them.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    window_secs: i64,
    by_link: HashMap<String, String>,
    entries: HashMap<usize, Entry>,
    by_word: HashMap<String, Vec<usize>>,
    next: usize,
}

impl StoryIndex {
    pub fn new(window_secs: i64) -> Self {
        StoryIndex {
            window_secs,
            ..StoryIndex::default()
        }
    }

    /// The id of the story `h` belongs to, if one is known; otherwise `h`
    /// starts a new story under its own id. Either way `h` is indexed.
    pub fn assign(&mut self, h: &Headline) -> Option<String> {
        let link = h.link.as_deref().map(normalize_link);
        let words = title_words(&h.title);
        let at = h.effective_time();
        let found = link
            .as_ref()
            .and_then(|l| self.by_link.get(l).cloned())
            .or_else(|| self.by_title(&words, at, &h.source));
        let story = found.clone().unwrap_or_else(|| h.id.clone());
        if let Some(l) = link {
            self.by_link.entry(l).or_insert_with(|| story.clone());
        }
        let key = self.next;
        self.next += 1;
        for w in distinct(&words) {
            self.by_word.entry(w.clone()).or_default().push(key);
        }
        self.entries.insert(
            key,
            Entry {
                story,
                source: h.source.clone(),
                words,
                at,
            },
        );
        found
    }

    /// Forget a story (its headline left the list).
    pub fn forget(&mut self, story: &str) {
        self.by_link.retain(|_, s| s != story);
        let keys: Vec<usize> = self
            .entries
            .iter()
            .filter(|(_, e)| e.story == story)
            .map(|(k, _)| *k)
            .collect();
        for key in keys {
            if let Some(e) = self.entries.remove(&key) {
                for w in distinct(&e.words) {
                    if let Some(list) = self.by_word.get_mut(w) {
                        list.retain(|k| *k != key);
                        if list.is_empty() {
                            self.by_word.remove(w);
                        }
                    }
                }
            }
        }
    }

    /// Candidates share at least one of the rarest words: with 80% of the
    /// distinct words shared, at most a quarter of a title's words can be
    /// missing from its match, so a quarter plus one rarest words suffice.
    /// Only another feed's titles count: one publisher's two entries are
    /// two stories, however alike ("…: XpressCut v.0.1", "…: ZXLightControl
    /// v.1.0.0").
    fn by_title(&self, words: &[String], at: Timestamp, source: &str) -> Option<String> {
        let mut mine = distinct(words);
        if mine.len() < MIN_WORDS {
            return None;
        }
        mine.sort_by_key(|w| self.by_word.get(*w).map_or(0, Vec::len));
        let probes = mine.len() / 4 + 1;
        mine.iter()
            .take(probes)
            .filter_map(|w| self.by_word.get(*w))
            .flatten()
            .filter_map(|k| self.entries.get(k))
            .filter(|e| (e.at - at).num_seconds().abs() <= self.window_secs)
            .filter(|e| e.source != source)
            .find(|e| titles_match(words, &e.words))
            .map(|e| e.story.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn headline(id: &str, title: &str, link: Option<&str>, minute: i64) -> Headline {
        let at = Utc.timestamp_opt(1_737_972_000 + minute * 60, 0).unwrap();
        Headline {
            id: id.into(),
            title: title.into(),
            link: link.map(str::to_string),
            source: format!("feed-{id}"),
            published: Some(at),
            first_seen: at,
            summary: String::new(),
        }
    }

    #[test]
    fn links_lose_scheme_www_fragment_tracking_and_trailing_slash() {
        assert_eq!(
            normalize_link("https://www.Example.com/a/b/?utm_source=x&id=7&fbclid=z#top"),
            "example.com/a/b?id=7"
        );
        assert_eq!(
            normalize_link("http://example.com/a/b?id=7"),
            normalize_link("https://www.example.com/a/b/?id=7&utm_medium=rss")
        );
        assert_ne!(
            normalize_link("https://example.com/a?id=7"),
            normalize_link("https://example.com/a?id=8")
        );
    }

    #[test]
    fn titles_lose_case_punctuation_and_the_publisher_suffix() {
        assert_eq!(
            title_words("Nvidia falls 17% as DeepSeek rattles AI trade - Reuters"),
            [
                "nvidia", "falls", "17", "as", "deepseek", "rattles", "ai", "trade"
            ]
        );
        assert_eq!(title_words("Q&A: chips | The Verge"), ["q", "a", "chips"]);
    }

    #[test]
    fn near_identical_titles_match_and_different_stories_do_not() {
        let w = |t| title_words(t);
        assert!(titles_match(
            &w("Nvidia shares fall 17% as DeepSeek rattles the AI trade"),
            &w("Nvidia shares fall 17% as DeepSeek rattles AI trade - CNBC"),
        ));
        assert!(!titles_match(
            &w("Nvidia shares fall 17% as DeepSeek rattles the AI trade"),
            &w("Nvidia shares rise 5% as investors return to the AI trade"),
        ));
        assert!(
            !titles_match(&w("Markets live"), &w("Markets live")),
            "too short"
        );
    }

    #[test]
    fn one_story_from_several_feeds() {
        let mut index = StoryIndex::new(6 * 3600);
        let first = headline(
            "a",
            "Nvidia falls as DeepSeek rattles the AI trade",
            Some("https://x.com/n?utm_source=rss"),
            0,
        );
        assert_eq!(index.assign(&first), None);
        let same_link = headline(
            "b",
            "Something else entirely here",
            Some("http://www.x.com/n/"),
            5,
        );
        assert_eq!(index.assign(&same_link).as_deref(), Some("a"));
        let same_title = headline(
            "c",
            "Nvidia falls as DeepSeek rattles AI trade - Reuters",
            Some("https://y.com/1"),
            30,
        );
        assert_eq!(index.assign(&same_title).as_deref(), Some("a"));
        let days_later = headline(
            "d",
            "Nvidia falls as DeepSeek rattles the AI trade",
            None,
            60 * 24 * 3,
        );
        assert_eq!(index.assign(&days_later), None, "outside the window");
        let other = headline("e", "Microsoft raises its AI capex guidance", None, 10);
        assert_eq!(index.assign(&other), None);
    }

    #[test]
    fn one_feeds_alike_titles_stay_two_stories() {
        let mut index = StoryIndex::new(6 * 3600);
        let mut first = headline(
            "a",
            "Apps for the Nokia N97: ZXLightControl v.1.0.0",
            None,
            0,
        );
        let mut second = headline("b", "Apps for the Nokia N97: XpressCut v.0.1", None, 1);
        first.source = "blog".into();
        second.source = "blog".into();
        assert!(titles_match(
            &title_words(&first.title),
            &title_words(&second.title)
        ));
        index.assign(&first);
        assert_eq!(index.assign(&second), None);
    }

    #[test]
    fn a_forgotten_story_is_no_longer_matched() {
        let mut index = StoryIndex::new(6 * 3600);
        index.assign(&headline(
            "a",
            "Nvidia falls as DeepSeek rattles the AI trade",
            Some("https://x.com/n"),
            0,
        ));
        index.forget("a");
        let again = headline(
            "b",
            "Nvidia falls as DeepSeek rattles the AI trade",
            Some("https://x.com/n"),
            1,
        );
        assert_eq!(index.assign(&again), None);
    }
}
