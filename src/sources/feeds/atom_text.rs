//! Atom text constructs (title, summary, content …) of any declared type,
//! and Atom 0.3's `mode` (xml, escaped, base64), reduced to the two forms
//! feed-rs reads without failing: plain text or escaped HTML.

use base64::Engine;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Text,
    Html,
}

impl TextKind {
    pub fn attr(self) -> &'static str {
        match self {
            TextKind::Text => "text",
            TextKind::Html => "html",
        }
    }
}

/// What a `type` attribute says the content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Text,
    Html,
    /// Inline XML markup (`xhtml`, `application/xhtml+xml`, `…/xml`).
    Xml,
    /// Any other media type: base64 inline (RFC 4287 §4.1.3.3).
    Base64,
}

fn declared(ty: &str) -> Declared {
    let ty = ty.trim().to_ascii_lowercase();
    match ty.as_str() {
        "" | "text" | "text/plain" => Declared::Text,
        "html" | "text/html" => Declared::Html,
        "xhtml" => Declared::Xml,
        t if t.ends_with("+xml") || t.ends_with("/xml") => Declared::Xml,
        t if t.starts_with("text/") => Declared::Text,
        t if t.contains('/') => Declared::Base64,
        _ => Declared::Text,
    }
}

/// Whether feed-rs reads this `type` as it is.
pub fn is_standard_type(ty: Option<&str>) -> bool {
    matches!(ty, None | Some("text" | "html" | "xhtml"))
}

/// The content of a text construct as text or HTML, from its `type` and
/// (Atom 0.3) `mode` attributes and its inner XML. `None` when empty.
pub fn text_construct(
    ty: Option<&str>,
    mode: Option<&str>,
    inner_xml: &str,
    atom03: bool,
) -> Option<(TextKind, String)> {
    let declared = declared(ty.unwrap_or("text"));
    let markup_kind = match declared {
        Declared::Html | Declared::Xml => TextKind::Html,
        _ => TextKind::Text,
    };
    let inner = read_inner(inner_xml);
    let (kind, value) = match (atom03, mode.map(str::trim)) {
        (true, Some("escaped")) => (markup_kind, inner.text),
        (true, Some("base64")) => (markup_kind, decode_base64(&inner.text)?),
        (true, _) if inner.has_elements => (TextKind::Html, inner.markup),
        (true, _) => (markup_kind, inner.text),
        (false, _) => match declared {
            Declared::Text => (TextKind::Text, inner.text),
            Declared::Html => (TextKind::Html, inner.text),
            Declared::Xml => (TextKind::Html, inner.markup),
            Declared::Base64 => match decode_base64(&inner.text) {
                Some(decoded) => (TextKind::Text, decoded),
                None => (TextKind::Text, inner.text),
            },
        },
    };
    (!value.trim().is_empty()).then_some((kind, value))
}

fn decode_base64(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

struct Inner {
    /// Every text node, unescaped.
    text: String,
    /// The inner XML as HTML: tags kept, CDATA escaped.
    markup: String,
    has_elements: bool,
}

fn read_inner(xml: &str) -> Inner {
    let mut inner = Inner {
        text: String::new(),
        markup: String::new(),
        has_elements: false,
    };
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    loop {
        match reader.read_event() {
            Ok(Event::Text(t)) => {
                inner.markup.push_str(&t);
                inner.text.push_str(&t.xml10_content());
            }
            Ok(Event::CData(c)) => {
                let text = c.xml10_content();
                inner
                    .markup
                    .push_str(&quick_xml::escape::escape(text.as_ref()));
                inner.text.push_str(&text);
            }
            Ok(Event::GeneralRef(r)) => {
                let name = r.xml10_content();
                inner.markup.push_str(&format!("&{name};"));
                match r.resolve_char_ref() {
                    Ok(Some(c)) => inner.text.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => inner.text.push_str(s),
                        None => inner.text.push_str(&format!("&{name};")),
                    },
                }
            }
            Ok(Event::Start(e)) => {
                inner.has_elements = true;
                inner.markup.push_str(&format!("<{}>", &*e));
            }
            Ok(Event::Empty(e)) => {
                inner.has_elements = true;
                inner.markup.push_str(&format!("<{}/>", &*e));
            }
            Ok(Event::End(e)) => {
                inner.markup.push_str(&format!("</{}>", &*e));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom10(ty: Option<&str>, inner: &str) -> Option<(TextKind, String)> {
        text_construct(ty, None, inner, false)
    }

    #[test]
    fn atom10_types() {
        let text = |s: &str| Some((TextKind::Text, s.to_string()));
        let html = |s: &str| Some((TextKind::Html, s.to_string()));
        assert_eq!(
            atom10(None, "History of the &lt;blink&gt; tag"),
            text("History of the <blink> tag")
        );
        assert_eq!(atom10(Some(""), "evil"), text("evil"));
        assert_eq!(
            atom10(Some("html"), "a &lt;b&gt;c&lt;/b&gt;"),
            html("a <b>c</b>")
        );
        assert_eq!(
            atom10(
                Some("application/xhtml+xml"),
                r#"<div xmlns="x"><a title="&#38;">&#38;</a></div>"#
            ),
            html(r#"<div xmlns="x"><a title="&#38;">&#38;</a></div>"#)
        );
        assert_eq!(
            atom10(
                Some("application/octet-stream"),
                " RXhhbXBsZSA8Yj5BdG9tPC9iPg==\n"
            ),
            text("Example <b>Atom</b>")
        );
        assert_eq!(
            atom10(Some("image/png"), "not base64!"),
            text("not base64!")
        );
        assert_eq!(atom10(Some("text"), "  "), None);
    }

    #[test]
    fn atom03_modes() {
        let atom03 = |ty, mode, inner| text_construct(ty, mode, inner, true);
        assert_eq!(
            atom03(
                Some("text/html"),
                Some("escaped"),
                "&lt;strong>&#38;#38;&lt;/strong>"
            ),
            Some((TextKind::Html, "<strong>&#38;</strong>".into()))
        );
        assert_eq!(
            atom03(None, Some("base64"), "RXhhbXBsZSA8Yj5BdG9tPC9iPg=="),
            Some((TextKind::Text, "Example <b>Atom</b>".into()))
        );
        assert_eq!(
            atom03(None, None, "Example <b>Atom</b>"),
            Some((TextKind::Html, "Example <b>Atom</b>".into()))
        );
        assert_eq!(
            atom03(Some("text/plain"), None, "a <![CDATA[<b>]]>"),
            Some((TextKind::Text, "a <b>".into()))
        );
    }
}
