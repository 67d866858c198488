//! The push and pull endpoints (`synccentral serve`), an axum server bound to loopback by
//! default:
//!
//! - `POST /v1/import/{option}`: the body is the source's JSON payload (or the wrapped form
//!   `{"option": …, "payload": …}`); the option's `recordsPath` picks the records out of it
//!   and the option's import runs on them instead of fetching (its checkpoint untouched).
//!   Answers with the run summary, or with `?async=true` 202 and a run id to poll at
//!   `GET /v1/runs/{id}`.
//! - `GET /v1/export/{option}`: runs the export's query and mapping and answers with the
//!   records in the option's format (json, csv or form) instead of sending them.
//!
//! Each option has its own bearer token (`synccentral tokens create OPTION`, kept hashed in
//! the workspace): missing or wrong → 401. Bodies above the cap → 413; malformed JSON → 400
//! with its line and column. An option already running (its workspace lock is held, by the
//! daemon for one) → 409. Errors are `{"code", "message"}`.
//!
//! Served through `synccentral_serve` ([`ServeConfig::limits`]): a head not sent within
//! 30 s closes the connection, a body not sent within 60 s is 408 `REQUEST_TIMEOUT`, a
//! request not answered within [`DEFAULT_REQUEST_TIMEOUT`] 503 `REQUEST_RUNNING_TOO_LONG`.
//! A synchronous push or pull runs in its own task, so the run a timed-out (or abandoned)
//! request started still ends and is recorded.

// The helpers return the early answer of a handler as their `Err`: a response, built once
// per refused request, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::orchestration::daemon::{Held, Refused};
use crate::runs::graph::run_node;
use crate::runs::{prepare, RunRequest, Selection, StoreJournal, WireError, Work};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use synccentral_httpapi::{encode_csv, encode_form, CsvOptions, RecordsPath};
use synccentral_net::RetryPolicy;
use synccentral_runner::connect::{CancelToken, RecordSink, SendOutcome, SinkError};
use synccentral_runner::export::run_export;
use synccentral_runner::run::{RunCtx, RunEvent};
use synccentral_runner::summary::RunSummary;
use synccentral_serve::{Limits, TimedOut};
use synccentral_store::config as cfg;
use synccentral_store::{RunMode, StoreError, SyncOption, Workspace};

/// The default port of `synccentral serve`.
pub const DEFAULT_PORT: u16 = 8787;
/// The default cap on a pushed body: 10 MB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;
/// The most records one pull answers with (they are held in memory to encode the answer).
pub const DEFAULT_MAX_PULL_RECORDS: usize = 100_000;
/// How many finished asynchronous pushes stay pollable (the oldest go first).
pub const DEFAULT_KEEP_FINISHED: usize = 1_000;
/// How long a request may take, body and run, before it is answered 503: 15 minutes (a
/// synchronous push or pull runs its option inside the request; longer runs push with
/// `?async=true` and poll).
pub const DEFAULT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// How the endpoints are served.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen (default `127.0.0.1:8787`: loopback only).
    pub bind: SocketAddr,
    /// The largest body accepted, in bytes.
    pub max_body: usize,
    /// The egress retry policy of the runs.
    pub retry: Option<RetryPolicy>,
    /// The most records one pull answers with; more fail the pull, saying so.
    pub max_pull_records: usize,
    /// How many finished asynchronous pushes stay pollable at `/v1/runs/{id}`.
    pub keep_finished: usize,
    /// What a slow client may hold: header-read, body-read and request timeouts, connections
    /// at once (the request timeout: [`DEFAULT_REQUEST_TIMEOUT`]).
    pub limits: Limits,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_PORT)),
            max_body: DEFAULT_MAX_BODY,
            retry: None,
            max_pull_records: DEFAULT_MAX_PULL_RECORDS,
            keep_finished: DEFAULT_KEEP_FINISHED,
            limits: Limits {
                request: DEFAULT_REQUEST_TIMEOUT,
                ..Limits::default()
            },
        }
    }
}

