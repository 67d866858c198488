//! Connections and remote sites: the workspace's Salesforce orgs and HTTP APIs (secrets as
//! `"***"`, kept when saved back so), testing a connection, "Log in with Salesforce", and the
//! remote sites (origins) every call must be on.

use crate::runs::{problem, Problem};
use crate::workspace::{array, named, runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::{json, Value};
use synccentral_net::{Egress, EgressConfig, RemoteSites, RetryPolicy};
use synccentral_store::config as cfg;
use ts_rs::TS;

/// The one way out of a workspace: every call (logins, runs, undo, connection tests) goes
/// through an [`Egress`] limited to the workspace's remote sites, retrying as `retry` says
/// (the egress's default policy when `None`). Each unusable site is a problem under
/// `/remoteSites`.
pub fn egress(remote_sites: &[String], retry: Option<RetryPolicy>) -> Result<Egress, Vec<Problem>> {
    let sites = RemoteSites::parse(remote_sites).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| problem("/remoteSites", e.to_string()))
            .collect::<Vec<_>>()
    })?;
    let mut config = EgressConfig::new(sites);
    if let Some(retry) = retry {
        config.retry = retry;
    }
    Egress::new(config).map_err(|e| vec![problem("", e.to_string())])
}

/// [`egress`] for a connection test or login: its problems as one `CONNECTION_FAILED`.
pub(crate) fn egress_for(config: &cfg::Config) -> Result<Egress, ApiError> {
    egress(&config.remote_sites, None).map_err(|problems| {
        ApiError::new(
            codes::CONNECTION_FAILED,
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })
}

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
    #[ts(as = "cfg::Connection")]
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

/// What a connection test (or login) found: who answered, and what. The app and the CLI
/// show the same facts: `message` says them in one sentence, `org` and `api` carry them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionAnswer {
    pub connection: String,
    /// One sentence: the org logged in to (its id and name, the API requests used today), or
    /// the API's first answer (how many records, and the first).
    pub message: String,
    /// A Salesforce connection: the org that answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub org: Option<OrgAnswer>,
    /// An HTTP API: what its first page held.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub api: Option<HttpAnswer>,
}

/// The Salesforce org a connection logged in to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgAnswer {
    /// The instance URL.
    pub instance: String,
    /// The org's id (`00D…`) and name, from its Organization record.
    pub id: String,
    pub name: String,
    /// The user logged in as (the login's username, else the user id the org gave).
    pub user: Option<String>,
    /// The API version the calls use (`62.0`).
    pub api_version: String,
    /// API requests used today and the daily limit, when the org said.
    #[ts(type = "number | null")]
    pub api_requests_used: Option<u64>,
    #[ts(type = "number | null")]
    pub api_requests_max: Option<u64>,
}

/// What an HTTP API answered to one request (with a success status: any other fails the
/// test with the status and the API's words).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HttpAnswer {
    /// The URL called (secrets as `***`).
    pub url: String,
    /// Records on the first page, and the first of them.
    #[ts(type = "number")]
    pub records: usize,
    #[ts(type = "unknown")]
    pub first: Option<Value>,
}

/// What an HTTP connection test asks for: the path (default: that of the first import
/// reading from the connection, else `/`) and where the records are in the answer (default:
/// that import's, else the whole answer).
#[derive(Debug, Clone, Default)]
pub struct HttpProbe {
    pub path: Option<String>,
    pub records_path: Option<String>,
}

pub(crate) fn no_connection(config: &cfg::Config, name: &str) -> ApiError {
    let names: Vec<&str> = config.connections.iter().map(|c| c.name()).collect();
    ApiError::new(
        codes::NOT_FOUND,
        format!(
            "no connection named \"{name}\" (the workspace has: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ),
    )
}

/// The day Salesforce ends the username-password OAuth flow.
pub const PASSWORD_FLOW_ENDS: &str = "2027-02-20";

/// What to say of a connection on the username-password flow to a Salesforce org: the flow
/// ends on [`PASSWORD_FLOW_ENDS`], and what to use instead. `None` for other flows and for
/// the local sandbox org (a loopback login URL), which keeps it.
pub fn password_flow_notice(name: &str, sf: &cfg::SalesforceConnection) -> Option<String> {
    if !matches!(sf.auth, cfg::SalesforceAuth::Password(_)) {
        return None;
    }
    let loopback = url::Url::parse(&sf.login_url)
        .ok()
        .is_some_and(|u| match u.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        });
    (!loopback).then(|| {
        format!(
            "{name}: Salesforce ends the username-password login on {PASSWORD_FLOW_ENDS}; \
             switch this connection to Log in with Salesforce (flow \"web\"), JWT or client \
             credentials before then"
        )
    })
}

/// [`password_flow_notice`] for every connection of the workspace.
pub fn password_flow_notices(app: &AppWorkspace) -> Result<Vec<String>, ApiError> {
    crate::users::require_user(app)?;
    let config = app.open()?.config().map_err(store_error)?;
    Ok(config
        .connections
        .iter()
        .filter_map(|c| match c {
            cfg::Connection::Salesforce(sf) => password_flow_notice(&sf.name, sf),
            cfg::Connection::Http(_) => None,
        })
        .collect())
}

