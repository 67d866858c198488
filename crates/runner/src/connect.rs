//! The seams between the pipelines and the outside world: where records come from
//! ([`PageSource`], [`SoqlSource`]), where they go ([`SalesforceTarget`], [`RecordSink`]),
//! plus the run's clock and cancellation. The Salesforce client and the HTTP API connector
//! implement these in thin adapters; the tests implement them in memory.
//!
//! Every method is async and returns a `Send` future so that a whole run can be spawned on
//! a multi-threaded runtime (the desktop shell does).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A source could not produce its next page (HTTP failure, bad response, auth). Ends the run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SourceError {
    /// What went wrong, said for a user ("GET /contacts page 3: 503 Service Unavailable").
    pub message: String,
}

/// A whole call to Salesforce failed (no per-record outcomes): network, auth, limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TargetError {
    /// Salesforce's error code when it gave one (`REQUEST_LIMIT_EXCEEDED`).
    pub code: Option<String>,
    /// What went wrong, said for a user.
    pub message: String,
}

/// A whole send to an export sink failed (no per-record outcomes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SinkError {
    /// What went wrong, said for a user.
    pub message: String,
}

impl SourceError {
    /// A source error with this message.
    pub fn new(message: impl Into<String>) -> SourceError {
        SourceError {
            message: message.into(),
        }
    }
}

impl TargetError {
    /// A target error without a Salesforce code.
    pub fn new(message: impl Into<String>) -> TargetError {
        TargetError {
            code: None,
            message: message.into(),
        }
    }
}

impl SinkError {
    /// A sink error with this message.
    pub fn new(message: impl Into<String>) -> SinkError {
        SinkError {
            message: message.into(),
        }
    }
}

/// One page of source records at a time, so a run's memory stays flat however large the
/// source. `Ok(None)` once there are no more pages.
pub trait PageSource: Send {
    /// The next page; an empty page is allowed and does not end the source.
    fn next_page(&mut self)
        -> impl Future<Output = Result<Option<Vec<Value>>, SourceError>> + Send;

    /// After the records: the next page of records the source lists as deleted at a
    /// separate endpoint (an API's `deletions`); each one's match in the target is deleted.
    /// Asked for only when the plan has [`deletions`](crate::options::ImportPlan::deletions);
    /// by default there are none.
    fn next_deletions(
        &mut self,
    ) -> impl Future<Output = Result<Option<Vec<Value>>, SourceError>> + Send {
        async { Ok(None) }
    }
}

/// The write a batch of records is sent with: the document's `operation`.
pub use synccentral_model::WriteOperation as WriteOp;

/// Salesforce's answer for one record of a write call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum WriteOutcome {
    /// The record was written.
    Success {
        /// The record's Salesforce Id.
        id: String,
        /// A new record was created (insert, or an upsert that found no match).
        created: bool,
    },
    /// Salesforce refused this record; the others of the call are unaffected (allOrNone false).
    Error {
        /// Salesforce's code (`DUPLICATE_VALUE`).
        code: String,
        /// Salesforce's message.
        message: String,
        /// The fields the error concerns.
        fields: Vec<String>,
    },
}

/// The Salesforce org a run writes to.
pub trait SalesforceTarget: Sync {
    /// Writes `records` (at most one batch; the caller keeps to the configured batch size)
    /// and returns one outcome per record, in order. `external_id` is set for upserts only.
    /// Records for update and delete carry their `Id`. `Err` means the whole call failed and
    /// nothing is known of its records.
    fn write(
        &self,
        op: WriteOp,
        object: &str,
        external_id: Option<&str>,
        records: Vec<Value>,
    ) -> impl Future<Output = Result<Vec<WriteOutcome>, TargetError>> + Send;

