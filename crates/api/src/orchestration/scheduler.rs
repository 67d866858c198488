//! The schedule loop: what `synccentral daemon` runs headless and the desktop app runs while
//! it is open. Every look reads the schedules at the time (see [`daemon::look`]), reports
//! fires missed while nothing ran them, and starts each due fire under the options' locks
//! in its own task, so a long run never holds the next look back. Alongside, the import
//! options' folders are watched (see [`folder::watch`]). What happens is said as lines
//! through [`Say`]: the CLI prints them with the time, the app keeps them in its activity.

use super::daemon::{self, Locks, TickRules};
use super::folder::{self, WatchConfig, WatchEvent};
use crate::runs::{run_view, RunView, StoreJournal};
use crate::workspace::store_error;
use crate::ApiError;
use jiff::Timestamp;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use synccentral_runner::{CancelToken, RunEvent};
use synccentral_store::Workspace;
use ts_rs::TS;

/// Where the loop says what it does, one line at a time (without the time).
pub type Say = Arc<dyn Fn(String) + Send + Sync>;

/// How the loop runs.
#[derive(Debug, Clone, Copy)]
pub struct LoopRules {
    /// Time between looks.
    pub every: Duration,
    /// On the first look, run once each schedule whose fires were missed (`--run-missed`).
    pub run_missed_once: bool,
    /// Look once, wait for what it started, and return (no folders are watched).
    pub once: bool,
}

/// What one scheduled fire ran.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledRun {
    pub schedule: String,
    /// Options not started because someone else was running them.
    pub busy: Vec<String>,
    /// The runs, in run order.
    pub runs: Vec<RunView>,
    /// Why the options did not run (configuration problems).
    pub error: Option<String>,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One look at `now`: says the missed fires and each due fire, and gives the due fires and
/// the next fire time of any schedule.
fn look(
    path: &Path,
    now: Timestamp,
    rules: TickRules,
    say: &Say,
) -> Result<(Vec<daemon::Due>, Option<Timestamp>), ApiError> {
    let ws = Workspace::open(path).map_err(store_error)?;
    let tick = daemon::look(&ws, now, rules).map_err(store_error)?;
    for m in &tick.missed {
        say(format!(
            "schedule '{}': {} fire time{} missed while nothing ran the schedules ({} … {})",
            m.schedule,
            m.count,
            plural(m.count),
            m.first,
            m.last
        ));
    }
    for due in &tick.due {
        say(format!(
            "schedule '{}' fires{}: {}",
            due.schedule,
            if due.catch_up {
                " (missed, run once)"
            } else {
                ""
            },
            due.options.join(", ")
        ));
    }
    Ok((tick.due, tick.next_fire))
}

/// Runs one due fire under `locks` and says what it ran (or why not).
async fn fire(
    path: &Path,
    due: daemon::Due,
    locks: &Locks,
    cancel: &CancelToken,
    say: &Say,
) -> Result<ScheduledRun, ApiError> {
    let journal = StoreJournal::new(Workspace::open(path).map_err(store_error)?);
    let events = |_: &RunEvent| {};
    let report = daemon::run_due(&journal, locks, &due, None, &events, cancel)
        .await
        .map_err(store_error)?;
    let name = &due.schedule;
    for (option, holder) in &report.busy {
        say(format!(
            "schedule '{name}': {option} is already running (held by {}, pid {}); not started again",
            holder.owner, holder.pid
        ));
    }
    let ws = journal.into_inner();
    let (runs, error) = match report.runs {
        Some(Ok(runs)) => {
            for r in &runs.summary.runs {
                say(format!(
                    "schedule '{name}': {} {} ({} read, {} written, {} failed, {} skipped)",
                    r.option,
                    r.status.as_str(),
                    r.read,
                    r.written,
                    r.failed,
                    r.skipped
                ));
                for w in &r.warnings {
                    say(format!("schedule '{name}': {}: warning: {w}", r.option));
                }
            }
            let views = runs
                .outcomes
                .iter()
                .filter_map(|o| ws.run(synccentral_store::RunId(o.run.0)).ok())
                .map(|r| run_view(&r))
                .collect();
            (views, None)
        }
        Some(Err(e)) => {
            say(format!("schedule '{name}': {e}"));
            (Vec::new(), Some(e.to_string()))
        }
        None => (Vec::new(), None),
    };
    Ok(ScheduledRun {
        schedule: due.schedule.clone(),
        busy: report.busy.into_iter().map(|(o, _)| o).collect(),
        runs,
        error,
    })
}

