//! The import source: reads an API page by page ([`Fetcher::next_page`], or
//! [`Fetcher::into_stream`]), one page in memory at a time. Requests are built from the
//! config's templates, every one goes through [`Egress`] (allowlist, retries, size cap),
//! and a bad page stops the walk with an error naming its URL and number; pages handed out
//! before it stay handed out, and calling [`Fetcher::next_page`] again retries that page.

use crate::auth::{read_head, Authorizer, SendFailure};
use crate::config::{HttpMethod, Paging, SourceConfig};
use crate::path::{RecordsPath, ValuePath};
use crate::request::{join, link_next, parse_base, put_in_body, render_json_body, strip_position};
use crate::template::Template;
use crate::HttpApiError;
use futures_util::Stream;
use serde_json::Value;
use synccentral_model::CursorTo;
use synccentral_net::reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use synccentral_net::reqwest::Method;
use synccentral_net::{read_capped, Egress, NetError};
use url::Url;

/// The window of an incremental import: `{{since}}` and `{{until}}`, written as the
/// option's cursor is (`2024-05-01T10:00:00Z`, `1714557600`, …); a template whose variable
/// has no value leaves its parameter out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<String>,
    pub until: Option<String>,
}

/// One page of records.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1 for the first request.
    pub number: u32,
    /// The URL it came from, with secrets shown as `***`.
    pub url: String,
    pub records: Vec<Value>,
}

/// One answer as it came: what a person setting up a source looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The URL called, with secrets shown as `***`.
    pub url: String,
    pub status: u16,
    /// The response headers (secrets and cookies as `***`, values cut at 500 characters).
    pub headers: Vec<(String, String)>,
    /// The `Link` header's `rel="next"` target.
    pub link_next: Option<String>,
    pub body: Value,
}

/// Headers whose values are never shown.
const SECRET_HEADERS: [&str; 4] = [
    "set-cookie",
    "authorization",
    "proxy-authorization",
    "cookie",
];

/// The variables import templates may use.
const VARIABLES: [&str; 3] = ["since", "until", "page"];

#[derive(Debug)]
enum Walk {
    None,
    NextUrl(ValuePath),
    Cursor {
        path: ValuePath,
        param: String,
        to: CursorTo,
    },
    AfterLast {
        param: String,
        id: ValuePath,
        has_more: ValuePath,
    },
    Link,
    Offset {
        param: String,
        size: u64,
        limit_param: Option<String>,
        total: Option<ValuePath>,
    },
    Page {
        param: String,
        size: Option<u64>,
        size_param: Option<String>,
        start: u64,
        pages: Option<ValuePath>,
    },
}

/// Where the next request goes.
#[derive(Debug, Clone, PartialEq)]
enum Next {
    /// The configured URL, with this paging parameter (none for the first page of
    /// nextUrl/link/cursor).
    Configured(Option<(String, String)>),
    Url(Url),
    Done,
}

/// Walks an API's pages.
#[derive(Debug)]
pub struct Fetcher {
    auth: Authorizer,
    base: Url,
    path: Template,
    method: Method,
    params: Vec<(String, Template)>,
    headers: Vec<(HeaderName, Template)>,
    body: Option<Template>,
    /// The body as JSON, when it is: its variables are written value by value.
    body_json: Option<Value>,
    records: RecordsPath,
    walk: Walk,
    max_pages: u32,
    cap: usize,
    window: Window,
    number: u32,
    next: Next,
}

