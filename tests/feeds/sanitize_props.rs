//! Properties of the one gate for untrusted text, on generated input
//! rich in the characters that attack terminals.

use proptest::prelude::*;
use tickwire::sources::sanitize::{sanitize_link, sanitize_plain, sanitize_text};

/// Characters that must never reach a terminal.
fn forbidden(c: char) -> bool {
    c.is_control() // C0, DEL, C1
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

const NASTY: &[char] = &[
    '\u{1B}', '\u{07}', '\u{08}', '\t', '\n', '\r', '\u{7F}', '\u{9B}', '\u{9D}', '\u{85}',
    '\u{061C}', '\u{200B}', '\u{200D}', '\u{200E}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{FEFF}',
    '\u{00AD}', '[', ']', ';', '<', '>', '&', '#', 'x', '1', 'b', ' ',
];

fn hostile_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![any::<char>(), prop::sample::select(NASTY)],
        0..120,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Also character references of the nasty characters (`&#27;`, `&#x202E;`).
fn with_references() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            hostile_string(),
            prop::sample::select(NASTY).prop_map(|c| format!("&#{};", c as u32)),
            prop::sample::select(NASTY).prop_map(|c| format!("&#x{:X};", c as u32)),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn text_never_carries_control_bidi_or_invisible_characters(raw in with_references()) {
        // Markup and plain text alike: the same guarantees.
        for out in [sanitize_text(&raw, 80), sanitize_plain(&raw, 80)] {
            prop_assert!(!out.chars().any(forbidden), "{:?} -> {:?}", raw, out);
            prop_assert!(out.chars().count() <= 81);
            prop_assert!(!out.starts_with(' ') && !out.ends_with(' ') && !out.contains("  "));
        }
    }

    #[test]
    fn links_are_http_or_https_or_nothing(
        scheme in prop::sample::select(&["http://", "https://", "javascript:", "file://", "data:", "", "HTTPS://", " http://", "vbscript:"][..]),
        rest in hostile_string(),
    ) {
        let raw = format!("{scheme}{rest}");
        if let Some(link) = sanitize_link(&raw) {
            prop_assert!(link.starts_with("http://") || link.starts_with("https://"), "{:?}", link);
            prop_assert!(!link.chars().any(|c| forbidden(c) || c.is_whitespace()), "{:?}", link);
        }
    }
}
