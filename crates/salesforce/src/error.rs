//! Errors of the Salesforce client: Salesforce's own error arrays (`errorCode`, `message`,
//! `fields`), OAuth errors (`error`, `error_description`), Bulk job failures, and the egress
//! errors underneath. Every variant has a stable [`SalesforceError::code`].

use synccentral_net::NetError;

/// One item of Salesforce's error array (`[{"errorCode", "message", "fields"}]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiError {
    #[serde(rename = "errorCode", alias = "statusCode")]
    pub error_code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// Why a call to Salesforce failed as a whole (per-record failures are
/// [`crate::RecordResult`]s, not errors).
#[derive(Debug, Clone, thiserror::Error)]
pub enum SalesforceError {
    /// Salesforce answered with its error array (first item shown).
    #[error("Salesforce answered {status} {}: {}", .errors.first().map(|e| e.error_code.as_str()).unwrap_or("?"), .errors.first().map(|e| e.message.as_str()).unwrap_or(""))]
    Api { status: u16, errors: Vec<ApiError> },
    /// The token endpoint refused the grant (`{"error", "error_description"}`).
    #[error("login failed: {error}: {description}")]
    OAuth { error: String, description: String },
    /// No response, or a refused URL (remote sites), or a body over the cap.
    #[error(transparent)]
    Net(#[from] NetError),
    /// A response that is neither a success nor Salesforce's error shape.
    #[error("unexpected HTTP {status} from {url}: {body}")]
    Http {
        status: u16,
        url: String,
        body: String,
    },
    /// A success response whose body could not be read as expected.
    #[error("could not read the response from {url}: {message}")]
    Decode { url: String, message: String },
    /// A Bulk API 2.0 job ended `Failed` (or was not found in a terminal state in time).
    #[error("bulk job {job_id} ended {state}: {message}")]
    BulkJob {
        job_id: String,
        state: String,
        message: String,
    },
    /// The browser login did not complete (denied, wrong state, timed out, port in use).
    #[error("browser login failed: {0}")]
    WebLogin(String),
    /// The connection settings cannot work (e.g. a bad private key, an unusable URL).
    #[error("invalid Salesforce connection settings: {0}")]
    Config(String),
}

impl SalesforceError {
    /// A stable code: Salesforce's `errorCode` (`INVALID_SESSION_ID`, `MALFORMED_QUERY`,
    /// `NOT_FOUND`, `REQUEST_LIMIT_EXCEEDED`, …), the OAuth `error` (`invalid_grant`), the
    /// egress code (`REMOTE_SITE_NOT_ALLOWED`, `CONNECTION_FAILED`, …), or one of ours.
    pub fn code(&self) -> &str {
        match self {
            SalesforceError::Api { errors, .. } => errors
                .first()
                .map(|e| e.error_code.as_str())
                .unwrap_or("UNKNOWN_EXCEPTION"),
            SalesforceError::OAuth { error, .. } => error,
            SalesforceError::Net(e) => e.code(),
            SalesforceError::Http { .. } => "UNEXPECTED_RESPONSE",
            SalesforceError::Decode { .. } => "INVALID_RESPONSE",
            SalesforceError::BulkJob { .. } => "BULK_JOB_FAILED",
            SalesforceError::WebLogin(_) => "WEB_LOGIN_FAILED",
            SalesforceError::Config(_) => "INVALID_CONFIG",
        }
    }

    /// The HTTP status Salesforce answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            SalesforceError::Api { status, .. } | SalesforceError::Http { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The first error's message (or the display text).
    pub fn message(&self) -> String {
        match self {
            SalesforceError::Api { errors, .. } if !errors.is_empty() => errors[0].message.clone(),
            other => other.to_string(),
        }
    }

    pub(crate) fn decode(url: &str, message: impl std::fmt::Display) -> SalesforceError {
        SalesforceError::Decode {
            url: url.to_string(),
            message: message.to_string(),
        }
    }
}

pub type Result<T, E = SalesforceError> = std::result::Result<T, E>;
