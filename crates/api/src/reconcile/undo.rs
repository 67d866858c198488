//! Undoing an import run, and the Day-Zero guard on its own, for both hosts.
//!
//! [`undo_run`] restores the prior values a run stored for the records it updated and
//! deletes the records it inserted. Before writing anything it reads those records as they
//! are now: one that changed after the run (a written field no longer holds what the run
//! wrote) or no longer exists makes it refuse, with the list, unless forced. The undo is a
//! run of its own (mode `undo`, linked to the run it reverted, one result per record); a run
//! is undone at most once.
//!
//! [`guard`] runs an option dry (read, map, read the org, write nothing) and gives what the
//! guard found: the fields a run would blank.

use crate::runs::current::CurrentReader;
use crate::runs::salesforce::OrgTarget;
use crate::runs::{problem, Problem, StoreJournal, WireError};
use crate::runs::{run_workspace, RunRequest, Selection};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use synccentral_net::RetryPolicy;
use synccentral_runner::connect::{SalesforceTarget, WriteOp, WriteOutcome};
use synccentral_runner::guard::{is_blank, read_fields};
use synccentral_runner::run::RunEvent;
use synccentral_salesforce::{Client, Loader};
use synccentral_store as store;
use synccentral_store::{Action, RecordFilter, RunMode, RunStatus, SyncOption};

/// Code of an undo result whose record no longer exists.
pub const RECORD_GONE: &str = "ENTITY_IS_DELETED";

/// A field of a record that changed after the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedField {
    /// The Salesforce field.
    pub field: String,
    /// What the run wrote.
    pub written: Value,
    /// What it holds now.
    pub now: Value,
}

/// A record an undo would overwrite or delete although it changed after the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRecord {
    /// Its Salesforce Id.
    pub target_id: String,
    /// Its key, when it had one.
    pub key: Option<String>,
    /// The run `updated` or `inserted` it.
    pub action: String,
    /// It no longer exists.
    pub gone: bool,
    /// The written fields that hold something else now.
    pub fields: Vec<ChangedField>,
}

impl std::fmt::Display for ChangedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.target_id)?;
        if let Some(k) = &self.key {
            write!(f, " ({k})")?;
        }
        if self.gone {
            return write!(f, ": {} by the run, no longer exists", self.action);
        }
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|c| {
                format!(
                    "{} was {} after the run, is {} now",
                    c.field, c.written, c.now
                )
            })
            .collect();
        write!(f, ": {}", fields.join("; "))
    }
}

/// Why a run was not undone.
#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    /// The workspace has no such run.
    #[error("there is no run {0}")]
    NoSuchRun(i64),
    /// The run cannot be undone at all.
    #[error("run {run} cannot be undone: {reason}")]
    NotUndoable {
        /// The run.
        run: i64,
        /// Why.
        reason: String,
    },
    /// The run was undone already.
    #[error("run {run} was already undone by run {by}")]
    AlreadyUndone {
        /// The run.
        run: i64,
        /// The undo run.
        by: i64,
    },
    /// Records changed after the run; nothing was written (`force` undoes anyway).
    #[error("run {run} was not undone: {} record{} changed after it (undo with --force to overwrite them anyway):{}", .records.len(), if .records.len() == 1 { "" } else { "s" }, .records.iter().map(|r| format!("\n  {r}")).collect::<String>())]
    Changed {
        /// The run.
        run: i64,
        /// The records that changed.
        records: Vec<ChangedRecord>,
    },
    /// The option's connection could not be used (login, describe, remote sites).
    #[error("{}", WireError::Config(.0.clone()))]
    Config(Vec<Problem>),
    /// The workspace failed.
    #[error("workspace: {0}")]
    Store(#[from] store::StoreError),
}

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoOutcome {
    /// The undo run's id.
    pub run: i64,
    /// The run it reverted.
    pub undo_of: i64,
    /// How the undo run ended (`succeeded`, `partial`, `failed`).
    pub status: RunStatus,
    /// Updated records given their prior values back.
    pub restored: u64,
    /// Inserted records deleted.
    pub deleted: u64,
    /// Records the run deleted, taken back from the recycle bin.
    pub undeleted: u64,
    /// Records the org refused to restore or delete (see the undo run's results).
    pub failed: u64,
    /// Records left alone (an inserted record already deleted).
    pub skipped: u64,
    /// Why the undo run failed, when it did.
    pub message: Option<String>,
}

