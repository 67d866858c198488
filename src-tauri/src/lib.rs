//! The desktop shell: wiring only (plugins, state, commands). Behaviour lives in crates/.
//! The file dialog plugin gives the editor native Open…/Save as… dialogs (through the
//! `pick_file` command, never the window directly).

mod commands;

use tauri::{Builder, Runtime};

/// Registers the shell's commands on a builder. Generic over the runtime so the tests can
/// drive the same wiring through Tauri's mock runtime, without a window.
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .manage(commands::sync::app_workspace())
        .manage(commands::orchestration::state())
        .invoke_handler(tauri::generate_handler![
            commands::preview::demo_preview,
            commands::editor::preview_mapping,
            commands::editor::check_mapping,
            commands::editor::suggest_mapping,
            commands::editor::test_mapping,
            commands::editor::describe_fields,
            commands::editor::source_paths,
            commands::editor::demo_workspace,
            commands::editor::pick_file,
            commands::editor::read_text_file,
            commands::editor::read_sample_file,
            commands::editor::write_text_file,
            commands::timing::report_timing,
            commands::sync::workspace_info,
            commands::sync::list_connections,
            commands::sync::save_connection,
            commands::sync::remove_connection,
            commands::sync::test_connection,
            commands::sync::log_in_connection,
            commands::setup::fetch_sample,
            commands::setup::list_objects,
            commands::setup::describe_object,
            commands::setup::describe_object_json,
            commands::setup::preview_payload,
            commands::setup::check_filter,
            commands::setup::org_sample,
            commands::sync::list_remote_sites,
            commands::sync::check_remote_site,
            commands::sync::add_remote_site,
            commands::sync::remove_remote_site,
            commands::sync::list_options,
            commands::sync::set_option_active,
            commands::sync::move_option,
            commands::sync::save_option,
            commands::sync::check_option,
            commands::sync::duplicate_option,
            commands::sync::remove_option,
            commands::sync::save_option_mapping,
            commands::sync::option_workspace,
            commands::sync::check_option_parents,
            commands::sync::run_now,
            commands::sync::cancel_run,
            commands::sync::list_runs,
            commands::sync::run_detail,
            commands::sync::export_run,
            commands::sync::set_up_demo,
            commands::settings::export_settings,
            commands::settings::preview_settings_import,
            commands::settings::apply_settings_import,
            commands::auth::log_in,
            commands::auth::log_out,
            commands::auth::current_session,
            commands::auth::change_password,
            commands::auth::list_users,
            commands::auth::add_user,
            commands::auth::reset_password,
            commands::auth::audit_log,
            commands::orchestration::plan_view,
            commands::orchestration::list_schedules,
            commands::orchestration::describe_cron,
            commands::orchestration::save_schedule,
            commands::orchestration::remove_schedule,
            commands::orchestration::scheduler_status,
            commands::orchestration::run_option_now,
            commands::orchestration::endpoint_status,
            commands::orchestration::start_endpoint,
            commands::orchestration::stop_endpoint,
            commands::orchestration::create_token,
            commands::diff::diff_option,
            commands::diff::diff_resync,
            commands::diff::diff_accept,
            commands::diff::export_diff,
        ])
}

/// Starts the desktop app.
pub fn run() {
    #[cfg(target_os = "linux")]
    webview_settings::before_start();
    with_commands(Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            #[cfg(target_os = "linux")]
            webview_settings::on_start(app);
            commands::orchestration::start_scheduler(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Sync Central could not start");
}

/// WebKitGTK settings that cut the app's memory (measured in docs/BENCHMARKS.md, "Desktop app").
#[cfg(target_os = "linux")]
mod webview_settings {
    use tauri::Manager;
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};

    /// Without a GPU render node (a VM, a container, Xvfb) WebKit's DMA-BUF renderer has its
    /// buffers emulated in software: about 85 MB more in the web process and a slower first
    /// paint. Its shared-memory renderer is used then, unless the user's environment chose.
    pub fn before_start() {
        const KEY: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
        let render_node = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        });
        if !render_node && std::env::var_os(KEY).is_none() {
            // Before any thread starts: nothing else reads the environment yet.
            std::env::set_var(KEY, "1");
        }
    }

    /// One local page that never navigates: WebKit's document-viewer cache model (no page
    /// cache, the smallest memory cache) instead of the web browser's.
    pub fn on_start<R: tauri::Runtime>(app: &tauri::App<R>) {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.with_webview(|webview| {
                if let Some(context) = webview.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
            });
        }
    }
}
