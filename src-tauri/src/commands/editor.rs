//! The mapping editor's commands: each calls `synccentral_api::editor` and returns its
//! result as is.

use super::sync::blocking;
use synccentral_api::editor::{
    self, DemoWorkspace, EditorInput, FilePurpose, MappingIssue, SourceOutline, Suggestions,
    TargetObject, TestReport,
};
use synccentral_api::{ApiError, PreviewReport};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The live preview of the mapping being edited.
#[tauri::command]
pub async fn preview_mapping(input: EditorInput) -> Result<PreviewReport, ApiError> {
    editor::preview_mapping(&input)
}

/// The problems of the mapping being edited, each with its JSON pointer.
#[tauri::command]
pub async fn check_mapping(input: EditorInput) -> Result<Vec<MappingIssue>, ApiError> {
    editor::check_mapping(&input)
}

/// Runs the test cases of the mapping being edited.
#[tauri::command]
pub async fn test_mapping(input: EditorInput) -> Result<TestReport, ApiError> {
    editor::test_mapping(&input)
}

/// Auto-map's proposals for the mapping being edited.
#[tauri::command]
pub async fn suggest_mapping(input: EditorInput) -> Result<Suggestions, ApiError> {
    editor::suggest_mapping(&input)
}

/// The target panel's fields.
#[tauri::command]
pub async fn describe_fields(describe: String) -> Result<TargetObject, ApiError> {
    editor::describe_fields(&describe)
}

/// The source panel's records count and leaf paths.
#[tauri::command]
pub async fn source_paths(
    sample: String,
    records_path: Option<String>,
) -> Result<SourceOutline, ApiError> {
    editor::source_paths(&sample, records_path.as_deref())
}

/// The bundled demo the editor opens on.
#[tauri::command]
pub async fn demo_workspace() -> DemoWorkspace {
    editor::demo_workspace()
}

/// The system's file dialog for `purpose`, for a signed-in user: the path chosen (which the
/// editor may then open or save to), or none when the dialog was cancelled.
#[tauri::command]
pub async fn pick_file<R: Runtime>(
    app: AppHandle<R>,
    purpose: FilePurpose,
) -> Result<Option<String>, ApiError> {
    let dialogs = app.clone();
    blocking(app, move |w| {
        editor::may_pick(w)?;
        let (name, extensions) = purpose.filter();
        let mut dialog = dialogs.dialog().file().add_filter(name, extensions);
        if let Some(proposed) = purpose.default_name() {
            dialog = dialog.set_file_name(proposed);
        }
        let chosen = if purpose.saves() {
            dialog.blocking_save_file()
        } else {
            dialog.blocking_pick_file()
        };
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = chosen
            .into_path()
            .map_err(|e| ApiError::new(editor::editor_codes::FILE_ERROR, e.to_string()))?;
        editor::file_picked(w, &path, purpose).map(Some)
    })
    .await
}

/// Reads a text file (Open).
#[tauri::command]
pub async fn read_text_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Result<String, ApiError> {
    blocking(app, move |w| editor::read_text_file(w, &path)).await
}

/// Reads a sample file (JSON, CSV or XLSX) as JSON text with the encoding its text was read
/// in, in `encoding` when the user names one (Open sample).
#[tauri::command]
pub async fn read_sample_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    encoding: Option<String>,
) -> Result<editor::SampleFile, ApiError> {
    blocking(app, move |w| {
        editor::read_sample_file(w, &path, encoding.as_deref())
    })
    .await
}

/// Writes a text file (Save).
#[tauri::command]
pub async fn write_text_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    text: String,
) -> Result<(), ApiError> {
    blocking(app, move |w| editor::write_text_file(w, &path, &text)).await
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// Invokes a command with arguments the way the UI does and returns what it receives.
    fn invoke_from_ui(cmd: &str, args: Value) -> Result<Value, Value> {
        crate::commands::mock_ui::MockUi::new().invoke(cmd, args)
    }

    #[test]
    fn the_editor_opens_on_the_demo_and_previews_what_it_edits() {
        let demo = invoke_from_ui("demo_workspace", json!({})).expect("the demo loads");
        let mapping: Value = serde_json::from_str(demo["mapping"].as_str().unwrap()).unwrap();
        let input = json!({"input": {
            "mapping": mapping, "sample": demo["sample"], "recordsPath": demo["recordsPath"],
            "describe": demo["describe"], "operation": "upsert"}});
        let report = invoke_from_ui("preview_mapping", input).expect("the preview runs");
        let expected = serde_json::to_value(synccentral_api::demo_preview().unwrap()).unwrap();
        assert_eq!(report, expected);

        let outline = invoke_from_ui(
            "source_paths",
            json!({"sample": demo["sample"], "recordsPath": demo["recordsPath"]}),
        )
        .expect("the sample reads");
        assert_eq!(outline["records"], expected["summary"]["total"]);
        let suggestions = invoke_from_ui(
            "suggest_mapping",
            json!({"input": {
            "mapping": {}, "sample": demo["sample"], "recordsPath": demo["recordsPath"],
            "describe": demo["describe"], "operation": "upsert"}}),
        )
        .expect("auto-map runs");
        assert!(!suggestions["fields"].as_array().unwrap().is_empty());
        let target = invoke_from_ui("describe_fields", json!({"describe": demo["describe"]}))
            .expect("the describe reads");
        assert_eq!(target["name"], "Contact");
    }

    #[test]
    fn a_broken_mapping_reaches_the_ui_as_issues_and_as_a_coded_error() {
        let demo = synccentral_api::editor::demo_workspace();
        let input = json!({"input": {
            "mapping": {"fields": [{"source": "email", "target": "Email", "transforms": [{"uper": 1}]}]},
            "sample": demo.sample, "recordsPath": demo.records_path,
            "describe": demo.describe, "operation": "insert"}});
        let issues = invoke_from_ui("check_mapping", input.clone()).expect("the check runs");
        assert_eq!(issues[0]["pointer"], "/fields/0/transforms/0/uper");
        let error = invoke_from_ui("preview_mapping", input).expect_err("the preview refuses");
        assert_eq!(error["code"], "INVALID_MAPPING");
    }

    #[test]
    fn file_commands_refuse_a_ui_with_no_signed_in_user_and_touch_nothing() {
        let path = std::env::temp_dir().join(format!("sc-shell-{}.json", std::process::id()));
        let path = path.to_str().unwrap().to_string();
        std::fs::write(&path, "{}").unwrap();
        for (cmd, args) in [
            ("write_text_file", json!({"path": path, "text": "[]"})),
            ("read_text_file", json!({"path": path})),
            ("read_sample_file", json!({"path": path})),
            ("pick_file", json!({"purpose": "open-sample"})),
        ] {
            let refused = invoke_from_ui(cmd, args).expect_err("sign in first");
            assert_eq!(refused["code"], "NOT_SIGNED_IN", "{cmd}");
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
        std::fs::remove_file(&path).unwrap();
    }
}
