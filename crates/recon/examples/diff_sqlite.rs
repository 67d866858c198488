//! The diff benchmark's engine side (bench/diff/run.sh): two tables of one SQLite file,
//! read in key order as streams, compared by `merge_sorted` with the fields' kinds, the
//! summary printed as JSON with the elapsed time. Memory stays at one record per side.
//!
//! Usage: diff_sqlite DB SOURCE_TABLE TARGET_TABLE

use rusqlite::types::ValueRef;
use serde_json::Value;
use std::time::Instant;
use synccentral_recon::{merge_sorted, Comparer, Field, Kind, Record, Summary};

/// The benchmark's ten compared columns and their Salesforce kinds (the key is the 11th).
const COLUMNS: [(&str, Kind); 10] = [
    ("name", Kind::Text),
    ("email", Kind::Text),
    ("city", Kind::Text),
    ("status", Kind::Picklist),
    ("amount", Kind::Number { scale: Some(2) }),
    ("quantity", Kind::Number { scale: Some(0) }),
    ("rate", Kind::Number { scale: Some(4) }),
    ("active", Kind::Boolean),
    ("due", Kind::Date),
    ("updated", Kind::DateTime),
];

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::String(String::from_utf8_lossy(t).into()),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, source, target] = args.as_slice() else {
        return Err("usage: diff_sqlite DB SOURCE_TABLE TARGET_TABLE".into());
    };
    let started = Instant::now();
    let comparer = Comparer::new(
        COLUMNS
            .iter()
            .map(|(name, kind)| Field {
                name: name.to_string(),
                kind: *kind,
            })
            .collect(),
    );
    let cols = COLUMNS.map(|(n, _)| n).join(", ");
    let open =
        || rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
    let (a, b) = (open()?, open()?);
    let mut sa = a.prepare(&format!("SELECT id, {cols} FROM {source} ORDER BY id"))?;
    let mut sb = b.prepare(&format!("SELECT id, {cols} FROM {target} ORDER BY id"))?;
    let read = |row: &rusqlite::Row<'_>| -> rusqlite::Result<Record> {
        let mut values = Vec::with_capacity(COLUMNS.len());
        for i in 0..COLUMNS.len() {
            values.push(value(row.get_ref(i + 1)?));
        }
        Ok(Record {
            key: row.get(0)?,
            values,
            ..Record::default()
        })
    };
    let left = sa.query_map([], read)?.map(|r| r.expect("source row"));
    let right = sb.query_map([], read)?.map(|r| r.expect("target row"));
    let mut summary = Summary::default();
    merge_sorted(&comparer, left, right, |row| summary.add(&row))?;
    let elapsed = started.elapsed();
    println!(
        "{}",
        serde_json::json!({"summary": summary, "seconds": elapsed.as_secs_f64()})
    );
    Ok(())
}
