//! The ranking: direct over peer, the nearer lead first, nothing outside
//! the window, and no candidate means no linked news.

use super::*;
use crate::core::app::{Msg, update};
use crate::core::model::{FetchReport, Headline, SourceKind};
use chrono::{TimeZone, Utc};

fn at(h: u32, m: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2025, 1, 27, h, m, 0).unwrap()
}

fn state_with(headlines: &[(&str, &str, Timestamp)]) -> State {
    let mut s = State::new(&["NVDA".to_string()], at(16, 0));
    let headlines = headlines
        .iter()
        .map(|(id, title, when)| Headline {
            id: id.to_string(),
            title: title.to_string(),
            link: None,
            source: "Wire".into(),
            published: Some(*when),
            first_seen: *when,
            summary: String::new(),
        })
        .collect();
    let report = FetchReport::new(SourceKind::Feed, "Wire", "http://127.0.0.1/w", at(16, 0));
    let msg = Msg::HeadlinesFetched {
        report,
        headlines,
        skipped: 0,
    };
    update(&mut s, msg, at(16, 0));
    s
}

fn drop_at(h: u32, m: u32) -> PriceMove {
    PriceMove {
        symbol: "NVDA".into(),
        kind: MoveKind::Intraday,
        start: at(h, m),
        end: at(h, m + 10),
        change_pct: -5.0,
    }
}

fn ids(found: &[Why]) -> Vec<String> {
    found.iter().map(|w| w.item.headline.id.clone()).collect()
}

#[test]
fn a_direct_link_ranks_over_a_peer_and_carries_its_lead() {
    let s = state_with(&[
        (
            "peer",
            "Broadcom shares slide on chip export worries",
            at(14, 50),
        ),
        (
            "direct",
            "Nvidia slides as a rival model rattles chip stocks",
            at(14, 40),
        ),
    ]);
    let found = why(&s, &drop_at(15, 0));
    assert_eq!(ids(&found), ["direct", "peer"]);
    assert_eq!((found[0].link, found[0].lead_s), (Link::Direct, 20 * 60));
    assert_eq!(found[1].link, Link::Peer);
}

#[test]
fn the_nearer_lead_ranks_first_and_the_window_bounds_the_candidates() {
    let s = state_with(&[
        ("early", "Nvidia supplier outlook trimmed", at(13, 10)),
        ("near", "Nvidia falls in early trade", at(14, 55)),
        ("after", "Nvidia extends its slide", at(15, 3)),
        ("too-late", "Nvidia rout deepens", at(15, 30)),
        ("too-early", "Nvidia investor day set", at(12, 0)),
    ]);
    let found = why(&s, &drop_at(15, 0));
    assert_eq!(ids(&found), ["near", "early", "after"]);
    assert!(found[2].lead_s < 0, "after the start, within the trail");
}

#[test]
fn no_linked_headline_is_no_linked_news() {
    let s = state_with(&[("other", "Bond yields edge higher", at(14, 50))]);
    assert!(why(&s, &drop_at(15, 0)).is_empty());
}
