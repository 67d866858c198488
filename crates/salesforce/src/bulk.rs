//! Bulk API 2.0. Ingest: the JSON records become CSV (the `csv` crate; `null` → `#N/A` to
//! clear a field, a missing key → an empty cell that leaves the field alone, booleans
//! `true`/`false`, datetimes with a `±HH:mm` offset, nested relationship objects
//! `{"Account": {"External_Id__c": "A-1"}}` → an `Account.External_Id__c` column), a job per
//! upload of at most [`BulkOptions::max_upload_bytes`], upload, close, poll with backoff until
//! `JobComplete`/`Failed`/`Aborted`, then `successfulResults`, `failedResults` and
//! `unprocessedrecords` mapped back to the input order.
//!
//! Result files carry no row number (an extra column would be refused as an unknown field),
//! only `sf__Id`/`sf__Created`/`sf__Error` and the uploaded columns; each result row is
//! matched to an input row by those column values (numbers compared as numbers, booleans in
//! any case, since Salesforce re-renders them), first come first served among identical rows.
//!
//! Query: a query job, polled the same way, results read page by page with `Sforce-Locator`
//! and turned into JSON records typed by the describe (empty → null, booleans, numbers;
//! `Account.Name` columns nested as `{"Account": {"Name": …}}`).

use crate::client::{Body, Client};
use crate::collections::{Operation, RecordError, RecordResult};
use crate::error::{Result, SalesforceError};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;
use synccentral_engine::{Describe, FieldType};
use synccentral_net::reqwest::Method;

/// The largest result page or file read.
const RESULTS_CAP: usize = 1024 * 1024 * 1024;

/// How Bulk jobs are run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOptions {
    /// The first wait between job-status polls; doubled each poll up to `poll_max`.
    pub poll_initial: Duration,
    pub poll_max: Duration,
    /// Give up waiting on a job after this long (the job keeps running in the org).
    pub timeout: Duration,
    /// CSV bytes per ingest job; more records make more jobs (5 MB by default; Salesforce
    /// and the sandbox take uploads up to 150 MB of base64).
    pub max_upload_bytes: usize,
    /// Rows per query results page (`maxRecords`); `None` lets the org choose.
    pub query_page_size: Option<u32>,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            poll_initial: Duration::from_millis(250),
            poll_max: Duration::from_secs(10),
            timeout: Duration::from_secs(3600),
            max_upload_bytes: 5 * 1024 * 1024,
            query_page_size: None,
        }
    }
}

/// The CSV of an ingest job: the header and one row per input record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Datetime text Salesforce REST writes (`…+0000`) in the form Bulk CSV reads (`…+00:00`).
fn bulk_datetime(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() > 5 {
        let tail = &b[b.len() - 5..];
        if (tail[0] == b'+' || tail[0] == b'-')
            && tail[1..].iter().all(u8::is_ascii_digit)
            && b[b.len() - 6].is_ascii_digit()
            && s.contains('T')
        {
            return format!("{}:{}", &s[..s.len() - 2], &s[s.len() - 2..]);
        }
    }
    s.to_string()
}

/// One CSV cell for a JSON value of `field`.
fn cell(value: &Value, field: Option<&FieldType>) -> String {
    match value {
        Value::Null => "#N/A".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match field {
            Some(FieldType::Datetime) => bulk_datetime(s),
            Some(FieldType::Date) if s.len() > 10 && s.as_bytes()[10] == b'T' => s[..10].into(),
            Some(FieldType::Boolean) => s.to_ascii_lowercase(),
            _ => s.clone(),
        },
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";"),
        Value::Object(_) => value.to_string(),
    }
}

