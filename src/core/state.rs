//! Everything the screen and the headless commands show, in one value.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::Arc;

use super::alerts::{Alert, AlertBook, AlertSettings};
use super::batched::same_currency;
use super::bus::BusStatus;
use super::dedupe::StoryIndex;
use super::feed_record::FeedRecord;
use super::filter::Query;
use super::freshness::{Freshness, freshness};
use super::item::Item;
use super::judge::Judge;
use super::live::{apply_trade, merge_poll, quote_from_trade};
use super::model::{Headline, Quote, SourceHealth, SourceKind, Timestamp, Trade};
use super::persist::{Record, Restored, Role};
use super::replay::Replay;

use super::moves::{Move, move_since};
use super::quote_report::{ProviderReport, SymbolRefresh};
use super::view::{BoardSort, ViewState, window_start};

/// One row of the quote board: the watched symbol and its last good quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteSlot {
    pub symbol: String,
    pub quote: Option<Quote>,
    /// Why the latest poll failed, while it keeps failing.
    pub error: Option<String>,
    /// When a live trade last arrived (local clock): a streamed symbol is
    /// fresh even while its polls fail.
    pub live_at: Option<Timestamp>,
    /// How often it is refreshed now (the quote task's plan).
    pub refresh: Option<SymbolRefresh>,
}

#[derive(Debug, Clone)]
pub struct State {
    /// Newest first.
    pub items: Vec<Item>,
    /// Every headline id in memory → the story (item id) it is part of;
    /// entries leave with their story, so it never outgrows the list.
    story_of: HashMap<String, String>,
    /// Watchlist order.
    pub quotes: Vec<QuoteSlot>,
    pub sources: BTreeMap<(SourceKind, String), SourceHealth>,
    /// Each polled quote provider's budget and plan.
    pub quote_plans: Vec<ProviderReport>,
    /// Bumped on every change a user could see; the shell redraws on change.
    pub rev: u64,
    pub now: Timestamp,
    pub alerts: AlertBook,
    /// The alert being flashed, and until when.
    pub flash: Option<(Alert, Timestamp)>,
    pub view: ViewState,
    /// Finds the story a new headline belongs to (same link or title).
    stories: StoryIndex,
    /// Headlines arrived so far (numbers `Item::arrival`).
    arrivals: u64,
    /// Every configured source, in config order: the ones that have not
    /// answered yet are pending.
    pub configured: Vec<(SourceKind, String)>,
    /// While its market trades, a quote whose data is older than this is
    /// stale.
    pub stale_after_secs: i64,
    judge: Arc<Judge>,
    /// Whether this process polls (and writes the store) or follows.
    pub role: Role,
    /// What each feed's recent items were about, for the judge.
    record: FeedRecord,
    /// Playing a recording instead of live sources.
    pub replay: Option<Replay>,
    /// A `--bus` screen's link and the desk's collector.
    pub bus: Option<BusStatus>,
}

impl State {
    /// Headlines kept in memory; the oldest fall off first.
    pub const MAX_ITEMS: usize = 5_000;
    /// Near-identical titles this close in time are one story.
    pub const STORY_WINDOW_SECS: i64 = 6 * 3600;

    pub fn new(watchlist: &[String], now: Timestamp) -> State {
        State {
            items: Vec::new(),
            story_of: HashMap::new(),
            quotes: watchlist
                .iter()
                .map(|s| QuoteSlot {
                    symbol: s.clone(),
                    live_at: None,
                    quote: None,
                    error: None,
                    refresh: None,
                })
                .collect(),
            sources: BTreeMap::new(),
            quote_plans: Vec::new(),
            rev: 0,
            now,
            alerts: AlertBook::default(),
            flash: None,
            view: ViewState::default(),
            stories: StoryIndex::new(Self::STORY_WINDOW_SECS),
            arrivals: 0,
            configured: watchlist
                .iter()
                .map(|s| (SourceKind::Quotes, s.clone()))
                .collect(),
            stale_after_secs: 60,
            judge: Judge::builtin(),
            role: Role::Alone,
            record: FeedRecord::default(),
            replay: None,
            bus: None,
        }
    }

