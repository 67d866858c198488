//! The HTTP side of an option: where an import reads (`source`: method, path, paging) and
//! where an export writes (`target`: an API or a file, its method, format and CSV options).
//! The HTTP connector reads these same types.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use ts_rs::TS;

/// HTTP methods a source may read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
    #[ts(type = "number")]
    pub max_page_bytes: u64,
    /// JSONPath or dotted path to each record's key in the source record (`$.id`), when the
    /// key is not the mapped external ID (e.g. inserts without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
    /// JSONPath or dotted path to each record's deletion mark (`$.deleted`): a record where
    /// it is `true` was deleted at the source (see the option's `deletes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_path: Option<String>,
    /// A separate endpoint listing the records deleted at the source (`/contacts/deleted`):
    /// every record it lists was deleted (see the option's `deletes`; not called with
    /// `ignore`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletions: Option<HttpDeletions>,
}

/// Where an API lists its deleted records: read with GET after the records, through the
/// source's connection and headers, over the same incremental window (`{{since}}`,
/// `{{until}}`), within the source's `maxPages` and `maxPageBytes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct HttpDeletions {
    /// Joined to the connection's `baseUrl`, as the source's `path` is.
    pub path: String,
    /// Query parameters; default: the source's `params` (so the same window parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, String>>,
    /// JSONPath or dotted path to the deleted records array (`$.data`); default: the whole
    /// response when it is an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_path: Option<String>,
    #[serde(default)]
    /// How the endpoint pages.
    pub paging: Paging,
}

fn yes() -> bool {
    true
}

fn one() -> u64 {
    1
}

/// How an import source pages (`type`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
    /// The response holds a cursor at `path`, sent back as query parameter `param`, or
    /// (`to: "body"`) at `param` inside the JSON body of a POST (search APIs page so).
    Cursor {
        /// Where the cursor is in the response (JSONPath).
        path: String,
        /// The query parameter that sends it back; with `to: "body"`, a dotted path in the
        /// request body (`start_cursor`, `page.after`), created when missing.
        param: String,
        /// Where the cursor goes: `query` (default) or `body`.
        #[serde(default, skip_serializing_if = "CursorTo::is_query")]
        #[ts(as = "Option<CursorTo>", optional)]
        to: CursorTo,
    },
    /// While `hasMore` (a path in the response, `$.has_more`) is true, the next request sends
    /// the last record's `idPath` value as query parameter `param` (`starting_after`).
    #[serde(rename_all = "camelCase")]
    AfterLast {
        /// The query parameter (`starting_after`).
        param: String,
        /// The record's id, in each record (`id`).
        id_path: String,
        /// The "more to read" flag in the response (`$.has_more`).
        has_more: String,
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
        #[ts(type = "number")]
        page_size: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The query parameter that carries `pageSize`.
        #[ts(optional)]
        limit_param: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The total number of records in the response (`$.meta.total`): the walk stops at it
        /// instead of asking for an empty page.
        #[ts(optional)]
        total_path: Option<String>,
    },
    /// `param` is the page number, from `start` (default 1); `sizeParam` (optional) carries
    /// `pageSize`.
    #[serde(rename_all = "camelCase")]
    Page {
        /// The query parameter.
        param: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// Records per page, when the API takes one.
        #[ts(type = "number")]
        #[ts(optional)]
        page_size: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The query parameter that carries `pageSize`.
        #[ts(optional)]
        size_param: Option<String>,
        #[serde(default = "one")]
        /// The first page number (default 1).
        #[ts(type = "number")]
        start: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        /// The number of pages in the response (`$.meta.total_pages`): the walk stops after
        /// that page instead of asking for an empty one.
        #[ts(optional)]
        pages_path: Option<String>,
    },
}

/// Where a cursor is sent back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CursorTo {
    /// A query parameter.
    #[default]
    Query,
    /// A field of the JSON request body (POST).
    Body,
}

impl CursorTo {
    fn is_query(&self) -> bool {
        *self == CursorTo::Query
    }
}

/// Methods an export may send with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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

/// CSV encoding options. Values starting with `=`, `+`, `-`, `@` (and tab or carriage
/// return) get a leading `'` so spreadsheets do not run them as formulas; lines end CRLF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
    #[ts(type = "number")]
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
