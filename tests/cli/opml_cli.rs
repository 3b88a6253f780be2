//! `import-opml` and `export-opml` through the real binary: comments in
//! the user's config survive, and an export re-imports as nothing new.

use assert_cmd::Command;
use tickwire::headless::parse_opml;

use crate::support::fixture;

const CONFIG: &str = "# my tickwire config\n[refresh]\nfeeds = \"2m\" # keep it fast\n\n[watchlist]\nsymbols = []\n\n# the desk\n[[feeds]]\nname = \"Desk\"\nurl = \"https://desk.example/rss\"\n";

fn tickwire(config: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("tickwire")
        .unwrap()
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A fresh dir holding `CONFIG`.
fn configured() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, CONFIG).unwrap();
    (dir, config)
}

#[test]
fn import_keeps_comments_and_export_round_trips() {
    let (dir, config) = configured();
    let opml = dir.path().join("feeds.opml");
    std::fs::write(&opml, fixture("reader_export.opml")).unwrap();

    let (ok, out, err) = tickwire(&config, &["import-opml", opml.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.ends_with("added 3 feeds\n"), "{out}");
    let merged = std::fs::read_to_string(&config).unwrap();
    assert!(
        merged.starts_with(CONFIG),
        "comments and layout kept:\n{merged}"
    );

    let (ok, exported, err) = tickwire(&config, &["export-opml"]);
    assert!(ok, "{err}");
    let feeds: Vec<(String, String)> = parse_opml(&exported)
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.url))
        .collect();
    let expect = [
        ("Desk", "https://desk.example/rss"),
        ("Example Wire: Markets", "https://wire.example/markets.xml"),
        (
            "Chip Desk & Co",
            "https://chips.example/feed?format=rss&lang=en",
        ),
        ("AI Notes", "https://ai.example/atom"),
    ]
    .map(|(n, u)| (n.to_string(), u.to_string()));
    assert_eq!(feeds, expect);

    std::fs::write(&opml, &exported).unwrap();
    let (ok, out, _) = tickwire(&config, &["import-opml", opml.to_str().unwrap()]);
    assert!(ok && out.ends_with("added 0 feeds\n"), "{out}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), merged);
}

#[test]
fn a_broken_opml_changes_nothing() {
    let (dir, config) = configured();
    let opml = dir.path().join("broken.opml");
    std::fs::write(&opml, "<opml><body><outline xmlUrl=").unwrap();
    let (ok, _, err) = tickwire(&config, &["import-opml", opml.to_str().unwrap()]);
    assert!(!ok && err.contains("not valid OPML"), "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), CONFIG);
}
