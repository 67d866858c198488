//! Fault injection, off by default: the next N matching API calls fail the way an org under
//! strain fails — 500 `UNKNOWN_EXCEPTION`, 503, 400 `UNABLE_TO_LOCK_ROW`, 401
//! `INVALID_SESSION_ID` (the caller's token really ends, so the client must log in again or
//! refresh), a delay, or a connection closed without an answer. Armed at start
//! (`Config::faults`, `--fault SPEC`) or at run time through `/__sandbox/faults` (the admin's
//! token required): `POST {"kind", "next", "delayMs", "path"}` arms one, `GET` lists what is
//! armed, `DELETE` disarms everything.

use crate::error::{Failure, SfError};
use crate::{auth, failure_response, json_response, App, Req};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

/// Calls a fault without a `path` applies to: the REST and Bulk API (not logins, not the
/// versions list).
pub const DEFAULT_PATH: &str = "/services/data/v";

/// How a call fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// 500 `UNKNOWN_EXCEPTION`.
    ServerError,
    /// 503 `SERVER_UNAVAILABLE`.
    Unavailable,
    /// 400 `UNABLE_TO_LOCK_ROW`.
    LockRow,
    /// 401 `INVALID_SESSION_ID`, and the caller's access token is revoked.
    SessionExpired,
    /// The call is answered normally after this long.
    Delay(Duration),
    /// The connection is closed without an answer.
    Drop,
}

impl FaultKind {
    /// The name used by the CLI and the control endpoint.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::ServerError => "500",
            FaultKind::Unavailable => "503",
            FaultKind::LockRow => "UNABLE_TO_LOCK_ROW",
            FaultKind::SessionExpired => "session_expired",
            FaultKind::Delay(_) => "delay",
            FaultKind::Drop => "drop",
        }
    }

    fn from_name(name: &str, delay_ms: Option<u64>) -> Result<FaultKind, FaultError> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "500" => FaultKind::ServerError,
            "503" => FaultKind::Unavailable,
            "unable_to_lock_row" => FaultKind::LockRow,
            "session_expired" => FaultKind::SessionExpired,
            "drop" => FaultKind::Drop,
            "delay" => FaultKind::Delay(Duration::from_millis(
                delay_ms.ok_or(FaultError::MissingDelay)?,
            )),
            _ => return Err(FaultError::UnknownKind(name.to_string())),
        })
    }
}

/// One armed fault: what happens to the next `count` calls whose path starts with `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub count: u32,
    /// A URL path prefix (`/services/data/v59.0/jobs`); `None` is [`DEFAULT_PATH`].
    pub path: Option<String>,
}

impl Fault {
    fn to_json(&self) -> Value {
        let mut v = json!({"kind": self.kind.name(), "next": self.count, "path": self.path});
        if let FaultKind::Delay(d) = self.kind {
            v["delayMs"] = json!(d.as_millis() as u64);
        }
        v
    }

    fn matches(&self, path: &str) -> bool {
        let prefix = self.path.as_deref().unwrap_or(DEFAULT_PATH);
        path.to_ascii_lowercase()
            .starts_with(&prefix.to_ascii_lowercase())
    }
}

/// Why a fault specification was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultError {
    #[error(
        "unknown fault kind '{0}' (500, 503, UNABLE_TO_LOCK_ROW, session_expired, delay=MS, drop)"
    )]
    UnknownKind(String),
    #[error("a delay needs its length in milliseconds (delay=MS, or delayMs)")]
    MissingDelay,
    #[error("'{0}' is not a count of calls (a whole number from 1)")]
    BadCount(String),
}

/// `KIND[:N][@PATH]`, KIND one of `500`, `503`, `UNABLE_TO_LOCK_ROW`, `session_expired`,
/// `delay=MS`, `drop`; N calls (1 when left out); PATH a URL path prefix.
impl FromStr for Fault {
    type Err = FaultError;

    fn from_str(spec: &str) -> Result<Fault, FaultError> {
        let (left, path) = match spec.split_once('@') {
            Some((l, p)) => (l, Some(p.to_string())),
            None => (spec, None),
        };
        let (kind, count) = match left.split_once(':') {
            Some((k, n)) => (
                k,
                n.parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| FaultError::BadCount(n.to_string()))?,
            ),
            None => (left, 1),
        };
        let (name, delay) = match kind.split_once('=') {
            Some((k, ms)) => (
                k,
                Some(
                    ms.parse::<u64>()
                        .map_err(|_| FaultError::BadCount(ms.to_string()))?,
                ),
            ),
            None => (kind, None),
        };
        Ok(Fault {
            kind: FaultKind::from_name(name, delay)?,
            count,
            path,
        })
    }
}

/// The spec [`Fault::from_str`] reads back.
impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            FaultKind::Delay(d) => write!(f, "delay={}", d.as_millis())?,
            kind => f.write_str(kind.name())?,
        }
        write!(f, ":{}", self.count)?;
        if let Some(p) = &self.path {
            write!(f, "@{p}")?;
        }
        Ok(())
    }
}

