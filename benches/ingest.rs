//! Ingest and the monitor at scale: the dedupe index and the state taking
//! one feed's batch at 10k and 100k stories, one frame of 10k headlines at
//! 200×60, and at 100k headlines the first frame and filter keystrokes to
//! their redrawn frames.

use std::collections::VecDeque;
use std::hint::black_box;

use chrono::{Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tickwire::core::app::Restored;
use tickwire::core::app::State;
use tickwire::core::app::update;
use tickwire::core::app::{Action, Msg};
use tickwire::core::model::{FetchReport, Headline, SourceKind, Timestamp};
use tickwire::core::news::Item;
use tickwire::core::news::StoryIndex;
use tickwire::core::news::{Story, StoryBook};
use tickwire::core::signal::Judge;
use tickwire::tui::keymap::Keymap;
use tickwire::tui::supply::RESTORE_CHUNK;
use tickwire::tui::ui::{Theme, view};

/// A small shared vocabulary, as market headlines have: `;`-separated.
const WHO: &str =
    "Nvidia;Microsoft;Alphabet;Meta;Amazon;Apple;TSMC;Broadcom;AMD;Oracle;Intel;Samsung";
const DOES: &str = "raises;cuts;unveils;expands;warns on;bets on;delays;probes;sells";
const WHAT: &str = "AI chips;data centres;guidance;cloud revenue;its chatbot;buyback;export curbs;GPU supply;ad revenue;capex;inference pricing";

/// The `n`th word (cycling) of a `;`-separated list.
fn word(list: &str, n: usize) -> &str {
    let words: Vec<&str> = list.split(';').collect();
    words[n % words.len()]
}

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2025, 1, 28, 0, 0, 0).unwrap()
}

/// Headline `i`: shared vocabulary, a distinct number, a minute apart.
fn headline(i: usize) -> Headline {
    let at = now() - Duration::minutes(200_000) + Duration::minutes(i as i64);
    Headline {
        id: format!("h{i}"),
        title: format!(
            "{} {} {} as {} {} {} ({i})",
            word(WHO, i),
            word(DOES, i),
            word(WHAT, i),
            word(WHO, i / 12),
            word(DOES, i / 7),
            word(WHAT, i / 5)
        ),
        link: Some(format!("https://desk.example/{i}")),
        source: format!("Desk {}", i % 50),
        published: Some(at),
        first_seen: at,
        summary: String::new(),
    }
}

fn fetched(from: usize, n: usize) -> Msg {
    Msg::HeadlinesFetched {
        report: FetchReport::new(SourceKind::Feed, "Desk 0", "http://127.0.0.1/", now()),
        headlines: (from..from + n).map(headline).collect(),
        skipped: 0,
    }
}

fn dedupe(c: &mut Criterion) {
    let mut group = c.benchmark_group("dedupe");
    for n in [10_000, 100_000] {
        let mut index = StoryIndex::new(StoryBook::STORY_WINDOW_SECS);
        let mut held: VecDeque<String> = VecDeque::new();
        for i in 0..n {
            let h = headline(i);
            index.assign(&h);
            held.push_back(h.id);
        }
        let mut next = n;
        group.bench_function(format!("assign one new headline at {n} stories"), |b| {
            b.iter(|| {
                let h = headline(next);
                next += 1;
                black_box(index.assign(&h));
                held.push_back(h.id);
                index.forget(&held.pop_front().expect("full"));
            })
        });
    }
    group.finish();
}

