//! Subrequests of `/composite` and `/composite/batch`: each becomes a request of its own (the
//! outer request's headers, the subrequest's method, URL and JSON body) and goes through the
//! same REST router as a top-level call — without being authenticated or counted again (the
//! composite is one API call). The answer is read back as JSON.

use crate::error::{Failure, SfError};
use crate::{App, Req, LATEST_VERSION, OLDEST_VERSION};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde_json::{Map, Value};
use std::sync::Mutex;

/// The largest subrequest answer read back (a query page of 2,000 wide records fits).
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// A subrequest's answer.
pub struct Answer {
    pub status: StatusCode,
    /// `Location` when the answer has one.
    pub headers: Map<String, Value>,
    /// The JSON body; `null` when empty (204).
    pub body: Value,
}

impl Answer {
    pub fn failed(&self) -> bool {
        self.status.as_u16() >= 400
    }

    /// An error answer with one error.
    pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: Map::new(),
            body: Failure::new(status, SfError::new(code, message)).body(),
        }
    }
}

/// The request is malformed as a whole: 400 with the error array.
pub fn invalid(message: impl Into<String>) -> Failure {
    Failure::bad_request(SfError::new("INVALID_INPUT", message))
}

/// `NN.0` from `vNN.0`, when served.
fn version(segment: &str) -> Option<String> {
    let n: u32 = segment
        .strip_prefix('v')?
        .strip_suffix(".0")?
        .parse()
        .ok()?;
    (OLDEST_VERSION..=LATEST_VERSION)
        .contains(&n)
        .then(|| format!("{n}.0"))
}

/// The method of a subrequest, as Salesforce spells them (upper case).
pub fn method(m: &str) -> Option<Method> {
    match m {
        "GET" => Some(Method::GET),
        "POST" => Some(Method::POST),
        "PATCH" => Some(Method::PATCH),
        "PUT" => Some(Method::PUT),
        "DELETE" => Some(Method::DELETE),
        _ => None,
    }
}

/// Where a subrequest goes: the API version (`59.0`), the path segments after
/// `/services/data/vNN.0/`, and the query parameters.
pub struct Target {
    pub version: String,
    pub rest: Vec<String>,
    pub query: Vec<(String, String)>,
}

/// A subrequest URL, checked: a served version, and a resource a composite may call (not the
/// composite resources themselves, nor Bulk API jobs).
pub fn target(url: &str) -> Result<Target, String> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let bad = || format!("The URL {url} is not a resource a composite request can call");
    let [services, data, v, rest @ ..] = segs.as_slice() else {
        return Err(bad());
    };
    if services != "services" || data != "data" || rest.is_empty() {
        return Err(bad());
    }
    let v = version(v).ok_or_else(bad)?;
    let first = rest[0].to_ascii_lowercase();
    let second = rest.get(1).map(|s| s.to_ascii_lowercase());
    if first == "jobs" || (first == "composite" && second.as_deref() != Some("sobjects")) {
        return Err(bad());
    }
    let query: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    Ok(Target {
        version: v,
        rest: rest.to_vec(),
        query,
    })
}

/// Headers a subrequest may not set.
const RESERVED: [&str; 3] = ["accept", "authorization", "content-type"];

/// Checks a subrequest's `httpHeaders` object.
pub fn headers(v: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let Some(m) = v.as_object() else {
        return Err("httpHeaders must be an object".into());
    };
    let mut out = Vec::new();
    for (k, v) in m {
        if RESERVED.contains(&k.to_ascii_lowercase().as_str()) {
            return Err(format!("The header {k} can't be set in a subrequest"));
        }
        let Some(v) = v.as_str() else {
            return Err(format!("The value of the header {k} must be a string"));
        };
        out.push((k.clone(), v.to_string()));
    }
    Ok(out)
}

/// Runs one subrequest through the REST router.
pub fn run(
    app: &App,
    outer: &Req,
    method: Method,
    url: &str,
    body: Option<&Value>,
    extra: &[(String, String)],
) -> Answer {
    let Target {
        version: v,
        rest,
        query,
    } = match target(url) {
        Ok(t) => t,
        Err(message) => return Answer::error(StatusCode::NOT_FOUND, "NOT_FOUND", message),
    };
    let mut headers = HeaderMap::new();
    for (name, value) in outer.headers.iter() {
        if name == header::AUTHORIZATION || name == header::ACCEPT {
            headers.insert(name.clone(), value.clone());
        }
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    for (k, v) in extra {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            headers.insert(k, v);
        }
    }
    let mut segs = vec!["services".to_string(), "data".into(), format!("v{v}")];
    segs.extend(rest.iter().cloned());
    let req = Req {
        base: outer.base.clone(),
        method,
        segs,
        query,
        headers,
        body: body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string())),
        spooled: Mutex::new(None),
    };
    let rest_segs: Vec<&str> = rest.iter().map(String::as_str).collect();
    let response = crate::rest::route(app, &req, &v, &rest_segs)
        .unwrap_or_else(|f| crate::failure_response(&f));
    let status = response.status();
    let mut out_headers = Map::new();
    if let Some(l) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
    {
        out_headers.insert("Location".into(), Value::String(l.to_string()));
    }
    let bytes = tokio::runtime::Handle::current()
        .block_on(axum::body::to_bytes(response.into_body(), MAX_ANSWER_BYTES))
        .unwrap_or_default();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        headers: out_headers,
        body,
    }
}
