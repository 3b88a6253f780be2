//! Plain data carried between the edges and the core.

use chrono::{DateTime, Utc};

pub type Timestamp = DateTime<Utc>;

/// One news item, already sanitized at the edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Stable key: guid, else link, else a hash of source and title.
    pub id: String,
    pub title: String,
    /// Only `http`/`https` links survive sanitizing.
    pub link: Option<String>,
    /// Name of the feed it came from.
    pub source: String,
    pub published: Option<Timestamp>,
    pub first_seen: Timestamp,
    pub summary: String,
}

impl Headline {
    /// The time a headline is sorted and aged by: its publication time,
    /// unless missing or claimed to be in the future (then first seen).
    pub fn effective_time(&self) -> Timestamp {
        match self.published {
            Some(p) if p <= self.first_seen => p,
            _ => self.first_seen,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarketState {
    Pre,
    Regular,
    Post,
    Closed,
}

impl MarketState {
    pub const fn as_str(self) -> &'static str {
        match self {
            MarketState::Pre => "pre",
            MarketState::Regular => "regular",
            MarketState::Post => "post",
            MarketState::Closed => "closed",
        }
    }

    pub fn from_name(name: &str) -> Option<MarketState> {
        [
            MarketState::Pre,
            MarketState::Regular,
            MarketState::Post,
            MarketState::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// Intraday prices, oldest first, `(unix seconds, price)`: each point is
/// a bar's start and its close.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub points: Vec<(i64, f64)>,
    /// The bar length when the source said it; else it is read from the
    /// spacing of the first two bars. Needed for sparse series, e.g. a
    /// day known only by its opening and closing prints.
    bar_secs: Option<i64>,
}

impl Series {
    /// Bound on kept points: a full 1-minute day with pre/post is 960.
    pub const MAX_POINTS: usize = 1440;

    pub fn from_points(mut points: Vec<(i64, f64)>) -> Self {
        points.retain(|(_, p)| p.is_finite());
        points.sort_by_key(|(t, _)| *t);
        if points.len() > Self::MAX_POINTS {
            points.drain(..points.len() - Self::MAX_POINTS);
        }
        Series {
            points,
            bar_secs: None,
        }
    }

    /// Bars of a known length (at least a second).
    pub fn with_bar_secs(mut self, secs: i64) -> Self {
        self.bar_secs = Some(secs.max(1));
        self
    }

    /// The bar length as the source gave it, if it did.
    pub fn bar_secs(&self) -> Option<i64> {
        self.bar_secs
    }

    /// Bar length: as given, else the spacing of the first two bars (60 s
    /// default).
    pub fn step(&self) -> i64 {
        if let Some(secs) = self.bar_secs {
            return secs;
        }
        match self.points.as_slice() {
            [(a, _), (b, _), ..] if b > a => b - a,
            _ => 60,
        }
    }

    /// The price at `t` (unix seconds): the close of the last bar that had
    /// ended by then. `None` before the first bar ended.
    pub fn price_at(&self, t: i64) -> Option<f64> {
        let step = self.step();
        let idx = self.points.partition_point(|(start, _)| start + step <= t);
        idx.checked_sub(1).map(|i| self.points[i].1)
    }

    pub fn first_time(&self) -> Option<i64> {
        self.points.first().map(|p| p.0)
    }

    pub fn last(&self) -> Option<(i64, f64)> {
        self.points.last().copied()
    }

    /// Fold a live trade in: it closes the current bar, or opens the bar
    /// it falls in. Trades older than the last bar are ignored.
    pub fn record(&mut self, t: i64, price: f64) {
        if !price.is_finite() {
            return;
        }
        let step = self.step();
        match self.points.last_mut() {
            Some((start, _)) if t < *start => {}
            Some((start, close)) if t < *start + step => *close = price,
            _ => {
                self.points.push((t - t.rem_euclid(step), price));
                if self.points.len() > Self::MAX_POINTS {
                    self.points.remove(0);
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub symbol: String,
    pub price: f64,
    /// The previous session's close; `None` when the provider gave none
    /// worth trusting (then change and change % are unknown too).
    pub prev_close: Option<f64>,
    pub currency: String,
    pub exchange: String,
    pub market_state: MarketState,
    pub as_of: Timestamp,
    pub provider: ProviderName,
    pub series: Series,
    /// The pre- or post-market price, apart from the regular session's.
    pub extended: Option<Extended>,
}

/// A quote provider's name: one this program knows, or `other` for a name
/// read back (from a recording, the store or the desk) that it does not.
/// The one list of provider names; copied freely, never allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProviderName(&'static str);

impl ProviderName {
    pub const YAHOO: ProviderName = ProviderName("yahoo");
    pub const FINNHUB: ProviderName = ProviderName("finnhub");
    pub const STOOQ: ProviderName = ProviderName("stooq");
    pub const COINBASE: ProviderName = ProviderName("coinbase");
    pub const CNBC: ProviderName = ProviderName("cnbc");
    pub const OTHER: ProviderName = ProviderName("other");
    /// Every provider this program has, polled or streamed, and the bar
    /// files the embedded demo was made from (scripts/make_demo.py).
    pub const KNOWN: &[ProviderName] = &[
        ProviderName::YAHOO,
        ProviderName::FINNHUB,
        ProviderName::STOOQ,
        ProviderName::COINBASE,
        ProviderName::CNBC,
        ProviderName("1m bars"),
        ProviderName("5m bars"),
        ProviderName("daily bars"),
    ];

    /// A name read back: a known provider, else `other`.
    pub fn parse(name: &str) -> ProviderName {
        Self::KNOWN
            .iter()
            .copied()
            .find(|p| p.0 == name)
            .unwrap_or(Self::OTHER)
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for ProviderName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.0)
    }
}

impl PartialEq<&str> for ProviderName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A price from outside the regular session, measured against the
/// regular session's last price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extended {
    pub session: MarketState,
    pub price: f64,
    pub change: f64,
    pub change_pct: f64,
}

/// NVDA after the DeepSeek close (118.42 on a previous close of 142.62),
/// 17.5 cents lower after hours: the quote the tests share.
#[cfg(test)]
pub(crate) fn nvda_after_close(as_of: Timestamp, series: Vec<(i64, f64)>) -> Quote {
    Quote {
        symbol: "NVDA".into(),
        price: 118.42,
        prev_close: Some(142.62),
        currency: "USD".into(),
        exchange: "NMS".into(),
        market_state: MarketState::Post,
        as_of,
        provider: ProviderName::YAHOO,
        series: Series::from_points(series),
        extended: Some(Extended {
            session: MarketState::Post,
            price: 117.9,
            change: -0.52,
            change_pct: -0.44,
        }),
    }
}

/// An NVDA quote in the regular session at `price` (previous close
/// `prev_close`), its one bar a minute before `as_of` at `bar`.
#[cfg(test)]
pub(crate) fn nvda_regular(price: f64, prev_close: f64, as_of: Timestamp, bar: f64) -> Quote {
    let bars = vec![(as_of.timestamp() - 60, bar)];
    Quote::regular("NVDA", price, Some(prev_close), as_of, bars)
}

/// A headline `id` from `source` at `minute` past midnight on 27 January
/// 2025, titled "Title <id>".
#[cfg(test)]
pub(crate) fn test_headline(id: &str, link: &str, source: &str, minute: i64) -> Headline {
    use chrono::TimeZone;
    let at = chrono::Utc.with_ymd_and_hms(2025, 1, 27, 0, 0, 0).unwrap()
        + chrono::Duration::minutes(minute);
    Headline {
        id: id.into(),
        title: format!("Title {id}"),
        link: Some(link.into()),
        source: source.into(),
        published: Some(at),
        first_seen: at,
        summary: String::new(),
    }
}

impl Quote {
    /// A Yahoo quote of a US listing (USD, Nasdaq) in its regular session:
    /// the shape most fixtures, benches and demos start from.
    pub fn regular(
        symbol: &str,
        price: f64,
        prev_close: Option<f64>,
        as_of: Timestamp,
        series: Vec<(i64, f64)>,
    ) -> Quote {
        Quote {
            symbol: symbol.into(),
            price,
            prev_close,
            currency: "USD".into(),
            exchange: "NMS".into(),
            market_state: MarketState::Regular,
            as_of,
            provider: ProviderName::YAHOO,
            series: Series::from_points(series),
            extended: None,
        }
    }

    /// The freshest price: the last bar when it is newer than the regular
    /// market price (pre/post trading), else the regular price.
    pub fn latest(&self) -> (i64, f64) {
        match self.series.last() {
            Some((t, p)) if t > self.as_of.timestamp() => (t, p),
            _ => (self.as_of.timestamp(), self.price),
        }
    }

    /// Change since the previous close, when that is known.
    pub fn change(&self) -> Option<f64> {
        self.reference().map(|pc| self.price - pc)
    }

    /// Percent change since the previous close, when that is known.
    pub fn change_pct(&self) -> Option<f64> {
        self.reference()
            .map(|pc| Quote::change_from(self.price, pc).1)
    }

    fn reference(&self) -> Option<f64> {
        self.prev_close.filter(|pc| pc.is_finite() && *pc > 0.0)
    }

    /// Change and percentage from price and a reference price; percentage
    /// is zero when the reference is not a price.
    pub fn change_from(price: f64, prev_close: f64) -> (f64, f64) {
        let change = price - prev_close;
        let pct = if prev_close > 0.0 {
            change / prev_close * 100.0
        } else {
            0.0
        };
        (change, pct)
    }
}

/// One live trade from a streaming provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Trade {
    /// The watchlist's spelling of the symbol.
    pub symbol: String,
    pub price: f64,
    pub at: Timestamp,
    /// The price 24 hours ago, from providers that send it (crypto): the
    /// reference for a symbol no poll has priced yet.
    pub open_24h: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Feed,
    Quotes,
    /// A websocket of live trades.
    Stream,
}

impl SourceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Quotes => "quotes",
            SourceKind::Stream => "stream",
        }
    }

    pub fn from_name(name: &str) -> Option<SourceKind> {
        [SourceKind::Feed, SourceKind::Quotes, SourceKind::Stream]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// How one fetch went, as reported by a poller.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchReport {
    pub kind: SourceKind,
    pub name: String,
    pub url: String,
    pub http_status: Option<u16>,
    pub elapsed_ms: u64,
    pub at: Timestamp,
    /// The server answered 304: nothing new, nothing parsed.
    pub not_modified: bool,
    /// When the poller will ask again (`None`: no schedule, e.g. snapshot).
    pub next_poll: Option<Timestamp>,
}

impl FetchReport {
    /// A report of a fetch starting at `at`; status and timing come later.
    pub fn new(kind: SourceKind, name: &str, url: &str, at: Timestamp) -> FetchReport {
        FetchReport {
            kind,
            name: name.to_string(),
            url: url.to_string(),
            http_status: None,
            elapsed_ms: 0,
            at,
            not_modified: false,
            next_poll: None,
        }
    }
}

/// The health of one source: what the user needs to trust (or distrust) it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceHealth {
    pub kind: SourceKind,
    pub name: String,
    pub url: String,
    pub ok: bool,
    pub error: Option<String>,
    /// How it fails, while it does.
    pub failure: Option<FailureClass>,
    pub items: usize,
    /// Entries of the last parsed document that could not be read.
    pub skipped: usize,
    /// Items of the last parsed document older than `[store] retention`:
    /// neither shown nor kept.
    pub outside: usize,
    pub http_status: Option<u16>,
    pub elapsed_ms: u64,
    pub last_attempt: Timestamp,
    pub last_success: Option<Timestamp>,
    /// The most recent error, kept after the source recovers.
    pub last_error: Option<String>,
    /// Whether the last poll was answered 304 Not Modified.
    pub not_modified: bool,
    pub next_poll: Option<Timestamp>,
}

/// What kind of thing went wrong with a source; drives how it is shown
/// and (later) how it is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The server answered with a non-success status.
    Http,
    /// Connect, DNS, TLS or reset.
    Network,
    Timeout,
    /// The body exceeded the size cap.
    TooLarge,
    /// An HTML page (bot challenge, login wall) instead of a feed.
    NotAFeed,
    /// The body could not be parsed.
    Parse,
    /// The provider answered with an error of its own (unknown symbol …).
    Provider,
    /// A well-formed answer that cannot be true (a price of 0, dated in
    /// the future, 100× its previous close).
    Implausible,
    /// No request was sent: the provider asked us to wait (429/5xx) and
    /// the wait is not over.
    HeldBack,
    /// No request could be sent: nothing configured to ask.
    Config,
}

/// A source error as the core sees it: a class and a human detail.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub class: FailureClass,
    pub detail: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}
