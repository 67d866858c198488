//! Checks an output record against the target object's describe the way Salesforce checks
//! a REST write, with Salesforce's error codes and message shapes.
//! (Placeholder: the checks land in the describe-check change.)

use crate::{Describe, FieldError, Operation};
use serde_json::{Map, Value};

/// Errors make a record invalid (it will not be sent); warnings do not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckOutcome {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

/// A describe prepared for checking many records.
pub struct Checker<'a> {
    describe: &'a Describe,
}

impl<'a> Checker<'a> {
    pub fn new(describe: &'a Describe) -> Self {
        Checker { describe }
    }

    pub fn check(&self, record: &Map<String, Value>, op: Operation) -> CheckOutcome {
        check_record(self.describe, record, op)
    }
}

/// Checks one output record (target API name → value).
pub fn check_record(
    _describe: &Describe,
    _record: &Map<String, Value>,
    _op: Operation,
) -> CheckOutcome {
    CheckOutcome::default()
}
