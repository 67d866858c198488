//! Connector errors. Each names the URL and page it happened on and says what to do; none
//! carries a secret (URLs and bodies pass through [`crate::auth::Secrets::redact`] first).

/// Why an import, an export or a config failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpApiError {
    /// Every problem the config has, collected.
    #[error("the HTTP API config is not valid: {}", .problems.join("; "))]
    Config { problems: Vec<String> },
    /// No response (refused by the remote-site list, connection failed after retries).
    #[error("page {page} ({url}): {message}")]
    Net {
        page: u32,
        url: String,
        code: &'static str,
        message: String,
    },
    /// A status outside 2xx, with the start of the body.
    #[error("page {page} ({url}) answered HTTP {status}: {body}")]
    Status {
        page: u32,
        url: String,
        status: u16,
        body: String,
    },
    #[error("page {page} ({url}) is not valid JSON: {message} at line {line}, column {column}")]
    InvalidJson {
        page: u32,
        url: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A web page where JSON was expected (a login page, a proxy's error page).
    #[error("page {page} ({url}) is an HTML page (HTTP {status}), not JSON: check the URL and the authentication")]
    Html { page: u32, url: String, status: u16 },
    /// The records path selects nothing in the body.
    #[error("page {page} ({url}): the records path '{path}' matches nothing; {found}")]
    RecordsNotFound {
        page: u32,
        url: String,
        path: String,
        /// What the body is instead ("the body has keys: items, links").
        found: String,
    },
    #[error("page {page} ({url}) is larger than the {cap}-byte page limit (maxPageBytes): ask the API for smaller pages or raise the limit")]
    PageTooLarge { page: u32, url: String, cap: usize },
    /// `maxPages` pages were read and the API says there are more.
    #[error("stopped after {max} pages (maxPages) with more to read: records may remain from {next}; raise maxPages or narrow the time window")]
    MaxPages { max: u32, next: String },
    /// The paging fields of a page are unusable (a next URL that is not a string, a loop).
    #[error("page {page} ({url}): {message}")]
    Paging {
        page: u32,
        url: String,
        message: String,
    },
    /// A token could not be obtained.
    #[error("authentication failed: {message}")]
    Auth { message: String },
    /// An export file could not be written (nothing was replaced).
    #[error("cannot write {path}: {message}")]
    File { path: String, message: String },
}

impl HttpApiError {
    /// A stable code for `{code, message}` errors and run logs.
    pub fn code(&self) -> &'static str {
        match self {
            HttpApiError::Config { .. } => "INVALID_HTTP_CONFIG",
            HttpApiError::Net { code, .. } => code,
            HttpApiError::Status { .. } => "HTTP_STATUS",
            HttpApiError::InvalidJson { .. } => "INVALID_JSON",
            HttpApiError::Html { .. } => "HTML_RESPONSE",
            HttpApiError::RecordsNotFound { .. } => "INVALID_RECORDS_PATH",
            HttpApiError::PageTooLarge { .. } => "RESPONSE_TOO_LARGE",
            HttpApiError::MaxPages { .. } => "MAX_PAGES_REACHED",
            HttpApiError::Paging { .. } => "PAGING_FAILED",
            HttpApiError::Auth { .. } => "AUTH_FAILED",
            HttpApiError::File { .. } => "FILE_WRITE_FAILED",
        }
    }
}
