//! The one place state changes: `update(state, msg, now) -> effects`.
//! Pure: time comes in as `now`, effects go out as data.

use super::actions;
use super::desk::BusStatus;
use super::health::{self, HealthChange};
use super::msg::{Action, Effect, Msg};
use super::persist::Save;
use super::state::State;
use crate::core::alerts::Alert;
use crate::core::model::{FetchReport, Headline, SourceHealth, SourceKind, Timestamp};

pub fn update(state: &mut State, msg: Msg, now: Timestamp) -> Vec<Effect> {
    let before = state.rev;
    let mut effects = Vec::new();
    match msg {
        Msg::HeadlinesFetched {
            report,
            headlines,
            skipped,
        } => {
            let read = headlines.len();
            // One rule for the window: what is older than retention is
            // neither shown nor kept, and the health says how many.
            let (headlines, outside) = state.within_window(headlines, now);
            let count = (read, skipped, outside);
            measure_lag(state, &report, &headlines, &mut effects);
            let (fired, changed) = state.add_headlines(headlines, now, true);
            for item in changed {
                persist(state, &mut effects, Save::Story(Box::new(item)));
            }
            raise(state, fired, now, &mut effects);
            record_success(state, report, count, &mut effects);
            state.rev += 1;
        }
        Msg::FeedPolled {
            report,
            items,
            skipped,
        } => {
            record_success(state, report, (items, skipped, 0), &mut effects);
            state.rev += 1;
        }
        Msg::QuoteReceived { report, quote } => {
            // Keyed by the symbol we asked for, whatever spelling came back.
            let slot = state.set_quote(&report.name, quote);
            persist_quote(state, slot, &mut effects);
            let fired = state.alert_on_quote(slot, now);
            raise(state, fired, now, &mut effects);
            record_success(state, report, (1, 0, 0), &mut effects);
            state.rev += 1;
        }
        Msg::StreamConnected { report, symbols } => {
            record_success(state, report, (symbols, 0, 0), &mut effects);
            state.rev += 1;
        }
        Msg::TradesReceived { provider, trades } => {
            for trade in trades {
                if let Some(slot) = state.apply_trade(&trade, provider, now) {
                    persist_quote(state, slot, &mut effects);
                    let fired = state.alert_on_quote(slot, now);
                    raise(state, fired, now, &mut effects);
                    state.rev += 1;
                }
            }
        }
        Msg::Restored { restored, live } => {
            let fired = state.restore(restored, now, live);
            raise(state, fired, now, &mut effects);
            write_back(state, &mut effects);
            state.rev += 1;
        }
        Msg::ReadMarksSaved(marks) => {
            state.apply_read_marks(marks);
            state.rev += 1;
        }
        Msg::RoleChanged(role) => {
            state.role = role;
            write_back(state, &mut effects);
            state.rev += 1;
        }
        Msg::Bus(news) => {
            let bus = state.bus.get_or_insert_with(|| BusStatus::starting(now));
            if bus.apply(news, now) {
                state.rev += 1;
            }
        }

        Msg::QuotesPlanned { providers, symbols } => {
            if state.set_quote_plan(providers, symbols) {
                state.rev += 1;
            }
        }
        Msg::SourceFailed { report, failure } => {
            if report.kind == SourceKind::Quotes {
                state.set_quote_error(&report.name, failure.detail.clone());
            }
            let key = (report.kind, report.name.clone());
            let previous = state.sources.get(&key);
            let last_success = previous.and_then(|h| h.last_success);
            // The count of the last good data: a later 304 still refers to it.
            let (items, skipped, outside) =
                previous.map_or((0, 0, 0), |h| (h.items, h.skipped, h.outside));
            let detail = failure.detail;
            let health = SourceHealth {
                kind: report.kind,
                name: report.name,
                url: report.url,
                ok: false,
                error: Some(detail.clone()),
                failure: Some(failure.class),
                items,
                skipped,
                outside,
                http_status: report.http_status,
                elapsed_ms: report.elapsed_ms,
                last_attempt: report.at,
                last_success,
                last_error: Some(detail),
                not_modified: false,
                next_poll: report.next_poll,
            };
            set_health(state, health, &mut effects);
            state.rev += 1;
        }
        Msg::Tick => {
            // Ages on screen are shown in minutes: redraw once a minute.
            if now.timestamp() / 60 != state.now.timestamp() / 60 {
                state.now = now;
                // `age:<2h` filters move with the clock.
                if state.view.is_filtered() {
                    state.refilter();
                }
                state.rev += 1;
            }
            // A collector's lease running out is news on a bus screen.
            if let Some(bus) = &state.bus
                && bus.cut_off(now) != bus.cut_off(state.now)
            {
                state.rev += 1;
            }
            if state.flash.as_ref().is_some_and(|(_, until)| *until <= now) {
                state.flash = None;
                state.rev += 1;
            }
        }
        Msg::ListResized { rows } => {
            state.view.page_rows = rows;
            state.settle_headlines();
        }
        // A replay's keys steer its driver (`replay::Replayer`), which
        // holds the tape; without one they do nothing.
        Msg::Action(Action::Replay(_) | Action::Goto(_)) => return effects,
        Msg::Action(action) => actions::apply(state, action, &mut effects),
    }
    state.now = now;
    debug_assert!(state.rev >= before);
    effects
}

