//! Evaluation of AI marking and ticker linking on the labelled real
//! headlines in `../shared/corpus/headlines/labeled.tsv`. Prints the
//! figures and every misclassified row (`cargo test --test eval_labeled -- --nocapture`)
//! and holds the targets: AI precision >= 0.97, recall >= 0.95,
//! ticker exact match >= 0.92.

mod common;

use std::collections::BTreeMap;

use tickwire::core::judge::Judge;

struct Row {
    id: String,
    title: String,
    ai: bool,
    tickers: Vec<String>,
}

fn load() -> Option<Vec<Row>> {
    let path = common::corpus()?.join("headlines/labeled.tsv");
    let text = std::fs::read_to_string(path).ok()?;
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                id: c[0].to_string(),
                title: c[3].to_string(),
                ai: c[4] == "1",
                tickers: c[5]
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
            }
        })
        .collect();
    Some(rows)
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

#[test]
fn ai_marking_and_ticker_links_meet_the_targets() {
    let Some(rows) = load() else { return };
    let judge = Judge::builtin();
    let (mut tp, mut fp, mut fneg, mut exact) = (0, 0, 0, 0);
    // Per ticker: (true positives, false positives, false negatives).
    let mut per_ticker: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for row in &rows {
        let (rel, tickers) = judge.judge(&row.title);
        match (rel.ai, row.ai) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                println!(
                    "AI false positive  {} {:?} terms={:?}",
                    row.id, row.title, rel.terms
                );
            }
            (false, true) => {
                fneg += 1;
                println!("AI false negative  {} {:?}", row.id, row.title);
            }
            (false, false) => {}
        }
        let mut got = tickers.clone();
        got.sort();
        let mut want = row.tickers.clone();
        want.sort();
        if got == want {
            exact += 1;
        } else {
            println!(
                "tickers            {} {:?} want={want:?} got={got:?}",
                row.id, row.title
            );
        }
        for t in &got {
            let e = per_ticker.entry(t.clone()).or_default();
            if want.contains(t) { e.0 += 1 } else { e.1 += 1 }
        }
        for t in want.iter().filter(|t| !got.contains(t)) {
            per_ticker.entry(t.clone()).or_default().2 += 1;
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fneg);
    let f1 = 2.0 * precision * recall / (precision + recall);
    let exact_match = ratio(exact, rows.len());
    println!("\n{} headlines", rows.len());
    println!(
        "ai: precision {precision:.3} recall {recall:.3} F1 {f1:.3} (tp {tp}, fp {fp}, fn {fneg})"
    );
    println!(
        "tickers: exact match {exact_match:.3} ({exact}/{})",
        rows.len()
    );
    for (t, (tp, fp, fneg)) in &per_ticker {
        println!(
            "  {t:<6} precision {:.2} recall {:.2}",
            ratio(*tp, tp + fp),
            ratio(*tp, tp + fneg)
        );
    }
    assert!(precision >= 0.97, "AI precision {precision:.3}");
    assert!(recall >= 0.95, "AI recall {recall:.3}");
    assert!(exact_match >= 0.92, "ticker exact match {exact_match:.3}");
}
