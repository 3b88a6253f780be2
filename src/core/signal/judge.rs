//! The core's judgement of a headline: AI relevance plus ticker links,
//! from the shipped tables with the user's `[ai]`/`[tickers]` overrides.
//! A headline is judged in its context: the title's words first, then what
//! its feed, its link and its summary add (see docs/SIGNAL.md).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use super::evidence::Part;
use super::feed_prior::FeedPrior;
use super::linking::TickerLinker;
use super::phrases::{PhraseEntry, parse_table};
use super::publishers::{Publisher, Publishers, host_of};
use super::relevance::{AiClassifier, Found, Relevance};
use crate::core::hash::{Fields, fnv1a};

const AI_TERMS: &str = include_str!("data/ai_terms.tsv");
const ENTITIES: &str = include_str!("data/entities.tsv");
const SOURCES: &str = include_str!("data/sources.tsv");

/// The built-in judge's version: the release, the shipped tables and the
/// code that reads them, hashed at compile time. Any change to one makes
/// every stored judgement stale, with nobody to remember to bump a number.
const BUILTIN_VERSION: u64 = fnv1a(&[
    env!("CARGO_PKG_VERSION").as_bytes(),
    AI_TERMS.as_bytes(),
    ENTITIES.as_bytes(),
    SOURCES.as_bytes(),
    include_bytes!("judge.rs"),
    include_bytes!("relevance.rs"),
    include_bytes!("linking.rs"),
    include_bytes!("phrases.rs"),
    include_bytes!("publishers.rs"),
    include_bytes!("shapes.rs"),
    include_bytes!("evidence.rs"),
    include_bytes!("feed_prior.rs"),
    include_bytes!("../text.rs"),
]);

/// A summary's terms count half, and a summary alone never decides.
const SUMMARY_FACTOR: f32 = 0.5;
const SUMMARY_CAP: f32 = 0.75;
/// A link's path words count half, at most one weak word's worth: slugs
/// carry keywords the headline itself does not claim.
const SLUG_FACTOR: f32 = 0.5;
const SLUG_CAP: f32 = 0.5;
/// A host on the .ai domain that the table does not know.
const AI_DOMAIN_HOST: f32 = 0.5;
/// A feed whose name alone reads as AI ("Google News: AI", "r/LocalLLaMA").
const AI_NAMED_FEED: f32 = 0.75;
/// All the feed's priors together weigh at most this.
const SOURCE_CAP: f32 = 1.0;

/// One user override: a phrase mapped to a weight (AI) or ticker (links).
/// An empty value or "0" removes the built-in entry of that phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub phrase: String,
    pub value: String,
    pub case_sensitive: bool,
}

/// What the user says about one configured feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Topic {
    /// Priors from the publisher table, the feed's name and its record.
    #[default]
    Auto,
    /// Every headline from it is AI.
    Ai,
    /// No priors at all: only its headlines' own words count.
    General,
}

/// A configured feed: its topic, its URL (whose host may be a known
/// publisher) and the company it speaks for, if the user says so.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedRule {
    pub name: String,
    pub url: String,
    pub topic: Topic,
    /// `Some("")` says the feed speaks for no company.
    pub ticker: Option<String>,
}

/// A headline in its context, as a feed or `classify` gives it.
#[derive(Debug, Clone, Copy, Default)]
pub struct HeadlineText<'a> {
    pub title: &'a str,
    /// The feed's name.
    pub source: &'a str,
    pub link: Option<&'a str>,
    pub summary: &'a str,
}

pub struct Judge {
    pub ai: AiClassifier,
    pub linker: TickerLinker,
    pub publishers: Publishers,
    feeds: HashMap<String, FeedRule>,
    /// Learn a prior from each feed's recent items.
    learn: bool,
    /// The built-in version and everything the user configured: two
    /// judges with the same fingerprint judge alike.
    fingerprint: Fields,
    /// Headlines judged in context so far (`calls`).
    calls: AtomicU64,
}

impl std::fmt::Debug for Judge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Judge")
    }
}

impl Judge {
    /// The shipped tables, built once.
    pub fn builtin() -> Arc<Judge> {
        static BUILTIN: LazyLock<Arc<Judge>> = LazyLock::new(|| {
            Arc::new(Judge::with_overrides(&[], &[]).expect("built-in tables parse"))
        });
        BUILTIN.clone()
    }

