//! `calc` expressions: a small formula language over exact decimals, for computing a field
//! from the current value, the mapping's sources (`$1`…`$9`) and the source record.
//!
//! An expression is parsed once (`parse`, a hand-written Pratt parser; syntax errors carry
//! the 1-based character column) and then evaluated per record (`CalcExpr::eval`) without
//! re-parsing. Arithmetic is `rust_decimal::Decimal`, so `0.1 + 0.2` is `0.3`; null
//! propagates through arithmetic and comparisons the way it does in SQL.
//!
//! Grammar, loosest to tightest (keywords, `value`, `record` and function names in any
//! letter case; spaces between tokens, none inside a path, number or `$n`):
//!
//! ```text
//! expr       = or
//! or         = and { "OR" and }
//! and        = not { "AND" not }
//! not        = "NOT" not | comparison
//! comparison = sum [ compare sum ]          one only: `a < b < c` is an error
//! compare    = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//! sum        = product { ( "+" | "-" ) product }
//! product    = unary { ( "*" | "/" | "%" ) unary }
//! unary      = ( "-" | "+" ) unary | power
//! power      = primary [ "^" unary ]        right-associative: 2^3^2 = 2^(3^2)
//! primary    = number | string | "TRUE" | "FALSE" | "NULL" | "value" | "$" 1-9
//!            | "record" step { step } | name "(" [ expr { "," expr } ] ")" | "(" expr ")"
//! step       = "." word | "[" digits "]" | "[" string "]"
//! word       = ( A-Z | a-z | 0-9 | "_" )+
//! number     = ( digits [ "." digits ] | "." digits ) [ ( "e" | "E" ) [ "+" | "-" ] digits ]
//! string     = '"' { char other than '"' and '\' | '\"' | '\\' } '"'
//! ```

mod ast;
mod eval;
mod lex;
mod parse;

use crate::path::Segment;
use serde_json::Value;

/// A parsed expression, ready to evaluate many times.
#[derive(Debug, Clone, PartialEq)]
pub struct CalcExpr {
    root: ast::Node,
    max_arg: usize,
}

/// A syntax error, with the 1-based column (in characters) where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct CalcSyntaxError {
    pub column: usize,
    pub message: String,
}

/// What an expression can read.
pub trait CalcScope {
    /// `value`: the current value in the transform chain.
    fn value(&self) -> &Value;
    /// `$n` (1-based): the n-th source of a multi-source mapping; `None` past the last.
    fn arg(&self, n: usize) -> Option<&Value>;
    /// `record.<path>`: a field anywhere in the source record; `None` when missing.
    fn record(&self, path: &[Segment]) -> Option<&Value>;
}

/// Parses an expression.
pub fn parse(src: &str) -> Result<CalcExpr, CalcSyntaxError> {
    let mut parser = parse::Parser::new(src)?;
    let root = parser.parse()?;
    Ok(CalcExpr {
        root,
        max_arg: parser.max_arg,
    })
}

impl CalcExpr {
    /// Evaluates; a runtime failure (division by zero, text where a number is needed) is
    /// the error text for a CALC_FAILED field error.
    pub fn eval(&self, scope: &dyn CalcScope) -> Result<Value, String> {
        eval::eval(&self.root, scope).map(eval::Val::into_json)
    }

    /// The highest `$n` used (0 when none), so a mapping check can compare it with the
    /// number of sources.
    pub fn max_arg(&self) -> usize {
        self.max_arg
    }
}

#[cfg(test)]
mod tests;
