//! Runs of a workspace's options, end to end: the store's configuration → validated plans
//! (every problem collected before anything runs) → run order → one egress client, one
//! login per Salesforce connection → each option's run through the connectors' adapters
//! → the [`RunSummary`].
//!
//! - [`journal::StoreJournal`]: the store as the runs' journal;
//! - [`salesforce::OrgTarget`] / [`salesforce::OrgSource`]: the Salesforce client;
//! - [`httpapi::ApiPages`] / [`httpapi::Sink`]: the HTTP API connector;
//! - [`convert`]: the store's configuration types into each connector's;
//! - [`undo`]: undoing an import run, and the Day-Zero guard as a dry run.

use super::source::{self, ImportFrom};
use super::{convert, graph as graph_run, httpapi, salesforce};
use crate::orchestration::mail as notify;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use synccentral_httpapi::{Fetcher, HttpApiError, Sender};
use synccentral_net::{Egress, RetryPolicy};
use synccentral_runner::connect::{CancelToken, SoqlSource, SourceError};
use synccentral_runner::export::run_export;
use synccentral_runner::graph::RunGraph;
use synccentral_runner::import::run_import;
use synccentral_runner::journal::JournalError;
use synccentral_runner::options::{validate_export, validate_import, ExportPlan, ImportPlan};
use synccentral_runner::order::OrderItem;
use synccentral_runner::run::{RunCtx, RunEvent, RunOutcome};
use synccentral_runner::summary::RunSummary;
use synccentral_runner::window::Window;
use synccentral_salesforce::{Client, Loader};
use synccentral_store::config as cfg;
use synccentral_store::{Connection, SyncOption};

pub use super::journal::StoreJournal;

/// Which options a command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// This option (active or not).
    Option(String),
    /// The active options writing (imports) or reading (exports) this object.
    Object(String),
    /// Every active option.
    All,
    /// These options (active or not), each named once.
    Options(Vec<String>),
}

/// What to run and how.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// Which options.
    pub selection: Selection,
    /// Read everything, ignoring the saved checkpoints (a new one is saved).
    pub full: bool,
    /// Read, map and look up; write nothing, save no checkpoint.
    pub dry_run: bool,
    /// The egress retry policy (default: [`RetryPolicy::default`]).
    pub retry: Option<RetryPolicy>,
    /// How many independent options run at once (default: the workspace's `runs.parallel`
    /// setting, else 2).
    pub parallel: Option<usize>,
}

impl RunRequest {
    /// A normal run of `selection`.
    pub fn new(selection: Selection) -> RunRequest {
        RunRequest {
            selection,
            full: false,
            dry_run: false,
            retry: None,
            parallel: None,
        }
    }
}

/// A configuration problem found before anything ran: where in the configuration
/// document, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer into the configuration document (`/options/2/mapping/fields/0/target`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

pub(crate) fn problem(pointer: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// Why a command's runs did not happen or could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The configuration has problems; nothing ran (exit 2).
    #[error("{} configuration problem{}:{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    Config(Vec<Problem>),
    /// The workspace could not record a run.
    #[error("{0}")]
    Journal(#[from] JournalError),
}

/// What a command's runs did.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceRuns {
    /// The summary, one line per run, in run order.
    pub summary: RunSummary,
    /// Each run's outcome (with the journal's run id), in run order.
    pub outcomes: Vec<RunOutcome>,
}

// One of each per option in a command: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Work {
    Import {
        plan: Box<ImportPlan>,
        /// The second pass of an option linking records of its own object: only the key and
        /// the self links, over the records the first pass read.
        links: Option<Box<ImportPlan>>,
        source: ImportFrom,
        target: salesforce::OrgTarget,
    },
    Export {
        plan: Box<ExportPlan>,
        source: salesforce::OrgSource,
        sink: httpapi::Sink,
    },
}

pub(crate) struct Prepared {
    pub(crate) name: String,
    pub(crate) work: Work,
}

/// Everything validated and connected, in run order, with the graph of who waits for whom.
pub(crate) struct Ready {
    pub(crate) egress: Egress,
    pub(crate) options: Vec<Prepared>,
    pub(crate) graph: RunGraph,
}

