//! A local sample API on 127.0.0.1, for the demo and the tests: lists invoices, payments
//! and contacts (any count, generated from the fixtures' shape) with every paging style,
//! `updated_since`/`updated_until` windows, optional auth (bearer, API key, basic, an
//! OAuth 2 token endpoint, a custom login endpoint; tokens expire), injected faults, and
//! receiving endpoints that keep what they were sent.
//!
//! Routes (`{r}` is `invoices`, `payments` or `contacts`):
//! - `GET /v1/{r}?paging=nextUrl|cursor|link|offset|page&page_size=N` plus
//!   `updated_since`/`updated_until` (RFC 3339, since inclusive, until exclusive),
//!   `offset`/`limit` (offset paging), `page` (page paging, from 1), `cursor`, and
//!   `next=absolute` for absolute next URLs (on `next_base` when given, e.g. another host). `POST /v1/{r}/search` takes the same
//!   parameters as a JSON object body.
//!   Pages look like the fixtures: invoices `{invoices, next_page, meta}`, payments
//!   `{items, links: {next}, meta}`, contacts `{data, paging: {next, count}, meta}`;
//!   `meta.next_cursor` carries the cursor ("" on the last page), `meta.total` the count.
//! - `GET /v1/{r}/deleted` with `updated_since`/`updated_until`: the records
//!   [`SampleApi::remove`] took out of the lists, `{<records key>: [{<id field>,
//!   deleted_at}]}`, one page.
//! - `POST /oauth/token` (client credentials, form) and `POST /auth/login` (JSON
//!   `{username, password}` → `{data: {session: {token}}, expiresIn}`).
//! - `POST|PUT|PATCH /v1/...` anything else: kept, answered 201 (a last path segment starting
//!   `bad` is answered 422, one starting `big` gets a 20 KB body).
//! - `GET|DELETE /__sample/received`, `POST|DELETE /__sample/faults`, `GET /__sample/requests`.

mod data;
mod deleted;

pub use data::{record, updated_at, Resource, SAME_TIME, START};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::Router;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// What the sample API demands of callers on `/v1/...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SampleAuth {
    #[default]
    None,
    Bearer {
        token: String,
    },
    /// In the query when `query`, else as a header.
    ApiKey {
        query: bool,
        name: String,
        value: String,
    },
    Basic {
        username: String,
        password: String,
    },
    /// Tokens from `POST /oauth/token`, sent as `Authorization: Bearer`.
    Oauth2 {
        client_id: String,
        client_secret: String,
    },
    /// Tokens from `POST /auth/login`, sent as `X-Session-Token: Session <token>`.
    Custom {
        username: String,
        password: String,
    },
}

/// How the sample API starts.
#[derive(Debug, Clone)]
pub struct SampleConfig {
    /// On 127.0.0.1; 0 picks a free port.
    pub port: u16,
    /// Records of each resource.
    pub records: usize,
    pub auth: SampleAuth,
    /// Issued tokens stop working after this long.
    pub token_lifetime: Duration,
    /// What a slow client may hold: header-read, body-read and request timeouts, connections
    /// at once.
    pub limits: synccentral_serve::Limits,
}

impl Default for SampleConfig {
    /// A free port, 250 records of each resource, no auth, one-hour tokens.
    fn default() -> Self {
        SampleConfig {
            port: 0,
            records: 250,
            auth: SampleAuth::None,
            token_lifetime: Duration::from_secs(3600),
            limits: synccentral_serve::Limits::default(),
        }
    }
}

/// A bad answer to inject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FaultKind {
    /// A 200 whose JSON is cut off (an error on line 3).
    InvalidJson,
    /// A 200 login page in HTML.
    Html,
    /// This status, with `Retry-After: retry_after` seconds when given.
    Status {
        status: u16,
        #[serde(default)]
        retry_after: Option<u64>,
    },
}

/// When to inject a [`FaultKind`]: among requests to paths starting with `path` (any
/// `/v1/` path when empty), let `after` pass, then fail every `every`-th one (1 = each),
/// `times` times in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub after: u32,
    #[serde(default = "one")]
    pub every: u32,
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// `kind` on the next `times` matching requests.
    pub fn new(kind: FaultKind, times: u32) -> Fault {
        Fault {
            kind,
            path: String::new(),
            after: 0,
            every: 1,
            times,
        }
    }
}

