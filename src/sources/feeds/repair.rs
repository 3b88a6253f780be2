//! Byte-level repairs for real-world XML breakages that feed-rs rejects.
//! A valid feed comes back borrowed, byte-identical. Works on any
//! ASCII-compatible encoding (UTF-8, ISO-8859-x, windows-125x): the bytes
//! it looks at and writes are ASCII.

use std::borrow::Cow;

/// Run `parse` on the bytes as they are; only when that fails, on the
/// repaired bytes. A feed the parser accepts is never touched (even one
/// it accepts despite a bare `&` in an attribute). The first error is
/// returned when the repair does not help.
pub fn parse_repaired<T, E>(bytes: &[u8], parse: impl Fn(&[u8]) -> Result<T, E>) -> Result<T, E> {
    let first = parse(bytes);
    if first.is_ok() {
        return first;
    }
    match repair_xml(bytes) {
        Cow::Owned(fixed) => parse(&fixed).or(first),
        Cow::Borrowed(_) => first,
    }
}

/// Escape bare `&` and lower-case `&#X` outside CDATA and comments, and
/// give `<rss>` a version
/// feed-rs understands. JSON (anything not starting with `<`) is untouched.
pub fn repair_xml(bytes: &[u8]) -> Cow<'_, [u8]> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    // UTF-16 (BOM, or NUL bytes) is not ASCII-compatible; JSON is not XML.
    let utf8_bom = bytes[start..].starts_with(&[0xEF, 0xBB, 0xBF]);
    if !(bytes.get(start) == Some(&b'<') || utf8_bom) || bytes.contains(&0) {
        return Cow::Borrowed(bytes);
    }
    let escaped = fix_references(bytes);
    match fix_rss_version(&escaped) {
        Some(fixed) => Cow::Owned(fixed),
        None => escaped,
    }
}

fn fix_references(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        // Skip sections where `&` is literal text.
        let skip_to = if rest.starts_with(b"<![CDATA[") {
            find(rest, b"]]>").map(|e| e + 3)
        } else if rest.starts_with(b"<!--") {
            find(rest, b"-->").map(|e| e + 3)
        } else {
            Some(0)
        };
        let skip = skip_to.unwrap_or(rest.len());
        if skip > 0 {
            if let Some(o) = out.as_mut() {
                o.extend_from_slice(&rest[..skip]);
            }
            i += skip;
            continue;
        }
        let b = bytes[i];
        if b == b'&' && !starts_reference(&rest[1..]) {
            let o = out.get_or_insert_with(|| bytes[..i].to_vec());
            o.extend_from_slice(b"&amp;");
        } else if rest.starts_with(b"&#X") {
            // XML spells hex references with a lower-case x only.
            let o = out.get_or_insert_with(|| bytes[..i].to_vec());
            o.extend_from_slice(b"&#x");
            i += 3;
            continue;
        } else if let Some(o) = out.as_mut() {
            o.push(b);
        }
        i += 1;
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(bytes),
    }
}

/// `#123;`, `#x1F;` or `name;` right after an `&`.
fn starts_reference(after: &[u8]) -> bool {
    let end = after.iter().take(40).position(|&b| b == b';');
    let Some(end) = end else { return false };
    let body = &after[..end];
    match body {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        [first, rest @ ..] => {
            first.is_ascii_alphabetic()
                && rest
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b))
        }
        [] => false,
    }
}

/// Versions feed-rs 3 dispatches on; anything else is read as RSS 2.0.
const KNOWN_RSS_VERSIONS: [&[u8]; 4] = [b"2.0", b"", b"0.91", b"0.92"];

fn fix_rss_version(bytes: &[u8]) -> Option<Vec<u8>> {
    let open = find(bytes, b"<rss")?;
    let after_name = bytes.get(open + 4)?;
    if !(after_name.is_ascii_whitespace() || *after_name == b'>') {
        return None;
    }
    let tag_end = open + find(&bytes[open..], b">")?;
    let tag = &bytes[open..tag_end];
    let mut out = Vec::with_capacity(bytes.len() + 16);
    match find_version_value(tag) {
        None => {
            out.extend_from_slice(&bytes[..open + 4]);
            out.extend_from_slice(b" version=\"2.0\"");
            out.extend_from_slice(&bytes[open + 4..]);
        }
        Some((from, to)) => {
            if KNOWN_RSS_VERSIONS.contains(&&tag[from..to]) {
                return None;
            }
            out.extend_from_slice(&bytes[..open + from]);
            out.extend_from_slice(b"2.0");
            out.extend_from_slice(&bytes[open + to..]);
        }
    }
    Some(out)
}

/// The value span of a `version="…"` / `version='…'` attribute in a tag.
fn find_version_value(tag: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = find(&tag[from..], b"version") {
        let at = from + at;
        from = at + 7;
        if !tag[at - 1].is_ascii_whitespace() {
            continue;
        }
        let mut j = at + 7;
        while tag.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if tag.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while tag.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let quote = *tag.get(j)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = j + 1 + tag[j + 1..].iter().position(|&b| b == quote)?;
        return Some((j + 1, end));
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(s: &str) -> String {
        String::from_utf8(repair_xml(s.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn bare_ampersands_are_escaped_outside_cdata_and_comments() {
        assert_eq!(
            repaired(
                r#"<rss version="2.0"><t a="x&y">S&P &amp; AT&T &#38; &#X26; &nbsp;</t><![CDATA[a&b]]><!-- c&d --></rss>"#
            ),
            r#"<rss version="2.0"><t a="x&amp;y">S&amp;P &amp; AT&amp;T &#38; &#x26; &nbsp;</t><![CDATA[a&b]]><!-- c&d --></rss>"#
        );
    }

    #[test]
    fn missing_or_odd_rss_versions_become_2_0() {
        assert_eq!(
            repaired("<rss><channel/></rss>"),
            r#"<rss version="2.0"><channel/></rss>"#
        );
        assert_eq!(
            repaired(r#"<rss xmlns:a="x" version='2.01'>"#),
            r#"<rss xmlns:a="x" version='2.0'>"#
        );
        assert_eq!(
            repaired(
                r#"<?xml version="1.0"?><rss
 version = "0.94">"#
            ),
            "<?xml version=\"1.0\"?><rss\n version = \"2.0\">"
        );
    }

    #[test]
    fn valid_documents_and_json_are_borrowed_unchanged() {
        for doc in [
            r#"<?xml version="1.0"?><rss version="2.0"><a>&amp; &lt;</a></rss>"#,
            r#"<rss version="">x</rss>"#,
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A &amp; B</title></feed>"#,
            r#"{"title": "S&P"}"#,
        ] {
            assert!(
                matches!(repair_xml(doc.as_bytes()), Cow::Borrowed(_)),
                "{doc}"
            );
        }
    }
}
