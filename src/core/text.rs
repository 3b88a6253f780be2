//! The one text matcher: what a word is, whole-word tests, and `Needle`,
//! a compiled case-insensitive literal. Relevance and linking (through
//! `phrases`), the alert keywords and the filter all match with these.

use std::cell::RefCell;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use memchr::memmem::Finder;

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` stands as a whole word. A phrase that itself
/// begins or ends with punctuation ("A.I.") needs no boundary on that side.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let ok_before = !first.is_some_and(is_word_char) || !before.is_some_and(is_word_char);
    let ok_after = !last.is_some_and(is_word_char) || !after.is_some_and(is_word_char);
    ok_before && ok_after
}

/// Does lower-cased `text` contain the lower-case `word` as a whole word?
pub fn contains_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .match_indices(word)
            .any(|(i, w)| on_word_boundaries(text, i, i + w.len()))
}

/// A literal searched for in many texts: ASCII case folded, built once,
/// no allocation per text searched.
#[derive(Debug, Clone)]
pub struct Needle {
    literal: String,
    ac: AhoCorasick,
    /// The literal lower-cased, for a SIMD search of a lower-cased copy of
    /// the text: several times faster than the folding automaton where
    /// most texts do not match (the filter over every headline).
    folded: Box<Finder<'static>>,
    whole_word: bool,
}

thread_local! {
    /// The text being searched, lower-cased, reused between searches.
    static FOLDED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl PartialEq for Needle {
    fn eq(&self, other: &Self) -> bool {
        self.literal == other.literal && self.whole_word == other.whole_word
    }
}

impl Needle {
    /// Anywhere in the text ("nvid" finds "Nvidia").
    pub fn anywhere(literal: &str) -> Needle {
        Needle::build(literal, false)
    }

    /// Only as whole words ("AI" does not find "said").
    pub fn word(literal: &str) -> Needle {
        Needle::build(literal, true)
    }

    fn build(literal: &str, whole_word: bool) -> Needle {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build([literal])
            .expect("one literal always builds");
        Needle {
            literal: literal.to_string(),
            ac,
            folded: Box::new(Finder::new(&literal.to_ascii_lowercase()).into_owned()),
            whole_word,
        }
    }

    pub fn literal(&self) -> &str {
        &self.literal
    }

    pub fn is_match(&self, text: &str) -> bool {
        if self.literal.is_empty() {
            return !self.whole_word;
        }
        if !self.whole_word {
            return FOLDED.with_borrow_mut(|buf| {
                buf.clear();
                buf.extend_from_slice(text.as_bytes());
                buf.make_ascii_lowercase();
                self.folded.find(buf).is_some()
            });
        }
        self.ac
            .find_overlapping_iter(text)
            .any(|m| on_word_boundaries(text, m.start(), m.end()))
    }
}

/// A phrase as written in a rule: matched as whole words.
impl From<&str> for Needle {
    fn from(phrase: &str) -> Needle {
        Needle::word(phrase)
    }
}

/// Bidi controls, zero-width characters, soft hyphen and BOM: invisible
/// characters that can disguise or reorder what a user reads.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Text that shows as written: no control or invisible character.
pub fn is_displayable(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_match_anywhere_or_as_words() {
        assert!(Needle::anywhere("nvid").is_match("NVIDIA falls"));
        assert!(Needle::anywhere("élysée paris").is_match("L'élysée PARIS"));
        assert!(
            !Needle::anywhere("ÉLYSÉE").is_match("élysée"),
            "ASCII folding only"
        );
        assert!(Needle::word("deepseek").is_match("Why DeepSeek matters"));
        assert!(!Needle::word("AI").is_match("He said so"));
        assert!(
            Needle::word("AI").is_match("said: AI"),
            "a later hit counts"
        );
        assert!(Needle::word("A.I.").is_match("the A.I. boom"));
        assert!(!Needle::word("").is_match("x") && Needle::anywhere("").is_match("x"));
    }
}
