//! The key index: each record's external ID and idLookup field values, folded the way SOQL's
//! `=` and `IN` compare them, in `record_keys` (see `migrations/0002_record_keys.sql`), so a
//! query naming keys reads only the records holding them. [`sync`] fits the indexed fields to
//! the schema at start (indexing existing data); [`write`] and [`forget`] keep a record's keys
//! current on every write (called by `store`).
//!
//! A key is a superset test, never the judge: the SOQL evaluator still checks every record the
//! index returns. Folding follows `synccentral-soql`'s evaluator: a value's text as it reads
//! it (strings as they are, numbers and booleans printed), lower-cased with Unicode rules for
//! text; for IDs the first 15 characters, ASCII lower-cased (a 15-character ID equals the
//! 18-character one it starts; two 18-character IDs compare ignoring case).

use rusqlite::functions::FunctionFlags;
use rusqlite::{params, Connection};
use serde_json::{Map, Value};
use synccentral_engine::{FieldDescribe, FieldType};

use crate::schema::Schema;

/// How a field's values become keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Text,
    Id,
}

impl KeyKind {
    fn as_str(self) -> &'static str {
        match self {
            KeyKind::Text => "text",
            KeyKind::Id => "id",
        }
    }

    fn parse(s: &str) -> Option<KeyKind> {
        match s {
            "text" => Some(KeyKind::Text),
            "id" => Some(KeyKind::Id),
            _ => None,
        }
    }

    /// How SOQL compares `f`'s values, when `=` compares them as (folded) text.
    pub fn of(f: &FieldDescribe) -> Option<KeyKind> {
        match &f.field_type {
            FieldType::Id | FieldType::Reference => Some(KeyKind::Id),
            FieldType::Multipicklist
            | FieldType::Boolean
            | FieldType::Date
            | FieldType::Datetime => None,
            t if t.is_number() => None,
            _ => Some(KeyKind::Text),
        }
    }

    /// The key of a literal (a string of the query) or of a stored text.
    pub fn fold(self, text: &str) -> String {
        match self {
            KeyKind::Text => text.to_lowercase(),
            KeyKind::Id => text.get(..15).unwrap_or(text).to_ascii_lowercase(),
        }
    }
}

/// The key of a stored value; `None` for null (never indexed: `= null` is not narrowed).
pub fn key_of(kind: KeyKind, v: &Value) -> Option<String> {
    let text = match v {
        Value::Null => return None,
        Value::String(s) => return Some(kind.fold(s)),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    Some(kind.fold(&text))
}

/// A record's value by field name as the evaluator finds it: the exact name first, else the
/// first name equal ignoring ASCII case.
pub fn field_value<'r>(fields: &'r Map<String, Value>, name: &str) -> Option<&'r Value> {
    fields.get(name).or_else(|| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// SQL functions the narrowing filters use on stored values: `sc_text_key(text)` and
/// `sc_id_key(text)`, the folds above.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    for (name, kind) in [("sc_text_key", KeyKind::Text), ("sc_id_key", KeyKind::Id)] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            Ok(ctx.get::<Option<String>>(0)?.map(|text| kind.fold(&text)))
        })?;
    }
    Ok(())
}

/// The SQL function folding a stored text of `kind`.
pub fn sql_function(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Text => "sc_text_key",
        KeyKind::Id => "sc_id_key",
    }
}

/// The fields of the schema to index: external ID and idLookup fields compared as text or
/// IDs, except `Id` itself (indexed by `records_id15`).
fn wanted(schema: &Schema) -> Vec<(String, String, KeyKind)> {
    let mut out = Vec::new();
    for obj in schema.objects() {
        for f in &obj.describe.fields {
            if !(f.external_id || f.id_lookup) || f.field_type == FieldType::Id {
                continue;
            }
            if let Some(kind) = KeyKind::of(f) {
                out.push((obj.name().to_string(), f.name.clone(), kind));
            }
        }
    }
    out
}

/// A field to index: its slot, name and kind.
type Slot<'a> = (i64, &'a str, KeyKind);

