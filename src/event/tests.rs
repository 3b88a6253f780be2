//! The wire format: every kind round-trips, and a reader meets a newer
//! writer's lines, a cut-off line or a damaged tail without failing.

use crate::core::model::ProviderName;
use std::io::Write;

use chrono::{TimeZone, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;
use crate::config::RecordConfig;
use crate::core::model::{FailureClass, SourceKind};

fn at(secs: i64) -> Timestamp {
    Utc.timestamp_opt(1_737_988_200 + secs, 0).unwrap()
}

fn unbounded() -> RecordConfig {
    RecordConfig {
        max_bytes: u64::MAX,
        keep: 1,
    }
}

fn report(kind: SourceKind, name: &str) -> FetchReport {
    FetchReport {
        http_status: Some(200),
        elapsed_ms: 42,
        next_poll: Some(at(300)),
        ..FetchReport::new(kind, name, "http://127.0.0.1:1/x", at(0))
    }
}

fn quote() -> Quote {
    let mut q = crate::core::model::nvda_after_close(at(0), vec![(0, 124.8), (60, 124.1)]);
    q.series = q.series.with_bar_secs(60);
    q
}

/// NVDA's price refreshed every `price_secs`, slowed by the budget.
fn plan(price_secs: u64) -> EventKind {
    use crate::core::quotes::Cadence;
    use std::time::Duration;
    let refresh = SymbolRefresh {
        provider: ProviderName::YAHOO,
        cadence: Cadence {
            price: Duration::from_millis(price_secs * 1000 + 250),
            chart: Duration::from_secs(300),
        },
        live: false,
        held_back: true,
    };
    EventKind::Plan {
        symbols: vec![("NVDA".into(), refresh)],
    }
}

fn every_kind() -> Vec<Event> {
    let kinds = vec![
        EventKind::Header(Header {
            app: "tickwire test".into(),
            watchlist: vec!["NVDA".into()],
            feeds: vec![("Desk".into(), "http://127.0.0.1:1/feed".into())],
            stale_after_secs: 60,
            quote_every_secs: 15,
            start: Some(at(5)),
            speed: Some(600),
            bookmarks: vec![(at(9), "the open".into())],
            note: Some("made by a test".into()),
        }),
        EventKind::Headlines {
            report: report(SourceKind::Feed, "Desk"),
            headlines: vec![Headline {
                id: "a1".into(),
                title: "Nvidia slides as \"DeepSeek\" <rattles> traders".into(),
                link: Some("https://example.com/a?b=1&c=2".into()),
                source: "Desk".into(),
                published: None,
                first_seen: at(1),
                summary: "ünïcode".into(),
            }],
            skipped: 2,
            items: None,
        },
        EventKind::Quote {
            report: report(SourceKind::Quotes, "NVDA"),
            quote: quote(),
        },
        EventKind::Trades {
            provider: ProviderName::FINNHUB,
            trades: vec![Trade {
                symbol: "NVDA".into(),
                price: 118.0,
                at: at(61),
                open_24h: None,
            }],
        },
        EventKind::SourceFailed {
            report: report(SourceKind::Feed, "Desk"),
            failure: Failure {
                class: FailureClass::NotAFeed,
                detail: "HTML instead of a feed".into(),
            },
        },
        EventKind::StreamConnected {
            report: report(SourceKind::Stream, "finnhub live"),
            symbols: 3,
        },
        // A bus's health event: the poll's count, its headlines apart.
        EventKind::Headlines {
            report: report(SourceKind::Feed, "Desk"),
            headlines: Vec::new(),
            skipped: 0,
            items: Some(7),
        },
        plan(200),
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Event {
            at: at(i as i64),
            kind,
        })
        .collect()
}

#[test]
fn every_kind_of_event_round_trips_through_one_json_line() {
    for event in every_kind() {
        let line = encode_line(&event);
        assert!(!line.contains('\n'));
        assert!(line.starts_with("{\"v\":1,"), "{line}");
        let mut unknown = 0;
        assert_eq!(decode_line(&line, &mut unknown), Ok(Some(event.clone())));
        assert_eq!(unknown, 0);
    }
}

#[test]
fn messages_become_events_and_back() {
    for event in every_kind().into_iter().skip(1) {
        let msg = event.clone().into_msg().expect("a fact");
        assert_eq!(Event::from_msg(&msg, event.at), Some(event));
    }
    assert_eq!(Event::from_msg(&Msg::Tick, at(0)), None);
}

#[test]
fn a_newer_writers_events_and_fields_are_skipped_and_counted() {
    let quote_line = encode_line(&every_kind()[2]);
    let with_extra = quote_line.replacen(
        "\"quote\":{",
        "\"quote\":{\"venue\":\"XNAS\",\"greeks\":{\"delta\":1},",
        1,
    );
    let text = [
        encode_line(&every_kind()[0]),
        with_extra,
        r#"{"v":7,"at":"2025-01-27T14:31:00Z","type":"order_book","bids":[]}"#.into(),
        r#"{"v":1,"at":"2025-01-27T14:3"#.into(),
        encode_line(&every_kind()[3]),
    ]
    .join("\n");
    let rec = Recording::from_bytes(text.as_bytes());
    assert_eq!(rec.events.len(), 2, "the quote and the trades");
    assert_eq!(rec.events[0].kind, every_kind()[2].kind);
    assert_eq!(
        rec.skipped,
        Skipped {
            unknown_events: 1,
            unknown_fields: 2,
            unreadable: 1,
        }
    );
    assert_eq!(rec.header.watchlist, ["NVDA"]);
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

#[test]
fn appended_gzip_sessions_are_read_in_order_and_a_cut_tail_keeps_the_rest() {
    let lines: Vec<String> = every_kind().iter().map(encode_line).collect();
    let mut second_header = every_kind()[0].clone();
    if let EventKind::Header(h) = &mut second_header.kind {
        h.watchlist = vec!["AVGO".into(), "NVDA".into()];
    }
    let mut bytes = gzip(&(lines[..3].join("\n") + "\n"));
    bytes.extend(gzip(
        &(encode_line(&second_header) + "\n" + &lines[3..].join("\n")),
    ));
    let rec = Recording::from_bytes(&bytes);
    assert_eq!(rec.events.len(), lines.len() - 1, "every fact, no header");
    assert_eq!(rec.header.watchlist, ["NVDA", "AVGO"], "sessions merged");
    assert_eq!(rec.skipped.total(), 0);

    let cut = &bytes[..bytes.len() - 30];
    let rec = Recording::from_bytes(cut);
    assert!(rec.events.len() >= 2, "the first session survives");
    assert_eq!(rec.skipped.unreadable, 1);
}

#[test]
fn a_recorder_appends_a_header_then_every_event_and_flushes_on_drop() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["rec.jsonl", "rec.jsonl.gz"] {
        let path = dir.path().join(name);
        for session in 0..2 {
            let header = Header {
                watchlist: vec![format!("S{session}")],
                ..Header::default()
            };
            let recorder = Recorder::create(&path, header, at(0), unbounded()).unwrap();
            for event in every_kind().into_iter().skip(1) {
                recorder.record(event);
            }
        }
        let rec = read_recording(&path).unwrap();
        assert_eq!(rec.events.len(), 14, "{name}");
        assert_eq!(rec.header.watchlist, ["S0", "S1", "NVDA"], "{name}");
        assert_eq!(rec.skipped, Skipped::default(), "{name}");
    }
}

#[test]
fn a_recording_past_its_size_rotates_into_generations_that_each_play() {
    let dir = tempfile::tempdir().unwrap();
    let limit = RecordConfig {
        max_bytes: 4_000,
        keep: 2,
    };
    for name in ["week.jsonl", "week.jsonl.gz"] {
        let path = dir.path().join(name);
        let recorder = Recorder::create(&path, Header::default(), at(0), limit).unwrap();
        recorder.record(Event {
            at: at(0),
            kind: plan(200),
        });
        let events: Vec<Event> = (every_kind().into_iter().skip(1))
            .filter(|e| !matches!(e.kind, EventKind::Plan { .. }))
            .collect();
        // Enough lines for several files: the oldest must be gone.
        let total_lines = 60_000;
        for i in 0..total_lines {
            let mut event = events[i % events.len()].clone();
            event.at = at(i as i64);
            recorder.record(event);
        }
        drop(recorder);

        let generation = |n: usize| match name {
            "week.jsonl" => dir.path().join(format!("week.{n}.jsonl")),
            _ => dir.path().join(format!("week.{n}.jsonl.gz")),
        };
        assert!(generation(1).exists() && generation(2).exists(), "{name}");
        assert!(!generation(3).exists(), "{name}: only `keep` old files");
        let mut times = Vec::new();
        for file in [generation(2), generation(1), path.clone()] {
            // A line or a compressor's buffer past the limit, never a file's worth.
            let size = std::fs::metadata(&file).unwrap().len();
            assert!(
                size < 4_000 + 70_000,
                "{name}: {} is {size} bytes",
                file.display()
            );
            let rec = read_recording(&file).unwrap();
            assert_eq!(rec.skipped, Skipped::default(), "{}", file.display());
            // Each generation knows the refresh plan in force from its start.
            let (first, rest) = rec.events.split_first().unwrap();
            assert_eq!(first.kind, plan(200), "{}", file.display());
            times.extend(rest.iter().map(|e| e.at));
        }
        let first = (times[0] - at(0)).num_seconds();
        assert!(first > 0, "{name}: the oldest generations were deleted");
        let expected: Vec<Timestamp> = (first..total_lines as i64).map(at).collect();
        assert_eq!(
            times, expected,
            "{name}: the kept files hold every event since, in order"
        );
    }
}

#[test]
fn a_refresh_plan_is_recorded_only_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.jsonl");
    let recorder = Recorder::create(&path, Header::default(), at(0), unbounded()).unwrap();
    let sent = [
        plan(200),
        plan(200),
        plan(200),
        plan(30),
        plan(30),
        plan(200),
    ];
    for (i, kind) in sent.into_iter().enumerate() {
        recorder.record(Event {
            at: at(i as i64),
            kind,
        });
    }
    drop(recorder);
    let rec = read_recording(&path).unwrap();
    let kept: Vec<(Timestamp, EventKind)> =
        rec.events.into_iter().map(|e| (e.at, e.kind)).collect();
    assert_eq!(
        kept,
        [(at(0), plan(200)), (at(3), plan(30)), (at(5), plan(200))]
    );
}
