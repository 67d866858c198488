//! The orchestration screens' API: the plan view (the run graph of the workspace's options
//! with each option's last result and next scheduled run), the schedule editor (schedules
//! saved through the configuration's validation, each cron line in words with its next
//! five fire times), the app's own scheduler (a background task on the sync runtime that
//! looks at the schedules as `synccentral daemon` does, under the same per-option locks),
//! "Run now" of one option under those locks, and the push/pull endpoint started and
//! stopped from the app (loopback only) with a token per option.

pub mod cron_text;
pub mod daemon;
pub mod endpoint;
pub mod folder;
pub mod mail;
pub mod scheduler;

pub use scheduler::ScheduledRun;

pub use crate::codes;
use crate::runs::{self as wire, Selection, StoreJournal, WireError};
use crate::runs::{RunProgress, RunReport, RunView};
use crate::workspace::{array, runtime, store_error, AppWorkspace};
use crate::ApiError;
use endpoint::{self as serve, ServeConfig, ServerHandle};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use synccentral_runner::schedule::CronSchedule;
use synccentral_runner::CancelToken;
use synccentral_store::{Schedule, ScheduleMode, Workspace};
use ts_rs::TS;

/// How many fire times the schedule editor shows.
pub const NEXT_FIRES: usize = 5;
/// How often the app's scheduler looks at the schedules.
pub const LOOK_EVERY: Duration = Duration::from_secs(15);
/// How many lines of the scheduler's activity are kept.
const ACTIVITY_LINES: usize = 50;

fn workspace_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(codes::WORKSPACE_ERROR, e.to_string())
}

/// A fire time: the instant (RFC 3339, UTC) and how it reads on the schedule's wall clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FireTime {
    pub at: String,
    /// `Fri 2026-11-27 02:00 CET`.
    pub local: String,
}

fn fire_time(t: Timestamp, timezone: Option<&str>) -> FireTime {
    let tz = timezone
        .and_then(|z| jiff::tz::TimeZone::get(z).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    FireTime {
        at: t.to_string(),
        local: t.to_zoned(tz).strftime("%a %Y-%m-%d %H:%M %Z").to_string(),
    }
}

// ---- the plan ----

/// One option in the plan view.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanNode {
    pub name: String,
    /// `import` or `export`.
    pub direction: String,
    /// The object it writes (imports) or reads (exports).
    pub object: String,
    pub active: bool,
    /// The options it waits for (they write objects it links to).
    pub parents: Vec<String>,
    /// Its records link to its own object: loaded in two passes.
    pub self_links: bool,
    /// Its wave (0: waits for nobody).
    #[ts(type = "number")]
    pub wave: usize,
    /// Its last run.
    pub last_run: Option<RunView>,
    /// The soonest next fire of the active schedules that run it.
    pub next_run: Option<FireTime>,
    /// The schedules that run it (their names, else their cron lines).
    pub schedules: Vec<String>,
}

/// The run graph of every option, in run order, or why there is none.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    /// In run order (parents first).
    pub nodes: Vec<PlanNode>,
    /// The options of each wave: a wave waits only for earlier ones.
    pub waves: Vec<Vec<String>>,
    /// Parent → child links.
    pub edges: Vec<PlanEdge>,
    /// Why there is no graph (a cycle, naming its options).
    pub error: Option<String>,
}

/// A link: `child` waits for `parent`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanEdge {
    pub parent: String,
    pub child: String,
}

