//! The scenario's documents: N feeds × M items of headline-shaped text
//! (RSS and Atom in turn, entities, CJK and emoji, 5% of titles carried
//! by a second feed) and a Yahoo-shaped chart per symbol. Deterministic:
//! the same arguments give the same bytes.

use chrono::{DateTime, Duration, Utc};

const COMPANIES: [&str; 24] = [
    "Nvidia",
    "Microsoft",
    "Alphabet",
    "Meta",
    "Amazon",
    "Apple",
    "TSMC",
    "Broadcom",
    "AMD",
    "ASML",
    "Arm",
    "Micron",
    "Oracle",
    "Palantir",
    "Tesla",
    "Intel",
    "Samsung",
    "OpenAI",
    "Anthropic",
    "DeepSeek",
    "SoftBank",
    "Baidu",
    "Alibaba",
    "Netflix",
];
const VERBS: [&str; 16] = [
    "raises",
    "cuts",
    "unveils",
    "beats estimates on",
    "misses on",
    "expands",
    "warns on",
    "bets on",
    "signs deal for",
    "delays",
    "doubles",
    "probes",
    "halts",
    "triples",
    "sells",
    "revives",
];
const OBJECTS: [&str; 20] = [
    "AI chips",
    "data centres",
    "quarterly guidance",
    "cloud revenue",
    "its chatbot",
    "a reasoning model",
    "share buyback",
    "hiring",
    "export curbs",
    "GPU supply",
    "chip packaging",
    "smartphone sales",
    "ad revenue",
    "robotaxi plans",
    "memory prices",
    "capex",
    "open-weight models",
    "power contracts",
    "the dividend",
    "inference pricing",
];
const TAILS: [&str; 14] = [
    ", analysts say",
    " as shares jump {n}%",
    " in ${n}bn deal",
    " after {n}% slide",
    " amid tariff fears",
    " ahead of earnings",
    " &amp; lifts outlook",
    " in Q{q} filing",
    " — S&amp;P 500 dips",
    " as rivals&#8217; lead narrows",
    " 🚀",
    " 📉 {n}%",
    "：英伟达股价上涨{n}%",
    "、ソフトバンク{n}%高",
];

/// A small, fast, seeded generator (xorshift64*): no dependency, same
/// sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// One item: its title (already XML-escaped) and when it was published.
struct Item {
    id: String,
    title: String,
    at: DateTime<Utc>,
}

fn title(rng: &mut Rng) -> String {
    let n = (1 + rng.below(40)).to_string();
    let q = (1 + rng.below(4)).to_string();
    format!(
        "{} {} {} as {} {} {}{}",
        rng.pick(&COMPANIES),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&COMPANIES),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&TAILS).replace("{n}", &n).replace("{q}", &q),
    )
}

/// Every feed's items, newest first; `extra[i]` newer items on top of
/// feed i (the "changed" phase).
pub struct Corpus {
    feeds: Vec<Vec<Item>>,
}

impl Corpus {
    pub fn generate(feeds: usize, items: usize, now: DateTime<Utc>) -> Corpus {
        let mut rng = Rng::new(13);
        let mut all: Vec<Vec<Item>> = (0..feeds)
            .map(|f| {
                (0..items)
                    .map(|i| Item {
                        id: format!("f{f}-{i}"),
                        title: title(&mut rng),
                        // Spread over two days, each feed at its own pace.
                        at: now - Duration::minutes((i * (5 + f % 50)) as i64 + f as i64),
                    })
                    .collect()
            })
            .collect();
        // 5% of items: another feed's story, retold with the wire's name.
        for f in 0..feeds {
            for i in 0..items {
                if feeds > 1 && rng.below(20) == 0 {
                    let other = (f + 1 + rng.below(feeds - 1)) % feeds;
                    let j = rng.below(items);
                    let copy = format!("{} - Wire {}", all[other][j].title, other % 7);
                    all[f][i].title = copy;
                    all[f][i].at = all[other][j].at;
                }
            }
        }
        Corpus { feeds: all }
    }

    pub fn len(&self) -> usize {
        self.feeds.len()
    }