/// One look at the schedules at `now` and the runs of what is due, waited for (each fire
/// under the options' locks, so the app, a daemon and the endpoints never run an option
/// twice). Missed fires run once only for schedules marked `runMissed`.
pub async fn look_and_run(
    path: &Path,
    now: Timestamp,
    cancel: &CancelToken,
    say: &Say,
) -> Result<Vec<ScheduledRun>, ApiError> {
    let locks = Locks::new(Workspace::open(path).map_err(store_error)?);
    let (due, _) = look(path, now, TickRules::default(), say)?;
    let fires = due.into_iter().map(|d| fire(path, d, &locks, cancel, say));
    futures_util::future::join_all(fires)
        .await
        .into_iter()
        .collect()
}

/// The folder watcher's events as lines.
fn folder_line(event: WatchEvent) -> String {
    match event {
        WatchEvent::Dropped(d) => {
            let mut line = format!(
                "folder: {} imported by '{}' (run {}) and moved to {}{}",
                d.file.display(),
                d.option,
                d.run,
                d.moved_to.display(),
                d.message.map(|m| format!(": {m}")).unwrap_or_default()
            );
            for w in d.outcomes.iter().flat_map(|o| &o.warnings) {
                line.push_str(&format!("; warning: {w}"));
            }
            line
        }
        WatchEvent::Problem { path, message } => format!("folder: {}: {message}", path.display()),
    }
}

/// Runs the schedules of the workspace at `path` until `cancel` (or one look with
/// `rules.once`), then waits for the runs it started. It looks again at the next fire time
/// of any schedule, or after `rules.every` (to see a changed configuration), whichever comes
/// first, so a schedule fires on time; fire times while it runs are never "missed". Each
/// look's due fires run in their own tasks under one set of option locks; the options'
/// folders are watched meanwhile.
pub async fn schedule_loop(path: PathBuf, rules: LoopRules, cancel: CancelToken, say: Say) {
    let locks = match Workspace::open(&path) {
        Ok(ws) => Arc::new(Locks::new(ws)),
        Err(e) => {
            say(format!("cannot open the workspace: {e}"));
            return;
        }
    };
    let (schedules, folders) = Workspace::open(&path)
        .and_then(|ws| ws.config_scrubbed())
        .map(|c| (c.schedules.len(), folder::watched_folders(&c)))
        .unwrap_or_default();
    say(format!(
        "{} runs {schedules} schedule{} in {}",
        locks.owner(),
        plural(schedules),
        path.display()
    ));
    // One look only: the folders are watched while the loop runs.
    let watcher = (!rules.once).then(|| {
        for f in &folders {
            say(format!(
                "watching {} for option '{}'",
                f.folder.display(),
                f.option
            ));
        }
        let open: super::endpoint::OpenWorkspace = {
            let path = path.clone();
            Arc::new(move || Workspace::open(&path))
        };
        let say = say.clone();
        folder::watch(
            open,
            WatchConfig::default(),
            Arc::new(move |e| say(folder_line(e))),
        )
    });
    let mut tick_rules = TickRules {
        run_missed_once: rules.run_missed_once,
        ..TickRules::default()
    };
    let started = Timestamp::now();
    let mut running = tokio::task::JoinSet::new();
    while !cancel.is_cancelled() {
        let now = Timestamp::now();
        let mut next_fire = None;
        match look(&path, now, tick_rules, &say) {
            Ok((due, next)) => {
                next_fire = next;
                for d in due {
                    let (path, locks, cancel, say) =
                        (path.clone(), locks.clone(), cancel.clone(), say.clone());
                    running.spawn(async move {
                        if let Err(e) = fire(&path, d, &locks, &cancel, &say).await {
                            say(format!("schedule: {}", e.message));
                        }
                    });
                }
            }
            Err(e) => say(format!("cannot read the schedules: {}", e.message)),
        }
        tick_rules.run_missed_once = false;
        tick_rules.running_since = Some(started);
        if rules.once {
            break;
        }
        let until_fire = match next_fire {
            Some(t) => Duration::try_from(t.duration_since(now)).unwrap_or(Duration::ZERO),
            None => rules.every,
        };
        let wake = tokio::time::Instant::now() + rules.every.min(until_fire);
        while tokio::time::Instant::now() < wake && !cancel.is_cancelled() {
            let left = wake.saturating_duration_since(tokio::time::Instant::now());
            tokio::time::sleep(left.min(Duration::from_millis(250))).await;
            while running.try_join_next().is_some() {}
        }
    }
    while running.join_next().await.is_some() {}
    if let Some(w) = watcher {
        w.stop().await;
    }
}
