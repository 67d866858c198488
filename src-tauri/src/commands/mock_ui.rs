//! Test support: the app's commands behind a mock window, invoked the way the UI invokes
//! them, answering what the UI would receive.

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The commands behind a mock window (the window goes before the app).
pub(crate) struct MockUi {
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
}

impl MockUi {
    /// The app's commands, as `with_commands` registers them.
    pub(crate) fn new() -> MockUi {
        let app = crate::with_commands(mock_builder())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window builds");
        MockUi { window, _app: app }
    }

    /// Invokes `cmd` with `args` and gives the value (`Ok`) or the error (`Err`) received.
    pub(crate) fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("valid url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("response is JSON"))
    }
}
