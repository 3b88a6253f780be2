//! An XML document's bytes as UTF-8 text, for the normalizer: the byte
//! order mark, else the declared encoding, else UTF-8; bytes that are not
//! UTF-8 in a document that declares nothing are windows-1252, as
//! browsers and feedparser read them.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The bytes were not UTF-8: a rewrite must declare UTF-8 instead.
    pub transcoded: bool,
    /// Not the UTF-8 it claims or defaults to: the original bytes would
    /// not parse.
    pub guessed: bool,
}

pub fn decode_xml(bytes: &[u8]) -> Decoded<'_> {
    let (bom_encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((UTF_8, 0));
    let body = &bytes[bom_len..];
    let declared = if bom_len > 0 {
        Some(bom_encoding)
    } else {
        declared_encoding(body)
    };
    let encoding = declared.unwrap_or(UTF_8);
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Decoded {
                text: Cow::Borrowed(text),
                transcoded: false,
                guessed: false,
            };
        }
        // Not the UTF-8 it claims (or defaults to): windows-1252, the usual
        // truth behind the claim, unless the text is mostly UTF-8 and only
        // a stray byte is broken.
        let lossy = String::from_utf8_lossy(body);
        let text = if declared.is_some() && mostly_utf8(&lossy) {
            lossy.into_owned()
        } else {
            WINDOWS_1252
                .decode_without_bom_handling(body)
                .0
                .into_owned()
        };
        return Decoded {
            text: Cow::Owned(text),
            transcoded: true,
            guessed: true,
        };
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    Decoded {
        transcoded: encoding != UTF_8 || matches!(text, Cow::Owned(_)),
        text,
        guessed: false,
    }
}

/// More well-formed non-ASCII characters than broken bytes.
fn mostly_utf8(lossy: &str) -> bool {
    let (good, bad) = lossy
        .chars()
        .filter(|c| !c.is_ascii())
        .fold((0, 0), |(g, b), c| {
            if c == '\u{FFFD}' {
                (g, b + 1)
            } else {
                (g + 1, b)
            }
        });
    good > bad
}

/// The `encoding` of a leading `<?xml … ?>` declaration, when known.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes[start..].strip_prefix(b"<?xml")?;
    let decl = &rest[..rest.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let value = &decl[at + 8..];
    let open = value.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = value[open];
    let value = &value[open + 1..];
    let label = &value[..value.iter().position(|b| *b == quote)?];
    Encoding::for_label(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_bom_and_guessed_encodings() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>";
        let d = decode_xml(latin);
        assert!(d.text.ends_with("<a>caf\u{e9}</a>") && d.transcoded && !d.guessed);

        let utf8 = "<a>caf\u{e9}</a>".as_bytes();
        let d = decode_xml(utf8);
        assert!(matches!(d.text, Cow::Borrowed(_)) && !d.transcoded);

        let undeclared = b"<a>\x93quoted\x94 \xa3</a>";
        let d = decode_xml(undeclared);
        assert_eq!(d.text, "<a>\u{201c}quoted\u{201d} \u{a3}</a>");
        assert!(d.guessed);

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_xml(&utf16).text, "<a/>");
    }

    #[test]
    fn a_lying_utf8_declaration_is_read_as_what_the_bytes_are() {
        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
        let latin = [decl.as_bytes(), b"<a>Caf\xe9 \x93q\x94</a>"].concat();
        let d = decode_xml(&latin);
        assert!(
            d.text.ends_with("<a>Caf\u{e9} \u{201c}q\u{201d}</a>"),
            "{}",
            d.text
        );
        assert!(d.guessed, "the original bytes would not parse");
        // Mostly UTF-8 with one broken byte: the UTF-8 is kept.
        let stray = [decl.as_bytes(), "<a>Zürich €5 ".as_bytes(), b"\xff</a>"].concat();
        assert!(
            decode_xml(&stray)
                .text
                .ends_with("<a>Zürich €5 \u{FFFD}</a>")
        );
    }
}
