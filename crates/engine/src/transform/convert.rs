//! `convert`: text, number, integer, boolean, date, datetime, time.
//! (Placeholder: lands in the convert change.)

use crate::MappingIssue;
use serde_json::Value;

/// A compiled `convert` transform.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertSpec {
    _private: (),
}

impl ConvertSpec {
    /// Compiles the argument of `{"convert": ARG}` found at `pointer` (the pointer of the
    /// transform object, e.g. `/fields/0/transforms/1`); pushes every problem to `issues`.
    pub fn compile(
        _arg: &Value,
        _pointer: &str,
        _issues: &mut Vec<MappingIssue>,
    ) -> Option<ConvertSpec> {
        None
    }

    /// Converts a value; `null` stays `null`. The error is the message of a CONVERT_FAILED
    /// field error.
    pub fn apply(&self, _value: &Value) -> Result<Value, String> {
        Err("convert is not built yet".into())
    }
}
