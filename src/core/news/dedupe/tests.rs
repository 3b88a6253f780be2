use super::*;
use chrono::{TimeZone, Utc};

/// `sets_match` on two titles' words.
fn titles_match(a: &[String], b: &[String]) -> bool {
    let mut table = WordTable::<()>::default();
    let mut ids = |words: &[String]| -> Vec<u32> {
        let mut ids: Vec<u32> = words.iter().map(|w| table.acquire(w)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (a, b) = (ids(a), ids(b));
    sets_match(&a, &b)
}

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

/// Realistic titles: words drawn from a small, skewed vocabulary (so
/// "ai", "nvidia", "shares" recur everywhere), 5% near-duplicates from
/// another feed. The comparisons per headline stay the same small
/// bound at 1,000 and at 100,000 headlines: ingest is linear.
fn comparisons_per_headline(n: usize) -> f64 {
    const WORDS: [&str; 40] = [
        "ai",
        "nvidia",
        "shares",
        "chip",
        "model",
        "deepseek",
        "market",
        "stocks",
        "fall",
        "rise",
        "openai",
        "microsoft",
        "data",
        "center",
        "capex",
        "trade",
        "china",
        "export",
        "rules",
        "earnings",
        "beat",
        "guidance",
        "tsmc",
        "broadcom",
        "meta",
        "google",
        "amazon",
        "apple",
        "investors",
        "rally",
        "sell",
        "off",
        "fed",
        "rates",
        "yields",
        "bank",
        "deal",
        "launch",
        "cloud",
        "power",
    ];
    let mut rng = fastrand::Rng::with_seed(7);
    let mut index = StoryIndex::new(6 * 3600);
    let mut titles: Vec<String> = Vec::new();
    for i in 0..n {
        let title = if i > 0 && rng.usize(0..100) < 5 {
            format!(
                "{} - Wire",
                titles[rng.usize(titles.len().saturating_sub(50)..titles.len())]
            )
        } else {
            let len = rng.usize(6..12);
            let mut t: Vec<String> = (0..len)
                .map(|_| {
                    WORDS[rng.usize(0..WORDS.len()).min(rng.usize(0..WORDS.len()))].to_string()
                })
                .collect();
            t.push(format!("n{i}"));
            t.join(" ")
        };
        let mut h = headline(&format!("h{i}"), &title, None, (i / 10) as i64);
        h.source = format!("feed-{}", i % 50);
        index.assign(&h);
        titles.push(title);
        if i >= 5_000 {
            index.forget(&format!("h{}", i - 5_000));
        }
    }
    index.comparisons() as f64 / n as f64
}

#[test]
fn ingest_makes_a_bounded_number_of_comparisons_per_headline() {
    let small = comparisons_per_headline(1_000);
    let large = comparisons_per_headline(100_000);
    let bound = (POSTINGS_PER_WORD * 4) as f64;
    println!("comparisons per headline: {small:.1} at 1,000, {large:.1} at 100,000");
    assert!(
        small <= bound && large <= bound,
        "{small:.1} and {large:.1} per headline"
    );
    assert!(
        large <= small * 2.0 + 8.0,
        "{small:.1} then {large:.1}: not linear"
    );
}

/// A store restores newest first: the postings still keep the newest
/// stories by time, so a fresh copy of a recent one finds it however
/// many older titles share its words.
#[test]
fn postings_keep_the_newest_by_time_whatever_the_order() {
    let mut index = StoryIndex::new(6 * 3600);
    let title = "Alpha beta gamma delta epsilon";
    index.insert(&headline("recent", title, None, 1_000));
    for i in 0..40 {
        let older = format!("{title} zeta{i} eta{i}");
        index.insert(&headline(&format!("old{i}"), &older, None, i));
    }
    let copy = headline("copy", title, None, 1_001);
    assert_eq!(index.assign(&copy).as_deref(), Some("recent"));
}

/// Words of forgotten stories leave the table: a stream of titles
/// made of ever new words, 1,000 stories kept, holds only the words of
/// those 1,000 however long it runs.
#[test]
fn a_stream_of_new_words_keeps_the_word_table_bounded() {
    let mut index = StoryIndex::new(6 * 3600);
    let live = 1_000;
    let words_per_title = 7;
    for i in 0..100_000 {
        let title = format!("AI shares w{i}a w{i}b w{i}c w{i}d w{i}e");
        index.assign(&headline(&format!("h{i}"), &title, None, i as i64));
        if i >= live {
            index.forget(&format!("h{}", i - live));
        }
    }
    let bound = live * words_per_title;
    assert!(
        index.words.len() <= bound && index.words.id_space() <= bound + words_per_title,
        "{} words held, {} ids handed out, for {live} stories",
        index.words.len(),
        index.words.id_space()
    );
}

/// The comparison as it was before words were interned: strings,
/// sorted and distinct. Kept as the reference the index must equal.
fn reference_match(a: &[String], b: &[String]) -> bool {
    let distinct = |w: &[String]| {
        let mut w = w.to_vec();
        w.sort_unstable();
        w.dedup();
        w
    };
    let (a, b) = (distinct(a), distinct(b));
    if a.len() < MIN_WORDS || b.len() < MIN_WORDS {
        return false;
    }
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    shared as f64 >= MIN_SIMILARITY * (a.len() + b.len() - shared) as f64
}

/// The index as it was before words were interned (string postings,
/// string comparison), kept as the reference its decisions must equal.
/// story, source, distinct sorted words, link, time.
type ReferenceEntry = (String, String, Vec<String>, Option<String>, Timestamp);

#[derive(Default)]
struct Reference {
    by_link: HashMap<String, String>,
    entries: HashMap<usize, ReferenceEntry>,
    by_word: HashMap<String, VecDeque<(Timestamp, usize)>>,
    by_story: HashMap<String, Vec<usize>>,
    next: usize,
}

impl Reference {
    fn index(&mut self, h: &Headline, search: bool) -> Option<String> {
        let link = h.link.as_deref().map(normalize_link);
        let mut words = title_words(&h.title);
        words.sort_unstable();
        words.dedup();
        let at = h.effective_time();
        let found = search
            .then(|| {
                link.as_ref()
                    .and_then(|l| self.by_link.get(l).cloned())
                    .or_else(|| self.by_title(&words, at, &h.source))
            })
            .flatten();
        let story = found.clone().unwrap_or_else(|| h.id.clone());
        let link = link.filter(|l| !self.by_link.contains_key(l));
        if let Some(l) = &link {
            self.by_link.insert(l.clone(), story.clone());
        }
        for w in &words {
            post(self.by_word.entry(w.clone()).or_default(), at, self.next);
        }
        let key = self.next;
        self.next += 1;
        self.by_story.entry(story.clone()).or_default().push(key);
        let entry = (story, h.source.clone(), words, link, at);
        self.entries.insert(key, entry);
        found
    }

    fn forget(&mut self, story: &str) {
        for key in self.by_story.remove(story).unwrap_or_default() {
            let (_, _, words, link, _) = self.entries.remove(&key).unwrap();
            if let Some(l) = &link {
                self.by_link.remove(l);
            }
            for w in &words {
                let list = self.by_word.get_mut(w).unwrap();
                list.retain(|(_, k)| *k != key);
                if list.is_empty() {
                    self.by_word.remove(w);
                }
            }
        }
    }

    fn by_title(&self, words: &[String], at: Timestamp, source: &str) -> Option<String> {
        if words.len() < MIN_WORDS {
            return None;
        }
        let mut mine: Vec<&String> = words.iter().collect();
        mine.sort_by_key(|w| self.by_word.get(*w).map_or(0, VecDeque::len));
        mine.iter()
            .take(mine.len() / 4 + 1)
            .filter_map(|w| self.by_word.get(*w))
            .flat_map(|list| list.iter().rev())
            .map(|(_, k)| &self.entries[k])
            .filter(|e| (e.4 - at).num_seconds().abs() <= 6 * 3600)
            .filter(|e| e.1 != source)
            .find(|e| reference_match(words, &e.2))
            .map(|e| e.0.clone())
    }
}

/// A retelling of `title` by another desk: a word dropped, added or
/// replaced, the words shuffled, or a publisher appended — most of
/// them near the 80% line, on either side of it.
fn retold(title: &str, rng: &mut fastrand::Rng) -> String {
    let mut words: Vec<String> = title.split(' ').map(str::to_string).collect();
    let at = rng.usize(0..words.len());
    match rng.u8(0..5) {
        0 if words.len() > 1 => drop(words.remove(at)),
        1 => words.insert(at, format!("x{}", rng.u8(0..20))),
        2 => words[at] = format!("y{}", rng.u8(0..20)),
        3 => rng.shuffle(&mut words),
        _ => words.push("- Wire".into()),
    }
    words.join(" ")
}

/// Feeds `titles` (some retold, some sharing a link, some restored
/// without a search, the oldest forgotten) to the index and to the
/// reference; every decision must be the same. Returns the merges.
fn same_decisions(titles: &[String], seed: u64) -> usize {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut index, mut reference) = (StoryIndex::new(6 * 3600), Reference::default());
    let mut told: Vec<String> = Vec::new();
    let mut merges = 0;
    for i in 0..titles.len() * 4 {
        let title = if i > 0 && rng.usize(0..100) < 30 {
            retold(
                &told[rng.usize(told.len().saturating_sub(200)..told.len())],
                &mut rng,
            )
        } else {
            titles[rng.usize(0..titles.len())].clone()
        };
        let link = (rng.usize(0..10) == 0).then(|| format!("https://x.example/{}", i % 97));
        let mut h = headline(&format!("h{i}"), &title, link.as_deref(), (i / 4) as i64);
        h.source = format!("feed-{}", rng.usize(0..8));
        let search = rng.usize(0..10) > 0;
        let ours = if search {
            index.assign(&h)
        } else {
            index.insert(&h);
            None
        };
        assert_eq!(ours, reference.index(&h, search), "headline {i}: {title}");
        merges += usize::from(ours.is_some());
        told.push(title);
        if i >= 2_000 {
            index.forget(&format!("h{}", i - 2_000));
            reference.forget(&format!("h{}", i - 2_000));
        }
    }
    merges
}

#[test]
fn interned_words_merge_exactly_what_the_string_comparison_merged() {
    let mut rng = fastrand::Rng::with_seed(11);
    let vocabulary: Vec<String> = (0..60).map(|w| format!("w{w}")).collect();
    let titles: Vec<String> = (0..3_000)
        .map(|_| {
            let len = rng.usize(2..13);
            let skewed = |rng: &mut fastrand::Rng| rng.usize(0..60).min(rng.usize(0..60));
            let words: Vec<&str> = (0..len).map(|_| &*vocabulary[skewed(&mut rng)]).collect();
            words.join(" ")
        })
        .collect();
    let merges = same_decisions(&titles, 3);
    assert!(
        merges > 500,
        "only {merges} merges: the test compares too little"
    );
    for (a, b) in titles.iter().zip(titles.iter().skip(1)) {
        let (a, b) = (title_words(a), title_words(&retold(b, &mut rng)));
        assert_eq!(titles_match(&a, &b), reference_match(&a, &b), "{a:?} {b:?}");
    }
}

/// The same on real headlines (the corpus' labeled titles), retold.
#[test]
fn interned_words_merge_what_the_string_comparison_merged_on_the_corpus() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/headlines/labeled.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: corpus not found at {}", path.display());
        return;
    };
    let titles: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .map(str::to_string)
        .collect();
    assert!(titles.len() > 100, "{} titles", titles.len());
    let merges = same_decisions(&titles, 5);
    assert!(
        merges > 50,
        "only {merges} merges: the test compares too little"
    );
}
