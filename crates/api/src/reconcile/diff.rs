//! Reconciliation of an import option against its target: both sides fetched, compared by
//! the pure `synccentral-recon` engine, and the remedies (re-sync the chosen records through
//! a real run; accept rows as they are).
//!
//! The source side is what a run would send: the option's source read through the same
//! [`httpapi::ApiPages`] as a run, each record mapped by the option's compiled plan. The
//! target side is the object's records for those keys, fetched in `IN` batches with the
//! mapped fields; a key-only scan finds the target records no source record has. The
//! target's describe gives each field's comparison.

use crate::runs::current::CurrentReader;
use crate::runs::WorkspaceRuns;
use crate::runs::{
    prepare, problem, rerun_records, RunRequest, Selection, StoreJournal, WireError, Work,
};
use futures_util::StreamExt;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use synccentral_net::RetryPolicy;
use synccentral_recon::{Comparer, Field, HashJoin, Kind, Record};
// The comparison's own types, as the hosts show them.
pub use synccentral_recon::{Class, Row, Summary};
use synccentral_runner::connect::CancelToken;
use synccentral_runner::guard::path_text;
use synccentral_runner::import::{deletions_said, next_page_of};
use synccentral_runner::options::{ImportPlan, KeySource};
use synccentral_runner::run::RunEvent;
/// Reading `--since` and `--window` as a diff takes them.
pub use synccentral_runner::window::{parse_instant, parse_lookback};
use synccentral_runner::window::{value_text, Window};
use synccentral_salesforce::{rest_in_queries, Api, BulkOptions, Client};

/// Source records compared per target read: one or two `IN` queries as long as a URL allows
/// (about 800 short keys each).
pub const KEY_BATCH: usize = 1_000;

/// The default pending window: source records changed up to this long before the last
/// successful sync began are pending too (a sync may have read its page just before).
pub const DEFAULT_PENDING_WINDOW: SignedDuration = SignedDuration::from_mins(15);

/// What to compare.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    /// The import option.
    pub option: String,
    /// Source records changed at or after this instant are `pending`. Default: the start
    /// of the option's last successful run minus [`DiffRequest::window`]; with no such run
    /// nothing is pending.
    pub since: Option<Timestamp>,
    /// How far before the last successful sync changes still count as pending.
    pub window: SignedDuration,
    /// The egress retry policy (default: [`RetryPolicy::default`]).
    pub retry: Option<RetryPolicy>,
    /// Take the source side from this run's stored source records (every record it read,
    /// whatever happened to it) instead of reading the source again.
    pub from_run: Option<i64>,
}

impl DiffRequest {
    /// A diff of `option` with the default window.
    pub fn new(option: impl Into<String>) -> DiffRequest {
        DiffRequest {
            option: option.into(),
            since: None,
            window: DEFAULT_PENDING_WINDOW,
            retry: None,
            from_run: None,
        }
    }
}

/// What a diff found.
#[derive(Debug, Clone, Default)]
pub struct DiffOutcome {
    /// Counts by class.
    pub summary: Summary,
    /// The compared fields.
    pub fields: Vec<Field>,
    /// Mapped targets not compared (the describe does not know them), by target name.
    pub skipped_fields: Vec<String>,
    /// The start of the pending window that applied.
    pub pending_since: Option<Timestamp>,
}

/// Which rows a remedy applies to.
#[derive(Debug, Clone, Default)]
pub struct RowSelection {
    /// Rows of these classes (accepted rows excluded).
    pub classes: Vec<Class>,
    /// Rows with these keys, whatever their class.
    pub keys: Vec<String>,
}

impl RowSelection {
    fn wants(&self, row: &Row) -> bool {
        self.keys.contains(&row.key) || (!row.accepted && self.classes.contains(&row.class))
    }
}

