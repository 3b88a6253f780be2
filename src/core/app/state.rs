//! Everything the screen and the headless commands show, in one value:
//! the story book (news) and the quote board glued to the view, the
//! sources' health, the alerts and the role of this process.

use crate::core::model::ProviderName;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::desk::BusStatus;
use super::persist::{Restored, Role, Save};
use super::replay_status::ReplayStatus;
use super::view::{ViewState, window_start};
use crate::core::alerts::{Alert, AlertBook, AlertSettings};
use crate::core::market::Freshness;
use crate::core::model::Quote;
use crate::core::model::{Headline, SourceHealth, SourceKind, Timestamp, Trade};
use crate::core::news::{FilterTrail, Item, ItemKey, Query, SourceLag, Story, StoryBook};
use crate::core::quotes::{Board, BoardSort, Move, ProviderReport, QuoteSlot, SymbolRefresh};
use crate::core::signal::Judge;
use crate::core::timeline::Timeline;

#[derive(Debug, Clone)]
pub struct State {
    /// Every story in memory, newest first.
    book: StoryBook,
    /// The watched symbols' quotes, in watchlist order.
    board: Board,
    pub sources: BTreeMap<(SourceKind, String), SourceHealth>,
    /// How late each source's new items reach us.
    pub lag: BTreeMap<(SourceKind, String), SourceLag>,
    /// Bumped on every change a user could see; the shell redraws on change.
    pub rev: u64,
    pub now: Timestamp,
    pub alerts: AlertBook,
    /// The alert being flashed, and until when.
    pub flash: Option<(Alert, Timestamp)>,
    pub view: ViewState,
    /// The filter's recent results, kept in step like the visible list.
    trail: FilterTrail,
    /// Every configured source, in config order: the ones that have not
    /// answered yet are pending.
    pub configured: Vec<(SourceKind, String)>,
    /// Whether this process polls (and writes the store) or follows.
    pub role: Role,
    /// Playing a recording instead of live sources: what the footer shows
    /// of it (the `replay::Replayer` drives it).
    pub replay: Option<ReplayStatus>,
    /// A `--bus` screen's link and the desk's collector.
    pub bus: Option<BusStatus>,
    /// `[store] retention`, in seconds: older headlines (by publication,
    /// else first seen) are neither shown nor kept.
    max_age_secs: Option<i64>,
    /// Set by `with_configured`: what the store restores comes only from
    /// the configured sources (a feed taken out of the config leaves).
    named: bool,
}

impl State {
    /// Headlines kept in memory unless configured (the default of
    /// `[store] max_headlines`).
    pub const DEFAULT_MAX_ITEMS: usize = 200_000;

    pub fn new(watchlist: &[String], now: Timestamp) -> State {
        State {
            book: StoryBook::new(Judge::builtin(), Self::DEFAULT_MAX_ITEMS),
            board: Board::new(watchlist),
            sources: BTreeMap::new(),
            lag: BTreeMap::new(),
            rev: 0,
            now,
            alerts: AlertBook::default(),
            flash: None,
            view: ViewState::default(),
            trail: FilterTrail::default(),
            configured: watchlist
                .iter()
                .map(|s| (SourceKind::Quotes, s.clone()))
                .collect(),
            role: Role::Alone,
            replay: None,
            bus: None,
            max_age_secs: None,
            named: false,
        }
    }

    /// Headlines older than `secs` (by publication, else first seen) are
    /// neither shown nor kept: the same rule the store prunes by.
    pub fn with_max_age(mut self, secs: i64) -> State {
        self.max_age_secs = Some(secs);
        self
    }

    /// Whether a headline falls within the retention window at `now`.
    pub fn in_window(&self, h: &Headline, now: Timestamp) -> bool {
        self.max_age_secs
            .is_none_or(|max| (now - h.effective_time()).num_seconds() <= max)
    }

    /// The retention window in seconds, if one is set.
    pub fn max_age_secs(&self) -> Option<i64> {
        self.max_age_secs
    }

    /// `headlines` within the window, and how many were not.
    pub(crate) fn within_window(
        &self,
        mut headlines: Vec<Headline>,
        now: Timestamp,
    ) -> (Vec<Headline>, usize) {
        let read = headlines.len();
        headlines.retain(|h| self.in_window(h, now));
        let outside = read - headlines.len();
        (headlines, outside)
    }

    /// Whether a restored row belongs on this screen: a configured source
    /// (when the sources were named).
    fn is_configured(&self, kind: SourceKind, name: &str) -> bool {
        !self.named || self.configured.iter().any(|(k, n)| *k == kind && n == name)
    }

    /// Keep at most `max` headlines in memory, the oldest going first.
    pub fn with_max_items(mut self, max: usize) -> State {
        self.book.set_max(max);
        self
    }

    /// Stale after `secs` of data age while its market trades.
    pub fn with_stale_after(mut self, secs: i64) -> State {
        self.board.set_stale_after(secs);
        self
    }

