//! The settings screen's commands: export buttons (JSON, Excel, for support) writing into
//! the app's export folder, and a settings file's import preview and apply; each calls
//! `synccentral_api::settings` off the UI thread.

use super::sync::blocking;
use std::path::PathBuf;
use synccentral_api::settings::{self, AppExport, ExportedSettings, ImportPreview};
use synccentral_api::ApiError;
use tauri::{AppHandle, Runtime};

#[tauri::command]
pub async fn export_settings<R: Runtime>(
    app: AppHandle<R>,
    kind: AppExport,
) -> Result<ExportedSettings, ApiError> {
    blocking(app, move |w| settings::export_for_app(w, kind)).await
}

#[tauri::command]
pub async fn preview_settings_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Result<ImportPreview, ApiError> {
    blocking(app, move |w| {
        settings::import_for_app(w, &PathBuf::from(path), false)
    })
    .await
}

#[tauri::command]
pub async fn apply_settings_import<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Result<ImportPreview, ApiError> {
    blocking(app, move |w| {
        settings::import_for_app(w, &PathBuf::from(path), true)
    })
    .await
}