/// What a re-sync did.
#[derive(Debug, Clone, Default)]
pub struct Resync {
    /// The diff before.
    pub before: Summary,
    /// The run that pushed the selected records (empty when nothing was selected).
    pub runs: WorkspaceRuns,
    /// The diff after the run.
    pub after: Summary,
    /// Selected keys that had no source record to push (missing in the source).
    pub unsendable: Vec<String>,
}

fn config(problems: Vec<crate::runs::Problem>) -> WireError {
    WireError::Config(problems)
}

struct Prepared {
    ready: crate::runs::Ready,
    client: Client,
    /// The option's write API and Bulk threshold: the key scan follows them.
    api: Api,
    bulk_threshold: usize,
    /// The external ID, or the `matchOn` fields (a relationship path such as
    /// `Account.Name` allowed).
    key_fields: Vec<String>,
    /// Keys compare as Salesforce compares text (trimmed, any case): `matchOn`.
    fold: bool,
    changed: Option<synccentral_engine::path::SourcePath>,
}

/// Between the values of a key matched on several fields, as the viewer shows it.
pub const KEY_JOIN: &str = " | ";

impl Prepared {
    /// A key's part as the join compares it.
    fn key(&self, text: String) -> String {
        if self.fold {
            text.trim().to_lowercase()
        } else {
            text
        }
    }

    /// A record's key (its key fields' values, folded for `matchOn`, joined by
    /// [`KEY_JOIN`]) and the first field's value (what target reads ask with `IN`); `None`
    /// when one of them is empty.
    fn key_of(&self, m: &Map<String, Value>) -> Option<(String, String)> {
        let parts = self
            .key_fields
            .iter()
            .map(|f| {
                path_text(m, f)
                    .map(|t| self.key(t))
                    .filter(|t| !t.is_empty())
            })
            .collect::<Option<Vec<String>>>()?;
        let first = parts.first()?.clone();
        Some((parts.join(KEY_JOIN), first))
    }
}

impl Prepared {
    fn plan(&self) -> &ImportPlan {
        match &self.ready.options[0].work {
            Work::Import { plan, .. } => plan,
            Work::Export { .. } => unreachable!("checked in prepare_diff"),
        }
    }
}

async fn prepare_diff(
    journal: &StoreJournal,
    option: &str,
    retry: Option<RetryPolicy>,
) -> Result<Prepared, WireError> {
    let request = RunRequest {
        retry,
        ..RunRequest::new(Selection::Option(option.to_string()))
    };
    let ready = prepare(journal, &request).await.map_err(config)?;
    let (plan, client, api, bulk_threshold) = match ready.options.first().map(|p| &p.work) {
        Some(Work::Import { plan, target, .. }) => (
            plan,
            target.loader.client.clone(),
            target.loader.api,
            target.loader.bulk_threshold,
        ),
        _ => {
            return Err(config(vec![problem(
                "/options",
                format!("\"{option}\" is not an import: a diff compares what an import sends with its target"),
            )]))
        }
    };
    let key_fields = match (&plan.external_id, &plan.key) {
        (Some(ext), _) => vec![ext.clone()],
        (None, _) if !plan.match_on.is_empty() => plan.match_on.clone(),
        (None, KeySource::Mapped(f)) => vec![f.clone()],
        _ => {
            return Err(config(vec![problem(
                "/options",
                format!("\"{option}\" has no externalId: a diff matches records by it"),
            )]))
        }
    };
    let changed = plan.incremental.as_ref().and_then(|i| i.cursor.clone());
    Ok(Prepared {
        client,
        api,
        bulk_threshold,
        fold: !plan.match_on.is_empty(),
        key_fields,
        changed,
        ready,
    })
}

