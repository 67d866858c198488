//! Checks an output record against the target object's describe the way Salesforce checks
//! a REST write: Salesforce's error codes and its `<Label>: …` message shapes, each followed
//! by a hint naming what fixes the value (usually a transform to add). Types are strict, as
//! Salesforce's are: text is never read as a number, a number never as text, and so on.
//!
//! A [`Checker`] is built once per describe (name lookups, picklist sets) and checks every
//! record of a run; [`check_record`] is the one-off convenience. The record ID functions
//! ([`id18`], [`is_valid_id`]) and [`is_valid_email`] are public for other crates.
//!
//! This module holds the record walk (names, write permissions, the value's JSON type,
//! required fields) and the message helpers; each kind of value is checked in its own
//! module: [`text`] (text, picklists, email), [`number`], [`temporal`] (dates and times),
//! [`reference`] (record IDs and lookups) and [`id`] (the ID checksum).

mod id;
mod number;
mod reference;
mod temporal;
#[cfg(test)]
mod tests;
mod text;

pub use id::{id18, is_valid_id};
pub use text::is_valid_email;

use crate::{Describe, ErrorCode, FieldDescribe, FieldError, FieldType, Operation};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use temporal::{check_temporal, temporal_kind, temporal_shape};

/// Errors make a record invalid (it will not be sent); warnings do not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckOutcome {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

impl CheckOutcome {
    /// True when the record can be sent.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks one output record (target API name → value). Builds a [`Checker`] each call:
/// to check many records against one describe, build the checker once.
pub fn check_record(
    describe: &Describe,
    record: &Map<String, Value>,
    op: Operation,
) -> CheckOutcome {
    Checker::new(describe).check(record, op)
}

/// What a record key names: a field, or the relationship of a lookup field (by field index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Field(usize),
    Relationship(usize),
}

/// The describe check, ready to run on many records: field and relationship names are
/// indexed (as spelled and lower-cased) and the active values of each picklist are a set.
#[derive(Debug, Clone)]
pub struct Checker {
    describe: Describe,
    exact: HashMap<String, Slot>,
    folded: HashMap<String, Slot>,
    /// Active values by field index, for picklists and multi-select picklists.
    active: Vec<Option<HashSet<String>>>,
    /// Fields an insert must set (`required_on_create`), by index in describe order.
    required_on_create: Vec<usize>,
    /// Fields an update must not clear: not nillable, updateable, not a checkbox.
    required_on_update: Vec<usize>,
    /// The `Id` field (an update needs it).
    id_fields: Vec<usize>,
}

impl Checker {
    pub fn new(describe: &Describe) -> Checker {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        // Relationship names first, so a field of the same name wins.
        for (i, f) in describe.fields.iter().enumerate() {
            if let Some(rel) = f.relationship_name.as_deref() {
                exact.insert(rel.to_string(), Slot::Relationship(i));
                folded.insert(rel.to_ascii_lowercase(), Slot::Relationship(i));
            }
        }
        for (i, f) in describe.fields.iter().enumerate() {
            exact.insert(f.name.clone(), Slot::Field(i));
            folded.insert(f.name.to_ascii_lowercase(), Slot::Field(i));
        }
        let active = describe
            .fields
            .iter()
            .map(|f| {
                let is_picklist =
                    matches!(f.field_type, FieldType::Picklist | FieldType::Multipicklist);
                (is_picklist && !f.picklist_values.is_empty())
                    .then(|| f.active_values().map(str::to_string).collect())
            })
            .collect();
        let indices = |keep: &dyn Fn(&FieldDescribe) -> bool| -> Vec<usize> {
            (0..describe.fields.len())
                .filter(|&i| keep(&describe.fields[i]))
                .collect()
        };
        Checker {
            required_on_create: indices(&|f| f.required_on_create()),
            required_on_update: indices(&|f| {
                !f.nillable
                    && f.updateable
                    && !matches!(f.field_type, FieldType::Boolean | FieldType::Id)
            }),
            id_fields: indices(&|f| f.field_type == FieldType::Id),
            describe: describe.clone(),
            exact,
            folded,
            active,
        }
    }

    /// The describe this checker checks against.
    pub fn describe(&self) -> &Describe {
        &self.describe
    }

