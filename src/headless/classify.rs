//! `tickwire classify`: headlines in on stdin, one verdict per line out.
//! A line is a title, or a JSON object with the title in its context:
//! `{"title": …, "source": …, "link": …, "summary": …}` (all but the title
//! optional). Feeds are remembered across lines, as the monitor does.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use crate::core::signal::FeedPrior;
use crate::core::signal::{Evidence, Part};
use crate::core::signal::{HeadlineText, Judge};
use crate::sources::sanitize::{MAX_SUMMARY_CHARS, MAX_TITLE_CHARS, sanitize_link, sanitize_text};

/// A headline as a JSON line gives it; unknown keys are ignored.
#[derive(Debug, Deserialize)]
struct Input {
    title: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Debug, Serialize)]
struct Verdict<'a> {
    title: &'a str,
    ai: bool,
    score: f32,
    terms: Vec<String>,
    tickers: Vec<String>,
    /// What each part (title, source, link, summary) contributed.
    evidence: Vec<Evidence>,
    /// The parts that made it AI, heaviest first.
    decided_by: Vec<Part>,
}

#[derive(Debug, Serialize)]
struct LineError {
    line: usize,
    error: String,
}

/// The fields of one input line, sanitized: stdin is as untrusted as a feed.
struct Clean {
    title: String,
    source: String,
    link: Option<String>,
    summary: String,
}

fn read_line(line: &str) -> Result<Clean, String> {
    if !line.trim_start().starts_with('{') {
        return Ok(Clean {
            title: sanitize_text(line, MAX_TITLE_CHARS),
            source: String::new(),
            link: None,
            summary: String::new(),
        });
    }
    let input: Input = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(Clean {
        title: sanitize_text(&input.title, MAX_TITLE_CHARS),
        source: sanitize_text(input.source.as_deref().unwrap_or(""), MAX_TITLE_CHARS),
        link: input.link.as_deref().and_then(sanitize_link),
        summary: sanitize_text(input.summary.as_deref().unwrap_or(""), MAX_SUMMARY_CHARS),
    })
}

/// One verdict per input line, in input order; a line that cannot be read
/// gets an error line (`{"line": 3, "error": …}`) and the rest go on.
pub fn classify(
    judge: &Judge,
    input: impl BufRead,
    out: &mut impl Write,
    json: bool,
) -> std::io::Result<()> {
    let mut record = FeedPrior::default();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        let clean = match read_line(&line) {
            Ok(c) => c,
            Err(error) => {
                if json {
                    serde_json::to_writer(&mut *out, &LineError { line: n + 1, error })?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "!! line {}: {error}", n + 1)?;
                }
                continue;
            }
        };
        let text = HeadlineText {
            title: &clean.title,
            source: &clean.source,
            link: clean.link.as_deref(),
            summary: &clean.summary,
        };
        let (rel, tickers) = judge.judge_in(&text, Some(&mut record));
        let decided_by = rel.decided_by();
        if json {
            let rec = Verdict {
                title: &clean.title,
                ai: rel.ai,
                score: rel.score,
                evidence: rel.evidence(),
                terms: rel.terms,
                tickers,
                decided_by,
            };
            serde_json::to_writer(&mut *out, &rec)?;
            writeln!(out)?;
        } else {
            let mark = if rel.ai { "AI" } else { "--" };
            let by: Vec<&str> = decided_by.iter().map(|p| p.as_str()).collect();
            let by = if by.is_empty() || by == ["title"] {
                String::new()
            } else {
                format!("  (by {})", by.join(" + "))
            };
            writeln!(out, "{mark} [{}] {}{by}", tickers.join(","), clean.title)?;
        }
    }
    Ok(())
}
