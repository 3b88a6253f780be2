use super::*;

#[test]
fn retries_soon_then_doubles_up_to_the_symbols_cadence() {
    let closed = Duration::from_secs(300);
    let secs: Vec<u64> = (1..=8)
        .map(|n| quote_retry(n, closed, 0.5).as_secs())
        .collect();
    assert_eq!(secs, [5, 10, 20, 40, 80, 160, 300, 300]);
    let open = Duration::from_secs(15);
    let secs: Vec<u64> = (1..=3)
        .map(|n| quote_retry(n, open, 0.5).as_secs())
        .collect();
    assert_eq!(secs, [5, 10, 15]);
    assert_eq!(quote_retry(u32::MAX, closed, 0.5), closed);
}

#[test]
fn jitter_spreads_by_a_fifth_either_way() {
    let clock = Duration::from_secs(300);
    assert_eq!(quote_retry(1, clock, 0.0), Duration::from_secs(4));
    assert_eq!(quote_retry(1, clock, 1.0), Duration::from_secs(6));
}