    pub fn with_overrides(ai_terms: &[Override], aliases: &[Override]) -> Result<Judge, String> {
        let ai = merge(parse_table(AI_TERMS)?, ai_terms);
        let links = merge(parse_table(ENTITIES)?, aliases);
        let fingerprint = [("terms", ai_terms), ("aliases", aliases)].iter().fold(
            Fields(BUILTIN_VERSION),
            |f, (table, overrides)| {
                overrides.iter().fold(f.text(table), |f, o| {
                    f.text(&o.phrase)
                        .text(&o.value)
                        .bytes(&[u8::from(o.case_sensitive)])
                })
            },
        );
        Ok(Judge {
            ai: AiClassifier::new(ai)?,
            linker: TickerLinker::new(links),
            publishers: Publishers::new(Publishers::parse(SOURCES)?),
            feeds: HashMap::new(),
            learn: true,
            fingerprint,
            calls: AtomicU64::new(0),
        })
    }

    /// The key a judgement of `h` by this judge is stored with: the same
    /// only for the same judge (version and configuration) and the same
    /// text, so a stored judgement with it is what judging again gives
    /// (but for what the feed's record lent at the time).
    pub fn key_for(&self, h: &HeadlineText) -> u64 {
        // Only its own feed's rule shapes a judgement: adding or editing
        // another feed leaves the stored ones standing.
        let rule = self.feeds.get(h.source);
        let ticker = rule.and_then(|r| r.ticker.as_deref());
        self.fingerprint
            .bytes(&[
                u8::from(rule.is_some()),
                rule.map_or(0, |r| r.topic as u8),
                u8::from(ticker.is_some()),
            ])
            .text(rule.map_or("", |r| &r.url))
            .text(ticker.unwrap_or_default())
            .text(h.title)
            .text(h.source)
            .bytes(&[u8::from(h.link.is_some())])
            .text(h.link.unwrap_or_default())
            .text(h.summary)
            .0
    }

    /// Change or add publishers' AI weights (`[ai] sources`); a new pattern
    /// speaks for no company.
    pub fn with_sources(mut self, weights: &[(String, f32)]) -> Judge {
        self.fingerprint = weights
            .iter()
            .fold(self.fingerprint.text("sources"), |f, (p, w)| {
                f.text(p).bytes(&w.to_le_bytes())
            });
        let mut rows = Publishers::parse(SOURCES).expect("built-in sources parse");
        for (pattern, ai) in weights {
            match rows.iter_mut().find(|(p, _)| &p.pattern == pattern) {
                Some((p, _)) => p.ai = *ai,
                None => rows.push((
                    Publisher {
                        pattern: pattern.clone(),
                        ai: *ai,
                        ticker: None,
                        kind: "config".into(),
                    },
                    false,
                )),
            }
        }
        self.publishers = Publishers::new(rows);
        self
    }

    /// The configured feeds' topics, URLs and companies.
    pub fn with_feeds(mut self, rules: Vec<FeedRule>) -> Judge {
        self.feeds = rules.into_iter().map(|r| (r.name.clone(), r)).collect();
        self
    }

    /// Whether feeds earn a prior from their recent items.
    pub fn learning(mut self, learn: bool) -> Judge {
        self.fingerprint = self.fingerprint.text("learn").bytes(&[u8::from(learn)]);
        self.learn = learn;
        self
    }

    /// The title alone: AI relevance and tickers.
    pub fn judge(&self, title: &str) -> (Relevance, Vec<String>) {
        let lower = title.to_ascii_lowercase();
        (
            self.ai.classify_lowered(title, &lower),
            self.linker.link_lowered(title, &lower),
        )
    }

    /// A headline in its context. With a `record`, the feed's recent items
    /// lend their weight, and this one joins them.
    pub fn judge_in(
        &self,
        h: &HeadlineText,
        record: Option<&mut FeedPrior>,
    ) -> (Relevance, Vec<String>) {
        let (rel, tickers, _) = self.judge_with_own_words(h, record);
        (rel, tickers)
    }

