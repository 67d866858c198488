//! Bulk API 2.0 under `/services/data/vNN.0/jobs/`: ingest jobs (create, CSV uploads, close or
//! abort, processing in the background, job info and lists, the successful / failed /
//! unprocessed results as CSV) and query jobs (SOQL run in the background, results as CSV
//! pages with `Sforce-Locator`). Every ingest row goes through the same write path as REST
//! (`write::insert` / `update` / `delete`, the upsert of `rest`), so its errors are REST's.
//! Jobs live in memory: they are lost when the sandbox stops. Processing is in `process`.

use crate::error::{Failure, SfError};
use crate::rest;
use crate::{json_response, now_text, store, App, Req};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;

mod process;
pub(crate) mod spool;

use process::process;
use spool::{Rows, Spool};

type Answer = Result<Response, Failure>;

/// Ingest rows written per database transaction; between chunks an abort is noticed.
const CHUNK: usize = 200;
/// Query result rows per page unless the client asks for `maxRecords`.
const DEFAULT_PAGE: usize = 50_000;
/// The oldest API versions serving ingest and query jobs.
const INGEST_SINCE: u32 = 41;
const QUERY_SINCE: u32 = 47;
/// Key prefix of job IDs.
const JOB_PREFIX: &str = "750";

/// The org's jobs, and the queue of closed jobs waiting to be processed.
pub struct Jobs {
    jobs: Mutex<HashMap<String, Job>>,
    work: mpsc::UnboundedSender<String>,
}

impl Jobs {
    /// The jobs, and the receiving end of the queue [`work`] reads.
    pub fn new() -> (Jobs, mpsc::UnboundedReceiver<String>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (
            Jobs {
                jobs: Mutex::new(HashMap::new()),
                work: tx,
            },
            rx,
        )
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Job>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Processes closed jobs one after the other until the sandbox stops.
pub async fn work(app: Arc<App>, mut queue: mpsc::UnboundedReceiver<String>) {
    while let Some(id) = queue.recv().await {
        let app = app.clone();
        let _ = tokio::task::spawn_blocking(move || process(&app, &id)).await;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ingest,
    Query,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    UploadComplete,
    InProgress,
    JobComplete,
    Failed,
    Aborted,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Open => "Open",
            State::UploadComplete => "UploadComplete",
            State::InProgress => "InProgress",
            State::JobComplete => "JobComplete",
            State::Failed => "Failed",
            State::Aborted => "Aborted",
        }
    }

    fn terminal(self) -> bool {
        matches!(self, State::JobComplete | State::Failed | State::Aborted)
    }

    /// How Salesforce's state errors name the state ("Aborting already Completed Job …").
    fn shown(self) -> &'static str {
        match self {
            State::JobComplete => "Completed",
            other => other.as_str(),
        }
    }
}

/// `columnDelimiter` values and their characters.
const DELIMITERS: [(&str, u8); 6] = [
    ("COMMA", b','),
    ("TAB", b'\t'),
    ("PIPE", b'|'),
    ("SEMICOLON", b';'),
    ("CARET", b'^'),
    ("BACKQUOTE", b'`'),
];

/// One result line: the record ID (may be empty), `sf__Created` or `sf__Error`, the row.
struct Outcome {
    id: String,
    text: String,
    row: csv::StringRecord,
}

struct Job {
    id: String,
    kind: Kind,
    operation: String,
    object: String,
    external_id: Option<String>,
    query: String,
    delimiter: &'static str,
    crlf: bool,
    version: String,
    state: State,
    created: String,
    modstamp: String,
    /// The uploaded CSVs, on disk.
    uploads: Vec<Arc<Spool>>,
    /// The uploaded header (ingest) or the query's columns.
    header: Vec<String>,
    successes: Vec<Outcome>,
    failures: Vec<Outcome>,
    /// An aborted ingest job: how many uploaded rows were processed (the rest are its
    /// unprocessed records, read back from the uploads).
    unprocessed_after: Option<usize>,
    /// Query result rows.
    rows: Vec<Vec<String>>,
    processing_ms: i64,
    error: Option<String>,
}

impl Job {
    fn delimiter_byte(&self) -> u8 {
        DELIMITERS
            .iter()
            .find(|(n, _)| *n == self.delimiter)
            .map_or(b',', |(_, b)| *b)
    }

    fn processed(&self) -> usize {
        match self.kind {
            Kind::Ingest => self.successes.len() + self.failures.len(),
            Kind::Query => self.rows.len(),
        }
    }

    fn touch(&mut self) {
        self.modstamp = now_text();
    }

