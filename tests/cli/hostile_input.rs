//! A hostile recording (OSC 52, OSC 0, CSI clear, DCS, C1 CSI, bidi, a
//! `javascript:` link, a date in 9999, a huge title, a lying quote) played
//! by `snapshot --replay`: no byte of it reaches stdout, text or JSON.

use assert_cmd::Command;
use serde_json::json;

/// Every kind of terminal-active text a line can carry.
pub const HOSTILE: &str = "A\u{1b}]52;c;cm0gLXJmIH4=\u{7}B\u{1b}]0;pwned\u{1b}\\C\u{1b}[2J\
D\u{1b}P1;2|x\u{1b}\\E\u{9b}31mF\u{9d}0;t\u{9c}G\u{202e}H\u{200b}I\u{7f}J";

/// What none of the output may contain.
pub fn assert_terminal_safe(out: &[u8], what: &str) {
    let text = String::from_utf8_lossy(out);
    for (i, c) in text.chars().enumerate() {
        let bad = (c.is_control() && c != '\n') || tickwire::core::text::is_invisible(c);
        assert!(!bad, "{what}: {c:?} at char {i}");
    }
    for word in ["javascript:", "pwned", "cm0gLXJm"] {
        assert!(!text.contains(word), "{what}: {word} printed");
    }
}

fn recording(dir: &std::path::Path) -> std::path::PathBuf {
    let at = "2025-01-27T15:00:00Z";
    let source = json!({"kind": "feed", "name": format!("Desk{HOSTILE}"),
        "url": "http://127.0.0.1:1/feed", "at": at});
    let headline = |id: &str, title: String, link: &str, published: &str, first_seen: &str| {
        json!({"id": id, "title": title, "link": link, "source": format!("Desk{HOSTILE}"),
            "published": published, "first_seen": first_seen, "summary": HOSTILE})
    };
    let lines = [
        json!({"v": 1, "at": at, "type": "headlines", "source": source, "headlines": [
            headline("h1", format!("Nvidia AI {HOSTILE}"), "javascript:alert(1)",
                "9999-01-01T00:00:00Z", "9999-01-01T00:00:00Z"),
            headline("h2", "x".repeat(200_000), "file:///etc/passwd", at, at),
        ]}),
        json!({"v": 1, "at": at, "type": "quote",
            "source": {"kind": "quotes", "name": "NVDA", "url": "http://127.0.0.1:1/q", "at": at},
            "quote": {"symbol": format!("NVDA{HOSTILE}"), "price": 1.07, "prev_close": 142.62,
                "currency": "USD", "exchange": "NMS", "market_state": "regular",
                "as_of": at, "provider": "yahoo"}}),
        json!({"v": 1, "at": at, "type": "source_failed",
            "source": {"kind": "feed", "name": "Lab", "url": format!("http://x/{HOSTILE}"), "at": at},
            "failure": {"class": "parse", "detail": HOSTILE}}),
    ];
    let path = dir.join("hostile.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn a_hostile_recording_prints_nothing_a_terminal_acts_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = recording(dir.path());
    for json in [true, false] {
        let mut cmd = Command::cargo_bin("tickwire").unwrap();
        cmd.env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .arg("snapshot");
        if json {
            cmd.arg("--json");
        }
        let out = cmd.arg("--replay").arg(&path).output().unwrap();
        let what = if json { "json" } else { "text" };
        assert!(
            !out.stdout.is_empty(),
            "{what}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_terminal_safe(&out.stdout, what);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Nvidia AI AB"),
            "{what}: the words stay: {text:.400}"
        );
        assert!(
            !text.contains("9999"),
            "{what}: a date from the future clamped"
        );
        assert!(
            text.len() < 20_000,
            "{what}: a huge title capped ({} bytes)",
            text.len()
        );
        assert!(
            !text.contains("-99."),
            "{what}: a lying quote shows no move"
        );
        if json {
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            for h in doc["headlines"].as_array().unwrap() {
                assert!(h["link"].is_null(), "{what}: {}", h["link"]);
            }
        }
    }
}
