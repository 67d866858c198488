//! Opening the workspace a command works on: `--workspace PATH`, else
//! `SYNCCENTRAL_WORKSPACE`, else the platform's data directory.

use crate::Failure;
use std::path::{Path, PathBuf};
use synccentral_store::{StoreError, Workspace};

/// Opens (creating and migrating) the workspace.
pub fn open(path: Option<&Path>) -> Result<Workspace, Failure> {
    let path: PathBuf = match path {
        Some(p) => p.to_path_buf(),
        None => synccentral_store::default_path().ok_or_else(|| {
            Failure::Unusable(
                "this platform has no data directory: give --workspace PATH".to_string(),
            )
        })?,
    };
    Workspace::open(&path).map_err(Failure::from)
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(issues) => {
                let mut text = format!(
                    "{} problem{}:",
                    issues.len(),
                    if issues.len() == 1 { "" } else { "s" }
                );
                for i in &issues {
                    text.push_str(&format!("\n  {i}"));
                }
                Failure::Unusable(text)
            }
            other => Failure::Unusable(other.to_string()),
        }
    }
}
