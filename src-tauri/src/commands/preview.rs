//! The mock preview commands.

use synccentral_api::{ApiError, PreviewReport};

/// The preview of the bundled demo mapping over its sample records.
#[tauri::command]
pub async fn demo_preview() -> Result<PreviewReport, ApiError> {
    synccentral_api::demo_preview()
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindowBuilder;

    /// Invokes a command the way the UI does and returns what the UI receives.
    fn invoke_from_ui(cmd: &str) -> Result<Value, Value> {
        let app = crate::with_commands(mock_builder())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window builds");
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("valid url"),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&window, request)
            .map(|body| body.deserialize::<Value>().expect("response is JSON"))
    }

    #[test]
    fn the_ui_receives_the_demo_preview_or_its_error_as_code_and_message() {
        let received = invoke_from_ui("demo_preview");
        match synccentral_api::demo_preview() {
            Ok(report) => assert_eq!(received, Ok(serde_json::to_value(report).unwrap())),
            Err(error) => {
                let received = received.expect_err("the command fails like the API");
                assert_eq!(received["code"], Value::String(error.code));
                assert_eq!(received["message"], Value::String(error.message));
                assert_eq!(received.as_object().map(|o| o.len()), Some(2));
            }
        }
    }
}
