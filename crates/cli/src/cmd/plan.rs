//! `synccentral plan [--option NAME… | --object OBJ | --all] [--json]`: prints the run graph
//! of the selected options (default: every active one) without connecting or running: the
//! order they start in, the wave each can start in, the parents each waits for, and the
//! options loaded in two passes (records, then links to their own object). A cycle is a
//! configuration problem (exit 2).

use crate::Failure;
use clap::Args as ClapArgs;
use std::path::Path;
use synccentral_api::runs::{self as wire, StoreJournal, WireError};

#[derive(ClapArgs)]
pub struct Args {
    /// Plan this option; repeat for several.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["object", "all"])]
    option: Vec<String>,
    /// Plan the active options of this object.
    #[arg(long, value_name = "OBJECT", conflicts_with = "all")]
    object: Option<String>,
    /// Plan every active option (the default).
    #[arg(long)]
    all: bool,
    /// Print the graph as JSON: {"nodes":[{"name","object","order","parents","selfLinks","depth"}]}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let journal = StoreJournal::new(ws);
    let selection = super::run::selection(args.option, args.object);
    let graph = match wire::plan(&journal, &selection) {
        Ok(g) => g,
        Err(WireError::Config(problems)) => {
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(Failure::Unusable(text.join("\n")));
        }
        Err(e) => return Err(Failure::Unusable(e.to_string())),
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&graph).expect("the graph serialises")
        );
        return Ok(());
    }
    println!(
        "{:<4} {:<5} {:<24} {:<20} AFTER",
        "#", "WAVE", "OPTION", "OBJECT"
    );
    for (i, n) in graph.nodes.iter().enumerate() {
        let mut after = n.parents.join(", ");
        if n.self_links {
            if !after.is_empty() {
                after.push_str("; ");
            }
            after.push_str("two passes: records, then links to its own object");
        }
        println!(
            "{:<4} {:<5} {:<24} {:<20} {}",
            i + 1,
            n.depth + 1,
            n.name,
            n.object,
            if after.is_empty() { "-" } else { &after }
        );
    }
    Ok(())
}
