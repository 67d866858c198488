//! The connector's resolved config (secrets in clear, the connection's base URL and headers
//! joined to the option's), serde and camelCase so a stand-alone client can save it; its
//! parts the document already declares (paging, CSV options, the API key's place) are the
//! document's own types, from synccentral-model.
//! [`SourceConfig::validate`] and [`SinkConfig::validate`] check them purely and collect
//! every problem; the runtime types ([`crate::Fetcher`], [`crate::Sender`]) are built only
//! from valid ones.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How requests prove who is calling. `Debug` shows `***` for every secret, so a config
/// in a log does not leak one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Auth {
    #[default]
    None,
    /// A fixed key sent as a header or a query parameter.
    ApiKey {
        #[serde(rename = "in")]
        location: KeyLocation,
        name: String,
        value: String,
    },
    /// HTTP Basic.
    Basic { username: String, password: String },
    /// A fixed bearer token.
    Bearer { token: String },
    /// OAuth 2 client credentials: a token is fetched from `token_url`, cached, and fetched
    /// again once when a request gets a 401.
    Oauth2 {
        token_url: String,
        client_id: String,
        client_secret: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<String>,
    },
    /// A token endpoint of the API's own design: `method url` with `body`, the token read
    /// at `token_path` of the JSON answer, sent as `header: prefix + token`.
    Custom {
        #[serde(default = "default_token_method")]
        method: HttpMethod,
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_type: Option<String>,
        token_path: String,
        #[serde(default = "default_auth_header")]
        header: String,
        #[serde(default = "default_auth_prefix")]
        prefix: String,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const HIDDEN: &str = "***";
        match self {
            Auth::None => f.write_str("None"),
            Auth::ApiKey { location, name, .. } => f
                .debug_struct("ApiKey")
                .field("location", location)
                .field("name", name)
                .field("value", &HIDDEN)
                .finish(),
            Auth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &HIDDEN)
                .finish(),
            Auth::Bearer { .. } => f.debug_struct("Bearer").field("token", &HIDDEN).finish(),
            Auth::Oauth2 {
                token_url,
                client_id,
                scope,
                ..
            } => f
                .debug_struct("Oauth2")
                .field("token_url", token_url)
                .field("client_id", client_id)
                .field("client_secret", &HIDDEN)
                .field("scope", scope)
                .finish(),
            Auth::Custom {
                method,
                url,
                body,
                content_type,
                token_path,
                header,
                prefix,
            } => f
                .debug_struct("Custom")
                .field("method", method)
                .field("url", url)
                .field("body", &body.as_ref().map(|_| HIDDEN))
                .field("content_type", content_type)
                .field("token_path", token_path)
                .field("header", header)
                .field("prefix", prefix)
                .finish(),
        }
    }
}

fn default_token_method() -> HttpMethod {
    HttpMethod::Post
}

fn default_auth_header() -> String {
    "Authorization".to_string()
}

fn default_auth_prefix() -> String {
    "Bearer ".to_string()
}

/// Where an API key goes: the document's `in`.
pub use synccentral_model::ApiKeyIn as KeyLocation;

/// The HTTP methods the connector sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
}

impl From<synccentral_model::ReadMethod> for HttpMethod {
    fn from(m: synccentral_model::ReadMethod) -> HttpMethod {
        match m {
            synccentral_model::ReadMethod::Get => HttpMethod::Get,
            synccentral_model::ReadMethod::Post => HttpMethod::Post,
        }
    }
}

impl From<synccentral_model::WriteMethod> for HttpMethod {
    fn from(m: synccentral_model::WriteMethod) -> HttpMethod {
        match m {
            synccentral_model::WriteMethod::Post => HttpMethod::Post,
            synccentral_model::WriteMethod::Put => HttpMethod::Put,
            synccentral_model::WriteMethod::Patch => HttpMethod::Patch,
        }
    }
}

impl HttpMethod {
    pub(crate) fn to_reqwest(self) -> synccentral_net::reqwest::Method {
        use synccentral_net::reqwest::Method;
        match self {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
        }
    }
}

/// How an import walks from one page to the next: the document's `paging`, which the
/// fetcher reads as it is.
pub use synccentral_model::Paging;

fn default_max_pages() -> u32 {
    100
}

fn default_max_page_bytes() -> usize {
    synccentral_net::DEFAULT_MAX_BODY
}

fn default_records_path() -> String {
    "$".to_string()
}

/// Where and how an import reads records. `params`, `headers`, `body` and `path` may hold
/// `{{since}}`, `{{until}}` (RFC 3339) and `{{page}}` (1 for the first request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceConfig {
    /// `https://api.example.com` (a path here is kept: `https://host/api` + `/v1/x`).
    pub base_url: String,
    /// `/v1/invoices`, appended to the base URL.
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub method: HttpMethod,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Sent as JSON text with POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default)]
    pub auth: Auth,
    #[serde(default)]
    pub paging: Paging,
    /// Where the records are in a page: a dotted path (`data`, `result.items`) or JSONPath
    /// (`$.data[*]`); `$` means the body is the array.
    #[serde(default = "default_records_path")]
    pub records_path: String,
    #[serde(default = "default_max_pages")]
    pub max_pages: u32,
    #[serde(default = "default_max_page_bytes")]
    pub max_page_bytes: usize,
}

impl SourceConfig {
    /// A GET of `base_url + path` with no auth, no paging, records at `$`.
    pub fn new(base_url: impl Into<String>, path: impl Into<String>) -> SourceConfig {
        SourceConfig {
            base_url: base_url.into(),
            path: path.into(),
            method: HttpMethod::Get,
            params: BTreeMap::new(),
            headers: BTreeMap::new(),
            body: None,
            auth: Auth::None,
            paging: Paging::None,
            records_path: default_records_path(),
            max_pages: default_max_pages(),
            max_page_bytes: default_max_page_bytes(),
        }
    }
}

/// How exported records are encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Encoding {
    /// One object per request, or (with `batch_size`) arrays of up to that many.
    Json {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch_size: Option<usize>,
    },
    /// `application/x-www-form-urlencoded`, one record per request; nested values as JSON.
    Form,
    /// Delimited text; to an API, `batch_size` rows per request (all in one when unset).
    Csv {
        #[serde(default)]
        csv: CsvOptions,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch_size: Option<usize>,
    },
}

/// Delimited-text options (the `csv` encoding's and file format's fields): the document's
/// `csv`.
pub use synccentral_model::CsvOptions;

/// Where and how an export sends records to an API. `path` may hold `{{Field}}` filled per
/// record (URL-encoded), e.g. `/v1/customers/{{External_Id__c}}`, when each request
/// carries one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SinkConfig {
    pub base_url: String,
    pub path: String,
    pub method: HttpMethod,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub auth: Auth,
    pub encoding: Encoding,
}

/// The layout of an export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum FileFormat {
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Delimited text.
    Csv(CsvOptions),
}