    /// Stale after `secs` of data age while its market trades.
    pub fn with_stale_after(mut self, secs: i64) -> State {
        self.stale_after_secs = secs;
        self
    }

    /// The configured feeds and streams (the watchlist's symbols are
    /// known already), so the ones that have not answered are counted and
    /// listed as pending.
    pub fn with_configured(mut self, mut sources: Vec<(SourceKind, String)>) -> State {
        sources.append(&mut self.configured);
        self.configured = sources;
        self
    }

    /// How old the symbol's data is by its own time, and whether that is
    /// stale (`core::freshness`); `None` before it has a price.
    pub fn quote_age(&self, symbol: &str) -> Option<Freshness> {
        let slot = self.quotes.iter().find(|s| s.symbol == symbol)?;
        let quote = slot.quote.as_ref()?;
        // Refreshed more slowly by the budget: stale only after three of
        // its planned refreshes.
        let planned = slot
            .refresh
            .filter(|r| !r.live)
            .map_or(0, |r| 3 * r.cadence.price.as_secs() as i64);
        let mut fresh = freshness(quote, self.now, self.stale_after_secs.max(planned));
        // A cut-off bus screen cannot know whether the price moved on.
        fresh.stale |= self.bus.as_ref().is_some_and(|b| b.cut_off(self.now));
        Some(fresh)
    }

    /// Take the quote task's plan; whether anything shown changed.
    pub(super) fn set_quote_plan(
        &mut self,
        providers: Vec<ProviderReport>,
        symbols: Vec<(String, SymbolRefresh)>,
    ) -> bool {
        let mut changed = self.quote_plans != providers;
        self.quote_plans = providers;
        for (symbol, refresh) in symbols {
            if let Some(slot) = self.quotes.iter_mut().find(|s| s.symbol == symbol) {
                changed |= slot.refresh != Some(refresh);
                slot.refresh = Some(refresh);
            }
        }
        changed
    }

    /// The plan of the provider that refreshes `symbol`.
    pub fn quote_plan_of(&self, symbol: &str) -> Option<&ProviderReport> {
        let slot = self.quotes.iter().find(|s| s.symbol == symbol)?;
        let provider = slot.refresh?.provider;
        self.quote_plans.iter().find(|p| p.provider == provider)
    }

    pub fn with_alerts(mut self, settings: AlertSettings) -> State {
        self.alerts = AlertBook::new(settings);
        self
    }

    /// Judge headlines with this (user-configured) judge instead of the built-in one.
    pub fn with_judge(mut self, judge: Arc<Judge>) -> State {
        self.judge = judge;
        self
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.view
            .visible
            .get(self.view.selected)
            .map(|&i| &self.items[i])
    }

    /// The items that pass the filter, newest first.
    pub fn visible_items(&self) -> impl Iterator<Item = &Item> {
        self.view.visible.iter().map(|&i| &self.items[i])
    }

    /// Set the filter text (parsed here) and recompute what is visible.
    pub(super) fn set_filter(&mut self, text: String) {
        self.view.query = Query::parse(&text);
        self.view.filter_text = text;
        self.refilter();
    }

    /// Recompute the visible list, keeping the selection and the first
    /// row shown on their headlines when still visible — or, following
    /// the news, on the newest.
    pub(super) fn refilter(&mut self) {
        let anchors = self.view_anchors();
        self.rebuild_visible(anchors);
    }

    /// The ids the selection and the first row shown stay on; none while
    /// following (the selection on the newest headline).
    pub(super) fn view_anchors(&self) -> (Option<String>, Option<String>) {
        if self.view.selected == 0 {
            return (None, None);
        }
        let id = |i: usize| {
            self.view
                .visible
                .get(i)
                .map(|&i| self.items[i].headline.id.clone())
        };
        (id(self.view.selected), id(self.view.scroll))
    }

