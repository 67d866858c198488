//! The configuration document (docs/config.md): connections, remote sites and sync options as
//! saved in JSON (`sync-central/1`). These are the raw serde types; [`crate::validate`] checks
//! a document and returns them only when every rule holds.
//!
//! Secrets are [`Secret`] values: they print as `***` in `Debug`, are stored encrypted in the
//! workspace and are exported as `"***"` unless the user asks for them in clear.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The only document format this build reads and writes.
pub const FORMAT: &str = "sync-central/1";

/// A whole configuration document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Always [`FORMAT`].
    pub format: String,
    #[serde(default)]
    /// The places data comes from and goes to.
    pub connections: Vec<Connection>,
    /// Origins (`scheme://host[:port]`) a connection may reach.
    #[serde(default)]
    pub remote_sites: Vec<String>,
    #[serde(default)]
    /// The syncs.
    pub options: Vec<SyncOption>,
    /// When options run on their own (`synccentral daemon`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<crate::schedule::Schedule>,
    /// The mail server that run notifications go out through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp: Option<Smtp>,
}

impl Config {
    /// An empty document (what a new workspace holds).
    pub fn empty() -> Config {
        Config {
            format: FORMAT.to_string(),
            connections: Vec::new(),
            remote_sites: Vec::new(),
            options: Vec::new(),
            schedules: Vec::new(),
            smtp: None,
        }
    }

    /// The connection named `name`.
    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.name() == name)
    }

    /// The sync option named `name`.
    pub fn option(&self, name: &str) -> Option<&SyncOption> {
        self.options.iter().find(|o| o.name() == name)
    }

    /// The same document with every secret replaced by `"***"`.
    pub fn scrubbed(&self) -> Config {
        let mut c = self.clone();
        for conn in &mut c.connections {
            for (_, s) in conn.secrets_mut() {
                *s = Secret::placeholder();
            }
        }
        if let Some(p) = c.smtp.as_mut().and_then(|s| s.password.as_mut()) {
            *p = Secret::placeholder();
        }
        c
    }
}

/// How the connection to the mail server is protected (`security`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with `STARTTLS` (required); default port 587.
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS); default port 465.
    Tls,
    /// No encryption; only for a server on loopback (127.0.0.1, ::1, localhost); default
    /// port 25.
    None,
}

impl SmtpSecurity {
    /// The usual port of the mode.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }
    }
}

/// The workspace's mail server (`smtp`): where run notifications are sent from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Smtp {
    /// The server's host name or address.
    pub host: String,
    /// Default: the security mode's usual port (587, 465 or 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `starttls` (default), `tls`, or `none` (loopback only).
    #[serde(default)]
    pub security: SmtpSecurity,
    /// The user to log in as; no login without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The password (a secret, stored encrypted like the connections' secrets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// The sender, `sync@example.com` or `Sync Central <sync@example.com>`.
    pub from: String,
}

impl Smtp {
    /// The port to connect to: the one given, else the security mode's usual one.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }
}

/// When an option's run log is mailed (`notify.when`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotifyWhen {
    /// When a run did not succeed cleanly: failed, some records failed, stopped at the
    /// quota, or skipped because a parent failed (default).
    #[default]
    Failure,
    /// After every run.
    Always,
}

/// Mailing an option's runs (`notify`), through the workspace's `smtp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notify {
    /// The addresses the run log goes to.
    pub to: Vec<String>,
    /// `failure` (default) or `always`.
    #[serde(default)]
    pub when: NotifyWhen,
    /// Exports in CSV: the exported file is attached to the mail (which then goes out
    /// after every run that wrote records, whatever `when` says).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attach_export: bool,
}

/// Watching a folder for files to import (`watch` of an import option): each new JSON or
/// CSV file is imported like a pushed payload, then moved to `processed/` or `failed/`
/// beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Watch {
    /// The folder to watch (absolute, or relative to where the watcher runs).
    pub folder: String,
    /// Which file names to take: a glob with `*` and `?` (`invoices-*.json`); default every
    /// `.json` and `.csv` file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