impl Fetcher {
    /// Validates `config` (collecting every problem) and prepares the walk over `window`.
    pub fn new(
        config: &SourceConfig,
        window: Window,
        egress: Egress,
    ) -> Result<Fetcher, HttpApiError> {
        let mut problems = Vec::new();
        let base = parse_base(&config.base_url, &mut problems);
        let template = |field: &str, text: &str, problems: &mut Vec<String>| match Template::parse(
            text,
        ) {
            Ok(t) => {
                for v in t.vars() {
                    if !VARIABLES.contains(&v) {
                        problems.push(format!(
                            "{field}: unknown variable {{{{{v}}}}} (use {{{{since}}}}, {{{{until}}}} or {{{{page}}}})"
                        ));
                    }
                }
                Some(t)
            }
            Err(e) => {
                problems.push(format!("{field}: {e}"));
                None
            }
        };
        let path = template("path", &config.path, &mut problems);
        let params: Vec<(String, Template)> = config
            .params
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.clone(),
                    template(&format!("params.{k}"), v, &mut problems)?,
                ))
            })
            .collect();
        let mut headers = Vec::new();
        for (k, v) in &config.headers {
            let t = template(&format!("headers.{k}"), v, &mut problems);
            match HeaderName::try_from(k.as_str()) {
                Ok(name) => headers.extend(t.map(|t| (name, t))),
                Err(_) => problems.push(format!("headers: '{k}' is not a valid header name")),
            }
        }
        let body = config
            .body
            .as_ref()
            .and_then(|b| template("body", b, &mut problems));
        let body_json = config
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok());
        let method = match config.method {
            HttpMethod::Get => {
                if config.body.is_some() {
                    problems.push("body: a request body needs method POST".to_string());
                }
                Method::GET
            }
            HttpMethod::Post => Method::POST,
            other => {
                problems.push(format!(
                    "method: an import reads with GET or POST, not {other:?}"
                ));
                Method::GET
            }
        };
        let records = RecordsPath::parse(&config.records_path)
            .map_err(|e| problems.push(format!("recordsPath: {e}")))
            .ok();
        let value_path = |field: &str, text: &str, problems: &mut Vec<String>| {
            ValuePath::parse(text)
                .map_err(|e| problems.push(format!("paging.{field}: {e}")))
                .ok()
        };
        let walk = match &config.paging {
            Paging::None => Some(Walk::None),
            Paging::NextUrl { path } => value_path("path", path, &mut problems).map(Walk::NextUrl),
            Paging::Cursor { path, param, to } => {
                if param.trim().is_empty() {
                    problems.push("paging.param (where the cursor is sent back) is empty".into());
                }
                if *to == CursorTo::Body && config.method != HttpMethod::Post {
                    problems.push(
                        "paging.to: a cursor sent in the request body needs method POST".into(),
                    );
                }
                value_path("path", path, &mut problems).map(|path| Walk::Cursor {
                    path,
                    param: param.clone(),
                    to: *to,
                })
            }
            Paging::AfterLast {
                param,
                id_path,
                has_more,
            } => {
                if param.trim().is_empty() {
                    problems.push("paging.param (the last id's query parameter) is empty".into());
                }
                let id = value_path("idPath", id_path, &mut problems);
                let has_more = value_path("hasMore", has_more, &mut problems);
                id.zip(has_more).map(|(id, has_more)| Walk::AfterLast {
                    param: param.clone(),
                    id,
                    has_more,
                })
            }
            Paging::Link => Some(Walk::Link),
            Paging::Offset {
                param,
                page_size,
                limit_param,
                total_path,
            } => {
                if *page_size == 0 {
                    problems.push("paging.pageSize must be at least 1".into());
                }
                let total = match total_path {
                    Some(p) => value_path("totalPath", p, &mut problems).map(Some),
                    None => Some(None),
                };
                total.map(|total| Walk::Offset {
                    param: param.clone(),
                    size: *page_size,
                    limit_param: limit_param.clone(),
                    total,
                })
            }
            Paging::Page {
                param,
                page_size,
                size_param,
                start,
                pages_path,
            } => {
                if *page_size == Some(0) {
                    problems.push("paging.pageSize must be at least 1".into());
                }
                if size_param.is_some() && page_size.is_none() {
                    problems.push("paging.sizeParam needs paging.pageSize".into());
                }
                let pages = match pages_path {
                    Some(p) => value_path("pagesPath", p, &mut problems).map(Some),
                    None => Some(None),
                };
                pages.map(|pages| Walk::Page {
                    param: param.clone(),
                    size: *page_size,
                    size_param: size_param.clone(),
                    start: *start,
                    pages,
                })
            }
        };
        if config.max_pages == 0 {
            problems.push("maxPages must be at least 1".into());
        }
        if config.max_page_bytes == 0 {
            problems.push("maxPageBytes must be at least 1".into());
        }
        let auth = Authorizer::new(&config.auth, egress)
            .map_err(|p| problems.extend(p))
            .ok();
        match (base, path, records, walk, auth) {
            (Some(base), Some(path), Some(records), Some(walk), Some(auth))
                if problems.is_empty() =>
            {
                let next = Next::Configured(first_param(&walk));
                Ok(Fetcher {
                    auth: auth.at_home(&base),
                    base,
                    path,
                    method,
                    params,
                    headers,
                    body,
                    body_json,
                    records,
                    walk,
                    max_pages: config.max_pages,
                    cap: config.max_page_bytes,
                    window,
                    number: 1,
                    next,
                })
            }
            _ => Err(HttpApiError::Config { problems }),
        }
    }

    /// The next page, `Ok(None)` after the last. After `maxPages` pages with more to read
    /// it fails with [`HttpApiError::MaxPages`]. After an error, calling again retries the
    /// same page.
    pub async fn next_page(&mut self) -> Result<Option<Page>, HttpApiError> {
        let url = match &self.next {
            Next::Done => return Ok(None),
            Next::Url(u) => u.clone(),
            Next::Configured(param) => self.configured_url(param.as_ref())?,
        };
        let number = self.number;
        let shown = self.auth.secrets().redact_url(&url);
        if number > self.max_pages {
            return Err(HttpApiError::MaxPages {
                max: self.max_pages,
                next: shown,
            });
        }
        let answer = self.fetch(&url, number, &shown).await?;
        let next = self.follow(
            &answer.body,
            &url,
            answer.link_next.as_deref(),
            number,
            &shown,
        )?;
        let records =
            self.records
                .take(answer.body)
                .map_err(|found| HttpApiError::RecordsNotFound {
                    page: number,
                    url: shown.clone(),
                    path: self.records.as_str().to_string(),
                    found,
                })?;
        let next = match next {
            Follow::Next(n) => n,
            Follow::ByCount { total } => self.count_next(records.len(), total),
            Follow::AfterLast { more } => {
                self.after_last(&records, more)
                    .map_err(|message| HttpApiError::Paging {
                        page: number,
                        url: shown.clone(),
                        message,
                    })?
            }
        };
        self.next = next;
        self.number += 1;
        Ok(Some(Page {
            number,
            url: shown,
            records,
        }))
    }

    /// The first request's answer as it came (status, headers, body), without walking on:
    /// what a person setting up the source reads the records and paging from.
    pub async fn first_answer(&self) -> Result<Answer, HttpApiError> {
        let url = self.configured_url(first_param(&self.walk).as_ref())?;
        let shown = self.auth.secrets().redact_url(&url);
        self.fetch(&url, 1, &shown).await
    }

    /// One request, its answer read as JSON (bounded, HTML and bad JSON refused).
    async fn fetch(&self, url: &Url, number: u32, shown: &str) -> Result<Answer, HttpApiError> {
        let shown = shown.to_string();
        let (headers, body) = self.headers_and_body()?;
        let response = self
            .auth
            // Reading a page changes nothing: resent after a drop even when it is a POST.
            .send_idempotent(&self.method, url, &headers, body.as_ref())
            .await
            .map_err(|f| self.failure(number, &shown, f))?;
        let status = response.status();
        if !status.is_success() {
            let head = read_head(response, 500).await;
            return Err(HttpApiError::Status {
                page: number,
                url: shown,
                status: status.as_u16(),
                body: self.auth.secrets().redact(&head),
            });
        }
        let shown_headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let text = if SECRET_HEADERS.contains(&name.as_str()) {
                    "***".to_string()
                } else {
                    let v = String::from_utf8_lossy(value.as_bytes());
                    self.auth
                        .secrets()
                        .redact(&v.chars().take(500).collect::<String>())
                };
                (name.as_str().to_string(), text)
            })
            .collect();
        let is_html = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().contains("text/html"));
        let links = link_next(&response);
        let bytes = read_capped(response, self.cap).await.map_err(|e| match e {
            NetError::TooLarge { cap, .. } => HttpApiError::PageTooLarge {
                page: number,
                url: shown.clone(),
                cap,
            },
            other => self.failure(number, &shown, SendFailure::Net(other)),
        })?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let starts_with_tag = text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if is_html || starts_with_tag {
            return Err(HttpApiError::Html {
                page: number,
                url: shown,
                status: status.as_u16(),
            });
        }
        let body: Value = serde_json::from_slice(text).map_err(|e| HttpApiError::InvalidJson {
            page: number,
            url: shown.clone(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        drop(bytes);
        Ok(Answer {
            url: shown,
            status: status.as_u16(),
            headers: shown_headers,
            link_next: links,
            body,
        })
    }

    /// The pages as a stream, ending after the last page or the first error.
    pub fn into_stream(self) -> impl Stream<Item = Result<Page, HttpApiError>> {
        futures_util::stream::unfold(Some(self), |state| async move {
            let mut fetcher = state?;
            match fetcher.next_page().await {
                Ok(Some(page)) => Some((Ok(page), Some(fetcher))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// The value of a template variable for the current page.
    fn variable(&self, name: &str) -> Option<String> {
        match name {
            "since" => self.window.since.clone(),
            "until" => self.window.until.clone(),
            "page" => Some(self.number.to_string()),
            _ => None,
        }
    }

    fn configured_url(&self, paging: Option<&(String, String)>) -> Result<Url, HttpApiError> {
        let path = self
            .path
            .render(|v| Some(self.variable(v).unwrap_or_default()))
            .unwrap_or_default();
        let mut url = join(&self.base, &path).map_err(|message| HttpApiError::Config {
            problems: vec![message],
        })?;
        {
            let mut query = url.query_pairs_mut();
            for (name, template) in &self.params {
                // A parameter whose variable has no value (no `since` on a full import) is left out.
                if let Ok(value) = template.render(|v| self.variable(v)) {
                    if paging.is_none_or(|(p, _)| p != name) {
                        query.append_pair(name, &value);
                    }
                }
            }
            if let Some((name, value)) = paging.filter(|_| !self.cursor_in_body()) {
                query.append_pair(name, value);
            }
            if let Walk::Offset {
                limit_param: Some(limit),
                size,
                ..
            } = &self.walk
            {
                query.append_pair(limit, &size.to_string());
            }
            if let Walk::Page {
                size_param: Some(param),
                size: Some(size),
                ..
            } = &self.walk
            {
                query.append_pair(param, &size.to_string());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        Ok(url)
    }

    fn headers_and_body(&self) -> Result<(HeaderMap, Option<bytes::Bytes>), HttpApiError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            synccentral_net::reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        for (name, template) in &self.headers {
            if let Ok(value) = template.render(|v| self.variable(v)) {
                let value = HeaderValue::try_from(value).map_err(|_| HttpApiError::Config {
                    problems: vec![format!("headers.{name}: not a valid header value")],
                })?;
                headers.insert(name.clone(), value);
            }
        }
        let mut body = match &self.body_json {
            Some(json) => Some(render_json_body(json, |v| self.variable(v))),
            None => self.body.as_ref().map(|t| {
                t.render(|v| Some(self.variable(v).unwrap_or_default()))
                    .unwrap_or_default()
            }),
        };
        if self.cursor_in_body() {
            if let Next::Configured(Some((param, token))) = &self.next {
                body = Some(
                    put_in_body(body.as_deref(), param, token).map_err(|message| {
                        HttpApiError::Config {
                            problems: vec![message],
                        }
                    })?,
                );
            }
        }
        let body = body.map(bytes::Bytes::from);
        if body.is_some() && !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Ok((headers, body))
    }

    fn failure(&self, page: u32, shown: &str, failure: SendFailure) -> HttpApiError {
        match failure {
            SendFailure::Net(e) => HttpApiError::Net {
                page,
                url: shown.to_string(),
                code: e.code(),
                message: self.auth.secrets().redact(&e.to_string()),
            },
            SendFailure::Auth(message) => HttpApiError::Auth {
                message: format!("page {page} ({shown}): {message}"),
            },
        }
    }

    /// Where the walk goes after a page, from the page's body or headers.
    fn follow(
        &self,
        body: &Value,
        url: &Url,
        link: Option<&str>,
        page: u32,
        shown: &str,
    ) -> Result<Follow, HttpApiError> {
        let paging_error = |message: String| HttpApiError::Paging {
            page,
            url: shown.to_string(),
            message,
        };
        let resolve = |against: &Url, next: &str| {
            against
                .join(next)
                .map_err(|e| paging_error(format!("the next URL '{next}' is not a URL: {e}")))
        };
        let same = |next: &Url| {
            if next == url {
                Err(paging_error(
                    "the next page's URL is this page's URL; stopping so the import does not loop"
                        .into(),
                ))
            } else {
                Ok(())
            }
        };
        match &self.walk {
            Walk::None => Ok(Follow::Next(Next::Done)),
            Walk::NextUrl(path) => match path.select(body).map_err(paging_error)? {
                None | Some(Value::Null) => Ok(Follow::Next(Next::Done)),
                Some(Value::String(s)) if s.trim().is_empty() => Ok(Follow::Next(Next::Done)),
                Some(Value::String(s)) => {
                    let next = resolve(&self.base, s.trim())?;
                    same(&next)?;
                    Ok(Follow::Next(Next::Url(next)))
                }
                Some(other) => Err(paging_error(format!(
                    "the next URL at '{}' is not a string but {other}",
                    path.as_str()
                ))),
            },
            Walk::Cursor { path, param, .. } => {
                let token = match path.select(body).map_err(paging_error)? {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) if s.is_empty() => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    Some(other) => {
                        return Err(paging_error(format!(
                            "the cursor at '{}' is not a string but {other}",
                            path.as_str()
                        )))
                    }
                };
                match token {
                    None => Ok(Follow::Next(Next::Done)),
                    Some(token) => {
                        if let Next::Configured(Some((_, sent))) = &self.next {
                            if *sent == token {
                                return Err(paging_error(format!(
                                    "the API returned the cursor it was sent ('{token}'); stopping so the import does not loop"
                                )));
                            }
                        }
                        Ok(Follow::Next(Next::Configured(Some((param.clone(), token)))))
                    }
                }
            }
            Walk::Link => match link {
                None => Ok(Follow::Next(Next::Done)),
                Some(next) => {
                    let next = resolve(url, next)?;
                    same(&next)?;
                    Ok(Follow::Next(Next::Url(next)))
                }
            },
            Walk::AfterLast { has_more, .. } => Ok(Follow::AfterLast {
                more: matches!(
                    has_more.select(body).map_err(paging_error)?,
                    Some(Value::Bool(true))
                ),
            }),
            Walk::Offset { total: None, .. } | Walk::Page { pages: None, .. } => {
                Ok(Follow::ByCount { total: None })
            }
            Walk::Offset {
                total: Some(at), ..
            }
            | Walk::Page {
                pages: Some(at), ..
            } => {
                let total = match at.select(body).map_err(paging_error)? {
                    Some(Value::Number(n)) => n.as_u64(),
                    Some(Value::String(s)) => s.trim().parse().ok(),
                    _ => None,
                };
                match total {
                    Some(total) => Ok(Follow::ByCount { total: Some(total) }),
                    None => Err(paging_error(format!(
                        "no count at '{}' (a whole number was expected)",
                        at.as_str()
                    ))),
                }
            }
        }
    }

    /// The cursor goes in the request body rather than the query.
    fn cursor_in_body(&self) -> bool {
        matches!(
            self.walk,
            Walk::Cursor {
                to: CursorTo::Body,
                ..
            }
        )
    }

    /// An after-last walk: the last record's id, while the response says there is more.
    fn after_last(&self, records: &[Value], more: bool) -> Result<Next, String> {
        let Walk::AfterLast { param, id, .. } = &self.walk else {
            return Ok(Next::Done);
        };
        let Some(last) = records.last().filter(|_| more) else {
            return Ok(Next::Done);
        };
        let token = match id.select(last)? {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(format!(
                    "the response says there is more, but the last record has no id at '{}'",
                    id.as_str()
                ))
            }
        };
        if let Next::Configured(Some((_, sent))) = &self.next {
            if *sent == token {
                return Err(format!(
                    "the last record is the one sent ('{token}'); stopping so the import does not loop"
                ));
            }
        }
        Ok(Next::Configured(Some((param.clone(), token))))
    }

    /// Offset and page walks: a short (or empty) page is the last, and so is the page that
    /// reaches the response's total (records for offsets, pages for page numbers).
    fn count_next(&self, got: usize, total: Option<u64>) -> Next {
        let current = match &self.next {
            Next::Configured(Some((_, v))) => v.parse::<u64>().unwrap_or(0),
            _ => 0,
        };
        match &self.walk {
            Walk::Offset { param, size, .. } => {
                let next = current.saturating_add(*size);
                if got == 0 || (got as u64) < *size || total.is_some_and(|t| next >= t) {
                    Next::Done
                } else {
                    Next::Configured(Some((param.clone(), next.to_string())))
                }
            }
            Walk::Page {
                param, size, start, ..
            } => {
                // Pages counted from `start`: the last is start + total - 1.
                let last = total.map(|t| start.saturating_add(t).saturating_sub(1));
                if got == 0
                    || size.is_some_and(|s| (got as u64) < s)
                    || last.is_some_and(|l| current >= l)
                {
                    Next::Done
                } else {
                    Next::Configured(Some((param.clone(), (current + 1).to_string())))
                }
            }
            _ => Next::Done,
        }
    }
}

enum Follow {
    Next(Next),
    /// Decided by how many records the page held (and the total, when the walk reads one).
    ByCount {
        total: Option<u64>,
    },
    /// Decided by the records: the last one's id, if the response says there is more.
    AfterLast {
        more: bool,
    },
}

/// The paging parameter of the first request.
fn first_param(walk: &Walk) -> Option<(String, String)> {
    match walk {
        Walk::Offset { param, .. } => Some((param.clone(), "0".to_string())),
        Walk::Page { param, start, .. } => Some((param.clone(), start.to_string())),
        _ => None,
    }
}
