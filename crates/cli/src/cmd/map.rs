//! `synccentral map`: maps every record of a JSON file and writes the Salesforce records
//! (a JSON array, in source order) to a file or stdout; rejected records are counted on
//! stderr and, with `--rejects`, written with their errors.

use crate::input::Loaded;
use crate::Failure;
use clap::Args as ClapArgs;
use std::io::Write;
use std::path::PathBuf;
use synccentral_api::Operation;

#[derive(ClapArgs)]
pub struct Args {
    /// The mapping (JSON).
    #[arg(long)]
    mapping: PathBuf,
    /// The source records (JSON).
    #[arg(long)]
    input: PathBuf,
    /// JSONPath (or dotted path) to the records array, e.g. `$.data`.
    #[arg(long)]
    records_path: Option<String>,
    /// Reject records this describe says Salesforce would refuse.
    #[arg(long)]
    describe: Option<PathBuf>,
    #[arg(long, default_value = "upsert")]
    operation: Operation,
    /// Where to write the records (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Where to write the rejected records with their errors (JSON).
    #[arg(long)]
    rejects: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mapping = Loaded::read(&args.mapping)?;
    let bytes = std::fs::read(&args.input)
        .map_err(|e| Failure::Unusable(format!("cannot read {}: {e}", args.input.display())))?;
    let describe = Loaded::read_opt(args.describe.as_deref())?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(
            std::fs::File::create(p)
                .map_err(|e| Failure::Unusable(format!("cannot write {}: {e}", p.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let summary = synccentral_api::bulk::map_document_to(
        mapping.doc(),
        &args.input.display().to_string(),
        &bytes,
        args.records_path.as_deref(),
        describe.as_ref().map(Loaded::doc),
        args.operation,
        &mut out,
    )?;
    out.flush()
        .map_err(|e| Failure::Unusable(format!("cannot write the records: {e}")))?;
    if let Some(path) = &args.rejects {
        let text = serde_json::to_string_pretty(&summary.rejected).expect("errors serialise");
        std::fs::write(path, text)
            .map_err(|e| Failure::Unusable(format!("cannot write {}: {e}", path.display())))?;
    }
    eprintln!(
        "{} records mapped, {} rejected{}",
        summary.mapped,
        summary.rejected.len(),
        if summary.rejected.is_empty() || args.rejects.is_some() {
            ""
        } else {
            " (write them with --rejects FILE)"
        }
    );
    Ok(())
}