#[derive(Debug)]
struct ArmedFault {
    fault: Fault,
    seen: u32,
    fired: u32,
}

/// A request a receiving endpoint kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub method: String,
    /// Path and query.
    pub path: String,
    pub content_type: String,
    pub body: String,
    /// The body parsed: JSON as it is, a form as an object of strings; `null` for others.
    pub json: Value,
}

/// A request the sample API saw (the last 10,000 are kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

#[derive(Debug)]
struct State {
    config: SampleConfig,
    base_url: String,
    tokens: Mutex<HashMap<String, Instant>>,
    issued: AtomicU64,
    faults: Mutex<Vec<ArmedFault>>,
    received: Mutex<Vec<Received>>,
    seen: Mutex<Vec<Seen>>,
    removed: Mutex<Vec<deleted::Removed>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running sample API; stops when dropped.
#[derive(Debug)]
pub struct SampleApi {
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl SampleApi {
    /// Binds 127.0.0.1 and serves on the current Tokio runtime.
    pub async fn start(config: SampleConfig) -> std::io::Result<SampleApi> {
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let port = listener.local_addr()?.port();
        let state = Arc::new(State {
            config,
            base_url: format!("http://127.0.0.1:{port}"),
            tokens: Mutex::default(),
            issued: AtomicU64::new(0),
            faults: Mutex::default(),
            received: Mutex::default(),
            seen: Mutex::default(),
            removed: Mutex::default(),
        });
        let router = router(state.clone());
        let limits = state.config.limits;
        // Stopped by aborting the task, which drops its connections too.
        let shutdown = std::future::pending();
        let task = tokio::spawn(async move {
            let _ = synccentral_serve::serve(listener, router, limits, timed_out, shutdown).await;
        });
        Ok(SampleApi { state, task })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    pub fn config(&self) -> &SampleConfig {
        &self.state.config
    }

    /// Arms a fault.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state.faults).push(ArmedFault {
            fault,
            seen: 0,
            fired: 0,
        });
    }

    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
    }

    /// Every issued token stops working now (as if its lifetime had passed).
    pub fn expire_tokens(&self) {
        lock(&self.state.tokens).clear();
    }

    /// Tokens issued so far by both token endpoints.
    pub fn tokens_issued(&self) -> u64 {
        self.state.issued.load(Ordering::SeqCst)
    }

    /// What the receiving endpoints were sent, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).clone()
    }

    /// The requests seen so far (the last 10,000), in order.
    pub fn requests(&self) -> Vec<Seen> {
        lock(&self.state.seen).clone()
    }

    /// Stops serving.
    /// Removes records `indices` of `resource` at `at`: its lists leave them out and its
    /// `/deleted` endpoint lists them.
    pub fn remove(&self, resource: Resource, indices: &[usize], at: jiff::Timestamp) {
        lock(&self.state.removed).extend(indices.iter().map(|&index| deleted::Removed {
            resource,
            index,
            at,
        }));
    }

    pub fn stop(self) {}
}

impl Drop for SampleApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A request that ran out of time: `{"error": message}`, 408 or 503.
fn timed_out(t: synccentral_serve::TimedOut) -> Response {
    json_response(t.status(), json!({"error": t.message()}))
}

fn router(state: Arc<State>) -> Router {
    let s = |state: &Arc<State>| state.clone();
    let (a, b, c, d, e, f) = (
        s(&state),
        s(&state),
        s(&state),
        s(&state),
        s(&state),
        s(&state),
    );
    Router::new()
        .route(
            "/oauth/token",
            post(move |headers: HeaderMap, body: Bytes| async move { oauth_token(&a, &headers, &body) }),
        )
        .route(
            "/auth/login",
            post(move |body: Bytes| async move { login(&b, &body) }),
        )
        .route(
            "/__sample/received",
            any(move |method: Method| async move {
                if method == Method::DELETE {
                    lock(&c.received).clear();
                }
                json_response(StatusCode::OK, json!(lock(&c.received).clone()))
            }),
        )
        .route(
            "/__sample/requests",
            any(move || async move { json_response(StatusCode::OK, json!(lock(&f.seen).clone())) }),
        )
        .route(
            "/__sample/faults",
            any(move |method: Method, body: Bytes| async move {
                if method == Method::DELETE {
                    lock(&d.faults).clear();
                    return StatusCode::NO_CONTENT.into_response();
                }
                match serde_json::from_slice::<Fault>(&body) {
                    Ok(fault) => {
                        lock(&d.faults).push(ArmedFault {
                            fault,
                            seen: 0,
                            fired: 0,
                        });
                        StatusCode::CREATED.into_response()
                    }
                    Err(err) => error(StatusCode::BAD_REQUEST, &format!("not a fault: {err}")),
                }
            }),
        )
        .route(
            "/v1/{*rest}",
            any(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
                v1(&e, method, uri, headers, body)
            }),
        )
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    json_response(status, json!({"error": message}))
}

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default()
}

