//! Checked values the config file holds: durations, URLs, symbols. Any
//! part of the program that reads settings (the providers' own sections
//! among them) uses these, so a bad value is refused on load.

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::core::quotes::Rate;

/// A humantime duration of at least one second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval(pub Duration);

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let dur = humantime::parse_duration(&s)
            .map_err(|e| serde::de::Error::custom(format!("invalid duration {s:?}: {e}")))?;
        if dur < Duration::from_secs(1) {
            return Err(serde::de::Error::custom(format!(
                "duration {s:?} is below the 1s minimum"
            )));
        }
        Ok(Interval(dur))
    }
}

/// A request budget: "360/h", "60/min".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateValue(pub Rate);

impl<'de> Deserialize<'de> for RateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rate::parse(&s)
            .map(RateValue)
            .map_err(serde::de::Error::custom)
    }
}

/// An absolute http(s) URL.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpUrl(pub String);

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        absolute_url(d, &["http", "https"], "an http(s)").map(HttpUrl)
    }
}

/// An absolute ws(s) URL.
#[derive(Debug, Clone, PartialEq)]
pub struct WsUrl(pub String);

impl<'de> Deserialize<'de> for WsUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        absolute_url(d, &["ws", "wss"], "a ws(s)").map(WsUrl)
    }
}

/// A URL with a host and one of `schemes`, else "… is not {what} URL".
fn absolute_url<'de, D: Deserializer<'de>>(
    d: D,
    schemes: &[&str],
    what: &str,
) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    match reqwest::Url::parse(&s) {
        Ok(u) if schemes.contains(&u.scheme()) && u.host_str().is_some() => Ok(s),
        _ => Err(serde::de::Error::custom(format!("{s:?} is not {what} URL"))),
    }
}

/// A ticker as the quote providers spell it (upper-cased on load).
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol(pub String);

impl<'de> Deserialize<'de> for Symbol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?.trim().to_ascii_uppercase();
        let valid = (1..=15).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"^.=-".contains(&b));
        if valid {
            Ok(Symbol(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "{s:?} is not a ticker symbol"
            )))
        }
    }
}