/// A secret value (password, client secret, token, API key value, refresh token, custom
/// token request body). `"***"` in a document means "keep the value already stored".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The text that stands for a stored secret in an exported document.
    pub const PLACEHOLDER: &'static str = "***";

    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The `"***"` placeholder.
    pub fn placeholder() -> Secret {
        Secret(Self::PLACEHOLDER.to_string())
    }

    /// The secret in clear.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True for `"***"`: the document keeps the stored value.
    pub fn is_placeholder(&self) -> bool {
        self.0 == Self::PLACEHOLDER
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A place data comes from or goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Connection {
    /// A Salesforce org.
    Salesforce(SalesforceConnection),
    /// A JSON/REST API.
    Http(HttpConnection),
}

impl Connection {
    /// The connection's unique name.
    pub fn name(&self) -> &str {
        match self {
            Connection::Salesforce(c) => &c.name,
            Connection::Http(c) => &c.name,
        }
    }

    /// `"salesforce"` or `"http"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Connection::Salesforce(_) => "salesforce",
            Connection::Http(_) => "http",
        }
    }

    /// Every URL the connection reaches, with its pointer inside the connection
    /// (`/loginUrl`, `/auth/tokenUrl`).
    pub fn urls(&self) -> Vec<(&'static str, &str)> {
        match self {
            Connection::Salesforce(c) => vec![("/loginUrl", c.login_url.as_str())],
            Connection::Http(c) => {
                let mut v = vec![("/baseUrl", c.base_url.as_str())];
                match &c.auth {
                    HttpAuth::Oauth2(a) => v.push(("/auth/tokenUrl", a.token_url.as_str())),
                    HttpAuth::Custom(a) => v.push(("/auth/url", a.url.as_str())),
                    _ => {}
                }
                v
            }
        }
    }

    /// The secrets present, each with its JSON pointer inside the connection
    /// (`/auth/password`).
    pub fn secrets(&self) -> Vec<(&'static str, &Secret)> {
        self.secret_refs()
    }

    fn secret_refs(&self) -> Vec<(&'static str, &Secret)> {
        let mut v: Vec<(&'static str, &Secret)> = Vec::new();
        match self {
            Connection::Salesforce(c) => match &c.auth {
                SalesforceAuth::Password(a) => {
                    v.push(("/auth/clientSecret", &a.client_secret));
                    v.push(("/auth/password", &a.password));
                    if let Some(s) = &a.security_token {
                        v.push(("/auth/securityToken", s));
                    }
                }
                SalesforceAuth::ClientCredentials(a) => {
                    v.push(("/auth/clientSecret", &a.client_secret))
                }
                SalesforceAuth::Jwt(a) => {
                    if let Some(s) = &a.refresh_token {
                        v.push(("/auth/refreshToken", s));
                    }
                }
                SalesforceAuth::Web(a) => {
                    if let Some(s) = &a.client_secret {
                        v.push(("/auth/clientSecret", s));
                    }
                    if let Some(s) = &a.refresh_token {
                        v.push(("/auth/refreshToken", s));
                    }
                }
            },
            Connection::Http(c) => match &c.auth {
                HttpAuth::None => {}
                HttpAuth::ApiKey(a) => v.push(("/auth/value", &a.value)),
                HttpAuth::Basic(a) => v.push(("/auth/password", &a.password)),
                HttpAuth::Bearer(a) => v.push(("/auth/token", &a.token)),
                HttpAuth::Oauth2(a) => v.push(("/auth/clientSecret", &a.client_secret)),
                HttpAuth::Custom(a) => {
                    if let Some(s) = &a.body {
                        v.push(("/auth/body", s));
                    }
                }
            },
        }
        v
    }

    /// The secrets present, mutable, each with its JSON pointer inside the connection.
    pub fn secrets_mut(&mut self) -> Vec<(&'static str, &mut Secret)> {
        let mut v: Vec<(&'static str, &mut Secret)> = Vec::new();
        match self {
            Connection::Salesforce(c) => match &mut c.auth {
                SalesforceAuth::Password(a) => {
                    v.push(("/auth/clientSecret", &mut a.client_secret));
                    v.push(("/auth/password", &mut a.password));
                    if let Some(s) = &mut a.security_token {
                        v.push(("/auth/securityToken", s));
                    }
                }
                SalesforceAuth::ClientCredentials(a) => {
                    v.push(("/auth/clientSecret", &mut a.client_secret))
                }
                SalesforceAuth::Jwt(a) => {
                    if let Some(s) = &mut a.refresh_token {
                        v.push(("/auth/refreshToken", s));
                    }
                }
                SalesforceAuth::Web(a) => {
                    if let Some(s) = &mut a.client_secret {
                        v.push(("/auth/clientSecret", s));
                    }
                    if let Some(s) = &mut a.refresh_token {
                        v.push(("/auth/refreshToken", s));
                    }
                }
            },
            Connection::Http(c) => match &mut c.auth {
                HttpAuth::None => {}
                HttpAuth::ApiKey(a) => v.push(("/auth/value", &mut a.value)),
                HttpAuth::Basic(a) => v.push(("/auth/password", &mut a.password)),
                HttpAuth::Bearer(a) => v.push(("/auth/token", &mut a.token)),
                HttpAuth::Oauth2(a) => v.push(("/auth/clientSecret", &mut a.client_secret)),
                HttpAuth::Custom(a) => {
                    if let Some(s) = &mut a.body {
                        v.push(("/auth/body", s));
                    }
                }
            },
        }
        v
    }
}

fn default_login_url() -> String {
    "https://login.salesforce.com".to_string()
}
fn default_api_version() -> String {
    "62.0".to_string()
}

/// A Salesforce org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesforceConnection {
    /// The unique name options refer to.
    pub name: String,
    /// Default `https://login.salesforce.com`; `https://test.salesforce.com` for sandboxes,
    /// or a My Domain URL.
    #[serde(default = "default_login_url")]
    pub login_url: String,
    /// Default `62.0`.
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// How to log in.
    pub auth: SalesforceAuth,
}

