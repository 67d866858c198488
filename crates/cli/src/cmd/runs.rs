//! `synccentral runs list | show | export | retry | undo | keep`: what runs did, record by
//! record (with what the Day-Zero guard found), running a run's failed records again,
//! undoing a run, and how many runs the workspace keeps.

use crate::Failure;
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use synccentral_api::runs::{self, CancelToken, FileFormat, RecordFilter};
use synccentral_api::workspace::Workspace;

#[derive(Subcommand)]
pub enum RunsCommand {
    /// List the newest runs.
    List {
        /// How many runs to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show one run and its records (source key, target Id, action, error).
    Show {
        id: i64,
        /// Only the failed records.
        #[arg(long)]
        failed: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write a run's success and error files (the source fields plus Id or error columns).
    Export {
        id: i64,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// The folder to write into (created when missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Run again only the failed records of a run, from their stored source records,
    /// through the same option.
    Retry {
        id: i64,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Undo an import run: give the records it updated their prior values back and delete
    /// the records it inserted. Refuses, listing them, when records changed after the run.
    Undo {
        id: i64,
        /// Undo even records that changed after the run (their changes are overwritten).
        #[arg(long)]
        force: bool,
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show how many runs the workspace keeps (default 50), or set it: older runs and their
    /// records are removed when a run finishes.
    Keep {
        /// The number of runs to keep (at least 1).
        #[arg(value_parser = clap::value_parser!(u64).range(1..))]
        count: Option<u64>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

pub fn run(command: RunsCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    if let RunsCommand::Retry { id, json } = command {
        let journal = synccentral_api::runs::StoreJournal::new(crate::workspace::open(workspace)?);
        let cancel = CancelToken::new();
        let (bar, events) = crate::cmd::run::progress();
        let result = crate::workspace::block_on(
            &cancel,
            synccentral_api::runs::retry_run(&journal, id, None, &events, &cancel),
        );
        bar.finish_and_clear();
        return crate::cmd::run::finish(result, json);
    }
    if let RunsCommand::Undo { id, force, json } = command {
        return undo(crate::workspace::open(workspace)?, id, force, json);
    }
    let app = crate::workspace::app(workspace)?;
    match command {
        RunsCommand::List { limit, json } => {
            let runs = runs::latest_runs(&app, limit)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&runs).expect("runs serialise")
                );
                return Ok(());
            }
            if runs.is_empty() {
                println!("no runs yet");
                return Ok(());
            }
            println!(
                "{:>6}  {:<20}  {:<11}  {:<9}  {:<20}  {:>6} {:>7} {:>6} {:>7}",
                "ID", "OPTION", "MODE", "STATUS", "STARTED", "READ", "WRITTEN", "FAILED", "SKIPPED"
            );
            for r in &runs {
                println!(
                    "{:>6}  {:<20}  {:<11}  {:<9}  {:<20}  {:>6} {:>7} {:>6} {:>7}",
                    r.id,
                    r.option,
                    r.mode,
                    r.status,
                    r.started_at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                    r.counts.read,
                    r.counts.written,
                    r.counts.failed,
                    r.counts.skipped
                );
            }
            Ok(())
        }
        RunsCommand::Show { id, failed, json } => {
            let filter = if failed {
                RecordFilter::Failed
            } else {
                RecordFilter::All
            };
            let found = runs::run_records(&app, id, filter)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&found).expect("run serialises")
                );
                return Ok(());
            }
            let runs::RunRecords {
                run,
                records,
                guard,
                undo_of,
                undone_by,
                warnings,
            } = found;
            println!(
                "run {} of {} ({}): {}, started {}{}",
                run.id,
                run.option,
                run.mode,
                run.status,
                run.started_at,
                run.finished_at
                    .map(|t| format!(", finished {t}"))
                    .unwrap_or_default()
            );
            println!(
                "{} read, {} written, {} failed, {} skipped",
                run.counts.read, run.counts.written, run.counts.failed, run.counts.skipped
            );
            if let Some(e) = &run.error {
                println!("error: {e}");
            }
            if let Some(of) = undo_of {
                println!("undo of run {of}");
            }
            if let Some(by) = undone_by {
                println!("undone by run {by}");
            }
            if !guard.is_empty() {
                println!(
                    "Day-Zero guard: {} field{} held a value the source would blank",
                    guard.len(),
                    if guard.len() == 1 { "" } else { "s" }
                );
                for f in &guard {
                    println!(
                        "{:>6}  {:<8}  {:<24}  {:<18}  {} was {}",
                        f.seq,
                        f.mode,
                        f.source_key.as_deref().unwrap_or("-"),
                        f.target_id.as_deref().unwrap_or("-"),
                        f.field,
                        f.prior
                    );
                }
            }
            for w in &warnings {
                println!("warning: {w}");
            }
            for r in &records {
                let mut line = format!(
                    "{:>6}  {:<12}  {:<24}  {:<18}",
                    r.seq,
                    r.action,
                    r.source_key.as_deref().unwrap_or("-"),
                    r.target_id.as_deref().unwrap_or("-")
                );
                if r.error_code.is_some() || r.error_message.is_some() {
                    line.push_str(&format!(
                        "  {}: {}",
                        r.error_code.as_deref().unwrap_or("ERROR"),
                        r.error_message.as_deref().unwrap_or("")
                    ));
                }
                println!("{}", line.trim_end());
            }
            Ok(())
        }
        RunsCommand::Export { id, format, out } => {
            let format = match format {
                ExportFormat::Csv => FileFormat::Csv,
                ExportFormat::Xlsx => FileFormat::Xlsx,
            };
            let files = runs::export_run_files(&app, id, format, Some(&out))?;
            println!(
                "{} ({} record{})",
                files.success.display(),
                files.success_rows,
                if files.success_rows == 1 { "" } else { "s" }
            );
            println!(
                "{} ({} record{})",
                files.errors.display(),
                files.error_rows,
                if files.error_rows == 1 { "" } else { "s" }
            );
            Ok(())
        }
        RunsCommand::Keep { count } => {
            let (kept, removed) = runs::keep_runs(&app, count.map(|n| n as usize))?;
            if count.is_some() {
                println!("keeping the last {kept} runs ({removed} older removed)");
            } else {
                println!("keeping the last {kept} runs");
            }
            Ok(())
        }
        RunsCommand::Retry { .. } | RunsCommand::Undo { .. } => unreachable!("handled above"),
    }
}

/// `runs undo ID`: exit 0 when every record was restored or deleted, 1 when the undo was
/// refused (records changed after the run; listed) or some records failed, 2 when the run
/// cannot be undone (no such run, already undone, a dry run, an export, an undo).
fn undo(ws: Workspace, id: i64, force: bool, json: bool) -> Result<(), Failure> {
    use synccentral_api::reconcile::UndoError;
    use synccentral_api::runs as wire;
    let journal = wire::StoreJournal::new(ws);
    let cancel = CancelToken::new();
    match crate::workspace::block_on(
        &cancel,
        synccentral_api::reconcile::undo_run(&journal, id, force, None),
    ) {
        Ok(out) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&out).expect("outcome serialises")
                );
            } else {
                println!(
                    "run {} undone by run {} ({}): {} restored, {} deleted, {} undeleted, {} failed, {} skipped",
                    out.undo_of,
                    out.run,
                    out.status,
                    out.restored,
                    out.deleted,
                    out.undeleted,
                    out.failed,
                    out.skipped
                );
                if let Some(m) = &out.message {
                    eprintln!("{m}");
                }
            }
            if out.failed == 0 && out.message.is_none() {
                Ok(())
            } else {
                Err(Failure::Found)
            }
        }
        Err(e @ UndoError::Changed { .. }) => {
            if json {
                if let UndoError::Changed { records, .. } = &e {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&serde_json::json!({"refused": records}))
                            .expect("records serialise")
                    );
                }
            }
            eprintln!("{e}");
            Err(Failure::Found)
        }
        Err(e) => Err(Failure::Unusable(e.to_string())),
    }
}
