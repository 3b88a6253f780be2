//! Rows to and from the core's types. Stored shapes are explicit here,
//! like the snapshot contract, so a core rename never changes the file.

use crate::core::model::ProviderName;
use chrono::DateTime;
use serde::{Deserialize, Serialize};

use crate::core::model::{
    Extended, MarketState, Quote, Series, SourceHealth, SourceKind, Timestamp,
};
use crate::core::news::Story;
use crate::core::news::{Item, Judged, Verdict};
use crate::core::signal::Relevance;
use crate::core::signal::{Evidence, Part};
use crate::sources::sanitize::arrived;

pub fn secs(t: Timestamp) -> i64 {
    t.timestamp()
}

pub fn time(secs: i64) -> Timestamp {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

pub fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Feed => "feed",
        SourceKind::Quotes => "quotes",
        SourceKind::Stream => "stream",
    }
}

pub fn kind_of(name: &str) -> Option<SourceKind> {
    match name {
        "feed" => Some(SourceKind::Feed),
        "quotes" => Some(SourceKind::Quotes),
        "stream" => Some(SourceKind::Stream),
        _ => None,
    }
}

fn state_name(s: MarketState) -> &'static str {
    s.as_str()
}

fn state_of(name: &str) -> MarketState {
    match name {
        "pre" => MarketState::Pre,
        "regular" => MarketState::Regular,
        "post" => MarketState::Post,
        _ => MarketState::Closed,
    }
}

#[derive(Serialize, Deserialize)]
pub struct StoredQuote {
    symbol: String,
    price: f64,
    prev_close: Option<f64>,
    currency: String,
    exchange: String,
    market_state: String,
    as_of: i64,
    provider: String,
    series: Vec<(i64, f64)>,
    extended: Option<(String, f64, f64, f64)>,
}

impl From<&Quote> for StoredQuote {
    fn from(q: &Quote) -> StoredQuote {
        StoredQuote {
            symbol: q.symbol.clone(),
            price: q.price,
            prev_close: q.prev_close,
            currency: q.currency.clone(),
            exchange: q.exchange.clone(),
            market_state: state_name(q.market_state).into(),
            as_of: secs(q.as_of),
            provider: q.provider.as_str().into(),
            series: q.series.points.clone(),
            extended: q.extended.map(|e| {
                (
                    state_name(e.session).into(),
                    e.price,
                    e.change,
                    e.change_pct,
                )
            }),
        }
    }
}

