//! A source's health changes worth one log line each: it went failing,
//! it fails differently now, it recovered. Retries that fail the same way
//! are not changes, so an outage is logged once, not once per retry. A
//! source whose news became much later is one line too.

use std::fmt;

use crate::core::model::{FailureClass, SourceHealth, SourceKind, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthChange {
    Failing {
        kind: SourceKind,
        name: String,
        url: String,
        status: Option<u16>,
        error: String,
    },
    Recovered {
        kind: SourceKind,
        name: String,
        /// Its last good answer before the outage, if it ever had one.
        last_success: Option<Timestamp>,
        at: Timestamp,
    },
    /// Its median lag went from `from_s` to `to_s` (`news::SourceLag::slower`).
    Slower {
        kind: SourceKind,
        name: String,
        from_s: i64,
        to_s: i64,
    },
}

/// How a source fails, for telling one failure from another: the class
/// and status, not the detail (which may carry a countdown).
fn how(h: &SourceHealth) -> Option<(Option<FailureClass>, Option<u16>)> {
    (!h.ok).then_some((h.failure, h.http_status))
}

/// The change from `before` (none: never heard of) to `after`, if any.
pub fn change(before: Option<&SourceHealth>, after: &SourceHealth) -> Option<HealthChange> {
    let was = before.and_then(how);
    let now = how(after);
    let held = |h: Option<(Option<FailureClass>, Option<u16>)>| {
        h.is_some_and(|(class, _)| class == Some(FailureClass::HeldBack))
    };
    // Held back is "not asked while the provider asked us to wait": the
    // failure it follows or precedes goes on, nothing new.
    if was == now || (was.is_some() && now.is_some() && (held(was) || held(now))) {
        return None;
    }
    // Unequal: with no failure now, there was one before.
    Some(match now {
        None => HealthChange::Recovered {
            kind: after.kind,
            name: after.name.clone(),
            last_success: before.and_then(|b| b.last_success),
            at: after.last_attempt,
        },
        Some((_, status)) => HealthChange::Failing {
            kind: after.kind,
            name: after.name.clone(),
            url: after.url.clone(),
            status,
            error: after.error.clone().unwrap_or_default(),
        },
    })
}

impl fmt::Display for HealthChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HealthChange::Failing {
                kind,
                name,
                url,
                status,
                error,
            } => {
                write!(f, "{} {name:?} failing: {error}", kind.as_str())?;
                if let Some(s) = status {
                    write!(f, " (status {s})")?;
                }
                if !url.is_empty() {
                    write!(f, " <{url}>")?;
                }
                Ok(())
            }
            HealthChange::Recovered {
                kind,
                name,
                last_success,
                at,
            } => {
                write!(f, "{} {name:?} recovered", kind.as_str())?;
                match last_success {
                    Some(t) => write!(f, " (no good answer for {}s)", (*at - *t).num_seconds()),
                    None => write!(f, " (its first good answer)"),
                }
            }
            HealthChange::Slower {
                kind,
                name,
                from_s,
                to_s,
            } => write!(
                f,
                "{} {name:?} slower: median lag {to_s}s, was {from_s}s",
                kind.as_str()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(secs: i64) -> Timestamp {
        Utc.timestamp_opt(1_737_990_000 + secs, 0).unwrap()
    }

    fn health(ok: bool, status: Option<u16>, error: &str, t: i64) -> SourceHealth {
        let last_success = if ok { Some(at(t)) } else { Some(at(0)) };
        SourceHealth {
            kind: SourceKind::Quotes,
            name: "NVDA".into(),
            url: "http://127.0.0.1/chart".into(),
            ok,
            error: (!ok).then(|| error.to_string()),
            failure: (!ok).then_some(FailureClass::Http),
            items: 1,
            skipped: 0,
            outside: 0,
            http_status: status,
            elapsed_ms: 3,
            last_attempt: at(t),
            last_success,
            last_error: None,
            not_modified: false,
            next_poll: None,
        }
    }

    #[test]
    fn an_outage_is_one_line_down_and_one_line_up() {
        let ok = health(true, Some(200), "", 0);
        let down = health(false, Some(503), "HTTP 503", 10);
        let first = change(Some(&ok), &down).expect("went failing");
        assert_eq!(
            first.to_string(),
            "quotes \"NVDA\" failing: HTTP 503 (status 503) <http://127.0.0.1/chart>"
        );
        // The same failure again, a countdown in its text: no new line.
        let again = health(false, Some(503), "HTTP 503, retry in 9s", 20);
        assert_eq!(change(Some(&down), &again), None);
        // A different failure is a change.
        let throttled = health(false, Some(429), "HTTP 429", 30);
        assert!(matches!(
            change(Some(&again), &throttled),
            Some(HealthChange::Failing {
                status: Some(429),
                ..
            })
        ));
        // Not asked while the provider asks us to wait: the same outage.
        let mut held = health(false, None, "throttled, next try in 25s", 40);
        held.failure = Some(FailureClass::HeldBack);
        assert_eq!(change(Some(&throttled), &held), None);
        assert_eq!(change(Some(&held), &throttled), None);
        let back = health(true, Some(200), "", 70);
        let up = change(Some(&throttled), &back).expect("recovered");
        assert_eq!(
            up.to_string(),
            "quotes \"NVDA\" recovered (no good answer for 70s)"
        );
        assert_eq!(change(Some(&back), &ok), None);
    }

    #[test]
    fn a_first_answer_is_news_only_when_it_fails() {
        assert_eq!(change(None, &health(true, Some(200), "", 0)), None);
        assert!(change(None, &health(false, None, "refused", 0)).is_some());
    }
}
