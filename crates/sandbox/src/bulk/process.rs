//! Processing closed Bulk API 2.0 jobs: ingest rows read from the uploaded CSV and written one
//! by one through REST's write path (chunks of rows per transaction, an abort noticed between
//! chunks), and query jobs run through the SOQL code of `/query`.

use super::spool::Rows;
use super::{Kind, Outcome, State, CHUNK};
use crate::error::SfError;
use crate::query;
use crate::rest::{self, Upserted};
use crate::schema::SObject;
use crate::write::{self, Ctx};
use crate::{now_ms, store, App};
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use synccentral_engine::{FieldDescribe, FieldType};

/// Runs a closed job (called by [`work`]).
pub(super) fn process(app: &App, id: &str) {
    let started = now_ms();
    let kind = {
        let mut jobs = app.bulk.lock();
        let Some(job) = jobs.get_mut(id) else { return };
        if job.state != State::UploadComplete {
            return;
        }
        job.state = State::InProgress;
        job.touch();
        job.kind
    };
    let outcome = match kind {
        Kind::Ingest => ingest(app, id),
        Kind::Query => run_query(app, id),
    };
    let mut jobs = app.bulk.lock();
    let Some(job) = jobs.get_mut(id) else { return };
    job.processing_ms = now_ms() - started;
    if job.state == State::InProgress {
        match outcome {
            Ok(()) => job.state = State::JobComplete,
            Err(message) => {
                job.state = State::Failed;
                job.error = Some(message);
            }
        }
        job.touch();
    }
}

/// What a CSV column sets.
enum Column<'a> {
    Id,
    Field(&'a FieldDescribe),
    /// `Account.External_Id__c` (or `Type:Rel.Field` for a polymorphic lookup).
    Parent {
        lookup: &'a FieldDescribe,
        relationship: String,
        parent_type: Option<String>,
        key: String,
    },
}

fn columns<'a>(obj: &'a SObject, header: &[String]) -> Result<Vec<Column<'a>>, String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for h in header {
        let lower = h.to_ascii_lowercase();
        if seen.contains(&lower) {
            return Err(format!("InvalidBatch : Duplicate field: {h}"));
        }
        seen.push(lower);
        let not_found = || format!("InvalidBatch : Field name not found : {h}");
        if let Some((rel, key)) = h.split_once('.') {
            let (parent_type, rel) = match rel.split_once(':') {
                Some((t, r)) => (Some(t.to_string()), r),
                None => (None, rel),
            };
            let lookup = obj
                .describe
                .fields
                .iter()
                .find(|f| {
                    f.relationship_name
                        .as_deref()
                        .is_some_and(|r| r.eq_ignore_ascii_case(rel))
                })
                .ok_or_else(not_found)?;
            out.push(Column::Parent {
                lookup,
                relationship: lookup.relationship_name.clone().unwrap_or_default(),
                parent_type,
                key: key.to_string(),
            });
            continue;
        }
        let f = obj.field(h).ok_or_else(not_found)?;
        out.push(if f.field_type == FieldType::Id {
            Column::Id
        } else {
            Column::Field(f)
        });
    }
    Ok(out)
}

/// The row as a REST body (empty cells left out, `#N/A` as null) and its `Id` cell.
fn row_body(cols: &[Column], row: &csv::StringRecord) -> (Map<String, Value>, Option<String>) {
    let mut body = Map::new();
    let mut id = None;
    for (col, cell) in cols.iter().zip(row) {
        if cell.is_empty() {
            continue;
        }
        let null = cell == "#N/A";
        match col {
            Column::Id => id = (!null).then(|| cell.to_string()),
            Column::Field(f) => {
                let v = if null {
                    Value::Null
                } else if f.field_type == FieldType::Boolean {
                    Value::String(cell.to_ascii_lowercase())
                } else {
                    Value::String(cell.to_string())
                };
                body.insert(f.name.clone(), v);
            }
            Column::Parent {
                lookup,
                relationship,
                parent_type,
                key,
            } => {
                if null {
                    body.insert(lookup.name.clone(), Value::Null);
                    continue;
                }
                let mut parent = Map::new();
                if let Some(t) = parent_type {
                    parent.insert("attributes".into(), json!({ "type": t }));
                }
                parent.insert(key.clone(), Value::String(cell.to_string()));
                body.insert(relationship.clone(), Value::Object(parent));
            }
        }
    }
    (body, id)
}

