//! The run log: the runs kept, one run with its records, the Day-Zero guard's findings, its
//! undo links and warnings, the success and error files, and how many runs are kept. The
//! app's Runs screen and `synccentral runs` read it here.

use super::{run_view, RunView};
use crate::workspace::{store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use std::path::{Path, PathBuf};
use synccentral_store::{
    ExportedFiles, FileFormat, GuardFinding, RecordFilter, RecordResult, Run, RunId, RUNS_KEEP,
};
use ts_rs::TS;

/// The latest `limit` runs, newest first, as stored.
pub fn latest_runs(app: &AppWorkspace, limit: usize) -> Result<Vec<Run>, ApiError> {
    crate::users::require_user(app)?;
    app.open()?.list_runs(limit).map_err(store_error)
}

/// The latest runs, newest first, as the Runs screen lists them.
pub fn list_runs(app: &AppWorkspace, limit: usize) -> Result<Vec<RunView>, ApiError> {
    Ok(latest_runs(app, limit)?.iter().map(run_view).collect())
}

/// A run with what it left behind.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRecords {
    pub run: Run,
    /// Its records (as `filter` chose them), in read order.
    pub records: Vec<RecordResult>,
    /// The target fields the source would have blanked.
    pub guard: Vec<GuardFinding>,
    /// The run this one undid.
    pub undo_of: Option<RunId>,
    /// The run that undid this one.
    pub undone_by: Option<RunId>,
    pub warnings: Vec<String>,
}

/// Run `id` with its records (`filter`), guard findings, undo links and warnings.
pub fn run_records(
    app: &AppWorkspace,
    id: i64,
    filter: RecordFilter,
) -> Result<RunRecords, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let id = RunId(id);
    let read = || -> Result<RunRecords, synccentral_store::StoreError> {
        Ok(RunRecords {
            run: ws.run(id)?,
            records: ws.run_records(id, filter)?,
            guard: ws.guard_findings(id)?,
            undo_of: ws.undo_of(id)?,
            undone_by: ws.undone_by(id)?,
            warnings: ws.run_warnings(id)?,
        })
    };
    read().map_err(store_error)
}

/// One record's result in a run.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    #[ts(type = "number")]
    pub seq: u64,
    pub source_key: Option<String>,
    pub target_id: Option<String>,
    pub action: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// A run with its records, failures first.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunDetail {
    pub run: RunView,
    pub records: Vec<RecordView>,
}

/// A run and its per-record results (failed records first, then in read order).
pub fn run_detail(app: &AppWorkspace, id: i64) -> Result<RunDetail, ApiError> {
    let found = run_records(app, id, RecordFilter::All)?;
    let mut records: Vec<RecordView> = found
        .records
        .into_iter()
        .map(|r| RecordView {
            seq: r.seq,
            source_key: r.source_key,
            target_id: r.target_id,
            action: r.action.as_str().to_string(),
            error_code: r.error_code,
            error_message: r.error_message,
        })
        .collect();
    records.sort_by_key(|r| (r.action != "failed", r.seq));
    Ok(RunDetail {
        run: run_view(&found.run),
        records,
    })
}

/// The files an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedRun {
    pub success: String,
    pub errors: String,
    #[ts(type = "number")]
    pub success_rows: usize,
    #[ts(type = "number")]
    pub error_rows: usize,
}

/// Writes run `id`'s success and error files as `format` into `dir` (created when missing;
/// default: the `exports` folder next to the workspace).
pub fn export_run_files(
    app: &AppWorkspace,
    id: i64,
    format: FileFormat,
    dir: Option<&Path>,
) -> Result<ExportedFiles, ApiError> {
    crate::users::require_user(app)?;
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => app
            .path
            .parent()
            .map(|p| p.join("exports"))
            .unwrap_or_else(|| PathBuf::from("exports")),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, format!("{}: {e}", dir.display())))?;
    app.open()?
        .export_run(RunId(id), format, &dir)
        .map_err(store_error)
}

/// Writes a run's success and error files (`csv` or `xlsx`) into the `exports` folder next
/// to the workspace.
pub fn export_run(app: &AppWorkspace, id: i64, format: &str) -> Result<ExportedRun, ApiError> {
    let format = match format {
        "csv" => FileFormat::Csv,
        "xlsx" => FileFormat::Xlsx,
        other => {
            return Err(ApiError::new(
                codes::INVALID_CONFIG,
                format!("unknown export format \"{other}\": use csv or xlsx"),
            ))
        }
    };
    let files = export_run_files(app, id, format, None)?;
    Ok(ExportedRun {
        success: files.success.display().to_string(),
        errors: files.errors.display().to_string(),
        success_rows: files.success_rows,
        error_rows: files.error_rows,
    })
}

/// How many runs the workspace keeps; with `keep`, sets it first (an admin's change) and
/// removes the older runs, giving how many went.
pub fn keep_runs(app: &AppWorkspace, keep: Option<usize>) -> Result<(usize, usize), ApiError> {
    match keep {
        Some(_) => crate::users::require_admin(app)?,
        None => crate::users::require_user(app)?,
    };
    let ws = app.open()?;
    let removed = match keep {
        Some(n) => {
            ws.set_setting(RUNS_KEEP, &n.to_string())
                .map_err(store_error)?;
            ws.prune_runs(n).map_err(store_error)?
        }
        None => 0,
    };
    Ok((ws.runs_keep().map_err(store_error)?, removed))
}
