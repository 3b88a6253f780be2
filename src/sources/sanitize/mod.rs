//! The gate for everything untrusted: text and links cleaned before the
//! core sees them, markup read by a real tokenizer, and a parser's panic
//! on hostile bytes contained to its document.

pub mod arrived;
mod contain;
mod gate;
mod html_text;

pub use contain::{contained, install_panic_filter, is_contained};
pub use gate::{
    MAX_DETAIL_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, is_invisible, sanitize_link,
    sanitize_plain, sanitize_text,
};
pub use html_text::title_is_html;
