//! Peer groups (data/peers.tsv): which symbols share one another's news.

const TABLE: &str = include_str!("data/peers.tsv");

/// The symbols that share `symbol`'s news, `symbol` left out; a broad
/// index (QQQ) is everyone's peer.
pub fn peers_of(symbol: &str) -> Vec<&'static str> {
    let groups = TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(_, tickers)| tickers.split_whitespace().collect::<Vec<_>>());
    let mut out = Vec::new();
    for group in groups {
        if group.len() == 1 || group.contains(&symbol) {
            out.extend(group.into_iter().filter(|t| *t != symbol));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chip_makers_share_their_news_and_an_index_is_everyones_peer() {
        let nvda = peers_of("NVDA");
        assert!(nvda.contains(&"AVGO") && nvda.contains(&"TSM") && nvda.contains(&"QQQ"));
        assert!(!nvda.contains(&"NVDA") && !nvda.contains(&"MSFT"));
        assert_eq!(peers_of("XYZ"), ["QQQ"]);
    }
}