/// The plan of every option (active or not) at `now`: the graph, its waves, each option's
/// last run and next scheduled run. A cycle is returned as `error` (nothing else).
pub fn plan_view(app: &AppWorkspace, now: Timestamp) -> Result<PlanView, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    let runs = ws.list_runs(500).map_err(store_error)?;
    let names: Vec<String> = config
        .options
        .iter()
        .map(|o| o.name().to_string())
        .collect();
    if names.is_empty() {
        return Ok(PlanView {
            nodes: Vec::new(),
            waves: Vec::new(),
            edges: Vec::new(),
            error: None,
        });
    }
    let schedules: Vec<(Schedule, CronSchedule)> = config
        .schedules
        .iter()
        .filter(|s| s.active)
        .filter_map(|s| CronSchedule::compile(s).ok().map(|c| (s.clone(), c)))
        .collect();
    let journal = StoreJournal::new(ws);
    let graph = match wire::plan(&journal, &Selection::Options(names)) {
        Ok(g) => g,
        Err(WireError::Config(problems)) => {
            return Ok(PlanView {
                nodes: Vec::new(),
                waves: Vec::new(),
                edges: Vec::new(),
                error: Some(
                    problems
                        .iter()
                        .map(|p| p.message.clone())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            })
        }
        Err(e) => return Err(workspace_error(e)),
    };
    let nodes = graph
        .nodes
        .iter()
        .map(|n| {
            let option = config.option(&n.name);
            let mine: Vec<&(Schedule, CronSchedule)> = schedules
                .iter()
                .filter(|(s, _)| s.options.contains(&n.name))
                .collect();
            let next_run = mine
                .iter()
                .filter_map(|(s, c)| c.next_after(now).map(|t| (t, s.timezone.as_deref())))
                .min_by_key(|(t, _)| *t)
                .map(|(t, tz)| fire_time(t, tz));
            PlanNode {
                name: n.name.clone(),
                direction: option.map(|o| o.direction()).unwrap_or("import").into(),
                object: n.object.clone(),
                active: option.is_some_and(|o| o.active()),
                parents: n.parents.clone(),
                self_links: n.self_links,
                wave: n.depth,
                last_run: runs
                    .iter()
                    .find(|r| r.option == n.name)
                    .map(crate::runs::run_view),
                next_run,
                schedules: mine.iter().map(|(s, _)| s.key()).collect(),
            }
        })
        .collect();
    let edges = graph
        .nodes
        .iter()
        .flat_map(|n| {
            n.parents.iter().map(|p| PlanEdge {
                parent: p.clone(),
                child: n.name.clone(),
            })
        })
        .collect();
    Ok(PlanView {
        nodes,
        waves: graph.waves(),
        edges,
        error: None,
    })
}

// ---- schedules ----

/// A schedule as the editor edits it (the configuration's `schedules` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleView {
    pub name: Option<String>,
    pub cron: String,
    /// An IANA zone; none is UTC.
    pub timezone: Option<String>,
    pub options: Vec<String>,
    /// `incremental` or `full`.
    pub mode: String,
    pub active: bool,
    /// Fire times missed while nothing ran make it run once.
    pub run_missed: bool,
}

impl ScheduleView {
    fn of(s: &Schedule) -> ScheduleView {
        ScheduleView {
            name: s.name.clone(),
            cron: s.cron.clone(),
            timezone: s.timezone.clone(),
            options: s.options.clone(),
            mode: match s.mode {
                ScheduleMode::Full => "full",
                ScheduleMode::Incremental => "incremental",
            }
            .into(),
            active: s.active,
            run_missed: s.run_missed,
        }
    }

    /// The configuration's entry (empty name and zone left out).
    fn document(&self) -> Value {
        let mut doc = serde_json::Map::new();
        fn text(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        if let Some(name) = text(&self.name) {
            doc.insert("name".into(), name.into());
        }
        doc.insert("cron".into(), self.cron.trim().into());
        if let Some(tz) = text(&self.timezone) {
            doc.insert("timezone".into(), tz.into());
        }
        doc.insert("options".into(), self.options.clone().into());
        doc.insert("mode".into(), self.mode.clone().into());
        doc.insert("active".into(), self.active.into());
        if self.run_missed {
            doc.insert("runMissed".into(), true.into());
        }
        Value::Object(doc)
    }
}

/// A schedule as the editor lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRow {
    /// Its place in the configuration's list (what save and remove take).
    #[ts(type = "number")]
    pub index: usize,
    pub schedule: ScheduleView,
    /// Its cron line in words.
    pub description: String,
    pub next: Vec<FireTime>,
    /// When a scheduler last fired it.
    pub last_fire: Option<FireTime>,
}

/// A cron line in words and its next fire times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CronPreview {
    pub description: String,
    pub next: Vec<FireTime>,
}

/// `cron` read in `timezone` (none: UTC): its words and the next [`NEXT_FIRES`] fire times
/// after `now`; `INVALID_CRON` saying what is wrong when it cannot be read.
pub fn describe_cron(
    cron: &str,
    timezone: Option<&str>,
    now: Timestamp,
) -> Result<CronPreview, ApiError> {
    let timezone = timezone.map(str::trim).filter(|z| !z.is_empty());
    let schedule = Schedule {
        name: Some("preview".into()),
        cron: cron.trim().to_string(),
        timezone: timezone.map(str::to_string),
        options: Vec::new(),
        mode: ScheduleMode::Incremental,
        active: true,
        run_missed: false,
    };
    if schedule.cron.is_empty() {
        return Err(ApiError::new(
            codes::INVALID_CRON,
            "a cron line has 5 fields: minute hour day month weekday, such as \"0 2 * * *\"",
        ));
    }
    let compiled = CronSchedule::compile(&schedule).map_err(|e| {
        let message = if e.message.starts_with("time zone") {
            format!(
                "\"{}\" is not an IANA time zone such as \"Europe/Paris\"",
                timezone.unwrap_or_default()
            )
        } else {
            format!(
                "{}; use 5 fields: minute hour day month weekday, such as \"0 2 * * *\"",
                e.message
            )
        };
        ApiError::new(codes::INVALID_CRON, message)
    })?;
    Ok(CronPreview {
        description: cron_text::describe(&schedule.cron),
        next: next_fires(&compiled, now, timezone),
    })
}