    /// The configured feeds and streams (the watchlist's symbols are
    /// known already), so the ones that have not answered are counted and
    /// listed as pending.
    pub fn with_configured(mut self, mut sources: Vec<(SourceKind, String)>) -> State {
        sources.append(&mut self.configured);
        self.configured = sources;
        self.named = true;
        self
    }

    pub fn with_alerts(mut self, settings: AlertSettings) -> State {
        self.alerts = AlertBook::new(settings);
        self
    }

    /// Judge headlines with this (user-configured) judge instead of the built-in one.
    pub fn with_judge(mut self, judge: Arc<Judge>) -> State {
        self.book.set_judge(judge);
        self
    }

    /// Every story, newest first.
    pub fn items(&self) -> &Timeline<ItemKey, Item> {
        self.book.items()
    }

    pub fn judge(&self) -> &Arc<Judge> {
        self.book.judge()
    }

    /// The board's slots, in watchlist order.
    pub fn quotes(&self) -> &[QuoteSlot] {
        self.board.slots()
    }

    /// Each polled quote provider's budget and plan.
    pub fn quote_plans(&self) -> &[ProviderReport] {
        self.board.plans()
    }

    /// While its market trades, a quote whose data is older than this is
    /// stale.
    pub fn stale_after_secs(&self) -> i64 {
        self.board.stale_after_secs()
    }

    /// How old the symbol's data is by its own time, and whether that is
    /// stale (`core::market::freshness`); `None` before it has a price.
    pub fn quote_age(&self, symbol: &str) -> Option<Freshness> {
        // A cut-off bus screen cannot know whether the price moved on.
        let cut_off = self.bus.as_ref().is_some_and(|b| b.cut_off(self.now));
        self.board.age(symbol, self.now, cut_off)
    }

    /// Take the quote task's plan; whether anything shown changed.
    pub(crate) fn set_quote_plan(
        &mut self,
        providers: Vec<ProviderReport>,
        symbols: Vec<(String, SymbolRefresh)>,
    ) -> bool {
        self.board.set_plan(providers, symbols)
    }

    /// The plan of the provider that refreshes `symbol`.
    pub fn quote_plan_of(&self, symbol: &str) -> Option<&ProviderReport> {
        self.board.plan_of(symbol)
    }
    pub fn selected_item(&self) -> Option<&Item> {
        self.visible_at(self.view.selected)
    }

    /// The item at a row of the visible list.
    pub fn visible_at(&self, row: usize) -> Option<&Item> {
        let (key, _) = self.view.visible.get(row)?;
        self.book.get(key)
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
            .filter_map(|(key, _)| self.book.get(key))
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
        let passing = self.items().iter().filter(|(key, item)| {
            // Both run newest first: walk the kept keys along to the item.
            while kept.next_if(|k| k < key).is_some() {}
            kept.next_if(|k| k == key).is_some() || self.passes(item)
        });
        Timeline::from_sorted(passing.map(|(key, _)| (*key, ())).collect::<Vec<_>>())
    }

    fn all_passing(&self) -> Timeline<ItemKey, ()> {
        let passing = self.items().iter().filter(|(_, item)| self.passes(item));
        Timeline::from_sorted(passing.map(|(key, _)| (*key, ())).collect::<Vec<_>>())
    }

