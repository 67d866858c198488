//! Sync Central's run pipelines, between the connectors and the store.
//!
//! - [`import::run_import`]: pages of API records → mapping and Salesforce typing (engine)
//!   → batches written to Salesforce → per-record results → checkpoint.
//! - [`export::run_export`]: a SOQL query built from the mapping → pages → mapping → a sink.
//! - [`order::run_order`]: the order "run all" takes, parents before children.
//! - [`graph::RunGraph`]: who waits for whom; [`graph::Dispatch`] runs independent options
//!   together and skips the children of a parent that did not succeed.
//! - [`schedule::tick`]: which schedules are due at a given time, which fires were missed.
//! - [`summary::RunSummary`]: the summary a host prints, and its exit code.
//!
//! The pipelines only see the small traits of [`connect`] and [`journal`]; the Salesforce
//! client, the HTTP API connector and the SQLite store implement them in thin adapters.
//! Nothing here reads the clock, the network or the disk on its own: time comes through
//! [`connect::Clock`], progress leaves as [`run::RunEvent`]s.

#![warn(missing_docs)]

pub mod connect;
pub mod export;
pub mod graph;
pub mod guard;
pub mod import;
pub mod journal;
pub mod options;
pub mod order;
pub mod run;
pub mod schedule;
pub mod summary;
pub mod window;

#[cfg(test)]
mod fakes;

pub use connect::{
    CancelToken, Clock, PageSource, RecordSink, SalesforceTarget, SendOutcome, SinkError,
    SoqlSource, SourceError, SystemClock, TargetError, WriteOp, WriteOutcome,
};
pub use export::{build_soql, run_export};
pub use graph::{Dispatch, GraphNode, RunGraph, Step};
pub use guard::GuardMode;
pub use import::run_import;
pub use journal::{
    Action, Checkpoint, Counts, GuardFinding, JournalError, MemoryJournal, PendingInsert,
    PriorRecord, RecordResult, RunEnd, RunId, RunJournal, RunKind, RunStart, RunStatus,
};
pub use options::{validate_export, validate_import, ExportPlan, ImportPlan};
pub use order::{run_order, OrderError, OrderItem};
pub use run::{RunCtx, RunEvent, RunOutcome};
pub use summary::{RunLine, RunSummary};
pub use window::Window;
