//! The sync screens' API: the app's workspace (connections, remote sites, options), testing
//! a connection, running options with progress events and cancellation, the run log with
//! per-record results, and the export of a run's success and error files. The CLI's `config`,
//! `run` and `runs` commands reach the same store and runner functions.
//!
//! Functions are blocking: a host calls them off its UI thread. Async work (logins, runs,
//! the demo's servers) happens on one runtime owned by this module, so servers started here
//! keep running between calls.

use crate::sync_demo::{self, DemoServers};
use crate::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use synccentral_runner::wire::{self, RunRequest, Selection, StoreJournal, WireError};
use synccentral_runner::{CancelToken, RunEvent};
use synccentral_store::config as cfg;
use synccentral_store::{FileFormat, RecordFilter, RunId, StoreError, Workspace};
use ts_rs::TS;

/// Codes the sync API's errors carry (besides the store's and Salesforce's own).
pub mod codes {
    /// The workspace cannot be opened or written.
    pub const WORKSPACE_ERROR: &str = "WORKSPACE_ERROR";
    /// The configuration has problems (each with its JSON pointer in the message).
    pub const INVALID_CONFIG: &str = "INVALID_CONFIG";
    /// No connection, option or run of that name or id.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// A run is already going.
    pub const RUN_IN_PROGRESS: &str = "RUN_IN_PROGRESS";
    /// The connection could not be reached or refused the login.
    pub const CONNECTION_FAILED: &str = "CONNECTION_FAILED";
    /// The demo's servers could not start.
    pub const DEMO_FAILED: &str = "DEMO_FAILED";
}

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

pub(crate) fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Invalid(issues) => ApiError::new(
            codes::INVALID_CONFIG,
            issues
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        StoreError::NoSuchRun(id) => {
            ApiError::new(codes::NOT_FOUND, format!("there is no run {}", id.0))
        }
        other => ApiError::new(codes::WORKSPACE_ERROR, other.to_string()),
    }
}

/// The app's workspace: where it is, the run going on (to cancel it) and the demo's
/// servers when the demo was set up in this process.
pub struct AppWorkspace {
    path: PathBuf,
    running: Mutex<Option<CancelToken>>,
    demo: Mutex<Option<DemoServers>>,
    pub(crate) session: Mutex<Option<crate::auth::Session>>,
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

    /// The workspace at `path` (opened, and created when missing, on first use).
    pub fn at(path: impl Into<PathBuf>) -> AppWorkspace {
        AppWorkspace {
            path: path.into(),
            running: Mutex::new(None),
            demo: Mutex::new(None),
            session: Mutex::new(None),
        }
    }

    /// The workspace file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn open(&self) -> Result<Workspace, ApiError> {
        Workspace::open(&self.path).map_err(store_error)
    }

    /// The configuration document with every secret as `"***"`.
    fn document(&self, ws: &Workspace) -> Result<Value, ApiError> {
        let config = ws.config_scrubbed().map_err(store_error)?;
        serde_json::to_value(config)
            .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, e.to_string()))
    }

    /// Replaces the configuration with `doc` (secrets given as `"***"` keep their value).
    fn store(&self, ws: &Workspace, doc: &Value) -> Result<(), ApiError> {
        let before = self.document(ws)?;
        ws.import_config(doc).map(|_| ()).map_err(store_error)?;
        crate::auth::audit_changes(self, ws, &before, doc)
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
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    Ok(WorkspaceInfo {
        path: app.path.display().to_string(),
        connections: config.connections.len(),
        options: config.options.len(),
        demo_running: app.demo.lock().map(|d| d.is_some()).unwrap_or(false),
    })
}

// ---- connections ----

/// A connection as the Connections screen lists it; `document` is its configuration with
/// every secret as `"***"` (saved back as `"***"`, a secret keeps its value).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub name: String,
    /// `salesforce` or `http`.
    pub kind: String,
    /// The login URL or the base URL.
    pub url: String,
    /// The auth flow or kind (`password`, `web`, `bearer`, …; `none`).
    pub auth: String,
    #[ts(type = "Record<string, unknown>")]
    pub document: Value,
}

