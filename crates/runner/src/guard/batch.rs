//! The Day-Zero guard inside an import: each batch of updates and upserts is read as the
//! org holds it (one query by Id or external ID), which resolves the Ids of updates by
//! external ID and finds the fields the source would blank (warned of, left out in
//! `protect` mode, journaled); a blocking guard reads and compares every record before
//! anything is written; and what a run that went through says of its findings.

use super::{blanked, field_value, read_fields, GuardMode, GUARD_BLOCKED};
use crate::connect::{PageSource, SalesforceTarget, WriteOp};
use crate::import::{
    deletions_said, failed, next_page_of, target_error_text, ImportRun, Item, NOT_FOUND,
};
use crate::journal::{GuardFinding, JournalError, RunJournal};
use crate::run::Stop;
use crate::window::value_text;
use serde_json::Value;

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Reads the batch's records as the org holds them (one query, by Id or external ID):
    /// resolves the Ids of updates by external ID, and runs the Day-Zero guard (in
    /// `protect` mode, the fields it finds are taken out of the records to send).
    pub(crate) async fn read_current(
        &mut self,
        items: &mut [Item],
    ) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        if !plan.match_on.is_empty() {
            return self.read_matches(items).await;
        }
        let op = plan.operation;
        let object = plan.object.as_str();
        let by = self.match_field().to_string();
        let keys: Vec<String> = items
            .iter()
            .filter(|i| i.send)
            .filter_map(|i| self.match_key(i))
            .collect();
        // With the guard off only the Ids (and whether records exist) are read.
        let read = if plan.guard == GuardMode::Off {
            Vec::new()
        } else {
            read_fields(
                items
                    .iter()
                    .filter(|i| i.send)
                    .filter_map(|i| i.result.mapped.as_ref().and_then(Value::as_object)),
                &plan.describe,
            )
        };
        let mut names: Vec<String> = read.iter().map(|f| f.field.clone()).collect();
        if by != "Id" && !names.iter().any(|n| n.eq_ignore_ascii_case(&by)) {
            names.push(by.clone());
        }
        let found = if keys.is_empty() {
            Default::default()
        } else {
            match self.target.current_values(object, &by, &keys, &names).await {
                Ok(found) => found,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading the current {object} records by {by} failed: {}",
                        target_error_text(&e)
                    ))))
                }
            }
        };
        let key_field = (by != "Id").then_some(by.as_str());
        let mut findings = Vec::new();
        for item in items.iter_mut().filter(|i| i.send) {
            item.read = true;
            let key = self.match_key(item);
            let current = key.as_ref().and_then(|k| found.get(k)).cloned();
            let id = current
                .as_ref()
                .and_then(|c| field_value(c, "Id"))
                .and_then(value_text);
            match &id {
                Some(id) => {
                    // An upsert's Id comes from its outcome (a dry run has none).
                    if op == WriteOp::Update {
                        if let Some(Value::Object(m)) = &mut item.result.mapped {
                            m.insert("Id".into(), Value::String(id.clone()));
                        }
                    }
                    if op == WriteOp::Update || self.ctx.dry_run {
                        item.result.target_id = Some(id.clone());
                    }
                }
                None if op == WriteOp::Update && key_field.is_some() => {
                    failed(
                        &mut item.result,
                        NOT_FOUND,
                        format!(
                            "no {object} has {by} = '{}', so there is nothing to update",
                            key.unwrap_or_default()
                        ),
                    );
                    item.send = false;
                    continue;
                }
                None => {}
            }
            self.guard_one(item, current, id, &read, key_field, &mut findings);
        }
        self.record_findings(findings).await?;
        Ok(None)
    }

    /// The Day-Zero guard on one record read as the org holds it (`current`): the fields
    /// it would blank are noted (and left out in `protect` mode); `current` is kept.
    pub(crate) fn guard_one(
        &mut self,
        item: &mut Item,
        current: Option<serde_json::Map<String, Value>>,
        id: Option<String>,
        read: &[super::ReadField],
        key_field: Option<&str>,
        findings: &mut Vec<GuardFinding>,
    ) {
        let guard = self.plan.guard;
        if let (Some(cur), Some(Value::Object(m))) = (&current, &mut item.result.mapped) {
            for blank in blanked(m, cur, read, key_field) {
                if guard == GuardMode::Protect {
                    m.remove(&blank.mapped);
                }
                if self.guard_lines.len() < 10 {
                    self.guard_lines.push(format!(
                        "{} {} = {}",
                        item.result
                            .source_key
                            .as_deref()
                            .or(id.as_deref())
                            .unwrap_or("?"),
                        blank.field,
                        blank.current
                    ));
                }
                findings.push(GuardFinding {
                    seq: item.result.seq,
                    source_key: item.result.source_key.clone(),
                    target_id: id.clone(),
                    field: blank.field,
                    prior: blank.current,
                    mode: guard,
                });
            }
        }
        item.current = current;
    }

    pub(crate) async fn record_findings(
        &mut self,
        findings: Vec<GuardFinding>,
    ) -> Result<(), JournalError> {
        if !findings.is_empty() {
            self.guard_found += findings.len();
            self.journal.record_guard(self.run, &findings).await?;
        }
        Ok(())
    }

    /// A blocking guard's run: every record is read, mapped and compared with the org
    /// before anything is written (the records are held in memory meanwhile). Any finding
    /// stops the run with the list; else the batches are written as usual.
    pub(crate) async fn read_guarded<S: PageSource>(
        &mut self,
        source: &mut S,
    ) -> Result<Option<Stop>, JournalError> {
        let mut items: Vec<Item> = Vec::new();
        let mut page_no = 0u64;
        let mut listing = false;
        loop {
            page_no += 1;
            match next_page_of(source, self.plan.deletions, &mut listing).await {
                Ok(Some(page)) => {
                    for record in page.records {
                        let item = if page.deleted {
                            self.prepare_deletion(record)
                        } else {
                            self.prepare(record)
                        };
                        items.push(item);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading page {page_no} of the source{} failed: {e}",
                        deletions_said(listing)
                    ))))
                }
            }
        }
        let size = self.plan.batch_size.max(1);
        for chunk in items.chunks_mut(self.read_group()) {
            if self.ctx.cancel.is_cancelled() {
                return Ok(Some(Stop::cancelled()));
            }
            if !self.plan.lookups.is_empty() {
                if let Some(stop) = self.resolve_lookups(chunk).await? {
                    return Ok(Some(stop));
                }
            }
            if let Some(stop) = self.read_current(chunk).await? {
                return Ok(Some(stop));
            }
        }
        if self.guard_found > 0 {
            for item in items.iter_mut().filter(|i| i.send || i.delete) {
                item.send = false;
                item.delete = false;
                failed(
                    &mut item.result,
                    GUARD_BLOCKED,
                    "not written: the Day-Zero guard (block) stopped the run before writing",
                );
            }
            for chunk in items.chunks_mut(size) {
                self.record(chunk).await?;
            }
            let more = self.guard_found.saturating_sub(self.guard_lines.len());
            return Ok(Some(Stop::failed(format!(
                "the Day-Zero guard (block) stopped the run before writing anything: {} target field{} hold{} a value the source would blank: {}{}",
                self.guard_found,
                if self.guard_found == 1 { "" } else { "s" },
                if self.guard_found == 1 { "s" } else { "" },
                self.guard_lines.join("; "),
                if more > 0 { format!("; and {more} more") } else { String::new() }
            ))));
        }
        self.flush_batches(items).await
    }

    /// What a run that went through says of the guard's findings (warn, protect, dry runs).
    pub(crate) fn guard_note(&self) -> Option<String> {
        if self.guard_found == 0 {
            return None;
        }
        let n = self.guard_found;
        let what = match (self.ctx.dry_run, self.plan.guard) {
            (true, _) => "would blank",
            (false, GuardMode::Protect) => "would have blanked (kept: not written)",
            (false, _) => "blanked",
        };
        let more = n.saturating_sub(self.guard_lines.len());
        Some(format!(
            "the Day-Zero guard ({}) found {n} target field{} holding a value the source {what}: {}{}",
            self.plan.guard.as_str(),
            if n == 1 { "" } else { "s" },
            self.guard_lines.join("; "),
            if more > 0 { format!("; and {more} more") } else { String::new() }
        ))
    }
}