/// Builds the ingest CSV: columns in first-seen order over all records (`attributes`
/// skipped; `Id` only for update/delete; delete sends only `Id`), relationship objects
/// flattened to `Rel.Field` columns.
pub fn records_to_csv(op: &Operation, records: &[Value], describe: Option<&Describe>) -> CsvTable {
    let flat: Vec<Vec<(String, &Value)>> = records
        .iter()
        .map(|r| {
            let mut cells = Vec::new();
            if let Value::Object(o) = r {
                for (k, v) in o {
                    if k == "attributes" {
                        continue;
                    }
                    let is_id = k.eq_ignore_ascii_case("id");
                    match op {
                        Operation::Delete | Operation::HardDelete if !is_id => continue,
                        Operation::Insert | Operation::Upsert { .. } if is_id => continue,
                        _ => {}
                    }
                    match v {
                        Value::Object(nested) => {
                            for (k2, v2) in nested {
                                if k2 != "attributes" {
                                    cells.push((format!("{k}.{k2}"), v2));
                                }
                            }
                        }
                        _ => cells.push((if is_id { "Id".into() } else { k.clone() }, v)),
                    }
                }
            }
            cells
        })
        .collect();
    let mut header: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &flat {
        for (k, _) in row {
            let key = k.to_ascii_lowercase();
            if let std::collections::hash_map::Entry::Vacant(e) = index.entry(key) {
                e.insert(header.len());
                header.push(k.clone());
            }
        }
    }
    let types: Vec<Option<FieldType>> = header
        .iter()
        .map(|h| {
            describe
                .and_then(|d| d.field(h))
                .map(|f| f.field_type.clone())
        })
        .collect();
    let rows = flat
        .into_iter()
        .map(|cells| {
            let mut row = vec![String::new(); header.len()];
            for (k, v) in cells {
                let i = index[&k.to_ascii_lowercase()];
                row[i] = cell(v, types[i].as_ref());
            }
            row
        })
        .collect();
    CsvTable { header, rows }
}

fn write_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell as compared when matching results to input rows.
fn match_key(s: &str) -> String {
    let t = s.trim();
    if t == "#N/A" {
        return String::new();
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return t.to_ascii_lowercase();
    }
    if !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        if let Ok(f) = t.parse::<f64>() {
            return format!("{f:?}");
        }
    }
    t.to_string()
}

fn row_key(values: impl Iterator<Item = String>) -> String {
    values
        .map(|v| match_key(&v))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// `CODE:message:Field1,Field2 --` (several joined) → errors.
pub fn parse_bulk_error(text: &str) -> Vec<RecordError> {
    let mut out = Vec::new();
    for part in text.split("--").map(str::trim).filter(|p| !p.is_empty()) {
        let (code, rest) = part.split_once(':').unwrap_or((part, ""));
        let (message, fields) = match rest.rsplit_once(':') {
            Some((m, f)) if !f.trim().contains(char::is_whitespace) => (
                m.trim(),
                f.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            _ => (rest.trim(), Vec::new()),
        };
        out.push(RecordError {
            status_code: code.trim().to_string(),
            message: message.to_string(),
            fields,
        });
    }
    if out.is_empty() {
        out.push(RecordError {
            status_code: "UNKNOWN_EXCEPTION".into(),
            message: text.to_string(),
            fields: Vec::new(),
        });
    }
    out
}

fn read_csv(url: &str, body: &[u8]) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(body);
    let header: Vec<String> = r
        .headers()
        .map_err(|e| SalesforceError::decode(url, e))?
        .iter()
        .map(String::from)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| SalesforceError::decode(url, e))?;
        rows.push(rec.iter().map(String::from).collect());
    }
    Ok((header, rows))
}

fn is_terminal(state: &str) -> bool {
    matches!(state, "JobComplete" | "Failed" | "Aborted")
}

impl Client {
    async fn bulk_json(&self, method: Method, path: &str, body: Body) -> Result<Value> {
        let a = self.call(method, path, &[], body, &[]).await?;
        if a.body.is_empty() {
            return Ok(Value::Null);
        }
        a.json()
    }

