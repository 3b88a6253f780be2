//! `tickwire classify --json` on headlines written for this test (not in
//! any corpus): one JSON object per input line, in input order.

use serde_json::Value;

use crate::support::classify_json;

const INPUT: &str = "\
Hyperscalers lift capex again as AI data center race heats up
Chipmaker Broadcom jumps on custom accelerator orders
City council said the bus lanes will open in June
Alibaba unveils a Qwen model that tops coding benchmarks
Why $PLTR keeps rallying after the contract win
Ferry operator Air Iberia adds winter routes
Startup Ltd (NASDAQ: ZZAI) lists its shares
\x1b]0;pwned\x07OpenAI files for a new data center site
";

#[test]
fn classify_json_is_one_object_per_line_in_order() {
    let rows = classify_json(INPUT, None);
    assert_eq!(rows.len(), INPUT.lines().count());
    for (row, line) in rows.iter().zip(INPUT.lines()) {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "ai",
                "decided_by",
                "evidence",
                "score",
                "terms",
                "tickers",
                "title"
            ],
            "{line}"
        );
    }
    let summary: Vec<(bool, Vec<&str>)> = rows
        .iter()
        .map(|r| {
            let tickers = r["tickers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            (r["ai"].as_bool().unwrap(), tickers)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (true, vec![]),
            (false, vec!["AVGO"]),
            (false, vec![]),
            (true, vec!["BABA"]),
            (false, vec!["PLTR"]),
            (false, vec![]),
            (false, vec!["ZZAI"]),
            (true, vec!["MSFT"]),
        ]
    );
    assert_eq!(
        rows[0]["terms"],
        serde_json::json!(["hyperscalers", "capex", "AI", "data center"])
    );
    // "data center" is the same class of weak word as "hyperscalers": one
    // 0.5; "capex" is the build-out's own class: another 0.5.
    assert_eq!(
        rows[0]["evidence"],
        serde_json::json!([{"part": "title", "weight": 2.0, "reasons": ["hyperscalers", "capex", "AI", "data center"]}])
    );
    assert_eq!(
        rows[7]["title"], "OpenAI files for a new data center site",
        "escape sequence removed"
    );
}

/// JSON lines carry the headline's context; each verdict says which part
/// decided. A bad line gets an error line and the rest go on.
#[test]
fn classify_reads_headlines_in_their_context() {
    let input = [
        r#"{"title": "Introducing a faster API", "source": "Anthropic News"}"#,
        r#"{"title": "Introducing a faster API", "source": "Hacker News"}"#,
        r#"{"title": "Introducing a faster API", "source": "Hacker News", "link": "https://openai.com/index/faster-api/"}"#,
        r#"{"title": "Chip stocks rally", "summary": "Investors bet on chatbots and the models behind them."}"#,
        r#"{"source": "no title"}"#,
        r#"{"title": "Quarterly dividend", "source": "NVIDIA Newsroom", "extra": 1}"#,
        "not json, a plain title about an LLM",
    ]
    .join("\n");
    let rows = classify_json(&input, None);
    let verdict = |r: &Value| {
        (
            r["ai"].as_bool(),
            r["decided_by"].clone(),
            r["tickers"].clone(),
        )
    };
    use serde_json::json;
    assert_eq!(
        verdict(&rows[0]),
        (Some(true), json!(["source"]), json!([]))
    );
    assert_eq!(verdict(&rows[1]), (Some(false), json!([]), json!([])));
    assert_eq!(
        verdict(&rows[2]),
        (Some(true), json!(["link"]), json!(["MSFT"]))
    );
    assert_eq!(
        verdict(&rows[3]),
        (Some(true), json!(["summary", "title"]), json!([]))
    );
    assert_eq!(rows[4]["line"], 5);
    assert!(rows[4]["error"].as_str().unwrap().contains("title"));
    assert_eq!(verdict(&rows[5]), (Some(false), json!([]), json!(["NVDA"])));
    assert_eq!(
        rows[5]["evidence"][0]["reasons"],
        json!(["NVIDIA (newsroom)", "links NVDA"])
    );
    assert_eq!(verdict(&rows[6]), (Some(true), json!(["title"]), json!([])));
    assert_eq!(rows.len(), 7);
}