    pub(super) fn rebuild_visible(
        &mut self,
        (selected_id, top_id): (Option<String>, Option<String>),
    ) {
        let (query, ai_only, now) = (&self.view.query, self.view.ai_only, self.now);
        self.view.visible = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| (!ai_only || item.relevance.ai) && query.matches(item, now))
            .map(|(i, _)| i)
            .collect();
        let position = |id: Option<String>| {
            id.and_then(|id| {
                self.view
                    .visible
                    .iter()
                    .position(|&i| self.items[i].headline.id == id)
            })
        };
        self.view.selected = position(selected_id).unwrap_or(0);
        self.view.scroll = position(top_id).unwrap_or(self.view.selected);
        self.clamp_selection();
        self.settle_headlines();
    }

    /// Keep the selection in the rows shown; at the top, everything above
    /// has been seen.
    pub(super) fn settle_headlines(&mut self) {
        let v = &mut self.view;
        v.scroll = window_start(v.scroll, v.selected, v.page_rows, v.visible.len());
        if v.scroll == 0 {
            v.seen_arrival = self.arrivals;
        }
    }

    /// Headlines that arrived while the user looked elsewhere and now wait
    /// above the rows shown.
    pub fn new_above(&self) -> usize {
        let v = &self.view;
        v.visible[..v.scroll.min(v.visible.len())]
            .iter()
            .filter(|&&i| self.items[i].arrival > v.seen_arrival)
            .count()
    }

    /// Board rows in display order, as indices into `quotes`.
    pub fn board_order(&self) -> Vec<usize> {
        match (&self.view.board_held, self.view.board_sort) {
            (Some(held), BoardSort::ChangePct) => {
                // Symbols added since the order was held go last.
                let mut order = held.clone();
                order.extend((0..self.quotes.len()).filter(|i| !held.contains(i)));
                order
            }
            (_, sort) => self.sorted_board(sort),
        }
    }

    /// The board in `sort`'s live order.
    fn sorted_board(&self, sort: BoardSort) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.quotes.len()).collect();
        match sort {
            BoardSort::Watchlist => {}
            BoardSort::Symbol => {
                order.sort_by(|&a, &b| self.quotes[a].symbol.cmp(&self.quotes[b].symbol))
            }
            BoardSort::ChangePct => {
                // Biggest movers first, either way; symbols without a change last.
                let key = |i: usize| {
                    let q = self.quotes[i].quote.as_ref()?;
                    q.change_pct().map(|p| -p.abs())
                };
                order.sort_by(|&a, &b| match (key(a), key(b)) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
            }
        }
        order
    }

    /// Whether the live movers order differs from the one held.
    pub fn board_reordered(&self) -> bool {
        self.view.board_held.is_some()
            && self.board_order() != self.sorted_board(BoardSort::ChangePct)
    }

    /// On the top row of the movers the cursor follows the biggest mover;
    /// anywhere else the order is held so rows do not jump under it.
    pub(super) fn settle_board(&mut self) {
        let off_top = self.view.board_sort == BoardSort::ChangePct && self.view.board_selected > 0;
        self.view.board_held = match (off_top, self.view.board_held.take()) {
            (false, _) => None,
            (true, Some(held)) => Some(held),
            (true, None) => Some(self.sorted_board(BoardSort::ChangePct)),
        };
    }

    pub fn selected_symbol(&self) -> Option<&str> {
        let order = self.board_order();
        order
            .get(self.view.board_selected)
            .map(|&i| self.quotes[i].symbol.as_str())
    }

    /// Add headlines not seen before, newest first. Following the news, the
    /// selection moves to the newest; else it and the rows shown stay on
    /// their headlines. Returns the alerts the new headlines fired (when
    /// `alert`) and the stories that are new or gained a feed, for the store.
    pub(super) fn add_headlines(
        &mut self,
        headlines: Vec<Headline>,
        now: Timestamp,
        alert: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let judged = headlines
            .into_iter()
            .map(|h| {
                let sources = vec![h.source.clone()];
                (h, sources)
            })
            .collect();
        self.add_stories(judged, now, alert)
    }

    /// Stories with every feed known to carry them (restored from the
    /// store, or fresh with their one feed).
    fn add_stories(
        &mut self,
        stories: Vec<(Headline, Vec<String>)>,
        now: Timestamp,
        alert: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let anchors = self.view_anchors();
        let watchlist: Vec<String> = self.quotes.iter().map(|s| s.symbol.clone()).collect();
        let mut fired = Vec::new();
        let mut changed = Vec::new();
        let before = self.items.len();
        for (h, sources) in stories {
            // Known, or another feed's copy of a story we have: list the
            // source; judge and alert only once.
            let story = match self.story_of.get(&h.id) {
                Some(story) => Some(story.clone()),
                None => self.stories.assign(&h),
            };
            if let Some(story) = story {
                self.story_of.insert(h.id.clone(), story.clone());
                if let Some(item) = self.items.iter_mut().find(|i| i.headline.id == story) {
                    grow_sources(item, &sources, &mut changed);
                }
                continue;
            }
            self.story_of.insert(h.id.clone(), h.id.clone());
            let mut item = Item::judged_in(h, &self.judge, Some(&mut self.record));
            self.arrivals += 1;
            item.arrival = self.arrivals;
            grow_sources(&mut item, &sources, &mut Vec::new());
            if alert {
                fired.extend(self.alerts.on_headline(&item, &watchlist, now));
            }
            changed.push(item.clone());
            self.items.push(item);
        }
        if self.items.len() == before {
            if !changed.is_empty() {
                self.rebuild_visible(anchors);
            }
            return (fired, changed);
        }
        self.items
            .sort_by_key(|i| std::cmp::Reverse(i.headline.effective_time()));
        if self.items.len() > Self::MAX_ITEMS {
            let mut gone = HashSet::new();
            for dropped in self.items.drain(Self::MAX_ITEMS..) {
                gone.insert(dropped.headline.id.clone());
                self.stories.forget(&dropped.headline.id);
                self.view.read.remove(&dropped.headline.id);
            }
            self.story_of.retain(|_, story| !gone.contains(story));
        }
        self.rebuild_visible(anchors);
        (fired, changed)
    }

    /// Take in what the store holds. `live`: another process polled it
    /// just now, so new headlines and quotes alert as if polled here.
    pub(super) fn restore(&mut self, r: Restored, now: Timestamp, live: bool) -> Vec<Alert> {
        let (mut fired, _) = self.add_stories(r.stories, now, live);
        for quote in r.quotes {
            let symbol = quote.symbol.clone();
            let idx = self.set_quote(&symbol, quote);
            if live {
                fired.extend(self.alert_on_quote(idx, now));
            }
        }
        for h in r.health {
            self.sources.insert((h.kind, h.name.clone()), h);
        }
        self.apply_read_marks(r.read);
        self.alerts.restore(r.alerts);
        fired
    }

    pub(super) fn apply_read_marks(&mut self, marks: Vec<(String, bool)>) {
        for (id, read) in marks {
            if read {
                self.view.read.insert(id);
            } else {
                self.view.read.remove(&id);
            }
        }
    }

    /// Whether a record goes to the store from this process: the poller
    /// writes everything, a follower only its user's read marks.
    pub fn persists(&self, record: &Record) -> bool {
        match self.role {
            Role::Alone => false,
            Role::Leader => true,
            Role::Follower => matches!(record, Record::Read { .. }),
        }
    }

    /// The move since the headline of each linked ticker that has a quote.
    pub fn moves(&self, item: &Item) -> Vec<Move> {
        item.tickers
            .iter()
            .filter_map(|t| {
                let quote = self
                    .quotes
                    .iter()
                    .find(|s| &s.symbol == t)?
                    .quote
                    .as_ref()?;
                let since_pct = move_since(quote, item.headline.effective_time())?;
                Some(Move {
                    symbol: t.clone(),
                    since_pct,
                })
            })
            .collect()
    }

    /// The index of `symbol`'s slot, added at the end if not watched.
    fn slot_index(&mut self, symbol: &str) -> usize {
        match self.quotes.iter().position(|s| s.symbol == symbol) {
            Some(i) => i,
            None => {
                self.quotes.push(QuoteSlot {
                    symbol: symbol.to_string(),
                    quote: None,
                    error: None,
                    live_at: None,
                    refresh: None,
                });
                self.quotes.len() - 1
            }
        }
    }

    /// Store a polled quote; a price streamed since it was taken stays.
    /// Returns the slot's index.
    pub(super) fn set_quote(&mut self, symbol: &str, mut quote: Quote) -> usize {
        let idx = self.slot_index(symbol);
        let slot = &mut self.quotes[idx];
        // Only a stream's price can be newer than a poll; a poll alone
        // replaces the last one whole (a new day's empty window drops
        // yesterday's after-hours price).
        // A poll in another currency replaces whole: a streamed price in
        // the old one is no price for it.
        if let (Some(shown), Some(_)) = (&slot.quote, slot.live_at)
            && same_currency(shown, &quote)
        {
            merge_poll(&mut quote, shown);
        }
        slot.quote = Some(quote);
        slot.error = None;
        idx
    }

    /// Fold a live trade into its symbol's quote. Returns the slot's index
    /// when the board changed. Trades for unwatched symbols are dropped.
    pub(super) fn apply_trade(
        &mut self,
        trade: &Trade,
        provider: &'static str,
        now: Timestamp,
    ) -> Option<usize> {
        let idx = self.quotes.iter().position(|s| s.symbol == trade.symbol)?;
        let slot = &mut self.quotes[idx];
        let changed = match &mut slot.quote {
            Some(quote) => apply_trade(quote, trade, provider, now),
            None => {
                slot.quote = quote_from_trade(trade, provider, now);
                slot.quote.is_some()
            }
        };
        // The stream vouches for a price it could give; an unpriced symbol
        // is not fresh for it.
        if slot.quote.is_some() {
            slot.live_at = Some(now);
        }
        changed.then_some(idx)
    }

    /// Run the move alerts against one slot's quote.
    pub(super) fn alert_on_quote(&mut self, idx: usize, now: Timestamp) -> Vec<Alert> {
        match self.quotes.get(idx).and_then(|s| s.quote.as_ref()) {
            Some(quote) => self.alerts.on_quote(quote, now),
            None => Vec::new(),
        }
    }

    /// The last good quote stays; the error is shown beside it.
    pub(super) fn set_quote_error(&mut self, symbol: &str, error: String) {
        let idx = self.slot_index(symbol);
        self.quotes[idx].error = Some(error);
    }

    pub(super) fn clamp_selection(&mut self) {
        let v = &mut self.view;
        v.selected = v.selected.min(v.visible.len().saturating_sub(1));
        v.board_selected = v.board_selected.min(self.quotes.len().saturating_sub(1));
    }

    /// Every source that reported failed and none ever answered, every
    /// watched symbol included: most likely no network at all.
    pub fn nothing_answered(&self) -> bool {
        !self.sources.is_empty()
            && self
                .sources
                .values()
                .all(|s| !s.ok && s.last_success.is_none())
            && self
                .quotes
                .iter()
                .all(|q| q.quote.is_none() && q.error.is_some())
    }

    /// Sources that are currently failing.
    pub fn failing(&self) -> impl Iterator<Item = &SourceHealth> {
        self.sources.values().filter(|s| !s.ok)
    }
}