/// Fits the indexed fields to `schema`: drops the keys of fields no longer wanted and indexes
/// the records already stored for each newly wanted field (an existing data directory, or a
/// schema that gained an external ID).
pub fn sync(conn: &mut Connection, schema: &Schema) -> rusqlite::Result<()> {
    let wanted = wanted(schema);
    let tx = conn.transaction()?;
    let have: Vec<(i64, String, String, String)> = {
        let mut stmt = tx.prepare("SELECT slot, object, field, kind FROM key_fields")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (slot, object, field, kind) in &have {
        let keep = wanted
            .iter()
            .any(|(o, f, k)| o == object && f == field && k.as_str() == kind);
        if !keep {
            tx.execute("DELETE FROM record_keys WHERE slot = ?1", params![slot])?;
            tx.execute("DELETE FROM key_fields WHERE slot = ?1", params![slot])?;
        }
    }
    // The newly wanted fields, by object: each object's records are read once.
    let mut new: Vec<(&str, Vec<Slot>)> = Vec::new();
    for (object, field, kind) in &wanted {
        let known = have
            .iter()
            .any(|(_, o, f, k)| o == object && f == field && k == kind.as_str());
        if known {
            continue;
        }
        let slot: i64 = tx.query_row(
            "INSERT INTO key_fields (object, field, kind) VALUES (?1, ?2, ?3) RETURNING slot",
            params![object, field, kind.as_str()],
            |r| r.get(0),
        )?;
        match new.iter_mut().find(|(o, _)| o == object) {
            Some((_, fields)) => fields.push((slot, field, *kind)),
            None => new.push((object, vec![(slot, field, *kind)])),
        }
    }
    for (object, fields) in &new {
        let mut read = tx.prepare("SELECT seq, fields FROM records WHERE object = ?1")?;
        let mut put =
            tx.prepare("INSERT OR IGNORE INTO record_keys (slot, key, seq) VALUES (?1, ?2, ?3)")?;
        let mut rows = read.query(params![object])?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let text: String = row.get(1)?;
            let Ok(Value::Object(values)) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            for (slot, field, kind) in fields {
                if let Some(key) = field_value(&values, field).and_then(|v| key_of(*kind, v)) {
                    put.execute(params![slot, key, seq])?;
                }
            }
        }
    }
    tx.commit()
}

/// Indexes the keys of record `seq` of `object` (after an insert, or a [`forget`]).
pub fn write(
    conn: &Connection,
    seq: i64,
    object: &str,
    fields: &Map<String, Value>,
) -> rusqlite::Result<()> {
    let mut slots =
        conn.prepare_cached("SELECT slot, field, kind FROM key_fields WHERE object = ?1")?;
    let indexed: Vec<(i64, String, String)> = slots
        .query_map(params![object], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    if indexed.is_empty() {
        return Ok(());
    }
    let mut put = conn
        .prepare_cached("INSERT OR IGNORE INTO record_keys (slot, key, seq) VALUES (?1, ?2, ?3)")?;
    for (slot, field, kind) in indexed {
        let Some(kind) = KeyKind::parse(&kind) else {
            continue;
        };
        if let Some(key) = field_value(fields, &field).and_then(|v| key_of(kind, v)) {
            put.execute(params![slot, key, seq])?;
        }
    }
    Ok(())
}

/// Drops every key of record `seq` (before its fields change, or when it is erased).
pub fn forget(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM record_keys WHERE seq = ?1")?
        .execute(params![seq])?;
    Ok(())
}

/// The indexed fields of `object`: (field name, slot, kind).
pub fn slots(conn: &Connection, object: &str) -> rusqlite::Result<Vec<(String, i64, KeyKind)>> {
    let mut stmt =
        conn.prepare_cached("SELECT field, slot, kind FROM key_fields WHERE object = ?1")?;
    let rows = stmt.query_map(params![object], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (field, slot, kind) = row?;
        if let Some(kind) = KeyKind::parse(&kind) {
            out.push((field, slot, kind));
        }
    }
    Ok(out)
}