fn connection_view(doc: &Value) -> ConnectionView {
    let s = |p: &str| {
        doc.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let kind = s("/type");
    let (url, auth) = if kind == "salesforce" {
        (s("/loginUrl"), s("/auth/flow"))
    } else {
        (s("/baseUrl"), s("/auth/type"))
    };
    ConnectionView {
        name: s("/name"),
        kind,
        url,
        auth: if auth.is_empty() { "none".into() } else { auth },
        document: doc.clone(),
    }
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

fn named(list: &[Value], name: &str) -> Option<usize> {
    list.iter()
        .position(|v| v.get("name").and_then(Value::as_str) == Some(name))
}

/// The workspace's connections, in order.
pub fn list_connections(app: &AppWorkspace) -> Result<Vec<ConnectionView>, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let doc = app.document(&ws)?;
    Ok(doc["connections"]
        .as_array()
        .map(|l| l.iter().map(connection_view).collect())
        .unwrap_or_default())
}

/// Saves a connection: replaces the one named `original` (or adds it when `None`). Secrets
/// given as `"***"` keep their stored value.
pub fn save_connection(
    app: &AppWorkspace,
    original: Option<&str>,
    document: &Value,
) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    app.edit(|obj| {
        let list = array(obj, "connections");
        match original.and_then(|n| named(list, n).map(|i| (n, i))) {
            Some((_, i)) => list[i] = document.clone(),
            None if original.is_some() => {
                return Err(ApiError::new(
                    codes::NOT_FOUND,
                    format!(
                        "there is no connection \"{}\"",
                        original.unwrap_or_default()
                    ),
                ))
            }
            None => list.push(document.clone()),
        }
        Ok(())
    })
}

/// Removes a connection (refused while an option uses it).
pub fn remove_connection(app: &AppWorkspace, name: &str) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    app.edit(|obj| {
        let list = array(obj, "connections");
        let i = named(list, name).ok_or_else(|| {
            ApiError::new(
                codes::NOT_FOUND,
                format!("there is no connection \"{name}\""),
            )
        })?;
        list.remove(i);
        Ok(())
    })
}

/// What a connection test found: who answered, and what.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionAnswer {
    pub connection: String,
    /// One line: the org's instance and API version, or the API's first page.
    pub message: String,
}

