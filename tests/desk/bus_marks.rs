//! A `--bus` screen in a pseudo-terminal keeps its read marks in its own
//! data dir: they survive a restart, and the screen still polls nothing.

use crate::support::DEAD_BASE;
use crate::support::nats::{Feed, NatsServer, collector, desk_config};
use crate::support::pty::{Pty, dim_in};

const STORIES: [&str; 2] = ["Story one", "Story two"];

#[test]
fn a_bus_screen_keeps_its_read_marks_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let Some(nats) = NatsServer::start(dir.path()) else {
        return;
    };
    let feed = Feed::start(&["Story one", "Story two"]);
    let config = desk_config(dir.path(), &feed.url(), &[], DEAD_BASE, "");
    let _collector = collector(&config, &dir.path().join("c"), &nats.url());
    let data = dir.path().join("screen");
    std::fs::create_dir(&data).unwrap();
    let url = nats.url();
    let screen = || Pty::tickwire_with(&config, &data, &["--bus", &url], &[], (24, 100));
    let both = |s: &str| s.contains("Story one") && s.contains("Story two");

    let mut m = screen();
    m.wait_until("both stories from the bus", both);
    // Mark the selected story read; it dims once the store saved it.
    m.press("m");
    m.wait_for("a story marked read", |p| {
        both(&p.screen().contents()) && STORIES.iter().any(|t| dim_in(p, t))
    });
    let read = STORIES
        .into_iter()
        .filter(|t| m.dimmed(t))
        .collect::<Vec<_>>();
    assert_eq!(read.len(), 1, "one story marked: {read:?}");
    let screen_text = m.parser.screen().contents();
    assert!(
        screen_text.contains("bus: connected") && !screen_text.contains("polling"),
        "a bus screen polls nothing: {screen_text}"
    );
    m.press("q");
    m.finish();

    let mut m = screen();
    m.wait_until("both stories again", both);
    for t in STORIES {
        assert_eq!(m.dimmed(t), read.contains(&t), "{t} after the restart");
    }
    m.press("q");
    m.finish();
}
