//! The workspace every host opens: where it is, the session, the runtime async work runs on,
//! the store's errors as `ApiError`s, and the demo (its servers and configuration).
//!
//! Service functions are blocking: a host calls them off its UI thread. Async work (logins, runs,
//! the demo's servers) happens on one runtime owned by this module, so servers started here
//! keep running between calls.

pub mod demo;

use crate::{codes, ApiError};
use demo as sync_demo;
use demo::DemoServers;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use synccentral_runner::CancelToken;
pub use synccentral_store::StoreError;
/// The store's workspace, as the service functions that take one are given it.
pub use synccentral_store::{KeySource, Workspace};
use ts_rs::TS;

/// The environment variable that points the app at another workspace file.
pub const WORKSPACE_ENV: &str = "SYNCCENTRAL_WORKSPACE";

/// Records of each sample API resource in the app's demo.
const DEMO_RECORDS: usize = 30;

pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the sync runtime starts")
    })
}

/// Runs `work` to its end on the service runtime: for a host whose own code waits on async
/// work (the CLI's daemon and servers), so it needs no runtime of its own.
pub fn block_on<F: std::future::Future>(work: F) -> F::Output {
    runtime().block_on(work)
}

/// The store's error as an [`ApiError`] (see its `From`).
pub fn store_error(e: StoreError) -> ApiError {
    ApiError::from(e)
}

/// The app's workspace: where it is, the run going on (to cancel it) and the demo's
/// servers when the demo was set up in this process.
pub struct AppWorkspace {
    pub(crate) path: PathBuf,
    pub(crate) running: Mutex<Option<CancelToken>>,
    pub(crate) demo: Mutex<Option<DemoServers>>,
    pub(crate) session: Mutex<Option<crate::users::Session>>,
    /// The files the user chose in the system's dialog this session.
    pub(crate) picked: crate::editor::PickedFiles,
}

impl AppWorkspace {
    /// The workspace at `SYNCCENTRAL_WORKSPACE`, else the platform's default file.
    pub fn locate() -> Result<AppWorkspace, ApiError> {
        let path = match std::env::var_os(WORKSPACE_ENV).filter(|p| !p.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => synccentral_store::default_path().ok_or_else(|| {
                ApiError::new(
                    codes::WORKSPACE_ERROR,
                    format!("this platform has no data directory: set {WORKSPACE_ENV}"),
                )
            })?,
        };
        Ok(AppWorkspace::at(path))
    }

    /// The workspace at `path` when given (a host's `--workspace`), else the platform's
    /// default file.
    pub fn at_or_default(path: Option<&Path>) -> Result<AppWorkspace, ApiError> {
        match path {
            Some(p) => Ok(AppWorkspace::at(p)),
            None => synccentral_store::default_path()
                .map(AppWorkspace::at)
                .ok_or_else(|| {
                    ApiError::new(
                        codes::WORKSPACE_ERROR,
                        "this platform has no data directory: give --workspace PATH",
                    )
                }),
        }
    }

    /// The workspace at `path` (opened, and created when missing, on first use).
    pub fn at(path: impl Into<PathBuf>) -> AppWorkspace {
        AppWorkspace {
            path: path.into(),
            running: Mutex::new(None),
            demo: Mutex::new(None),
            session: Mutex::new(None),
            picked: Default::default(),
        }
    }

    /// The workspace file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens (creating and migrating) the workspace.
    pub fn open(&self) -> Result<Workspace, ApiError> {
        Workspace::open(&self.path).map_err(store_error)
    }

    /// The configuration document with every secret as `"***"`.
    pub(crate) fn document(&self, ws: &Workspace) -> Result<Value, ApiError> {
        let config = ws.config_scrubbed().map_err(store_error)?;
        serde_json::to_value(config)
            .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, e.to_string()))
    }

    /// Replaces the configuration with `doc` (secrets given as `"***"` keep their value).
    pub(crate) fn store(&self, ws: &Workspace, doc: &Value) -> Result<(), ApiError> {
        let before = self.document(ws)?;
        ws.import_config(doc).map(|_| ()).map_err(store_error)?;
        crate::users::audit_changes(self, ws, &before, doc)
    }

    /// Changes the configuration document with `change` and stores it.
    pub(crate) fn edit(
        &self,
        change: impl FnOnce(&mut serde_json::Map<String, Value>) -> Result<(), ApiError>,
    ) -> Result<(), ApiError> {
        let ws = self.open()?;
        let mut doc = self.document(&ws)?;
        let obj = doc.as_object_mut().ok_or_else(|| {
            ApiError::new(codes::WORKSPACE_ERROR, "the configuration is not an object")
        })?;
        obj.entry("format").or_insert(json!("sync-central/1"));
        change(obj)?;
        self.store(&ws, &doc)
    }
}

/// The workspace as the app shows it on opening.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// The workspace file.
    pub path: String,
    pub connections: usize,
    pub options: usize,
    /// Whether the demo's servers run in this process.
    pub demo_running: bool,
}

/// Opens (creating when missing) the workspace and says what it holds.
pub fn workspace_info(app: &AppWorkspace) -> Result<WorkspaceInfo, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    Ok(WorkspaceInfo {
        path: app.path.display().to_string(),
        connections: config.connections.len(),
        options: config.options.len(),
        demo_running: app.demo.lock().map(|d| d.is_some()).unwrap_or(false),
    })
}

/// The index of the entry named `name` in a list of named documents.
pub(crate) fn named(list: &[Value], name: &str) -> Option<usize> {
    list.iter()
        .position(|v| v.get("name").and_then(Value::as_str) == Some(name))
}