fn issue(state: &State) -> (String, u64) {
    let n = state.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let token = format!("tok-{n}-{:08x}", rand_u32(n));
    lock(&state.tokens).insert(token.clone(), Instant::now() + state.config.token_lifetime);
    (token, state.config.token_lifetime.as_secs())
}

/// A cheap deterministic scramble, so tokens do not look sequential.
fn rand_u32(n: u64) -> u32 {
    (n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
}

fn oauth_token(state: &State, headers: &HeaderMap, body: &[u8]) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({"error": "unsupported_grant_type"}),
        );
    }
    let (mut id, mut secret) = (
        form.get("client_id").cloned(),
        form.get("client_secret").cloned(),
    );
    if let Some((u, p)) = basic_credentials(headers) {
        (id, secret) = (Some(u), Some(p));
    }
    let ok = match &state.config.auth {
        SampleAuth::Oauth2 {
            client_id,
            client_secret,
        } => id.as_ref() == Some(client_id) && secret.as_ref() == Some(client_secret),
        _ => true,
    };
    if !ok {
        return json_response(StatusCode::UNAUTHORIZED, json!({"error": "invalid_client"}));
    }
    let (token, expires_in) = issue(state);
    json_response(
        StatusCode::OK,
        json!({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}),
    )
}

fn login(state: &State, body: &[u8]) -> Response {
    let creds: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let ok = match &state.config.auth {
        SampleAuth::Custom { username, password } => {
            creds["username"] == json!(username) && creds["password"] == json!(password)
        }
        _ => true,
    };
    if !ok {
        return error(StatusCode::UNAUTHORIZED, "wrong username or password");
    }
    let (token, expires_in) = issue(state);
    json_response(
        StatusCode::OK,
        json!({"data": {"session": {"token": token}}, "expiresIn": expires_in}),
    )
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `None` when the caller may go on, else the 401.
fn check_auth(state: &State, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let valid_token = |token: &str| {
        let tokens = lock(&state.tokens);
        tokens
            .get(token)
            .is_some_and(|until| Instant::now() < *until)
    };
    let ok = match &state.config.auth {
        SampleAuth::None => true,
        SampleAuth::Bearer { token } => {
            header_str(headers, "authorization") == Some(&format!("Bearer {token}"))
        }
        SampleAuth::ApiKey { query, name, value } => {
            if *query {
                query_pairs(uri)
                    .iter()
                    .any(|(k, v)| k == name && v == value)
            } else {
                header_str(headers, name) == Some(value.as_str())
            }
        }
        SampleAuth::Basic { username, password } => {
            basic_credentials(headers) == Some((username.clone(), password.clone()))
        }
        SampleAuth::Oauth2 { .. } => header_str(headers, "authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(valid_token),
        SampleAuth::Custom { .. } => header_str(headers, "x-session-token")
            .and_then(|v| v.strip_prefix("Session "))
            .is_some_and(valid_token),
    };
    (!ok).then(|| {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            "missing, wrong or expired credentials",
        );
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    })
}

/// The fault to answer `path` with, if one is due.
fn due_fault(state: &State, path: &str) -> Option<FaultKind> {
    let mut faults = lock(&state.faults);
    for armed in faults.iter_mut() {
        let f = &armed.fault;
        if !path.starts_with(if f.path.is_empty() { "/v1/" } else { &f.path })
            || armed.fired >= f.times
        {
            continue;
        }
        armed.seen += 1;
        if armed.seen > f.after && (armed.seen - f.after - 1) % f.every.max(1) == 0 {
            armed.fired += 1;
            return Some(f.kind.clone());
        }
    }
    None
}

fn fault_response(kind: FaultKind) -> Response {
    match kind {
        FaultKind::InvalidJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\n  \"invoices\": [\n    {\"invoice_id\": \"INV-000001\",}\n",
        )
            .into_response(),
        FaultKind::Html => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!DOCTYPE html>\n<html><body><h1>Please sign in</h1></body></html>\n",
        )
            .into_response(),
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut r = error(status, "injected fault");
            if let Some(secs) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            r
        }
    }
}