    /// Polls `GET {path}` with backoff until the job is in a terminal state.
    async fn bulk_wait(&self, path: &str, options: &BulkOptions) -> Result<Value> {
        let started = std::time::Instant::now();
        let mut wait = options.poll_initial;
        loop {
            let info = self.bulk_json(Method::GET, path, Body::None).await?;
            let state = info["state"].as_str().unwrap_or("").to_string();
            if is_terminal(&state) {
                return Ok(info);
            }
            if started.elapsed() > options.timeout {
                return Err(SalesforceError::BulkJob {
                    job_id: info["id"].as_str().unwrap_or("").into(),
                    state,
                    message: format!("not finished after {} s", options.timeout.as_secs()),
                });
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(options.poll_max);
        }
    }

    async fn bulk_results(&self, path: &str) -> Result<(Vec<String>, Vec<Vec<String>>)> {
        let a = self
            .call_capped(
                Method::GET,
                path,
                &[],
                Body::None,
                &[("Accept", "text/csv")],
                RESULTS_CAP,
            )
            .await?;
        read_csv(&a.url, &a.body)
    }

    /// One ingest job over `rows` (a slice of the table); results in the rows' order.
    async fn bulk_job(
        &self,
        op: &Operation,
        object: &str,
        header: &[String],
        rows: &[Vec<String>],
        options: &BulkOptions,
    ) -> Result<Vec<RecordResult>> {
        let mut job = json!({"object": object, "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA"});
        job["operation"] = json!(match op {
            Operation::Insert => "insert",
            Operation::Update => "update",
            Operation::Upsert { .. } => "upsert",
            Operation::Delete => "delete",
            Operation::HardDelete => "hardDelete",
        });
        if let Operation::Upsert { external_id_field } = op {
            job["externalIdFieldName"] = json!(external_id_field);
        }
        let base = self.data_path("/jobs/ingest");
        let info = self.bulk_json(Method::POST, &base, Body::Json(job)).await?;
        let id = info["id"]
            .as_str()
            .ok_or_else(|| SalesforceError::decode(&base, "no job id"))?
            .to_string();
        let job_path = format!("{base}/{id}");
        self.call(
            Method::PUT,
            &format!("{job_path}/batches"),
            &[],
            Body::Csv(write_csv(header, rows)),
            &[],
        )
        .await?;
        self.bulk_json(
            Method::PATCH,
            &job_path,
            Body::Json(json!({"state": "UploadComplete"})),
        )
        .await?;
        let info = self.bulk_wait(&job_path, options).await?;
        let state = info["state"].as_str().unwrap_or("").to_string();
        if state == "Failed" {
            return Err(SalesforceError::BulkJob {
                job_id: id,
                state,
                message: info["errorMessage"].as_str().unwrap_or("").to_string(),
            });
        }

        // Input rows by content, first come first served among equal rows.
        let mut by_key: HashMap<String, VecDeque<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            by_key
                .entry(row_key(row.iter().cloned()))
                .or_default()
                .push_back(i);
        }
        let mut results: Vec<Option<RecordResult>> = vec![None; rows.len()];
        let column_of = |result_header: &[String]| -> Vec<Option<usize>> {
            header
                .iter()
                .map(|h| result_header.iter().position(|r| r.eq_ignore_ascii_case(h)))
                .collect()
        };
        for kind in ["successfulResults", "failedResults", "unprocessedrecords"] {
            let (rh, rrows) = self.bulk_results(&format!("{job_path}/{kind}/")).await?;
            let cols = column_of(&rh);
            let at = |name: &str| rh.iter().position(|h| h == name);
            let (sf_id, sf_created, sf_error) = (at("sf__Id"), at("sf__Created"), at("sf__Error"));
            for rr in rrows {
                let key = row_key(
                    cols.iter()
                        .map(|c| c.and_then(|c| rr.get(c).cloned()).unwrap_or_default()),
                );
                let Some(i) = by_key.get_mut(&key).and_then(VecDeque::pop_front) else {
                    continue;
                };
                let get =
                    |c: Option<usize>| c.and_then(|c| rr.get(c)).cloned().filter(|s| !s.is_empty());
                results[i] = Some(match kind {
                    "successfulResults" => RecordResult {
                        id: get(sf_id),
                        created: matches!(op, Operation::Upsert { .. }).then(|| {
                            get(sf_created).is_some_and(|c| c.eq_ignore_ascii_case("true"))
                        }),
                        success: true,
                        errors: Vec::new(),
                    },
                    "failedResults" => RecordResult {
                        id: get(sf_id),
                        created: None,
                        success: false,
                        errors: parse_bulk_error(&get(sf_error).unwrap_or_default()),
                    },
                    _ => RecordResult::failed(
                        "BULK_UNPROCESSED",
                        format!("job {id} ended {state} before this record was processed"),
                        Vec::new(),
                    ),
                });
            }
        }
        Ok(results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    RecordResult::failed(
                        "BULK_RESULT_MISSING",
                        format!("job {id} returned no result for this record"),
                        Vec::new(),
                    )
                })
            })
            .collect())
    }

    /// Writes any number of records through Bulk API 2.0 ingest jobs (one per
    /// `max_upload_bytes` of CSV, run one after another) and returns one result per record
    /// in input order, in the shape of collections results. `describe` (optional) formats
    /// dates, datetimes and booleans. A job that ends `Failed` is an error; records a job
    /// left unprocessed fail with `BULK_UNPROCESSED`.
    pub async fn bulk_ingest(
        &self,
        op: &Operation,
        object: &str,
        records: &[Value],
        describe: Option<&Describe>,
        options: &BulkOptions,
    ) -> Result<Vec<RecordResult>> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let table = records_to_csv(op, records, describe);
        let header_len = write_csv(&table.header, &[]).len();
        let mut out = Vec::with_capacity(records.len());
        let mut start = 0;
        while start < table.rows.len() {
            let mut end = start;
            let mut size = header_len;
            while end < table.rows.len() {
                let row_len = write_csv(&[], std::slice::from_ref(&table.rows[end])).len();
                if end > start && size + row_len > options.max_upload_bytes {
                    break;
                }
                size += row_len;
                end += 1;
            }
            out.extend(
                self.bulk_job(op, object, &table.header, &table.rows[start..end], options)
                    .await?,
            );
            start = end;
        }
        Ok(out)
    }

    /// Runs a SOQL query as a Bulk API 2.0 query job and returns its records as JSON typed
    /// by `describe` (text when there is none), reading the results page by page.
    pub async fn bulk_query(
        &self,
        soql: &str,
        describe: Option<&Describe>,
        options: &BulkOptions,
    ) -> Result<Vec<Value>> {
        self.bulk_query_with(soql, describe, options, false).await
    }

    /// [`Client::bulk_query`], with `all`: a `queryAll` job (deleted records too).
    pub async fn bulk_query_with(
        &self,
        soql: &str,
        describe: Option<&Describe>,
        options: &BulkOptions,
        all: bool,
    ) -> Result<Vec<Value>> {
        let mut job = self.bulk_query_open(soql, options, all).await?;
        let mut records = Vec::new();
        while let Some(page) = job.next_page(describe).await? {
            records.extend(page);
        }
        Ok(records)
    }

    /// Starts a Bulk API 2.0 query (`queryAll` with `all`) and waits for it to complete;
    /// its results are then read a page (`options.query_page_size` rows, or as many as
    /// Salesforce sends) at a time through [`BulkQuery::next_page`], so a large result is
    /// never held whole.
    pub async fn bulk_query_open(
        &self,
        soql: &str,
        options: &BulkOptions,
        all: bool,
    ) -> Result<BulkQuery> {
        let base = self.data_path("/jobs/query");
        let operation = if all { "queryAll" } else { "query" };
        let info = self
            .bulk_json(
                Method::POST,
                &base,
                Body::Json(json!({"operation": operation, "query": soql, "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA"})),
            )
            .await?;
        let id = info["id"]
            .as_str()
            .ok_or_else(|| SalesforceError::decode(&base, "no job id"))?
            .to_string();
        let job_path = format!("{base}/{id}");
        let info = self.bulk_wait(&job_path, options).await?;
        let state = info["state"].as_str().unwrap_or("");
        if state != "JobComplete" {
            return Err(SalesforceError::BulkJob {
                job_id: id,
                state: state.to_string(),
                message: info["errorMessage"].as_str().unwrap_or("").to_string(),
            });
        }
        Ok(BulkQuery {
            client: self.clone(),
            results: format!("{job_path}/results"),
            locator: None,
            page_size: options.query_page_size.map(|n| n.to_string()),
            done: false,
        })
    }
}

