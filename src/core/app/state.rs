//! Everything the screen and the headless commands show, in one value.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use std::sync::Arc;

use super::desk::BusStatus;
use super::persist::{Record, Restored, Role, Story};
use crate::core::alerts::{Alert, AlertBook, AlertSettings};
use crate::core::market::{Freshness, freshness};
use crate::core::model::{Headline, Quote, SourceHealth, SourceKind, Timestamp, Trade};
use crate::core::news::FilterTrail;
use crate::core::news::Query;
use crate::core::news::StoryIndex;
use crate::core::news::{Item, ItemKey};
use crate::core::quotes::same_currency;
use crate::core::quotes::{apply_trade, merge_poll, quote_from_trade};
use crate::core::replay::Replay;
use crate::core::signal::FeedRecord;
use crate::core::signal::Judge;
use crate::core::timeline::Timeline;

use super::view::{BoardSort, ViewState, window_start};
use crate::core::quotes::{Move, move_since};
use crate::core::quotes::{ProviderReport, SymbolRefresh};

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
    pub items: Timeline<ItemKey, Item>,
    /// Every headline id in memory → the story (item id) it is part of;
    /// entries leave with their story, so it never outgrows the list.
    story_of: HashMap<String, String>,
    /// Each story's other headline ids, to let them go with it.
    copies: HashMap<String, Vec<String>>,
    /// Each story (item id) → where it sits in `items`.
    key_of: HashMap<String, ItemKey>,
    /// Headlines kept in memory (`[store] max_headlines`); the oldest go
    /// first.
    max_items: usize,
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
    /// The filter's recent results, kept in step like the visible list.
    trail: FilterTrail,
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
    /// Restored stories judged again (stored by another judge, or before
    /// judgements were stored): their new judgement is for the store.
    /// They leave with their story.
    rejudged: HashSet<String>,
    /// Playing a recording instead of live sources.
    pub replay: Option<Replay>,
    /// A `--bus` screen's link and the desk's collector.
    pub bus: Option<BusStatus>,
}

impl State {
    /// Headlines kept in memory unless configured (the default of
    /// `[store] max_headlines`).
    pub const DEFAULT_MAX_ITEMS: usize = 200_000;
    /// Near-identical titles this close in time are one story.
    pub const STORY_WINDOW_SECS: i64 = 6 * 3600;

    pub fn new(watchlist: &[String], now: Timestamp) -> State {
        State {
            items: Timeline::default(),
            story_of: HashMap::default(),
            copies: HashMap::default(),
            key_of: HashMap::default(),
            max_items: Self::DEFAULT_MAX_ITEMS,
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
            trail: FilterTrail::default(),
            configured: watchlist
                .iter()
                .map(|s| (SourceKind::Quotes, s.clone()))
                .collect(),
            stale_after_secs: 60,
            judge: Judge::builtin(),
            role: Role::Alone,
            record: FeedRecord::default(),
            rejudged: HashSet::default(),
            replay: None,
            bus: None,
        }
    }

