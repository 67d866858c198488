//! `synccentral diff --option NAME [--since T] [--window 15m] [--run ID]
//! [--format json|csv|xlsx] [--out FILE]`: compares what an import option would send with its target object and
//! prints the summary (`{"same","different","missing_in_target","missing_in_source",
//! "pending","accepted","deleted_in_source"}`); `--out` writes the rows. `diff resync` pushes the selected rows'
//! source values through a real run and compares again; `diff accept` keeps the selected
//! rows as accepted exceptions until either side changes.
//!
//! Exit 0 when no open exception remains (nothing different, missing or deleted in the
//! source; pending and accepted rows allowed), 1 when some does, 2 on configuration problems.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use synccentral_api::reconcile::diff::{self, Class, DiffRequest, Row, RowSelection, Summary};
use synccentral_api::runs::{CancelToken, StoreJournal, WireError};

#[derive(ClapArgs)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(flatten)]
    which: Which,
    /// Write the rows (all but `same`, unless --include-same) in this format to --out.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The file the rows are written to.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write the rows that are the same on both sides.
    #[arg(long)]
    include_same: bool,
    #[command(subcommand)]
    command: Option<DiffCommand>,
}

/// The option and the pending window.
#[derive(ClapArgs, Clone)]
pub struct Which {
    /// The import option to compare.
    #[arg(long, value_name = "NAME", required = true)]
    option: Option<String>,
    /// Source records changed at or after this instant (RFC 3339) are pending. Default:
    /// the start of the option's last successful run minus --window.
    #[arg(long, value_name = "INSTANT")]
    since: Option<String>,
    /// How long before the last successful run a change still counts as pending.
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    window: String,
    /// Take the source side from this run's stored source records instead of reading
    /// the source again.
    #[arg(long, value_name = "RUN_ID")]
    run: Option<i64>,
}

/// Which rows a remedy applies to.
#[derive(ClapArgs, Clone)]
#[command(group(clap::ArgGroup::new("rows").required(true).args(["select", "keys"])))]
pub struct Rows {
    /// Rows of these classes (comma-separated: different,missing_in_target,pending).
    #[arg(long, value_delimiter = ',', value_name = "CLASSES")]
    select: Vec<String>,
    /// Rows with these keys (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KEYS")]
    keys: Vec<String>,
}

#[derive(Subcommand)]
pub enum DiffCommand {
    /// Push the selected rows' source values through a run, then compare again.
    Resync {
        #[command(flatten)]
        which: Which,
        #[command(flatten)]
        rows: Rows,
        /// Print {"before","runs","after","unsendable"} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Accept the selected rows as they are (until either side changes).
    Accept {
        #[command(flatten)]
        which: Which,
        #[command(flatten)]
        rows: Rows,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

fn request(which: &Which) -> Result<DiffRequest, Failure> {
    let option = which
        .option
        .clone()
        .ok_or_else(|| Failure::Unusable("--option NAME is required".into()))?;
    let since = match &which.since {
        None => None,
        Some(s) => Some(diff::parse_instant(s).ok_or_else(|| {
            Failure::Unusable(format!(
                "--since {s} is not an instant like 2024-06-01T00:00:00Z"
            ))
        })?),
    };
    let window = diff::parse_lookback(&which.window)
        .map_err(|e| Failure::Unusable(format!("--window: {e}")))?;
    Ok(DiffRequest {
        since,
        window,
        from_run: which.run,
        ..DiffRequest::new(option)
    })
}

fn selection(rows: &Rows) -> Result<RowSelection, Failure> {
    let classes = rows
        .select
        .iter()
        .map(|name| {
            Class::parse(name.trim()).ok_or_else(|| {
                Failure::Unusable(format!(
                    "--select {name}: not a class ({})",
                    Class::ALL.map(Class::as_str).join(", ")
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(RowSelection {
        classes,
        keys: rows.keys.clone(),
    })
}

fn wire_failure(e: WireError) -> Failure {
    match e {
        WireError::Config(problems) => {
            let mut text = format!(
                "{} configuration problem{}; nothing was compared:",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            for p in &problems {
                text.push_str(&format!("\n  {p}"));
            }
            Failure::Unusable(text)
        }
        e @ WireError::Journal(_) => Failure::Unusable(e.to_string()),
    }
}

fn clean_exit(summary: &Summary) -> Result<(), Failure> {
    if summary.is_clean() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}

fn summary_json(s: &Summary) -> Value {
    serde_json::to_value(s).expect("summary serialises")
}

fn write_rows(
    path: &Path,
    format: Format,
    outcome: &diff::DiffOutcome,
    rows: &[Row],
) -> Result<(), Failure> {
    let unusable = |e: String| Failure::Unusable(format!("cannot write {}: {e}", path.display()));
    match format {
        Format::Json => {
            let doc = json!({
                "summary": summary_json(&outcome.summary),
                "fields": outcome.fields,
                "skippedFields": outcome.skipped_fields,
                "pendingSince": outcome.pending_since.map(|t| t.to_string()),
                "rows": rows,
            });
            std::fs::write(
                path,
                serde_json::to_string_pretty(&doc).expect("serialises"),
            )
            .map_err(|e| unusable(e.to_string()))
        }
        Format::Csv | Format::Xlsx => {
            diff::write_rows(path, matches!(format, Format::Xlsx), rows).map_err(unusable)
        }
    }
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let journal = StoreJournal::new(crate::workspace::open(workspace)?);
    let cancel = CancelToken::new();
    match args.command {
        Some(DiffCommand::Resync { which, rows, json }) => {
            let request = request(&which)?;
            let select = selection(&rows)?;
            let (bar, events) = crate::cmd::run::progress();
            let done = crate::workspace::block_on(
                &cancel,
                diff::resync(&journal, &request, &select, &events, &cancel),
            )
            .map_err(wire_failure)?;
            bar.finish_and_clear();
            if json {
                println!(
                    "{}",
                    json!({
                        "before": summary_json(&done.before),
                        "runs": done.runs.summary,
                        "after": summary_json(&done.after),
                        "unsendable": done.unsendable,
                    })
                );
            } else {
                crate::cmd::run::print_table(&done.runs.summary);
                println!("before: {}", summary_json(&done.before));
                println!("after:  {}", summary_json(&done.after));
                if !done.unsendable.is_empty() {
                    eprintln!(
                        "no source record to push for: {}",
                        done.unsendable.join(", ")
                    );
                }
            }
            if done.runs.summary.exit_code() != 0 {
                return Err(Failure::Found);
            }
            clean_exit(&done.after)
        }
        Some(DiffCommand::Accept { which, rows }) => {
            let request = request(&which)?;
            let select = selection(&rows)?;
            let keys =
                crate::workspace::block_on(&cancel, diff::accept(&journal, &request, &select))
                    .map_err(wire_failure)?;
            println!("{}", json!({"accepted": keys}));
            Ok(())
        }
        None => {
            let request = request(&args.which)?;
            let mut rows = Vec::new();
            let include_same = args.include_same;
            let keep = args.out.is_some();
            let outcome = crate::workspace::block_on(
                &cancel,
                diff::diff_option(&journal, &request, &mut |row| {
                    if keep && (include_same || row.class != Class::Same) {
                        rows.push(row);
                    }
                }),
            )
            .map_err(wire_failure)?;
            if let Some(path) = &args.out {
                write_rows(path, args.format, &outcome, &rows)?;
            }
            println!("{}", summary_json(&outcome.summary));
            clean_exit(&outcome.summary)
        }
    }
}