    /// JobInfo; `detail` adds the counters and timings of `GET /jobs/…/{id}`.
    fn info(&self, app: &App, detail: bool) -> Value {
        let mut m = Map::new();
        let api: f64 = self.version.parse().unwrap_or(0.0);
        m.insert("id".into(), json!(self.id));
        m.insert("operation".into(), json!(self.operation));
        m.insert("object".into(), json!(self.object));
        m.insert("createdById".into(), json!(app.user_id));
        m.insert("createdDate".into(), json!(self.created));
        m.insert("systemModstamp".into(), json!(self.modstamp));
        m.insert("state".into(), json!(self.state.as_str()));
        if let Some(f) = &self.external_id {
            m.insert("externalIdFieldName".into(), json!(f));
        }
        m.insert("concurrencyMode".into(), json!("Parallel"));
        m.insert("contentType".into(), json!("CSV"));
        m.insert("apiVersion".into(), json!(api));
        m.insert(
            "jobType".into(),
            json!(match self.kind {
                Kind::Ingest => "V2Ingest",
                Kind::Query => "V2Query",
            }),
        );
        if self.kind == Kind::Ingest && self.state == State::Open {
            m.insert(
                "contentUrl".into(),
                json!(format!(
                    "services/data/v{}/jobs/ingest/{}/batches",
                    self.version, self.id
                )),
            );
        }
        m.insert(
            "lineEnding".into(),
            json!(if self.crlf { "CRLF" } else { "LF" }),
        );
        m.insert("columnDelimiter".into(), json!(self.delimiter));
        if detail {
            m.insert("numberRecordsProcessed".into(), json!(self.processed()));
            if self.kind == Kind::Ingest {
                m.insert("numberRecordsFailed".into(), json!(self.failures.len()));
            }
            m.insert("retries".into(), json!(0));
            m.insert("totalProcessingTime".into(), json!(self.processing_ms));
            if self.kind == Kind::Ingest {
                m.insert("apiActiveProcessingTime".into(), json!(self.processing_ms));
                m.insert("apexProcessingTime".into(), json!(0));
            } else {
                m.insert("isPkChunkingSupported".into(), json!(false));
            }
            if let Some(e) = &self.error {
                m.insert("errorMessage".into(), json!(e));
            }
        }
        Value::Object(m)
    }
}

fn major(v: &str) -> u32 {
    v.split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

fn not_allowed(m: &Method, allowed: &str) -> Failure {
    Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        SfError::new(
            "METHOD_NOT_ALLOWED",
            format!("HTTP Method '{m}' not allowed. Allowed are {allowed}"),
        ),
    )
}

fn invalid_job(message: impl Into<String>) -> Failure {
    Failure::bad_request(SfError::new("INVALIDJOB", message))
}

fn invalid_state(message: impl Into<String>) -> Failure {
    Failure::bad_request(SfError::new("INVALIDJOBSTATE", message))
}

/// `/jobs/…` with the segments after `jobs`.
pub fn route(app: &App, req: &Req, v: &str, rest: &[&str]) -> Answer {
    let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let m = &req.method;
    let kind = match lower.first() {
        Some(&"ingest") if major(v) >= INGEST_SINCE => Kind::Ingest,
        Some(&"query") if major(v) >= QUERY_SINCE => Kind::Query,
        _ => return Err(Failure::not_found()),
    };
    match (kind, &lower[1..], &rest[1..]) {
        (_, [], _) => match *m {
            Method::POST if kind == Kind::Ingest => create_ingest(app, req, v),
            Method::POST => create_query(app, req, v),
            Method::GET => Ok(list(app, kind)),
            _ => Err(not_allowed(m, "GET,POST")),
        },
        (_, [_], [id]) => match *m {
            Method::GET => {
                let jobs = app.bulk.lock();
                let job = find(&jobs, kind, id)?;
                Ok(json_response(StatusCode::OK, &job.info(app, true)))
            }
            Method::PATCH => set_state(app, req, kind, id),
            Method::DELETE => delete(app, kind, id),
            _ => Err(not_allowed(m, "DELETE,GET,PATCH")),
        },
        (Kind::Ingest, [_, "batches"], [id, _]) => match *m {
            Method::PUT => upload(app, req, id),
            _ => Err(not_allowed(m, "PUT")),
        },
        (Kind::Ingest, [_, which], [id, _])
            if matches!(
                *which,
                "successfulresults" | "failedresults" | "unprocessedrecords"
            ) =>
        {
            match *m {
                Method::GET => ingest_results(app, id, which),
                _ => Err(not_allowed(m, "GET")),
            }
        }
        (Kind::Query, [_, "results"], [id, _]) => match *m {
            Method::GET => query_results(app, req, id, v),
            _ => Err(not_allowed(m, "GET")),
        },
        _ => Err(Failure::not_found()),
    }
}

