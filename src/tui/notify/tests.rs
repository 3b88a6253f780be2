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
