//! The filter query language, pure: parse once per keystroke, match many.
//!
//! ```text
//! nvidia chips          plain words: all must appear (any case) in the title or summary
//! "export curbs"        a quoted phrase
//! ai:yes  ai:no         AI-marked or not
//! $NVDA  ticker:NVDA    linked to a ticker
//! source:wsj            feed name contains
//! age:<2h  age:>1d      younger / older than
//! -word  -$TSLA  -source:x   exclude
//! ```
//! Terms are ANDed. Unknown `field:value` is a plain word. Problems (a bad
//! age) are reported, and the term is ignored, so typing never blanks the list.

use super::item::Item;
use crate::core::model::Timestamp;
use crate::core::text::Needle;

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Text(Needle),
    Ai(bool),
    Ticker(String),
    Source(Needle),
    /// Younger than (true) or older than (false) this many seconds.
    Age {
        younger: bool,
        secs: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    test: Test,
    negated: bool,
}

#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    terms: Vec<Term>,
    /// Human-readable problems, e.g. "age:<soon: not a duration".
    pub problems: Vec<String>,
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.terms == other.terms && self.problems == other.problems
    }
}

/// Whether `outer` contains `inner`, ASCII case folded as `Needle` folds.
fn contains_folded(outer: &Needle, inner: &Needle) -> bool {
    let lower = |n: &Needle| n.literal().to_ascii_lowercase();
    lower(outer).contains(&lower(inner))
}

impl Term {
    /// Whether an item passing `self` always passes `other`.
    fn implies(&self, other: &Term) -> bool {
        if self.negated != other.negated {
            return false;
        }
        match (&self.test, &other.test) {
            // Containing a longer text contains its parts; lacking a
            // shorter one lacks everything that contains it.
            (Test::Text(a), Test::Text(b)) | (Test::Source(a), Test::Source(b)) => {
                if self.negated {
                    contains_folded(b, a)
                } else {
                    contains_folded(a, b)
                }
            }
            (Test::Ai(a), Test::Ai(b)) => a == b,
            (Test::Ticker(a), Test::Ticker(b)) => a == b,
            _ => false,
        }
    }
}

/// Split into tokens, keeping quoted phrases (a missing closing quote runs
/// to the end, so half-typed phrases still filter).
fn tokens(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut tok = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                quoted = !quoted;
                tok.push(c);
                chars.next();
            } else if c.is_whitespace() && !quoted {
                break;
            } else {
                tok.push(c);
                chars.next();
            }
        }
        out.push(tok);
    }
    out
}

fn parse_age(value: &str) -> Option<Test> {
    let (younger, rest) = match value.chars().next()? {
        '<' => (true, &value[1..]),
        '>' => (false, &value[1..]),
        _ => (true, value),
    };
    let secs = humantime::parse_duration(rest.trim()).ok()?.as_secs() as i64;
    Some(Test::Age { younger, secs })
}

