//! Where an event's parts go, and what makes them the same message twice.

use crate::core::model::ProviderName;
use chrono::{TimeZone, Utc};

use super::*;
use crate::core::model::{Headline, Timestamp, Trade};

fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_737_988_200 + secs, 0).unwrap()
}

fn headline(id: &str) -> Headline {
    Headline {
        id: id.into(),
        title: format!("Story {id}"),
        link: None,
        source: "Desk".into(),
        published: None,
        first_seen: at(0),
        summary: String::new(),
    }
}

fn poll(ids: &[&str]) -> Event {
    Event {
        at: at(1),
        kind: EventKind::Headlines {
            report: FetchReport::new(SourceKind::Feed, "Desk", "http://127.0.0.1:1/f", at(1)),
            headlines: ids.iter().map(|id| headline(id)).collect(),
            skipped: 1,
            items: None,
        },
    }
}

#[test]
fn each_new_headline_is_one_message_named_by_its_id() {
    let names = Names::new("d").unwrap();
    let parts = publications(&poll(&["a", "b", "c"]), &names, &|id| id == "b");
    let ids: Vec<_> = parts.iter().filter_map(|p| p.msg_id.clone()).collect();
    assert_eq!(ids, ["a", "c"], "b is already on the stream");
    assert!(
        parts[..2]
            .iter()
            .all(|p| p.subject == "tickwire.d.headlines")
    );
    let health = parts.last().unwrap();
    assert_eq!(health.subject, "tickwire.d.health");
    assert_eq!(health.key.as_deref(), Some("health.feed.Desk"));
    match &health.event.kind {
        EventKind::Headlines {
            headlines,
            skipped,
            items,
            ..
        } => {
            assert!(headlines.is_empty() && *skipped == 1);
            assert_eq!(*items, Some(3), "the poll's count, b included");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_quote_is_keyed_by_symbol_and_data_time() {
    let names = Names::new("d").unwrap();
    let quote = crate::core::model::nvda_after_close(at(60), vec![(0, 124.8)]);
    let event = |secs| Event {
        at: at(secs),
        kind: EventKind::Quote {
            report: FetchReport::new(SourceKind::Quotes, "NVDA", "", at(secs)),
            quote: quote.clone(),
        },
    };
    let first = publications(&event(1), &names, &|_| false);
    let again = publications(&event(30), &names, &|_| false);
    assert_eq!(first[0].subject, "tickwire.d.quotes.NVDA");
    assert_eq!(first[0].key.as_deref(), Some("quote.NVDA"));
    assert_eq!(
        first[0].msg_id, again[0].msg_id,
        "the same data polled twice is one message"
    );
}

#[test]
fn trades_go_to_each_symbols_subject() {
    let names = Names::new("d").unwrap();
    let trade = |symbol: &str| Trade {
        symbol: symbol.into(),
        price: 1.0,
        at: at(5),
        open_24h: None,
    };
    let event = Event {
        at: at(5),
        kind: EventKind::Trades {
            provider: ProviderName::COINBASE,
            trades: vec![trade("BTC-USD"), trade("ETH-USD")],
        },
    };
    let parts = publications(&event, &names, &|_| false);
    let subjects: Vec<_> = parts.iter().map(|p| p.subject.as_str()).collect();
    assert_eq!(
        subjects,
        ["tickwire.d.quotes.BTC-USD", "tickwire.d.quotes.ETH-USD"]
    );
    assert_ne!(parts[0].msg_id, parts[1].msg_id);
}

#[test]
fn the_oldest_remembered_ids_go_first() {
    let mut p = Published::default();
    for i in 0..=Published::CAP {
        p.insert(i.to_string());
    }
    assert!(!p.contains("0"));
    assert!(p.contains("1") && p.contains(&Published::CAP.to_string()));
}

#[test]
fn the_quote_plan_replaces_its_board_key() {
    use crate::core::quotes::Cadence;
    use crate::core::quotes::SymbolRefresh;
    let names = Names::new("d").unwrap();
    let refresh = SymbolRefresh {
        provider: ProviderName::YAHOO,
        cadence: Cadence {
            price: std::time::Duration::from_secs(200),
            chart: std::time::Duration::from_secs(300),
        },
        live: false,
        held_back: true,
    };
    let event = Event {
        at: at(5),
        kind: EventKind::Plan {
            symbols: vec![("NVDA".into(), refresh)],
        },
    };
    let parts = publications(&event, &names, &|_| false);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].subject, "tickwire.d.health");
    assert_eq!(parts[0].key.as_deref(), Some(PLAN_KEY));
    assert_eq!(parts[0].event, event);
}
