//! SOQL over REST: `/query` and `/queryAll` (`?q=`), answered in batches (2,000 rows, or
//! `Sforce-Query-Options: batchSize=N` from 200 to 2,000) with `nextRecordsUrl` cursors
//! served by `/query/{locator}`; parsing, checking and evaluation are `synccentral-soql`'s.
//! [`answer`] is the one way a query is run (REST and Bulk API query jobs): it hands the
//! evaluator only the records the query's keys can match (`crate::narrow`), and answers a bare
//! `SELECT COUNT()` from the per-object record counts (`store::count`).

use crate::error::{Failure, SfError};
use crate::narrow::{self, Narrow};
use crate::schema::Schema;
use crate::{ids, json_response, keys, store, App, Req};
use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use synccentral_engine::Describe;
use synccentral_soql::{
    Catalog, CheckedQuery, Context, Query, QueryResult, Record, RecordSource, SelectItem,
};

/// Rows per batch unless the client asks for fewer.
const DEFAULT_BATCH: usize = 2000;
const MIN_BATCH: usize = 200;
/// Open cursors kept; the oldest is dropped first.
const MAX_CURSORS: usize = 64;

/// The rows of open query cursors, by cursor ID.
#[derive(Default)]
pub struct Cursors {
    next: AtomicU64,
    open: Mutex<(HashMap<String, Cursor>, VecDeque<String>)>,
}

struct Cursor {
    rows: Vec<Value>,
    batch: usize,
}

impl Catalog for Schema {
    fn describe(&self, object: &str) -> Option<&Describe> {
        self.get(object).map(|o| &o.describe)
    }
}

/// The org's records as the evaluator reads them: for the queried object, only the rows
/// `narrow` lets through (all of them without it).
pub(crate) struct Records<'a> {
    pub conn: &'a Connection,
    pub schema: &'a Schema,
    /// The queried object and the narrowing of its WHERE clause.
    pub narrow: Option<(String, Narrow)>,
    /// Whether soft-deleted records are wanted (queryAll); the evaluator drops them otherwise.
    pub include_deleted: bool,
    /// How many records of the queried object were read.
    pub read: Cell<usize>,
}

impl RecordSource for Records<'_> {
    fn records(&self, object: &str) -> Vec<Record> {
        let name = self.schema.get(object).map_or(object, |o| o.name());
        let found = match &self.narrow {
            Some((root, n)) if root == name => store::list_where(
                self.conn,
                name,
                self.include_deleted,
                &n.sql,
                &n.params,
                n.driven,
            ),
            _ => store::list(self.conn, name, self.include_deleted),
        };
        let found = found.unwrap_or_default();
        self.read.set(self.read.get() + found.len());
        found
            .into_iter()
            .map(|r| with_id(r.id, r.deleted, r.fields))
            .collect()
    }

    fn by_id(&self, id: &str) -> Option<(String, Record)> {
        let id = ids::normalize(id)?;
        let r = store::get(self.conn, &id).ok().flatten()?;
        Some((r.object, with_id(r.id, r.deleted, r.fields)))
    }
}

/// Runs a parsed and checked query; answers the result and how many records of the queried
/// object were read for it. With `use_indexes` false every record of the object is read and
/// judged (the reference the indexed path is tested against).
pub(crate) fn answer(
    conn: &Connection,
    schema: &Schema,
    parsed: &Query,
    checked: &CheckedQuery,
    ctx: &Context,
    use_indexes: bool,
) -> Result<(QueryResult, usize), synccentral_soql::SoqlError> {
    let object = schema.get(&checked.object);
    if use_indexes && parsed.filter.is_none() {
        if let ([SelectItem::CountAll { .. }], Some(obj)) = (parsed.select.as_slice(), object) {
            // As the evaluator counts: the matching records, past OFFSET, at most LIMIT. If the
            // counts cannot be read, the evaluator counts below.
            if let Ok(n) = store::count(conn, obj.name(), ctx.include_deleted) {
                let n = (n as usize).saturating_sub(checked.offset.unwrap_or(0) as usize);
                let n = checked.limit.map_or(n, |l| n.min(l as usize));
                return Ok((QueryResult::Count(n), 0));
            }
        }
    }
    let narrowed = match (use_indexes, &parsed.filter, object) {
        (true, Some(filter), Some(obj)) => keys::slots(conn, obj.name())
            .ok()
            .and_then(|slots| narrow::narrow(filter, obj, &slots))
            .map(|n| (obj.name().to_string(), n)),
        _ => None,
    };
    let source = Records {
        conn,
        schema,
        narrow: narrowed,
        include_deleted: ctx.include_deleted,
        read: Cell::new(0),
    };
    let result = synccentral_soql::execute(checked, &source, ctx)?;
    Ok((result, source.read.get()))
}

