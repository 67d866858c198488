//! `synccentral mapping check` and `synccentral mapping test`.

use crate::input::Loaded;
use crate::Failure;
use clap::Subcommand;
use std::path::PathBuf;
use synccentral_engine::Operation;

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
    }
}
