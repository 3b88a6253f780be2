//! The header readers on the values servers really send.

use super::*;

#[test]
fn retry_after_in_seconds_or_as_a_date() {
    let now = httpdate::parse_http_date("Mon, 27 Jan 2025 10:00:00 GMT").unwrap();
    assert_eq!(
        parse_retry_after(" 120 ", now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        parse_retry_after("Mon, 27 Jan 2025 10:01:30 GMT", now),
        Some(Duration::from_secs(90))
    );
    assert_eq!(
        parse_retry_after("Mon, 27 Jan 2025 09:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-5", now), None);
}

#[test]
fn max_age_among_other_directives() {
    assert_eq!(
        parse_max_age("public, max-age=900, s-maxage=60"),
        Some(Duration::from_secs(900))
    );
    assert_eq!(parse_max_age("no-cache"), None);
    assert_eq!(parse_max_age("s-maxage=60"), None);
}
