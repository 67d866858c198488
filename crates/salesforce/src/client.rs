//! The session and the one way a call goes out: [`Client::call`] adds the bearer token, sends
//! through the egress client (allowlist, retries on 429/5xx and dropped connections with
//! `Retry-After`), keeps the `Sforce-Limit-Info` API usage, re-authenticates once on 401
//! `INVALID_SESSION_ID` (refresh token when there is one, else the original grant) and
//! retries the call, retries a call refused as a whole with `UNABLE_TO_LOCK_ROW`, and turns
//! Salesforce's error arrays into [`SalesforceError::Api`].
//!
//! The REST resources on top: versions, describes, SOQL queries paged lazily through
//! `nextRecordsUrl`, and single-record get/create/update/upsert/delete.

use crate::auth::{self, Auth, Config, Tokens};
use crate::error::{ApiError, Result, SalesforceError};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use synccentral_engine::Describe;
use synccentral_net::reqwest::{self, header::HeaderMap, Method, StatusCode};
use synccentral_net::{read_capped, Egress};
use url::Url;

/// The largest JSON response read (describes and query pages are well under it).
pub const MAX_JSON_BODY: usize = 64 * 1024 * 1024;
/// How many times a call refused as a whole with `UNABLE_TO_LOCK_ROW` is sent again.
pub const LOCK_RETRIES: u32 = 4;

/// Who is logged in, from the identity URL `…/id/{orgId}/{userId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub url: String,
    pub org_id: String,
    pub user_id: String,
}

impl Identity {
    fn parse(url: &str) -> Option<Identity> {
        let mut segs = url.trim_end_matches('/').rsplit('/');
        let user_id = segs.next()?.to_string();
        let org_id = segs.next()?.to_string();
        (segs.next()? == "id").then(|| Identity {
            url: url.to_string(),
            org_id,
            user_id,
        })
    }
}

/// The current login: where REST calls go and with which token (`Debug` leaves the tokens
/// out).
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub instance_url: Url,
    pub access_token: String,
    /// `"62.0"`.
    pub api_version: String,
    pub identity: Option<Identity>,
    /// Kept so the caller can persist it (browser flow, refresh-token config).
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("instance_url", &self.instance_url.as_str())
            .field("api_version", &self.api_version)
            .field("identity", &self.identity)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

struct Inner {
    egress: Egress,
    config: Config,
    session: RwLock<Session>,
    /// One re-authentication at a time; the others wait and reuse its token.
    reauth: tokio::sync::Mutex<()>,
    usage: Mutex<Option<(u64, u64)>>,
    lock_backoff: Duration,
}

/// A logged-in Salesforce client. Cheap to clone; clones share the session, so a refresh by
/// one call serves all.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("instance_url", &self.session().instance_url.as_str())
            .finish()
    }
}

/// A response that passed: status, headers, body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub url: String,
}

impl Answer {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| SalesforceError::decode(&self.url, e))
    }
}

/// What a call sends.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    None,
    Json(Value),
    Csv(String),
}

/// Parses `Sforce-Limit-Info: api-usage=N/M[; per-app-api-usage=…]`.
pub fn parse_limit_info(value: &str) -> Option<(u64, u64)> {
    let part = value
        .split([';', ','])
        .map(str::trim)
        .find_map(|p| p.strip_prefix("api-usage="))?;
    let (used, max) = part.split_once('/')?;
    Some((used.trim().parse().ok()?, max.trim().parse().ok()?))
}

/// Salesforce's error array, or `None` when the body is something else.
pub(crate) fn api_errors(body: &[u8]) -> Option<Vec<ApiError>> {
    match serde_json::from_slice::<Value>(body).ok()? {
        Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).ok())
            .collect(),
        v @ Value::Object(_) => serde_json::from_value::<ApiError>(v).ok().map(|e| vec![e]),
        _ => None,
    }
}

impl Client {
    /// Logs in (any flow but the browser's; see [`Client::with_tokens`]).
    pub async fn connect(egress: Egress, config: Config) -> Result<Client> {
        let tokens = auth::login(&egress, &config).await?;
        Ok(Client::with_tokens(egress, config, tokens))
    }

