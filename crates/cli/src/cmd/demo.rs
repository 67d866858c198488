//! `synccentral demo [--records N] [--dir D]`: a whole sync, end to end, with nothing to
//! set up. Starts an in-process sandbox org (with the Invoice__c, Payment__c, Contact and
//! Account describes) and the sample API on loopback, creates a workspace wired to both,
//! seeds the Accounts the invoices link to, runs every option (invoices, then payments
//! linked to their invoices by external ID — parents first, as `run_order` orders them),
//! prints the summary table and one failed record's message if any, and stops.

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};
use synccentral_api::runs::{self as wire, RunRequest, Selection, StoreJournal};
use synccentral_api::runs::{CancelToken, RecordFilter, RunId};
use synccentral_api::workspace::demo::{config, DemoServers};
use synccentral_api::workspace::{KeySource, Workspace};

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

fn unusable(what: &str) -> impl Fn(String) -> Failure + '_ {
    move |e| Failure::Unusable(format!("{what}: {e}"))
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
            temp =
                tempfile::tempdir().map_err(|e| unusable("a temporary folder")(e.to_string()))?;
            temp.path().to_path_buf()
        }
    };
    let cancel = CancelToken::new();
    crate::workspace::block_on(
        &cancel,
        demo(&dir, args.records, args.dir.is_some(), &cancel),
    )
}

async fn demo(dir: &Path, records: usize, keep: bool, cancel: &CancelToken) -> Result<(), Failure> {
    let servers = DemoServers::start(dir, records)
        .await
        .map_err(Failure::Unusable)?;
    let (org_url, api_url) = (servers.org_url.clone(), servers.api_url.clone());
    println!("sandbox org  {org_url}");
    println!("sample API   {api_url} ({records} invoices, {records} payments)");

    let ws_path = dir.join("workspace.db");
    let ws = Workspace::open_with(&ws_path, KeySource::File(dir.join("workspace.key")))?;
    ws.import_config(&config(&org_url, &api_url, 100))?;
    println!("workspace    {}\n", ws_path.display());

    let journal = StoreJournal::new(ws);
    let (bar, events) = crate::cmd::run::progress();
    let result =
        wire::run_workspace(&journal, &RunRequest::new(Selection::All), &events, cancel).await;
    bar.finish_and_clear();
    let runs = match result {
        Ok(r) => r,
        Err(e) => return Err(Failure::Unusable(e.to_string())),
    };
    crate::cmd::run::print_table(&runs.summary);
    let ws = journal.into_inner();
    for o in &runs.outcomes {
        if let Some(m) = &o.message {
            println!("\n{} (run {}): {m}", o.option, o.run.0);
        }
    }
    if let Some(failed) = runs
        .outcomes
        .iter()
        .filter(|o| o.counts.failed > 0)
        .find_map(|o| {
            ws.run_records(RunId(o.run.0), RecordFilter::Failed)
                .ok()
                .and_then(|r| r.into_iter().next())
                .map(|r| (o.option.clone(), r))
        })
    {
        let (option, r) = failed;
        println!(
            "\none failed record of {option}: {} — {}: {}",
            r.source_key.as_deref().unwrap_or("(no key)"),
            r.error_code.as_deref().unwrap_or("ERROR"),
            r.error_message.as_deref().unwrap_or("")
        );
    }
    if keep {
        println!(
            "\nthe runs are kept: synccentral --workspace {} runs list",
            ws_path.display()
        );
    }
    drop(ws);
    servers.stop().await;
    match runs.summary.exit_code() {
        0 => Ok(()),
        _ => Err(Failure::Found),
    }
}