/// Opens a new connection to the served workspace (one per request: a `Workspace` is not
/// `Sync`, and each run's journal flags are its own).
pub type OpenWorkspace = Arc<dyn Fn() -> Result<Workspace, StoreError> + Send + Sync>;

enum Job {
    Running { option: String },
    Done { option: String, answer: Value },
}

struct Shared {
    open: OpenWorkspace,
    config: ServeConfig,
    jobs: Mutex<HashMap<String, Job>>,
    next_job: AtomicU64,
}

type St = Arc<Shared>;

/// A running server.
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl ServerHandle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes the requests in flight.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.task.await.unwrap_or(Ok(()))
    }

    /// Serves until the server fails (or is stopped elsewhere).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.unwrap_or(Ok(()))
    }
}

/// Binds `config.bind` and serves the endpoints over the workspace `open` opens.
pub async fn start(open: OpenWorkspace, config: ServeConfig) -> std::io::Result<ServerHandle> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let limits = config.limits;
    let shared = Arc::new(Shared {
        open,
        config,
        jobs: Mutex::new(HashMap::new()),
        next_job: AtomicU64::new(1),
    });
    let app = Router::new()
        .route("/v1/import/{option}", post(push))
        .route("/v1/export/{option}", get(pull))
        .route("/v1/runs/{id}", get(job))
        .with_state(shared);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let stopped = async {
            let _ = stopped.await;
        };
        synccentral_serve::serve(listener, app, limits, timed_out, stopped).await
    });
    Ok(ServerHandle {
        addr,
        stop: Some(stop),
        task,
    })
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"code": code, "message": message.into()})),
    )
        .into_response()
}

/// A request that ran out of time: 408 `REQUEST_TIMEOUT` (its body did not come in time), 503
/// `REQUEST_RUNNING_TOO_LONG`.
fn timed_out(t: TimedOut) -> Response {
    match t {
        TimedOut::Body(_) => error(t.status(), "REQUEST_TIMEOUT", t.message()),
        TimedOut::Request(_) => error(
            t.status(),
            "REQUEST_RUNNING_TOO_LONG",
            format!(
                "{}; a run it started goes on to its end and is in the run log (push with ?async=true to poll it instead)",
                t.message()
            ),
        ),
    }
}

fn workspace_error(e: impl std::fmt::Display) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "WORKSPACE",
        format!("the workspace: {e}"),
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The option, when `headers` carry its token; else the 401 (or 500) to answer.
fn authorised(s: &Shared, option: &str, headers: &HeaderMap) -> Result<SyncOption, Response> {
    let unauthorised = || {
        error(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            format!("a valid token for option '{option}' is needed: Authorization: Bearer <token> (synccentral tokens create {option})"),
        )
    };
    let Some(token) = bearer(headers) else {
        return Err(unauthorised());
    };
    let ws = (s.open)().map_err(workspace_error)?;
    if !ws.token_matches(option, token).map_err(workspace_error)? {
        return Err(unauthorised());
    }
    let config = ws.config_scrubbed().map_err(workspace_error)?;
    config.option(option).cloned().ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            "UNKNOWN_OPTION",
            format!("no option named '{option}'"),
        )
    })
}

fn config_error(e: WireError) -> Response {
    match e {
        WireError::Config(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "code": "INVALID_CONFIGURATION",
                "message": format!("{} configuration problem(s); nothing ran", problems.len()),
                "problems": problems.iter().map(|p| json!({"pointer": p.pointer, "message": p.message})).collect::<Vec<_>>(),
            })),
        )
            .into_response(),
        WireError::Journal(e) => workspace_error(e),
    }
}

