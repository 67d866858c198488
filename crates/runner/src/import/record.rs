//! One record of an import: its mapping and Salesforce type check, its key and cursor, and
//! whether it is sent, skipped (before the checkpoint, already resolved) or failed before
//! anything is written; and the values it is matched on in the org.

use super::{ImportRun, MISSING_KEY};
use crate::connect::{SalesforceTarget, WriteOp};
use crate::guard::{field_value, GuardMode};
use crate::journal::{Action, RecordResult, RunJournal};
use crate::options::{ImportPlan, KeySource};
use crate::run::skip_if_done;
use crate::window::{compare_positions, value_text};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use synccentral_engine::ErrorCode;

/// A record on its way through one batch.
pub(crate) struct Item {
    pub result: RecordResult,
    /// To be sent (else its result is already decided).
    pub send: bool,
    /// (cursor, tie) of incremental records.
    pub pos: Option<(String, Option<String>)>,
    /// Updates and upserts: the record as the org holds it now (`None`: no such record).
    pub current: Option<Map<String, Value>>,
    /// `current` was read (the batch's query ran).
    pub read: bool,
    /// Deleted at the source: its match in the target is to be deleted (`deletes`).
    pub delete: bool,
}

impl Item {
    /// A record whose result is `result`, to send or not.
    pub fn new(result: RecordResult, send: bool) -> Item {
        Item {
            result,
            send,
            pos: None,
            current: None,
            read: false,
            delete: false,
        }
    }

    /// The value of `field` in the mapped record, as text.
    pub fn mapped_text(&self, field: &str) -> Option<String> {
        let mapped = self.result.mapped.as_ref()?.as_object()?;
        field_value(mapped, field).and_then(value_text)
    }
}

