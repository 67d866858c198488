//! The undo journal behind `/composite` with `allOrNone`: its subrequests run through the
//! ordinary handlers, each committing its own transaction, so the composite cannot hold one
//! SQLite transaction around them. Instead, while it runs (alone: it holds the org's write
//! gate, see [`super::Gate`]), temporary triggers record for every change to the org's data
//! (`records`, `record_keys`, `counters`) the statement that reverts it — SQLite's own
//! undo/redo technique. Rolling back replays those statements newest first in one
//! transaction; `record_counts` follows through its own triggers. Sessions and the request
//! count (`tokens`, `usage`) are not journaled: they are not part of the transaction on
//! Salesforce either.

use crate::App;
use rusqlite::Connection;

const START: &str = "
CREATE TEMP TABLE IF NOT EXISTS composite_undo (n INTEGER PRIMARY KEY AUTOINCREMENT, stmt TEXT NOT NULL);
DELETE FROM composite_undo;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_records_i AFTER INSERT ON main.records BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('DELETE FROM records WHERE seq = ' || NEW.seq);
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_records_u BEFORE UPDATE ON main.records BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('UPDATE records SET id = ' || quote(OLD.id)
    || ', object = ' || quote(OLD.object) || ', is_deleted = ' || OLD.is_deleted
    || ', fields = ' || quote(OLD.fields) || ' WHERE seq = ' || OLD.seq);
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_records_d BEFORE DELETE ON main.records BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('INSERT INTO records (seq, id, object, is_deleted, fields) VALUES ('
    || OLD.seq || ', ' || quote(OLD.id) || ', ' || quote(OLD.object) || ', ' || OLD.is_deleted
    || ', ' || quote(OLD.fields) || ')');
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_keys_i AFTER INSERT ON main.record_keys BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('DELETE FROM record_keys WHERE slot = ' || NEW.slot
    || ' AND key = ' || quote(NEW.key) || ' AND seq = ' || NEW.seq);
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_keys_d BEFORE DELETE ON main.record_keys BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('INSERT INTO record_keys (slot, key, seq) VALUES ('
    || OLD.slot || ', ' || quote(OLD.key) || ', ' || OLD.seq || ')');
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_keys_u BEFORE UPDATE ON main.record_keys BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('UPDATE record_keys SET slot = ' || OLD.slot
    || ', key = ' || quote(OLD.key) || ', seq = ' || OLD.seq || ' WHERE slot = ' || NEW.slot
    || ' AND key = ' || quote(NEW.key) || ' AND seq = ' || NEW.seq);
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_counters_i AFTER INSERT ON main.counters BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('DELETE FROM counters WHERE prefix = ' || quote(NEW.prefix));
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_counters_u BEFORE UPDATE ON main.counters BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('UPDATE counters SET next = ' || OLD.next
    || ' WHERE prefix = ' || quote(OLD.prefix));
END;
CREATE TEMP TRIGGER IF NOT EXISTS composite_undo_counters_d BEFORE DELETE ON main.counters BEGIN
  INSERT INTO composite_undo (stmt) VALUES ('INSERT INTO counters (prefix, next) VALUES ('
    || quote(OLD.prefix) || ', ' || OLD.next || ')');
END;
";

const STOP: &str = "
DROP TRIGGER IF EXISTS temp.composite_undo_records_i;
DROP TRIGGER IF EXISTS temp.composite_undo_records_u;
DROP TRIGGER IF EXISTS temp.composite_undo_records_d;
DROP TRIGGER IF EXISTS temp.composite_undo_keys_i;
DROP TRIGGER IF EXISTS temp.composite_undo_keys_d;
DROP TRIGGER IF EXISTS temp.composite_undo_keys_u;
DROP TRIGGER IF EXISTS temp.composite_undo_counters_i;
DROP TRIGGER IF EXISTS temp.composite_undo_counters_u;
DROP TRIGGER IF EXISTS temp.composite_undo_counters_d;
";

/// A running journal; stopped (changes kept) when dropped without [`Journal::rollback`].
pub struct Journal<'a> {
    app: &'a App,
}

impl<'a> Journal<'a> {
    /// Starts recording. The caller holds the write gate.
    pub fn start(app: &'a App) -> rusqlite::Result<Journal<'a>> {
        app.db().execute_batch(START)?;
        Ok(Journal { app })
    }

    /// Reverts every change recorded since [`Journal::start`].
    pub fn rollback(self) -> rusqlite::Result<()> {
        let conn = self.app.db();
        conn.execute_batch(STOP)?;
        revert(&conn)
    }
}

impl Drop for Journal<'_> {
    fn drop(&mut self) {
        let conn = self.app.db();
        let _ = conn.execute_batch(STOP);
        let _ = conn.execute("DELETE FROM composite_undo", []);
    }
}

fn revert(conn: &Connection) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    let stmts: Vec<String> = {
        let mut q = tx.prepare("SELECT stmt FROM composite_undo ORDER BY n DESC")?;
        let rows = q.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for s in &stmts {
        tx.execute_batch(s)?;
    }
    tx.execute("DELETE FROM composite_undo", [])?;
    tx.commit()
}
