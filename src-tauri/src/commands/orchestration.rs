//! The orchestration screens' commands (plan view, schedule editor, endpoint toggle): each
//! calls `synccentral_api::orchestration` off the UI thread and returns its result as is.
//! The app's scheduler starts with the app ([`start_scheduler`]).

use synccentral_api::orchestration::{
    self as orch, CronPreview, EndpointView, NewToken, Orchestration, PlanView, ScheduleRow,
    ScheduleView, SchedulerStatus,
};
use synccentral_api::runs::{RunProgress, RunReport};
use synccentral_api::workspace::AppWorkspace;
use synccentral_api::ApiError;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

/// [`super::sync::blocking`] with the app's scheduler and endpoint as well.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&AppWorkspace, &Orchestration) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let handle = app.clone();
    super::sync::blocking(app, move |w| f(w, &handle.state::<Orchestration>())).await
}

/// The app's scheduler and endpoint, over the same workspace file as the sync screens.
pub fn state() -> Orchestration {
    Orchestration::new(&super::sync::app_workspace())
}

/// Starts the app's scheduler on the app's workspace (called once the app is set up).
pub fn start_scheduler<R: Runtime>(app: &AppHandle<R>) {
    orch::start_scheduler(&app.state::<Orchestration>(), orch::LOOK_EVERY);
}

#[tauri::command]
pub async fn plan_view<R: Runtime>(app: AppHandle<R>) -> Result<PlanView, ApiError> {
    blocking(app, |w, _| orch::plan_view(w, jiff::Timestamp::now())).await
}

#[tauri::command]
pub async fn list_schedules<R: Runtime>(app: AppHandle<R>) -> Result<Vec<ScheduleRow>, ApiError> {
    blocking(app, |w, _| orch::list_schedules(w, jiff::Timestamp::now())).await
}

#[tauri::command]
pub async fn describe_cron(
    cron: String,
    timezone: Option<String>,
) -> Result<CronPreview, ApiError> {
    orch::describe_cron(&cron, timezone.as_deref(), jiff::Timestamp::now())
}

#[tauri::command]
pub async fn save_schedule<R: Runtime>(
    app: AppHandle<R>,
    index: Option<usize>,
    schedule: ScheduleView,
) -> Result<(), ApiError> {
    blocking(app, move |w, _| orch::save_schedule(w, index, &schedule)).await
}

#[tauri::command]
pub async fn remove_schedule<R: Runtime>(app: AppHandle<R>, index: usize) -> Result<(), ApiError> {
    blocking(app, move |w, _| orch::remove_schedule(w, index)).await
}

#[tauri::command]
pub async fn scheduler_status<R: Runtime>(app: AppHandle<R>) -> Result<SchedulerStatus, ApiError> {
    blocking(app, orch::scheduler_status).await
}

#[tauri::command]
pub async fn run_option_now<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    on_progress: Channel<RunProgress>,
) -> Result<RunReport, ApiError> {
    blocking(app, move |w, _| {
        orch::run_option_now(w, &name, |p| {
            let _ = on_progress.send(p);
        })
    })
    .await
}

#[tauri::command]
pub async fn endpoint_status<R: Runtime>(app: AppHandle<R>) -> Result<EndpointView, ApiError> {
    blocking(app, orch::endpoint_status).await
}

#[tauri::command]
pub async fn start_endpoint<R: Runtime>(
    app: AppHandle<R>,
    port: u16,
) -> Result<EndpointView, ApiError> {
    blocking(app, move |w, o| orch::start_endpoint(w, o, port)).await
}

#[tauri::command]
pub async fn stop_endpoint<R: Runtime>(app: AppHandle<R>) -> Result<EndpointView, ApiError> {
    blocking(app, orch::stop_endpoint).await
}

#[tauri::command]
pub async fn create_token<R: Runtime>(
    app: AppHandle<R>,
    option: String,
) -> Result<NewToken, ApiError> {
    blocking(app, move |w, o| orch::create_token(w, o, &option)).await
}