    /// Keep at most `max` headlines in memory, the oldest going first.
    pub fn with_max_items(mut self, max: usize) -> State {
        self.max_items = max.max(1);
        self
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
    pub(crate) fn set_quote_plan(
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
        self.visible_at(self.view.selected)
    }

    /// The item at a row of the visible list.
    pub fn visible_at(&self, row: usize) -> Option<&Item> {
        let (key, _) = self.view.visible.get(row)?;
        self.items.get_by_key(key)
    }

    /// The items that pass the filter, newest first.
    pub fn visible_items(&self) -> impl Iterator<Item = &Item> {
        self.visible_from(0)
    }

    /// The visible items from row `row` on.
    pub fn visible_from(&self, row: usize) -> impl Iterator<Item = &Item> {
        self.view
            .visible
            .iter_from(row)
            .filter_map(|(key, _)| self.items.get_by_key(key))
    }

    /// Whether `item` passes the filter and the AI-only switch.
    fn passes(&self, item: &Item) -> bool {
        self.view.query.keeps(item, self.view.ai_only, self.now)
    }

    /// Set the filter text (parsed here) and recompute what is visible:
    /// a result the trail kept (backspace), or the last result searched
    /// when the query narrows it, or kept and the rest searched when it
    /// widens it, else every item searched.
    pub(crate) fn set_filter(&mut self, text: String) {
        let query = Query::parse(&text);
        self.view.filter_text = text;
        let old = std::mem::replace(&mut self.view.query, query);
        let (new, ai_only) = (&self.view.query, self.view.ai_only);
        if new.same_terms(&old) && !new.depends_on_time() {
            return;
        }
        let anchors = self.view_anchors();
        if let Some(visible) = self.trail.take(new, ai_only) {
            self.view.visible = visible;
        } else if new.narrows(&old) && !old.is_empty() {
            let narrowed = self.passing(self.view.visible.iter().map(|(key, _)| key));
            let wider = std::mem::replace(&mut self.view.visible, narrowed);
            self.trail.push(old, ai_only, wider);
        } else if old.narrows(new) && !new.is_empty() {
            let widened = self.widened(&self.view.visible);
            let narrower = std::mem::replace(&mut self.view.visible, widened);
            self.trail.push(old, ai_only, narrower);
        } else {
            self.view.visible = self.all_passing();
        }
        self.place_view(anchors);
    }

    /// `kept` (which pass) and the other items that pass.
    fn widened(&self, kept: &Timeline<ItemKey, ()>) -> Timeline<ItemKey, ()> {
        let mut kept = kept.iter().map(|(key, _)| key).peekable();
        let passing = self.items.iter().filter(|(key, item)| {
            // Both run newest first: walk the kept keys along to the item.
            while kept.next_if(|k| k < key).is_some() {}
            kept.next_if(|k| k == key).is_some() || self.passes(item)
        });
        Timeline::from_sorted(passing.map(|(key, _)| (*key, ())).collect::<Vec<_>>())
    }

    fn all_passing(&self) -> Timeline<ItemKey, ()> {
        let passing = self.items.iter().filter(|(_, item)| self.passes(item));
        Timeline::from_sorted(passing.map(|(key, _)| (*key, ())).collect::<Vec<_>>())
    }

    /// Those of `keys` (newest first) whose items pass.
    fn passing<'a>(&self, keys: impl Iterator<Item = &'a ItemKey>) -> Timeline<ItemKey, ()> {
        let mut items = self.items.iter().peekable();
        let passing = keys.filter_map(|key| {
            // Both run newest first: walk the items along to the key.
            while items.next_if(|(k, _)| *k < key).is_some() {}
            let (_, item) = items.next_if(|(k, _)| *k == key)?;
            self.passes(item).then_some((*key, ()))
        });
        Timeline::from_sorted(passing.collect::<Vec<_>>())
    }

    /// Recompute the visible list, keeping the selection and the first
    /// row shown on their headlines when still visible — or, following
    /// the news, on the newest.
    pub(crate) fn refilter(&mut self) {
        let anchors = self.view_anchors();
        self.rebuild_visible(anchors);
    }

    /// The ids the selection and the first row shown stay on; none while
    /// following (the selection on the newest headline).
    pub(crate) fn view_anchors(&self) -> (Option<String>, Option<String>) {
        if self.view.selected == 0 {
            return (None, None);
        }
        let id = |i: usize| self.visible_at(i).map(|item| item.headline.id.clone());
        (id(self.view.selected), id(self.view.scroll))
    }

    pub(crate) fn rebuild_visible(&mut self, anchors: (Option<String>, Option<String>)) {
        self.view.visible = self.all_passing();
        self.place_view(anchors);
    }

    /// Put the selection and the first row shown back on their headlines.
    fn place_view(&mut self, (selected_id, top_id): (Option<String>, Option<String>)) {
        let position = |id: Option<String>| {
            let key = self.key_of.get(&id?)?;
            self.view.visible.rank(key)
        };
        self.view.selected = position(selected_id).unwrap_or(0);
        self.view.scroll = position(top_id).unwrap_or(self.view.selected);
        self.clamp_selection();
        self.settle_headlines();
    }