/// What the guard found for an option, from a dry run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardReport {
    /// The dry run's id (its log has the same findings).
    pub run: i64,
    /// The option.
    pub option: String,
    /// The option's guard mode.
    pub mode: String,
    /// Why the dry run failed, when it did (then the findings may be incomplete).
    pub message: Option<String>,
    /// Target records a run would delete (their source records were deleted; `deletes`),
    /// listed before the fields: a deletion loses the whole record.
    pub deletions: Vec<GuardDeletion>,
    /// The fields a run would blank.
    pub findings: Vec<store::GuardFinding>,
}

/// A target record a run would delete, from the guard's dry run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardDeletion {
    /// The record's sequence number in the dry run.
    pub seq: u64,
    /// The source record's key.
    pub source_key: Option<String>,
    /// The target record's Id.
    pub target_id: Option<String>,
}

/// Runs `option` dry and reports the target fields that hold a value where the source
/// would write null or empty.
pub async fn guard(
    journal: &StoreJournal,
    option: &str,
    retry: Option<RetryPolicy>,
) -> Result<GuardReport, WireError> {
    let mode = {
        let config = journal
            .workspace()
            .config()
            .map_err(|e| WireError::Config(vec![problem("", e.to_string())]))?;
        match config.options.iter().find(|o| o.name() == option) {
            Some(SyncOption::Import(o)) => o.guard.as_str().to_string(),
            Some(SyncOption::Export(_)) => {
                return Err(WireError::Config(vec![problem(
                    "/options",
                    format!("\"{option}\" is an export: the guard checks imports"),
                )]))
            }
            // Not found: the run below reports it with a suggestion.
            None => String::new(),
        }
    };
    let request = RunRequest {
        dry_run: true,
        retry,
        ..RunRequest::new(Selection::Option(option.to_string()))
    };
    let events = |_: &RunEvent| {};
    let runs = run_workspace(
        journal,
        &request,
        &events,
        &synccentral_runner::CancelToken::new(),
    )
    .await?;
    let Some(outcome) = runs.outcomes.first() else {
        return Err(WireError::Config(vec![problem(
            "/options",
            format!("no option named \"{option}\""),
        )]));
    };
    let findings = journal
        .workspace()
        .guard_findings(store::RunId(outcome.run.0))
        .map_err(|e| WireError::Journal(synccentral_runner::JournalError::new(e.to_string())))?;
    let deletions = journal
        .workspace()
        .run_records(store::RunId(outcome.run.0), RecordFilter::All)
        .map_err(|e| WireError::Journal(synccentral_runner::JournalError::new(e.to_string())))?
        .into_iter()
        .filter(|r| r.action == Action::WouldDelete)
        .map(|r| GuardDeletion {
            seq: r.seq,
            source_key: r.source_key,
            target_id: r.target_id,
        })
        .collect();
    Ok(GuardReport {
        run: outcome.run.0,
        option: option.to_string(),
        mode,
        message: outcome.message.clone(),
        deletions,
        findings,
    })
}

/// Whether a value the run wrote and one read back from the org are the same: blanks are
/// equal, numbers by value, instants as instants, a list as Salesforce's `a;b` text.
pub fn same_value(written: &Value, now: &Value) -> bool {
    if is_blank(written) && is_blank(now) {
        return true;
    }
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
        _ => None,
    };
    let (Some(a), Some(b)) = (text(written), text(now)) else {
        return written == now;
    };
    if a == b {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (
        synccentral_runner::window::parse_instant(&a),
        synccentral_runner::window::parse_instant(&b),
    ) {
        return x == y;
    }
    false
}

/// Logs in to the option's org: the workspace's remote sites, one egress.
async fn connect(
    journal: &StoreJournal,
    config: &store::Config,
    connection: &str,
    retry: Option<RetryPolicy>,
) -> Result<Client, Vec<Problem>> {
    let egress = crate::connections::egress(&config.remote_sites, retry)?;
    let mut problems = Vec::new();
    let mut clients = HashMap::new();
    match crate::runs::login(
        journal,
        config,
        &egress,
        connection,
        &mut clients,
        &mut problems,
    )
    .await
    {
        Some(client) => Ok(client),
        None => Err(problems),
    }
}