fn next_fires(c: &CronSchedule, now: Timestamp, timezone: Option<&str>) -> Vec<FireTime> {
    let mut out = Vec::new();
    let mut t = now;
    while out.len() < NEXT_FIRES {
        match c.next_after(t) {
            Some(next) => {
                out.push(fire_time(next, timezone));
                t = next;
            }
            None => break,
        }
    }
    out
}

/// The workspace's schedules, each with its words, next fire times after `now` and last fire.
pub fn list_schedules(app: &AppWorkspace, now: Timestamp) -> Result<Vec<ScheduleRow>, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    config
        .schedules
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let next = CronSchedule::compile(s)
                .map(|c| next_fires(&c, now, s.timezone.as_deref()))
                .unwrap_or_default();
            let last_fire = ws
                .last_fire(&s.key())
                .map_err(store_error)?
                .map(|t| fire_time(t, s.timezone.as_deref()));
            Ok(ScheduleRow {
                index,
                schedule: ScheduleView::of(s),
                description: cron_text::describe(&s.cron),
                next,
                last_fire,
            })
        })
        .collect()
}

/// Saves a schedule over the one at `index` (or adds it when `None`), through the
/// configuration's validation (`INVALID_CONFIG` with each problem's pointer otherwise).
pub fn save_schedule(
    app: &AppWorkspace,
    index: Option<usize>,
    schedule: &ScheduleView,
) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    let doc = schedule.document();
    app.edit(|obj| {
        let list = array(obj, "schedules");
        match index {
            Some(i) if i < list.len() => list[i] = doc,
            Some(i) => {
                return Err(ApiError::new(
                    codes::NOT_FOUND,
                    format!("there is no schedule {i}"),
                ))
            }
            None => list.push(doc),
        }
        Ok(())
    })
}

/// Removes the schedule at `index`.
pub fn remove_schedule(app: &AppWorkspace, index: usize) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    app.edit(|obj| {
        let list = array(obj, "schedules");
        if index >= list.len() {
            return Err(ApiError::new(
                codes::NOT_FOUND,
                format!("there is no schedule {index}"),
            ));
        }
        list.remove(index);
        Ok(())
    })
}

// ---- the app's scheduler and the endpoint ----

/// The app's scheduler and endpoint over one workspace file.
pub struct Orchestration {
    path: PathBuf,
    scheduler: Mutex<Option<CancelToken>>,
    activity: Arc<Mutex<VecDeque<String>>>,
    endpoint: Mutex<Option<ServerHandle>>,
    port: Mutex<u16>,
}

impl Orchestration {
    /// For the app's workspace.
    pub fn new(app: &AppWorkspace) -> Orchestration {
        Orchestration::at(app.path())
    }

    /// For the workspace file at `path`.
    pub fn at(path: &Path) -> Orchestration {
        Orchestration {
            path: path.to_path_buf(),
            scheduler: Mutex::new(None),
            activity: Arc::new(Mutex::new(VecDeque::new())),
            endpoint: Mutex::new(None),
            port: Mutex::new(serve::DEFAULT_PORT),
        }
    }

    fn open(&self) -> Result<Workspace, ApiError> {
        Workspace::open(&self.path).map_err(store_error)
    }
}

fn note(activity: &Mutex<VecDeque<String>>, line: String) {
    if let Ok(mut a) = activity.lock() {
        let at = Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| Timestamp::now());
        a.push_front(format!("{at} {line}"));
        a.truncate(ACTIVITY_LINES);
    }
}

/// What the scheduler says, kept (newest first) for the plan view.
fn activity_say(o: &Orchestration) -> scheduler::Say {
    let activity = o.activity.clone();
    Arc::new(move |line| note(&activity, line))
}

/// Runs the schedules once at `now` and waits for their runs (what the background task does
/// on each look).
pub fn run_schedules_at(o: &Orchestration, now: Timestamp) -> Result<Vec<ScheduledRun>, ApiError> {
    runtime().block_on(scheduler::look_and_run(
        &o.path,
        now,
        &CancelToken::new(),
        &activity_say(o),
    ))
}

