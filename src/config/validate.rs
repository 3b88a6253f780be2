//! What the schema cannot say: names used twice, weights and thresholds
//! in range, alert queries that parse.

use super::ConfigError;
use super::schema::{AlertRuleConfig, Config};
use crate::core::news::Query;
use crate::core::text::is_displayable;

fn is_ticker_or_empty(t: &str) -> bool {
    t.is_empty()
        || ((1..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase() || b == b'.'))
}

impl Config {
    pub(super) fn validate(&self, origin: &str) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: origin.to_string(),
            message,
        };
        let mut names = std::collections::HashSet::new();
        for f in &self.feeds {
            if f.name.trim().is_empty() {
                return Err(invalid(format!("feed {:?} has an empty name", f.url.0)));
            }
            // A name is shown as written: a control character in it could
            // reach the terminal, a bidi one could disguise it.
            if !is_displayable(&f.name) {
                return Err(invalid(format!(
                    "feed name {:?} holds a control or invisible character",
                    f.name
                )));
            }
            if !names.insert(f.name.as_str()) {
                return Err(invalid(format!("feed name {:?} is used twice", f.name)));
            }
        }
        for (term, weight) in &self.ai.terms {
            if !weight.is_finite() || *weight < 0.0 || term.trim().is_empty() {
                return Err(invalid(format!(
                    "ai.terms: {term:?} = {weight} must be a phrase with a weight >= 0"
                )));
            }
        }
        for (pattern, weight) in &self.ai.sources {
            if !weight.is_finite() || *weight < 0.0 || pattern.trim().is_empty() {
                return Err(invalid(format!(
                    "ai.sources: {pattern:?} = {weight} must be a name or host with a weight >= 0"
                )));
            }
        }
        for f in &self.feeds {
            if let Some(t) = f.ticker.as_deref().filter(|t| !is_ticker_or_empty(t)) {
                return Err(invalid(format!(
                    "feed {:?}: ticker {t:?} is not a ticker",
                    f.name
                )));
            }
        }
        for (alias, ticker) in &self.tickers.aliases {
            if !is_ticker_or_empty(ticker) || alias.trim().is_empty() {
                return Err(invalid(format!(
                    "tickers.aliases: {alias:?} = {ticker:?} is not a phrase and a ticker"
                )));
            }
        }
        for rule in &self.alerts.rules {
            match rule {
                AlertRuleConfig::Move { threshold_pct, .. }
                    if !threshold_pct.is_finite() || *threshold_pct <= 0.0 =>
                {
                    return Err(invalid(format!(
                        "alerts.rules: move threshold_pct {threshold_pct} must be above 0"
                    )));
                }
                AlertRuleConfig::Keyword { phrase } if phrase.trim().is_empty() => {
                    return Err(invalid("alerts.rules: keyword phrase is empty".into()));
                }
                AlertRuleConfig::Query { query } => {
                    let parsed = Query::parse(query);
                    if let Some(problem) = parsed.problems.first() {
                        return Err(invalid(format!("alerts.rules: query {query:?}: {problem}")));
                    }
                    if parsed.is_empty() {
                        return Err(invalid("alerts.rules: query is empty".into()));
                    }
                }
                _ => {}
            }
        }
        if self.http.max_in_flight == 0 || self.http.max_per_host == 0 {
            return Err(invalid(
                "http.max_in_flight and http.max_per_host must be at least 1".into(),
            ));
        }
        if self.record.max_bytes < MIN_RECORD_BYTES || self.record.keep == 0 {
            return Err(invalid(format!(
                "record.max_bytes must be at least {MIN_RECORD_BYTES} and record.keep at least 1"
            )));
        }
        Ok(())
    }
}

/// Smaller files would rotate every few seconds and mostly hold headers.
const MIN_RECORD_BYTES: u64 = 1 << 20;
