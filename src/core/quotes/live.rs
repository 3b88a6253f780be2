//! Live trades folded into the board's quotes: a polled quote gives the
//! reference (previous close, series); a streamed trade moves the price.

use crate::core::market::{new_york_date, trades_around_the_clock, us_equity_state};
use crate::core::model::ProviderName;
use crate::core::model::{Extended, MarketState, Quote, Series, Timestamp, Trade};

/// How far ahead of our clock a trade's time may be (clock skew); beyond
/// it the time is garbage and would freeze the quote.
const MAX_AHEAD_SECS: i64 = 60;

/// Whether a trade can be trusted at all at `now`.
fn plausible(trade: &Trade, now: Timestamp) -> bool {
    trade.price.is_finite() && trade.price > 0.0 && (trade.at - now).num_seconds() <= MAX_AHEAD_SECS
}

/// Move `quote` to `trade`'s price. Returns whether anything changed: a
/// trade older than what is shown, dated in the future, or from outside
/// every session, does not.
pub fn apply_trade(
    quote: &mut Quote,
    trade: &Trade,
    provider: ProviderName,
    now: Timestamp,
) -> bool {
    let shown_at = quote
        .series
        .last()
        .map_or(quote.as_of.timestamp(), |(t, _)| t);
    if trade.at < quote.as_of || trade.at.timestamp() < shown_at || !plausible(trade, now) {
        return false;
    }
    match session_of(trade) {
        MarketState::Regular => {
            let equity = !trades_around_the_clock(&trade.symbol);
            if equity && new_york_date(trade.at) > new_york_date(quote.as_of) {
                // A new trading day with no poll yet: yesterday's last price
                // is today's previous close.
                quote.prev_close = Some(quote.price);
            }
            // A 24/7 symbol's reference slides with its own 24 hours.
            if let Some(open) = trade
                .open_24h
                .filter(|p| !equity && p.is_finite() && *p > 0.0)
            {
                quote.prev_close = Some(open);
            }
            quote.price = trade.price;
            quote.as_of = trade.at;
            quote.extended = None;
            quote.market_state = MarketState::Regular;
        }
        session @ (MarketState::Pre | MarketState::Post) => {
            // Measured from the regular session's last price, as a poll does.
            let (change, change_pct) = Quote::change_from(trade.price, quote.price);
            quote.extended = Some(Extended {
                session,
                price: trade.price,
                change,
                change_pct,
            });
            quote.market_state = session;
        }
        MarketState::Closed => return false,
    }
    quote.provider = provider;
    quote.series.record(trade.at.timestamp(), trade.price);
    true
}

/// A first quote from a trade alone, when it carries its own reference
/// (a crypto ticker's 24-hour open); `None` otherwise.
pub fn quote_from_trade(trade: &Trade, provider: ProviderName, now: Timestamp) -> Option<Quote> {
    let reference = trade.open_24h.filter(|p| p.is_finite() && *p > 0.0)?;
    if !plausible(trade, now) {
        return None;
    }
    let currency = trade.symbol.rsplit_once('-').map_or("USD", |(_, c)| c);
    let mut series = Series::default();
    series.record(trade.at.timestamp(), trade.price);
    Some(Quote {
        symbol: trade.symbol.clone(),
        price: trade.price,
        prev_close: Some(reference),
        currency: currency.to_string(),
        exchange: "CCC".into(),
        market_state: session_of(trade),
        as_of: trade.at,
        provider,
        series,
        extended: None,
    })
}

/// A freshly polled quote replacing one a stream has moved since: the
/// poll brings the reference and the bars, the stream the newer price.
pub fn merge_poll(polled: &mut Quote, shown: &Quote) {
    if shown.as_of > polled.as_of {
        polled.price = shown.price;
        polled.as_of = shown.as_of;
        polled.provider = shown.provider;
        polled.series.record(shown.as_of.timestamp(), shown.price);
    }
    // A pre/post price streamed in a newer bar than the poll's last one.
    let newer_bar = match (shown.series.last(), polled.series.last()) {
        (Some((shown_t, _)), Some((polled_t, _))) => shown_t > polled_t,
        (Some(_), None) => true,
        _ => false,
    };
    if let Some(ext) = shown.extended.filter(|_| newer_bar) {
        let (change, change_pct) = Quote::change_from(ext.price, polled.price);
        polled.extended = Some(Extended {
            change,
            change_pct,
            ..ext
        });
        polled.market_state = ext.session;
        polled.provider = shown.provider;
        if let Some((t, _)) = shown.series.last() {
            polled.series.record(t, ext.price);
        }
    }
}

fn session_of(trade: &Trade) -> MarketState {
    if trades_around_the_clock(&trade.symbol) {
        MarketState::Regular
    } else {
        us_equity_state(trade.at)
    }
}

#[cfg(test)]
mod tests;
