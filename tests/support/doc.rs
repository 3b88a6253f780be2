//! `tickwire snapshot --json` run and read: the document, its entries by
//! key, its headlines' titles.

use std::path::Path;

use serde_json::Value;

/// `tickwire snapshot --json` on `config` (15 s for every source, HOME
/// beside the config, no config or Finnhub key from the environment):
/// whether it succeeded, and the document it printed either way.
pub fn snapshot(config: &Path) -> (bool, Value) {
    let out = assert_cmd::Command::cargo_bin("tickwire")
        .unwrap()
        .args(["snapshot", "--json", "--deadline", "15s", "--config"])
        .arg(config)
        .env("HOME", config.parent().unwrap())
        .env_remove("TICKWIRE_CONFIG")
        .env_remove("FINNHUB_API_KEY")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), doc)
}

/// The entry of `doc[list]` whose `key` is `value`.
pub fn entry<'a>(doc: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    doc[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[key] == value)
        .unwrap_or_else(|| panic!("no {value} in {list} of {doc:#}"))
}

/// The source named `name`.
pub fn source<'a>(doc: &'a Value, name: &str) -> &'a Value {
    entry(doc, "sources", "name", name)
}

/// The quote of `symbol`.
pub fn quote<'a>(doc: &'a Value, symbol: &str) -> &'a Value {
    entry(doc, "quotes", "symbol", symbol)
}

/// Every headline's title, in the document's order.
pub fn all_titles(doc: &Value) -> Vec<String> {
    titles_where(doc, |_| true)
}

/// The titles of the headlines from `source`, in the document's order.
pub fn titles(doc: &Value, source: &str) -> Vec<String> {
    titles_where(doc, |h| h["source"] == source)
}

fn titles_where(doc: &Value, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    doc["headlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| keep(h))
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}
