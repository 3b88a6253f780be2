//! Which tickers does a headline concern? Company names, products and
//! subsidiaries from a shipped table, cashtags (`$NVDA`) and exchange
//! notation (`(NASDAQ: NVDA)`). No evidence, no link.

use super::phrases::{PhraseEntry, PhraseMatcher};

pub struct TickerLinker {
    matcher: PhraseMatcher,
}

impl TickerLinker {
    /// Entries' values are their tickers.
    pub fn new(entries: Vec<PhraseEntry>) -> Self {
        TickerLinker {
            matcher: PhraseMatcher::new(entries),
        }
    }

    /// Tickers in order of first mention, without duplicates.
    pub fn link(&self, title: &str) -> Vec<String> {
        self.link_lowered(title, &title.to_ascii_lowercase())
    }

    /// `link` with the ASCII-lower-cased title already at hand.
    pub fn link_lowered(&self, title: &str, lower: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |t: &str| {
            if !out.iter().any(|x| x == t) {
                out.push(t.to_string());
            }
        };
        let named = self
            .matcher
            .find(title, lower)
            .map(|m| (m.start, self.matcher.entry(m.entry).value.as_str()));
        if !title.contains(['$', ':']) {
            // The common case: names only, already in order of mention.
            named.for_each(|(_, t)| push(t));
            return out;
        }
        let explicit = explicit_tickers(title);
        // "(NASDAQ: NVDA)" names the exchange, not the index.
        let mut found: Vec<(usize, &str)> = named
            .filter(|(p, _)| !explicit.iter().any(|(q, _)| q == p))
            .collect();
        found.extend(explicit.iter().map(|(p, t)| (*p, t.as_str())));
        found.sort_by_key(|(pos, _)| *pos);
        found.into_iter().for_each(|(_, t)| push(t));
        out
    }
}

fn is_ticker(s: &str) -> bool {
    (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Cashtags and `(EXCHANGE: TICKER)` notation, with their byte positions.
fn explicit_tickers(title: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, _) in title.match_indices('$') {
        let rest = &title[i + 1..];
        let sym: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let sym = sym.trim_end_matches('.');
        if is_ticker(sym) {
            out.push((i, sym.to_string()));
        }
    }
    for exchange in ["NASDAQ:", "NYSE:", "Nasdaq:", "NYSE American:", "AMEX:"] {
        for (i, _) in title.match_indices(exchange) {
            let sym: String = title[i + exchange.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            if is_ticker(&sym) {
                out.push((i, sym));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use crate::core::signal::Judge;

    fn link(title: &str) -> Vec<String> {
        Judge::builtin().linker.link(title)
    }

    #[test]
    fn names_products_and_subsidiaries_link() {
        assert_eq!(
            link("Nvidia sinks as DeepSeek spooks chip investors"),
            ["NVDA"]
        );
        assert_eq!(link("ChatGPT adds voice search"), ["MSFT"]);
        assert_eq!(link("Instagram tests a new feed"), ["META"]);
        assert_eq!(link("AWS outage hits retailers"), ["AMZN"]);
        assert_eq!(link("TSMC lifts capex guidance"), ["TSM"]);
        assert_eq!(link("Apple and Google strike a deal"), ["AAPL", "GOOGL"]);
    }

    #[test]
    fn private_companies_get_no_link() {
        assert!(link("DeepSeek and Anthropic release new models").is_empty());
    }

    #[test]
    fn cashtags_and_exchange_notation_link() {
        assert_eq!(link("Why $SMCI ripped today"), ["SMCI"]);
        assert_eq!(link("Acme Corp (NASDAQ: ACME) reports results"), ["ACME"]);
        assert!(link("It costs $5 now").is_empty());
    }

    #[test]
    fn namesakes_do_not_link() {
        assert!(link("Apple harvest falls short in the valley").is_empty());
        assert!(link("Meta-analysis finds coffee is fine").is_empty());
        assert!(link("Intel officials said the plot was foiled").is_empty());
        assert!(link("Amazon rainforest fires spread").is_empty());
    }
}
