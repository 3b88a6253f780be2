//! The SQLite store (`tickwire.db` in the data dir): headlines with their
//! judgement and feeds, read marks per user, feed validators and moves,
//! source health and lag samples, each symbol's last quote and series, alert history, and
//! the leader lease that lets one process per data dir poll.
//!
//! Only `writer.rs`'s thread writes while a monitor runs; the core never
//! sees SQLite (it emits `Effect::Persist` and takes `Msg::Restored`).

mod lease;
mod rows;
mod schema;
pub mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use thiserror::Error;

use crate::core::alerts::Alert;
use crate::core::app::{Restored, Save};
use crate::core::model::{Headline, Quote, Timestamp};
use crate::core::news::Item;
use crate::core::news::Story;
use crate::sources::http::MemoryChange;
use crate::sources::http::Validators;
use crate::sources::sanitize::arrived;
use rows::{StoredHealth, StoredQuote, StoredVerdict, kind_name, kind_of, secs, time};

pub use rows::Unparsed;

pub use lease::{LEASE_SECS, holder_name};

pub const FILE_NAME: &str = "tickwire.db";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("store {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// `[store]`: how much is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retention {
    pub max_age: Duration,
    pub max_headlines: usize,
}

/// One write for the writer: a core record, or what a feed poll learned.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Save(Save),
    Memory(MemoryChange),
}

/// What a poller needs from an earlier run: validators, moves, and when
/// each feed is next due.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PollSeed {
    pub validators: Vec<(String, Validators)>,
    /// `(url, target, confirmed)`.
    pub moves: Vec<(String, String, bool)>,
    /// Feed name → when its next poll is due.
    pub next_due: HashMap<String, Timestamp>,
}

pub struct Store {
    conn: Connection,
    path: String,
    /// Whose read marks these are: the process owner.
    user: String,
    pub retention: Retention,
}

/// The process owner, whose read marks a process reads and writes.
pub fn current_user() -> String {
    // SAFETY: getuid has no preconditions and cannot fail.
    format!("uid:{}", unsafe { libc::getuid() })
}