/// The compared fields: the mapping's targets the describe knows, typed by it. A field
/// written as a relationship by external ID (a `reference` transform) is compared by the
/// parent's external ID, named by its SOQL path (`Account__r.External_Id__c`).
fn fields(plan: &ImportPlan) -> (Vec<Field>, Vec<String>) {
    let mut fields: Vec<Field> = Vec::new();
    let mut skipped = Vec::new();
    for f in &plan.mapping.fields {
        let reference = f.transforms.iter().find_map(|t| t.reference_target());
        let field = match (plan.describe.field(&f.target), reference) {
            (Some(d), None) if f.output_key == f.target => Field {
                name: d.name.clone(),
                kind: Kind::of(d),
            },
            (Some(_), Some((_, ext))) if f.output_key != f.target => Field {
                name: format!("{}.{ext}", f.output_key),
                kind: Kind::Text,
            },
            _ => {
                skipped.push(f.target.clone());
                continue;
            }
        };
        if !fields.iter().any(|x| x.name == field.name) {
            fields.push(field);
        }
    }
    (fields, skipped)
}

/// The value of compared field `name` in a record (mapped, or as SOQL returned it): a
/// relationship path `Rel.Field` looks inside the related record.
fn pick(m: &Map<String, Value>, name: &str) -> Value {
    let found = match name.split_once('.') {
        Some((rel, field)) => get_ci(m, rel)
            .and_then(Value::as_object)
            .and_then(|o| get_ci(o, field)),
        None => get_ci(m, name),
    };
    found.cloned().unwrap_or(Value::Null)
}

fn get_ci<'m>(m: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    m.get(name).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn target_record(p: &Prepared, row: &Value, fields: &[Field]) -> Option<Record> {
    let m = row.as_object()?;
    let (key, _) = p.key_of(m)?;
    Some(Record {
        key,
        values: fields.iter().map(|f| pick(m, &f.name)).collect(),
        id: get_ci(m, "Id").and_then(value_text),
        ..Record::default()
    })
}

/// The target's records whose first key field holds one of `values`, in `IN` queries as
/// long as a URL allows (with several key fields, the join keeps those whose every field
/// matches).
async fn fetch_targets(
    p: &Prepared,
    fields: &[Field],
    values: &[String],
) -> Result<Vec<Record>, WireError> {
    let plan = p.plan();
    let mut names: Vec<&str> = vec!["Id"];
    for k in &p.key_fields {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(k)) {
            names.push(k);
        }
    }
    for f in fields {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&f.name)) {
            names.push(&f.name);
        }
    }
    let mut out = Vec::new();
    for soql in rest_in_queries(
        &names,
        &plan.object,
        &p.key_fields[0],
        values.iter().map(String::as_str),
    ) {
        let rows = p.client.query_all_records(&soql).await.map_err(|e| {
            config(vec![problem(
                "",
                format!("query of {}: {e} ({})", plan.object, e.code()),
            )])
        })?;
        out.extend(rows.iter().filter_map(|r| target_record(p, r, fields)));
    }
    Ok(out)
}

/// The source records run `run` of `option` read, as stored in its results.
fn stored_source(journal: &StoreJournal, option: &str, run: i64) -> Result<Vec<Value>, WireError> {
    let ws = journal.workspace();
    let id = synccentral_store::RunId(run);
    let stored = ws
        .run(id)
        .map_err(|e| config(vec![problem("", e.to_string())]))?;
    if stored.option != option {
        return Err(config(vec![problem(
            "",
            format!(
                "run {run} is a run of \"{}\", not of \"{option}\"",
                stored.option
            ),
        )]));
    }
    let records = ws
        .run_records(id, synccentral_store::RecordFilter::All)
        .map_err(|e| config(vec![problem("", e.to_string())]))?;
    Ok(records
        .into_iter()
        .filter_map(|r| r.source)
        .filter(|s| !s.is_null())
        .collect())
}

