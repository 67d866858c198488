//! One declaration of what Sync Central's crates share: the configuration document
//! (docs/config.md) as saved — connections, options and their parts, schedules, mail — and
//! the types a run's records share between the pipelines and the store. Plain serde types
//! (with their TypeScript bindings through ts-rs), no I/O; the store validates and keeps
//! them, the runner plans and runs them, the connectors read their parts.

#![warn(missing_docs)]

pub mod connections;
pub mod document;
pub mod http;
pub mod options;
pub mod runs;
pub mod schedule;
pub mod secret;

pub use connections::*;
pub use document::*;
pub use http::*;
pub use options::*;
pub use runs::{
    Action, ApiCalls, Checkpoint, Counts, GuardFinding, PriorRecord, RecordResult, RunId,
};
pub use schedule::{Schedule, ScheduleMode};
pub use secret::Secret;
