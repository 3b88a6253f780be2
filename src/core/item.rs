//! A headline with the core's judgement: what the list, the filter and
//! the alerts all look at.

use std::cmp::Reverse;

use super::feed_record::FeedRecord;
use super::judge::{HeadlineText, Judge};
use super::model::{Headline, Timestamp};
use super::relevance::Relevance;

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
    pub fn judged_in(headline: Headline, judge: &Judge, record: Option<&mut FeedRecord>) -> Item {
        let text = HeadlineText {
            title: &headline.title,
            source: &headline.source,
            link: headline.link.as_deref(),
            summary: &headline.summary,
        };
        let (relevance, tickers) = judge.judge_in(&text, record);
        Item {
            sources: vec![headline.source.clone()],
            headline,
            relevance,
            tickers,
            arrival: 0,
        }
    }
}
