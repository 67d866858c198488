//! The sync screens' commands: each calls `synccentral_api::sync` off the UI thread (the
//! API blocks) on the app's workspace, and returns its result as is. A run streams its
//! progress through a channel.

use serde_json::Value;
use synccentral_api::connections::{ConnectionAnswer, ConnectionView};
use synccentral_api::editor::MappingIssue;
use synccentral_api::options::references::{MappedRecord, ParentCheck};
use synccentral_api::options::{OptionView, OptionWorkspace};
use synccentral_api::runs::{ExportedRun, RunDetail, RunProgress, RunReport, RunView, RunWhich};
use synccentral_api::workspace::{AppWorkspace, WorkspaceInfo};
use synccentral_api::ApiError;
use synccentral_api::{connections, options, runs, workspace};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

/// The app's workspace: the command line's `--workspace PATH` (as the CLI takes it), else
/// `SYNCCENTRAL_WORKSPACE`, else the platform's data directory (else a file in the temporary
/// folder, on a platform without one).
pub fn app_workspace() -> AppWorkspace {
    if let Some(path) = workspace_arg(std::env::args_os().skip(1)) {
        return AppWorkspace::at(path);
    }
    AppWorkspace::locate().unwrap_or_else(|_| {
        AppWorkspace::at(
            std::env::temp_dir()
                .join("sync-central")
                .join("workspace.db"),
        )
    })
}

/// The path after `--workspace` (or in `--workspace=PATH`) among the app's arguments.
fn workspace_arg(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<std::path::PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--workspace" {
            return args.next().filter(|p| !p.is_empty()).map(Into::into);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--workspace=")) {
            return Some(path.into()).filter(|p: &std::path::PathBuf| !p.as_os_str().is_empty());
        }
    }
    None
}

/// Runs `f` on the app's workspace off the UI thread: what every command that reaches the
/// workspace, an org or an API does (the other command files call it too).
pub(crate) async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&AppWorkspace) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppWorkspace>()))
        .await
        .map_err(|e| ApiError::new("UNEXPECTED", e.to_string()))?
}

#[tauri::command]
pub async fn workspace_info<R: Runtime>(app: AppHandle<R>) -> Result<WorkspaceInfo, ApiError> {
    blocking(app, workspace::workspace_info).await
}

#[tauri::command]
pub async fn list_connections<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<ConnectionView>, ApiError> {
    blocking(app, connections::list_connections).await
}

#[tauri::command]
pub async fn save_connection<R: Runtime>(
    app: AppHandle<R>,
    original: Option<String>,
    document: Value,
) -> Result<(), ApiError> {
    blocking(app, move |w| {
        connections::save_connection(w, original.as_deref(), &document)
    })
    .await
}

#[tauri::command]
pub async fn remove_connection<R: Runtime>(
    app: AppHandle<R>,
    name: String,
) -> Result<(), ApiError> {
    blocking(app, move |w| connections::remove_connection(w, &name)).await
}

/// Logs in (Salesforce) or calls the API once (HTTP): at `path` when given, else the first
/// import's path, else `/` (which many APIs do not answer).
#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    path: Option<String>,
) -> Result<ConnectionAnswer, ApiError> {
    let probe = connections::HttpProbe {
        path: path.filter(|p| !p.trim().is_empty()),
        records_path: None,
    };
    blocking(app, move |w| connections::test_connection(w, &name, &probe)).await
}

/// "Log in with Salesforce": opens the system browser on the org's login page and waits
/// (up to five minutes) for the redirect; the refresh token is stored in the workspace.
#[tauri::command]
pub async fn log_in_connection<R: Runtime>(
    app: AppHandle<R>,
    name: String,
) -> Result<ConnectionAnswer, ApiError> {
    blocking(app, move |w| {
        connections::log_in_connection(w, &name, std::time::Duration::from_secs(300), |url| {
            connections::open_in_browser(url);
        })
    })
    .await
}

#[tauri::command]
pub async fn list_remote_sites<R: Runtime>(app: AppHandle<R>) -> Result<Vec<String>, ApiError> {
    blocking(app, connections::list_remote_sites).await
}

#[tauri::command]
pub async fn check_remote_site(url: String) -> Result<(), ApiError> {
    connections::check_remote_site(&url)
}

#[tauri::command]
pub async fn add_remote_site<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), ApiError> {
    blocking(app, move |w| connections::add_remote_site(w, &url)).await
}

#[tauri::command]
pub async fn remove_remote_site<R: Runtime>(
    app: AppHandle<R>,
    url: String,
) -> Result<(), ApiError> {
    blocking(app, move |w| connections::remove_remote_site(w, &url)).await
}

#[tauri::command]
pub async fn list_options<R: Runtime>(app: AppHandle<R>) -> Result<Vec<OptionView>, ApiError> {
    blocking(app, options::list_options).await
}

#[tauri::command]
pub async fn set_option_active<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    active: bool,
) -> Result<(), ApiError> {
    blocking(app, move |w| options::set_option_active(w, &name, active)).await
}

#[tauri::command]
pub async fn move_option<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    up: bool,
) -> Result<(), ApiError> {
    blocking(app, move |w| options::move_option(w, &name, up)).await
}

#[tauri::command]
pub async fn save_option<R: Runtime>(
    app: AppHandle<R>,
    original: Option<String>,
    document: Value,
) -> Result<(), ApiError> {
    blocking(app, move |w| {
        options::save_option(w, original.as_deref(), &document)
    })
    .await
}

