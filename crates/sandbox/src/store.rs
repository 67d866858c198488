//! The sandbox's SQLite database: records (field values as JSON), ID counters, OAuth tokens
//! and the daily request count. Schema changes are plain `.sql` migrations under
//! `migrations/`, embedded at build time. Every record write here also keeps the key index
//! (`crate::keys`) current; SQLite triggers keep the per-object record counts.

use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use serde_json::{Map, Value};

use crate::error::StartError;
use crate::ids::make_id;
use crate::keys;

/// A stored record.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: String,
    pub object: String,
    pub deleted: bool,
    pub fields: Map<String, Value>,
}

/// Opens (creating and migrating) the database at `path`.
pub fn open(path: &std::path::Path) -> Result<Connection, StartError> {
    let shown = path.display().to_string();
    let mut conn = Connection::open(path).map_err(|source| StartError::Database {
        path: shown.clone(),
        source,
    })?;
    let migrations = Migrations::new(vec![
        M::up(include_str!("../migrations/0001_init.sql")),
        M::up(include_str!("../migrations/0002_record_keys.sql")),
        M::up(include_str!("../migrations/0003_record_counts.sql")),
        M::up(include_str!("../migrations/0004_org.sql")),
    ]);
    migrations
        .to_latest(&mut conn)
        .map_err(|source| StartError::Migration {
            path: shown.clone(),
            source,
        })?;
    // WAL with synchronous=NORMAL: a commit no longer waits for a disk sync (only a
    // checkpoint does). The database stays consistent after a crash; at worst the last
    // requests before a power loss are lost, which suits a local rehearsal org. With the
    // default FULL, every request waited for a sync (it counts toward the daily limit).
    conn.pragma_update(None, "journal_mode", "WAL")
        .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
        // Statement journals (a write that fires triggers or may replace rows inside a
        // transaction) and temporary tables stay in memory: on disk each one is a file
        // created and unlinked, once per write.
        .and_then(|_| conn.pragma_update(None, "temp_store", "MEMORY"))
        .and_then(|_| keys::register_functions(&conn))
        .and_then(|_| {
            // A new data directory draws its org's ID stem once; it is kept from then on.
            conn.execute(
                "INSERT OR IGNORE INTO org (one, stem) VALUES (1, ?1)",
                params![crate::ids::new_stem()],
            )
        })
        .map_err(|source| StartError::Database {
            path: shown,
            source,
        })?;
    Ok(conn)
}

/// The org's ID stem (see `crate::ids`), written by [`open`].
pub fn stem(conn: &Connection) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT stem FROM org WHERE one = 1")?
        .query_row([], |r| r.get(0))
}

/// The next record ID for `prefix`.
pub fn next_id(conn: &Connection, prefix: &str) -> rusqlite::Result<String> {
    let n: i64 = conn
        .prepare_cached(
            "INSERT INTO counters (prefix, next) VALUES (?1, 2)
             ON CONFLICT (prefix) DO UPDATE SET next = next + 1
             RETURNING next - 1",
        )?
        .query_row(params![prefix], |r| r.get(0))?;
    Ok(make_id(&stem(conn)?, prefix, n as u64))
}

pub fn insert(
    conn: &Connection,
    id: &str,
    object: &str,
    fields: &Map<String, Value>,
) -> rusqlite::Result<()> {
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO records (id, object, is_deleted, fields) VALUES (?1, ?2, 0, ?3)
             RETURNING seq",
        )?
        .query_row(
            params![id, object, Value::Object(fields.clone()).to_string()],
            |r| r.get(0),
        )?;
    keys::write(conn, seq, object, fields)
}