    /// `judge_in`, and whether the headline is AI by its own words (title,
    /// link, summary): what the feed's record learns from it.
    pub fn judge_with_own_words(
        &self,
        h: &HeadlineText,
        record: Option<&mut FeedPrior>,
    ) -> (Relevance, Vec<String>, bool) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let (mut rel, mut tickers) = self.judge(h.title);
        // The title's counter-evidence, looked for only when a prior is at
        // stake.
        let counter = OnceCell::new();
        if let Some(link) = h.link {
            let title = (h.title, &counter);
            self.weigh_link(link, title, &mut rel, &mut tickers);
        }
        if !h.summary.is_empty() {
            let found = self.ai.terms_in(h.summary, &h.summary.to_ascii_lowercase());
            let (weight, terms) = beyond_title(found, &rel, SUMMARY_FACTOR, SUMMARY_CAP);
            rel.add(Part::Summary, weight, terms);
        }
        let by_its_words = rel.ai;
        let rule = self.feeds.get(h.source);
        let yields = |rel: &Relevance| self.yields(h.title, rel, &counter);
        let (priors, ticker) = self.priors(h.source, rule, record.as_deref(), &mut rel);
        // Looked for only when there is a prior to yield.
        if let Some((w, reasons)) = priors {
            match yields(&rel) {
                None => rel.add(Part::Source, w, reasons),
                Some(why) => rel.note(Part::Source, yielded(&reasons, &why)),
            }
        }
        link_ticker(ticker.as_deref(), Part::Source, &mut rel, &mut tickers);
        if let Some(record) = record {
            self.remember(h.source, by_its_words, record);
        }
        (rel, tickers, by_its_words)
    }

    /// How many headlines this judge has judged in context: what a
    /// restore that takes stored judgements saves.
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Let the feed's record learn from one of its items (when it learns):
    /// also for an item whose stored judgement is taken as it is.
    pub fn remember(&self, source: &str, own_words: bool, record: &mut FeedPrior) {
        let topic = self.feeds.get(source).map(|r| r.topic).unwrap_or_default();
        if self.learn && topic == Topic::Auto {
            record.observe(source, own_words);
        }
    }

    /// Why the priors must yield, if they must: the headline is not AI by
    /// its own words and its title says it is about something else.
    fn yields(
        &self,
        title: &str,
        rel: &Relevance,
        counter: &OnceCell<Vec<String>>,
    ) -> Option<String> {
        if rel.ai {
            return None;
        }
        let c = counter.get_or_init(|| self.ai.counter_in(title, &title.to_ascii_lowercase()));
        (!c.is_empty()).then(|| c.join(", "))
    }

    fn weigh_link(
        &self,
        link: &str,
        (title, counter): (&str, &OnceCell<Vec<String>>),
        rel: &mut Relevance,
        tickers: &mut Vec<String>,
    ) {
        let Some(host) = host_of(link) else { return };
        match self.publishers.by_host(&host) {
            Some(p) => {
                match self.yields(title, rel, counter).filter(|_| p.ai > 0.0) {
                    None => rel.add(Part::Link, p.ai, vec![p.reason()]),
                    Some(why) => rel.note(Part::Link, yielded(&[p.reason()], &why)),
                }
                link_ticker(p.ticker.as_deref(), Part::Link, rel, tickers);
            }
            None if host.ends_with(".ai") => rel.add(
                Part::Link,
                AI_DOMAIN_HOST,
                vec![format!("{host} (.ai host)")],
            ),
            None => {}
        }
        let words = slug_words(link);
        let found = self.ai.terms_any_case(&words);
        let (weight, terms) = beyond_title(found, rel, SLUG_FACTOR, SLUG_CAP);
        rel.add(Part::Link, weight, terms);
    }

    /// The feed's priors (weight and reasons; `None` for none: the
    /// config's `topic = "ai"` is added at once) and the company it speaks
    /// for.
    fn priors(
        &self,
        source: &str,
        rule: Option<&FeedRule>,
        record: Option<&FeedPrior>,
        rel: &mut Relevance,
    ) -> (Option<(f32, Vec<String>)>, Option<String>) {
        if source.is_empty() {
            return (None, None);
        }
        let topic = rule.map(|r| r.topic).unwrap_or_default();
        let publisher = match topic {
            Topic::General => None,
            _ => self.publishers.by_name(source).or_else(|| {
                let host = host_of(&rule?.url)?;
                self.publishers.by_host(&host)
            }),
        };
        let ticker = match rule.and_then(|r| r.ticker.as_deref()) {
            Some(t) => Some(t).filter(|t| !t.is_empty()),
            None => publisher.and_then(|p| p.ticker.as_deref()),
        };
        let mut priors: Vec<(f32, String)> = Vec::new();
        match topic {
            Topic::General => {}
            Topic::Ai => priors.push((1.0, "topic = \"ai\" in the config".into())),
            Topic::Auto => {
                if let Some(p) = publisher.filter(|p| p.ai > 0.0) {
                    priors.push((p.ai, p.reason()));
                }
                let named = self.ai.classify(source);
                if named.ai && !priors.iter().any(|(w, _)| *w >= AI_NAMED_FEED) {
                    priors.push((
                        AI_NAMED_FEED,
                        format!("its name says {}", named.terms.join(", ")),
                    ));
                }
                if let Some(learned) = record.filter(|_| self.learn).and_then(|r| r.prior(source)) {
                    priors.push(learned);
                }
            }
        }
        let ticker = ticker.map(String::from);
        // The user's `topic = "ai"` is no prior to overrule.
        let topic_ai = topic == Topic::Ai;
        let weight = priors.iter().map(|(w, _)| w).sum::<f32>().min(SOURCE_CAP);
        let reasons = priors.into_iter().map(|(_, r)| r).collect();
        if topic_ai {
            rel.add(Part::Source, weight, reasons);
            return (None, ticker);
        }
        ((weight > 0.0).then_some((weight, reasons)), ticker)
    }
}

