//! A recording made ready to play, for the monitor and for `snapshot`:
//! the app set up as the recording was made (its watchlist, feeds and
//! staleness; your alert rules, judge and keys), and a state positioned
//! at the recording's start with the replay loaded.

use std::time::Duration;

use crate::config::FeedConfig;
use crate::config::values::{HttpUrl, Interval, Symbol};
use crate::core::app::State;
use crate::core::replay::{Replayer, Tape};
use crate::event::{Header, Recording};
use crate::wiring::App;

/// A recording ready to play: the state at its start, and the driver that
/// plays the rest into it.
pub struct Playback {
    pub state: State,
    pub replayer: Replayer,
}

/// `speed`: the user's, else the recording's, else 1×.
pub fn prepare(app: &mut App, recording: Recording, speed: Option<u32>) -> Playback {
    let header = recording.header;
    let config = &mut app.config;
    config.watchlist.symbols = header.watchlist.iter().cloned().map(Symbol).collect();
    // A feed your config also has keeps what you said of it (topic, ticker).
    config.feeds = header
        .feeds
        .iter()
        .map(|(name, url)| {
            let mine = config.feeds.iter().find(|f| f.name == *name);
            FeedConfig {
                name: name.clone(),
                url: HttpUrl(url.clone()),
                refresh: None,
                topic: mine.and_then(|f| f.topic),
                ticker: mine.and_then(|f| f.ticker.clone()),
            }
        })
        .collect();
    let secs = |s: u64| Interval(Duration::from_secs(s.max(1)));
    config.quotes.stale_after = Some(secs(header.stale_after_secs.max(1) as u64));
    config.refresh.quotes = secs(header.quote_every_secs);
    let msgs = recording
        .events
        .into_iter()
        .filter_map(|e| {
            let at = e.at;
            e.into_msg().map(|m| (at, m))
        })
        .collect();
    let tape = Tape::new(msgs, header.bookmarks);
    let state = app.initial_state(tape.first().unwrap_or_else(chrono::Utc::now));
    let speed = speed.or(header.speed).unwrap_or(1);
    let (state, replayer) = Replayer::begin(state, tape, speed, header.start);
    Playback { state, replayer }
}

/// What a recording made now starts with: this app's watchlist, feeds
/// and staleness.
pub fn header(app: &App) -> Header {
    let config = &app.config;
    Header {
        app: format!("tickwire {}", env!("CARGO_PKG_VERSION")),
        watchlist: config.symbols(),
        feeds: config
            .feeds
            .iter()
            .map(|f| (f.name.clone(), f.url.0.clone()))
            .collect(),
        stale_after_secs: config.stale_after_secs(),
        quote_every_secs: config.refresh.quotes.0.as_secs(),
        ..Header::default()
    }
}
