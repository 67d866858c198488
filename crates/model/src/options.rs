//! The document's sync options (`options`): imports (an HTTP API or another Salesforce org
//! into a Salesforce object) and exports (a Salesforce object out to an API or a file), with
//! the Salesforce side of each, the Day-Zero guard's mode, what becomes of deletions and the
//! incremental settings.

use crate::document::{Notify, Watch};
use crate::http::{ExportTarget, HttpSource};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// One sync: where records come from, where they go, and the mapping between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "direction", rename_all = "lowercase")]
// A handful per workspace, read once per command: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
pub enum SyncOption {
    /// API or org → Salesforce.
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

/// `direction: import`: an HTTP API or a Salesforce org into a Salesforce object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ImportOption {
    /// The option's unique name (runs and checkpoints are kept under it).
    pub name: String,
    /// Default true.
    #[serde(default = "yes")]
    pub active: bool,
    /// Default 0.
    #[serde(default)]
    #[ts(type = "number")]
    pub order: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Free text for people.
    pub description: Option<String>,
    /// Where the records come from.
    pub source: ImportSource,
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
    /// What a record deleted at the source does to its match in the target; default
    /// `ignore`.
    #[serde(default, skip_serializing_if = "DeleteMode::is_default")]
    #[ts(as = "Option<DeleteMode>", optional)]
    pub deletes: DeleteMode,
}

/// Where an import reads: an HTTP API (`path`, `paging`…) or a Salesforce org (`object`,
/// `where`…). Read by its keys: a source naming an `object` is an org.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
// One per option, read once per run: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
pub enum ImportSource {
    /// Requests to an `http` connection.
    Api(HttpSource),
    /// A SOQL query on an object of a `salesforce` connection.
    Org(SalesforceSource),
}

impl ImportSource {
    /// The connection the source reads through.
    pub fn connection(&self) -> &str {
        match self {
            ImportSource::Api(s) => &s.connection,
            ImportSource::Org(s) => &s.connection,
        }
    }
    /// The HTTP source, when the records come from an API.
    pub fn api(&self) -> Option<&HttpSource> {
        match self {
            ImportSource::Api(s) => Some(s),
            ImportSource::Org(_) => None,
        }
    }
    /// The HTTP source to change, when the records come from an API.
    pub fn api_mut(&mut self) -> Option<&mut HttpSource> {
        match self {
            ImportSource::Api(s) => Some(s),
            ImportSource::Org(_) => None,
        }
    }
    /// The org source, when the records come from Salesforce.
    pub fn org(&self) -> Option<&SalesforceSource> {
        match self {
            ImportSource::Org(s) => Some(s),
            ImportSource::Api(_) => None,
        }
    }
    /// Whether a source document (an object) reads a Salesforce org: it names an `object`
    /// and no `path`.
    pub fn is_org_document(doc: &serde_json::Map<String, Value>) -> bool {
        doc.contains_key("object") && !doc.contains_key("path")
    }
}

impl<'de> Deserialize<'de> for ImportSource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(d)?;
        let org = value.as_object().is_some_and(ImportSource::is_org_document);
        if org {
            SalesforceSource::deserialize(value)
                .map(ImportSource::Org)
                .map_err(D::Error::custom)
        } else {
            HttpSource::deserialize(value)
                .map(ImportSource::Api)
                .map_err(D::Error::custom)
        }
    }
}

impl From<HttpSource> for ImportSource {
    fn from(s: HttpSource) -> ImportSource {
        ImportSource::Api(s)
    }
}

impl From<SalesforceSource> for ImportSource {
    fn from(s: SalesforceSource) -> ImportSource {
        ImportSource::Org(s)
    }
}

/// What an import does with records deleted at the source (`deletes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DeleteMode {
    /// Leave their matches in the target alone.
    #[default]
    Ignore,
    /// Delete their matches (to the target's recycle bin: an undo restores them).
    Delete,
    /// Delete their matches for good, through Bulk API 2.0 (needs the "Bulk API Hard
    /// Delete" permission; an undo cannot restore them).
    HardDelete,
}

impl DeleteMode {
    /// The name used in the configuration (`hardDelete`).
    pub fn as_str(self) -> &'static str {
        match self {
            DeleteMode::Ignore => "ignore",
            DeleteMode::Delete => "delete",
            DeleteMode::HardDelete => "hardDelete",
        }
    }

    /// `ignore`, the default.
    pub fn is_default(&self) -> bool {
        *self == DeleteMode::Ignore
    }
}

