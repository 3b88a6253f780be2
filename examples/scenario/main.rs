//! The ingest scenario (docs/PERFORMANCE.md): N feeds × M items and K
//! Yahoo-shaped charts served from 127.0.0.1 … 127.0.0.H with
//! ETag/Last-Modified/304; tickwire's snapshot measured cold, steady and
//! changed (10% of feeds gained 3 items), beside `newsboat -x reload` and
//! a parallel `curl` of the same URLs when they are installed; one table
//! with the ratios. Run through `scripts/scenario.sh`.

mod clients;
mod feeds;
mod serve;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Duration, Utc};
use clap::Parser;

use clients::Run;
use feeds::{Corpus, Rng};
use serve::{Doc, Site, Tally};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 500)]
    feeds: usize,
    #[arg(long, default_value_t = 50)]
    items: usize,
    /// Watched symbols (the default watchlist has 16).
    #[arg(long, default_value_t = 16)]
    symbols: usize,
    /// Loopback addresses the feeds are spread over.
    #[arg(long, default_value_t = 32)]
    hosts: usize,
    /// The tickwire binary (default: the one built beside this example).
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Only tickwire, no newsboat or curl.
    #[arg(long)]
    alone: bool,
    /// Keep the configs, data dirs and each client's stderr here (else a
    /// temporary dir): to profile or look at a run afterwards.
    #[arg(long)]
    work: Option<PathBuf>,
}

const WATCHLIST: [&str; 16] = [
    "NVDA", "MSFT", "GOOGL", "META", "AMZN", "AAPL", "TSM", "AVGO", "AMD", "ASML", "ARM", "MU",
    "ORCL", "PLTR", "SMCI", "QQQ",
];

const PHASES: [&str; 3] = ["cold", "steady", "changed"];

struct Row {
    client: &'static str,
    phase: &'static str,
    run: Run,
    tally: Tally,
}

/// Serve the corpus as it is now.
fn publish(site: &Site, corpus: &Corpus) {
    let docs = (0..corpus.len())
        .map(|f| {
            let (body, kind) = corpus.document(f);
            Doc::new(body, kind, corpus.modified(f))
        })
        .collect();
    *site.feeds.write().unwrap() = docs;
}

/// 10% of the feeds gain 3 items.
fn change(site: &Site, corpus: &mut Corpus) {
    let mut rng = Rng::new(31);
    let now = Utc::now();
    for f in (0..corpus.len()).step_by(10) {
        corpus.grow(f, 3, now, &mut rng);
    }
    publish(site, corpus);
}

fn main() -> std::process::ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some(clients::TRAMPOLINE) {
        return clients::trampoline(&argv[2..]);
    }
    let args = Args::parse();
    let bin = args.bin.clone().unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("own path");
        exe.parent()
            .and_then(|d| d.parent())
            .expect("target dir")
            .join("tickwire")
    });
    let temp = tempfile::tempdir().expect("temp dir");
    let work = args
        .work
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    for dir in ["tickwire", "newsboat", "curl"] {
        // Cold means cold: nothing left from an earlier run.
        let _ = std::fs::remove_dir_all(work.join(dir));
    }
    std::fs::create_dir_all(work.join("tickwire")).expect("work dir");
    let now = Utc::now() - Duration::minutes(1);
    let symbols: Vec<&str> = WATCHLIST
        .iter()
        .copied()
        .cycle()
        .take(args.symbols.min(16))
        .collect();
    let site = Arc::new(Site::default());
    *site.charts.write().unwrap() = symbols
        .iter()
        .enumerate()
        .map(|(i, s)| (s.to_string(), feeds::chart(s, now, i)))
        .collect();
    let bases = serve::start(site.clone(), args.hosts.max(1));
    let urls: Vec<String> = (0..args.feeds)
        .map(|f| format!("{}/feed/{f}", bases[f % bases.len()]))
        .collect();
    let config = work.join("tickwire.toml");
    std::fs::write(&config, tickwire_config(&urls, &symbols, &bases[0])).unwrap();
    let fresh = || Corpus::generate(args.feeds, args.items, now);
    println!(
        "scenario: {} feeds × {} items = {} items, {} symbols, {} loopback hosts",
        args.feeds,
        args.items,
        args.feeds * args.items,
        symbols.len(),
        bases.len()
    );
    site.take();

    let mut rows = Vec::new();
    let mut phases = |client: &'static str, run: &mut dyn FnMut(&'static str) -> Run| {
        let mut corpus = fresh();
        publish(&site, &corpus);
        for phase in PHASES {
            if phase == "changed" {
                change(&site, &mut corpus);
            }
            site.take();
            let run = run(phase);
            eprintln!("{client} {phase}: {:.3} s", run.wall.as_secs_f64());
            rows.push(Row {
                client,
                phase,
                run,
                tally: site.take(),
            });
        }
    };
    let data = work.join("tickwire");
    phases("tickwire", &mut |_| clients::tickwire(&bin, &config, &data));
    if !args.alone && clients::installed("newsboat") {
        let home = work.join("newsboat");
        phases("newsboat", &mut |phase| {
            if phase == "steady" {
                // newsboat sends the validators it learned from its second
                // reload on: one unmeasured reload first.
                clients::newsboat(&home, &urls);
                site.take();
            }
            clients::newsboat(&home, &urls)
        });
    }
    if !args.alone && clients::installed("curl") {
        let dir = work.join("curl");
        let etags = |site: &Site| {
            site.feeds
                .read()
                .unwrap()
                .iter()
                .map(|d| d.etag.clone())
                .collect::<Vec<_>>()
        };
        let mut known: Option<Vec<String>> = None;
        phases("curl", &mut |phase| {
            let run = clients::curl(&dir, &urls, known.as_deref());
            if phase == "cold" {
                known = Some(etags(&site));
            }
            run
        });
    }
    print_table(&rows);
    print_ratios(&rows);
    std::process::ExitCode::SUCCESS
}

