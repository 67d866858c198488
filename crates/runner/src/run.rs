//! What every pipeline shares: the run's context (clock, cancellation, dry run, events),
//! the events it emits, and the outcome it returns.

use crate::connect::{CancelToken, Clock};
use crate::journal::{Checkpoint, Counts, JournalError, RunEnd, RunId, RunJournal, RunStatus};
use crate::window::Window;
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

/// Ends a run the same way for imports and exports: records its end in the journal, sends
/// `Finished`, and returns the outcome.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn finish_run<J: RunJournal>(
    journal: &J,
    ctx: &RunCtx<'_>,
    run: RunId,
    option: &str,
    (status, message): (RunStatus, Option<String>),
    counts: Counts,
    checkpoint: Option<Checkpoint>,
    window: Window,
    started: jiff::Timestamp,
) -> Result<RunOutcome, JournalError> {
    let finished = ctx.clock.now();
    journal
        .finish_run(
            run,
            &RunEnd {
                status,
                counts,
                message: message.clone(),
                finished_at: finished,
            },
        )
        .await?;
    (ctx.events)(&RunEvent::Finished {
        option: option.to_string(),
        status,
        counts,
        message: message.clone(),
    });
    Ok(RunOutcome {
        run,
        option: option.to_string(),
        status,
        counts,
        message,
        checkpoint,
        window,
        duration_ms: millis(started, finished),
        warnings: Vec::new(),
    })
}