/// The records of a pushed body: unwrapped, then through the option's `recordsPath`.
fn records_of(option: &cfg::ImportOption, body: &[u8]) -> Result<Vec<Value>, Response> {
    let payload: Value = serde_json::from_slice(body).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({
                "code": "INVALID_JSON",
                "message": format!("the body is not valid JSON: {e}"),
                "line": e.line(),
                "column": e.column(),
            })),
        )
            .into_response()
    })?;
    let payload = match payload {
        Value::Object(mut o)
            if o.contains_key("payload") && o.keys().all(|k| k == "payload" || k == "option") =>
        {
            if let Some(named) = o.get("option") {
                if named.as_str() != Some(option.name.as_str()) {
                    return Err(error(
                        StatusCode::BAD_REQUEST,
                        "OPTION_MISMATCH",
                        format!(
                            "the body is for option {named}, the URL for '{}'",
                            option.name
                        ),
                    ));
                }
            }
            o.remove("payload").unwrap_or(Value::Null)
        }
        other => other,
    };
    let path = option
        .source
        .api()
        .and_then(|s| s.records_path.as_deref())
        .unwrap_or("$");
    let bad_path = |m: String| {
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_RECORDS_PATH",
            format!("recordsPath {path}: {m}"),
        )
    };
    RecordsPath::parse(path)
        .map_err(bad_path)?
        .take(payload)
        .map_err(bad_path)
}

/// Takes `option`'s lock for an endpoint run; the 409 when it is running elsewhere.
fn lock(s: &Shared, option: &str) -> Result<Held, Response> {
    match Held::take((s.open)().map_err(workspace_error)?, &[option.to_string()]) {
        Ok(held) => Ok(held),
        Err(Refused::Busy { holder, .. }) => Err(error(
            StatusCode::CONFLICT,
            "ALREADY_RUNNING",
            format!(
                "option '{option}' is running (held by {}, pid {}); try again when it finished",
                holder.owner, holder.pid
            ),
        )),
        Err(Refused::Store(e)) => Err(workspace_error(e)),
    }
}

/// Runs `option`'s import over `records` as its page source instead of fetching (a pushed
/// payload, a dropped file), recorded with `mode` (checkpoint untouched), under `held`
/// (taken by the caller, given back when it drops them). Each run's log is mailed as its
/// `notify` says.
pub(crate) async fn import_payload(
    open: &OpenWorkspace,
    retry: Option<RetryPolicy>,
    option: &str,
    records: Vec<Value>,
    held: &Held,
    mode: RunMode,
) -> Result<Vec<synccentral_runner::run::RunOutcome>, WireError> {
    held.run(async {
        let journal = StoreJournal::new(open().map_err(|e| {
            WireError::Config(vec![crate::runs::problem(
                "",
                format!("the workspace: {e}"),
            )])
        })?);
        journal.set_endpoint(Some(mode));
        let request = RunRequest {
            retry,
            ..RunRequest::new(Selection::Option(option.to_string()))
        };
        let ready = prepare(&journal, &request)
            .await
            .map_err(WireError::Config)?;
        let events = |_: &RunEvent| {};
        let cancel = CancelToken::new();
        let ctx = RunCtx::live(&cancel, &events);
        let mut outcomes = Vec::new();
        for prepared in &ready.options {
            // An option linking records of its own object loads them in two passes here too.
            outcomes.extend(
                run_node(
                    &journal,
                    &ready.egress,
                    prepared,
                    Some(records.clone()),
                    &ctx,
                )
                .await?,
            );
        }
        Ok::<_, WireError>(outcomes)
    })
    .await
}

/// Runs `option`'s import over `records`; the answer (summary or problems) and its status.
async fn run_push(
    open: OpenWorkspace,
    retry: Option<RetryPolicy>,
    option: String,
    records: Vec<Value>,
    held: Held,
) -> (StatusCode, Value) {
    let result = import_payload(&open, retry, &option, records, &held, RunMode::Push).await;
    // Given back as soon as the run is recorded, as before the answer is written.
    drop(held);
    let result = result.map(|outcomes| {
        let mut summary = RunSummary::default();
        let mut messages = Vec::new();
        for outcome in &outcomes {
            summary.push(outcome);
            messages.push(json!({"run": outcome.run.0, "message": outcome.message}));
        }
        (summary, messages)
    });
    match result {
        Ok((summary, runs)) => {
            let mut answer = serde_json::to_value(&summary).unwrap_or(Value::Null);
            answer["details"] = Value::Array(runs);
            (StatusCode::OK, answer)
        }
        Err(e) => {
            let r = config_error(e);
            let status = r.status();
            let body = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or(Value::Null);
            (status, body)
        }
    }
}