    /// A client on tokens already obtained (e.g. from [`auth::web_login`]); it re-logs in
    /// with their refresh token when the session ends.
    pub fn with_tokens(egress: Egress, config: Config, tokens: Tokens) -> Client {
        let session = session_of(&config, tokens, None);
        Client {
            inner: Arc::new(Inner {
                egress,
                config,
                session: RwLock::new(session),
                reauth: tokio::sync::Mutex::new(()),
                usage: Mutex::new(None),
                lock_backoff: Duration::from_millis(200),
            }),
        }
    }

    /// A copy of the current session.
    pub fn session(&self) -> Session {
        self.inner
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The refresh token to persist (browser flow or refresh-token config), if any.
    pub fn refresh_token(&self) -> Option<String> {
        self.session().refresh_token
    }

    /// The last `Sforce-Limit-Info` seen: (API requests used today, daily limit).
    pub fn api_usage(&self) -> Option<(u64, u64)> {
        *self.inner.usage.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the last known usage is at or past `share` (0.0–1.0) of the daily limit.
    pub fn past_share_of_limit(&self, share: f64) -> bool {
        self.api_usage()
            .is_some_and(|(used, max)| max > 0 && used as f64 >= share * max as f64)
    }

    /// The egress client calls go through.
    pub fn egress(&self) -> &Egress {
        &self.inner.egress
    }

    pub fn api_version(&self) -> String {
        self.inner.config.api_version.clone()
    }

    /// `/services/data/vNN.0` + `path`.
    pub(crate) fn data_path(&self, path: &str) -> String {
        format!("/services/data/v{}{path}", self.inner.config.api_version)
    }

    /// Logs in again: the refresh token when there is one, else the configured grant.
    pub(crate) async fn reauthenticate(&self, failed_token: &str) -> Result<()> {
        let _guard = self.inner.reauth.lock().await;
        if self.session().access_token != failed_token {
            return Ok(()); // another call already did it
        }
        let current = self.session();
        let config = &self.inner.config;
        if current.refresh_token.is_none() && matches!(config.auth, Auth::Web { .. }) {
            return Err(SalesforceError::WebLogin(
                "the session ended and there is no refresh token: log in again".into(),
            ));
        }
        // On its own task: the oauth2 crate's futures are generic over a lifetime, which
        // keeps the callers' futures from being provably `Send`; a task's handle is.
        let egress = self.inner.egress.clone();
        let owned = config.clone();
        let refresh_token = current.refresh_token.clone();
        let tokens = tokio::spawn(async move {
            match refresh_token {
                Some(rt) => auth::refresh(&egress, &owned, &rt).await,
                None => auth::login(&egress, &owned).await,
            }
        })
        .await
        .map_err(|e| SalesforceError::Config(format!("login task: {e}")))??;
        let session = session_of(config, tokens, current.refresh_token);
        *self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner()) = session;
        Ok(())
    }

    /// Sends one call to `path` (root-relative, e.g. `/services/data/v62.0/limits`, or a full
    /// URL on the instance) and returns the passing answer or the error.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Body,
        headers: &[(&str, &str)],
    ) -> Result<Answer> {
        self.call_capped(method, path, query, body, headers, MAX_JSON_BODY)
            .await
    }