/// The Day-Zero guard of an import: what to do with a target field that holds a value
/// where the source would write null or empty ("good data overwritten by an emptier
/// source").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum GuardMode {
    /// Report the fields in the run log and write as mapped.
    #[default]
    Warn,
    /// Leave those fields out of those records' writes (the rest of the record is written).
    Protect,
    /// Stop the run before writing anything, with the list.
    Block,
    /// Read nothing before writing: the fewest API calls, no findings, and no prior values
    /// kept, so an undo cannot restore the run's updates (it still deletes its inserts).
    /// Updates matched by external ID still look up their Ids.
    Off,
}

impl GuardMode {
    /// The name used in the configuration (`protect`).
    pub fn as_str(self) -> &'static str {
        match self {
            GuardMode::Warn => "warn",
            GuardMode::Protect => "protect",
            GuardMode::Block => "block",
            GuardMode::Off => "off",
        }
    }

    /// `warn`, the default.
    pub fn is_default(&self) -> bool {
        *self == GuardMode::Warn
    }
}

impl std::fmt::Display for GuardMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for GuardMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "warn" => Ok(GuardMode::Warn),
            "protect" => Ok(GuardMode::Protect),
            "block" => Ok(GuardMode::Block),
            "off" => Ok(GuardMode::Off),
            other => Err(format!(
                "unknown guard mode \"{other}\" (expected one of: warn, protect, block, off)"
            )),
        }
    }
}

/// `direction: export`: a Salesforce object out to an HTTP API or a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportOption {
    /// The option's unique name (runs and checkpoints are kept under it).
    pub name: String,
    #[serde(default = "yes")]
    /// Whether runs of all options include it (default true).
    pub active: bool,
    #[serde(default)]
    /// Position when all options run (lowest first).
    #[ts(type = "number")]
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

/// A Salesforce write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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

impl WriteOperation {
    /// The name used in the configuration (`upsert`).
    pub fn as_str(self) -> &'static str {
        match self {
            WriteOperation::Insert => "insert",
            WriteOperation::Update => "update",
            WriteOperation::Upsert => "upsert",
            WriteOperation::Delete => "delete",
        }
    }

    /// The engine's operation for the describe check (`None` for delete: nothing to type).
    pub fn check_operation(self) -> Option<synccentral_engine::Operation> {
        use synccentral_engine::Operation;
        match self {
            WriteOperation::Insert => Some(Operation::Insert),
            WriteOperation::Update => Some(Operation::Update),
            WriteOperation::Upsert => Some(Operation::Upsert),
            WriteOperation::Delete => None,
        }
    }
}

/// Which Salesforce API moves the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SalesforceTarget {
    /// A `salesforce` connection.
    pub connection: String,
    /// The Salesforce object's API name.
    pub object: String,
    /// The write to make.
    pub operation: WriteOperation,
    /// Required for upsert unless `matchOn` is given; for update, Ids are looked up by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Match target records on these fields instead of an external ID (`["Email"]`,
    /// `["LastName", "Account.Name"]`), compared as Salesforce compares them: one match is
    /// updated, none inserted (upsert), several fail the record with their Ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub match_on: Vec<String>,
    #[serde(default)]
    /// Which Salesforce API moves the records.
    pub api: SalesforceApi,
    /// Records per REST request (1–200), default 200.
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    /// With `api: auto`, this many records or more go through Bulk API 2.0; default 2000.
    #[serde(default = "default_bulk_threshold")]
    #[ts(type = "number")]
    pub bulk_threshold: u64,
    /// Stop before a batch once the org's daily API requests reach this share of its limit
    /// (above 0, at most 1); default [`DEFAULT_QUOTA_SHARE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_share: Option<f64>,
}

/// The share of an org's daily API requests a run may use when `quotaShare` is not given.
pub const DEFAULT_QUOTA_SHARE: f64 = 0.9;

/// Where an export (or an import from another org) reads: a SOQL query on one object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
    #[ts(type = "number")]
    pub limit: Option<u64>,
    #[serde(default)]
    /// Which Salesforce API moves the records.
    pub api: SalesforceApi,
}

/// Read only what changed since the last checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
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
    /// How the cursor field is written, and so how `{{since}}` and `{{until}}` are sent:
    /// `rfc3339` (default), `date`, `unixSeconds` or `unixMillis`.
    #[serde(default, skip_serializing_if = "CursorFormat::is_default")]
    #[ts(as = "Option<CursorFormat>", optional)]
    pub format: CursorFormat,
}

/// How an incremental cursor is written in the records and in `{{since}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CursorFormat {
    /// `2024-05-01T10:00:00Z` (also Salesforce's `2024-05-01T10:00:00.000+0000`).
    #[default]
    Rfc3339,
    /// `2024-05-01`.
    Date,
    /// Seconds since 1970 (`1714557600`).
    UnixSeconds,
    /// Milliseconds since 1970 (`1714557600000`).
    UnixMillis,
}

impl CursorFormat {
    fn is_default(&self) -> bool {
        *self == CursorFormat::Rfc3339
    }
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
