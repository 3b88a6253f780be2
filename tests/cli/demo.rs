//! The embedded DeepSeek-week demo: what `snapshot --demo --at` shows on
//! the shock day and the Friday before, the holiday, and that the
//! checked-in file is what the script makes from the corpus: prices as
//! recorded, headlines in our own words.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::process::Command as Process;

use serde_json::Value;
use tickwire::event::EventKind;

use crate::support::doc::quote;
use crate::support::system::PYTHON3;
use crate::support::{corpus, json_stdout};

fn snapshot_at(at: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("tickwire")
        .unwrap()
        .env_remove("TICKWIRE_CONFIG")
        .arg("--data-dir")
        .arg(dir.path())
        .args(["snapshot", "--json", "--demo", "--at", at])
        .output()
        .unwrap();
    let doc = json_stdout(&out);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| {
            let name = e.unwrap().file_name();
            !name.to_string_lossy().starts_with("tickwire.db")
        }),
        "the demo never opens the store"
    );
    doc
}

#[test]
fn the_shock_days_close_nvidia_down_17_and_the_deepseek_news_linked_to_it() {
    let doc = snapshot_at("2025-01-27T21:30:00Z");
    assert_eq!(doc["generated_at"], "2025-01-27T21:30:00Z");
    let nvda = quote(&doc, "NVDA");
    assert_eq!(nvda["change_pct"], -16.97);
    assert!((nvda["price"].as_f64().unwrap() - 118.3876).abs() < 1e-3);
    assert!((nvda["prev_close"].as_f64().unwrap() - 142.581).abs() < 1e-3);
    assert_eq!(nvda["as_of"], "2025-01-27T21:00:00Z");
    // The red board: the chip names fell hard.
    for (symbol, below) in [("AVGO", -15.0), ("TSM", -10.0), ("QQQ", -2.0)] {
        let pct = quote(&doc, symbol)["change_pct"].as_f64().unwrap();
        assert!(pct < below, "{symbol} {pct}");
    }
    let deepseek_on_nvda: Vec<&Value> = doc["headlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            h["title"].as_str().unwrap().contains("DeepSeek")
                && h["ai"] == true
                && h["tickers"].as_array().unwrap().contains(&"NVDA".into())
        })
        .collect();
    assert!(deepseek_on_nvda.len() >= 2, "{doc:#}");
    for h in &deepseek_on_nvda {
        let moves = h["moves"].as_array().unwrap();
        assert_eq!(moves[0]["symbol"], "NVDA", "{h}");
        assert!(moves[0]["since_pct"].as_f64().unwrap() < -5.0, "{h}");
        assert!(h["link"].as_str().unwrap().starts_with("https://"));
    }
    // News from before the open is measured from Friday's close.
    assert!(
        deepseek_on_nvda
            .iter()
            .any(|h| h["moves"][0]["since_pct"] == -16.97)
    );
}

/// Why is NVDA moving: the open's gap of -10% or worse, explained by a
/// DeepSeek headline published before it; on Tuesday the rebound is a
/// move too. (No linked news, an empty `why`: `core::app::why`'s tests.)
#[test]
fn the_shock_days_gap_is_explained_by_the_deepseek_news_before_it() {
    let doc = snapshot_at("2025-01-27T21:30:00Z");
    let moves = doc["moves"].as_array().unwrap();
    let nvda = moves
        .iter()
        .find(|m| m["symbol"] == "NVDA")
        .expect("NVDA moved");
    assert!(nvda["change_pct"].as_f64().unwrap() <= -10.0, "{nvda}");
    let why = nvda["why"].as_array().unwrap();
    assert!(
        why.iter()
            .any(|w| w["title"].as_str().unwrap().contains("DeepSeek")
                && w["lead_s"].as_i64().unwrap() > 0),
        "{nvda}"
    );
    let tuesday = snapshot_at("2025-01-28T21:30:00Z");
    let rebound = tuesday["moves"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["symbol"] == "NVDA")
        .expect("the rebound is a move");
    assert!(rebound["change_pct"].as_f64().unwrap() > 2.0, "{rebound}");
}