    /// [`Client::call`] with a body cap. Boxed, so the futures of callers stay `Send` for
    /// any lifetime (a rustc limitation with nested async borrows).
    pub(crate) fn call_capped<'a>(
        &'a self,
        method: Method,
        path: &'a str,
        query: &'a [(&'a str, &'a str)],
        body: Body,
        headers: &'a [(&'a str, &'a str)],
        cap: usize,
    ) -> futures_util::future::BoxFuture<'a, Result<Answer>> {
        Box::pin(self.call_inner(method, path, query, body, headers, cap))
    }

    async fn call_inner(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Body,
        headers: &[(&str, &str)],
        cap: usize,
    ) -> Result<Answer> {
        let mut reauthenticated = false;
        let mut lock_attempt = 0;
        loop {
            let session = self.session();
            let mut url = session
                .instance_url
                .join(path)
                .map_err(|e| SalesforceError::Config(format!("{path}: {e}")))?;
            // The session goes only to the instance the login returned: a path an answer
            // gave (`nextRecordsUrl`) that leads elsewhere is refused, not followed.
            if url.origin() != session.instance_url.origin() {
                return Err(SalesforceError::decode(
                    path,
                    format!(
                        "a URL off the org's instance {} (not followed: the session goes only there)",
                        session.instance_url.origin().ascii_serialization()
                    ),
                ));
            }
            if !query.is_empty() {
                url.query_pairs_mut().extend_pairs(query);
            }
            let mut rb = self
                .inner
                .egress
                .request(method.clone(), url.clone())
                .bearer_auth(&session.access_token);
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
            {
                rb = rb.header(reqwest::header::ACCEPT, "application/json");
            }
            for (k, v) in headers {
                rb = rb.header(*k, *v);
            }
            rb = match &body {
                Body::None => rb,
                Body::Json(v) => rb
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(v.to_string()),
                Body::Csv(text) => rb
                    .header(reqwest::header::CONTENT_TYPE, "text/csv")
                    .body(text.clone()),
            };
            let request = rb
                .build()
                .map_err(|e| SalesforceError::Config(e.to_string()))?;
            // PATCH here is an update or an upsert by external ID: sending it again
            // cannot make a second record. Creating a Bulk job twice leaves at most an
            // empty job behind (its data is uploaded to the one we got back). Any other
            // POST (a create) is only resent when it provably never reached the org (see
            // `Egress::send`).
            let creates_records = method == Method::POST
                && !(path.ends_with("/jobs/ingest") || path.ends_with("/jobs/query"));
            let response = if creates_records {
                self.inner.egress.send(request).await?
            } else {
                self.inner.egress.send_idempotent(request).await?
            };
            let status = response.status();
            let headers = response.headers().clone();
            if let Some(usage) = headers
                .get("sforce-limit-info")
                .and_then(|v| v.to_str().ok())
                .and_then(parse_limit_info)
            {
                *self.inner.usage.lock().unwrap_or_else(|e| e.into_inner()) = Some(usage);
            }
            let bytes = read_capped(response, cap).await?.to_vec();
            let url_text = url.to_string();
            if status.is_success() || status == StatusCode::MULTIPLE_CHOICES {
                return Ok(Answer {
                    status,
                    headers,
                    body: bytes,
                    url: url_text,
                });
            }
            let Some(errors) = api_errors(&bytes) else {
                return Err(SalesforceError::Http {
                    status: status.as_u16(),
                    url: url_text,
                    body: String::from_utf8_lossy(&bytes).chars().take(2000).collect(),
                });
            };
            let code = errors.first().map(|e| e.error_code.as_str()).unwrap_or("");
            if status == StatusCode::UNAUTHORIZED
                && code == "INVALID_SESSION_ID"
                && !reauthenticated
            {
                reauthenticated = true;
                self.reauthenticate(&session.access_token).await?;
                continue;
            }
            if code == "UNABLE_TO_LOCK_ROW" && lock_attempt < LOCK_RETRIES {
                tokio::time::sleep(self.inner.lock_backoff * 2u32.pow(lock_attempt)).await;
                lock_attempt += 1;
                continue;
            }
            return Err(SalesforceError::Api {
                status: status.as_u16(),
                errors,
            });
        }
    }

    pub(crate) fn lock_backoff(&self) -> Duration {
        self.inner.lock_backoff
    }

    // ---- REST resources ----

    /// `GET /services/data/`: the API versions the org serves, oldest first.
    pub async fn versions(&self) -> Result<Vec<ApiVersion>> {
        self.call(Method::GET, "/services/data/", &[], Body::None, &[])
            .await?
            .json()
    }

    /// `GET /sobjects/`: every object of the org (the raw global describe).
    pub async fn describe_global(&self) -> Result<Value> {
        self.call(
            Method::GET,
            &self.data_path("/sobjects/"),
            &[],
            Body::None,
            &[],
        )
        .await?
        .json()
    }

    /// `GET /sobjects/{object}/describe` as Salesforce sends it.
    pub async fn describe_json(&self, object: &str) -> Result<Value> {
        self.call(
            Method::GET,
            &self.data_path(&format!("/sobjects/{}/describe", seg(object))),
            &[],
            Body::None,
            &[],
        )
        .await?
        .json()
    }

    /// The object's describe, read into the engine's [`Describe`].
    pub async fn describe(&self, object: &str) -> Result<Describe> {
        let raw = self.describe_json(object).await?;
        Describe::from_value(&raw).map_err(|e| SalesforceError::decode(object, e))
    }

    /// A SOQL query as a stream of pages (`records` arrays), following `nextRecordsUrl`
    /// one page at a time: nothing past the page being read is held.
    pub fn query(&self, soql: &str) -> impl Stream<Item = Result<QueryPage>> + Send + 'static {
        self.query_with(soql, None, false)
    }

    /// [`Client::query`] with `Sforce-Query-Options: batchSize=N` (200–2,000, a hint) and
    /// optionally `queryAll` (deleted records too).
    pub fn query_with(
        &self,
        soql: &str,
        batch_size: Option<u32>,
        all: bool,
    ) -> impl Stream<Item = Result<QueryPage>> + Send + 'static {
        let client = self.clone();
        let first = self.data_path(if all { "/queryAll/" } else { "/query/" });
        let soql = soql.to_string();
        let options = batch_size.map(|n| format!("batchSize={n}"));
        futures_util::stream::try_unfold((Some(first), true), move |(next, first_call)| {
            let client = client.clone();
            let soql = soql.clone();
            let options = options.clone();
            async move {
                let Some(path) = next else {
                    return Ok(None);
                };
                let q = first_call.then_some(soql);
                let page = client.query_page(path, q, options).await?;
                let next = if page.done {
                    None
                } else {
                    page.next_records_url.clone()
                };
                Ok(Some((page, (next, false))))
            }
        })
    }

    async fn query_page(
        &self,
        path: String,
        soql: Option<String>,
        options: Option<String>,
    ) -> Result<QueryPage> {
        let mut query = Vec::new();
        if let Some(q) = &soql {
            query.push(("q", q.as_str()));
        }
        let mut headers = Vec::new();
        if let Some(o) = &options {
            headers.push(("Sforce-Query-Options", o.as_str()));
        }
        self.call(Method::GET, &path, &query, Body::None, &headers)
            .await?
            .json()
    }

    /// Every record of a query (all pages; use [`Client::query`] for large results).
    pub async fn query_all_records(&self, soql: &str) -> Result<Vec<Value>> {
        use futures_util::TryStreamExt;
        let pages: Vec<QueryPage> = self.query(soql).try_collect().await?;
        Ok(pages.into_iter().flat_map(|p| p.records).collect())
    }

    /// `GET /sobjects/{object}/{id}[?fields=…]`.
    pub async fn get(&self, object: &str, id: &str, fields: &[&str]) -> Result<Value> {
        let joined = fields.join(",");
        let query: Vec<(&str, &str)> = if fields.is_empty() {
            vec![]
        } else {
            vec![("fields", joined.as_str())]
        };
        self.call(
            Method::GET,
            &self.data_path(&format!("/sobjects/{}/{}", seg(object), seg(id))),
            &query,
            Body::None,
            &[],
        )
        .await?
        .json()
    }

    /// `POST /sobjects/{object}`: the new record's ID.
    pub async fn create(&self, object: &str, record: &Value) -> Result<String> {
        let a = self
            .call(
                Method::POST,
                &self.data_path(&format!("/sobjects/{}/", seg(object))),
                &[],
                Body::Json(strip_attributes(record)),
                &[],
            )
            .await?;
        let v: Value = a.json()?;
        v["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| SalesforceError::decode(&a.url, "no id in the answer"))
    }

    /// `PATCH /sobjects/{object}/{id}` (204).
    pub async fn update(&self, object: &str, id: &str, fields: &Value) -> Result<()> {
        let mut body = strip_attributes(fields);
        if let Some(o) = body.as_object_mut() {
            o.retain(|k, _| !k.eq_ignore_ascii_case("id"));
        }
        self.call(
            Method::PATCH,
            &self.data_path(&format!("/sobjects/{}/{}", seg(object), seg(id))),
            &[],
            Body::Json(body),
            &[],
        )
        .await?;
        Ok(())
    }

    /// `PATCH /sobjects/{object}/{field}/{value}`: created or updated, with the record's ID.
    /// Several matching records answer 300, reported as `MULTIPLE_CHOICES` with their URLs.
    pub async fn upsert(
        &self,
        object: &str,
        external_id_field: &str,
        value: &str,
        fields: &Value,
    ) -> Result<UpsertOutcome> {
        let mut body = strip_attributes(fields);
        if let Some(o) = body.as_object_mut() {
            o.retain(|k, _| {
                !k.eq_ignore_ascii_case(external_id_field) && !k.eq_ignore_ascii_case("id")
            });
        }
        let a = self
            .call(
                Method::PATCH,
                &self.data_path(&format!(
                    "/sobjects/{}/{}/{}",
                    seg(object),
                    seg(external_id_field),
                    seg(value)
                )),
                &[],
                Body::Json(body),
                &[],
            )
            .await?;
        if a.status == StatusCode::MULTIPLE_CHOICES {
            let urls: Vec<String> = a.json().unwrap_or_default();
            return Err(SalesforceError::Api {
                status: 300,
                errors: vec![ApiError {
                    error_code: "MULTIPLE_CHOICES".into(),
                    message: format!(
                        "several records have {external_id_field} = {value}: {}",
                        urls.join(", ")
                    ),
                    fields: vec![external_id_field.to_string()],
                }],
            });
        }
        if a.body.is_empty() {
            // Up to v45.0 an update answers 204 without a body.
            return Ok(UpsertOutcome {
                id: None,
                created: false,
            });
        }
        let v: Value = a.json()?;
        Ok(UpsertOutcome {
            id: v["id"].as_str().map(str::to_string),
            created: v["created"]
                .as_bool()
                .unwrap_or(a.status == StatusCode::CREATED),
        })
    }

    /// `DELETE /sobjects/{object}/{id}` (204).
    pub async fn delete(&self, object: &str, id: &str) -> Result<()> {
        self.call(
            Method::DELETE,
            &self.data_path(&format!("/sobjects/{}/{}", seg(object), seg(id))),
            &[],
            Body::None,
            &[],
        )
        .await?;
        Ok(())
    }

    /// `GET /limits` (`DailyApiRequests` and the others).
    pub async fn limits(&self) -> Result<Value> {
        self.call(
            Method::GET,
            &self.data_path("/limits/"),
            &[],
            Body::None,
            &[],
        )
        .await?
        .json()
    }
}

