//! The export pipeline: a SOQL query built from the mapping's source fields, the option's
//! `where` and the incremental filter → pages of Salesforce records → mapping → batches sent
//! to a sink → one result per record (with the API's status and body when it refused one)
//! → the checkpoint (`SystemModstamp`, `Id`), saved after each batch's results.

use crate::connect::{PageSource, RecordSink, SendOutcome, SoqlSource};
use crate::journal::{Action, Checkpoint, Counts, JournalError, RecordResult, RunJournal, RunKind};
use crate::options::{ExportPlan, IncrementalPlan, OrgRead};
use crate::run::{
    mapped_records, open_run, quota_stop, record_results, skip_if_done, Opening, RunCtx, RunEvent,
    RunOutcome, Stop,
};
use crate::window::{parse_instant, value_text, Window};
use serde_json::Value;

/// The cursor field of exports.
pub const CURSOR_FIELD: &str = "SystemModstamp";
/// Code of a record the sink refused without an HTTP status.
pub const SEND_FAILED: &str = "SEND_FAILED";

/// A SOQL string literal (`'O\'Brien'`).
fn soql_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A SOQL datetime literal (`2024-05-01T10:00:00Z`); text that is not an instant is quoted
/// so the query fails loudly instead of filtering on something else.
fn soql_datetime(s: &str) -> String {
    match parse_instant(s) {
        Some(ts) => ts.to_string(),
        None => soql_string(s),
    }
}

/// The export's query. `Id` and `SystemModstamp` are always selected (they are the
/// checkpoint); the mapping's source fields follow (`Account.Name` as a relationship field).
/// An incremental query resumes after the checkpoint with `Id` breaking ties:
/// `(SystemModstamp > X OR (SystemModstamp = X AND Id > 'tie'))`; with a lookback (or on a
/// first run with `initialSince`) it reads from the window's start instead:
/// `SystemModstamp >= since`. Incremental queries are ordered by `SystemModstamp, Id`.
pub fn build_soql(plan: &ExportPlan, checkpoint: Option<&Checkpoint>, window: &Window) -> Soql {
    let incremental = plan.lookback.map(|lookback| {
        // Without a lookback, resume exactly after the checkpoint's (cursor, tie).
        checkpoint.filter(|_| lookback.is_zero())
    });
    query_soql(
        &plan.object,
        plan.where_clause.as_deref(),
        &plan.fields,
        incremental,
        window,
    )
}

/// The query of an import reading another org: as an export's, from the window's start
/// (the import skips what it already did, ties included).
pub fn org_read_soql(
    read: &OrgRead,
    incremental: Option<&IncrementalPlan>,
    window: &Window,
) -> Soql {
    let mut fields = read.fields.clone();
    if read.include_deleted && !fields.iter().any(|f| f.eq_ignore_ascii_case("IsDeleted")) {
        fields.push("IsDeleted".into());
    }
    query_soql(
        &read.object,
        read.where_clause.as_deref(),
        &fields,
        // From the window's start: it is the checkpoint less the lookback.
        incremental.map(|_| None),
        window,
    )
}

/// A query for an org: its text, and the `SELECT COUNT()` of the same records, which a
/// source reads first when it picks REST or Bulk API 2.0 by volume (`api: auto`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Soql {
    /// The query.
    pub text: String,
    /// `SELECT COUNT()` with the query's `WHERE`.
    pub count: String,
}