pub(crate) fn select(config: &cfg::Config, selection: &Selection) -> Result<Vec<usize>, Problem> {
    if let Selection::Options(names) = selection {
        let mut out: Vec<usize> = Vec::new();
        for name in names {
            for i in select(config, &Selection::Option(name.clone()))? {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        return Ok(out);
    }
    let object_of = |o: &SyncOption| match o {
        SyncOption::Import(i) => i.target.object.clone(),
        SyncOption::Export(e) => e.source.object.clone(),
    };
    match selection {
        Selection::Option(name) => config
            .options
            .iter()
            .position(|o| o.name() == name)
            .map(|i| vec![i])
            .ok_or_else(|| {
                let names: Vec<&str> = config.options.iter().map(|o| o.name()).collect();
                let hint = synccentral_engine::suggest::nearest(name, &names)
                    .map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                problem("/options", format!("no option named \"{name}\"{hint}"))
            }),
        Selection::Object(object) => {
            let found: Vec<usize> = (0..config.options.len())
                .filter(|&i| {
                    let o = &config.options[i];
                    o.active() && object_of(o).eq_ignore_ascii_case(object)
                })
                .collect();
            if found.is_empty() {
                Err(problem(
                    "/options",
                    format!("no active option imports or exports {object}"),
                ))
            } else {
                Ok(found)
            }
        }
        Selection::All => Ok((0..config.options.len())
            .filter(|&i| config.options[i].active())
            .collect()),
        Selection::Options(_) => Ok(Vec::new()),
    }
}

fn http_conn<'a>(
    config: &'a cfg::Config,
    name: &str,
    pointer: String,
    problems: &mut Vec<Problem>,
) -> Option<&'a cfg::HttpConnection> {
    match config.connection(name) {
        Some(Connection::Http(c)) => Some(c),
        _ => {
            problems.push(problem(
                pointer,
                format!("no http connection named \"{name}\""),
            ));
            None
        }
    }
}

fn config_problems(pointer: &str, e: HttpApiError) -> Vec<Problem> {
    match e {
        HttpApiError::Config { problems } => {
            problems.into_iter().map(|p| problem(pointer, p)).collect()
        }
        other => vec![problem(pointer, other.to_string())],
    }
}

/// Logs in to `name` once (kept in `clients`), storing a new refresh token the login gave.
pub(crate) async fn login(
    journal: &StoreJournal,
    config: &cfg::Config,
    egress: &Egress,
    name: &str,
    clients: &mut HashMap<String, Result<Client, ()>>,
    problems: &mut Vec<Problem>,
) -> Option<Client> {
    if let Some(done) = clients.get(name) {
        return done.clone().ok();
    }
    let index = config.connections.iter().position(|c| c.name() == name);
    let pointer = index
        .map(|i| format!("/connections/{i}"))
        .unwrap_or_default();
    let conn = match config.connection(name) {
        Some(Connection::Salesforce(c)) => c,
        _ => {
            problems.push(problem(
                pointer,
                format!("no salesforce connection named \"{name}\""),
            ));
            clients.insert(name.to_string(), Err(()));
            return None;
        }
    };
    let result = match convert::salesforce_config(conn) {
        Err(message) => Err(problem(pointer.clone(), message)),
        Ok(sf) => Client::connect(egress.clone(), sf).await.map_err(|e| {
            problem(
                pointer.clone(),
                format!("login to {} failed: {e} ({})", conn.login_url, e.code()),
            )
        }),
    };
    match result {
        Ok(client) => {
            let stored = match &conn.auth {
                cfg::SalesforceAuth::Jwt(j) => Some(j.refresh_token.as_ref()),
                cfg::SalesforceAuth::Web(w) => Some(w.refresh_token.as_ref()),
                _ => None,
            };
            if let (Some(stored), Some(new)) = (stored, client.refresh_token()) {
                if stored.map(|s| s.expose()) != Some(new.as_str()) {
                    if let Err(e) = journal
                        .workspace()
                        .set_secret(name, "/auth/refreshToken", &new)
                    {
                        problems.push(problem(
                            pointer,
                            format!("could not store the new refresh token: {e}"),
                        ));
                    }
                }
            }
            clients.insert(name.to_string(), Ok(client.clone()));
            Some(client)
        }
        Err(p) => {
            problems.push(p);
            clients.insert(name.to_string(), Err(()));
            None
        }
    }
}

