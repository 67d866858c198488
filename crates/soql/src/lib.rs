//! SOQL, the subset a sync tool and the local sandbox org need: a parser that answers with
//! Salesforce's error codes and messages, checks against the objects' describes, and an
//! evaluator over records. Pure: no I/O, no clock (the caller passes "now").
//!
//! [`parse`] → [`check`] (against a [`Catalog`] of describes) → [`execute`] (over a
//! [`RecordSource`]). Errors are [`SoqlError`] `{code, message}`, serialising as one item of
//! Salesforce's error array (`{"message": …, "errorCode": …}`, answered with HTTP 400).
//!
//! # Grammar
//!
//! Keywords, object and field names are case-insensitive; results use the describe's spelling.
//!
//! ```text
//! query      := SELECT select (',' select)* FROM object
//!               [WHERE condition]
//!               [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int]      -- OFFSET ≤ 2000
//! select     := path | COUNT '(' ')' | COUNT '(' path ')' [alias]
//!             | FIELDS '(' (ALL | STANDARD | CUSTOM) ')'                   -- ALL/CUSTOM need LIMIT ≤ 200
//! path       := name ('.' name)*          -- up to 5 relationship names, then a field:
//!                                          -- Account.Name, Invoice__r.Account__r.Parent.Name
//! condition  := unit (AND unit)* | unit (OR unit)*   -- AND and OR mixed need parentheses
//! unit       := NOT unit | '(' condition ')'
//!             | path op value | path LIKE string
//!             | path [NOT] IN '(' value (',' value)* ')'
//!             | path (INCLUDES | EXCLUDES) '(' string (',' string)* ')'
//! op         := = | != | <> | < | <= | > | >=
//! order      := path [ASC | DESC] [NULLS (FIRST | LAST)]   -- default ASC; NULLS FIRST when
//!                                                        -- ascending, NULLS LAST descending
//! value      := string | number | TRUE | FALSE | NULL | date | datetime | relative
//! string     := '…'  escapes \n \r \t \b \f \" \' \\ \uXXXX (letters either case);
//!                    \% \_ only in LIKE, where % is any run and _ any one character
//! number     := [+-]digits[.digits]
//! date       := YYYY-MM-DD
//! datetime   := YYYY-MM-DDThh:mm:ss[.fff](Z | ±hh:mm | ±hhmm)
//! relative   := TODAY | YESTERDAY | TOMORROW | LAST_N_DAYS:n | NEXT_N_DAYS:n | N_DAYS_AGO:n
//!             | LAST_90_DAYS | NEXT_90_DAYS | THIS_MONTH | LAST_MONTH | NEXT_MONTH
//!             | THIS_YEAR | LAST_YEAR | NEXT_YEAR
//! ```
//!
//! # Types and evaluation
//!
//! Literals are checked against their field: strings (quoted) for text, picklist, ID and
//! reference fields, numbers for numeric fields, `true`/`false` for checkboxes, dates for date
//! fields, datetimes for datetime fields, relative dates for both (a whole-day range in
//! [`Context::time_zone`]: `=` inside, `<` before its start, `>` after its end). `null` goes
//! anywhere. Text compares case-insensitively (`=`, `<`, LIKE, IN, ORDER BY); a 15-character
//! ID equals its 18-character form. `= null` / `!= null` test for an empty field; `!=` and
//! `NOT IN` keep empty fields, other operators never match them. On a multipicklist `=` is the
//! exact set of values, `INCLUDES ('A;B', 'C')` means "A and B selected, or C".
//!
//! Rows are Salesforce's REST query records: `attributes {type, url}` (the url with
//! [`Context::api_version`]), the selected fields in SELECT order (null when absent), parent
//! fields nested under the relationship name with their own `attributes`, and `null` for an
//! empty or dangling lookup. Values are returned as the [`RecordSource`] stores them.
//! `SELECT COUNT()` answers [`QueryResult::Count`]; `COUNT(field)` one `AggregateResult` row
//! (`expr0`, or the alias) counting non-null values. Soft-deleted records (`IsDeleted: true`)
//! are dropped here unless [`Context::include_deleted`] (queryAll).
//!
//! # Not supported
//!
//! Answered with `MALFORMED_QUERY` "… is not supported by Sync Central's SOQL": GROUP BY,
//! HAVING, aggregate functions other than COUNT (SUM, AVG, MIN, MAX, COUNT_DISTINCT) and
//! functions in SELECT (toLabel, FORMAT, convertCurrency, date functions), parent-to-child
//! subqueries, semi- and anti-joins (`IN (SELECT …)`), TYPEOF, WITH, USING SCOPE,
//! FOR VIEW/REFERENCE/UPDATE, bind variables, several objects in FROM; week, quarter and
//! fiscal date literals (THIS_WEEK, LAST_N_WEEKS:n, THIS_QUARTER, …). Object aliases
//! (`FROM Account a`) and object-name prefixes (`SELECT Account.Name FROM Account`) are
//! unexpected tokens / unknown relationships.
//!
//! # Polymorphic lookups
//!
//! A lookup whose `referenceTo` names several objects (`Task.What`, `Task.Who`, `Owner`) is
//! resolved as Salesforce does, through the `Name` object: `What.Name`, `What.Type`,
//! `Owner.Username`, … (`Id`, `Name`, `Type`, `Alias`, `Email`, `FirstName`, `LastName`,
//! `MiddleName`, `Suffix`, `IsActive`, `Phone`, `Title`, `Username`, …); another field is
//! `INVALID_FIELD` `No such column 'X' on entity 'Name'`. Each row reads the record the lookup
//! holds, whatever its object: `Type` is that object's name, the nested `attributes.type` too,
//! and a field its object lacks is null.

mod check;
mod error;
mod eval;
mod lex;
mod parse;
mod polymorphic;

pub use check::{check, Catalog, CheckedQuery};
pub use error::{ErrorCode, SoqlError};
pub use eval::{column_values, execute, fields_of, Context, QueryResult, Record, RecordSource};
pub use lex::CmpOp;
pub use parse::{
    parse, Condition, Counted, FieldPath, FieldsKind, LikePart, Literal, LiteralValue, Name,
    OrderItem, Query, RelativeDate, SelectItem,
};
