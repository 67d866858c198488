//! The desktop shell: wiring only (plugins, state, commands). Behaviour lives in crates/.
//! The file dialog plugin gives the editor native Open…/Save as… dialogs.

mod commands;

use tauri::{Builder, Runtime};

/// Registers the shell's commands on a builder. Generic over the runtime so the tests can
/// drive the same wiring through Tauri's mock runtime, without a window.
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::preview::demo_preview,
        commands::editor::preview_mapping,
        commands::editor::check_mapping,
        commands::editor::suggest_mapping,
        commands::editor::test_mapping,
        commands::editor::describe_fields,
        commands::editor::source_paths,
        commands::editor::demo_workspace,
        commands::editor::read_text_file,
        commands::editor::read_sample_file,
        commands::editor::write_text_file,
        commands::timing::report_timing,
    ])
}

/// Starts the desktop app.
pub fn run() {
    with_commands(Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .run(tauri::generate_context!())
        .expect("Sync Central could not start");
}