/// The option as typed, checked with `config import`'s validation: problems by pointer.
#[tauri::command]
pub async fn check_option<R: Runtime>(
    app: AppHandle<R>,
    original: Option<String>,
    document: Value,
) -> Result<Vec<MappingIssue>, ApiError> {
    blocking(app, move |w| {
        options::check_option(w, original.as_deref(), &document)
    })
    .await
}

#[tauri::command]
pub async fn duplicate_option<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    new_name: String,
) -> Result<(), ApiError> {
    blocking(app, move |w| options::duplicate_option(w, &name, &new_name)).await
}

#[tauri::command]
pub async fn remove_option<R: Runtime>(app: AppHandle<R>, name: String) -> Result<(), ApiError> {
    blocking(app, move |w| options::remove_option(w, &name)).await
}

#[tauri::command]
pub async fn save_option_mapping<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    mapping: Value,
) -> Result<(), ApiError> {
    blocking(app, move |w| {
        options::save_option_mapping(w, &name, &mapping)
    })
    .await
}

#[tauri::command]
pub async fn option_workspace<R: Runtime>(
    app: AppHandle<R>,
    name: String,
) -> Result<OptionWorkspace, ApiError> {
    blocking(app, move |w| options::option_workspace(w, &name)).await
}

/// The lookups by external ID in the option's previewed records that name no record in its
/// org (see `options::references`).
#[tauri::command]
pub async fn check_option_parents<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    records: Vec<MappedRecord>,
) -> Result<ParentCheck, ApiError> {
    blocking(app, move |w| {
        options::references::check_parents(w, &name, &records)
    })
    .await
}

#[tauri::command]
pub async fn run_now<R: Runtime>(
    app: AppHandle<R>,
    which: RunWhich,
    on_progress: Channel<RunProgress>,
) -> Result<RunReport, ApiError> {
    blocking(app, move |w| {
        runs::run_now(w, &which, |p| {
            let _ = on_progress.send(p);
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_run<R: Runtime>(app: AppHandle<R>) -> Result<bool, ApiError> {
    blocking(app, |w| Ok(runs::cancel_run(w))).await
}

#[tauri::command]
pub async fn list_runs<R: Runtime>(app: AppHandle<R>) -> Result<Vec<RunView>, ApiError> {
    blocking(app, |w| runs::list_runs(w, 200)).await
}

#[tauri::command]
pub async fn run_detail<R: Runtime>(app: AppHandle<R>, id: i64) -> Result<RunDetail, ApiError> {
    blocking(app, move |w| runs::run_detail(w, id)).await
}

#[tauri::command]
pub async fn export_run<R: Runtime>(
    app: AppHandle<R>,
    id: i64,
    format: String,
) -> Result<ExportedRun, ApiError> {
    blocking(app, move |w| runs::export_run(w, id, &format)).await
}

#[tauri::command]
pub async fn set_up_demo<R: Runtime>(app: AppHandle<R>) -> Result<WorkspaceInfo, ApiError> {
    blocking(app, workspace::set_up_demo).await
}

#[cfg(test)]
mod tests {
    use super::workspace_arg;
    use serde_json::{json, Value};
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_workspace_comes_from_the_command_line_in_either_spelling() {
        assert_eq!(
            workspace_arg(args(&["--workspace", "/tmp/a.db"])),
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(
            workspace_arg(args(&["-x", "--workspace=/tmp/b.db"])),
            Some(PathBuf::from("/tmp/b.db"))
        );
        assert_eq!(workspace_arg(args(&["--workspace"])), None);
        assert_eq!(workspace_arg(args(&["--workspace="])), None);
        assert_eq!(workspace_arg(args(&[])), None);
    }

    #[test]
    fn remote_sites_reach_the_workspace_and_a_refused_one_is_a_coded_error() {
        let dir = std::env::temp_dir().join(format!("sc-shell-sync-{}", std::process::id()));
        std::env::set_var(
            synccentral_api::workspace::WORKSPACE_ENV,
            dir.join("workspace.db"),
        );
        let ui = crate::commands::mock_ui::MockUi::new();
        let invoke = |cmd: &str, args: Value| ui.invoke(cmd, args);
        let anonymous = invoke("list_runs", json!({})).expect_err("sign in first");
        assert_eq!(anonymous["code"], "NOT_SIGNED_IN");
        invoke(
            "log_in",
            json!({"user": "admin", "password": "sync-central"}),
        )
        .expect("in");
        invoke(
            "change_password",
            json!({"current": "sync-central", "new": "shell test password"}),
        )
        .expect("changed");
        let refused = invoke("add_remote_site", json!({"url": "http://example.com"}))
            .expect_err("plain http off loopback is refused");
        assert_eq!(refused["code"], "INVALID_CONFIG");
        invoke("add_remote_site", json!({"url": "https://example.com"})).expect("added");
        let sites = invoke("list_remote_sites", json!({})).expect("listed");
        assert_eq!(sites, json!(["https://example.com"]));
        let runs = invoke("list_runs", json!({})).expect("no runs yet");
        assert_eq!(runs, json!([]));
        // The parent check takes the preview's records as the UI sends them.
        let records = json!([{"index": 0, "fields": {"Account__r": {
            "attributes": {"type": "Account"}, "External_Id__c": "A-1"}}}]);
        let missing = invoke(
            "check_option_parents",
            json!({"name": "nope", "records": records}),
        )
        .expect_err("no such option");
        assert_eq!(missing["code"], "NOT_FOUND");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
