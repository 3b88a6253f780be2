//! What a feed's recent items were about: a feed whose items are mostly AI
//! by their own words lends weight to the rest of them.

use std::collections::HashMap;

/// Items remembered per feed.
const WINDOW: u32 = 20;
/// Items a feed must have shown before it is trusted either way.
const MIN_SEEN: u32 = 5;
/// Share of AI items that earns the prior.
const MIN_SHARE: f32 = 0.6;
/// The learned prior: one weak word more makes a headline AI.
pub const LEARNED_WEIGHT: f32 = 0.5;
/// Feeds remembered; beyond this the book starts afresh (classify reading
/// an endless stream of made-up source names must not grow without bound).
const MAX_FEEDS: usize = 10_000;

/// The last `WINDOW` verdicts of one feed, newest in bit 0.
#[derive(Debug, Clone, Copy, Default)]
struct Recent {
    bits: u32,
    seen: u32,
}

/// Per feed, the verdicts its recent items earned by their own words (title,
/// link, summary — never by the feed's priors, which would feed on
/// themselves).
#[derive(Debug, Clone, Default)]
pub struct FeedPrior {
    feeds: HashMap<String, Recent>,
}

impl FeedPrior {
    pub fn observe(&mut self, feed: &str, ai: bool) {
        if feed.is_empty() {
            return;
        }
        if !self.feeds.contains_key(feed) && self.feeds.len() >= MAX_FEEDS {
            self.feeds.clear();
        }
        let r = self.feeds.entry(feed.to_string()).or_default();
        r.bits = (r.bits << 1 | u32::from(ai)) & ((1 << WINDOW) - 1);
        r.seen = (r.seen + 1).min(WINDOW);
    }

    /// The learned prior and why: `(0.5, "12 of its last 20 items are AI")`.
    pub fn prior(&self, feed: &str) -> Option<(f32, String)> {
        let r = self.feeds.get(feed)?;
        let ai = r.bits.count_ones();
        (r.seen >= MIN_SEEN && ai as f32 >= MIN_SHARE * r.seen as f32).then(|| {
            (
                LEARNED_WEIGHT,
                format!("{ai} of its last {} items are AI", r.seen),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mostly_ai_feed_earns_the_prior_and_loses_it() {
        let mut r = FeedPrior::default();
        for ai in [true, true, true, false] {
            r.observe("Lab", ai);
        }
        assert_eq!(r.prior("Lab"), None, "too few items to tell");
        r.observe("Lab", true);
        assert_eq!(
            r.prior("Lab"),
            Some((0.5, "4 of its last 5 items are AI".into()))
        );
        for _ in 0..20 {
            r.observe("Lab", false);
        }
        assert_eq!(r.prior("Lab"), None, "only the last 20 items count");
        assert_eq!(r.prior("Elsewhere"), None);
    }
}
