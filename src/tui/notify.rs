//! Getting the user's attention outside the screen: the bell, and desktop
//! notifications by OSC 9 (iTerm2, WezTerm, kitty …) and OSC 777 (urxvt,
//! foot, VTE). Both travel through ssh as plain bytes.

use crate::sources::sanitize::is_invisible;

/// The bytes to write for one notification. The text is sanitized already;
/// here we also drop anything that could end or split the OSC string.
pub fn notification_bytes(title: &str, body: &str, bell: bool, desktop: bool) -> String {
    let mut out = String::new();
    if desktop {
        let (title, body) = (osc_safe(title), osc_safe(body));
        out.push_str(&format!("\x1b]9;{title}: {body}\x07"));
        out.push_str(&format!("\x1b]777;notify;{title};{body}\x07"));
    }
    if bell {
        out.push('\x07');
    }
    out
}

fn osc_safe(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !is_invisible(*c) && *c != ';')
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_notifications_use_osc_9_and_777() {
        let bytes = notification_bytes("NVDA ▼-3.85% in 15m", "price 125.00", false, true);
        assert_eq!(
            bytes,
            "\x1b]9;NVDA ▼-3.85% in 15m: price 125.00\x07\x1b]777;notify;NVDA ▼-3.85% in 15m;price 125.00\x07"
        );
    }

    #[test]
    fn nothing_in_the_text_can_break_out_of_the_sequence() {
        let bytes = notification_bytes("a;b\x07c\x1b[2J", "x\u{9c}y", false, true);
        assert_eq!(bytes.matches('\x07').count(), 2, "only our own terminators");
        assert_eq!(bytes.matches('\x1b').count(), 2, "only our own introducers");
        assert!(bytes.contains("abc[2J: xy"));
    }

    #[test]
    fn bell_alone_is_one_bel() {
        assert_eq!(notification_bytes("t", "b", true, false), "\x07");
        assert_eq!(notification_bytes("t", "b", false, false), "");
    }
}
