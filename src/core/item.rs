//! A headline with the core's judgement: what the list, the filter and
//! the alerts all look at.

use super::judge::Judge;
use super::model::Headline;
use super::relevance::Relevance;

/// A headline with the core's judgement about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub headline: Headline,
    pub relevance: Relevance,
    pub tickers: Vec<String>,
    /// Every feed that carried this story, first one first.
    pub sources: Vec<String>,
}

impl Item {
    pub fn judged(headline: Headline, judge: &Judge) -> Item {
        let (relevance, tickers) = judge.judge(&headline.title);
        Item {
            sources: vec![headline.source.clone()],
            headline,
            relevance,
            tickers,
        }
    }
}
