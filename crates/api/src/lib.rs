//! The one API layer every host calls: the desktop shell's commands, the CLI and the tests.
//! Errors leave as `{code, message}`.
//! (Placeholder: the preview functions land with the mapping change.)

use serde::{Deserialize, Serialize};

pub use synccentral_engine::preview::PreviewReport;

/// An error as it crosses to the UI: a stable code a consumer can branch on, and a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// The preview of the bundled demo (contacts sample → Contact).
pub fn demo_preview() -> Result<PreviewReport, ApiError> {
    Err(ApiError {
        code: "NOT_READY".into(),
        message: "the demo preview lands with the mapping change".into(),
    })
}
