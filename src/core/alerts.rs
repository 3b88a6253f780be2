//! Alerts: rules evaluated on new headlines and new quotes. Each fires
//! once per occurrence; a rate limit keeps a storm from flooding the
//! screen (alerts past the limit still land in the list, quietly).

use std::collections::{HashMap, VecDeque};

use super::model::{Quote, Timestamp};
use super::text::Needle;
use crate::core::news::Query;

use crate::core::news::Item;

#[derive(Debug, Clone, PartialEq)]
pub enum AlertRule {
    /// |change| >= threshold within the window; empty `symbols` = all.
    Move {
        symbols: Vec<String>,
        threshold_pct: f64,
        window_secs: i64,
    },
    /// An AI headline linked to one of `symbols` (empty = the watchlist).
    AiHeadline { symbols: Vec<String> },
    /// A headline containing the phrase (any case, whole words).
    Keyword { phrase: Needle },
    /// A headline matching a filter query (`ai:yes $NVDA -rumor`).
    Query(Query),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlertSettings {
    pub rules: Vec<AlertRule>,
    pub bell: bool,
    pub desktop: bool,
    pub max_per_minute: usize,
    /// Headlines older than this never alert (the first poll brings old ones).
    pub headline_max_age_secs: i64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            rules: Vec::new(),
            bell: false,
            desktop: false,
            max_per_minute: 6,
            headline_max_age_secs: 3600,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub at: Timestamp,
    pub title: String,
    pub detail: String,
    pub symbol: Option<String>,
    pub headline_id: Option<String>,
    /// Shown and notified (false when the rate limit held it back).
    pub delivered: bool,
}

/// What the alert engine remembers between messages.
#[derive(Debug, Clone, Default)]
pub struct AlertBook {
    pub settings: AlertSettings,
    /// Newest first, capped.
    pub fired: Vec<Alert>,
    /// Move rules disarmed after firing, per (rule, symbol), until the move
    /// falls back under half the threshold.
    disarmed: HashMap<(usize, String), ()>,
    deliveries: VecDeque<Timestamp>,
}

impl AlertBook {
    pub const MAX_KEPT: usize = 500;

    /// Alerts fired in an earlier run (newest first), for the alert list.
    pub fn restore(&mut self, earlier: Vec<Alert>) {
        if earlier.is_empty() {
            return;
        }
        self.fired.extend(earlier);
        self.fired.sort_by_key(|a| std::cmp::Reverse(a.at));
        self.fired.dedup();
        self.fired.truncate(Self::MAX_KEPT);
    }

    pub fn new(settings: AlertSettings) -> AlertBook {
        AlertBook {
            settings,
            ..AlertBook::default()
        }
    }

    /// Evaluate the headline rules on one newly seen item.
    pub fn on_headline(&mut self, item: &Item, watchlist: &[String], now: Timestamp) -> Vec<Alert> {
        let h = &item.headline;
        if (now - h.effective_time()).num_seconds() > self.settings.headline_max_age_secs {
            return Vec::new();
        }
        let mut out = Vec::new();
        for rule in &self.settings.rules {
            let detail = match rule {
                AlertRule::AiHeadline { symbols } if item.relevance.ai => {
                    let watched = if symbols.is_empty() {
                        watchlist
                    } else {
                        symbols
                    };
                    let hit: Vec<&str> = item
                        .tickers
                        .iter()
                        .filter(|t| watched.contains(t))
                        .map(String::as_str)
                        .collect();
                    if hit.is_empty() {
                        continue;
                    }
                    format!("AI headline on {}", hit.join(" "))
                }
                AlertRule::Keyword { phrase } if phrase.is_match(&h.title) => {
                    format!("matches \"{}\"", phrase.literal())
                }
                AlertRule::Query(q) if q.matches(item, now) => format!("matches {}", q.text()),
                _ => continue,
            };
            out.push(Alert {
                at: now,
                title: h.title.clone(),
                detail,
                symbol: item.tickers.first().cloned(),
                headline_id: Some(h.id.clone()),
                delivered: false,
            });
            // One alert per headline, however many rules it meets.
            break;
        }
        self.record(out, now)
    }

    /// Evaluate the move rules on a fresh quote.
    pub fn on_quote(&mut self, quote: &Quote, now: Timestamp) -> Vec<Alert> {
        let mut out = Vec::new();
        for (idx, rule) in self.settings.rules.iter().enumerate() {
            let AlertRule::Move {
                symbols,
                threshold_pct,
                window_secs,
            } = rule
            else {
                continue;
            };
            if !symbols.is_empty() && !symbols.contains(&quote.symbol) {
                continue;
            }
            let Some(pct) = window_move(quote, *window_secs, now) else {
                continue;
            };
            let key = (idx, quote.symbol.clone());
            if pct.abs() >= *threshold_pct {
                if self.disarmed.insert(key, ()).is_none() {
                    let arrow = if pct < 0.0 { '▼' } else { '▲' };
                    out.push(Alert {
                        at: now,
                        title: format!(
                            "{} {arrow}{pct:+.2}% in {}m",
                            quote.symbol,
                            window_secs / 60
                        ),
                        detail: format!("price {:.2}", quote.latest().1),
                        symbol: Some(quote.symbol.clone()),
                        headline_id: None,
                        delivered: false,
                    });
                }
            } else if pct.abs() < threshold_pct / 2.0 {
                self.disarmed.remove(&key);
            }
        }
        self.record(out, now)
    }

