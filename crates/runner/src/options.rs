//! Sync options as saved (serde, unknown keys refused) and their validation: every problem
//! is collected with a JSON pointer (`/options/batchSize`, `/mapping/fields/2/target`) before
//! anything runs, and a valid option becomes a ready-to-run plan (mapping compiled, paths
//! parsed, describe checker built).

use crate::connect::WriteOp;
use crate::guard::GuardMode;
use crate::window::{parse_instant, parse_lookback};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use synccentral_engine::mapping::{compile, CompiledMapping, Source};
use synccentral_engine::path::SourcePath;
use synccentral_engine::sfcheck::Checker;
use synccentral_engine::{Describe, MappingIssue};

/// The default number of records per write call (sObject Collections' maximum).
pub const DEFAULT_BATCH_SIZE: usize = 200;
/// The default share of the org's API requests a run may use before it stops.
pub const DEFAULT_QUOTA_SHARE: f64 = 0.9;

/// Incremental settings shared by imports and exports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Incremental {
    /// Imports: the source records' field that orders changes (`updated_at`); without it
    /// the run's start time is the checkpoint. Exports always use `SystemModstamp`.
    pub cursor_field: Option<String>,
    /// Imports: the field that orders records sharing a cursor value (default: the key).
    pub tie_field: Option<String>,
    /// How far before the checkpoint each run starts again (`48h`, `15m`, `2d`).
    pub lookback: Option<String>,
    /// `{{since}}` on the first run, before any checkpoint (`2020-01-01T00:00:00Z`).
    pub initial_since: Option<String>,
}

/// An import option as saved: API records into one Salesforce object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportOptions {
    /// The option's unique name (checkpoints and runs are kept under it).
    pub name: String,
    /// The target object's API name.
    pub object: String,
    #[serde(default)]
    /// The write (default upsert).
    pub operation: WriteOp,
    /// The target's external ID field: upserts match on it; updates and deletes look Ids
    /// up by it; inserts use it to check whether an interrupted insert landed.
    pub external_id: Option<String>,
    /// A source path giving each record's key when the external ID is not mapped (or for
    /// inserts into objects without one).
    pub key_path: Option<String>,
    /// Records per write call (default 200).
    pub batch_size: Option<usize>,
    /// Incremental settings; `None`: every run reads everything.
    pub incremental: Option<Incremental>,
    /// Stop before a batch once the org's API usage reaches this share (default 0.9).
    pub quota_share: Option<f64>,
    /// Explicit run-all order: lower runs first among options free to run.
    pub order: Option<i32>,
    /// The Day-Zero guard's mode (updates and upserts; default warn).
    #[serde(default)]
    pub guard: GuardMode,
}

/// A validated import option with its compiled mapping, ready to run.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// The option's name.
    pub name: String,
    /// The target object's API name (as the describe spells it).
    pub object: String,
    /// The write.
    pub operation: WriteOp,
    /// The external ID field (upserts match on it; updates, deletes and insert checks look Ids up by it).
    pub external_id: Option<String>,
    /// Where each record's key comes from.
    pub key: KeySource,
    /// Records per write call.
    pub batch_size: usize,
    /// Incremental settings.
    pub incremental: Option<IncrementalPlan>,
    /// Share of the org's API requests at which the run stops.
    pub quota_share: f64,
    /// Explicit run-all order.
    pub order: Option<i32>,
    /// The compiled mapping.
    pub mapping: CompiledMapping,
    /// The target's describe.
    pub describe: Describe,
    /// The describe check, built once.
    pub checker: Checker,
    /// The Day-Zero guard's mode.
    pub guard: GuardMode,
}

/// Where an import record's key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A source path.
    Path(SourcePath),
    /// The mapped value of this output field (the external ID, or `Id`).
    Mapped(String),
    /// No key (upserts and updates by mapped Id do not need one; such records are
    /// recorded without a key).
    None,
}

