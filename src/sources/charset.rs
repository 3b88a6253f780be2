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
    /// Undeclared and not UTF-8: the original bytes would not parse.
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
        if declared.is_none() {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(body);
            return Decoded {
                text: Cow::Owned(text.into_owned()),
                transcoded: true,
                guessed: true,
            };
        }
    }
    let (text, _) = encoding.decode_without_bom_handling(body);
    Decoded {
        transcoded: encoding != UTF_8 || matches!(text, Cow::Owned(_)),
        text,
        guessed: false,
    }
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
}