/// Logs in to a Salesforce connection, or calls an HTTP API once (the path of the first
/// import that reads from it, else `/`), with the saved configuration and secrets.
pub fn test_connection(app: &AppWorkspace, name: &str) -> Result<ConnectionAnswer, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let conn = config.connection(name).ok_or_else(|| {
        ApiError::new(
            codes::NOT_FOUND,
            format!("there is no connection \"{name}\""),
        )
    })?;
    let failed = |m: String| ApiError::new(codes::CONNECTION_FAILED, m);
    let sites = synccentral_net::RemoteSites::parse(&config.remote_sites).map_err(|errors| {
        failed(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(sites))
        .map_err(|e| failed(e.to_string()))?;
    let message = match conn {
        cfg::Connection::Salesforce(sf) => {
            let sf_config = wire::convert::salesforce_config(sf).map_err(failed)?;
            runtime().block_on(async move {
                let client = synccentral_salesforce::Client::connect(egress, sf_config)
                    .await
                    .map_err(|e| ApiError::new(e.code(), e.to_string()))?;
                let session = client.session();
                Ok::<_, ApiError>(format!(
                    "logged in to {} (API {})",
                    session.instance_url, session.api_version
                ))
            })?
        }
        cfg::Connection::Http(http) => {
            // The first import reading from it, else a GET of `/` taken as one record.
            let src = config
                .options
                .iter()
                .find_map(|o| match o {
                    cfg::SyncOption::Import(i) if i.source.connection == name => {
                        Some(i.source.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| probe_source(name, "/"));
            let path = src.path.clone();
            let source = synccentral_httpapi::SourceConfig {
                max_pages: 1,
                ..wire::convert::source_config(http, &src)
            };
            runtime().block_on(async move {
                let mut fetcher = synccentral_httpapi::Fetcher::new(
                    &source,
                    synccentral_httpapi::Window::default(),
                    egress,
                )
                .map_err(|e| failed(e.to_string()))?;
                let page = fetcher
                    .next_page()
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                Ok::<_, ApiError>(match page {
                    Some(p) => format!(
                        "{} answered: {} records on the first page",
                        p.url,
                        p.records.len()
                    ),
                    None => format!("{path} answered with no records"),
                })
            })?
        }
    };
    Ok(ConnectionAnswer {
        connection: name.to_string(),
        message,
    })
}

/// A GET of `path` on the connection, its whole answer as the records.
fn probe_source(connection: &str, path: &str) -> cfg::HttpSource {
    serde_json::from_value(json!({"connection": connection, "path": path}))
        .expect("a minimal source")
}

// ---- remote sites ----

/// Opens `url` in the system browser with the platform's opener (`xdg-open`, `open`,
/// `start`); false when there is no display or no opener, so the caller shows the URL.
pub fn open_in_browser(url: &str) -> bool {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return false;
        }
        ("xdg-open", vec![url])
    };
    std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

/// "Log in with Salesforce": the browser login of a Salesforce connection with `flow: web`
/// (OAuth authorization code + PKCE, the redirect caught on `127.0.0.1:redirectPort`).
/// `show_login_page` gets the authorize URL (the app and the CLI open the system browser
/// with it). The refresh token the org gives is stored in the workspace, encrypted, so runs
/// log in without a browser from then on.
pub fn log_in_connection(
    app: &AppWorkspace,
    name: &str,
    timeout: std::time::Duration,
    show_login_page: impl FnOnce(&str) + Send,
) -> Result<ConnectionAnswer, ApiError> {
    crate::auth::require_admin(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let failed = |m: String| ApiError::new(codes::CONNECTION_FAILED, m);
    let Some(conn) = config.connection(name) else {
        return Err(ApiError::new(
            codes::NOT_FOUND,
            format!("there is no connection \"{name}\""),
        ));
    };
    let cfg::Connection::Salesforce(c) = conn else {
        return Err(ApiError::new(
            codes::INVALID_CONFIG,
            format!("{name} is an http connection: only Salesforce connections log in"),
        ));
    };
    let cfg::SalesforceAuth::Web(w) = &c.auth else {
        return Err(ApiError::new(
            codes::INVALID_CONFIG,
            format!("{name} does not use the web flow: its credentials are in the configuration (use Test connection)"),
        ));
    };
    let login_url = url::Url::parse(&c.login_url)
        .map_err(|e| ApiError::new(codes::INVALID_CONFIG, format!("loginUrl: {e}")))?;
    let sf = synccentral_salesforce::Config {
        login_url,
        auth: synccentral_salesforce::Auth::Web {
            client_id: w.client_id.clone(),
            client_secret: w.client_secret.as_ref().map(|s| s.expose().to_string()),
            redirect_port: w.redirect_port,
            scopes: w.scopes.clone(),
        },
        api_version: c.api_version.clone(),
    };
    let sites = synccentral_net::RemoteSites::parse(&config.remote_sites).map_err(|errors| {
        failed(
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(sites))
        .map_err(|e| failed(e.to_string()))?;
    let tokens = runtime().block_on(synccentral_salesforce::auth::web_login_within(
        &egress,
        &sf,
        timeout,
        |url| show_login_page(url.as_str()),
    ));
    let tokens =
        tokens.map_err(|e| ApiError::new(e.code(), format!("login to {name} failed: {e}")))?;
    let Some(refresh) = tokens.refresh_token else {
        return Err(failed(format!(
            "{name} logged in but the org gave no refresh token: add the refresh_token scope"
        )));
    };
    ws.set_secret(name, "/auth/refreshToken", &refresh)
        .map_err(store_error)?;
    crate::auth::audit(
        app,
        &ws,
        "connection.login",
        &format!("connection \"{name}\" logged in"),
    )?;
    Ok(ConnectionAnswer {
        connection: name.to_string(),
        message: format!(
            "logged in to {}; its refresh token is stored in the workspace",
            tokens.instance_url
        ),
    })
}

/// The remote sites (origins) connections may reach.
pub fn list_remote_sites(app: &AppWorkspace) -> Result<Vec<String>, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    Ok(ws.config_scrubbed().map_err(store_error)?.remote_sites)
}

/// Checks a remote site the way a save does: an `https` origin, or `http` on loopback.
pub fn check_remote_site(url: &str) -> Result<(), ApiError> {
    synccentral_net::RemoteSites::parse(&[url])
        .map(|_| ())
        .map_err(|errors| {
            ApiError::new(
                codes::INVALID_CONFIG,
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

/// Adds a remote site.
pub fn add_remote_site(app: &AppWorkspace, url: &str) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    check_remote_site(url)?;
    let url = url.trim().to_string();
    app.edit(|obj| {
        let list = array(obj, "remoteSites");
        if !list.iter().any(|v| v.as_str() == Some(&url)) {
            list.push(Value::String(url));
        }
        Ok(())
    })
}

/// Removes a remote site.
pub fn remove_remote_site(app: &AppWorkspace, url: &str) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    app.edit(|obj| {
        array(obj, "remoteSites").retain(|v| v.as_str() != Some(url));
        Ok(())
    })
}

// ---- options ----

/// An option as the Options screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    pub name: String,
    /// `import` or `export`.
    pub direction: String,
    /// The Salesforce object written (imports) or read (exports).
    pub object: String,
    /// The Salesforce connection.
    pub org: String,
    pub active: bool,
    #[ts(type = "number")]
    pub order: i64,
    /// The last run's status and counts, when it ran.
    pub last_run: Option<RunView>,
    /// The option's configuration (mapping included).
    #[ts(type = "Record<string, unknown>")]
    pub document: Value,
}

fn option_object(o: &Value) -> (String, String) {
    let s = |p: &str| {
        o.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if s("/direction") == "export" {
        (s("/source/object"), s("/source/connection"))
    } else {
        (s("/target/object"), s("/target/connection"))
    }
}

/// The options, lowest `order` first (as they run, parents aside), each with its last run.
pub fn list_options(app: &AppWorkspace) -> Result<Vec<OptionView>, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let doc = app.document(&ws)?;
    let runs = ws.list_runs(500).map_err(store_error)?;
    let mut out: Vec<OptionView> = doc["options"]
        .as_array()
        .map(|l| l.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let name = o["name"].as_str().unwrap_or("").to_string();
            let (object, org) = option_object(o);
            OptionView {
                last_run: runs.iter().find(|r| r.option == name).map(run_view),
                direction: o["direction"].as_str().unwrap_or("import").to_string(),
                active: o.get("active").and_then(Value::as_bool).unwrap_or(true),
                order: o.get("order").and_then(Value::as_i64).unwrap_or(0),
                name,
                object,
                org,
                document: o.clone(),
            }
        })
        .collect();
    out.sort_by_key(|o| o.order);
    Ok(out)
}

fn with_option(
    app: &AppWorkspace,
    name: &str,
    change: impl FnOnce(&mut Vec<Value>, usize) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    app.edit(|obj| {
        let list = array(obj, "options");
        let i = named(list, name).ok_or_else(|| {
            ApiError::new(codes::NOT_FOUND, format!("there is no option \"{name}\""))
        })?;
        change(list, i)
    })
}

/// Turns an option on or off for "run all".
pub fn set_option_active(app: &AppWorkspace, name: &str, active: bool) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    with_option(app, name, |list, i| {
        list[i]["active"] = json!(active);
        Ok(())
    })
}

/// Moves an option one place earlier (`up`) or later in the run order; the options are
/// numbered 1, 2, … in their new order.
pub fn move_option(app: &AppWorkspace, name: &str, up: bool) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    with_option(app, name, |list, _| {
        let order = |v: &Value| v.get("order").and_then(Value::as_i64).unwrap_or(0);
        let mut idx: Vec<usize> = (0..list.len()).collect();
        idx.sort_by_key(|&i| (order(&list[i]), i));
        let at = idx
            .iter()
            .position(|&i| list[i]["name"].as_str() == Some(name))
            .expect("the option is listed");
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(other) = other.filter(|&o| o < idx.len()) {
            idx.swap(at, other);
        }
        for (n, &i) in idx.iter().enumerate() {
            list[i]["order"] = json!(n as i64 + 1);
        }
        Ok(())
    })
}

/// Saves an option: replaces the one named `original` (or adds it when `None`).
pub fn save_option(
    app: &AppWorkspace,
    original: Option<&str>,
    document: &Value,
) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    app.edit(|obj| {
        let list = array(obj, "options");
        match original {
            Some(n) => {
                let i = named(list, n).ok_or_else(|| {
                    ApiError::new(codes::NOT_FOUND, format!("there is no option \"{n}\""))
                })?;
                list[i] = document.clone();
            }
            None => list.push(document.clone()),
        }
        Ok(())
    })
}

/// Replaces an option's mapping (the editor's Save on an option).
pub fn save_option_mapping(
    app: &AppWorkspace,
    name: &str,
    mapping: &Value,
) -> Result<(), ApiError> {
    crate::auth::require_admin(app)?;
    with_option(app, name, |list, i| {
        list[i]["mapping"] = mapping.clone();
        Ok(())
    })
}

/// What the mapping editor opens on for an option: its mapping, the target's describe
/// fetched from the option's connection (the demo's bundled one when the org cannot be
/// reached) and the records of the source's first page as the sample (an array).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionWorkspace {
    pub option: String,
    pub mapping: String,
    pub describe: String,
    pub describe_from: String,
    pub sample: String,
    pub records_path: String,
    /// Why the describe or the sample is not the live one, when it is not.
    pub notes: Vec<String>,
}

/// The option's mapping with its target describe and a sample (see [`OptionWorkspace`]).
pub fn option_workspace(app: &AppWorkspace, name: &str) -> Result<OptionWorkspace, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let option = config
        .option(name)
        .ok_or_else(|| ApiError::new(codes::NOT_FOUND, format!("there is no option \"{name}\"")))?;
    let doc = serde_json::to_value(option).unwrap_or(Value::Null);
    let (object, org) = option_object(&doc);
    let mut notes = Vec::new();
    let egress = synccentral_net::RemoteSites::parse(&config.remote_sites)
        .ok()
        .and_then(|s| synccentral_net::Egress::new(synccentral_net::EgressConfig::new(s)).ok());
    let live_describe = match (config.connection(&org), &egress) {
        (Some(cfg::Connection::Salesforce(sf)), Some(egress)) => {
            match wire::convert::salesforce_config(sf) {
                Ok(c) => runtime().block_on(async {
                    let client = synccentral_salesforce::Client::connect(egress.clone(), c)
                        .await
                        .map_err(|e| e.to_string())?;
                    client
                        .describe_json(&object)
                        .await
                        .map_err(|e| e.to_string())
                }),
                Err(e) => Err(e),
            }
        }
        _ => Err(format!("\"{org}\" is not a Salesforce connection here")),
    };
    let (describe, describe_from) = match live_describe {
        Ok(d) => (
            serde_json::to_string_pretty(&d).unwrap_or_default(),
            org.clone(),
        ),
        Err(e) => {
            notes.push(format!(
                "the describe of {object} could not be fetched from {org}: {e}"
            ));
            match sync_demo::describe_of(&object) {
                Some(text) => (text.to_string(), "the bundled describe".to_string()),
                None => (String::new(), String::new()),
            }
        }
    };
    let (sample, records_path) = match (option, &egress) {
        (cfg::SyncOption::Import(i), Some(egress)) => {
            let sample = match config.connection(&i.source.connection) {
                Some(cfg::Connection::Http(http)) => {
                    let mut source = wire::convert::source_config(http, &i.source);
                    source.max_pages = 1;
                    let egress = egress.clone();
                    runtime().block_on(async move {
                        let mut f = synccentral_httpapi::Fetcher::new(
                            &source,
                            synccentral_httpapi::Window::default(),
                            egress,
                        )
                        .map_err(|e| e.to_string())?;
                        match f.next_page().await.map_err(|e| e.to_string())? {
                            Some(p) => Ok(Value::Array(p.records)),
                            None => Err("the source has no records".to_string()),
                        }
                    })
                }
                _ => Err("the source is not an HTTP API connection".to_string()),
            };
            match sample {
                Ok(v) => (
                    serde_json::to_string_pretty(&v).unwrap_or_default(),
                    String::new(),
                ),
                Err(e) => {
                    notes.push(format!("no sample from the source: {e}"));
                    ("[]".to_string(), String::new())
                }
            }
        }
        _ => {
            notes.push("no sample: the option does not read from an HTTP API".to_string());
            ("[]".to_string(), String::new())
        }
    };
    Ok(OptionWorkspace {
        option: name.to_string(),
        mapping: serde_json::to_string_pretty(option_mapping(&doc)).unwrap_or_default(),
        describe,
        describe_from,
        sample,
        records_path,
        notes,
    })
}

