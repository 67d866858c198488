//! `synccentral mapping check`, `synccentral mapping test` and `synccentral mapping suggest`.

use crate::input::Loaded;
use crate::Failure;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;
use synccentral_api::automap::SuggestRequest;
use synccentral_api::Operation;

#[derive(Subcommand)]
pub enum MappingCommand {
    /// Validate a mapping and list every problem (exit 1 if any).
    Check {
        #[arg(long)]
        mapping: PathBuf,
        /// Check the targets against this describe too.
        #[arg(long)]
        describe: Option<PathBuf>,
        #[arg(long, default_value = "upsert")]
        operation: Operation,
    },
    /// Run the test cases a mapping carries (exit 1 if any fails).
    Test {
        /// The mapping (JSON) with a "tests" array.
        mapping: PathBuf,
        #[arg(long)]
        describe: Option<PathBuf>,
        #[arg(long, default_value = "upsert")]
        operation: Operation,
    },
    /// Suggest field mappings (and the transforms the types need) from a sample and the
    /// target describe.
    Suggest {
        /// A sample: a response (JSON), or a CSV or XLSX file (told by the extension).
        #[arg(long)]
        sample: PathBuf,
        /// The sample's text encoding when it is not UTF-8 and has no byte order mark
        /// (`windows-1252`, `shift_jis`, …).
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// The target object's describe (JSON).
        #[arg(long)]
        describe: PathBuf,
        /// JSONPath (or dotted path) to the records array, e.g. `$.data`.
        #[arg(long)]
        records_path: Option<String>,
        /// An existing mapping: its sources and targets are left alone.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// The describe of an object a lookup points to (repeatable): its external ID field
        /// is used for references.
        #[arg(long = "parent-describe")]
        parent_describes: Vec<PathBuf>,
        /// The sample is another Salesforce org's records (SOQL): lookups are set by their
        /// parents' fields (`Account.Name` → `AccountId`), never by that org's Ids.
        #[arg(long)]
        from_org: bool,
        /// `json`: the suggestions; `mapping`: the mapping with every suggestion accepted.
        #[arg(long, value_enum, default_value_t = SuggestFormat::Json)]
        format: SuggestFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SuggestFormat {
    Json,
    Mapping,
}

pub fn run(command: MappingCommand) -> Result<(), Failure> {
    match command {
        MappingCommand::Check {
            mapping,
            describe,
            operation,
        } => {
            let m = Loaded::read(&mapping)?;
            let d = Loaded::read_opt(describe.as_deref())?;
            let name = &m.name;
            let issues =
                synccentral_api::check_mapping(m.doc(), d.as_ref().map(Loaded::doc), operation)?;
            if issues.is_empty() {
                println!("{name}: no problems found");
                return Ok(());
            }
            println!(
                "{name}: {} problem{}",
                issues.len(),
                if issues.len() == 1 { "" } else { "s" }
            );
            for issue in &issues {
                println!("  {issue}");
            }
            Err(Failure::Found)
        }
        MappingCommand::Test {
            mapping,
            describe,
            operation,
        } => {
            let m = Loaded::read(&mapping)?;
            let d = Loaded::read_opt(describe.as_deref())?;
            let name = &m.name;
            let report =
                synccentral_api::test_mapping(m.doc(), d.as_ref().map(Loaded::doc), operation)?;
            if report.results.is_empty() {
                println!(
                    "{name}: no test cases (add \"tests\": [{{\"input\": …, \"expect\": …}}])"
                );
                return Ok(());
            }
            for r in &report.results {
                println!("{} {}", if r.passed { "ok  " } else { "FAIL" }, r.name);
                for f in &r.failures {
                    println!("       {f}");
                }
            }
            println!("{} passed, {} failed", report.passed, report.failed);
            if report.failed > 0 {
                Err(Failure::Found)
            } else {
                Ok(())
            }
        }
        MappingCommand::Suggest {
            sample,
            encoding,
            describe,
            records_path,
            mapping,
            parent_describes,
            from_org,
            format,
        } => {
            let sample = Loaded::sample(&sample, encoding.as_deref())?;
            let describe = Loaded::read(&describe)?;
            let existing = Loaded::read_opt(mapping.as_deref())?;
            let parents = parent_describes
                .iter()
                .map(|p| Loaded::read(p))
                .collect::<Result<Vec<_>, _>>()?;
            let parent_docs: Vec<_> = parents.iter().map(Loaded::doc).collect();
            let outcome = synccentral_api::automap::suggest(SuggestRequest {
                sample: sample.doc(),
                records_path: records_path.as_deref(),
                describe: describe.doc(),
                existing: existing.as_ref().map(Loaded::doc),
                parents: &parent_docs,
                source_is_org: from_org,
            })?;
            let text = match format {
                SuggestFormat::Json => serde_json::to_string_pretty(&outcome.suggestions),
                SuggestFormat::Mapping => serde_json::to_string_pretty(&outcome.mapping),
            };
            println!("{}", text.expect("suggestions serialise"));
            Ok(())
        }
    }
}
