//! AI evidence from the shape of a word rather than a list of names: new
//! models, labs and benchmarks appear every week, and their names follow a
//! few patterns a fixed table would always lag behind.
//!
//! - a model with its size in billions: `Qwen3-235B`, `Llama-3.1-8B`, `Mixtral-8x7B`
//! - a lab named `…AI`: `EleutherAI`, `CrewAI` (a lower-case letter before `AI`)
//! - a `.ai` domain: `Z.ai`, `Character.ai`
//! - a benchmark: `SWE-bench`, `MLE-bench`, `PaperBench`
//! - a size alone: `8x7B` or `4B model` / `70B-parameter` (1), a bare `70B` (0.5)

/// What a shape says, with the weight it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    ModelSize,
    /// A bare size in billions (`70B`): also money or counts, so weak.
    BareSize,
    LabName,
    AiDomain,
    Benchmark,
}

impl Shape {
    pub fn weight(self) -> f32 {
        match self {
            // Plenty of non-AI startups sit on .ai domains too.
            Shape::AiDomain => 0.75,
            Shape::BareSize => 0.5,
            _ => 1.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Shape::ModelSize => "model size",
            Shape::BareSize => "size in billions",
            Shape::LabName => "…AI name",
            Shape::AiDomain => ".ai domain",
            Shape::Benchmark => "benchmark",
        }
    }
}

/// Words that end in "bench" without being benchmarks.
const NOT_BENCHMARKS: &[&str] = &["workbench", "testbench", "test-bench", "work-bench"];

/// Each word of `text` that has one of the shapes, with its byte span.
pub fn find_shapes(text: &str) -> Vec<(Shape, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // One pass over bytes; only words with a hyphen or a dot, or ending in
    // "AI"/"bench", are looked at closely (most words have neither).
    let mut marked = false;
    for i in 0..=bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if b.is_ascii_alphanumeric() || b >= 0x80 || b == b'_' {
            continue;
        }
        if matches!(b, b'-' | b'.') {
            marked = true;
            continue;
        }
        // Trailing dots and hyphens end sentences, not names.
        let word = text[start..i].trim_end_matches(['.', '-']);
        let worth = marked
            || word.ends_with("AI")
            || word.ends_with("ench")
            || (word.ends_with(['B', 'b']) && word.starts_with(|c: char| c.is_ascii_digit()));
        let after_money = text[..start].ends_with(['$', '€', '£', '¥']);
        if worth
            && !word.is_empty()
            && let Some(shape) = shape_of(word, after_money, &text[i..])
        {
            out.push((shape, start, start + word.len()));
        }
        start = i + 1;
        marked = false;
    }
    out
}

fn shape_of(word: &str, after_money: bool, rest: &str) -> Option<Shape> {
    if !after_money && is_model_size(word) {
        return Some(Shape::ModelSize);
    }
    if !after_money && let Some(shape) = size_alone(word, rest) {
        return Some(shape);
    }
    let b = word.as_bytes();
    if b.len() >= 4
        && word.ends_with("AI")
        && b[b.len() - 3].is_ascii_lowercase()
        && b[0].is_ascii_uppercase()
        && b.iter().all(u8::is_ascii_alphanumeric)
    {
        return Some(Shape::LabName);
    }
    if let Some(name) = word
        .strip_suffix(".ai")
        .or_else(|| word.strip_suffix(".AI"))
        && !name.is_empty()
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    {
        return Some(Shape::AiDomain);
    }
    let bench = b.len() > 6
        && (b[b.len() - 6..].eq_ignore_ascii_case(b"-bench") || word.ends_with("Bench"));
    if bench && !NOT_BENCHMARKS.iter().any(|n| n.eq_ignore_ascii_case(word)) {
        return Some(Shape::Benchmark);
    }
    None
}

/// `<name>-<size>B`, possibly with more parts around it: the name has at
/// least three letters (so no `F-35B` jets), the size is a number, a decimal
/// or an `8x7` mixture of billions (an `M` suffix is too often a tank or a
/// distance to count).
fn is_model_size(word: &str) -> bool {
    let mut parts = word.split('-');
    let Some(name) = parts.next() else {
        return false;
    };
    if name.bytes().filter(u8::is_ascii_alphabetic).count() < 3 {
        return false;
    }
    parts.any(|p| {
        let Some(num) = p.strip_suffix(['B', 'b']) else {
            return false;
        };
        let num = num.split_once(['x', 'X']).map_or(num, |(experts, size)| {
            if experts.bytes().all(|c| c.is_ascii_digit()) {
                size
            } else {
                "!"
            }
        });
        is_number(num)
    })
}

