//! The one API layer every host calls: the desktop shell's commands, the `synccentral` CLI
//! and the tests. It takes documents as text (with a name to report errors against), turns
//! them into engine types at once, and returns results or an [`ApiError`] `{code, message}`.

pub mod connections;
pub mod editor;
pub mod options;
pub mod orchestration;
pub mod reconcile;
pub mod runs;
pub mod settings;
pub mod setup;
pub mod users;
pub mod workspace;

pub use editor::{automap, bulk, demo};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use synccentral_engine::mapping::{self, CompiledMapping};
use synccentral_engine::preview;
pub use synccentral_engine::preview::PreviewReport;
use synccentral_engine::testcase::{self, TestReport};
use synccentral_engine::MappingIssue;
// The engine's own types and helpers the hosts use with these functions.
/// Instants, as the service functions take and give them.
pub use jiff::{Timestamp, Unit as TimeUnit};
pub use synccentral_engine::{suggest, Describe, Operation};

/// An error as it crosses to the UI: a stable code a consumer can branch on, and a message
/// that names what and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Codes an [`ApiError`] can carry.
pub mod codes {
    /// A document is not valid JSON (the message has the line and column).
    pub const INVALID_JSON: &str = "INVALID_JSON";
    /// The mapping has problems (the message lists each with its JSON pointer).
    pub const INVALID_MAPPING: &str = "INVALID_MAPPING";
    /// The describe document is not a Salesforce describe.
    pub const INVALID_DESCRIBE: &str = "INVALID_DESCRIBE";
    /// The records path is malformed or finds nothing in the sample.
    pub const INVALID_RECORDS_PATH: &str = "INVALID_RECORDS_PATH";
    /// The mapping names another object than the describe.
    pub const OBJECT_MISMATCH: &str = "OBJECT_MISMATCH";
    /// The workspace cannot be opened or written.
    pub const WORKSPACE_ERROR: &str = "WORKSPACE_ERROR";
    /// The configuration has problems (each with its JSON pointer in the message).
    pub const INVALID_CONFIG: &str = "INVALID_CONFIG";
    /// No connection, option or run of that name or id.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// A run is already going.
    pub const RUN_IN_PROGRESS: &str = "RUN_IN_PROGRESS";
    /// The connection could not be reached or refused the login.
    pub const CONNECTION_FAILED: &str = "CONNECTION_FAILED";
    /// The demo's servers could not start.
    pub const DEMO_FAILED: &str = "DEMO_FAILED";
    /// A cron line or time zone that cannot be read.
    pub const INVALID_CRON: &str = "INVALID_CRON";
    /// The option is running elsewhere (the scheduler, a daemon, an endpoint, a `run`).
    pub const ALREADY_RUNNING: &str = "ALREADY_RUNNING";
    /// The endpoint could not start (the port is taken, …).
    pub const ENDPOINT_FAILED: &str = "ENDPOINT_FAILED";
    /// A settings file is neither a configuration document nor a settings workbook.
    pub const INVALID_SETTINGS: &str = "INVALID_SETTINGS";
    /// A settings document is from a newer Sync Central.
    pub const NEWER_FORMAT: &str = "NEWER_FORMAT";
    /// A request a service function cannot take as asked (a count out of range, a
    /// connection of the other kind); the message says what to give instead.
    pub const INVALID_REQUEST: &str = "INVALID_REQUEST";
}

/// "N problems:" and one indented line each: how every host shows a list of problems.
pub(crate) fn problems_text<T: std::fmt::Display>(problems: &[T]) -> String {
    format!(
        "{} problem{}:{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems
            .iter()
            .map(|p| format!("\n  {p}"))
            .collect::<String>()
    )
}

/// The store's errors as every host sees them: the configuration's problems each with its
/// JSON pointer (`INVALID_CONFIG`), a missing run (`NOT_FOUND`), a document from a newer
/// version (`NEWER_FORMAT`), anything else `WORKSPACE_ERROR`.
impl From<synccentral_store::StoreError> for ApiError {
    fn from(e: synccentral_store::StoreError) -> ApiError {
        use synccentral_store::StoreError;
        match e {
            StoreError::Invalid(issues) => {
                ApiError::new(codes::INVALID_CONFIG, problems_text(&issues))
            }
            // The store's own words ("no run with id 7"), as the CLI always printed them.
            e @ StoreError::NoSuchRun(_) => ApiError::new(codes::NOT_FOUND, e.to_string()),
            e @ StoreError::NewerFormat { .. } => ApiError::new(codes::NEWER_FORMAT, e.to_string()),
            other => ApiError::new(codes::WORKSPACE_ERROR, other.to_string()),
        }
    }
}

/// A run's problems found before anything ran (`INVALID_CONFIG`, each with its pointer), or
/// a journal that could not record it (`WORKSPACE_ERROR`).
impl From<runs::WireError> for ApiError {
    fn from(e: runs::WireError) -> ApiError {
        match e {
            runs::WireError::Config(problems) => {
                ApiError::new(codes::INVALID_CONFIG, problems_text(&problems))
            }
            e @ runs::WireError::Journal(_) => ApiError::new(codes::WORKSPACE_ERROR, e.to_string()),
        }
    }
}