/// Add the feeds `item` was not yet known to be carried by; note it as
/// changed when any was new.
fn grow_sources(item: &mut Item, sources: &[String], changed: &mut Vec<Item>) {
    let before = item.sources.len();
    for s in sources {
        if !item.sources.contains(s) {
            item.sources.push(s.clone());
        }
    }
    if item.sources.len() > before {
        changed.push(item.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn headline(id: &str, link: &str, source: &str, minute: i64) -> Headline {
        let at =
            Utc.with_ymd_and_hms(2025, 1, 27, 0, 0, 0).unwrap() + chrono::Duration::minutes(minute);
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

    /// Copies merged into a story leave memory with it: nothing grows with
    /// every poll of a long day.
    #[test]
    fn ids_leave_with_their_story() {
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut s = State::new(&[], now);
        let copy = |id| headline(id, "https://x.example/a", "B", 0);
        s.add_headlines(
            vec![headline("a", "https://x.example/a", "A", 0)],
            now,
            false,
        );
        s.add_headlines(vec![copy("b-copy")], now, false);
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].sources, ["A", "B"]);
        assert_eq!(s.story_of.len(), 2);
        let newer = (1..=State::MAX_ITEMS as i64)
            .map(|i| headline(&format!("n{i}"), &format!("https://x.example/n{i}"), "A", i))
            .collect();
        s.add_headlines(newer, now, false);
        assert!(!s.story_of.contains_key("a") && !s.story_of.contains_key("b-copy"));
        assert_eq!(s.story_of.len(), State::MAX_ITEMS);
    }
}