    /// Checks one output record (target API name → value) for `op`. Errors come in record
    /// key order, then the required-field errors in describe order.
    pub fn check(&self, record: &Map<String, Value>, op: Operation) -> CheckOutcome {
        let mut out = CheckOutcome::default();
        for (key, value) in record {
            let Some((slot, exact)) = self.resolve(key) else {
                out.errors.push(self.unknown_field(key));
                continue;
            };
            if !exact {
                if let Some(other) = self.spelled_twice(record, key, slot) {
                    out.errors.push(FieldError::new(
                        key,
                        ErrorCode::InvalidField,
                        format!(
                            "Duplicate field: '{key}' and '{other}' both name {}",
                            self.slot_name(slot)
                        ),
                    ));
                    continue;
                }
            }
            match slot {
                Slot::Field(i) => {
                    self.check_field(key, &self.describe.fields[i], i, value, op, &mut out)
                }
                Slot::Relationship(i) => self.check_relationship(
                    key,
                    &self.describe.fields[i],
                    value,
                    record,
                    op,
                    &mut out,
                ),
            }
        }
        self.check_required(record, op, &mut out);
        out
    }

    /// The slot a key names, and whether it is spelled exactly as in the describe.
    fn resolve(&self, key: &str) -> Option<(Slot, bool)> {
        if let Some(slot) = self.exact.get(key) {
            return Some((*slot, true));
        }
        self.folded
            .get(&key.to_ascii_lowercase())
            .map(|slot| (*slot, false))
    }

    fn slot_name(&self, slot: Slot) -> &str {
        match slot {
            Slot::Field(i) => &self.describe.fields[i].name,
            Slot::Relationship(i) => self.describe.fields[i]
                .relationship_name
                .as_deref()
                .unwrap_or_default(),
        }
    }

