//! `POST /composite/batch`: up to 25 independent subrequests (`{method, url, richInput}`, the
//! URL relative to `/services/data/`, e.g. `v59.0/sobjects/Account/001…`), each run and
//! committed on its own, in order. With `haltOnError`, after the first subrequest answering
//! 400 or more the rest answer 412 `BATCH_PROCESSING_HALTED`. Always 200 with
//! `{hasErrors, results: [{statusCode, result}]}`; a malformed subrequest (method, URL) refuses
//! the whole request with 400 before any runs.

use super::sub::{self, Answer};
use crate::error::{Failure, SfError};
use crate::{json_response, App, Req};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

const MAX_SUBREQUESTS: usize = 25;

/// `POST /composite/batch`.
pub fn handle(app: &App, req: &Req) -> Result<Response, Failure> {
    if req.method != Method::POST {
        return Err(Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            SfError::new(
                "METHOD_NOT_ALLOWED",
                format!("HTTP Method '{}' not allowed. Allowed are POST", req.method),
            ),
        ));
    }
    let body = req.json()?;
    let Some(list) = body.get("batchRequests").and_then(Value::as_array) else {
        return Err(sub::invalid(
            "The request body must be an object with a 'batchRequests' array",
        ));
    };
    if list.is_empty() || list.len() > MAX_SUBREQUESTS {
        return Err(sub::invalid(format!(
            "A batch request takes 1 to {MAX_SUBREQUESTS} subrequests, not {}",
            list.len()
        )));
    }
    let halt_on_error = match body.get("haltOnError") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let mut subs = Vec::new();
    for item in list {
        let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default();
        let Some(method) = sub::method(&text("method").to_ascii_uppercase()) else {
            return Err(sub::invalid(format!(
                "Invalid method for a subrequest: '{}'",
                text("method")
            )));
        };
        let relative = text("url").trim_start_matches('/');
        let url = if relative.starts_with("services/") {
            format!("/{relative}")
        } else {
            format!("/services/data/{relative}")
        };
        sub::target(&url).map_err(sub::invalid)?;
        subs.push((method, url, item.get("richInput").cloned()));
    }
    let mut halted = false;
    let mut has_errors = false;
    let mut results = Vec::new();
    for (method, url, input) in subs {
        let answer = if halted {
            Answer::error(
                StatusCode::PRECONDITION_FAILED,
                "BATCH_PROCESSING_HALTED",
                "Batch processing halted per request",
            )
        } else {
            sub::run(app, req, method, &url, input.as_ref(), &[])
        };
        if answer.failed() {
            has_errors = true;
            halted = halted || halt_on_error;
        }
        results.push(json!({"statusCode": answer.status.as_u16(), "result": answer.body}));
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({"hasErrors": has_errors, "results": results}),
    ))
}
