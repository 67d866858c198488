//! SOQL, the subset a sync tool and the local sandbox org need: a parser that answers with
//! Salesforce's error codes and messages, checks against the objects' describes, and an
//! evaluator over records. Pure: no I/O, no clock (the caller passes "now").
//!
//! `parse` → `check` (against a [`Catalog`] of describes) → `execute` (over a
//! [`RecordSource`]). The grammar and what is left out are in `docs/soql.md`.

mod check;
mod error;
mod eval;
mod lex;
mod parse;

pub use check::{check, Catalog, CheckedQuery};
pub use error::{ErrorCode, SoqlError};
pub use eval::{column_values, execute, fields_of, Context, QueryResult, Record, RecordSource};
pub use lex::CmpOp;
pub use parse::{
    parse, Condition, Counted, FieldPath, FieldsKind, LikePart, Literal, LiteralValue, Name,
    OrderItem, Query, RelativeDate, SelectItem,
};