/// A completed Bulk API 2.0 query job whose results are read a page at a time.
#[derive(Debug, Clone)]
pub struct BulkQuery {
    client: Client,
    results: String,
    locator: Option<String>,
    page_size: Option<String>,
    done: bool,
}

impl BulkQuery {
    /// The next page of results as JSON records typed by `describe` (text when there is
    /// none); `None` after the last (the `Sforce-Locator` header says `null`).
    pub async fn next_page(&mut self, describe: Option<&Describe>) -> Result<Option<Vec<Value>>> {
        if self.done {
            return Ok(None);
        }
        let mut query: Vec<(&str, &str)> = Vec::new();
        if let Some(l) = &self.locator {
            query.push(("locator", l));
        }
        if let Some(n) = &self.page_size {
            query.push(("maxRecords", n));
        }
        let a = self
            .client
            .call_capped(
                Method::GET,
                &self.results,
                &query,
                Body::None,
                &[("Accept", "text/csv")],
                RESULTS_CAP,
            )
            .await?;
        let (header, rows) = read_csv(&a.url, &a.body)?;
        match a
            .headers
            .get("sforce-locator")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
        {
            Some(l) if !l.is_empty() && l != "null" => self.locator = Some(l.to_string()),
            _ => self.done = true,
        }
        Ok(Some(
            rows.into_iter()
                .map(|r| typed_record(&header, &r, describe))
                .collect(),
        ))
    }
}