fn pending_since(journal: &StoreJournal, request: &DiffRequest) -> Option<Timestamp> {
    if request.since.is_some() {
        return request.since;
    }
    let runs = journal.workspace().list_runs(1000).ok()?;
    runs.into_iter()
        .filter(|r| {
            r.option == request.option
                && matches!(
                    r.status,
                    synccentral_store::RunStatus::Succeeded | synccentral_store::RunStatus::Partial
                )
                && r.mode != synccentral_store::RunMode::DryRun
        })
        .map(|r| r.started_at)
        .max()
        .and_then(|t| t.checked_sub(request.window).ok())
}

/// Compares option `request.option`'s source with its target, handing every row to
/// `emit` with the raw source record it came from (`None` for missing in the source).
async fn compare(
    journal: &StoreJournal,
    request: &DiffRequest,
    emit: &mut dyn FnMut(Row, Option<&Value>),
) -> Result<(DiffOutcome, Prepared), WireError> {
    let p = prepare_diff(journal, &request.option, request.retry).await?;
    let plan = p.plan();
    let (fields, skipped_fields) = fields(plan);
    let accepted = journal
        .workspace()
        .accepted_diff(&request.option)
        .map_err(|e| config(vec![problem("", e.to_string())]))?;
    let since = pending_since(journal, request);
    let comparer = Comparer {
        fields: fields.clone(),
        pending_since: since,
        accepted,
    };
    let mut summary = Summary::default();
    let mut join = HashJoin::new();
    let (source, plan) = match &p.ready.options[0].work {
        Work::Import { source, plan, .. } => (source, plan),
        Work::Export { .. } => unreachable!("checked in prepare_diff"),
    };
    let mut pages = match request.from_run {
        Some(run) => crate::runs::source::records(stored_source(journal, &request.option, run)?),
        None => {
            let window = Window::full(jiff::Timestamp::now());
            source.open(plan, &window, &p.ready.egress)
        }
    };
    let mut page_no = 0;
    // After the records, the deletions an API lists at its own endpoint (a stored run's
    // records are all there is).
    let deletions = plan.deletions && request.from_run.is_none();
    let mut listing = false;
    loop {
        page_no += 1;
        let page = match next_page_of(&mut pages, deletions, &mut listing).await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(e) => {
                return Err(config(vec![problem(
                    "",
                    format!(
                        "reading page {page_no} of the source{} failed: {e}",
                        deletions_said(listing)
                    ),
                )]))
            }
        };
        for chunk in page.records.chunks(KEY_BATCH) {
            let mut records = Vec::with_capacity(chunk.len());
            let mut values = Vec::with_capacity(chunk.len());
            let mut raw_by_key: HashMap<String, &Value> = HashMap::new();
            for raw in chunk {
                let mapped = plan.mapping.apply(raw, Some(&plan.describe));
                let key = match &plan.key {
                    KeySource::Path(path) if !p.fold => path
                        .select(raw)
                        .value()
                        .and_then(value_text)
                        .map(|k| (k.clone(), k)),
                    _ => p.key_of(&mapped.fields),
                };
                let Some((key, value)) = key else { continue };
                values.push(value);
                let changed_at = p
                    .changed
                    .as_ref()
                    .and_then(|c| c.select(raw).value().and_then(value_text))
                    .and_then(|t| parse_instant(&t));
                raw_by_key.insert(key.clone(), raw);
                records.push(Record {
                    key,
                    values: fields
                        .iter()
                        .map(|f| pick(&mapped.fields, &f.name))
                        .collect(),
                    changed_at,
                    deleted: page.deleted || plan.deleted_at_source(raw),
                    id: None,
                });
            }
            values.sort_unstable();
            values.dedup();
            let targets = fetch_targets(&p, &fields, &values).await?;
            join.batch(&comparer, &records, targets, |row| {
                summary.add(&row);
                let raw = raw_by_key.get(&row.key).copied();
                emit(row, raw);
            });
        }
    }
    // Target keys no source record had: a key-only scan, then their fields by key.
    let scan = format!(
        "SELECT {keys} FROM {object} WHERE {first} != null",
        keys = p.key_fields.join(", "),
        first = p.key_fields[0],
        object = plan.object
    );
    let mut missing: Vec<String> = Vec::new();
    let mut seen_missing: HashSet<String> = HashSet::new();
    let mut note = |r: &Value| {
        if let Some((key, value)) = r.as_object().and_then(|m| p.key_of(m)) {
            if !join.seen(&key) && seen_missing.insert(key) {
                missing.push(value);
            }
        }
    };
    let query_error = |e: synccentral_salesforce::SalesforceError| {
        config(vec![problem(
            "",
            format!("query of {}: {e} ({})", plan.object, e.code()),
        )])
    };
    // Large sets scan with a Bulk API 2.0 query job, as the option writes with Bulk.
    let bulk = match p.api {
        Api::Bulk => true,
        Api::Rest => false,
        Api::Auto => join.len() >= p.bulk_threshold,
    };
    if bulk {
        let rows = p
            .client
            .bulk_query(&scan, Some(&plan.describe), &BulkOptions::default())
            .await
            .map_err(query_error)?;
        rows.iter().for_each(&mut note);
    } else {
        let mut stream = p.client.query(&scan).boxed();
        while let Some(page) = stream.next().await {
            page.map_err(query_error)?
                .records
                .iter()
                .for_each(&mut note);
        }
    }
    missing.sort_unstable();
    missing.dedup();
    for chunk in missing.chunks(KEY_BATCH) {
        let targets = fetch_targets(&p, &fields, chunk).await?;
        join.rest(&comparer, targets, |row| {
            summary.add(&row);
            emit(row, None);
        });
    }
    Ok((
        DiffOutcome {
            summary,
            fields,
            skipped_fields,
            pending_since: since,
        },
        p,
    ))
}

