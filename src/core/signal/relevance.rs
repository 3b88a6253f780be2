//! Is a headline about AI? A scored, explainable decision: the matched
//! terms and their byte spans come back so the UI can highlight them, and
//! the evidence says which part of the headline contributed what.

use super::evidence::{Evidence, Part, decided_by};
use super::phrases::{PhraseEntry, PhraseMatcher};
use super::shapes::find_shapes;

/// Evidence must reach this for a headline to count as AI.
pub const AI_THRESHOLD: f32 = 1.0;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relevance {
    pub ai: bool,
    pub score: f32,
    /// Canonical spelling of each distinct term matched in the title, in
    /// text order.
    pub terms: Vec<String>,
    /// Byte ranges in the title, for highlighting.
    pub spans: Vec<(usize, usize)>,
    /// What each part contributed, title first; the title's reasons are
    /// `terms` (filled in by `evidence()`, so judging allocates them once).
    parts: Vec<Evidence>,
}

impl Relevance {
    /// Count another part's evidence (nothing when it weighs nothing).
    pub fn add(&mut self, part: Part, weight: f32, reasons: Vec<String>) {
        if weight <= 0.0 {
            return;
        }
        self.score += weight;
        self.ai = self.score >= AI_THRESHOLD;
        match self.parts.iter_mut().find(|e| e.part == part) {
            Some(e) => {
                e.weight += weight;
                e.reasons.extend(reasons);
            }
            None => self.parts.push(Evidence {
                part,
                weight,
                reasons,
            }),
        }
    }

    /// A judgement taken back as it was stored: `parts` as `parts()` gave
    /// them.
    pub fn restored(
        ai: bool,
        score: f32,
        terms: Vec<String>,
        spans: Vec<(usize, usize)>,
        parts: Vec<Evidence>,
    ) -> Relevance {
        Relevance {
            ai,
            score,
            terms,
            spans,
            parts,
        }
    }

    /// Each part's evidence as kept (the title's reasons are `terms`).
    pub fn parts(&self) -> &[Evidence] {
        &self.parts
    }

    /// What each part contributed and why, title first.
    pub fn evidence(&self) -> Vec<Evidence> {
        let mut out = self.parts.clone();
        if let Some(title) = out.iter_mut().find(|e| e.part == Part::Title) {
            title.reasons = self.terms.clone();
        }
        out
    }

    /// A reason that weighs nothing for AI (a ticker a part linked).
    pub fn note(&mut self, part: Part, reason: String) {
        match self.parts.iter_mut().find(|e| e.part == part) {
            Some(e) => e.reasons.push(reason),
            None => self.parts.push(Evidence {
                part,
                weight: 0.0,
                reasons: vec![reason],
            }),
        }
    }

    /// The parts that made it AI, heaviest first (empty when not AI).
    pub fn decided_by(&self) -> Vec<Part> {
        decided_by(&self.parts, AI_THRESHOLD)
    }
}

/// Terms found in some text: canonical spelling and weight, each once.
#[derive(Debug, Default)]
pub struct Found {
    pub terms: Vec<String>,
    pub weights: Vec<f32>,
    pub weight: f32,
    /// Counter-evidence: words saying the text is about something else
    /// (games, a product line named "AI PC"); they weigh nothing here, and
    /// stop a source's prior from deciding (judge.rs).
    pub counter: Vec<String>,
    /// Classes of weak words already counted, one bit each.
    classes: u64,
}

impl Found {
    fn push(&mut self, term: &str, w: Weight) {
        if w.counter {
            if !self.counter.iter().any(|t| t == term) {
                self.counter.push(term.to_string());
            }
            return;
        }
        if self.terms.iter().any(|t| t == term) {
            return;
        }
        // Weak words of one class say one thing: "chips" and
        // "semiconductors" together are still only hardware.
        let bit = if w.class == 0 {
            0
        } else {
            1u64 << (w.class % 64)
        };
        let counted = self.classes & bit == 0;
        self.classes |= bit;
        let value = if counted { w.value } else { 0.0 };
        self.terms.push(term.to_string());
        self.weights.push(value);
        self.weight += value;
    }
}

