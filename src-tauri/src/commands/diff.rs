//! The diff viewer's commands: each calls `synccentral_api::diff` off the UI thread (a diff
//! fetches both sides, a re-sync runs the option) on the app's workspace, and returns its
//! result as is: a value, or `{code, message}`.

use super::sync::blocking;
use synccentral_api::reconcile::{self as diff, DiffQuery, DiffView, ResyncView};
use synccentral_api::ApiError;
use tauri::{AppHandle, Runtime};

/// The summary and one page of rows of `option`'s diff (computed on first call, or again
/// with `query.refresh`).
#[tauri::command]
pub async fn diff_option<R: Runtime>(
    app: AppHandle<R>,
    option: String,
    query: DiffQuery,
) -> Result<DiffView, ApiError> {
    blocking(app, move |w| diff::diff_option(w, &option, &query)).await
}

/// Pushes the source values of `keys` through a real run of `option`, then compares again.
#[tauri::command]
pub async fn diff_resync<R: Runtime>(
    app: AppHandle<R>,
    option: String,
    keys: Vec<String>,
) -> Result<ResyncView, ApiError> {
    blocking(app, move |w| diff::resync(w, &option, &keys)).await
}

/// Accepts the rows of `keys` as they are now; returns the keys accepted.
#[tauri::command]
pub async fn diff_accept<R: Runtime>(
    app: AppHandle<R>,
    option: String,
    keys: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    blocking(app, move |w| diff::accept(w, &option, &keys)).await
}

/// Writes the rows `query` selects to a `csv`, `xlsx` or `json` file beside the workspace;
/// returns its path.
#[tauri::command]
pub async fn export_diff<R: Runtime>(
    app: AppHandle<R>,
    option: String,
    query: DiffQuery,
    format: String,
) -> Result<String, ApiError> {
    blocking(app, move |w| diff::export_diff(w, &option, &query, &format)).await
}
