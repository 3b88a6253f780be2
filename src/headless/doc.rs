//! The JSON contract of `snapshot --json`: explicit output types, so a
//! field renamed in `core/` cannot change what scripts read. A test lists
//! every key; README's snapshot section documents them.

use serde::Serialize;

use crate::config::Config;
use crate::core::app::{State, why};
use crate::core::model::{SourceHealth, SourceKind, Timestamp};
use crate::core::news::Item;
use crate::core::quotes::{MoveRules, detect};
use crate::core::signal::Evidence;

#[derive(Debug, Serialize)]
pub struct SnapshotDoc {
    pub generated_at: Timestamp,
    pub headlines: Vec<HeadlineJson>,
    pub quotes: Vec<QuoteJson>,
    pub sources: Vec<SourceJson>,
    /// Alerts the configured rules fired on this snapshot's data.
    pub alerts: Vec<AlertJson>,
    /// Each watched symbol's price moves in its latest session, with the
    /// headlines behind each (`core::app::why`).
    pub moves: Vec<PriceMoveJson>,
}

#[derive(Debug, Serialize)]
pub struct PriceMoveJson {
    pub symbol: String,
    /// `gap` or `intraday`.
    pub kind: &'static str,
    pub start: Timestamp,
    pub end: Timestamp,
    pub change_pct: f64,
    /// Best first; empty: no linked news.
    pub why: Vec<WhyJson>,
}

#[derive(Debug, Serialize)]
pub struct WhyJson {
    pub id: String,
    pub title: String,
    pub source: String,
    pub published: Option<Timestamp>,
    /// `direct` (linked to the symbol) or `peer`.
    pub link: &'static str,
    /// Seconds from the headline to the move's start (negative: after).
    pub lead_s: i64,
}

impl PriceMoveJson {
    fn all(state: &State) -> Vec<PriceMoveJson> {
        let rules = MoveRules::default();
        let quotes = state.quotes().iter().filter_map(|s| s.quote.as_ref());
        quotes
            .flat_map(|q| detect(q, &rules))
            .map(|mv| PriceMoveJson {
                why: why(state, &mv)
                    .into_iter()
                    .map(|w| WhyJson {
                        id: w.item.headline.id.clone(),
                        title: w.item.headline.title.clone(),
                        source: w.item.headline.source.clone(),
                        published: w.item.headline.published,
                        link: w.link.as_str(),
                        lead_s: w.lead_s,
                    })
                    .collect(),
                symbol: mv.symbol,
                kind: mv.kind.as_str(),
                start: mv.start,
                end: mv.end,
                change_pct: round(mv.change_pct, 2),
            })
            .collect()
    }
}

#[derive(Debug, Serialize)]
pub struct HeadlineJson {
    pub id: String,
    pub title: String,
    pub link: Option<String>,
    /// The feed it was first seen in.
    pub source: String,
    pub published: Option<Timestamp>,
    pub first_seen: Timestamp,
    pub summary: String,
    pub ai: bool,
    pub ai_score: f32,
    pub ai_terms: Vec<String>,
    /// What the title, feed, link and summary each contributed.
    pub ai_evidence: Vec<Evidence>,
    pub tickers: Vec<String>,
    /// Every feed that carried the story (the same link or title).
    pub sources: Vec<String>,
    /// Per linked ticker with a quote: percent move since the headline.
    pub moves: Vec<MoveJson>,
}

