//! Runs: run now with progress and cancel, the run log with per-record results, the export of
//! a run's success and error files; and, in the submodules, the runs of a workspace's options
//! end to end (`execute`), the run graph (`graph`), the store as the runs' journal (`journal`),
//! the connectors' adapters (`salesforce`, `httpapi`) and the configuration's conversion.

pub mod convert;
pub mod current;
pub mod execute;
pub mod graph;
pub mod httpapi;
pub mod journal;
pub mod log;
pub mod matching;
pub mod salesforce;
pub mod source;

pub use execute::*;
pub use log::{
    export_run, export_run_files, keep_runs, latest_runs, list_runs, run_detail, run_records,
    ExportedRun, RecordView, RunDetail, RunRecords,
};

use crate::workspace::{runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::{Deserialize, Serialize};
// The runner's and the store's own types the hosts use with these functions.
pub use synccentral_runner::{CancelToken, RunEvent, RunSummary};
pub use synccentral_store::{FileFormat, RecordFilter, RunId, RUNS_KEEP};
use ts_rs::TS;

/// Record counts of a run.
pub use synccentral_model::runs::Counts;

/// What a run streams to the Run screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// `started`, `progress` or `finished`.
    pub kind: String,
    pub option: String,
    pub counts: Counts,
    /// How the run ended (`finished` only): succeeded, failed, stopped-quota, cancelled.
    pub status: Option<String>,
    pub message: Option<String>,
}

impl RunProgress {
    fn of(e: &RunEvent) -> RunProgress {
        match e {
            RunEvent::Started { option, .. } => RunProgress {
                kind: "started".into(),
                option: option.clone(),
                counts: Counts::default(),
                status: None,
                message: None,
            },
            RunEvent::Progress { option, counts } => RunProgress {
                kind: "progress".into(),
                option: option.clone(),
                counts: *counts,
                status: None,
                message: None,
            },
            RunEvent::Finished {
                option,
                status,
                counts,
                message,
            } => RunProgress {
                kind: "finished".into(),
                option: option.clone(),
                counts: *counts,
                status: Some(status.as_str().to_string()),
                message: message.clone(),
            },
        }
    }
}

/// A run as the run log lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    #[ts(type = "number")]
    pub id: i64,
    pub option: String,
    /// `normal`, `full`, `dry-run`, `retry`.
    pub mode: String,
    pub status: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub counts: Counts,
    pub error: Option<String>,
    /// The API requests the run cost its org, when it talked to one that said.
    pub api_calls: Option<synccentral_model::ApiCalls>,
}

pub(crate) fn run_view(r: &synccentral_store::Run) -> RunView {
    RunView {
        id: r.id.0,
        option: r.option.clone(),
        mode: r.mode.as_str().to_string(),
        status: r.status.as_str().to_string(),
        started_at: r.started_at.to_string(),
        finished_at: r.finished_at.map(|t| t.to_string()),
        counts: r.counts,
        error: r.error.clone(),
        api_calls: r.api_calls,
    }
}

/// Which options "Run now" runs.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RunWhich {
    /// Every active option, parents first.
    All,
    /// This option, active or not.
    Option { name: String },
}

/// What "Run now" did: one line per run, in run order.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    pub runs: Vec<RunView>,
}

/// Runs options now, sending their progress to `on_progress`; [`cancel_run`] stops it
/// between batches. One run at a time, under the options' workspace locks (an option the
/// app's scheduler, a daemon or an endpoint is running: `ALREADY_RUNNING`, nothing runs).
pub fn run_now(
    app: &AppWorkspace,
    which: &RunWhich,
    on_progress: impl Fn(RunProgress) + Sync,
) -> Result<RunReport, ApiError> {
    crate::users::require_user(app)?;
    let cancel = CancelToken::new();
    {
        let mut running = app
            .running
            .lock()
            .map_err(|_| ApiError::new(codes::WORKSPACE_ERROR, "the run state is poisoned"))?;
        if running.is_some() {
            return Err(ApiError::new(
                codes::RUN_IN_PROGRESS,
                "a run is already going",
            ));
        }
        *running = Some(cancel.clone());
    }
    // The options' workspace locks, as the daemon, the app's scheduler and the endpoints
    // take them: an option running elsewhere is not run twice.
    let selection = selection_of(which);
    let result = crate::orchestration::with_option_locks(app, &selection, |held| {
        let progress = |p: RunProgress| {
            held.beat();
            on_progress(p);
        };
        run_inner(app, which, &progress, &cancel)
    });
    if let Ok(mut running) = app.running.lock() {
        *running = None;
    }
    result
}