/// A term's weight and its class of weak words (0: none).
#[derive(Debug, Clone, Copy)]
struct Weight {
    value: f32,
    class: u16,
    /// Written `counter` in the table's weight column.
    counter: bool,
}

pub struct AiClassifier {
    matcher: PhraseMatcher,
    weights: Vec<Weight>,
}

impl AiClassifier {
    /// Entries' values are their weights, optionally with a class of weak
    /// words after a slash: `0.5/hardware`.
    pub fn new(entries: Vec<PhraseEntry>) -> Result<Self, String> {
        let mut classes: Vec<&str> = Vec::new();
        let mut weights = Vec::with_capacity(entries.len());
        for e in &entries {
            if e.value == "counter" {
                weights.push(Weight {
                    value: 0.0,
                    class: 0,
                    counter: true,
                });
                continue;
            }
            let (value, class) = e.value.split_once('/').unwrap_or((&e.value, ""));
            let value = value.parse::<f32>().map_err(|_| {
                format!("term {:?}: weight {:?} is not a number", e.phrase, e.value)
            })?;
            let class = match class {
                "" => 0,
                _ if classes.len() >= 63 && !classes.contains(&class) => {
                    return Err(format!("term {:?}: more than 63 classes", e.phrase));
                }
                c => match classes.iter().position(|k| *k == c) {
                    Some(i) => i + 1,
                    None => {
                        classes.push(c);
                        classes.len()
                    }
                },
            };
            weights.push(Weight {
                value,
                class: class as u16,
                counter: false,
            });
        }
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
        let mut found = Found::default();
        self.scan(title, lower, &mut found, Some(&mut rel.spans));
        if found.weight > 0.0 {
            rel.terms = found.terms;
            rel.add(Part::Title, found.weight, Vec::new());
        }
        rel
    }

    /// Distinct terms (and word shapes) in a longer text, such as a summary.
    pub fn terms_in(&self, text: &str, lower: &str) -> Found {
        let mut found = Found::default();
        self.scan(text, lower, &mut found, None);
        found
    }

    /// Counter-evidence in a title: words saying it is about something
    /// else (games, a product line named "AI PC").
    pub fn counter_in(&self, text: &str, lower: &str) -> Vec<String> {
        self.terms_in(text, lower).counter
    }

    /// Distinct terms in lower-case text whose case is lost (a link's path
    /// turned into words): case rules cannot apply there.
    pub fn terms_any_case(&self, lower: &str) -> Found {
        let mut found = Found::default();
        for m in self.matcher.find_any_case(lower) {
            found.push(&self.matcher.entry(m.entry).phrase, self.weights[m.entry]);
        }
        found
    }