fn option_mapping(doc: &Value) -> &Value {
    doc.get("mapping").unwrap_or(&Value::Null)
}

// ---- runs ----

/// Record counts of a run.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
pub struct Counts {
    #[ts(type = "number")]
    pub read: u64,
    #[ts(type = "number")]
    pub written: u64,
    #[ts(type = "number")]
    pub failed: u64,
    #[ts(type = "number")]
    pub skipped: u64,
}

/// What a run streams to the Run screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// `started`, `progress` or `finished`.
    pub kind: String,
    pub option: String,
    pub counts: Counts,
    /// How the run ended (`finished` only): succeeded, failed, stopped-quota, cancelled.
    pub status: Option<String>,
    pub message: Option<String>,
}

impl RunProgress {
    fn of(e: &RunEvent) -> RunProgress {
        let c = |c: &synccentral_runner::journal::Counts| Counts {
            read: c.read,
            written: c.written,
            failed: c.failed,
            skipped: c.skipped,
        };
        match e {
            RunEvent::Started { option, .. } => RunProgress {
                kind: "started".into(),
                option: option.clone(),
                counts: Counts::default(),
                status: None,
                message: None,
            },
            RunEvent::Progress { option, counts } => RunProgress {
                kind: "progress".into(),
                option: option.clone(),
                counts: c(counts),
                status: None,
                message: None,
            },
            RunEvent::Finished {
                option,
                status,
                counts,
                message,
            } => RunProgress {
                kind: "finished".into(),
                option: option.clone(),
                counts: c(counts),
                status: Some(status.as_str().to_string()),
                message: message.clone(),
            },
        }
    }
}