impl std::fmt::Display for Soql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `incremental`: `None` reads everything; `Some(Some(cp))` resumes after the checkpoint,
/// `Some(None)` reads from the window's start; both ordered by the cursor, then `Id`.
fn query_soql(
    object: &str,
    where_clause: Option<&str>,
    mapped: &[String],
    incremental: Option<Option<&Checkpoint>>,
    window: &Window,
) -> Soql {
    let mut fields: Vec<&str> = vec!["Id", CURSOR_FIELD];
    for f in mapped {
        if !fields.iter().any(|x| x.eq_ignore_ascii_case(f)) {
            fields.push(f);
        }
    }
    let mut soql = format!("SELECT {} FROM {}", fields.join(", "), object);
    let mut count = format!("SELECT COUNT() FROM {object}");
    let mut conditions: Vec<String> = Vec::new();
    if let Some(w) = where_clause {
        conditions.push(format!("({})", w.trim()));
    }
    if let Some(resume) = incremental {
        match (resume, &window.since) {
            (Some(cp), _) => {
                let x = soql_datetime(&cp.cursor_value);
                conditions.push(match &cp.tie_id {
                    Some(tie) => format!(
                        "({CURSOR_FIELD} > {x} OR ({CURSOR_FIELD} = {x} AND Id > {}))",
                        soql_string(tie)
                    ),
                    None => format!("{CURSOR_FIELD} >= {x}"),
                });
            }
            (None, Some(since)) => {
                conditions.push(format!("{CURSOR_FIELD} >= {}", soql_datetime(since)))
            }
            (None, None) => {}
        }
    }
    if !conditions.is_empty() {
        let filter = format!(" WHERE {}", conditions.join(" AND "));
        soql.push_str(&filter);
        count.push_str(&filter);
    }
    if incremental.is_some() {
        soql.push_str(&format!(" ORDER BY {CURSOR_FIELD}, Id"));
    }
    Soql { text: soql, count }
}

struct Item {
    result: RecordResult,
    send: bool,
    pos: Option<(String, Option<String>)>,
}

/// Runs one export option: queries `salesforce`, maps each record, sends batches to `sink`,
/// records everything in `journal`. Query and sink failures end the run as `failed`; `Err`
/// only when the journal fails.
pub async fn run_export<Q, K, J>(
    plan: &ExportPlan,
    salesforce: &Q,
    sink: &K,
    journal: &J,
    ctx: &RunCtx<'_>,
) -> Result<RunOutcome, JournalError>
where
    Q: SoqlSource,
    K: RecordSink,
    J: RunJournal,
{
    let opened = open_run(
        journal,
        ctx,
        Opening {
            option: &plan.name,
            kind: RunKind::Export,
            operation: None,
            incremental: plan.lookback.is_some(),
            lookback: plan.lookback.unwrap_or(jiff::SignedDuration::ZERO),
            initial_since: plan.initial_since.as_deref(),
            format: synccentral_model::CursorFormat::Rfc3339,
            api_usage: salesforce.api_usage(),
        },
    )
    .await?;
    let soql = build_soql(plan, opened.checkpoint.as_ref(), &opened.window);
    let mut state = ExportRun {
        plan,
        sink,
        journal,
        ctx,
        run: opened.run,
        counts: Counts::default(),
        seq: 0,
        checkpoint: opened.checkpoint.clone(),
        start_checkpoint: opened.checkpoint.as_ref(),
        window: &opened.window,
    };
    let end = match salesforce.query(&soql).await {
        Err(e) => Err(Stop::failed(format!(
            "the query failed: {e} (SOQL: {soql})"
        ))),
        Ok(mut pages) => match state.read_all(&mut pages, salesforce).await? {
            Some(stop) => Err(stop),
            None => Ok(None),
        },
    };
    let (counts, checkpoint) = (state.counts, state.checkpoint);
    opened
        .finish(
            journal,
            ctx,
            end,
            counts,
            checkpoint,
            salesforce.api_usage(),
        )
        .await
}

struct ExportRun<'a, K, J> {
    plan: &'a ExportPlan,
    sink: &'a K,
    journal: &'a J,
    ctx: &'a RunCtx<'a>,
    run: crate::journal::RunId,
    counts: Counts,
    seq: u64,
    checkpoint: Option<Checkpoint>,
    start_checkpoint: Option<&'a Checkpoint>,
    window: &'a Window,
}

