//! The hot paths: judging headlines (AI marking + ticker links), parsing a
//! feed body, and rendering a frame.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tickwire::core::filter::Query;
use tickwire::core::judge::Judge;
use tickwire::core::model::Headline;
use tickwire::core::state::Item;

use tickwire::sources::feeds::parse_feed;

/// Headlines written for the benchmark: a mix of AI, market and unrelated.
const TITLES: &[&str] = &[
    "Nvidia slides 17% as DeepSeek's cheap model rattles the AI trade",
    "Treasury yields ease as investors seek safety",
    "Broadcom and TSMC drop in sympathy with chip peers",
    "Meta says its Llama models will keep spending high",
    "Air India adds flights as travel demand recovers",
    "Gemini horoscope: a week for bold career moves",
    "Microsoft's Copilot gets a reasoning mode",
    "Oil steadies after a volatile week in energy markets",
    "Why $SMCI ripped today after the earnings call",
    "Apple harvest in the valley hit by an early frost",
];

fn judge(c: &mut Criterion) {
    let judge = Judge::builtin();
    let mut group = c.benchmark_group("judge");
    group.throughput(Throughput::Elements(TITLES.len() as u64));
    group.bench_function("classify+link", |b| {
        b.iter(|| {
            for t in TITLES {
                black_box(judge.judge(black_box(t)));
            }
        })
    });
    group.bench_function("classify", |b| {
        b.iter(|| {
            for t in TITLES {
                black_box(judge.ai.classify(black_box(t)));
            }
        })
    });
    group.bench_function("link", |b| {
        b.iter(|| {
            for t in TITLES {
                black_box(judge.linker.link(black_box(t)));
            }
        })
    });
    group.finish();
}

fn parse(c: &mut Criterion) {
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/feed_desk.xml"
    ))
    .unwrap();
    let now = Utc.with_ymd_and_hms(2025, 1, 28, 0, 0, 0).unwrap();
    let mut group = c.benchmark_group("parse_feed");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("rss2 5 items", |b| {
        b.iter(|| parse_feed(black_box(&body), "Desk", now).unwrap().headlines)
    });
    group.finish();
}

/// One keystroke's worth of filtering over 100,000 judged headlines.
fn filter(c: &mut Criterion) {
    let judge = Judge::builtin();
    let now = Utc.with_ymd_and_hms(2025, 1, 28, 0, 0, 0).unwrap();
    let items: Vec<Item> = (0..100_000)
        .map(|i| {
            let headline = Headline {
                id: format!("h{i}"),
                title: format!("{} #{i}", TITLES[i % TITLES.len()]),
                link: None,
                source: ["Desk Wire", "Tech Daily", "Markets Now"][i % 3].to_string(),
                published: Some(now - chrono::Duration::minutes(i as i64)),
                first_seen: now,
                summary: String::new(),
            };
            Item::judged(headline, &judge)
        })
        .collect();
    let mut group = c.benchmark_group("filter");
    group.throughput(Throughput::Elements(items.len() as u64));
    for query in [
        "deepseek",
        "ai:yes $NVDA -gemini",
        "source:desk age:<2h \"AI trade\"",
    ] {
        group.bench_function(format!("100k: {query}"), |b| {
            b.iter(|| {
                let q = Query::parse(black_box(query));
                items.iter().filter(|i| q.matches(i, now)).count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, judge, parse, filter);
criterion_main!(benches);
