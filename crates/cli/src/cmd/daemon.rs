//! `synccentral daemon [--run-missed] [--every SECS] [--once]`: runs the workspace's
//! schedules headless with the service layer's schedule loop (`orchestration::scheduler`),
//! the one the desktop app runs while it is open. Every few seconds it looks at the schedules,
//! reports fires missed while it was not running (and with `--run-missed` runs each such
//! schedule once on start), and starts each due schedule's options under per-option locks
//! in the workspace, so two daemons never run one option at once. Alongside, it watches the
//! folders of import options with `watch`: each settled JSON/CSV file is
//! imported and moved to `processed/` or `failed/`. Ctrl-C (or SIGTERM from systemd) stops
//! it between looks; running options stop between batches.

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use synccentral_api::orchestration::scheduler::{schedule_loop, LoopRules};
use synccentral_api::runs::{self, CancelToken};

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
    let cancel = CancelToken::new();
    // Ctrl-C, or SIGTERM from systemd, stops it between looks.
    runs::cancel_on_stop_signals(&cancel);
    let rules = LoopRules {
        every: Duration::from_secs(args.every),
        run_missed_once: args.run_missed,
        once: args.once,
    };
    let say = Arc::new(|line: String| log(&format!("daemon: {line}")));
    synccentral_api::workspace::block_on(schedule_loop(
        ws.path().to_path_buf(),
        rules,
        cancel,
        say,
    ));
    log("daemon stopped");
    Ok(())
}