fn state(c: &mut Criterion) {
    let mut group = c.benchmark_group("state");
    for n in [10_000, 100_000] {
        let mut s = State::new(&[], now()).with_max_items(n);
        for from in (0..n).step_by(1_000) {
            update(&mut s, fetched(from, 1_000), now());
        }
        let mut next = n;
        group.bench_function(format!("one feed's 50 new headlines at {n} stories"), |b| {
            b.iter_batched(
                || {
                    next += 50;
                    fetched(next - 50, 50)
                },
                |msg| update(&mut s, msg, now()),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn frame(state: &State, terminal: &mut Terminal<TestBackend>) {
    let (theme, keymap) = (Theme::colour(), Keymap::default());
    terminal
        .draw(|f| drop(view(state, &theme, &keymap, f)))
        .unwrap();
}

fn monitor(c: &mut Criterion) {
    let mut group = c.benchmark_group("monitor");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut s = State::new(&[], now());
    update(&mut s, fetched(0, 10_000), now());
    group.bench_function("one frame, 200×60, 10k headlines", |b| {
        b.iter(|| frame(&s, &mut terminal))
    });

    // Newest first, as the store loads them, each with the judgement it
    // was stored with. The monitor restores the newest chunk before its
    // first frame, the rest a chunk between frames.
    let judge = Judge::builtin();
    let stories: Vec<_> = (0..100_000)
        .rev()
        .map(|i| {
            let item = Item::judged(headline(i), &judge);
            Story {
                verdict: Some(item.verdict()),
                headline: item.headline,
                sources: vec![format!("Desk {}", i % 50)],
            }
        })
        .collect();
    let restored = |chunk: &[Story]| Msg::Restored {
        restored: Restored {
            stories: chunk.to_vec(),
            ..Restored::default()
        },
        live: false,
    };
    group.bench_function("first frame with 100k stored headlines", |b| {
        b.iter_batched(
            || restored(&stories[..RESTORE_CHUNK]),
            |msg| {
                let mut s = State::new(&[], now());
                update(&mut s, msg, now());
                frame(&s, &mut terminal);
            },
            BatchSize::LargeInput,
        )
    });
    let (newest, oldest) = stories.split_at(stories.len() - RESTORE_CHUNK);
    let mut s = State::new(&[], now());
    update(&mut s, restored(newest), now());
    group.bench_function("a later chunk restored between frames, at 98k", |b| {
        b.iter_batched(
            || (s.clone(), restored(oldest)),
            |(mut s, msg)| {
                update(&mut s, msg, now());
                s // dropped outside the timing
            },
            BatchSize::LargeInput,
        )
    });
    update(&mut s, restored(oldest), now());
    update(&mut s, Msg::Action(Action::OpenFilter), now());
    // Keystrokes in pairs, each to its redrawn frame: one that types,
    // then backspace. From an empty query both go through every headline.
    let mut keystrokes = |name: &str, s: &mut State, typed: char| {
        group.bench_function(name, |b| {
            let mut typing = true;
            b.iter(|| {
                let key = if typing {
                    Action::FilterInput(typed)
                } else {
                    Action::FilterBackspace
                };
                typing = !typing;
                update(s, Msg::Action(key), now());
                frame(s, &mut terminal);
            })
        });
    };
    // The worst first character: in no title, so every title is searched
    // to its end.
    keystrokes(
        "filter: first character and backspace, 100k headlines",
        &mut s,
        'z',
    );
    // "a" keeps most headlines; "ai" narrows it, backspace goes back.
    update(&mut s, Msg::Action(Action::FilterInput('a')), now());
    keystrokes(
        "filter: a character more and backspace, 100k headlines",
        &mut s,
        'i',
    );
    // An exclusion widens as it grows: "-nvidi" → "-nvidia" re-matches
    // every headline, and backspace searches most of them again.
    let retype = |s: &mut State, text: &str| {
        update(s, Msg::Action(Action::FilterClearLine), now());
        for c in text.chars() {
            update(s, Msg::Action(Action::FilterInput(c)), now());
        }
    };
    retype(&mut s, "-nvidi");
    keystrokes(
        "filter: a character more in an exclusion and backspace, 100k headlines",
        &mut s,
        'a',
    );
    // A headline arrives between keystrokes: the kept results follow it.
    retype(&mut s, "nvidia");
    update(&mut s, fetched(100_000, 1), now());
    group.bench_function("filter: backspace after an arrival, 100k headlines", |b| {
        b.iter_batched(
            || s.clone(),
            |mut s| {
                update(&mut s, Msg::Action(Action::FilterBackspace), now());
                frame(&s, &mut terminal);
                s // dropped outside the timing
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = dedupe, state, monitor
}
criterion_main!(benches);
