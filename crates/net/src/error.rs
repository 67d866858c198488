//! Egress errors: each names the URL and says what the user can do.

/// Why a request did not get a response.
#[derive(Debug, Clone, thiserror::Error)]
pub enum NetError {
    /// The URL's origin is not on the remote-site list.
    #[error("{url} is not allowed: add {origin} to the remote sites to let Sync Central call it")]
    NotAllowed { url: String, origin: String },
    /// Plain `http://` to a host that is not loopback.
    #[error("{url} uses http://; only https:// is allowed except for loopback hosts (127.0.0.1, ::1, localhost)")]
    Insecure { url: String },
    /// A remote-site entry that is not an `http(s)://host[:port]` URL.
    #[error("remote site '{site}' is not valid: {reason}")]
    BadSite { site: String, reason: String },
    #[error("more than 10 redirects")]
    TooManyRedirects,
    /// No response after every attempt (timeouts, refused or reset connections, TLS).
    #[error("calling {url} failed after {attempts} attempt(s): {message}")]
    Transport {
        url: String,
        attempts: u32,
        message: String,
    },
    /// A body over the size cap.
    #[error("the response from {url} is larger than the {cap}-byte limit")]
    TooLarge { url: String, cap: usize },
    #[error("HTTP client setup failed: {message}")]
    Setup { message: String },
}

impl NetError {
    /// A stable code for `{code, message}` errors and run logs.
    pub fn code(&self) -> &'static str {
        match self {
            NetError::NotAllowed { .. } => "REMOTE_SITE_NOT_ALLOWED",
            NetError::Insecure { .. } => "INSECURE_URL",
            NetError::BadSite { .. } => "INVALID_REMOTE_SITE",
            NetError::TooManyRedirects => "TOO_MANY_REDIRECTS",
            NetError::Transport { .. } => "CONNECTION_FAILED",
            NetError::TooLarge { .. } => "RESPONSE_TOO_LARGE",
            NetError::Setup { .. } => "HTTP_SETUP",
        }
    }
}
