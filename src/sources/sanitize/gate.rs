//! The one gate for untrusted text and links. Every string from a feed or
//! an API passes through here before anything else sees it.

use super::html_text::html_to_text;

/// Longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest summary kept, in characters.
pub const MAX_SUMMARY_CHARS: usize = 2_000;
/// Longest error detail kept, in characters.
pub const MAX_DETAIL_CHARS: usize = 300;

/// Markup (HTML) to clean text: tags, comments, scripts and styles
/// dropped by a real HTML tokenizer, references decoded once, then
/// [`sanitize_plain`].
pub fn sanitize_text(raw: &str, max_chars: usize) -> String {
    // Markup far past what the cap keeps is never read: a full article
    // in a description costs no more than its first screens.
    let mut end = raw.len().min(max_chars.saturating_mul(16));
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    sanitize_plain(&html_to_text(&raw[..end]), max_chars)
}

/// Plain text to clean text: every character the publisher wrote is kept
/// (`<`, `>` and `&` too), except control, bidi and invisible characters
/// and whole escape sequences; whitespace folded, length capped.
pub fn sanitize_plain(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars.saturating_mul(4)));
    let mut pending_space = false;
    let mut count = 0;
    for c in strip_controls(raw).chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        // A folded space costs a character too: cap both together.
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > max_chars {
            out.push('…');
            break;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Keep a link only when it is an absolute `http`/`https` URL with a host
/// and no whitespace or control characters inside.
pub fn sanitize_link(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        return None;
    }
    let url = reqwest::Url::parse(trimmed).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(url.to_string())
}

pub use crate::core::text::is_invisible;

/// Drop C0 (tab, CR, LF become spaces), DEL, C1 and invisible characters,
/// and swallow whole ANSI escape sequences (ESC or C1 introducers) so no
/// residue such as "[2J" is left behind.
fn strip_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{1B}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '^' | '_' | 'X') => skip_string(&mut chars),
                _ => {}
            },
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{9E}' | '\u{9F}' | '\u{98}' => skip_string(&mut chars),
            c if c.is_control() || is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/PM/APC: up to BEL, ST (ESC \) or the C1 ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' => break,
            '\u{1B}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        sanitize_text(s, MAX_TITLE_CHARS)
    }

    #[test]
    fn escape_sequences_vanish_whole() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("x\u{1b}]0;pwned\u{07}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\y"), "xy");
        assert_eq!(clean("c1\u{9b}31mred"), "c1red");
        assert_eq!(clean("bell\u{07}!"), "bell!");
    }

    #[test]
    fn invisible_and_bidi_characters_are_removed() {
        assert_eq!(
            clean("Nv\u{200B}idia \u{202E}evil\u{202C} \u{2066}x\u{2069}"),
            "Nvidia evil x"
        );
        assert_eq!(clean("\u{FEFF}soft\u{00AD}hyphen"), "softhyphen");
    }

    #[test]
    fn entities_decoded_once_and_tags_stripped() {
        assert_eq!(clean("S&amp;P 500 &mdash; up"), "S&P 500 — up");
        assert_eq!(clean("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
        assert_eq!(clean("<b>Bold</b> move"), "Bold move");
        assert_eq!(clean("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
    }

    #[test]
    fn plain_text_keeps_every_bracket_and_ampersand() {
        assert_eq!(
            sanitize_plain("Why Vec<T> beats &amp; <b>\u{1b}[2J", MAX_TITLE_CHARS),
            "Why Vec<T> beats &amp; <b>"
        );
    }

    #[test]
    fn long_markup_is_read_only_as_far_as_the_cap_needs() {
        let article = format!("<p>{}</p>", "word ".repeat(10_000));
        assert_eq!(sanitize_text(&article, 10), "word word…");
    }

    #[test]
    fn whitespace_folds_and_length_caps() {
        assert_eq!(clean("  a\t\n  b  "), "a b");
        assert_eq!(sanitize_text("abcdef", 3), "abc…");
    }

    #[test]
    fn only_http_links_survive() {
        assert_eq!(
            sanitize_link(" https://example.com/a "),
            Some("https://example.com/a".into())
        );
        assert_eq!(
            sanitize_link("http://example.com"),
            Some("http://example.com/".into())
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "example.com/a",
            "https://exa mple.com",
            "https://example.com/\u{1b}[2J",
            "https://example.com/a\nb",
        ] {
            assert_eq!(sanitize_link(bad), None, "{bad:?}");
        }
    }
}
