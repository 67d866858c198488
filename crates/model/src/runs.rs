//! What a run's records share between the pipelines and the store: the run's id, what
//! happened to each record, its counts, where an incremental option resumes, the values a
//! run overwrote (for undo) and what the Day-Zero guard found.

use crate::options::GuardMode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

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

/// The outcome of one source record of a run, as the pipelines report it and the store
/// keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordResult {
    /// The record's position in the run (1-based, in source order; unique within a run).
    pub seq: u64,
    /// The record's key in the source (external ID value, key path value), when it has one.
    pub source_key: Option<String>,
    /// The Salesforce Id written (imports) or the id the API gave (exports).
    pub target_id: Option<String>,
    /// What happened to the record.
    pub action: Action,
    /// Salesforce's or the engine's code when the record failed (`STRING_TOO_LONG`).
    pub error_code: Option<String>,
    /// Why it failed or was skipped.
    pub error_message: Option<String>,
    /// The source record as read (absent on results stored without it).
    pub source: Option<Value>,
    /// The record as mapped (what was or would be sent), when mapping got that far.
    pub mapped: Option<Value>,
}

impl RecordResult {
    /// A result with only `seq` and `action` set.
    pub fn new(seq: u64, action: Action) -> RecordResult {
        RecordResult {
            seq,
            source_key: None,
            target_id: None,
            action,
            error_code: None,
            error_message: None,
            source: None,
            mapped: None,
        }
    }
}

/// The record counts of a run. `written + failed + skipped` is at most `read`: records of a
/// batch in flight when a run ended early have no result yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Counts {
    /// Records read (from the source, and from the insert journal).
    #[ts(type = "number")]
    pub read: u64,
    /// Landed (or, in a dry run, would land).
    #[ts(type = "number")]
    pub written: u64,
    /// Refused by the type check, Salesforce or the sink, or without the key they need.
    #[ts(type = "number")]
    pub failed: u64,
    /// Done before (at the checkpoint, before the window, already inserted) or left alone.
    #[ts(type = "number")]
    pub skipped: u64,
}

/// The API requests a run cost the org, from `Sforce-Limit-Info` (`api-usage=used/max`):
/// the org's count when the run began and after its last call. It is the org's counter, so
/// another client's calls made meanwhile are in it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiCalls {
    /// Requests counted while the run went (`after − before`).
    #[ts(type = "number")]
    pub made: u64,
    /// The org's count of the day when the run began.
    #[ts(type = "number")]
    pub before: u64,
    /// The org's count of the day after the run's last call.
    #[ts(type = "number")]
    pub after: u64,
    /// The org's daily limit.
    #[ts(type = "number")]
    pub limit: u64,
}

impl ApiCalls {
    /// The calls between two readings of `(used, max)`; `None` unless both are known. A
    /// count lower after than before (the org's day rolled over) counts from zero.
    pub fn between(before: Option<(u64, u64)>, after: Option<(u64, u64)>) -> Option<ApiCalls> {
        let ((before, _), (after, limit)) = (before?, after?);
        Some(ApiCalls {
            made: if after >= before {
                after - before
            } else {
                after
            },
            before,
            after,
            limit,
        })
    }
}

/// Where an incremental option resumes: every record up to (`cursor_value`, `tie_id`) was
/// written and its result recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    /// The cursor field's value of the last record done (or the run time when the option
    /// has no cursor field), as text.
    pub cursor_value: String,
    /// The tie field's value of that record: records sharing the cursor value are taken in
    /// tie order, so those after it are still to do.
    pub tie_id: Option<String>,
}

/// The values one record held before a run updated it (stored before its batch is
/// written), and what the run sent: an undo restores `prior` where the record still holds
/// `written`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriorRecord {
    /// The record's position in the run (its result has the same `seq`).
    pub seq: u64,
    /// The record's Salesforce Id.
    pub target_id: String,
    /// The key it was matched on (external ID value), when it had one.
    pub key: Option<String>,
    /// The written fields (Salesforce names) as they were before the run.
    pub prior: Map<String, Value>,
    /// The record as sent.
    pub written: Map<String, Value>,
}

#[cfg(test)]
mod api_calls_tests {
    use super::ApiCalls;

    #[test]
    fn calls_are_the_difference_of_two_readings_and_unknown_without_both() {
        let c = ApiCalls::between(Some((100, 15000)), Some((112, 15000))).unwrap();
        assert_eq!((c.made, c.before, c.after, c.limit), (12, 100, 112, 15000));
        assert_eq!(ApiCalls::between(None, Some((5, 10))), None);
        assert_eq!(ApiCalls::between(Some((5, 10)), None), None);
        // The day rolled over during the run: the calls since midnight.
        assert_eq!(
            ApiCalls::between(Some((900, 1000)), Some((7, 1000)))
                .unwrap()
                .made,
            7
        );
    }
}