fn tickwire_config(urls: &[String], symbols: &[&str], quotes: &str) -> String {
    let mut text = format!(
        "[watchlist]\nsymbols = {symbols:?}\n[quotes]\nproviders = [\"yahoo\"]\n\
         [quotes.yahoo]\nbase_urls = [{quotes:?}]\n[quotes.coinbase]\nenabled = false\n"
    );
    for (f, url) in urls.iter().enumerate() {
        text += &format!("[[feeds]]\nname = \"Desk {f}\"\nurl = {url:?}\n");
    }
    text
}

fn print_table(rows: &[Row]) {
    println!(
        "\n{:<9} {:<8} {:>8} {:>8} {:>9} {:>8} {:>6} {:>6} {:>6} {:>9} {:>9}",
        "client",
        "phase",
        "wall s",
        "CPU s",
        "peak MiB",
        "requests",
        "200",
        "304",
        "other",
        "KiB sent",
        "headlines"
    );
    for r in rows {
        println!(
            "{:<9} {:<8} {:>8.3} {:>8.3} {:>9.1} {:>8} {:>6} {:>6} {:>6} {:>9} {:>9}",
            r.client,
            r.phase,
            r.run.wall.as_secs_f64(),
            r.run.cpu.as_secs_f64(),
            r.run.peak_rss_kib as f64 / 1024.0,
            r.tally.requests,
            r.tally.ok,
            r.tally.not_modified,
            r.tally.other,
            r.tally.bytes / 1024,
            r.run.headlines.map_or("—".into(), |n| n.to_string()),
        );
    }
}

fn print_ratios(rows: &[Row]) {
    let find =
        |client: &str, phase: &str| rows.iter().find(|r| r.client == client && r.phase == phase);
    let wall = |r: &Row| r.run.wall.as_secs_f64();
    println!("\nratios (one run)");
    for phase in PHASES {
        let Some(tw) = find("tickwire", phase) else {
            continue;
        };
        let mut line = format!("{phase:<8}");
        if let Some(nb) = find("newsboat", phase) {
            line += &format!(
                "  newsboat/tickwire wall {:>6.1}×  tickwire/newsboat peak RSS {:>5.2}",
                wall(nb) / wall(tw),
                tw.run.peak_rss_kib as f64 / nb.run.peak_rss_kib as f64
            );
        }
        if let Some(curl) = find("curl", phase) {
            line += &format!("  tickwire/curl wall {:>6.1}×", wall(tw) / wall(curl));
        }
        println!("{line}");
    }
    if let (Some(steady), Some(changed)) = (find("tickwire", "steady"), find("tickwire", "changed"))
    {
        println!(
            "tickwire changed/steady wall {:.2}×",
            wall(changed) / wall(steady)
        );
    }
}