/// How to log in to Salesforce (`flow`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "flow", rename_all = "snake_case")]
pub enum SalesforceAuth {
    /// OAuth username-password flow.
    Password(PasswordFlow),
    /// OAuth client credentials flow.
    ClientCredentials(ClientCredentialsFlow),
    /// OAuth JWT bearer flow.
    Jwt(JwtFlow),
    /// OAuth web server flow (browser, PKCE, loopback redirect).
    Web(WebFlow),
}

/// `flow: password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordFlow {
    /// The connected app's consumer key.
    pub client_id: String,
    /// The client secret (a secret).
    pub client_secret: Secret,
    /// The user to log in as.
    pub username: String,
    /// The password (a secret).
    pub password: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Appended to the password when the org requires it (a secret).
    pub security_token: Option<Secret>,
}

/// `flow: client_credentials`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientCredentialsFlow {
    /// The connected app's consumer key.
    pub client_id: String,
    /// The client secret (a secret).
    pub client_secret: Secret,
}

/// `flow: jwt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JwtFlow {
    /// The connected app's consumer key.
    pub client_id: String,
    /// The user to log in as.
    pub username: String,
    /// Path of the PEM private key that signs the assertion (a path, not a secret).
    pub key_file: String,
    /// Stored by a successful login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
}

fn default_redirect_port() -> u16 {
    1717
}
fn default_scopes() -> Vec<String> {
    vec!["api".to_string(), "refresh_token".to_string()]
}

/// `flow: web`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebFlow {
    /// The connected app's consumer key.
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The client secret, when the connected app needs one (a secret).
    pub client_secret: Option<Secret>,
    /// Loopback port of the redirect URI, default 1717.
    #[serde(default = "default_redirect_port")]
    pub redirect_port: u16,
    /// Default `["api", "refresh_token"]`.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// Stored by a successful login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
}

/// A JSON/REST API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpConnection {
    /// The unique name options refer to.
    pub name: String,
    /// Paths of the options are joined to it.
    pub base_url: String,
    #[serde(default)]
    /// How requests authenticate.
    pub auth: HttpAuth,
    /// Headers sent with every request (not secret: put credentials in `auth`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// How requests to an HTTP connection authenticate (`type`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum HttpAuth {
    /// No authentication.
    #[default]
    None,
    /// A key in a header or the query string.
    ApiKey(ApiKeyAuth),
    /// HTTP Basic.
    Basic(BasicAuth),
    /// `Authorization: Bearer <token>`.
    Bearer(BearerAuth),
    /// OAuth 2 client credentials grant.
    Oauth2(OAuth2Auth),
    /// A token request of your own; the token found at `tokenPath` is sent in `header`.
    Custom(CustomAuth),
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
}

/// `type: apiKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiKeyAuth {
    #[serde(rename = "in")]
    /// Header or query parameter (`in`).
    pub location: ApiKeyIn,
    /// The unique name options refer to.
    pub name: String,
    /// The key (a secret).
    pub value: Secret,
}

