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
mod tests;
