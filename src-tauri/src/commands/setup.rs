//! Setting a sync up: Fetch sample on an HTTP connection, another org's first records, and
//! the org's objects and an object's fields, each the service function `synccentral sample
//! fetch` and `synccentral describe` call too.

use super::sync::blocking;
use synccentral_api::editor::TargetObject;
use synccentral_api::setup::{
    self, FilterCheck, ObjectSummary, OrgSample, PayloadPreview, SampleReport, SampleRequest,
};
use synccentral_api::ApiError;
use tauri::{AppHandle, Runtime};

#[tauri::command]
pub async fn fetch_sample<R: Runtime>(
    app: AppHandle<R>,
    request: SampleRequest,
) -> Result<SampleReport, ApiError> {
    blocking(app, move |w| setup::fetch_sample(w, &request)).await
}

#[tauri::command]
pub async fn list_objects<R: Runtime>(
    app: AppHandle<R>,
    connection: String,
) -> Result<Vec<ObjectSummary>, ApiError> {
    blocking(app, move |w| setup::list_objects(w, &connection)).await
}

#[tauri::command]
pub async fn describe_object<R: Runtime>(
    app: AppHandle<R>,
    connection: String,
    object: String,
) -> Result<TargetObject, ApiError> {
    blocking(app, move |w| {
        setup::describe_object(w, &connection, &object)
    })
    .await
}

#[tauri::command]
pub async fn describe_object_json<R: Runtime>(
    app: AppHandle<R>,
    connection: String,
    object: String,
) -> Result<String, ApiError> {
    blocking(app, move |w| {
        setup::describe_object_json(w, &connection, &object)
    })
    .await
}

#[tauri::command]
pub async fn preview_payload<R: Runtime>(
    app: AppHandle<R>,
    option: String,
    records: usize,
) -> Result<PayloadPreview, ApiError> {
    blocking(app, move |w| setup::preview_payload(w, &option, records)).await
}

/// An export's filter checked against the org's describes as it is typed.
#[tauri::command]
pub async fn check_filter<R: Runtime>(
    app: AppHandle<R>,
    connection: String,
    object: String,
    condition: String,
) -> Result<FilterCheck, ApiError> {
    blocking(app, move |w| {
        setup::check_filter(w, &connection, &object, &condition)
    })
    .await
}

/// The first records of another org's object, for an import from that org.
#[tauri::command]
pub async fn org_sample<R: Runtime>(
    app: AppHandle<R>,
    connection: String,
    object: String,
    condition: Option<String>,
    limit: u32,
) -> Result<OrgSample, ApiError> {
    blocking(app, move |w| {
        setup::org_sample(w, &connection, &object, condition.as_deref(), limit)
    })
    .await
}
