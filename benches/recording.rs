//! What recording costs the monitor's loop (turning a message into an
//! event: a clone) and its writer thread (one JSON line), and what a
//! replay costs: reading lines, loading the demo, jumping back in it.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tickwire::core::app::Msg;
use tickwire::core::model::{FetchReport, Headline, Quote, SourceKind};
use tickwire::event::{Event, Recording, decode_line, encode_line};

/// A Yahoo poll in the afternoon: 390 one-minute bars.
fn quote_msg() -> Msg {
    let open = Utc.with_ymd_and_hms(2025, 1, 27, 14, 30, 0).unwrap();
    let points = (0..390)
        .map(|i| (open.timestamp() + i * 60, 124.8 - i as f64 * 0.017))
        .collect();
    Msg::QuoteReceived {
        report: FetchReport::new(SourceKind::Quotes, "NVDA", "https://example.com/q", open),
        quote: Quote::regular("NVDA", 118.42, Some(142.62), open, points),
    }
}

/// A feed poll: 40 headlines with a summary each.
fn headlines_msg() -> Msg {
    let at = Utc.with_ymd_and_hms(2025, 1, 27, 14, 30, 0).unwrap();
    let headlines = (0..40)
        .map(|i| Headline {
            id: format!("wire-{i}"),
            title: format!("Chip stocks move as traders weigh story number {i}"),
            link: Some(format!("https://news.example.com/markets/{i}")),
            source: "Wire".into(),
            published: Some(at),
            first_seen: at,
            summary: "A paragraph of summary text, as feeds carry it. ".repeat(4),
        })
        .collect();
    Msg::HeadlinesFetched {
        report: FetchReport::new(SourceKind::Feed, "Wire", "https://example.com/rss", at),
        headlines,
        skipped: 0,
    }
}

fn record(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2025, 1, 27, 20, 30, 0).unwrap();
    let mut group = c.benchmark_group("record");
    group.throughput(Throughput::Elements(1));
    for (name, msg) in [
        ("quote_390_bars", quote_msg()),
        ("headlines_40", headlines_msg()),
    ] {
        group.bench_function(format!("tee/{name}"), |b| {
            b.iter(|| black_box(Event::from_msg(black_box(&msg), now)))
        });
        let event = Event::from_msg(&msg, now).unwrap();
        group.bench_function(format!("encode/{name}"), |b| {
            b.iter(|| black_box(encode_line(black_box(&event))))
        });
        let line = encode_line(&event);
        group.bench_function(format!("decode/{name}"), |b| {
            b.iter(|| black_box(decode_line(black_box(&line), &mut 0)))
        });
    }
    group.finish();
}

fn replay_demo(c: &mut Criterion) {
    let mut group = c.benchmark_group("demo");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| black_box(Recording::from_bytes(tickwire::event::demo::DEMO_GZ)))
    });
    let config = tickwire::config::parse("", "bench.toml").unwrap();
    let mut app = tickwire::wiring::App::build(config, &|_| None).unwrap();
    let playback =
        tickwire::wiring::playback::prepare(&mut app, tickwire::event::demo::recording(), None);
    let close = Utc.with_ymd_and_hms(2025, 1, 27, 21, 30, 0).unwrap();
    let start = Utc.with_ymd_and_hms(2025, 1, 13, 14, 30, 0).unwrap();
    group.bench_function("seek_back_and_to_the_shock", |b| {
        b.iter(|| {
            let (mut s, mut r) = (playback.state.clone(), playback.replayer.clone());
            r.seek(&mut s, start);
            r.seek(&mut s, close);
            black_box(s.rev)
        })
    });
    group.finish();
}

criterion_group!(benches, record, replay_demo);
criterion_main!(benches);