fn find<'a>(jobs: &'a HashMap<String, Job>, kind: Kind, id: &str) -> Result<&'a Job, Failure> {
    crate::ids::normalize(id)
        .and_then(|id| jobs.get(&id))
        .filter(|j| j.kind == kind)
        .ok_or_else(Failure::not_found)
}

fn find_mut<'a>(
    jobs: &'a mut HashMap<String, Job>,
    kind: Kind,
    id: &str,
) -> Result<&'a mut Job, Failure> {
    crate::ids::normalize(id)
        .and_then(|id| jobs.get_mut(&id))
        .filter(|j| j.kind == kind)
        .ok_or_else(Failure::not_found)
}

fn list(app: &App, kind: Kind) -> Response {
    let jobs = app.bulk.lock();
    let mut all: Vec<&Job> = jobs.values().filter(|j| j.kind == kind).collect();
    all.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
    json_response(
        StatusCode::OK,
        &json!({
            "done": true,
            "records": all.iter().map(|j| j.info(app, false)).collect::<Vec<_>>(),
            "nextRecordsUrl": Value::Null,
        }),
    )
}

/// The body's text option `key`, or `default`.
fn option<'a>(body: &'a Value, key: &str, default: &'a str) -> &'a str {
    body.get(key).and_then(Value::as_str).unwrap_or(default)
}

/// `contentType`, `lineEnding` and `columnDelimiter` of a create request.
fn format_options(body: &Value) -> Result<(&'static str, bool), Failure> {
    let content = option(body, "contentType", "CSV");
    if !content.eq_ignore_ascii_case("CSV") {
        return Err(invalid_job(format!("Invalid content type: {content}")));
    }
    let ending = option(body, "lineEnding", "LF");
    let crlf = match ending.to_ascii_uppercase().as_str() {
        "LF" => false,
        "CRLF" => true,
        _ => return Err(invalid_job(format!("Invalid line ending: {ending}"))),
    };
    let delimiter = option(body, "columnDelimiter", "COMMA");
    let delimiter = DELIMITERS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(delimiter))
        .map(|(n, _)| *n)
        .ok_or_else(|| invalid_job(format!("Invalid column delimiter: {delimiter}")))?;
    Ok((delimiter, crlf))
}

fn new_job(app: &App, kind: Kind, v: &str) -> Result<Job, Failure> {
    let id = store::next_id(&app.db(), JOB_PREFIX)?;
    let now = now_text();
    Ok(Job {
        id,
        kind,
        operation: String::new(),
        object: String::new(),
        external_id: None,
        query: String::new(),
        delimiter: "COMMA",
        crlf: false,
        version: v.to_string(),
        state: State::Open,
        created: now.clone(),
        modstamp: now,
        uploads: Vec::new(),
        unprocessed_after: None,
        header: Vec::new(),
        successes: Vec::new(),
        failures: Vec::new(),
        rows: Vec::new(),
        processing_ms: 0,
        error: None,
    })
}

/// `POST /jobs/ingest`.
fn create_ingest(app: &App, req: &Req, v: &str) -> Answer {
    let body = req.json()?;
    let object = option(&body, "object", "");
    if object.is_empty() {
        return Err(invalid_job("Object name is required"));
    }
    let obj = app
        .schema
        .get(object)
        .ok_or_else(|| invalid_job(format!("Unable to find object: {object}")))?;
    let operation = option(&body, "operation", "");
    let operation = ["insert", "update", "upsert", "delete", "hardDelete"]
        .into_iter()
        .find(|o| o.eq_ignore_ascii_case(operation))
        .ok_or_else(|| invalid_job(format!("Invalid operation: {operation}")))?;
    let external_id = if operation == "upsert" {
        let name = option(&body, "externalIdFieldName", "");
        if name.is_empty() {
            return Err(invalid_job(
                "External ID field name is required for an upsert",
            ));
        }
        let f = rest::external_field(obj, name).map_err(|_| {
            invalid_job(format!(
                "Field name provided, {name} is not an External ID or indexed field for {}",
                obj.name()
            ))
        })?;
        Some(f.name.clone())
    } else {
        None
    };
    let (delimiter, crlf) = format_options(&body)?;
    let mut job = new_job(app, Kind::Ingest, v)?;
    job.operation = operation.to_string();
    job.object = obj.name().to_string();
    job.external_id = external_id;
    job.delimiter = delimiter;
    job.crlf = crlf;
    let info = job.info(app, false);
    app.bulk.lock().insert(job.id.clone(), job);
    Ok(json_response(StatusCode::OK, &info))
}