    /// Apply the rate limit, keep the list, return what was recorded.
    fn record(&mut self, mut alerts: Vec<Alert>, now: Timestamp) -> Vec<Alert> {
        while self
            .deliveries
            .front()
            .is_some_and(|t| (now - *t).num_seconds() >= 60)
        {
            self.deliveries.pop_front();
        }
        for a in &mut alerts {
            if self.deliveries.len() < self.settings.max_per_minute {
                a.delivered = true;
                self.deliveries.push_back(now);
            }
            self.fired.insert(0, a.clone());
        }
        self.fired.truncate(Self::MAX_KEPT);
        alerts
    }
}

/// Percent move over the last `window_secs` of the series, if the series
/// is current (its last bar within the window of `now`).
fn window_move(quote: &Quote, window_secs: i64, now: Timestamp) -> Option<f64> {
    let (t_last, latest) = quote.latest();
    if now.timestamp() - t_last > window_secs {
        return None;
    }
    let base = quote
        .series
        .points
        .iter()
        .find(|(t, _)| *t >= t_last - window_secs)
        .map(|(_, p)| *p)?;
    (base > 0.0).then(|| (latest - base) / base * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::model::Headline;
    use crate::core::signal::Judge;
    use chrono::{Duration, TimeZone, Utc};

    const T0: i64 = 1_737_988_200;

    fn at(t: i64) -> Timestamp {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    fn quote(points: Vec<(i64, f64)>) -> Quote {
        let last = points.last().unwrap().0;
        let price = points.last().unwrap().1;
        Quote::regular("NVDA", price, Some(142.62), at(last), points)
    }

    fn book(rules: Vec<AlertRule>) -> AlertBook {
        AlertBook::new(AlertSettings {
            rules,
            ..AlertSettings::default()
        })
    }

    fn move_rule() -> AlertRule {
        AlertRule::Move {
            symbols: vec![],
            threshold_pct: 3.0,
            window_secs: 900,
        }
    }

    #[test]
    fn a_move_fires_once_until_it_fades() {
        let mut b = book(vec![move_rule()]);
        let falling = quote(vec![(T0, 130.0), (T0 + 300, 127.0), (T0 + 600, 125.0)]);
        let fired = b.on_quote(&falling, at(T0 + 610));
        assert_eq!(fired.len(), 1);
        assert_eq!(fired[0].title, "NVDA ▼-3.85% in 15m");
        assert!(
            b.on_quote(&falling, at(T0 + 620)).is_empty(),
            "same move, no repeat"
        );
        // It fades below half the threshold, then moves again: a new occurrence.
        let calm = quote(vec![(T0 + 600, 125.0), (T0 + 1200, 125.5)]);
        assert!(b.on_quote(&calm, at(T0 + 1210)).is_empty());
        let again = quote(vec![(T0 + 1200, 125.5), (T0 + 1500, 121.0)]);
        assert_eq!(b.on_quote(&again, at(T0 + 1510)).len(), 1);
    }

    #[test]
    fn stale_series_do_not_alert() {
        let mut b = book(vec![move_rule()]);
        let old = quote(vec![(T0, 130.0), (T0 + 600, 120.0)]);
        assert!(b.on_quote(&old, at(T0 + 86_400)).is_empty());
    }

    fn item(title: &str, minutes_ago: i64, now: Timestamp) -> Item {
        Item::judged(
            Headline {
                id: title.into(),
                title: title.into(),
                link: None,
                source: "T".into(),
                published: Some(now - Duration::minutes(minutes_ago)),
                first_seen: now,
                summary: String::new(),
            },
            &Judge::builtin(),
        )
    }

    #[test]
    fn ai_headlines_on_watched_symbols_and_keywords_alert() {
        let now = at(T0);
        let watch = vec!["NVDA".to_string()];
        let mut b = book(vec![
            AlertRule::AiHeadline { symbols: vec![] },
            AlertRule::Keyword {
                phrase: "export curbs".into(),
            },
        ]);
        assert_eq!(
            b.on_headline(
                &item("Nvidia falls as DeepSeek rattles AI trade", 5, now),
                &watch,
                now
            )
            .len(),
            1
        );
        assert!(
            b.on_headline(&item("Apple's AI plans slip", 5, now), &watch, now)
                .is_empty(),
            "not watched"
        );
        assert!(
            b.on_headline(&item("Nvidia rallies on AI demand", 600, now), &watch, now)
                .is_empty(),
            "too old"
        );
        let kw = b.on_headline(
            &item("New Export Curbs hit chip shipments", 1, now),
            &watch,
            now,
        );
        assert_eq!(kw[0].detail, "matches \"export curbs\"");
    }

    #[test]
    fn query_rules_use_the_filter_language() {
        let now = at(T0);
        let mut b = book(vec![AlertRule::Query(Query::parse("ai:yes $NVDA -shield"))]);
        let fired = b.on_headline(
            &item("Nvidia falls as DeepSeek rattles AI trade", 5, now),
            &[],
            now,
        );
        assert_eq!(fired[0].detail, "matches ai:yes $NVDA -shield");
        assert!(
            b.on_headline(
                &item("Nvidia Shield AI upscaling arrives", 5, now),
                &[],
                now
            )
            .is_empty()
        );
        assert!(
            b.on_headline(&item("Oil steadies", 5, now), &[], now)
                .is_empty()
        );
    }

    #[test]
    fn a_storm_is_rate_limited_but_kept() {
        let now = at(T0);
        let mut b = book(vec![AlertRule::Keyword {
            phrase: "AI".into(),
        }]);
        let delivered: usize = (0..20)
            .flat_map(|i| b.on_headline(&item(&format!("AI story {i}"), 1, now), &[], now))
            .filter(|a| a.delivered)
            .count();
        assert_eq!(delivered, 6);
        assert_eq!(b.fired.len(), 20);
        // A minute later the limit has room again.
        let later = now + Duration::seconds(61);
        assert!(b.on_headline(&item("AI story late", 1, later), &[], later)[0].delivered);
    }
}