impl<K: RecordSink, J: RunJournal> ExportRun<'_, K, J> {
    async fn read_all<P: PageSource, Q: SoqlSource>(
        &mut self,
        pages: &mut P,
        salesforce: &Q,
    ) -> Result<Option<Stop>, JournalError> {
        let mut batch = Vec::new();
        let mut page_no = 0u64;
        loop {
            page_no += 1;
            let page = match pages.next_page().await {
                Ok(Some(p)) => p,
                Ok(None) => break,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading page {page_no} of the query failed: {e}"
                    ))))
                }
            };
            for record in page {
                batch.push(self.prepare(record));
                if batch.len() >= self.plan.batch_size {
                    if let Some(stop) = self.flush(std::mem::take(&mut batch), salesforce).await? {
                        return Ok(Some(stop));
                    }
                }
            }
        }
        if batch.is_empty() {
            return Ok(None);
        }
        self.flush(batch, salesforce).await
    }

    fn prepare(&mut self, source: Value) -> Item {
        self.counts.read += 1;
        self.seq += 1;
        let id = source.get("Id").and_then(value_text);
        let pos = self.plan.lookback.and_then(|_| {
            let cursor = source.get(CURSOR_FIELD).and_then(value_text)?;
            Some((cursor, id.clone()))
        });
        let mapped = self.plan.mapping.apply(&source, None);
        let mut item = Item {
            result: RecordResult {
                source_key: id,
                source: Some(source),
                mapped: Some(Value::Object(mapped.fields)),
                ..RecordResult::new(self.seq, Action::Failed)
            },
            send: false,
            pos,
        };
        if skip_if_done(
            &mut item.result,
            &item.pos,
            self.window,
            self.start_checkpoint,
        ) {
            return item;
        }
        if let Some(first) = mapped.errors.first() {
            item.result.error_code = Some(first.code.as_str().to_string());
            item.result.error_message = Some(
                mapped
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            return item;
        }
        item.send = true;
        item
    }

    async fn flush<Q: SoqlSource>(
        &mut self,
        mut items: Vec<Item>,
        salesforce: &Q,
    ) -> Result<Option<Stop>, JournalError> {
        if self.ctx.cancel.is_cancelled() {
            return Ok(Some(Stop::cancelled()));
        }
        let records = mapped_records(items.iter().filter(|i| i.send).map(|i| &i.result));
        if !records.is_empty() {
            if let Some(stop) = quota_stop(salesforce.api_usage(), self.plan.quota_share) {
                return Ok(Some(stop));
            }
            if self.ctx.dry_run {
                for item in items.iter_mut().filter(|i| i.send) {
                    item.result.action = Action::WouldSend;
                }
            } else {
                let n = records.len();
                let outcomes = match self.sink.send(records).await {
                    Ok(o) if o.len() == n => o,
                    Ok(o) => {
                        return Ok(Some(Stop::failed(format!(
                            "the sink answered {} outcomes for a batch of {n} records; the batch has no result and will be read again by the next run",
                            o.len()
                        ))))
                    }
                    Err(e) => {
                        return Ok(Some(Stop::failed(format!(
                            "sending a batch of {n} records failed: {e}; the batch has no result and will be read again by the next run"
                        ))))
                    }
                };
                for (item, outcome) in items.iter_mut().filter(|i| i.send).zip(outcomes) {
                    apply_outcome(&mut item.result, outcome);
                }
            }
        }
        let results: Vec<RecordResult> = items.iter().map(|i| i.result.clone()).collect();
        record_results(self.journal, self.run, &mut self.counts, &results).await?;
        if !self.ctx.dry_run {
            if let Some((cursor, tie)) = items.iter().rev().find_map(|i| i.pos.clone()) {
                let cp = Checkpoint {
                    cursor_value: cursor,
                    tie_id: tie,
                };
                self.journal.save_checkpoint(&self.plan.name, &cp).await?;
                self.checkpoint = Some(cp);
            }
        }
        (self.ctx.events)(&RunEvent::Progress {
            option: self.plan.name.clone(),
            counts: self.counts,
        });
        Ok(None)
    }
}

fn apply_outcome(result: &mut RecordResult, outcome: SendOutcome) {
    if outcome.ok {
        result.action = Action::Sent;
        result.target_id = outcome.id;
        return;
    }
    result.action = Action::Failed;
    let body = outcome.body.unwrap_or_default();
    match outcome.status {
        Some(status) => {
            result.error_code = Some(format!("HTTP_{status}"));
            result.error_message = Some(if body.is_empty() {
                format!("the API answered {status}")
            } else {
                format!("the API answered {status}: {body}")
            });
        }
        None => {
            result.error_code = Some(SEND_FAILED.into());
            result.error_message = Some(if body.is_empty() {
                "the API refused the record".into()
            } else {
                body
            });
        }
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
