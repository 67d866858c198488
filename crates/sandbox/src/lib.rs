//! The local sandbox org: a Salesforce-compatible server (OAuth, REST sObjects, sObject
//! Collections, SOQL queries, Bulk API 2.0, injectable faults) on SQLite, for demos,
//! rehearsals and every test of a Salesforce client.
//!
//! [`Sandbox::start`] runs it in-process on a loopback port and returns a [`Sandbox`] handle
//! with its base URL; the `synccentral sandbox serve` command runs the same thing. Data lives
//! in `sandbox.db` under the data directory and survives restarts. Objects come from describe
//! JSON documents (built-in `User`, `Organization`, `Account`, `Contact`, plus a schema
//! directory with one describe per file).

mod auth;
mod bulk;
mod composite;
pub mod error;
pub mod faults;
mod ids;
mod keys;
mod narrow;
mod owners;
mod query;
mod recordtypes;
mod rest;
mod schema;
mod soap;
mod store;
mod tls;
mod write;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use synccentral_engine::FieldType;

pub use error::StartError;
pub use faults::{Fault, FaultKind};

/// The largest request body read; larger ones are refused with an error array.
pub const MAX_BODY_BYTES: usize = 6 * 1024 * 1024;
/// The newest API version served (`/services/data/` lists 31.0 up to it).
pub const LATEST_VERSION: u32 = 62;
/// The oldest API version served.
pub const OLDEST_VERSION: u32 = 31;

/// How to run a sandbox org. [`Config::new`] gives the defaults printed by the CLI.
#[derive(Debug, Clone)]
pub struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// HTTPS port on 127.0.0.1 (0 picks a free one); `None` serves HTTP only.
    pub tls_port: Option<u16>,
    /// Where `sandbox.db` lives.
    pub data_dir: PathBuf,
    /// A directory of describe JSON files, one object per file.
    pub schema_dir: Option<PathBuf>,
    pub username: String,
    pub password: String,
    pub client_id: String,
    pub client_secret: String,
    /// How long an access token is valid.
    pub token_lifetime: Duration,
    /// REST requests allowed per UTC day before `REQUEST_LIMIT_EXCEEDED`.
    pub daily_request_limit: u64,
    /// The RSA public key (PEM) that checks JWT bearer assertions; `None` refuses the grant.
    pub jwt_public_key: Option<PathBuf>,
    /// Faults armed at start (none by default); see [`faults`].
    pub faults: Vec<Fault>,
    /// Whether SOQL reads only the records its indexes say a query can match (the default);
    /// false reads and judges every record of the queried object, as a reference for tests.
    pub use_indexes: bool,
    /// What a slow client may hold: header-read, body-read and request timeouts, connections
    /// at once (the HTTPS listener has no connection cap: see `tls::serve`).
    pub limits: synccentral_serve::Limits,
}

impl Config {
    pub const DEFAULT_USERNAME: &'static str = "admin@sandbox.local";
    pub const DEFAULT_PASSWORD: &'static str = "sandbox";
    pub const DEFAULT_CLIENT_ID: &'static str = "sandbox";
    pub const DEFAULT_CLIENT_SECRET: &'static str = "sandbox-secret";

    /// The defaults, with data under `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            port: 0,
            tls_port: None,
            data_dir: data_dir.into(),
            schema_dir: None,
            username: Self::DEFAULT_USERNAME.into(),
            password: Self::DEFAULT_PASSWORD.into(),
            client_id: Self::DEFAULT_CLIENT_ID.into(),
            client_secret: Self::DEFAULT_CLIENT_SECRET.into(),
            token_lifetime: Duration::from_secs(2 * 60 * 60),
            daily_request_limit: 100_000,
            jwt_public_key: None,
            faults: Vec::new(),
            use_indexes: true,
            limits: synccentral_serve::Limits::default(),
        }
    }
}

/// Everything a request handler needs.
pub(crate) struct App {
    pub config: Config,
    pub schema: schema::Schema,
    db: Mutex<Connection>,
    /// The org's ID stem (`crate::ids`), from the data directory.
    pub stem: String,
    pub org_id: String,
    pub user_id: String,
    pub cursors: query::Cursors,
    /// The key checking JWT bearer assertions.
    pub jwt_key: Option<jsonwebtoken::DecodingKey>,
    /// Bulk API 2.0 jobs.
    pub bulk: bulk::Jobs,
    /// Armed faults.
    pub faults: faults::Faults,
    /// Taken by every request (shared) and by `/composite` (alone); see `composite::Gate`.
    pub gate: std::sync::RwLock<()>,
}

impl App {
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The identity URL on `base` (the URL the client called).
    pub fn identity_url(&self, base: &str) -> String {
        format!("{base}/id/{}/{}", self.org_id, self.user_id)
    }
}

/// What one listener serves: the org, and its own base URL (`http://…` or `https://…`).
#[derive(Clone)]
struct Served {
    app: Arc<App>,
    base: String,
}