#[derive(Debug, Serialize)]
pub struct MoveJson {
    pub symbol: String,
    pub since_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct AlertJson {
    pub at: Timestamp,
    pub title: String,
    pub detail: String,
    pub symbol: Option<String>,
    pub headline_id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct QuoteJson {
    pub symbol: String,
    pub price: f64,
    /// `null` when the provider gave no previous close worth trusting;
    /// change and change % are `null` with it.
    pub prev_close: Option<f64>,
    pub change: Option<f64>,
    pub change_pct: Option<f64>,
    pub currency: String,
    pub exchange: String,
    pub market_state: &'static str,
    pub as_of: Timestamp,
    pub provider: &'static str,
    pub series_points: usize,
    /// Its data, by its own time, is older than its session allows.
    pub stale: bool,
    /// Pre- or post-market price, apart from the regular session.
    pub extended: Option<ExtendedJson>,
}

#[derive(Debug, Serialize)]
pub struct ExtendedJson {
    pub session: &'static str,
    pub price: f64,
    pub change: f64,
    pub change_pct: f64,
}

#[derive(Debug, Serialize)]
pub struct SourceJson {
    /// `feed`, `quotes` or `stream`.
    pub kind: &'static str,
    pub name: String,
    pub url: String,
    pub ok: bool,
    pub error: Option<String>,
    pub items: usize,
    /// Entries of the last parsed document that could not be read.
    pub skipped: usize,
    /// Items of the last parsed document older than `[store] retention`.
    pub outside: usize,
    /// Set when every item fell outside the window: "40 items, all older than 30d".
    pub note: Option<String>,
    pub http_status: Option<u16>,
    pub elapsed_ms: u64,
    pub last_attempt: Timestamp,
    pub last_success: Option<Timestamp>,
    /// The most recent error, kept after the source recovers.
    pub last_error: Option<String>,
    pub not_modified: bool,
    pub next_poll: Option<Timestamp>,
    /// How late its new items came (first seen − published); null before
    /// any dated new item.
    pub lag: Option<LagJson>,
}

#[derive(Debug, Serialize)]
pub struct LagJson {
    pub median_s: i64,
    pub p90_s: i64,
    pub n: usize,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl SnapshotDoc {
    /// The state as a document; sources come in config order (feeds,
    /// then symbols).
    pub fn new(state: &State, config: &Config) -> SnapshotDoc {
        let headlines = state
            .items()
            .values()
            .map(|i| HeadlineJson::new(state, i))
            .collect();
        let quotes = state
            .quotes()
            .iter()
            .filter_map(|slot| slot.quote.as_ref())
            .map(|q| QuoteJson {
                symbol: q.symbol.clone(),
                price: q.price,
                prev_close: q.prev_close,
                change: q.change().map(|c| round(c, 4)),
                change_pct: q.change_pct().map(|p| round(p, 2)),
                currency: q.currency.clone(),
                exchange: q.exchange.clone(),
                market_state: q.market_state.as_str(),
                as_of: q.as_of,
                provider: q.provider.as_str(),
                series_points: q.series.points.len(),
                stale: state.quote_age(&q.symbol).is_some_and(|f| f.stale),
                extended: q.extended.map(|e| ExtendedJson {
                    session: e.session.as_str(),
                    price: e.price,
                    change: round(e.change, 4),
                    change_pct: round(e.change_pct, 2),
                }),
            })
            .collect();
        let order = config
            .feeds
            .iter()
            .map(|f| (SourceKind::Feed, f.name.clone()))
            .chain(
                config
                    .symbols()
                    .into_iter()
                    .map(|s| (SourceKind::Quotes, s)),
            );
        let sources = order
            .filter_map(|key| {
                let h = state.sources.get(&key)?;
                let mut json = SourceJson {
                    note: state.window_note(h),
                    ..SourceJson::from(h)
                };
                json.lag = state
                    .lag
                    .get(&key)
                    .and_then(|l| l.summary())
                    .map(|s| LagJson {
                        median_s: s.median_s,
                        p90_s: s.p90_s,
                        n: s.n,
                    });
                Some(json)
            })
            .collect();
        let alerts = state
            .alerts
            .fired
            .iter()
            .map(|a| AlertJson {
                at: a.at,
                title: a.title.clone(),
                detail: a.detail.clone(),
                symbol: a.symbol.clone(),
                headline_id: a.headline_id.clone(),
            })
            .collect();
        SnapshotDoc {
            generated_at: state.now,
            headlines,
            quotes,
            sources,
            alerts,
            moves: PriceMoveJson::all(state),
        }
    }

    pub fn any_ok(&self) -> bool {
        self.sources.iter().any(|s| s.ok)
    }
}

impl HeadlineJson {
    fn new(state: &State, item: &Item) -> HeadlineJson {
        let h = &item.headline;
        HeadlineJson {
            id: h.id.clone(),
            title: h.title.clone(),
            link: h.link.clone(),
            source: h.source.clone(),
            published: h.published,
            first_seen: h.first_seen,
            summary: h.summary.clone(),
            ai: item.relevance.ai,
            ai_score: item.relevance.score,
            ai_terms: item.relevance.terms.clone(),
            ai_evidence: item.relevance.evidence(),
            tickers: item.tickers.clone(),
            sources: item.sources.clone(),
            moves: state
                .moves(item)
                .into_iter()
                .map(|m| MoveJson {
                    symbol: m.symbol,
                    since_pct: round(m.since_pct, 2),
                })
                .collect(),
        }
    }
}

impl From<&SourceHealth> for SourceJson {
    fn from(s: &SourceHealth) -> SourceJson {
        SourceJson {
            kind: SourceKind::as_str(s.kind),
            name: s.name.clone(),
            url: s.url.clone(),
            ok: s.ok,
            error: s.error.clone(),
            items: s.items,
            skipped: s.skipped,
            outside: s.outside,
            note: None,
            http_status: s.http_status,
            elapsed_ms: s.elapsed_ms,
            last_attempt: s.last_attempt,
            last_success: s.last_success,
            last_error: s.last_error.clone(),
            not_modified: s.not_modified,
            next_poll: s.next_poll,
            lag: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::Msg;
    use crate::core::app::update;
    use crate::core::model::nvda_after_close;
    use crate::core::model::{FetchReport, Headline};
    use crate::wiring::App;
    use chrono::{TimeZone, Utc};
    use std::collections::BTreeSet;

    /// Every key path of a JSON value: `a.b`, arrays as `a[]`.
    fn keys(v: &serde_json::Value, path: &str, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    out.insert(p.clone());
                    keys(v, &p, out);
                }
            }
            serde_json::Value::Array(items) => {
                for v in items {
                    keys(v, &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }

    /// The contract scripts read. A change here is a deliberate change of
    /// the documented format (README, "snapshot --json").
    #[test]
    fn the_snapshot_document_has_exactly_these_keys() {
        let config =
            crate::config::parse("feeds = []\n[watchlist]\nsymbols = [\"NVDA\"]\n", "t.toml")
                .unwrap();
        let app = App::build(config, &|_| None).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 30, 0).unwrap();
        let mut state = app.initial_state(now);
        let report = |kind, name: &str| FetchReport {
            http_status: Some(200),
            ..FetchReport::new(kind, name, "http://127.0.0.1/x", now)
        };
        let headline = Headline {
            id: "h1".into(),
            title: "Nvidia slides as DeepSeek AI model rattles chip stocks".into(),
            link: Some("https://desk.example/1".into()),
            source: "Desk".into(),
            published: Some(now - chrono::Duration::minutes(90)),
            first_seen: now,
            summary: String::new(),
        };
        let quote = nvda_after_close(now, vec![(now.timestamp() - 7200, 125.0)]);
        for msg in [
            Msg::HeadlinesFetched {
                report: report(SourceKind::Feed, "Desk"),
                headlines: vec![headline],
                skipped: 0,
            },
            Msg::QuoteReceived {
                report: report(SourceKind::Quotes, "NVDA"),
                quote,
            },
        ] {
            update(&mut state, msg, now);
        }
        // A measured lag (feeds have one in practice; this config has none).
        let lag = crate::core::news::SourceLag::from_samples([60, 180]);
        state.lag.insert((SourceKind::Quotes, "NVDA".into()), lag);
        let mut doc = serde_json::to_value(SnapshotDoc::new(&state, &app.config)).unwrap();
        // An alert, as the rules would fire one.
        doc["alerts"] = serde_json::json!([{"at": now, "title": "t", "detail": "d", "symbol": "NVDA", "headline_id": "h1"}]);
        // The close's gap is detected; a headline behind it, as ranked.
        let why = WhyJson {
            id: "h1".into(),
            title: "t".into(),
            source: "Desk".into(),
            published: None,
            link: "direct",
            lead_s: 60,
        };
        doc["moves"][0]["why"] = serde_json::json!([why]);
        let mut found = BTreeSet::new();
        keys(&doc, "", &mut found);
        let expected = [
            "alerts",
            "alerts[].at",
            "alerts[].detail",
            "alerts[].headline_id",
            "alerts[].symbol",
            "alerts[].title",
            "generated_at",
            "moves",
            "moves[].change_pct",
            "moves[].end",
            "moves[].kind",
            "moves[].start",
            "moves[].symbol",
            "moves[].why",
            "moves[].why[].id",
            "moves[].why[].lead_s",
            "moves[].why[].link",
            "moves[].why[].published",
            "moves[].why[].source",
            "moves[].why[].title",
            "headlines",
            "headlines[].ai",
            "headlines[].ai_evidence",
            "headlines[].ai_evidence[].part",
            "headlines[].ai_evidence[].reasons",
            "headlines[].ai_evidence[].weight",
            "headlines[].ai_score",
            "headlines[].ai_terms",
            "headlines[].first_seen",
            "headlines[].id",
            "headlines[].link",
            "headlines[].moves",
            "headlines[].moves[].since_pct",
            "headlines[].moves[].symbol",
            "headlines[].published",
            "headlines[].source",
            "headlines[].sources",
            "headlines[].summary",
            "headlines[].tickers",
            "headlines[].title",
            "quotes",
            "quotes[].as_of",
            "quotes[].change",
            "quotes[].change_pct",
            "quotes[].currency",
            "quotes[].exchange",
            "quotes[].extended",
            "quotes[].extended.change",
            "quotes[].extended.change_pct",
            "quotes[].extended.price",
            "quotes[].extended.session",
            "quotes[].market_state",
            "quotes[].prev_close",
            "quotes[].price",
            "quotes[].provider",
            "quotes[].series_points",
            "quotes[].stale",
            "quotes[].symbol",
            "sources",
            "sources[].elapsed_ms",
            "sources[].error",
            "sources[].http_status",
            "sources[].items",
            "sources[].kind",
            "sources[].lag",
            "sources[].lag.median_s",
            "sources[].lag.n",
            "sources[].lag.p90_s",
            "sources[].last_attempt",
            "sources[].last_error",
            "sources[].last_success",
            "sources[].name",
            "sources[].next_poll",
            "sources[].not_modified",
            "sources[].note",
            "sources[].ok",
            "sources[].outside",
            "sources[].skipped",
            "sources[].url",
        ];
        assert_eq!(found, expected.iter().map(|s| s.to_string()).collect());
        // The alert keys come from the real type too.
        let alert = AlertJson {
            at: now,
            title: "t".into(),
            detail: "d".into(),
            symbol: None,
            headline_id: None,
        };
        let mut alert_keys = BTreeSet::new();
        keys(
            &serde_json::to_value(alert).unwrap(),
            "alerts[]",
            &mut alert_keys,
        );
        assert!(
            alert_keys.iter().all(|k| found.contains(k)),
            "{alert_keys:?}"
        );
    }
}
