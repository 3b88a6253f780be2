//! The store's hot paths: what a restart costs before its first frame
//! with 100,000 stored headlines, and a batch of writes.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use tickwire::core::app::Msg;
use tickwire::core::app::Save;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::model::Headline;
use tickwire::core::news::Item;
use tickwire::core::signal::Judge;
use tickwire::store::{Retention, Store, Unparsed, Write};
use tickwire::tui::supply::RESTORE_CHUNK;

const STORED: usize = 100_000;

fn stories(from: usize, n: usize) -> Vec<Write> {
    let judge = Judge::builtin();
    let start = Utc.with_ymd_and_hms(2025, 1, 20, 0, 0, 0).unwrap();
    (from..from + n)
        .map(|i| {
            let at = start + chrono::Duration::seconds(i as i64 * 5);
            let h = Headline {
                id: format!("feed-{}:{i}", i % 100),
                title: format!("Nvidia and TSMC weigh AI chip demand as story {i} unfolds"),
                link: Some(format!("https://news.example/{}/{i}", i % 100)),
                source: format!("Feed {}", i % 100),
                published: Some(at),
                first_seen: at,
                summary: "What the market made of it, in a sentence or two.".into(),
            };
            Write::Save(Save::Story(Box::new(Item::judged(h, &judge))))
        })
        .collect()
}

fn retention() -> Retention {
    Retention {
        max_age: Duration::from_secs(3650 * 86_400),
        max_headlines: 1_000_000,
    }
}

fn restart(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), retention()).unwrap();
    for chunk in 0..STORED / 10_000 {
        store.write(&stories(chunk * 10_000, 10_000)).unwrap();
    }
    drop(store);
    let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
    // As the monitor starts: all loaded, the newest chunk restored before
    // the first frame (the rest follow between frames).
    c.bench_function(
        "restart: open + load + first chunk into state, 100k stored",
        |b| {
            b.iter(|| {
                let store = Store::open(dir.path(), retention()).unwrap();
                let (mut restored, mut stories, _) =
                    store.load_deferred(State::DEFAULT_MAX_ITEMS).unwrap();
                stories.truncate(RESTORE_CHUNK);
                restored.stories = stories.into_iter().map(Unparsed::parse).collect();
                let mut state = State::new(&[], now);
                update(
                    &mut state,
                    Msg::Restored {
                        restored,
                        live: false,
                    },
                    now,
                );
                state.items().len()
            })
        },
    );
    let mut store = Store::open(dir.path(), retention()).unwrap();
    let mut next = STORED;
    c.bench_function("store: one poll's batch of 50 new stories", |b| {
        b.iter(|| {
            store.write(&stories(next, 50)).unwrap();
            next += 50;
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = restart
}
criterion_main!(benches);
