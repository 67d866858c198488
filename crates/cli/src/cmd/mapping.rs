//! `synccentral mapping check` and `synccentral mapping test`.

use crate::{input, Failure};
use clap::Subcommand;
use std::path::PathBuf;
use synccentral_api::Document;
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
            let (text, name) = (input::read(&mapping)?, input::name(&mapping));
            let d_text = describe.as_deref().map(input::read).transpose()?;
            let d_name = describe.as_deref().map(input::name).unwrap_or_default();
            let issues = synccentral_api::check_mapping(
                Document::new(&name, &text),
                d_text.as_deref().map(|t| Document::new(&d_name, t)),
                operation,
            )?;
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
            let (text, name) = (input::read(&mapping)?, input::name(&mapping));
            let d_text = describe.as_deref().map(input::read).transpose()?;
            let d_name = describe.as_deref().map(input::name).unwrap_or_default();
            let report = synccentral_api::test_mapping(
                Document::new(&name, &text),
                d_text.as_deref().map(|t| Document::new(&d_name, t)),
                operation,
            )?;
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
