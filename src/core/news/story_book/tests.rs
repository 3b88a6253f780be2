//! The story book: copies leave with their story, restored stories are
//! indexed, not merged again.

use super::*;
use crate::core::model::test_headline as headline;

fn book(max: usize) -> StoryBook {
    StoryBook::new(Judge::builtin(), max)
}

/// Copies merged into a story leave memory with it: nothing grows with
/// every poll of a long day.
#[test]
fn ids_leave_with_their_story() {
    let mut s = book(50);
    let copy = |id| headline(id, "https://x.example/a", "B", 0);
    let first = s.add(
        vec![Story::fetched(headline("a", "https://x.example/a", "A", 0))],
        false,
    );
    assert_eq!(first.new.len(), 1);
    let again = s.add(vec![Story::fetched(copy("b-copy"))], false);
    assert!(
        again.new.is_empty() && again.touched.len() == 1,
        "a copy joins"
    );
    assert_eq!(s.items.len(), 1);
    assert_eq!(s.items[0].sources, ["A", "B"]);
    assert_eq!(s.story_of.len(), 2);
    let newer = (1..=50)
        .map(|i| headline(&format!("n{i}"), &format!("https://x.example/n{i}"), "A", i))
        .map(Story::fetched)
        .collect();
    s.add(newer, false);
    let left = s.evict();
    assert_eq!(left.len(), 1, "the oldest story left");
    assert!(!s.story_of.contains_key("a") && !s.story_of.contains_key("b-copy"));
    assert_eq!((s.story_of.len(), s.items.len()), (50, 50));
    assert!(s.copies.is_empty() && s.key_of.len() == 50);
}
