//! What a run's records share between the pipelines and the store: the run's id, what
//! happened to each record, and what the Day-Zero guard found.

use crate::options::GuardMode;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A run's id (the store's row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub i64);

impl std::fmt::Display for RunId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What happened to one source record (stored and shown as its kebab-case text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Created in Salesforce.
    Inserted,
    /// Changed in Salesforce.
    Updated,
    /// Deleted from Salesforce.
    Deleted,
    /// Not written on purpose (already done at the checkpoint, outside the window, already
    /// inserted by an earlier run); the message says why.
    Skipped,
    /// Refused (typing, Salesforce, the sink) or could not be prepared; see code and message.
    Failed,
    /// Dry runs: what a real run would have done.
    WouldInsert,
    /// Dry runs: a real run would have updated it.
    WouldUpdate,
    /// Exports: the API (or file) accepted the record.
    Sent,
    /// Dry runs: a real run would have deleted it.
    WouldDelete,
    /// Dry runs (exports): a real run would have sent it.
    WouldSend,
}

impl Action {
    /// Every value.
    pub const ALL: &'static [Action] = &[
        Action::Inserted,
        Action::Updated,
        Action::Deleted,
        Action::Skipped,
        Action::Failed,
        Action::WouldInsert,
        Action::WouldUpdate,
        Action::Sent,
        Action::WouldDelete,
        Action::WouldSend,
    ];

    /// The text stored and shown (`would-insert`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Inserted => "inserted",
            Action::Updated => "updated",
            Action::Deleted => "deleted",
            Action::Skipped => "skipped",
            Action::Failed => "failed",
            Action::WouldInsert => "would-insert",
            Action::WouldUpdate => "would-update",
            Action::Sent => "sent",
            Action::WouldDelete => "would-delete",
            Action::WouldSend => "would-send",
        }
    }

    /// Whether the record landed (or, in a dry run, would have).
    pub fn is_written(self) -> bool {
        !matches!(self, Action::Skipped | Action::Failed)
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
                format!(
                    "unknown Action \"{s}\" (expected one of: {})",
                    all.join(", ")
                )
            })
    }
}

/// A target field holding a value where the source would write null or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardFinding {
    /// The record's position in the run.
    pub seq: u64,
    /// The record's key in the source.
    pub source_key: Option<String>,
    /// The record's Salesforce Id.
    pub target_id: Option<String>,
    /// The Salesforce field.
    pub field: String,
    /// What the field holds now (and would lose).
    pub prior: Value,
    /// The option's guard mode when found: the field was reported (`warn`), left out of
    /// the write (`protect`), or the run wrote nothing (`block`).
    pub mode: GuardMode,
}