pub fn save(conn: &Connection, record: &Stored) -> rusqlite::Result<()> {
    let seq: Option<i64> = conn
        .prepare_cached(
            "UPDATE records SET is_deleted = ?2, fields = ?3 WHERE id = ?1 RETURNING seq",
        )?
        .query_row(
            params![
                record.id,
                record.deleted,
                Value::Object(record.fields.clone()).to_string()
            ],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(seq) = seq {
        keys::forget(conn, seq)?;
        keys::write(conn, seq, &record.object, &record.fields)?;
    }
    Ok(())
}

/// Erases a record (Bulk API `hardDelete`) and its keys.
pub fn erase(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    let seq: Option<i64> = conn
        .query_row(
            "DELETE FROM records WHERE id = ?1 RETURNING seq",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(seq) = seq {
        keys::forget(conn, seq)?;
    }
    Ok(())
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let text: String = r.get(3)?;
    let fields = match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    Ok(Stored {
        id: r.get(0)?,
        object: r.get(1)?,
        deleted: r.get(2)?,
        fields,
    })
}

/// A record by its 18-character ID, deleted or not.
pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Stored>> {
    conn.query_row(
        "SELECT id, object, is_deleted, fields FROM records WHERE id = ?1",
        params![id],
        row,
    )
    .optional()
}

/// Every record of `object` in creation order; deleted ones only when asked.
pub fn list(
    conn: &Connection,
    object: &str,
    include_deleted: bool,
) -> rusqlite::Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, object, is_deleted, fields FROM records
         WHERE object = ?1 AND (?2 OR is_deleted = 0) ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![object, include_deleted], row)?;
    rows.collect()
}

/// The records of `object` (deleted ones only when asked) that pass `filter`, an SQL
/// condition on `records r` with its `?` parameters (see `crate::narrow`), in creation order.
/// `driven`: the condition names indexed keys, so the object's other rows are not visited.
pub fn list_where(
    conn: &Connection,
    object: &str,
    include_deleted: bool,
    filter: &str,
    filter_params: &[rusqlite::types::Value],
    driven: bool,
) -> rusqlite::Result<Vec<Stored>> {
    // `+r.object` keeps SQLite from walking the object's whole index when the keys can lead.
    let object_term = if driven { "+r.object" } else { "r.object" };
    let live = if include_deleted {
        ""
    } else {
        "AND r.is_deleted = 0"
    };
    let sql = format!(
        "SELECT r.id, r.object, r.is_deleted, r.fields FROM records r
         WHERE {object_term} = ? {live} AND ({filter}) ORDER BY r.seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut all = vec![rusqlite::types::Value::Text(object.to_string())];
    all.extend(filter_params.iter().cloned());
    let rows = stmt.query_map(rusqlite::params_from_iter(all), row)?;
    rows.collect()
}

/// How many records `object` holds (deleted ones only when asked), from the per-object counts
/// that triggers keep on every write (`migrations/0003_record_counts.sql`): one row read,
/// however large the object.
pub fn count(conn: &Connection, object: &str, include_deleted: bool) -> rusqlite::Result<u64> {
    let n: Option<i64> = conn
        .prepare_cached(count_sql(include_deleted))?
        .query_row(params![object], |r| r.get(0))
        .optional()?;
    Ok(n.unwrap_or(0) as u64)
}

fn count_sql(include_deleted: bool) -> &'static str {
    if include_deleted {
        "SELECT total FROM record_counts WHERE object = ?1"
    } else {
        "SELECT live FROM record_counts WHERE object = ?1"
    }
}

/// A stored token and what it carries.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: String,
    pub expires_at: Option<i64>,
    pub revoked: bool,
    pub extra: Value,
}

pub fn put_token(
    conn: &Connection,
    token: &str,
    kind: &str,
    parent: Option<&str>,
    expires_at: Option<i64>,
    extra: &Value,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tokens (token, kind, parent, expires_at, revoked, extra)
         VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![token, kind, parent, expires_at, extra.to_string()],
    )?;
    Ok(())
}

pub fn get_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<Token>> {
    conn.query_row(
        "SELECT kind, expires_at, revoked, extra FROM tokens WHERE token = ?1",
        params![token],
        |r| {
            let extra: Option<String> = r.get(3)?;
            Ok(Token {
                kind: r.get(0)?,
                expires_at: r.get(1)?,
                revoked: r.get(2)?,
                extra: extra
                    .and_then(|e| serde_json::from_str(&e).ok())
                    .unwrap_or(Value::Null),
            })
        },
    )
    .optional()
}

