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

    /// Invokes a command the way the UI does and returns what the UI receives.
    fn invoke_from_ui(cmd: &str) -> Result<Value, Value> {
        crate::commands::mock_ui::MockUi::new().invoke(cmd, Value::Null)
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
