//! `synccentral run --option NAME… | --object OBJ | --all [--parallel N] [--full] [--dry-run]
//! [--json]`: runs the workspace's sync options (validated first: any configuration problem
//! exits 2 before anything runs), parents first and independent options `--parallel` at a
//! time, with a progress line on a terminal. A dry run also shows, per record, the
//! field-level change it would make (old → new; `"changes"` in `--json`). Exit 0 when
//! every record landed, 1 when some did not (or a run failed or stopped).

use crate::Failure;
use clap::{ArgGroup, Args as ClapArgs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use synccentral_api::codes;
use synccentral_api::runs::{
    self, CancelToken, DryChanges, RunEvent, RunRequest, RunSummary, Selection, WireError,
    WorkspaceRuns,
};

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
        "{:<24}  {:<13}  {:>7} {:>8} {:>7} {:>8} {:>9} {:>9}",
        "OPTION", "STATUS", "READ", "WRITTEN", "FAILED", "SKIPPED", "MS", "API CALLS"
    );
    for r in &summary.runs {
        println!(
            "{:<24}  {:<13}  {:>7} {:>8} {:>7} {:>8} {:>9} {:>9}",
            r.option,
            r.status.as_str(),
            r.read,
            r.written,
            r.failed,
            r.skipped,
            r.duration_ms,
            r.api_calls
                .map_or_else(|| "-".to_string(), |c| c.made.to_string())
        );
    }
}

/// Prints what ran (JSON or a table, and why runs failed) and turns it into the exit.
pub fn finish(result: Result<WorkspaceRuns, WireError>, json: bool) -> Result<(), Failure> {
    finish_with_changes(result, json, &Vec::new())
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(empty)".into(),
        other => other.to_string(),
    }
}

/// [`finish`], with the dry run's field-level changes: under `"changes"` by option in
/// JSON, else one line per changed field after the table.
pub fn finish_with_changes(
    result: Result<WorkspaceRuns, WireError>,
    json: bool,
    changes: &DryChanges,
) -> Result<(), Failure> {
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
        let mut doc = serde_json::to_value(&runs.summary).expect("summary serialises");
        if !changes.is_empty() {
            let by_option: serde_json::Map<String, serde_json::Value> = changes
                .iter()
                .map(|(o, c)| {
                    (
                        o.clone(),
                        serde_json::to_value(c).expect("changes serialise"),
                    )
                })
                .collect();
            doc["changes"] = serde_json::Value::Object(by_option);
        }
        println!("{doc}");
    } else {
        print_table(&runs.summary);
        for (option, records) in changes {
            for r in records {
                let key = r.key.as_deref().unwrap_or("(no key)");
                let target = r
                    .target_id
                    .as_deref()
                    .map(|id| format!(" {id}"))
                    .unwrap_or_default();
                if r.changes.is_empty() {
                    println!("{option} {key} ({}{target}): no field changes", r.action);
                }
                for c in &r.changes {
                    println!(
                        "{option} {key} ({}{target}): {}: {} → {}",
                        r.action,
                        c.field,
                        value_text(&c.old),
                        value_text(&c.new)
                    );
                }
            }
        }
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
    let app = crate::workspace::app(workspace)?;
    let request = RunRequest {
        full: args.full,
        dry_run: args.dry_run,
        parallel: args.parallel.map(usize::from),
        ..RunRequest::new(selection(args.option, args.object))
    };
    for notice in synccentral_api::connections::password_flow_notices(&app)? {
        eprintln!("{notice}");
    }
    let cancel = CancelToken::new();
    runs::cancel_on_ctrl_c(&cancel);
    let (bar, events) = progress();
    // Under the options' locks, as the daemon, the endpoints and the app take them: an
    // option running elsewhere is not started twice (exit 1, naming the holder).
    let result = runs::run_options(&app, &request, &events, &cancel);
    bar.finish_and_clear();
    let result = match result {
        Ok(r) => r,
        Err(e) if e.code == codes::ALREADY_RUNNING => {
            eprintln!("{}", e.message);
            return Err(Failure::Found);
        }
        Err(e) => return Err(e.into()),
    };
    let changes = match (&result, args.dry_run) {
        (Ok(done), true) => {
            let (changes, notes) = runs::dry_run_changes(&app, done)?;
            for note in notes {
                eprintln!("{note}");
            }
            changes
        }
        _ => Vec::new(),
    };
    finish_with_changes(result, args.json, &changes)
}