/// A record the undo restores or deletes.
struct Step {
    target_id: String,
    key: Option<String>,
    /// `Some`: an update, restored to these values; `None`: an insert, deleted.
    restore: Option<Map<String, Value>>,
    /// What the run wrote (compared with what the record holds now).
    written: Map<String, Value>,
}

/// Undoes import run `run_id` of the workspace: its updated records get their prior values
/// back and its inserted records are deleted, through the option's connection and API
/// (`rest`, `bulk`, `auto`). Refuses, writing nothing, when a record changed after the run
/// or is gone, unless `force`; an undone run, an undo run, a dry run, an export or a run
/// still going cannot be undone.
pub async fn undo_run(
    journal: &StoreJournal,
    run_id: i64,
    force: bool,
    retry: Option<RetryPolicy>,
) -> Result<UndoOutcome, UndoError> {
    let id = store::RunId(run_id);
    let not = |reason: &str| UndoError::NotUndoable {
        run: run_id,
        reason: reason.to_string(),
    };
    let (config, option, steps, removed) = {
        let ws = journal.workspace();
        let run = match ws.run(id) {
            Ok(r) => r,
            Err(store::StoreError::NoSuchRun(_)) => return Err(UndoError::NoSuchRun(run_id)),
            Err(e) => return Err(e.into()),
        };
        match run.mode {
            RunMode::Undo => return Err(not("it is itself an undo")),
            RunMode::DryRun => return Err(not("a dry run wrote nothing")),
            _ => {}
        }
        if run.status == RunStatus::Running {
            return Err(not("it is still running"));
        }
        if let Some(by) = ws.undone_by(id)? {
            return Err(UndoError::AlreadyUndone {
                run: run_id,
                by: by.0,
            });
        }
        let config = ws.config()?;
        let option = match config.options.iter().find(|o| o.name() == run.option) {
            Some(SyncOption::Import(o)) => o.clone(),
            Some(SyncOption::Export(_)) => {
                return Err(not("it is an export, which wrote nothing to Salesforce"))
            }
            None => {
                return Err(not(&format!(
                    "its option \"{}\" is no longer configured (its connection is needed)",
                    run.option
                )))
            }
        };
        let results = ws.run_records(id, RecordFilter::All)?;
        let mut priors: HashMap<u64, store::PriorRecord> =
            ws.run_priors(id)?.into_iter().map(|p| (p.seq, p)).collect();
        let object = |v: Option<&Value>| v.and_then(Value::as_object).cloned().unwrap_or_default();
        let mut steps = Vec::new();
        // Records the run deleted: (Id, key, deleted for good).
        let mut removed: Vec<(String, Option<String>, bool)> = Vec::new();
        for r in results {
            match r.action {
                Action::Deleted => {
                    if let Some(target_id) = r.target_id {
                        let hard = r.error_message.as_deref()
                            == Some(synccentral_runner::import::HARD_DELETED);
                        removed.push((target_id, r.source_key, hard));
                    }
                }
                Action::Updated => {
                    if let Some(p) = priors.remove(&r.seq) {
                        steps.push(Step {
                            target_id: p.target_id,
                            key: p.key.or(r.source_key),
                            restore: Some(p.prior),
                            written: p.written,
                        });
                    }
                }
                Action::Inserted => {
                    if let Some(target_id) = r.target_id {
                        steps.push(Step {
                            target_id,
                            key: r.source_key,
                            restore: None,
                            written: object(r.mapped.as_ref()),
                        });
                    }
                }
                _ => {}
            }
        }
        (config, option, steps, removed)
    };
    let client = connect(journal, &config, &option.target.connection, retry)
        .await
        .map_err(UndoError::Config)?;
    let object = option.target.object.clone();
    let describe = client.describe(&object).await.map_err(|e| {
        UndoError::Config(vec![problem(
            "",
            format!("cannot describe {object}: {e} ({})", e.code()),
        )])
    })?;
    // The records as they are now, by Id: REST queries as long as a URI allows, or Bulk
    // query jobs from the bulk threshold on.
    let ids: Vec<String> = steps.iter().map(|s| s.target_id.clone()).collect();
    let read: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        for f in read_fields(steps.iter().map(|s| &s.written), &describe) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&f.field)) {
                names.push(f.field);
            }
        }
        names
    };
    let now = if ids.is_empty() {
        HashMap::new()
    } else {
        CurrentReader::new(
            client.clone(),
            option.target.api,
            usize::try_from(option.target.bulk_threshold).unwrap_or(usize::MAX),
            Some(describe.clone()),
        )
        .read(&object, "Id", &ids, &read)
        .await
        .map_err(|e| {
            UndoError::Config(vec![problem(
                "",
                format!(
                    "reading the run's {object} records as they are now failed: {e} ({})",
                    e.code()
                ),
            )])
        })?
    };
    let mut changed = Vec::new();
    for s in &steps {
        let action = if s.restore.is_some() {
            "updated"
        } else {
            "inserted"
        };
        let Some(current) = now.get(&s.target_id) else {
            changed.push(ChangedRecord {
                target_id: s.target_id.clone(),
                key: s.key.clone(),
                action: action.into(),
                gone: true,
                fields: Vec::new(),
            });
            continue;
        };
        let fields: Vec<ChangedField> = read_fields(std::iter::once(&s.written), &describe)
            .into_iter()
            .filter_map(|f| {
                // A relationship written by external ID reads back as an Id: not compared.
                let written = s.written.get(&f.mapped)?;
                if written.is_object() || !f.mapped.eq_ignore_ascii_case(&f.field) {
                    return None;
                }
                let value = synccentral_runner::guard::field_value(current, &f.field)
                    .cloned()
                    .unwrap_or(Value::Null);
                (!same_value(written, &value)).then(|| ChangedField {
                    field: f.field,
                    written: written.clone(),
                    now: value,
                })
            })
            .collect();
        if !fields.is_empty() {
            changed.push(ChangedRecord {
                target_id: s.target_id.clone(),
                key: s.key.clone(),
                action: action.into(),
                gone: false,
                fields,
            });
        }
    }
    if !changed.is_empty() && !force {
        return Err(UndoError::Changed {
            run: run_id,
            records: changed,
        });
    }

    let started = jiff::Timestamp::now();
    let undo = journal.workspace().begin_undo_run(id, started)?;
    let mut loader = Loader::new(client);
    loader.api = option.target.api;
    loader.bulk_threshold = usize::try_from(option.target.bulk_threshold).unwrap_or(usize::MAX);
    let target = OrgTarget::new(loader, Some(describe));
    let batch = usize::try_from(option.target.batch_size)
        .unwrap_or(200)
        .max(1);
    let mut out = UndoOutcome {
        run: undo.0,
        undo_of: run_id,
        status: RunStatus::Succeeded,
        restored: 0,
        deleted: 0,
        undeleted: 0,
        failed: 0,
        skipped: 0,
        message: None,
    };
    let mut seq = 0u64;
    let mut counts = store::Counts::default();
    let (updates, inserts): (Vec<&Step>, Vec<&Step>) =
        steps.iter().partition(|s| s.restore.is_some());
    'passes: for (op, list) in [(WriteOp::Update, updates), (WriteOp::Delete, inserts)] {
        for chunk in list.chunks(batch) {
            let mut results = Vec::new();
            let mut send: Vec<(&Step, Value, u64)> = Vec::new();
            for s in chunk {
                seq += 1;
                counts.read += 1;
                let record = match &s.restore {
                    Some(prior) => {
                        let mut m = prior.clone();
                        m.insert("Id".into(), Value::String(s.target_id.clone()));
                        Value::Object(m)
                    }
                    None => serde_json::json!({ "Id": s.target_id }),
                };
                if !now.contains_key(&s.target_id) {
                    // Forced past a record that is gone: nothing to restore or delete.
                    let mut r = store::RecordResult::new(seq, Action::Skipped);
                    r.source_key = s.key.clone();
                    r.target_id = Some(s.target_id.clone());
                    r.error_code = Some(RECORD_GONE.into());
                    r.error_message = Some("the record no longer exists".into());
                    r.mapped = Some(record);
                    counts.skipped += 1;
                    results.push(r);
                    continue;
                }
                send.push((s, record, seq));
            }
            if !send.is_empty() {
                let records: Vec<Value> = send.iter().map(|(_, r, _)| r.clone()).collect();
                let n = records.len();
                match target.write(op, &object, None, records).await {
                    Ok(outcomes) if outcomes.len() == n => {
                        for ((s, record, seq), outcome) in send.into_iter().zip(outcomes) {
                            let mut r = store::RecordResult::new(seq, Action::Failed);
                            r.source_key = s.key.clone();
                            r.target_id = Some(s.target_id.clone());
                            r.mapped = Some(record);
                            match outcome {
                                WriteOutcome::Success { .. } => {
                                    r.action = if op == WriteOp::Update {
                                        out.restored += 1;
                                        Action::Updated
                                    } else {
                                        out.deleted += 1;
                                        Action::Deleted
                                    };
                                    counts.written += 1;
                                }
                                WriteOutcome::Error { code, message, .. } => {
                                    r.error_code = Some(code);
                                    r.error_message = Some(message);
                                    counts.failed += 1;
                                }
                            }
                            results.push(r);
                        }
                    }
                    Ok(o) => {
                        out.message = Some(format!(
                            "Salesforce answered {} outcomes for {n} records",
                            o.len()
                        ));
                    }
                    Err(e) => {
                        out.message = Some(format!(
                            "{} of {n} {object} records failed: {}",
                            if op == WriteOp::Update {
                                "restoring"
                            } else {
                                "deleting"
                            },
                            e.message
                        ));
                    }
                }
            }
            results.sort_by_key(|r| r.seq);
            journal.workspace().record_results(undo, &results)?;
            if out.message.is_some() {
                break 'passes;
            }
        }
    }
    if out.message.is_none() && !removed.is_empty() {
        let client = target.loader.client.clone();
        let mut results = Vec::new();
        let (hard, soft): (Vec<_>, Vec<_>) = removed.into_iter().partition(|r| r.2);
        for (target_id, key, _) in hard {
            seq += 1;
            counts.read += 1;
            counts.skipped += 1;
            let mut r = store::RecordResult::new(seq, Action::Skipped);
            r.source_key = key;
            r.target_id = Some(target_id);
            r.error_code = Some("HARD_DELETED".into());
            r.error_message =
                Some("the run deleted it for good (hardDelete): it cannot be restored".into());
            results.push(r);
        }
        let ids: Vec<String> = soft.iter().map(|r| r.0.clone()).collect();
        match client.undelete(&ids).await {
            Ok(answers) => {
                for ((target_id, key, _), a) in soft.into_iter().zip(answers) {
                    seq += 1;
                    counts.read += 1;
                    let mut r = store::RecordResult::new(seq, Action::Inserted);
                    r.source_key = key;
                    r.target_id = Some(target_id);
                    if a.success {
                        out.undeleted += 1;
                        counts.written += 1;
                        r.error_message = Some("taken back from the recycle bin".into());
                    } else {
                        let e = a.errors.into_iter().next();
                        r.action = Action::Failed;
                        r.error_code = e.as_ref().map(|e| e.status_code.clone());
                        r.error_message = e.map(|e| e.message);
                        counts.failed += 1;
                    }
                    results.push(r);
                }
            }
            Err(e) => {
                out.message = Some(format!(
                    "taking {} deleted {object} records back from the recycle bin failed: {e} ({})",
                    ids.len(),
                    e.code()
                ))
            }
        }
        journal.workspace().record_results(undo, &results)?;
    }
    out.failed = counts.failed;
    out.skipped = counts.skipped;
    out.status = if out.message.is_some() {
        RunStatus::Failed
    } else if counts.failed > 0 {
        RunStatus::Partial
    } else {
        RunStatus::Succeeded
    };
    journal.workspace().finish_run(
        undo,
        out.status,
        counts,
        out.message.as_deref(),
        jiff::Timestamp::now(),
    )?;
    Ok(out)
}