/// `type: basic`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BasicAuth {
    /// The user to log in as.
    pub username: String,
    /// The password (a secret).
    pub password: Secret,
}

/// `type: bearer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BearerAuth {
    /// The token (a secret).
    pub token: Secret,
}

/// `type: oauth2` (client credentials).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OAuth2Auth {
    /// The token endpoint.
    pub token_url: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The client secret (a secret).
    pub client_secret: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The scope to ask for.
    pub scope: Option<String>,
}

fn default_post() -> String {
    "POST".to_string()
}
fn default_json_type() -> String {
    "application/json".to_string()
}
fn default_auth_header() -> String {
    "Authorization".to_string()
}
fn default_bearer_prefix() -> String {
    "Bearer ".to_string()
}

/// `type: custom`: a token request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomAuth {
    /// Default `POST`.
    #[serde(default = "default_post")]
    pub method: String,
    /// The token endpoint (absolute URL).
    pub url: String,
    /// The request body as sent. Stored as a secret: such bodies usually carry credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Secret>,
    /// Default `application/json`.
    #[serde(default = "default_json_type")]
    pub content_type: String,
    /// JSONPath to the token in the response, e.g. `$.access_token`.
    pub token_path: String,
    /// Default `Authorization`.
    #[serde(default = "default_auth_header")]
    pub header: String,
    /// Default `"Bearer "`.
    #[serde(default = "default_bearer_prefix")]
    pub prefix: String,
}

/// One sync: where records come from, where they go, and the mapping between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "direction", rename_all = "lowercase")]
// A handful per workspace, read once per command: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
pub enum SyncOption {
    /// API → Salesforce.
    Import(ImportOption),
    /// Salesforce → API or file.
    Export(ExportOption),
}

impl SyncOption {
    /// The option's unique name.
    pub fn name(&self) -> &str {
        match self {
            SyncOption::Import(o) => &o.name,
            SyncOption::Export(o) => &o.name,
        }
    }
    /// `"import"` or `"export"`.
    pub fn direction(&self) -> &'static str {
        match self {
            SyncOption::Import(_) => "import",
            SyncOption::Export(_) => "export",
        }
    }
    /// Whether runs of all options include it.
    pub fn active(&self) -> bool {
        match self {
            SyncOption::Import(o) => o.active,
            SyncOption::Export(o) => o.active,
        }
    }
    /// Position among the options when all run (lowest first).
    pub fn order(&self) -> i64 {
        match self {
            SyncOption::Import(o) => o.order,
            SyncOption::Export(o) => o.order,
        }
    }
    /// The mapping document.
    pub fn mapping(&self) -> &Value {
        match self {
            SyncOption::Import(o) => &o.mapping,
            SyncOption::Export(o) => &o.mapping,
        }
    }
    /// Who gets the option's run log by mail, and when.
    pub fn notify(&self) -> Option<&Notify> {
        match self {
            SyncOption::Import(o) => o.notify.as_ref(),
            SyncOption::Export(o) => o.notify.as_ref(),
        }
    }
    /// The incremental settings, when the option reads only what changed.
    pub fn incremental(&self) -> Option<&Incremental> {
        match self {
            SyncOption::Import(o) => o.incremental.as_ref(),
            SyncOption::Export(o) => o.incremental.as_ref(),
        }
    }
}

fn yes() -> bool {
    true
}

/// `direction: import`: an HTTP source into a Salesforce object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportOption {
    /// The option's unique name (runs and checkpoints are kept under it).
    pub name: String,
    /// Default true.
    #[serde(default = "yes")]
    pub active: bool,
    /// Default 0.
    #[serde(default)]
    pub order: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Free text for people.
    pub description: Option<String>,
    /// Where the records come from.
    pub source: HttpSource,
    /// Where the records go.
    pub target: SalesforceTarget,
    /// The mapping document (docs/mapping.md).
    pub mapping: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Read only what changed since the checkpoint.
    pub incremental: Option<Incremental>,
    /// Mail the run log (docs/config.md, "Notifications").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<Notify>,
    /// Import files dropped into a folder (docs/config.md, "Folder drops").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch: Option<Watch>,
    /// What the Day-Zero guard does when the source would blank a target field that holds
    /// a value (updates and upserts); default `warn`.
    #[serde(default, skip_serializing_if = "GuardMode::is_default")]
    pub guard: GuardMode,
}

