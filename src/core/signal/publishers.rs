//! Who published a headline: AI labs, AI research blogs and news sites,
//! and companies' own newsrooms, known by feed name or host. A publisher
//! lends the headline an AI prior and, for a company's newsroom, a ticker.

use std::collections::HashMap;

use super::phrases::{PhraseEntry, PhraseMatcher};

#[derive(Debug, Clone, PartialEq)]
pub struct Publisher {
    /// The table's pattern: a name or a host.
    pub pattern: String,
    /// Added to every headline it publishes.
    pub ai: f32,
    /// The company whose own newsroom or blog it is.
    pub ticker: Option<String>,
    /// "AI lab", "newsroom" …: said in the explanation.
    pub kind: String,
}

impl Publisher {
    /// "OpenAI (AI lab)".
    pub fn reason(&self) -> String {
        format!("{} ({})", self.pattern, self.kind)
    }
}

pub struct Publishers {
    list: Vec<Publisher>,
    /// Name patterns; each entry's value is its index in `list`.
    names: PhraseMatcher,
    hosts: HashMap<String, usize>,
}

/// A host pattern has a dot and no space ("openai.com", "cs.LG").
fn is_host(pattern: &str) -> bool {
    pattern.contains('.') && !pattern.contains(' ')
}

impl Publishers {
    /// Parse `pattern<TAB>ai<TAB>ticker|-<TAB>i|s<TAB>kind` rows; `#` comments.
    pub fn parse(text: &str) -> Result<Vec<(Publisher, bool)>, String> {
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.trim_end().split('\t').collect();
            let [pattern, ai, ticker, case, kind] = cols[..] else {
                return Err(format!(
                    "line {}: expected pattern, ai, ticker, case, kind",
                    n + 1
                ));
            };
            let ai = ai
                .parse::<f32>()
                .map_err(|_| format!("line {}: ai weight {ai:?} is not a number", n + 1))?;
            let publisher = Publisher {
                pattern: pattern.to_string(),
                ai,
                ticker: (ticker != "-").then(|| ticker.to_string()),
                kind: kind.to_string(),
            };
            out.push((publisher, case == "s"));
        }
        Ok(out)
    }

    pub fn new(rows: Vec<(Publisher, bool)>) -> Publishers {
        let mut list = Vec::new();
        let mut entries = Vec::new();
        let mut hosts = HashMap::new();
        for (p, case_sensitive) in rows {
            let idx = list.len();
            if is_host(&p.pattern) {
                hosts.insert(p.pattern.to_ascii_lowercase(), idx);
            } else {
                entries.push(PhraseEntry {
                    phrase: p.pattern.clone(),
                    value: idx.to_string(),
                    case_sensitive,
                    vetoes: Vec::new(),
                    versioned: false,
                });
            }
            list.push(p);
        }
        Publishers {
            list,
            names: PhraseMatcher::new(entries),
            hosts,
        }
    }

    /// The publisher a feed's name starts with ("OpenAI News", "The
    /// Decoder"), else one whose host the name spells out.
    pub fn by_name(&self, name: &str) -> Option<&Publisher> {
        let lower = name.to_ascii_lowercase();
        let at_start = |offset: usize| {
            self.names
                .find(&name[offset..], &lower[offset..])
                .next()
                .filter(|m| m.start == 0)
                .and_then(|m| self.names.entry(m.entry).value.parse::<usize>().ok())
        };
        let skip = ["The ", "Official "]
            .iter()
            .find(|p| name.starts_with(**p))
            .map_or(0, |p| p.len());
        at_start(0)
            .or_else(|| (skip > 0).then(|| at_start(skip)).flatten())
            .map(|i| &self.list[i])
            .or_else(|| {
                lower
                    .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
                    .filter(|w| w.contains('.'))
                    .find_map(|w| self.by_host(w.trim_matches('.')))
            })
    }

    /// The publisher of a host or of any domain above it.
    pub fn by_host(&self, host: &str) -> Option<&Publisher> {
        let mut rest = host;
        loop {
            if let Some(&i) = self.hosts.get(rest) {
                return Some(&self.list[i]);
            }
            rest = rest.split_once('.')?.1;
        }
    }
}

/// The lower-case host of an http(s) link, without `www.` or a port.
pub fn host_of(link: &str) -> Option<String> {
    let rest = link.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Publishers {
        Publishers::new(
            Publishers::parse(include_str!("data/sources.tsv")).expect("sources.tsv parses"),
        )
    }

    #[test]
    fn feed_names_are_known_by_their_start() {
        let t = table();
        assert_eq!(
            t.by_name("OpenAI News").unwrap().ticker.as_deref(),
            Some("MSFT")
        );
        assert_eq!(t.by_name("Anthropic Research").unwrap().ai, 1.0);
        assert_eq!(t.by_name("The Decoder").unwrap().kind, "AI news");
        assert_eq!(
            t.by_name("NVIDIA Newsroom").unwrap().ticker.as_deref(),
            Some("NVDA")
        );
        // A feed about a company is not the company's own.
        assert!(t.by_name("Hacker News: OpenAI").is_none());
        assert!(t.by_name("Google News: AI").unwrap().ticker.is_none());
    }

    #[test]
    fn hosts_in_names_links_and_subdomains() {
        let t = table();
        assert_eq!(
            t.by_name("AI News / artificialintelligence-news.com (RSS)")
                .unwrap()
                .ai,
            1.0
        );
        assert_eq!(t.by_name("arXiv cs.LG").unwrap().kind, "AI research");
        assert_eq!(
            t.by_host("nvidianews.nvidia.com")
                .unwrap()
                .ticker
                .as_deref(),
            Some("NVDA")
        );
        assert!(t.by_host("nytimes.com").is_none());
    }

    #[test]
    fn hosts_come_out_of_links() {
        assert_eq!(
            host_of("https://www.openai.com/index/gpt-5/").as_deref(),
            Some("openai.com")
        );
        assert_eq!(
            host_of("http://user@Blog.Google:8080/x?y").as_deref(),
            Some("blog.google")
        );
        assert_eq!(host_of("not a link"), None);
    }
}
