//! The export sink: mapped records to an API ([`Sender::send`], one result per record) or to
//! a file ([`write_file`], atomically: a temporary file in the same directory, renamed over
//! the target only once complete).

use crate::auth::{read_head, Authorizer, SendFailure};
use crate::config::{Encoding, FileFormat, HttpMethod, SinkConfig};
use crate::encode;
use crate::request::join;
use crate::template::Template;
use crate::HttpApiError;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use synccentral_engine::path::SourcePath;
use synccentral_net::reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use synccentral_net::reqwest::Method;
use synccentral_net::Egress;
use url::Url;

/// How much of a response body a result keeps.
pub const RESULT_BODY_LIMIT: usize = 4096;

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordResult {
    /// The record's position in the slice given to [`Sender::send`].
    pub index: usize,
    /// The response status; `None` when no response came.
    pub status: Option<u16>,
    /// A 2xx status.
    pub success: bool,
    /// The response body, cut to [`RESULT_BODY_LIMIT`] bytes (`…` when cut).
    pub body: String,
    /// Why the record did not get a 2xx answer, when it did not.
    pub error: Option<String>,
}

/// Sends records to an API.
#[derive(Debug)]
pub struct Sender {
    auth: Authorizer,
    base: Url,
    path: Template,
    /// The record value behind each path variable.
    path_vars: Vec<(String, SourcePath)>,
    method: Method,
    headers: HeaderMap,
    encoding: Encoding,
}

impl Sender {
    /// Validates `config`, collecting every problem.
    pub fn new(config: &SinkConfig, egress: Egress) -> Result<Sender, HttpApiError> {
        let mut problems = Vec::new();
        let base = match Url::parse(config.base_url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Some(u),
            _ => {
                problems.push(format!(
                    "baseUrl '{}' is not an http(s) URL",
                    config.base_url
                ));
                None
            }
        };
        let path = Template::parse(&config.path)
            .map_err(|e| problems.push(format!("path: {e}")))
            .ok();
        let mut path_vars = Vec::new();
        if let Some(path) = &path {
            for v in path.vars() {
                match SourcePath::parse(v) {
                    Ok(p) => path_vars.push((v.to_string(), p)),
                    Err(e) => problems.push(format!("path: {{{{{v}}}}}: {e}")),
                }
            }
        }
        let method = match config.method {
            HttpMethod::Get => {
                problems.push("method: an export sends with POST, PUT or PATCH, not GET".into());
                Method::POST
            }
            m => m.to_reqwest(),
        };
        let mut headers = HeaderMap::new();
        for (k, v) in &config.headers {
            match (
                HeaderName::try_from(k.as_str()),
                HeaderValue::try_from(v.as_str()),
            ) {
                (Ok(k), Ok(v)) => {
                    headers.insert(k, v);
                }
                _ => problems.push(format!("headers: '{k}' is not a valid header")),
            }
        }
        let per_request = match &config.encoding {
            Encoding::Json { batch_size } => *batch_size,
            Encoding::Form => Some(1),
            Encoding::Csv { batch_size, csv } => {
                for (what, c) in [("delimiter", &csv.delimiter), ("quote", &csv.quote)] {
                    if !c.is_ascii() {
                        problems.push(format!("encoding.{what} '{c}' must be an ASCII character"));
                    }
                }
                Some(batch_size.unwrap_or(usize::MAX))
            }
        };
        if per_request == Some(0) {
            problems.push("encoding.batchSize must be at least 1".into());
        }
        if !path_vars.is_empty() && per_request.unwrap_or(1) > 1 {
            problems.push(format!(
                "path '{}' is filled from each record, so each request must carry one record (batchSize 1)",
                config.path
            ));
        }
        let auth = Authorizer::new(&config.auth, egress)
            .map_err(|p| problems.extend(p))
            .ok();
        match (base, path, auth) {
            (Some(base), Some(path), Some(auth)) if problems.is_empty() => Ok(Sender {
                auth: auth.at_home(&base),
                base,
                path,
                path_vars,
                method,
                headers,
                encoding: config.encoding.clone(),
            }),
            _ => Err(HttpApiError::Config { problems }),
        }
    }

    /// Sends `records` and returns one result per record, in order. A failed request marks
    /// its records failed and the rest still go.
    pub async fn send(&self, records: &[Value]) -> Vec<RecordResult> {
        let per_request = self.per_request(records.len());
        let mut results = Vec::with_capacity(records.len());
        for (n, chunk) in records.chunks(per_request).enumerate() {
            let first = n * per_request;
            let outcome = self.send_chunk(chunk).await;
            for i in 0..chunk.len() {
                let index = first + i;
                results.push(match &outcome {
                    Ok((status, body)) => {
                        let success = (200..300).contains(status);
                        RecordResult {
                            index,
                            status: Some(*status),
                            success,
                            body: body.clone(),
                            error: (!success).then(|| format!("the API answered HTTP {status}")),
                        }
                    }
                    Err(message) => RecordResult {
                        index,
                        status: None,
                        success: false,
                        body: String::new(),
                        error: Some(message.clone()),
                    },
                });
            }
        }
        results
    }

    /// Records per request: one (JSON without `batch`, form), the batch, or all (CSV).
    fn per_request(&self, records: usize) -> usize {
        match &self.encoding {
            Encoding::Json { batch_size } => batch_size.unwrap_or(1),
            Encoding::Form => 1,
            Encoding::Csv { batch_size, .. } => batch_size.unwrap_or(records.max(1)),
        }
    }

