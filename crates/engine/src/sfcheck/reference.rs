//! Record IDs and lookups: an ID's shape, checksum and key prefix (is it a record of an
//! object the field can hold?), and the relationship form of a lookup
//! (`{"attributes": {"type": …}, "<External ID field>": …}`) with its Salesforce errors.

use super::id::is_valid_id;
use super::{add, is_blank, shape_hint, shown, type_error, CheckOutcome, Checker};
use crate::describe::{standard_key_prefix, standard_object_for_key_prefix};
use crate::{ErrorCode, FieldDescribe, FieldError, FieldType, Operation};
use serde_json::{Map, Value};

impl Checker {
    pub(super) fn check_record_id(
        &self,
        key: &str,
        f: &FieldDescribe,
        value: &Value,
        op: Operation,
        out: &mut CheckOutcome,
    ) {
        if op == Operation::Insert {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::InvalidField,
                "The Id field should not be specified in the sobject data.",
            ));
            return;
        }
        match value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(s) => self.check_id(key, f, s, out),
            other @ (Value::Array(_) | Value::Object(_)) => {
                out.errors
                    .push(type_error(key, f, other, &shape_hint(f, other)))
            }
            other => out
                .errors
                .push(type_error(key, f, other, &add(r#"{"convert": "text"}"#))),
        }
    }

    /// Checks a record ID (the `Id` field or a lookup): shape, checksum, key prefix.
    pub(super) fn check_id(&self, key: &str, f: &FieldDescribe, s: &str, out: &mut CheckOutcome) {
        let mut code = ErrorCode::MalformedId;
        let hint = if !is_valid_id(s) {
            if s.len() == 18 && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                " (the last 3 characters are not the checksum of the first 15: was the ID's \
                 letter case changed?)"
                    .to_string()
            } else if let Some(rel) = f.relationship_name.as_deref() {
                format!(
                    " (not a Salesforce ID: to set the lookup from the parent's external ID, \
                     write the relationship '{rel}' instead, e.g. with a {{\"reference\": …}} \
                     transform)"
                )
            } else {
                " (a Salesforce ID is 15 or 18 letters and digits)".to_string()
            }
        } else if let Some(hint) = self.wrong_object(f, &s[..3]) {
            // Salesforce: a real ID of the wrong object in a lookup is an integrity error.
            if f.field_type == FieldType::Reference {
                code = ErrorCode::FieldIntegrityException;
            }
            hint
        } else {
            return;
        };
        out.errors.push(FieldError::new(
            key,
            code,
            format!("{}: id value of incorrect type: {s}{hint}", f.label),
        ));
    }

    /// The key prefix of an object this org's records are known to have.
    fn key_prefix_of(&self, object: &str) -> Option<&str> {
        if object.eq_ignore_ascii_case(&self.describe.name) {
            self.describe.key_prefix.as_deref()
        } else {
            standard_key_prefix(object)
        }
    }

    /// A hint when an ID's key prefix shows it is a record of an object the field cannot
    /// hold; `None` when it may be right.
    fn wrong_object(&self, f: &FieldDescribe, prefix: &str) -> Option<String> {
        let targets: &[String] = if f.field_type == FieldType::Id {
            std::slice::from_ref(&self.describe.name)
        } else {
            &f.reference_to
        };
        if targets.is_empty() {
            return None;
        }
        let mut all_known = true;
        for t in targets {
            match self.key_prefix_of(t) {
                Some(p) if p == prefix => return None,
                Some(_) => {}
                None => all_known = false,
            }
        }
        let owner = if self.describe.key_prefix.as_deref() == Some(prefix) {
            Some(self.describe.name.as_str())
        } else {
            standard_object_for_key_prefix(prefix)
        };
        let takes = targets.join(" or ");
        match owner {
            Some(o) if !targets.iter().any(|t| t.eq_ignore_ascii_case(o)) => {
                let a = if o.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "an"
                } else {
                    "a"
                };
                Some(format!(
                    " (that is the ID of {a} {o} record; this field takes {takes})"
                ))
            }
            _ if all_known => {
                let prefixes: Vec<&str> = targets
                    .iter()
                    .filter_map(|t| self.key_prefix_of(t))
                    .collect();
                Some(format!(
                    " (IDs of {takes} records start with {})",
                    prefixes.join(" or ")
                ))
            }
            _ => None,
        }
    }

    pub(super) fn check_relationship(
        &self,
        key: &str,
        f: &FieldDescribe,
        value: &Value,
        record: &Map<String, Value>,
        op: Operation,
        out: &mut CheckOutcome,
    ) {
        if !value.is_null() {
            let id_key = record
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(&f.name) && !is_blank(v));
            if let Some((id_key, _)) = id_key {
                out.errors.push(FieldError::new(
                    key,
                    ErrorCode::InvalidField,
                    format!(
                        "Cannot specify both an external ID reference {key} and a salesforce \
                         id, {id_key}"
                    ),
                ));
                return;
            }
        }
        if !self.writable(key, f, op, out) {
            return;
        }
        match value {
            Value::Null => {}
            Value::Object(m) => self.check_reference_object(key, f, m, out),
            other => {
                let hint = format!(
                    " ({key} is a relationship: it takes {}; add a {{\"reference\": …}} \
                     transform to this field, or map a Salesforce ID to {})",
                    reference_example(f, &other.to_string()),
                    f.name
                );
                out.errors.push(type_error(key, f, other, &hint));
            }
        }
    }

    fn check_reference_object(
        &self,
        key: &str,
        f: &FieldDescribe,
        m: &Map<String, Value>,
        out: &mut CheckOutcome,
    ) {
        let parser_error = |out: &mut CheckOutcome, message: String| {
            out.errors
                .push(FieldError::new(key, ErrorCode::JsonParserError, message))
        };
        let attributes = m.get("attributes");
        if f.reference_to.len() > 1 && m.keys().next().map(String::as_str) != Some("attributes") {
            return parser_error(
                out,
                "Nested object for polymorphic foreign key must have an attributes field \
                 before any other fields."
                    .to_string(),
            );
        }
        let shape = || {
            format!(
                "{}: {key} must be an object with one external ID field, like {}; got {}",
                f.label,
                reference_example(f, "\"…\""),
                shown(&Value::Object(m.clone()))
            )
        };
        if let Some(a) = attributes {
            let Some(t) = a
                .as_object()
                .and_then(|a| a.get("type"))
                .and_then(Value::as_str)
            else {
                return parser_error(out, shape());
            };
            if !f.reference_to.iter().any(|r| r.eq_ignore_ascii_case(t)) {
                out.errors.push(FieldError::new(
                    key,
                    ErrorCode::InvalidField,
                    format!(
                        "{}: {key} cannot reference a {t}: allowed types are {}",
                        f.label,
                        f.reference_to.join(", ")
                    ),
                ));
                return;
            }
        }
        let mut ext = m.iter().filter(|(k, _)| k.as_str() != "attributes");
        match (ext.next(), ext.next()) {
            (Some((_, Value::String(_) | Value::Number(_) | Value::Bool(_))), None) => {}
            (Some((ext_key, Value::Null)), None) => parser_error(
                out,
                format!(
                    "{} (the external ID {ext_key} is null: set {key} itself to null to clear \
                     the lookup)",
                    shape()
                ),
            ),
            _ => parser_error(out, shape()),
        }
    }
}

/// `{"attributes": {"type": "Account"}, "<External ID field>": <value>}` for a lookup.
fn reference_example(f: &FieldDescribe, value: &str) -> String {
    let target = f.reference_to.first().map(String::as_str).unwrap_or("…");
    format!(r#"{{"attributes": {{"type": "{target}"}}, "<External ID field>": {value}}}"#)
}