fn v1(state: &State, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    {
        let mut seen = lock(&state.seen);
        if seen.len() >= 10_000 {
            seen.remove(0);
        }
        seen.push(Seen {
            method: method.to_string(),
            path: path_and_query.to_string(),
            headers: headers
                .iter()
                .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
                .collect(),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    if let Some(denied) = check_auth(state, &uri, &headers) {
        return denied;
    }
    if let Some(kind) = due_fault(state, uri.path()) {
        return fault_response(kind);
    }
    let rest = uri.path().trim_start_matches("/v1/");
    let (name, search) = match rest.strip_suffix("/search") {
        Some(n) => (n, true),
        None => (rest, false),
    };
    if let (Some(resource), &Method::GET) = (
        rest.strip_suffix("/deleted").and_then(Resource::parse),
        &method,
    ) {
        return list_deleted(state, resource, query_pairs(&uri));
    }
    match (Resource::parse(name), &method) {
        (Some(resource), &Method::GET) if !search => list(state, resource, query_pairs(&uri)),
        (Some(resource), &Method::POST) if search => {
            let mut params = query_pairs(&uri);
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => {
                    for (k, v) in map {
                        let v = match v {
                            Value::String(s) => s,
                            Value::Null => continue,
                            other => other.to_string(),
                        };
                        params.retain(|(pk, _)| *pk != k);
                        params.push((k, v));
                    }
                    list(state, resource, params)
                }
                _ => error(
                    StatusCode::BAD_REQUEST,
                    "a search body must be a JSON object",
                ),
            }
        }
        (_, &Method::POST | &Method::PUT | &Method::PATCH) => {
            receive(state, method, &uri, &headers, body)
        }
        _ => error(
            StatusCode::NOT_FOUND,
            &format!("no such resource: {}", uri.path()),
        ),
    }
}

fn receive(state: &State, method: Method, uri: &Uri, headers: &HeaderMap, body: Bytes) -> Response {
    let content_type = header_str(headers, "content-type")
        .unwrap_or("")
        .to_string();
    let text = String::from_utf8_lossy(&body).into_owned();
    let json = if content_type.starts_with("application/json") {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => v,
            Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid JSON: {e}")),
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text).unwrap_or_default();
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        )
    } else {
        Value::Null
    };
    let count = match &json {
        Value::Array(a) => a.len(),
        Value::Null => text.lines().count(),
        _ => 1,
    };
    lock(&state.received).push(Received {
        method: method.to_string(),
        path: uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        content_type,
        body: text,
        json,
    });
    let last = uri.path().rsplit('/').next().unwrap_or("");
    if last.starts_with("bad") {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"errors": [{"code": "INVALID", "message": format!("record {last} rejected")}]}),
        );
    }
    if last.starts_with("big") {
        return json_response(
            StatusCode::CREATED,
            json!({"ok": true, "padding": "x".repeat(20_000)}),
        );
    }
    json_response(StatusCode::CREATED, json!({"ok": true, "received": count}))
}

