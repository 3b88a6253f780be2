//! Is a headline about AI? A scored, explainable decision: the matched
//! terms and their byte spans come back so the UI can highlight them.

use super::phrases::{PhraseEntry, PhraseMatcher};

/// Distinct matched weights must reach this for a headline to count as AI.
pub const AI_THRESHOLD: f32 = 1.0;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relevance {
    pub ai: bool,
    pub score: f32,
    /// Canonical spelling of each distinct matched term, in text order.
    pub terms: Vec<String>,
    /// Byte ranges in the title, for highlighting.
    pub spans: Vec<(usize, usize)>,
}

pub struct AiClassifier {
    matcher: PhraseMatcher,
    weights: Vec<f32>,
}

impl AiClassifier {
    /// Entries' values are their weights.
    pub fn new(entries: Vec<PhraseEntry>) -> Result<Self, String> {
        let weights = entries
            .iter()
            .map(|e| {
                e.value.parse::<f32>().map_err(|_| {
                    format!("term {:?}: weight {:?} is not a number", e.phrase, e.value)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AiClassifier {
            matcher: PhraseMatcher::new(entries),
            weights,
        })
    }

    pub fn classify(&self, title: &str) -> Relevance {
        self.classify_lowered(title, &title.to_ascii_lowercase())
    }

    /// `classify` with the ASCII-lower-cased title already at hand.
    pub fn classify_lowered(&self, title: &str, lower: &str) -> Relevance {
        let mut rel = Relevance::default();
        let mut seen: Vec<usize> = Vec::new();
        for m in self.matcher.find(title, lower) {
            rel.spans.push((m.start, m.end));
            if seen.contains(&m.entry) {
                continue;
            }
            seen.push(m.entry);
            rel.score += self.weights[m.entry];
            rel.terms.push(self.matcher.entry(m.entry).phrase.clone());
        }
        rel.ai = rel.score >= AI_THRESHOLD;
        rel
    }
}

#[cfg(test)]
mod tests {

    use crate::core::judge::Judge;

    fn ai(title: &str) -> bool {
        Judge::builtin().ai.classify(title).ai
    }

    #[test]
    fn plain_ai_mentions_count() {
        assert!(ai("Chipmakers slide as AI spending fears grow"));
        assert!(ai("Regulators weigh new A.I. disclosure rules"));
        assert!(ai("Startup unveils a large language model for lawyers"));
    }

    #[test]
    fn short_token_traps_do_not_count() {
        assert!(!ai("Air India adds flights to Dubai"));
        assert!(!ai("Officials said Thailand will reopen the border"));
        assert!(!ai("Plans aim to cut airline fees"));
        assert!(!ai("The ai of lowercase does not count"));
    }

    #[test]
    fn model_names_count_but_namesakes_do_not() {
        assert!(ai("DeepSeek model rattles chip stocks"));
        assert!(ai("Claude gains a new coding mode"));
        assert!(!ai("A Claude Monet painting sells for a record sum"));
        assert!(!ai("Gemini horoscope: travel plans shift"));
        assert!(!ai("Llama wool fetches high prices at the farm fair"));
    }

    #[test]
    fn classic_traps_are_not_ai() {
        for title in [
            "Air India orders more jets for long-haul routes",
            "Thailand tourism rebounds as visitors return",
            "The mayor said the bridge will reopen in May",
            "Gemini exchange adds new crypto trading pairs",
            "Gemini protocol fans build a quieter web",
            "Your Gemini horoscope for the week ahead",
            "Jean-Claude Van Damme signs on for a sequel",
            "Claude Debussy recordings remastered for vinyl",
            "Apple orchards brace for a late frost",
            "Farmers shear llamas ahead of the wool fair",
            "Tesla cuts Model Y prices in Europe",
            "Potato chips maker raises snack prices",
            "Intel officials warn of election interference",
            "Meta-analysis ties sleep to heart health",
            "Nvidia GeForce driver fixes gaming stutter",
            "New Transformers film tops the box office",
            "Co-pilot lands plane safely after bird strike",
        ] {
            assert!(!ai(title), "{title}");
        }
    }

    #[test]
    fn the_real_meanings_of_trap_words_are_ai() {
        for title in [
            "Google rolls out Gemini to more phones",
            "Anthropic says Claude can now use a browser",
            "Meta releases Llama weights for researchers",
            "Microsoft adds Copilot to Paint",
            "Nvidia Blackwell shipments ramp up",
            "AI chips drive record sales at the foundry",
        ] {
            assert!(ai(title), "{title}");
        }
    }

    #[test]
    fn weak_words_need_company() {
        assert!(!ai("Potato chip prices climb"));
        assert!(!ai("Nvidia Shield gets an update"));
        assert!(ai("Hyperscalers order more chips for new data centers"));
    }

    #[test]
    fn spans_point_at_the_terms() {
        let title = "Why DeepSeek matters for AI";
        let rel = Judge::builtin().ai.classify(title);
        let words: Vec<&str> = rel.spans.iter().map(|&(s, e)| &title[s..e]).collect();
        assert_eq!(words, ["DeepSeek", "AI"]);
        assert_eq!(rel.terms, ["DeepSeek", "AI"]);
    }
}