impl From<StoredQuote> for Quote {
    fn from(s: StoredQuote) -> Quote {
        Quote {
            symbol: s.symbol,
            price: s.price,
            prev_close: s.prev_close,
            currency: s.currency,
            exchange: s.exchange,
            market_state: state_of(&s.market_state),
            as_of: time(s.as_of),
            provider: ProviderName::parse(&s.provider),
            series: Series::from_points(s.series),
            extended: s
                .extended
                .map(|(session, price, change, change_pct)| Extended {
                    session: state_of(&session),
                    price,
                    change,
                    change_pct,
                }),
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct StoredHealth {
    url: String,
    ok: bool,
    error: Option<String>,
    items: usize,
    #[serde(default)]
    skipped: usize,
    #[serde(default)]
    outside: usize,
    http_status: Option<u16>,
    elapsed_ms: u64,
    last_attempt: i64,
    last_success: Option<i64>,
    last_error: Option<String>,
    not_modified: bool,
    next_poll: Option<i64>,
}

impl From<&SourceHealth> for StoredHealth {
    fn from(h: &SourceHealth) -> StoredHealth {
        StoredHealth {
            url: h.url.clone(),
            ok: h.ok,
            error: h.error.clone(),
            items: h.items,
            skipped: h.skipped,
            outside: h.outside,
            http_status: h.http_status,
            elapsed_ms: h.elapsed_ms,
            last_attempt: secs(h.last_attempt),
            last_success: h.last_success.map(secs),
            last_error: h.last_error.clone(),
            not_modified: h.not_modified,
            next_poll: h.next_poll.map(secs),
        }
    }
}

impl StoredHealth {
    pub fn into_health(self, kind: &str, name: String) -> Option<SourceHealth> {
        Some(SourceHealth {
            kind: kind_of(kind)?,
            name: arrived::name(&name),
            url: arrived::name(&self.url),
            ok: self.ok,
            error: self.error.as_deref().map(arrived::detail),
            // Not stored: a failure after a restart is logged afresh.
            failure: None,
            items: self.items,
            skipped: self.skipped,
            outside: self.outside,
            http_status: self.http_status,
            elapsed_ms: self.elapsed_ms,
            last_attempt: time(self.last_attempt),
            last_success: self.last_success.map(time),
            last_error: self.last_error.as_deref().map(arrived::detail),
            not_modified: self.not_modified,
            next_poll: self.next_poll.map(time),
        })
    }
}

/// A stored story with its judgement as stored (`judged_by`, `verdict`),
/// not yet parsed.
pub struct Unparsed {
    pub(super) story: Story,
    pub(super) verdict: Option<(i64, String)>,
}

impl Unparsed {
    /// The story with its judgement; none when it does not parse or its
    /// spans do not fit its title (judged again on restore).
    pub fn parse(self) -> Story {
        let title = &self.story.headline.title;
        let verdict = self.verdict.and_then(|(key, body)| {
            let v = serde_json::from_str::<StoredVerdict>(&body).ok()?;
            spans_fit(&v.spans, title).then(|| v.into_verdict(key))?
        });
        Story {
            verdict,
            ..self.story
        }
    }
}

/// Each span inside the title, on its char boundaries: what the headline
/// list slices by.
pub fn spans_fit(spans: &[(usize, usize)], title: &str) -> bool {
    spans
        .iter()
        .all(|&(start, end)| start <= end && title.get(start..end).is_some())
}

/// A story's judgement (the `verdict` column); its judge and text are
/// the `judged_by` column's key.
#[derive(Serialize, Deserialize)]
pub struct StoredVerdict {
    ai: bool,
    score: f32,
    terms: Vec<String>,
    spans: Vec<(usize, usize)>,
    evidence: Vec<StoredEvidence>,
    tickers: Vec<String>,
    own_words: bool,
}

#[derive(Serialize, Deserialize)]
struct StoredEvidence {
    part: String,
    weight: f32,
    reasons: Vec<String>,
}

fn part_of(name: &str) -> Option<Part> {
    [Part::Title, Part::Source, Part::Link, Part::Summary]
        .into_iter()
        .find(|p| p.as_str() == name)
}

impl From<&Item> for StoredVerdict {
    fn from(item: &Item) -> StoredVerdict {
        let rel = &item.relevance;
        StoredVerdict {
            ai: rel.ai,
            score: rel.score,
            terms: rel.terms.clone(),
            spans: rel.spans.clone(),
            evidence: rel
                .parts()
                .iter()
                .map(|e| StoredEvidence {
                    part: e.part.as_str().into(),
                    weight: e.weight,
                    reasons: e.reasons.clone(),
                })
                .collect(),
            tickers: item.tickers.clone(),
            own_words: item.judged.own_words,
        }
    }
}

impl StoredVerdict {
    /// `None` when a part is one this program does not know: judged again.
    pub fn into_verdict(self, key: i64) -> Option<Verdict> {
        let parts = self
            .evidence
            .into_iter()
            .map(|e| {
                Some(Evidence {
                    part: part_of(&e.part)?,
                    weight: e.weight,
                    reasons: e.reasons,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Verdict {
            relevance: Relevance::restored(self.ai, self.score, self.terms, self.spans, parts),
            tickers: self.tickers,
            judged: Judged {
                key: key as u64,
                own_words: self.own_words,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_quote_comes_back_as_it_went() {
        let at = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let q = crate::core::model::nvda_after_close(at, vec![(1, 125.0), (61, 121.5)]);
        let json = serde_json::to_string(&StoredQuote::from(&q)).unwrap();
        let back: Quote = serde_json::from_str::<StoredQuote>(&json).unwrap().into();
        assert_eq!(back, q);
    }

    #[test]
    fn a_judgement_comes_back_as_it_went() {
        use crate::core::signal::Judge;
        let at = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let headline = crate::core::model::Headline {
            id: "x".into(),
            title: "Nvidia unveils new AI chips".into(),
            link: Some("https://blog.google/technology/ai/gemini".into()),
            source: "Google News: AI".into(),
            published: Some(at),
            first_seen: at,
            summary: "A model that reasons, from OpenAI.".into(),
        };
        let item = Item::judged(headline, &Judge::builtin());
        assert!(item.relevance.parts().len() >= 3, "every part weighed");
        let json = serde_json::to_string(&StoredVerdict::from(&item)).unwrap();
        let back = serde_json::from_str::<StoredVerdict>(&json)
            .unwrap()
            .into_verdict(item.judged.key as i64)
            .unwrap();
        assert_eq!(back, item.verdict());
    }

    #[test]
    fn spans_that_misfit_their_title_are_refused() {
        let title = "Nvidia – AI";
        assert!(spans_fit(&[(0, 6), (11, 13)], title));
        assert!(!spans_fit(&[(9, 3)], title), "backwards");
        assert!(!spans_fit(&[(0, 99)], title), "out of range");
        assert!(!spans_fit(&[(8, 9)], title), "inside the dash");
    }
}
