//! What a run leaves behind: the run itself, one result per source record, the option's
//! checkpoint and the insert journal. [`RunJournal`] is the seam the SQLite workspace
//! implements; [`MemoryJournal`] keeps it all in memory (tests, throwaway runs).
//!
//! Order of calls in a run: `checkpoint` and `pending_list` (before reading), `begin_run`,
//! then for each batch `journal_pending` (inserts) → the write → `journal_done` →
//! `record_results` → `save_checkpoint`, and finally `finish_run`. Updates and upserts
//! first read the batch's records as they are: `record_guard` keeps what the Day-Zero
//! guard found, `record_priors` (before the write) the values an undo restores. A checkpoint is only
//! saved after the results of every record up to it were recorded.

use crate::connect::WriteOp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

/// The journal (the store) failed; the run cannot go on without recording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct JournalError {
    /// What went wrong, said for a user.
    pub message: String,
}

impl JournalError {
    /// A journal error with this message.
    pub fn new(message: impl Into<String>) -> JournalError {
        JournalError {
            message: message.into(),
        }
    }
}

pub use synccentral_model::runs::{
    Action, ApiCalls, Checkpoint, Counts, GuardFinding, PriorRecord, RecordResult, RunId,
};

/// Which pipeline a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunKind {
    /// Records from an API into Salesforce.
    Import,
    /// Records from Salesforce out to an API or file.
    Export,
}

/// What is known when a run begins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunStart {
    /// The sync option's name.
    pub option: String,
    /// Import or export.
    pub kind: RunKind,
    /// The write an import makes (`None` for exports).
    pub operation: Option<WriteOp>,
    /// A dry run writes nothing and saves no checkpoint.
    pub dry_run: bool,
    /// When the run started.
    pub started_at: jiff::Timestamp,
    /// The incremental window's start, as handed to the source (`{{since}}`).
    pub since: Option<String>,
    /// The incremental window's end (`{{until}}`).
    pub until: Option<String>,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunStatus {
    /// Every record was read and has a result (some may have failed: see the counts).
    Succeeded,
    /// A source, target or sink failure ended the run early; see the message.
    Failed,
    /// The API quota share was reached; the next run resumes from the checkpoint.
    StoppedQuota,
    /// Cancelled between batches; the next run resumes from the checkpoint.
    Cancelled,
    /// Not run: a parent option it depends on did not succeed (the message names it).
    Skipped,
}

impl RunStatus {
    /// The wire name (`stopped-quota`).
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::StoppedQuota => "stopped-quota",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Skipped => "skipped",
        }
    }
}

/// How a run ended, as the journal stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunEnd {
    /// How it ended.
    pub status: RunStatus,
    /// The run's counts.
    pub counts: Counts,
    /// Why the run failed or stopped.
    pub message: Option<String>,
    /// When the run ended.
    pub finished_at: jiff::Timestamp,
    /// The API requests the run cost its org, when it talked to one that said.
    pub api_calls: Option<ApiCalls>,
}

/// An insert journaled before it was sent: if the run dies before its outcome is known, the
/// next run resolves it first (landed? then done; else sent again) so nothing doubles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingInsert {
    /// The record's key.
    pub source_key: String,
    /// The record as mapped, ready to send again.
    pub record: Value,
}

/// Persistence of runs, results, checkpoints and the insert journal. The store implements
/// it on SQLite; each method should be durable when it returns.
pub trait RunJournal: Sync {
    /// Records the start of a run and gives its id.
    fn begin_run(&self, run: &RunStart)
        -> impl Future<Output = Result<RunId, JournalError>> + Send;

