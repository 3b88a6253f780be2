//! The core's judgement of a headline: AI relevance plus ticker links,
//! from the shipped tables with the user's `[ai]`/`[tickers]` overrides.

use std::sync::{Arc, LazyLock};

use super::linking::TickerLinker;
use super::phrases::{PhraseEntry, parse_table};
use super::relevance::{AiClassifier, Relevance};

const AI_TERMS: &str = include_str!("data/ai_terms.tsv");
const ENTITIES: &str = include_str!("data/entities.tsv");

/// One user override: a phrase mapped to a weight (AI) or ticker (links).
/// An empty value or "0" removes the built-in entry of that phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub phrase: String,
    pub value: String,
    pub case_sensitive: bool,
}

pub struct Judge {
    pub ai: AiClassifier,
    pub linker: TickerLinker,
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
        Ok(Judge {
            ai: AiClassifier::new(ai)?,
            linker: TickerLinker::new(links),
        })
    }

    pub fn judge(&self, title: &str) -> (Relevance, Vec<String>) {
        let lower = title.to_ascii_lowercase();
        (
            self.ai.classify_lowered(title, &lower),
            self.linker.link_lowered(title, &lower),
        )
    }
}

fn merge(mut base: Vec<PhraseEntry>, overrides: &[Override]) -> Vec<PhraseEntry> {
    for o in overrides {
        base.retain(|e| e.phrase != o.phrase);
        if !o.value.is_empty() && o.value != "0" {
            base.push(PhraseEntry {
                phrase: o.phrase.clone(),
                value: o.value.clone(),
                case_sensitive: o.case_sensitive,
                vetoes: Vec::new(),
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

    #[test]
    fn bad_weights_are_errors() {
        assert!(Judge::with_overrides(&[o("x", "heavy")], &[]).is_err());
    }
}