/// Starts the app's scheduler: the daemon's [`scheduler::schedule_loop`] on the sync
/// runtime, looking every `every`, its lines kept in the activity. Starting it twice does
/// nothing.
pub fn start_scheduler(o: &Orchestration, every: Duration) {
    let Ok(mut slot) = o.scheduler.lock() else {
        return;
    };
    if slot.is_some() {
        return;
    }
    let cancel = CancelToken::new();
    *slot = Some(cancel.clone());
    note(
        &o.activity,
        "the app runs the schedules and watches the options' folders while it is open".into(),
    );
    let rules = scheduler::LoopRules {
        every,
        run_missed_once: false,
        once: false,
    };
    runtime().spawn(scheduler::schedule_loop(
        o.path.clone(),
        rules,
        cancel,
        activity_say(o),
    ));
}

/// Stops the app's scheduler (running options stop after their current batch).
pub fn stop_scheduler(o: &Orchestration) {
    if let Some(c) = o.scheduler.lock().ok().and_then(|mut s| s.take()) {
        c.cancel();
    }
}

/// The scheduler's state for the plan view.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchedulerStatus {
    pub running: bool,
    /// What it did, newest first.
    pub activity: Vec<String>,
}

/// Whether the scheduler runs, and what it did lately.
pub fn scheduler_status(
    app: &AppWorkspace,
    o: &Orchestration,
) -> Result<SchedulerStatus, ApiError> {
    crate::users::require_user(app)?;
    Ok(scheduler_view(o))
}

fn scheduler_view(o: &Orchestration) -> SchedulerStatus {
    SchedulerStatus {
        running: o.scheduler.lock().map(|s| s.is_some()).unwrap_or(false),
        activity: o
            .activity
            .lock()
            .map(|a| a.iter().cloned().collect())
            .unwrap_or_default(),
    }
}

/// Runs `work` holding the workspace locks of the options `selection` runs, as the daemon,
/// the endpoints and `synccentral run` take them: an option running elsewhere refuses the
/// whole run (`ALREADY_RUNNING`, naming the holder) before anything runs. `work` gets the
/// held locks, to run under their heartbeat (a lock whose heartbeat stops is taken over
/// after 15 minutes).
pub(crate) fn with_option_locks<T>(
    app: &AppWorkspace,
    selection: &Selection,
    work: impl FnOnce(&daemon::Held) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let journal = StoreJournal::new(app.open()?);
    // Configuration problems are reported by the run itself.
    let names = wire::plan(&journal, selection)
        .map(|g| g.order())
        .unwrap_or_default();
    drop(journal);
    let held = daemon::Held::take(app.open()?, &names).map_err(daemon::Refused::into_api)?;
    work(&held)
}

/// "Run now" of one option from the plan view, under the options' locks (as every app
/// run): an option the scheduler, a daemon or an endpoint is running is refused
/// (`ALREADY_RUNNING`, naming the holder) instead of run twice.
pub fn run_option_now(
    app: &AppWorkspace,
    name: &str,
    on_progress: impl Fn(RunProgress) + Sync,
) -> Result<RunReport, ApiError> {
    crate::runs::run_now(
        app,
        &crate::runs::RunWhich::Option {
            name: name.to_string(),
        },
        on_progress,
    )
}

/// An option as the endpoint panel shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointOption {
    pub option: String,
    /// `import` (push: POST) or `export` (pull: GET).
    pub direction: String,
    /// When its token was set (never the token itself).
    pub token_set_on: Option<String>,
    /// A curl command calling it (`<token>` stands for the token).
    pub curl: String,
}

/// The endpoint: whether it runs, where, and each option's call.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointView {
    pub running: bool,
    /// `http://127.0.0.1:PORT` (the port it would use when stopped).
    pub url: String,
    pub port: u16,
    pub options: Vec<EndpointOption>,
}

/// A new token, shown once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewToken {
    pub option: String,
    pub token: String,
    /// The option's curl command with this token in it.
    pub curl: String,
}

fn curl(url: &str, option: &str, direction: &str, token: &str) -> String {
    if direction == "export" {
        format!("curl -H 'Authorization: Bearer {token}' {url}/v1/export/{option}")
    } else {
        format!(
            "curl -X POST -H 'Authorization: Bearer {token}' --data @records.json {url}/v1/import/{option}"
        )
    }
}

