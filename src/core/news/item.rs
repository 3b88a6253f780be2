//! A headline with the core's judgement: what the list, the filter and
//! the alerts all look at.

use std::cmp::Reverse;

use crate::core::model::{Headline, Timestamp};
use crate::core::signal::FeedPrior;
use crate::core::signal::Relevance;
use crate::core::signal::{HeadlineText, Judge};

/// A headline with the core's judgement about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub headline: Headline,
    pub relevance: Relevance,
    pub tickers: Vec<String>,
    /// Every feed that carried this story, first one first.
    pub sources: Vec<String>,
    /// When it arrived, as a count of arrivals (set by `State`): what is
    /// newer than the user has seen.
    pub arrival: u64,
    pub judged: Judged,
}

/// What storing a judgement needs beside the relevance and tickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Judged {
    /// `Judge::key_for` the judge and text that made it.
    pub key: u64,
    /// AI by its own words, before the feed's priors: what the feed's
    /// record learned from it.
    pub own_words: bool,
}

/// A judgement as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub relevance: Relevance,
    pub tickers: Vec<String>,
    pub judged: Judged,
}

/// Where an item sits in the list: newest first; of the same time, the
/// earlier arrival first. Stable for the item's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemKey(Reverse<Timestamp>, u64);

impl Item {
    pub fn key(&self) -> ItemKey {
        ItemKey(Reverse(self.headline.effective_time()), self.arrival)
    }

    pub fn judged(headline: Headline, judge: &Judge) -> Item {
        Item::judged_in(headline, judge, None)
    }

    /// Judged in its context: title, feed, link and summary, and the
    /// feed's recent items when their record is kept.
    pub fn judged_in(headline: Headline, judge: &Judge, record: Option<&mut FeedPrior>) -> Item {
        let text = text_of(&headline);
        let (relevance, tickers, own_words) = judge.judge_with_own_words(&text, record);
        let judged = Judged {
            key: judge.key_for(&text),
            own_words,
        };
        Item::with_verdict(
            headline,
            Verdict {
                relevance,
                tickers,
                judged,
            },
        )
    }

    /// A stored story: its stored judgement when `judge` made it of this
    /// very text, else judged again. Either way the feed's record learns
    /// from it as from a fresh item.
    pub fn restored(
        headline: Headline,
        stored: Option<Verdict>,
        judge: &Judge,
        record: &mut FeedPrior,
    ) -> Item {
        match stored.filter(|v| v.judged.key == judge.key_for(&text_of(&headline))) {
            Some(v) => {
                judge.remember(&headline.source, v.judged.own_words, record);
                Item::with_verdict(headline, v)
            }
            None => Item::judged_in(headline, judge, Some(record)),
        }
    }

    /// Its judgement, as the store keeps it.
    pub fn verdict(&self) -> Verdict {
        Verdict {
            relevance: self.relevance.clone(),
            tickers: self.tickers.clone(),
            judged: self.judged,
        }
    }

    fn with_verdict(headline: Headline, v: Verdict) -> Item {
        Item {
            sources: vec![headline.source.clone()],
            headline,
            relevance: v.relevance,
            tickers: v.tickers,
            arrival: 0,
            judged: v.judged,
        }
    }
}

fn text_of(h: &Headline) -> HeadlineText<'_> {
    HeadlineText {
        title: &h.title,
        source: &h.source,
        link: h.link.as_deref(),
        summary: &h.summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn headline(title: &str) -> Headline {
        let at = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        Headline {
            id: "h".into(),
            title: title.into(),
            link: Some("https://x.example/h".into()),
            source: "Desk".into(),
            published: Some(at),
            first_seen: at,
            summary: String::new(),
        }
    }

    /// A stored judgement is taken only for the text its judge judged;
    /// a changed title is judged again, as a fresh one would be.
    #[test]
    fn a_stored_judgement_is_taken_only_for_the_same_judge_and_text() {
        let judge = Judge::with_overrides(&[], &[]).unwrap();
        let stored = Item::judged(headline("Nvidia unveils new AI chips"), &judge);
        let mut record = FeedPrior::default();
        let calls = judge.calls();
        let back = Item::restored(
            headline("Nvidia unveils new AI chips"),
            Some(stored.verdict()),
            &judge,
            &mut record,
        );
        assert_eq!((back, judge.calls()), (stored.clone(), calls));

        let retitled = headline("Nvidia cuts the price of gaming cards");
        let back = Item::restored(
            retitled.clone(),
            Some(stored.verdict()),
            &judge,
            &mut record,
        );
        assert_eq!(judge.calls(), calls + 1);
        assert_eq!(back, Item::judged(retitled, &judge));
        assert!(!back.relevance.ai && stored.relevance.ai);
    }
}
