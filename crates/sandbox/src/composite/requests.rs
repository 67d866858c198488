//! `POST /composite`: up to 25 subrequests run in order (`collateSubrequests` is accepted;
//! nothing is reordered), each a REST call of its own with `@{referenceId.path}` references
//! into earlier answers (`@{NewAccount.id}`, `@{Query.records[0].Id}`) replaced in its URL and
//! body. With `allOrNone`, the first failure stops the request and rolls back every change
//! made by the earlier subrequests (see [`super::undo`]); every other subrequest answers 400
//! `PROCESSING_HALTED`. Without it, a subrequest that references a failed or missing answer
//! answers `PROCESSING_HALTED` and the others run.

use super::sub::{self, Answer};
use super::undo::Journal;
use super::valid_reference;
use crate::error::Failure;
use crate::{json_response, App, Req};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Subrequests per request, and of them queries and sObject Collections.
const MAX_SUBREQUESTS: usize = 25;
const MAX_QUERIES_AND_COLLECTIONS: usize = 5;
/// Bytes a URL or body may grow to once references are replaced.
const MAX_RESOLVED_BYTES: usize = 6 * 1024 * 1024;

const ROLLED_BACK: &str =
    "The transaction was rolled back since another operation in the same transaction failed.";

/// One checked subrequest.
struct Sub {
    method: Method,
    url: String,
    reference: String,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

fn flag(body: &Value, key: &str, default: bool) -> bool {
    match body.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => default,
    }
}

fn parse(body: &Value) -> Result<Vec<Sub>, Failure> {
    let Some(list) = body.get("compositeRequest").and_then(Value::as_array) else {
        return Err(sub::invalid(
            "The request body must be an object with a 'compositeRequest' array",
        ));
    };
    if list.is_empty() || list.len() > MAX_SUBREQUESTS {
        return Err(sub::invalid(format!(
            "A composite request takes 1 to {MAX_SUBREQUESTS} subrequests, not {}",
            list.len()
        )));
    }
    let mut out: Vec<Sub> = Vec::new();
    let mut heavy = 0;
    for item in list {
        let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default();
        let Some(method) = sub::method(text("method")) else {
            return Err(sub::invalid(format!(
                "Invalid method for a subrequest: '{}'",
                text("method")
            )));
        };
        let url = text("url").to_string();
        let target = sub::target(&url).map_err(sub::invalid)?;
        let first = target.rest[0].to_ascii_lowercase();
        if matches!(first.as_str(), "query" | "queryall" | "composite") {
            heavy += 1;
        }
        let reference = text("referenceId").to_string();
        if !valid_reference(&reference) {
            return Err(sub::invalid(format!(
                "Provided referenceId ('{reference}') must start with a letter or a number, and \
                 it can contain only letters, numbers and underscores ('_')."
            )));
        }
        if out.iter().any(|s| s.reference == reference) {
            return Err(sub::invalid(format!(
                "Duplicate referenceId provided in the request: {reference}"
            )));
        }
        let headers = sub::headers(item.get("httpHeaders")).map_err(sub::invalid)?;
        out.push(Sub {
            method,
            url,
            reference,
            body: item.get("body").cloned(),
            headers,
        });
    }
    if heavy > MAX_QUERIES_AND_COLLECTIONS {
        return Err(sub::invalid(format!(
            "A composite request can have at most {MAX_QUERIES_AND_COLLECTIONS} query or \
             sObject Collections subrequests"
        )));
    }
    Ok(out)
}

/// The value at `Ref.path` among the earlier answers: `.` enters an object, `[n]` an array.
fn lookup<'a>(answers: &'a HashMap<String, Value>, expr: &str) -> Option<&'a Value> {
    let (reference, path) = match expr.split_once('.') {
        Some((r, p)) => (r, Some(p)),
        None => (expr, None),
    };
    let (reference, first_index) = match reference.split_once('[') {
        Some((r, i)) => (r, Some(format!("[{i}"))),
        None => (reference, None),
    };
    let mut v = answers.get(reference)?;
    let mut steps: Vec<String> = first_index.into_iter().collect();
    if let Some(p) = path {
        steps.extend(p.split('.').map(str::to_string));
    }
    for step in steps {
        let (key, indexes) = match step.find('[') {
            Some(i) => (&step[..i], &step[i..]),
            None => (step.as_str(), ""),
        };
        if !key.is_empty() {
            v = v.get(key)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.strip_suffix(']')?.parse().ok()?;
            v = v.get(n)?;
        }
    }
    Some(v)
}