fn endpoint_url(o: &Orchestration) -> (bool, u16) {
    let running = o
        .endpoint
        .lock()
        .ok()
        .and_then(|e| e.as_ref().map(|h| h.addr().port()));
    match running {
        Some(port) => (true, port),
        None => (
            false,
            o.port.lock().map(|p| *p).unwrap_or(serve::DEFAULT_PORT),
        ),
    }
}

/// The endpoint's state and each option's curl command and token date.
pub fn endpoint_status(app: &AppWorkspace, o: &Orchestration) -> Result<EndpointView, ApiError> {
    crate::users::require_user(app)?;
    endpoint_view(o)
}

fn endpoint_view(o: &Orchestration) -> Result<EndpointView, ApiError> {
    let (running, port) = endpoint_url(o);
    let url = format!("http://127.0.0.1:{port}");
    let ws = o.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    let tokens = ws.tokens().map_err(store_error)?;
    let options = config
        .options
        .iter()
        .map(|opt| {
            let direction = opt.direction().to_string();
            EndpointOption {
                option: opt.name().to_string(),
                token_set_on: tokens
                    .iter()
                    .find(|t| t.option == opt.name())
                    .map(|t| t.created.to_string()),
                curl: curl(&url, opt.name(), &direction, "<token>"),
                direction,
            }
        })
        .collect();
    Ok(EndpointView {
        running,
        url,
        port,
        options,
    })
}

/// Starts the push/pull endpoint on `127.0.0.1:port` (0: any free port) on the sync
/// runtime; already running, it stays as it is.
pub fn start_endpoint(
    app: &AppWorkspace,
    o: &Orchestration,
    port: u16,
) -> Result<EndpointView, ApiError> {
    crate::users::require_admin(app)?;
    {
        let mut slot = o
            .endpoint
            .lock()
            .map_err(|_| workspace_error("the endpoint state is poisoned"))?;
        if slot.is_none() {
            let path = o.path.clone();
            let open: serve::OpenWorkspace = Arc::new(move || Workspace::open(&path));
            let config = ServeConfig {
                bind: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                ..ServeConfig::default()
            };
            let handle = runtime()
                .block_on(serve::start(open, config))
                .map_err(|e| {
                    ApiError::new(
                        codes::ENDPOINT_FAILED,
                        format!("cannot listen on 127.0.0.1:{port}: {e}"),
                    )
                })?;
            if let Ok(mut p) = o.port.lock() {
                *p = handle.addr().port();
            }
            note(
                &o.activity,
                format!("the endpoint listens on {}", handle.base_url()),
            );
            *slot = Some(handle);
        }
    }
    endpoint_view(o)
}

/// Stops the endpoint (requests in flight finish first).
pub fn stop_endpoint(app: &AppWorkspace, o: &Orchestration) -> Result<EndpointView, ApiError> {
    crate::users::require_admin(app)?;
    let handle = o.endpoint.lock().ok().and_then(|mut e| e.take());
    if let Some(h) = handle {
        let _ = runtime().block_on(h.stop());
        note(&o.activity, "the endpoint stopped".into());
    }
    endpoint_view(o)
}

/// The options with a token and when each was made (the tokens themselves are not kept).
pub fn list_tokens(app: &AppWorkspace) -> Result<Vec<synccentral_store::TokenInfo>, ApiError> {
    crate::users::require_user(app)?;
    app.open()?.tokens().map_err(store_error)
}

/// Revokes `option`'s token: its pushes and pulls are refused from now on.
pub fn revoke_token(app: &AppWorkspace, option: &str) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    if app.open()?.revoke_token(option).map_err(store_error)? {
        Ok(())
    } else {
        Err(ApiError::new(
            codes::NOT_FOUND,
            format!("option '{option}' has no token"),
        ))
    }
}

/// A new token for `option` (replacing its previous one), shown once; the workspace keeps
/// only its hash.
pub fn create_token(
    app: &AppWorkspace,
    o: &Orchestration,
    option: &str,
) -> Result<NewToken, ApiError> {
    crate::users::require_admin(app)?;
    let ws = o.open()?;
    let config = ws.config_scrubbed().map_err(store_error)?;
    let Some(opt) = config.option(option) else {
        return Err(crate::options::no_option(option, &config));
    };
    let token = ws
        .create_token(option, Timestamp::now())
        .map_err(store_error)?;
    let (_, port) = endpoint_url(o);
    Ok(NewToken {
        option: option.to_string(),
        curl: curl(
            &format!("http://127.0.0.1:{port}"),
            option,
            opt.direction(),
            &token,
        ),
        token,
    })
}
