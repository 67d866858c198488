//! `synccentral guard --option NAME`: the Day-Zero guard on its own. Runs the option dry
//! (read, map, read the org; nothing written) and lists the target fields that hold a value
//! where the source would write null or empty. Exit 0: none; 1: some (listed); 2: the
//! configuration has problems.

use crate::Failure;
use clap::Parser;
use std::path::Path;
use synccentral_api::runs::{StoreJournal, WireError};

#[derive(Parser)]
pub struct Args {
    /// The import option to check.
    #[arg(long)]
    option: String,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let journal = StoreJournal::new(ws);
    let cancel = synccentral_api::runs::CancelToken::new();
    let report = match crate::workspace::block_on(
        &cancel,
        synccentral_api::reconcile::guard(&journal, &args.option, None),
    ) {
        Ok(r) => r,
        Err(e @ WireError::Config(_)) => {
            return Err(Failure::Unusable(format!("{e}; nothing ran")))
        }
        Err(e) => return Err(Failure::Unusable(e.to_string())),
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    } else {
        if let Some(m) = &report.message {
            eprintln!("{} (dry run {}): {m}", report.option, report.run);
        }
        if !report.deletions.is_empty() {
            let n = report.deletions.len();
            println!(
                "{}: {n} target record{} would be deleted: {} deleted at the source (dry run {}):",
                report.option,
                if n == 1 { "" } else { "s" },
                if n == 1 { "it was" } else { "they were" },
                report.run
            );
            println!("{:>6}  {:<24}  ID", "SEQ", "KEY");
            for d in &report.deletions {
                println!(
                    "{:>6}  {:<24}  {}",
                    d.seq,
                    d.source_key.as_deref().unwrap_or("-"),
                    d.target_id.as_deref().unwrap_or("-")
                );
            }
        }
        if report.findings.is_empty() {
            println!(
                "{}: no target field holding a value would be blanked (dry run {})",
                report.option, report.run
            );
        } else {
            println!(
                "{}: {} target field{} hold{} a value the source would blank (guard: {}; dry run {}):",
                report.option,
                report.findings.len(),
                if report.findings.len() == 1 { "" } else { "s" },
                if report.findings.len() == 1 { "s" } else { "" },
                report.mode,
                report.run
            );
            println!(
                "{:>6}  {:<24}  {:<18}  {:<24}  NOW",
                "SEQ", "KEY", "ID", "FIELD"
            );
            for f in &report.findings {
                println!(
                    "{:>6}  {:<24}  {:<18}  {:<24}  {}",
                    f.seq,
                    f.source_key.as_deref().unwrap_or("-"),
                    f.target_id.as_deref().unwrap_or("-"),
                    f.field,
                    f.prior
                );
            }
        }
    }
    if report.findings.is_empty() && report.deletions.is_empty() && report.message.is_none() {
        Ok(())
    } else {
        Err(Failure::Found)
    }
}
