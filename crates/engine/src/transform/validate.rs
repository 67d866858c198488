//! `validate`: rules a value must meet (required, pattern, min, max, oneOf); a record that
//! breaks one carries a VALIDATION_FAILED error and is never sent.

use super::args::{check_keys, child, compile_regex, kind, scalar_text, show};
use crate::num::{number_to_decimal, value_to_decimal};
use crate::MappingIssue;
use regex::Regex;
use rust_decimal::Decimal;
use serde_json::Value;

/// A compiled `validate`.
#[derive(Debug, Clone)]
pub struct Validate {
    required: bool,
    pattern: Option<Regex>,
    min: Option<Decimal>,
    max: Option<Decimal>,
    one_of: Option<Vec<Value>>,
}

const KEYS: &[&str] = &["required", "pattern", "min", "max", "oneOf"];

fn bound(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    at: &str,
    issues: &mut Vec<MappingIssue>,
) -> Result<Option<Decimal>, ()> {
    match obj.get(key) {
        None => Ok(None),
        Some(v @ (Value::Number(_) | Value::String(_))) => match value_to_decimal(v) {
            Some(d) => Ok(Some(d)),
            None => {
                issues.push(MappingIssue::new(
                    child(at, key),
                    format!("\"{key}\" is a number; got {}", show(v)),
                ));
                Err(())
            }
        },
        Some(other) => {
            issues.push(MappingIssue::new(
                child(at, key),
                format!("\"{key}\" is a number; got {}", kind(other)),
            ));
            Err(())
        }
    }
}

/// Whether two JSON values are equal, numbers compared by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y
                || matches!((number_to_decimal(x), number_to_decimal(y)), (Some(p), Some(q)) if p == q)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

