//! Walking the run graph of a command: independent options run at the same time (up to
//! the parallelism), an option starts once every parent succeeded, and the children of a
//! parent that did not are recorded as `skipped` with the parent's name. An option whose
//! mapping links records of its own object (`Account.ParentId` by `External_Id__c`) loads
//! in two passes: the records without those links, then an upsert of only the key and the
//! links over the same records, so a child can point at a parent loaded in the same run.

use crate::runs::{run_one, Prepared, Ready, StoreJournal, WireError, Work, WorkspaceRuns};
use futures_util::stream::{FuturesUnordered, StreamExt};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use synccentral_engine::{Describe, MappingIssue};
use synccentral_net::Egress;
use synccentral_runner::connect::{PageSource, SourceError};
use synccentral_runner::graph::{skipped_message, Dispatch, Step};
use synccentral_runner::import::run_import;
use synccentral_runner::journal::{Counts, RunEnd, RunJournal, RunKind, RunStart, RunStatus};
use synccentral_runner::options::{validate_import, ImportPlan};
use synccentral_runner::order::OrderItem;
use synccentral_runner::run::{RunCtx, RunEvent, RunOutcome};
use synccentral_runner::window::Window;
use synccentral_store::config as cfg;
use synccentral_store::SyncOption;

/// Setting: how many independent options run at once (default [`DEFAULT_PARALLEL`]).
pub const RUNS_PARALLEL: &str = "runs.parallel";
/// Options run at once when neither `--parallel` nor `runs.parallel` says.
pub const DEFAULT_PARALLEL: usize = 2;

/// The workspace's `runs.parallel` (at least 1), else [`DEFAULT_PARALLEL`].
pub fn parallel_setting(journal: &StoreJournal) -> usize {
    journal
        .workspace()
        .setting(RUNS_PARALLEL)
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(DEFAULT_PARALLEL)
        .max(1)
}

fn mapping_references(mapping: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in mapping["fields"].as_array().into_iter().flatten() {
        for t in f["transforms"].as_array().into_iter().flatten() {
            if let Some(object) = t["reference"]["object"].as_str() {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(object)) {
                    out.push(object.to_string());
                }
            }
        }
    }
    out
}

/// An option as the graph sees it, from the stored configuration alone (no describe).
pub fn order_item(option: &SyncOption) -> OrderItem {
    match option {
        SyncOption::Import(o) => OrderItem {
            name: o.name.clone(),
            object: o.target.object.clone(),
            references: mapping_references(&o.mapping),
            order: Some(i32::try_from(o.order).unwrap_or(i32::MAX)),
        },
        SyncOption::Export(o) => OrderItem {
            name: o.name.clone(),
            object: o.source.object.clone(),
            references: Vec::new(),
            order: Some(i32::try_from(o.order).unwrap_or(i32::MAX)),
        },
    }
}

fn is_self_link(field: &Value, object: &str) -> bool {
    field["transforms"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|t| {
            t["reference"]["object"]
                .as_str()
                .is_some_and(|o| o.eq_ignore_ascii_case(object))
        })
}

/// The name under which the links pass of `option` is recorded.
pub fn links_name(option: &str) -> String {
    format!("{option}:links")
}

/// For an upsert whose mapping links records of its own object, the second pass's plan:
/// the external ID's field (or the `matchOn` fields) and the self links, not incremental
/// (it runs over the records the first pass read). `None` when the option has no self link
/// or is not an upsert by external ID or `matchOn` (then it loads in one pass).
pub fn links_plan(
    o: &cfg::ImportOption,
    describe: &Describe,
) -> Result<Option<ImportPlan>, Vec<MappingIssue>> {
    let fields = o.mapping["fields"].as_array().cloned().unwrap_or_default();
    let object = &o.target.object;
    if !fields.iter().any(|f| is_self_link(f, object)) {
        return Ok(None);
    }
    // The records are found again by their external ID, or by the `matchOn` fields.
    let keys: Vec<String> = match &o.target.external_id {
        Some(ext) => vec![ext.clone()],
        None => o.target.match_on.clone(),
    };
    if keys.is_empty() || o.target.operation != cfg::WriteOperation::Upsert {
        return Ok(None);
    }
    let keep: Vec<Value> = fields
        .iter()
        .filter(|f| {
            is_self_link(f, object)
                || f["target"]
                    .as_str()
                    .is_some_and(|t| keys.iter().any(|k| t.eq_ignore_ascii_case(k)))
        })
        .cloned()
        .collect();
    let mut links = o.clone();
    links.mapping["fields"] = Value::Array(keep);
    links.name = links_name(&o.name);
    links.incremental = None;
    validate_import(&links, describe).map(Some)
}

/// The first pass's mapping of an option loaded in two passes (see [`links_plan`]): the
/// stored one without the self-link fields.
pub fn records_mapping(o: &cfg::ImportOption) -> Option<Value> {
    let fields = o.mapping["fields"].as_array()?;
    if !fields.iter().any(|f| is_self_link(f, &o.target.object))
        || (o.target.external_id.is_none() && o.target.match_on.is_empty())
        || o.target.operation != cfg::WriteOperation::Upsert
    {
        return None;
    }
    let mut mapping = o.mapping.clone();
    mapping["fields"] = Value::Array(
        fields
            .iter()
            .filter(|f| !is_self_link(f, &o.target.object))
            .cloned()
            .collect(),
    );
    Some(mapping)
}

/// A page source that keeps a copy of every record it hands out (for the links pass).
struct Tee<S> {
    inner: S,
    seen: Arc<Mutex<Vec<Value>>>,
}

