//! One entry point per fuzz target, shared by the libFuzzer binaries
//! (`fuzz_targets/`) and the regression test that replays every kept input
//! (`tests/fuzz_regressions.rs`). Each feeds untrusted bytes to the real
//! parser and checks what must hold whatever the bytes: no panic, and
//! nothing that reaches the screen carries a control character.

use chrono::{DateTime, Utc};
use tickwire::core::news::Query;
use tickwire::core::quotes::vet;
use tickwire::core::signal::Judge;
use tickwire::core::text::is_displayable;
use tickwire::event::Recording;
use tickwire::sources::feeds::parse_feed;
use tickwire::sources::quotes::coinbase::Coinbase;
use tickwire::sources::quotes::finnhub::parse_quote;
use tickwire::sources::quotes::finnhub_stream::FinnhubStream;
use tickwire::sources::quotes::stooq::parse_csv;
use tickwire::sources::quotes::stream::{Event, Protocol};
use tickwire::sources::quotes::yahoo::parse_chart;
use tickwire::sources::quotes::yahoo::parse_spark;

/// A target: bytes in, a panic when something that must hold does not.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/run.sh` and the regression test know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("feed", feed),
    ("yahoo_chart", yahoo_chart),
    ("yahoo_spark", yahoo_spark),
    ("finnhub_rest", finnhub_rest),
    ("stooq_csv", stooq_csv),
    ("coinbase_ws", coinbase_ws),
    ("finnhub_ws", finnhub_ws),
    ("filter_query", filter_query),
    ("config", config),
    ("opml", opml),
    ("recording", recording),
];

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_738_011_700, 0).unwrap()
}

/// Feed bytes to headlines: repair, parse, sanitize, judge.
pub fn feed(data: &[u8]) {
    // As the binary does: a panic the parser contains is no crash.
    static FILTER: std::sync::Once = std::sync::Once::new();
    FILTER.call_once(tickwire::sources::sanitize::install_panic_filter);
    let Ok(parsed) = parse_feed(data, "fuzz", now()) else {
        return;
    };
    let judge = Judge::builtin();
    for h in parsed.headlines {
        assert!(is_displayable(&h.title), "title {:?}", h.title);
        assert!(is_displayable(&h.summary), "summary {:?}", h.summary);
        if let Some(link) = &h.link {
            assert!(
                link.starts_with("http://") || link.starts_with("https://"),
                "{link}"
            );
            assert!(is_displayable(link), "link {link:?}");
        }
        let _ = judge.judge(&h.title);
    }
}

fn checked(quote: tickwire::core::model::Quote) {
    assert!(is_displayable(&quote.symbol) && is_displayable(&quote.currency));
    assert!(is_displayable(&quote.exchange));
    if let Ok(q) = vet(quote, now()) {
        assert!(q.price.is_finite() && q.price > 0.0);
        if let Some(pct) = q.change_pct() {
            assert!(pct.is_finite(), "{q:?}");
        }
    }
}

pub fn yahoo_chart(data: &[u8]) {
    if let Ok(q) = parse_chart(data, "NVDA", now()) {
        checked(q);
    }
}

pub fn yahoo_spark(data: &[u8]) {
    if let Ok(quotes) = parse_spark(data, now()) {
        quotes.into_iter().for_each(checked);
    }
}

pub fn finnhub_rest(data: &[u8]) {
    match parse_quote(data, "NVDA", now()) {
        Ok(q) => checked(q),
        Err(e) => assert!(is_displayable(&e.to_string()), "{e}"),
    }
}

pub fn stooq_csv(data: &[u8]) {
    if let Ok(q) = parse_csv(data, "NVDA", now()) {
        checked(q);
    }
}

fn stream(protocol: &dyn Protocol, data: &[u8]) {
    match protocol.parse(&String::from_utf8_lossy(data)) {
        Event::Trades(trades) => {
            for t in trades {
                assert!(is_displayable(&t.symbol), "{t:?}");
                assert!(protocol.carries(&t.symbol), "an unwatched symbol {t:?}");
            }
        }
        Event::Error(text) => assert!(is_displayable(&text), "{text:?}"),
        Event::Alive => {}
    }
}

pub fn coinbase_ws(data: &[u8]) {
    let coinbase = Coinbase {
        ws_url: "ws://127.0.0.1:1".into(),
        products: vec!["BTC-USD".into()],
    };
    stream(&coinbase, data);
}

pub fn finnhub_ws(data: &[u8]) {
    let finnhub = FinnhubStream::new("ws://127.0.0.1:1", "key", &["AAPL".into()]);
    stream(&finnhub, data);
}

pub fn filter_query(data: &[u8]) {
    let _ = Query::parse(&String::from_utf8_lossy(data));
}

pub fn config(data: &[u8]) {
    let _ = tickwire::config::parse(&String::from_utf8_lossy(data), "fuzz.toml");
}

pub fn opml(data: &[u8]) {
    let Ok(feeds) = tickwire::headless::parse_opml(&String::from_utf8_lossy(data)) else {
        return;
    };
    for f in &feeds {
        assert!(is_displayable(&f.name), "name {:?}", f.name);
    }
    let _ = tickwire::headless::merge_into_config("", &feeds);
}

pub fn recording(data: &[u8]) {
    let _ = Recording::from_bytes(data);
}
