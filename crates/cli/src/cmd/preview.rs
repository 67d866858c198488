//! `synccentral preview`: the mock preview, as JSON or as a readable table.

use crate::input::Loaded;
use crate::Failure;
use clap::{Args as ClapArgs, ValueEnum};
use std::path::PathBuf;
use synccentral_api::Operation;
use synccentral_api::{PreviewReport, PreviewRequest};

#[derive(ClapArgs)]
pub struct Args {
    /// The mapping (JSON).
    #[arg(long, required_unless_present = "demo")]
    mapping: Option<PathBuf>,
    /// A sample: a response (JSON), or a CSV or XLSX file (told by the extension) whose
    /// rows are the records.
    #[arg(long, required_unless_present = "demo")]
    sample: Option<PathBuf>,
    /// The sample's text encoding when it is not UTF-8 and has no byte order mark:
    /// `windows-1252`, `iso-8859-1`, `shift_jis`, … (any WHATWG Encoding Standard label).
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// The target object's describe (JSON, as `GET /sobjects/X/describe` returns it).
    #[arg(long)]
    describe: Option<PathBuf>,
    /// JSONPath (or dotted path) to the records array, e.g. `$.data`.
    #[arg(long)]
    records_path: Option<String>,
    /// The write the records are headed for.
    #[arg(long, default_value = "upsert")]
    operation: Operation,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Preview the bundled demo (contacts sample → Contact).
    #[arg(long, conflicts_with_all = ["mapping", "sample", "describe", "records_path", "encoding"])]
    demo: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Table,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let report = if args.demo {
        synccentral_api::demo_preview()?
    } else {
        let mapping = Loaded::read(&args.mapping.unwrap_or_default())?;
        let sample = Loaded::sample(&args.sample.unwrap_or_default(), args.encoding.as_deref())?;
        let describe = Loaded::read_opt(args.describe.as_deref())?;
        synccentral_api::preview(PreviewRequest {
            mapping: mapping.doc(),
            sample: sample.doc(),
            describe: describe.as_ref().map(Loaded::doc),
            records_path: args.records_path.as_deref(),
            operation: args.operation,
        })?
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a preview serialises")
        ),
        Format::Table => print!("{}", table(&report)),
    }
    Ok(())
}

/// The preview as a person reads it: one block per record, errors next to their field.
pub fn table(report: &PreviewReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let s = report.summary;
    let _ = writeln!(
        out,
        "{}: {} record{}, {} valid, {} invalid",
        report.object.as_deref().unwrap_or("(no object)"),
        s.total,
        if s.total == 1 { "" } else { "s" },
        s.valid,
        s.invalid
    );
    for r in &report.records {
        let _ = writeln!(
            out,
            "\n#{} {}",
            r.index,
            if r.errors.is_empty() {
                "valid"
            } else {
                "INVALID"
            }
        );
        let width = r
            .fields
            .keys()
            .chain(r.errors.iter().chain(&r.warnings).map(|e| &e.field))
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
            .max(12);
        for (key, value) in &r.fields {
            let _ = writeln!(out, "  {key:<width$}  {value}");
            for e in r.errors.iter().filter(|e| &e.field == key) {
                let _ = writeln!(out, "  {:<width$}    ✗ {}: {}", "", e.code, e.message);
            }
            for w in r.warnings.iter().filter(|w| &w.field == key) {
                let _ = writeln!(out, "  {:<width$}    ! {}: {}", "", w.code, w.message);
            }
        }
        for e in r.errors.iter().filter(|e| !r.fields.contains_key(&e.field)) {
            let _ = writeln!(out, "  {:<width$}  ✗ {}: {}", e.field, e.code, e.message);
        }
        for w in r
            .warnings
            .iter()
            .filter(|w| !r.fields.contains_key(&w.field))
        {
            let _ = writeln!(out, "  {:<width$}  ! {}: {}", w.field, w.code, w.message);
        }
    }
    out
}
