//! The normalizer on each dialect it rewrites, and on documents it must
//! leave byte-identical.

use super::*;

fn normalized(doc: &str) -> (String, usize) {
    let n = normalize(doc.as_bytes()).expect("a feed document");
    (String::from_utf8(n.bytes.into_owned()).unwrap(), n.entries)
}

#[test]
fn documents_that_need_nothing_come_back_borrowed() {
    for doc in [
        r#"<rss version="2.0"><channel><item><title>a &lt;b&gt;</title></item></channel></rss>"#,
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">x</title></entry></feed>"#,
    ] {
        let n = normalize(doc.as_bytes()).unwrap();
        assert!(matches!(n.bytes, Cow::Borrowed(_)), "{doc}");
        assert_eq!(n.entries, 1);
    }
    assert!(normalize(br#"{"version": "https://jsonfeed.org/version/1.1"}"#).is_none());
    assert!(normalize(b"<html><body>no feed</body></html>").is_none());
}

#[test]
fn atom03_becomes_atom10() {
    let (doc, entries) = normalized(concat!(
        r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><tagline>t</tagline>"#,
        r#"<entry><title mode="escaped" type="text/html">a &amp;lt;b&amp;gt;</title>"#,
        r#"<created>2004-01-01T00:00:00Z</created><issued>2004-01-02T00:00:00Z</issued>"#,
        r#"<modified>2004-01-03T00:00:00Z</modified></entry></feed>"#,
    ));
    assert_eq!(entries, 1);
    assert_eq!(
        doc,
        concat!(
            r#"<feed version="0.3" xmlns="http://www.w3.org/2005/Atom"><subtitle type="text">t</subtitle>"#,
            r#"<entry><title type="html">a &amp;lt;b&amp;gt;</title>"#,
            r#"<published>2004-01-01T00:00:00Z</published><published>2004-01-02T00:00:00Z</published>"#,
            r#"<updated>2004-01-03T00:00:00Z</updated></entry></feed>"#,
        )
    );
}

#[test]
fn odd_atom_text_types_become_text_or_html_and_empty_ones_go() {
    let (doc, _) = normalized(concat!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="">a</title>"#,
        r#"<summary type="application/xhtml+xml"><div>b &amp; c</div></summary>"#,
        r#"<content type="html"/></entry></feed>"#,
    ));
    assert_eq!(
        doc,
        concat!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">a</title>"#,
            r#"<summary type="html">&lt;div&gt;b &amp;amp; c&lt;/div&gt;</summary>"#,
            r#"</entry></feed>"#,
        )
    );
}

#[test]
fn missing_titles_summaries_and_links_are_filled_in() {
    let (doc, entries) = normalized(concat!(
        r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
        r#"xmlns:media="http://search.yahoo.com/mrss/"><channel>"#,
        r#"<item><media:group><media:title>M</media:title></media:group><dc:title>D &amp; d</dc:title></item>"#,
        r#"<item><title>T</title><media:description>S</media:description></item>"#,
        r#"</channel></rss>"#,
    ));
    assert_eq!(entries, 2);
    assert!(
        doc.contains("<dc:title>D &amp; d</dc:title><title>D &amp; d</title></item>"),
        "{doc}"
    );
    assert!(doc.contains("<description>S</description></item>"), "{doc}");
    let (rdf, _) = normalized(concat!(
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" "#,
        r#"xmlns="http://my.netscape.com/rdf/simple/0.9/"><item rdf:about="http://e.x/1">"#,
        r#"<title>T</title></item></rdf:RDF>"#,
    ));
    assert!(rdf.contains(r#"xmlns="http://purl.org/rss/1.0/""#), "{rdf}");
    assert!(
        rdf.contains("<title>T</title><link>http://e.x/1</link></item>"),
        "{rdf}"
    );
}

#[test]
fn undeclared_windows_1252_is_transcoded() {
    let n = normalize(
        b"<rss version=\"2.0\"><channel><item><title>\x93Hi\x94</title></item></channel></rss>",
    )
    .unwrap();
    assert!(
        String::from_utf8(n.bytes.into_owned())
            .unwrap()
            .contains("\u{201c}Hi\u{201d}")
    );
}
