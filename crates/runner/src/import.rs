//! The import pipeline: pages of source records → each record's key and cursor → mapping
//! and the Salesforce type check (records that fail are recorded, never sent) → batches
//! written to the target → one result per record → the checkpoint, saved only once every
//! record up to it has its result.
//!
//! Inserts are journaled before they are sent; a run first resolves inserts an earlier run
//! left pending (landed ones are found by external ID, the rest sent again), so a replay
//! after a crash never doubles a record. Before each batch the org's API usage is checked
//! against the option's quota share, and cancellation is honoured.
//!
//! Updates and upserts first read each batch's records as the org holds them (one query by
//! Id or external ID): the Day-Zero guard compares them with what would be written (warn,
//! protect, or block before anything is written), and their prior values are stored before
//! the write so the run can be undone.

use crate::connect::{PageSource, SalesforceTarget, WriteOp, WriteOutcome};
use crate::guard::{blanked, field_value, read_fields, GuardMode};
use crate::journal::{
    Action, Checkpoint, Counts, GuardFinding, JournalError, PendingInsert, PriorRecord,
    RecordResult, RunId, RunJournal, RunKind, RunStart, RunStatus,
};
use crate::options::{ImportPlan, KeySource};
use crate::run::{finish_run, RunCtx, RunEvent, RunOutcome, Stop};
use crate::window::{already_done, compare_positions, value_text, Window};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::HashSet;
use synccentral_engine::ErrorCode;

/// Code of a record whose key found no record to update or delete.
pub const NOT_FOUND: &str = "NOT_FOUND";
/// Code of a record without the key its operation needs.
pub const MISSING_KEY: &str = "MISSING_KEY";

/// A record on its way through one batch.
struct Item {
    result: RecordResult,
    /// To be sent (else its result is already decided).
    send: bool,
    /// (cursor, tie) of incremental records.
    pos: Option<(String, Option<String>)>,
    /// Updates and upserts: the record as the org holds it now (`None`: no such record).
    current: Option<Map<String, Value>>,
    /// `current` was read (the batch's query ran).
    read: bool,
}

/// Code of the records a blocking Day-Zero guard kept from being written.
pub const GUARD_BLOCKED: &str = "GUARD_BLOCKED";

struct ImportRun<'a, T, J> {
    plan: &'a ImportPlan,
    target: &'a T,
    journal: &'a J,
    ctx: &'a RunCtx<'a>,
    run: RunId,
    window: Window,
    start_checkpoint: Option<Checkpoint>,
    counts: Counts,
    seq: u64,
    /// Keys resolved from the insert journal this run: their records are not inserted again.
    resolved: HashSet<String>,
    /// The furthest (cursor, tie) read so far, and whether reads came in that order.
    furthest: Option<(String, Option<String>)>,
    ordered: bool,
    checkpoint: Option<Checkpoint>,
    /// Keys of the batch's inserts Salesforce answered, to clear from the insert journal.
    answered_inserts: Vec<String>,
    /// Fields the Day-Zero guard found so far, and the first few as text.
    guard_found: usize,
    guard_lines: Vec<String>,
}

/// Runs one import option: reads the source `open` gives for the run's window, writes to
/// `target`, records everything in `journal`. Source and target failures end the run with
/// status `failed` (an `Ok` outcome); `Err` only when the journal itself fails.
pub async fn run_import<S, T, J>(
    plan: &ImportPlan,
    open: impl FnOnce(&Window) -> S,
    target: &T,
    journal: &J,
    ctx: &RunCtx<'_>,
) -> Result<RunOutcome, JournalError>
where
    S: PageSource,
    T: SalesforceTarget,
    J: RunJournal,
{
    let started = ctx.clock.now();
    let start_checkpoint = match &plan.incremental {
        Some(_) => journal.checkpoint(&plan.name).await?,
        None => None,
    };
    let window = match &plan.incremental {
        Some(inc) => Window::new(
            start_checkpoint.as_ref(),
            inc.lookback,
            inc.initial_since.as_deref(),
            started,
        ),
        None => Window::new(None, jiff::SignedDuration::ZERO, None, started),
    };
    let run = journal
        .begin_run(&RunStart {
            option: plan.name.clone(),
            kind: RunKind::Import,
            operation: Some(plan.operation),
            dry_run: ctx.dry_run,
            started_at: started,
            since: window.since.clone(),
            until: Some(window.until.clone()),
        })
        .await?;
    (ctx.events)(&RunEvent::Started {
        option: plan.name.clone(),
        since: window.since.clone(),
        until: window.until.clone(),
    });
    let mut state = ImportRun {
        plan,
        target,
        journal,
        ctx,
        run,
        window,
        checkpoint: start_checkpoint.clone(),
        start_checkpoint,
        counts: Counts::default(),
        seq: 0,
        resolved: HashSet::new(),
        furthest: None,
        ordered: true,
        answered_inserts: Vec::new(),
        guard_found: 0,
        guard_lines: Vec::new(),
    };
    let stop = match state.resolve_pending().await? {
        Some(stop) => Some(stop),
        None => {
            let mut source = open(&state.window);
            let guarded = plan.guard == GuardMode::Block
                && !ctx.dry_run
                && matches!(plan.operation, WriteOp::Update | WriteOp::Upsert);
            if guarded {
                state.read_guarded(&mut source).await?
            } else {
                state.read_all(&mut source).await?
            }
        }
    };
    let (status, message) = match stop {
        Some(s) => (s.status, Some(s.message)),
        None => {
            state.finish_checkpoint().await?;
            (RunStatus::Succeeded, state.guard_note())
        }
    };
    finish_run(
        journal,
        ctx,
        run,
        &plan.name,
        (status, message),
        state.counts,
        state.checkpoint,
        state.window,
        started,
    )
    .await
}