/// Words after a bare size that make it a model's parameter count.
const MODEL_WORDS: &[&str] = &[
    "model",
    "models",
    "parameter",
    "parameters",
    "params",
    "llm",
];

/// A size with no name before it: `8x7B` (a mixture: only models), `4B
/// model`, `70B-parameter` (a model's count), or a bare `70B` (weak: it is
/// also money or shares).
fn size_alone(word: &str, rest: &str) -> Option<Shape> {
    let (size, tail) = word.split_once('-').unwrap_or((word, ""));
    let num = size.strip_suffix(['B', 'b'])?;
    let mixture = num
        .split_once(['x', 'X'])
        .filter(|(e, s)| !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit()) && is_number(s));
    if mixture.is_some() {
        return Some(Shape::ModelSize);
    }
    if !is_number(num) {
        return None;
    }
    let next = rest
        .trim_start_matches([' ', '-'])
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    let counted = |w: &str| MODEL_WORDS.iter().any(|m| m.eq_ignore_ascii_case(w));
    match tail {
        "" if counted(next) => Some(Shape::ModelSize),
        "" => Some(Shape::BareSize),
        t if t.split('-').next().is_some_and(counted) => Some(Shape::ModelSize),
        _ => None,
    }
}

fn is_number(num: &str) -> bool {
    !num.is_empty()
        && num.len() <= 6
        && num.starts_with(|c: char| c.is_ascii_digit())
        && num.bytes().all(|c| c.is_ascii_digit() || c == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(Shape, &str)> {
        find_shapes(text)
            .into_iter()
            .map(|(s, a, b)| (s, &text[a..b]))
            .collect()
    }

    #[test]
    fn model_sizes_are_found() {
        assert_eq!(
            shapes("Qwen3-235B tops Llama-3.1-8B and Mixtral-8x7B."),
            [
                (Shape::ModelSize, "Qwen3-235B"),
                (Shape::ModelSize, "Llama-3.1-8B"),
                (Shape::ModelSize, "Mixtral-8x7B"),
            ]
        );
        assert_eq!(
            shapes("Small gpt-oss-20b runs on a laptop"),
            [(Shape::ModelSize, "gpt-oss-20b")]
        );
    }

    #[test]
    fn sizes_of_other_things_are_not_models() {
        assert!(shapes("F-35B jets, MiG-29M fighters and BMP-3M tanks").is_empty());
        assert!(shapes("She ran the 100m and the Sprint-400m").is_empty());
        assert!(shapes("Startup raises $2B in Series-B round").is_empty());
        assert!(shapes("MQ-9B drone crashes in the desert").is_empty());
        assert!(shapes("Covid-19 cases rise; Boeing 737-8 returns").is_empty());
    }

    #[test]
    fn sizes_alone_are_model_sizes_with_a_model_word() {
        assert_eq!(
            shapes("A 4B model and a 70B-parameter one beat 8x7B"),
            [
                (Shape::ModelSize, "4B"),
                (Shape::ModelSize, "70B-parameter"),
                (Shape::ModelSize, "8x7B"),
            ]
        );
        assert_eq!(shapes("The 70B is out"), [(Shape::BareSize, "70B")]);
        assert!(shapes("Startup raises $4B; a €70B model deal; £2B plan").is_empty());
        assert!(shapes("Vitamin B12 and Apartment 12-B and 4Bs").is_empty());
    }

    #[test]
    fn lab_names_domains_and_benchmarks() {
        assert_eq!(
            shapes("EleutherAI and Z.ai lead on SWE-bench and PaperBench"),
            [
                (Shape::LabName, "EleutherAI"),
                (Shape::AiDomain, "Z.ai"),
                (Shape::Benchmark, "SWE-bench"),
                (Shape::Benchmark, "PaperBench"),
            ]
        );
    }

    #[test]
    fn look_alikes_are_not_shapes() {
        assert!(shapes("THAI airline and HAWAII flights").is_empty());
        assert!(shapes("MySQL Workbench gets a dark mode").is_empty());
        assert!(shapes("Shanghai and Dubai ports reopen").is_empty());
        assert!(shapes("A new test-bench for car engines").is_empty());
    }
}