    /// Add `n` new items on top of feed `f`.
    pub fn grow(&mut self, f: usize, n: usize, now: DateTime<Utc>, rng: &mut Rng) {
        for k in 0..n {
            let id = format!("f{f}-new{}", self.feeds[f].len() + k);
            let item = Item {
                id,
                title: title(rng),
                at: now + Duration::seconds(k as i64),
            };
            self.feeds[f].insert(0, item);
        }
    }

    /// Feed `f` as a document: RSS 2.0 for even feeds, Atom for odd ones.
    pub fn document(&self, f: usize) -> (Vec<u8>, &'static str) {
        let items = &self.feeds[f];
        if f.is_multiple_of(2) {
            (rss(f, items).into_bytes(), "application/rss+xml")
        } else {
            (atom(f, items).into_bytes(), "application/atom+xml")
        }
    }

    /// When feed `f` last changed (its newest item).
    pub fn modified(&self, f: usize) -> DateTime<Utc> {
        self.feeds[f].iter().map(|i| i.at).max().unwrap_or_default()
    }
}

fn summary(item: &Item) -> String {
    format!(
        "&lt;p&gt;{} &amp;mdash; the desk&#8217;s take, with &lt;b&gt;figures&lt;/b&gt; and a &lt;a href=\"https://desk.example/{}\"&gt;chart&lt;/a&gt;.&lt;/p&gt;",
        item.title, item.id
    )
}

fn rss(f: usize, items: &[Item]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Desk {f}</title><link>https://desk{f}.example/</link><description>Markets desk {f}</description>\n"
    );
    for item in items {
        out += &format!(
            "<item><title>{}</title><link>https://desk{f}.example/{}</link><guid isPermaLink=\"false\">{}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
            item.title,
            item.id,
            item.id,
            item.at.to_rfc2822(),
            summary(item)
        );
    }
    out + "</channel></rss>\n"
}

fn atom(f: usize, items: &[Item]) -> String {
    let updated = items.first().map(|i| i.at.to_rfc3339()).unwrap_or_default();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Desk {f}</title><id>urn:desk:{f}</id><updated>{updated}</updated><link href=\"https://desk{f}.example/\"/>\n"
    );
    for item in items {
        out += &format!(
            "<entry><title type=\"html\">{}</title><id>urn:desk:{f}:{}</id><link href=\"https://desk{f}.example/{}\"/><updated>{}</updated><summary type=\"html\">{}</summary></entry>\n",
            item.title,
            item.id,
            item.id,
            item.at.to_rfc3339(),
            summary(item)
        );
    }
    out + "</feed>\n"
}

/// A Yahoo v8 chart body for `symbol`: a regular session's minute bars.
pub fn chart(symbol: &str, now: DateTime<Utc>, seed: usize) -> Vec<u8> {
    let end = now.timestamp();
    let start = end - 390 * 60;
    let base = 50.0 + (seed * 37 % 400) as f64;
    let closes: Vec<String> = (0..390)
        .map(|i| format!("{:.2}", base + ((i * 7 + seed) % 23) as f64 * 0.1))
        .collect();
    let stamps: Vec<String> = (0..390).map(|i| (start + i * 60).to_string()).collect();
    format!(
        "{{\"chart\":{{\"result\":[{{\"meta\":{{\"currency\":\"USD\",\"symbol\":\"{symbol}\",\"exchangeName\":\"NMS\",\"regularMarketPrice\":{base:.2},\"regularMarketTime\":{end},\"chartPreviousClose\":{:.2},\"previousClose\":{:.2},\"currentTradingPeriod\":{{\"pre\":{{\"start\":{},\"end\":{start}}},\"regular\":{{\"start\":{start},\"end\":{end}}},\"post\":{{\"start\":{end},\"end\":{}}}}}}},\"timestamp\":[{}],\"indicators\":{{\"quote\":[{{\"close\":[{}]}}]}}}}],\"error\":null}}}}",
        base * 0.98,
        base * 0.98,
        start - 5 * 3600,
        end + 4 * 3600,
        stamps.join(","),
        closes.join(",")
    )
    .into_bytes()
}
