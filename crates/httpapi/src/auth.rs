//! Authentication: puts each [`Auth`] kind on a request; for OAuth 2 client credentials and
//! custom token endpoints fetches a token, caches it, and after a 401 fetches a new one once
//! and sends the request again ([`Authorizer::send`]). [`Secrets`] keeps every credential
//! (tokens included as they arrive) so messages can be scrubbed of them.

use crate::config::{Auth, KeyLocation};
use crate::path::ValuePath;
use crate::template::Template;
use base64::Engine as _;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synccentral_net::reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use synccentral_net::reqwest::{Method, Response, StatusCode};
use synccentral_net::{read_capped, Egress, NetError};
use url::Url;

/// Credentials that must never reach a message or a log.
#[derive(Clone, Default)]
pub struct Secrets {
    values: Arc<Mutex<Vec<String>>>,
    /// Query parameters whose values are secret (an API key sent in the query).
    query_names: Arc<Vec<String>>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.values.lock().map(|v| v.len()).unwrap_or(0);
        write!(f, "Secrets({n} hidden)")
    }
}

impl Secrets {
    fn add(&self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let mut values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        let encoded =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for s in [secret.to_string(), encoded, form] {
            if !values.contains(&s) {
                values.push(s);
            }
        }
        // Longest first, so a secret containing another is replaced whole.
        values.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// `text` with every known secret replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = text.to_string();
        for s in values.iter() {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "***");
            }
        }
        out
    }

    /// A URL fit to print: secret query parameters shown as `***`, other secrets scrubbed.
    pub fn redact_url(&self, url: &Url) -> String {
        if self.query_names.is_empty() || url.query().is_none() {
            return self.redact(url.as_str());
        }
        let mut shown = url.clone();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if self.query_names.iter().any(|n| *n == k) {
                    "***".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
        self.redact(shown.as_str()).replace("%2A%2A%2A", "***")
    }
}

/// A token and when to stop using it.
#[derive(Clone)]
struct Token {
    value: String,
    stale_at: Option<Instant>,
}

/// A ready-to-use [`Auth`].
pub(crate) struct Authorizer {
    kind: Kind,
    egress: Egress,
    secrets: Secrets,
    token: tokio::sync::Mutex<Option<Token>>,
    /// The connection's own origin: credentials go there only.
    home: Option<url::Origin>,
}

enum Kind {
    None,
    Header(HeaderName, HeaderValue),
    Query {
        name: String,
        value: String,
    },
    Oauth2 {
        token_url: Url,
        form: Vec<(String, String)>,
    },
    Custom {
        method: Method,
        url: Url,
        body: Option<String>,
        content_type: Option<String>,
        token_path: ValuePath,
        header: HeaderName,
        prefix: String,
    },
}

impl std::fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorizer")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Kind {
    /// The kind only: every variant holds a credential.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::None => "None",
            Kind::Header(..) => "Header(***)",
            Kind::Query { .. } => "Query(***)",
            Kind::Oauth2 { .. } => "Oauth2(***)",
            Kind::Custom { .. } => "Custom(***)",
        })
    }
}

/// What [`Authorizer::send`] failed with.
#[derive(Debug)]
pub(crate) enum SendFailure {
    Net(NetError),
    Auth(String),
}