fn session_of(config: &Config, tokens: Tokens, keep_refresh: Option<String>) -> Session {
    Session {
        instance_url: tokens.instance_url,
        access_token: tokens.access_token,
        api_version: config.api_version.clone(),
        identity: tokens.id.as_deref().and_then(Identity::parse),
        refresh_token: tokens.refresh_token.or(keep_refresh),
    }
}

/// A path segment, percent-encoded.
pub(crate) fn seg(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%5F", "_")
        .replace("%2E", ".")
        .replace("%2D", "-")
}

/// The record without its `attributes` key.
pub(crate) fn strip_attributes(record: &Value) -> Value {
    match record {
        Value::Object(o) => {
            let mut o = o.clone();
            o.remove("attributes");
            Value::Object(o)
        }
        other => other.clone(),
    }
}

/// One entry of `GET /services/data/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiVersion {
    pub label: String,
    pub url: String,
    pub version: String,
}

/// One page of a SOQL query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPage {
    /// All matching rows, not this page's.
    pub total_size: u64,
    pub done: bool,
    #[serde(default)]
    pub next_records_url: Option<String>,
    #[serde(default)]
    pub records: Vec<Value>,
}

/// The outcome of a single upsert by external ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertOutcome {
    pub id: Option<String>,
    pub created: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_info_reads_api_usage_with_or_without_per_app_usage() {
        assert_eq!(parse_limit_info("api-usage=75/15000"), Some((75, 15000)));
        assert_eq!(
            parse_limit_info("api-usage=25/5000; per-app-api-usage=17/250(appName=x)"),
            Some((25, 5000))
        );
        assert_eq!(parse_limit_info("per-app-api-usage=17/250"), None);
        assert_eq!(parse_limit_info("api-usage=x/1"), None);
    }

    #[test]
    fn identity_urls_name_the_org_and_the_user() {
        let i = Identity::parse(
            "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS",
        )
        .unwrap();
        assert_eq!(i.org_id, "00Dxx0000001gPLEAY");
        assert_eq!(i.user_id, "005xx000001SwiUAAS");
        assert!(Identity::parse("https://x/y").is_none());
    }
}
