//! What the headless commands print is safe on a terminal, whatever a
//! field holds: JSON escapes C1, DEL, bidi and zero-width characters too
//! (serde escapes only C0), plain text drops them. The gate at every way
//! in already removed them; this is the last line, at the way out.

use std::borrow::Cow;

use crate::core::text::is_invisible;

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || is_invisible(c)
}

/// JSON text with every terminal-active character written as `\uXXXX`
/// (valid only inside strings, where serde leaves them raw).
pub fn json_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Plain text without terminal-active characters (line breaks kept).
pub fn text_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !unsafe_char(*c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_bidi_and_zero_width_are_escaped_in_json_and_dropped_in_text() {
        let raw = "{\"t\":\"a\u{9b}2J\u{9d}0;x\u{202e}b\u{200b}\u{7f}\u{1b}\"}";
        let json = json_safe(raw);
        assert_eq!(
            json,
            "{\"t\":\"a\\u009b2J\\u009d0;x\\u202eb\\u200b\\u007f\\u001b\"}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "a\u{9b}2J\u{9d}0;x\u{202e}b\u{200b}\u{7f}\u{1b}");
        assert_eq!(text_safe("a\u{1b}b\u{9b}c\u{202e}d\n"), "abcd\n");
        assert!(matches!(json_safe("plain"), Cow::Borrowed(_)));
    }
}