/// A running sandbox org.
pub struct Sandbox {
    base_url: String,
    tls: Option<(String, PathBuf)>,
    tls_handle: Option<axum_server::Handle<SocketAddr>>,
    tls_task: Option<tokio::task::JoinHandle<()>>,
    db_path: PathBuf,
    org_id: String,
    admin_user_id: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    bulk_worker: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    /// Opens the data, loads the schema, binds 127.0.0.1:`port` and serves in the background
    /// of the current tokio runtime.
    pub async fn start(config: Config) -> Result<Sandbox, StartError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
        let schema = schema::Schema::load(config.schema_dir.as_deref())?;
        let jwt_key = match &config.jwt_public_key {
            None => None,
            Some(path) => {
                let bad = |reason: String| StartError::JwtKey {
                    path: path.display().to_string(),
                    reason,
                };
                let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
                Some(
                    jsonwebtoken::DecodingKey::from_rsa_pem(&pem)
                        .map_err(|e| bad(e.to_string()))?,
                )
            }
        };
        bulk::spool::clear(&config.data_dir);
        let db_path = config.data_dir.join("sandbox.db");
        let mut conn = store::open(&db_path)?;
        let stem = store::stem(&conn).map_err(|source| StartError::Database {
            path: db_path.display().to_string(),
            source,
        })?;
        keys::sync(&mut conn, &schema).map_err(|source| StartError::Database {
            path: db_path.display().to_string(),
            source,
        })?;
        for obj in schema.objects() {
            for f in obj.describe.fields.iter().filter(|f| {
                (f.external_id || f.unique || f.id_lookup) && f.field_type != FieldType::Id
            }) {
                store::ensure_match_index(&conn, obj.name(), &f.name).map_err(|source| {
                    StartError::Database {
                        path: db_path.display().to_string(),
                        source,
                    }
                })?;
            }
        }
        let addr = SocketAddr::from(([127, 0, 0, 1], config.port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let local = listener.local_addr().map_err(|source| StartError::Bind {
            addr: addr.to_string(),
            source,
        })?;
        let base_url = format!("http://{local}");
        let (jobs, job_queue) = bulk::Jobs::new();
        let armed = faults::Faults::new(config.faults.clone());
        let app = App {
            config,
            schema,
            db: Mutex::new(conn),
            org_id: ids::org_id(&stem),
            user_id: ids::admin_user_id(&stem),
            stem,
            cursors: query::Cursors::default(),
            jwt_key,
            bulk: jobs,
            faults: armed,
            gate: std::sync::RwLock::new(()),
        };
        write::seed(&app).map_err(|source| StartError::Database {
            path: db_path.display().to_string(),
            source,
        })?;
        let tls_port = app.config.tls_port;
        let (org_id, admin_user_id) = (app.org_id.clone(), app.user_id.clone());
        let data_dir = app.config.data_dir.clone();
        let app = Arc::new(app);
        let bulk_worker = tokio::spawn(bulk::work(app.clone(), job_queue));
        let router = |base: &str| {
            axum::Router::new().fallback(handle).with_state(Served {
                app: app.clone(),
                base: base.to_string(),
            })
        };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let plain = router(&base_url);
        let limits = app.config.limits;
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = rx.await;
            };
            let _ = synccentral_serve::serve(listener, plain, limits, timed_out, stopped).await;
        });
        let mut sandbox = Sandbox {
            base_url,
            tls: None,
            tls_handle: None,
            tls_task: None,
            db_path,
            org_id,
            admin_user_id,
            shutdown: Some(tx),
            task: Some(task),
            bulk_worker: Some(bulk_worker),
        };
        if let Some(port) = tls_port {
            let served = tls::serve(&data_dir, port, limits, |url| router(url)).await?;
            sandbox.tls_task = Some(served.task);
            sandbox.tls_handle = Some(served.handle);
            sandbox.tls = Some((served.url, served.certificate));
        }
        Ok(sandbox)
    }

    /// `http://127.0.0.1:<port>`, the login URL and the instance URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `https://127.0.0.1:<port>` when HTTPS is served.
    pub fn tls_url(&self) -> Option<&str> {
        self.tls.as_ref().map(|(u, _)| u.as_str())
    }

    /// The self-signed certificate HTTPS uses (PEM), for clients to trust.
    pub fn certificate_path(&self) -> Option<&std::path::Path> {
        self.tls.as_ref().map(|(_, c)| c.as_path())
    }

    /// The SQLite database holding the org's data.
    pub fn database_path(&self) -> &std::path::Path {
        &self.db_path
    }

    /// The org's ID (`00D…`, 18 characters): drawn when the data directory was made, so two
    /// data directories are two orgs; kept across restarts.
    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// The admin user's ID (`005…`), the user every login of the configured username gets.
    pub fn admin_user_id(&self) -> &str {
        &self.admin_user_id
    }

    /// Stops serving and waits until the server has let go of its port and data.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.tls_handle.take() {
            h.graceful_shutdown(Some(Duration::from_secs(1)));
        }
        if let Some(task) = self.tls_task.take() {
            let _ = task.await;
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(worker) = self.bulk_worker.take() {
            worker.abort();
            let _ = worker.await;
        }
    }

    /// Waits until the server stops (it stops only when asked).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// One request, read whole: method (after `_HttpMethod`), decoded path segments (empty ones
