//! Connections and remote sites: the workspace's Salesforce orgs and HTTP APIs (secrets as
//! `"***"`, kept when saved back so), testing a connection, "Log in with Salesforce", and the
//! remote sites (origins) every call must be on.

use crate::workspace::{array, named, runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::{json, Value};
use synccentral_store::config as cfg;
use ts_rs::TS;

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

/// The workspace's connections, in order.
pub fn list_connections(app: &AppWorkspace) -> Result<Vec<ConnectionView>, ApiError> {
    crate::users::require_user(app)?;
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
    crate::users::require_admin(app)?;
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
    crate::users::require_admin(app)?;
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
    crate::users::require_user(app)?;
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
            let sf_config = crate::runs::convert::salesforce_config(sf).map_err(failed)?;
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
                ..crate::runs::convert::source_config(http, &src)
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
    crate::users::require_admin(app)?;
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
    crate::users::audit(
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
    crate::users::require_user(app)?;
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
    crate::users::require_admin(app)?;
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
    crate::users::require_admin(app)?;
    app.edit(|obj| {
        array(obj, "remoteSites").retain(|v| v.as_str() != Some(url));
        Ok(())
    })
}