fn list(state: &State, resource: Resource, params: Vec<(String, String)>) -> Response {
    let get = |k: &str| {
        params
            .iter()
            .rev()
            .find(|(pk, _)| pk == k)
            .map(|(_, v)| v.as_str())
    };
    let count = state.config.records;
    let paging = get("paging").unwrap_or("nextUrl").to_ascii_lowercase();
    let number = |k: &str, default: usize| -> Result<usize, String> {
        match get(k) {
            None | Some("") => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("{k} must be a whole number, not '{v}'")),
        }
    };
    let time = |k: &str| -> Result<Option<jiff::Timestamp>, String> {
        match get(k) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("{k} must be an RFC 3339 time, not '{v}'")),
        }
    };
    let result = (|| -> Result<Response, String> {
        let mut size = number("page_size", 100)?.clamp(1, 10_000);
        let lo = time("updated_since")?.map_or(0, |t| data::first_at_or_after(t, count));
        let hi = time("updated_until")?.map_or(count, |t| data::first_at_or_after(t, count));
        let total = hi.saturating_sub(lo);
        let offset = match paging.as_str() {
            "nexturl" | "link" => number("offset", 0)?,
            "offset" => {
                size = number("limit", size)?.clamp(1, 10_000);
                number("offset", 0)?
            }
            "page" => {
                let page = number("page", 1)?;
                if page == 0 {
                    return Err("page starts at 1".to_string());
                }
                (page - 1) * size
            }
            "cursor" => match get("cursor") {
                None | Some("") => 0,
                Some(c) => decode_cursor(c).ok_or_else(|| format!("unknown cursor '{c}'"))?,
            },
            other => {
                return Err(format!(
                    "paging must be nextUrl, cursor, link, offset or page, not '{other}'"
                ))
            }
        };
        let from = lo + offset.min(total);
        let to = (from + size).min(hi);
        let removed = lock(&state.removed).clone();
        let records: Vec<Value> = (from..to)
            .filter(|&i| !deleted::is_removed(&removed, resource, i))
            .map(|i| data::record(resource, i))
            .collect();
        let more = to < hi;
        let next_offset = to - lo;
        let next_query = |key: &str, value: String| {
            let mut q: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| k != key && k != "next")
                .cloned()
                .collect();
            q.push((key.to_string(), value));
            if get("next") == Some("absolute") {
                q.push(("next".to_string(), "absolute".to_string()));
            }
            serde_urlencoded::to_string(q).unwrap_or_default()
        };
        let relative = format!(
            "/v1/{}?{}",
            resource.name(),
            next_query("offset", next_offset.to_string())
        );
        let next_url = (paging == "nexturl" && more).then(|| {
            if get("next") == Some("absolute") {
                format!("{}{relative}", get("next_base").unwrap_or(&state.base_url))
            } else {
                relative.clone()
            }
        });
        let next_cursor = if paging == "cursor" && more {
            encode_cursor(next_offset)
        } else {
            String::new()
        };
        let mut meta = json!({"total": total, "next_cursor": next_cursor, "page_size": size});
        // Offset and page answers say where they are, as such APIs do.
        match paging.as_str() {
            "offset" => {
                meta["offset"] = json!(offset);
                meta["limit"] = json!(size);
            }
            "page" => {
                meta["page"] = json!(offset / size + 1);
                meta["total_pages"] = json!(total.div_ceil(size));
            }
            _ => {}
        }
        let n = records.len();
        let key = resource.records_key();
        let body = match resource {
            Resource::Invoices => json!({key: records, "next_page": next_url, "meta": meta}),
            Resource::Payments => json!({key: records, "links": {"next": next_url}, "meta": meta}),
            Resource::Contacts => {
                json!({key: records, "paging": {"next": next_url, "count": n}, "meta": meta})
            }
        };
        let mut response = json_response(StatusCode::OK, body);
        if paging == "link" {
            let mut links = vec![format!("<{}{relative}>; rel=\"next\"", state.base_url)];
            links.retain(|_| more);
            links.push(format!(
                "<{}/v1/{}?{}>; rel=\"first\"",
                state.base_url,
                resource.name(),
                next_query("offset", "0".to_string())
            ));
            if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
                response.headers_mut().insert(header::LINK, v);
            }
        }
        Ok(response)
    })();
    result.unwrap_or_else(|message| error(StatusCode::BAD_REQUEST, &message))
}

fn list_deleted(state: &State, resource: Resource, params: Vec<(String, String)>) -> Response {
    let time = |k: &str| -> Result<Option<jiff::Timestamp>, String> {
        match params
            .iter()
            .rev()
            .find(|(pk, _)| pk == k)
            .map(|(_, v)| v.as_str())
        {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("{k} must be an RFC 3339 time, not '{v}'")),
        }
    };
    match (time("updated_since"), time("updated_until")) {
        (Ok(since), Ok(until)) => json_response(
            StatusCode::OK,
            deleted::listing(&lock(&state.removed), resource, since, until),
        ),
        (Err(message), _) | (_, Err(message)) => error(StatusCode::BAD_REQUEST, &message),
    }
}

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("o:")?
        .parse()
        .ok()
}