/// The note a prior leaves when it yields to the title's counter-evidence.
fn yielded(reasons: &[String], why: &str) -> String {
    format!("{} yields: the title says {why}", reasons.join(", "))
}

/// A company's own newsroom or site links its headlines to the company.
fn link_ticker(ticker: Option<&str>, part: Part, rel: &mut Relevance, tickers: &mut Vec<String>) {
    let Some(t) = ticker else { return };
    if !tickers.iter().any(|x| x == t) {
        tickers.push(t.to_string());
        rel.note(part, format!("links {t}"));
    }
}

/// Terms a part adds beyond the title's, weighted down and capped.
fn beyond_title(found: Found, rel: &Relevance, factor: f32, cap: f32) -> (f32, Vec<String>) {
    let weight: f32 = found
        .terms
        .iter()
        .zip(&found.weights)
        .filter(|(t, _)| !rel.terms.contains(t))
        .map(|(_, w)| w)
        .sum();
    let terms = found
        .terms
        .into_iter()
        .filter(|t| !rel.terms.contains(t))
        .collect();
    ((weight * factor).min(cap), terms)
}

/// A link's host name and path as lower-case words: `openai.com/index/
/// introducing-gpt-5` -> "openai index introducing gpt 5".
fn slug_words(link: &str) -> String {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let labels: Vec<&str> = host.split('.').collect();
    // The host's name without "www" and the top-level domain.
    let name = labels[..labels.len().saturating_sub(1)]
        .iter()
        .filter(|l| **l != "www")
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let path: String = path
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    format!("{} {path}", name.to_ascii_lowercase())
}

