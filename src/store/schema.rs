//! The schema, versioned with `PRAGMA user_version`: migration N takes a
//! database from version N to N + 1, forward only, each in a transaction.

use rusqlite::Connection;

/// Every migration, in order. Never edit one that has shipped: add one.
pub const MIGRATIONS: &[&str] = &[
    // 1: everything a restart needs.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
     INSERT INTO meta VALUES ('seq', 0);
     CREATE TABLE headlines (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        link TEXT,
        source TEXT NOT NULL,
        sources TEXT NOT NULL,          -- JSON array: every feed that carried it
        published INTEGER,
        first_seen INTEGER NOT NULL,
        effective INTEGER NOT NULL,     -- the time it sorts and ages by
        summary TEXT NOT NULL,
        ai INTEGER NOT NULL,
        ai_score REAL NOT NULL,
        ai_terms TEXT NOT NULL,         -- JSON array
        tickers TEXT NOT NULL,          -- JSON array
        seq INTEGER NOT NULL);
     CREATE INDEX headlines_by_time ON headlines (effective DESC);
     CREATE INDEX headlines_by_seq ON headlines (seq);
     CREATE TABLE read_marks (
        user TEXT NOT NULL,
        headline_id TEXT NOT NULL,
        read INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (user, headline_id)) WITHOUT ROWID;
     CREATE INDEX read_marks_by_seq ON read_marks (seq);
     CREATE TABLE validators (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT) WITHOUT ROWID;
     CREATE TABLE moves (
        url TEXT PRIMARY KEY, target TEXT NOT NULL, confirmed INTEGER NOT NULL) WITHOUT ROWID;
     CREATE TABLE health (
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,             -- JSON: status, errors, last success, next due
        seq INTEGER NOT NULL,
        PRIMARY KEY (kind, name)) WITHOUT ROWID;
     CREATE TABLE quotes (
        symbol TEXT PRIMARY KEY,
        body TEXT NOT NULL,             -- JSON: price, previous close, the day's series
        seq INTEGER NOT NULL) WITHOUT ROWID;
     CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        title TEXT NOT NULL,
        detail TEXT NOT NULL,
        symbol TEXT,
        headline_id TEXT,
        delivered INTEGER NOT NULL);
     CREATE TABLE lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        holder TEXT NOT NULL,
        expires INTEGER NOT NULL);",
    // 2: each story's judgement, so a restart need not judge it again.
    // NULL (every story stored before): judged again on restore.
    "ALTER TABLE headlines ADD COLUMN judged_by INTEGER;  -- Judge::key_for: judge and text
     ALTER TABLE headlines ADD COLUMN verdict TEXT;       -- JSON: rows.rs StoredVerdict",
    // 3: each source's recent lag samples (seconds), so a restart keeps them.
    "CREATE TABLE lag (
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        samples TEXT NOT NULL,          -- JSON array, oldest first
        seq INTEGER NOT NULL,
        PRIMARY KEY (kind, name)) WITHOUT ROWID;",
];

/// Bring the database to the newest version. A database newer than this
/// program is refused rather than misread.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<u32> {
    let mut version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version as usize > MIGRATIONS.len() {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
            Some(format!(
                "the store is version {version}, newer than this tickwire ({})",
                MIGRATIONS.len()
            )),
        ));
    }
    while (version as usize) < MIGRATIONS.len() {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now == version {
            tx.execute_batch(MIGRATIONS[version as usize])?;
            tx.pragma_update(None, "user_version", version + 1)?;
        }
        tx.commit()?;
        version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each migration, applied from the first version on, leaves a
    /// database that passes its integrity check.
    #[test]
    fn every_migration_runs_from_the_first_version() {
        for upto in 1..=MIGRATIONS.len() {
            let mut conn = Connection::open_in_memory().unwrap();
            for (i, m) in MIGRATIONS[..upto].iter().enumerate() {
                conn.execute_batch(m).unwrap();
                conn.pragma_update(None, "user_version", i as u32 + 1)
                    .unwrap();
            }
            assert_eq!(migrate(&mut conn).unwrap() as usize, MIGRATIONS.len());
            let ok: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok");
        }
        let mut fresh = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut fresh).unwrap() as usize, MIGRATIONS.len());
        assert_eq!(
            migrate(&mut fresh).unwrap() as usize,
            MIGRATIONS.len(),
            "idempotent"
        );
    }

    #[test]
    fn a_newer_store_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("newer than this tickwire"), "{err}");
    }
}
