//! Checks an output record against the target object's describe the way Salesforce checks
//! a REST write: Salesforce's error codes and its `<Label>: …` message shapes, each followed
//! by a hint naming what fixes the value (usually a transform to add). Types are strict, as
//! Salesforce's are: text is never read as a number, a number never as text, and so on.
//!
//! A [`Checker`] is built once per describe (name lookups, picklist sets) and checks every
//! record of a run; [`check_record`] is the one-off convenience. The record ID functions
//! ([`id18`], [`is_valid_id`]) and [`is_valid_email`] are public for other crates.

use crate::describe::{standard_key_prefix, standard_object_for_key_prefix};
use crate::num::number_to_decimal;
use crate::{Describe, ErrorCode, FieldDescribe, FieldError, FieldType, Operation};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};

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

    fn check_record_id(
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

    fn check_text(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        s: &str,
        out: &mut CheckOutcome,
    ) {
        if s.is_empty() {
            return;
        }
        let is_picklist = matches!(f.field_type, FieldType::Picklist | FieldType::Multipicklist);
        if is_picklist && !self.check_picklist(key, f, index, s, out) {
            return;
        }
        let max = f.length as usize;
        if max > 0 && s.len() > max && s.chars().count() > max {
            let hint = if is_picklist {
                String::new()
            } else {
                add(r#"{"truncate": "fit"}"#)
            };
            out.errors.push(FieldError::new(
                key,
                ErrorCode::StringTooLong,
                format!(
                    "{}: data value too large: {s} (max length={max}){hint}",
                    f.label
                ),
            ));
            return;
        }
        if f.field_type == FieldType::Email && !is_valid_email(s) {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::InvalidEmailAddress,
                format!("{}: invalid email address: {s}", f.label),
            ));
        }
    }

    /// Checks a picklist value (each `;` part of a multi-select one); false when an error
    /// was pushed.
    fn check_picklist(
        &self,
        key: &str,
        f: &FieldDescribe,
        index: usize,
        s: &str,
        out: &mut CheckOutcome,
    ) -> bool {
        let Some(active) = self.active[index].as_ref() else {
            return true;
        };
        let mut ok = true;
        let parts: &mut dyn Iterator<Item = &str> = if f.field_type == FieldType::Multipicklist {
            &mut s.split(';').filter(|p| !p.is_empty())
        } else {
            &mut std::iter::once(s)
        };
        for part in parts {
            if active.contains(part) {
                continue;
            }
            let hint = picklist_hint(f, part);
            if f.restricted_picklist {
                ok = false;
                out.errors.push(FieldError::new(
                    key,
                    ErrorCode::InvalidOrNullForRestrictedPicklist,
                    format!(
                        "{}: bad value for restricted picklist field: {part}{hint}",
                        f.label
                    ),
                ));
            } else {
                out.warnings.push(FieldError::new(
                    key,
                    ErrorCode::InvalidOrNullForRestrictedPicklist,
                    format!(
                        "{}: value not in the picklist: {part} (the picklist is not restricted, \
                         so Salesforce will save it as an inactive value){hint}",
                        f.label
                    ),
                ));
            }
        }
        ok
    }

    fn check_number(&self, key: &str, f: &FieldDescribe, n: &Number, out: &mut CheckOutcome) {
        let out_of_range = |out: &mut CheckOutcome| {
            out.errors.push(FieldError::new(
                key,
                ErrorCode::NumberOutsideValidRange,
                format!(
                    "{}: value outside of valid range on numeric field: {n}",
                    f.label
                ),
            ))
        };
        let Some(d) = number_to_decimal(n) else {
            return out_of_range(out);
        };
        match f.field_type {
            FieldType::Int | FieldType::Long => {
                if !d.fract().is_zero() {
                    out.errors.push(type_error(
                        key,
                        f,
                        &Value::Number(n.clone()),
                        " (the field holds whole numbers: round the value first)",
                    ));
                    return;
                }
                let (min, max) = if f.field_type == FieldType::Int {
                    (Decimal::from(i32::MIN), Decimal::from(i32::MAX))
                } else {
                    (Decimal::from(i64::MIN), Decimal::from(i64::MAX))
                };
                if (f.digits > 0 && integer_digits(d) > f.digits) || d < min || d > max {
                    out_of_range(out);
                }
            }
            _ => {
                if f.precision == 0 {
                    return;
                }
                if integer_digits(d) > f.precision.saturating_sub(f.scale) {
                    return out_of_range(out);
                }
                if d.normalize().scale() > f.scale {
                    out.warnings.push(FieldError::new(
                        key,
                        ErrorCode::NumberOutsideValidRange,
                        format!(
                            "{}: {n} has more than {} decimal places: Salesforce will round it \
                             to {} places",
                            f.label, f.scale, f.scale
                        ),
                    ));
                }
            }
        }
    }

    /// Checks a record ID (the `Id` field or a lookup): shape, checksum, key prefix.
    fn check_id(&self, key: &str, f: &FieldDescribe, s: &str, out: &mut CheckOutcome) {
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

    fn check_relationship(
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

/// `{"attributes": {"type": "Account"}, "<External ID field>": <value>}` for a lookup.
fn reference_example(f: &FieldDescribe, value: &str) -> String {
    let target = f.reference_to.first().map(String::as_str).unwrap_or("…");
    format!(r#"{{"attributes": {{"type": "{target}"}}, "<External ID field>": {value}}}"#)
}

/// The hint for a picklist value that is not an active value.
fn picklist_hint(f: &FieldDescribe, part: &str) -> String {
    if f.picklist_values
        .iter()
        .any(|p| !p.active && p.value == part)
    {
        return " (the value is inactive in this picklist)".to_string();
    }
    // Same letters and digits, whatever the case and punctuation ("usd" → "USD", "Mrs" →
    // "Mrs.").
    fn loose(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let lower = part.to_lowercase();
    let wanted = loose(part);
    let close = f
        .active_values()
        .find(|a| a.to_lowercase() == lower)
        .or_else(|| {
            f.active_values()
                .find(|a| !wanted.is_empty() && loose(a) == wanted)
        });
    if let Some(close) = close {
        let modify = if close.to_lowercase() != lower {
            None
        } else if close == part.to_uppercase() {
            Some("upper")
        } else if close == lower {
            Some("lower")
        } else if close == title_case(part) {
            Some("title")
        } else {
            None
        };
        return match modify {
            Some(m) => format!(
                " (did you mean '{close}'? add {{\"replace\": …}} or {{\"modify\": \"{m}\"}} to \
                 this field's transforms)"
            ),
            None => format!(
                " (did you mean '{close}'? add {{\"replace\": …}} to this field's transforms)"
            ),
        };
    }
    let active: Vec<&str> = f.active_values().collect();
    if active.len() <= 12 {
        format!(
            " (allowed: {}; add {{\"replace\": …}} to this field's transforms)",
            active.join(", ")
        )
    } else {
        String::new()
    }
}

/// Each word's first letter upper-cased, the rest lower-cased.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// Digits left of the decimal point (0 for 0.5).
fn integer_digits(d: Decimal) -> u32 {
    let mut n = d.trunc().mantissa().unsigned_abs() / 10u128.pow(d.trunc().scale());
    let mut digits = 0;
    while n > 0 {
        digits += 1;
        n /= 10;
    }
    digits
}

// ---------------------------------------------------------------------------------------
// Dates and times

fn temporal_kind(t: &FieldType) -> &'static str {
    match t {
        FieldType::Date => "date",
        FieldType::Time => "time",
        _ => "datetime",
    }
}

fn temporal_shape(t: &FieldType) -> &'static str {
    match t {
        FieldType::Date => "YYYY-MM-DD",
        FieldType::Time => "HH:MM:SS.sssZ",
        _ => "YYYY-MM-DDTHH:MM:SS with Z or a UTC offset",
    }
}

/// What a date/time text is to Salesforce.
#[derive(Debug, PartialEq, Eq)]
enum Temporal {
    Valid,
    /// The right shape, but no such day or time (`2023-02-29`, `24:00:00`).
    NotReal,
    Malformed,
}

fn check_temporal(key: &str, f: &FieldDescribe, s: &str, out: &mut CheckOutcome) {
    let verdict = match f.field_type {
        FieldType::Date => date_verdict(s),
        FieldType::Time => time_verdict(s),
        _ => datetime_verdict(s),
    };
    let kind = temporal_kind(&f.field_type);
    let hint = match verdict {
        Temporal::Valid => return,
        Temporal::NotReal if f.field_type == FieldType::Date => {
            format!(" ({s} is not a real calendar date)")
        }
        Temporal::NotReal if f.field_type == FieldType::Time => {
            format!(" ({s} is not a real time of day)")
        }
        Temporal::NotReal => format!(" ({s} is not a real date and time of day)"),
        Temporal::Malformed => format_hint(&f.field_type, s),
    };
    out.errors.push(FieldError::new(
        key,
        ErrorCode::JsonParserError,
        format!(
            "Cannot deserialize instance of {kind} from VALUE_STRING value {s} or request may \
             be missing a required field{hint}"
        ),
    ));
}

fn two_digits(b: &[u8], at: usize) -> Option<i8> {
    match b.get(at..at + 2)? {
        [h, l] if h.is_ascii_digit() && l.is_ascii_digit() => {
            Some(((h - b'0') * 10 + (l - b'0')) as i8)
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` (exactly 10 bytes): `None` if malformed, else whether it is a real date.
fn ymd(b: &[u8]) -> Option<bool> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = b[..4].iter().fold(0i16, |y, d| y * 10 + (d - b'0') as i16);
    let (month, day) = (two_digits(b, 5)?, two_digits(b, 8)?);
    Some(jiff::civil::Date::new(year, month, day).is_ok())
}

/// `HH:MM:SS[.s{1,3}]` at the start of `b`: the bytes read and whether it is a real time.
fn hms(b: &[u8]) -> Option<(usize, bool)> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, s) = (two_digits(b, 0)?, two_digits(b, 3)?, two_digits(b, 6)?);
    let mut read = 8;
    if b.get(8) == Some(&b'.') {
        let digits = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        read = 9 + digits;
    }
    Some((read, jiff::civil::Time::new(h, m, s, 0).is_ok()))
}

fn date_verdict(s: &str) -> Temporal {
    match ymd(s.as_bytes()) {
        None => Temporal::Malformed,
        Some(true) => Temporal::Valid,
        Some(false) => Temporal::NotReal,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM|±HHMM)`.
fn datetime_verdict(s: &str) -> Temporal {
    let b = s.as_bytes();
    if b.len() < 20 || b[10] != b'T' {
        return Temporal::Malformed;
    }
    let Some(date_ok) = ymd(&b[..10]) else {
        return Temporal::Malformed;
    };
    let Some((read, time_ok)) = hms(&b[11..]) else {
        return Temporal::Malformed;
    };
    let zone = &b[11 + read..];
    let zone_ok = match zone {
        b"Z" => true,
        [b'+' | b'-', ..] => {
            let (hh, mm) = match zone.len() {
                6 if zone[3] == b':' => (two_digits(zone, 1), two_digits(zone, 4)),
                5 => (two_digits(zone, 1), two_digits(zone, 3)),
                _ => return Temporal::Malformed,
            };
            let (Some(hh), Some(mm)) = (hh, mm) else {
                return Temporal::Malformed;
            };
            hh <= 23 && mm <= 59
        }
        _ => return Temporal::Malformed,
    };
    if date_ok && time_ok && zone_ok {
        Temporal::Valid
    } else {
        Temporal::NotReal
    }
}

/// `HH:MM:SS[.sss][Z]`.
fn time_verdict(s: &str) -> Temporal {
    let b = s.as_bytes();
    let Some((read, ok)) = hms(b) else {
        return Temporal::Malformed;
    };
    match &b[read..] {
        b"" | b"Z" if ok => Temporal::Valid,
        b"" | b"Z" => Temporal::NotReal,
        _ => Temporal::Malformed,
    }
}

const DATE_FORMATS: &[&str] = &[
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d-%m-%y",
    "%m-%d-%y",
    "%d.%m.%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
];

const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S %Z",
    "%Y-%m-%d %H:%M:%S%:z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%MZ",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
];

const TIME_FORMATS: &[&str] = &[
    "%H:%M",
    "%H:%M:%S%.f",
    "%H:%M:%S%.fZ",
    "%H:%M:%S%:z",
    "%I:%M %p",
    "%I:%M:%S %p",
    "%I:%M%p",
    "%H%M%S",
];

/// Whether `format` (strptime) reads `s` as a real value of the kind; a 4-digit-year
/// format must see a 4-digit year.
fn format_reads(t: &FieldType, format: &str, s: &str) -> bool {
    let Ok(parts) = jiff::fmt::strtime::parse(format, s) else {
        return false;
    };
    match t {
        FieldType::Time => parts.to_time().is_ok(),
        _ => {
            let date = if *t == FieldType::Date {
                parts.to_date().ok()
            } else {
                parts
                    .to_datetime()
                    .ok()
                    .map(|dt| dt.date())
                    .or_else(|| parts.to_date().ok())
            };
            date.is_some_and(|d| !format.contains("%Y") || d.year() >= 1000)
        }
    }
}

/// The hint for a malformed date/time: the convert transform, with the source's format
/// when it can be recognised (both when day/month order is ambiguous).
fn format_hint(t: &FieldType, s: &str) -> String {
    let kind = temporal_kind(t);
    let candidates = match t {
        FieldType::Date => DATE_FORMATS,
        FieldType::Time => TIME_FORMATS,
        _ => DATETIME_FORMATS,
    };
    let matches: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|fmt| format_reads(t, fmt, s))
        .collect();
    let convert =
        |format: &str| format!(r#"{{"convert": {{"to": "{kind}", "format": "{format}"}}}}"#);
    let Some(first) = matches.first() else {
        return format!(
            " (Salesforce takes {}: add {} to this field's transforms with the source's \
             strptime format)",
            temporal_shape(t),
            convert("…")
        );
    };
    let swapped = first
        .replace("%d", "\u{0}")
        .replace("%m", "%d")
        .replace('\u{0}', "%m");
    if swapped != *first && matches.contains(&swapped.as_str()) {
        let day_first = first.find("%d") < first.find("%m");
        let (dm, md) = if day_first {
            (*first, swapped.as_str())
        } else {
            (swapped.as_str(), *first)
        };
        return format!(
            " (add {} to this field's transforms if {s} is day/month, or \"{md}\" if it is \
             month/day)",
            convert(dm)
        );
    }
    add(&convert(first))
}

// ---------------------------------------------------------------------------------------
// Record IDs and email addresses

/// The 3-character case checksum of a 15-character ID:
/// for each 5-character chunk, bit i is set when character i is an upper-case letter.
fn id_checksum(id15: &[u8]) -> [u8; 3] {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    let mut out = [0u8; 3];
    for (k, chunk) in id15.chunks(5).take(3).enumerate() {
        let n = chunk
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0usize, |n, (i, _)| n | (1 << i));
        out[k] = ALPHABET[n];
    }
    out
}

/// The 18-character form of a 15-character record ID (`001D000000IqhSL` →
/// `001D000000IqhSLIAZ`); `None` when `id15` is not 15 letters and digits.
pub fn id18(id15: &str) -> Option<String> {
    let b = id15.as_bytes();
    if b.len() != 15 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let sum = id_checksum(b);
    let mut out = String::with_capacity(18);
    out.push_str(id15);
    out.extend(sum.iter().map(|&c| c as char));
    Some(out)
}

/// A well-formed record ID: 15 letters and digits, or 18 whose last 3 are the checksum of
/// the first 15.
pub fn is_valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        15 => b.iter().all(u8::is_ascii_alphanumeric),
        18 => b.iter().all(u8::is_ascii_alphanumeric) && id_checksum(&b[..15]) == b[15..],
        _ => false,
    }
}

/// A pragmatic check close to Salesforce's: `local@domain`, no spaces, the local part made
/// of letters, digits and ``!#$%&'*+/=?^_`{|}~.-`` (no leading, trailing or doubled dot),
/// the domain dot-separated labels of letters, digits and inner hyphens with at least one
/// dot.
pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let mut labels = 0;
    let domain_ok = domain.split('.').all(|label| {
        labels += 1;
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    local_ok && domain_ok && labels >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const CONTACT: &str = include_str!("../../../fixtures/samples/describe/Contact.json");
    const ACCOUNT: &str = include_str!("../../../fixtures/samples/describe/Account.json");
    const INVOICE: &str = include_str!("../../../fixtures/samples/describe/Invoice__c.json");
    const PAYMENT: &str = include_str!("../../../fixtures/samples/describe/Payment__c.json");

    /// Field types the sample objects do not have: compound, long, percent, time, a
    /// polymorphic lookup, inactive picklist values.
    const SITE: &str = r#"{"name": "Site__c", "label": "Site", "keyPrefix": "a05", "fields": [
        {"name": "Id", "label": "Record ID", "type": "id", "nillable": false,
         "createable": false, "updateable": false, "defaultedOnCreate": true},
        {"name": "Name", "label": "Site Name", "type": "string", "length": 80},
        {"name": "ShippingAddress", "label": "Shipping Address", "type": "address",
         "createable": false, "updateable": false},
        {"name": "ShippingStreet", "label": "Shipping Street", "type": "textarea", "length": 255},
        {"name": "ShippingCity", "label": "Shipping City", "type": "string", "length": 40},
        {"name": "Spot__c", "label": "Spot", "type": "location"},
        {"name": "Spot__Latitude__s", "label": "Spot (Latitude)", "type": "double",
         "precision": 9, "scale": 6},
        {"name": "Spot__Longitude__s", "label": "Spot (Longitude)", "type": "double",
         "precision": 9, "scale": 6},
        {"name": "Headcount__c", "label": "Headcount", "type": "int", "digits": 10},
        {"name": "Visitors__c", "label": "Visitors", "type": "long"},
        {"name": "Share__c", "label": "Share", "type": "percent", "precision": 5, "scale": 2},
        {"name": "Opens_At__c", "label": "Opens At", "type": "time"},
        {"name": "Owner__c", "label": "Owner", "type": "reference",
         "referenceTo": ["Group", "User"], "relationshipName": "Owner__r"},
        {"name": "Kind__c", "label": "Kind", "type": "picklist", "length": 20,
         "restrictedPicklist": true,
         "picklistValues": [{"value": "Retail"}, {"value": "Legacy", "active": false}]},
        {"name": "Sizes__c", "label": "Sizes", "type": "multipicklist", "length": 100,
         "picklistValues": [{"value": "S"}, {"value": "M"}, {"value": "XL", "active": false}]}
    ]}"#;

    fn describe(text: &str) -> Describe {
        Describe::from_json_str(text).unwrap()
    }

    fn check(text: &str, record: Value, op: Operation) -> CheckOutcome {
        check_record(&describe(text), record.as_object().unwrap(), op)
    }

    fn error(field: &str, code: ErrorCode, message: &str) -> FieldError {
        FieldError::new(field, code, message)
    }

    /// The only error of a record, which must have exactly one.
    fn only_error(text: &str, record: Value, op: Operation) -> FieldError {
        let out = check(text, record, op);
        assert_eq!(out.errors.len(), 1, "{:#?}", out.errors);
        out.errors.into_iter().next().unwrap()
    }

    fn clean(text: &str, record: Value, op: Operation) {
        let out = check(text, record.clone(), op);
        assert!(out.errors.is_empty(), "{record} → {:#?}", out.errors);
    }

    fn contact_with(key: &str, value: Value) -> Value {
        let mut record = json!({"LastName": "Tester"});
        record[key] = value;
        record
    }

    fn contact_error(key: &str, value: Value) -> FieldError {
        only_error(CONTACT, contact_with(key, value), Operation::Insert)
    }

    fn id(object_prefix: &str) -> String {
        id18(&format!("{object_prefix}000000000001")).unwrap()
    }

    // --- field names -------------------------------------------------------------------

    #[test]
    fn an_unknown_key_is_invalid_field_like_salesforce_says_it() {
        assert_eq!(
            contact_error("Nickname", json!("Joe")),
            error(
                "Nickname",
                ErrorCode::InvalidField,
                "No such column 'Nickname' on sobject of type Contact"
            )
        );
        let e = only_error(INVOICE, json!({"Amount": 5}), Operation::Upsert);
        assert_eq!(
            e.message,
            "No such column 'Amount' on sobject of type Invoice__c (did you mean 'Amount__c'?)"
        );
    }

    #[test]
    fn keys_match_describe_names_whatever_their_case() {
        clean(
            CONTACT,
            json!({"lastname": "Tester", "EMAIL": "joe@example.com"}),
            Operation::Insert,
        );
        let e = contact_error("EMAIL", json!("li@"));
        assert_eq!(e.field, "EMAIL", "the field is the key as written");
        assert_eq!(e.message, "Email: invalid email address: li@");
    }

    #[test]
    fn one_field_written_twice_in_different_case_is_an_error() {
        let e = only_error(
            CONTACT,
            json!({"LastName": "Tester", "lastname": "Other"}),
            Operation::Insert,
        );
        assert_eq!(
            e,
            error(
                "lastname",
                ErrorCode::InvalidField,
                "Duplicate field: 'lastname' and 'LastName' both name LastName"
            )
        );
    }

    // --- relationships by external ID ---------------------------------------------------

    #[test]
    fn a_relationship_by_external_id_sets_the_lookup() {
        let account = json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"});
        clean(CONTACT, contact_with("Account", account), Operation::Insert);
        // attributes are optional when the lookup has a single target
        clean(
            INVOICE,
            json!({"Account__r": {"External_Id__c": "A-100"}}),
            Operation::Insert,
        );
        clean(
            PAYMENT,
            json!({"Invoice__r": {"invoice_id__c": "INV-2024-0001"}, "Amount__c": 500}),
            Operation::Insert,
        );
    }

    #[test]
    fn a_null_relationship_clears_the_lookup() {
        clean(
            CONTACT,
            contact_with("Account", Value::Null),
            Operation::Insert,
        );
        // …which a required lookup cannot be
        let out = check(
            PAYMENT,
            json!({"Invoice__r": null, "Amount__c": 1}),
            Operation::Insert,
        );
        assert_eq!(
            out.errors,
            vec![error(
                "Invoice__c",
                ErrorCode::RequiredFieldMissing,
                "Required fields are missing: [Invoice__c]"
            )]
        );
    }

    #[test]
    fn a_relationship_to_a_type_the_lookup_cannot_hold_is_invalid_field() {
        let e = contact_error(
            "Account",
            json!({"attributes": {"type": "Contact"}, "Contact_Id__c": "c-1"}),
        );
        assert_eq!(
            e,
            error(
                "Account",
                ErrorCode::InvalidField,
                "Account ID: Account cannot reference a Contact: allowed types are Account"
            )
        );
    }

    #[test]
    fn a_relationship_holds_exactly_one_scalar_external_id() {
        let e = contact_error(
            "Account",
            json!({"External_Id__c": "A-100", "Name": "Acme"}),
        );
        assert_eq!(e.code, ErrorCode::JsonParserError);
        assert_eq!(
            e.message,
            r#"Account ID: Account must be an object with one external ID field, like {"attributes": {"type": "Account"}, "<External ID field>": "…"}; got {"External_Id__c":"A-100","Name":"Acme"}"#
        );
        for bad in [
            json!({"attributes": {"type": "Account"}}),
            json!({"External_Id__c": {"value": "A-100"}}),
            json!({"External_Id__c": ["A-100"]}),
            json!({"attributes": "Account", "External_Id__c": "A-100"}),
        ] {
            let e = contact_error("Account", bad.clone());
            assert_eq!(e.code, ErrorCode::JsonParserError, "{bad}");
        }
        let e = contact_error("Account", json!({"External_Id__c": null}));
        assert!(
            e.message
                .ends_with("(the external ID External_Id__c is null: set Account itself to null to clear the lookup)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_relationship_with_a_plain_value_suggests_the_reference_transform() {
        let e = contact_error("Account", json!("A-100"));
        assert_eq!(
            e,
            error(
                "Account",
                ErrorCode::InvalidTypeOnFieldInRecord,
                r#"Account ID: value not of required type: A-100 (Account is a relationship: it takes {"attributes": {"type": "Account"}, "<External ID field>": "A-100"}; add a {"reference": …} transform to this field, or map a Salesforce ID to AccountId)"#
            )
        );
    }

    #[test]
    fn a_polymorphic_relationship_needs_its_attributes_first() {
        let e = only_error(
            SITE,
            json!({"Owner__r": {"Username": "a@b.co", "attributes": {"type": "User"}}}),
            Operation::Insert,
        );
        assert_eq!(
            e,
            error(
                "Owner__r",
                ErrorCode::JsonParserError,
                "Nested object for polymorphic foreign key must have an attributes field before any other fields."
            )
        );
        clean(
            SITE,
            json!({"Owner__r": {"attributes": {"type": "User"}, "Username": "a@b.co"}}),
            Operation::Insert,
        );
    }

    #[test]
    fn a_lookup_set_both_by_id_and_by_relationship_is_invalid_field() {
        let record = json!({"LastName": "Tester", "AccountId": id("001"),
                            "Account": {"External_Id__c": "A-100"}});
        assert_eq!(
            only_error(CONTACT, record, Operation::Insert),
            error(
                "Account",
                ErrorCode::InvalidField,
                "Cannot specify both an external ID reference Account and a salesforce id, AccountId"
            )
        );
    }

    // --- what each operation may write --------------------------------------------------

    const UNABLE_NAME: &str = "Unable to create/update fields: Name. Please check the security \
        settings of this field and verify that it is read/write for your profile or permission set.";

    #[test]
    fn insert_refuses_fields_that_cannot_be_created() {
        assert_eq!(
            contact_error("Name", json!("Joe Tester")),
            error("Name", ErrorCode::InvalidFieldForInsertUpdate, UNABLE_NAME)
        );
        let e = only_error(INVOICE, json!({"Balance__c": 10}), Operation::Insert);
        assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
        assert!(e
            .message
            .starts_with("Unable to create/update fields: Balance__c. "));
    }

    #[test]
    fn update_refuses_fields_that_cannot_be_updated() {
        let record = json!({"Id": id("a02"), "Invoice__c": id("a01")});
        let e = only_error(PAYMENT, record.clone(), Operation::Update);
        assert_eq!(e.field, "Invoice__c");
        assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
        // the same record inserts fine (the Id aside)
        let out = check(
            PAYMENT,
            json!({"Invoice__c": id("a01"), "Amount__c": 5}),
            Operation::Insert,
        );
        assert_eq!(out, CheckOutcome::default());
    }

    #[test]
    fn upsert_warns_about_fields_that_can_be_created_but_not_updated() {
        let out = check(
            PAYMENT,
            json!({"payment_id__c": "PAY-1", "Invoice__r": {"invoice_id__c": "INV-1"}, "Amount__c": 500}),
            Operation::Upsert,
        );
        assert!(out.errors.is_empty(), "{:#?}", out.errors);
        assert_eq!(out.warnings.len(), 1);
        let w = &out.warnings[0];
        assert_eq!(w.field, "Invoice__r");
        assert_eq!(w.code, ErrorCode::InvalidFieldForInsertUpdate);
        assert!(w
            .message
            .starts_with("Unable to create/update fields: Invoice__c. "));
        assert!(w
            .message
            .ends_with("updates of existing records will fail)"));
        // not createable at all: an error on upsert too
        let e = only_error(
            PAYMENT,
            json!({"Name": "P-1", "Invoice__c": id("a01"), "Amount__c": 1}),
            Operation::Upsert,
        );
        assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
    }

    #[test]
    fn the_id_is_refused_on_insert_and_required_on_update() {
        assert_eq!(
            contact_error("Id", json!(id("003"))),
            error(
                "Id",
                ErrorCode::InvalidField,
                "The Id field should not be specified in the sobject data."
            )
        );
        clean(
            CONTACT,
            json!({"Id": id("003"), "Title": "CEO"}),
            Operation::Update,
        );
        clean(
            CONTACT,
            json!({"id": id("003"), "LastName": "T"}),
            Operation::Upsert,
        );
        assert_eq!(
            only_error(CONTACT, json!({"Title": "CEO"}), Operation::Update),
            error(
                "Id",
                ErrorCode::MissingArgument,
                "Id not specified in an update call (an update needs each record's Id; use upsert to match records on an external ID)"
            )
        );
    }

    // --- JSON types ---------------------------------------------------------------------

    #[test]
    fn numeric_text_is_not_a_number() {
        assert_eq!(
            contact_error("Score__c", json!("87.5")),
            error(
                "Score__c",
                ErrorCode::InvalidTypeOnFieldInRecord,
                r#"Score: value not of required type: 87.5 (add {"convert": "number"} to this field's transforms)"#
            )
        );
        let e = only_error(
            ACCOUNT,
            json!({"Name": "Acme", "NumberOfEmployees": "100"}),
            Operation::Insert,
        );
        assert_eq!(
            e.message,
            r#"Employees: value not of required type: 100 (add {"convert": "integer"} to this field's transforms)"#
        );
        let e = contact_error("Score__c", json!(true));
        assert_eq!(
            e.message,
            "Score: value not of required type: true (the field takes a JSON number)"
        );
    }

    #[test]
    fn whole_number_fields_refuse_fractions() {
        let e = only_error(
            ACCOUNT,
            json!({"Name": "Acme", "NumberOfEmployees": 10.5}),
            Operation::Insert,
        );
        assert_eq!(
            e,
            error(
                "NumberOfEmployees",
                ErrorCode::InvalidTypeOnFieldInRecord,
                "Employees: value not of required type: 10.5 (the field holds whole numbers: round the value first)"
            )
        );
        clean(
            ACCOUNT,
            json!({"Name": "Acme", "NumberOfEmployees": 10.0}),
            Operation::Insert,
        );
    }

    #[test]
    fn a_checkbox_takes_true_or_false_and_never_null() {
        assert_eq!(
            contact_error("HasOptedOutOfEmail", json!("no")).message,
            r#"Email Opt Out: value not of required type: no (add {"convert": "boolean"} to this field's transforms)"#
        );
        assert_eq!(
            contact_error("HasOptedOutOfEmail", json!(0)).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
        for blank in [Value::Null, json!("")] {
            assert_eq!(
                contact_error("HasOptedOutOfEmail", blank),
                error(
                    "HasOptedOutOfEmail",
                    ErrorCode::InvalidTypeOnFieldInRecord,
                    "Email Opt Out: value not of required type: null (a checkbox is true or false, never null)"
                )
            );
        }
        clean(
            CONTACT,
            contact_with("HasOptedOutOfEmail", json!(false)),
            Operation::Insert,
        );
    }

    #[test]
    fn text_fields_refuse_numbers_and_booleans() {
        assert_eq!(
            contact_error("Title", json!(42)),
            error(
                "Title",
                ErrorCode::InvalidTypeOnFieldInRecord,
                r#"Title: value not of required type: 42 (add {"convert": "text"} to this field's transforms)"#
            )
        );
        assert_eq!(
            contact_error("Phone", json!(5550100)).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
        assert_eq!(
            contact_error("LeadSource", json!(true)).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
    }

    #[test]
    fn objects_and_lists_are_not_scalars() {
        assert_eq!(
            contact_error("Languages__c", json!(["English", "French"])).message,
            r#"Languages: value not of required type: ["English","French"] (add {"join": ";"} to this field's transforms)"#
        );
        assert_eq!(
            contact_error("Title", json!(["CEO"])).message,
            r#"Title: value not of required type: ["CEO"] (a list is not text: add {"join": ", "} to this field's transforms, or pick one element in the source path)"#
        );
        assert_eq!(
            contact_error("Title", json!({"name": "CEO"})).message,
            r#"Title: value not of required type: {"name":"CEO"} (an object cannot be stored in this field: pick one of its properties in the source path)"#
        );
        assert_eq!(
            contact_error("AccountId", json!({"External_Id__c": "A-100"})).message,
            r#"Account ID: value not of required type: {"External_Id__c":"A-100"} (to set the lookup from the parent's external ID, write the relationship 'Account' instead of AccountId)"#
        );
        assert_eq!(
            contact_error("Score__c", json!([1])).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
        assert_eq!(
            contact_error("Birthdate", json!({"y": 1985})).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
    }

    #[test]
    fn compound_fields_are_written_through_their_components() {
        let e = only_error(
            SITE,
            json!({"ShippingAddress": {"city": "Paris"}}),
            Operation::Insert,
        );
        assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
        assert!(
            e.message.starts_with("Unable to create/update fields: ShippingAddress. ")
                && e.message.ends_with(
                    "(ShippingAddress is a compound address field: write its component fields instead: ShippingStreet, ShippingCity)"
                ),
            "{}",
            e.message
        );
        let e = only_error(
            SITE,
            json!({"Spot__c": {"latitude": 1, "longitude": 2}}),
            Operation::Insert,
        );
        assert!(
            e.message.ends_with(
                "(Spot__c is a compound location field: write its component fields instead: Spot__Latitude__s, Spot__Longitude__s)"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_empty_string_outside_text_fields_is_null() {
        for key in [
            "Score__c",
            "Birthdate",
            "Last_Seen__c",
            "AccountId",
            "Email",
            "Salutation",
        ] {
            clean(CONTACT, contact_with(key, json!("")), Operation::Insert);
        }
    }

    // --- dates and times ----------------------------------------------------------------

    fn date_message(kind: &str, value: &str, hint: &str) -> String {
        format!(
            "Cannot deserialize instance of {kind} from VALUE_STRING value {value} or request may be missing a required field{hint}"
        )
    }

    #[test]
    fn a_date_is_yyyy_mm_dd_and_the_hint_names_both_readings_when_ambiguous() {
        assert_eq!(
            contact_error("Birthdate", json!("04/07/1985")),
            error(
                "Birthdate",
                ErrorCode::JsonParserError,
                &date_message(
                    "date",
                    "04/07/1985",
                    r#" (add {"convert": {"to": "date", "format": "%d/%m/%Y"}} to this field's transforms if 04/07/1985 is day/month, or "%m/%d/%Y" if it is month/day)"#
                )
            )
        );
        for (value, format) in [
            ("31/12/1990", "%d/%m/%Y"),
            ("12/31/1990", "%m/%d/%Y"),
            ("19850704", "%Y%m%d"),
            ("1985-7-4", "%Y-%m-%d"),
            ("4 Jul 1985", "%d %b %Y"),
            ("2024-07-30 20:54:16", "%Y-%m-%d %H:%M:%S"),
        ] {
            assert_eq!(
                contact_error("Birthdate", json!(value)).message,
                date_message(
                    "date",
                    value,
                    &format!(
                        r#" (add {{"convert": {{"to": "date", "format": "{format}"}}}} to this field's transforms)"#
                    )
                )
            );
        }
        assert_eq!(
            contact_error("Birthdate", json!("someday")).message,
            date_message(
                "date",
                "someday",
                r#" (Salesforce takes YYYY-MM-DD: add {"convert": {"to": "date", "format": "…"}} to this field's transforms with the source's strptime format)"#
            )
        );
        clean(
            CONTACT,
            contact_with("Birthdate", json!("1985-07-04")),
            Operation::Insert,
        );
        clean(
            CONTACT,
            contact_with("Birthdate", json!("2024-02-29")),
            Operation::Insert,
        );
    }

    #[test]
    fn a_date_must_exist_on_the_calendar() {
        let e = contact_error("Birthdate", json!("2023-02-29"));
        assert_eq!(e.code, ErrorCode::JsonParserError);
        assert_eq!(
            e.message,
            date_message(
                "date",
                "2023-02-29",
                " (2023-02-29 is not a real calendar date)"
            )
        );
    }

    #[test]
    fn a_datetime_carries_z_or_a_utc_offset() {
        for ok in [
            "2024-08-01T09:00:00+02:00",
            "2024-08-01T09:00:00+0200",
            "2024-06-10T14:03:00Z",
            "2024-06-10T14:03:00.123Z",
            "2024-06-04T00:00:00-05:00",
        ] {
            clean(
                CONTACT,
                contact_with("Last_Seen__c", json!(ok)),
                Operation::Insert,
            );
        }
        for (value, format) in [
            ("2024-07-30 20:54:16", "%Y-%m-%d %H:%M:%S"),
            ("2024-07-30 20:54:16 UTC", "%Y-%m-%d %H:%M:%S UTC"),
            ("2024-07-30T20:54:16", "%Y-%m-%dT%H:%M:%S"),
            ("2024-07-30T20:54:16.123456Z", "%Y-%m-%dT%H:%M:%S%.fZ"),
            ("2024-07-30", "%Y-%m-%d"),
        ] {
            assert_eq!(
                contact_error("Last_Seen__c", json!(value)),
                error(
                    "Last_Seen__c",
                    ErrorCode::JsonParserError,
                    &date_message(
                        "datetime",
                        value,
                        &format!(
                            r#" (add {{"convert": {{"to": "datetime", "format": "{format}"}}}} to this field's transforms)"#
                        )
                    )
                ),
            );
        }
        assert!(contact_error("Last_Seen__c", json!("2024-02-30T10:00:00Z"))
            .message
            .ends_with("(2024-02-30T10:00:00Z is not a real date and time of day)"));
        assert!(contact_error("Last_Seen__c", json!("2024-07-30T24:00:00Z"))
            .message
            .ends_with("is not a real date and time of day)"));
    }

    #[test]
    fn a_time_is_hh_mm_ss() {
        for ok in ["13:30:00.000Z", "13:30:00", "00:00:00Z", "23:59:59.5"] {
            clean(SITE, json!({"Opens_At__c": ok}), Operation::Insert);
        }
        assert_eq!(
            only_error(SITE, json!({"Opens_At__c": "1:30 PM"}), Operation::Insert).message,
            date_message(
                "time",
                "1:30 PM",
                r#" (add {"convert": {"to": "time", "format": "%I:%M %p"}} to this field's transforms)"#
            )
        );
        assert_eq!(
            only_error(SITE, json!({"Opens_At__c": "25:00:00"}), Operation::Insert).message,
            date_message("time", "25:00:00", " (25:00:00 is not a real time of day)")
        );
    }

    // --- limits -------------------------------------------------------------------------

    #[test]
    fn text_longer_than_the_field_is_string_too_long_counting_characters() {
        clean(
            CONTACT,
            contact_with("FirstName", json!("é".repeat(40))),
            Operation::Insert,
        );
        let long = "é".repeat(41);
        assert_eq!(
            contact_error("FirstName", json!(long)),
            error(
                "FirstName",
                ErrorCode::StringTooLong,
                &format!(
                    r#"First Name: data value too large: {long} (max length=40) (add {{"truncate": "fit"}} to this field's transforms)"#
                )
            )
        );
    }

    #[test]
    fn numbers_beyond_the_field_are_outside_the_valid_range() {
        assert_eq!(
            contact_error("Score__c", json!(1000)),
            error(
                "Score__c",
                ErrorCode::NumberOutsideValidRange,
                "Score: value outside of valid range on numeric field: 1000"
            )
        );
        for ok in [json!(999.99), json!(-999.99), json!(0.5), json!(0)] {
            clean(CONTACT, contact_with("Score__c", ok), Operation::Insert);
        }
        let account = |n: Value| json!({"Name": "Acme", "NumberOfEmployees": n});
        clean(ACCOUNT, account(json!(99_999_999)), Operation::Insert);
        assert_eq!(
            only_error(ACCOUNT, account(json!(123_456_789)), Operation::Insert).message,
            "Employees: value outside of valid range on numeric field: 123456789"
        );
        // 14 integer digits on a currency(16, 2)
        clean(
            INVOICE,
            json!({"Amount__c": 99_999_999_999_999u64}),
            Operation::Insert,
        );
        assert_eq!(
            only_error(
                INVOICE,
                json!({"Amount__c": 100_000_000_000_000u64}),
                Operation::Insert
            )
            .code,
            ErrorCode::NumberOutsideValidRange
        );
        // int: also within 32 bits; long: within 64 bits; percent: precision − scale
        let site = |key: &str, n: Value| check(SITE, json!({ key: n }), Operation::Insert).errors;
        assert!(site("Headcount__c", json!(2_147_483_647)).is_empty());
        assert_eq!(
            site("Headcount__c", json!(2_147_483_648u64))[0].code,
            ErrorCode::NumberOutsideValidRange
        );
        assert!(site("Visitors__c", json!(i64::MAX)).is_empty());
        assert_eq!(
            site("Visitors__c", json!(i64::MAX as u64 + 1))[0].code,
            ErrorCode::NumberOutsideValidRange
        );
        assert_eq!(
            site("Visitors__c", json!(1e30))[0].code,
            ErrorCode::NumberOutsideValidRange
        );
        assert_eq!(
            site("Share__c", json!(1000))[0].code,
            ErrorCode::NumberOutsideValidRange
        );
    }

    #[test]
    fn more_decimals_than_the_scale_is_a_rounding_warning() {
        let out = check(
            CONTACT,
            contact_with("Score__c", json!(12.345)),
            Operation::Insert,
        );
        assert!(out.errors.is_empty());
        assert_eq!(
            out.warnings,
            vec![error(
                "Score__c",
                ErrorCode::NumberOutsideValidRange,
                "Score: 12.345 has more than 2 decimal places: Salesforce will round it to 2 places"
            )]
        );
        let out = check(
            CONTACT,
            contact_with("Score__c", json!(12.5)),
            Operation::Insert,
        );
        assert!(out.warnings.is_empty());
    }

    // --- email ----------------------------------------------------------------------------

    #[test]
    fn an_email_field_needs_an_address() {
        assert_eq!(
            contact_error("Email", json!("li@")),
            error(
                "Email",
                ErrorCode::InvalidEmailAddress,
                "Email: invalid email address: li@"
            )
        );
        for ok in [
            "joe.tester@example.com",
            "ANA@EXAMPLE.ORG",
            "o'brien+news@mail.example.co.uk",
            "josé@exämple.de",
            "a_b-c@x-y.io",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "li@",
            "@example.com",
            "joe tester@example.com",
            "joe@example",
            "joe@@example.com",
            ".joe@example.com",
            "joe.@example.com",
            "jo..e@example.com",
            "joe@-example.com",
            "joe@example..com",
            "joe(at)example.com",
            "joe@exa mple.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    // --- picklists ------------------------------------------------------------------------

    #[test]
    fn a_restricted_picklist_takes_only_its_active_values_in_exact_case() {
        assert_eq!(
            only_error(INVOICE, json!({"Currency__c": "usd"}), Operation::Insert),
            error(
                "Currency__c",
                ErrorCode::InvalidOrNullForRestrictedPicklist,
                r#"Currency: bad value for restricted picklist field: usd (did you mean 'USD'? add {"replace": …} or {"modify": "upper"} to this field's transforms)"#
            )
        );
        assert_eq!(
            only_error(INVOICE, json!({"Status__c": "open"}), Operation::Insert).message,
            r#"Status: bad value for restricted picklist field: open (did you mean 'Open'? add {"replace": …} or {"modify": "title"} to this field's transforms)"#
        );
        assert_eq!(
            only_error(INVOICE, json!({"Status__c": "credit"}), Operation::Insert).message,
            r#"Status: bad value for restricted picklist field: credit (allowed: Draft, Open, Paid, Void; add {"replace": …} to this field's transforms)"#
        );
        assert_eq!(
            contact_error("Salutation", json!("Mrs")).message,
            r#"Salutation: bad value for restricted picklist field: Mrs (did you mean 'Mrs.'? add {"replace": …} to this field's transforms)"#
        );
        assert_eq!(
            only_error(SITE, json!({"Kind__c": "Legacy"}), Operation::Insert).message,
            "Kind: bad value for restricted picklist field: Legacy (the value is inactive in this picklist)"
        );
        clean(
            INVOICE,
            json!({"Currency__c": "USD", "Status__c": "Open"}),
            Operation::Insert,
        );
    }

    #[test]
    fn each_value_of_a_multi_select_picklist_is_checked() {
        clean(
            CONTACT,
            contact_with("Languages__c", json!("English;French")),
            Operation::Insert,
        );
        assert_eq!(
            contact_error("Languages__c", json!("English;Klingon")),
            error(
                "Languages__c",
                ErrorCode::InvalidOrNullForRestrictedPicklist,
                r#"Languages: bad value for restricted picklist field: Klingon (allowed: English, French, German, Spanish, Japanese; add {"replace": …} to this field's transforms)"#
            )
        );
        let out = check(SITE, json!({"Sizes__c": "S;XL"}), Operation::Insert);
        assert!(out.errors.is_empty());
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0]
            .message
            .contains("value not in the picklist: XL"));
    }

    #[test]
    fn an_unrestricted_picklist_warns_about_unknown_values() {
        let out = check(
            CONTACT,
            contact_with("LeadSource", json!("Webinar")),
            Operation::Insert,
        );
        assert!(out.errors.is_empty());
        assert_eq!(
            out.warnings,
            vec![error(
                "LeadSource",
                ErrorCode::InvalidOrNullForRestrictedPicklist,
                r#"Lead Source: value not in the picklist: Webinar (the picklist is not restricted, so Salesforce will save it as an inactive value) (allowed: Web, Phone Inquiry, Partner Referral, Purchased List, Other; add {"replace": …} to this field's transforms)"#
            )]
        );
    }

    // --- record IDs -----------------------------------------------------------------------

    #[test]
    fn id18_appends_the_case_checksum() {
        assert_eq!(
            id18("00558000001N0Ke").as_deref(),
            Some("00558000001N0KeAAK")
        );
        assert_eq!(
            id18("001D000000IqhSL").as_deref(),
            Some("001D000000IqhSLIAZ")
        );
        assert_eq!(id18("001D000000IqhS"), None);
        assert_eq!(id18("001D000000Iqh-L"), None);
    }

    #[test]
    fn a_valid_id_is_15_characters_or_18_with_the_right_checksum() {
        assert!(is_valid_id("001D000000IqhSL"));
        assert!(is_valid_id("001D000000IqhSLIAZ"));
        assert!(!is_valid_id("001D000000IqhSLIAA"), "wrong checksum");
        assert!(!is_valid_id("001d000000iqhsliaz"), "case lost");
        assert!(!is_valid_id("001D000000IqhS"));
        assert!(!is_valid_id("001D000000IqhSLIA"));
        assert!(!is_valid_id("001D000000Iqh_L"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn a_lookup_needs_a_well_formed_id_of_the_right_object() {
        assert_eq!(
            contact_error("AccountId", json!("A-100")),
            error(
                "AccountId",
                ErrorCode::MalformedId,
                r#"Account ID: id value of incorrect type: A-100 (not a Salesforce ID: to set the lookup from the parent's external ID, write the relationship 'Account' instead, e.g. with a {"reference": …} transform)"#
            )
        );
        assert_eq!(
            contact_error("AccountId", json!("001D000000IqhSLIAA")).message,
            "Account ID: id value of incorrect type: 001D000000IqhSLIAA (the last 3 characters are not the checksum of the first 15: was the ID's letter case changed?)"
        );
        assert_eq!(
            contact_error("AccountId", json!("003000000000001")),
            error(
                "AccountId",
                ErrorCode::FieldIntegrityException,
                "Account ID: id value of incorrect type: 003000000000001 (that is the ID of a Contact record; this field takes Account)"
            )
        );
        assert_eq!(
            contact_error("AccountId", json!(42)).code,
            ErrorCode::InvalidTypeOnFieldInRecord
        );
        clean(
            CONTACT,
            contact_with("AccountId", json!("001D000000IqhSL")),
            Operation::Insert,
        );
        clean(
            CONTACT,
            contact_with("AccountId", json!("001D000000IqhSLIAZ")),
            Operation::Insert,
        );
        // a custom object's prefix is the org's own: unknown prefixes pass, known standard
        // ones do not
        let payment = |invoice: &str| json!({"Invoice__c": invoice, "Amount__c": 1});
        clean(PAYMENT, payment("a0Z000000000001"), Operation::Insert);
        assert_eq!(
            only_error(PAYMENT, payment("001D000000IqhSL"), Operation::Insert).message,
            "Invoice: id value of incorrect type: 001D000000IqhSL (that is the ID of an Account record; this field takes Invoice__c)"
        );
        // a lookup to the describe's own object uses the describe's key prefix
        let account = |parent: &str| json!({"Name": "Acme", "ParentId": parent});
        clean(ACCOUNT, account("001D000000IqhSL"), Operation::Insert);
        assert_eq!(
            only_error(ACCOUNT, account("a0Z000000000001"), Operation::Insert).message,
            "Parent Account ID: id value of incorrect type: a0Z000000000001 (IDs of Account records start with 001)"
        );
    }

    #[test]
    fn the_record_id_on_update_must_be_one_of_this_object() {
        assert_eq!(
            only_error(CONTACT, json!({"Id": "001D000000IqhSL"}), Operation::Update),
            error(
                "Id",
                ErrorCode::MalformedId,
                "Record ID: id value of incorrect type: 001D000000IqhSL (that is the ID of an Account record; this field takes Contact)"
            )
        );
        assert_eq!(
            only_error(INVOICE, json!({"Id": "a02000000000001"}), Operation::Update).message,
            "Record ID: id value of incorrect type: a02000000000001 (IDs of Invoice__c records start with a01)"
        );
        clean(INVOICE, json!({"Id": "a01000000000001"}), Operation::Update);
        assert_eq!(
            only_error(INVOICE, json!({"Id": 42}), Operation::Update).message,
            r#"Record ID: value not of required type: 42 (add {"convert": "text"} to this field's transforms)"#
        );
    }

    // --- required fields ------------------------------------------------------------------

    #[test]
    fn a_required_field_missing_fails_an_insert_and_warns_an_upsert() {
        let missing = error(
            "LastName",
            ErrorCode::RequiredFieldMissing,
            "Required fields are missing: [LastName]",
        );
        for record in [
            json!({"FirstName": "Joe"}),
            json!({"LastName": null}),
            json!({"lastname": ""}),
        ] {
            assert_eq!(
                check(CONTACT, record, Operation::Insert).errors,
                vec![missing.clone()]
            );
        }
        let out = check(CONTACT, json!({"FirstName": "Joe"}), Operation::Upsert);
        assert!(out.errors.is_empty());
        assert_eq!(
            out.warnings,
            vec![error(
                "LastName",
                ErrorCode::RequiredFieldMissing,
                "Required fields are missing: [LastName] (records that do not exist yet will fail to insert)"
            )]
        );
    }

    #[test]
    fn an_update_fails_only_when_it_clears_a_required_field() {
        let contact = id("003");
        clean(
            CONTACT,
            json!({"Id": contact, "FirstName": "Joe"}),
            Operation::Update,
        );
        assert_eq!(
            check(
                CONTACT,
                json!({"Id": contact, "LastName": null}),
                Operation::Update
            )
            .errors,
            vec![error(
                "LastName",
                ErrorCode::RequiredFieldMissing,
                "Required fields are missing: [LastName]"
            )]
        );
    }

    #[test]
    fn a_lookup_set_through_its_relationship_counts_as_present() {
        let out = check(PAYMENT, json!({}), Operation::Insert);
        let missing: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            missing,
            [
                "Required fields are missing: [Invoice__c]",
                "Required fields are missing: [Amount__c]"
            ]
        );
        let out = check(
            PAYMENT,
            json!({"Invoice__r": {"invoice_id__c": "INV-1"}}),
            Operation::Insert,
        );
        assert_eq!(
            out.errors,
            vec![error(
                "Amount__c",
                ErrorCode::RequiredFieldMissing,
                "Required fields are missing: [Amount__c]"
            )]
        );
        let out = check(
            PAYMENT,
            json!({"Invoice__r": null, "Amount__c": 1}),
            Operation::Insert,
        );
        assert_eq!(out.errors[0].field, "Invoice__c");
    }

    #[test]
    fn errors_come_in_record_key_order_then_required_fields() {
        let out = check(
            CONTACT,
            json!({"Nickname": "Joe", "Email": "li@", "Name": "Joe", "Birthdate": "04/07/1985"}),
            Operation::Insert,
        );
        let order: Vec<(&str, ErrorCode)> = out
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            order,
            [
                ("Nickname", ErrorCode::InvalidField),
                ("Email", ErrorCode::InvalidEmailAddress),
                ("Name", ErrorCode::InvalidFieldForInsertUpdate),
                ("Birthdate", ErrorCode::JsonParserError),
                ("LastName", ErrorCode::RequiredFieldMissing),
            ]
        );
    }

    #[test]
    fn the_sample_contacts_read_as_salesforce_would_answer_them() {
        // the third sample contact, mapped without transforms
        let record = json!({"FirstName": "Li", "LastName": "", "Email": "li@", "Phone": "555-0199",
                            "Birthdate": null, "Languages__c": "Klingon", "Score__c": "n/a",
                            "HasOptedOutOfEmail": "maybe", "Last_Seen__c": null});
        let codes: Vec<(String, ErrorCode)> = check(CONTACT, record, Operation::Insert)
            .errors
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("Email".to_string(), ErrorCode::InvalidEmailAddress),
                (
                    "Languages__c".to_string(),
                    ErrorCode::InvalidOrNullForRestrictedPicklist
                ),
                (
                    "Score__c".to_string(),
                    ErrorCode::InvalidTypeOnFieldInRecord
                ),
                (
                    "HasOptedOutOfEmail".to_string(),
                    ErrorCode::InvalidTypeOnFieldInRecord
                ),
                ("LastName".to_string(), ErrorCode::RequiredFieldMissing),
            ]
        );
    }

    #[test]
    fn a_checker_built_once_answers_like_check_record() {
        let d = describe(INVOICE);
        let checker = Checker::new(&d);
        for record in [
            json!({"Currency__c": "usd", "Amount__c": "1250.50"}),
            json!({"invoice_id__c": "INV-1", "Issued_On__c": "2024-06-01", "Paid__c": false}),
        ] {
            let record = record.as_object().unwrap();
            for op in [Operation::Insert, Operation::Update, Operation::Upsert] {
                assert_eq!(checker.check(record, op), check_record(&d, record, op));
            }
        }
    }

    // --- properties -----------------------------------------------------------------------

    fn flip_case(c: u8) -> u8 {
        if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        }
    }

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            ".{0,30}".prop_map(Value::String),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
                .prop_map(Value::String),
            "[0-9A-Za-z]{15,18}".prop_map(Value::String),
        ]
    }

    fn any_json() -> impl Strategy<Value = Value> {
        scalar().prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z_]{1,12}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn every_id18_is_a_valid_id(id15 in "[0-9A-Za-z]{15}") {
            let long = id18(&id15).unwrap();
            prop_assert!(is_valid_id(&long));
            prop_assert!(long.starts_with(&id15));
        }

        #[test]
        fn flipping_the_case_of_a_letter_changes_the_checksum(
            id15 in "[0-9A-Za-z]{14}[A-Za-z]",
            at in 0usize..15,
        ) {
            let bytes = id15.as_bytes();
            // the last character is a letter; flip the first letter at or after `at`
            let at = (at..15).find(|&i| bytes[i].is_ascii_alphabetic()).unwrap();
            let mut flipped = bytes.to_vec();
            flipped[at] = flip_case(flipped[at]);
            let flipped = String::from_utf8(flipped).unwrap();
            let (a, b) = (id18(&id15).unwrap(), id18(&flipped).unwrap());
            prop_assert_ne!(&a[15..], &b[15..]);
            let stale = format!("{flipped}{}", &a[15..]);
            prop_assert!(!is_valid_id(&stale));
        }

        #[test]
        fn every_calendar_date_is_accepted_and_no_other(
            year in 1700i16..=4000, month in 1i8..=12, day in 1i8..=31,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let real = jiff::civil::Date::new(year, month, day).is_ok();
            let out = check(CONTACT, contact_with("Birthdate", json!(text)), Operation::Insert);
            prop_assert_eq!(out.errors.is_empty(), real, "{}", text);
        }

        #[test]
        fn any_record_is_checked_without_panic_and_errors_name_its_fields(
            entries in prop::collection::vec(
                (prop::sample::select(vec![
                    "LastName", "lastname", "Email", "Birthdate", "Last_Seen__c", "Score__c",
                    "HasOptedOutOfEmail", "Languages__c", "Salutation", "AccountId", "Account",
                    "Id", "Name", "Nickname",
                ]), any_json()),
                0..6,
            ),
            op in prop::sample::select(vec![Operation::Insert, Operation::Update, Operation::Upsert]),
        ) {
            let record: Map<String, Value> =
                entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let d = describe(CONTACT);
            let out = check_record(&d, &record, op);
            for e in out.errors.iter().chain(&out.warnings) {
                prop_assert!(
                    record.contains_key(&e.field) || d.field(&e.field).is_some(),
                    "{:?}", e
                );
                prop_assert!(!e.message.is_empty());
            }
            prop_assert_eq!(out.clone(), check_record(&d, &record, op), "deterministic");
        }
    }
}