    /// Deletes the records with these Ids for good (not to the recycle bin: Bulk API 2.0's
    /// `hardDelete`); one outcome per Id, in order. `Err`: the whole call failed (e.g. the
    /// user lacks the "Bulk API Hard Delete" permission).
    fn hard_delete(
        &self,
        object: &str,
        ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<WriteOutcome>, TargetError>> + Send;

    /// The Ids of the records of `object` whose `external_id` field holds one of `keys`,
    /// by key. Keys with no record are absent from the map.
    fn lookup_ids(
        &self,
        object: &str,
        external_id: &str,
        keys: &[String],
    ) -> impl Future<Output = Result<HashMap<String, String>, TargetError>> + Send;

    /// The current `fields` (plus `Id`) of the records of `object` whose `by` field (`Id`
    /// or an external ID) holds one of `keys`, by key as given. Keys with no record are
    /// absent. One SOQL query (split only when its `IN` list would grow too long): the
    /// Day-Zero guard and the prior values an undo restores both come from it.
    fn current_values(
        &self,
        object: &str,
        by: &str,
        keys: &[String],
        fields: &[String],
    ) -> impl Future<Output = Result<HashMap<String, Map<String, Value>>, TargetError>> + Send;

    /// Every record of `object` whose `fields` hold one of `tuples` (one value per field,
    /// in order), with its `Id` and the `read` fields, by [`match_key`] of the tuple it
    /// holds. Text compares as Salesforce's SOQL compares it: trimmed, in any letter case.
    /// All candidates are returned, so a key several records hold can be told apart.
    fn match_records(
        &self,
        object: &str,
        fields: &[String],
        tuples: &[Vec<String>],
        read: &[String],
    ) -> impl Future<Output = Result<HashMap<String, Vec<Map<String, Value>>>, TargetError>> + Send;

    /// How many records one [`SalesforceTarget::current_values`] read should cover when
    /// batches of `batch` are written: the run reads that many records ahead, then writes
    /// them batch by batch. One batch unless the target reads more for the same calls.
    fn read_ahead(&self, batch: usize) -> usize {
        batch
    }

    /// The org's API request usage as `(used, max)` from the latest response
    /// (`Sforce-Limit-Info: api-usage=used/max`), when known.
    fn api_usage(&self) -> Option<(u64, u64)>;
}

/// The key of a tuple of values records are matched on (`matchOn`): each value trimmed and
/// in lower case, as Salesforce compares text and email.
pub fn match_key<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| v.as_ref().trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// What an export sink said about one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendOutcome {
    /// The API accepted the record.
    pub ok: bool,
    /// The HTTP status of the response that carried this record, when there was one.
    pub status: Option<u16>,
    /// The response body (or the part of it about this record), for the run's results.
    pub body: Option<String>,
    /// An id the API gave the record, when it did.
    pub id: Option<String>,
}

/// Where an export sends its mapped records (an HTTP API, a JSON/CSV file).
pub trait RecordSink: Sync {
    /// Sends one batch; one outcome per record, in order. `Err`: the whole send failed.
    fn send(
        &self,
        records: Vec<Value>,
    ) -> impl Future<Output = Result<Vec<SendOutcome>, SinkError>> + Send;
}

/// Salesforce as an export's source: a SOQL query read page by page (query/queryMore).
pub trait SoqlSource: Sync {
    /// The pages of one query.
    type Pages: PageSource;
    /// Starts `soql`; its records are then read through the returned pages.
    fn query(
        &self,
        soql: &crate::export::Soql,
    ) -> impl Future<Output = Result<Self::Pages, SourceError>> + Send;

    /// The org's API request usage as `(used, max)`, when known (as for
    /// [`SalesforceTarget::api_usage`]); exports stop at the quota share too.
    fn api_usage(&self) -> Option<(u64, u64)> {
        None
    }
}

/// The run's clock. Passed in so runs are testable; [`SystemClock`] is the real one.
pub trait Clock: Sync {
    /// The current instant.
    fn now(&self) -> jiff::Timestamp;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// Asks a run to stop between batches. Clones share the flag. A cancelled run ends with
/// status `cancelled` and a checkpoint that covers only what was written and recorded.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks every run holding a clone of this token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