async fn push(
    State(s): State<St>,
    Path(option): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> Response {
    let sync_option = match authorised(&s, &option, request.headers()) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let SyncOption::Import(import) = sync_option else {
        return error(
            StatusCode::BAD_REQUEST,
            "NOT_AN_IMPORT",
            format!("option '{option}' is an export: GET /v1/export/{option}"),
        );
    };
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("the body is larger than {} bytes", s.config.max_body),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > s.config.max_body) {
        return too_large();
    }
    let body = match axum::body::to_bytes(request.into_body(), s.config.max_body).await {
        Ok(b) => b,
        Err(_) => return too_large(),
    };
    let records = match records_of(&import, &body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let held = match lock(&s, &option) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let (open, retry) = (s.open.clone(), s.config.retry);
    if query.get("async").is_some_and(|v| v == "true" || v == "1") {
        let id = format!("r{}", s.next_job.fetch_add(1, Ordering::SeqCst));
        s.jobs.lock().unwrap_or_else(|e| e.into_inner()).insert(
            id.clone(),
            Job::Running {
                option: option.clone(),
            },
        );
        let shared = s.clone();
        let job_id = id.clone();
        tokio::spawn(async move {
            let (status, mut answer) = run_push(open, retry, option.clone(), records, held).await;
            answer["httpStatus"] = json!(status.as_u16());
            answer["status"] = json!("done");
            let mut jobs = shared.jobs.lock().unwrap_or_else(|e| e.into_inner());
            jobs.insert(job_id, Job::Done { option, answer });
            forget_oldest_finished(&mut jobs, shared.config.keep_finished);
        });
        return (
            StatusCode::ACCEPTED,
            Json(json!({"id": id, "status": "running", "poll": format!("/v1/runs/{id}")})),
        )
            .into_response();
    }
    // In its own task: a request that times out or is abandoned does not cut the run short.
    match tokio::spawn(run_push(open, retry, option, records, held)).await {
        Ok((status, answer)) => (status, Json(answer)).into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "RUN_FAILED",
            e.to_string(),
        ),
    }
}

async fn job(State(s): State<St>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let option = match s.jobs.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
        Some(Job::Running { option } | Job::Done { option, .. }) => option.clone(),
        None => {
            return error(
                StatusCode::NOT_FOUND,
                "UNKNOWN_RUN",
                format!("no run '{id}' on this server"),
            )
        }
    };
    if let Err(r) = authorised(&s, &option, &headers) {
        return r;
    }
    match s.jobs.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
        Some(Job::Done { answer, .. }) => (StatusCode::OK, Json(answer.clone())).into_response(),
        _ => (
            StatusCode::OK,
            Json(json!({"id": id, "status": "running", "option": option})),
        )
            .into_response(),
    }
}

/// Keeps the newest `keep` finished jobs (ids `r1`, `r2`, … grow with time).
fn forget_oldest_finished(jobs: &mut HashMap<String, Job>, keep: usize) {
    let mut finished: Vec<u64> = jobs
        .iter()
        .filter(|(_, j)| matches!(j, Job::Done { .. }))
        .filter_map(|(id, _)| id.strip_prefix('r')?.parse().ok())
        .collect();
    if finished.len() <= keep {
        return;
    }
    finished.sort_unstable();
    for n in &finished[..finished.len() - keep] {
        jobs.remove(&format!("r{n}"));
    }
}

/// An export's records kept instead of sent (the pull answers with them), at most `max`.
struct Collect {
    records: Mutex<Vec<Value>>,
    max: usize,
}