/// The Day-Zero guard of an import: what to do with a target field that holds a value
/// where the source would write null or empty ("good data overwritten by an emptier
/// source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GuardMode {
    /// Report the fields in the run log and write as mapped.
    #[default]
    Warn,
    /// Leave those fields out of those records' writes (the rest of the record is written).
    Protect,
    /// Stop the run before writing anything, with the list.
    Block,
}

impl GuardMode {
    /// The name used in the configuration (`protect`).
    pub fn as_str(self) -> &'static str {
        match self {
            GuardMode::Warn => "warn",
            GuardMode::Protect => "protect",
            GuardMode::Block => "block",
        }
    }

    /// `warn`, the default.
    pub fn is_default(&self) -> bool {
        *self == GuardMode::Warn
    }
}

/// `direction: export`: a Salesforce object out to an HTTP API or a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportOption {
    /// The option's unique name (runs and checkpoints are kept under it).
    pub name: String,
    #[serde(default = "yes")]
    /// Whether runs of all options include it (default true).
    pub active: bool,
    #[serde(default)]
    /// Position when all options run (lowest first).
    pub order: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Free text for people.
    pub description: Option<String>,
    /// Where the records come from.
    pub source: SalesforceSource,
    /// Where the records go.
    pub target: ExportTarget,
    /// The mapping document (docs/mapping.md).
    pub mapping: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Read only what changed since the checkpoint.
    pub incremental: Option<Incremental>,
    /// Mail the run log, and with `attachExport` the exported CSV file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<Notify>,
}

/// HTTP methods a source may read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ReadMethod {
    #[default]
    /// GET.
    Get,
    /// POST.
    Post,
}

fn default_max_pages() -> u32 {
    100
}
fn default_max_page_bytes() -> u64 {
    5 * 1024 * 1024
}

/// Where an import reads records: requests to an HTTP connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpSource {
    /// An `http` connection.
    pub connection: String,
    #[serde(default)]
    /// The HTTP method of each request.
    pub method: ReadMethod,
    /// Joined to the connection's `baseUrl`.
    pub path: String,
    /// Query parameters; `{{since}}` is replaced by the incremental cursor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    /// Extra request headers (not secret).
    pub headers: BTreeMap<String, String>,
    /// The JSON body of a POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// JSONPath or dotted path to the records array (`$.invoices`); default: the whole
    /// response when it is an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_path: Option<String>,
    #[serde(default)]
    /// How the source pages.
    pub paging: Paging,
    /// Default 100.
    #[serde(default = "default_max_pages")]
    pub max_pages: u32,
    /// Default 5 MiB.
    #[serde(default = "default_max_page_bytes")]
    pub max_page_bytes: u64,
    /// JSONPath or dotted path to each record's key in the source record (`$.id`), when the
    /// key is not the mapped external ID (e.g. inserts without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
}

fn one() -> u64 {
    1
}

/// How an import source pages (`type`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Paging {
    /// One request.
    #[default]
    None,
    /// The response holds the next page's URL at `path`.
    NextUrl {
        /// Where the next page's URL is in the response (JSONPath).
        path: String,
    },
    /// The response holds a cursor at `path`, sent back as query parameter `param`.
    Cursor {
        /// Where the cursor is in the response (JSONPath).
        path: String,
        /// The query parameter that sends it back.
        param: String,
    },
    /// RFC 8288 `Link: <…>; rel="next"` header.
    Link,
    /// `param` is the offset of the first record; `limitParam` (optional) carries
    /// `pageSize`.
    #[serde(rename_all = "camelCase")]
    Offset {
        /// The query parameter.
        param: String,
        /// Records per page.
        page_size: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The query parameter that carries `pageSize`.
        limit_param: Option<String>,
    },
    /// `param` is the page number, from `start` (default 1); `sizeParam` (optional) carries
    /// `pageSize`.
    #[serde(rename_all = "camelCase")]
    Page {
        /// The query parameter.
        param: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// Records per page, when the API takes one.
        page_size: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The query parameter that carries `pageSize`.
        size_param: Option<String>,
        #[serde(default = "one")]
        /// The first page number (default 1).
        start: u64,
    },
}

/// A Salesforce write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WriteOperation {
    /// Insert new records.
    Insert,
    /// Update existing records.
    Update,
    /// Insert or update, matched on the external id.
    Upsert,
    /// Delete records (by Id or external id).
    Delete,
}