impl Authorizer {
    /// Checks `auth`; `Err` lists every problem.
    pub fn new(auth: &Auth, egress: Egress) -> Result<Authorizer, Vec<String>> {
        let mut problems = Vec::new();
        let mut secrets = Secrets::default();
        let mut query_names = Vec::new();
        let url = |field: &str, text: &str, problems: &mut Vec<String>| match Url::parse(text) {
            Ok(u) => Some(u),
            Err(e) => {
                problems.push(format!("auth.{field} '{text}' is not a URL: {e}"));
                None
            }
        };
        let header_name = |text: &str, problems: &mut Vec<String>| match HeaderName::try_from(text)
        {
            Ok(h) => Some(h),
            Err(_) => {
                problems.push(format!("'{text}' is not a valid header name"));
                None
            }
        };
        let header_value = |what: &str, text: &str, problems: &mut Vec<String>| {
            match HeaderValue::try_from(text) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    Some(v)
                }
                Err(_) => {
                    problems.push(format!("{what} holds characters a header cannot carry"));
                    None
                }
            }
        };
        let kind = match auth {
            Auth::None => Some(Kind::None),
            Auth::ApiKey {
                location,
                name,
                value,
            } => {
                secrets.add(value);
                if name.trim().is_empty() {
                    problems.push("auth.name (the API key's parameter or header) is empty".into());
                }
                match location {
                    KeyLocation::Query => {
                        query_names.push(name.clone());
                        Some(Kind::Query {
                            name: name.clone(),
                            value: value.clone(),
                        })
                    }
                    KeyLocation::Header => {
                        let n = header_name(name, &mut problems);
                        let v = header_value("auth.value", value, &mut problems);
                        n.zip(v).map(|(n, v)| Kind::Header(n, v))
                    }
                }
            }
            Auth::Basic { username, password } => {
                secrets.add(password);
                let raw = format!("{username}:{password}");
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                secrets.add(&encoded);
                header_value(
                    "auth.username/password",
                    &format!("Basic {encoded}"),
                    &mut problems,
                )
                .map(|v| Kind::Header(synccentral_net::reqwest::header::AUTHORIZATION, v))
            }
            Auth::Bearer { token } => {
                secrets.add(token);
                header_value("auth.token", &format!("Bearer {token}"), &mut problems)
                    .map(|v| Kind::Header(synccentral_net::reqwest::header::AUTHORIZATION, v))
            }
            Auth::Oauth2 {
                token_url,
                client_id,
                client_secret,
                scope,
            } => {
                secrets.add(client_secret);
                let mut form = vec![
                    ("grant_type".to_string(), "client_credentials".to_string()),
                    ("client_id".to_string(), client_id.clone()),
                    ("client_secret".to_string(), client_secret.clone()),
                ];
                if let Some(scope) = scope.as_ref().filter(|s| !s.is_empty()) {
                    form.push(("scope".to_string(), scope.clone()));
                }
                url("tokenUrl", token_url, &mut problems)
                    .map(|token_url| Kind::Oauth2 { token_url, form })
            }
            Auth::Custom {
                method,
                url: token_url,
                body,
                content_type,
                token_path,
                header,
                prefix,
            } => {
                // A login body usually holds a password: keep its string values secret.
                if let Some(body) = body {
                    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) {
                        for (k, v) in map {
                            let lk = k.to_ascii_lowercase();
                            if lk.contains("pass") || lk.contains("secret") || lk.contains("key") {
                                if let Value::String(s) = v {
                                    secrets.add(&s);
                                }
                            }
                        }
                    }
                }
                let u = url("url", token_url, &mut problems);
                let p = ValuePath::parse(token_path)
                    .map_err(|e| problems.push(format!("auth.tokenPath: {e}")))
                    .ok();
                let h = header_name(header, &mut problems);
                if let Some(b) = body {
                    if let Err(e) = Template::parse(b) {
                        problems.push(format!("auth.body: {e}"));
                    }
                }
                match (u, p, h) {
                    (Some(url), Some(token_path), Some(header)) => Some(Kind::Custom {
                        method: method.to_reqwest(),
                        url,
                        body: body.clone(),
                        content_type: content_type.clone(),
                        token_path,
                        header,
                        prefix: prefix.clone(),
                    }),
                    _ => None,
                }
            }
        };
        secrets.query_names = Arc::new(query_names);
        match kind {
            Some(kind) if problems.is_empty() => Ok(Authorizer {
                kind,
                egress,
                secrets,
                token: tokio::sync::Mutex::new(None),
                home: None,
            }),
            _ => Err(problems),
        }
    }

    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    fn uses_tokens(&self) -> bool {
        matches!(self.kind, Kind::Oauth2 { .. } | Kind::Custom { .. })
    }

    /// Puts the credentials on a request (the query key replaces one already in the URL,
    /// e.g. echoed in a next-page link). Returns the token used, if any.
    async fn apply(
        &self,
        url: &mut Url,
        headers: &mut HeaderMap,
    ) -> Result<Option<String>, String> {
        match &self.kind {
            Kind::None => Ok(None),
            Kind::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
                Ok(None)
            }
            Kind::Query { name, value } => {
                let kept: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(k, _)| k != name)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                url.query_pairs_mut()
                    .clear()
                    .extend_pairs(kept)
                    .append_pair(name, value);
                Ok(None)
            }
            Kind::Oauth2 { .. } | Kind::Custom { .. } => {
                let token = self.token().await?;
                let (name, value) = match &self.kind {
                    Kind::Custom { header, prefix, .. } => {
                        (header.clone(), format!("{prefix}{token}"))
                    }
                    _ => (
                        synccentral_net::reqwest::header::AUTHORIZATION,
                        format!("Bearer {token}"),
                    ),
                };
                let mut value = HeaderValue::try_from(value)
                    .map_err(|_| "the token holds characters a header cannot carry".to_string())?;
                value.set_sensitive(true);
                headers.insert(name, value);
                Ok(Some(token))
            }
        }
    }

    /// The cached token, or a new one.
    async fn token(&self) -> Result<String, String> {
        let mut cached = self.token.lock().await;
        if let Some(t) = cached.as_ref() {
            if t.stale_at.is_none_or(|at| Instant::now() < at) {
                return Ok(t.value.clone());
            }
        }
        let fresh = self.fetch_token().await?;
        let value = fresh.value.clone();
        *cached = Some(fresh);
        Ok(value)
    }

    /// Forgets `used` (a 401 answered it), unless another request already replaced it.
    async fn forget(&self, used: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|t| t.value == used) {
            *cached = None;
        }
    }

    async fn fetch_token(&self) -> Result<Token, String> {
        let (request, url, path) = match &self.kind {
            Kind::Oauth2 { token_url, form } => (
                self.egress
                    .request(Method::POST, token_url.clone())
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(serde_urlencoded::to_string(form).unwrap_or_default()),
                token_url,
                None,
            ),
            Kind::Custom {
                method,
                url,
                body,
                content_type,
                token_path,
                ..
            } => {
                let mut rb = self.egress.request(method.clone(), url.clone());
                if let Some(body) = body {
                    let ct = content_type.as_deref().unwrap_or("application/json");
                    rb = rb.header(CONTENT_TYPE, ct).body(body.clone());
                }
                (rb, url, Some(token_path))
            }
            _ => return Err("this authentication has no token".to_string()),
        };
        let shown = self.secrets.redact_url(url);
        let request = request
            .header(synccentral_net::reqwest::header::ACCEPT, "application/json")
            .build()
            .map_err(|e| format!("cannot build the token request to {shown}: {e}"))?;
        // A token request: safe to send again whatever its method.
        let response = self.egress.send_idempotent(request).await.map_err(|e| {
            self.secrets
                .redact(&format!("the token request failed: {e}"))
        })?;
        let status = response.status();
        if !status.is_success() {
            let body = read_head(response, 500).await;
            return Err(self.secrets.redact(&format!(
                "the token endpoint {shown} answered HTTP {}: {body}",
                status.as_u16()
            )));
        }
        let bytes = read_capped(response, 1024 * 1024)
            .await
            .map_err(|e| self.secrets.redact(&e.to_string()))?;
        let body: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("the token endpoint {shown} did not answer JSON: {e}"))?;
        let token = match path {
            None => body.get("access_token"),
            Some(p) => p
                .select(&body)
                .map_err(|e| format!("the token endpoint {shown}: {e}"))?,
        };
        let token = match token {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                let at = path.map(|p| p.as_str()).unwrap_or("access_token");
                return Err(format!(
                    "the token endpoint {shown} answered without a token at '{at}'; {}",
                    crate::path::describe(&body)
                ));
            }
        };
        self.secrets.add(&token);
        let stale_at = body
            .get("expires_in")
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
            .map(|secs| {
                // Renew a little before the server's deadline.
                let life = Duration::from_secs(secs);
                Instant::now() + life.saturating_sub((life / 10).min(Duration::from_secs(60)))
            });
        Ok(Token {
            value: token,
            stale_at,
        })
    }

    /// Credentials go only to `base`'s origin (the connection's base URL): a request to any
    /// other origin (an absolute path, a next-page link an answer gave) is sent without them.
    pub fn at_home(mut self, base: &Url) -> Authorizer {
        self.home = Some(base.origin());
        self
    }

    /// Sends `method url` with `headers` and `body`, authenticated when `url` is on the
    /// connection's own origin. A 401 on a token-based auth fetches a new token once and
    /// sends again.
    pub async fn send(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&bytes::Bytes>,
    ) -> Result<Response, SendFailure> {
        self.send_as(method, url, headers, body, false).await
    }

    /// [`Authorizer::send`] for a request that is safe to resend whatever its method (reading a
    /// page, also with POST): retried after a dropped connection like a GET.
    pub async fn send_idempotent(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&bytes::Bytes>,
    ) -> Result<Response, SendFailure> {
        self.send_as(method, url, headers, body, true).await
    }

    async fn send_as(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&bytes::Bytes>,
        idempotent: bool,
    ) -> Result<Response, SendFailure> {
        let mut retried = false;
        loop {
            let mut url = url.clone();
            let mut headers = headers.clone();
            let home = self.home.as_ref().is_none_or(|h| *h == url.origin());
            let used = if home {
                self.apply(&mut url, &mut headers)
                    .await
                    .map_err(SendFailure::Auth)?
            } else {
                None
            };
            let mut rb = self.egress.request(method.clone(), url).headers(headers);
            if let Some(body) = body {
                rb = rb.body(body.clone());
            }
            let request = rb
                .build()
                .map_err(|e| SendFailure::Auth(format!("cannot build the request: {e}")))?;
            let sent = if idempotent {
                self.egress.send_idempotent(request).await
            } else {
                self.egress.send(request).await
            };
            let response = sent.map_err(SendFailure::Net)?;
            if response.status() == StatusCode::UNAUTHORIZED && self.uses_tokens() && !retried {
                if let Some(used) = used {
                    drop(response);
                    self.forget(&used).await;
                    retried = true;
                    continue;
                }
            }
            return Ok(response);
        }
    }
}

/// Up to `limit` bytes of a body as text (cut at a character boundary, `…` when cut).
pub(crate) async fn read_head(mut response: Response, limit: usize) -> String {
    let mut buf = Vec::new();
    let mut cut = false;
    while let Ok(Some(chunk)) = response.chunk().await {
        buf.extend_from_slice(&chunk);
        if buf.len() > limit {
            cut = true;
            break;
        }
    }
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        cut = true;
    }
    if cut {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_scrubbed_from_text_and_urls() {
        let mut s = Secrets::default();
        s.add("s3cr3t+/=");
        s.query_names = Arc::new(vec!["api_key".to_string()]);
        let url = Url::parse("http://h/x?a=1&api_key=whatever&b=s3cr3t%2B%2F%3D").unwrap();
        let shown = s.redact_url(&url);
        assert!(
            !shown.contains("whatever") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert!(shown.contains("api_key=***"), "{shown}");
        assert_eq!(s.redact("token s3cr3t+/= here"), "token *** here");
    }
}