/// A run as the run log lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    #[ts(type = "number")]
    pub id: i64,
    pub option: String,
    /// `normal`, `full`, `dry-run`, `retry`.
    pub mode: String,
    pub status: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub counts: Counts,
    pub error: Option<String>,
}

pub(crate) fn run_view(r: &synccentral_store::Run) -> RunView {
    RunView {
        id: r.id.0,
        option: r.option.clone(),
        mode: r.mode.as_str().to_string(),
        status: r.status.as_str().to_string(),
        started_at: r.started_at.to_string(),
        finished_at: r.finished_at.map(|t| t.to_string()),
        counts: Counts {
            read: r.counts.read,
            written: r.counts.written,
            failed: r.counts.failed,
            skipped: r.counts.skipped,
        },
        error: r.error.clone(),
    }
}

/// Which options "Run now" runs.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RunWhich {
    /// Every active option, parents first.
    All,
    /// This option, active or not.
    Option { name: String },
}

/// What "Run now" did: one line per run, in run order.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    pub runs: Vec<RunView>,
}

/// Runs options now, sending their progress to `on_progress`; [`cancel_run`] stops it
/// between batches. One run at a time, under the options' workspace locks (an option the
/// app's scheduler, a daemon or an endpoint is running: `ALREADY_RUNNING`, nothing runs).
pub fn run_now(
    app: &AppWorkspace,
    which: &RunWhich,
    on_progress: impl Fn(RunProgress) + Sync,
) -> Result<RunReport, ApiError> {
    crate::auth::require_user(app)?;
    let cancel = CancelToken::new();
    {
        let mut running = app
            .running
            .lock()
            .map_err(|_| ApiError::new(codes::WORKSPACE_ERROR, "the run state is poisoned"))?;
        if running.is_some() {
            return Err(ApiError::new(
                codes::RUN_IN_PROGRESS,
                "a run is already going",
            ));
        }
        *running = Some(cancel.clone());
    }
    // The options' workspace locks, as the daemon, the app's scheduler and the endpoints
    // take them: an option running elsewhere is not run twice.
    let selection = selection_of(which);
    let result = crate::orchestration::with_option_locks(app, &selection, |beat| {
        let progress = |p: RunProgress| {
            beat();
            on_progress(p);
        };
        run_inner(app, which, &progress, &cancel)
    });
    if let Ok(mut running) = app.running.lock() {
        *running = None;
    }
    result
}