/// How long an alert stays flashed on screen.
const FLASH_SECS: i64 = 10;

/// Flash the newest delivered alert and ask the shell to notify.
fn raise(state: &mut State, fired: Vec<Alert>, now: Timestamp, effects: &mut Vec<Effect>) {
    let settings = &state.alerts.settings;
    let (bell, desktop) = (settings.bell, settings.desktop);
    for alert in &fired {
        persist(state, effects, Save::Alert(alert.clone()));
    }
    for alert in fired.into_iter().filter(|a| a.delivered) {
        if bell || desktop {
            effects.push(Effect::Notify {
                title: alert.title.clone(),
                body: alert.detail.clone(),
                bell,
                desktop,
            });
        }
        state.flash = Some((alert, now + chrono::Duration::seconds(FLASH_SECS)));
    }
}

/// Hand a record to the store, if this process writes that kind.
fn persist(state: &State, effects: &mut Vec<Effect>, record: Save) {
    if state.persists(&record) {
        effects.push(Effect::Persist(record));
    }
}

/// Restored stories judged again go back to the store with their new
/// judgement, so the next start takes it instead of judging them again.
fn write_back(state: &mut State, effects: &mut Vec<Effect>) {
    for item in state.take_rejudged() {
        effects.push(Effect::Persist(Save::Story(Box::new(item))));
    }
}

fn persist_quote(state: &State, slot: usize, effects: &mut Vec<Effect>) {
    if let Some(quote) = state.quotes().get(slot).and_then(|s| s.quote.clone()) {
        persist(state, effects, Save::Quote(quote));
    }
}

/// Lag of the headlines new to the book, when the source had a good poll
/// before (the first poll's items are all backlog); much slower is logged.
fn measure_lag(
    state: &mut State,
    report: &FetchReport,
    headlines: &[Headline],
    effects: &mut Vec<Effect>,
) {
    let key = (report.kind, report.name.clone());
    let Some(since) = state.sources.get(&key).and_then(|h| h.last_success) else {
        return;
    };
    let fresh: Vec<&Headline> = headlines.iter().filter(|h| !state.knows(&h.id)).collect();
    if fresh.is_empty() {
        return;
    }
    let lag = state.lag.entry(key).or_default();
    let mut kept = false;
    for h in fresh {
        kept |= lag.record(h.published, h.first_seen, since).is_some();
    }
    let slower = lag.slower();
    if kept {
        let samples = lag.samples().collect();
        let (kind, name) = (report.kind, report.name.clone());
        persist(
            state,
            effects,
            Save::Lag {
                kind,
                name,
                samples,
            },
        );
    }
    if let Some((from_s, to_s)) = slower {
        effects.push(Effect::Log(HealthChange::Slower {
            kind: report.kind,
            name: report.name.clone(),
            from_s,
            to_s,
        }));
    }
}

/// `counts`: items read, entries skipped and items outside the window. A 304 brought nothing new:
/// the source still holds what it last sent.
fn record_success(
    state: &mut State,
    report: FetchReport,
    counts: (usize, usize, usize),
    effects: &mut Vec<Effect>,
) {
    let key = (report.kind, report.name.clone());
    let previous = state.sources.get(&key);
    let last_error = previous.and_then(|h| h.last_error.clone());
    let (items, skipped, outside) = match previous {
        Some(h) if report.not_modified => (h.items, h.skipped, h.outside),
        _ => counts,
    };
    // A 304 to a source that was well changes nothing worth a write: the
    // stored health keeps the time of its last change.
    let unchanged = report.not_modified && previous.is_some_and(|h| h.ok && h.url == report.url);
    let health = SourceHealth {
        kind: report.kind,
        name: report.name,
        url: report.url,
        ok: true,
        error: None,
        failure: None,
        items,
        skipped,
        outside,
        http_status: report.http_status,
        elapsed_ms: report.elapsed_ms,
        last_attempt: report.at,
        last_success: Some(report.at),
        last_error,
        not_modified: report.not_modified,
        next_poll: report.next_poll,
    };
    if unchanged {
        state.sources.insert(key, health);
    } else {
        set_health(state, health, effects);
    }
}

/// Record a source's health: a change worth knowing goes to the log, the
/// health to the store.
fn set_health(state: &mut State, health: SourceHealth, effects: &mut Vec<Effect>) {
    let key = (health.kind, health.name.clone());
    if let Some(change) = health::change(state.sources.get(&key), &health) {
        effects.push(Effect::Log(change));
    }
    persist(state, effects, Save::Health(health.clone()));
    state.sources.insert(key, health);
}

#[cfg(test)]
mod tests;
