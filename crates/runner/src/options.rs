//! Validation of the document's sync options (synccentral-model's `ImportOption` and
//! `ExportOption`): every problem is collected with its JSON pointer inside the option, as
//! the document spells it (`/target/batchSize`, `/mapping/fields/2/target`), before anything
//! runs, and a valid option becomes a ready-to-run plan (mapping compiled, paths parsed,
//! describe checker built).

use crate::connect::WriteOp;
use crate::export::CURSOR_FIELD;
use crate::guard::GuardMode;
use crate::window::parse_lookback;
use jiff::SignedDuration;
use serde_json::Value;
use synccentral_engine::mapping::{compile, CompiledMapping, Source};
use synccentral_engine::path::SourcePath;
use synccentral_engine::sfcheck::Checker;
use synccentral_engine::{Describe, MappingIssue};
use synccentral_model::{
    CursorFormat, DeleteMode, ExportOption, ImportOption, ImportSource, DEFAULT_QUOTA_SHARE,
};

/// The default number of records per write call (sObject Collections' maximum).
pub const DEFAULT_BATCH_SIZE: usize = 200;

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
    /// Target records are matched on these fields (`matchOn`) instead of an external ID.
    pub match_on: Vec<String>,
    /// When the records come from another org: the query that reads them.
    pub org_source: Option<OrgRead>,
    /// What records deleted at the source do to their matches.
    pub deletes: DeleteMode,
    /// Where a source record says it was deleted (`IsDeleted` from an org); `None` when
    /// deletions are ignored.
    pub deleted_flag: Option<SourcePath>,
    /// The source also lists its deleted records at a separate endpoint (an API's
    /// `deletions`), read after the records; `false` when deletions are ignored.
    pub deletions: bool,
    /// Parents found by a field that is not an external ID (`reference` with `matchOn`):
    /// their Ids are looked up before the write.
    pub lookups: Vec<Lookup>,
}

impl ImportPlan {
    /// Whether a source record says it was deleted at the source (its deletion mark, with
    /// `deletes` on): `true`, `"true"` (any case) or a non-zero number.
    pub fn deleted_at_source(&self, source: &Value) -> bool {
        self.deleted_flag
            .as_ref()
            .is_some_and(|p| p.select(source).value().is_some_and(is_true))
    }
}

fn is_true(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        _ => false,
    }
}

/// A parent looked up by any of its fields (`Account` by `Name`, `Owner` by `Username`,
/// `RecordType` by `DeveloperName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The mapped record's key holding `{"attributes": …, by: value}` (the relationship).
    pub key: String,
    /// The lookup field the parent's Id is written to (`AccountId`, `OwnerId`).
    pub id_field: String,
    /// The parent object.
    pub object: String,
    /// The parent's field it is found by.
    pub by: String,
}

/// The lookups of a mapping's `reference … matchOn` fields, with the describe's lookup
/// field for each relationship.
fn lookups(
    m: &CompiledMapping,
    describe: &Describe,
    issues: &mut Vec<MappingIssue>,
) -> Vec<Lookup> {
    let mut out = Vec::new();
    for f in &m.fields {
        let Some(r) = f
            .transforms
            .iter()
            .find_map(|t| t.reference())
            .filter(|r| r.looked_up())
        else {
            continue;
        };
        let id_field = describe
            .fields
            .iter()
            .find(|d| {
                d.relationship_name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&f.output_key))
                    || d.name.eq_ignore_ascii_case(&f.output_key)
            })
            .map(|d| d.name.clone());
        match id_field {
            Some(id_field) => out.push(Lookup {
                key: f.output_key.clone(),
                id_field,
                object: r.object().to_string(),
                by: r.external_id().to_string(),
            }),
            None => issue(
                issues,
                &format!("/mapping{}/target", f.pointer),
                format!("{} has no lookup {}", describe.name, f.output_key),
            ),
        }
    }
    out
}