/// Validates the selected options (config, mappings against describes fetched from their
/// org, connector configs), logs in, and orders them. Every problem is collected.
pub(crate) async fn prepare(
    journal: &StoreJournal,
    request: &RunRequest,
) -> Result<Ready, Vec<Problem>> {
    let config = journal
        .workspace()
        .config()
        .map_err(|e| vec![problem("", format!("the workspace's configuration: {e}"))])?;
    let mut problems = Vec::new();
    let selected = select(&config, &request.selection).map_err(|p| vec![p])?;
    // A cycle is reported with the other problems, before any login.
    let items: Vec<OrderItem> = selected
        .iter()
        .map(|&i| graph_run::order_item(&config.options[i]))
        .collect();
    if let Err(e) = RunGraph::build(&items) {
        problems.push(problem("/options", e.to_string()));
    }
    let egress = crate::connections::egress(&config.remote_sites, request.retry)?;

    let mut clients: HashMap<String, Result<Client, ()>> = HashMap::new();
    let mut describes = HashMap::new();
    let mut prepared = Vec::new();
    for index in selected {
        let base = format!("/options/{index}");
        match &config.options[index] {
            SyncOption::Import(o) => {
                let source = match &o.source {
                    cfg::ImportSource::Api(api) => {
                        let conn = http_conn(
                            &config,
                            &api.connection,
                            format!("{base}/source/connection"),
                            &mut problems,
                        );
                        let source = conn.map(|c| httpapi::ApiRead {
                            records: convert::source_config(c, api),
                            // With deletes ignored, the endpoint is never called.
                            deletions: convert::deletions_config(c, api)
                                .filter(|_| o.deletes != cfg::DeleteMode::Ignore),
                        });
                        if let Some(source) = &source {
                            let walks =
                                std::iter::once((&source.records, format!("{base}/source"))).chain(
                                    source
                                        .deletions
                                        .iter()
                                        .map(|d| (d, format!("{base}/source/deletions"))),
                                );
                            for (config, at) in walks {
                                if let Err(e) = Fetcher::new(
                                    config,
                                    synccentral_httpapi::Window::default(),
                                    egress.clone(),
                                ) {
                                    problems.extend(config_problems(&at, e));
                                }
                            }
                        }
                        source.map(ImportFrom::Api)
                    }
                    cfg::ImportSource::Org(org) => {
                        let client = login(
                            journal,
                            &config,
                            &egress,
                            &org.connection,
                            &mut clients,
                            &mut problems,
                        )
                        .await;
                        match client {
                            Some(client) => {
                                match org_source(client, org, &base, &mut problems).await {
                                    Some(s) => Some(ImportFrom::Org(salesforce::OrgSource {
                                        all: o.deletes != cfg::DeleteMode::Ignore,
                                        ..s
                                    })),
                                    None => continue,
                                }
                            }
                            None => None,
                        }
                    }
                };
                let Some(client) = login(
                    journal,
                    &config,
                    &egress,
                    &o.target.connection,
                    &mut clients,
                    &mut problems,
                )
                .await
                else {
                    continue;
                };
                let key = (o.target.connection.clone(), o.target.object.to_lowercase());
                if !describes.contains_key(&key) {
                    let d = client.describe(&o.target.object).await.map_err(|e| {
                        format!("cannot describe {}: {e} ({})", o.target.object, e.code())
                    });
                    describes.insert(key.clone(), d);
                }
                let describe = match &describes[&key] {
                    Ok(d) => d.clone(),
                    Err(m) => {
                        problems.push(problem(format!("{base}/target/object"), m.clone()));
                        continue;
                    }
                };
                // An option linking records of its own object loads them first without
                // those links (see graph_run).
                let records_mapping = graph_run::records_mapping(o);
                let records_option = records_mapping.map(|mapping| cfg::ImportOption {
                    mapping,
                    ..o.clone()
                });
                let mut plan =
                    match validate_import(records_option.as_ref().unwrap_or(o), &describe) {
                        Ok(p) => p,
                        Err(issues) => {
                            problems.extend(
                                issues
                                    .into_iter()
                                    .map(|i| problem(format!("{base}{}", i.pointer), i.message)),
                            );
                            continue;
                        }
                    };
                let links = match graph_run::links_plan(o, &describe) {
                    Ok(links) => links.map(Box::new),
                    Err(issues) => {
                        problems.extend(
                            issues
                                .into_iter()
                                .map(|i| problem(format!("{base}{}", i.pointer), i.message)),
                        );
                        continue;
                    }
                };
                // The links pass reads the records the first pass read: an org source
                // selects the links' fields too.
                if let (Some(read), Some(more)) = (
                    plan.org_source.as_mut(),
                    links.as_ref().and_then(|l| l.org_source.as_ref()),
                ) {
                    for f in &more.fields {
                        if !read.fields.iter().any(|x| x.eq_ignore_ascii_case(f)) {
                            read.fields.push(f.clone());
                        }
                    }
                }
                let mut loader = Loader::new(client);
                loader.api = o.target.api;
                loader.bulk_threshold =
                    usize::try_from(o.target.bulk_threshold).unwrap_or(usize::MAX);
                if let Some(source) = source {
                    prepared.push(Prepared {
                        name: o.name.clone(),
                        work: Work::Import {
                            plan: Box::new(plan),
                            links,
                            source,
                            target: salesforce::OrgTarget::new(loader, Some(describe)),
                        },
                    });
                }
            }
            SyncOption::Export(o) => {
                if let Some(inc) = &o.incremental {
                    if !inc.cursor.eq_ignore_ascii_case("SystemModstamp") {
                        problems.push(problem(
                            format!("{base}/incremental/cursor"),
                            format!("an export is incremental on SystemModstamp (with Id as the tie), not {}", inc.cursor),
                        ));
                    }
                }
                let sink = match (&o.target.connection, &o.target.file) {
                    (Some(name), _) => http_conn(
                        &config,
                        name,
                        format!("{base}/target/connection"),
                        &mut problems,
                    )
                    .and_then(|c| {
                        match Sender::new(&convert::sink_config(c, &o.target), egress.clone()) {
                            Ok(s) => Some(httpapi::Sink::Api(Box::new(s))),
                            Err(e) => {
                                problems.extend(config_problems(&format!("{base}/target"), e));
                                None
                            }
                        }
                    }),
                    (None, Some(file)) => Some(httpapi::Sink::File {
                        path: file.into(),
                        format: convert::file_format(&o.target),
                        written: Mutex::new(Vec::new()),
                    }),
                    (None, None) => {
                        problems.push(problem(
                            format!("{base}/target"),
                            "an export needs a connection or a file",
                        ));
                        None
                    }
                };
                let plan = match validate_export(o) {
                    Ok(p) => Some(p),
                    Err(issues) => {
                        problems.extend(
                            issues
                                .into_iter()
                                .map(|i| problem(format!("{base}{}", i.pointer), i.message)),
                        );
                        None
                    }
                };
                let client = login(
                    journal,
                    &config,
                    &egress,
                    &o.source.connection,
                    &mut clients,
                    &mut problems,
                )
                .await;
                let source = match client {
                    Some(client) => match org_source(client, &o.source, &base, &mut problems).await
                    {
                        Some(source) => Some(source),
                        None => continue,
                    },
                    None => None,
                };
                if let (Some(plan), Some(sink), Some(source)) = (plan, sink, source) {
                    prepared.push(Prepared {
                        name: o.name.clone(),
                        work: Work::Export {
                            plan: Box::new(plan),
                            source,
                            sink,
                        },
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let items: Vec<OrderItem> = prepared
        .iter()
        .map(|p| match &p.work {
            Work::Import { plan, .. } => OrderItem::from(plan.as_ref()),
            Work::Export { plan, .. } => OrderItem::from(plan.as_ref()),
        })
        .collect();
    let graph = RunGraph::build(&items).map_err(|e| vec![problem("/options", e.to_string())])?;
    let mut by_name: HashMap<String, Prepared> =
        prepared.into_iter().map(|p| (p.name.clone(), p)).collect();
    let options = graph
        .order()
        .iter()
        .filter_map(|name| by_name.remove(name))
        .collect();
    Ok(Ready {
        egress,
        options,
        graph,
    })
}

/// A Salesforce source (an export's, or an import's from another org) on a logged-in
/// client: with `api: bulk`, the object's describe types the Bulk query's CSV.
async fn org_source(
    client: Client,
    source: &cfg::SalesforceSource,
    base: &str,
    problems: &mut Vec<Problem>,
) -> Option<salesforce::OrgSource> {
    let bulk = match source.api {
        cfg::SalesforceApi::Bulk => match client.describe(&source.object).await {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(problem(
                    format!("{base}/source/object"),
                    format!("cannot describe {}: {e} ({})", source.object, e.code()),
                ));
                return None;
            }
        },
        _ => None,
    };
    Some(salesforce::OrgSource {
        client,
        object: source.object.clone(),
        limit: source.limit,
        api: source.api,
        describe: bulk,
        all: false,
    })
}

/// Records already in hand, as an export's source (a retry of stored Salesforce records).
pub(crate) struct StoredRecords(Mutex<Option<Vec<Value>>>);

impl SoqlSource for StoredRecords {
    type Pages = httpapi::ApiPages;
    async fn query(
        &self,
        _soql: &synccentral_runner::export::Soql,
    ) -> Result<httpapi::ApiPages, SourceError> {
        let records = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(httpapi::ApiPages::Records(records))
    }
}

pub(crate) async fn run_one(
    journal: &StoreJournal,
    egress: &Egress,
    prepared: &Prepared,
    records: Option<Vec<Value>>,
    ctx: &RunCtx<'_>,
) -> Result<RunOutcome, JournalError> {
    match &prepared.work {
        Work::Import {
            plan,
            source,
            target,
            ..
        } => {
            let open = |w: &Window| match records {
                Some(r) => source::records(r),
                None => source.open(plan, w, egress),
            };
            run_import(plan, open, target, journal, ctx).await
        }
        Work::Export { plan, source, sink } => match records {
            Some(r) => {
                let stored = StoredRecords(Mutex::new(Some(r)));
                run_export(plan, &stored, sink, journal, ctx).await
            }
            None => run_export(plan, source, sink, journal, ctx).await,
        },
    }
}

/// Runs the selected options of the workspace in `journal`: validates everything first
/// (any problem → [`WireError::Config`], nothing ran), then walks the run graph: parents
/// first, independent options up to `parallel` at once, the children of a parent that did
/// not succeed `skipped`. Each run's events go to `events`; the summary is in start order.
pub async fn run_workspace(
    journal: &StoreJournal,
    request: &RunRequest,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<WorkspaceRuns, WireError> {
    let ready = prepare(journal, request).await.map_err(WireError::Config)?;
    journal.set_ignore_checkpoints(request.full);
    let parallel = match request.parallel {
        Some(n) => n,
        None => graph_run::parallel_setting(journal),
    };
    let ctx = RunCtx {
        dry_run: request.dry_run,
        ..RunCtx::live(cancel, events)
    };
    graph_run::run_graph(journal, &ready, parallel, &ctx).await
}

/// The run graph of `selection` as configured, without connecting or running anything
/// (`synccentral plan`): references come from the stored mappings.
pub fn plan(journal: &StoreJournal, selection: &Selection) -> Result<RunGraph, WireError> {
    let config = journal.workspace().config().map_err(|e| {
        WireError::Config(vec![problem(
            "",
            format!("the workspace's configuration: {e}"),
        )])
    })?;
    let selected = select(&config, selection).map_err(|p| WireError::Config(vec![p]))?;
    let items: Vec<OrderItem> = selected
        .into_iter()
        .map(|i| graph_run::order_item(&config.options[i]))
        .collect();
    RunGraph::build(&items).map_err(|e| WireError::Config(vec![problem("/options", e.to_string())]))
}

/// Runs again only the failed records of run `run_id`, from their stored source records,
/// through the same option (as it is configured now). The checkpoint is neither read nor
/// moved; the new run is recorded with mode `retry`.
pub async fn retry_run(
    journal: &StoreJournal,
    run_id: i64,
    retry: Option<RetryPolicy>,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<WorkspaceRuns, WireError> {
    let (option, records) = {
        let ws = journal.workspace();
        let id = synccentral_store::RunId(run_id);
        let run = ws
            .run(id)
            .map_err(|e| WireError::Config(vec![problem("", e.to_string())]))?;
        let failed = ws
            .failed_records(id)
            .map_err(|e| WireError::Config(vec![problem("", e.to_string())]))?;
        let records: Vec<Value> = failed.into_iter().filter_map(|r| r.source).collect();
        (run.option, records)
    };
    if records.is_empty() {
        return Ok(WorkspaceRuns::default());
    }
    let request = RunRequest {
        retry,
        ..RunRequest::new(Selection::Option(option))
    };
    let ready = prepare(journal, &request)
        .await
        .map_err(WireError::Config)?;
    rerun_records(journal, &ready, records, events, cancel).await
}

/// Runs `records` (stored source records) through the first prepared option as a retry:
/// recorded with mode `retry`, the checkpoint neither read nor moved, the mail sent as
/// after any run. Retries of failed records and the diff's re-sync both come here.
pub(crate) async fn rerun_records(
    journal: &StoreJournal,
    ready: &Ready,
    records: Vec<Value>,
    events: &(dyn Fn(&RunEvent) + Sync),
    cancel: &CancelToken,
) -> Result<WorkspaceRuns, WireError> {
    let mut out = WorkspaceRuns::default();
    let Some(prepared) = ready.options.first() else {
        return Ok(out);
    };
    let ctx = RunCtx::live(cancel, events);
    journal.set_retry(true);
    let result = run_one(journal, &ready.egress, prepared, Some(records), &ctx).await;
    journal.set_retry(false);
    out.outcomes.push(result?);
    notify::after_runs(journal, &mut out.outcomes).await;
    out.summary.push(&out.outcomes[0]);
    Ok(out)
}
