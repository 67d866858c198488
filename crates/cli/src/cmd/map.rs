//! `synccentral map`: maps every record of a JSON file and writes the Salesforce records
//! (a JSON array) to a file or stdout; rejected records are counted on stderr and, with
//! `--rejects`, written with their errors.

use crate::{input, Failure};
use clap::Args as ClapArgs;
use std::io::Write;
use std::path::PathBuf;
use synccentral_api::Document;
use synccentral_engine::Operation;

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
    let mapping_text = input::read(&args.mapping)?;
    let bytes = std::fs::read(&args.input)
        .map_err(|e| Failure::Unusable(format!("cannot read {}: {e}", args.input.display())))?;
    let describe_text = args.describe.as_deref().map(input::read).transpose()?;
    let (mapping_name, input_name) = (input::name(&args.mapping), input::name(&args.input));
    let describe_name = args
        .describe
        .as_deref()
        .map(input::name)
        .unwrap_or_default();
    let output = synccentral_api::map_document(
        Document::new(&mapping_name, &mapping_text),
        &input_name,
        &bytes,
        args.records_path.as_deref(),
        describe_text
            .as_deref()
            .map(|t| Document::new(&describe_name, t)),
        args.operation,
    )?;
    drop(bytes);
    write_json(args.out.as_ref(), &output.records)?;
    if let Some(path) = &args.rejects {
        write_json(Some(path), &output.rejected)?;
    }
    eprintln!(
        "{} records mapped, {} rejected{}",
        output.records.len(),
        output.rejected.len(),
        if output.rejected.is_empty() || args.rejects.is_some() {
            ""
        } else {
            " (write them with --rejects FILE)"
        }
    );
    Ok(())
}

fn write_json<T: serde::Serialize>(path: Option<&PathBuf>, value: &T) -> Result<(), Failure> {
    let fail =
        |e: std::io::Error, what: &str| Failure::Unusable(format!("cannot write {what}: {e}"));
    match path {
        Some(p) => {
            let file = std::fs::File::create(p).map_err(|e| fail(e, &p.display().to_string()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
            serde_json::to_writer(&mut w, value)
                .map_err(|e| fail(e.into(), &p.display().to_string()))?;
            w.flush().map_err(|e| fail(e, &p.display().to_string()))
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            serde_json::to_writer(&mut w, value).map_err(|e| fail(e.into(), "stdout"))?;
            writeln!(w)
                .and_then(|_| w.flush())
                .map_err(|e| fail(e, "stdout"))
        }
    }
}