/// An import's read of another Salesforce org: one SOQL query on `object`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRead {
    /// The source object.
    pub object: String,
    /// The option's SOQL condition.
    pub where_clause: Option<String>,
    /// The fields selected: the mapping's source paths (`Account.Name` stays a relationship
    /// field), after `Id` and `SystemModstamp`.
    pub fields: Vec<String>,
    /// Deleted records too (`queryAll`, with `IsDeleted`): the option carries deletions.
    pub include_deleted: bool,
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
    /// `{{since}}` on the first run, before any checkpoint (not part of the document: a
    /// host that wants one sets it on the plan).
    pub initial_since: Option<String>,
    /// How the cursor is written (and so `{{since}}`/`{{until}}`).
    pub format: CursorFormat,
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
    batch: usize,
    quota_share: Option<f64>,
    issues: &mut Vec<MappingIssue>,
) -> (usize, f64) {
    if !(1..=10_000).contains(&batch) {
        issue(
            issues,
            "/target/batchSize",
            format!("batchSize {batch} is out of range: 1 to 10000 records per call"),
        );
    }
    let share = quota_share.unwrap_or(DEFAULT_QUOTA_SHARE);
    if !(share > 0.0 && share <= 1.0) {
        issue(
            issues,
            "/target/quotaShare",
            format!("quotaShare {share} is out of range: a share above 0 and at most 1 (0.9 = stop at 90% of the org's API requests)"),
        );
    }
    (batch, share)
}

fn lookback(text: Option<&str>, issues: &mut Vec<MappingIssue>) -> SignedDuration {
    match text.map(parse_lookback) {
        None => SignedDuration::ZERO,
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            issue(issues, "/incremental/lookback", e);
            SignedDuration::ZERO
        }
    }
}

fn name_issue(name: &str, issues: &mut Vec<MappingIssue>) {
    if name.trim().is_empty() {
        issue(issues, "/name", "an option needs a name");
    }
}

fn order(order: i64) -> Option<i32> {
    Some(i32::try_from(order).unwrap_or(if order < 0 { i32::MIN } else { i32::MAX }))
}