/// Compares an import option's source (as a run would map it) with its target object,
/// handing each row to `emit` (source order, then the target's extra keys).
pub async fn diff_option(
    journal: &StoreJournal,
    request: &DiffRequest,
    emit: &mut dyn FnMut(Row),
) -> Result<DiffOutcome, WireError> {
    let (outcome, _) = compare(journal, request, &mut |row, _| emit(row)).await?;
    Ok(outcome)
}

/// Pushes the source values of the selected rows through a real run of the option (its
/// run log kept, recorded with mode `retry` so the option's checkpoint neither moves nor
/// filters them), then compares again.
pub async fn resync(
    journal: &StoreJournal,
    request: &DiffRequest,
    select: &RowSelection,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<Resync, WireError> {
    let mut records: Vec<Value> = Vec::new();
    let mut unsendable = Vec::new();
    let (before, prepared) = compare(journal, request, &mut |row, raw| {
        if select.wants(&row) {
            match raw {
                Some(raw) => records.push(raw.clone()),
                None => unsendable.push(row.key),
            }
        }
    })
    .await?;
    let runs = if records.is_empty() {
        WorkspaceRuns::default()
    } else {
        rerun_records(journal, &prepared.ready, records, events, cancel).await?
    };
    let after = diff_option(journal, request, &mut |_| {}).await?;
    Ok(Resync {
        before: before.summary,
        runs,
        after: after.summary,
        unsendable,
    })
}

/// Accepts the selected rows as they are now: each is stored with the hash of both sides'
/// values and shows as accepted until either side changes. Returns the accepted keys.
pub async fn accept(
    journal: &StoreJournal,
    request: &DiffRequest,
    select: &RowSelection,
) -> Result<Vec<String>, WireError> {
    let mut rows: Vec<(String, String)> = Vec::new();
    diff_option(journal, request, &mut |row| {
        if row.class != Class::Same && select.wants(&row) {
            rows.push((row.key, row.hash));
        }
    })
    .await?;
    journal
        .workspace()
        .accept_diff(&request.option, &rows, Timestamp::now())
        .map_err(|e| config(vec![problem("", e.to_string())]))?;
    Ok(rows.into_iter().map(|(k, _)| k).collect())
}

/// One field a dry run's record would change: its value now and the value the run would
/// write.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldUpdate {
    /// The target field.
    pub field: String,
    /// The target's value now (null for a record to insert).
    pub old: Value,
    /// The value the run would write.
    pub new: Value,
}