fn with_id(id: String, deleted: bool, mut fields: Map<String, Value>) -> Record {
    fields.insert("Id".into(), Value::String(id));
    fields.insert("IsDeleted".into(), Value::Bool(deleted));
    fields
}

fn batch_size(req: &Req) -> usize {
    req.header("sforce-query-options")
        .and_then(|h| {
            h.split([',', ';']).find_map(|part| {
                let (k, v) = part.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("batchSize")
                    .then(|| v.trim().parse::<usize>().ok())
                    .flatten()
            })
        })
        .map_or(DEFAULT_BATCH, |n| n.clamp(MIN_BATCH, DEFAULT_BATCH))
}

fn query_error(e: synccentral_soql::SoqlError) -> Failure {
    Failure::bad_request(SfError::new(e.code.as_str(), e.message))
}

/// `GET /query?q=` or `/queryAll?q=`.
pub fn run(app: &App, req: &Req, v: &str, include_deleted: bool) -> Result<Response, Failure> {
    let Some(soql) = req.param("q") else {
        return Err(Failure::bad_request(SfError::new(
            "MALFORMED_QUERY",
            "A query string has to be specified",
        )));
    };
    let parsed = synccentral_soql::parse(soql).map_err(query_error)?;
    let checked = synccentral_soql::check(&parsed, &app.schema).map_err(query_error)?;
    if req
        .param("columns")
        .is_some_and(|c| c.eq_ignore_ascii_case("true"))
    {
        return Ok(json_response(
            StatusCode::OK,
            &columns::metadata(&app.schema, &parsed, &checked),
        ));
    }
    let ctx = Context {
        now: jiff::Timestamp::now(),
        time_zone: jiff::tz::TimeZone::UTC,
        api_version: v.to_string(),
        include_deleted,
    };
    let result = {
        let conn = app.db();
        answer(
            &conn,
            &app.schema,
            &parsed,
            &checked,
            &ctx,
            app.config.use_indexes,
        )
        .map_err(query_error)?
        .0
    };
    let rows = match result {
        QueryResult::Count(n) => {
            return Ok(json_response(
                StatusCode::OK,
                &json!({"totalSize": n, "done": true, "records": []}),
            ))
        }
        QueryResult::Rows(rows) => rows,
    };
    let batch = batch_size(req);
    if rows.len() <= batch {
        return Ok(json_response(
            StatusCode::OK,
            &json!({"totalSize": rows.len(), "done": true, "records": rows}),
        ));
    }
    let n = app.cursors.next.fetch_add(1, Ordering::Relaxed) + 1;
    let id = ids::make_id(&app.stem, "01g", n);
    let page = page(&id, &rows, 0, batch, v);
    let mut open = app.cursors.open.lock().unwrap_or_else(|e| e.into_inner());
    open.0.insert(id.clone(), Cursor { rows, batch });
    open.1.push_back(id);
    while open.1.len() > MAX_CURSORS {
        if let Some(old) = open.1.pop_front() {
            open.0.remove(&old);
        }
    }
    Ok(json_response(StatusCode::OK, &page))
}

/// One batch of a cursor starting at `from`.
fn page(id: &str, rows: &[Value], from: usize, batch: usize, v: &str) -> Value {
    let end = (from + batch).min(rows.len());
    let mut out = json!({
        "totalSize": rows.len(),
        "done": end >= rows.len(),
        "records": rows[from.min(end)..end],
    });
    if end < rows.len() {
        out["nextRecordsUrl"] = json!(format!("/services/data/v{v}/query/{id}-{end}"));
    }
    out
}

/// `GET /query/{cursor}-{offset}`: the next batch.
pub fn more(app: &App, locator: &str, v: &str) -> Result<Response, Failure> {
    let invalid = || {
        Failure::bad_request(SfError::new(
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        ))
    };
    let (id, from) = locator.rsplit_once('-').ok_or_else(invalid)?;
    let from: usize = from.parse().map_err(|_| invalid())?;
    let open = app.cursors.open.lock().unwrap_or_else(|e| e.into_inner());
    let cursor = open.0.get(id).ok_or_else(invalid)?;
    if from >= cursor.rows.len() {
        return Err(invalid());
    }
    Ok(json_response(
        StatusCode::OK,
        &page(id, &cursor.rows, from, cursor.batch, v),
    ))
}

mod columns;
#[cfg(test)]
mod tests;
