//! Mapping test cases: a mapping may carry `"tests": [{"input": {...}, "expect": {...}}]`;
//! running them maps each input (checking it against the describe when one is given) and
//! says, field by field, where the output differs from what was expected.

use crate::mapping::{CompiledMapping, MappingTest};
use crate::num::value_to_decimal;
use crate::sfcheck::Checker;
use crate::{Describe, Operation};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The outcome of one test case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// One line per difference: `LastName: expected "Tester", got "tester"`.
    pub failures: Vec<String>,
}

/// All test cases of a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TestReport {
    pub results: Vec<TestResult>,
    pub passed: usize,
    pub failed: usize,
}

/// Runs the mapping's test cases.
pub fn run_tests(
    mapping: &CompiledMapping,
    describe: Option<&Describe>,
    op: Operation,
) -> TestReport {
    let checker = describe.map(Checker::new);
    let results: Vec<TestResult> = mapping
        .tests
        .iter()
        .map(|t| run_one(mapping, t, describe, checker.as_ref(), op))
        .collect();
    let passed = results.iter().filter(|r| r.passed).count();
    TestReport {
        failed: results.len() - passed,
        passed,
        results,
    }
}

fn run_one(
    mapping: &CompiledMapping,
    test: &MappingTest,
    describe: Option<&Describe>,
    checker: Option<&Checker>,
    op: Operation,
) -> TestResult {
    let mapped = mapping.apply(&test.input, describe);
    let mut errors = mapped.errors;
    if let Some(checker) = checker {
        errors.extend(checker.check(&mapped.fields, op).errors);
    }
    let mut failures = Vec::new();
    for (key, want) in &test.expect {
        match mapped.fields.get(key) {
            Some(got) if same_value(got, want) => {}
            Some(got) => failures.push(format!("{key}: expected {want}, got {got}")),
            None => match errors.iter().find(|e| e.field.eq_ignore_ascii_case(key)) {
                Some(e) => failures.push(format!(
                    "{key}: expected {want}, got error {}: {}",
                    e.code, e.message
                )),
                None => failures.push(format!(
                    "{key}: expected {want}, but the field is not in the output"
                )),
            },
        }
    }
    if test.exact {
        for (key, got) in &mapped.fields {
            if !test.expect.contains_key(key) {
                failures.push(format!("{key}: not expected, got {got}"));
            }
        }
    }
    let mut expected_errors: Vec<&str> = test.expect_errors.iter().map(String::as_str).collect();
    for e in &errors {
        let code = e.code.as_str();
        let at = expected_errors
            .iter()
            .position(|x| match x.split_once(':') {
                Some((field, c)) => field.eq_ignore_ascii_case(&e.field) && c == code,
                None => *x == code,
            });
        match at {
            Some(i) => {
                expected_errors.remove(i);
            }
            None => failures.push(format!(
                "{}: unexpected error {code}: {}",
                e.field, e.message
            )),
        }
    }
    for missing in expected_errors {
        failures.push(format!(
            "expected error {missing}, but the record had no such error"
        ));
    }
    TestResult {
        name: test.name.clone(),
        passed: failures.is_empty(),
        failures,
    }
}

/// JSON equality with numbers compared by value (`1250.50` equals `1250.5`).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => value_to_decimal(a) == value_to_decimal(b),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}
