//! What `synccentral daemon` does on each look at the clock, minus the sleeping: read the
//! workspace's schedules, ask [`synccentral_runner::schedule::tick`] what is due at `now` (passed in),
//! record fire times, and run a due schedule's options under per-option locks in the
//! workspace, so two daemons (or a daemon and a `run`-ning scheduler elsewhere) never run
//! the same option at once. A lock's heartbeat moves with the run's events; a holder whose
//! heartbeat is stale, or whose process is gone (same machine), is taken over.

use crate::runs::{RunRequest, Selection, StoreJournal, WireError, WorkspaceRuns};
use jiff::Timestamp;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use synccentral_net::RetryPolicy;
use synccentral_runner::connect::CancelToken;
use synccentral_runner::run::RunEvent;
use synccentral_runner::schedule::{tick, CronSchedule};
/// The scheduler's own types, as the hosts running schedules use them.
pub use synccentral_runner::schedule::{Due, Tick, TickRules};
use synccentral_store::{LockHolder, ScheduleMode, StoreError, Workspace};

/// A lock holder whose heartbeat is older than this may be taken over.
pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(15 * 60);
/// How often a lock holder says it is alive while a run is in a long call.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(60);

/// Runs `work` while `locks`' heartbeat moves every [`HEARTBEAT_EVERY`] (a single long
/// call — a Bulk API job — sends no events for a while).
pub async fn with_heartbeat<F: std::future::Future>(locks: &Locks, work: F) -> F::Output {
    let beat = async {
        loop {
            tokio::time::sleep(HEARTBEAT_EVERY).await;
            // A failed heartbeat only risks a takeover after the stale limit.
            let _ = locks.heartbeat(Timestamp::now());
        }
    };
    match futures_util::future::select(Box::pin(work), Box::pin(beat)).await {
        futures_util::future::Either::Left((out, _)) => out,
        futures_util::future::Either::Right((never, _)) => never,
    }
}

/// Reads the schedules at `now`: what is due, what was missed. Schedules seen for the first
/// time, missed fires that will not run, and the fires of due schedules are recorded as
/// their last fire before anything runs, each claimed against the last fire read (so the
/// next look does not fire them again, and of two daemons looking at once only one runs a
/// fire).
pub fn look(ws: &Workspace, now: Timestamp, rules: TickRules) -> Result<Tick, StoreError> {
    let config = ws.config_scrubbed()?;
    let schedules: Vec<CronSchedule> = config
        .schedules
        .iter()
        .filter(|s| s.active)
        .filter_map(|s| CronSchedule::compile(s).ok())
        .collect();
    let mut fires = std::collections::HashMap::new();
    for s in &schedules {
        fires.insert(s.key.clone(), ws.last_fire(&s.key)?);
    }
    let found = tick(
        &schedules,
        |key| fires.get(key).copied().flatten(),
        now,
        rules,
    );
    let mut found = found;
    for (key, at) in &found.baseline {
        ws.claim_fire(key, fires.get(key).copied().flatten(), *at)?;
    }
    let mut claimed = Vec::new();
    for due in found.due {
        if ws.claim_fire(&due.schedule, fires[&due.schedule], due.fire)? {
            claimed.push(due);
        }
    }
    found.due = claimed;
    Ok(found)
}

/// Per-option locks in a workspace, held by one owner (unique per process and holder).
pub struct Locks {
    ws: Mutex<Workspace>,
    owner: String,
    pid: i64,
    /// A holder whose heartbeat is older than this is taken over.
    pub stale_after: Duration,
}

static HOLDERS: AtomicU64 = AtomicU64::new(0);

fn lock_name(option: &str) -> String {
    format!("option:{option}")
}