impl<S: PageSource> PageSource for Tee<S> {
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        let page = self.inner.next_page().await?;
        if let Some(records) = &page {
            self.seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(records.iter().cloned());
        }
        Ok(page)
    }

    /// The deletions pass through unseen: the links pass writes no deleted record.
    async fn next_deletions(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        self.inner.next_deletions().await
    }
}

/// Runs one option of the graph: one run, or the records pass then the links pass; over
/// `records` (pushed to the endpoint) instead of the source when given. Then mails the
/// run log when the option's `notify` asks for it.
pub(crate) async fn run_node(
    journal: &StoreJournal,
    egress: &Egress,
    prepared: &Prepared,
    records: Option<Vec<Value>>,
    ctx: &RunCtx<'_>,
) -> Result<Vec<RunOutcome>, WireError> {
    let mut outcomes = run_passes(journal, egress, prepared, records, ctx).await?;
    crate::orchestration::mail::after_runs(journal, &mut outcomes).await;
    Ok(outcomes)
}

async fn run_passes(
    journal: &StoreJournal,
    egress: &Egress,
    prepared: &Prepared,
    records: Option<Vec<Value>>,
    ctx: &RunCtx<'_>,
) -> Result<Vec<RunOutcome>, WireError> {
    let Work::Import {
        plan,
        links: Some(links),
        source,
        target,
    } = &prepared.work
    else {
        return Ok(vec![
            run_one(journal, egress, prepared, records, ctx).await?,
        ]);
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let open = |w: &Window| Tee {
        inner: match records {
            Some(r) => crate::runs::source::records(r),
            None => source.open(plan, w, egress),
        },
        seen: seen.clone(),
    };
    let first = run_import(plan, open, target, journal, ctx).await?;
    if first.status != RunStatus::Succeeded {
        return Ok(vec![first]);
    }
    // Records the first pass could not load get no links (they would fail again).
    let failed: Vec<Value> = journal
        .workspace()
        .failed_records(synccentral_store::RunId(first.run.0))
        .map_err(|e| {
            WireError::Journal(synccentral_runner::JournalError::new(format!(
                "workspace: {e}"
            )))
        })?
        .into_iter()
        .filter_map(|r| r.source)
        .collect();
    let records: Vec<Value> = std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()))
        .into_iter()
        .filter(|r| !failed.contains(r))
        .collect();
    let open = |_: &Window| crate::runs::source::records(records);
    let second = run_import(links, open, target, journal, ctx).await?;
    Ok(vec![first, second])
}

/// Records a run that did not happen because `parent` did not succeed.
async fn record_skip(
    journal: &StoreJournal,
    option: &str,
    kind: RunKind,
    parent: &str,
    ctx: &RunCtx<'_>,
) -> Result<RunOutcome, WireError> {
    let now = ctx.clock.now();
    let message = skipped_message(parent);
    let run = journal
        .begin_run(&RunStart {
            option: option.to_string(),
            kind,
            operation: None,
            dry_run: ctx.dry_run,
            started_at: now,
            since: None,
            until: None,
        })
        .await?;
    journal
        .finish_run(
            run,
            &RunEnd {
                status: RunStatus::Skipped,
                counts: Counts::default(),
                message: Some(message.clone()),
                finished_at: now,
                api_calls: None,
            },
        )
        .await?;
    (ctx.events)(&RunEvent::Finished {
        option: option.to_string(),
        status: RunStatus::Skipped,
        counts: Counts::default(),
        message: Some(message.clone()),
    });
    Ok(RunOutcome {
        run,
        option: option.to_string(),
        status: RunStatus::Skipped,
        counts: Counts::default(),
        message: Some(message),
        checkpoint: None,
        window: Window {
            since: None,
            until: now.to_string(),
        },
        duration_ms: 0,
        warnings: Vec::new(),
        api_calls: None,
    })
}

/// Walks `ready`'s graph, `parallel` options at a time.
pub(super) async fn run_graph(
    journal: &StoreJournal,
    ready: &Ready,
    parallel: usize,
    ctx: &RunCtx<'_>,
) -> Result<WorkspaceRuns, WireError> {
    let mut dispatch = Dispatch::new(&ready.graph, parallel);
    // Outcomes by node, so the summary lists runs in graph order whatever finished first.
    let mut done: Vec<Vec<RunOutcome>> = vec![Vec::new(); ready.options.len()];
    let mut running = FuturesUnordered::new();
    loop {
        if ctx.cancel.is_cancelled() {
            dispatch.stop();
        }
        for step in dispatch.steps() {
            match step {
                Step::Start(i) => {
                    let prepared = &ready.options[i];
                    running.push(async move {
                        (
                            i,
                            run_node(journal, &ready.egress, prepared, None, ctx).await,
                        )
                    });
                }
                Step::Skip { node, parent } => {
                    let p = &ready.options[node];
                    let kind = match p.work {
                        Work::Import { .. } => RunKind::Import,
                        Work::Export { .. } => RunKind::Export,
                    };
                    done[node] = vec![record_skip(journal, &p.name, kind, &parent, ctx).await?];
                    crate::orchestration::mail::after_runs(journal, &mut done[node]).await;
                }
            }
        }
        let Some((i, result)) = running.next().await else {
            break;
        };
        let outcomes = result?;
        // A run that went through with some failed records still lets its children run:
        // their records pointing at a failed parent fail on their own, with the reason.
        dispatch.finished(i, outcomes.iter().all(|o| o.status == RunStatus::Succeeded));
        done[i] = outcomes;
    }
    let mut out = WorkspaceRuns::default();
    for outcome in done.into_iter().flatten() {
        out.summary.push(&outcome);
        out.outcomes.push(outcome);
    }
    Ok(out)
}
