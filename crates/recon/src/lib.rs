//! Reconciliation of an option's two sides, pure and streaming: what the option would send
//! (source) against what the target object holds (target), key by key.
//!
//! - [`equal::same_value`]: type-aware equality of one field (the target's describe gives
//!   the [`Kind`]);
//! - [`classify::Comparer`]: a record pair → a [`Row`] with its [`Class`], the differing
//!   fields, the pending window and accepted exceptions;
//! - [`merge::merge_sorted`] (two key-sorted streams, one record per side in memory) and
//!   [`merge::HashJoin`] (source batches against target records fetched by key).
//!
//! No I/O: the runner fetches both sides and hands records in.

#![warn(missing_docs)]

pub mod classify;
pub mod equal;
pub mod merge;
pub mod report;

pub use classify::{Class, Comparer, Field, FieldChange, Record, Row, Summary};
pub use equal::{same_value, Kind};
pub use merge::{merge_sorted, HashJoin, OutOfOrder};