/// dropped, so trailing slashes do not matter), query parameters, headers and body.
pub(crate) struct Req {
    /// The base URL of the listener that took the request.
    pub base: String,
    pub method: Method,
    pub segs: Vec<String>,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// A Bulk API 2.0 upload, streamed to disk instead of read into `body`.
    pub spooled: Mutex<Option<bulk::spool::Spool>>,
}

impl Req {
    /// A query parameter by name (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, or Salesforce's `JSON_PARSER_ERROR`.
    pub fn json(&self) -> Result<Value, error::Failure> {
        serde_json::from_slice(&self.body).map_err(|e| {
            error::Failure::bad_request(error::SfError::new(
                "JSON_PARSER_ERROR",
                format!(
                    "Unexpected character in the request body ({e}) at [line:{}, column:{}]",
                    e.line(),
                    e.column()
                ),
            ))
        })
    }
}

/// A JSON response with Salesforce's content type.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        body.to_string(),
    )
        .into_response()
}

pub(crate) fn failure_response(f: &error::Failure) -> Response {
    json_response(f.status, &f.body())
}

/// A request that ran out of time, as Salesforce says it: `REQUEST_TIMEOUT` (408) for a body
/// not sent in time, `REQUEST_RUNNING_TOO_LONG` (503) for a request not answered in time.
fn timed_out(t: synccentral_serve::TimedOut) -> Response {
    let code = match t {
        synccentral_serve::TimedOut::Body(_) => "REQUEST_TIMEOUT",
        synccentral_serve::TimedOut::Request(_) => "REQUEST_RUNNING_TOO_LONG",
    };
    failure_response(&error::Failure::new(
        t.status(),
        error::SfError::new(code, t.message()),
    ))
}

async fn handle(State(served): State<Served>, request: Request) -> Response {
    let Served { app, base } = served;
    let (parts, body) = request.into_parts();
    let segs = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let mut method = parts.method;
    if method == Method::POST {
        if let Some((_, m)) = query.iter().find(|(k, _)| k == "_HttpMethod") {
            if let Ok(m) = Method::from_bytes(m.to_ascii_uppercase().as_bytes()) {
                method = m;
            }
        }
    }
    let mut req = Req {
        base,
        method,
        segs,
        query,
        headers: parts.headers,
        body: Bytes::new(),
        spooled: Mutex::new(None),
    };
    if let Err(f) = bulk::spool::read_body(&app, &mut req, body).await {
        return failure_response(&f);
    }
    match app.faults.take(parts.uri.path()) {
        None => {}
        Some(faults::FaultKind::Delay(d)) => tokio::time::sleep(d).await,
        // Unwinding ends the connection's task: the socket closes without an answer (and,
        // unlike a panic, prints nothing). Relies on `panic = "unwind"`, Rust's default.
        Some(faults::FaultKind::Drop) => std::panic::resume_unwind(Box::new("dropped")),
        Some(kind) => {
            return tokio::task::spawn_blocking(move || faults::respond(&app, &req, kind))
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
    // Handlers are synchronous (SQLite); keep them off the async workers.
    tokio::task::spawn_blocking(move || route(&app, &req))
        .await
        .unwrap_or_else(|_| {
            failure_response(&error::Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                error::SfError::new("UNKNOWN_EXCEPTION", "An unexpected error occurred."),
            ))
        })
}

fn route(app: &App, req: &Req) -> Response {
    let _gate = composite::gate(app, req);
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["services", "oauth2", "token"] => auth::token(app, req),
        ["services", "oauth2", "authorize"] => auth::authorize(app, req),
        ["services", "oauth2", "revoke"] => auth::revoke(app, req),
        ["services", "oauth2", "userinfo"] => auth::userinfo(app, req),
        ["id", org, user] => auth::identity(app, req, org, user),
        ["__sandbox", "faults"] => faults::control(app, req),
        ["services", "data"] => json_response(StatusCode::OK, &versions()),
        ["services", "data", version, rest @ ..] => rest::handle(app, req, version, rest),
        ["services", "Soap", "u", version] | ["services", "Soap", "u", version, _] => {
            soap::handle(app, req, version)
        }
        _ => failure_response(&error::Failure::not_found()),
    }
}

/// `GET /services/data/`: every served version, oldest first.
fn versions() -> Value {
    Value::Array(
        (OLDEST_VERSION..=LATEST_VERSION)
            .map(|v| {
                let offset = v - 31;
                let season = ["Summer", "Winter", "Spring"][(offset % 3) as usize];
                let year = 14 + offset.div_ceil(3);
                json!({
                    "label": format!("{season} '{year}"),
                    "url": format!("/services/data/v{v}.0"),
                    "version": format!("{v}.0"),
                })
            })
            .collect(),
    )
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Now in Salesforce's datetime form, `2024-01-31T17:38:40.000+0000`.
pub(crate) fn now_text() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3f+0000")
        .to_string()
}
