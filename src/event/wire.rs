//! The JSON shape of each event, explicit here (like the snapshot
//! contract), so a rename in `core/` never changes what is on disk or on
//! a bus. Reading is forgiving: unknown fields are counted and skipped,
//! an unknown `type` is reported as such, never an error of the file.

use crate::core::model::ProviderName;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Event, EventKind, Header, VERSION};
use crate::core::model::{
    Extended, Failure, FailureClass, FetchReport, Headline, MarketState, Quote, Series, SourceKind,
    Timestamp, Trade,
};
use crate::core::quotes::Cadence;
use crate::core::quotes::SymbolRefresh;
use crate::sources::sanitize::arrived;

#[derive(Serialize)]
struct LineOut {
    v: u32,
    at: Timestamp,
    #[serde(flatten)]
    body: Body,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Body {
    Header(HeaderJson),
    Headlines(HeadlinesJson),
    Quote(QuoteEventJson),
    Trades(TradesJson),
    SourceFailed(FailedJson),
    StreamConnected(ConnectedJson),
    Plan(PlanJson),
}

#[derive(Serialize, Deserialize)]
struct HeaderJson {
    app: String,
    watchlist: Vec<String>,
    feeds: Vec<FeedJson>,
    stale_after_secs: i64,
    quote_every_secs: u64,
    #[serde(default)]
    start: Option<Timestamp>,
    #[serde(default)]
    speed: Option<u32>,
    #[serde(default)]
    bookmarks: Vec<BookmarkJson>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct FeedJson {
    name: String,
    url: String,
}

#[derive(Serialize, Deserialize)]
struct BookmarkJson {
    at: Timestamp,
    label: String,
}

/// Which source, and how the fetch went (`FetchReport`).
#[derive(Serialize, Deserialize)]
struct SourceJson {
    kind: String,
    name: String,
    url: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    elapsed_ms: u64,
    at: Timestamp,
    #[serde(default)]
    not_modified: bool,
    #[serde(default)]
    next_poll: Option<Timestamp>,
}

#[derive(Serialize, Deserialize)]
struct HeadlineJson {
    id: String,
    title: String,
    #[serde(default)]
    link: Option<String>,
    source: String,
    #[serde(default)]
    published: Option<Timestamp>,
    first_seen: Timestamp,
    #[serde(default)]
    summary: String,
}

#[derive(Serialize, Deserialize)]
struct QuoteJson {
    symbol: String,
    price: f64,
    #[serde(default)]
    prev_close: Option<f64>,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    exchange: String,
    market_state: String,
    as_of: Timestamp,
    provider: String,
    /// `[unix seconds, price]`, bar starts, oldest first.
    #[serde(default)]
    series: Vec<(i64, f64)>,
    #[serde(default)]
    bar_secs: Option<i64>,
    #[serde(default)]
    extended: Option<ExtendedJson>,
}

#[derive(Serialize, Deserialize)]
struct ExtendedJson {
    session: String,
    price: f64,
    change: f64,
    change_pct: f64,
}

#[derive(Serialize, Deserialize)]
struct TradeJson {
    symbol: String,
    price: f64,
    at: Timestamp,
    #[serde(default)]
    open_24h: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct HeadlinesJson {
    source: SourceJson,
    headlines: Vec<HeadlineJson>,
    #[serde(default)]
    skipped: usize,
    /// Only when the headlines travel apart (the bus's health event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<usize>,
}

#[derive(Serialize, Deserialize)]
struct QuoteEventJson {
    source: SourceJson,
    quote: QuoteJson,
}

#[derive(Serialize, Deserialize)]
struct TradesJson {
    provider: String,
    trades: Vec<TradeJson>,
}

#[derive(Serialize, Deserialize)]
struct FailedJson {
    source: SourceJson,
    failure: FailureJson,
}

#[derive(Serialize, Deserialize)]
struct FailureJson {
    class: String,
    detail: String,
}

#[derive(Serialize, Deserialize)]
struct ConnectedJson {
    source: SourceJson,
    symbols: usize,
}

#[derive(Serialize, Deserialize)]
struct PlanJson {
    symbols: Vec<RefreshJson>,
}

/// One symbol's refresh (`SymbolRefresh`), periods in milliseconds.
#[derive(Serialize, Deserialize)]
struct RefreshJson {
    symbol: String,
    provider: String,
    price_ms: u64,
    chart_ms: u64,
    #[serde(default)]
    live: bool,
    #[serde(default)]
    held_back: bool,
}

/// One event as one JSON line (no newline).
pub fn encode_line(event: &Event) -> String {
    let body = match &event.kind {
        EventKind::Header(h) => Body::Header(HeaderJson::from(h)),
        EventKind::Headlines {
            report,
            headlines,
            skipped,
            items,
        } => Body::Headlines(HeadlinesJson {
            source: report.into(),
            headlines: headlines.iter().map(HeadlineJson::from).collect(),
            skipped: *skipped,
            items: *items,
        }),
        EventKind::Quote { report, quote } => Body::Quote(QuoteEventJson {
            source: report.into(),
            quote: quote.into(),
        }),
        EventKind::Trades { provider, trades } => Body::Trades(TradesJson {
            provider: provider.to_string(),
            trades: trades.iter().map(TradeJson::from).collect(),
        }),
        EventKind::SourceFailed { report, failure } => Body::SourceFailed(FailedJson {
            source: report.into(),
            failure: FailureJson {
                class: class_name(failure.class).into(),
                detail: failure.detail.clone(),
            },
        }),
        EventKind::StreamConnected { report, symbols } => Body::StreamConnected(ConnectedJson {
            source: report.into(),
            symbols: *symbols,
        }),
        EventKind::Plan { symbols } => Body::Plan(PlanJson {
            symbols: symbols.iter().map(RefreshJson::from).collect(),
        }),
    };
    let line = LineOut {
        v: VERSION,
        at: event.at,
        body,
    };
    serde_json::to_string(&line).expect("events serialize")
}

/// Read one line: `None` for a kind of event this version does not know
/// (to skip and count); `unknown_fields` counts fields it ignores.
pub fn decode_line(line: &str, unknown_fields: &mut usize) -> Result<Option<Event>, String> {
    let mut value: serde_json::Map<String, Value> =
        serde_json::from_str(line).map_err(|e| e.to_string())?;
    let kind = match value.remove("type") {
        Some(Value::String(k)) => k,
        _ => return Err("no \"type\"".into()),
    };
    let at: Timestamp = match value.remove("at") {
        Some(v) => serde_json::from_value(v).map_err(|e| format!("at: {e}"))?,
        None => return Err("no \"at\"".into()),
    };
    if !value.remove("v").is_some_and(|v| v.is_u64()) {
        return Err("no version \"v\"".into());
    }
    let body = Value::Object(value);
    let event = |kind| Ok(Some(Event { at, kind }));
    match kind.as_str() {
        "header" => event(EventKind::Header(
            parse::<HeaderJson>(body, unknown_fields)?.into(),
        )),
        "headlines" => {
            let w: HeadlinesJson = parse(body, unknown_fields)?;
            event(EventKind::Headlines {
                report: arrived::report(w.source.into()),
                headlines: w
                    .headlines
                    .into_iter()
                    .map(|h| arrived::headline(h.into(), Some(at)))
                    .collect(),
                skipped: w.skipped,
                items: w.items,
            })
        }
        "quote" => {
            let w: QuoteEventJson = parse(body, unknown_fields)?;
            let report = arrived::report(w.source.into());
            // A recorded or forwarded quote is vetted as a polled one is.
            event(match arrived::quote(w.quote.into(), at) {
                Ok(quote) => EventKind::Quote { report, quote },
                Err(failure) => EventKind::SourceFailed { report, failure },
            })
        }
        "trades" => {
            let w: TradesJson = parse(body, unknown_fields)?;
            event(EventKind::Trades {
                provider: ProviderName::parse(&w.provider),
                trades: w
                    .trades
                    .into_iter()
                    .map(|t| Trade {
                        symbol: arrived::name(&t.symbol),
                        ..t.into()
                    })
                    .collect(),
            })
        }
        "source_failed" => {
            let w: FailedJson = parse(body, unknown_fields)?;
            event(EventKind::SourceFailed {
                report: arrived::report(w.source.into()),
                failure: Failure {
                    class: class_of(&w.failure.class),
                    detail: arrived::detail(&w.failure.detail),
                },
            })
        }
        "stream_connected" => {
            let w: ConnectedJson = parse(body, unknown_fields)?;
            event(EventKind::StreamConnected {
                report: arrived::report(w.source.into()),
                symbols: w.symbols,
            })
        }
        "plan" => {
            let w: PlanJson = parse(body, unknown_fields)?;
            event(EventKind::Plan {
                symbols: w.symbols.into_iter().map(RefreshJson::into_pair).collect(),
            })
        }
        _ => Ok(None),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: Value, unknown: &mut usize) -> Result<T, String> {
    serde_ignored::deserialize(body, |_| *unknown += 1).map_err(|e| e.to_string())
}

const CLASSES: &[(FailureClass, &str)] = &[
    (FailureClass::Http, "http"),
    (FailureClass::Network, "network"),
    (FailureClass::Timeout, "timeout"),
    (FailureClass::TooLarge, "too_large"),
    (FailureClass::NotAFeed, "not_a_feed"),
    (FailureClass::Parse, "parse"),
    (FailureClass::Provider, "provider"),
    (FailureClass::Implausible, "implausible"),
    (FailureClass::HeldBack, "held_back"),
    (FailureClass::Config, "config"),
];

fn class_name(class: FailureClass) -> &'static str {
    CLASSES
        .iter()
        .find(|(c, _)| *c == class)
        .map_or("provider", |(_, n)| n)
}

/// A class a later version added reads as the provider's own error.
fn class_of(name: &str) -> FailureClass {
    CLASSES
        .iter()
        .find(|(_, n)| *n == name)
        .map_or(FailureClass::Provider, |(c, _)| *c)
}

impl From<&Header> for HeaderJson {
    fn from(h: &Header) -> HeaderJson {
        HeaderJson {
            app: h.app.clone(),
            watchlist: h.watchlist.clone(),
            feeds: h
                .feeds
                .iter()
                .map(|(name, url)| FeedJson {
                    name: name.clone(),
                    url: url.clone(),
                })
                .collect(),
            stale_after_secs: h.stale_after_secs,
            quote_every_secs: h.quote_every_secs,
            start: h.start,
            speed: h.speed,
            bookmarks: h
                .bookmarks
                .iter()
                .map(|(at, label)| BookmarkJson {
                    at: *at,
                    label: label.clone(),
                })
                .collect(),
            note: h.note.clone(),
        }
    }
}

impl From<HeaderJson> for Header {
    fn from(w: HeaderJson) -> Header {
        Header {
            app: arrived::name(&w.app),
            watchlist: w.watchlist.iter().map(|s| arrived::name(s)).collect(),
            feeds: w
                .feeds
                .into_iter()
                .map(|f| (arrived::name(&f.name), arrived::name(&f.url)))
                .collect(),
            stale_after_secs: w.stale_after_secs,
            quote_every_secs: w.quote_every_secs,
            start: w.start,
            speed: w.speed,
            bookmarks: w
                .bookmarks
                .into_iter()
                .map(|b| (b.at, arrived::name(&b.label)))
                .collect(),
            note: w.note.as_deref().map(arrived::detail),
        }
    }
}

impl From<&FetchReport> for SourceJson {
    fn from(r: &FetchReport) -> SourceJson {
        SourceJson {
            kind: r.kind.as_str().into(),
            name: r.name.clone(),
            url: r.url.clone(),
            status: r.http_status,
            elapsed_ms: r.elapsed_ms,
            at: r.at,
            not_modified: r.not_modified,
            next_poll: r.next_poll,
        }
    }
}

impl From<SourceJson> for FetchReport {
    fn from(w: SourceJson) -> FetchReport {
        FetchReport {
            // A kind a later version added is shown among the feeds.
            kind: SourceKind::from_name(&w.kind).unwrap_or(SourceKind::Feed),
            name: w.name,
            url: w.url,
            http_status: w.status,
            elapsed_ms: w.elapsed_ms,
            at: w.at,
            not_modified: w.not_modified,
            next_poll: w.next_poll,
        }
    }
}

impl From<&Headline> for HeadlineJson {
    fn from(h: &Headline) -> HeadlineJson {
        HeadlineJson {
            id: h.id.clone(),
            title: h.title.clone(),
            link: h.link.clone(),
            source: h.source.clone(),
            published: h.published,
            first_seen: h.first_seen,
            summary: h.summary.clone(),
        }
    }
}

impl From<HeadlineJson> for Headline {
    fn from(w: HeadlineJson) -> Headline {
        Headline {
            id: w.id,
            title: w.title,
            link: w.link,
            source: w.source,
            published: w.published,
            first_seen: w.first_seen,
            summary: w.summary,
        }
    }
}

fn state_of(name: &str) -> MarketState {
    MarketState::from_name(name).unwrap_or(MarketState::Closed)
}

impl From<&Quote> for QuoteJson {
    fn from(q: &Quote) -> QuoteJson {
        QuoteJson {
            symbol: q.symbol.clone(),
            price: q.price,
            prev_close: q.prev_close,
            currency: q.currency.clone(),
            exchange: q.exchange.clone(),
            market_state: q.market_state.as_str().into(),
            as_of: q.as_of,
            provider: q.provider.as_str().into(),
            series: q.series.points.clone(),
            bar_secs: q.series.bar_secs(),
            extended: q.extended.map(|e| ExtendedJson {
                session: e.session.as_str().into(),
                price: e.price,
                change: e.change,
                change_pct: e.change_pct,
            }),
        }
    }
}

impl From<QuoteJson> for Quote {
    fn from(w: QuoteJson) -> Quote {
        let series = Series::from_points(w.series);
        Quote {
            symbol: w.symbol,
            price: w.price,
            prev_close: w.prev_close,
            currency: w.currency,
            exchange: w.exchange,
            market_state: state_of(&w.market_state),
            as_of: w.as_of,
            provider: ProviderName::parse(&w.provider),
            series: match w.bar_secs {
                Some(secs) => series.with_bar_secs(secs),
                None => series,
            },
            extended: w.extended.map(|e| Extended {
                session: state_of(&e.session),
                price: e.price,
                change: e.change,
                change_pct: e.change_pct,
            }),
        }
    }
}

impl From<&Trade> for TradeJson {
    fn from(t: &Trade) -> TradeJson {
        TradeJson {
            symbol: t.symbol.clone(),
            price: t.price,
            at: t.at,
            open_24h: t.open_24h,
        }
    }
}

impl From<TradeJson> for Trade {
    fn from(w: TradeJson) -> Trade {
        Trade {
            symbol: w.symbol,
            price: w.price,
            at: w.at,
            open_24h: w.open_24h,
        }
    }
}

impl From<&(String, SymbolRefresh)> for RefreshJson {
    fn from((symbol, r): &(String, SymbolRefresh)) -> RefreshJson {
        RefreshJson {
            symbol: symbol.clone(),
            provider: r.provider.as_str().into(),
            price_ms: r.cadence.price.as_millis() as u64,
            chart_ms: r.cadence.chart.as_millis() as u64,
            live: r.live,
            held_back: r.held_back,
        }
    }
}

impl RefreshJson {
    fn into_pair(self) -> (String, SymbolRefresh) {
        let refresh = SymbolRefresh {
            provider: ProviderName::parse(&self.provider),
            cadence: Cadence {
                price: Duration::from_millis(self.price_ms),
                chart: Duration::from_millis(self.chart_ms),
            },
            live: self.live,
            held_back: self.held_back,
        };
        (self.symbol, refresh)
    }
}