pub(crate) fn array<'a>(
    obj: &'a mut serde_json::Map<String, Value>,
    key: &str,
) -> &'a mut Vec<Value> {
    let v = obj.entry(key).or_insert_with(|| json!([]));
    if !v.is_array() {
        *v = json!([]);
    }
    v.as_array_mut().expect("an array")
}

/// Starts the demo's sandbox org and sample API in this process (once; their data lives in
/// `demo/` next to the workspace) and replaces the workspace's configuration with the
/// demo's: invoices then payments into the org. One invoice status in three maps to nothing,
/// so those invoices fail with Salesforce's picklist error and show in the run log. The demo
/// options' checkpoints are cleared, so their next run reads every record again.
pub fn set_up_demo(app: &AppWorkspace) -> Result<WorkspaceInfo, ApiError> {
    crate::users::require_admin(app)?;
    let dir = app
        .path
        .parent()
        .map(|p| p.join("demo"))
        .unwrap_or_else(|| PathBuf::from("demo"));
    let mut demo = app
        .demo
        .lock()
        .map_err(|_| ApiError::new(codes::DEMO_FAILED, "the demo state is poisoned"))?;
    if demo.is_none() {
        let servers = runtime()
            .block_on(DemoServers::start(&dir, DEMO_RECORDS))
            .map_err(|e| ApiError::new(codes::DEMO_FAILED, e))?;
        *demo = Some(servers);
    }
    let servers = demo.as_ref().expect("started");
    let doc = sync_demo::config_with_failures(&servers.org_url, &servers.api_url, 10);
    drop(demo);
    let ws = app.open()?;
    app.store(&ws, &doc)?;
    // Set up again, the demo reads all its records again.
    for option in ["invoices", "payments"] {
        ws.clear_checkpoint(option).map_err(store_error)?;
    }
    drop(ws);
    workspace_info(app)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connections::*;
    use crate::options::*;
    use crate::runs::*;

    #[test]
    fn the_demo_runs_and_its_failed_invoices_carry_salesforce_s_code() {
        let dir = tempfile::tempdir().unwrap();
        let app = AppWorkspace::at(dir.path().join("workspace.db"));
        app.act_with_file_access("tester");
        std::env::set_var(
            synccentral_store::secrets::KEY_FILE_ENV,
            dir.path().join("k.key"),
        );
        let info = set_up_demo(&app).expect("the demo sets up");
        assert_eq!(info.options, 2);
        assert_eq!(
            list_connections(&app).unwrap()[0].document["auth"]["password"],
            "***"
        );

        let options = list_options(&app).unwrap();
        assert_eq!(options.len(), 2);
        set_option_active(&app, "payments", false).unwrap();
        assert!(
            !list_options(&app)
                .unwrap()
                .iter()
                .find(|o| o.name == "payments")
                .unwrap()
                .active
        );
        set_option_active(&app, "payments", true).unwrap();
        move_option(&app, "invoices", true).unwrap();
        assert_eq!(list_options(&app).unwrap()[0].name, "invoices");

        let answer = test_connection(&app, "org", &HttpProbe::default()).expect("the org logs in");
        assert!(
            answer.message.starts_with("logged in to"),
            "{}",
            answer.message
        );
        // The app shows what the CLI prints: the org's id and name, the API usage.
        let org = answer.org.expect("the org's facts");
        assert!(org.id.starts_with("00D"), "{org:?}");
        assert!(answer.message.contains(&org.id), "{}", answer.message);
        let api = test_connection(&app, "finance", &HttpProbe::default())
            .expect("the API answers")
            .api
            .expect("the API's facts");
        assert!(api.records > 0 && api.first.is_some(), "{api:?}");

        let seen = Mutex::new(Vec::new());
        let report = run_now(&app, &RunWhich::All, |p| seen.lock().unwrap().push(p)).unwrap();
        assert_eq!(report.runs.len(), 2);
        let invoices = report.runs.iter().find(|r| r.option == "invoices").unwrap();
        assert_eq!(invoices.counts.read, DEMO_RECORDS as u64);
        assert_eq!(invoices.counts.failed, DEMO_RECORDS as u64 / 3);
        assert!(seen.lock().unwrap().iter().any(|p| p.kind == "finished"));

        let detail = run_detail(&app, invoices.id).unwrap();
        let first = &detail.records[0];
        assert_eq!(first.action, "failed");
        assert_eq!(
            first.error_code.as_deref(),
            Some("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
        );
        let files = export_run(&app, invoices.id, "csv").unwrap();
        assert_eq!(files.error_rows, DEMO_RECORDS / 3);
        assert_eq!(list_runs(&app, 10).unwrap().len(), 2);

        let ow = option_workspace(&app, "invoices").unwrap();
        assert_eq!(ow.describe_from, "org", "{:?}", ow.notes);
        assert!(ow.notes.is_empty(), "{:?}", ow.notes);

        assert!(add_remote_site(&app, "http://example.com").is_err());
        add_remote_site(&app, "https://example.com").unwrap();
        assert!(list_remote_sites(&app)
            .unwrap()
            .contains(&"https://example.com".to_string()));
        remove_remote_site(&app, "https://example.com").unwrap();

        let mut conn = list_connections(&app).unwrap()[0].document.clone();
        conn["loginUrl"] = json!(conn["loginUrl"].as_str().unwrap());
        save_connection(&app, Some("org"), &conn).expect("*** keeps the secrets");
        test_connection(&app, "org", &HttpProbe::default()).expect("the kept secrets still log in");
        let servers = app.demo.lock().unwrap().take();
        if let Some(servers) = servers {
            runtime().block_on(servers.stop());
        }
    }
}
