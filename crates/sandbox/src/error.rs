//! Salesforce's error shapes: a top-level REST error array (`errorCode`), the per-record
//! result errors of collections (`statusCode`), and the OAuth `{error, error_description}`
//! body; plus the failures of starting the server.

use axum::http::StatusCode;
use serde_json::{json, Value};

/// One Salesforce error: code, message and (for record-level errors) the fields involved.
#[derive(Debug, Clone, PartialEq)]
pub struct SfError {
    pub code: String,
    pub message: String,
    /// `None` for request-level errors (no `fields` key on the wire).
    pub fields: Option<Vec<String>>,
}

impl SfError {
    pub fn new(code: &str, message: impl Into<String>) -> SfError {
        SfError {
            code: code.to_string(),
            message: message.into(),
            fields: None,
        }
    }

    pub fn with_fields(code: &str, message: impl Into<String>, fields: Vec<String>) -> SfError {
        SfError {
            code: code.to_string(),
            message: message.into(),
            fields: Some(fields),
        }
    }

    pub fn not_found() -> SfError {
        SfError::new("NOT_FOUND", "The requested resource does not exist")
    }

    pub fn entity_is_deleted() -> SfError {
        SfError::with_fields("ENTITY_IS_DELETED", "entity is deleted", vec![])
    }

    /// The item of a top-level REST error array.
    pub fn to_rest(&self) -> Value {
        let mut v = json!({"message": self.message, "errorCode": self.code});
        if let Some(fields) = &self.fields {
            v["fields"] = json!(fields);
        }
        v
    }

    /// The item of a per-record `errors` array.
    pub fn to_result(&self) -> Value {
        json!({
            "statusCode": self.code,
            "message": self.message,
            "fields": self.fields.clone().unwrap_or_default(),
        })
    }
}

/// A REST call that failed as a whole: the HTTP status and the error array.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub errors: Vec<SfError>,
}

impl Failure {
    pub fn new(status: StatusCode, error: SfError) -> Failure {
        Failure {
            status,
            errors: vec![error],
        }
    }

    pub fn bad_request(error: SfError) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, error)
    }

    pub fn not_found() -> Failure {
        Failure::new(StatusCode::NOT_FOUND, SfError::not_found())
    }

    pub fn body(&self) -> Value {
        Value::Array(self.errors.iter().map(SfError::to_rest).collect())
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            SfError::new("UNKNOWN_EXCEPTION", format!("storage error: {e}")),
        )
    }
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Database {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot migrate the database {path}: {source}")]
    Migration {
        path: String,
        source: rusqlite_migration::Error,
    },
    #[error("cannot read the schema directory {path}: {source}")]
    SchemaDir {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    BadDescribe { path: String, reason: String },
    #[error("JWT public key {path}: {reason}")]
    JwtKey { path: String, reason: String },
    #[error("HTTPS: {reason}")]
    Tls { reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}
