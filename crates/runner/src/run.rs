//! What every pipeline shares: the run's context (clock, cancellation, dry run, events),
//! the events it emits, and the outcome it returns; opening a run (journal, checkpoint,
//! window, `Started`) and finishing it (journal, `Finished`, outcome), the quota check
//! before a batch, and recording a batch's results.

use crate::connect::{CancelToken, Clock, WriteOp};
use crate::journal::{
    Action, ApiCalls, Checkpoint, Counts, JournalError, RecordResult, RunEnd, RunId, RunJournal,
    RunKind, RunStart, RunStatus,
};
use crate::window::{already_done, Window};
use serde::Serialize;

/// What a run reports while it goes; the host maps these to UI events or progress bars.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum RunEvent {
    /// The run began with this window.
    #[serde(rename_all = "camelCase")]
    Started {
        /// The option.
        option: String,
        /// The window's start.
        since: Option<String>,
        /// The window's end.
        until: String,
    },
    /// A batch's results were recorded; the counts so far.
    #[serde(rename_all = "camelCase")]
    Progress {
        /// The option.
        option: String,
        /// The counts so far.
        counts: Counts,
    },
    /// The run ended.
    #[serde(rename_all = "camelCase")]
    Finished {
        /// The option.
        option: String,
        /// How it ended.
        status: RunStatus,
        /// The final counts.
        counts: Counts,
        /// Why it failed or stopped.
        message: Option<String>,
    },
}

/// How a run is carried out, beyond its option.
pub struct RunCtx<'a> {
    /// Where "now" comes from (the window's end, the run's duration).
    pub clock: &'a dyn Clock,
    /// Checked before each batch.
    pub cancel: &'a CancelToken,
    /// Do everything except writes (lookups still happen) and save no checkpoint.
    pub dry_run: bool,
    /// Receives the run's events, in order.
    pub events: &'a (dyn Fn(&RunEvent) + Sync),
}

impl<'a> RunCtx<'a> {
    /// A run that writes, on the system clock.
    pub fn live(cancel: &'a CancelToken, events: &'a (dyn Fn(&RunEvent) + Sync)) -> RunCtx<'a> {
        RunCtx {
            clock: &crate::connect::SystemClock,
            cancel,
            dry_run: false,
            events,
        }
    }
}

/// How a run ended, as returned to its caller.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The journal's id of the run.
    pub run: RunId,
    /// The option.
    pub option: String,
    /// How it ended.
    pub status: RunStatus,
    /// The run's counts.
    pub counts: Counts,
    /// Why the run failed or stopped.
    pub message: Option<String>,
    /// The option's checkpoint after the run (unchanged by dry runs).
    pub checkpoint: Option<Checkpoint>,
    /// The window the run read.
    pub window: Window,
    /// How long the run took.
    pub duration_ms: u64,
    /// What went wrong around the run without failing it (a notification not sent).
    pub warnings: Vec<String>,
    /// The API requests the run cost its org (`Sforce-Limit-Info` before and after), when
    /// it talked to one that said.
    pub api_calls: Option<ApiCalls>,
}

/// Why a run stopped before the end of its source.
pub(crate) struct Stop {
    pub status: RunStatus,
    pub message: String,
}

impl Stop {
    pub fn failed(message: impl Into<String>) -> Stop {
        Stop {
            status: RunStatus::Failed,
            message: message.into(),
        }
    }

    pub fn cancelled() -> Stop {
        Stop {
            status: RunStatus::Cancelled,
            message: "cancelled; the next run resumes from the checkpoint".into(),
        }
    }
}

/// Milliseconds between two instants (0 if the clock went back).
pub(crate) fn millis(from: jiff::Timestamp, to: jiff::Timestamp) -> u64 {
    u64::try_from(to.duration_since(from).as_millis()).unwrap_or(0)
}

/// What a pipeline says of the run it opens.
pub(crate) struct Opening<'a> {
    /// The option's name.
    pub option: &'a str,
    /// Import or export.
    pub kind: RunKind,
    /// An import's operation.
    pub operation: Option<WriteOp>,
    /// The option is incremental: its checkpoint is read and the window starts from it.
    pub incremental: bool,
    /// How far before the checkpoint the window starts.
    pub lookback: jiff::SignedDuration,
    /// Where a first run's window starts.
    pub initial_since: Option<&'a str>,
    /// How the cursor is written.
    pub format: synccentral_model::CursorFormat,
    /// The org's API usage `(used, max)` as the run begins, when known.
    pub api_usage: Option<(u64, u64)>,
}

/// A run begun in the journal, from its opening to its end.
pub(crate) struct Opened {
    /// The journal's id of the run.
    pub run: RunId,
    /// The option's name.
    pub option: String,
    /// When it began.
    pub started: jiff::Timestamp,
    /// The option's checkpoint when it began (incremental options only).
    pub checkpoint: Option<Checkpoint>,
    /// The window it reads.
    pub window: Window,
    /// The org's API usage as it began.
    pub api_usage: Option<(u64, u64)>,
}

