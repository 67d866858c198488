//! The Sync Central engine: turns source records into Salesforce records through a JSON
//! mapping and checks them the way Salesforce checks a REST write.
//!
//! Pure: no network, no disk, no clock. Everything here is called alike by the CLI, the
//! desktop app (through `synccentral-api`) and the tests.
//!
//! Data flow: `mapping::MappingDoc` (JSON as saved) → `mapping::CompiledMapping` (paths
//! parsed, transforms compiled, calc parsed, checked against the describe) → applied to each
//! source record (`path` selects values, `transform` changes them) → `sfcheck` checks the
//! output against the target object's `describe` → `preview` reports it.
//! `datetime` is the one reader of ISO / Salesforce date, date-time and time text (the
//! reconciliation and the SOQL evaluator use it too).

pub mod automap;
pub mod calc;
pub mod datetime;
pub mod describe;
pub mod error;
pub mod mapping;
pub mod num;
pub mod path;
pub mod preview;
pub mod sample;
pub mod sfcheck;
pub mod suggest;
pub mod testcase;
pub mod transform;

pub use describe::{Describe, FieldDescribe, FieldType};
pub use error::{ErrorCode, FieldError, MappingIssue};

use serde::{Deserialize, Serialize};

/// The write a record is headed for; Salesforce checks differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Insert,
    Update,
    #[default]
    Upsert,
}

impl std::str::FromStr for Operation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "insert" => Ok(Operation::Insert),
            "update" => Ok(Operation::Update),
            "upsert" => Ok(Operation::Upsert),
            other => Err(format!(
                "unknown operation '{other}': expected insert, update or upsert"
            )),
        }
    }
}
