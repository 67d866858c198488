//! Transforms: the in-flight steps of a field mapping, each a single-key JSON object
//! (`{"modify": "title"}`), compiled once (collecting every argument error with its JSON
//! pointer) and applied to each record's value in order.
//! (Placeholder: the transforms land in the transforms change.)

pub mod convert;

use crate::{FieldDescribe, FieldError, MappingIssue};
use serde_json::Value;

/// A compiled transform.
#[derive(Debug, Clone)]
pub enum Transform {}

/// What a transform sees besides the value.
pub struct TransformCtx<'a> {
    /// The whole source record (for `calc`'s `record.<path>`).
    pub record: &'a Value,
    /// The source values of the mapping, in order (one for a single source); `calc`'s `$n`.
    pub sources: &'a [Value],
    /// The target field's API name, as written in the mapping (for error `field`).
    pub target: &'a str,
    /// The target field's describe, when a describe was given (`truncate: "fit"`).
    pub target_field: Option<&'a FieldDescribe>,
}

/// Compiles one transform spec found at `pointer`; pushes every problem to `issues`.
pub fn compile(
    _spec: &Value,
    _pointer: &str,
    _issues: &mut Vec<MappingIssue>,
) -> Option<Transform> {
    None
}

impl Transform {
    /// Applies the transform to a value.
    pub fn apply(&self, _value: Value, _ctx: &TransformCtx) -> Result<Value, FieldError> {
        match *self {}
    }

    /// The parent (object, external ID field) of a `reference` transform.
    pub fn reference_target(&self) -> Option<(&str, &str)> {
        match *self {}
    }
}