    fn scan(
        &self,
        text: &str,
        lower: &str,
        found: &mut Found,
        mut spans: Option<&mut Vec<(usize, usize)>>,
    ) {
        for m in self.matcher.find(text, lower) {
            let w = self.weights[m.entry];
            if let Some(spans) = spans.as_deref_mut().filter(|_| !w.counter) {
                spans.push((m.start, m.end));
            }
            found.push(&self.matcher.entry(m.entry).phrase, self.weights[m.entry]);
        }
        let shapes = find_shapes(text);
        for &(shape, start, end) in &shapes {
            found.push(
                &text[start..end],
                Weight {
                    value: shape.weight(),
                    class: 0,
                    counter: false,
                },
            );
        }
        if let Some(spans) = spans.filter(|_| !shapes.is_empty()) {
            // One highlight per stretch of text, in order: a shape may
            // contain a term ("Llama-3.1-8B").
            spans.extend(shapes.iter().map(|&(_, s, e)| (s, e)));
            spans.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
            let mut end = 0;
            spans.retain(|&(s, e)| {
                let keep = s >= end;
                end = end.max(e);
                keep
            });
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::core::signal::Judge;

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
    fn model_families_and_their_versions_count() {
        for title in [
            "Qwen3-235B-A22B tops the open leaderboard",
            "Phi-4 runs on a phone",
            "Claude Opus 4.1 and Sonnet 4.5 compared",
            "Opus 4.1 arrives with longer tasks",
            "Kling 2.1 makes ten-second clips",
            "Mixtral and Codestral get cheaper",
            "EleutherAI releases a new corpus",
            "Z.ai ships a coding plan",
            "Acme.ai ships a new model",
        ] {
            assert!(ai(title), "{title}");
        }
    }

    #[test]
    fn family_names_without_a_version_are_words() {
        for title in [
            "Shakespeare's Sonnet 18 read aloud",
            "Beethoven's Opus 131 at the festival",
            "Kimi Antonelli takes pole at the Grand Prix",
            "Gemma Chan joins the cast",
            "Mistral warships sold to Egypt",
            "Phi Beta Kappa inducts new members",
            "Falcon 9 launches another batch of satellites",
            "Fixing a broken GPT partition table after a disk swap",
            "Le Chat botté revient au théâtre",
            "F-35B jets land on the carrier",
        ] {
            assert!(!ai(title), "{title}");
        }
    }

    #[test]
    fn architecture_training_and_inference_terms() {
        for title in [
            "A mixture-of-experts design halves serving cost",
            "Why the KV cache dominates memory at long context",
            "Pretraining on synthetic text, revisited",
            "Cheaper inference for open models",
            "The model that made inference cheap",
            "Accelerators for training at scale",
        ] {
            assert!(ai(title), "{title}");
        }
    }

    #[test]
    fn the_same_words_elsewhere_are_not_ai() {
        for title in [
            "Transformer shortage delays power grid upgrades",
            "Substation transformer fire cuts power to thousands",
            "Causal inference for economists: a new textbook",
            "Bayesian inference in clinical trials",
            "Heavy weights at the gym: how to start",
            "Diffusion of heat through a metal rod",
            "Particle accelerator upgrade at CERN finishes early",
            "Startup accelerator picks its spring batch",
            "Chip stocks drag the benchmark index lower",
            "Spring training opens for the Mets",
            "Political alignment shifts in the suburbs",
            "Trump says new tariffs on chips and semiconductors are coming",
            "Apple's new laptop model gets a faster chip",
        ] {
            assert!(!ai(title), "{title}");
        }
    }

    #[test]
    fn agents_mean_ai_only_among_machines() {
        assert!(ai("Autonomous agents now file expense reports"));
        assert!(ai("MCP servers let agents call tools"));
        assert!(ai("Coding agents write half the patches"));
        for title in [
            "Real estate agents face new commission rules",
            "FBI agents arrest a spy at the border",
            "Secret agents in Cold War Berlin",
            "Free agents sign before the season",
        ] {
            assert!(!ai(title), "{title}");
        }
    }

    #[test]
    fn benchmarks_safety_and_policy_terms() {
        for title in [
            "New model scores 70% on SWE-bench Verified",
            "GPQA and MMLU are saturated",
            "Interpretability work maps features in a model",
            "Reward hacking shows up in coding tasks",
            "Open-weight releases and the EU rules",
        ] {
            assert!(ai(title), "{title}");
        }
        assert!(!ai("iPhone jailbreak tool returns for iOS 18"));
    }

    #[test]
    fn ai_chips_and_accelerators() {
        for title in [
            "AMD ships MI355X to cloud providers",
            "Nvidia H20 sales to China resume",
            "Google's Ironwood TPU doubles memory",
            "Huawei's Ascend 910C in volume",
            "GPU cluster of 100,000 chips goes live",
        ] {
            assert!(ai(title), "{title}");
        }
        assert!(!ai(
            "Vera Rubin Observatory releases first images of the sky"
        ));
        assert!(!ai("Nvidia RTX driver fixes game stutter"));
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