fn parse_term(token: &str) -> Result<Option<Term>, String> {
    if token == "-" {
        return Ok(None);
    }

    let (negated, body) = match token.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, token),
    };
    let test = if let Some(sym) = body.strip_prefix('$') {
        if sym.is_empty() {
            return Ok(None);
        }
        Test::Ticker(sym.to_ascii_uppercase())
    } else if body.starts_with('"') {
        let phrase = body.trim_matches('"');
        if phrase.is_empty() {
            return Ok(None);
        }
        Test::Text(Needle::anywhere(phrase))
    } else if let Some((field, value)) = body.split_once(':') {
        match field.to_ascii_lowercase().as_str() {
            "ai" => match value.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" => Test::Ai(true),
                "no" | "n" | "false" | "0" => Test::Ai(false),
                "" => return Ok(None),
                _ => return Err(format!("{token}: ai takes yes or no")),
            },
            "ticker" | "t" if !value.is_empty() => {
                Test::Ticker(value.trim_start_matches('$').to_ascii_uppercase())
            }
            "source" | "src" if !value.is_empty() => Test::Source(Needle::anywhere(value)),
            "age" if !value.is_empty() => {
                parse_age(value).ok_or_else(|| format!("{token}: age takes <2h, >1d, 30m …"))?
            }
            "ticker" | "t" | "source" | "src" | "age" => return Ok(None),
            _ => Test::Text(Needle::anywhere(body)),
        }
    } else {
        Test::Text(Needle::anywhere(body))
    };
    Ok(Some(Term { test, negated }))
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut terms = Vec::new();
        let mut problems = Vec::new();
        for tok in tokens(input) {
            match parse_term(&tok) {
                Ok(Some(term)) => terms.push(term),
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
        Query {
            text: input.trim().to_string(),
            terms,
            problems,
        }
    }

    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the query filters nothing.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every item this query keeps, `old` keeps too, so the new
    /// result can be found among the old one's. Never for ages: their
    /// result moves with the clock.
    pub fn narrows(&self, old: &Query) -> bool {
        !self.depends_on_time()
            && !old.depends_on_time()
            && old
                .terms
                .iter()
                .all(|o| self.terms.iter().any(|n| n.implies(o)))
    }

    /// Whether the result depends on the time it is taken at.
    pub fn depends_on_time(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.test, Test::Age { .. }))
    }

    /// The same tests (spacing and problems aside).
    pub fn same_terms(&self, other: &Query) -> bool {
        self.terms == other.terms
    }

    /// Whether the list keeps `item` under this query and the AI-only switch.
    pub fn keeps(&self, item: &Item, ai_only: bool, now: Timestamp) -> bool {
        (!ai_only || item.relevance.ai) && self.matches(item, now)
    }

    pub fn matches(&self, item: &Item, now: Timestamp) -> bool {
        self.terms.iter().all(|term| {
            let hit = match &term.test {
                Test::Text(needle) => {
                    needle.is_match(&item.headline.title) || needle.is_match(&item.headline.summary)
                }
                Test::Ai(want) => item.relevance.ai == *want,
                Test::Ticker(t) => item.tickers.iter().any(|x| x == t),
                Test::Source(needle) => needle.is_match(&item.headline.source),
                Test::Age { younger, secs } => {
                    let age = (now - item.headline.effective_time()).num_seconds();
                    if *younger { age <= *secs } else { age > *secs }
                }
            };
            hit != term.negated
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Headline;
    use crate::core::signal::Judge;
    use chrono::{Duration, TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap()
    }

    fn item(title: &str, source: &str, hours_ago: i64) -> Item {
        Item::judged(
            Headline {
                id: title.into(),
                title: title.into(),
                link: None,
                source: source.into(),
                published: Some(now() - Duration::hours(hours_ago)),
                first_seen: now(),
                summary: "Shares of chipmakers moved sharply.".into(),
            },
            &Judge::builtin(),
        )
    }

    fn items() -> Vec<Item> {
        vec![
            item(
                "Nvidia slides as DeepSeek rattles the AI trade",
                "WSJ Technology",
                1,
            ),
            item("Tesla recalls Model Y over seat belts", "CNBC Top News", 3),
            item(
                "Treasury yields ease as investors seek safety",
                "MarketWatch",
                30,
            ),
            item(
                "Export curbs on AI chips widen to more countries",
                "WSJ Markets",
                5,
            ),
        ]
    }

    /// Titles (first word) of the items the query keeps.
    fn keep(query: &str) -> Vec<String> {
        let q = Query::parse(query);
        items()
            .iter()
            .filter(|i| q.matches(i, now()))
            .map(|i| i.headline.title.split(' ').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn empty_query_keeps_everything() {
        assert!(Query::parse("   ").is_empty());
        assert_eq!(keep(""), ["Nvidia", "Tesla", "Treasury", "Export"]);
    }

    #[test]
    fn words_are_anded_and_case_insensitive() {
        assert_eq!(keep("nvidia"), ["Nvidia"]);
        assert_eq!(keep("AI chips"), ["Export"]);
        assert_eq!(keep("the ai"), ["Nvidia"]);
        assert_eq!(keep("zzz"), Vec::<String>::new());
    }

    #[test]
    fn words_also_search_the_summary() {
        assert_eq!(keep("chipmakers").len(), 4);
    }

    #[test]
    fn quoted_phrases_match_as_a_whole() {
        assert_eq!(keep("\"export curbs\""), ["Export"]);
        assert_eq!(keep("\"curbs export\""), Vec::<String>::new());
        // Still typing: an unclosed quote runs to the end.
        assert_eq!(keep("\"model y"), ["Tesla"]);
    }

    #[test]
    fn ai_field() {
        assert_eq!(keep("ai:yes"), ["Nvidia", "Export"]);
        assert_eq!(keep("ai:no"), ["Tesla", "Treasury"]);
        assert_eq!(keep("AI:True"), ["Nvidia", "Export"]);
        assert_eq!(
            Query::parse("ai:maybe").problems,
            ["ai:maybe: ai takes yes or no"]
        );
    }

    #[test]
    fn tickers_by_cashtag_or_field() {
        assert_eq!(keep("$NVDA"), ["Nvidia"]);
        assert_eq!(keep("$nvda"), ["Nvidia"]);
        assert_eq!(keep("ticker:tsla"), ["Tesla"]);
        assert_eq!(keep("-$TSLA -$NVDA"), ["Treasury", "Export"]);
    }

    #[test]
    fn source_field_is_a_substring() {
        assert_eq!(keep("source:wsj"), ["Nvidia", "Export"]);
        assert_eq!(keep("source:WSJ ai:yes -curbs"), ["Nvidia"]);
    }

    #[test]
    fn age_field() {
        assert_eq!(keep("age:<2h"), ["Nvidia"]);
        assert_eq!(keep("age:>1d"), ["Treasury"]);
        assert_eq!(keep("age:4h"), ["Nvidia", "Tesla"]);
        let q = Query::parse("age:<soon nvidia");
        assert_eq!(q.problems.len(), 1);
        assert_eq!(
            keep("age:<soon nvidia"),
            ["Nvidia"],
            "a bad term is ignored, not fatal"
        );
    }

    #[test]
    fn exclusions() {
        assert_eq!(keep("-ai"), ["Tesla", "Treasury"]);
        assert_eq!(keep("-\"export curbs\" ai:yes"), ["Nvidia"]);
        assert_eq!(keep("-source:wsj"), ["Tesla", "Treasury"]);
    }

    #[test]
    fn half_typed_terms_filter_nothing_yet() {
        for partial in ["$", "-", "ticker:", "source:", "age:", "ai:", "\""] {
            assert_eq!(keep(partial).len(), 4, "{partial:?}");
            assert!(Query::parse(partial).problems.is_empty(), "{partial:?}");
        }
    }

    #[test]
    fn unknown_fields_are_plain_words() {
        assert_eq!(keep("foo:bar"), Vec::<String>::new());
        let q = Query::parse("http://x");
        assert_eq!(q.terms.len(), 1);
    }
}
