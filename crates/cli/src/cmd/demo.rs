//! `synccentral demo [--records N] [--dir D]`: a whole sync, end to end, with nothing to
//! set up. Starts an in-process sandbox org (with the Invoice__c, Payment__c, Contact and
//! Account describes) and the sample API on loopback, creates a workspace wired to both,
//! seeds the Accounts the invoices link to, runs every option (invoices, then payments
//! linked to their invoices by external ID — parents first, as `run_order` orders them),
//! prints the summary table and one failed record's message if any, and stops.

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::PathBuf;
use synccentral_api::runs::{self, CancelToken};
use synccentral_api::workspace::demo::run_demo;

#[derive(ClapArgs)]
pub struct Args {
    /// Records of each sample API resource (invoices, payments).
    #[arg(long, default_value_t = 250)]
    records: usize,
    /// Keep the demo's workspace, org and key here (default: a temporary folder, removed
    /// at the end).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let temp;
    let dir = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d)
                .map_err(|e| Failure::Unusable(format!("{}: {e}", d.display())))?;
            d.clone()
        }
        None => {
            temp = tempfile::tempdir()
                .map_err(|e| Failure::Unusable(format!("a temporary folder: {e}")))?;
            temp.path().to_path_buf()
        }
    };
    let records = args.records;
    let cancel = CancelToken::new();
    runs::cancel_on_ctrl_c(&cancel);
    let (bar, events) = crate::cmd::run::progress();
    let started = |org: &str, api: &str, workspace: &std::path::Path| {
        println!("sandbox org  {org}");
        println!("sample API   {api} ({records} invoices, {records} payments)");
        println!("workspace    {}\n", workspace.display());
    };
    let demo = run_demo(&dir, records, started, &events, &cancel);
    bar.finish_and_clear();
    let demo = demo.map_err(|e| Failure::Unusable(e.message))?;
    crate::cmd::run::print_table(&demo.runs.summary);
    for o in &demo.runs.outcomes {
        if let Some(m) = &o.message {
            println!("\n{} (run {}): {m}", o.option, o.run.0);
        }
    }
    if let Some((option, r)) = &demo.failed {
        println!(
            "\none failed record of {option}: {} — {}: {}",
            r.source_key.as_deref().unwrap_or("(no key)"),
            r.error_code.as_deref().unwrap_or("ERROR"),
            r.error_message.as_deref().unwrap_or("")
        );
    }
    if args.dir.is_some() {
        println!(
            "\nthe runs are kept: synccentral --workspace {} runs list",
            demo.workspace.display()
        );
    }
    match demo.runs.summary.exit_code() {
        0 => Ok(()),
        _ => Err(Failure::Found),
    }
}