fn merge(mut base: Vec<PhraseEntry>, overrides: &[Override]) -> Vec<PhraseEntry> {
    for o in overrides {
        let (phrase, versioned) = match o.phrase.strip_suffix('#') {
            Some(p) => (p, true),
            None => (o.phrase.as_str(), false),
        };
        base.retain(|e| e.phrase != phrase);
        if !o.value.is_empty() && o.value != "0" {
            base.push(PhraseEntry {
                phrase: phrase.to_string(),
                value: o.value.clone(),
                case_sensitive: o.case_sensitive,
                vetoes: Vec::new(),
                versioned,
            });
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(phrase: &str, value: &str) -> Override {
        Override {
            phrase: phrase.into(),
            value: value.into(),
            case_sensitive: false,
        }
    }

    #[test]
    fn overrides_add_change_and_remove_entries() {
        let judge = Judge::with_overrides(
            &[o("Stargate", "1"), o("Sora", "0")],
            &[o("Stargate", "ORCL"), o("Nvidia", "")],
        )
        .unwrap();
        let (rel, tickers) = judge.judge("Stargate expands again");
        assert!(rel.ai);
        assert_eq!(tickers, ["ORCL"]);
        assert!(!judge.judge("Sora premieres at festival").0.ai);
        assert!(judge.judge("Nvidia results").1.is_empty());
        // The built-in judge is untouched.
        assert!(Judge::builtin().judge("Sora premieres at festival").0.ai);
    }

    fn in_context(
        judge: &Judge,
        title: &str,
        source: &str,
        link: Option<&str>,
        summary: &str,
    ) -> (Relevance, Vec<String>) {
        let h = HeadlineText {
            title,
            source,
            link,
            summary,
        };
        judge.judge_in(&h, None)
    }

    #[test]
    fn an_ai_labs_feed_makes_its_plain_titles_ai() {
        let judge = Judge::builtin();
        let (rel, tickers) = in_context(
            &judge,
            "Introducing Citations on the API",
            "Anthropic News",
            None,
            "",
        );
        assert!(rel.ai);
        assert_eq!(rel.decided_by(), [Part::Source]);
        assert!(tickers.is_empty(), "a private lab links no ticker");
        let (rel, tickers) = in_context(&judge, "Why models hallucinate", "OpenAI News", None, "");
        assert!(rel.ai);
        assert_eq!(tickers, ["MSFT"], "OpenAI's own newsroom");
        // The same title from a general feed is not.
        assert!(
            !in_context(
                &judge,
                "Introducing Citations on the API",
                "Hacker News",
                None,
                ""
            )
            .0
            .ai
        );
    }

    #[test]
    fn a_newsroom_links_its_company_without_making_it_ai() {
        let judge = Judge::builtin();
        let (rel, tickers) = in_context(
            &judge,
            "Quarterly dividend declared",
            "NVIDIA Newsroom",
            None,
            "",
        );
        assert!(!rel.ai);
        assert_eq!(tickers, ["NVDA"]);
        let (rel, tickers) = in_context(
            &judge,
            "The next billion users",
            "Hacker News",
            Some("https://blog.google/topics/next-billion-users/"),
            "",
        );
        assert!(!rel.ai);
        assert_eq!(tickers, ["GOOGL"], "a link to the company's own blog");
        assert_eq!(rel.evidence()[0].reasons, ["links GOOGL"]);
    }

    #[test]
    fn link_and_summary_add_weight_but_never_decide_alone() {
        let judge = Judge::builtin();
        let slug = Some("https://example.com/2025/deepseek-ai-chips-nvidia");
        assert!(
            !in_context(&judge, "Trump is going woke", "Opinion", slug, "")
                .0
                .ai
        );
        let summary = "The chatbot from OpenAI now answers with sources.";
        assert!(
            !in_context(&judge, "A new way to search", "Daily", None, summary)
                .0
                .ai
        );
        // Each adds to a weak word in the title.
        let (rel, _) = in_context(&judge, "Chip stocks rally", "Daily", slug, "");
        assert!(rel.ai);
        assert_eq!(rel.decided_by(), [Part::Title, Part::Link]);
        let (rel, _) = in_context(&judge, "Chip stocks rally", "Daily", None, summary);
        assert_eq!(rel.decided_by(), [Part::Summary, Part::Title]);
    }

    #[test]
    fn a_feed_named_for_ai_and_a_feed_mostly_about_ai_lend_weight() {
        let judge = Judge::builtin();
        assert!(
            in_context(&judge, "Nvidia earnings beat", "Google News: AI", None, "")
                .0
                .ai
        );
        assert!(
            !in_context(&judge, "Nvidia earnings beat", "Markets Daily", None, "")
                .0
                .ai
        );
        let mut record = FeedPrior::default();
        let mut judge_in = |title: &str| {
            let h = HeadlineText {
                title,
                source: "Some Newsletter",
                ..Default::default()
            };
            judge.judge_in(&h, Some(&mut record)).0
        };
        assert!(!judge_in("Robots at the port").ai, "nothing learned yet");
        for _ in 0..5 {
            assert!(judge_in("A new LLM for lawyers").ai);
        }
        let rel = judge_in("Robots at the port");
        assert!(rel.ai, "the feed's record adds to a weak word");
        assert!(rel.evidence()[1].reasons[0].contains("of its last 6 items are AI"));
    }

    #[test]
    fn configured_topics_and_tickers_override_the_tables() {
        let rules = vec![
            FeedRule {
                name: "Lab Blog".into(),
                url: "https://lab.example/feed".into(),
                topic: Topic::Ai,
                ticker: Some("ACME".into()),
            },
            FeedRule {
                name: "OpenAI News".into(),
                url: "https://openai.com/news/rss.xml".into(),
                topic: Topic::General,
                ticker: Some(String::new()),
            },
            FeedRule {
                name: "Desk".into(),
                url: "https://nvidianews.nvidia.com/releases.xml".into(),
                ..FeedRule::default()
            },
        ];
        let judge = Judge::with_overrides(&[], &[])
            .unwrap()
            .with_sources(&[("Anthropic".into(), 0.0)])
            .with_feeds(rules);
        let (rel, tickers) = in_context(&judge, "Quarterly update", "Lab Blog", None, "");
        assert!(rel.ai);
        assert_eq!(tickers, ["ACME"]);
        let (rel, tickers) = in_context(&judge, "Quarterly update", "OpenAI News", None, "");
        assert!(!rel.ai && tickers.is_empty());
        assert_eq!(
            in_context(&judge, "Quarterly update", "Desk", None, "").1,
            ["NVDA"],
            "known by its URL's host"
        );
        assert!(
            !in_context(&judge, "Quarterly update", "Anthropic News", None, "")
                .0
                .ai
        );
    }

    /// A stored judgement is keyed by everything that shapes it: the
    /// same configuration and text give the same key, any change another.
    #[test]
    fn the_key_changes_with_the_configuration_and_the_text() {
        let rule = |topic, ticker: Option<&str>| FeedRule {
            name: "Desk".into(),
            url: "https://desk.example/feed".into(),
            topic,
            ticker: ticker.map(String::from),
        };
        let build = |terms: &[Override], aliases: &[Override], weights: &[(String, f32)]| {
            Judge::with_overrides(terms, aliases)
                .unwrap()
                .with_sources(weights)
                .with_feeds(vec![rule(Topic::Auto, None)])
                .learning(true)
        };
        let text = HeadlineText {
            title: "Chip stocks rally",
            source: "Desk",
            link: Some("https://desk.example/a"),
            summary: "",
        };
        let key = |j: &Judge| j.key_for(&text);
        let base = key(&build(&[], &[], &[]));
        assert_eq!(base, key(&build(&[], &[], &[])), "the same for the same");
        let lab = FeedRule {
            name: "Lab".into(),
            url: "https://lab.example/feed".into(),
            topic: Topic::Ai,
            ticker: None,
        };
        let one_more = build(&[], &[], &[]).with_feeds(vec![rule(Topic::Auto, None), lab]);
        assert_eq!(
            key(&one_more),
            base,
            "another feed leaves this one's standing"
        );
        let exact = Override {
            case_sensitive: true,
            ..o("GPU", "1")
        };
        let weight = [("Desk".to_string(), 0.5)];
        let others = [
            key(&build(&[o("GPU", "1")], &[], &[])),
            key(&build(&[exact], &[], &[])),
            key(&build(&[], &[o("GPU", "1")], &[])),
            key(&build(&[], &[], &weight)),
            key(&build(&[], &[], &[]).learning(false)),
            key(&build(&[], &[], &[]).with_feeds(vec![rule(Topic::Ai, None)])),
            key(&build(&[], &[], &[]).with_feeds(vec![rule(Topic::Auto, Some(""))])),
            key(&build(&[], &[], &[]).with_feeds(vec![rule(Topic::Auto, Some("ACME"))])),
            Judge::builtin().key_for(&text),
        ];
        let judge = build(&[], &[], &[]);
        let texts = [
            HeadlineText {
                title: "Chip stocks rally!",
                ..text
            },
            HeadlineText {
                source: "Desk 2",
                ..text
            },
            HeadlineText { link: None, ..text },
            HeadlineText {
                summary: "Chatbots",
                ..text
            },
        ];
        let mut all: Vec<u64> = others.to_vec();
        all.extend(texts.iter().map(|t| judge.key_for(t)));
        all.push(base);
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "every change gives another key");
    }

    #[test]
    fn bad_weights_are_errors() {
        assert!(Judge::with_overrides(&[o("x", "heavy")], &[]).is_err());
    }
}