/// Logs in to the Salesforce connection `name` through `egress`.
pub(crate) async fn connect_org(
    name: &str,
    sf: &cfg::SalesforceConnection,
    egress: Egress,
) -> Result<synccentral_salesforce::Client, ApiError> {
    let sf_config = crate::runs::convert::salesforce_config(sf)
        .map_err(|m| ApiError::new(codes::CONNECTION_FAILED, format!("{name}: {m}")))?;
    synccentral_salesforce::Client::connect(egress, sf_config)
        .await
        .map_err(|e| ApiError::new(e.code(), format!("login to {name} failed: {e}")))
}

/// Logs in to a Salesforce connection (and reads its Organization record and API usage), or
/// calls an HTTP API once as `probe` says, with the saved configuration and secrets. A
/// refresh token the login gives (JWT, browser login) is stored, as a run stores it.
pub fn test_connection(
    app: &AppWorkspace,
    name: &str,
    probe: &HttpProbe,
) -> Result<ConnectionAnswer, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let conn = config
        .connection(name)
        .ok_or_else(|| no_connection(&config, name))?;
    let failed = |m: String| ApiError::new(codes::CONNECTION_FAILED, format!("{name}: {m}"));
    let egress = egress_for(&config)?;
    match conn {
        cfg::Connection::Salesforce(sf) => {
            let (org, refresh) = runtime().block_on(async move {
                let client = connect_org(name, sf, egress).await?;
                let record = client
                    .query_all_records("SELECT Id, Name FROM Organization")
                    .await
                    .map_err(|e| failed(e.to_string()))?
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let session = client.session();
                let usage = client.api_usage();
                let user = match &sf.auth {
                    cfg::SalesforceAuth::Password(p) => Some(p.username.clone()),
                    cfg::SalesforceAuth::Jwt(j) => Some(j.username.clone()),
                    _ => session.identity.as_ref().map(|i| i.user_id.clone()),
                };
                let text = |k: &str| record[k].as_str().unwrap_or("?").to_string();
                let org = OrgAnswer {
                    instance: session.instance_url.to_string(),
                    id: text("Id"),
                    name: text("Name"),
                    user,
                    api_version: session.api_version.clone(),
                    api_requests_used: usage.map(|(used, _)| used),
                    api_requests_max: usage.map(|(_, max)| max),
                };
                Ok::<_, ApiError>((org, session.refresh_token.clone()))
            })?;
            if let Some(token) = refresh.filter(|_| {
                matches!(
                    sf.auth,
                    cfg::SalesforceAuth::Jwt(_) | cfg::SalesforceAuth::Web(_)
                )
            }) {
                ws.set_secret(name, "/auth/refreshToken", &token)
                    .map_err(store_error)?;
            }
            let usage = match (org.api_requests_used, org.api_requests_max) {
                (Some(used), Some(max)) => format!("; API requests today {used} of {max}"),
                _ => String::new(),
            };
            let user = org
                .user
                .as_ref()
                .map(|u| format!(" as {u}"))
                .unwrap_or_default();
            let notice = password_flow_notice(name, sf)
                .map(|n| format!(". {n}"))
                .unwrap_or_default();
            Ok(ConnectionAnswer {
                connection: name.to_string(),
                message: format!(
                    "logged in to {}{user} (org {} \"{}\", API {}){usage}{notice}",
                    org.instance, org.id, org.name, org.api_version
                ),
                org: Some(org),
                api: None,
            })
        }
        cfg::Connection::Http(http) => {
            // The first import reading from it, else a GET of `/` taken as one record.
            let mut src = config
                .options
                .iter()
                .find_map(|o| match o {
                    cfg::SyncOption::Import(i) if i.source.connection() == name => {
                        i.source.api().cloned()
                    }
                    _ => None,
                })
                .unwrap_or_else(|| probe_source(name, "/"));
            if let Some(path) = &probe.path {
                src = probe_source(name, path);
            }
            let mut source = synccentral_httpapi::SourceConfig {
                max_pages: 1,
                ..crate::runs::convert::source_config(http, &src)
            };
            if let Some(records_path) = &probe.records_path {
                source.records_path = records_path.clone();
            }
            let page = runtime().block_on(async move {
                let mut fetcher = synccentral_httpapi::Fetcher::new(
                    &source,
                    synccentral_httpapi::Window::default(),
                    egress,
                )
                .map_err(|e| failed(e.to_string()))?;
                // The connector's code (REMOTE_SITE_NOT_ALLOWED names the origin to add).
                fetcher
                    .next_page()
                    .await
                    .map_err(|e| ApiError::new(e.code(), format!("{name}: {e}")))
            })?;
            let page = page.ok_or_else(|| failed(format!("{} gave no answer", src.path)))?;
            let answer = HttpAnswer {
                url: page.url.clone(),
                records: page.records.len(),
                first: page.records.first().cloned(),
            };
            let first = answer
                .first
                .as_ref()
                .map(|r| format!("; the first: {r}"))
                .unwrap_or_default();
            Ok(ConnectionAnswer {
                connection: name.to_string(),
                message: format!(
                    "{} answered {} record{}{first}",
                    answer.url,
                    answer.records,
                    if answer.records == 1 { "" } else { "s" }
                ),
                org: None,
                api: Some(answer),
            })
        }
    }
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
        return Err(no_connection(&config, name));
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
    let egress = egress_for(&config)?;
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
        org: None,
        api: None,
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