/// A CSV row as a JSON record: empty cells null, values typed by the describe, `A.B`
/// columns nested.
pub fn typed_record(header: &[String], row: &[String], describe: Option<&Describe>) -> Value {
    let mut out = Map::new();
    for (name, text) in header.iter().zip(row) {
        if let Some((rel, field)) = name.split_once('.') {
            let value = if text.is_empty() {
                Value::Null
            } else {
                Value::String(text.clone())
            };
            let entry = out
                .entry(rel.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(o) = entry {
                o.insert(field.to_string(), value);
            }
            continue;
        }
        let ty = describe.and_then(|d| d.field(name)).map(|f| &f.field_type);
        out.insert(name.clone(), typed_value(text, ty));
    }
    // A parent whose every column is empty is a null lookup, as REST shows it.
    for v in out.values_mut() {
        if let Value::Object(o) = v {
            if o.values().all(Value::is_null) {
                *v = Value::Null;
            }
        }
    }
    Value::Object(out)
}

fn typed_value(text: &str, ty: Option<&FieldType>) -> Value {
    if text.is_empty() {
        return Value::Null;
    }
    match ty {
        Some(FieldType::Boolean) => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.into()),
        },
        Some(
            FieldType::Int
            | FieldType::Long
            | FieldType::Double
            | FieldType::Currency
            | FieldType::Percent,
        ) => serde_json::from_str::<serde_json::Number>(text)
            .map(Value::Number)
            .unwrap_or_else(|_| Value::String(text.into())),
        _ => Value::String(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_csv_with_nulls_relationships_and_salesforce_formats() {
        let records = vec![
            json!({"attributes": {"type": "Contact"}, "LastName": "A", "Email": null, "HasOptedOutOfEmail": true,
                   "Last_Seen__c": "2021-11-06T17:38:40.000+0000", "Account": {"External_Id__c": "A-1"}}),
            json!({"LastName": "B, \"quoted\"", "Score__c": 1.5, "Id": "003x"}),
        ];
        let d = Describe::from_value(&json!({"name": "Contact", "fields": [
            {"name": "Last_Seen__c", "type": "datetime"}, {"name": "HasOptedOutOfEmail", "type": "boolean"}]}))
        .unwrap();
        let t = records_to_csv(&Operation::Insert, &records, Some(&d));
        assert_eq!(
            t.header,
            vec![
                "LastName",
                "Email",
                "HasOptedOutOfEmail",
                "Last_Seen__c",
                "Account.External_Id__c",
                "Score__c"
            ]
        );
        assert_eq!(
            t.rows[0],
            vec![
                "A",
                "#N/A",
                "true",
                "2021-11-06T17:38:40.000+00:00",
                "A-1",
                ""
            ]
        );
        assert_eq!(t.rows[1][0], "B, \"quoted\"");
        assert_eq!(t.rows[1][5], "1.5");
        let csv = write_csv(&t.header, &t.rows);
        assert!(csv.contains("\"B, \"\"quoted\"\"\""), "{csv}");
        let d = records_to_csv(&Operation::Delete, &records, None);
        assert_eq!(d.header, vec!["Id"]);
        assert_eq!(d.rows, vec![vec![String::new()], vec!["003x".to_string()]]);
    }

    #[test]
    fn bulk_errors_read_code_message_and_fields() {
        let e =
            parse_bulk_error("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --");
        assert_eq!(e[0].status_code, "REQUIRED_FIELD_MISSING");
        assert_eq!(e[0].message, "Required fields are missing: [Name]");
        assert_eq!(e[0].fields, vec!["Name"]);
        let e = parse_bulk_error("INVALID_FIELD:Foreign key external ID: c9 not found");
        assert_eq!(e[0].message, "Foreign key external ID: c9 not found");
        assert!(e[0].fields.is_empty());
        let e = parse_bulk_error("INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--");
        assert_eq!(e[0].message, "invalid cross reference id");
    }

    #[test]
    fn matching_keys_compare_numbers_and_booleans_by_value() {
        assert_eq!(match_key("2676"), match_key("2676.0"));
        assert_eq!(match_key("912260031"), match_key("9.12260031E8"));
        assert_eq!(match_key("TRUE"), match_key("true"));
        assert_eq!(match_key("#N/A"), match_key(""));
        assert_ne!(match_key("A-1"), match_key("a-1"));
    }

    #[test]
    fn csv_rows_become_typed_records() {
        let header: Vec<String> = [
            "Id",
            "Score__c",
            "HasOptedOutOfEmail",
            "Account.Name",
            "Email",
        ]
        .map(String::from)
        .into();
        let row: Vec<String> = ["003x", "2.5", "true", "", ""].map(String::from).into();
        let d = Describe::from_value(&json!({"name": "Contact", "fields": [
            {"name": "Score__c", "type": "double"}, {"name": "HasOptedOutOfEmail", "type": "boolean"}]}))
        .unwrap();
        assert_eq!(
            typed_record(&header, &row, Some(&d)),
            json!({"Id": "003x", "Score__c": 2.5, "HasOptedOutOfEmail": true, "Account": null, "Email": null})
        );
    }
}