/// Validated incremental settings of an import.
#[derive(Debug, Clone)]
pub struct IncrementalPlan {
    /// The cursor field's path; `None`: the run time is the cursor.
    pub cursor: Option<SourcePath>,
    /// The tie field's path; `None`: the record key is the tie.
    pub tie: Option<SourcePath>,
    /// How far before the checkpoint the window starts.
    pub lookback: SignedDuration,
    /// `{{since}}` on the first run.
    pub initial_since: Option<String>,
}

fn issue(issues: &mut Vec<MappingIssue>, at: &str, message: impl Into<String>) {
    issues.push(MappingIssue::new(at, message));
}

fn mapping_issues(
    doc: &Value,
    describe: Option<&Describe>,
    issues: &mut Vec<MappingIssue>,
) -> Option<CompiledMapping> {
    match compile(doc, describe) {
        Ok(m) => Some(m),
        Err(found) => {
            issues.extend(
                found
                    .into_iter()
                    .map(|i| MappingIssue::new(format!("/mapping{}", i.pointer), i.message)),
            );
            None
        }
    }
}

fn path_issue(issues: &mut Vec<MappingIssue>, at: &str, text: Option<&str>) -> Option<SourcePath> {
    let text = text?;
    match SourcePath::parse(text) {
        Ok(p) => Some(p),
        Err(e) => {
            issue(issues, at, e);
            None
        }
    }
}

fn batch_and_quota(
    batch_size: Option<usize>,
    quota_share: Option<f64>,
    issues: &mut Vec<MappingIssue>,
) -> (usize, f64) {
    let batch = batch_size.unwrap_or(DEFAULT_BATCH_SIZE);
    if !(1..=10_000).contains(&batch) {
        issue(
            issues,
            "/options/batchSize",
            format!("batchSize {batch} is out of range: 1 to 10000 records per call"),
        );
    }
    let share = quota_share.unwrap_or(DEFAULT_QUOTA_SHARE);
    if !(share > 0.0 && share <= 1.0) {
        issue(
            issues,
            "/options/quotaShare",
            format!("quotaShare {share} is out of range: a share above 0 and at most 1 (0.9 = stop at 90% of the org's API requests)"),
        );
    }
    (batch, share)
}

fn lookback_and_since(inc: &Incremental, issues: &mut Vec<MappingIssue>) -> SignedDuration {
    if let Some(s) = &inc.initial_since {
        if parse_instant(s).is_none() && s.parse::<f64>().is_err() {
            issue(
                issues,
                "/options/incremental/initialSince",
                format!("initialSince '{s}' is not a date-time like 2020-01-01T00:00:00Z"),
            );
        }
    }
    match inc.lookback.as_deref().map(parse_lookback) {
        None => SignedDuration::ZERO,
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            issue(issues, "/options/incremental/lookback", e);
            SignedDuration::ZERO
        }
    }
}

fn name_issue(name: &str, issues: &mut Vec<MappingIssue>) {
    if name.trim().is_empty() {
        issue(issues, "/options/name", "an option needs a name");
    }
}