/// Validates an import option (its mapping against the target's describe), collecting
/// every problem with its pointer inside the option.
pub fn validate_import(
    option: &ImportOption,
    describe: &Describe,
) -> Result<ImportPlan, Vec<MappingIssue>> {
    let o = option;
    let (target, mapping) = (&o.target, &o.mapping);
    let mut issues = Vec::new();
    name_issue(&o.name, &mut issues);
    if !target.object.eq_ignore_ascii_case(&describe.name) {
        issue(
            &mut issues,
            "/target/object",
            format!(
                "the option writes to {} but the describe is of {}",
                target.object, describe.name
            ),
        );
    }
    let batch = usize::try_from(target.batch_size).unwrap_or(usize::MAX);
    let (batch_size, quota_share) = batch_and_quota(batch, target.quota_share, &mut issues);
    let operation: WriteOp = target.operation;
    let external_id = &target.external_id;
    let compiled = mapping_issues(mapping, Some(describe), &mut issues);
    if let (Some(m), Some(op)) = (&compiled, operation.check_operation()) {
        issues.extend(
            m.check_against(describe, op)
                .into_iter()
                .map(|i| MappingIssue::new(format!("/mapping{}", i.pointer), i.message)),
        );
    }
    if let Some(ext) = &external_id {
        match describe.field(ext) {
            None => issue(
                &mut issues,
                "/target/externalId",
                format!("{} has no field {ext}", describe.name),
            ),
            Some(f) if !(f.external_id || f.id_lookup) => issue(
                &mut issues,
                "/target/externalId",
                format!("{}.{ext} is not an external ID field", describe.name),
            ),
            Some(_) => {}
        }
    }
    let api_source = o.source.api();
    let key_path = path_issue(
        &mut issues,
        "/source/keyPath",
        api_source.and_then(|s| s.key_path.as_deref()),
    );
    let org_source = o.source.org().map(|s| {
        if soql_field(&s.object).is_none_or(|o| o.contains('.')) {
            issue(
                &mut issues,
                "/source/object",
                format!("'{}' is not an object API name", s.object),
            );
        }
        OrgRead {
            object: s.object.clone(),
            where_clause: s.condition.clone().filter(|w| !w.trim().is_empty()),
            fields: compiled
                .as_ref()
                .map(|m| mapping_soql_fields(m, &mut issues))
                .unwrap_or_default(),
            include_deleted: o.deletes != DeleteMode::Ignore,
        }
    });
    let maps = |target: &str| {
        compiled.as_ref().is_some_and(|m| {
            m.fields
                .iter()
                .any(|f| f.output_key.eq_ignore_ascii_case(target))
        })
    };
    let ext_mapped = external_id.as_deref().filter(|e| maps(e));
    let source_id = || SourcePath::parse("Id").ok();
    let deleted_flag = match (o.deletes, &o.source) {
        (DeleteMode::Ignore, _) => None,
        (_, ImportSource::Org(_)) => SourcePath::parse("IsDeleted").ok(),
        (_, ImportSource::Api(api)) => {
            if api.deleted_path.is_none() && api.deletions.is_none() {
                issue(
                    &mut issues,
                    "/source/deletedPath",
                    format!("\"deletes\": \"{}\" needs to know which source records were deleted: set deletedPath to the mark in each record ($.deleted), or deletions to the endpoint listing them ({{\"path\": \"/contacts/deleted\"}})", o.deletes.as_str()),
                );
            }
            path_issue(
                &mut issues,
                "/source/deletedPath",
                api.deleted_path.as_deref(),
            )
        }
    };
    if o.deletes != DeleteMode::Ignore
        && external_id.is_none()
        && target.match_on.is_empty()
        && !maps("Id")
        && compiled.is_some()
    {
        issue(
            &mut issues,
            "/deletes",
            "a deletion finds its target record by externalId, matchOn or a mapped Id: set one",
        );
    }
    let key = match (&key_path, ext_mapped) {
        (Some(p), _) => KeySource::Path(p.clone()),
        (None, Some(e)) => KeySource::Mapped(e.to_string()),
        // A record of another org is known by its Id there.
        (None, None) if org_source.is_some() => {
            source_id().map_or(KeySource::None, KeySource::Path)
        }
        (None, None) if maps("Id") => KeySource::Mapped("Id".into()),
        (None, None) => KeySource::None,
    };
    let match_on = &target.match_on;
    for (i, field) in match_on.iter().enumerate() {
        let at = format!("/target/matchOn/{i}");
        if compiled.is_some() && !maps(field) {
            issue(
                &mut issues,
                &at,
                format!("the mapping does not write {field}: records are matched on the values they are written with"),
            );
        }
        let head = field.split('.').next().unwrap_or_default();
        let known = describe.field(head).is_some()
            || describe.fields.iter().any(|f| {
                f.relationship_name
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(head))
            });
        if !known {
            issue(
                &mut issues,
                &at,
                format!("{} has no field {head}", describe.name),
            );
        }
    }
    match operation {
            _ if !match_on.is_empty() => {}
            WriteOp::Upsert if external_id.is_none() => issue(
                &mut issues,
                "/target/externalId",
                "an upsert matches records on an external ID: set externalId (e.g. External_Id__c)",
            ),
            WriteOp::Upsert if ext_mapped.is_none() && compiled.is_some() => issue(
                &mut issues,
                "/target/externalId",
                format!(
                    "the mapping does not write {}, the upsert's external ID",
                    external_id.as_deref().unwrap_or_default()
                ),
            ),
            WriteOp::Insert if matches!(key, KeySource::None) => issue(
                &mut issues,
                "/source/keyPath",
                "an insert needs a key per record so an interrupted run is never replayed twice: set keyPath, or externalId to a mapped external ID field",
            ),
            WriteOp::Update | WriteOp::Delete
                if external_id.is_none() && !maps("Id") && compiled.is_some() =>
            {
                issue(
                    &mut issues,
                    "/target/externalId",
                    format!(
                        "an {} finds records by Id: map Id, or set externalId to look Ids up",
                        operation.as_str()
                    ),
                )
            }
            WriteOp::Update | WriteOp::Delete
                if external_id.is_some() && matches!(key, KeySource::None) && compiled.is_some() =>
            {
                issue(
                    &mut issues,
                    "/source/keyPath",
                    format!(
                        "to look Ids up by {}, map it or set keyPath to the source value",
                        external_id.as_deref().unwrap_or_default()
                    ),
                )
            }
            _ => {}
        }
    let incremental = o.incremental.as_ref().map(|inc| {
        if org_source.is_some() {
            // Another org is read as an export reads it: on SystemModstamp, Id breaking ties.
            if !inc.cursor.eq_ignore_ascii_case(CURSOR_FIELD) {
                issue(
                    &mut issues,
                    "/incremental/cursor",
                    format!("a Salesforce source is incremental on {CURSOR_FIELD} (with Id as the tie), not {}", inc.cursor),
                );
            }
            if inc.format != CursorFormat::Rfc3339 {
                issue(
                    &mut issues,
                    "/incremental/format",
                    "a Salesforce source's cursor is SystemModstamp, a date/time: its format is rfc3339",
                );
            }
            return IncrementalPlan {
                cursor: SourcePath::parse(CURSOR_FIELD).ok(),
                tie: SourcePath::parse("Id").ok(),
                lookback: lookback(inc.lookback.as_deref(), &mut issues),
                initial_since: None,
                format: CursorFormat::Rfc3339,
            };
        }
        IncrementalPlan {
            cursor: path_issue(&mut issues, "/incremental/cursor", Some(&inc.cursor)),
            tie: path_issue(
                &mut issues,
                "/incremental/tieBreaker",
                inc.tie_breaker.as_deref(),
            ),
            lookback: lookback(inc.lookback.as_deref(), &mut issues),
            initial_since: None,
            format: inc.format,
        }
    });
    let found_lookups = compiled
        .as_ref()
        .map(|m| lookups(m, describe, &mut issues))
        .unwrap_or_default();
    match compiled {
        Some(mapping) if issues.is_empty() => Ok(ImportPlan {
            name: o.name.clone(),
            object: describe.name.clone(),
            operation,
            external_id: external_id.clone(),
            key,
            batch_size,
            incremental,
            quota_share,
            order: order(o.order),
            checker: Checker::new(describe),
            mapping,
            describe: describe.clone(),
            guard: o.guard,
            match_on: match_on.clone(),
            org_source,
            deletes: o.deletes,
            deleted_flag,
            deletions: o.deletes != DeleteMode::Ignore
                && api_source.is_some_and(|s| s.deletions.is_some()),
            lookups: found_lookups,
        }),
        _ => Err(issues),
    }
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

