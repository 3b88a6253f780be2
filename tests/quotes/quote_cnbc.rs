//! CNBC through the provider seam: the real bodies through its parser,
//! a local server standing in for it, the board priced by CNBC while
//! Yahoo answers 429 to everything, and one request a refresh.

use std::sync::Arc;

use tickwire::core::app::Msg;
use tickwire::core::model::{MarketState, Timestamp};
use tickwire::sources::quotes::cnbc::{Cnbc, parse_cnbc};
use tickwire::sources::quotes::{BatchQuotes, QuoteProvider, Rejection};

use crate::quote_chain::snapshot_of;
use crate::support::{Route, TestServer, corpus, fixture};

const PATH: &str = "/cnbc/quote-html-webservice/restQuote/symbolType/symbol";

fn later() -> Timestamp {
    chrono::Utc::now()
}

fn real(name: &str) -> Option<Vec<u8>> {
    Some(std::fs::read(corpus()?.join("quotes").join(name)).unwrap())
}

#[test]
fn real_bodies_read_with_their_traps() {
    let Some(post) = real("cnbc-restquote-BTC-etf-post-market-2026-10-02.json") else {
        return;
    };
    let q = &parse_cnbc(&post, later()).unwrap()[0];
    assert_eq!((q.symbol.as_str(), q.price), ("BTC", 37.25));
    // The stated 37.25 is the day's close: last − change is yesterday's.
    assert_eq!(q.prev_close, Some(37.44));
    let ext = q.extended.unwrap();
    assert_eq!((ext.session, ext.price), (MarketState::Post, 37.40));
    assert_eq!(q.as_of.to_rfc3339(), "2026-10-02T20:00:00+00:00");

    let pre = real("cnbc-quotehtm-NVDA-GOOGL-AVGO-GOOG-premarket-2026-06-17-trimmed.json").unwrap();
    let quotes = parse_cnbc(&pre, later()).unwrap();
    let got: Vec<(&str, Option<f64>, MarketState)> = quotes
        .iter()
        .map(|q| (q.symbol.as_str(), q.prev_close, q.market_state))
        .collect();
    assert_eq!(
        got,
        [
            ("NVDA", Some(207.41), MarketState::Pre),
            ("GOOGL", Some(373.25), MarketState::Pre),
            ("AVGO", Some(393.94), MarketState::Regular),
            ("GOOG", Some(372.0), MarketState::Pre),
        ]
    );
    assert_eq!(quotes[0].extended.unwrap().price, 208.47);
    assert!(quotes[2].extended.is_none());

    let unknown = real("cnbc-restquote-MXAP-unresolved-symbol-2026-05-13.json").unwrap();
    assert!(parse_cnbc(&unknown, later()).unwrap().is_empty());
    let cnbc = Cnbc {
        base_url: "http://127.0.0.1:9".into(),
    };
    assert!(matches!(
        cnbc.parse(&unknown, "MXAP", later()),
        Err(Rejection::Provider(_))
    ));
}

#[test]
fn a_real_body_served_locally_prices_the_board() {
    let Some(body) = real("cnbc-quotehtm-NVDA-GOOGL-AVGO-GOOG-premarket-2026-06-17-trimmed.json")
    else {
        return;
    };
    let server = TestServer::start(vec![(PATH, Route::ok("application/json", body))]);
    let doc = snapshot_of(&format!(
        "feeds = []\n[watchlist]\nsymbols = [\"AVGO\", \"NVDA\"]\n[quotes]\nproviders = [\"cnbc\"]\n\
         [quotes.cnbc]\nbase_url = \"{}/cnbc\"\n",
        server.base
    ));
    let q = &doc["quotes"];
    assert_eq!(q[0]["provider"], "cnbc");
    assert_eq!(
        (q[0]["price"].as_f64(), q[0]["prev_close"].as_f64()),
        (Some(376.71), Some(393.94))
    );
    assert_eq!(q[1]["symbol"], "NVDA");
}