/// Marks a result failed with `code` and `message`.
pub(crate) fn failed(result: &mut RecordResult, code: &str, message: impl Into<String>) {
    result.action = Action::Failed;
    result.error_code = Some(code.to_string());
    result.error_message = Some(message.into());
}

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Maps, types and keys one source record; decides it when it cannot or need not be sent.
    pub(crate) fn prepare(&mut self, source: Value) -> Item {
        self.counts.read += 1;
        let plan = self.plan;
        let mapped = plan.mapping.apply(&source, Some(&plan.describe));
        let mut errors = mapped.errors;
        if let Some(op) = plan.operation.check_operation() {
            let by_lookup = plan.operation == WriteOp::Update
                && (plan.external_id.is_some() || !plan.match_on.is_empty());
            errors.extend(
                plan.checker
                    .check(&mapped.fields, op)
                    .errors
                    .into_iter()
                    // The Id of an update by external ID is looked up at send time.
                    .filter(|e| !(by_lookup && e.code == ErrorCode::MissingArgument)),
            );
        }
        let key = record_key(plan, &source, &mapped.fields);
        let pos = plan.incremental.as_ref().and_then(|inc| {
            let cursor = inc
                .cursor
                .as_ref()?
                .select(&source)
                .value()
                .and_then(value_text)?;
            let tie = match &inc.tie {
                Some(t) => t.select(&source).value().and_then(value_text),
                None => key.clone(),
            };
            Some((cursor, tie))
        });
        if let Some((cursor, tie)) = &pos {
            self.note_position(cursor, tie.as_deref());
        }
        let result = RecordResult {
            source_key: key.clone(),
            mapped: Some(Value::Object(mapped.fields)),
            source: Some(source),
            ..RecordResult::new(self.next_seq(), Action::Failed)
        };
        let mut item = Item {
            pos,
            ..Item::new(result, false)
        };
        if skip_if_done(
            &mut item.result,
            &item.pos,
            self.window,
            self.start_checkpoint,
        ) {
            return item;
        }
        if item
            .result
            .source
            .as_ref()
            .is_some_and(|s| plan.deleted_at_source(s))
        {
            // Only its match is needed: what it would write is never typed or sent.
            item.delete = true;
            return item;
        }
        if let Some(first) = errors.first() {
            let message = errors
                .iter()
                .map(|e| {
                    if e.field.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}: {}", e.field, e.message)
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            failed(&mut item.result, first.code.as_str(), message);
            return item;
        }
        let needs_key = plan.operation == WriteOp::Insert
            || (matches!(plan.operation, WriteOp::Update | WriteOp::Delete)
                && !matches!(plan.key, KeySource::None));
        match &key {
            None if needs_key => {
                failed(
                    &mut item.result,
                    MISSING_KEY,
                    format!("the record has no key ({})", key_name(plan)),
                );
            }
            Some(k) if plan.operation == WriteOp::Insert && self.resolved.contains(k) => {
                item.result.action = Action::Skipped;
                item.result.error_message = Some(format!(
                    "{k} was already inserted (an insert an earlier run left pending, resolved by this run)"
                ));
            }
            _ => item.send = true,
        }
        item
    }

    /// A record the source lists as deleted (an API's `deletions` endpoint): its match in
    /// the target is deleted, found as a record's is (`matchOn`, the external ID, a mapped
    /// `Id`). It may carry only its key, so it is mapped for those fields alone: the
    /// mapping's errors for the fields it lacks are never its own. It neither moves nor is
    /// held back by the checkpoint (the endpoint is read over the run's window). Its source
    /// record is not kept, so a retry or a re-sync never sends it as a record to write.
    pub(crate) fn prepare_deletion(&mut self, source: Value) -> Item {
        self.counts.read += 1;
        let plan = self.plan;
        let mapped = plan.mapping.apply(&source, Some(&plan.describe));
        let key = record_key(plan, &source, &mapped.fields);
        let result = RecordResult {
            source_key: key,
            mapped: Some(Value::Object(mapped.fields)),
            ..RecordResult::new(self.next_seq(), Action::Failed)
        };
        Item {
            delete: true,
            ..Item::new(result, false)
        }
    }

    /// Follows the furthest (cursor, tie) read; a record behind it means the source is not
    /// in cursor order.
    fn note_position(&mut self, cursor: &str, tie: Option<&str>) {
        if let Some((c, t)) = &self.furthest {
            if compare_positions((cursor, tie), (c, t.as_deref())) == Ordering::Less {
                self.ordered = false;
                return;
            }
        }
        self.furthest = Some((cursor.to_string(), tie.map(str::to_string)));
    }

    /// The field records are matched on: the external ID when set, else `Id`.
    /// Whether a batch's records are read from the org before it is written: updates and
    /// upserts, for the Day-Zero guard and the prior values an undo restores. With the guard
    /// off, only to find what is needed: the Ids of updates matched by external ID, and
    /// whether a dry run's upserts would insert or update.
    pub(crate) fn reads_first(&self) -> bool {
        let op = self.plan.operation;
        matches!(op, WriteOp::Update | WriteOp::Upsert)
            && (self.plan.guard != GuardMode::Off
                || self.ctx.dry_run
                || !self.plan.match_on.is_empty()
                || (op == WriteOp::Update && self.plan.external_id.is_some()))
    }

    /// How many records are read from the org at once: the target's read-ahead, in whole
    /// batches (one batch when nothing is read first).
    pub(crate) fn read_group(&self) -> usize {
        let batch = self.plan.batch_size.max(1);
        if !self.reads_first() {
            return batch;
        }
        self.target.read_ahead(batch).max(batch) / batch * batch
    }

    pub(crate) fn match_field(&self) -> &str {
        self.plan.external_id.as_deref().unwrap_or("Id")
    }

    /// The value an item is matched on in the org.
    pub(crate) fn match_key(&self, item: &Item) -> Option<String> {
        if !self.plan.match_on.is_empty() {
            self.match_values(item).map(|v| v.join(", "))
        } else if self.plan.external_id.is_some() {
            lookup_key(item, self.plan)
        } else {
            item.mapped_text("Id")
        }
    }
}

/// A source record's key, after the plan's key source.
fn record_key(plan: &ImportPlan, source: &Value, mapped: &Map<String, Value>) -> Option<String> {
    match &plan.key {
        KeySource::Path(p) => p.select(source).value().and_then(value_text),
        KeySource::Mapped(f) => field_value(mapped, f).and_then(value_text),
        KeySource::None => None,
    }
}

/// Why a record has no key, after the plan's key source.
fn key_name(plan: &ImportPlan) -> String {
    match &plan.key {
        KeySource::Path(_) => "keyPath found nothing".into(),
        KeySource::Mapped(f) => format!("{f} is empty"),
        KeySource::None => "no key configured".into(),
    }
}

/// The external ID value an item is looked up by.
pub(super) fn lookup_key(item: &Item, plan: &ImportPlan) -> Option<String> {
    let ext = plan.external_id.as_deref()?;
    match &plan.key {
        KeySource::Mapped(f) if f.eq_ignore_ascii_case(ext) => item.result.source_key.clone(),
        _ => item
            .mapped_text(ext)
            .or_else(|| item.result.source_key.clone()),
    }
}