/// Opens a run the same way for imports and exports: reads the checkpoint, computes the
/// window, begins the run in the journal and sends `Started`.
pub(crate) async fn open_run<J: RunJournal>(
    journal: &J,
    ctx: &RunCtx<'_>,
    opening: Opening<'_>,
) -> Result<Opened, JournalError> {
    let started = ctx.clock.now();
    let checkpoint = match opening.incremental {
        true => journal.checkpoint(opening.option).await?,
        false => None,
    };
    let window = Window::new(
        checkpoint.as_ref(),
        opening.lookback,
        opening.initial_since,
        started,
        opening.format,
    );
    let run = journal
        .begin_run(&RunStart {
            option: opening.option.to_string(),
            kind: opening.kind,
            operation: opening.operation,
            dry_run: ctx.dry_run,
            started_at: started,
            since: window.since.clone(),
            until: Some(window.until.clone()),
        })
        .await?;
    (ctx.events)(&RunEvent::Started {
        option: opening.option.to_string(),
        since: window.since.clone(),
        until: window.until.clone(),
    });
    Ok(Opened {
        run,
        option: opening.option.to_string(),
        started,
        checkpoint,
        window,
        api_usage: opening.api_usage,
    })
}

impl Opened {
    /// Ends the run the same way for imports and exports: `Ok(note)` when it went through
    /// (with what it has to say), `Err(stop)` when it stopped. Records its end in the
    /// journal with the calls it cost (the org's usage now against as it began), sends
    /// `Finished`, and returns the outcome.
    pub async fn finish<J: RunJournal>(
        self,
        journal: &J,
        ctx: &RunCtx<'_>,
        end: Result<Option<String>, Stop>,
        counts: Counts,
        checkpoint: Option<Checkpoint>,
        api_usage: Option<(u64, u64)>,
    ) -> Result<RunOutcome, JournalError> {
        let api_calls = ApiCalls::between(self.api_usage, api_usage);
        let (status, message) = match end {
            Ok(note) => (RunStatus::Succeeded, note),
            Err(stop) => (stop.status, Some(stop.message)),
        };
        let finished = ctx.clock.now();
        journal
            .finish_run(
                self.run,
                &RunEnd {
                    status,
                    counts,
                    message: message.clone(),
                    finished_at: finished,
                    api_calls,
                },
            )
            .await?;
        (ctx.events)(&RunEvent::Finished {
            option: self.option.clone(),
            status,
            counts,
            message: message.clone(),
        });
        Ok(RunOutcome {
            run: self.run,
            option: self.option,
            status,
            counts,
            message,
            checkpoint,
            window: self.window,
            duration_ms: millis(self.started, finished),
            warnings: Vec::new(),
            api_calls,
        })
    }
}

/// The stop before a batch when the org's API usage (`used`, `max`) is at or above the
/// option's quota share.
pub(crate) fn quota_stop(usage: Option<(u64, u64)>, share: f64) -> Option<Stop> {
    let (used, max) = usage?;
    if max == 0 || (used as f64) < share * max as f64 {
        return None;
    }
    Some(Stop {
        status: RunStatus::StoppedQuota,
        message: format!(
            "stopped before a batch: the org has used {used} of {max} API requests, at or above the option's quota share of {:.0}%; the next run resumes from the checkpoint",
            share * 100.0
        ),
    })
}

/// A record's result before anything is decided of it: `action`, with no key, id or message.
/// Records a batch's results in the journal and adds them to the run's counts.
pub(crate) async fn record_results<J: RunJournal>(
    journal: &J,
    run: RunId,
    counts: &mut Counts,
    results: &[RecordResult],
) -> Result<(), JournalError> {
    journal.record_results(run, results).await?;
    for r in results {
        match r.action {
            Action::Failed => counts.failed += 1,
            Action::Skipped => counts.skipped += 1,
            _ => counts.written += 1,
        }
    }
    Ok(())
}

/// Marks a record skipped when its (cursor, tie) is at or before where the run resumes
/// (the window's start, or the checkpoint); `true` if it was.
pub(crate) fn skip_if_done(
    result: &mut RecordResult,
    pos: &Option<(String, Option<String>)>,
    window: &Window,
    start: Option<&Checkpoint>,
) -> bool {
    let Some((cursor, tie)) = pos else {
        return false;
    };
    let Some(why) = already_done(cursor, tie.as_deref(), window, start) else {
        return false;
    };
    result.action = Action::Skipped;
    result.error_message = Some(why);
    true
}

/// The mapped records of these results, as sent (null where a record has none).
pub(crate) fn mapped_records<'a>(
    results: impl Iterator<Item = &'a RecordResult>,
) -> Vec<serde_json::Value> {
    results
        .map(|r| r.mapped.clone().unwrap_or(serde_json::Value::Null))
        .collect()
}