/// What a dry run would do to one record, field by field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordChanges {
    /// The record's key.
    pub key: Option<String>,
    /// `would-insert` or `would-update`.
    pub action: String,
    /// The record it would update.
    pub target_id: Option<String>,
    /// The fields whose values would change (an update changing nothing lists none).
    pub changes: Vec<FieldUpdate>,
}

/// The field-level changes of the records dry run `run` (of import `option`) would insert
/// or update: its mapped records against the target's records by Id, compared with the
/// same type-aware equality as a diff.
pub async fn dry_run_changes(
    journal: &StoreJournal,
    option: &str,
    run: i64,
    retry: Option<RetryPolicy>,
) -> Result<Vec<RecordChanges>, WireError> {
    use synccentral_store::Action;
    let records = journal
        .workspace()
        .run_records(
            synccentral_store::RunId(run),
            synccentral_store::RecordFilter::All,
        )
        .map_err(|e| config(vec![problem("", e.to_string())]))?;
    let records: Vec<_> = records
        .into_iter()
        .filter(|r| matches!(r.action, Action::WouldInsert | Action::WouldUpdate))
        .collect();
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let p = prepare_diff(journal, option, retry).await?;
    let plan = p.plan();
    let (fields, _) = fields(plan);
    let comparer = Comparer::new(fields.clone());
    let ids: Vec<String> = records.iter().filter_map(|r| r.target_id.clone()).collect();
    let mut names: Vec<&str> = vec!["Id"];
    names.extend(
        fields
            .iter()
            .map(|f| f.name.as_str())
            .filter(|n| !n.eq_ignore_ascii_case("Id")),
    );
    // As a run reads them: REST queries as long as a URL allows, the whole object once
    // when it is small, Bulk query jobs for many keys with a Bulk option.
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let targets = CurrentReader::new(
        p.client.clone(),
        p.api,
        p.bulk_threshold,
        Some(plan.describe.clone()),
    )
    .read(&plan.object, "Id", &ids, &names)
    .await
    .map_err(|e| {
        config(vec![problem(
            "",
            format!("query of {}: {e} ({})", plan.object, e.code()),
        )])
    })?;
    let values = |m: Option<&Map<String, Value>>| -> Vec<Value> {
        fields
            .iter()
            .map(|f| m.map_or(Value::Null, |m| pick(m, &f.name)))
            .collect()
    };
    Ok(records
        .into_iter()
        .map(|r| {
            let mapped = r.mapped.as_ref().and_then(Value::as_object);
            let source = Record {
                key: r.source_key.clone().unwrap_or_default(),
                values: values(mapped),
                ..Record::default()
            };
            let target = r.target_id.as_ref().and_then(|id| targets.get(id));
            let target = Record {
                key: source.key.clone(),
                values: values(target),
                ..Record::default()
            };
            RecordChanges {
                key: r.source_key,
                action: r.action.as_str().to_string(),
                target_id: r.target_id,
                changes: comparer
                    .changes(&source, &target)
                    .into_iter()
                    .map(|c| FieldUpdate {
                        field: c.field,
                        old: c.target,
                        new: c.source,
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Writes a diff's rows as a table (CSV, or an Excel workbook when `xlsx`) to `path`.
pub fn write_rows(path: &std::path::Path, xlsx: bool, rows: &[Row]) -> Result<(), String> {
    let (header, lines) = synccentral_recon::report::table(rows);
    let format = if xlsx {
        synccentral_store::FileFormat::Xlsx
    } else {
        synccentral_store::FileFormat::Csv
    };
    synccentral_store::export::write_table(path, format, &header, &lines).map_err(|e| e.to_string())
}