    /// Those of `keys` (newest first) whose items pass.
    fn passing<'a>(&self, keys: impl Iterator<Item = &'a ItemKey>) -> Timeline<ItemKey, ()> {
        let mut items = self.items().iter().peekable();
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
            let key = self.book.key_of(&id?)?;
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
            v.seen_arrival = self.book.arrivals();
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

    /// Board rows in display order, as indices into `quotes()`.
    pub fn board_order(&self) -> Vec<usize> {
        self.board
            .order(self.view.board_sort, self.view.board_held.as_ref())
    }

    /// Whether the live movers order differs from the one held.
    pub fn board_reordered(&self) -> bool {
        self.view.board_held.is_some()
            && self.board_order() != self.board.sorted(BoardSort::ChangePct)
    }

    /// On the top row of the movers the cursor follows the biggest mover;
    /// anywhere else the order is held so rows do not jump under it.
    pub(crate) fn settle_board(&mut self) {
        let off_top = self.view.board_sort == BoardSort::ChangePct && self.view.board_selected > 0;
        self.view.board_held = match (off_top, self.view.board_held.take()) {
            (false, _) => None,
            (true, Some(held)) => Some(held),
            (true, None) => Some(self.board.sorted(BoardSort::ChangePct)),
        };
    }

    pub fn selected_symbol(&self) -> Option<&str> {
        let order = self.board_order();
        order
            .get(self.view.board_selected)
            .map(|&i| self.quotes()[i].symbol.as_str())
    }

    /// Add headlines not seen before, newest first. Following the news, the
    /// selection moves to the newest; else it and the rows shown stay on
    /// their headlines. Returns the alerts the new headlines fired (when
    /// `alert`) and the stories that are new or gained a feed, for the store.
    /// Whether a headline with this id is already in the book.
    pub(crate) fn knows(&self, id: &str) -> bool {
        self.book.knows(id)
    }

    pub(crate) fn add_headlines(
        &mut self,
        headlines: Vec<Headline>,
        now: Timestamp,
        alert: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let fresh = headlines.into_iter().map(Story::fetched).collect();
        self.add_stories(fresh, now, alert, false)
    }

    /// Stories into the book (`StoryBook::add`), then shown when they pass
    /// the filter, alerted on when new, and the oldest let go past the cap.
    fn add_stories(
        &mut self,
        stories: Vec<Story>,
        now: Timestamp,
        alert: bool,
        restored: bool,
    ) -> (Vec<Alert>, Vec<Item>) {
        let anchors = self.view_anchors();
        let added = self.book.add(stories, restored);
        for &key in &added.touched {
            self.show_if_passing(key);
        }
        let mut fired = Vec::new();
        if alert {
            let watchlist: Vec<String> = self.quotes().iter().map(|s| s.symbol.clone()).collect();
            for key in &added.new {
                if let Some(item) = self.book.get(key) {
                    fired.extend(self.alerts.on_headline(item, &watchlist, now));
                }
            }
        }
        for left in self.book.evict() {
            self.view.visible.remove(&left.key);
            self.trail.remove(&left.key);
            self.view.read.remove(&left.id);
        }
        self.place_view(anchors);
        (fired, added.changed)
    }

    /// List the item at `key` among the visible ones iff it passes.
    fn show_if_passing(&mut self, key: ItemKey) {
        let Some(item) = self.book.get(&key) else {
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

    /// Take in what the store holds. `live`: another process polled it
    /// just now, so new headlines and quotes alert as if polled here.
    /// Only what is within the window and from a configured feed comes
    /// back (the rest stays stored until retention, so a feed added back
    /// brings its rows back).
    pub(crate) fn restore(&mut self, mut r: Restored, now: Timestamp, live: bool) -> Vec<Alert> {
        r.stories.retain(|s| {
            self.in_window(&s.headline, now)
                && s.sources
                    .iter()
                    .chain([&s.headline.source])
                    .any(|f| self.is_configured(SourceKind::Feed, f))
        });
        r.health.retain(|h| self.is_configured(h.kind, &h.name));
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
        for (kind, name, samples) in r.lag {
            self.lag
                .insert((kind, name), SourceLag::from_samples(samples));
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
        self.book.take_rejudged()
    }

    /// Whether a record goes to the store from this process: the poller
    /// writes everything, a follower only its user's read marks.
    pub fn persists(&self, record: &Save) -> bool {
        match self.role {
            Role::Alone => false,
            Role::Leader => true,
            Role::Follower => matches!(record, Save::Read { .. }),
        }
    }

    /// The move since the headline of each linked ticker that has a quote.
    pub fn moves(&self, item: &Item) -> Vec<Move> {
        self.board
            .moves_since(&item.tickers, item.headline.effective_time())
    }

    /// Store a polled quote; a price streamed since it was taken stays.
    /// Returns the slot's index.
    pub(crate) fn set_quote(&mut self, symbol: &str, quote: Quote) -> usize {
        self.board.set_quote(symbol, quote)
    }

    /// Fold a live trade into its symbol's quote. Returns the slot's index
    /// when the board changed. Trades for unwatched symbols are dropped.
    pub(crate) fn apply_trade(
        &mut self,
        trade: &Trade,
        provider: ProviderName,
        now: Timestamp,
    ) -> Option<usize> {
        self.board.apply_trade(trade, provider, now)
    }

    /// Run the move alerts against one slot's quote.
    pub(crate) fn alert_on_quote(&mut self, idx: usize, now: Timestamp) -> Vec<Alert> {
        match self.board.slots().get(idx).and_then(|s| s.quote.as_ref()) {
            Some(quote) => self.alerts.on_quote(quote, now),
            None => Vec::new(),
        }
    }

    /// The last good quote stays; the error is shown beside it.
    pub(crate) fn set_quote_error(&mut self, symbol: &str, error: String) {
        self.board.set_error(symbol, error);
    }

    pub(crate) fn clamp_selection(&mut self) {
        let slots = self.board.slots().len();
        let v = &mut self.view;
        v.selected = v.selected.min(v.visible.len().saturating_sub(1));
        v.board_selected = v.board_selected.min(slots.saturating_sub(1));
    }

    /// Every source that reported failed and none ever answered, every
    /// watched symbol included: most likely no network at all.
    pub fn nothing_answered(&self) -> bool {
        !self.sources.is_empty()
            && self
                .sources
                .values()
                .all(|s| !s.ok && s.last_success.is_none())
            && self.board.nothing_priced()
    }

    /// Sources that are currently failing.
    pub fn failing(&self) -> impl Iterator<Item = &SourceHealth> {
        self.sources.values().filter(|s| !s.ok)
    }
}

#[cfg(test)]
mod tests;