/// The holder's process is gone (checked on Linux through /proc; elsewhere: unknown).
fn process_gone(pid: i64) -> bool {
    cfg!(target_os = "linux")
        && pid != i64::from(std::process::id())
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

impl Locks {
    /// Locks over their own connection to the workspace (`ws`), as a new owner.
    pub fn new(ws: Workspace) -> Locks {
        let pid = std::process::id();
        let n = HOLDERS.fetch_add(1, Ordering::SeqCst);
        let nanos = Timestamp::now().as_nanosecond();
        Locks {
            ws: Mutex::new(ws),
            owner: format!("pid {pid} #{n} {nanos}"),
            pid: i64::from(pid),
            stale_after: DEFAULT_STALE_AFTER,
        }
    }

    fn ws(&self) -> std::sync::MutexGuard<'_, Workspace> {
        self.ws.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Who holds these locks.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Takes the lock of `option` at `now`; `Some(holder)` when someone else holds it.
    pub fn take(&self, option: &str, now: Timestamp) -> Result<Option<LockHolder>, StoreError> {
        let ws = self.ws();
        let name = lock_name(option);
        match ws.try_lock(&name, &self.owner, self.pid, now, self.stale_after)? {
            Some(holder) if process_gone(holder.pid) => {
                ws.try_lock(&name, &self.owner, self.pid, now, Duration::ZERO)
            }
            other => Ok(other),
        }
    }

    /// Still alive at `now`.
    pub fn heartbeat(&self, now: Timestamp) -> Result<(), StoreError> {
        self.ws().heartbeat(&self.owner, now)
    }

    /// Gives the lock of `option` back.
    pub fn release(&self, option: &str) -> Result<(), StoreError> {
        self.ws().unlock(&lock_name(option), &self.owner)
    }
}

/// Why options could not all be locked.
#[derive(Debug)]
pub enum Refused {
    /// `option` is held by someone else (nothing was taken).
    Busy { option: String, holder: LockHolder },
    /// The workspace could not be read or written.
    Store(StoreError),
}

impl Refused {
    /// As the service layer answers it: `ALREADY_RUNNING` naming the holder, or the store's
    /// error.
    pub fn into_api(self) -> crate::ApiError {
        match self {
            Refused::Busy { option, holder } => crate::ApiError::new(
                crate::codes::ALREADY_RUNNING,
                format!(
                    "{option} is already running (held by {}, pid {}); nothing ran",
                    holder.owner, holder.pid
                ),
            ),
            Refused::Store(e) => crate::workspace::store_error(e),
        }
    }
}

/// The locks of some options, all held by one owner, given back when dropped. What every
/// host runs options under: the CLI's `run`, the app's "Run now", the endpoints, the
/// folder drops.
pub struct Held {
    locks: Locks,
    options: Vec<String>,
}

impl Held {
    /// Takes the locks of every one of `options` over `ws` or none: the first held by
    /// someone else refuses the lot.
    pub fn take(ws: Workspace, options: &[String]) -> Result<Held, Refused> {
        let mut held = Held {
            locks: Locks::new(ws),
            options: Vec::new(),
        };
        for option in options {
            match held.locks.take(option, Timestamp::now()) {
                Ok(None) => held.options.push(option.clone()),
                Ok(Some(holder)) => {
                    return Err(Refused::Busy {
                        option: option.clone(),
                        holder,
                    })
                }
                Err(e) => return Err(Refused::Store(e)),
            }
        }
        Ok(held)
    }

    /// Runs `work` with the heartbeat moving (see [`with_heartbeat`]).
    pub async fn run<F: std::future::Future>(&self, work: F) -> F::Output {
        with_heartbeat(&self.locks, work).await
    }

    /// Says the holder is alive (as a run makes progress).
    pub fn beat(&self) {
        // A failed heartbeat only risks a takeover after the stale limit.
        let _ = self.locks.heartbeat(Timestamp::now());
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        for option in &self.options {
            let _ = self.locks.release(option);
        }
    }
}

/// What a due schedule did.
#[derive(Debug)]
pub struct FireReport {
    /// The schedule and fire time.
    pub due: Due,
    /// Options not run because another holder was running them.
    pub busy: Vec<(String, LockHolder)>,
    /// The runs of the options it could lock (`None`: none could be locked).
    pub runs: Option<Result<WorkspaceRuns, WireError>>,
}

/// Runs `due`'s options that can be locked (the others are reported busy), as a graph,
/// with the schedule's mode, then gives the locks back. `journal` should be this fire's own
/// (its `--full` flag is per journal).
pub async fn run_due(
    journal: &StoreJournal,
    locks: &Locks,
    due: &Due,
    retry: Option<RetryPolicy>,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<FireReport, StoreError> {
    let mut held = Vec::new();
    let mut busy = Vec::new();
    for option in &due.options {
        match locks.take(option, Timestamp::now())? {
            None => held.push(option.clone()),
            Some(holder) => busy.push((option.clone(), holder)),
        }
    }
    let runs = if held.is_empty() {
        None
    } else {
        let request = RunRequest {
            full: due.mode == ScheduleMode::Full,
            retry,
            ..RunRequest::new(Selection::Options(held.clone()))
        };
        let beat = |e: &RunEvent| {
            // A failed heartbeat only risks a takeover after the stale limit.
            let _ = locks.heartbeat(Timestamp::now());
            events(e);
        };
        let result = with_heartbeat(
            locks,
            crate::runs::run_workspace(journal, &request, &beat, cancel),
        )
        .await;
        Some(result)
    };
    for option in &held {
        locks.release(option)?;
    }
    Ok(FireReport {
        due: due.clone(),
        busy,
        runs,
    })
}