impl ImportOptions {
    /// Validates the option with its mapping document against the target's describe,
    /// collecting every problem.
    pub fn validate(
        &self,
        mapping: &Value,
        describe: &Describe,
    ) -> Result<ImportPlan, Vec<MappingIssue>> {
        let mut issues = Vec::new();
        name_issue(&self.name, &mut issues);
        if !self.object.eq_ignore_ascii_case(&describe.name) {
            issue(
                &mut issues,
                "/options/object",
                format!(
                    "the option writes to {} but the describe is of {}",
                    self.object, describe.name
                ),
            );
        }
        let (batch_size, quota_share) =
            batch_and_quota(self.batch_size, self.quota_share, &mut issues);
        let compiled = mapping_issues(mapping, Some(describe), &mut issues);
        if let (Some(m), Some(op)) = (&compiled, self.operation.check_operation()) {
            issues.extend(
                m.check_against(describe, op)
                    .into_iter()
                    .map(|i| MappingIssue::new(format!("/mapping{}", i.pointer), i.message)),
            );
        }
        if let Some(ext) = &self.external_id {
            match describe.field(ext) {
                None => issue(
                    &mut issues,
                    "/options/externalId",
                    format!("{} has no field {ext}", describe.name),
                ),
                Some(f) if !(f.external_id || f.id_lookup) => issue(
                    &mut issues,
                    "/options/externalId",
                    format!("{}.{ext} is not an external ID field", describe.name),
                ),
                Some(_) => {}
            }
        }
        let key_path = path_issue(&mut issues, "/options/keyPath", self.key_path.as_deref());
        let maps = |target: &str| {
            compiled.as_ref().is_some_and(|m| {
                m.fields
                    .iter()
                    .any(|f| f.output_key.eq_ignore_ascii_case(target))
            })
        };
        let ext_mapped = self.external_id.as_deref().filter(|e| maps(e));
        let key = match (&key_path, ext_mapped) {
            (Some(p), _) => KeySource::Path(p.clone()),
            (None, Some(e)) => KeySource::Mapped(e.to_string()),
            (None, None) if maps("Id") => KeySource::Mapped("Id".into()),
            (None, None) => KeySource::None,
        };
        match self.operation {
            WriteOp::Upsert if self.external_id.is_none() => issue(
                &mut issues,
                "/options/externalId",
                "an upsert matches records on an external ID: set externalId (e.g. External_Id__c)",
            ),
            WriteOp::Upsert if ext_mapped.is_none() && compiled.is_some() => issue(
                &mut issues,
                "/options/externalId",
                format!(
                    "the mapping does not write {}, the upsert's external ID",
                    self.external_id.as_deref().unwrap_or_default()
                ),
            ),
            WriteOp::Insert if matches!(key, KeySource::None) => issue(
                &mut issues,
                "/options/keyPath",
                "an insert needs a key per record so an interrupted run is never replayed twice: set keyPath, or externalId to a mapped external ID field",
            ),
            WriteOp::Update | WriteOp::Delete
                if self.external_id.is_none() && !maps("Id") && compiled.is_some() =>
            {
                issue(
                    &mut issues,
                    "/options/externalId",
                    format!(
                        "an {} finds records by Id: map Id, or set externalId to look Ids up",
                        self.operation.as_str()
                    ),
                )
            }
            WriteOp::Update | WriteOp::Delete
                if self.external_id.is_some() && matches!(key, KeySource::None) && compiled.is_some() =>
            {
                issue(
                    &mut issues,
                    "/options/keyPath",
                    format!(
                        "to look Ids up by {}, map it or set keyPath to the source value",
                        self.external_id.as_deref().unwrap_or_default()
                    ),
                )
            }
            _ => {}
        }
        let incremental = self.incremental.as_ref().map(|inc| IncrementalPlan {
            cursor: path_issue(
                &mut issues,
                "/options/incremental/cursorField",
                inc.cursor_field.as_deref(),
            ),
            tie: path_issue(
                &mut issues,
                "/options/incremental/tieField",
                inc.tie_field.as_deref(),
            ),
            lookback: lookback_and_since(inc, &mut issues),
            initial_since: inc.initial_since.clone(),
        });
        match compiled {
            Some(mapping) if issues.is_empty() => Ok(ImportPlan {
                name: self.name.clone(),
                object: describe.name.clone(),
                operation: self.operation,
                external_id: self.external_id.clone(),
                key,
                batch_size,
                incremental,
                quota_share,
                order: self.order,
                checker: Checker::new(describe),
                mapping,
                describe: describe.clone(),
                guard: self.guard,
            }),
            _ => Err(issues),
        }
    }
}

/// An export option as saved: one Salesforce object out to an API or file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportOptions {
    /// The option's unique name.
    pub name: String,
    /// The Salesforce object queried.
    pub object: String,
    /// A SOQL condition added to the query (`IsDeleted = false AND Type = 'Customer'`).
    #[serde(rename = "where")]
    pub where_clause: Option<String>,
    /// Records per send (default 200).
    pub batch_size: Option<usize>,
    /// Incremental on `SystemModstamp` (with `Id` as the tie); only `lookback` and
    /// `initialSince` apply.
    pub incremental: Option<Incremental>,
    /// Stop before a batch once the org's API usage reaches this share (default 0.9).
    pub quota_share: Option<f64>,
    /// Explicit run-all order: lower runs first among options free to run.
    pub order: Option<i32>,
}

