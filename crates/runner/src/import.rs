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
//!
//! This file holds the run itself (opening, reading pages, batches, results, checkpoints);
//! `record` prepares one record, `send` writes a batch, `pending` resolves the insert
//! journal, and the guard's part lives in [`crate::guard`].

use crate::connect::{PageSource, SalesforceTarget, SourceError, WriteOp};
use crate::guard::GuardMode;
use crate::journal::{Checkpoint, Counts, JournalError, RecordResult, RunId, RunJournal, RunKind};
use crate::options::ImportPlan;
use crate::run::{
    open_run, quota_stop, record_results, Opening, RunCtx, RunEvent, RunOutcome, Stop,
};
use crate::window::{compare_positions, Window};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::HashSet;

mod deletes;
mod lookups;
mod matching;
mod pending;
mod record;
mod send;

pub use deletes::HARD_DELETED;
pub use matching::{DUPLICATE_SOURCE_KEY, MULTIPLE_MATCHES};

pub(crate) use record::{failed, Item};

pub(crate) use send::target_error_text;

pub use crate::guard::GUARD_BLOCKED;

/// Code of a record whose key found no record to update or delete.
pub const NOT_FOUND: &str = "NOT_FOUND";
/// Code of a record without the key its operation needs.
pub const MISSING_KEY: &str = "MISSING_KEY";