impl Validate {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Validate> {
        let at = child(pointer, "validate");
        let obj = match arg {
            Value::Object(obj) if !obj.is_empty() => obj,
            other => {
                let got = if other.is_object() {
                    "an empty object"
                } else {
                    kind(other)
                };
                issues.push(MappingIssue::new(
                    at,
                    format!(
                        "validate takes an object with at least one rule of required, pattern, min, max, oneOf, e.g. {{\"required\": true}}; got {got}"
                    ),
                ));
                return None;
            }
        };
        let mut ok = check_keys(obj, KEYS, "validate", &at, issues);
        let required = match obj.get("required") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                ok = false;
                issues.push(MappingIssue::new(
                    child(&at, "required"),
                    format!("\"required\" is true or false; got {}", kind(other)),
                ));
                false
            }
        };
        let pattern = match obj.get("pattern") {
            None => None,
            Some(Value::String(src)) => {
                let re = compile_regex(src, &child(&at, "pattern"), issues);
                ok &= re.is_some();
                re
            }
            Some(other) => {
                ok = false;
                issues.push(MappingIssue::new(
                    child(&at, "pattern"),
                    format!(
                        "\"pattern\" is a regular expression in text; got {}",
                        kind(other)
                    ),
                ));
                None
            }
        };
        let min = bound(obj, "min", &at, issues);
        let max = bound(obj, "max", &at, issues);
        let (min, max) = match (min, max) {
            (Ok(min), Ok(max)) => (min, max),
            _ => {
                ok = false;
                (None, None)
            }
        };
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                ok = false;
                issues.push(MappingIssue::new(
                    child(&at, "max"),
                    format!("\"max\" {hi} is below \"min\" {lo}: no value could pass"),
                ));
            }
        }
        let one_of = match obj.get("oneOf") {
            None => None,
            Some(Value::Array(items)) if !items.is_empty() => Some(items.clone()),
            Some(other) => {
                ok = false;
                let got = if other.is_array() {
                    "an empty array"
                } else {
                    kind(other)
                };
                issues.push(MappingIssue::new(
                    child(&at, "oneOf"),
                    format!("\"oneOf\" is an array of the allowed values; got {got}"),
                ));
                None
            }
        };
        ok.then_some(Validate {
            required,
            pattern,
            min,
            max,
            one_of,
        })
    }

    pub(crate) fn describe(&self) -> String {
        let mut rules = Vec::new();
        if self.required {
            rules.push("required".to_string());
        }
        if let Some(re) = &self.pattern {
            rules.push(format!("matches {}", re.as_str()));
        }
        if let Some(min) = self.min {
            rules.push(format!("at least {min}"));
        }
        if let Some(max) = self.max {
            rules.push(format!("at most {max}"));
        }
        if let Some(values) = &self.one_of {
            let shown: Vec<String> = values.iter().map(show).collect();
            rules.push(format!("one of {}", shown.join(", ")));
        }
        if rules.is_empty() {
            "validate (no rule)".to_string()
        } else {
            format!("validate: {}", rules.join("; "))
        }
    }

    /// Checks the rules in the order required, pattern, min, max, oneOf and reports the
    /// first broken one; the value passes unchanged when all hold.
    pub(crate) fn apply(&self, value: Value) -> Result<Value, String> {
        let missing = match &value {
            Value::Null => Some("null"),
            Value::String(s) if s.is_empty() => Some("empty"),
            _ => None,
        };
        if let Some(what) = missing {
            return if self.required {
                Err(format!("value is required but is {what}"))
            } else {
                Ok(value)
            };
        }
        if let Some(re) = &self.pattern {
            match scalar_text(&value) {
                Some(text) if re.is_match(&text) => {}
                Some(_) => {
                    return Err(format!(
                        "value {} does not match pattern {}",
                        show(&value),
                        re.as_str()
                    ))
                }
                None => {
                    return Err(format!(
                        "value {} is {}, not text to match pattern {}",
                        show(&value),
                        kind(&value),
                        re.as_str()
                    ))
                }
            }
        }
        if self.min.is_some() || self.max.is_some() {
            let number = match &value {
                Value::Number(_) | Value::String(_) => value_to_decimal(&value),
                _ => None,
            };
            let Some(number) = number else {
                let rule = match (self.min, self.max) {
                    (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
                    (Some(lo), None) => format!("at least {lo}"),
                    (None, Some(hi)) => format!("at most {hi}"),
                    (None, None) => String::new(),
                };
                return Err(format!(
                    "value {} is not a number (must be {rule})",
                    show(&value)
                ));
            };
            if let Some(lo) = self.min.filter(|lo| number < *lo) {
                return Err(format!("value {} is below the minimum {lo}", show(&value)));
            }
            if let Some(hi) = self.max.filter(|hi| number > *hi) {
                return Err(format!("value {} is above the maximum {hi}", show(&value)));
            }
        }
        if let Some(allowed) = &self.one_of {
            if !allowed.iter().any(|a| same(a, &value)) {
                let shown: Vec<String> = allowed.iter().map(show).collect();
                return Err(format!(
                    "value {} is not one of {}",
                    show(&value),
                    shown.join(", ")
                ));
            }
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{compiled, run, spec_issues};
    use crate::ErrorCode;
    use serde_json::{json, Value};

    fn fails(spec: Value, input: Value) -> String {
        let err = run(&spec, input).unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationFailed);
        err.message
    }

    fn passes(spec: Value, input: Value) {
        assert_eq!(run(&spec, input.clone()).unwrap(), input);
    }

    #[test]
    fn required_refuses_null_and_empty_text_but_not_blank_text() {
        let spec = json!({"validate": {"required": true}});
        assert_eq!(
            fails(spec.clone(), json!(null)),
            "value is required but is null"
        );
        assert_eq!(
            fails(spec.clone(), json!("")),
            "value is required but is empty"
        );
        passes(spec.clone(), json!(" "));
        passes(spec.clone(), json!(0));
        passes(spec.clone(), json!(false));
        passes(json!({"validate": {"required": false}}), json!(null));
    }

    #[test]
    fn pattern_must_match_somewhere_unless_anchored() {
        let email = json!({"validate": {"pattern": "^\\S+@\\S+\\.\\S+$"}});
        passes(email.clone(), json!("li@example.com"));
        assert_eq!(
            fails(email.clone(), json!("li@")),
            "value 'li@' does not match pattern ^\\S+@\\S+\\.\\S+$"
        );
        let unanchored = json!({"validate": {"pattern": "\\d"}});
        passes(unanchored.clone(), json!("abc1"));
        passes(unanchored.clone(), json!(42));
        assert_eq!(
            fails(unanchored, json!(["1"])),
            "value [\"1\"] is an array, not text to match pattern \\d"
        );
    }

    #[test]
    fn min_and_max_compare_exact_decimals_and_accept_numeric_text() {
        let spec = json!({"validate": {"min": 0, "max": 100}});
        passes(spec.clone(), json!(0));
        passes(spec.clone(), json!(100));
        passes(spec.clone(), json!("42.5"));
        assert_eq!(
            fails(spec.clone(), json!(-0.01)),
            "value -0.01 is below the minimum 0"
        );
        assert_eq!(
            fails(spec.clone(), json!("100.000001")),
            "value '100.000001' is above the maximum 100"
        );
        assert_eq!(
            fails(spec.clone(), json!("abc")),
            "value 'abc' is not a number (must be between 0 and 100)"
        );
        assert_eq!(
            fails(spec.clone(), json!(true)),
            "value true is not a number (must be between 0 and 100)"
        );
        let exact = json!({"validate": {"max": "0.3"}});
        passes(exact.clone(), json!(0.3));
        assert_eq!(
            fails(exact, json!(0.30000000000000004)),
            "value 0.30000000000000004 is above the maximum 0.3"
        );
        assert_eq!(
            fails(json!({"validate": {"min": 1}}), json!(0)),
            "value 0 is below the minimum 1"
        );
    }

    #[test]
    fn one_of_compares_json_values_with_numbers_by_value() {
        let spec = json!({"validate": {"oneOf": ["Open", "Closed", 1, {"a": [2]}]}});
        passes(spec.clone(), json!("Open"));
        passes(spec.clone(), json!(1.0));
        passes(spec.clone(), json!({"a": [2.0]}));
        assert_eq!(
            fails(spec.clone(), json!("open")),
            "value 'open' is not one of 'Open', 'Closed', 1, {\"a\":[2]}"
        );
        fails(spec, json!("1"));
    }

    #[test]
    fn a_missing_value_skips_the_other_rules_unless_required() {
        let spec = json!({"validate": {"pattern": "^x$", "min": 1, "oneOf": ["x"]}});
        passes(spec.clone(), json!(null));
        passes(spec, json!(""));
        let required = json!({"validate": {"required": true, "pattern": "^x$"}});
        assert_eq!(
            fails(required, json!(null)),
            "value is required but is null"
        );
    }

    #[test]
    fn rules_are_checked_in_order_and_the_first_broken_one_is_reported() {
        let spec = json!({"validate": {"pattern": "^\\d+$", "max": 5}});
        assert_eq!(
            fails(spec.clone(), json!("x9")),
            "value 'x9' does not match pattern ^\\d+$"
        );
        assert_eq!(fails(spec, json!("9")), "value '9' is above the maximum 5");
    }

    #[test]
    fn every_bad_rule_is_reported_at_its_key() {
        let issues = spec_issues(
            &json!({"validate": {"required": "yes", "pattern": "[", "min": "ten", "max": [], "oneOf": [], "maximum": 3}}),
            "/fields/2/transforms/0",
        );
        let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/fields/2/transforms/0/validate/maximum",
                "/fields/2/transforms/0/validate/required",
                "/fields/2/transforms/0/validate/pattern",
                "/fields/2/transforms/0/validate/min",
                "/fields/2/transforms/0/validate/max",
                "/fields/2/transforms/0/validate/oneOf",
            ]
        );
        assert_eq!(
            issues[0].message,
            "unknown key \"maximum\" in validate (did you mean \"max\"?); known keys: required, pattern, min, max, oneOf"
        );
        assert_eq!(issues[3].message, "\"min\" is a number; got 'ten'");
    }

    #[test]
    fn validate_needs_at_least_one_rule_and_a_possible_range() {
        let issues = spec_issues(&json!({"validate": {}}), "/t");
        assert_eq!(issues[0].pointer, "/t/validate");
        assert!(issues[0].message.ends_with("got an empty object"));
        let issues = spec_issues(&json!({"validate": {"min": 10, "max": 1}}), "/t");
        assert_eq!(issues[0].pointer, "/t/validate/max");
        assert_eq!(
            issues[0].message,
            "\"max\" 1 is below \"min\" 10: no value could pass"
        );
    }

    #[test]
    fn validate_describes_its_rules() {
        let spec = json!({"validate": {"required": true, "pattern": "^\\d+$", "min": 0, "max": 100, "oneOf": ["A", 2]}});
        assert_eq!(
            compiled(&spec).describe(),
            "validate: required; matches ^\\d+$; at least 0; at most 100; one of 'A', 2"
        );
    }
}
