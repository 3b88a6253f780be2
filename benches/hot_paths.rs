//! The hot paths: judging headlines (AI marking + ticker links), parsing a
//! feed body, filtering, and folding live trades into the board. Judging is
//! timed on the thread's CPU clock, so its figure is per core.

use std::hint::black_box;
use std::time::Duration;
use tickwire::core::model::ProviderName;

use chrono::{TimeZone, Utc};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tickwire::core::model::Headline;
use tickwire::core::news::Item;
use tickwire::core::news::Query;
use tickwire::core::signal::FeedPrior;
use tickwire::core::signal::{HeadlineText, Judge};

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

/// Feeds, links and summaries written for the benchmark.
const CONTEXT: &[(&str, &str, &str)] = &[
    ("OpenAI News", "https://openai.com/index/a-new-model/", ""),
    (
        "Markets Desk",
        "https://markets.example/2025/01/27/yields-ease-as-investors-seek-safety",
        "Bond yields eased on Monday as investors moved into safer assets after a volatile session.",
    ),
    (
        "Hacker News",
        "https://github.com/example/project",
        "Article URL and comments.",
    ),
    (
        "NVIDIA Newsroom",
        "https://nvidianews.nvidia.com/news/new-systems",
        "The company announced new systems for data centers.",
    ),
];

/// Time on this thread's CPU clock: what the work costs one core, however
/// many other processes share the machine (wall time is not, on a busy box).
struct CpuTime;

static WALL: WallTime = WallTime;

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;
    fn start(&self) -> Duration {
        thread_cpu()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn judge(c: &mut Criterion<CpuTime>) {
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
    // What `classify` does with a plain title line (the same path).
    group.bench_function("in context: title only", |b| {
        b.iter(|| {
            for t in TITLES {
                let h = HeadlineText {
                    title: t,
                    ..HeadlineText::default()
                };
                black_box(judge.judge_in(black_box(&h), None));
            }
        })
    });
    // Title, feed, link and summary, the feed's record kept.
    group.bench_function("in context: title+source+link+summary", |b| {
        let mut record = FeedPrior::default();
        b.iter(|| {
            for (i, t) in TITLES.iter().enumerate() {
                let h = HeadlineText {
                    title: t,
                    source: CONTEXT[i % CONTEXT.len()].0,
                    link: Some(CONTEXT[i % CONTEXT.len()].1),
                    summary: CONTEXT[i % CONTEXT.len()].2,
                };
                black_box(judge.judge_in(black_box(&h), Some(&mut record)));
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
    let big = rss_with_html_descriptions(200);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("rss2 200 items, 1 KB HTML descriptions", |b| {
        b.iter(|| parse_feed(black_box(&big), "Big", now).unwrap().headlines)
    });
    let atom03 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fidelity_atom03.xml"
    ))
    .unwrap();
    group.throughput(Throughput::Bytes(atom03.len() as u64));
    group.bench_function("atom 0.3, 4 entries (normalized)", |b| {
        b.iter(|| {
            parse_feed(black_box(&atom03), "Old", now)
                .unwrap()
                .headlines
        })
    });
    group.finish();
}

/// A large feed of the common kind: escaped HTML in every description.
fn rss_with_html_descriptions(items: usize) -> Vec<u8> {
    let paragraph = "&lt;p&gt;Shares of &lt;a href=&quot;https://bench.example/q&quot;&gt;chip makers&lt;/a&gt; \
        moved &lt;b&gt;sharply&lt;/b&gt; as traders weighed the outlook &amp;amp; guidance.&lt;/p&gt;";
    let description = paragraph.repeat(6);
    let mut body =
        String::from(r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>"#);
    for i in 0..items {
        body += &format!(
            "<item><title>Headline {i}: why Vec&lt;T&gt; &amp;amp; chips matter</title>\
             <link>https://bench.example/{i}</link><guid>{i}</guid>\
             <pubDate>Mon, 27 Jan 2025 12:00:00 GMT</pubDate>\
             <description>{description}</description></item>"
        );
    }
    body += "</channel></rss>";
    body.into_bytes()
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

/// A flush of live trades for a 16-symbol board whose quotes each hold a
/// full day of one-minute bars: what one second of a busy stream costs.
fn trades(c: &mut Criterion) {
    use tickwire::core::app::Msg;
    use tickwire::core::app::State;
    use tickwire::core::app::update;
    use tickwire::core::model::{Quote, SourceKind, Trade};

    // Monday 27 Jan 2025, 15:00 UTC: the regular session.
    let open = Utc.with_ymd_and_hms(2025, 1, 27, 15, 0, 0).unwrap();
    let symbols: Vec<String> = (0..16).map(|i| format!("SYM{i}")).collect();
    let mut state = State::new(&symbols, open);
    for sym in &symbols {
        let start = open.timestamp() - 960 * 60;
        let points = (0..960)
            .map(|i| (start + i * 60, 100.0 + (i % 7) as f64))
            .collect();
        let quote = Quote::regular(sym, 100.0, Some(99.0), open, points);
        let report = tickwire::core::model::FetchReport::new(SourceKind::Quotes, sym, "", open);
        update(&mut state, Msg::QuoteReceived { report, quote }, open);
    }
    let mut second = 0i64;
    c.bench_function("trades: flush of 16 symbols into the board", |b| {
        b.iter(|| {
            second += 1;
            let at = open + chrono::Duration::seconds(second);
            let trades = symbols
                .iter()
                .map(|s| Trade {
                    symbol: s.clone(),
                    price: 100.0 + (second % 5) as f64,
                    at,
                    open_24h: None,
                })
                .collect();
            let msg = Msg::TradesReceived {
                provider: ProviderName::FINNHUB,
                trades,
            };
            black_box(update(&mut state, msg, at));
        })
    });
}

criterion_group!(benches, parse, filter, trades);
criterion_group! {
    name = per_core;
    config = Criterion::default().with_measurement(CpuTime);
    targets = judge
}
criterion_main!(per_core, benches);
