//! A secret value of the document (passwords, client secrets, tokens): `***` in `Debug`,
//! `"***"` in a document for "keep the value already stored".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A secret value (password, client secret, token, API key value, refresh token, custom
/// token request body). `"***"` in a document means "keep the value already stored".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The text that stands for a stored secret in an exported document.
    pub const PLACEHOLDER: &'static str = "***";

    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The `"***"` placeholder.
    pub fn placeholder() -> Secret {
        Secret(Self::PLACEHOLDER.to_string())
    }

    /// The secret in clear.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for `"***"`: the document keeps the stored value.
    pub fn is_placeholder(&self) -> bool {
        self.0 == Self::PLACEHOLDER
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}