/// Revokes a token and every token issued from it; false when the token is unknown.
pub fn revoke(conn: &Connection, token: &str) -> rusqlite::Result<bool> {
    let n = conn.execute(
        "UPDATE tokens SET revoked = 1 WHERE token = ?1 OR parent = ?1",
        params![token],
    )?;
    Ok(n > 0)
}

/// Today's request count (UTC day).
pub fn usage(conn: &Connection, day: &str) -> rusqlite::Result<u64> {
    let n: Option<i64> = conn
        .query_row(
            "SELECT count FROM usage WHERE day = ?1",
            params![day],
            |r| r.get(0),
        )
        .optional()?;
    Ok(n.unwrap_or(0) as u64)
}

/// Counts one request; returns the new count.
pub fn count_request(conn: &Connection, day: &str) -> rusqlite::Result<u64> {
    let n: i64 = conn.query_row(
        "INSERT INTO usage (day, count) VALUES (?1, 1)
         ON CONFLICT (day) DO UPDATE SET count = count + 1 RETURNING count",
        params![day],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

/// The SQL expression reading `field` of a record as text. Field names are API names
/// (letters, digits, `_`), written into the SQL so that the expression indexes made by
/// [`ensure_match_index`] apply; any other name is refused.
fn field_text_sql(field: &str) -> Option<String> {
    field
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        .then(|| format!("CAST(json_extract(fields, '$.\"{field}\"') AS TEXT)"))
}

/// Indexes the values of `field` of `object` (live records), as text and lower-cased, so
/// that matching on an external ID or checking a unique field does not read every record
/// of the object. Idempotent.
pub fn ensure_match_index(conn: &Connection, object: &str, field: &str) -> rusqlite::Result<()> {
    let (Some(expr), true) = (
        field_text_sql(field),
        object
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_'),
    ) else {
        return Ok(());
    };
    conn.execute_batch(&format!(
        "CREATE INDEX IF NOT EXISTS \"match_{object}_{field}\" ON records (object, {expr}) WHERE is_deleted = 0;
         CREATE INDEX IF NOT EXISTS \"match_ci_{object}_{field}\" ON records (object, lower({expr})) WHERE is_deleted = 0;"
    ))
}

/// Live records of `object` whose `field` (a describe field name) holds `value`, compared as
/// text, ignoring ASCII letter case unless `case_sensitive`.
pub fn find_equal(
    conn: &Connection,
    object: &str,
    field: &str,
    value: &str,
    case_sensitive: bool,
) -> rusqlite::Result<Vec<Stored>> {
    let Some(expr) = field_text_sql(field) else {
        return Ok(Vec::new());
    };
    let sql = if case_sensitive {
        format!(
            "SELECT id, object, is_deleted, fields FROM records
             WHERE object = ?1 AND is_deleted = 0 AND {expr} = ?2 ORDER BY seq"
        )
    } else {
        format!(
            "SELECT id, object, is_deleted, fields FROM records
             WHERE object = ?1 AND is_deleted = 0 AND lower({expr}) = lower(?2) ORDER BY seq"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![object, value], row)?;
    rows.collect()
}

#[cfg(test)]
mod org_tests {
    use super::*;

    /// A data directory keeps its org: the stem drawn at creation survives reopening, and
    /// one written before orgs had their own stems keeps the fixed pod its IDs carry.
    #[test]
    fn the_stem_is_drawn_once_and_older_data_keeps_sb() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let stem = super::stem(&open(&path).unwrap()).unwrap();
        assert_eq!(stem.len(), crate::ids::STEM_LEN);
        assert_eq!(super::stem(&open(&path).unwrap()).unwrap(), stem);
        let other = super::stem(&open(&dir.path().join("other.db")).unwrap()).unwrap();
        assert_ne!(other, stem);

        // As the sandbox left a data directory before migration 0004.
        let old = dir.path().join("old.db");
        {
            let conn = Connection::open(&old).unwrap();
            for sql in [
                include_str!("../migrations/0001_init.sql"),
                include_str!("../migrations/0002_record_keys.sql"),
                include_str!("../migrations/0003_record_counts.sql"),
            ] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 3).unwrap();
            conn.execute(
                "INSERT INTO records (id, object, fields) VALUES ('005SB0000000001YAA', 'User', '{}')",
                [],
            )
            .unwrap();
        }
        let conn = open(&old).unwrap();
        assert_eq!(super::stem(&conn).unwrap(), "SB");
        assert_eq!(next_id(&conn, "001").unwrap(), make_id("SB", "001", 1));
    }
}

#[cfg(test)]
mod match_index_tests {
    use super::*;

    fn plan(conn: &Connection, case_sensitive: bool) -> String {
        let expr = field_text_sql("Contact_Id__c").unwrap();
        let cmp = if case_sensitive {
            format!("{expr} = 'c-1'")
        } else {
            format!("lower({expr}) = lower('c-1')")
        };
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT id FROM records WHERE object = 'Contact' AND is_deleted = 0 AND {cmp} ORDER BY seq"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    /// Upserts match on external IDs: with many records, a scan per row made loads crawl
    /// (about 80 rows/s at 20,000 contacts). The lookup must use the expression index.
    #[test]
    fn external_id_lookups_use_the_match_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("t.db")).unwrap();
        assert!(!plan(&conn, false).contains("match_ci_"), "no index before");
        ensure_match_index(&conn, "Contact", "Contact_Id__c").unwrap();
        ensure_match_index(&conn, "Contact", "Contact_Id__c").unwrap();
        assert!(
            plan(&conn, false).contains("match_ci_Contact_Contact_Id__c"),
            "{}",
            plan(&conn, false)
        );
        assert!(
            plan(&conn, true).contains("match_Contact_Contact_Id__c"),
            "{}",
            plan(&conn, true)
        );
        let mut fields = Map::new();
        fields.insert("Contact_Id__c".into(), Value::String("C-1".into()));
        insert(&conn, "003000000000001AAA", "Contact", &fields).unwrap();
        assert_eq!(
            find_equal(&conn, "Contact", "Contact_Id__c", "c-1", false)
                .unwrap()
                .len(),
            1
        );
        assert!(find_equal(&conn, "Contact", "Contact_Id__c", "c-1", true)
            .unwrap()
            .is_empty());
        assert!(find_equal(&conn, "Contact", "bad'name", "c-1", false)
            .unwrap()
            .is_empty());
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// (the count, the SQLite VM steps its statement took).
    fn counted(conn: &Connection, include_deleted: bool) -> (u64, i32) {
        let n = count(conn, "Contact", include_deleted).unwrap();
        let mut stmt = conn.prepare(count_sql(include_deleted)).unwrap();
        let _: Option<i64> = stmt
            .query_row(params!["Contact"], |r| r.get(0))
            .optional()
            .unwrap();
        (n, stmt.get_status(StatementStatus::VmStep))
    }

    /// A bare COUNT() used to count the object's index entries: about 0.1 s at 1,000,000
    /// records. It reads one row of `record_counts` now, as many steps at 2,000 records as at 10.
    #[test]
    fn a_count_takes_as_many_steps_however_large_the_object() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("t.db")).unwrap();
        let add = |from: u64, to: u64| {
            for n in from..=to {
                let id = make_id(crate::ids::LEGACY_STEM, "003", n);
                insert(&conn, &id, "Contact", &Map::new()).unwrap();
                if n % 10 == 0 {
                    let mut r = get(&conn, &id).unwrap().unwrap();
                    r.deleted = true;
                    save(&conn, &r).unwrap();
                }
            }
        };
        add(1, 10);
        let (small, small_all) = (counted(&conn, false), counted(&conn, true));
        assert_eq!((small.0, small_all.0), (9, 10));
        add(11, 2000);
        let (large, large_all) = (counted(&conn, false), counted(&conn, true));
        assert_eq!((large.0, large_all.0), (1800, 2000));
        assert_eq!((large.1, large_all.1), (small.1, small_all.1));
    }
}