impl Store {
    pub fn open(dir: &Path, retention: Retention) -> Result<Store, StoreError> {
        let file = dir.join(FILE_NAME);
        let path = file.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        let fail = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let mut conn = Connection::open(&file).map_err(fail)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(fail)?;
        // Only takes on a new file, before WAL and the first table: lets
        // pruning give space back.
        conn.pragma_update(None, "auto_vacuum", 2).map_err(fail)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        schema::migrate(&mut conn).map_err(fail)?;
        Ok(Store {
            conn,
            path,
            user: current_user(),
            retention,
        })
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.path)
    }

    fn fail(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Everything to show at start: the newest `limit` headlines, quotes,
    /// health, this user's read marks and the recent alerts. Returns the
    /// sequence number it reflects. (The retention window is kept by
    /// `prune`, so what one process shows another can load.)
    pub fn load(&self, limit: usize) -> Result<(Restored, u64), StoreError> {
        self.read(0, limit).map_err(|e| self.fail(e))
    }

    /// What other processes wrote after `seq`.
    pub fn changes_since(&self, seq: u64) -> Result<(Restored, u64), StoreError> {
        self.read(seq, usize::MAX).map_err(|e| self.fail(e))
    }

    /// This user's read marks changed after `seq` (for the polling process,
    /// which writes everything else itself).
    pub fn read_marks_since(&self, seq: u64) -> Result<(Vec<(String, bool)>, u64), StoreError> {
        self.read_marks(seq).map_err(|e| self.fail(e))
    }

    fn read_marks(&self, seq: u64) -> rusqlite::Result<(Vec<(String, bool)>, u64)> {
        let mut top = seq;
        let mut stmt = self.conn.prepare_cached(
            "SELECT headline_id, read, seq FROM read_marks WHERE user = ?1 AND seq > ?2",
        )?;
        let marks = stmt
            .query_map(params![self.user, seq as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(id, read, s)| {
                top = top.max(s as u64);
                (id, read)
            })
            .collect();
        Ok((marks, top))
    }

    /// A per-source table's `(kind, name, column, seq)` rows written after `seq`.
    fn per_source(
        &self,
        table: &str,
        column: &str,
        seq: u64,
    ) -> rusqlite::Result<Vec<(String, String, String, i64)>> {
        let sql = format!("SELECT kind, name, {column}, seq FROM {table} WHERE seq > ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        stmt.query_map([seq as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect()
    }

    fn read(&self, seq: u64, limit: usize) -> rusqlite::Result<(Restored, u64)> {
        let (mut restored, stories, top) = self.read_deferred(seq, limit)?;
        restored.stories = stories.into_iter().map(Unparsed::parse).collect();
        Ok((restored, top))
    }

    /// `load`, each story's judgement left unparsed: the monitor parses
    /// the older ones a chunk at a time, after its first frame.
    pub fn load_deferred(
        &self,
        limit: usize,
    ) -> Result<(Restored, Vec<Unparsed>, u64), StoreError> {
        self.read_deferred(0, limit).map_err(|e| self.fail(e))
    }

    fn read_deferred(
        &self,
        seq: u64,
        limit: usize,
    ) -> rusqlite::Result<(Restored, Vec<Unparsed>, u64)> {
        let mut top = seq;
        let mut seen = |s: i64| top = top.max(s as u64);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, link, source, sources, published, first_seen, summary, seq,
                judged_by, verdict
             FROM headlines WHERE seq > ?1
             ORDER BY effective DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq as i64, limit], |r| {
            let sources: String = r.get(4)?;
            let headline = Headline {
                id: r.get(0)?,
                title: r.get(1)?,
                link: r.get(2)?,
                source: r.get(3)?,
                published: r.get::<_, Option<i64>>(5)?.map(time),
                first_seen: time(r.get(6)?),
                summary: r.get(7)?,
            };
            let story = Story {
                // A row is evidence, not truth: another user may have written it.
                headline: arrived::headline(headline, None),
                sources: serde_json::from_str(&sources).unwrap_or_default(),
                verdict: None,
            };
            let verdict = match (r.get(9)?, r.get(10)?) {
                (Some(key), Some(body)) => Some((key, body)),
                _ => None,
            };
            Ok((Unparsed { story, verdict }, r.get::<_, i64>(8)?))
        })?;
        let mut stories = Vec::new();
        for row in rows {
            let (story, s) = row?;
            seen(s);
            stories.push(story);
        }
        let mut restored = Restored::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body, seq FROM quotes WHERE seq > ?1")?;
        for row in stmt.query_map([seq as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (body, s) = row?;
            seen(s);
            if let Ok(q) = serde_json::from_str::<StoredQuote>(&body)
                && let Ok(q) = arrived::quote(Quote::from(q), chrono::Utc::now())
            {
                restored.quotes.push(q);
            }
        }
        for (kind, name, body, s) in self.per_source("health", "body", seq)? {
            seen(s);
            let health = serde_json::from_str::<StoredHealth>(&body)
                .ok()
                .and_then(|h| h.into_health(&kind, name));
            restored.health.extend(health);
        }
        for (kind, name, samples, s) in self.per_source("lag", "samples", seq)? {
            seen(s);
            if let (Some(kind), Ok(samples)) = (kind_of(&kind), serde_json::from_str(&samples)) {
                restored.lag.push((kind, name, samples));
            }
        }
        let (marks, marks_top) = self.read_marks(seq)?;
        restored.read = marks;
        top = top.max(marks_top);
        if seq == 0 {
            restored.alerts = self.alerts()?;
        }
        Ok((restored, stories, top))
    }

    fn alerts(&self) -> rusqlite::Result<Vec<Alert>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, title, detail, symbol, headline_id, delivered FROM alerts
             ORDER BY at DESC LIMIT ?1",
        )?;
        stmt.query_map([crate::core::alerts::AlertBook::MAX_KEPT as i64], |r| {
            Ok(Alert {
                at: time(r.get(0)?),
                title: r.get(1)?,
                detail: r.get(2)?,
                symbol: r.get(3)?,
                headline_id: r.get(4)?,
                delivered: r.get(5)?,
            })
        })?
        .collect()
    }

    /// Validators, moves and each feed's next due time, for a poller.
    pub fn seed(&self) -> Result<PollSeed, StoreError> {
        self.read_seed().map_err(|e| self.fail(e))
    }

    fn read_seed(&self) -> rusqlite::Result<PollSeed> {
        let mut seed = PollSeed::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url, etag, last_modified FROM validators")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Validators {
                    etag: r.get(1)?,
                    last_modified: r.get(2)?,
                },
            ))
        })? {
            seed.validators.push(row?);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url, target, confirmed FROM moves")?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            seed.moves.push(row?);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, body FROM health WHERE kind = 'feed'")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (name, body) = row?;
            let due = serde_json::from_str::<StoredHealth>(&body)
                .ok()
                .and_then(|h| h.into_health("feed", name.clone()))
                .and_then(|h| h.next_poll);
            if let Some(due) = due {
                seed.next_due.insert(name, due);
            }
        }
        Ok(seed)
    }

    /// Write a batch in one transaction. Returns the read marks it saved.
    pub fn write(&mut self, batch: &[Write]) -> Result<Vec<(String, bool)>, StoreError> {
        let user = self.user.clone();
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let seq: i64 = tx.query_row(
                "UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value",
                [],
                |r| r.get(0),
            )?;
            let mut saved = Vec::new();
            for w in batch {
                if let Some(mark) = write_one(&tx, w, seq, &user)? {
                    saved.push(mark);
                }
            }
            tx.commit()?;
            Ok(saved)
        })();
        result.map_err(|e| self.fail(e))
    }

    /// Drop what is past the retention window or beyond the row cap, and
    /// give the space back. Returns how many headlines went.
    pub fn prune(&mut self, now: Timestamp) -> Result<usize, StoreError> {
        let cutoff = now - chrono::Duration::from_std(self.retention.max_age).unwrap_or_default();
        let cap = i64::try_from(self.retention.max_headlines).unwrap_or(i64::MAX);
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut gone =
                tx.execute("DELETE FROM headlines WHERE effective < ?1", [secs(cutoff)])?;
            gone += tx.execute(
                "DELETE FROM headlines WHERE id IN
                 (SELECT id FROM headlines ORDER BY effective DESC LIMIT -1 OFFSET ?1)",
                [cap],
            )?;
            tx.execute(
                "DELETE FROM read_marks WHERE headline_id NOT IN (SELECT id FROM headlines)",
                [],
            )?;
            tx.execute(
                "DELETE FROM alerts WHERE id NOT IN (SELECT id FROM alerts ORDER BY at DESC LIMIT ?1)",
                [crate::core::alerts::AlertBook::MAX_KEPT as i64],
            )?;
            tx.commit()?;
            // Each step gives back one page: step to the end.
            let mut vacuum = self.conn.prepare("PRAGMA incremental_vacuum")?;
            let mut steps = vacuum.raw_query();
            while steps.next()?.is_some() {}
            Ok(gone)
        })();
        result.map_err(|e| self.fail(e))
    }

    /// For a process that keeps only read marks (a `--bus` screen, whose
    /// headlines are not stored here): this user's newest
    /// `max_headlines` marks stay. Returns how many went.
    pub fn prune_marks(&mut self) -> Result<usize, StoreError> {
        let cap = i64::try_from(self.retention.max_headlines).unwrap_or(i64::MAX);
        self.conn
            .execute(
                "DELETE FROM read_marks WHERE user = ?1 AND seq <= (SELECT seq FROM read_marks
                 WHERE user = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)",
                params![self.user, cap],
            )
            .map_err(|e| self.fail(e))
    }

    /// Changes whenever another connection commits (SQLite's own counter).
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.fail(e))
    }

    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let ok: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        Ok(ok == "ok")
    }

    pub fn headline_count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM headlines", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    pub fn has_headline(&self, id: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT 1 FROM headlines WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.fail(e))
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn write_one(
    tx: &rusqlite::Transaction,
    w: &Write,
    seq: i64,
    user: &str,
) -> rusqlite::Result<Option<(String, bool)>> {
    match w {
        Write::Save(Save::Story(item)) => write_story(tx, item, seq)?,
        Write::Save(Save::Quote(q)) => {
            tx.prepare_cached(
                "INSERT INTO quotes (symbol, body, seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT (symbol) DO UPDATE SET body = excluded.body, seq = excluded.seq",
            )?
            .execute(params![q.symbol, json(&StoredQuote::from(q)), seq])?;
        }
        Write::Save(Save::Health(h)) => {
            tx.prepare_cached(
                "INSERT INTO health (kind, name, body, seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, name) DO UPDATE SET body = excluded.body, seq = excluded.seq",
            )?
            .execute(params![
                kind_name(h.kind),
                h.name,
                json(&StoredHealth::from(h)),
                seq
            ])?;
        }
        Write::Save(Save::Lag {
            kind,
            name,
            samples,
        }) => {
            tx.prepare_cached(
                "INSERT INTO lag (kind, name, samples, seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, name) DO UPDATE SET samples = excluded.samples, seq = excluded.seq",
            )?
            .execute(params![kind_name(*kind), name, json(samples), seq])?;
        }
        Write::Save(Save::Read { id, read }) => {
            tx.prepare_cached(
                "INSERT INTO read_marks (user, headline_id, read, seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user, headline_id) DO UPDATE SET read = excluded.read, seq = excluded.seq",
            )?
            .execute(params![user, id, read, seq])?;
            return Ok(Some((id.clone(), *read)));
        }
        Write::Save(Save::Alert(a)) => {
            tx.prepare_cached(
                "INSERT INTO alerts (at, title, detail, symbol, headline_id, delivered)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                secs(a.at),
                a.title,
                a.detail,
                a.symbol,
                a.headline_id,
                a.delivered
            ])?;
        }
        Write::Memory(MemoryChange::Validators { url, validators }) => {
            if validators.is_empty() {
                tx.execute("DELETE FROM validators WHERE url = ?1", [url])?;
            } else {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![url, validators.etag, validators.last_modified])?;
            }
        }
        Write::Memory(MemoryChange::Move {
            url,
            target,
            confirmed,
        }) => match target {
            Some(target) => {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO moves (url, target, confirmed) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![url, target, confirmed])?;
            }
            None => {
                tx.execute("DELETE FROM moves WHERE url = ?1", [url])?;
            }
        },
    }
    Ok(None)
}

