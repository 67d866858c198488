//! Egress: every request a sync sends to a Salesforce org or an HTTP API goes through an
//! [`Egress`]. It refuses URLs that are not on the remote-site allowlist ([`RemoteSites`],
//! also on redirects), retries transient failures with exponential backoff and jitter while
//! honouring `Retry-After` ([`RetryPolicy`]), and reads bodies under a size cap
//! ([`read_capped`]). Connectors build requests; this crate decides whether and how often
//! they go out.
//!
//! Resending a write can apply it twice, so retries depend on the method. GET, HEAD,
//! OPTIONS, PUT and DELETE are retried on every transient failure (429, 500, 502, 503, 504,
//! timeouts, dropped connections). POST and PATCH are retried only when the connection
//! could not be made, or on 429 and 503 (the server says it did not take the request): a
//! connection dropped or timed out after the request was written, or a 500/502/504, leaves
//! it unknown whether the write was applied, and the error or response goes back to the
//! caller. A caller that knows a request is safe to resend (an upsert by external ID, a
//! token request, a read sent as POST) uses [`Egress::send_idempotent`].

mod error;
mod retry;
mod sites;

pub use error::NetError;
pub use retry::{retry_after, RetryPolicy};
pub use sites::{Origin, RemoteSites};

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use reqwest::{Method, Request, Response, StatusCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

pub use reqwest;

/// The default cap on one response body (5 MB), the import's `maxPageBytes` default.
pub const DEFAULT_MAX_BODY: usize = 5 * 1024 * 1024;

/// How an [`Egress`] is built.
#[derive(Debug, Clone)]
pub struct EgressConfig {
    pub sites: RemoteSites,
    pub retry: RetryPolicy,
    /// Whole-request timeout (a timed-out request counts as transient and is retried).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Extra root certificates (PEM), e.g. a sandbox org's self-signed one.
    pub root_certs_pem: Vec<Vec<u8>>,
}

impl EgressConfig {
    /// The defaults around an allowlist: 120 s timeout, 10 s connect, [`RetryPolicy::default`].
    pub fn new(sites: RemoteSites) -> EgressConfig {
        EgressConfig {
            sites,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            root_certs_pem: Vec::new(),
        }
    }
}

/// Counters an [`Egress`] keeps, for run summaries and tests.
#[derive(Debug, Default)]
struct Counters {
    sent: AtomicU64,
    retried: AtomicU64,
}

/// The HTTP client of a run: allowlisted, retrying. Cheap to clone (shares one pool).
#[derive(Debug, Clone)]
pub struct Egress {
    client: reqwest::Client,
    sites: Arc<RemoteSites>,
    retry: RetryPolicy,
    counters: Arc<Counters>,
}

/// What [`Egress::send`] does with a response status.
fn transient_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Timeouts, refused or reset connections, and bodies cut short are worth another try of
/// an idempotent request.
fn transient_error(e: &reqwest::Error) -> bool {
    e.is_timeout() || e.is_connect() || e.is_request() || e.is_body()
}

/// Whether resending `method` cannot change the outcome: GET, HEAD, OPTIONS, PUT, DELETE
/// (RFC 9110). POST and PATCH are not, unless the caller says so ([`Egress::send_idempotent`]).
pub fn idempotent_method(method: &Method) -> bool {
    !matches!(*method, Method::POST | Method::PATCH)
}

/// Whether a failed attempt may be sent again. An idempotent request retries every
/// transient error. A POST or PATCH may have been applied when its connection dropped or
/// timed out after the request was written, so it retries only a failed connect (nothing
/// reached the server), and of the statuses only 429 and 503: the server answered that it
/// did not take the request. A 500, 502 or 504 to a write says nothing certain about
/// whether it was applied.
fn may_retry_error(e: &reqwest::Error, idempotent: bool) -> bool {
    if idempotent {
        transient_error(e)
    } else {
        e.is_connect()
    }
}

fn may_retry_status(status: StatusCode, idempotent: bool) -> bool {
    if idempotent {
        transient_status(status)
    } else {
        matches!(status.as_u16(), 429 | 503)
    }
}

impl Egress {
    /// Builds the client. Redirects are followed (up to 10) only to allowed origins.
    pub fn new(config: EgressConfig) -> Result<Egress, NetError> {
        // One process-wide TLS provider; installing it twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let sites = Arc::new(config.sites);
        let redirect_sites = sites.clone();
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= 10 {
                return attempt.error(NetError::TooManyRedirects);
            }
            match redirect_sites.check(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e),
            }
        });
        let mut builder = reqwest::Client::builder()
            .redirect(policy)
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("SyncCentral/", env!("CARGO_PKG_VERSION")));
        for pem in &config.root_certs_pem {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| NetError::Setup {
                message: format!("a root certificate is not valid PEM: {e}"),
            })?;
            builder = builder.add_root_certificate(cert);
        }
        let client = builder.build().map_err(|e| NetError::Setup {
            message: e.to_string(),
        })?;
        Ok(Egress {
            client,
            sites,
            retry: config.retry,
            counters: Arc::default(),
        })
    }

    /// The allowlist this client enforces.
    pub fn sites(&self) -> &RemoteSites {
        &self.sites
    }

    /// A request builder on the underlying client (send it with [`Egress::send`]).
    pub fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        self.client.request(method, url)
    }

    /// Sends a request: refused unless its origin is allowed; retried per the retry policy
    /// (waiting `Retry-After` when given). Idempotent methods (see [`idempotent_method`])
    /// are retried on 429/5xx, timeouts and dropped connections; POST and PATCH only when
    /// the connection could not be made, or on 429/503 — a write whose connection dropped
    /// after it was sent may have been applied, and sending it again could apply it twice.
    /// Returns the last response whatever its status once retries are spent, so callers
    /// read the server's own error body; errors only when no response came at all.
    pub async fn send(&self, request: Request) -> Result<Response, NetError> {
        self.send_with(request, |_| false).await
    }

    /// [`Egress::send`] for a request the caller knows is safe to resend whatever its method
    /// (an upsert by external ID, a query sent as POST, a token request): retried like a GET.
    pub async fn send_idempotent(&self, request: Request) -> Result<Response, NetError> {
        self.send_inner(request, |_| false, true).await
    }

    /// [`Egress::send`], also retrying responses for which `retry_also` says so (e.g. a
    /// Salesforce `UNABLE_TO_LOCK_ROW` body is read by the caller; this hook sees only the
    /// status, so callers with body-level retries loop themselves).
    pub async fn send_with(
        &self,
        request: Request,
        retry_also: impl Fn(StatusCode) -> bool,
    ) -> Result<Response, NetError> {
        let idempotent = idempotent_method(request.method());
        self.send_inner(request, retry_also, idempotent).await
    }

    async fn send_inner(
        &self,
        request: Request,
        retry_also: impl Fn(StatusCode) -> bool,
        idempotent: bool,
    ) -> Result<Response, NetError> {
        self.sites.check(request.url())?;
        let url = request.url().to_string();
        let mut attempt: u32 = 0;
        loop {
            let this = request.try_clone().ok_or_else(|| NetError::Setup {
                message: format!("the request to {url} has a streaming body and cannot be retried"),
            })?;
            self.counters.sent.fetch_add(1, Ordering::Relaxed);
            let outcome = self.client.execute(this).await;
            let last = attempt + 1 >= self.retry.max_attempts;
            match outcome {
                Ok(resp) => {
                    let status = resp.status();
                    if last || !(may_retry_status(status, idempotent) || retry_also(status)) {
                        return Ok(resp);
                    }
                    let wait = self.retry.delay(attempt, retry_after(resp.headers()));
                    drop(resp);
                    self.counters.retried.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
                Err(e) => {
                    if let Some(refused) = redirect_refusal(&e) {
                        return Err(refused);
                    }
                    if last || !may_retry_error(&e, idempotent) {
                        return Err(NetError::Transport {
                            url,
                            attempts: attempt + 1,
                            message: error_chain(&e),
                        });
                    }
                    self.counters.retried.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(self.retry.delay(attempt, None)).await;
                }
            }
            attempt += 1;
        }
    }

    /// Requests sent so far, retries included.
    pub fn sent(&self) -> u64 {
        self.counters.sent.load(Ordering::Relaxed)
    }

    /// Retries so far.
    pub fn retried(&self) -> u64 {
        self.counters.retried.load(Ordering::Relaxed)
    }
}

/// A redirect our policy refused surfaces as a reqwest error wrapping our [`NetError`].
fn redirect_refusal(e: &reqwest::Error) -> Option<NetError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(ne) = s.downcast_ref::<NetError>() {
            return Some(ne.clone());
        }
        source = s.source();
    }
    None
}

/// The error and its causes on one line ("error sending request: connection reset").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Reads a response body, failing with [`NetError::TooLarge`] as soon as it passes `cap`
/// bytes (a declared `Content-Length` over the cap fails before reading anything).
pub async fn read_capped(response: Response, cap: usize) -> Result<Bytes, NetError> {
    let url = response.url().to_string();
    if let Some(len) = response.content_length() {
        if len as usize > cap {
            return Err(NetError::TooLarge { url, cap });
        }
    }
    let mut body = BytesMut::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| NetError::Transport {
            url: url.clone(),
            attempts: 1,
            message: error_chain(&e),
        })?;
        if body.len() + chunk.len() > cap {
            return Err(NetError::TooLarge { url, cap });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