/// `text` with every `@{…}` replaced; `Err(expression)` for one that has no value.
fn resolve_text(text: &str, answers: &HashMap<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let expr = &after[..end];
        let value = lookup(answers, expr).ok_or_else(|| expr.to_string())?;
        match value {
            Value::String(s) => out.push_str(s),
            other => out.push_str(&other.to_string()),
        }
        if out.len() > MAX_RESOLVED_BYTES {
            return Err(expr.to_string());
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn resolve_json(v: &Value, answers: &HashMap<String, Value>) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::String(resolve_text(s, answers)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| resolve_json(i, answers))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(k.clone(), resolve_json(v, answers)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

fn halted(message: impl Into<String>) -> Answer {
    Answer::error(StatusCode::BAD_REQUEST, "PROCESSING_HALTED", message)
}

/// A reference with no value: Salesforce's message names the expression and its reference.
fn no_value(expr: &str) -> Answer {
    let reference = expr.split(['.', '[']).next().unwrap_or(expr);
    halted(format!(
        "Invalid reference specified. No value for {expr} found in {reference}. Provided \
         referenceId ('{expr}') must start with a letter or a number, and it can contain only \
         letters, numbers and underscores ('_')."
    ))
}

/// Whether an answer counts as a failure for allOrNone: an error status, or an sObject
/// Collections answer with a record that failed (the outer allOrNone overrides the inner).
fn failed(a: &Answer) -> bool {
    a.failed()
        || a.body.as_array().is_some_and(|items| {
            items
                .iter()
                .any(|i| i.get("success").and_then(Value::as_bool) == Some(false))
        })
}

/// `POST /composite`.
pub fn handle(app: &App, req: &Req) -> Result<Response, Failure> {
    if req.method != Method::POST {
        return Err(Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            crate::error::SfError::new(
                "METHOD_NOT_ALLOWED",
                format!("HTTP Method '{}' not allowed. Allowed are POST", req.method),
            ),
        ));
    }
    let body = req.json()?;
    let subs = parse(&body)?;
    let all_or_none = flag(&body, "allOrNone", false);
    let journal = if all_or_none {
        Some(Journal::start(app)?)
    } else {
        None
    };
    let mut answers: HashMap<String, Value> = HashMap::new();
    let mut results: Vec<Option<Answer>> = Vec::new();
    let mut stopped = false;
    for s in &subs {
        if stopped {
            results.push(None);
            continue;
        }
        let resolved = resolve_text(&s.url, &answers).and_then(|url| {
            let body = s
                .body
                .as_ref()
                .map(|b| resolve_json(b, &answers))
                .transpose()?;
            Ok((url, body))
        });
        let answer = match resolved {
            Err(expr) => no_value(&expr),
            Ok((url, body)) => {
                sub::run(app, req, s.method.clone(), &url, body.as_ref(), &s.headers)
            }
        };
        let bad = failed(&answer);
        if !answer.failed() {
            answers.insert(s.reference.clone(), answer.body.clone());
        }
        results.push(Some(answer));
        if bad && all_or_none {
            stopped = true;
        }
    }
    if let Some(journal) = journal {
        if stopped {
            journal.rollback()?;
        }
    }
    let out: Vec<Value> = subs
        .iter()
        .zip(results)
        .map(|(s, a)| {
            let a = match a {
                Some(a) if !stopped || failed(&a) => a,
                _ => halted(ROLLED_BACK),
            };
            json!({
                "body": a.body,
                "httpHeaders": a.headers,
                "httpStatusCode": a.status.as_u16(),
                "referenceId": s.reference,
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"compositeResponse": out}),
    ))
}
