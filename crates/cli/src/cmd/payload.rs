//! `synccentral payload --option NAME [--records N] [--json]`: the requests (or the file)
//! an export would send for its first N records, read live from its org, mapped and
//! encoded as a run does, and sent nowhere. The app's Preview payload calls the same
//! service function (`setup::preview_payload`).

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::Path;
use synccentral_api::setup;

#[derive(ClapArgs)]
pub struct Args {
    /// The export option.
    #[arg(long)]
    option: String,
    /// Records to read (1-50).
    #[arg(long, default_value_t = 3)]
    records: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let app = crate::workspace::app(workspace)?;
    let preview = setup::preview_payload(&app, &args.option, args.records)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&preview).unwrap_or_default()
        );
    } else {
        println!("{} ({} records read)", preview.soql, preview.records);
        for r in &preview.requests {
            println!(
                "\n{} {} ({}, {} record{})\n{}",
                r.method,
                r.url,
                r.content_type,
                r.records,
                if r.records == 1 { "" } else { "s" },
                r.body
            );
        }
        for u in &preview.unsent {
            println!("\nnot sent {}: {}", u.id, u.message);
        }
    }
    Ok(())
}
