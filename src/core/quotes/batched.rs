//! A batched price (many symbols in one request) folded onto the symbol's
//! last chart: the batch brings the price, its time, the session and the
//! pre/post price; the chart stays the authority for the previous close,
//! unless the batch carries a true one itself (CNBC's whole quotes).

use crate::core::model::Quote;

/// What folding a batched price in gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub quote: Quote,
    /// The price is from a later day than the chart: the chart's previous
    /// close no longer applies (dropped until a new chart brings it).
    pub new_day: bool,
}

/// Fold `fresh` (a batch's quote) onto `chart`, the last full quote. Its
/// own previous close is ignored unless `carried` (the batch vouches for
/// it; then it stands, on any day). An older batch answer changes
/// nothing; without a chart the batch's quote stands alone.
pub fn fold_batched(chart: Option<&Quote>, mut fresh: Quote, carried: bool) -> Folded {
    let prev = fresh.prev_close.take().filter(|_| carried);
    let at = fresh.as_of;
    let mut folded = fold_price(chart, fresh);
    if carried {
        // The batch's close is the new day's: no chart needed for it.
        folded.new_day = false;
        if folded.quote.as_of == at && prev.is_some() {
            folded.quote.prev_close = prev;
        }
    }
    folded
}

fn fold_price(chart: Option<&Quote>, fresh: Quote) -> Folded {
    // A chart in another currency is no reference for this price.
    let Some(chart) = chart.filter(|c| same_currency(c, &fresh)) else {
        return Folded {
            quote: fresh,
            new_day: true,
        };
    };
    if fresh.as_of < chart.as_of {
        return Folded {
            quote: chart.clone(),
            new_day: false,
        };
    }
    let new_day = fresh.as_of.date_naive() != chart.as_of.date_naive();
    let mut quote = chart.clone();
    let (t, p) = fresh.latest();
    quote.series.record(t, p);
    // The chart's pre/post price holds while its session lasts.
    quote.extended = fresh
        .extended
        .or(chart.extended.filter(|e| e.session == fresh.market_state));
    quote.price = fresh.price;
    quote.as_of = fresh.as_of;
    quote.market_state = fresh.market_state;
    quote.provider = fresh.provider;
    if new_day {
        quote.prev_close = None;
    }
    Folded { quote, new_day }
}

/// Whether two quotes are priced in the same unit (an unnamed one is
/// taken as the same).
pub fn same_currency(a: &Quote, b: &Quote) -> bool {
    a.currency.is_empty() || b.currency.is_empty() || a.currency == b.currency
}

#[cfg(test)]
mod tests;
