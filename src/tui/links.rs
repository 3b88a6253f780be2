//! Links leave the terminal safely: opened with the platform opener (no
//! shell, the URL as one argument, http/https only), or copied to the
//! user's clipboard with OSC 52 — the only thing that works over ssh.

use std::io;
use std::process::{Command, Stdio};

use base64::Engine;

use crate::config::LinkMode;
use crate::sources::sanitize::is_invisible;

/// Are we on the far end of an ssh connection?
pub fn over_ssh() -> bool {
    ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Should `o` copy instead of open?
pub fn copy_instead(mode: LinkMode, ssh: bool) -> bool {
    match mode {
        LinkMode::Auto => ssh,
        LinkMode::Open => false,
        LinkMode::Copy => true,
    }
}

/// Only absolute http(s) URLs with nothing that could be mistaken for an
/// option, end an OSC string (ESC, BEL, C1) or reorder text (bidi): such a
/// URL is refused, never escaped.
pub fn is_openable(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || is_invisible(c))
}

/// Start the platform opener detached; tickwire does not wait for it.
pub fn open(url: &str) -> io::Result<()> {
    if !is_openable(url) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not an http(s) URL",
        ));
    }
    let mut child = opener(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reap it off the UI thread so it never lingers as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The platform opener with the URL as its one argument: no shell, so
/// `;`, `$(…)` or backticks in a URL are just characters of it.
pub fn opener(url: &str) -> Command {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut command = Command::new(program);
    command.arg(url);
    command
}

/// OSC 52: set the clipboard of the terminal the user sits at.
pub fn osc52(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .collect();
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(clean)
    )
}

/// OSC 8: turn the already drawn text at (`col`, `row`) into a hyperlink.
pub fn osc8_overlay(col: u16, row: u16, url: &str, width: u16) -> String {
    if !is_openable(url) {
        return String::new();
    }
    let visible: String = url.chars().take(width as usize).collect();
    format!(
        "\x1b[{};{}H\x1b]8;;{url}\x1b\\{visible}\x1b]8;;\x1b\\",
        row + 1,
        col + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_open() {
        assert!(is_openable("https://example.com/a?b=c"));
        assert!(!is_openable("file:///etc/passwd"));
        assert!(!is_openable("javascript:alert(1)"));
        assert!(!is_openable("--help"));
        assert!(!is_openable("https://example.com/\x1b[2J"));
        assert!(
            !is_openable("https://e.x/\x1b\\\x1b]0;pwned\x07"),
            "ESC \\ ends OSC 8"
        );
        assert!(!is_openable("https://e.x/a\x07b"), "BEL ends OSC 8");
        assert!(!is_openable("https://e.x/\u{9c}"), "C1 string terminator");
        assert!(!is_openable("https://e.x/\u{202e}gpj.exe"), "bidi override");
        assert!(open("file:///etc/passwd").is_err());
    }

    #[test]
    fn ssh_sessions_copy_in_auto_mode() {
        assert!(copy_instead(LinkMode::Auto, true));
        assert!(!copy_instead(LinkMode::Auto, false));
        assert!(!copy_instead(LinkMode::Open, true));
        assert!(copy_instead(LinkMode::Copy, false));
    }

    #[test]
    fn osc52_carries_base64_text() {
        assert_eq!(osc52("https://e.x/a"), "\x1b]52;c;aHR0cHM6Ly9lLngvYQ==\x07");
        assert_eq!(osc52("a\x07b"), osc52("ab"), "no control bytes smuggled in");
    }

    #[test]
    fn osc8_wraps_the_visible_text() {
        assert_eq!(
            osc8_overlay(4, 9, "https://e.x/long/path", 11),
            "\x1b[10;5H\x1b]8;;https://e.x/long/path\x1b\\https://e.x\x1b]8;;\x1b\\"
        );
        assert_eq!(osc8_overlay(0, 0, "javascript:x", 5), "");
    }
}