/// Yahoo refuses every call with a 429; CNBC prices the board in the same
/// refresh, each quote marked with its provider, the unknown one failing.
#[test]
fn yahoo_throttled_everywhere_cnbc_prices_the_board() {
    let busy = || Route::status(429, "text/plain", b"Edge: Too Many Requests".to_vec());
    let server = TestServer::start(vec![
        ("/v8/finance/chart/NVDA", busy()),
        ("/v8/finance/chart/MSFT", busy()),
        ("/v8/finance/chart/ZZZZ", busy()),
        ("/v7/finance/spark", busy()),
        (
            PATH,
            Route::ok("application/json", fixture("cnbc_quotes.json")),
        ),
    ]);
    let doc = snapshot_of(&format!(
        "feeds = []\n[watchlist]\nsymbols = [\"NVDA\", \"MSFT\", \"ZZZZ\"]\n[quotes]\n\
         providers = [\"yahoo\", \"cnbc\"]\n[quotes.yahoo]\nbase_urls = [\"{0}\"]\n\
         [quotes.cnbc]\nbase_url = \"{0}/cnbc\"\n",
        server.base
    ));
    let q = &doc["quotes"];
    let got: Vec<(&str, &str, f64)> = (0..2)
        .map(|i| {
            (
                q[i]["symbol"].as_str().unwrap(),
                q[i]["provider"].as_str().unwrap(),
                q[i]["price"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("NVDA", "cnbc", 1118.42), ("MSFT", "cnbc", 434.56)]);
    assert_eq!(q[0]["prev_close"].as_f64(), Some(1142.62));
    assert_eq!(q[1]["prev_close"].as_f64(), Some(433.0));
}

/// With CNBC alone, one request refreshes the whole watchlist: its batch
/// carries the previous close, so no per-symbol request follows.
#[test]
fn one_request_refreshes_the_whole_watchlist() {
    use tickwire::core::quotes::{BudgetSpec, Rate};
    use tickwire::sources::http::{HttpClient, HttpSettings};
    use tickwire::sources::quotes::{LiveMarks, Polled, QuoteChain, QuoteWatch};

    let server = TestServer::start(vec![(
        PATH,
        Route::ok("application/json", fixture("cnbc_quotes.json")),
    )]);
    let cnbc = Arc::new(Cnbc {
        base_url: format!("{}/cnbc", server.base),
    });
    assert!(cnbc.carries_prev_close());
    let budget = BudgetSpec {
        rate: Rate::parse("360/h").unwrap(),
        burst: 20,
    };
    let chain = QuoteChain::new(vec![Polled {
        provider: cnbc,
        budget,
    }]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_sel_tx, selected) = tokio::sync::watch::channel(None);
    let watch = QuoteWatch {
        symbols: vec!["NVDA".into(), "MSFT".into()],
        chain: Arc::new(chain),
        every: std::time::Duration::from_secs(15),
        client: HttpClient::new(HttpSettings::default()).unwrap(),
        live: Arc::new(LiveMarks::default()),
        selected,
    };
    let priced = runtime.block_on(async {
        let (tx, mut rx) = tokio::sync::mpsc::channel(64);
        let task = tokio::spawn(watch.run(Arc::new(tokio::sync::Notify::new()), tx));
        let mut priced = Vec::new();
        while let Some(msg) = rx.recv().await {
            match msg {
                Msg::QuoteReceived { quote, .. } => priced.push((quote.symbol, quote.prev_close)),
                Msg::QuotesPlanned { .. } => break,
                _ => {}
            }
        }
        task.abort();
        priced
    });
    assert_eq!(
        priced,
        [
            ("NVDA".to_string(), Some(1142.62)),
            ("MSFT".to_string(), Some(433.0))
        ]
    );
    assert_eq!(server.hits(), 1, "one request for the whole watchlist");
}