/// One import run under way: what it reads and writes to, and what it has done so far.
pub(crate) struct ImportRun<'a, T, J> {
    pub plan: &'a ImportPlan,
    pub target: &'a T,
    pub journal: &'a J,
    pub ctx: &'a RunCtx<'a>,
    pub run: RunId,
    pub window: &'a Window,
    pub start_checkpoint: Option<&'a Checkpoint>,
    pub counts: Counts,
    pub seq: u64,
    /// Keys resolved from the insert journal this run: their records are not inserted again.
    pub resolved: HashSet<String>,
    /// The furthest (cursor, tie) read so far, and whether reads came in that order.
    pub furthest: Option<(String, Option<String>)>,
    pub ordered: bool,
    pub checkpoint: Option<Checkpoint>,
    /// Keys of the batch's inserts Salesforce answered, to clear from the insert journal.
    pub answered_inserts: Vec<String>,
    /// Fields the Day-Zero guard found so far, and the first few as text.
    pub guard_found: usize,
    pub guard_lines: Vec<String>,
    /// `matchOn` keys read so far this run, with the first record's sequence number.
    pub match_seen: std::collections::HashMap<String, u64>,
    /// Parents looked up by a field this run, by (lookup, value in lower case).
    pub lookup_cache: std::collections::HashMap<(usize, String), lookups::Found>,
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
    let inc = plan.incremental.as_ref();
    let opened = open_run(
        journal,
        ctx,
        Opening {
            option: &plan.name,
            kind: RunKind::Import,
            operation: Some(plan.operation),
            incremental: inc.is_some(),
            lookback: inc.map_or(jiff::SignedDuration::ZERO, |i| i.lookback),
            initial_since: inc.and_then(|i| i.initial_since.as_deref()),
            format: inc.map(|i| i.format).unwrap_or_default(),
            api_usage: target.api_usage(),
        },
    )
    .await?;
    let mut state = ImportRun {
        plan,
        target,
        journal,
        ctx,
        run: opened.run,
        window: &opened.window,
        checkpoint: opened.checkpoint.clone(),
        start_checkpoint: opened.checkpoint.as_ref(),
        counts: Counts::default(),
        seq: 0,
        resolved: HashSet::new(),
        furthest: None,
        ordered: true,
        answered_inserts: Vec::new(),
        guard_found: 0,
        guard_lines: Vec::new(),
        match_seen: Default::default(),
        lookup_cache: Default::default(),
    };
    let stop = match state.resolve_pending().await? {
        Some(stop) => Some(stop),
        None => {
            let mut source = open(state.window);
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
    let end = match stop {
        Some(stop) => Err(stop),
        None => {
            state.finish_checkpoint().await?;
            Ok(state.guard_note())
        }
    };
    let (counts, checkpoint) = (state.counts, state.checkpoint);
    opened
        .finish(journal, ctx, end, counts, checkpoint, target.api_usage())
        .await
}

/// A page of the source: records, or (after them) records it lists as deleted.
pub struct SourcePage {
    /// The page's records.
    pub records: Vec<Value>,
    /// They are records the source lists as deleted (its `deletions` endpoint).
    pub deleted: bool,
}

/// The source's next page: its records, then, with `deletions`, the records it lists as
/// deleted (`listing` is set once those are being read). The one walk runs and the diff
/// read a source by.
pub async fn next_page_of<S: PageSource>(
    source: &mut S,
    deletions: bool,
    listing: &mut bool,
) -> Result<Option<SourcePage>, SourceError> {
    if !*listing {
        if let Some(records) = source.next_page().await? {
            return Ok(Some(SourcePage {
                records,
                deleted: false,
            }));
        }
        if !deletions {
            return Ok(None);
        }
        *listing = true;
    }
    Ok(source.next_deletions().await?.map(|records| SourcePage {
        records,
        deleted: true,
    }))
}

/// How a failed read names the deletions endpoint's pages.
pub fn deletions_said(listing: bool) -> &'static str {
    if listing {
        "'s deletions"
    } else {
        ""
    }
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
        let deletions = self.plan.deletions;
        let mut listing = false;
        let mut next = next_page_of(source, deletions, &mut listing).await;
        loop {
            page_no += 1;
            let page = match next {
                Ok(Some(page)) => page,
                Ok(None) => break,
                Err(e) => {
                    // What was read before the failure is still written (a read-ahead can
                    // hold several batches), so the next run starts after it.
                    if !batch.is_empty() {
                        if let Some(stop) = self.flush_group(std::mem::take(&mut batch)).await? {
                            return Ok(Some(stop));
                        }
                    }
                    return Ok(Some(Stop::failed(format!(
                        "reading page {page_no} of the source{} failed: {e}",
                        deletions_said(listing)
                    ))));
                }
            };
            // The next page is read while this one is mapped and written, so the source's
            // latency hides behind the org's. A page read ahead of a stop is dropped unused:
            // its records were never counted, and the checkpoint never passed them.
            let (stopped, fetched) = futures_util::future::join(
                self.write_page(page, &mut batch),
                next_page_of(source, deletions, &mut listing),
            )
            .await;
            if let Some(stop) = stopped? {
                return Ok(Some(stop));
            }
            next = fetched;
        }
        if !batch.is_empty() {
            return self.flush_group(batch).await;
        }
        Ok(None)
    }

    /// Prepares a page's records into `pending`, writing them whenever a read group (one
    /// batch, or the target's read-ahead) is full.
    async fn write_page(
        &mut self,
        page: SourcePage,
        pending: &mut Vec<Item>,
    ) -> Result<Option<Stop>, JournalError> {
        let group = self.read_group();
        for record in page.records {
            pending.push(if page.deleted {
                self.prepare_deletion(record)
            } else {
                self.prepare(record)
            });
            if pending.len() >= group {
                if let Some(stop) = self.flush_group(std::mem::take(pending)).await? {
                    return Ok(Some(stop));
                }
            }
        }
        Ok(None)
    }

    /// Writes a read group: its records are read from the org in one go when it spans
    /// more than one batch, then written batch by batch.
    async fn flush_group(&mut self, mut items: Vec<Item>) -> Result<Option<Stop>, JournalError> {
        let size = self.plan.batch_size.max(1);
        if !self.plan.lookups.is_empty() {
            if let Some(stop) = self.resolve_lookups(&mut items).await? {
                return Ok(Some(stop));
            }
        }
        if items.len() > size && self.reads_first() && items.iter().any(|i| i.send && !i.read) {
            if self.ctx.cancel.is_cancelled() {
                return Ok(Some(Stop::cancelled()));
            }
            if let Some(stop) = quota_stop(self.target.api_usage(), self.plan.quota_share) {
                return Ok(Some(stop));
            }
            if let Some(stop) = self.read_current(&mut items).await? {
                return Ok(Some(stop));
            }
        }
        self.flush_batches(items).await
    }

    /// Writes `items` batch by batch, in order, until the end or a stop.
    pub(crate) async fn flush_batches(
        &mut self,
        items: Vec<Item>,
    ) -> Result<Option<Stop>, JournalError> {
        let size = self.plan.batch_size.max(1);
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

    /// Sends one batch's records, records every result, then advances the checkpoint.
    pub(crate) async fn flush(
        &mut self,
        mut items: Vec<Item>,
    ) -> Result<Option<Stop>, JournalError> {
        if self.ctx.cancel.is_cancelled() {
            return Ok(Some(Stop::cancelled()));
        }
        if !self.plan.lookups.is_empty() && items.iter().any(|i| i.send) {
            // Already done for a read-ahead group: a resolved record holds no relationship.
            if let Some(stop) = self.resolve_lookups(&mut items).await? {
                return Ok(Some(stop));
            }
        }
        if items.iter().any(|i| i.delete) {
            if let Some(stop) = quota_stop(self.target.api_usage(), self.plan.quota_share) {
                return Ok(Some(stop));
            }
            if let Some(stop) = self.send_deletes(&mut items).await? {
                return Ok(Some(stop));
            }
        }
        if items.iter().any(|i| i.send) {
            if let Some(stop) = quota_stop(self.target.api_usage(), self.plan.quota_share) {
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

    /// Records the items' results, moving them out (a batch's source and mapped records are
    /// not copied again; only `pos` is read afterwards).
    pub(crate) async fn record(&mut self, items: &mut [Item]) -> Result<(), JournalError> {
        let results: Vec<RecordResult> = items
            .iter_mut()
            .map(|i| {
                let placeholder = RecordResult::new(i.result.seq, i.result.action);
                std::mem::replace(&mut i.result, placeholder)
            })
            .collect();
        record_results(self.journal, self.run, &mut self.counts, &results).await
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
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