/// `POST /jobs/query`: checks the SOQL now, runs it in the background.
fn create_query(app: &App, req: &Req, v: &str) -> Answer {
    let body = req.json()?;
    let operation = option(&body, "operation", "query");
    let operation = ["query", "queryAll"]
        .into_iter()
        .find(|o| o.eq_ignore_ascii_case(operation))
        .ok_or_else(|| invalid_job(format!("Invalid operation: {operation}")))?;
    let soql = option(&body, "query", "");
    if soql.trim().is_empty() {
        return Err(Failure::bad_request(SfError::new(
            "MALFORMED_QUERY",
            "A query string has to be specified",
        )));
    }
    let soql_error = |e: synccentral_soql::SoqlError| {
        Failure::bad_request(SfError::new(e.code.as_str(), e.message))
    };
    let parsed = synccentral_soql::parse(soql).map_err(soql_error)?;
    let checked = synccentral_soql::check(&parsed, &app.schema).map_err(soql_error)?;
    if checked.is_aggregate() {
        return Err(Failure::bad_request(SfError::new(
            "API_ERROR",
            "Aggregate queries (COUNT() and the like) are not supported by Bulk API query jobs",
        )));
    }
    let (delimiter, crlf) = format_options(&body)?;
    let mut job = new_job(app, Kind::Query, v)?;
    job.operation = operation.to_string();
    job.object = checked.object.clone();
    job.query = soql.to_string();
    job.delimiter = delimiter;
    job.crlf = crlf;
    job.state = State::UploadComplete;
    let info = job.info(app, false);
    let id = job.id.clone();
    app.bulk.lock().insert(id.clone(), job);
    let _ = app.bulk.work.send(id);
    Ok(json_response(StatusCode::OK, &info))
}

/// `PUT /jobs/ingest/{id}/batches`: appends CSV while the job is Open.
fn upload(app: &App, req: &Req, id: &str) -> Answer {
    let spooled = req.spooled.lock().unwrap_or_else(|e| e.into_inner()).take();
    let data = match spooled {
        Some(s) => s,
        None => {
            let gzip = req
                .header("content-encoding")
                .is_some_and(|e| e.eq_ignore_ascii_case("gzip"));
            spool::from_bytes(&app.config.data_dir, &req.body, gzip)?
        }
    };
    let mut jobs = app.bulk.lock();
    let job = find_mut(&mut jobs, Kind::Ingest, id)?;
    if job.state != State::Open {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            SfError::new(
                "INVALIDJOBSTATE",
                format!(
                    "Unable to upload data: job {} is {}, not Open",
                    job.id,
                    job.state.as_str()
                ),
            ),
        ));
    }
    job.uploads.push(Arc::new(data));
    job.touch();
    Ok(StatusCode::CREATED.into_response())
}

/// `PATCH /jobs/…/{id}` with `{"state": "UploadComplete" | "Aborted"}`.
fn set_state(app: &App, req: &Req, kind: Kind, id: &str) -> Answer {
    let body = req.json()?;
    let wanted = option(&body, "state", "");
    let mut jobs = app.bulk.lock();
    let job = find_mut(&mut jobs, kind, id)?;
    match wanted {
        "UploadComplete" if kind == Kind::Ingest => {
            if job.state != State::Open {
                return Err(invalid_state(format!(
                    "Closing already {} Job not allowed",
                    job.state.shown()
                )));
            }
            job.state = State::UploadComplete;
            job.touch();
            let _ = app.bulk.work.send(job.id.clone());
        }
        "Aborted" => {
            if job.state.terminal() {
                return Err(invalid_state(format!(
                    "Aborting already {} Job not allowed",
                    job.state.shown()
                )));
            }
            if kind == Kind::Ingest && job.state != State::InProgress {
                // Nothing ran yet: every uploaded row stays unprocessed. (A job in progress
                // records where it stopped when it notices the abort.)
                if let Ok(header) = Rows::new(job.uploads.clone(), job.delimiter_byte()).header() {
                    job.header = header;
                }
                job.unprocessed_after = Some(0);
            }
            job.state = State::Aborted;
            job.touch();
        }
        other => {
            return Err(invalid_state(format!(
                "Invalid state: {other}. Allowed are {}",
                if kind == Kind::Ingest {
                    "UploadComplete, Aborted"
                } else {
                    "Aborted"
                }
            )))
        }
    }
    Ok(json_response(StatusCode::OK, &job.info(app, false)))
}

