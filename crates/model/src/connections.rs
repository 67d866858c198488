//! The document's connections (`connections`): Salesforce orgs with their login flows, and
//! JSON/REST APIs with their auth. Every secret is a [`Secret`], reachable with its JSON
//! pointer through [`Connection::secrets`].

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A place data comes from or goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ClientCredentialsFlow {
    /// The connected app's consumer key.
    pub client_id: String,
    /// The client secret (a secret).
    pub client_secret: Secret,
}

/// `flow: jwt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
}

/// `type: apiKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct BasicAuth {
    /// The user to log in as.
    pub username: String,
    /// The password (a secret).
    pub password: Secret,
}

/// `type: bearer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct BearerAuth {
    /// The token (a secret).
    pub token: Secret,
}

/// `type: oauth2` (client credentials).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