    /// Another key of the record naming the same slot (keys differing only in case).
    fn spelled_twice<'r>(
        &self,
        record: &'r Map<String, Value>,
        key: &str,
        slot: Slot,
    ) -> Option<&'r str> {
        let name = self.slot_name(slot);
        record
            .keys()
            .find(|k| k.as_str() != key && k.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    fn unknown_field(&self, key: &str) -> FieldError {
        let mut message = format!(
            "No such column '{key}' on sobject of type {}",
            self.describe.name
        );
        if let Some(name) = self.similar_field(key) {
            message.push_str(&format!(" (did you mean '{name}'?)"));
        }
        FieldError::new(key, ErrorCode::InvalidField, message)
    }

    /// A field whose name or label is close to `key`.
    fn similar_field(&self, key: &str) -> Option<&str> {
        self.describe.similar_field(key).map(|f| f.name.as_str())
    }

    fn check_field(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        value: &Value,
        op: Operation,
        out: &mut CheckOutcome,
    ) {
        match f.field_type {
            FieldType::Id => return self.check_record_id(key, f, value, op, out),
            FieldType::Address | FieldType::Location => {
                let message = format!(
                    "{} ({} is a compound {} field: {})",
                    unable_to_write(&f.name),
                    f.name,
                    if f.field_type == FieldType::Address {
                        "address"
                    } else {
                        "location"
                    },
                    self.component_advice(f)
                );
                out.errors.push(FieldError::new(
                    key,
                    ErrorCode::InvalidFieldForInsertUpdate,
                    message,
                ));
                return;
            }
            _ => {}
        }
        if self.writable(key, f, op, out) {
            self.check_value(key, f, index, value, out);
        }
    }

    /// Which fields to write instead of a compound field.
    fn component_advice(&self, f: &FieldDescribe) -> String {
        let candidates: Vec<String> = if f.field_type == FieldType::Location {
            let base = f.name.strip_suffix("__c").unwrap_or(&f.name);
            vec![
                format!("{base}__Latitude__s"),
                format!("{base}__Longitude__s"),
            ]
        } else if let Some(base) = f.name.strip_suffix("__c") {
            ["Street", "City", "PostalCode", "StateCode", "CountryCode"]
                .iter()
                .map(|part| format!("{base}__{part}__s"))
                .collect()
        } else {
            let base = f.name.strip_suffix("Address").unwrap_or(&f.name);
            ["Street", "City", "PostalCode", "State", "Country"]
                .iter()
                .map(|part| format!("{base}{part}"))
                .collect()
        };
        let present: Vec<&str> = candidates
            .iter()
            .filter_map(|c| self.describe.field(c).map(|f| f.name.as_str()))
            .collect();
        if present.is_empty() {
            "write its component fields instead".to_string()
        } else {
            format!("write its component fields instead: {}", present.join(", "))
        }
    }

    /// Whether the operation may write the field; pushes the refusal (or, for an upsert of a
    /// field that cannot be updated, the warning).
    fn writable(
        &self,
        key: &str,
        f: &FieldDescribe,
        op: Operation,
        out: &mut CheckOutcome,
    ) -> bool {
        let refused = match op {
            Operation::Insert | Operation::Upsert => !f.createable,
            Operation::Update => !f.updateable,
        };
        if refused {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::InvalidFieldForInsertUpdate,
                unable_to_write(&f.name),
            ));
            return false;
        }
        if op == Operation::Upsert && !f.updateable {
            out.warnings.push(FieldError::new(
                key,
                ErrorCode::InvalidFieldForInsertUpdate,
                format!(
                    "{} (the field can be set when the upsert creates a record, but updates of \
                     existing records will fail)",
                    unable_to_write(&f.name)
                ),
            ));
        }
        true
    }

    fn check_value(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        value: &Value,
        out: &mut CheckOutcome,
    ) {
        let t = &f.field_type;
        let blank = match value {
            Value::Null => true,
            Value::String(s) => s.is_empty() && !t.is_text(),
            _ => false,
        };
        if blank {
            // Salesforce reads "" as null outside text fields. Null on a required field is
            // reported by the required-field pass; a checkbox is never null.
            if *t == FieldType::Boolean {
                out.errors.push(type_error(
                    key,
                    f,
                    &Value::Null,
                    " (a checkbox is true or false, never null)",
                ));
            }
            return;
        }
        match (t, value) {
            (_, Value::Array(_) | Value::Object(_))
                if !matches!(t, FieldType::AnyType | FieldType::Other(_)) =>
            {
                out.errors
                    .push(type_error(key, f, value, &shape_hint(f, value)));
            }
            (t, Value::String(s)) if t.is_text() => self.check_text(key, f, index, s, out),
            (t, _) if t.is_text() => {
                out.errors
                    .push(type_error(key, f, value, &add(r#"{"convert": "text"}"#)));
            }
            (FieldType::Boolean, Value::Bool(_)) => {}
            (FieldType::Boolean, _) => {
                out.errors
                    .push(type_error(key, f, value, &add(r#"{"convert": "boolean"}"#)));
            }
            (t, Value::Number(n)) if t.is_number() => self.check_number(key, f, n, out),
            (FieldType::Int | FieldType::Long, Value::String(_)) => {
                out.errors
                    .push(type_error(key, f, value, &add(r#"{"convert": "integer"}"#)));
            }
            (t, Value::String(_)) if t.is_number() => {
                out.errors
                    .push(type_error(key, f, value, &add(r#"{"convert": "number"}"#)));
            }
            (t, _) if t.is_number() => {
                out.errors.push(type_error(
                    key,
                    f,
                    value,
                    " (the field takes a JSON number)",
                ));
            }
            (FieldType::Date | FieldType::Datetime | FieldType::Time, Value::String(s)) => {
                check_temporal(key, f, s, out)
            }
            (FieldType::Date | FieldType::Datetime | FieldType::Time, _) => {
                let kind = temporal_kind(t);
                let hint = format!(
                    " (Salesforce takes text {}: add {{\"convert\": {{\"to\": \"{kind}\", \
                     \"format\": \"…\"}}}} to this field's transforms)",
                    temporal_shape(t)
                );
                out.errors.push(type_error(key, f, value, &hint));
            }
            (FieldType::Reference, Value::String(s)) => self.check_id(key, f, s, out),
            (FieldType::Base64, Value::String(_)) => {}
            (FieldType::Reference | FieldType::Base64, _) => {
                out.errors
                    .push(type_error(key, f, value, &add(r#"{"convert": "text"}"#)));
            }
            // anyType and types this build does not know pass unchecked.
            _ => {}
        }
    }

    fn check_required(&self, record: &Map<String, Value>, op: Operation, out: &mut CheckOutcome) {
        let missing = |f: &FieldDescribe, why: &str| {
            FieldError::new(
                &f.name,
                ErrorCode::RequiredFieldMissing,
                format!("Required fields are missing: [{}]{why}", f.name),
            )
        };
        match op {
            Operation::Insert | Operation::Upsert => {
                for &i in &self.required_on_create {
                    let f = &self.describe.fields[i];
                    let value = find_key(record, &f.name);
                    if self.is_set(record, f, value)
                        || (f.field_type == FieldType::Boolean && value.is_some())
                    {
                        continue; // (a null checkbox is already a type error)
                    }
                    if op == Operation::Insert {
                        out.errors.push(missing(f, ""));
                    } else {
                        out.warnings.push(missing(
                            f,
                            " (records that do not exist yet will fail to insert)",
                        ));
                    }
                }
            }
            Operation::Update => {
                for &i in &self.id_fields {
                    let f = &self.describe.fields[i];
                    if find_key(record, &f.name).is_none_or(is_blank) {
                        out.errors.push(FieldError::new(
                            &f.name,
                            ErrorCode::MissingArgument,
                            "Id not specified in an update call (an update needs each record's \
                             Id; use upsert to match records on an external ID)",
                        ));
                    }
                }
                for &i in &self.required_on_update {
                    let f = &self.describe.fields[i];
                    let value = find_key(record, &f.name);
                    if value.is_some_and(is_blank) && !self.is_set(record, f, value) {
                        out.errors.push(missing(f, ""));
                    }
                }
            }
        }
    }

    /// Whether the record gives the field a value, directly or through its relationship.
    fn is_set(
        &self,
        record: &Map<String, Value>,
        f: &FieldDescribe,
        value: Option<&Value>,
    ) -> bool {
        if value.is_some_and(|v| !is_blank(v)) {
            return true;
        }
        f.relationship_name
            .as_deref()
            .and_then(|rel| find_key(record, rel))
            .is_some_and(|v| !is_blank(v))
    }
}

/// The value of a key, matched case-insensitively (exact spelling first).
fn find_key<'r>(record: &'r Map<String, Value>, name: &str) -> Option<&'r Value> {
    record.get(name).or_else(|| {
        record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Null, or the empty string Salesforce stores as null.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn unable_to_write(name: &str) -> String {
    format!(
        "Unable to create/update fields: {name}. Please check the security settings of this \
         field and verify that it is read/write for your profile or permission set."
    )
}

/// ` (add <transform> to this field's transforms)`.
fn add(transform: &str) -> String {
    format!(" (add {transform} to this field's transforms)")
}

/// A value as a message shows it: text as is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_error(key: &str, f: &FieldDescribe, v: &Value, hint: &str) -> FieldError {
    FieldError::new(
        key,
        ErrorCode::InvalidTypeOnFieldInRecord,
        format!(
            "{}: value not of required type: {}{hint}",
            f.label,
            shown(v)
        ),
    )
}

/// The hint for an object or a list where a scalar is needed.
fn shape_hint(f: &FieldDescribe, v: &Value) -> String {
    match (v, &f.field_type) {
        (Value::Array(_), FieldType::Multipicklist) => add(r#"{"join": ";"}"#),
        (Value::Array(_), t) if t.is_text() => {
            " (a list is not text: add {\"join\": \", \"} to this field's transforms, or pick one \
             element in the source path)"
                .to_string()
        }
        (Value::Array(_), _) => {
            " (a list cannot be stored in this field: pick one element in the source path)"
                .to_string()
        }
        (_, FieldType::Reference) => match f.relationship_name.as_deref() {
            Some(rel) => format!(
                " (to set the lookup from the parent's external ID, write the relationship \
                 '{rel}' instead of {})",
                f.name
            ),
            None => " (the field takes a Salesforce ID)".to_string(),
        },
        _ => " (an object cannot be stored in this field: pick one of its properties in the \
              source path)"
            .to_string(),
    }
}