/// The Salesforce fields a mapping reads (its source paths, each once), or an issue for
/// each source that is not a field or relationship path.
fn mapping_soql_fields(m: &CompiledMapping, issues: &mut Vec<MappingIssue>) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
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
                    issues,
                    &format!(
                        "/mapping{}/source{}",
                        f.pointer,
                        if n > 0 { format!("/{n}") } else { String::new() }
                    ),
                    format!("a Salesforce source is a field or relationship path (Name, Account.Name), not '{text}'"),
                ),
            }
        }
    }
    fields
}

/// Validates an export option (its mapping's sources are Salesforce fields, its targets the
/// API's), collecting every problem with its pointer inside the option. An export is
/// incremental on `SystemModstamp` with `Id` as the tie: of `incremental`, only `lookback`
/// applies. Its query reads `target.batch` records a page, at least 200 and at most 10000.
pub fn validate_export(o: &ExportOption) -> Result<ExportPlan, Vec<MappingIssue>> {
    let (source, mapping) = (&o.source, &o.mapping);
    let mut issues = Vec::new();
    name_issue(&o.name, &mut issues);
    if soql_field(&source.object).is_none_or(|o| o.contains('.')) {
        issue(
            &mut issues,
            "/source/object",
            format!("'{}' is not an object API name", source.object),
        );
    }
    let batch = usize::try_from(o.target.batch.max(1))
        .unwrap_or(usize::MAX)
        .clamp(200, 10_000);
    let (batch_size, quota_share) = batch_and_quota(batch, o.target.quota_share, &mut issues);
    let compiled = mapping_issues(mapping, None, &mut issues);
    let fields = compiled
        .as_ref()
        .map(|m| mapping_soql_fields(m, &mut issues))
        .unwrap_or_default();
    let lookback = o.incremental.as_ref().map(|inc| {
        if inc.format != CursorFormat::Rfc3339 {
            issue(
                &mut issues,
                "/incremental/format",
                "an export's cursor is SystemModstamp, a date/time: its format is rfc3339",
            );
        }
        lookback(inc.lookback.as_deref(), &mut issues)
    });
    match compiled {
        Some(mapping) if issues.is_empty() => Ok(ExportPlan {
            name: o.name.clone(),
            object: source.object.clone(),
            where_clause: source.condition.clone().filter(|w| !w.trim().is_empty()),
            batch_size,
            fields,
            lookback,
            initial_since: None,
            quota_share,
            order: order(o.order),
            mapping,
        }),
        _ => Err(issues),
    }
}