fn field_of<'m>(fields: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn failed(result: &mut RecordResult, code: &str, message: impl Into<String>) {
    result.action = Action::Failed;
    result.error_code = Some(code.to_string());
    result.error_message = Some(message.into());
}

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Reads every page, preparing records and flushing a batch whenever one is full.
    async fn read_all<S: PageSource>(
        &mut self,
        source: &mut S,
    ) -> Result<Option<Stop>, JournalError> {
        let mut batch: Vec<Item> = Vec::new();
        let mut page_no = 0u64;
        let mut next = source.next_page().await;
        loop {
            page_no += 1;
            let page = match next {
                Ok(Some(page)) => page,
                Ok(None) => break,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading page {page_no} of the source failed: {e}"
                    ))))
                }
            };
            // The next page is read while this one is mapped and written, so the source's
            // latency hides behind the org's. A page read ahead of a stop is dropped unused:
            // its records were never counted, and the checkpoint never passed them.
            let (stopped, fetched) =
                futures_util::future::join(self.write_page(page, &mut batch), source.next_page())
                    .await;
            if let Some(stop) = stopped? {
                return Ok(Some(stop));
            }
            next = fetched;
        }
        if !batch.is_empty() {
            return self.flush(batch).await;
        }
        Ok(None)
    }

    /// Prepares a page's records into `batch`, flushing it whenever it is full.
    async fn write_page(
        &mut self,
        page: Vec<Value>,
        batch: &mut Vec<Item>,
    ) -> Result<Option<Stop>, JournalError> {
        for record in page {
            batch.push(self.prepare(record));
            if batch.len() >= self.plan.batch_size {
                if let Some(stop) = self.flush(std::mem::take(batch)).await? {
                    return Ok(Some(stop));
                }
            }
        }
        Ok(None)
    }

    /// Maps, types and keys one source record; decides it when it cannot or need not be sent.
    fn prepare(&mut self, source: Value) -> Item {
        self.counts.read += 1;
        let plan = self.plan;
        let mut result = RecordResult {
            seq: self.next_seq(),
            source_key: None,
            target_id: None,
            action: Action::Failed,
            error_code: None,
            error_message: None,
            source: Value::Null,
            mapped: None,
        };
        let mapped = plan.mapping.apply(&source, Some(&plan.describe));
        let mut errors = mapped.errors;
        if let Some(op) = plan.operation.check_operation() {
            let by_lookup = plan.operation == WriteOp::Update && plan.external_id.is_some();
            errors.extend(
                plan.checker
                    .check(&mapped.fields, op)
                    .errors
                    .into_iter()
                    // The Id of an update by external ID is looked up at send time.
                    .filter(|e| !(by_lookup && e.code == ErrorCode::MissingArgument)),
            );
        }
        let key = match &plan.key {
            KeySource::Path(p) => p.select(&source).value().and_then(value_text),
            KeySource::Mapped(f) => field_of(&mapped.fields, f).and_then(value_text),
            KeySource::None => None,
        };
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
        result.source_key = key.clone();
        result.mapped = Some(Value::Object(mapped.fields));
        result.source = source;
        if let Some((cursor, tie)) = &pos {
            self.note_position(cursor, tie.as_deref());
        }
        let mut item = Item {
            result,
            send: false,
            pos,
            current: None,
            read: false,
        };
        if let Some((cursor, tie)) = &item.pos {
            if let Some(why) = already_done(
                cursor,
                tie.as_deref(),
                &self.window,
                self.start_checkpoint.as_ref(),
            ) {
                item.result.action = Action::Skipped;
                item.result.error_message = Some(why);
                return item;
            }
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

    fn note_position(&mut self, cursor: &str, tie: Option<&str>) {
        if let Some((c, t)) = &self.furthest {
            if compare_positions((cursor, tie), (c, t.as_deref())) == Ordering::Less {
                self.ordered = false;
                return;
            }
        }
        self.furthest = Some((cursor.to_string(), tie.map(str::to_string)));
    }

    /// Sends one batch's records, records every result, then advances the checkpoint.
    async fn flush(&mut self, mut items: Vec<Item>) -> Result<Option<Stop>, JournalError> {
        if self.ctx.cancel.is_cancelled() {
            return Ok(Some(Stop::cancelled()));
        }
        if items.iter().any(|i| i.send) {
            if let Some(stop) = self.quota_stop() {
                return Ok(Some(stop));
            }
            if let Some(stop) = self.send(&mut items).await? {
                return Ok(Some(stop));
            }
        }
        self.record(&mut items).await?;
        if self.ordered && !self.ctx.dry_run {
            if let Some((cursor, tie)) = items.iter().rev().find_map(|i| i.pos.clone()) {
                self.save_checkpoint(Checkpoint {
                    cursor_value: cursor,
                    tie_id: tie,
                })
                .await?;
            }
        }
        // The journaled inserts of this batch are cleared last: a crash before this point
        // leaves them pending, and the next run finds them landed instead of re-reading and
        // inserting them again.
        let answered = std::mem::take(&mut self.answered_inserts);
        if !answered.is_empty() {
            self.journal
                .journal_done(&self.plan.name, &answered)
                .await?;
        }
        (self.ctx.events)(&RunEvent::Progress {
            option: self.plan.name.clone(),
            counts: self.counts,
        });
        Ok(None)
    }

    fn quota_stop(&self) -> Option<Stop> {
        let (used, max) = self.target.api_usage()?;
        if max == 0 || (used as f64) < self.plan.quota_share * max as f64 {
            return None;
        }
        Some(Stop {
            status: RunStatus::StoppedQuota,
            message: format!(
                "stopped before a batch: the org has used {used} of {max} API requests, at or above the option's quota share of {:.0}%; the next run resumes from the checkpoint",
                self.plan.quota_share * 100.0
            ),
        })
    }

    /// Records the items' results, moving them out (a batch's source and mapped records are
    /// not copied again; only `pos` is read afterwards).
    async fn record(&mut self, items: &mut [Item]) -> Result<(), JournalError> {
        let results: Vec<RecordResult> = items
            .iter_mut()
            .map(|i| {
                let placeholder = RecordResult {
                    seq: i.result.seq,
                    source_key: None,
                    target_id: None,
                    action: i.result.action,
                    error_code: None,
                    error_message: None,
                    source: Value::Null,
                    mapped: None,
                };
                std::mem::replace(&mut i.result, placeholder)
            })
            .collect();
        self.journal.record_results(self.run, &results).await?;
        for r in &results {
            match r.action {
                Action::Failed => self.counts.failed += 1,
                Action::Skipped => self.counts.skipped += 1,
                _ => self.counts.written += 1,
            }
        }
        Ok(())
    }

    async fn save_checkpoint(&mut self, cp: Checkpoint) -> Result<(), JournalError> {
        let newer = match &self.checkpoint {
            None => true,
            Some(old) => {
                compare_positions(
                    (&cp.cursor_value, cp.tie_id.as_deref()),
                    (&old.cursor_value, old.tie_id.as_deref()),
                ) == Ordering::Greater
            }
        };
        if newer {
            self.journal.save_checkpoint(&self.plan.name, &cp).await?;
            self.checkpoint = Some(cp);
        }
        Ok(())
    }

    /// At the end of a complete run: the furthest record read (even from an unordered
    /// source, now that every record has a result), or the run's start without a cursor.
    async fn finish_checkpoint(&mut self) -> Result<(), JournalError> {
        let Some(inc) = &self.plan.incremental else {
            return Ok(());
        };
        if self.ctx.dry_run {
            return Ok(());
        }
        if inc.cursor.is_none() {
            let cp = Checkpoint {
                cursor_value: self.window.until.clone(),
                tie_id: None,
            };
            self.journal.save_checkpoint(&self.plan.name, &cp).await?;
            self.checkpoint = Some(cp);
        } else if let Some((cursor, tie)) = self.furthest.clone() {
            self.save_checkpoint(Checkpoint {
                cursor_value: cursor,
                tie_id: tie,
            })
            .await?;
        }
        Ok(())
    }

    /// Writes (or, in a dry run, looks up) the batch's records to send and fills in their
    /// results. A whole-call failure stops the run; the batch is then left unrecorded.
    async fn send(&mut self, items: &mut [Item]) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        let op = plan.operation;
        let object = plan.object.as_str();
        let reads_first = matches!(op, WriteOp::Update | WriteOp::Upsert);
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
            // Ids by external ID.
            let ext = plan.external_id.as_deref().unwrap_or_default();
            let keys: Vec<String> = items
                .iter()
                .filter(|i| i.send)
                .filter_map(|i| lookup_key(i, plan))
                .collect();
            let ids = match self.target.lookup_ids(object, ext, &keys).await {
                Ok(ids) => ids,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "looking up {object} Ids by {ext} failed: {}",
                        target_error_text(&e)
                    ))))
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
                                op.as_str()
                            ),
                        );
                        item.send = false;
                    }
                }
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
        if reads_first {
            self.store_priors(items).await?;
        }
        let n = records.len();
        let ext = (op == WriteOp::Upsert)
            .then_some(plan.external_id.as_deref())
            .flatten();
        let outcomes = match self.target.write(op, object, ext, records).await {
            Ok(o) if o.len() == n => o,
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
        };
        for (item, outcome) in items.iter_mut().filter(|i| i.send).zip(outcomes) {
            apply_outcome(&mut item.result, op, outcome);
        }
        // Cleared only once the results and the checkpoint are saved (see `flush`).
        self.answered_inserts = insert_keys;
        Ok(None)
    }

    /// What a run that went through says of the guard's findings (warn, protect, dry runs).
    fn guard_note(&self) -> Option<String> {
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

    /// The field records are matched on: the external ID when set, else `Id`.
    fn match_field(&self) -> &str {
        self.plan.external_id.as_deref().unwrap_or("Id")
    }

    /// The value an item is matched on in the org.
    fn match_key(&self, item: &Item) -> Option<String> {
        if self.plan.external_id.is_some() {
            lookup_key(item, self.plan)
        } else {
            item.result
                .mapped
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|m| field_of(m, "Id"))
                .and_then(value_text)
        }
    }

    /// Reads the batch's records as the org holds them (one query, by Id or external ID):
    /// resolves the Ids of updates by external ID, and runs the Day-Zero guard (in
    /// `protect` mode, the fields it finds are taken out of the records to send).
    async fn read_current(&mut self, items: &mut [Item]) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        let op = plan.operation;
        let object = plan.object.as_str();
        let by = self.match_field().to_string();
        let keys: Vec<String> = items
            .iter()
            .filter(|i| i.send)
            .filter_map(|i| self.match_key(i))
            .collect();
        let read = read_fields(
            items
                .iter()
                .filter(|i| i.send)
                .filter_map(|i| i.result.mapped.as_ref().and_then(Value::as_object)),
            &plan.describe,
        );
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
            if let (Some(cur), Some(Value::Object(m))) = (&current, &mut item.result.mapped) {
                for blank in blanked(m, cur, &read, key_field) {
                    if plan.guard == GuardMode::Protect {
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
                        mode: plan.guard,
                    });
                }
            }
            item.current = current;
        }
        if !findings.is_empty() {
            self.guard_found += findings.len();
            self.journal.record_guard(self.run, &findings).await?;
        }
        Ok(None)
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

    /// A blocking guard's run: every record is read, mapped and compared with the org
    /// before anything is written (the records are held in memory meanwhile). Any finding
    /// stops the run with the list; else the batches are written as usual.
    async fn read_guarded<S: PageSource>(
        &mut self,
        source: &mut S,
    ) -> Result<Option<Stop>, JournalError> {
        let mut items: Vec<Item> = Vec::new();
        let mut page_no = 0u64;
        loop {
            page_no += 1;
            match source.next_page().await {
                Ok(Some(page)) => {
                    for record in page {
                        let item = self.prepare(record);
                        items.push(item);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading page {page_no} of the source failed: {e}"
                    ))))
                }
            }
        }
        let size = self.plan.batch_size.max(1);
        for chunk in items.chunks_mut(size) {
            if self.ctx.cancel.is_cancelled() {
                return Ok(Some(Stop::cancelled()));
            }
            if let Some(stop) = self.read_current(chunk).await? {
                return Ok(Some(stop));
            }
        }
        if self.guard_found > 0 {
            for item in items.iter_mut().filter(|i| i.send) {
                item.send = false;
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
        let mut rest = items.into_iter();
        loop {
            let batch: Vec<Item> = rest.by_ref().take(size).collect();
            if batch.is_empty() {
                return Ok(None);
            }
            if let Some(stop) = self.flush(batch).await? {
                return Ok(Some(stop));
            }
        }
    }

    /// Resolves inserts an earlier run journaled but never saw the outcome of: those found
    /// by external ID landed; the others are sent again. Their keys are then not inserted
    /// again when the source delivers them in this run.
    async fn resolve_pending(&mut self) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        if plan.operation != WriteOp::Insert || self.ctx.dry_run {
            return Ok(None);
        }
        let pending = self.journal.pending_list(&plan.name).await?;
        if pending.is_empty() {
            return Ok(None);
        }
        let object = plan.object.as_str();
        let mut landed = std::collections::HashMap::new();
        if let Some(ext) = plan.external_id.as_deref() {
            let values: Vec<String> = pending
                .iter()
                .filter_map(|p| {
                    p.record
                        .as_object()
                        .and_then(|m| field_of(m, ext))
                        .and_then(value_text)
                })
                .collect();
            match self.target.lookup_ids(object, ext, &values).await {
                Ok(ids) => {
                    for p in &pending {
                        let v = p
                            .record
                            .as_object()
                            .and_then(|m| field_of(m, ext))
                            .and_then(value_text);
                        if let Some(id) = v.and_then(|v| ids.get(&v)) {
                            landed.insert(p.source_key.clone(), id.clone());
                        }
                    }
                }
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "checking whether {} inserts of an interrupted run landed failed: {}",
                        pending.len(),
                        target_error_text(&e)
                    ))))
                }
            }
        }
        for chunk in pending.chunks(plan.batch_size) {
            let mut items: Vec<Item> = chunk
                .iter()
                .map(|p| {
                    self.counts.read += 1;
                    let id = landed.get(&p.source_key).cloned();
                    Item {
                        result: RecordResult {
                            seq: self.next_seq(),
                            source_key: Some(p.source_key.clone()),
                            target_id: id.clone(),
                            action: Action::Inserted,
                            error_code: None,
                            error_message: Some(if id.is_some() {
                                "inserted by an interrupted earlier run (found by external ID)".to_string()
                            } else {
                                "sent again: an interrupted earlier run journaled this insert but never saw its outcome".to_string()
                            }),
                            source: Value::Null,
                            mapped: Some(p.record.clone()),
                        },
                        send: id.is_none(),
                        pos: None,
                        current: None,
                        read: false,
                    }
                })
                .collect();
            if let Some(stop) = self.flush_pending(&mut items).await? {
                return Ok(Some(stop));
            }
            let keys: Vec<String> = chunk.iter().map(|p| p.source_key.clone()).collect();
            self.record(&mut items).await?;
            self.journal.journal_done(&plan.name, &keys).await?;
            self.resolved.extend(keys);
        }
        Ok(None)
    }

    async fn flush_pending(&mut self, items: &mut [Item]) -> Result<Option<Stop>, JournalError> {
        if self.ctx.cancel.is_cancelled() {
            return Ok(Some(Stop::cancelled()));
        }
        let records: Vec<Value> = items
            .iter()
            .filter(|i| i.send)
            .map(|i| i.result.mapped.clone().unwrap_or(Value::Null))
            .collect();
        if records.is_empty() {
            return Ok(None);
        }
        if let Some(stop) = self.quota_stop() {
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

fn key_name(plan: &ImportPlan) -> String {
    match &plan.key {
        KeySource::Path(_) => "keyPath found nothing".into(),
        KeySource::Mapped(f) => format!("{f} is empty"),
        KeySource::None => "no key configured".into(),
    }
}

/// The external ID value an item is looked up by.
fn lookup_key(item: &Item, plan: &ImportPlan) -> Option<String> {
    let ext = plan.external_id.as_deref()?;
    match &plan.key {
        KeySource::Mapped(f) if f.eq_ignore_ascii_case(ext) => item.result.source_key.clone(),
        _ => item
            .result
            .mapped
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|m| field_of(m, ext))
            .and_then(value_text)
            .or_else(|| item.result.source_key.clone()),
    }
}

fn apply_outcome(result: &mut RecordResult, op: WriteOp, outcome: WriteOutcome) {
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

fn target_error_text(e: &crate::connect::TargetError) -> String {
    match &e.code {
        Some(code) => format!("{code}: {}", e.message),
        None => e.message.clone(),
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