    /// Appends results, in `seq` order.
    fn record_results(
        &self,
        run: RunId,
        results: &[RecordResult],
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Records how the run ended.
    fn finish_run(
        &self,
        run: RunId,
        end: &RunEnd,
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// The option's saved checkpoint.
    fn checkpoint(
        &self,
        option: &str,
    ) -> impl Future<Output = Result<Option<Checkpoint>, JournalError>> + Send;

    /// Replaces the option's checkpoint.
    fn save_checkpoint(
        &self,
        option: &str,
        checkpoint: &Checkpoint,
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Journals inserts about to be sent (before the call leaves).
    fn journal_pending(
        &self,
        option: &str,
        inserts: &[PendingInsert],
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Clears journaled inserts whose outcome is now recorded, by key.
    fn journal_done(
        &self,
        option: &str,
        keys: &[String],
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// The option's inserts journaled but never cleared, oldest first.
    fn pending_list(
        &self,
        option: &str,
    ) -> impl Future<Output = Result<Vec<PendingInsert>, JournalError>> + Send;

    /// Stores the prior values of a batch's updates, before the batch is written.
    fn record_priors(
        &self,
        run: RunId,
        priors: &[PriorRecord],
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Stores what the Day-Zero guard found in a batch.
    fn record_guard(
        &self,
        run: RunId,
        findings: &[GuardFinding],
    ) -> impl Future<Output = Result<(), JournalError>> + Send;
}

/// One run as [`MemoryJournal`] keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryRun {
    /// The run's id.
    pub id: RunId,
    /// How it started.
    pub start: RunStart,
    /// Its results, in the order recorded.
    pub results: Vec<RecordResult>,
    /// How it ended (`None` while running, or after a crash).
    pub end: Option<RunEnd>,
    /// The prior values of its updates.
    pub priors: Vec<PriorRecord>,
    /// What the Day-Zero guard found.
    pub findings: Vec<GuardFinding>,
}

#[derive(Debug, Default)]
struct MemoryState {
    runs: Vec<MemoryRun>,
    checkpoints: HashMap<String, Checkpoint>,
    pending: HashMap<String, Vec<PendingInsert>>,
}

/// A [`RunJournal`] in memory.
#[derive(Debug, Default)]
pub struct MemoryJournal {
    state: Mutex<MemoryState>,
}

impl MemoryJournal {
    /// An empty journal.
    pub fn new() -> MemoryJournal {
        MemoryJournal::default()
    }

    /// Every run so far, oldest first.
    pub fn runs(&self) -> Vec<MemoryRun> {
        self.lock().runs.clone()
    }

    /// The latest run.
    pub fn last_run(&self) -> Option<MemoryRun> {
        self.lock().runs.last().cloned()
    }

    /// The option's checkpoint, without going through the async trait.
    pub fn checkpoint_of(&self, option: &str) -> Option<Checkpoint> {
        self.lock().checkpoints.get(option).cloned()
    }

    /// The option's pending inserts, without going through the async trait.
    pub fn pending_of(&self, option: &str) -> Vec<PendingInsert> {
        self.lock().pending.get(option).cloned().unwrap_or_default()
    }

    /// Sets the option's checkpoint (e.g. to start a test from a given point).
    pub fn set_checkpoint(&self, option: &str, checkpoint: Checkpoint) {
        self.lock()
            .checkpoints
            .insert(option.to_string(), checkpoint);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run_mut<T>(
        &self,
        run: RunId,
        f: impl FnOnce(&mut MemoryRun) -> T,
    ) -> Result<T, JournalError> {
        let mut state = self.lock();
        let found = state.runs.iter_mut().find(|r| r.id == run);
        found
            .map(f)
            .ok_or_else(|| JournalError::new(format!("no run {}", run.0)))
    }
}

impl RunJournal for MemoryJournal {
    async fn begin_run(&self, run: &RunStart) -> Result<RunId, JournalError> {
        let mut state = self.lock();
        let id = RunId(state.runs.len() as i64 + 1);
        state.runs.push(MemoryRun {
            id,
            start: run.clone(),
            results: Vec::new(),
            end: None,
            priors: Vec::new(),
            findings: Vec::new(),
        });
        Ok(id)
    }

    async fn record_results(
        &self,
        run: RunId,
        results: &[RecordResult],
    ) -> Result<(), JournalError> {
        self.run_mut(run, |r| r.results.extend_from_slice(results))
    }

    async fn finish_run(&self, run: RunId, end: &RunEnd) -> Result<(), JournalError> {
        self.run_mut(run, |r| r.end = Some(end.clone()))
    }

    async fn checkpoint(&self, option: &str) -> Result<Option<Checkpoint>, JournalError> {
        Ok(self.checkpoint_of(option))
    }

    async fn save_checkpoint(
        &self,
        option: &str,
        checkpoint: &Checkpoint,
    ) -> Result<(), JournalError> {
        self.set_checkpoint(option, checkpoint.clone());
        Ok(())
    }

    async fn journal_pending(
        &self,
        option: &str,
        inserts: &[PendingInsert],
    ) -> Result<(), JournalError> {
        let mut state = self.lock();
        let list = state.pending.entry(option.to_string()).or_default();
        for insert in inserts {
            list.retain(|p| p.source_key != insert.source_key);
            list.push(insert.clone());
        }
        Ok(())
    }

    async fn journal_done(&self, option: &str, keys: &[String]) -> Result<(), JournalError> {
        if let Some(list) = self.lock().pending.get_mut(option) {
            list.retain(|p| !keys.contains(&p.source_key));
        }
        Ok(())
    }

    async fn pending_list(&self, option: &str) -> Result<Vec<PendingInsert>, JournalError> {
        Ok(self.pending_of(option))
    }

    async fn record_priors(&self, run: RunId, priors: &[PriorRecord]) -> Result<(), JournalError> {
        self.run_mut(run, |r| r.priors.extend_from_slice(priors))
    }

    async fn record_guard(
        &self,
        run: RunId,
        findings: &[GuardFinding],
    ) -> Result<(), JournalError> {
        self.run_mut(run, |r| r.findings.extend_from_slice(findings))
    }
}