    /// Keep the selection in the rows shown; at the top, everything above
    /// has been seen.
    pub(crate) fn settle_headlines(&mut self) {
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
        self.visible_items()
            .take(v.scroll)
            .filter(|item| item.arrival > v.seen_arrival)
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
    pub(crate) fn settle_board(&mut self) {
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
    pub(crate) fn add_headlines(
        &mut self,
        headlines: Vec<Headline>,
        now: Timestamp,
        alert: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let fresh = headlines
            .into_iter()
            .map(|h| Story {
                sources: vec![h.source.clone()],
                headline: h,
                verdict: None,
            })
            .collect();
        self.add_stories(fresh, now, alert, false)
    }

    /// Stories with every feed known to carry them (restored from the
    /// store, or fresh with their one feed). A `restored` story was
    /// deduplicated when it was stored: it is indexed, not looked up, and
    /// keeps its stored judgement when this judge made it.
    fn add_stories(
        &mut self,
        stories: Vec<Story>,
        now: Timestamp,
        alert: bool,
        restored: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let anchors = self.view_anchors();
        let watchlist: Vec<String> = self.quotes.iter().map(|s| s.symbol.clone()).collect();
        let mut fired = Vec::new();
        let mut changed = Vec::new();
        for Story {
            headline: h,
            sources,
            verdict,
        } in stories
        {
            // Known, or another feed's copy of a story we have: list the
            // source; judge and alert only once.
            let story = match self.story_of.get(&h.id) {
                Some(story) => Some(story.clone()),
                None if restored => {
                    self.stories.insert(&h);
                    None
                }
                None => self.stories.assign(&h),
            };
            if let Some(story) = story {
                if !self.story_of.contains_key(&h.id) {
                    self.story_of.insert(h.id.clone(), story.clone());
                    self.copies.entry(story.clone()).or_default().push(h.id);
                }
                if let Some(&key) = self.key_of.get(&story) {
                    if let Some(item) = self.items.get_mut_by_key(&key) {
                        grow_sources(item, &sources, &mut changed);
                    }
                    self.show_if_passing(key);
                }
                continue;
            }
            self.story_of.insert(h.id.clone(), h.id.clone());
            let mut item = if restored {
                let stored_key = verdict.as_ref().map(|v| v.judged.key);
                let item = Item::restored(h, verdict, &self.judge, &mut self.record);
                if stored_key != Some(item.judged.key) {
                    self.rejudged.insert(item.headline.id.clone());
                }
                item
            } else {
                Item::judged_in(h, &self.judge, Some(&mut self.record))
            };
            self.arrivals += 1;
            item.arrival = self.arrivals;
            grow_sources(&mut item, &sources, &mut Vec::new());
            if alert {
                fired.extend(self.alerts.on_headline(&item, &watchlist, now));
            }
            changed.push(item.clone());
            let key = item.key();
            self.key_of.insert(item.headline.id.clone(), key);
            self.items.insert(key, item);
            self.show_if_passing(key);
        }
        self.evict();
        self.place_view(anchors);
        (fired, changed)
    }

    /// List the item at `key` among the visible ones iff it passes.
    fn show_if_passing(&mut self, key: ItemKey) {
        let Some(item) = self.items.get_by_key(&key) else {
            self.view.visible.remove(&key);
            self.trail.remove(&key);
            return;
        };
        if self.passes(item) {
            self.view.visible.insert(key, ());
        } else {
            self.view.visible.remove(&key);
        }
        self.trail.show_if_passing(key, item, self.now);
    }

    /// Past the cap, the oldest stories leave, with every trace of them.
    fn evict(&mut self) {
        while self.items.len() > self.max_items {
            let Some((key, dropped)) = self.items.pop_last() else {
                break;
            };
            let id = &dropped.headline.id;
            self.view.visible.remove(&key);
            self.trail.remove(&key);
            self.stories.forget(id);
            self.view.read.remove(id);
            self.key_of.remove(id);
            self.rejudged.remove(id);
            self.story_of.remove(id);
            for copy in self.copies.remove(id).unwrap_or_default() {
                self.story_of.remove(&copy);
            }
        }
    }

    /// Take in what the store holds. `live`: another process polled it
    /// just now, so new headlines and quotes alert as if polled here.
    pub(crate) fn restore(&mut self, r: Restored, now: Timestamp, live: bool) -> Vec<Alert> {
        let (mut fired, _) = self.add_stories(r.stories, now, live, true);
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

    pub(crate) fn apply_read_marks(&mut self, marks: Vec<(String, bool)>) {
        for (id, read) in marks {
            if read {
                self.view.read.insert(id);
            } else {
                self.view.read.remove(&id);
            }
        }
    }

    /// The stories judged again on restore that are still here, to write
    /// back with their new judgement; only the process that writes takes
    /// them.
    pub(crate) fn take_rejudged(&mut self) -> Vec<Item> {
        if self.role != Role::Leader {
            return Vec::new();
        }
        std::mem::take(&mut self.rejudged)
            .iter()
            .filter_map(|id| self.items.get_by_key(self.key_of.get(id)?))
            .cloned()
            .collect()
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
    pub(crate) fn set_quote(&mut self, symbol: &str, mut quote: Quote) -> usize {
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
    pub(crate) fn apply_trade(
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
    pub(crate) fn alert_on_quote(&mut self, idx: usize, now: Timestamp) -> Vec<Alert> {
        match self.quotes.get(idx).and_then(|s| s.quote.as_ref()) {
            Some(quote) => self.alerts.on_quote(quote, now),
            None => Vec::new(),
        }
    }

    /// The last good quote stays; the error is shown beside it.
    pub(crate) fn set_quote_error(&mut self, symbol: &str, error: String) {
        let idx = self.slot_index(symbol);
        self.quotes[idx].error = Some(error);
    }

    pub(crate) fn clamp_selection(&mut self) {
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
        let mut s = State::new(&[], now).with_max_items(50);
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
        let newer = (1..=50)
            .map(|i| headline(&format!("n{i}"), &format!("https://x.example/n{i}"), "A", i))
            .collect();
        s.add_headlines(newer, now, false);
        assert!(!s.story_of.contains_key("a") && !s.story_of.contains_key("b-copy"));
        assert_eq!((s.story_of.len(), s.items.len()), (50, 50));
        assert!(s.copies.is_empty() && s.key_of.len() == 50);
    }

    /// No silent cap: every headline stays up to the configured count,
    /// and the list built one headline at a time under a filter is the
    /// list the filter gives when applied afresh.
    /// Typing narrows the last result and backspace goes back to a kept
    /// one; either way the list is the one a fresh filter gives, also when
    /// headlines arrive (and the oldest leave) between keystrokes.
    #[test]
    fn each_keystroke_lists_what_a_fresh_filter_lists() {
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut s = State::new(&[], now).with_max_items(60);
        let words = ["Nvidia chips", "NVIDIA bonds", "chip bonds", "Tesla cabs"];
        let batch = |from: i64| {
            (from..from + 40)
                .map(|n| {
                    let src = ["Alpha", "Beta"][n as usize % 2];
                    let mut h =
                        headline(&format!("h{n}"), &format!("https://x.example/{n}"), src, n);
                    h.title = format!("{} {n}", words[n as usize % words.len()]);
                    h
                })
                .collect()
        };
        s.add_headlines(batch(0), now, false);
        let ids = |s: &State| -> Vec<String> {
            s.visible_items().map(|i| i.headline.id.clone()).collect()
        };
        let mut text = String::new();
        // '<' is backspace.
        let keys = "nvid<<idia chips<<<<<<<<<<<<-bo<<<cab<<<source:beta<<<<<<<<<<<";
        for (step, key) in keys.chars().enumerate() {
            if key == '<' {
                text.pop();
            } else {
                text.push(key);
            }
            if step == 12 || step == 33 {
                s.add_headlines(batch(100 * step as i64), now, false);
            }
            s.set_filter(text.clone());
            let kept = (ids(&s), s.view.visible.len());
            let mut fresh = s.clone();
            fresh.refilter();
            let want = (ids(&fresh), fresh.view.visible.len());
            assert_eq!(kept, want, "after {text:?}");
        }
        s.set_filter("nvidia".into());
        assert_eq!(ids(&s).len(), 30, "half of the 60 kept");
    }

    #[test]
    fn every_headline_stays_and_the_filtered_list_is_kept_in_step() {
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut s = State::new(&[], now);
        s.set_filter("nvidia".into());
        for batch in 0..120i64 {
            let hs = (0..50i64)
                .map(|i| {
                    // Times out of order across batches, as feeds bring them.
                    let n = batch * 50 + i;
                    let mut h = headline(
                        &format!("h{n}"),
                        &format!("https://x.example/{n}"),
                        "A",
                        (n * 7919) % 6007,
                    );
                    h.title = format!("Story {n} {}", if n % 3 == 0 { "Nvidia" } else { "bonds" });
                    h
                })
                .collect();
            s.add_headlines(hs, now, false);
        }
        assert_eq!(s.items.len(), 6_000, "more than the old 5,000 cap");
        let kept: Vec<String> = s.visible_items().map(|i| i.headline.id.clone()).collect();
        s.refilter();
        let fresh: Vec<String> = s.visible_items().map(|i| i.headline.id.clone()).collect();
        assert_eq!((kept.len(), &kept), (2_000, &fresh));
        let times: Vec<_> = s
            .items
            .values()
            .map(|i| i.headline.effective_time())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    }

    /// A restored story was deduplicated when it was stored: two alike
    /// stay two (nothing is searched), and a new copy still finds one.
    #[test]
    fn restored_stories_are_indexed_not_merged_again() {
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut s = State::new(&[], now);
        let alike = |id: &str, link: &str, feed: &str, minute| {
            let mut h = headline(id, link, feed, minute);
            h.title = "Nvidia unveils new AI chips for data centres".into();
            h
        };
        let story = |headline: Headline| Story {
            sources: vec![headline.source.clone()],
            headline,
            verdict: None,
        };
        let stored = vec![
            story(alike("a", "https://x.example/a", "A", 0)),
            story(alike("b", "https://y.example/b", "B", 1)),
        ];
        let restored = Restored {
            stories: stored,
            ..Restored::default()
        };
        s.restore(restored, now, false);
        assert_eq!(s.items.len(), 2);
        s.add_headlines(vec![alike("c", "https://z.example/c", "C", 2)], now, false);
        assert_eq!(s.items.len(), 2, "the new copy joined a restored story");
    }

    /// What was judged again on restore goes back to the store once this
    /// process writes it; a story whose stored judgement was taken does not.
    #[test]
    fn stories_judged_again_are_written_back_by_the_leader() {
        use crate::core::app::update;
        use crate::core::app::{Effect, Msg};
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut s = State::new(&[], now);
        let judged = Item::judged(headline("kept", "https://x.example/k", "A", 0), &s.judge);
        let story = |headline: Headline, verdict| Story {
            sources: vec![headline.source.clone()],
            headline,
            verdict,
        };
        let restored = Restored {
            stories: vec![
                story(judged.headline.clone(), Some(judged.verdict())),
                story(headline("old", "https://x.example/o", "A", 1), None),
            ],
            ..Restored::default()
        };
        let effects = update(
            &mut s,
            Msg::Restored {
                restored,
                live: false,
            },
            now,
        );
        assert!(
            effects.is_empty(),
            "a process that does not lead writes nothing"
        );
        let written: Vec<String> = update(&mut s, Msg::RoleChanged(Role::Leader), now)
            .into_iter()
            .filter_map(|e| match e {
                Effect::Persist(Record::Story(item)) => Some(item.headline.id),
                _ => None,
            })
            .collect();
        assert_eq!(written, ["old"]);
        assert!(
            update(&mut s, Msg::RoleChanged(Role::Leader), now).is_empty(),
            "once"
        );
    }
}
