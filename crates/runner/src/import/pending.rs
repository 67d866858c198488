//! The insert journal's other half: inserts an earlier run journaled but never saw the
//! outcome of (a crash, a hung call) are resolved before the source is read. Those found by
//! external ID landed; the others are sent again; either way their keys are not inserted
//! again when the source delivers them in this run.

use super::record::Item;
use super::send::{apply_outcome, target_error_text};
use super::ImportRun;
use crate::connect::{SalesforceTarget, WriteOp};
use crate::guard::field_value;
use crate::journal::{Action, JournalError, PendingInsert, RecordResult, RunJournal};
use crate::run::{mapped_records, quota_stop, Stop};
use crate::window::value_text;
use std::collections::HashMap;

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Resolves the option's pending inserts, one batch at a time: each gets a result and
    /// leaves the insert journal.
    pub(super) async fn resolve_pending(&mut self) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        if plan.operation != WriteOp::Insert || self.ctx.dry_run {
            return Ok(None);
        }
        let pending = self.journal.pending_list(&plan.name).await?;
        if pending.is_empty() {
            return Ok(None);
        }
        let landed = match self.landed(&pending).await {
            Ok(landed) => landed,
            Err(stop) => return Ok(Some(stop)),
        };
        for chunk in pending.chunks(plan.batch_size) {
            let mut items: Vec<Item> = chunk
                .iter()
                .map(|p| {
                    self.counts.read += 1;
                    let id = landed.get(&p.source_key).cloned();
                    let note = if id.is_some() {
                        "inserted by an interrupted earlier run (found by external ID)"
                    } else {
                        "sent again: an interrupted earlier run journaled this insert but never saw its outcome"
                    };
                    let send = id.is_none();
                    let result = RecordResult {
                        source_key: Some(p.source_key.clone()),
                        target_id: id,
                        error_message: Some(note.to_string()),
                        mapped: Some(p.record.clone()),
                        ..RecordResult::new(self.next_seq(), Action::Inserted)
                    };
                    Item::new(result, send)
                })
                .collect();
            if let Some(stop) = self.send_again(&mut items).await? {
                return Ok(Some(stop));
            }
            let keys: Vec<String> = chunk.iter().map(|p| p.source_key.clone()).collect();
            self.record(&mut items).await?;
            self.journal.journal_done(&plan.name, &keys).await?;
            self.resolved.extend(keys);
        }
        Ok(None)
    }

    /// The pending inserts that landed (found by the option's external ID), by source key
    /// to their Id; none without an external ID.
    async fn landed(&self, pending: &[PendingInsert]) -> Result<HashMap<String, String>, Stop> {
        let mut landed = HashMap::new();
        let Some(ext) = self.plan.external_id.as_deref() else {
            return Ok(landed);
        };
        let ext_value = |p: &PendingInsert| {
            p.record
                .as_object()
                .and_then(|m| field_value(m, ext))
                .and_then(value_text)
        };
        let values: Vec<String> = pending.iter().filter_map(ext_value).collect();
        let object = self.plan.object.as_str();
        let ids = self
            .target
            .lookup_ids(object, ext, &values)
            .await
            .map_err(|e| {
                Stop::failed(format!(
                    "checking whether {} inserts of an interrupted run landed failed: {}",
                    pending.len(),
                    target_error_text(&e)
                ))
            })?;
        for p in pending {
            if let Some(id) = ext_value(p).and_then(|v| ids.get(&v)) {
                landed.insert(p.source_key.clone(), id.clone());
            }
        }
        Ok(landed)
    }

    /// Sends the pending inserts that did not land again, keeping their note on success.
    async fn send_again(&mut self, items: &mut [Item]) -> Result<Option<Stop>, JournalError> {
        if self.ctx.cancel.is_cancelled() {
            return Ok(Some(Stop::cancelled()));
        }
        let records = mapped_records(items.iter().filter(|i| i.send).map(|i| &i.result));
        if records.is_empty() {
            return Ok(None);
        }
        if let Some(stop) = quota_stop(self.target.api_usage(), self.plan.quota_share) {
            return Ok(Some(stop));
        }
        let n = records.len();
        let object = self.plan.object.as_str();
        match self
            .target
            .write(WriteOp::Insert, object, None, records)
            .await
        {
            Ok(outcomes) if outcomes.len() == n => {
                for (item, outcome) in items.iter_mut().filter(|i| i.send).zip(outcomes) {
                    let note = item.result.error_message.take();
                    apply_outcome(&mut item.result, WriteOp::Insert, outcome);
                    if item.result.action == Action::Inserted {
                        item.result.error_message = note;
                    }
                }
                Ok(None)
            }
            Ok(o) => Ok(Some(Stop::failed(format!(
                "Salesforce answered {} outcomes for {n} interrupted inserts sent again",
                o.len()
            )))),
            Err(e) => Ok(Some(Stop::failed(format!(
                "sending {n} interrupted inserts again failed: {}",
                target_error_text(&e)
            )))),
        }
    }
}