fn write_story(tx: &rusqlite::Transaction, item: &Item, seq: i64) -> rusqlite::Result<()> {
    let h = &item.headline;
    tx.prepare_cached(
        "INSERT INTO headlines (id, title, link, source, sources, published, first_seen,
            effective, summary, ai, ai_score, ai_terms, tickers, seq, judged_by, verdict)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (id) DO UPDATE SET sources = excluded.sources, seq = excluded.seq,
            ai = excluded.ai, ai_score = excluded.ai_score, ai_terms = excluded.ai_terms,
            tickers = excluded.tickers, judged_by = excluded.judged_by,
            verdict = excluded.verdict",
    )?
    .execute(params![
        h.id,
        h.title,
        h.link,
        h.source,
        json(&item.sources),
        h.published.map(secs),
        secs(h.first_seen),
        secs(h.effective_time()),
        h.summary,
        item.relevance.ai,
        item.relevance.score,
        json(&item.relevance.terms),
        json(&item.tickers),
        seq,
        // The key's bits as SQLite's signed integer.
        item.judged.key as i64,
        json(&StoredVerdict::from(item)),
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::signal::Judge;
    use chrono::{TimeZone, Utc};

    fn story(i: usize, at: Timestamp) -> Write {
        let headline = Headline {
            id: format!("s-{i}"),
            title: format!("Story number {i} about chips and a long enough title"),
            link: Some(format!("https://x.example/{i}")),
            source: "Desk".into(),
            published: Some(at),
            first_seen: at,
            summary: "A summary that takes up some room in the page. ".repeat(4),
        };
        Write::Save(Save::Story(Box::new(Item::judged(
            headline,
            &Judge::builtin(),
        ))))
    }

    fn retention(days: u64, cap: usize) -> Retention {
        Retention {
            max_age: Duration::from_secs(days * 86_400),
            max_headlines: cap,
        }
    }

    /// A story stored before judgements were (version 1) comes back
    /// whole, with no judgement: it is judged on restore as before.
    #[test]
    fn a_story_from_before_judgements_were_stored_comes_back_unjudged() {
        let dir = tempfile::tempdir().unwrap();
        let old = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        old.execute_batch(schema::MIGRATIONS[0]).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        old.execute(
            "INSERT INTO headlines VALUES ('s-1', 'Nvidia unveils new AI chips', NULL, 'Desk',
             '[\"Desk\",\"Wire\"]', 100, 100, 100, '', 1, 1.5, '[\"AI\"]', '[\"NVDA\"]', 1)",
            [],
        )
        .unwrap();
        drop(old);
        let mut store = Store::open(dir.path(), retention(30, 100)).unwrap();
        let (restored, _) = store.load(10).unwrap();
        let story = &restored.stories[0];
        assert_eq!(story.headline.title, "Nvidia unveils new AI chips");
        assert_eq!(story.sources, ["Desk", "Wire"]);
        assert_eq!(story.verdict, None, "judged on restore");
        // Written again, it keeps its judgement.
        let item = Item::judged(story.headline.clone(), &Judge::builtin());
        store
            .write(&[Write::Save(Save::Story(Box::new(item.clone())))])
            .unwrap();
        let (restored, _) = store.load(10).unwrap();
        assert_eq!(restored.stories[0].verdict, Some(item.verdict()));
    }

    #[test]
    fn a_marks_only_store_keeps_the_newest_marks_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), retention(30, 2)).unwrap();
        for id in ["a", "b", "c"] {
            let mark = Write::Save(Save::Read {
                id: id.into(),
                read: true,
            });
            store.write(&[mark]).unwrap();
        }
        assert_eq!(store.prune_marks().unwrap(), 1);
        let (marks, _) = store.read_marks_since(0).unwrap();
        let mut ids: Vec<&str> = marks.iter().map(|(id, _)| id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["b", "c"], "the oldest mark went");
    }

    #[test]
    fn stories_read_marks_and_validators_come_back_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let mut store = Store::open(dir.path(), retention(30, 100)).unwrap();
        let validators = Validators {
            etag: Some("W/\"x y\"".into()),
            last_modified: Some("Mon, 27 Jan 2025 20:00:00 GMT".into()),
        };
        let saved = store
            .write(&[
                story(1, now),
                story(2, now - chrono::Duration::days(40)),
                Write::Save(Save::Read {
                    id: "s-1".into(),
                    read: true,
                }),
                Write::Memory(MemoryChange::Validators {
                    url: "http://127.0.0.1/f".into(),
                    validators: validators.clone(),
                }),
            ])
            .unwrap();
        assert_eq!(saved, [("s-1".to_string(), true)]);
        drop(store);
        let mut store = Store::open(dir.path(), retention(30, 100)).unwrap();
        store.prune(now).unwrap();
        let (restored, seq) = store.load(10).unwrap();
        let ids: Vec<&str> = restored
            .stories
            .iter()
            .map(|s| s.headline.id.as_str())
            .collect();
        assert_eq!(ids, ["s-1"], "outside the retention window: pruned");
        assert_eq!(restored.read, [("s-1".to_string(), true)]);
        assert_eq!(
            store.seed().unwrap().validators,
            [("http://127.0.0.1/f".to_string(), validators)]
        );
        assert!(seq >= 1);
        assert!(store.changes_since(seq).unwrap().0.is_empty());
    }

    #[test]
    fn pruning_keeps_the_window_and_the_cap_and_gives_space_back() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2025, 1, 27, 21, 0, 0).unwrap();
        let mut store = Store::open(dir.path(), retention(30, 50)).unwrap();
        let old: Vec<Write> = (0..2000)
            .map(|i| story(i, now - chrono::Duration::days(60)))
            .collect();
        store.write(&old).unwrap();
        let fresh: Vec<Write> = (2000..2100)
            .map(|i| story(i, now - chrono::Duration::seconds(2100 - i as i64)))
            .collect();
        store.write(&fresh).unwrap();
        let pages = |s: &Store| -> i64 {
            s.conn
                .pragma_query_value(None, "page_count", |r| r.get(0))
                .unwrap()
        };
        let before = pages(&store);
        assert_eq!(store.prune(now).unwrap(), 2050);
        assert_eq!(
            store.headline_count().unwrap(),
            50,
            "the newest, under the cap"
        );
        assert!(store.has_headline("s-2099").unwrap());
        assert!(
            pages(&store) < before / 4,
            "{} of {before} pages",
            pages(&store)
        );
        assert!(store.integrity_ok().unwrap());
    }
}