/// The recording names where its prices came from; a replay says so too,
/// never a made-up "other".
#[test]
fn the_demo_quotes_keep_the_name_of_their_bars() {
    let doc = snapshot_at("2025-01-27T21:30:00Z");
    let providers: Vec<&str> = doc["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["provider"].as_str().unwrap())
        .collect();
    assert!(!providers.is_empty());
    assert!(
        providers.iter().all(|p| p.ends_with(" bars")),
        "{providers:?}"
    );
}

#[test]
fn the_friday_before_closes_without_the_shock() {
    let doc = snapshot_at("2025-01-24T21:30:00Z");
    let nvda = quote(&doc, "NVDA");
    assert!((nvda["price"].as_f64().unwrap() - 142.581).abs() < 1e-3);
    assert_eq!(nvda["change_pct"], -3.12);
    let titles: Vec<&str> = doc["headlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["published"].as_str().unwrap_or("2025-01-21"))
        .collect();
    assert!(titles.iter().all(|p| p < &"2025-01-25"), "{titles:?}");
}

#[test]
fn martin_luther_king_day_is_no_trading_day() {
    let doc = snapshot_at("2025-01-20T16:00:00Z");
    for q in doc["quotes"].as_array().unwrap() {
        assert_eq!(q["market_state"], "closed", "{q}");
        assert!(q["as_of"].as_str().unwrap() < "2025-01-18", "{q}");
    }
}

fn demo_lines() -> Vec<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(tickwire::event::demo::DEMO_GZ)
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(str::to_string).collect()
}

#[test]
fn the_checked_in_demo_is_what_the_script_makes_from_the_corpus() {
    let Some(corpus) = corpus() else {
        return;
    };
    let Some(python) = PYTHON3.find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.jsonl.gz");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/make_demo.py");
    let run = Process::new(python)
        .arg(script)
        .arg("--corpus")
        .arg(corpus.join("deepseek-week"))
        .arg("--out")
        .arg(&out)
        .output();
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            PYTHON3.missing(&format!("not runnable ({e})"));
            return;
        }
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut made = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&out).unwrap())
        .read_to_string(&mut made)
        .unwrap();
    let made: Vec<&str> = made.lines().collect();
    assert_eq!(made.len(), demo_lines().len());
    for (i, (a, b)) in made.iter().zip(demo_lines()).enumerate() {
        assert_eq!(*a, b, "line {}: run scripts/make_demo.py", i + 1);
    }
}

fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn headlines_are_reworded_and_prices_are_the_corpus_own() {
    let Some(corpus) = corpus() else {
        return;
    };
    let dir = corpus.join("deepseek-week");
    let recording = tickwire::event::demo::recording();
    assert_eq!(recording.skipped.total(), 0);
    let mut titles = Vec::new();
    let mut prices: HashMap<String, Vec<f64>> = HashMap::new();
    for event in &recording.events {
        match &event.kind {
            EventKind::Headlines { headlines, .. } => {
                titles.extend(headlines.iter().map(|h| normalized(&h.title)))
            }
            EventKind::Quote { quote, .. } => {
                let shown = prices.entry(quote.symbol.clone()).or_default();
                shown.extend(quote.series.points.iter().map(|(_, p)| *p));
                if quote.market_state != tickwire::core::model::MarketState::Pre {
                    shown.push(quote.price);
                }
            }
            _ => {}
        }
    }
    let timeline = std::fs::read_to_string(dir.join("timeline.tsv")).unwrap();
    let originals: Vec<String> = timeline
        .lines()
        .skip(1)
        .map(|l| normalized(l.split('\t').nth(2).unwrap()))
        .collect();
    assert_eq!(titles.len(), originals.len(), "every event of the week");
    for original in &originals {
        for ours in &titles {
            assert!(
                !ours.contains(original.as_str()),
                "{ours:?} copies {original:?}"
            );
        }
    }
    let csv = std::fs::read_to_string(dir.join("prices.csv")).unwrap();
    let mut recorded: HashMap<&str, HashSet<u64>> = HashMap::new();
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let set = recorded.entry(cols[0]).or_default();
        for c in &cols[2..6] {
            set.insert(c.parse::<f64>().unwrap().to_bits());
        }
    }
    for (symbol, shown) in &prices {
        for p in shown {
            assert!(
                recorded[symbol.as_str()].contains(&p.to_bits()),
                "{symbol} {p}"
            );
        }
    }
}
