//! A batch written to the target: Ids looked up by external ID for deletes, the dry run's
//! answers, inserts journaled and prior values stored before the write, the write itself,
//! and each record's result from Salesforce's outcome.

use super::record::{failed, lookup_key, Item};
use super::{ImportRun, NOT_FOUND};
use crate::connect::{SalesforceTarget, TargetError, WriteOp, WriteOutcome};
use crate::guard::{field_value, read_fields, GuardMode};
use crate::journal::{Action, JournalError, PendingInsert, PriorRecord, RecordResult, RunJournal};
use crate::run::Stop;
use crate::window::value_text;
use serde_json::Value;

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Writes (or, in a dry run, looks up) the batch's records to send and fills in their
    /// results. A whole-call failure stops the run; the batch is then left unrecorded.
    pub(super) async fn send(&mut self, items: &mut [Item]) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        let op = plan.operation;
        let object = plan.object.as_str();
        let reads_first = self.reads_first();
        if reads_first {
            if items.iter().any(|i| i.send && !i.read) {
                if let Some(stop) = self.read_current(items).await? {
                    return Ok(Some(stop));
                }
            }
            if self.ctx.dry_run && op == WriteOp::Upsert {
                for item in items.iter_mut().filter(|i| i.send) {
                    item.result.action = if item.current.is_some() {
                        Action::WouldUpdate
                    } else {
                        Action::WouldInsert
                    };
                    item.send = false;
                }
            }
        } else if op == WriteOp::Delete && plan.external_id.is_some() {
            if let Some(stop) = self.delete_ids(items).await {
                return Ok(Some(stop));
            }
        }
        let records: Vec<Value> = items
            .iter()
            .filter(|i| i.send)
            .map(|i| {
                let mapped = i.result.mapped.clone().unwrap_or(Value::Null);
                match op {
                    WriteOp::Delete => {
                        let id = mapped
                            .get("Id")
                            .or_else(|| mapped.get("id"))
                            .cloned()
                            .unwrap_or(Value::Null);
                        serde_json::json!({ "Id": id })
                    }
                    _ => mapped,
                }
            })
            .collect();
        if records.is_empty() {
            return Ok(None);
        }
        if self.ctx.dry_run {
            for item in items.iter_mut().filter(|i| i.send) {
                item.result.action = match op {
                    WriteOp::Insert => Action::WouldInsert,
                    WriteOp::Update => Action::WouldUpdate,
                    WriteOp::Delete => Action::WouldDelete,
                    WriteOp::Upsert => Action::WouldInsert, // unreachable: decided above
                };
            }
            return Ok(None);
        }
        let insert_keys: Vec<String> = if op == WriteOp::Insert {
            let pending: Vec<PendingInsert> = items
                .iter()
                .filter(|i| i.send)
                .zip(&records)
                .map(|(i, r)| PendingInsert {
                    source_key: i.result.source_key.clone().unwrap_or_default(),
                    record: r.clone(),
                })
                .collect();
            self.journal.journal_pending(&plan.name, &pending).await?;
            pending.into_iter().map(|p| p.source_key).collect()
        } else {
            Vec::new()
        };
        if reads_first && plan.guard != GuardMode::Off {
            self.store_priors(items).await?;
        }
        // An upsert matched on fields (`matchOn`) is an update of the records matched and an
        // insert of the rest: two calls.
        let ops: Vec<WriteOp> = items
            .iter()
            .filter(|i| i.send)
            .map(|i| match op {
                WriteOp::Upsert if !plan.match_on.is_empty() => {
                    if i.current.is_some() {
                        WriteOp::Update
                    } else {
                        WriteOp::Insert
                    }
                }
                op => op,
            })
            .collect();
        let mut outcomes: Vec<Option<WriteOutcome>> = vec![None; records.len()];
        let mut records: Vec<Option<Value>> = records.into_iter().map(Some).collect();
        for call_op in [
            WriteOp::Update,
            WriteOp::Insert,
            WriteOp::Upsert,
            WriteOp::Delete,
        ] {
            let at: Vec<usize> = (0..ops.len()).filter(|&i| ops[i] == call_op).collect();
            if at.is_empty() {
                continue;
            }
            let batch: Vec<Value> = at.iter().filter_map(|&i| records[i].take()).collect();
            let n = batch.len();
            let ext = (call_op == WriteOp::Upsert)
                .then_some(plan.external_id.as_deref())
                .flatten();
            match self.target.write(call_op, object, ext, batch).await {
                Ok(o) if o.len() == n => {
                    for (i, outcome) in at.into_iter().zip(o) {
                        outcomes[i] = Some(outcome);
                    }
                }
                Ok(o) => {
                    return Ok(Some(Stop::failed(format!(
                        "Salesforce answered {} outcomes for a batch of {n} {object} records; the batch has no result and will be read again by the next run",
                        o.len()
                    ))))
                }
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "writing a batch of {n} {object} records failed: {}; the batch has no result and will be read again by the next run",
                        target_error_text(&e)
                    ))))
                }
            }
        }
        for ((item, outcome), item_op) in items.iter_mut().filter(|i| i.send).zip(outcomes).zip(ops)
        {
            if let Some(outcome) = outcome {
                apply_outcome(&mut item.result, item_op, outcome);
            }
        }
        // Cleared only once the results and the checkpoint are saved (see `flush`).
        self.answered_inserts = insert_keys;
        Ok(None)
    }

    /// A delete by external ID: the Ids of the records to send, looked up in one call;
    /// records whose key finds none fail with `NOT_FOUND`.
    async fn delete_ids(&mut self, items: &mut [Item]) -> Option<Stop> {
        let plan = self.plan;
        let object = plan.object.as_str();
        let ext = plan.external_id.as_deref().unwrap_or_default();
        let keys: Vec<String> = items
            .iter()
            .filter(|i| i.send)
            .filter_map(|i| lookup_key(i, plan))
            .collect();
        let ids = match self.target.lookup_ids(object, ext, &keys).await {
            Ok(ids) => ids,
            Err(e) => {
                return Some(Stop::failed(format!(
                    "looking up {object} Ids by {ext} failed: {}",
                    target_error_text(&e)
                )))
            }
        };
        for item in items.iter_mut().filter(|i| i.send) {
            let key = lookup_key(item, plan).unwrap_or_default();
            match ids.get(&key).cloned() {
                Some(id) => {
                    if let Some(Value::Object(m)) = &mut item.result.mapped {
                        m.insert("Id".into(), Value::String(id.clone()));
                    }
                    item.result.target_id = Some(id);
                }
                None => {
                    failed(
                        &mut item.result,
                        NOT_FOUND,
                        format!(
                            "no {object} has {ext} = '{key}', so there is nothing to {}",
                            plan.operation.as_str()
                        ),
                    );
                    item.send = false;
                }
            }
        }
        None
    }

    /// Stores the prior values of the batch's records that exist in the org (before the
    /// batch is written), so the run can be undone.
    async fn store_priors(&mut self, items: &[Item]) -> Result<(), JournalError> {
        let key_field = self.plan.external_id.as_deref();
        let priors: Vec<PriorRecord> = items
            .iter()
            .filter(|i| i.send)
            .filter_map(|i| {
                let current = i.current.as_ref()?;
                let target_id = field_value(current, "Id").and_then(value_text)?;
                let written = i.result.mapped.as_ref()?.as_object()?.clone();
                let prior = read_fields(std::iter::once(&written), &self.plan.describe)
                    .into_iter()
                    .filter(|f| !key_field.is_some_and(|k| f.field.eq_ignore_ascii_case(k)))
                    .map(|f| {
                        let v = field_value(current, &f.field).cloned();
                        (f.field, v.unwrap_or(Value::Null))
                    })
                    .collect();
                Some(PriorRecord {
                    seq: i.result.seq,
                    target_id,
                    key: self.match_key(i),
                    prior,
                    written,
                })
            })
            .collect();
        if priors.is_empty() {
            return Ok(());
        }
        self.journal.record_priors(self.run, &priors).await
    }
}

/// A record's result from Salesforce's outcome for it.
pub(super) fn apply_outcome(result: &mut RecordResult, op: WriteOp, outcome: WriteOutcome) {
    match outcome {
        WriteOutcome::Success { id, created } => {
            result.action = match op {
                WriteOp::Insert => Action::Inserted,
                WriteOp::Update => Action::Updated,
                WriteOp::Delete => Action::Deleted,
                WriteOp::Upsert if created => Action::Inserted,
                WriteOp::Upsert => Action::Updated,
            };
            result.target_id = Some(id);
        }
        WriteOutcome::Error {
            code,
            message,
            fields,
        } => {
            let message = if fields.is_empty() {
                message
            } else {
                format!("{message} (fields: {})", fields.join(", "))
            };
            failed(result, &code, message);
        }
    }
}

/// A target error as a run's message: its code, then what it said.
pub(crate) fn target_error_text(e: &TargetError) -> String {
    match &e.code {
        Some(code) => format!("{code}: {}", e.message),
        None => e.message.clone(),
    }
}