fn selection_of(which: &RunWhich) -> Selection {
    match which {
        RunWhich::All => Selection::All,
        RunWhich::Option { name } => Selection::Option(name.clone()),
    }
}

fn run_inner(
    app: &AppWorkspace,
    which: &RunWhich,
    on_progress: &(dyn Fn(RunProgress) + Sync),
    cancel: &CancelToken,
) -> Result<RunReport, ApiError> {
    let selection = selection_of(which);
    let journal = StoreJournal::new(app.open()?);
    let events = |e: &RunEvent| on_progress(RunProgress::of(e));
    let result = runtime().block_on(wire::run_workspace(
        &journal,
        &RunRequest::new(selection),
        &events,
        cancel,
    ));
    let runs = result.map_err(|e| match e {
        WireError::Config(problems) => ApiError::new(
            codes::INVALID_CONFIG,
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        WireError::Journal(e) => ApiError::new(codes::WORKSPACE_ERROR, e.to_string()),
    })?;
    let ws = journal.into_inner();
    let views = runs
        .outcomes
        .iter()
        .map(|o| {
            ws.run(RunId(o.run.0))
                .map(|r| run_view(&r))
                .map_err(store_error)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RunReport { runs: views })
}

/// Asks the run going on to stop after its current batch. False when nothing runs.
pub fn cancel_run(app: &AppWorkspace) -> bool {
    if crate::auth::require_user(app).is_err() {
        return false;
    }
    match app.running.lock().ok().and_then(|r| r.clone()) {
        Some(token) => {
            token.cancel();
            true
        }
        None => false,
    }
}

/// The latest runs, newest first.
pub fn list_runs(app: &AppWorkspace, limit: usize) -> Result<Vec<RunView>, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    Ok(ws
        .list_runs(limit)
        .map_err(store_error)?
        .iter()
        .map(run_view)
        .collect())
}

/// One record's result in a run.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    #[ts(type = "number")]
    pub seq: u64,
    pub source_key: Option<String>,
    pub target_id: Option<String>,
    pub action: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// A run with its records, failures first.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunDetail {
    pub run: RunView,
    pub records: Vec<RecordView>,
}

