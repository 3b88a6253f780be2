//! Whole-word phrase matching shared by AI marking and ticker linking.
//!
//! One Aho-Corasick automaton (case-insensitive) finds candidates; each
//! candidate must then sit on word boundaries, match case when its entry
//! is case-sensitive, and survive its veto words (context that means the
//! phrase is something else, e.g. "Claude Monet").

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::core::text::{contains_word, is_word_char, on_word_boundaries};

#[derive(Debug, Clone)]
pub struct PhraseEntry {
    pub phrase: String,
    /// Whatever the caller maps the phrase to (a weight, a ticker …).
    pub value: String,
    pub case_sensitive: bool,
    /// Lower-case words; if any appears as a whole word in the text the
    /// match is discarded.
    pub vetoes: Vec<String>,
    /// Written `Name#` in a table: counts only when a version follows
    /// ("Phi-4", "Sonnet 4.5"), for names that are common words alone.
    pub versioned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub struct PhraseMatcher {
    automaton: AhoCorasick,
    entries: Vec<PhraseEntry>,
}

/// Parse a TSV table: `phrase<TAB>value<TAB>i|s<TAB>veto,veto`; `#` comments.
pub fn parse_table(text: &str) -> Result<Vec<PhraseEntry>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!("line {}: expected phrase, value, case", n + 1));
        }
        let case_sensitive = match cols[2] {
            "s" => true,
            "i" => false,
            other => {
                return Err(format!(
                    "line {}: case must be i or s, not {other:?}",
                    n + 1
                ));
            }
        };
        let vetoes = cols
            .get(3)
            .map(|v| {
                v.split(',')
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let (phrase, versioned) = match cols[0].strip_suffix('#') {
            Some(name) => (name, true),
            None => (cols[0], false),
        };
        out.push(PhraseEntry {
            phrase: phrase.to_string(),
            value: cols[1].to_string(),
            case_sensitive,
            vetoes,
            versioned,
        });
    }
    Ok(out)
}

impl PhraseMatcher {
    pub fn new(entries: Vec<PhraseEntry>) -> Self {
        // Patterns and text are both ASCII-lower-cased: an exact-case
        // automaton keeps its fast prefilter, which case-insensitive
        // matching would lose.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| e.phrase.to_ascii_lowercase()))
            .expect("phrase table builds");
        PhraseMatcher { automaton, entries }
    }

    pub fn entry(&self, idx: usize) -> &PhraseEntry {
        &self.entries[idx]
    }

    /// All accepted matches, left to right, non-overlapping. `lower` is
    /// `text.to_ascii_lowercase()` (same byte offsets), made once by the caller.
    pub fn find<'a>(
        &'a self,
        text: &'a str,
        lower: &'a str,
    ) -> impl Iterator<Item = PhraseMatch> + 'a {
        self.find_cased(text, lower, true)
    }

    /// `find` that ignores the entries' case rules: for text that has lost
    /// its case, such as a link's path.
    pub fn find_any_case<'a>(&'a self, lower: &'a str) -> impl Iterator<Item = PhraseMatch> + 'a {
        self.find_cased(lower, lower, false)
    }

    fn find_cased<'a>(
        &'a self,
        text: &'a str,
        lower: &'a str,
        respect_case: bool,
    ) -> impl Iterator<Item = PhraseMatch> + 'a {
        // The text's words, split once and only if a match has vetoes.
        let words: std::cell::OnceCell<Vec<&str>> = std::cell::OnceCell::new();
        self.automaton.find_iter(lower).filter_map(move |m| {
            let (start, end) = (m.start(), m.end());
            let entry = &self.entries[m.pattern().as_usize()];
            let accepted = on_phrase_boundaries(text, start, end)
                && (!respect_case || !entry.case_sensitive || text[start..end] == entry.phrase)
                && (!entry.versioned || version_follows(&text[end..]))
                && !entry.vetoes.iter().any(|v| {
                    if v.chars().all(is_word_char) {
                        words
                            .get_or_init(|| lower.split(|c: char| !is_word_char(c)).collect())
                            .contains(&v.as_str())
                    } else {
                        contains_word(lower, v)
                    }
                });
            accepted.then_some(PhraseMatch {
                entry: m.pattern().as_usize(),
                start,
                end,
            })
        })
    }
}

/// Whole words, except that a name ending in a letter may run into its
/// version number ("Qwen2.5", "Llama3").
fn on_phrase_boundaries(text: &str, start: usize, end: usize) -> bool {
    let runs_into_version = text[start..end].ends_with(char::is_alphabetic)
        && text[end..].starts_with(|c: char| c.is_ascii_digit());
    on_word_boundaries(text, start, end)
        || (runs_into_version && on_word_boundaries(&text[..end], start, end))
}

/// Does a version start here: "-4", " 4.5", "4", "-V3", " v2"?
fn version_follows(rest: &str) -> bool {
    let rest = rest.strip_prefix(['-', ' ']).unwrap_or(rest);
    let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(rows: &str) -> PhraseMatcher {
        PhraseMatcher::new(parse_table(rows).unwrap())
    }

    #[test]
    fn matches_whole_words_only() {
        let m = matcher("AI\t1\ts\n");
        assert_eq!(
            m.find("Air India said", &"Air India said".to_ascii_lowercase())
                .count(),
            0
        );
        assert_eq!(
            m.find("AI-powered tools", &"AI-powered tools".to_ascii_lowercase())
                .count(),
            1
        );
        assert_eq!(m.find("Taiwan", &"Taiwan".to_ascii_lowercase()).count(), 0);
        assert_eq!(
            m.find("the AI's future", &"the AI's future".to_ascii_lowercase())
                .count(),
            1
        );
    }

    #[test]
    fn case_sensitive_entries_need_exact_case() {
        let m = matcher("Apple\tAAPL\ts\n");
        assert_eq!(
            m.find("apple pie", &"apple pie".to_ascii_lowercase())
                .count(),
            0
        );
        assert_eq!(
            m.find("Apple earnings", &"Apple earnings".to_ascii_lowercase())
                .count(),
            1
        );
    }

    #[test]
    fn vetoes_discard_the_match() {
        let m = matcher("Claude\t1\ts\tmonet\n");
        assert_eq!(
            m.find(
                "Claude Monet at auction",
                &"Claude Monet at auction".to_ascii_lowercase()
            )
            .count(),
            0
        );
        assert_eq!(
            m.find(
                "Claude writes code",
                &"Claude writes code".to_ascii_lowercase()
            )
            .count(),
            1
        );
    }

    #[test]
    fn punctuated_phrases_match_at_edges() {
        let m = matcher("A.I.\t1\ts\n");
        assert_eq!(
            m.find("the A.I. boom", &"the A.I. boom".to_ascii_lowercase())
                .count(),
            1
        );
    }

    #[test]
    fn veto_words_match_whole_words() {
        assert!(contains_word("claude monet sells", "monet"));
        assert!(!contains_word("monetary policy", "monet"));
        assert!(contains_word("meta-analysis", "analysis"));
        assert!(!contains_word("ab", "abc"));
        let m = matcher("Claude\t1\ts\tmonet\n");
        assert_eq!(
            m.find(
                "Claude MONET sells",
                &"Claude MONET sells".to_ascii_lowercase()
            )
            .count(),
            0
        );
    }

    #[test]
    fn bad_table_lines_are_errors() {
        assert!(parse_table("AI\t1\n").is_err());
        assert!(parse_table("AI\t1\tx\n").is_err());
    }
}