/// A validated export option, ready to run.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    /// The option's name.
    pub name: String,
    /// The object queried.
    pub object: String,
    /// The option's SOQL condition.
    pub where_clause: Option<String>,
    /// Records per send.
    pub batch_size: usize,
    /// The Salesforce fields the query selects, from the mapping's source paths
    /// (`Account.Name` stays a relationship field).
    pub fields: Vec<String>,
    /// `Some`: incremental on `SystemModstamp`, starting this long before the checkpoint.
    pub lookback: Option<SignedDuration>,
    /// The window's start on the first run.
    pub initial_since: Option<String>,
    /// Share of the org's API requests at which the run stops.
    pub quota_share: f64,
    /// Explicit run-all order.
    pub order: Option<i32>,
    /// The compiled mapping (sources are Salesforce fields).
    pub mapping: CompiledMapping,
}

/// A SOQL field name from a mapping source path: dotted keys (`Account.Owner.Name`) or a
/// JSONPath of plain keys (`$.Account.Name`, `$['Name']`).
fn soql_field(text: &str) -> Option<String> {
    let t = text.trim();
    let dotted = if let Some(rest) = t.strip_prefix('$') {
        if let Some(inner) = rest.strip_prefix("['").and_then(|r| r.strip_suffix("']")) {
            inner.to_string()
        } else {
            rest.strip_prefix('.')?.to_string()
        }
    } else {
        t.to_string()
    };
    let ok = !dotted.is_empty()
        && dotted.split('.').all(|k| {
            !k.is_empty()
                && k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    ok.then_some(dotted)
}

impl ExportOptions {
    /// Validates the option with its mapping (sources are Salesforce fields, targets the
    /// API's), collecting every problem.
    pub fn validate(&self, mapping: &Value) -> Result<ExportPlan, Vec<MappingIssue>> {
        let mut issues = Vec::new();
        name_issue(&self.name, &mut issues);
        if soql_field(&self.object).is_none_or(|o| o.contains('.')) {
            issue(
                &mut issues,
                "/options/object",
                format!("'{}' is not an object API name", self.object),
            );
        }
        let (batch_size, quota_share) =
            batch_and_quota(self.batch_size, self.quota_share, &mut issues);
        let compiled = mapping_issues(mapping, None, &mut issues);
        let mut fields: Vec<String> = Vec::new();
        if let Some(m) = &compiled {
            for f in &m.fields {
                let texts: Vec<&str> = match &f.source {
                    Source::Path { text, .. } => vec![text.as_str()],
                    Source::Many(paths) => paths.iter().map(|(t, _)| t.as_str()).collect(),
                    Source::Constant(_) => Vec::new(),
                };
                for (n, text) in texts.into_iter().enumerate() {
                    match soql_field(text) {
                        Some(name) => {
                            if !fields.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
                                fields.push(name);
                            }
                        }
                        None => issue(
                            &mut issues,
                            &format!("/mapping{}/source{}", f.pointer, if n > 0 { format!("/{n}") } else { String::new() }),
                            format!("an export source is a Salesforce field or relationship path (Name, Account.Name), not '{text}'"),
                        ),
                    }
                }
            }
        }
        let lookback = self.incremental.as_ref().map(|inc| {
            if inc.cursor_field.is_some() || inc.tie_field.is_some() {
                issue(
                    &mut issues,
                    "/options/incremental",
                    "an export is incremental on SystemModstamp with Id as the tie: cursorField and tieField do not apply",
                );
            }
            lookback_and_since(inc, &mut issues)
        });
        match compiled {
            Some(mapping) if issues.is_empty() => Ok(ExportPlan {
                name: self.name.clone(),
                object: self.object.clone(),
                where_clause: self.where_clause.clone().filter(|w| !w.trim().is_empty()),
                batch_size,
                fields,
                lookback,
                initial_since: self
                    .incremental
                    .as_ref()
                    .and_then(|i| i.initial_since.clone()),
                quota_share,
                order: self.order,
                mapping,
            }),
            _ => Err(issues),
        }
    }
}