    /// The requests [`Sender::send`] would make for `records`, made and sent nowhere: for
    /// each, the method, URL (secrets as `***`), content type and body, or why the records
    /// could not become a request.
    pub fn preview(&self, records: &[Value]) -> Vec<Result<RequestPreview, String>> {
        records
            .chunks(self.per_request(records.len()))
            .map(|chunk| {
                let (url, content_type, body) = self.request_of(chunk)?;
                Ok(RequestPreview {
                    method: self.method.to_string(),
                    url: self.auth.secrets().redact_url(&url),
                    content_type: content_type.to_string(),
                    body: self.auth.secrets().redact(&body),
                    records: chunk.len(),
                })
            })
            .collect()
    }

    /// One request: the URL (path filled from the record when it has variables), the body.
    async fn send_chunk(&self, chunk: &[Value]) -> Result<(u16, String), String> {
        let secrets = self.auth.secrets();
        let (url, content_type, body) = self.request_of(chunk)?;
        let mut headers = self.headers.clone();
        if !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        let body = bytes::Bytes::from(body);
        let shown = secrets.redact_url(&url);
        match self
            .auth
            .send(&self.method, &url, &headers, Some(&body))
            .await
        {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = read_head(response, RESULT_BODY_LIMIT).await;
                Ok((status, secrets.redact(&text)))
            }
            Err(SendFailure::Net(e)) => Err(secrets.redact(&format!("{shown}: {e}"))),
            Err(SendFailure::Auth(m)) => Err(format!("{shown}: authentication failed: {m}")),
        }
    }

    /// The URL, content type and body of the request that carries `chunk`.
    fn request_of(&self, chunk: &[Value]) -> Result<(Url, &'static str, String), String> {
        let mut dot_segment = None;
        let path = self
            .path
            .render(|name| {
                let (_, p) = self.path_vars.iter().find(|(v, _)| v == name)?;
                let value = p.select(&chunk[0]).value()?;
                if value.is_null() {
                    return None;
                }
                let text = encode::flat_text(value);
                // `.` and `..` (encoded or not, URLs resolve both) would move the request up
                // the API's paths instead of naming a record.
                if text == "." || text == ".." {
                    dot_segment = Some((name.to_string(), text));
                    return None;
                }
                Some(percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string())
            })
            .map_err(|v| match &dot_segment {
                Some((name, text)) => format!(
                    "the record's value for {{{{{name}}}}} is \"{text}\", which a URL path cannot carry as a name (it would address another path)"
                ),
                None => format!("the record has no value for {{{{{v}}}}} in the URL path"),
            })?;
        let url = join(&self.base, &path)?;
        let (content_type, body) = match &self.encoding {
            Encoding::Json { batch_size: None } => ("application/json", chunk[0].to_string()),
            Encoding::Json { .. } => ("application/json", Value::Array(chunk.to_vec()).to_string()),
            Encoding::Form => (
                "application/x-www-form-urlencoded",
                encode::form(&chunk[0])?,
            ),
            Encoding::Csv { csv, .. } => {
                let bytes = encode::csv(chunk, csv)?;
                ("text/csv", String::from_utf8(bytes).unwrap_or_default())
            }
        };
        Ok((url, content_type, body))
    }
}

/// A request an export would send, made and sent nowhere.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestPreview {
    pub method: String,
    /// The URL, or the file, it goes to (secrets as `***`).
    pub url: String,
    pub content_type: String,
    pub body: String,
    /// Records it carries.
    #[ts(type = "number")]
    pub records: usize,
}

/// Characters escaped in a path segment filled from a record.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Writes `records` to `path` in `format`, atomically: a reader sees the old file or the
/// complete new one, never a part. Returns the bytes written.
pub fn write_file(
    path: &Path,
    format: &FileFormat,
    records: &[Value],
) -> Result<u64, HttpApiError> {
    let failed = |message: String| HttpApiError::File {
        path: path.display().to_string(),
        message,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".synccentral-export-")
        .tempfile_in(dir)
        .map_err(|e| {
            failed(format!(
                "cannot create a temporary file in {}: {e}",
                dir.display()
            ))
        })?;
    {
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        write_records(&mut out, format, records).map_err(failed)?;
        out.flush().map_err(|e| failed(e.to_string()))?;
    }
    temp.as_file()
        .sync_all()
        .map_err(|e| failed(e.to_string()))?;
    let len = temp
        .as_file()
        .metadata()
        .map(|m| m.len())
        .map_err(|e| failed(e.to_string()))?;
    temp.persist(path)
        .map_err(|e| failed(e.error.to_string()))?;
    Ok(len)
}

/// The file [`write_file`] would write for `records`, in memory.
pub fn file_bytes(format: &FileFormat, records: &[Value]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    write_records(&mut out, format, records)?;
    Ok(out)
}

/// `records` laid out as `format` says.
fn write_records(
    out: &mut impl Write,
    format: &FileFormat,
    records: &[Value],
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    match format {
        FileFormat::Json => {
            out.write_all(b"[").map_err(io)?;
            for (i, r) in records.iter().enumerate() {
                out.write_all(if i > 0 { b",\n" } else { b"\n" })
                    .map_err(io)?;
                serde_json::to_writer(&mut *out, r).map_err(|e| e.to_string())?;
            }
            out.write_all(b"\n]\n").map_err(io)?;
        }
        FileFormat::Ndjson => {
            for r in records {
                serde_json::to_writer(&mut *out, r).map_err(|e| e.to_string())?;
                out.write_all(b"\n").map_err(io)?;
            }
        }
        FileFormat::Csv(csv) => {
            out.write_all(&encode::csv(records, csv)?).map_err(io)?;
        }
    }
    Ok(())
}