/// `CODE:message:fields --` per error, as Bulk results render them.
fn error_text(errors: &[SfError]) -> String {
    errors
        .iter()
        .map(|e| match e.fields.as_deref() {
            Some(f) if !f.is_empty() => format!("{}:{}:{} --", e.code, e.message, f.join(",")),
            _ => format!("{}:{}:--", e.code, e.message),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn missing(code: &str, message: &str) -> Vec<SfError> {
    vec![SfError::with_fields(code, message, vec![])]
}

/// Writes one row; `Ok((id, created))` or `Err((known id, errors))`.
fn write_row(
    c: &Ctx,
    obj: &SObject,
    job: &JobSpec,
    cols: &[Column],
    row: &csv::StringRecord,
    seen: &mut HashSet<String>,
) -> Result<(String, bool), (String, Vec<SfError>)> {
    if row.len() != cols.len() {
        return Err((
            String::new(),
            missing(
                "INVALID_FIELD",
                &format!(
                    "The row has {} values for {} columns",
                    row.len(),
                    cols.len()
                ),
            ),
        ));
    }
    let (mut body, id) = row_body(cols, row);
    body.retain(|k, _| !k.eq_ignore_ascii_case("Id"));
    let live = |id: &Option<String>, verb: &str| -> Result<store::Stored, (String, Vec<SfError>)> {
        let Some(id) = id else {
            return Err((
                String::new(),
                missing(
                    "MISSING_ARGUMENT",
                    &format!("Id not specified in an {verb} call"),
                ),
            ));
        };
        rest::collection_record(c.conn, obj, id).map_err(|e| (id.clone(), e))
    };
    match job.operation.as_str() {
        "insert" => write::insert(c, obj, &body)
            .map(|id| (id, true))
            .map_err(|e| (String::new(), e)),
        "update" => {
            let record = live(&id, "update")?;
            write::update(c, obj, &record, &body)
                .map(|_| (record.id.clone(), false))
                .map_err(|e| (record.id.clone(), e))
        }
        "delete" | "hardDelete" => {
            let record = live(&id, "delete")?;
            let done = if job.operation == "delete" {
                write::delete(c, obj, &record)
            } else {
                store::erase(c.conn, &record.id).map_err(write::storage)
            };
            done.map(|_| (record.id.clone(), false))
                .map_err(|e| (record.id.clone(), vec![e]))
        }
        _ => {
            let field_name = job.external_id.as_deref().unwrap_or("Id");
            let Some(f) = obj.field(field_name) else {
                return Err((String::new(), missing("INVALID_FIELD", field_name)));
            };
            let value = if f.field_type == FieldType::Id {
                id.clone()
            } else {
                body.get(&f.name)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let Some(value) = value else {
                return Err((
                    String::new(),
                    missing("MISSING_ARGUMENT", &format!("{} not specified", f.name)),
                ));
            };
            // Keys already upserted by this job, in ASCII lower case (compared as before:
            // letter case ignored).
            if !seen.insert(value.to_ascii_lowercase()) {
                return Err((
                    String::new(),
                    vec![SfError::with_fields(
                        "DUPLICATE_EXTERNAL_ID",
                        format!("Duplicate external id specified: {value}"),
                        vec![f.name.clone()],
                    )],
                ));
            }
            match rest::upsert_one(c, obj, f, &value, &body) {
                Ok(Upserted::Created(id)) => Ok((id, true)),
                Ok(Upserted::Updated(id)) => Ok((id, false)),
                Ok(Upserted::Several(many)) => Err((
                    String::new(),
                    vec![SfError::with_fields(
                        "DUPLICATE_EXTERNAL_ID",
                        format!(
                            "{}: more than one record found for external id field: [{}]",
                            f.label,
                            many.iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        vec![f.name.clone()],
                    )],
                )),
                Err(e) => Err((String::new(), e)),
            }
        }
    }
}

/// What processing an ingest job needs from it.
struct JobSpec {
    operation: String,
    external_id: Option<String>,
}

fn ingest(app: &App, id: &str) -> Result<(), String> {
    let (spec, object, uploads, delimiter) = {
        let jobs = app.bulk.lock();
        let Some(job) = jobs.get(id) else {
            return Ok(());
        };
        (
            JobSpec {
                operation: job.operation.clone(),
                external_id: job.external_id.clone(),
            },
            job.object.clone(),
            job.uploads.clone(),
            job.delimiter_byte(),
        )
    };
    // A first pass reads every upload without keeping rows, so that a CSV that cannot be
    // read fails the job before any row is written.
    let mut check = Rows::new(uploads.clone(), delimiter);
    let header = check.header()?;
    while check.next_row()?.is_some() {}
    let obj = app
        .schema
        .get(&object)
        .ok_or_else(|| format!("InvalidJob : Unable to find object: {object}"))?;
    {
        let mut jobs = app.bulk.lock();
        if let Some(job) = jobs.get_mut(id) {
            job.header = header.clone();
        }
    }
    let cols = columns(obj, &header)?;
    let mut seen = HashSet::new();
    let mut rows = Rows::new(uploads, delimiter);
    rows.header()?;
    let mut done_rows = 0usize;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            match rows.next_row()? {
                Some(row) => chunk.push(row),
                None => break,
            }
        }
        if chunk.is_empty() {
            return Ok(());
        }
        {
            let mut jobs = app.bulk.lock();
            let Some(job) = jobs.get_mut(id) else {
                return Ok(());
            };
            if job.state != State::InProgress {
                job.unprocessed_after = Some(done_rows);
                return Ok(());
            }
        }
        let mut done = Vec::with_capacity(chunk.len());
        {
            // Not while a `/composite` runs alone (its undo journal sees every change).
            let _gate = app.gate.read().unwrap_or_else(|e| e.into_inner());
            let conn = app.db();
            let tx = conn.unchecked_transaction().map_err(|e| e.to_string())?;
            let c = Ctx {
                conn: &tx,
                schema: &app.schema,
                user_id: &app.user_id,
            };
            for row in &chunk {
                done.push(write_row(&c, obj, &spec, &cols, row, &mut seen));
            }
            tx.commit().map_err(|e| e.to_string())?;
        }
        done_rows += chunk.len();
        let mut jobs = app.bulk.lock();
        let Some(job) = jobs.get_mut(id) else {
            return Ok(());
        };
        for (result, row) in done.into_iter().zip(chunk) {
            match result {
                Ok((id, created)) => job.successes.push(Outcome {
                    id,
                    text: created.to_string(),
                    row,
                }),
                Err((id, errors)) => job.failures.push(Outcome {
                    id,
                    text: error_text(&errors),
                    row,
                }),
            }
        }
    }
}

/// A query cell: null as empty, text as is, numbers and booleans as their JSON text.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn run_query(app: &App, id: &str) -> Result<(), String> {
    let (soql, version, all) = {
        let jobs = app.bulk.lock();
        let Some(job) = jobs.get(id) else {
            return Ok(());
        };
        (
            job.query.clone(),
            job.version.clone(),
            job.operation == "queryAll",
        )
    };
    let fail = |e: synccentral_soql::SoqlError| format!("{}: {}", e.code.as_str(), e.message);
    let parsed = synccentral_soql::parse(&soql).map_err(fail)?;
    let checked = synccentral_soql::check(&parsed, &app.schema).map_err(fail)?;
    let ctx = synccentral_soql::Context {
        now: jiff::Timestamp::now(),
        time_zone: jiff::tz::TimeZone::UTC,
        api_version: version,
        include_deleted: all,
    };
    let result = {
        let conn = app.db();
        query::answer(
            &conn,
            &app.schema,
            &parsed,
            &checked,
            &ctx,
            app.config.use_indexes,
        )
        .map_err(fail)?
        .0
    };
    let synccentral_soql::QueryResult::Rows(rows) = result else {
        return Err("Aggregate queries are not supported by Bulk API query jobs".into());
    };
    let header = synccentral_soql::fields_of(&checked);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            synccentral_soql::column_values(&checked, r)
                .iter()
                .map(cell)
                .collect()
        })
        .collect();
    let mut jobs = app.bulk.lock();
    if let Some(job) = jobs.get_mut(id) {
        job.header = header;
        job.rows = cells;
    }
    Ok(())
}