impl RecordSink for Collect {
    async fn send(&self, records: Vec<Value>) -> Result<Vec<SendOutcome>, SinkError> {
        let mut held = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() + records.len() > self.max {
            return Err(SinkError::new(format!(
                "a pull answers with at most {} records and this one has more: narrow the option (its where clause, or incremental) or export it to a file",
                self.max
            )));
        }
        let outcomes = records
            .iter()
            .map(|_| SendOutcome {
                ok: true,
                status: None,
                body: None,
                id: None,
            })
            .collect();
        held.extend(records);
        Ok(outcomes)
    }
}

/// The records as the option's format says, with the content type.
fn encode(
    target: &cfg::ExportTarget,
    records: &[Value],
) -> Result<(&'static str, Vec<u8>), String> {
    match target.format {
        cfg::ExportFormat::Json => Ok((
            "application/json",
            serde_json::to_vec(records).map_err(|e| e.to_string())?,
        )),
        cfg::ExportFormat::Csv => {
            let csv = target.csv.unwrap_or_default();
            let options = CsvOptions {
                delimiter: csv.delimiter,
                quote: csv.quote,
                header: csv.header,
            };
            Ok(("text/csv; charset=utf-8", encode_csv(records, &options)?))
        }
        cfg::ExportFormat::Form => {
            let lines: Result<Vec<String>, String> = records.iter().map(encode_form).collect();
            Ok((
                "application/x-www-form-urlencoded",
                lines?.join("\n").into_bytes(),
            ))
        }
    }
}

async fn pull(State(s): State<St>, Path(option): Path<String>, headers: HeaderMap) -> Response {
    let sync_option = match authorised(&s, &option, &headers) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let SyncOption::Export(export) = sync_option else {
        return error(
            StatusCode::BAD_REQUEST,
            "NOT_AN_EXPORT",
            format!("option '{option}' is an import: POST /v1/import/{option}"),
        );
    };
    let held = match lock(&s, &option) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let shared = s.clone();
    let name = option.clone();
    // In its own task: a request that times out or is abandoned does not cut the run short.
    let run = tokio::spawn(async move {
        let (s, option) = (shared, name);
        let result = held
            .run(async {
                let journal = StoreJournal::new((s.open)().map_err(|e| {
                    WireError::Config(vec![crate::runs::problem(
                        "",
                        format!("the workspace: {e}"),
                    )])
                })?);
                journal.set_endpoint(Some(RunMode::Pull));
                let request = RunRequest {
                    retry: s.config.retry,
                    ..RunRequest::new(Selection::Option(option.clone()))
                };
                let ready = prepare(&journal, &request)
                    .await
                    .map_err(WireError::Config)?;
                let events = |_: &RunEvent| {};
                let cancel = CancelToken::new();
                let ctx = RunCtx::live(&cancel, &events);
                let collect = Collect {
                    records: Mutex::new(Vec::new()),
                    max: s.config.max_pull_records,
                };
                let mut outcome = None;
                for prepared in &ready.options {
                    if let Work::Export { plan, source, .. } = &prepared.work {
                        outcome = Some(run_export(plan, source, &collect, &journal, &ctx).await?);
                    }
                }
                Ok::<_, WireError>((outcome, collect.records.into_inner().unwrap_or_default()))
            })
            .await;
        drop(held);
        result
    });
    let (outcome, records) = match run.await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return config_error(e),
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "RUN_FAILED",
                e.to_string(),
            )
        }
    };
    if let Some(o) =
        outcome.filter(|o| o.status != synccentral_runner::journal::RunStatus::Succeeded)
    {
        return error(
            StatusCode::BAD_GATEWAY,
            "EXPORT_FAILED",
            format!(
                "the export run {} {}: {}",
                o.run.0,
                o.status.as_str(),
                o.message.unwrap_or_default()
            ),
        );
    }
    match encode(&export.target, &records) {
        Ok((content_type, body)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap_or_else(|e| error(StatusCode::INTERNAL_SERVER_ERROR, "ENCODE", e.to_string())),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "ENCODE", e),
    }
}
