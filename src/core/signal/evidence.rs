//! Why a headline is (not) AI: the weight each part of it contributed.

use serde::Serialize;

/// The part of a headline that a piece of evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Title,
    /// The feed: its name, its host, what its recent items were about.
    Source,
    /// The link's host and the words of its path.
    Link,
    Summary,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Source => "source",
            Part::Link => "link",
            Part::Summary => "summary",
        }
    }
}

/// What one part contributed: its weight and the reasons for it (matched
/// terms, a known publisher, a feed's record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub part: Part,
    pub weight: f32,
    pub reasons: Vec<String>,
}

/// The parts that decided, heaviest first: as many as it took to reach
/// `threshold`. Empty when the evidence falls short.
pub fn decided_by(evidence: &[Evidence], threshold: f32) -> Vec<Part> {
    let mut by_weight: Vec<&Evidence> = evidence.iter().filter(|e| e.weight > 0.0).collect();
    by_weight.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.part.cmp(&b.part)));
    let mut sum = 0.0;
    let mut out = Vec::new();
    for e in by_weight {
        if sum >= threshold {
            break;
        }
        sum += e.weight;
        out.push(e.part);
    }
    if sum >= threshold { out } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(part: Part, weight: f32) -> Evidence {
        Evidence {
            part,
            weight,
            reasons: Vec::new(),
        }
    }

    #[test]
    fn the_heaviest_parts_that_reach_the_threshold_decide() {
        let e = [ev(Part::Title, 0.5), ev(Part::Source, 1.0)];
        assert_eq!(decided_by(&e, 1.0), [Part::Source]);
        let e = [
            ev(Part::Title, 0.5),
            ev(Part::Summary, 0.25),
            ev(Part::Link, 0.5),
        ];
        assert_eq!(decided_by(&e, 1.0), [Part::Title, Part::Link]);
        assert!(decided_by(&[ev(Part::Title, 0.5)], 1.0).is_empty());
    }
}