fn selection_of(which: &RunWhich) -> Selection {
    match which {
        RunWhich::All => Selection::All,
        RunWhich::Option { name } => Selection::Option(name.clone()),
    }
}

fn run_inner(
    app: &AppWorkspace,
    which: &RunWhich,
    on_progress: &(dyn Fn(RunProgress) + Sync),
    cancel: &CancelToken,
) -> Result<RunReport, ApiError> {
    let selection = selection_of(which);
    let journal = StoreJournal::new(app.open()?);
    let events = |e: &RunEvent| on_progress(RunProgress::of(e));
    let result = runtime().block_on(crate::runs::run_workspace(
        &journal,
        &RunRequest::new(selection),
        &events,
        cancel,
    ));
    let runs = result.map_err(ApiError::from)?;
    let ws = journal.into_inner();
    let views = runs
        .outcomes
        .iter()
        .map(|o| {
            ws.run(RunId(o.run.0))
                .map(|r| run_view(&r))
                .map_err(store_error)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RunReport { runs: views })
}

/// Runs `request`'s options as `synccentral run` does (its events to `events`, `cancel`
/// stopping it between batches), on the service runtime, under the options' workspace locks
/// with their heartbeat: an option running elsewhere refuses the lot (`ALREADY_RUNNING`),
/// nothing runs. The inner result is the run's own (configuration problems, the journal).
pub fn run_options(
    app: &AppWorkspace,
    request: &RunRequest,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<Result<WorkspaceRuns, WireError>, ApiError> {
    crate::users::require_user(app)?;
    crate::orchestration::with_option_locks(app, &request.selection, |held| {
        let journal = StoreJournal::new(app.open()?);
        Ok(runtime().block_on(held.run(run_workspace(&journal, request, events, cancel))))
    })
}

/// The field-level changes of dry import runs, by option.
pub type DryChanges = Vec<(String, Vec<crate::reconcile::diff::RecordChanges>)>;

/// What each dry run of `runs` would change, field by field, by option; options that are
/// not imports are left out, those whose changes cannot be read are named in the notes.
pub fn dry_run_changes(
    app: &AppWorkspace,
    runs: &WorkspaceRuns,
) -> Result<(DryChanges, Vec<String>), ApiError> {
    crate::users::require_user(app)?;
    let journal = StoreJournal::new(app.open()?);
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    runtime().block_on(async {
        for o in &runs.outcomes {
            match crate::reconcile::diff::dry_run_changes(&journal, &o.option, o.run.0, None).await
            {
                Ok(c) => changes.push((o.option.clone(), c)),
                Err(WireError::Config(p))
                    if p.iter().any(|p| p.message.contains("is not an import")) => {}
                Err(e) => notes.push(format!(
                    "{}: the field changes could not be read: {e}",
                    o.option
                )),
            }
        }
    });
    Ok((changes, notes))
}

/// Stops `cancel` when the user presses Ctrl-C (a host's terminal), so a run stops between
/// batches.
pub fn cancel_on_ctrl_c(cancel: &CancelToken) {
    let c = cancel.clone();
    runtime().spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            c.cancel();
        }
    });
}

/// Stops `cancel` on Ctrl-C or, on Unix, SIGTERM (a service manager stopping a daemon).
pub fn cancel_on_stop_signals(cancel: &CancelToken) {
    cancel_on_ctrl_c(cancel);
    #[cfg(unix)]
    {
        let c = cancel.clone();
        runtime().spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            if let Ok(mut term) = signal(SignalKind::terminate()) {
                term.recv().await;
                c.cancel();
            }
        });
    }
}

/// Asks the run going on to stop after its current batch. False when nothing runs.
pub fn cancel_run(app: &AppWorkspace) -> bool {
    if crate::users::require_user(app).is_err() {
        return false;
    }
    match app.running.lock().ok().and_then(|r| r.clone()) {
        Some(token) => {
            token.cancel();
            true
        }
        None => false,
    }
}
