//! Markup reduced to the words a reader sees. A real HTML tokenizer
//! (html5ever) drops tags, comments, scripts and styles and decodes
//! character references exactly once; no regex guesses at tags. Also
//! whether an RSS title, which declares no type, is HTML at all.

use std::cell::{Cell, RefCell};

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The text of an HTML fragment: words kept, markup dropped. Block
/// elements separate words; inline ones do not ("Ex<b>am</b>ple").
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.to_string();
    }
    let sink = Words::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.out.take()
}

#[derive(Default)]
struct Words {
    out: RefCell<String>,
    /// Inside a script, style or other element whose text is never shown.
    hidden: Cell<bool>,
}

/// Elements whose content is not text for a reader.
const HIDDEN: [&str; 6] = [
    "script", "style", "iframe", "noembed", "noframes", "noscript",
];
/// Elements that start a new line (or cell) when rendered.
#[rustfmt::skip]
const BLOCKS: [&str; 26] = [
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "td",
    "tr", "ul",
];
/// Inline elements a headline may carry as markup.
#[rustfmt::skip]
const PHRASING: [&str; 30] = [
    "a", "abbr", "acronym", "b", "big", "cite", "code", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
];

impl TokenSink for Words {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if !self.hidden.get() => {
                self.out.borrow_mut().push_str(&text);
            }
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if HIDDEN.contains(&name) {
                    let opens = tag.kind == TagKind::StartTag && !tag.self_closing;
                    self.hidden.set(opens);
                    if opens {
                        // The tokenizer alone does not know these hold raw text.
                        return TokenSinkResult::RawData(if name == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        });
                    }
                } else if BLOCKS.contains(&name) {
                    self.out.borrow_mut().push(' ');
                } else if tag.kind == TagKind::StartTag && matches!(name, "title" | "textarea") {
                    return TokenSinkResult::RawData(RawKind::Rcdata);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Whether a title from a format that does not declare its type (RSS)
/// is HTML rather than text: it must close a known HTML element or use
/// a character reference, and every tag in it must be a known HTML
/// element. "Why Vec<T> beats LinkedList<T>" and "The <dialog> element"
/// stay text; "Older &amp; wiser" and "<b>Bold</b> move" are HTML.
pub fn title_is_html(s: &str) -> bool {
    let mut tags = tag_names(s).peekable();
    let closes_tag = s.contains("</") && tags.peek().is_some();
    if !(closes_tag || has_reference(s)) {
        return false;
    }
    tag_names(s).all(|name| {
        let name = name.to_ascii_lowercase();
        BLOCKS.contains(&name.as_str()) || PHRASING.contains(&name.as_str())
    })
}

/// Names after `<` or `</` that start with a letter.
fn tag_names(s: &str) -> impl Iterator<Item = &str> {
    s.match_indices('<').filter_map(move |(at, _)| {
        let rest = s[at + 1..].strip_prefix('/').unwrap_or(&s[at + 1..]);
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..end];
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(name)
    })
}

/// A `&name;`, `&#123;` or `&#x1F;` that HTML would decode.
fn has_reference(s: &str) -> bool {
    s.match_indices('&').any(|(at, _)| {
        let rest = &s[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 33) else {
            return false;
        };
        let candidate = &rest[..=end];
        html_escape::decode_html_entities(candidate) != candidate
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_words() {
        assert_eq!(html_to_text("Ex<b>am</b>ple &amp; more"), "Example & more");
        assert_eq!(html_to_text("<p>one</p><p>two</p>"), " one  two ");
        assert_eq!(html_to_text("a<script>alert('<b>x</b>')</script>b"), "ab");
        assert_eq!(
            html_to_text("a<style>p{color:red}</style>b<!-- c -->"),
            "ab"
        );
        assert_eq!(
            html_to_text("&lt;dialog&gt; &#x26; &bogus;"),
            "<dialog> & &bogus;"
        );
        assert_eq!(html_to_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
    }

    #[test]
    fn a_title_is_html_only_when_it_plainly_is() {
        for text in [
            "Why Vec<T> beats LinkedList<T>",
            "The <dialog> element is finally usable",
            "S&P 500 & AT&T",
            "1 < 2 and 3 > 2",
            "Use </dialog> & <dialog>",
        ] {
            assert!(!title_is_html(text), "{text}");
        }
        for html in [
            "Older &amp; wiser",
            "<b>Bold</b> move",
            "caf&eacute;",
            "x &#38; y",
        ] {
            assert!(title_is_html(html), "{html}");
        }
    }
}
