//! The workspace store as the runs' [`RunJournal`]: one SQLite workspace behind a mutex
//! (a `Workspace` is `Send` but not `Sync`; every call is short and synchronous, so the
//! lock is never held across an await).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use synccentral_runner::journal::{
    Checkpoint, GuardFinding, JournalError, PendingInsert, PriorRecord, RecordResult, RunEnd,
    RunId, RunJournal, RunStart, RunStatus,
};
use synccentral_store as store;
use synccentral_store::Workspace;

/// The store's journal for a command's runs.
#[derive(Debug)]
pub struct StoreJournal {
    ws: Mutex<Workspace>,
    /// `--full`: runs start without the saved checkpoint (a new one is still saved).
    ignore_checkpoints: AtomicBool,
    /// Retries: the checkpoint neither read nor moved (the records retried are old ones).
    retry: AtomicBool,
    /// Runs of the push/pull endpoints: recorded with this mode, checkpoints untouched.
    endpoint: Mutex<Option<store::RunMode>>,
}

impl StoreJournal {
    /// Wraps an open workspace.
    pub fn new(ws: Workspace) -> StoreJournal {
        StoreJournal {
            ws: Mutex::new(ws),
            ignore_checkpoints: AtomicBool::new(false),
            retry: AtomicBool::new(false),
            endpoint: Mutex::new(None),
        }
    }

    /// The workspace, for the calls the runs do not make through the trait.
    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        self.ws.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Gives the workspace back.
    pub fn into_inner(self) -> Workspace {
        self.ws.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs from here on read everything (`--full`): the checkpoint is not read.
    pub fn set_ignore_checkpoints(&self, yes: bool) {
        self.ignore_checkpoints.store(yes, Ordering::SeqCst);
    }

    /// Runs from here on are retries: recorded with mode `retry`, checkpoints untouched.
    pub fn set_retry(&self, yes: bool) {
        self.retry.store(yes, Ordering::SeqCst);
    }

    /// Runs from here on come from the push or pull endpoint (`Push` / `Pull`): recorded
    /// with that mode, checkpoints neither read nor saved (the records are not a window of
    /// the source).
    pub fn set_endpoint(&self, mode: Option<store::RunMode>) {
        *self.endpoint.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    fn endpoint(&self) -> Option<store::RunMode> {
        *self.endpoint.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Workspace) -> Result<T, store::StoreError>,
    ) -> Result<T, JournalError> {
        f(&self.workspace()).map_err(|e| JournalError::new(format!("workspace: {e}")))
    }
}

/// The store's status for how a run ended: a run that went through with failed records is
/// `partial` in the store.
pub fn status_to_store(end: &RunEnd) -> store::RunStatus {
    match end.status {
        RunStatus::Succeeded if end.counts.failed > 0 => store::RunStatus::Partial,
        RunStatus::Succeeded => store::RunStatus::Succeeded,
        RunStatus::Failed => store::RunStatus::Failed,
        RunStatus::StoppedQuota => store::RunStatus::StoppedQuota,
        RunStatus::Cancelled => store::RunStatus::Cancelled,
        RunStatus::Skipped => store::RunStatus::Skipped,
    }
}

impl RunJournal for StoreJournal {
    async fn begin_run(&self, run: &RunStart) -> Result<RunId, JournalError> {
        let mode = if let Some(mode) = self.endpoint() {
            mode
        } else if run.dry_run {
            store::RunMode::DryRun
        } else if self.retry.load(Ordering::SeqCst) {
            store::RunMode::Retry
        } else if run.since.is_some() {
            store::RunMode::Incremental
        } else {
            store::RunMode::Full
        };
        self.with(|ws| ws.begin_run(&run.option, mode, run.started_at))
    }

    async fn record_results(
        &self,
        run: RunId,
        results: &[RecordResult],
    ) -> Result<(), JournalError> {
        self.with(|ws| ws.record_results(run, results))
    }

    async fn finish_run(&self, run: RunId, end: &RunEnd) -> Result<(), JournalError> {
        self.with(|ws| {
            if let Some(calls) = end.api_calls {
                ws.set_run_api_calls(run, calls)?;
            }
            ws.finish_run(
                run,
                status_to_store(end),
                end.counts,
                end.message.as_deref(),
                end.finished_at,
            )
        })
    }

    async fn checkpoint(&self, option: &str) -> Result<Option<Checkpoint>, JournalError> {
        if self.ignore_checkpoints.load(Ordering::SeqCst)
            || self.retry.load(Ordering::SeqCst)
            || self.endpoint().is_some()
        {
            return Ok(None);
        }
        self.with(|ws| ws.checkpoint(option))
    }

    async fn save_checkpoint(
        &self,
        option: &str,
        checkpoint: &Checkpoint,
    ) -> Result<(), JournalError> {
        if self.retry.load(Ordering::SeqCst) || self.endpoint().is_some() {
            return Ok(());
        }
        self.with(|ws| ws.save_checkpoint(option, checkpoint, jiff::Timestamp::now()))
    }

    async fn journal_pending(
        &self,
        option: &str,
        inserts: &[PendingInsert],
    ) -> Result<(), JournalError> {
        let entries: Vec<(String, serde_json::Value)> = inserts
            .iter()
            .map(|p| (p.source_key.clone(), p.record.clone()))
            .collect();
        self.with(|ws| ws.journal_pending(option, &entries))
    }

    async fn journal_done(&self, option: &str, keys: &[String]) -> Result<(), JournalError> {
        self.with(|ws| ws.journal_clear(option, keys))
    }

    async fn pending_list(&self, option: &str) -> Result<Vec<PendingInsert>, JournalError> {
        let entries = self.with(|ws| ws.journal_pending_list(option))?;
        Ok(entries
            .into_iter()
            .filter_map(|e| {
                e.payload.map(|record| PendingInsert {
                    source_key: e.source_key,
                    record,
                })
            })
            .collect())
    }

    async fn record_priors(&self, run: RunId, priors: &[PriorRecord]) -> Result<(), JournalError> {
        self.with(|ws| ws.record_priors(run, priors))
    }

    async fn record_guard(
        &self,
        run: RunId,
        findings: &[GuardFinding],
    ) -> Result<(), JournalError> {
        self.with(|ws| ws.record_guard_findings(run, findings))
    }
}