/// A run and its per-record results (failed records first, then in read order).
pub fn run_detail(app: &AppWorkspace, id: i64) -> Result<RunDetail, ApiError> {
    crate::auth::require_user(app)?;
    let ws = app.open()?;
    let run = ws.run(RunId(id)).map_err(store_error)?;
    let mut records: Vec<RecordView> = ws
        .run_records(RunId(id), RecordFilter::All)
        .map_err(store_error)?
        .into_iter()
        .map(|r| RecordView {
            seq: r.seq,
            source_key: r.source_key,
            target_id: r.target_id,
            action: r.action.as_str().to_string(),
            error_code: r.error_code,
            error_message: r.error_message,
        })
        .collect();
    records.sort_by_key(|r| (r.action != "failed", r.seq));
    Ok(RunDetail {
        run: run_view(&run),
        records,
    })
}

/// The files an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedRun {
    pub success: String,
    pub errors: String,
    #[ts(type = "number")]
    pub success_rows: usize,
    #[ts(type = "number")]
    pub error_rows: usize,
}

/// Writes a run's success and error files (`csv` or `xlsx`) into the `exports` folder next
/// to the workspace.
pub fn export_run(app: &AppWorkspace, id: i64, format: &str) -> Result<ExportedRun, ApiError> {
    crate::auth::require_user(app)?;
    let format = match format {
        "csv" => FileFormat::Csv,
        "xlsx" => FileFormat::Xlsx,
        other => {
            return Err(ApiError::new(
                codes::INVALID_CONFIG,
                format!("unknown export format \"{other}\": use csv or xlsx"),
            ))
        }
    };
    let dir = app
        .path
        .parent()
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| PathBuf::from("exports"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, format!("{}: {e}", dir.display())))?;
    let ws = app.open()?;
    let files = ws
        .export_run(RunId(id), format, &dir)
        .map_err(store_error)?;
    Ok(ExportedRun {
        success: files.success.display().to_string(),
        errors: files.errors.display().to_string(),
        success_rows: files.success_rows,
        error_rows: files.error_rows,
    })
}

// ---- the demo ----

/// Starts the demo's sandbox org and sample API in this process (once; their data lives in
/// `demo/` next to the workspace) and replaces the workspace's configuration with the
/// demo's: invoices then payments into the org. One invoice status in three maps to nothing,
/// so those invoices fail with Salesforce's picklist error and show in the run log. The demo
/// options' checkpoints are cleared, so their next run reads every record again.
pub fn set_up_demo(app: &AppWorkspace) -> Result<WorkspaceInfo, ApiError> {
    crate::auth::require_admin(app)?;
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

        let answer = test_connection(&app, "org").expect("the org logs in");
        assert!(
            answer.message.starts_with("logged in to"),
            "{}",
            answer.message
        );
        test_connection(&app, "finance").expect("the API answers");

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
        test_connection(&app, "org").expect("the kept secrets still log in");
        let servers = app.demo.lock().unwrap().take();
        if let Some(servers) = servers {
            runtime().block_on(servers.stop());
        }
    }
}
