//! `synccentral daemon [--run-missed] [--every SECS] [--once]`: runs the workspace's
//! schedules headless. Every few seconds it looks at the schedules (`wire::daemon::look`),
//! reports fires missed while it was not running (and with `--run-missed` runs each such
//! schedule once on start), and starts each due schedule's options under per-option locks
//! in the workspace, so two daemons never run one option at once. Alongside, it watches the
//! folders of import options with `watch` (`wire::folder`): each settled JSON/CSV file is
//! imported and moved to `processed/` or `failed/`. Ctrl-C (or SIGTERM from systemd) stops
//! it between looks; running options stop between batches.

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use synccentral_api::orchestration::daemon::TickRules;
use synccentral_api::orchestration::daemon::{self, Locks};
use synccentral_api::orchestration::folder::{self, WatchConfig, WatchEvent};
use synccentral_api::runs::{self, CancelToken, RunEvent, StoreJournal};
use synccentral_api::workspace::Workspace;

#[derive(ClapArgs)]
pub struct Args {
    /// On start, run once each schedule whose fire times passed while no daemon ran.
    #[arg(long)]
    run_missed: bool,
    /// Seconds between looks at the schedules.
    #[arg(long, value_name = "SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Look once, run what is due, wait for it and exit.
    #[arg(long)]
    once: bool,
}

fn log(line: &str) {
    eprintln!(
        "{} {line}",
        synccentral_api::Timestamp::now()
            .round(synccentral_api::TimeUnit::Second)
            .unwrap_or_default()
    );
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let path: PathBuf = ws.path().to_path_buf();
    let open = move || Workspace::open(&path);
    let open_shared: synccentral_api::orchestration::endpoint::OpenWorkspace =
        Arc::new(open.clone());
    let locks = Arc::new(Locks::new(open().map_err(Failure::from)?));
    let cancel = CancelToken::new();
    // Ctrl-C, or SIGTERM from systemd, stops it between looks.
    runs::cancel_on_stop_signals(&cancel);
    let count = ws.config_scrubbed().map(|c| c.schedules.len()).unwrap_or(0);
    log(&format!(
        "daemon {}: {count} schedule{} in {}",
        locks.owner(),
        if count == 1 { "" } else { "s" },
        ws.path().display()
    ));
    let mut rules = TickRules {
        run_missed_once: args.run_missed,
        ..TickRules::default()
    };
    let folders = ws
        .config_scrubbed()
        .map(|c| folder::watched_folders(&c))
        .unwrap_or_default();
    for f in &folders {
        log(&format!(
            "watching {} for option '{}'",
            f.folder.display(),
            f.option
        ));
    }
    synccentral_api::workspace::block_on(async {
        // --once looks at the schedules only; the folders are watched while the daemon runs.
        let watcher = (!args.once).then(|| {
            folder::watch(
                open_shared,
                WatchConfig::default(),
                Arc::new(|event| match event {
                    WatchEvent::Dropped(d) => {
                        let mut line = format!(
                            "folder: {} → {} (option '{}', run {}{})",
                            d.file.display(),
                            d.moved_to.display(),
                            d.option,
                            d.run,
                            d.message.map(|m| format!(": {m}")).unwrap_or_default()
                        );
                        for o in &d.outcomes {
                            for w in &o.warnings {
                                line.push_str(&format!("; warning: {w}"));
                            }
                        }
                        log(&line)
                    }
                    WatchEvent::Problem { path, message } => {
                        log(&format!("folder: {}: {message}", path.display()))
                    }
                }),
            )
        });
        let mut running = tokio::task::JoinSet::new();
        while !cancel.is_cancelled() {
            let tick = match daemon::look(&ws, synccentral_api::Timestamp::now(), rules) {
                Ok(t) => t,
                Err(e) => {
                    log(&format!("cannot read the schedules: {e}"));
                    Default::default()
                }
            };
            rules.run_missed_once = false;
            for m in &tick.missed {
                log(&format!(
                    "schedule '{}': {} fire time{} missed while no daemon ran ({} … {})",
                    m.schedule,
                    m.count,
                    if m.count == 1 { "" } else { "s" },
                    m.first,
                    m.last
                ));
            }
            for due in tick.due {
                let journal = match open() {
                    Ok(ws) => StoreJournal::new(ws),
                    Err(e) => {
                        log(&format!("schedule '{}': {e}", due.schedule));
                        continue;
                    }
                };
                let (locks, cancel) = (locks.clone(), cancel.clone());
                log(&format!(
                    "schedule '{}' fires{}: {}",
                    due.schedule,
                    if due.catch_up {
                        " (missed, run once)"
                    } else {
                        ""
                    },
                    due.options.join(", ")
                ));
                running.spawn(async move {
                    let events = |_: &RunEvent| {};
                    match daemon::run_due(&journal, &locks, &due, None, &events, &cancel).await {
                        Err(e) => log(&format!("schedule '{}': {e}", due.schedule)),
                        Ok(report) => {
                            for (option, holder) in &report.busy {
                                log(&format!(
                                    "schedule '{}': {option} is already running (held by {}, pid {}); not started again",
                                    due.schedule, holder.owner, holder.pid
                                ));
                            }
                            match report.runs {
                                Some(Ok(runs)) => {
                                    for r in &runs.summary.runs {
                                        log(&format!(
                                            "schedule '{}': {} {} ({} read, {} written, {} failed, {} skipped)",
                                            due.schedule, r.option, r.status.as_str(), r.read, r.written, r.failed, r.skipped
                                        ));
                                        for w in &r.warnings {
                                            log(&format!("schedule '{}': {}: warning: {w}", due.schedule, r.option));
                                        }
                                    }
                                }
                                Some(Err(e)) => log(&format!("schedule '{}': {e}", due.schedule)),
                                None => {}
                            }
                        }
                    }
                });
            }
            if args.once {
                break;
            }
            let mut slept = Duration::ZERO;
            while slept < Duration::from_secs(args.every) && !cancel.is_cancelled() {
                tokio::time::sleep(Duration::from_millis(250)).await;
                slept += Duration::from_millis(250);
                while running.try_join_next().is_some() {}
            }
        }
        while running.join_next().await.is_some() {}
        if let Some(w) = watcher {
            w.stop().await;
        }
    });
    log("daemon stopped");
    Ok(())
}
