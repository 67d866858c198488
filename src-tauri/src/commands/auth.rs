//! The login screen's, password change's, Users screen's and Audit log's commands: each
//! calls `synccentral_api::users` off the UI thread on the app's workspace, whose session
//! (the signed-in user and role) every other command's role check reads.

use super::sync::blocking;
use synccentral_api::users::{self as auth, AuditView, Session, UserView};
use synccentral_api::workspace::AppWorkspace;
use synccentral_api::ApiError;
use tauri::{AppHandle, Manager, Runtime};

#[tauri::command]
pub async fn log_in<R: Runtime>(
    app: AppHandle<R>,
    user: String,
    password: String,
) -> Result<Session, ApiError> {
    blocking(app, move |w| auth::log_in(w, &user, &password)).await
}

#[tauri::command]
pub fn log_out<R: Runtime>(app: AppHandle<R>) {
    auth::log_out(&app.state::<AppWorkspace>());
}

#[tauri::command]
pub fn current_session<R: Runtime>(app: AppHandle<R>) -> Option<Session> {
    auth::current_session(&app.state::<AppWorkspace>())
}

#[tauri::command]
pub async fn change_password<R: Runtime>(
    app: AppHandle<R>,
    current: String,
    new: String,
) -> Result<Session, ApiError> {
    blocking(app, move |w| auth::change_password(w, &current, &new)).await
}

#[tauri::command]
pub async fn list_users<R: Runtime>(app: AppHandle<R>) -> Result<Vec<UserView>, ApiError> {
    blocking(app, auth::list_users).await
}

#[tauri::command]
pub async fn add_user<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    role: String,
    password: String,
) -> Result<UserView, ApiError> {
    blocking(app, move |w| auth::add_user(w, &name, &role, &password)).await
}

#[tauri::command]
pub async fn reset_password<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    password: String,
) -> Result<UserView, ApiError> {
    blocking(app, move |w| auth::reset_password(w, &name, &password)).await
}

#[tauri::command]
pub async fn audit_log<R: Runtime>(
    app: AppHandle<R>,
    limit: Option<usize>,
) -> Result<Vec<AuditView>, ApiError> {
    blocking(app, move |w| auth::audit_log(w, limit.unwrap_or(200))).await
}