/// A document given as text, with the name errors refer to (a file path, "sample", …).
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> Document<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Document { name, text }
    }

    /// Parses the text as JSON; the error names the document, line and column.
    pub fn json(&self) -> Result<Value, ApiError> {
        serde_json::from_str(self.text).map_err(|e| {
            ApiError::new(
                codes::INVALID_JSON,
                format!(
                    "{}: invalid JSON at line {}, column {}: {}",
                    self.name,
                    e.line(),
                    e.column(),
                    strip_position(&e.to_string())
                ),
            )
        })
    }
}

pub(crate) fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// A preview request: which mapping, sample and describe, and how to read them.
#[derive(Debug, Clone, Copy)]
pub struct PreviewRequest<'a> {
    pub mapping: Document<'a>,
    pub sample: Document<'a>,
    pub describe: Option<Document<'a>>,
    pub records_path: Option<&'a str>,
    pub operation: Operation,
}

/// Reads a describe document.
pub fn load_describe(doc: Document) -> Result<Describe, ApiError> {
    let value = doc.json()?;
    Describe::from_value(&value)
        .map_err(|e| ApiError::new(codes::INVALID_DESCRIBE, format!("{}: {e}", doc.name)))
}

fn issues_message(name: &str, issues: &[MappingIssue]) -> String {
    let mut msg = format!(
        "{name}: the mapping has {} problem{}:",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" }
    );
    for issue in issues {
        msg.push_str("\n  ");
        msg.push_str(&issue.to_string());
    }
    msg
}

/// Compiles a mapping document; every problem is listed in the error.
pub fn load_mapping(
    doc: Document,
    describe: Option<&Describe>,
) -> Result<CompiledMapping, ApiError> {
    let value = doc.json()?;
    mapping::compile(&value, describe)
        .map_err(|issues| ApiError::new(codes::INVALID_MAPPING, issues_message(doc.name, &issues)))
}

/// The mock preview of a sample through a mapping.
pub fn preview(req: PreviewRequest) -> Result<PreviewReport, ApiError> {
    let describe = req.describe.map(load_describe).transpose()?;
    let named = describe
        .as_ref()
        .map(|d| (d, req.describe.map_or("the describe", |doc| doc.name)));
    let mapping = load_checked_mapping(req.mapping, named)?;
    let sample = req.sample.json()?;
    preview_parsed(
        &mapping,
        &sample,
        req.sample.name,
        describe.as_ref(),
        req.records_path,
        req.operation,
    )
}

/// Compiles a mapping against a describe (and the name it goes by in errors) and refuses one
/// for another object.
pub(crate) fn load_checked_mapping(
    doc: Document,
    describe: Option<(&Describe, &str)>,
) -> Result<CompiledMapping, ApiError> {
    let mapping = load_mapping(doc, describe.map(|(d, _)| d))?;
    if let (Some(object), Some((d, name))) = (&mapping.object, describe) {
        if !object.eq_ignore_ascii_case(&d.name) {
            return Err(ApiError::new(
                codes::OBJECT_MISMATCH,
                format!(
                    "{} maps to {object} but {name} describes {}",
                    doc.name, d.name
                ),
            ));
        }
    }
    Ok(mapping)
}

/// The preview of an already parsed sample through a compiled mapping.
pub(crate) fn preview_parsed(
    mapping: &CompiledMapping,
    sample: &Value,
    sample_name: &str,
    describe: Option<&Describe>,
    records_path: Option<&str>,
    operation: Operation,
) -> Result<PreviewReport, ApiError> {
    let records = preview::select_records(sample, records_path)
        .map_err(|e| ApiError::new(codes::INVALID_RECORDS_PATH, format!("{sample_name}: {e}")))?;
    Ok(preview::preview(mapping, &records, describe, operation))
}

/// The preview of the bundled demo: the contacts sample into Contact, as an upsert.
pub fn demo_preview() -> Result<PreviewReport, ApiError> {
    preview(demo::request())
}

/// Every problem of a mapping: its own (syntax, arguments, paths) and, with a describe,
/// those against the target object (unknown fields, read-only fields, wrong lookups).
pub fn check_mapping(
    mapping: Document,
    describe: Option<Document>,
    operation: Operation,
) -> Result<Vec<MappingIssue>, ApiError> {
    let describe = describe.map(load_describe).transpose()?;
    let value = mapping.json()?;
    Ok(mapping::check(&value, describe.as_ref(), operation))
}

/// Runs the test cases a mapping carries.
pub fn test_mapping(
    mapping: Document,
    describe: Option<Document>,
    operation: Operation,
) -> Result<TestReport, ApiError> {
    let describe = describe.map(load_describe).transpose()?;
    let compiled = load_mapping(mapping, describe.as_ref())?;
    Ok(testcase::run_tests(&compiled, describe.as_ref(), operation))
}
