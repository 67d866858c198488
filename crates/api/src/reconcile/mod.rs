//! Reconciliation: the type-aware diff of an option's source and target (`diff`), the diff
//! viewer's API over it (`view`), and the Day-Zero guard and undo of a run (`undo`).

pub mod diff;
pub mod undo;
pub mod view;

pub use undo::{guard, undo_run, GuardDeletion, GuardReport, UndoError, UndoOutcome};
pub use view::*;
