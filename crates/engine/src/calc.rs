//! `calc` expressions: a Pratt parser and an evaluator over exact decimals.
//! (Placeholder: the parser and evaluator land in the calc change.)

use crate::path::Segment;
use serde_json::Value;

/// A parsed expression, ready to evaluate many times.
#[derive(Debug, Clone, PartialEq)]
pub struct CalcExpr {
    _private: (),
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
pub fn parse(_src: &str) -> Result<CalcExpr, CalcSyntaxError> {
    unimplemented!("calc parser")
}

impl CalcExpr {
    /// Evaluates; a runtime failure (division by zero, text where a number is needed) is
    /// the error text for a CALC_FAILED field error.
    pub fn eval(&self, _scope: &dyn CalcScope) -> Result<Value, String> {
        unimplemented!("calc eval")
    }

    /// The highest `$n` used (0 when none), so a mapping check can compare it with the
    /// number of sources.
    pub fn max_arg(&self) -> usize {
        0
    }
}
