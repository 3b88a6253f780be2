//! How well tickwire marks AI headlines and links tickers on real headlines,
//! measured the way a user runs it: JSON lines (title plus feed, and link
//! and summary where known) through `tickwire classify --json`.
//!
//! - `../shared/corpus/headlines/labeled.tsv`, split by time: the tuning half
//!   (before 2025-07-01, and the synthetic traps) is what the vocabulary was
//!   written beside; the checking half (from 2025-07-01) is the figure to trust.
//! - `tests/data/corpus_labels.tsv`: our own labels for the other real
//!   headlines in the corpus (feed captures, the DeepSeek-week timeline); the
//!   text is read from the corpus here, never copied into the repo.
//!
//! `cargo test --test signal eval_labeled -- --nocapture` prints the figures and
//! every miss. Targets: AI precision >= 0.97, recall >= 0.95, tickers exact
//! >= 0.95. Rules for labels and the split: docs/SIGNAL.md.

use std::collections::HashMap;
use std::path::Path;

use chrono::Utc;
use serde_json::{Value, json};
use tickwire::sources::feeds::parse_feed;

/// The checking half starts here (ISO dates compare as text).
const SPLIT: &str = "2025-07-01";

struct Case {
    id: String,
    input: Value,
    ai: bool,
    tickers: Vec<String>,
}

fn tickers(list: &str) -> Vec<String> {
    let mut t: Vec<String> = list
        .split(',')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect();
    t.sort();
    t
}

/// labeled.tsv as (tuning, checking): `id, source, date, title, ai, tickers, note`.
fn labeled(corpus: &Path) -> (Vec<Case>, Vec<Case>) {
    let text = std::fs::read_to_string(corpus.join("headlines/labeled.tsv")).unwrap();
    let (mut tuning, mut checking) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let source = if c[1] == "synthetic" { "" } else { c[1] };
        let case = Case {
            id: c[0].to_string(),
            input: json!({"title": c[3], "source": source}),
            ai: c[4] == "1",
            tickers: tickers(c[5]),
        };
        if c[2].is_empty() || c[2] < SPLIT {
            tuning.push(case);
        } else {
            checking.push(case);
        }
    }
    (tuning, checking)
}

/// Our rows: each names a corpus file and a headline in it.
fn new_rows(corpus: &Path) -> Vec<Case> {
    let labels = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus_labels.tsv"),
    )
    .unwrap();
    let mut feeds: HashMap<String, HashMap<String, Value>> = HashMap::new();
    let mut out = Vec::new();
    for line in labels.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let (file, key, feed) = (c[1], c[2], c[3]);
        let items = feeds
            .entry(file.to_string())
            .or_insert_with(|| read_items(&corpus.join(file), feed));
        let input = items
            .get(key)
            .unwrap_or_else(|| panic!("{}: {key} not found in {file}", c[0]))
            .clone();
        out.push(Case {
            id: c[0].to_string(),
            input,
            ai: c[4] == "1",
            tickers: tickers(c[5]),
        });
    }
    out
}

/// A corpus file's headlines by link, as JSON lines for classify: a feed
/// parsed as tickwire parses it, or the timeline's rows.
fn read_items(path: &Path, feed: &str) -> HashMap<String, Value> {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "tsv") {
        return String::from_utf8(bytes)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (
                    c[3].to_string(),
                    json!({"title": c[2], "source": c[1], "link": c[3]}),
                )
            })
            .collect();
    }
    parse_feed(&bytes, feed, Utc::now())
        .unwrap()
        .headlines
        .into_iter()
        .filter_map(|h| {
            let input =
                json!({"title": h.title, "source": feed, "link": h.link, "summary": h.summary});
            Some((h.link?, input))
        })
        .collect()
}

/// One verdict per case, from the real binary.
fn classify(cases: &[Case]) -> Vec<Value> {
    let input: String = cases.iter().map(|c| format!("{}\n", c.input)).collect();
    let verdicts = crate::support::classify_json(&input, None);
    assert_eq!(verdicts.len(), cases.len());
    verdicts
}

struct Scores {
    precision: f64,
    recall: f64,
    exact: f64,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

/// Print the figures and every miss of one set.
fn score(name: &str, cases: &[Case]) -> Scores {
    let verdicts = classify(cases);
    let (mut tp, mut fp, mut fneg, mut exact) = (0, 0, 0, 0);
    println!("\n== {name}");
    for (case, v) in cases.iter().zip(&verdicts) {
        let ai = v["ai"].as_bool().unwrap();
        let title = case.input["title"].as_str().unwrap();
        let by = &v["decided_by"];
        match (ai, case.ai) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                println!(
                    "AI false positive  {} {title:?} by={by} evidence={}",
                    case.id, v["evidence"]
                );
            }
            (false, true) => {
                fneg += 1;
                println!(
                    "AI false negative  {} {title:?} evidence={}",
                    case.id, v["evidence"]
                );
            }
            (false, false) => {}
        }
        let mut got: Vec<String> = v["tickers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        got.sort();
        if got == case.tickers {
            exact += 1;
        } else {
            println!(
                "tickers            {} {title:?} want={:?} got={got:?}",
                case.id, case.tickers
            );
        }
    }
    let s = Scores {
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fneg),
        exact: ratio(exact, cases.len()),
    };
    println!(
        "{name}: {} headlines ({} AI); ai precision {:.3} recall {:.3} (tp {tp}, fp {fp}, fn {fneg}); tickers exact {:.3} ({exact}/{})",
        cases.len(),
        tp + fneg,
        s.precision,
        s.recall,
        s.exact,
        cases.len()
    );
    s
}

fn assert_targets(name: &str, s: &Scores) {
    assert!(
        s.precision >= 0.97,
        "{name}: AI precision {:.3}",
        s.precision
    );
    assert!(s.recall >= 0.95, "{name}: AI recall {:.3}", s.recall);
    assert!(s.exact >= 0.95, "{name}: tickers exact {:.3}", s.exact);
}

#[test]
fn labeled_headlines_split_by_time_meet_the_targets() {
    let Some(corpus) = crate::support::corpus() else {
        return;
    };
    let (tuning, checking) = labeled(&corpus);
    let tuned = score("labeled.tsv tuning half (before 2025-07-01)", &tuning);
    let checked = score("labeled.tsv checking half (from 2025-07-01)", &checking);
    assert_targets("checking half", &checked);
    assert_targets("tuning half", &tuned);
}

#[test]
fn our_labels_of_other_corpus_headlines_meet_the_targets() {
    let Some(corpus) = crate::support::corpus() else {
        return;
    };
    let s = score("tests/data/corpus_labels.tsv", &new_rows(&corpus));
    assert_targets("new rows", &s);
}