/// Which Salesforce API moves the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SalesforceApi {
    /// REST below the bulk threshold, Bulk API 2.0 from it.
    #[default]
    Auto,
    /// REST (sObject Collections), up to 200 records a request.
    Rest,
    /// Bulk API 2.0.
    Bulk,
}

fn default_batch_size() -> u32 {
    200
}
fn default_bulk_threshold() -> u64 {
    2000
}

/// Where an import writes: a Salesforce object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesforceTarget {
    /// A `salesforce` connection.
    pub connection: String,
    /// The Salesforce object's API name.
    pub object: String,
    /// The write to make.
    pub operation: WriteOperation,
    /// Required for upsert; for update, Ids are looked up by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default)]
    /// Which Salesforce API moves the records.
    pub api: SalesforceApi,
    /// Records per REST request (1–200), default 200.
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    /// With `api: auto`, this many records or more go through Bulk API 2.0; default 2000.
    #[serde(default = "default_bulk_threshold")]
    pub bulk_threshold: u64,
    /// Stop before a batch once the org's daily API requests reach this share of its limit
    /// (above 0, at most 1); default [`DEFAULT_QUOTA_SHARE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_share: Option<f64>,
}

/// The share of an org's daily API requests a run may use when `quotaShare` is not given.
pub const DEFAULT_QUOTA_SHARE: f64 = 0.9;

/// Where an export reads: a SOQL query on one object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SalesforceSource {
    /// A `salesforce` connection.
    pub connection: String,
    /// The Salesforce object's API name.
    pub object: String,
    /// A SOQL condition (without `WHERE`).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// At most this many records.
    pub limit: Option<u64>,
    #[serde(default)]
    /// Which Salesforce API moves the records.
    pub api: SalesforceApi,
}

/// Methods an export may send with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WriteMethod {
    #[default]
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
}

/// How exported records are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    /// JSON.
    Json,
    /// URL-encoded form fields.
    Form,
    /// CSV.
    Csv,
}

/// CSV encoding options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsvOptions {
    /// Default `,`.
    #[serde(default = "comma")]
    pub delimiter: char,
    /// Default `"`.
    #[serde(default = "dquote")]
    pub quote: char,
    /// Write a header row; default true.
    #[serde(default = "yes")]
    pub header: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: ',',
            quote: '"',
            header: true,
        }
    }
}

fn comma() -> char {
    ','
}
fn dquote() -> char {
    '"'
}

/// Where an export writes: an `http` connection (`connection`, `method`, `path`) or a file
/// (`file`); exactly one of `connection` and `file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// An `http` connection to send to.
    pub connection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// A file to write instead of an HTTP API.
    pub file: Option<String>,
    #[serde(default)]
    /// The HTTP method of each request.
    pub method: WriteMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// The path joined to the connection's `baseUrl` (HTTP targets).
    pub path: Option<String>,
    #[serde(default)]
    /// How records are encoded.
    pub format: ExportFormat,
    /// JSON: 1 sends one object per request, N sends arrays of N. Default 1.
    #[serde(default = "one")]
    pub batch: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// CSV options (with `format: csv`).
    pub csv: Option<CsvOptions>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    /// Extra request headers (not secret).
    pub headers: BTreeMap<String, String>,
    /// Stop before a batch once the org's daily API requests (the export's queries) reach
    /// this share of its limit; default [`DEFAULT_QUOTA_SHARE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_share: Option<f64>,
}

/// Read only what changed since the last checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Incremental {
    /// The field that orders changes (`updated_at`, `SystemModstamp`).
    pub cursor: String,
    /// How far before the checkpoint to read again (`48h`, `15m`, `2d`, `30s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookback: Option<String>,
    /// Orders records that share a cursor value; default `Id` (exports) or the external id
    /// (imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie_breaker: Option<String>,
}

impl Incremental {
    /// The lookback in seconds (0 without one); `None` when it is not a valid duration.
    pub fn lookback_seconds(&self) -> Option<u64> {
        match &self.lookback {
            None => Some(0),
            Some(text) => parse_duration(text),
        }
    }
}

/// Parses `48h`, `15m`, `2d`, `30s` into seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let n: u64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let per = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        _ => return None,
    };
    n.checked_mul(per)
}