/// `DELETE /jobs/…/{id}`: only once the job is closed (ingest) or finished.
fn delete(app: &App, kind: Kind, id: &str) -> Answer {
    let mut jobs = app.bulk.lock();
    let job = find(&jobs, kind, id)?;
    let deletable =
        job.state.terminal() || (kind == Kind::Ingest && job.state == State::UploadComplete);
    if !deletable {
        return Err(Failure::bad_request(SfError::new(
            "API_ERROR",
            "Error encountered when deleting the job because the job is not terminated",
        )));
    }
    let key = job.id.clone();
    jobs.remove(&key);
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------
// Results

/// A CSV document in the job's delimiter and line ending, every value double-quoted.
fn csv_text<'a>(job: &Job, header: &[String], rows: impl Iterator<Item = Vec<&'a str>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(job.delimiter_byte())
        .quote_style(csv::QuoteStyle::Always)
        .terminator(if job.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn csv_response(text: String) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=UTF-8"),
        )],
        text,
    )
        .into_response()
}

/// Result lines: the record ID, `sf__Created` or `sf__Error`, the row as uploaded.
fn outcomes(list: &[Outcome]) -> impl Iterator<Item = Vec<&str>> {
    list.iter().map(|o| {
        [o.id.as_str(), o.text.as_str()]
            .into_iter()
            .chain(o.row.iter())
            .collect()
    })
}

/// `GET /jobs/ingest/{id}/successfulResults|failedResults|unprocessedrecords`.
fn ingest_results(app: &App, id: &str, which: &str) -> Answer {
    let jobs = app.bulk.lock();
    let job = find(&jobs, Kind::Ingest, id)?;
    let with = |first: &str, second: &str| -> Vec<String> {
        [first.to_string(), second.to_string()]
            .into_iter()
            .chain(job.header.iter().cloned())
            .collect()
    };
    let text = match which {
        "successfulresults" => csv_text(
            job,
            &with("sf__Id", "sf__Created"),
            outcomes(&job.successes),
        ),
        "failedresults" => csv_text(job, &with("sf__Id", "sf__Error"), outcomes(&job.failures)),
        _ => {
            let rows = unprocessed(job);
            csv_text(
                job,
                &job.header,
                rows.iter().map(|r| r.iter().map(String::as_str).collect()),
            )
        }
    };
    Ok(csv_response(text))
}

/// The rows an abort left unprocessed, read back from the uploads.
fn unprocessed(job: &Job) -> Vec<Vec<String>> {
    let Some(skip) = job.unprocessed_after else {
        return Vec::new();
    };
    let mut rows = Rows::new(job.uploads.clone(), job.delimiter_byte());
    let mut out = Vec::new();
    let mut n = 0;
    while let Ok(Some(row)) = rows.next_row() {
        n += 1;
        if n > skip {
            out.push(row.iter().map(str::to_string).collect());
        }
    }
    out
}

/// `GET /jobs/query/{id}/results[?locator=&maxRecords=]`: one page of rows.
fn query_results(app: &App, req: &Req, id: &str, v: &str) -> Answer {
    let jobs = app.bulk.lock();
    let job = find(&jobs, Kind::Query, id)?;
    if job.version != v {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            SfError::new(
                "API_ERROR",
                format!(
                    "The results of this job can only be read with API version {}",
                    job.version
                ),
            ),
        ));
    }
    if job.state != State::JobComplete {
        return Err(invalid_state(format!(
            "The results are not available: the job is {}",
            job.state.as_str()
        )));
    }
    let invalid = || {
        Failure::bad_request(SfError::new(
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        ))
    };
    let from = match req
        .param("locator")
        .filter(|l| !l.is_empty() && *l != "null")
    {
        None => 0,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| *n < job.rows.len())
            .ok_or_else(invalid)?,
    };
    let size = match req.param("maxRecords") {
        None => DEFAULT_PAGE,
        Some(n) => n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
            Failure::bad_request(SfError::new(
                "INVALIDPARAMETER",
                format!("maxRecords must be a positive number: {n}"),
            ))
        })?,
    };
    let end = (from + size).min(job.rows.len());
    let page = &job.rows[from..end];
    let text = csv_text(
        job,
        &job.header,
        page.iter().map(|r| r.iter().map(String::as_str).collect()),
    );
    let mut response = csv_response(text);
    let locator = if end < job.rows.len() {
        end.to_string()
    } else {
        "null".to_string()
    };
    let headers = response.headers_mut();
    if let Ok(h) = HeaderValue::from_str(&locator) {
        headers.insert("sforce-locator", h);
    }
    headers.insert("sforce-numberofrecords", HeaderValue::from(page.len()));
    Ok(response)
}
