//! OPML import and export of the feed list. Import merges into the
//! user's config file with `toml_edit`, so comments and layout survive.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use thiserror::Error;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::config::{self, FeedConfig};
use crate::sources::sanitize::sanitize_plain;

/// Longest feed name kept from an OPML file.
const MAX_NAME_CHARS: usize = 120;

#[derive(Debug, Error)]
pub enum OpmlError {
    #[error("not valid OPML: {0}")]
    Xml(String),
    #[error("config is not valid TOML: {0}")]
    Toml(String),
    #[error("config has a `feeds` key that is not a list of [[feeds]] tables")]
    FeedsNotTables,
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the merged config would be invalid: {0}")]
    Invalid(#[from] config::ConfigError),
}

/// Merge the feeds of the OPML file into the config file (created from
/// the embedded default when missing). The result is validated before it
/// is written. Returns how many feeds were added.
pub fn import_file(opml: &Path, config_path: &Path) -> Result<usize, OpmlError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| OpmlError::Io { path, source }
    };
    let opml_text = std::fs::read_to_string(opml).map_err(io(opml))?;
    let feeds: Vec<OpmlFeed> = parse_opml(&opml_text)?
        .into_iter()
        .filter(|f| f.url.starts_with("http://") || f.url.starts_with("https://"))
        .collect();
    let current = match std::fs::read_to_string(config_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => config::EMBEDDED.to_string(),
        Err(e) => return Err(io(config_path)(e)),
    };
    let (merged, added) = merge_into_config(&current, &feeds)?;
    config::parse(&merged, &config_path.display().to_string())?;
    if let Some(dir) = config_path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::write(config_path, merged).map_err(io(config_path))?;
    Ok(added)
}

/// A feed named in an OPML outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OpmlFeed {
    pub name: String,
    pub url: String,
}

/// Every `<outline>` with an `xmlUrl`, in document order (nested
/// categories flattened). The name is `title`, else `text`, else the URL.
pub fn parse_opml(xml: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut feeds = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "outline" => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().into_inner() == name)
                        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                };
                if let Some(url) = attr("xmlUrl") {
                    // An OPML file comes from elsewhere: its names are
                    // cleaned like any feed text before they reach a config.
                    let name = [attr("title"), attr("text"), Some(url.clone())]
                        .into_iter()
                        .flatten()
                        .map(|n| sanitize_plain(&n, MAX_NAME_CHARS))
                        .find(|n| !n.is_empty())
                        .unwrap_or_default();
                    feeds.push(OpmlFeed { name, url });
                }
            }
            Ok(Event::Eof) => return Ok(feeds),
            Ok(_) => {}
            Err(e) => return Err(OpmlError::Xml(e.to_string())),
        }
    }
}

/// Add the OPML's feeds to a config text: feeds whose URL is already
/// there are skipped, a name already in use gets a " (2)" suffix. Returns
/// the new text and how many feeds were added.
pub fn merge_into_config(config: &str, feeds: &[OpmlFeed]) -> Result<(String, usize), OpmlError> {
    let mut doc: DocumentMut = config
        .parse()
        .map_err(|e: toml_edit::TomlError| OpmlError::Toml(e.to_string()))?;
    let list = doc
        .entry("feeds")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or(OpmlError::FeedsNotTables)?;
    let field = |t: &Table, k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
    let mut urls: Vec<String> = list.iter().filter_map(|t| field(t, "url")).collect();
    let mut names: Vec<String> = list.iter().filter_map(|t| field(t, "name")).collect();
    let mut added = 0;
    for feed in feeds {
        if urls.contains(&feed.url) {
            continue;
        }
        let mut name = feed.name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{} ({n})", feed.name);
            n += 1;
        }
        let mut table = Table::new();
        table.insert("name", value(name.as_str()));
        table.insert("url", value(feed.url.as_str()));
        list.push(table);
        urls.push(feed.url.clone());
        names.push(name);
        added += 1;
    }
    Ok((doc.to_string(), added))
}

/// An OPML 2.0 document listing the configured feeds.
pub fn export_opml(feeds: &[FeedConfig]) -> String {
    let esc = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>tickwire feeds</title></head>\n  <body>\n",
    );
    for f in feeds {
        out += &format!(
            "    <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{url}\"/>\n",
            name = esc(&f.name),
            url = esc(&f.url.0)
        );
    }
    out += "  </body>\n</opml>\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPML: &str = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>exported by a reader</title></head><body>
  <outline text="Markets" title="Markets">
    <outline type="rss" text="Desk &amp; Wire" title="Desk &amp; Wire" xmlUrl="https://news.example/desk.xml?a=1&amp;b=2" htmlUrl="https://news.example/"/>
    <outline type="rss" text="Chips" xmlUrl="https://chips.example/feed"/>
  </outline>
  <outline type="rss" xmlUrl="https://bare.example/rss"/>
</body></opml>"#;

    #[test]
    fn outlines_with_feed_urls_are_read_in_order() {
        let feeds = parse_opml(OPML).unwrap();
        assert_eq!(
            feeds,
            [
                OpmlFeed {
                    name: "Desk & Wire".into(),
                    url: "https://news.example/desk.xml?a=1&b=2".into()
                },
                OpmlFeed {
                    name: "Chips".into(),
                    url: "https://chips.example/feed".into()
                },
                OpmlFeed {
                    name: "https://bare.example/rss".into(),
                    url: "https://bare.example/rss".into()
                },
            ]
        );
        assert!(parse_opml("<opml><body><outline xmlUrl=").is_err());
    }

    #[test]
    fn an_opml_name_cannot_carry_escapes_or_bidi_into_the_config() {
        let hostile = r#"<opml><body>
  <outline title="Desk&#27;]0;pwned&#7; &#8238;lanruoJ" xmlUrl="https://a.example/rss"/>
  <outline title="&#27;[2J&#8203;" xmlUrl="https://b.example/rss"/>
</body></opml>"#;
        let names: Vec<String> = parse_opml(hostile)
            .unwrap()
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["Desk lanruoJ", "https://b.example/rss"]);
    }

    #[test]
    fn merge_keeps_comments_skips_known_urls_and_renames_clashes() {
        let config = "# my config\n[refresh]\nfeeds = \"2m\" # fast\n\n# my one feed\n[[feeds]]\nname = \"Chips\"\nurl = \"https://other.example/chips\"\n\n[[feeds]]\nname = \"Bare\"\nurl = \"https://bare.example/rss\"\n";
        let (merged, added) = merge_into_config(config, &parse_opml(OPML).unwrap()).unwrap();
        assert_eq!(added, 2);
        assert!(merged.starts_with(config), "{merged}");
        assert!(
            merged.contains(
                "name = \"Desk & Wire\"\nurl = \"https://news.example/desk.xml?a=1&b=2\""
            )
        );
        assert!(merged.contains("name = \"Chips (2)\"\nurl = \"https://chips.example/feed\""));
        let (again, added) = merge_into_config(&merged, &parse_opml(OPML).unwrap()).unwrap();
        assert_eq!((again.as_str(), added), (merged.as_str(), 0));
    }
}