/// The armed faults, first armed first used.
#[derive(Default)]
pub(crate) struct Faults {
    armed: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn new(initial: Vec<Fault>) -> Faults {
        Faults {
            armed: Mutex::new(initial.into_iter().filter(|f| f.count > 0).collect()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.armed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for a call to `path`, used up by this call; `None` for the control endpoint.
    pub fn take(&self, path: &str) -> Option<FaultKind> {
        if is_control(path) {
            return None;
        }
        let mut armed = self.lock();
        let i = armed.iter().position(|f| f.matches(path))?;
        let kind = armed[i].kind;
        armed[i].count -= 1;
        if armed[i].count == 0 {
            armed.remove(i);
        }
        Some(kind)
    }
}

fn is_control(path: &str) -> bool {
    path.trim_end_matches('/')
        .eq_ignore_ascii_case("/__sandbox/faults")
}

/// The failing answer of a fault that answers (not a delay or a dropped connection).
pub(crate) fn respond(app: &App, req: &Req, kind: FaultKind) -> Response {
    match kind {
        FaultKind::SessionExpired => {
            if let Some(token) = bearer(req) {
                let _ = crate::store::revoke(&app.db(), token);
            }
            auth::unauthorized(&Failure::new(
                StatusCode::UNAUTHORIZED,
                SfError::new("INVALID_SESSION_ID", "Session expired or invalid"),
            ))
        }
        FaultKind::LockRow => {
            let id = req.segs.iter().rev().find_map(|s| crate::ids::normalize(s));
            let message = match id {
                Some(id) => {
                    format!("unable to obtain exclusive access to this record or 1 records: {id}")
                }
                None => "unable to obtain exclusive access to this record".to_string(),
            };
            failure_response(&Failure::bad_request(SfError::new(
                "UNABLE_TO_LOCK_ROW",
                message,
            )))
        }
        FaultKind::Unavailable => failure_response(&Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            SfError::new(
                "SERVER_UNAVAILABLE",
                "Server is temporarily unavailable, please try again later",
            ),
        )),
        _ => failure_response(&Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            SfError::new(
                "UNKNOWN_EXCEPTION",
                format!(
                    "An unexpected error occurred. Please include this ErrorId if you contact \
                     support: {}-{} (-{})",
                    crate::now_ms() % 1_000_000_000,
                    rand::random::<u16>(),
                    rand::random::<u32>() % 1_000_000_000
                ),
            ),
        )),
    }
}

fn bearer(req: &Req) -> Option<&str> {
    let (scheme, token) = req.header("authorization")?.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        .then(|| token.trim())
}

/// `/__sandbox/faults`: arm (`POST`), list (`GET`), disarm all (`DELETE`).
pub(crate) fn control(app: &App, req: &Req) -> Response {
    if let Err(f) = auth::session(app, req, false) {
        return auth::unauthorized(&f);
    }
    let bad = |message: String| {
        failure_response(&Failure::bad_request(SfError::new(
            "INVALID_FAULT",
            message,
        )))
    };
    let list = |app: &App| {
        let armed: Vec<Value> = app.faults.lock().iter().map(Fault::to_json).collect();
        json_response(StatusCode::OK, &json!({ "armed": armed }))
    };
    match req.method {
        Method::GET => list(app),
        Method::DELETE => {
            app.faults.lock().clear();
            StatusCode::NO_CONTENT.into_response()
        }
        Method::POST => {
            let body = match req.json() {
                Ok(b) => b,
                Err(f) => return failure_response(&f),
            };
            let count = match body.get("next") {
                None | Some(Value::Null) => 1,
                Some(n) => match n.as_u64().filter(|n| (1..=u32::MAX as u64).contains(n)) {
                    Some(n) => n as u32,
                    None => return bad(FaultError::BadCount(n.to_string()).to_string()),
                },
            };
            let name = match body.get("kind") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => return bad("kind is required".into()),
            };
            let delay = body.get("delayMs").and_then(Value::as_u64);
            let kind = match FaultKind::from_name(&name, delay) {
                Ok(k) => k,
                Err(e) => return bad(e.to_string()),
            };
            let path = body.get("path").and_then(Value::as_str).map(str::to_string);
            app.faults.lock().push(Fault { kind, count, path });
            list(app)
        }
        _ => failure_response(&Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            SfError::new(
                "METHOD_NOT_ALLOWED",
                format!(
                    "HTTP Method '{}' not allowed. Allowed are DELETE,GET,POST",
                    req.method
                ),
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_name_the_kind_the_count_and_the_path() {
        assert_eq!(
            "503:2@/services/data/v59.0/jobs".parse::<Fault>(),
            Ok(Fault {
                kind: FaultKind::Unavailable,
                count: 2,
                path: Some("/services/data/v59.0/jobs".into()),
            })
        );
        assert_eq!(
            "delay=1500".parse::<Fault>().map(|f| (f.kind, f.count)),
            Ok((FaultKind::Delay(Duration::from_millis(1500)), 1))
        );
        assert_eq!(
            "unable_to_lock_row:3".parse::<Fault>().map(|f| f.kind),
            Ok(FaultKind::LockRow)
        );
        assert_eq!("delay".parse::<Fault>(), Err(FaultError::MissingDelay));
        let spec = "delay=250:3@/services/data/v59.0/query";
        assert_eq!(
            spec.parse::<Fault>().map(|f| f.to_string()),
            Ok(spec.to_string())
        );
        assert!(matches!(
            "teapot".parse::<Fault>(),
            Err(FaultError::UnknownKind(_))
        ));
        assert!(matches!(
            "500:0".parse::<Fault>(),
            Err(FaultError::BadCount(_))
        ));
    }
}
