//! `synccentral run --option NAME… | --object OBJ | --all [--parallel N] [--full] [--dry-run]
//! [--json]`: runs the workspace's sync options (validated first: any configuration problem
//! exits 2 before anything runs), parents first and independent options `--parallel` at a
//! time, with a progress line on a terminal. Exit 0 when
//! every record landed, 1 when some did not (or a run failed or stopped).

use crate::Failure;
use clap::{ArgGroup, Args as ClapArgs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use synccentral_runner::wire::daemon::{self, Locks};
use synccentral_runner::wire::{
    self, RunRequest, Selection, StoreJournal, WireError, WorkspaceRuns,
};
use synccentral_runner::{CancelToken, RunEvent, RunSummary};

#[derive(ClapArgs)]
#[command(group(ArgGroup::new("which").required(true).args(["option", "object", "all"])))]
pub struct Args {
    /// Run this option (even when inactive); repeat for several.
    #[arg(long, value_name = "NAME")]
    option: Vec<String>,
    /// Run the active options that import into or export from this object.
    #[arg(long, value_name = "OBJECT")]
    object: Option<String>,
    /// Run every active option, parents first.
    #[arg(long)]
    all: bool,
    /// How many independent options run at once (default: the workspace's runs.parallel
    /// setting, else 2).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    parallel: Option<u16>,
    /// Read everything, ignoring the saved checkpoints.
    #[arg(long)]
    full: bool,
    /// Read, map and look up, but write nothing and save no checkpoint.
    #[arg(long)]
    dry_run: bool,
    /// Print the summary as JSON: {"runs":[{"option","status","read",...}]}.
    #[arg(long)]
    json: bool,
}

/// A progress line on standard error when it is a terminal (hidden otherwise).
pub fn progress() -> (ProgressBar, impl Fn(&RunEvent) + Sync) {
    let bar = ProgressBar::new_spinner();
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("template"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let b = bar.clone();
    let events = move |e: &RunEvent| match e {
        RunEvent::Started { option, .. } => b.set_message(format!("{option}: starting")),
        RunEvent::Progress { option, counts } => b.set_message(format!(
            "{option}: {} read, {} written, {} failed, {} skipped",
            counts.read, counts.written, counts.failed, counts.skipped
        )),
        RunEvent::Finished {
            option,
            status,
            counts,
            ..
        } => b.println(format!(
            "{option}: {} ({} read, {} written, {} failed, {} skipped)",
            status.as_str(),
            counts.read,
            counts.written,
            counts.failed,
            counts.skipped
        )),
    };
    (bar, events)
}

/// Prints the summary as a table.
pub fn print_table(summary: &RunSummary) {
    println!(
        "{:<24}  {:<13}  {:>7} {:>8} {:>7} {:>8} {:>9}",
        "OPTION", "STATUS", "READ", "WRITTEN", "FAILED", "SKIPPED", "MS"
    );
    for r in &summary.runs {
        println!(
            "{:<24}  {:<13}  {:>7} {:>8} {:>7} {:>8} {:>9}",
            r.option,
            r.status.as_str(),
            r.read,
            r.written,
            r.failed,
            r.skipped,
            r.duration_ms
        );
    }
}

/// Prints what ran (JSON or a table, and why runs failed) and turns it into the exit.
pub fn finish(result: Result<WorkspaceRuns, WireError>, json: bool) -> Result<(), Failure> {
    let runs = match result {
        Ok(runs) => runs,
        Err(WireError::Config(problems)) => {
            let mut text = format!(
                "{} configuration problem{}; nothing ran:",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            for p in &problems {
                text.push_str(&format!("\n  {p}"));
            }
            return Err(Failure::Unusable(text));
        }
        Err(e @ WireError::Journal(_)) => return Err(Failure::Unusable(e.to_string())),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&runs.summary).expect("summary serialises")
        );
    } else {
        print_table(&runs.summary);
        for o in &runs.outcomes {
            if let Some(m) = &o.message {
                eprintln!("{} (run {}): {m}", o.option, o.run.0);
            }
        }
    }
    match runs.summary.exit_code() {
        0 => Ok(()),
        _ => Err(Failure::Found),
    }
}

/// A multi-threaded runtime for the run, with Ctrl-C asking it to stop between batches.
pub fn runtime(cancel: &CancelToken) -> Result<tokio::runtime::Runtime, Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Unusable(format!("cannot start the runtime: {e}")))?;
    let c = cancel.clone();
    rt.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            c.cancel();
        }
    });
    Ok(rt)
}

/// The options `--option` (repeated), `--object` or `--all` select.
pub fn selection(options: Vec<String>, object: Option<String>) -> Selection {
    match (options.len(), object) {
        (0, Some(object)) => Selection::Object(object),
        (0, None) => Selection::All,
        (1, _) => Selection::Option(options.into_iter().next().unwrap_or_default()),
        _ => Selection::Options(options),
    }
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let selection = selection(args.option, args.object);
    let request = RunRequest {
        full: args.full,
        dry_run: args.dry_run,
        parallel: args.parallel.map(usize::from),
        ..RunRequest::new(selection)
    };
    let journal = StoreJournal::new(ws);
    // The options' locks, as the daemon and the endpoints take them: an option running
    // elsewhere is not started twice. (Configuration problems are reported by the run.)
    let names = wire::plan(&journal, &request.selection)
        .map(|g| g.order())
        .unwrap_or_default();
    let locks = Locks::new(crate::workspace::open(workspace)?);
    let release = |taken: &[String]| {
        for name in taken {
            let _ = locks.release(name);
        }
    };
    let mut taken = Vec::new();
    for name in &names {
        match locks.take(name, jiff::Timestamp::now()) {
            Ok(None) => taken.push(name.clone()),
            Ok(Some(holder)) => {
                release(&taken);
                eprintln!(
                    "{name} is already running (held by {}, pid {}); nothing ran",
                    holder.owner, holder.pid
                );
                return Err(Failure::Found);
            }
            Err(e) => {
                release(&taken);
                return Err(Failure::from(e));
            }
        }
    }
    let cancel = CancelToken::new();
    let rt = runtime(&cancel)?;
    let (bar, events) = progress();
    let result = rt.block_on(daemon::with_heartbeat(
        &locks,
        wire::run_workspace(&journal, &request, &events, &cancel),
    ));
    release(&taken);
    bar.finish_and_clear();
    finish(result, args.json)
}
